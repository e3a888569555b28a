"""The files of one issue: names, the input-hash cache, and checks on the finished layout."""

import hashlib
import json
import os
from dataclasses import asdict, dataclass, field
from pathlib import Path

from nordby_incremental.files import write_if_changed

from nordby_content.problems import ERROR, WARNING, Problem

from .render import Placed

HERE = Path(__file__).resolve().parent
FILES = {
    "print": "nordbyposten-{slug}-tryk.pdf",
    "web": "nordbyposten-{slug}.pdf",
    "booklet": "nordbyposten-{slug}-haefte.pdf",
    "cover": "forside-{slug}.png",
}
# Settings that choose what to build and when, never what an issue looks like.
PER_RUN = frozenset({"NORDBYPOSTEN_ONLY", "NORDBYPOSTEN_BACKGROUND"})


@dataclass
class Edition:
    """The finished files of one issue (bytes in memory until the build is known to be good)."""

    slug: str
    pages: int
    placed: list
    front_fits: bool = True
    data: dict = field(default_factory=dict)  # kind -> bytes
    fresh: bool = True
    pending: bool = False  # the previous edition, shown while the new one is laid out (background.py)

    def name(self, kind):
        return FILES[kind].format(slug=self.slug)


def code_version():
    """A hash of this plugin's code, templates and fonts: a new layout rebuilds every issue."""
    digest = hashlib.sha256()
    for path in sorted(HERE.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(path.name.encode() + path.read_bytes())
    return digest.hexdigest()


def input_key(html, settings, version):
    """Everything the PDFs depend on: the final HTML names every photo by content hash."""
    relevant = {k: v for k, v in settings.items() if k.startswith("NORDBYPOSTEN_") and k not in PER_RUN}
    digest = hashlib.sha256(version.encode())
    digest.update(json.dumps(relevant, sort_keys=True, default=str).encode())
    digest.update(placeless(html, settings).encode())
    return digest.hexdigest()


def _places(settings):
    """The folders the layout's HTML names by absolute path (photos, fonts, articles), and a name for each."""
    folders = {"content": settings["PATH"], "images": settings.get("IMAGES_CACHE_PATH"), "plugin": HERE}
    for name, folder in folders.items():
        if folder:
            for form in {str(Path(folder).resolve()), os.path.abspath(folder)}:
                yield Path(form).as_uri() + "/", f"{{{name}}}/"
                yield form + os.sep, f"{{{name}}}/"


def placeless(text, settings):
    """The text with these folders named, not located: a copy of the project elsewhere finds its issues
    in a cache laid out by another copy (the photos' names hold their content hash)."""
    for place, name in _places(settings):
        text = text.replace(place, name)
    return text


def placed_here(text, settings):
    """A path placeless() named, in this copy of the project."""
    for place, name in _places(settings):
        if text.startswith(name) and not place.startswith("file:"):
            return place + text.removeprefix(name)
    return text


def _cache_dir(settings, slug):
    return Path(settings["CACHE_PATH"]) / "nordbyposten" / slug


def load_cached(settings, slug, key):
    """The edition from an earlier build with the same inputs (key None: the latest one), or None."""
    folder = _cache_dir(settings, slug)
    try:
        meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if key not in (None, meta.get("key")) or not settings["NORDBYPOSTEN_CACHE"]:
        return None
    placed = [
        Placed(**{**p, "source": placed_here(p["source"] or "", settings), "pixels": tuple(p["pixels"])})
        for p in meta["placed"]
    ]
    edition = Edition(slug, meta["pages"], placed, meta.get("front_fits", True), fresh=False)
    for kind in FILES:
        path = folder / edition.name(kind)
        if not path.is_file():
            return None
        edition.data[kind] = path.read_bytes()
    return edition


def store_cached(settings, edition, key):
    """Keep the files for the next build; meta.json last, so a cut-off store is never used."""
    folder = _cache_dir(settings, edition.slug)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "meta.json").unlink(missing_ok=True)
    for kind, data in edition.data.items():
        write_atomic(folder / edition.name(kind), data)
    meta = {"key": key, "pages": edition.pages, "front_fits": edition.front_fits}
    meta["placed"] = [{**asdict(p), "source": placeless(p.source or "", settings)} for p in edition.placed]
    write_atomic(folder / "meta.json", json.dumps(meta).encode())


def write_atomic(path, data):
    """Write to a temporary name and rename: a reader never sees half a file (unchanged: not at all)."""
    write_if_changed(path, data)


def ppi_problems(ctx, issue_where, edition, settings):
    """Each photo under the warning limit (a warning) or the error limit (an error)."""
    warn, error = settings["NORDBYPOSTEN_MIN_PPI_WARNING"], settings["NORDBYPOSTEN_MIN_PPI_ERROR"]
    for p in edition.placed:
        if p.ppi >= warn:
            continue
        severity = ERROR if p.ppi < error else WARNING
        message = f'Billedet "{p.file}" på side {p.page} i nummer {edition.slug} har kun {p.ppi:.0f} ppi (mindst {warn}).'
        fix = "brug et billede med flere pixels, eller et mindre billede i artiklen"
        yield Problem(ctx.rel(p.source) if p.source else issue_where, 0, "Image", message, fix, severity)


def front_problem(issue_where, edition):
    """A cover story too long for the front page pushes the contents box to page 2."""
    if edition.front_fits:
        return None
    message = f"Forsiden af nummer {edition.slug} er for lang: 'I dette nummer' kommer ikke med på side 1."
    fix = "vælg en forsidehistorie med kortere overskrift og indledning (Summary:), eller færre artikler"
    return Problem(issue_where, 0, "Cover", message, fix)


def page_problem(issue_where, edition, settings):
    """An issue longer than NORDBYPOSTEN_MAX_PAGES cannot be printed."""
    most = settings["NORDBYPOSTEN_MAX_PAGES"]
    if edition.pages > most:
        message = (
            f"Nummeret fylder {edition.pages} sider, men der må højst være {most} (NORDBYPOSTEN_MAX_PAGES)."
        )
        fix = "tag artikler ud med 'Exclude:', eller hæv grænsen i pelicanconf.py"
        return Problem(issue_where, 0, "", message, fix)
    return None
