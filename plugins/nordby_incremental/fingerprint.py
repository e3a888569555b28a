"""Stable digests of what a template is given, so a page whose inputs are unchanged is not rendered again."""

import dataclasses
import functools
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
_FAST = {str, int, float, bool, type(None)}  # exactly these types: their repr() says what they are
_CONTAINERS = {list, tuple, dict, set, frozenset}
_DIGESTED_ONCE = (Content, list, tuple, dict, set, frozenset)  # and their subclasses, e.g. defaultdict


_LONG = 32  # a list or dict longer than one page of a list: digested once, however many pages get it
_REPR, _WRAPPER, _ONCE, _SCALAR, _OBJECT = "repr", "wrapper", "once", "scalar", "object"
_HOW = {kind: _REPR for kind in _FAST}  # type -> how its values are digested, worked out once per type


def _classify(kind):
    if kind in _CONTAINERS or issubclass(kind, _DIGESTED_ONCE):
        how = _ONCE
    elif issubclass(kind, _SCALARS):
        how = _SCALAR
    elif issubclass(kind, URLWrapper):
        how = _WRAPPER
    else:
        how = _OBJECT
    _HOW[kind] = how
    return how


class Unknown(Exception):
    """A value of a type with no stable digest: pages that are given it are always rendered."""


def text_digest(doc):
    """The digest of a document's text (its HTML body)."""
    return hashlib.blake2b((doc._content or "").encode(), digest_size=16).hexdigest()


class Fingerprints:
    """Digests for one build. Documents and lists are digested once: the same list of a category's
    articles is given to each of its pages, and a document is listed on many pages.

    The memo keeps every object it digested alive, so no other object can take over its id(),
    and relies on what generators share not changing once pages are being written. Once the
    shared context is digested (`shared_done`), only documents and long lists are added to it (a
    tag's `dates` is given to each of the tag's pages): the short ones a single page is given (its
    slice of a list, its own context) would be kept alive for nothing, and at 10,000 articles they
    were a sixth of the build's memory.
    """

    def __init__(self):
        self._memo = {}  # id(obj) -> (obj, digest)
        self._remember_all = True

    def shared_done(self):
        """From now on remember only documents (and what was remembered before)."""
        self._remember_all = False

    def digest(self, value):
        parts = []
        self._walk(value, parts)
        return _hash(parts)

    def _walk(self, value, parts):
        kind = type(value)
        how = _HOW.get(kind) or _classify(kind)
        if how is _REPR:  # most values
            parts.append(repr(value))
        elif how is _WRAPPER:  # a category, tag or author: on nearly every document
            parts.append(repr((kind.__name__, value.name, value.slug)))
        elif how is _ONCE:
            known = self._memo.get(id(value))
            if known is None:
                remember = self._remember_all or isinstance(value, Content) or len(value) > _LONG
                known = self._remembered(value) if remember else None
            parts.append(known[1] if known else self._container(value))
        elif how is _SCALAR:
            parts.append(f"{kind.__name__}:{value.isoformat() if isinstance(value, datetime) else value!r}")
        else:
            self._walk_object(value, parts)

    def _remembered(self, value):
        self._memo[id(value)] = (value, "in progress")  # a translation lists its original
        try:
            known = (value, self._container(value))
        except Unknown:
            del self._memo[id(value)]  # so the next page given it fails (and renders) too
            raise
        self._memo[id(value)] = known
        return known

    def _container(self, value):
        if isinstance(value, Content):
            return self._document(value)
        parts = [type(value).__name__]
        if isinstance(value, dict):
            self._items(value, parts)
        elif isinstance(value, set | frozenset):
            parts += sorted(self.digest(item) for item in value)
        else:
            for item in value:
                self._walk_known(item, parts)
        return _hash(parts)

    def _walk_known(self, value, parts):
        """_walk, with the two commonest cases first: a value digested before (a listed document)
        and a plain one. Only an object the memo keeps alive can have an id found in it."""
        known = self._memo.get(id(value))
        if known is not None:
            parts.append(known[1])
        elif _HOW.get(type(value)) is _REPR:
            parts.append(repr(value))
        else:
            self._walk(value, parts)

    def _items(self, mapping, parts):
        for key in _sorted_keys(mapping):
            parts.append(repr(key))
            try:
                self._walk_known(mapping[key], parts)
            except Unknown as exc:  # say where, so the plugin that put it there can be found
                raise Unknown(f"{key}.{exc}") from None

    def _walk_object(self, value, parts):
        if isinstance(value, tzinfo):
            parts.append(f"tz:{value}")
        elif isinstance(value, URLWrapper):
            parts.append(repr((type(value).__name__, value.name, value.slug)))
        elif isinstance(value, Page):
            # Its slice of the list, its address and its neighbours follow from these, its paginator
            # and the pagination settings (in the site's digest): a list's pages need not walk it again.
            parts.append(repr(("page", value.full_name, value.base_url, value.number)))
            parts.append(self._paginator(value.paginator))
        elif isinstance(value, Paginator):
            parts.append(self._paginator(value))
        elif hasattr(value, "__fingerprint__"):
            parts.append(type(value).__qualname__)
            self._walk(value.__fingerprint__(), parts)
        elif _field_names(type(value)):
            parts.append(type(value).__qualname__)
            self._walk([getattr(value, name) for name in _field_names(type(value))], parts)
        elif isinstance(value, partial) or (callable(value) and hasattr(value, "__qualname__")):
            func = value.func if isinstance(value, partial) else value  # functions, classes, cached functions
            parts.append(f"code:{getattr(func, '__module__', '')}.{func.__qualname__}")
        elif isinstance(value, ModuleType):
            parts.append(f"module:{value.__name__}")
        else:
            raise Unknown(type(value).__qualname__)

    def _paginator(self, paginator):
        """The digest of a paginator with its whole list: once for every page of the list it cuts."""
        known = self._memo.get(id(paginator))
        if known is None:
            parts = [
                repr(("paginator", paginator.name, paginator.url, paginator.per_page, paginator.orphans))
            ]
            self._walk(paginator.object_list, parts)
            known = self._memo[id(paginator)] = (paginator, _hash(parts))
        return known[1]

    def _document(self, doc):
        """What lists show of a document: everything but its text, unless the summary comes from it."""
        fields = {k: v for k, v in vars(doc).items() if k not in SKIPPED_ATTRIBUTES}
        if fields.get("translations"):
            # Pelican links a document and its translations both ways. Walking that cycle made the
            # digest depend on where the walk entered it, so it differed between two builds of the
            # same content; each translation is named by what a page shows of it instead.
            fields["translations"] = sorted(
                (str(t.source_path), t.lang, t.url, t.title, t.status) for t in fields["translations"]
            )
        if "summary" not in doc.metadata:
            fields["_summary_from_text"] = text_digest(doc)  # Pelican cuts the summary from the text
        # Walked in place, not memoised: the dict is made for this digest only, and the memo would
        # keep one for every document alive until the build ends.
        parts = ["dict"]
        self._items(fields, parts)
        return f"{doc.source_path}:{_hash(parts)}"


def _sorted_keys(mapping):
    # Names sort as they are; keys of mixed types by their repr().
    return sorted(mapping) if all(type(key) is str for key in mapping) else sorted(mapping, key=repr)


@functools.cache
def _field_names(kind):
    """The field names of a dataclass type, else () (dataclasses.fields() took a third of a digest)."""
    return tuple(f.name for f in dataclasses.fields(kind)) if dataclasses.is_dataclass(kind) else ()


def _hash(parts):
    # The separator cannot occur in a repr() of a str (it would be escaped), so parts never run together.
    return hashlib.blake2b("\x00".join(parts).encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()
