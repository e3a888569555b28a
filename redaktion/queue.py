"""The submissions the desk knows: reference, file, writer, state. Kept in the data folder."""

import json
import secrets
from datetime import datetime
from pathlib import Path

from .store import write_atomically

STATES = {
    "indsendt": "Indsendt",
    "redigeres": "Under redigering",
    "godkendt": "Godkendt",
    "afvist": "Afvist",
}


def _file(data):
    return Path(data) / "indsendelser.json"


def load(data):
    """{reference: entry}; call under the store lock when the result is written back."""
    try:
        return json.loads(_file(data).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}


def save(data, entries):
    # No indent: json's fast C encoder works only without one, and the file grows with every story.
    write_atomically(_file(data), json.dumps(entries, ensure_ascii=False, separators=(",", ":")))


def new_reference(entries, now):
    """A reference a resident can read aloud on the phone: date and four letters/digits."""
    while True:
        ref = f"{now:%Y%m%d}-{secrets.token_hex(2).upper()}"
        if ref not in entries:
            return ref


def entry(ref, path, title, name, contact, *, now, **extra):
    return {
        "ref": ref,
        "path": str(path),
        "title": title,
        "name": name,
        "contact": contact,
        "sent": now.isoformat(timespec="minutes"),
        "state": "indsendt",
        "note": "",
        **extra,
    }


def from_files(entries, folder, content, header_field):
    """Drafts in nyheder/indsendt/ that came another way (invoke new-article) join the queue."""
    known = {e["path"] for e in entries.values()}
    extra = {}
    for path in sorted(Path(folder).glob("*.md")):
        rel = path.relative_to(content).as_posix()
        if rel not in known:
            ref = f"fil-{path.stem}"
            sent = datetime.fromtimestamp(path.stat().st_mtime).isoformat(timespec="minutes")
            title, author = header_field(path, "title"), header_field(path, "author")
            extra[ref] = {**entry(ref, rel, title, author, "", now=datetime.now()), "sent": sent}
    return extra
