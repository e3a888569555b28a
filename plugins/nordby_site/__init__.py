"""Files for search engines and old links: sitemap.xml, robots.txt and redirects from moved addresses."""

from pelican import signals

from .generator import SiteFilesGenerator
from .redirects import RedirectsGenerator, copy_moved_files


def get_generators(pelican):
    return [SiteFilesGenerator, RedirectsGenerator]


def register():
    signals.get_generators.connect(get_generators)
    signals.finalized.connect(copy_moved_files)
