"""New citizen journalists: added to forfattere.yml as waiting, accepted by an editor with one click."""

import copy
import re
from pathlib import Path

import yaml

from .store import write_atomically

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when present: the same rules, faster

PENDING = "afventer"


def registry(settings):
    return Path(settings["PATH"]) / settings["NORDBY_AUTHORS_FILE"]


_PARSED = {}  # (path, inode, mtime, size) -> items: the registry is parsed once per version


def _items(path):
    st = path.stat()
    key = (str(path), st.st_ino, st.st_mtime_ns, st.st_size)
    items = _PARSED.get(key)
    if items is None:  # threads may race here: each then parses once, and the last one is kept
        items = yaml.load(path.read_text(encoding="utf-8"), Loader=_LOADER) or []
        _PARSED.clear()
        _PARSED[key] = items
    return copy.deepcopy(items)


def names(settings):
    return {item.get("navn") for item in _items(registry(settings)) if isinstance(item, dict)}


def pending(settings):
    """Names waiting for an editor's approval, with what they told us."""
    return [item for item in _items(registry(settings)) if isinstance(item, dict) and item.get(PENDING)]


def add_pending(settings, name, contact):
    """Append a new writer, marked as waiting; the file's other lines stay exactly as they were."""
    path = registry(settings)
    item = {"navn": name, "bio": "", PENDING: True}
    item["email" if "@" in contact else "telefon"] = contact
    text = path.read_text(encoding="utf-8").rstrip("\n")
    addition = yaml.safe_dump([item], allow_unicode=True, sort_keys=False, width=1000)
    write_atomically(path, f"{text}\n\n{addition}")
    return path


def accept(settings, name):
    """Remove the waiting mark of one writer (the line 'afventer: true' in their entry)."""
    path = registry(settings)
    lines = path.read_text(encoding="utf-8").split("\n")
    current, kept = None, []
    for line in lines:
        if line.startswith("- "):
            current = None
        item = yaml.safe_load(line[2:]) if line.startswith("- navn:") else None
        if isinstance(item, dict):
            current = item.get("navn")
        if current == name and re.fullmatch(rf"\s+{PENDING}:\s*true\s*", line):
            continue
        kept.append(line)
    write_atomically(path, "\n".join(kept))
    return path
