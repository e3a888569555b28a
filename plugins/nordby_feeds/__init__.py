"""RSS 2.0 and Atom feeds of all articles and of each area, written with feedgen."""

from pelican import signals

from .generator import FeedsGenerator, apply_settings


def get_generators(pelican):
    return FeedsGenerator


def register():
    signals.initialized.connect(apply_settings)
    signals.get_generators.connect(get_generators)
