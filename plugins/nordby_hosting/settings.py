"""The HOSTING_* settings, declared to the shared settings schema and checked once when the build starts."""

from nordby_content.settings import Schema, boolean, option, text, text_list


def _nonempty(value):
    return isinstance(value, str) and value != ""


SCHEMA = Schema(
    "HOSTING_",
    {
        "HOSTING_SEARCH_INDEX": boolean(
            True,
            "Build the Pagefind search index after every build (off: the search page falls back to links).",
        ),
        "HOSTING_SEARCH_LANGUAGE": option(
            "da",
            "Pagefind indexes the site in this language (stemming, UI texts).",
            _nonempty,
            "en sprogkode som 'da'",
        ),
        "HOSTING_SEARCH_URL": text("soeg/", "The search page; the header's search form sends ?q= here.", "/"),
        "HOSTING_SEARCH_SAVE_AS": text("soeg/index.html", "Where the search page is written.", ".html"),
        "HOSTING_PRECOMPRESS": text_list(
            ("html", "css", "js", "xml", "ics", "json", "svg", "txt"),
            "Text files also written as .gz, for nginx's gzip_static.",
            "en liste af filendelser uden punktum",
        ),
        "HOSTING_FINGERPRINT_DIRS": text_list(
            ("css", "js", "img"),
            "Theme folders whose files get a content-hash copy (site.<hash>.css) for long caching.",
            "en liste af mapper under theme/static",
        ),
    },
)
DEFAULTS = SCHEMA.defaults


def apply(pelican):
    """Fill in the defaults and stop the build on a bad setting (all named at once)."""
    SCHEMA.apply(pelican.settings)
