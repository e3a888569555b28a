"""What the previous build of one output folder rendered: for each page, its inputs' digest and file stat."""

import hashlib
import json
import logging
import os
from pathlib import Path

from nordby_content.files import write_atomic

logger = logging.getLogger(__name__)
VERSION = 1


def _stat(path):
    try:
        result = os.stat(path)
    except OSError:
        return None
    return [result.st_size, result.st_mtime_ns]


class Manifest:
    """Kept in the cache folder, one file per output folder (never published with the site)."""

    def __init__(self, cache_path, output_path):
        self.output = Path(output_path).resolve()
        name = hashlib.sha256(str(self.output).encode()).hexdigest()[:16]
        self.file = Path(cache_path) / "incremental" / f"{name}.json"
        self.previous = self._load()
        self.current = {}  # output name -> digest, for every page this build rendered or kept
        self._kept_stat = {}  # output name -> stat, of the pages found unchanged (not written again)

    def _load(self):
        try:
            data = json.loads(self.file.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        if data.get("version") != VERSION or data.get("output") != str(self.output):
            return {}
        return data.get("pages", {})

    def unchanged(self, name, digest):
        """True when the page was rendered from the same inputs and its file is as the build left it."""
        known = self.previous.get(name)
        if not known or known[0] != digest or _stat(self.output / name) != known[1]:
            return False
        self._kept_stat[name] = known[1]  # save() need not look at the file again
        return True

    def record(self, name, digest):
        self.current[name] = digest

    def stale(self):
        """Pages of the previous build that this build did not produce, still as that build left them."""
        for name, (_, stat) in self.previous.items():
            path = self.output / name
            if name not in self.current and stat is not None and _stat(path) == stat:
                yield path

    def save(self):
        """Write the manifest after a finished build (a failed build keeps the previous one)."""
        kept = self._kept_stat
        pages = {
            name: [digest, kept.get(name) or _stat(self.output / name)]
            for name, digest in self.current.items()
        }
        data = {"version": VERSION, "output": str(self.output), "pages": pages}
        write_atomic(self.file, json.dumps(data, separators=(",", ":")))
