"""Translations the Pelican way: `Lang:` files beside their Danish originals, per-language pages."""

from pelican import signals

from . import rules  # noqa: F401 - registers the translation rules with nordby_content
from .documents import keep_lists_in_default_language
from .generator import LanguagesGenerator
from .page import install
from .settings import apply


def get_generators(pelican):
    return LanguagesGenerator


def register():
    signals.initialized.connect(apply)
    signals.generator_init.connect(install)
    signals.article_generator_pretaxonomy.connect(keep_lists_in_default_language)
    signals.page_generator_finalized.connect(keep_lists_in_default_language)
    signals.get_generators.connect(get_generators)
