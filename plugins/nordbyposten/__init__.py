"""Nordbyposten: each four-month issue of the local paper, laid out as print-ready PDFs."""

# The tasks import light modules of this package (editor, background) and its settings' defaults;
# WeasyPrint and the layout are imported only when Pelican registers the plugin, so a task that
# lays out no paper starts quickly.
from pelican import signals

from nordby_content.rules import declare_fields

from .settings import apply_settings

# An article's own say in print: 'Nordbyposten: nej' or 'Web_only: ja' (see issues.is_web_only).
declare_fields("Nordbyposten", "Web_only")


def register():
    from .generator import get_generators, lay_out_issues  # noqa: PLC0415 - see the note at the top

    signals.initialized.connect(apply_settings)
    signals.get_generators.connect(get_generators)
    signals.all_generators_finalized.connect(lay_out_issues)
