"""Hosting: Danish site search (Pagefind), fingerprinted theme files and precompressed output."""

from functools import partial

from pelican import signals

from . import settings
from .assets import asset_url
from .compress import precompress
from .generator import HostingGenerator
from .search import build_index, index_language


def configure(pelican):
    """Check the HOSTING_* settings and offer the `asset` filter to the templates."""
    settings.apply(pelican)
    pelican.settings.setdefault("JINJA_FILTERS", {})["asset"] = partial(asset_url, settings=pelican.settings)


def get_generators(pelican):
    return HostingGenerator


def finish_output(pelican):
    """Index, then compress: after every generator (Pelican runs its static copy last), so
    both see the whole site, including pages that later plugins' generators write."""
    s = pelican.settings
    if s["HOSTING_SEARCH_INDEX"]:
        build_index(pelican.output_path, index_language(s), s["CACHE_PATH"])
    precompress(pelican.output_path, s["HOSTING_PRECOMPRESS"])


def register():
    signals.initialized.connect(configure)
    signals.get_generators.connect(get_generators)
    signals.finalized.connect(finish_output)
