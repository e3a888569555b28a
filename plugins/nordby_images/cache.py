"""The variant cache: keyed by the original's content hash and the settings that shape it.

Hashing every original on every build would read gigabytes, so the hash of a
file is remembered with its size and modification time and only recomputed
when either changes.
"""

import hashlib
import json
import logging
import os
from pathlib import Path

from nordby_content.files import write_atomic

logger = logging.getLogger(__name__)
HASHES_FILE = "hashes.json"


def file_hash(path):
    """SHA-256 of a file's bytes, read in blocks so memory stays flat."""
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        while block := f.read(1 << 20):
            digest.update(block)
    return digest.hexdigest()


class HashMemo:
    """Content hashes of originals, reused while size and mtime are unchanged."""

    def __init__(self, folder):
        self.path = Path(folder) / HASHES_FILE
        try:
            self.known = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            self.known = {}
        self.changed = False

    def hash(self, path, stat=None):
        stat = stat or os.stat(path)
        stamp = [stat.st_size, stat.st_mtime_ns]
        entry = self.known.get(str(path))
        if entry and entry[:2] == stamp:
            return entry[2]
        digest = file_hash(path)
        self.known[str(path)] = [*stamp, digest]
        self.changed = True
        return digest

    def save(self):
        if not self.changed:
            return
        # Forget files that are gone (copies built in temporary folders), so the file stays small.
        self.known = {path: entry for path, entry in self.known.items() if os.path.exists(path)}
        write_atomic(self.path, json.dumps(self.known))


def variant_key(content_hash, fingerprint):
    """The cache key of one original's variants under one set of settings."""
    return hashlib.sha256(f"{content_hash}\n{fingerprint}".encode()).hexdigest()


def entry_folder(cache_folder, key):
    return Path(cache_folder) / key[:2] / key
