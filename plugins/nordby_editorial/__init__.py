"""The editorial workflow: drafts only in the preview, and the yearly figures."""

from pelican import signals

from .preview import apply_settings, get_generators
from .stats import report_if_asked


def register():
    signals.initialized.connect(apply_settings)
    signals.get_generators.connect(get_generators)
    signals.all_generators_finalized.connect(report_if_asked)
