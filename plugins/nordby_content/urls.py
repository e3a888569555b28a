"""Document addresses filled in from only the fields their pattern names.

Pelican fills ARTICLE_URL, ARTICLE_SAVE_AS and the like from `url_format`: a copy of all of a
document's metadata plus its source path made relative (two `abspath` and a `relpath`), built
afresh each time a template asks for `article.url`, which a build of 2,000 articles does about
26,000 times. Handing the pattern a mapping that looks a field up only when the pattern names it
gives the same address, field for field, without that work.
"""

import datetime
from collections.abc import Mapping

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


def expand_settings(self, key, klass=None):
    """Pelican's Content._expand_settings, with the fields looked up as the pattern names them."""
    klass = klass or self.__class__.__name__
    return str(self.settings[f"{klass}_{key}".upper()]).format_map(UrlFields(self))


def use_lazy_url_fields():
    """Fill every document's URL patterns through UrlFields from here on."""
    pelican.contents.Content._expand_settings = expand_settings
