"""Nordbyposten: each four-month issue of the local paper, laid out as print-ready PDFs."""

from pelican import signals

from nordby_content.rules import declare_fields

from .generator import get_generators, lay_out_issues
from .settings import apply_settings

# An article's own say in print: 'Nordbyposten: nej' or 'Web_only: ja' (see issues.is_web_only).
declare_fields("Nordbyposten", "Web_only")


def register():
    signals.initialized.connect(apply_settings)
    signals.get_generators.connect(get_generators)
    signals.all_generators_finalized.connect(lay_out_issues)
