"""House texts found too long for their page, remembered so that the next issue skips their layout.

The house pages print the site's own pages cut to 560, 420, ... words: the longest cut that fits
(generator._tail). The issues of a paper print the same house texts, so an issue need not lay out
again a cut that an issue before it found too long: it starts at the next one. Only a cut found
too long is skipped; the cut that is printed is always laid out and checked. The issues are laid
out in child processes, so what one finds is kept in the issue cache for the others (and the next
build), besides in this process.
"""

import hashlib
import json
from pathlib import Path

from .layout import ENV, page_setup
from .outputs import write_atomic

KEEP = 64  # keys kept in the file: a few per site and page size, the newest last
_FOUND = set()  # keys found too long by this process


def key(settings, pages, words):
    """What decides whether house texts fit: the page, the style sheet, the pages' markup, the site's
    pages printed (title, content, address) cut to `words` (not the issue: its number and period
    are printed in the page's margin, outside the text)."""
    sources = [ENV.loader.get_source(ENV, name)[0] for name in ("_style.css", "tail.html")]
    printed = [settings["NORDBYPOSTEN_SITE_ADDRESS"], settings.get("SITEURL", ""), pages, words]
    return hashlib.sha256(json.dumps([page_setup(settings), sources, printed]).encode()).hexdigest()


class TooLong:
    """The keys of house texts that did not fit on their pages."""

    def __init__(self, settings):
        folder = Path(settings["CACHE_PATH"]) / "nordbyposten"
        self.path = folder / "house-too-long.json" if settings["NORDBYPOSTEN_CACHE"] else None

    def _stored(self):
        try:
            stored = json.loads(self.path.read_text(encoding="utf-8")) if self.path else []
        except (OSError, ValueError):
            return []  # none yet, or cut off: the layouts tell again
        return stored if isinstance(stored, list) else []

    def __contains__(self, found):
        return found in _FOUND or found in self._stored()

    def add(self, found):
        _FOUND.add(found)
        if self.path:
            kept = [k for k in self._stored() if k != found][-(KEEP - 1) :]
            write_atomic(self.path, json.dumps([*kept, found]).encode())
