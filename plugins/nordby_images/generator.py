"""The images generator: finds every photo in the content, processes the new ones, publishes the variants."""

import logging
from dataclasses import dataclass
from pathlib import Path

from pelican.generators import Generator

from nordby_content.problems import ContentErrors, ProblemLog
from nordby_content.rules import RuleContext
from nordby_content.sanitize import parse_html
from nordby_content.suggest import closest_file

from .markup import LeadImage, figure, picture, split_credit
from .pipeline import Pipeline
from .process import MISSING
from .rules import photos_can_be_published

logger = logging.getLogger(__name__)
_PLACEHOLDERS = ("{static}", "{filename}", "{attach}")


@dataclass
class ImageRef:
    """One use of a photo in one document: the lead image or an <img> in the text."""

    target: str  # as the editor wrote it
    alt: str
    caption: str = ""
    credit: str = ""
    line: int = 0
    lead: bool = False
    path: Path | None = None
    error: tuple | None = None  # (message, fix) in Danish
    element: object = None


def strip_placeholder(target):
    for placeholder in _PLACEHOLDERS:
        if target.startswith(placeholder):
            return target[len(placeholder) :]
    return target


def resolve(target, doc_folder, content, lead):
    """The original's path inside content/, or a Danish (message, fix) saying why not."""
    bare = strip_placeholder(target.strip())
    if "://" in bare or bare.startswith("//"):
        return None, (
            "Billedet ligger på et andet website.",
            "gem billedet i content/images/ og brug stien dertil",
        )
    base = content if lead or bare.startswith("/") else doc_folder
    path = (base / bare.lstrip("/")).resolve()
    if not lead and bare == target.strip() and not path.exists():
        path = (content / bare).resolve()  # a plain "images/x.jpg" in the text, as in the Image field
    if not path.is_relative_to(content):
        return None, (
            "Billedet ligger uden for content/.",
            "læg billedet i content/images/ og skriv stien derfra",
        )
    if not path.is_file():
        near = closest_file(path.relative_to(content).as_posix(), content)
        fix = f"mente du {near}?" if near else "ret stien, så den peger på en fil i content/images/"
        return None, (MISSING, fix)
    return path, None


def lead_ref(doc):
    """The lead photo from the metadata (Image, Image_alt, Image_caption, Image_credit)."""
    meta = doc.metadata
    if not meta.get("image"):
        return None
    lines = getattr(doc, "field_lines", {})
    return ImageRef(
        target=str(meta["image"]),
        alt=str(meta.get("image_alt", "")).strip(),
        caption=str(meta.get("image_caption", "")).strip(),
        credit=str(meta.get("image_credit", "")).strip(),
        line=lines.get("image", 1),
        lead=True,
    )


def inline_refs(doc, soup):
    """Every local <img> in the text; the line comes from the reader's list of {static} links."""
    lines = {target: line for line, target in getattr(doc, "internal_links", [])}
    refs = []
    for img in soup.find_all("img"):
        target = img.get("src", "")
        if not target:  # the sanitiser removed a javascript:/data: source and warned about it
            img.decompose()
            continue
        caption, credit = split_credit(img.get("title", ""))
        line = lines.get(strip_placeholder(target), 0)
        refs.append(ImageRef(target, img.get("alt", "").strip(), caption, credit, line, element=img))
    return refs


def find_refs(doc, content_root):
    """Find and resolve the photos of one document; they are kept on it for the rules."""
    soup = parse_html(doc._content) if "<img" in (doc._content or "") else None
    refs = [r for r in [lead_ref(doc), *(inline_refs(doc, soup) if soup else [])] if r]
    folder = Path(doc.source_path).resolve().parent if refs else None  # resolve() stats each folder
    for ref in refs:
        ref.path, ref.error = resolve(ref.target, folder, content_root, ref.lead)
    doc.image_refs = refs
    doc.image_soup = soup
    # The images plugin checks these links itself; the shared link rule would call them missing.
    targets = {strip_placeholder(r.target) for r in refs}
    doc.internal_links = [(n, t) for n, t in getattr(doc, "internal_links", []) if t not in targets]
    return refs


def documents(context):
    """Every article and page that Pelican writes."""
    keys = ("articles", "drafts", "hidden_articles", "pages", "hidden_pages", "draft_pages")
    keys += ("article_translations", "page_translations")  # put there by nordby_languages
    return [doc for key in keys for doc in context.get(key, [])]


class ImagesGenerator(Generator):
    """Reads photo references from parsed content; writes web variants into output/."""

    def generate_context(self):
        s = self.settings
        self.content_root = Path(s["PATH"]).resolve()
        self.pipeline = Pipeline(s, self.content_root)
        docs = [(doc, self._refs(doc)) for doc in documents(self.context)]
        portraits = self._portraits = self._author_photos()
        photos = self.pipeline.start(
            {ref.path for _, refs in docs for ref in refs if ref.path and not ref.error}
            | set(portraits.values())
        )
        if self.settings.get("NORDBY_CHECK_ONLY"):  # the check reports next: it must know every failure
            photos.update(self.pipeline.finish())
        self.docs = docs
        for doc, refs in docs:
            self._attach(doc, refs, photos)
        self.context["author_photos"] = {
            name: picture(photos[path], f"Foto af {name}", "160px", lazy=False)
            for name, path in portraits.items()
            if not isinstance(photos.get(path), tuple)  # a broken one is reported by the rules
        }
        # Nordbyposten prints the original behind each web variant in an article's text.
        self.context["image_originals"] = {
            variant.path: photo.source
            for photo in photos.values()
            if not isinstance(photo, tuple)
            for variant in photo.variants
        }
        self._keep_originals_private()

    def finish(self):
        """Wait for the photos being processed; the problems of those that failed, at their documents."""
        failed = self.pipeline.finish()
        for name in [n for n, path in self._portraits.items() if path in failed]:
            del self.context["author_photos"][name]  # as a broken portrait is left out today
        ctx = RuleContext.of(self.settings)
        problems = []
        for doc, refs in self.docs:
            late = [ref for ref in refs if ref.path in failed and not ref.error]
            for ref in late:
                ref.error = failed[ref.path]
            if late:
                problems += photos_can_be_published(doc, ctx)
        return problems

    def _author_photos(self):
        """{name: original} for the citizen journalists' photos (`foto:` in the registry)."""
        authors = RuleContext.of(self.settings).authors
        found = {name: (self.content_root / a.photo).resolve() for name, a in authors.items() if a.photo}
        return {
            name: path
            for name, path in found.items()
            if path.is_file() and path.is_relative_to(self.content_root)
        }

    def _keep_originals_private(self):
        """Pelican copies every file a {static} link points at; an original must never be copied."""
        folder = self.settings["IMAGES_SOURCE_DIR"].strip("/") + "/"
        links = self.context.get("static_links", set())
        links -= {link for link in links if link.lstrip("/").startswith(folder)}

    def _refs(self, doc):
        return find_refs(doc, self.content_root)

    def _attach(self, doc, refs, photos):
        """Give the document its lead image and turn its <img> tags into <figure>/<picture>."""
        s = self.settings
        for ref in refs:
            if ref.path and not ref.error and isinstance(photos.get(ref.path), tuple):
                ref.error = photos[ref.path]
        usable = [r for r in refs if r.path and not r.error and r.alt]
        lead = next((r for r in usable if r.lead), None)
        if lead:
            doc.lead_image = LeadImage(
                photos[lead.path],
                lead.alt,
                lead.caption,
                lead.credit,
                s["IMAGES_SIZES"],
                s["IMAGES_LIST_SIZES"],
            )
        inline = [r for r in usable if not r.lead]
        for number, ref in enumerate(inline):
            self._replace(ref, photos[ref.path], lazy=bool(lead) or number > 0)
        if inline:
            doc._content = str(doc.image_soup)
        doc.image_soup = None

    def _replace(self, ref, photo, lazy):
        """A picture alone in its paragraph becomes a figure; one inside a sentence stays inline."""
        img, sizes = ref.element, self.settings["IMAGES_SIZES"]
        parent = img.parent
        alone = parent is not None and parent.name == "p" and not parent.get_text(strip=True)
        alone = alone and len(parent.find_all(True)) == 1
        if alone:
            html = figure(photo, ref.alt, caption=ref.caption, credit=ref.credit, sizes=sizes, lazy=lazy)
            parent.replace_with(parse_html(html))
        else:
            img.replace_with(parse_html(picture(photo, ref.alt, sizes, lazy)))

    def generate_output(self, writer):
        """Copy the variants from the cache into output/."""
        self.pipeline.publish(self.output_path)


def finish_photos(generators):
    """Before any file is written: wait for the photos still being processed; stop on any that failed."""
    log = ProblemLog()
    for gen in generators:
        if isinstance(gen, ImagesGenerator):
            log.extend(gen.finish())
    if log.errors:
        raise ContentErrors(log)
