"""Nordbyposten: each four-month issue of the local paper, laid out as print-ready PDFs."""

from pelican import signals

from .generator import get_generators, lay_out_issues
from .settings import apply_settings


def register():
    signals.initialized.connect(apply_settings)
    signals.get_generators.connect(get_generators)
    signals.all_generators_finalized.connect(lay_out_issues)
