"""Photos: responsive, private and print-ready images from contributors' originals."""

# Worker processes import this package to reach process.py, so importing it stays light
# (Pillow only); Pelican, the generator and the rules are imported when Pelican registers it.
from .printing import effective_ppi, print_version
from .settings import apply_settings

__all__ = ["effective_ppi", "print_version"]


def check_settings(pelican):
    apply_settings(pelican.settings)
    from pelican import signals  # noqa: PLC0415 - see the note at the top

    from .generator import finish_photos  # noqa: PLC0415
    from .pipeline import warm_up  # noqa: PLC0415

    warm_up(pelican.settings)  # a first build: the photo workers start while the content is read

    # Connected now, once every plugin has registered, so it runs after all their receivers:
    # Nordbyposten lays out its issues while the photos are processed (connecting twice is once).
    signals.all_generators_finalized.connect(finish_photos)


def get_generators(pelican):
    from .generator import ImagesGenerator  # noqa: PLC0415 - see the note at the top

    return ImagesGenerator


def register():
    from pelican import signals  # noqa: PLC0415 - see the note at the top

    from nordby_content.signals import build_stopped  # noqa: PLC0415

    from . import rules  # noqa: F401, PLC0415 - registers the photo rules with the shared rule set
    from .pipeline import stop_all  # noqa: PLC0415

    signals.initialized.connect(check_settings)
    signals.get_generators.connect(get_generators)
    build_stopped.connect(stop_all)  # a first build with errors exits without processing every photo
