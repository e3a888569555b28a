"""Pure helpers for the calendar pages: months, ISO weeks and the month grid."""

from datetime import date, timedelta
from itertools import groupby


def shift_month(day, months):
    """The first day of the month `months` after the month of day (negative goes back)."""
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def months_between(first, end):
    """First days of the months from first up to (not including) end."""
    months, month = [], first.replace(day=1)
    while month < end:
        months.append(month)
        month = shift_month(month, 1)
    return months


def week_groups(found):
    """[(iso_year, week, [(day, [occurrences])])] in date order, each occurrence under its start day."""
    by_day = [(day, list(items)) for day, items in groupby(found, key=lambda o: o.start.date())]
    weeks = []
    for (year, week), days in groupby(by_day, key=lambda pair: pair[0].isocalendar()[:2]):
        weeks.append((year, week, list(days)))
    return weeks


def month_grid(month, found):
    """Weeks of seven (day or None, [occurrences starting that day]) cells, Monday first."""
    first = month.replace(day=1)
    days = (shift_month(first, 1) - first).days
    by_day = {}
    for occurrence in found:
        by_day.setdefault(occurrence.start.date(), []).append(occurrence)
    cells = [(None, [])] * first.weekday()
    cells += [(d, by_day.get(d, [])) for d in (first + timedelta(days=n) for n in range(days))]
    cells += [(None, [])] * (-len(cells) % 7)
    return [cells[i : i + 7] for i in range(0, len(cells), 7)]
