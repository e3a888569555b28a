"""The one set of content rules, shared by the build and `./dev check`.

Parse rules run while a file is read (a document that fails them cannot be
built at all). Document and site rules run once all content is read; other
plugins add their own with the `document_rule` and `site_rule` decorators.
"""

import os
import re
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from pelican.contents import Article
from pelican.utils import SafeDatetime

from .dates import build_date
from .options import SCHEMA
from .problems import ERROR, WARNING, Problem, ProblemLog, field_label, problem_at
from .registry import load_authors
from .suggest import closest, closest_file

ASK_EDITOR = "spørg redaktionen, hvis du ikke kan finde fejlen"
STATUSES = ("published", "draft", "hidden")
# Fields each kind of document must have, keyed by the setting listing its folders.
REQUIRED_FIELDS = {
    "ARTICLE_PATHS": ("title", "date", "author", "category"),
    "PAGE_PATHS": ("title",),
}
# Header fields we know; other plugins add theirs with declare_fields(), sites with NORDBY_EXTRA_FIELDS.
KNOWN_FIELDS = {
    "title", "date", "modified", "author", "authors", "category", "tags", "keywords", "summary",
    "slug", "status", "lang", "translation", "save_as", "url", "template",
    "image", "image_alt", "image_caption", "image_credit",
}  # fmt: skip
DOCUMENT_RULES = []
SITE_RULES = []
_CONTEXT_KEY = "_NORDBY_RULE_CONTEXT"


def declare_fields(*names):
    """Header fields a plugin reads ('Web_only'), so the checker does not call them unknown."""
    KNOWN_FIELDS.update(name.lower() for name in names)


def document_rule(func):
    """Register func(doc, ctx) -> problems, run for every article and page."""
    DOCUMENT_RULES.append(func)
    return func


def site_rule(func):
    """Register func(docs, ctx) -> problems, run once over all documents."""
    SITE_RULES.append(func)
    return func


@dataclass
class RuleContext:
    """What the rules need to know about one build: settings, registries, problems."""

    settings: dict
    log: ProblemLog = field(default_factory=ProblemLog)
    authors: dict = field(default_factory=dict)
    # Source paths (relative to content/) that the build turns into pages or copies.
    built_paths: set | None = None
    # Source paths (relative to content/) of drafts: built only in a preview.
    draft_paths: set = field(default_factory=set)

    @classmethod
    def of(cls, settings):
        """The context of the build these settings belong to (made on first use)."""
        if _CONTEXT_KEY not in settings:
            ctx = cls(settings)
            ctx.authors, problems = load_authors(settings)
            ctx.log.extend(problems)
            settings[_CONTEXT_KEY] = ctx
        return settings[_CONTEXT_KEY]

    @classmethod
    def reset(cls, settings):
        settings.pop(_CONTEXT_KEY, None)
        return cls.of(settings)

    @property
    def areas(self):
        return self.settings["NORDBY_AREAS"]

    @cached_property
    def _content_root(self):
        return os.path.abspath(self.settings["PATH"])

    @cached_property
    def _kind_folders(self):
        return [
            (setting, os.path.join(self._content_root, folder) + os.sep)
            for setting in REQUIRED_FIELDS
            for folder in self.settings.get(setting, [])
        ]

    def rel(self, path):
        """The path an editor would type: relative to the project folder."""
        # os.path, not Path.resolve(): this runs for every file and must not touch the disk.
        return os.path.relpath(os.path.abspath(path), os.path.dirname(self._content_root))

    def kind(self, path):
        """The setting whose folders hold this file (ARTICLE_PATHS, PAGE_PATHS, ...)."""
        path = os.path.abspath(path)
        return next((setting for setting, folder in self._kind_folders if path.startswith(folder)), None)

    def problem(self, doc, field_name, message, fix, severity=ERROR, *, line=1):
        """A problem located at the line where doc defines field_name (`line` if it does not)."""
        lines = getattr(doc, "field_lines", {})
        return problem_at(
            self.rel(doc.source_path), lines, field_name, message, fix, severity=severity, line=line
        )


def not_utf8(where, line):
    fix = "åbn filen i en teksteditor og gem den med tegnsættet UTF-8"
    return Problem(where, line, "", "Filen er ikke gemt som UTF-8, så æ, ø og å kan ikke læses.", fix)


def _bad_field(ctx, where, lines, name, value):
    if name == "date":
        message = f'Datoen "{value}" kan ikke læses.'
        fix = "skriv den som ÅÅÅÅ-MM-DD TT:MM, fx 2014-03-12 10:00"
    else:
        message = f'Værdien "{value}" kan ikke læses.'
        fix = ASK_EDITOR
    return problem_at(where, lines, name, message, fix)


def _missing_field(ctx, where, name):
    label = field_label(name)
    fixes = {
        "title": "skriv en linje 'Title: ...' øverst i filen",
        "date": "skriv en linje 'Date: 2014-03-12 10:00' øverst i filen",
        "author": "skriv en linje 'Author: ' med dit navn, som det står i "
        + ctx.settings["NORDBY_AUTHORS_FILE"],
        "category": "skriv en linje 'Category: ' med et af områderne: " + "; ".join(ctx.areas),
    }
    return Problem(where, 1, label, f"Feltet {label} mangler.", fixes.get(name, ASK_EDITOR))


def fill_placeholders(metadata, path, bad_fields):
    """Stand-ins for unreadable or missing fields, so Pelican keeps the document for the other rules.

    A document with parse problems is never written: they are errors, and errors stop the build.
    """
    if not metadata.get("title"):
        metadata["title"] = Path(path).stem
    if not metadata.get("date"):
        metadata["date"] = SafeDatetime(1970, 1, 1)  # never shown: the build stops first
    if metadata.get("status", "published") not in STATUSES:
        metadata["status"] = "draft"
    for name, _ in bad_fields:
        if name != "date" and metadata.get(name) is None:
            metadata.pop(name, None)


def parse_problems(ctx, path, metadata, bad_fields, lines):
    """Problems found while reading one file: unreadable or missing fields."""
    bad_names = {name for name, _ in bad_fields}
    required = REQUIRED_FIELDS.get(ctx.kind(path), ("title",))
    if metadata.get("status") == "draft":  # a submission gets its date when it is approved
        required = tuple(name for name in required if name != "date")
    missing = [name for name in required if name not in bad_names and not metadata.get(name)]
    status = metadata.get("status", "published")
    if not bad_fields and not missing and status in STATUSES:
        return []  # most files: their path need not be spelt out for a message
    where = ctx.rel(path)
    problems = [_bad_field(ctx, where, lines, name, value) for name, value in bad_fields]
    problems += [_missing_field(ctx, where, name) for name in missing]
    if status not in STATUSES:
        fix = "skriv 'Status: draft' for en kladde eller fjern linjen"
        problems.append(problem_at(where, lines, "status", f'Status "{status}" findes ikke.', fix))
    return problems


@document_rule
def known_area(doc, ctx):
    """An article's category must be one of the six areas of effort."""
    category = getattr(doc, "category", None)
    if isinstance(doc, Article) and category and category.name not in ctx.areas:
        fix = "brug et af områderne: " + "; ".join(ctx.areas)
        yield ctx.problem(doc, "category", f'Området "{category.name}" findes ikke.', fix)


@document_rule
def known_author(doc, ctx):
    """Every author of an article must be in the registry of citizen journalists."""
    if not isinstance(doc, Article):
        return
    for author in getattr(doc, "authors", []):
        if author.name not in ctx.authors:
            registry = ctx.settings["NORDBY_AUTHORS_FILE"]
            near = closest(author.name, ctx.authors)
            fix = f"skriv navnet præcis som i {registry}, eller tilføj personen dér"
            fix = f'mente du "{near}"? Ellers {fix}' if near else fix
            yield ctx.problem(doc, "author", f'Forfatteren "{author.name}" er ikke kendt.', fix)


@site_rule
def unique_slugs(docs, ctx):
    """Two articles (or two pages) with one slug would overwrite each other."""
    seen = defaultdict(list)
    for doc in docs:
        # A translation shares its original's slug (Pelican's `Lang:` model; nordby_languages checks them).
        if getattr(doc, "in_default_lang", True):
            seen[(type(doc), doc.slug)].append(doc)
    for (_, slug), unsorted in seen.items():
        same = sorted(unsorted, key=lambda d: d.source_path)  # report the same file every time
        for doc in same[1:]:
            other = ctx.rel(same[0].source_path)
            fix = f"giv den en anden 'Slug:', eller ret titlen, så den ikke ligner {other}"
            yield ctx.problem(doc, "slug", f'Adressen "{slug}" bruges også af {other}.', fix)


@document_rule
def internal_links_resolve(doc, ctx):
    """A {filename} or {static} link must point at a file under content/."""
    links = getattr(doc, "internal_links", [])
    if not links:  # most articles: resolve() below looks at every folder of the path on disk
        return
    content = Path(ctx.settings["PATH"]).resolve()
    folder = Path(doc.source_path).resolve().parent
    for line, target in links:
        base = content if target.startswith("/") else folder
        path = (base / target.lstrip("/")).resolve()
        built = ctx.built_paths is None or path.relative_to(content).as_posix() in ctx.built_paths
        if not (path.is_file() and path.is_relative_to(content) and built):
            fix = "ret stien, så den passer til en fil i content/, fx {filename}/nyheder/2014/navn.md"
            yield Problem(
                ctx.rel(doc.source_path),
                line,
                "",
                f'Linket til "{target}" peger på en fil, der ikke findes.',
                fix,
            )


@document_rule
def known_fields(doc, ctx):
    """A misspelt field ('Titel:') is silently ignored by Pelican; say so."""
    known = KNOWN_FIELDS | {name.lower() for name in ctx.settings.get("NORDBY_EXTRA_FIELDS", [])}
    fix = "ret stavningen; kendte felter er fx Title, Date, Author, Category, Tags, Summary, Slug, Image"
    for name, line in getattr(doc, "field_lines", {}).items():
        if name not in known:
            label = name.capitalize()
            message = f'Feltet "{label}" kendes ikke.'
            yield Problem(ctx.rel(doc.source_path), line, label, message, fix, WARNING)


@document_rule
def removed_html_is_reported(doc, ctx):
    """Raw HTML outside the allowlist is removed from the page; the writer should know."""
    fix = "skriv teksten i Markdown i stedet; se guiden 'Bliv borgerjournalist'"
    for line, what in getattr(doc, "removed_html", []):
        yield Problem(ctx.rel(doc.source_path), line, "", f"HTML-koden {what} bliver fjernet.", fix, WARNING)


@document_rule
def headline_fits_print(doc, ctx):
    """A headline longer than NORDBY_HEADLINE_MAX_CHARS does not fit Nordbyposten's columns."""
    limit = ctx.settings.get("NORDBY_HEADLINE_MAX_CHARS", SCHEMA.defaults["NORDBY_HEADLINE_MAX_CHARS"])
    title = getattr(doc, "title", "")
    if isinstance(doc, Article) and len(title) > limit:
        message = f"Overskriften er {len(title)} tegn lang; i Nordbyposten er der plads til {limit}."
        yield ctx.problem(doc, "title", message, "gør overskriften kortere", WARNING)


@document_rule
def date_not_in_future(doc, ctx):
    """A date after the build date is almost always a typo (2041 for 2014)."""
    when = getattr(doc, "date", None)
    today = build_date(ctx.settings)
    if isinstance(doc, Article) and doc.status != "draft" and when and when.date() > today:
        message = f"Datoen {when:%Y-%m-%d} ligger efter i dag ({today:%Y-%m-%d})."
        fix = "tjek årstallet; artiklen vises med den dato, den har"
        yield ctx.problem(doc, "date", message, fix, WARNING)


_SAFE_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


@document_rule
def slug_is_safe(doc, ctx):
    """A slug becomes a folder name and a web address: small letters, digits and hyphens only."""
    slug = getattr(doc, "slug", "") or ""
    if not _SAFE_SLUG.fullmatch(slug):
        message = f'Adressen "{slug}" må kun have små bogstaver a-z, tal og bindestreger.'
        fix = "skriv fx 'Slug: loppemarked-i-vangdalen' (æ som ae, ø som oe, å som aa)"
        yield ctx.problem(doc, "slug", message, fix)


@document_rule
def image_exists(doc, ctx):
    """The photo in `Image:` must be a file under content/."""
    image = getattr(doc, "image", None)
    if image and not _content_file(ctx, image):
        message = f'Billedet "{image}" findes ikke.'
        near = closest_file(image, ctx.settings["PATH"])
        fix = (
            f"mente du {near}?"
            if near
            else "læg billedet i content/images/ og skriv stien derfra, fx images/2014/navn.jpg"
        )
        yield ctx.problem(doc, "image", message, fix)


@document_rule
def links_not_to_drafts(doc, ctx):
    """A published document must not link to a draft: the link would be dead on the site."""
    if doc.status == "draft":
        return
    for line, target in getattr(doc, "internal_links", []):
        if _link_source(ctx, doc, target) in ctx.draft_paths:
            message = f'Linket til "{target}" peger på en kladde, som ikke er udgivet.'
            fix = "godkend den anden artikel først (./dev approve SLUG), eller fjern linket"
            yield Problem(ctx.rel(doc.source_path), line, "", message, fix)


def _content_file(ctx, relative):
    content = Path(ctx.settings["PATH"]).resolve()
    path = (content / str(relative).lstrip("/")).resolve()
    return path.is_file() and path.is_relative_to(content)


def _link_source(ctx, doc, target):
    """The path relative to content/ that an internal link points at."""
    content = Path(ctx.settings["PATH"]).resolve()
    base = content if target.startswith("/") else Path(doc.source_path).resolve().parent
    path = (base / target.lstrip("/")).resolve()
    return path.relative_to(content).as_posix() if path.is_relative_to(content) else None


def _line_of(path, pattern):
    """The first line of a text file matching pattern (0 if none)."""
    for number, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), start=1):
        if re.search(pattern, line):
            return number
    return 0


def author_problems(ctx):
    """A photo named in the registry of citizen journalists must exist."""
    registry = Path(ctx.settings["PATH"]) / ctx.settings["NORDBY_AUTHORS_FILE"]
    fix = "læg fotoet i content/images/ og skriv stien derfra, eller fjern linjen 'foto:'"
    return [
        Problem(
            ctx.rel(registry),
            _line_of(registry, rf"^\s*foto\s*:.*{re.escape(a.photo)}"),
            "foto",
            f'Fotoet "{a.photo}" af {a.name} findes ikke.',
            fix,
        )
        for a in ctx.authors.values()
        if a.photo and not _content_file(ctx, a.photo)
    ]


# An SVG is a document: opened on its own, its script runs with our site's rights.
_SVG_ACTIVE = r"(?i)<script|\son[a-z]+\s*=|javascript:|<foreignobject"


@site_rule
def svg_without_script(docs, ctx):
    """Copied SVG files must not carry script or event handlers."""
    content = Path(ctx.settings["PATH"])
    for relative in sorted(ctx.built_paths or ()):
        if relative.lower().endswith(".svg"):
            line = _line_of(content / relative, _SVG_ACTIVE)
            if line:
                message = "SVG-filen indeholder script, som kan køre på vores website."
                fix = "gem billedet som JPEG eller PNG i stedet"
                yield Problem(ctx.rel(content / relative), line, "", message, fix)


def run_rules(docs, ctx):
    """Run every document and site rule; the problems land in ctx.log.

    A field that could not be read is reported once, where it was read: the rules' own
    problems with that field (an unknown area 'misc' for a missing Category) are left out.
    """
    for doc in docs:
        earlier = getattr(doc, "parse_problems", None) or []
        ctx.log.extend(earlier)  # again, for a document from Pelican's cache
        reported = {(p.path, p.field) for p in earlier}
        for rule in DOCUMENT_RULES:
            found = rule(doc, ctx)
            ctx.log.extend((p for p in found if (p.path, p.field) not in reported) if reported else found)
    for rule in SITE_RULES:
        ctx.log.extend(rule(docs, ctx))
    ctx.log.extend(author_problems(ctx))
    return ctx.log


__all__ = ["ERROR", "WARNING", "Problem", "RuleContext", "document_rule", "run_rules", "site_rule"]
