"""Files for search engines: sitemap.xml and robots.txt."""

from pelican import signals

from .generator import SiteFilesGenerator


def get_generators(pelican):
    return SiteFilesGenerator


def register():
    signals.get_generators.connect(get_generators)
