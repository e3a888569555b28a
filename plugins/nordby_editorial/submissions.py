"""Submissions as files: create a draft, find it by slug, approve it by editing its header."""

import re
from pathlib import Path

from pelican.utils import slugify

from nordby_content.files import write_atomic

_DANISH = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "Æ": "Ae", "Ø": "Oe", "Å": "Aa"})
DRAFT_BODY = (
    "Skriv din historie her. Start med det vigtigste: hvem, hvad, hvornår og hvor.\n\n"
    "Skriv korte afsnit med en tom linje imellem.\n"
)


def danish_slug(title):
    """'Loppemarked på Nørrebro' -> 'loppemarked-paa-noerrebro', as the guide tells writers."""
    return slugify(title.translate(_DANISH), regex_subs=[(r"[^\w\s-]", ""), (r"[-\s]+", "-")])


def draft_text(title, author, area, slug):
    """A correctly shaped submission: the header the checker expects, then a body to replace."""
    return f"Title: {title}\nAuthor: {author}\nCategory: {area}\nSlug: {slug}\nStatus: draft\n\n{DRAFT_BODY}"


def create_draft(folder, title, author, area):
    """Write a new draft into folder; never overwrites a file that is there (adds -2, -3 ...)."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    base = danish_slug(title) or "artikel"
    slug, number = base, 1
    while (folder / f"{slug}.md").exists():
        number += 1
        slug = f"{base}-{number}"
    path = folder / f"{slug}.md"
    with open(path, "x", encoding="utf-8") as handle:  # "x": fail rather than overwrite
        handle.write(draft_text(title, author, area, slug))
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


def find_by_slug(content, slug):
    """Every Markdown file under content whose slug is slug (more than one is a problem)."""
    return sorted(p for p in Path(content).rglob("*.md") if slug_of(p) == slug)


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


def approve(path, when):
    """Mark a submission published with the date `when` (a datetime)."""
    text = Path(path).read_text(encoding="utf-8")
    values = {"Date": f"{when:%Y-%m-%d %H:%M}", "Status": "published"}
    write_atomic(path, set_header(text, values))
