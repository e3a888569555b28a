"""Pelican settings for the Bysekretariatet site in Randers Nordby (development)."""

import os

AUTHOR = "Bysekretariatet"
SITENAME = "Randers Nordby"
SITESUBTITLE = "Nyheder og aktiviteter fra Jennumparken, Vangdalen og Glarbjergvej-området"
# Links in pages stay root-relative in development so any local port works;
# feeds, canonical links and Open Graph need absolute addresses (FEED_DOMAIN).
SITEURL = ""
FEED_DOMAIN = os.environ.get("SITEURL", "http://localhost:8000")

PATH = "content"
OUTPUT_PATH = "output"
THEME = "theme"
TIMEZONE = "Europe/Copenhagen"
DEFAULT_LANG = "da"
DEFAULT_PAGINATION = 10
DEFAULT_ORPHANS = 2

ARTICLE_PATHS = ["nyheder"]
PAGE_PATHS = ["pages"]
# Photo originals in content/images are never copied: plugins/nordby_images publishes
# resized, metadata-free variants of them instead.
STATIC_PATHS = ["extra"]
IGNORE_FILES = [".#*", "*.swp", "*~"]

# Danish, directory-style URLs. Every paginated list lives in its own folder,
# so page 2 of author "x-1" can never overwrite the page of author "x-12".
ARTICLE_URL = "nyheder/{date:%Y}/{slug}/"
ARTICLE_SAVE_AS = "nyheder/{date:%Y}/{slug}/index.html"
DRAFT_URL = "kladder/{slug}/"
DRAFT_SAVE_AS = "kladder/{slug}/index.html"
PAGE_URL = "{slug}/"
PAGE_SAVE_AS = "{slug}/index.html"
CATEGORY_URL = "omraade/{slug}/"
CATEGORY_SAVE_AS = "omraade/{slug}/index.html"
CATEGORIES_URL = "omraader/"
CATEGORIES_SAVE_AS = "omraader/index.html"
AUTHOR_URL = "forfatter/{slug}/"
AUTHOR_SAVE_AS = "forfatter/{slug}/index.html"
AUTHORS_URL = "forfattere/"
AUTHORS_SAVE_AS = "forfattere/index.html"
TAG_URL = "emne/{slug}/"
TAG_SAVE_AS = "emne/{slug}/index.html"
TAGS_URL = "emner/"
TAGS_SAVE_AS = "emner/index.html"
ARCHIVES_URL = "arkiv/"
ARCHIVES_SAVE_AS = "arkiv/index.html"
# Translations (Pelican's `Lang:` model, plugins/nordby_languages) live under their language code.
ARTICLE_LANG_URL = "{lang}/nyheder/{date:%Y}/{slug}/"
ARTICLE_LANG_SAVE_AS = "{lang}/nyheder/{date:%Y}/{slug}/index.html"
PAGE_LANG_URL = "{lang}/{slug}/"
PAGE_LANG_SAVE_AS = "{lang}/{slug}/index.html"
DRAFT_LANG_URL = "kladder/{lang}/{slug}/"
DRAFT_LANG_SAVE_AS = "kladder/{lang}/{slug}/index.html"
DRAFT_PAGE_LANG_URL = "kladder/{lang}/sider/{slug}/"
DRAFT_PAGE_LANG_SAVE_AS = "kladder/{lang}/sider/{slug}/index.html"
YEAR_ARCHIVE_URL = "nyheder/{date:%Y}/"
YEAR_ARCHIVE_SAVE_AS = "nyheder/{date:%Y}/index.html"
PAGINATION_PATTERNS = (
    (1, "{url}", "{save_as}"),
    (2, "{base_name}/side/{number}/", "{base_name}/side/{number}/index.html"),
)
DIRECT_TEMPLATES = ["index", "categories", "authors", "tags", "archives", "404"]
PAGINATED_TEMPLATES = {"index": None, "tag": None, "category": None, "author": None, "period_archives": None}

# Pelican's own feed writer is off: plugins/nordby_feeds writes RSS and Atom with feedgen.
FEED_ALL_ATOM = None
FEED_ALL_RSS = None
CATEGORY_FEED_ATOM = None
CATEGORY_FEED_RSS = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
TAG_FEED_ATOM = None
TAG_FEED_RSS = None
TRANSLATION_FEED_ATOM = None
TRANSLATION_FEED_RSS = None

PLUGIN_PATHS = ["plugins"]
PLUGINS = [
    "nordby_content",
    # Right after the content model: it moves untranslated translations out of the Danish lists
    # before any other plugin reads them.
    "nordby_languages",
    # Early: the plugins after it write their files through its helpers, and it must finish
    # (remove pages whose content is gone) before nordby_hosting indexes the site.
    "nordby_incremental",
    "nordby_feeds",
    "nordby_site",
    # Before the calendar: new photos start processing in the background while it reads the activities.
    "nordby_images",
    "nordby_calendar",
]

# The site's languages (plugins/nordby_languages): Danish first; each with its name in its own
# script, its writing direction and, if its script needs a webfont, the stylesheet that loads it.
NORDBY_LANGUAGES = {
    "da": {"name": "Dansk", "dir": "ltr"},
    "ar": {"name": "العربية", "dir": "rtl", "css": "css/arabisk.css"},
    "so": {"name": "Soomaali", "dir": "ltr"},
    "en": {"name": "English", "dir": "ltr"},
}

# The six areas of effort of the social housing plan are the article categories.
NORDBY_AREAS = [
    "Uddannelse, beskæftigelse og erhverv",
    "Børn, unge og familie",
    "Beboernetværk, inddragelse og demokrati",
    "Sundhed",
    "Udsatte grupper",
    "Image og kommunikation",
]
NORDBY_CONTACT = {
    "name": "Bysekretariatet, ParkCafeen",
    "street": "Parkstien 4",
    "city": "8940 Randers NV",
    "email": "redaktion@example.dk",
}

MARKDOWN = {
    "extension_configs": {
        "markdown.extensions.extra": {},
        "markdown.extensions.smarty": {"smart_quotes": False},
    },
    "output_format": "html5",
}

# Reading is the slow part of a build; cache parsed content between builds.
CACHE_CONTENT = True
CONTENT_CACHING_LAYER = "generator"
LOAD_CONTENT_CACHE = True
CACHE_PATH = ".cache/pelican"
# Compressing the cache took longer than reading it uncompressed saves.
GZIP_CACHE = False

RELATIVE_URLS = False
DELETE_OUTPUT_DIRECTORY = False

# Pages linked from the main menu, in this order; the others are in the footer.
NORDBY_MENU_PAGES = ["om-bysekretariatet", "bliv-borgerjournalist", "nordbyposten", "kontakt"]
INDEX_URL = ""

# One Content-Security-Policy for the <meta> tag in the theme and for the web server's header:
# no inline script anywhere; 'wasm-unsafe-eval' is for the search index (Pagefind) only.
NORDBY_CSP = (
    "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self'; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'"
)

# Hosting (plugins/nordby_hosting): Danish search with Pagefind, hashed theme files, .gz copies.
PLUGINS += ["nordby_hosting"]
# Pagefind reads every built page, so indexing on every save would double a preview rebuild.
# Development builds leave the index alone: `./dev serve` builds it once when it starts and
# `invoke search-index` refreshes it; publishconf.py builds it with every published release.
HOSTING_SEARCH_INDEX = False
# The preview server ignores .gz files; publishconf.py writes them for nginx.
HOSTING_PRECOMPRESS = ()
# Every plugin declares its settings, their defaults and their meaning in its own schema
# (plugins/*/settings.py, plugins/nordby_content/options.py); set here only what differs.
# One cache for every build of this checkout (previews, checks, tests): entries are keyed by the
# original's content hash and these settings, so sharing them is safe.
IMAGES_CACHE_PATH = ".cache/images"
# "Upcoming" everywhere counts from the build date: NORDBY_BUILD_DATE=2026-12-01 in the
# environment (or here) makes a build reproducible; without it, the date is today in Randers.
# Nordbyposten (plugins/nordbyposten): the printed paper, three issues a year, built from the
# issue files in content/nordbyposten/.
PLUGINS += ["nordbyposten"]

# Last, because `invoke stats` reads what the other plugins computed once all content was read
# (receivers of one signal run in the order the plugins are listed).
PLUGINS += ["nordby_editorial"]
# Pelican builds on without a plugin that fails to import; ours stops instead (nordby_content).
NORDBY_REQUIRED_PLUGINS = list(PLUGINS)

# Visitor figures (plugins/nordby_visits: `./dev besoeg` every night, `invoke stats`); every VISITS_*
# default and its meaning is in plugins/nordby_visits/settings.py. The office's own networks
# (CIDR, e.g. "192.0.2.0/24") are left out of the count.
VISITS_OFFICE_NETWORKS = []
