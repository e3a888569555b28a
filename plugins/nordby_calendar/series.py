"""An activity as iCalendar components (RRULE, RDATE and EXDATE kept), and their occurrences."""

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from icalendar import Event

from .activity import ActivityError
from .expand import as_datetime, combine, instances, moments, overrides_of
from .model import Occurrence

SKIP_HOLIDAY = "helligdag"


@dataclass
class Series:
    """The components of one activity for one window, and the dates it skips (with why)."""

    activity: object
    components: list
    skipped: list = field(default_factory=list)  # (start, reason)
    ics: bytes | None = None  # the components serialised, once the feeds need them
    window: tuple = ()  # the dates the series was built for
    instances: list = field(default_factory=list)  # (start, end, component) in that window


def day_of(moment):
    return moment.date() if isinstance(moment, datetime) else moment


def master(activity):
    """The VEVENT that holds the rule, without exceptions."""
    event = Event()
    event.add("uid", activity.uid)
    event.add("summary", activity.title)
    event.add("dtstart", activity.start)
    event.add("dtend", activity.end)
    if activity.rrule:
        event.add("rrule", activity.rrule)
    if activity.rdates:
        event.add("rdate", sorted(activity.rdates))
    return event


def base_moments(activity, start, end):
    """Local start times of the rule and extra dates alone, before any exception."""
    try:
        return moments(master(activity), as_datetime(start), as_datetime(end))
    except (ValueError, TypeError) as exc:  # dateutil rejects some rules vRecur accepts
        fix = "ret reglen, fx FREQ=WEEKLY;BYDAY=TU"
        raise ActivityError("rrule", f"Reglen kan ikke bruges ({exc}).", fix) from None


def _original(activity, begin):
    """The instance start as the activity writes it: a date for all-day activities."""
    return begin.date() if activity.all_day else begin


def _referenced_days(activity):
    return [*activity.exdates, *activity.cancelled, *activity.moved]


def _require(starts, day, key):
    if day not in starts:
        fix = "ret datoen, så den passer med Start og Rrule, eller fjern den"
        raise ActivityError(key, f"{day.isoformat()} er ikke en af aktivitetens datoer.", fix)
    return starts[day]


def skip_reason(day, activity, holidays, pauses):
    """Why the activity does not take place on day, or None."""
    if activity.skip_holidays and day in holidays:
        return f"{holidays[day]} ({SKIP_HOLIDAY})"
    for pause in pauses:
        if pause.covers(day) and ("alle" in activity.pauses or pause.name.lower() in activity.pauses):
            return pause.name
    return None


def _override(activity, original, start, note, cancelled):
    event = Event()
    event.add("uid", activity.uid)
    event.add("recurrence-id", original)
    event.add("summary", activity.title)
    event.add("dtstart", start)
    event.add("dtend", start + activity.duration)
    if cancelled:
        event.add("status", "CANCELLED")
    if note:
        event.add("comment", note)
    return event


def build_series(activity, window_start, window_end, holidays, pauses):
    """Master plus overrides; holiday and pause EXDATEs are listed for the window only."""
    days = _referenced_days(activity)
    first = min([window_start, *days])
    last = max([window_end, *(d + timedelta(days=1) for d in days)])
    base = base_moments(activity, first, last)
    starts = {begin.date(): _original(activity, begin) for begin in base}
    main = master(activity)
    series = Series(activity, [main])
    excluded = {_require(starts, d, "exdate") for d in activity.exdates}
    for day, start in sorted(starts.items()):
        changed = day in activity.cancelled or day in activity.moved  # the note wins over a skip
        in_window = window_start <= day < window_end and not changed
        reason = skip_reason(day, activity, holidays, pauses) if in_window else None
        if reason and start not in excluded:
            excluded.add(start)
            series.skipped.append((start, reason))
    if not activity.recurring:
        series = _single(activity, series, main)
    else:
        if excluded:
            main.add("exdate", sorted(excluded))
        for day, note in sorted(activity.cancelled.items()):
            start = _require(starts, day, "cancelled")
            series.components.append(_override(activity, start, start, note, cancelled=True))
        for day, (new, note) in sorted(activity.moved.items()):
            start = _require(starts, day, "moved")
            series.components.append(_override(activity, start, new, note, cancelled=False))
    # The window's instances from the same start times, less exactly the EXDATEs written above.
    kept = [b for b in base if _original(activity, b) not in excluded]
    low, high = as_datetime(window_start), as_datetime(window_end)
    series.window = (window_start, window_end)
    series.instances = combine(main, overrides_of(series.components), kept, low, high)
    return series


def _single(activity, series, main):
    """A one-off activity: cancelled on the event itself; moving it means changing Start."""
    if activity.moved:
        raise ActivityError("moved", "En enkeltstående aktivitet kan ikke flyttes.", "ret Start i stedet")
    for day, note in activity.cancelled.items():
        if day != day_of(activity.start):
            _require({}, day, "cancelled")
        main.add("status", "CANCELLED")
        main.add("comment", note)
    if activity.exdates:
        _require({}, activity.exdates[0], "exdate")
    return series


def occurrences(series, start, end):
    """The Occurrences of one series that overlap [start, end), sorted by start."""
    activity = series.activity
    found = []
    known = series.window == (start, end)  # worked out while building the series
    window = series.instances if known else instances(series.components, start, end)
    for begin, finish, event in window:
        note = event.get("COMMENT")
        found.append(
            Occurrence(
                title=activity.title,
                start=begin,
                end=finish,
                all_day=activity.all_day,
                venue_name=activity.venue.name,
                venue_address=activity.venue.address,
                area=activity.area,
                note=str(note) if note else None,
                cancelled=str(event.get("STATUS", "")) == "CANCELLED",
                url=activity.url,
                uid=activity.uid,
                activity=activity,
            )
        )
    return sorted(found, key=sort_key)


def sort_key(occurrence):
    return (occurrence.start, occurrence.title, occurrence.uid)


def window_bounds(start, end):
    """Half-open window of dates as the local datetimes the occurrences use."""
    return as_datetime(start), as_datetime(end)


def overlapping(found, start, end):
    """The occurrences that overlap [start, end); an instant event counts where it starts."""
    low, high = window_bounds(start, end)
    return [o for o in found if (o.end > low if o.end > o.start else o.start >= low) and o.start < high]


def is_ongoing(series, found, cutoff, window_end):
    """Whether the feed keeps this activity: it runs on, or touches the last twelve months."""
    rule = series.activity.rrule
    unbounded = rule is not None and "COUNT" not in rule and "UNTIL" not in rule
    recent = any(o.end.date() >= cutoff for o in found)
    return unbounded or recent or day_of(series.activity.start) >= window_end
