"""Activities and occurrences in plain Danish: "hver tirsdag kl. 10.00–12.00, undtagen helligdage"."""

from datetime import timedelta

from nordby_content.dates import (
    clock,
    day_month,
    day_month_year,
    long_date,
    month_name,
    weekday,
    weekday_abbr,
    weekday_day_month,
    weekday_name,
)

from .expand import as_datetime

_DAYS = dict(zip(("MO", "TU", "WE", "TH", "FR", "SA", "SU"), range(7), strict=True))
_ORDINALS = {1: "første", 2: "anden", 3: "tredje", 4: "fjerde", 5: "femte", -1: "sidste", -2: "næstsidste"}
_EVERY = {"DAILY": "dag", "WEEKLY": "uge", "MONTHLY": "måned", "YEARLY": "år"}


def day_name(code):
    return weekday_name(_DAYS[code])


def join(words):
    """['a', 'b', 'c'] -> 'a, b og c'."""
    words = list(words)
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " og " + words[-1]


def every(interval):
    return {1: "hver", 2: "hver anden", 3: "hver tredje"}.get(interval, f"hver {interval}.")


def _byday(rule):
    """[(ordinal or None, 'tirsdag')] from BYDAY values such as 'TU' or '-1FR'."""
    days = []
    for value in rule.get("BYDAY", []):
        text = str(value)
        code, number = text[-2:], text[:-2]
        days.append((int(number) if number else None, day_name(code)))
    return days


def _pattern(rule, start):
    """The repeating part, e.g. 'hver anden tirsdag' or 'første torsdag i måneden'."""
    freq, interval = rule["FREQ"][0], rule.get("INTERVAL", [1])[0]
    days = _byday(rule) or ([(None, weekday(start))] if freq == "WEEKLY" else [])
    months = [month_name(m) for m in rule.get("BYMONTH", [])]
    if freq == "WEEKLY":
        return f"{every(interval)} {join(d for _, d in days)}"
    if freq == "MONTHLY" and days:
        where = "i måneden" if interval == 1 else f"i {every(interval)} måned"
        return join(f"{_ORDINALS.get(n, f'{n}.')} {d}" if n else f"hver {d}" for n, d in days) + f" {where}"
    if freq == "MONTHLY":
        day = rule.get("BYMONTHDAY", [start.day])[0]
        return f"den {day}. {every(interval)} måned"
    if freq == "YEARLY" and days and months:
        return join(f"{_ORDINALS.get(n, f'{n}.')} {d}" if n else d for n, d in days) + " i " + join(months)
    if freq == "YEARLY":
        return f"{every(interval)} år den {day_month(start)}"
    return f"{every(interval)} {_EVERY.get(freq, 'gang')}"


def _limit(rule):
    if "COUNT" in rule:
        return f", {rule['COUNT'][0]} gange i alt"
    if "UNTIL" in rule:
        until = rule["UNTIL"][0]
        return f", til og med {day_month_year(until)}"
    return ""


def time_span(activity):
    """'kl. 10.00–12.00', or 'hele dagen'."""
    if activity.all_day:
        return "hele dagen"
    end = activity.end
    if end.date() != activity.start.date():
        return f"kl. {clock(activity.start)} til {weekday(end)} kl. {clock(end)}"
    return f"kl. {clock(activity.start)}–{clock(end)}"


def exceptions(activity):
    parts = []
    if activity.skip_holidays:
        parts.append("undtagen helligdage")
    if activity.pauses:
        names = ["skoleferierne"] if "alle" in activity.pauses else activity.pauses
        parts.append("holder pause i " + join(names))
    return "".join(f", {p}" for p in parts)


def rule_text(activity):
    """The whole rule in one Danish phrase, for the activity page and the printed paper."""
    if activity.rrule:
        text = f"{_pattern(activity.rrule, activity.start)} {time_span(activity)}{_limit(activity.rrule)}"
    elif activity.rdates:
        text = f"{len(activity.rdates) + 1} datoer, {time_span(activity)}"
    else:
        return when(as_datetime(activity.start), as_datetime(activity.end), activity.all_day)
    return text + exceptions(activity)


def _last_day(start, end):
    return (end - timedelta(microseconds=1)).date() if end > start else start.date()


def when(start, end, all_day):
    """'tirsdag den 2. december 2026 kl. 10.00–12.00', or a span of days for longer events."""
    first = long_date(start)
    last = _last_day(start, end)
    if all_day:
        if last == start.date():
            return first
        return f"{first} – {long_date(last)}"
    if last == start.date():
        return f"{first} kl. {clock(start)}–{clock(end)}"
    return f"{first} kl. {clock(start)} – {day_heading(end)} kl. {clock(end)}"


def occurrence_when(occurrence):
    return when(occurrence.start, occurrence.end, occurrence.all_day)


def hours(occurrence):
    """The short time for lists: '10.00–12.00', 'hele dagen' or 'til 7. juni'."""
    if occurrence.multi_day:
        last = day_month(occurrence.last_day)
        return f"til {last}" if occurrence.all_day else f"{clock(occurrence.start)} til {last}"
    return "hele dagen" if occurrence.all_day else f"{clock(occurrence.start)}–{clock(occurrence.end)}"


# The names the calendar's templates and other modules know them by.
day_heading = weekday_day_month
weekday_short = weekday_abbr


JINJA_FILTERS = {
    "kalender_naar": occurrence_when,
    "kalender_tid": hours,
    "kalender_dag": day_heading,
    "kalender_ugedag_kort": weekday_short,
    "kalender_ugedag": weekday_name,
}
