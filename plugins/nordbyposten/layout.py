"""The printed paper as HTML: articles prepared for print, the main part and the house pages."""

from pathlib import Path
from urllib.parse import urlsplit

import segno
from babel.dates import format_date
from jinja2 import Environment, FileSystemLoader, select_autoescape
from nordby_incremental.carried import carried
from pelican.contents import Article
from PIL import Image

from nordby_content.sanitize import parse_html, plain_text
from nordby_images import printing as photos

from .cover import OPENING_WORDS, set_cover

HERE = Path(__file__).resolve().parent
ENV = Environment(loader=FileSystemLoader(HERE / "templates"), autoescape=select_autoescape(["html"]))
FONTS = HERE / "fonts"
LOCALE = "da_DK"


def period_name(issue):
    """'januar–april 2014'."""
    first = format_date(issue.start, "MMMM", locale=LOCALE)
    last = format_date(issue.end, "MMMM y", locale=LOCALE)
    return f"{first}–{last}"


def short_link(href):
    """'https://www.randers.dk/borger/' -> 'randers.dk/borger': short enough to type."""
    parts = urlsplit(href)
    host = parts.netloc.removeprefix("www.")
    path = parts.path.rstrip("/")
    return host + path if len(path) <= 30 else host


def _local_file(src, settings):
    """A site-relative image source as a file under content/ (WeasyPrint reads files)."""
    site = settings.get("SITEURL", "")
    path = src.removeprefix(site) if site and src.startswith(site) else src
    if path.startswith("/"):
        local = Path(settings["PATH"]).resolve() / path.lstrip("/")
        if local.is_file():
            return local.as_uri()
    return src


def _print_photo(img, original, settings, source):
    """An article's inline photo printed from its original, marked for the ppi check like lead photos."""
    version = photos.print_version(Path(settings["PATH"]) / original, settings)
    with Image.open(version) as opened:
        width, height = opened.size
    img["src"] = Path(version).resolve().as_uri()
    img["data-px"], img["data-file"], img["data-source"] = f"{width}x{height}", original, source
    for name in ("srcset", "sizes", "loading", "decoding"):
        img.attrs.pop(name, None)
    if img.parent is not None and img.parent.name == "picture":
        for alternative in img.parent.find_all("source"):
            alternative.decompose()  # WeasyPrint reads <img src> only


def print_body(html, anchors, settings, address, *, originals=None, source=""):
    """Links become 'se side N' or a short address in brackets; nothing is lost on paper.

    originals maps a web variant (billeder/...-960.<hash>.jpg) to its original under content/.
    """
    originals = originals or {}
    soup = parse_html(html)
    site = settings.get("SITEURL", "").rstrip("/")
    for link in soup.find_all("a", href=True):
        href = link["href"]
        local = href.removeprefix(site) if site and href.startswith(site + "/") else href
        if local.strip("/") in anchors:
            link["href"] = "#" + anchors[local.strip("/")]
            link["class"] = ["ref"]
        elif local.startswith(("http://", "https://")):
            link.insert_after(soup.new_string(f" ({short_link(href)})"))
        elif local.startswith("/"):
            # The production address, as a production build has it: the same paper (and the same
            # cache entry) whichever build lays it out, so a publish reuses what `./dev serve` set.
            # Also for a link to the build's own SITEURL, when that is not the printed address.
            link["href"] = address + local
            link.insert_after(soup.new_string(f" ({short_link(address + local)})"))
        elif href.startswith("mailto:") and href.removeprefix("mailto:") not in link.get_text():
            link.insert_after(soup.new_string(f" ({href.removeprefix('mailto:')})"))
    for img in soup.find_all("img", src=True):
        path = img["src"].removeprefix(site) if site else img["src"]
        if path.lstrip("/") in originals:
            _print_photo(img, originals[path.lstrip("/")], settings, source)
        else:
            img["src"] = _local_file(img["src"], settings)
    return str(soup)


def excerpt(html, url, words=320):
    """The first blocks of a page, up to about `words` words, ending on text, and where to read the rest.

    The address is added to the last paragraph: a line that only points to the web is no use on paper.
    """
    soup = parse_html(html)
    kept, count = [], 0
    blocks = soup.find_all(recursive=False)
    for block in blocks:
        count += len(block.get_text(" ").split())
        if kept and count > words:
            break
        kept.append(block)
    while len(kept) > 1 and kept[-1].name in {"h2", "h3", "h4"}:
        kept.pop()  # never a heading at the foot of the text
    if len(kept) < len(blocks):
        more = soup.new_tag("span", attrs={"class": "more"})
        more.string = f" Læs resten på {short_link(url)}."
        last = kept[-1] if kept[-1].name == "p" else (kept[-1].find_all("p") or [kept[-1]])[-1]
        last.append(more)
    return "".join(str(b) for b in kept)


# The text area's width: the page less its margins (_style.css).
TEXT_WIDTH_MM = {"A4": 210 - 2 * 14, "A5": 148 - 2 * 12}


def photo_fit(pixels, settings):
    """'wide' across the text area, or 'column': a portrait, or a photo too small to print wide.

    A photo printed wider than its pixels allow looks soft (and under 200 ppi stops the build);
    in one column the same pixels give three times the resolution.
    """
    inches = TEXT_WIDTH_MM[settings["NORDBYPOSTEN_PAGE_SIZE"]] / 25.4
    if pixels[1] > pixels[0] or pixels[0] / inches < settings["NORDBYPOSTEN_MIN_PPI_WARNING"]:
        return "column"
    return "wide"


def photo_of(doc, settings):
    """The lead photo of an article, as placed in print, or None."""
    image = getattr(doc, "image", None)
    if not image:
        return None
    original = Path(settings["PATH"]) / image
    version = photos.print_version(original, settings)
    with Image.open(version) as img:
        size = img.size
    return {
        "uri": Path(version).resolve().as_uri(),
        "file": image,
        "px": f"{size[0]}x{size[1]}",
        "fit": photo_fit(size, settings),
        "alt": getattr(doc, "image_alt", "") or "",
        "caption": getattr(doc, "image_caption", "") or "",
        "credit": getattr(doc, "image_credit", "") or "",
    }


def story(doc, anchors, settings, address, originals=None):
    """What the template needs of one article."""
    authors = [a.name for a in getattr(doc, "authors", [])]
    category = getattr(doc, "category", None)
    return {
        "id": anchors[doc.url.strip("/")] if getattr(doc, "url", None) else "a-" + doc.slug,
        "slug": doc.slug,
        "source": doc.source_path,
        "kicker": category.name if category else "",
        "title": doc.title,
        "standfirst": plain_text(getattr(doc, "summary", "") or ""),
        "byline": ", ".join(authors),
        "photo": photo_of(doc, settings),
        "body": print_body(
            doc.content, anchors, settings, address, originals=originals, source=doc.source_path
        ),
    }


@carried  # each build of the warm server asks again for the same addresses
def qr(url):
    """A QR code as an SVG data URI that WeasyPrint draws as vectors."""
    return segno.make(url, error="m").svg_data_uri(scale=4, border=0)


def page_setup(settings, web=False):
    """The CSS variables of the page: size, bleed, marks."""
    from .settings import PAGE_SIZES  # noqa: PLC0415

    width, height = PAGE_SIZES[settings["NORDBYPOSTEN_PAGE_SIZE"]]
    return {
        "width": width,
        "height": height,
        "small": settings["NORDBYPOSTEN_PAGE_SIZE"] == "A5",
        "bleed": 0 if web else settings["NORDBYPOSTEN_BLEED_MM"],
        "marks": "crop" if settings["NORDBYPOSTEN_CROP_MARKS"] and not web else "none",
        "fonts": FONTS.as_uri(),
        "proof": bool(settings.get("NORDBYPOSTEN_PROOF")) and settings.get("NORDBYPOSTEN_PROOF_MARK", True),
    }


def anchors_of(issue):
    """Site URL of every article in the issue -> its anchor in the paper."""
    return {a.url.strip("/"): "a-" + a.slug for a in issue.articles if getattr(a, "url", None)}


KORT_NYT_WORDS = 160


def kort_nyt(issue):
    """Short articles without a photo, not named by Cover: or Order:: printed as Kort nyt items."""
    named = {issue.cover_slug, *issue.order}
    return [
        a
        for a in issue.articles[1:]
        if isinstance(a, Article)
        and a.slug not in named
        and not getattr(a, "image", None)
        and "<img" not in a.content
        and len(plain_text(a.content).split()) <= KORT_NYT_WORDS
    ]


def main_html(issue, settings, calendar, address, originals=None, *, leave_out=(), opening=None):
    """Front page, editorial, articles and calendar: everything before the house pages.

    opening: words of the cover story on the front page (None: as many as the page size holds).
    """
    anchors = anchors_of(issue)
    stories = [
        story(a, anchors, settings, address, originals) for a in issue.articles if a.slug not in leave_out
    ]
    words = OPENING_WORDS[settings["NORDBYPOSTEN_PAGE_SIZE"]] if opening is None else opening
    return ENV.get_template("issue.html").render(
        issue=issue,
        period=period_name(issue),
        published=format_date(issue.published, "d. MMMM y", locale=LOCALE),
        cover=set_cover(stories[0], words),
        stories=stories,
        editorial=print_body(
            issue.editorial.content,
            anchors,
            settings,
            address,
            originals=originals,
            source=issue.editorial.source_path,
        ),
        calendar=calendar,
        page=page_setup(settings),
        address=address,
    )


def tail_html(issue, settings, fillers, first_page, *, address, context):
    """House pages that fill the paper to a multiple of four, then the back page."""
    site = address.rstrip("/")
    return ENV.get_template("tail.html").render(
        issue=issue,
        period=period_name(issue),
        fillers=fillers,
        first_page=first_page,
        page=page_setup(settings),
        address=short_link(site) or site,
        deadline=format_date(issue.next_deadline, "d. MMMM y", locale=LOCALE),
        contact=settings.get("NORDBY_CONTACT", {}),
        qr_site=qr(site + "/"),
        qr_calendar=qr(site + "/" + settings["NORDBYPOSTEN_CALENDAR_FEED"]),
        join=context.get("nordbyposten_join"),
    )
