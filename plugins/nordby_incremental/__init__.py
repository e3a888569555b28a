"""Incremental builds: a page is rendered again only when something it shows has changed."""

from pelican import signals

from .writer import IncrementalWriter

DEFAULTS = {
    # Keep pages whose inputs are unchanged since the last build into the same folder (False: render all).
    "INCREMENTAL_WRITES": True,
}


def apply_settings(pelican):
    for name, value in DEFAULTS.items():
        pelican.settings.setdefault(name, value)
    if not isinstance(pelican.settings["INCREMENTAL_WRITES"], bool):
        raise SystemExit("Indstillingen INCREMENTAL_WRITES skal være True eller False.")


def get_writer(pelican):
    return IncrementalWriter if pelican.settings["INCREMENTAL_WRITES"] else None


def share_context(generators):
    IncrementalWriter.shared_context = generators[0].context


def finish(pelican):
    writer = IncrementalWriter.current
    if writer is not None and writer.output_path == pelican.output_path:
        writer.finish()


def register():
    signals.initialized.connect(apply_settings)
    signals.get_writer.connect(get_writer)
    signals.all_generators_finalized.connect(share_context)
    signals.finalized.connect(finish)
