"""The printed calendar: from the issue's publication to the next issue's, regular activities once."""

from collections import Counter
from datetime import timedelta

from babel.dates import format_date

LOCALE = "da_DK"
# An activity that meets this often in the period is a regular one (printed once, by weekday).
REGULAR_FROM = 3
ISSUES_A_YEAR = 3  # January–April, May–August, September–December
WEEKDAYS = ("mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag", "søndag")
_ORDINAL = {1: "1.", 2: "2.", 3: "3.", 4: "4.", -1: "sidste"}


def calendar_notice(address):
    """Printed instead of the listing when the calendar plugin is not in PLUGINS."""
    return {
        "notice": "Kalenderen over aktiviteter i Nordby findes på hjemmesiden. "
        f"Se alle aktiviteter på {address}, eller spørg i ParkCafeen.",
        "regular": [],
        "events": [],
    }


def next_publication(issue, planned):
    """The next issue's publication date, or four months on when that issue is not planned yet."""
    following = (issue.year, issue.number + 1) if issue.number < ISSUES_A_YEAR else (issue.year + 1, 1)
    dates = [
        i.published for i in planned if (i.year, i.number) == following and i.published > issue.published
    ]
    if dates:
        return dates[0]
    month, day = issue.published.month + 4, min(issue.published.day, 28)  # no 31 April
    return issue.published.replace(
        year=issue.published.year + (month - 1) // 12, month=(month - 1) % 12 + 1, day=day
    )


def calendar_section(context, start, end, address):
    """Regular activities by weekday (Faste aktiviteter) and one-off events by date (Det sker)."""
    calendar = context.get("calendar")
    if calendar is None:
        return calendar_notice(address)
    by_activity = {}
    for occ in calendar.occurrences(start, end):
        by_activity.setdefault(occ.activity.uid, []).append(occ)
    regular, events = [], []
    for found in by_activity.values():
        live = [o for o in found if not o.cancelled]
        if found[0].activity.recurring and len(live) >= REGULAR_FROM:
            regular.append(_regular(found, calendar, start, end))
        else:
            events.extend(_event(o) for o in found)
    return {
        "notice": None if regular or events else "Der er ingen aktiviteter i kalenderen for perioden.",
        "range": f"{_day(start)} til {_day(end - timedelta(days=1))}",
        "regular": _by_weekday(regular),
        "events": _by_month(sorted(events, key=lambda e: e["start"])),
    }


def _day(moment, pattern="d. MMMM"):
    return format_date(moment, pattern, locale=LOCALE)


def _clock(occ):
    return "hele dagen" if occ.all_day else f"kl. {occ.start:%H.%M}–{occ.end:%H.%M}"


def _usual(found):
    """The weekday and the time most of the occurrences have (a moved one does not count)."""
    days = Counter(o.start.weekday() for o in found)
    day = days.most_common(1)[0][0]
    times = Counter(_clock(o) for o in found if o.start.weekday() == day)
    return day, times.most_common(1)[0][0]


def _regular(found, calendar, start, end):
    """One line for an activity that repeats: when, where and what is different."""
    activity = found[0].activity
    day, clock = _usual(found)
    return {
        "weekday": day,
        "when": _rhythm(activity, found, day),
        "clock": clock,
        "title": activity.title,
        "venue": found[0].venue_name,
        "exceptions": _exceptions(activity, found, day, calendar, (start, end)),
    }


def _rhythm(activity, found, day):
    """'' for every week; '1. torsdag i måneden' or 'hver anden uge' otherwise."""
    rule = activity.rrule or {}
    freq = (rule.get("FREQ") or [""])[0]
    interval = (rule.get("INTERVAL") or [1])[0]
    if freq == "WEEKLY":
        return "" if interval == 1 else f"hver {'anden' if interval == 2 else f'{interval}.'} uge"
    if freq == "MONTHLY":
        byday = [str(v) for v in rule.get("BYDAY", [])]
        number = int(byday[0][:-2]) if byday and byday[0][:-2] else None
        return f"{_ORDINAL.get(number, '')} {WEEKDAYS[day]} i måneden".strip()
    return f"{len(found)} gange"


def _exceptions(activity, found, day, calendar, window):
    """'ikke i skolernes ferier', 'aflyst 9. december', 'flyttet til torsdag 10. december'."""
    notes = []
    pauses = calendar.pauses_between(*window)
    if activity.pauses and pauses:
        if "alle" in activity.pauses:
            notes.append("ikke i skolernes ferier")
        else:
            named = sorted({p.name.lower() for p in pauses if p.name.lower() in activity.pauses})
            notes += [f"ikke i {n}en" for n in named]
    if activity.skip_holidays:
        notes.append("ikke på helligdage")
    for occ in found:
        if occ.cancelled:
            notes.append(f"aflyst {_day(occ.start)}")
        elif _moved(activity, occ):
            notes.append(f"flyttet til {_day(occ.start, 'EEEE d. MMMM')}")
    return notes


def _moved(activity, occ):
    """Whether this occurrence is one that the activity's Moved: put on another day or time."""
    return any(_date(new[0]) == occ.start.date() for new in activity.moved.values())


def _date(moment):
    return moment.date() if hasattr(moment, "hour") else moment


def _event(occ):
    """One dated line under Det sker."""
    return {
        "start": occ.start,
        "day": _day(occ.start, "EEE d. MMM").capitalize(),
        "clock": "" if occ.all_day else f"kl. {occ.start:%H.%M}",
        "title": occ.title,
        "venue": occ.venue_name,
        "note": occ.note,
        "cancelled": occ.cancelled,
    }


def _by_weekday(rows):
    """[(‘Mandag’, rows)] Monday first, each day's rows by time."""
    days = {}
    for row in sorted(rows, key=lambda r: (r["weekday"], r["clock"], r["title"])):
        days.setdefault(WEEKDAYS[row["weekday"]].capitalize(), []).append(row)
    return list(days.items())


def _by_month(events):
    months = {}
    for event in events:
        months.setdefault(_day(event["start"], "MMMM y").capitalize(), []).append(event)
    return list(months.items())
