"""The activity calendar: recurring activities, calendar pages, iCalendar and RSS feeds."""

from pelican import signals

from .generator import CalendarGenerator
from .settings import apply_settings


def get_generators(pelican):
    return CalendarGenerator


def register():
    signals.initialized.connect(apply_settings)
    signals.get_generators.connect(get_generators)
