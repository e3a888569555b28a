"""Document addresses filled in from only the fields their pattern names.

Pelican fills ARTICLE_URL, ARTICLE_SAVE_AS and the like from `url_format`: a copy of all of a
document's metadata plus its source path made relative (two `abspath` and a `relpath`), built
afresh each time a template asks for `article.url`, which a build of 2,000 articles does about
26,000 times. Handing the pattern a mapping that looks a field up only when the pattern names it
gives the same address, field for field, without that work.
"""

import datetime
import re
from collections.abc import Mapping
from functools import lru_cache
from string import Formatter

import pelican.contents
from pelican.utils import path_to_url


def _date(doc):
    return doc.date if hasattr(doc, "date") else datetime.datetime.now()


def _path(doc):
    return path_to_url(doc.metadata.get("path", doc.get_relative_source_path()))


# The same values, worked out the same way, as in Pelican's Content.url_format.
_FIELDS = {
    "slug": lambda doc: getattr(doc, "slug", ""),
    "date": _date,
    "lang": lambda doc: getattr(doc, "lang", "en"),
    "category": lambda doc: doc.category.slug if hasattr(doc, "category") else "",
    "author": lambda doc: doc.author.slug if hasattr(doc, "author") else "",
    "path": _path,
}


class UrlFields(Mapping):
    """A document's `url_format`, each field worked out only when a pattern asks for it."""

    __slots__ = ("doc",)

    def __init__(self, doc):
        self.doc = doc

    def __getitem__(self, key):
        field = _FIELDS.get(key)
        return field(self.doc) if field else self.doc.metadata[key]

    def __iter__(self):
        return iter(self.doc.url_format)

    def __len__(self):
        return len(self.doc.url_format)


_FILLED = {}  # (pattern, its values spelt out) -> the address; asked for on every page that links it
_FILLED_MAX = 100_000
_PLAIN = (str, int, datetime.date)  # values whose type and spelling say all a pattern can show


def expand_settings(self, key, klass=None):
    """Pelican's Content._expand_settings, with the fields looked up as the pattern names them."""
    klass = klass or self.__class__.__name__
    pattern = str(self.settings[f"{klass}_{key}".upper()])
    fields = UrlFields(self)
    names = _names(pattern)
    values = [fields[name] for name in names or ()]
    if names is None or not all(isinstance(value, _PLAIN) for value in values):
        return pattern.format_map(fields)
    # Equal is not the same here: 2014-01-01 00:00+01:00 equals 2013-12-31 23:00+00:00 and their
    # years differ, so each value is keyed by its type and its own spelling (and time zone).
    key = (pattern, *(_spelt(value) for value in values))
    found = _FILLED.get(key)
    if found is None:  # Pelican's strftime behind '{date:%Y}' is what made asking again slow
        if len(_FILLED) >= _FILLED_MAX:
            _FILLED.clear()
        found = _FILLED[key] = pattern.format_map(dict(zip(names, values, strict=True)))
    return found


def _spelt(value):
    if isinstance(value, datetime.datetime):
        # Its own fields, fold and zone say all any format of it shows; isoformat() said the same,
        # but worked out the UTC offset each time (a third of asking for a remembered address).
        fields = (
            value.year,
            value.month,
            value.day,
            value.hour,
            value.minute,
            value.second,
            value.microsecond,
        )
        return type(value), fields, value.fold, value.tzinfo
    if isinstance(value, datetime.date):
        return type(value), value.isoformat()
    return type(value), value


@lru_cache(maxsize=256)
def _names(pattern):
    """The fields a pattern names ('date' for '{date:%Y}', 'author' for '{author.name}'); None for
    a pattern with a field inside a format ('{date:{fmt}}'), which is filled in each time."""
    parsed = list(Formatter().parse(pattern))
    if any("{" in (spec or "") for _, _, spec, _ in parsed):
        return None
    return tuple(dict.fromkeys(re.split(r"[.\[]", name, maxsplit=1)[0] for _, name, _, _ in parsed if name))


def use_lazy_url_fields():
    """Fill every document's URL patterns through UrlFields from here on."""
    pelican.contents.Content._expand_settings = expand_settings
