"""Tooling that writes a stable UID into activity files that have none (run by `invoke calendar-uids`)."""

import re
import uuid
from pathlib import Path

_UID_LINE = re.compile(r"^uid\s*:", re.IGNORECASE)


def header_end(lines):
    """Index of the first blank line, where the metadata header ends."""
    return next((i for i, line in enumerate(lines) if not line.strip()), len(lines))


def add_uid(path, domain):
    """Give one file a UID line at the end of its header; returns the UID, or None if it had one."""
    text = Path(path).read_text(encoding="utf-8")
    lines = text.split("\n")
    end = header_end(lines)
    if any(_UID_LINE.match(line) for line in lines[:end]):
        return None
    uid = f"{uuid.uuid4()}@{domain}"
    lines.insert(end, f"UID: {uid}")
    Path(path).write_text("\n".join(lines), encoding="utf-8")
    return uid


def add_missing_uids(folder, domain):
    """Every activity file under folder that got a new UID, as (path, uid) pairs."""
    added = []
    for path in sorted(Path(folder).rglob("*.md")):
        uid = add_uid(path, domain)
        if uid:
            added.append((path, uid))
    return added
