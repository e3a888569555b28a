"""Danish addresses: æ, ø and å become ae, oe and aa in every slug, as the writers' guide says.

Pelican turns a title into ASCII with Unidecode (ø -> o, å -> a) *before* it applies
SLUG_REGEX_SUBSTITUTIONS, so no setting can say "ø is oe". Its slugify is therefore wrapped
where Pelican calls it (documents and categories, authors and tags): the Danish letters are
written out first, and Unidecode handles every other language as before.
"""

from functools import lru_cache

import pelican.contents
import pelican.urlwrappers
from pelican.utils import slugify as pelican_slugify

DANISH = {"æ": "ae", "ø": "oe", "å": "aa", "Æ": "Ae", "Ø": "Oe", "Å": "Aa"}
_TABLE = str.maketrans(DANISH)


def transliterate(text):
    """'Børn, unge og familie' -> 'Boern, unge og familie'."""
    return str(text).translate(_TABLE)


def danish_slugify(value, regex_subs=(), preserve_case=False, use_unicode=False):
    """Pelican's slugify, with the Danish letters written out first."""
    subs = tuple(tuple(sub) for sub in regex_subs)
    return _slugify(transliterate(value), subs, preserve_case, use_unicode)


# Every document makes its own category, author and tags, and each slugifies its name: 10,000
# times for 2,000 articles, over a few dozen names.
@lru_cache(maxsize=4096)
def _slugify(value, regex_subs, preserve_case, use_unicode):
    return pelican_slugify(value, regex_subs=regex_subs, preserve_case=preserve_case, use_unicode=use_unicode)


def old_slug(value, settings, kind="SLUG"):
    """The slug Pelican made before (ø -> o): the address that now needs a redirect."""
    subs = settings.get(f"{kind}_REGEX_SUBSTITUTIONS", settings["SLUG_REGEX_SUBSTITUTIONS"])
    return pelican_slugify(
        value,
        regex_subs=subs,
        preserve_case=settings.get("SLUGIFY_PRESERVE_CASE", False),
        use_unicode=settings.get("SLUGIFY_USE_UNICODE", False),
    )


def use_danish_slugs():
    """Make every slug Pelican computes from here on a Danish one."""
    pelican.contents.slugify = danish_slugify
    pelican.urlwrappers.slugify = danish_slugify
