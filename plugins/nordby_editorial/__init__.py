"""The editorial workflow: drafts only in the preview, and the yearly figures."""

from pelican import signals

from .preview import apply_settings, get_generators


def register():
    # `./dev new-article` and `./dev approve` import this package: the figures (Babel, the visits)
    # are imported only when Pelican registers the plugin.
    from .stats import report_if_asked  # noqa: PLC0415

    signals.initialized.connect(apply_settings)
    signals.get_generators.connect(get_generators)
    signals.all_generators_finalized.connect(report_if_asked)
