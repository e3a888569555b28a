"""The calendar's nouns: venues, pause periods, activities and their occurrences."""

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from nordby_content.problems import Problem
from nordby_content.registry import _rel, load_yaml_list

TIMEZONE = "Europe/Copenhagen"
TZ = ZoneInfo(TIMEZONE)


@dataclass(frozen=True)
class Venue:
    """A place from content/data/steder.yml; coordinates are optional."""

    key: str
    name: str
    address: str
    latitude: float | None = None
    longitude: float | None = None


@dataclass(frozen=True)
class Pause:
    """A period (both days included) when activities with `Pause:` take a break."""

    name: str
    first: date
    last: date

    def covers(self, day):
        return self.first <= day <= self.last


@dataclass
class Activity:
    """One activity file, checked and typed; `doc` is Pelican's parsed content object."""

    doc: object
    source: str
    title: str
    slug: str
    url: str
    area: str
    venue: Venue
    uid: str
    start: datetime | date
    end: datetime | date  # exclusive: for all-day activities the day after the last day
    all_day: bool
    rrule: object = None  # icalendar.vRecur
    rdates: list = field(default_factory=list)
    exdates: list = field(default_factory=list)  # dates
    cancelled: dict = field(default_factory=dict)  # date -> note
    moved: dict = field(default_factory=dict)  # date -> (new start, note)
    skip_holidays: bool = False
    pauses: list = field(default_factory=list)  # Pause names, lower case
    organiser: str = ""
    contact: str = ""
    price: str = "Gratis"
    registration: str = ""
    plain: str | None = None  # the description as plain text, once the feeds need it

    @property
    def duration(self):
        return self.end - self.start

    @property
    def recurring(self):
        return bool(self.rrule or self.rdates)


@dataclass(frozen=True)
class Occurrence:
    """One time an activity takes place (the seam other plugins read).

    `start` and `end` are aware datetimes in Europe/Copenhagen; for all-day
    activities they are 00:00 of the first day and of the day after the last.
    """

    title: str
    start: datetime
    end: datetime
    all_day: bool
    venue_name: str
    venue_address: str
    area: str
    note: str | None
    cancelled: bool
    url: str
    uid: str
    activity: Activity = field(compare=False, repr=False, hash=False)

    @property
    def last_day(self):
        """The last day the occurrence touches (the end itself is exclusive)."""
        return (self.end - timedelta(microseconds=1)).date() if self.end > self.start else self.start.date()

    @property
    def multi_day(self):
        return self.last_day > self.start.date()


def _number(value):
    return float(value) if isinstance(value, int | float) else None


def load_venues(settings):
    """The venue registry: ({key: Venue}, problems)."""
    path = Path(settings["PATH"]) / settings["CALENDAR_VENUES_FILE"]
    items, problems = load_yaml_list(path, settings)
    where = _rel(path, settings)
    venues = {}
    for number, raw in enumerate(items, start=1):
        item = raw if isinstance(raw, dict) else {}
        missing = [k for k in ("noegle", "navn", "adresse") if not item.get(k)]
        if missing:
            fix = "giv hvert sted 'noegle:', 'navn:' og 'adresse:'"
            problems.append(Problem(where, 0, missing[0], f"Sted nr. {number} mangler '{missing[0]}'.", fix))
            continue
        key = str(item["noegle"]).strip().lower()
        venues[key] = Venue(
            key,
            str(item["navn"]),
            str(item["adresse"]),
            _number(item.get("bredde")),
            _number(item.get("laengde")),
        )
    return venues, problems


def load_pauses(settings):
    """The pause periods (school holidays): ([Pause], problems)."""
    path = Path(settings["PATH"]) / settings["CALENDAR_PAUSES_FILE"]
    items, problems = load_yaml_list(path, settings)
    where = _rel(path, settings)
    pauses = []
    for number, raw in enumerate(items, start=1):
        item = raw if isinstance(raw, dict) else {}
        first, last = item.get("fra"), item.get("til")
        if not item.get("navn") or not isinstance(first, date) or not isinstance(last, date) or last < first:
            fix = "skriv 'navn:', 'fra:' og 'til:' med datoer som 2026-06-27, og 'til' efter 'fra'"
            problems.append(Problem(where, 0, "fra/til", f"Pause nr. {number} kan ikke læses.", fix))
            continue
        pauses.append(Pause(str(item["navn"]), first, last))
    return pauses, problems
