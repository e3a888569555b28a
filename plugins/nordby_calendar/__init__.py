"""The activity calendar: recurring activities, calendar pages, iCalendar and RSS feeds."""

# `./dev uids` imports this package's uids module, and the tasks its settings' defaults: the
# generator (icalendar, the holidays) is imported only when Pelican asks for it.
from pelican import signals

from .settings import apply_settings


def get_generators(pelican):
    from .generator import CalendarGenerator  # noqa: PLC0415 - see the note at the top

    return CalendarGenerator


def register():
    signals.initialized.connect(apply_settings)
    signals.get_generators.connect(get_generators)
