"""The HOSTING_* settings: defaults in one place, checked once when the build starts."""

DEFAULTS = {
    # Build the Pagefind search index at the end of every build (off: the search page falls back to links).
    "HOSTING_SEARCH_INDEX": True,
    # Pagefind indexes the built site in this language (Danish stemming and UI texts).
    "HOSTING_SEARCH_LANGUAGE": "da",
    # Where the search page is written; the header's search form sends ?q= here.
    "HOSTING_SEARCH_URL": "soeg/",
    "HOSTING_SEARCH_SAVE_AS": "soeg/index.html",
    # Text files the build also writes as .gz, for nginx's gzip_static.
    "HOSTING_PRECOMPRESS": ("html", "css", "js", "xml", "ics", "json", "svg", "txt"),
    # Theme folders whose files get a content-hash copy (site.<hash>.css) for long caching.
    "HOSTING_FINGERPRINT_DIRS": ("css", "js", "img"),
}


def _is_str(value):
    return isinstance(value, str) and value != ""


def _is_str_list(value):
    return isinstance(value, (list, tuple)) and all(_is_str(v) for v in value)


CHECKS = {
    "HOSTING_SEARCH_INDEX": (lambda v: isinstance(v, bool), "True eller False"),
    "HOSTING_SEARCH_LANGUAGE": (_is_str, "en sprogkode som 'da'"),
    "HOSTING_SEARCH_URL": (lambda v: _is_str(v) and v.endswith("/"), "en adresse, der slutter med '/'"),
    "HOSTING_SEARCH_SAVE_AS": (
        lambda v: _is_str(v) and v.endswith(".html"),
        "et filnavn, der slutter med '.html'",
    ),
    "HOSTING_PRECOMPRESS": (_is_str_list, "en liste af filendelser uden punktum"),
    "HOSTING_FINGERPRINT_DIRS": (_is_str_list, "en liste af mapper under theme/static"),
}


def problems(settings):
    """Every bad HOSTING_* setting, each named with what it should be."""
    return [
        f"Indstillingen {name} er ugyldig: {settings[name]!r} — den skal være {want}."
        for name, (ok, want) in CHECKS.items()
        if not ok(settings[name])
    ]


def apply(pelican):
    """Fill in the defaults and stop the build on a bad setting (all named at once)."""
    for name, value in DEFAULTS.items():
        pelican.settings.setdefault(name, value)
    found = problems(pelican.settings)
    if found:
        raise SystemExit("\n".join(found))
