"""Stable digests of what a template is given, so a page whose inputs are unchanged is not rendered again."""

import dataclasses
import hashlib
from datetime import date, datetime, time, timedelta, tzinfo
from functools import partial
from pathlib import PurePath
from types import ModuleType

from pelican.contents import Content
from pelican.paginator import Page, Paginator
from pelican.urlwrappers import URLWrapper

# Attributes of a document that never reach a page: the build's settings and context, the
# reader's notes for error messages (their line numbers move with every edit of the text),
# and the photo plugin's scratch objects.
SKIPPED_ATTRIBUTES = frozenset(
    {"settings", "_context", "_content", "metadata", "field_lines", "internal_links", "removed_html"}
    | {"image_refs", "image_soup"}
)
_SCALARS = str | int | float | bytes | None | date | time | timedelta | PurePath


class Unknown(Exception):
    """A value of a type with no stable digest: pages that are given it are always rendered."""


def text_digest(doc):
    """The digest of a document's text (its HTML body)."""
    return hashlib.blake2b((doc._content or "").encode(), digest_size=16).hexdigest()


class Fingerprints:
    """Digests for one build. Documents and lists are digested once: the same list of a category's
    articles is given to each of its pages, and a document is listed on many pages.

    The memo keeps every object it digested alive, so no other object can take over its id(),
    and relies on what generators share not changing once pages are being written.
    """

    def __init__(self):
        self._memo = {}  # id(obj) -> (obj, digest)

    def digest(self, value):
        digest = hashlib.blake2b(digest_size=16)
        self._walk(value, digest.update)
        return digest.hexdigest()

    def _remembered(self, value, make):
        known = self._memo.get(id(value))
        if known is None:
            self._memo[id(value)] = (value, "in progress")  # a translation lists its original
            known = (value, make(value))
            self._memo[id(value)] = known
        return known[1]

    def _walk(self, value, put):
        if isinstance(value, _SCALARS):
            put(
                f"{type(value).__name__}:{value.isoformat() if isinstance(value, datetime) else value!r};".encode()
            )
        elif isinstance(value, list | tuple | dict | set | frozenset | Content):
            put(f"<{self._remembered(value, self._container)}>".encode())
        else:
            self._walk_object(value, put)

    def _container(self, value):
        if isinstance(value, Content):
            return self._document(value)
        digest = hashlib.blake2b(digest_size=16)
        put = digest.update
        if isinstance(value, dict):
            put(b"dict")
            for key in sorted(value, key=repr):
                self._walk(key, put)
                try:
                    self._walk(value[key], put)
                except Unknown as exc:  # say where, so the plugin that put it there can be found
                    raise Unknown(f"{key}.{exc}") from None
        elif isinstance(value, set | frozenset):
            put(repr(sorted(self.digest(item) for item in value)).encode())
        else:
            put(type(value).__name__.encode())
            for item in value:
                self._walk(item, put)
        return digest.hexdigest()

    def _walk_object(self, value, put):
        if isinstance(value, tzinfo):
            put(f"tz:{value};".encode())
        elif isinstance(value, URLWrapper):
            put(repr((type(value).__name__, value.name, value.slug)).encode())
        elif isinstance(value, Page):
            put(repr(("page", value.number, value.base_name, value.url, value.save_as)).encode())
            self._walk(value.object_list, put)
        elif isinstance(value, Paginator):
            put(repr(("paginator", value.name, value.url, value.count, value.num_pages)).encode())
        elif hasattr(value, "__fingerprint__"):
            put(type(value).__qualname__.encode())
            self._walk(value.__fingerprint__(), put)
        elif dataclasses.is_dataclass(value) and not isinstance(value, type):
            put(type(value).__qualname__.encode())
            self._walk([getattr(value, f.name) for f in dataclasses.fields(value)], put)
        elif isinstance(value, partial) or (callable(value) and hasattr(value, "__qualname__")):
            func = value.func if isinstance(value, partial) else value  # functions, classes, cached functions
            put(f"code:{getattr(func, '__module__', '')}.{func.__qualname__};".encode())
        elif isinstance(value, ModuleType):
            put(f"module:{value.__name__};".encode())
        else:
            raise Unknown(type(value).__qualname__)

    def _document(self, doc):
        """What lists show of a document: everything but its text, unless the summary comes from it."""
        fields = {k: v for k, v in vars(doc).items() if k not in SKIPPED_ATTRIBUTES}
        if "summary" not in doc.metadata:
            fields["_summary_from_text"] = text_digest(doc)  # Pelican cuts the summary from the text
        return f"{doc.source_path}:{self.digest(fields)}"
