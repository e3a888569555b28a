"""Pelican's content cache, made to follow the settings of the build that uses it.

Pelican pickles each parsed document together with the settings of the build that read it, and
never checks them again. A document from the cache then computes its address and output file
from an older build's settings: after a normal build, a preview listed its drafts but wrote none;
after a preview, a normal build wrote the drafts into the development site. And a setting that
shapes what is read (how slugs are made, the Markdown extensions) would keep the old result.
"""

import contextlib
import ctypes
import hashlib
import json
import logging
from pathlib import Path

from .slugs import DANISH

logger = logging.getLogger(__name__)
DIGEST_FILE = "nordby-settings.digest"
# Settings that change from one run to the next without changing what a document is: the task
# flags (`-e`), where the output goes, and what the plugins derive from these at start-up.
PER_RUN = frozenset(
    {
        "EDITORIAL_PREVIEW", "EDITORIAL_STATS_YEAR", "EDITORIAL_STATS_CSV", "NORDBY_CHECK_ONLY",
        "NORDBYPOSTEN_ONLY", "NORDBYPOSTEN_BACKGROUND", "NORDBY_BUILD_DATE", "OUTPUT_PATH", "CACHE_PATH", "HOSTING_SEARCH_INDEX",
        "DELETE_OUTPUT_DIRECTORY", "LOAD_CONTENT_CACHE", "PORT", "BIND",
        "DRAFT_SAVE_AS", "DRAFT_LANG_SAVE_AS", "DRAFT_PAGE_SAVE_AS", "DRAFT_PAGE_LANG_SAVE_AS",
    }
)  # fmt: skip


def settings_digest(settings):
    """A digest of every setting that may shape a parsed document."""
    kept = {k: v for k, v in settings.items() if k.isupper() and not k.startswith("_") and k not in PER_RUN}
    kept["_slugs"] = DANISH  # documents cached before the slugs were Danish must be read again
    text = json.dumps(kept, sort_keys=True, default=_stable)
    return hashlib.blake2b(text.encode(), digest_size=16).hexdigest()


def _stable(value):
    """Functions and other objects by name: their repr() holds a memory address that changes each run."""
    if isinstance(value, set | frozenset | tuple):
        return sorted(map(repr, value))
    return getattr(value, "__qualname__", type(value).__qualname__)


def follow_settings(settings):
    """Read every document afresh when the settings that shape documents changed since the cache."""
    digest = settings_digest(settings)
    file = Path(settings["CACHE_PATH"]) / DIGEST_FILE
    try:
        cached = file.read_text(encoding="utf-8")
    except OSError:
        cached = None
    if cached != digest and settings.get("LOAD_CONTENT_CACHE"):
        logger.info("Indstillingerne er ændret siden sidst: alt indhold læses forfra.")
        settings["LOAD_CONTENT_CACHE"] = False
    settings["_NORDBY_SETTINGS_DIGEST"] = digest


def remember_settings(pelican):
    """After a finished build: the cache now holds documents read with these settings."""
    digest = pelican.settings.get("_NORDBY_SETTINGS_DIGEST")
    if digest and pelican.settings.get("CACHE_CONTENT"):
        from .files import write_atomic  # noqa: PLC0415 - small module, imported when used

        write_atomic(Path(pelican.settings["CACHE_PATH"]) / DIGEST_FILE, digest, sync=False)


def use_current_settings(generator):
    """Point every document of the generator, cached or not, at this build's settings."""
    for name in ("articles", "translations", "drafts", "drafts_translations", "hidden_articles",
                 "hidden_translations", "pages", "draft_pages", "hidden_pages",
                 "draft_translations", "hidden_translations"):  # fmt: skip
        for doc in getattr(generator, name, None) or ():
            doc.settings = generator.settings
            doc._content = _without_utf8_copy(doc._content)
    _return_freed_memory()


def _without_utf8_copy(text):
    """The same text as a new string object, when it has other letters than ASCII.

    Pelican has just pickled every document into its cache, and CPython's pickler leaves a UTF-8
    copy attached to each non-ASCII string it writes (PyUnicode_AsUTF8AndSize caches it), so the
    texts took twice their memory for the rest of the build: a quarter of plain Pelican's whole
    peak at 10,000 articles. The copy goes with the old string object."""
    if not isinstance(text, str) or text.isascii():
        return text
    return (text + " ")[:-1]


def _return_freed_memory():
    """Give the memory the content cache's pickling left behind back to the system (glibc only).

    The UTF-8 copies just dropped were large blocks from the C heap, spread among live ones, so the
    heap does not shrink by itself; and Python takes the small objects the page writers make next
    from arenas of its own, never from those holes. At 10,000 articles this is 28 MB of the peak."""
    with contextlib.suppress(OSError, AttributeError):  # another C library: nothing to give back this way
        ctypes.CDLL(None).malloc_trim(0)
