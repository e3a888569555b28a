"""The activity calendar of an issue's four months, from the calendar plugin's seam."""

from datetime import timedelta

from babel.dates import format_date

LOCALE = "da_DK"


def calendar_notice(address):
    """Printed instead of the listing when the calendar plugin is not in PLUGINS."""
    return {
        "notice": "Kalenderen over aktiviteter i Nordby findes på hjemmesiden. "
        f"Se alle aktiviteter på {address}, eller spørg i ParkCafeen.",
        "months": [],
    }


def calendar_section(context, start, end, address):
    """Occurrences between start and end grouped by month, or the house notice."""
    calendar = context.get("calendar")
    if calendar is None:
        return calendar_notice(address)
    months = {}
    for occ in calendar.occurrences(start, end + timedelta(days=1)):
        month = format_date(occ.start, "MMMM y", locale=LOCALE).capitalize()
        months.setdefault(month, []).append(_row(occ))
    return {
        "notice": None if months else "Der er ingen aktiviteter i kalenderen for perioden.",
        "months": list(months.items()),
    }


def _row(occ):
    """One line of the compact listing."""
    day = format_date(occ.start, "EEE d. MMM", locale=LOCALE)
    time = "" if occ.all_day else occ.start.strftime("%H.%M")
    return {
        "day": day,
        "time": time,
        "title": occ.title,
        "venue": occ.venue_name,
        "note": occ.note,
        "cancelled": occ.cancelled,
    }
