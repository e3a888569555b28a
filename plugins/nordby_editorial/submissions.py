"""Submissions as files: create a draft, find it by slug, approve it by editing its header."""

import os
import re
import tempfile
from pathlib import Path

from pelican.utils import slugify

from nordby_content.files import write_atomic
from nordby_content.slugs import transliterate

DRAFT_BODY = (
    "Skriv din historie her. Start med det vigtigste: hvem, hvad, hvornår og hvor.\n\n"
    "Skriv korte afsnit med en tom linje imellem.\n"
)


def danish_slug(title):
    """'Loppemarked på Nørrebro' -> 'loppemarked-paa-noerrebro', as the guide tells writers."""
    return slugify(transliterate(title), regex_subs=[(r"[^\w\s-]", ""), (r"[-\s]+", "-")])


def one_line(value):
    """A header value on one line: a line break in it would start a new header field."""
    return " ".join(str(value).split())


def draft_text(title, author, area, slug, *, body=DRAFT_BODY, extra=None):
    """A correctly shaped submission: the header the checker expects, then the body."""
    fields = {"Title": title, "Author": author, "Category": area, "Slug": slug, "Status": "draft"}
    fields.update(extra or {})
    header = "".join(f"{name}: {one_line(value)}\n" for name, value in fields.items() if value)
    return f"{header}\n{body.strip()}\n"


def create_draft(folder, title, author, area, *, body=DRAFT_BODY, extra=None, lang="", slug=""):
    """Write a new draft into folder; never overwrites a file that is there (adds -2, -3 ...).

    The file appears whole or not at all: it is written under a temporary name and then
    hard-linked to its own name, which fails instead of overwriting a file written meanwhile.
    A draft in another language (`lang`, e.g. "ar") is a translation: it takes the slug of its Danish
    original when given one, and its file name ends in .ar.md, so it sits beside that original.
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    base = slug or danish_slug(title) or "artikel"  # Arabic letters become a-z (unidecode)
    suffix = f".{lang}.md" if lang else ".md"
    if lang:
        extra = {**(extra or {}), "Lang": lang}
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=".#", suffix=".tmp")  # .#*: Pelican ignores it
    try:
        os.close(fd)
        for number in range(1, 10_000):
            slug = base if number == 1 else f"{base}-{number}"
            path = folder / f"{slug}{suffix}"
            Path(tmp).write_text(
                draft_text(title, author, area, slug, body=body, extra=extra), encoding="utf-8"
            )
            try:
                os.link(tmp, path)
                return path
            except FileExistsError:
                continue
        raise FileExistsError(f"{folder}/{base}-*{suffix}")
    finally:
        Path(tmp).unlink(missing_ok=True)


def header_end(lines):
    """Index of the first blank line: the header is everything before it."""
    return next((i for i, line in enumerate(lines) if not line.strip()), len(lines))


def header_field(path, name, default=""):
    """One field of a Markdown file's header, as written."""
    lines = Path(path).read_text(encoding="utf-8").splitlines()
    pattern = re.compile(rf"^{name}\s*:\s*(.*?)\s*$", re.IGNORECASE)
    for line in lines[: header_end(lines)]:
        match = pattern.match(line)
        if match:
            return match.group(1)
    return default


def slug_of(path):
    """The Slug: of a Markdown file, or its file name without .md."""
    return header_field(path, "slug") or Path(path).stem


def lang_of(path, default="da"):
    """The Lang: of a Markdown file (a translation), or the site's default language."""
    return header_field(path, "lang") or default


def find_by_slug(content, slug, lang=None):
    """Every Markdown file under content whose slug is slug (in language `lang`, when given).

    An original and its translations share a slug; more than one file in one language is a problem."""
    found = sorted(p for p in Path(content).rglob("*.md") if slug_of(p) == slug)
    return [p for p in found if lang_of(p) == lang] if lang else found


def set_header(text, values):
    """The text with these header fields set (replaced where present, else added); body untouched."""
    lines = text.split("\n")
    end = header_end(lines)
    header, body = lines[:end], lines[end:]
    for name, value in values.items():
        pattern = re.compile(rf"^{name}\s*:", re.IGNORECASE)
        new = f"{name}: {value}"
        found = [i for i, line in enumerate(header) if pattern.match(line)]
        if found:
            header[found[0]] = new
        else:
            header.append(new)
    return "\n".join(header + body)


def approve(path, when, submissions_folder=None):
    """Mark a submission published with the date `when` (a datetime); returns its new path.

    A submission waiting in submissions_folder (nyheder/indsendt/) moves to the year's
    folder beside it (nyheder/ÅÅÅÅ/), where the published articles are.
    """
    path = Path(path)
    text = set_header(
        path.read_text(encoding="utf-8"), {"Date": f"{when:%Y-%m-%d %H:%M}", "Status": "published"}
    )
    waiting = submissions_folder and path.parent.resolve() == Path(submissions_folder).resolve()
    if not waiting:
        write_atomic(path, text)
        return path
    target = path.parent.parent / f"{when:%Y}" / path.name
    target.parent.mkdir(parents=True, exist_ok=True)
    if target.exists():
        raise FileExistsError(target)
    write_atomic(path, text)  # a crash after this leaves an approved file, never a half one
    os.rename(path, target)
    return target
