"""Submissions as files: create a draft, find it by slug, approve it by editing its header."""

import os
import re
import tempfile
from pathlib import Path

from pelican.utils import slugify

_DANISH = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "Æ": "Ae", "Ø": "Oe", "Å": "Aa"})
DRAFT_BODY = (
    "Skriv din historie her. Start med det vigtigste: hvem, hvad, hvornår og hvor.\n\n"
    "Skriv korte afsnit med en tom linje imellem.\n"
)


def danish_slug(title):
    """'Loppemarked på Nørrebro' -> 'loppemarked-paa-noerrebro', as the guide tells writers."""
    return slugify(title.translate(_DANISH), regex_subs=[(r"[^\w\s-]", ""), (r"[-\s]+", "-")])


def draft_text(title, author, area, slug, lang=""):
    """A correctly shaped submission: the header the checker expects, then a body to replace."""
    language = f"Lang: {lang}\n" if lang else ""
    return f"Title: {title}\nAuthor: {author}\nCategory: {area}\nSlug: {slug}\n{language}Status: draft\n\n{DRAFT_BODY}"


def create_draft(folder, title, author, area, *, lang="", slug=""):
    """Write a new draft into folder; never overwrites a file that is there (adds -2, -3 ...).

    A draft in another language (`lang`, e.g. "ar") is a translation: it takes the slug of its Danish
    original when given one, and its file name ends in .ar.md, so it sits beside that original."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    base = slug or danish_slug(title) or "artikel"  # Arabic letters become a-z (unidecode)
    suffix = f".{lang}.md" if lang else ".md"
    slug, number = base, 1
    while (folder / f"{slug}{suffix}").exists():
        number += 1
        slug = f"{base}-{number}"
    path = folder / f"{slug}{suffix}"
    with open(path, "x", encoding="utf-8") as handle:  # "x": fail rather than overwrite
        handle.write(draft_text(title, author, area, slug, lang))
    return path


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


def write_atomically(path, text):
    """Replace path in one step: readers (and a running build) see the old or the new file."""
    path = Path(path)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
        os.chmod(tmp, path.stat().st_mode & 0o777)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def approve(path, when):
    """Mark a submission published with the date `when` (a datetime)."""
    text = Path(path).read_text(encoding="utf-8")
    values = {"Date": f"{when:%Y-%m-%d %H:%M}", "Status": "published"}
    write_atomically(path, set_header(text, values))
