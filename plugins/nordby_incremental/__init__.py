"""Incremental builds: a page is rendered again only when something it shows has changed."""

from pelican import signals

from nordby_content.settings import Schema, boolean
from nordby_content.signals import while_waiting

from .carried import next_build
from .templates import compile_theme, keep_compiled
from .writer import IncrementalWriter

SCHEMA = Schema(
    "INCREMENTAL_",
    {
        "INCREMENTAL_WRITES": boolean(
            True, "Keep pages whose inputs are unchanged since the last build (False: render every page)."
        ),
    },
)


def apply_settings(pelican):
    SCHEMA.apply(pelican.settings)


def get_writer(pelican):
    return IncrementalWriter if pelican.settings["INCREMENTAL_WRITES"] else None


def share_context(generators):
    IncrementalWriter.shared_context = generators[0].context
    IncrementalWriter.generators = generators


def finish(pelican):
    writer = IncrementalWriter.current
    if writer is not None and writer.output_path == pelican.output_path:
        writer.finish()


def register():
    signals.initialized.connect(apply_settings)
    signals.initialized.connect(next_build)
    signals.generator_init.connect(keep_compiled)
    while_waiting.connect(compile_theme)
    signals.get_writer.connect(get_writer)
    signals.all_generators_finalized.connect(share_context)
    signals.finalized.connect(finish)
