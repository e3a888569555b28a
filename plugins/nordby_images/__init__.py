"""Photos: responsive, private and print-ready images from contributors' originals."""

from pelican import signals

from . import rules  # noqa: F401 - registers the photo rules with the shared rule set
from .generator import ImagesGenerator
from .printing import effective_ppi, print_version
from .settings import apply_settings

__all__ = ["effective_ppi", "print_version"]


def check_settings(pelican):
    apply_settings(pelican.settings)


def get_generators(pelican):
    return ImagesGenerator


def register():
    signals.initialized.connect(check_settings)
    signals.get_generators.connect(get_generators)
