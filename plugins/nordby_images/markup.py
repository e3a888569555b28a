"""Processed photos and their HTML: <picture> with srcset and sizes, <figure> with caption and credit."""

import re
from dataclasses import dataclass, field
from pathlib import Path

from markupsafe import Markup, escape

MIME = {"webp": "image/webp", "jpeg": "image/jpeg"}
_CREDIT = re.compile(r"^(?P<caption>.*?)[\s|–-]*\bFoto:\s*(?P<credit>[^|]+?)\s*$", re.DOTALL)


@dataclass(frozen=True)
class Variant:
    """One published file: its site path (under output/), size and format."""

    path: str
    width: int
    height: int
    format: str
    bytes: int | None  # None while the build is still making it (pipeline.Pipeline.start)
    cached: str  # the file in the cache that is copied to `path`

    def __fingerprint__(self):
        """What a page shows of it (plugins/nordby_incremental compares it between builds): not its
        size in bytes, which a first build does not know yet when it writes the pages; with it, the
        build after a first build wrote every page again."""
        return [self.path, self.width, self.height, self.format, self.cached]


@dataclass
class Photo:
    """One original, processed: its upright size and every published variant."""

    source: str  # relative to content/, e.g. images/2014/babycafe.jpg
    original: Path
    width: int
    height: int
    variants: list = field(default_factory=list)
    og: Variant | None = None
    siteurl: str = ""

    def url(self, variant):
        return f"{self.siteurl}/{variant.path}"

    def srcset(self, fmt):
        return ", ".join(f"{self.url(v)} {v.width}w" for v in self.variants if v.format == fmt)

    def fallback(self):
        """The JPEG that browsers without srcset load: the middle size is a fair guess."""
        jpegs = [v for v in self.variants if v.format == "jpeg"]
        return jpegs[len(jpegs) // 2]

    @property
    def largest(self):
        return max(self.variants, key=lambda v: v.width)


def split_credit(title):
    """'Kaffe i ParkCafeen. Foto: Amira Hassan' -> ('Kaffe i ParkCafeen.', 'Amira Hassan')."""
    match = _CREDIT.match(title or "")
    if not match:
        return (title or "").strip(), ""
    return match["caption"].strip(), match["credit"].strip()


def picture(photo, alt, sizes, lazy=True):
    """<picture>: a <source> per modern format, and an <img> with width and height (no layout shift)."""
    fallback = photo.fallback()
    formats = [v.format for v in photo.variants]
    sources = "".join(
        f'<source type="{MIME[fmt]}" srcset="{escape(photo.srcset(fmt))}" sizes="{escape(sizes)}">'
        for fmt in dict.fromkeys(formats)
        if fmt != "jpeg"
    )
    loading = ' loading="lazy"' if lazy else ""
    img = (
        f'<img src="{escape(photo.url(fallback))}" srcset="{escape(photo.srcset("jpeg"))}" '
        f'sizes="{escape(sizes)}" width="{photo.largest.width}" height="{photo.largest.height}" '
        f'alt="{escape(alt)}" decoding="async"{loading}>'
    )
    return Markup(f"<picture>{sources}{img}</picture>")


def caption_html(caption, credit):
    if not (caption or credit):
        return ""
    credit_html = f' <span class="credit">Foto: {escape(credit)}</span>' if credit else ""
    return f"<figcaption>{escape(caption)}{credit_html}</figcaption>"


def figure(photo, alt, *, caption="", credit="", sizes="", lazy=True, css_class="photo"):
    """<figure> around the picture, with the caption and "Foto: name" when given."""
    return Markup(
        f'<figure class="{css_class}">{picture(photo, alt, sizes, lazy)}{caption_html(caption, credit)}</figure>'
    )


@dataclass
class LeadImage:
    """An article's lead photo with the words the editor gave it; templates and feeds use this."""

    photo: Photo
    alt: str
    caption: str = ""
    credit: str = ""
    sizes: str = ""
    list_sizes: str = ""

    def figure(self, lazy=False):
        """The lead photo on the article page: the first image, so not lazy."""
        return figure(
            self.photo,
            self.alt,
            caption=self.caption,
            credit=self.credit,
            sizes=self.sizes,
            lazy=lazy,
            css_class="photo lead",
        )

    def thumbnail(self, lazy=True):
        """The photo in a list of articles; the caption stays on the article page."""
        return picture(self.photo, self.alt, self.list_sizes, lazy)

    @property
    def og_path(self):
        """The 1200×630 crop for link previews, relative to the site root."""
        return self.photo.og.path

    @property
    def og(self):
        return self.photo.og

    @property
    def feed_variant(self):
        """A JPEG every feed reader shows: the middle web size."""
        return self.photo.fallback()

    @property
    def original(self):
        """The contributor's original, for the print edition (see print_version)."""
        return self.photo.original
