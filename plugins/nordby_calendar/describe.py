"""Activities and occurrences in plain Danish: "hver tirsdag kl. 10.00–12.00, undtagen helligdage"."""

from datetime import timedelta
from functools import lru_cache

from babel.dates import format_date, get_day_names, get_month_names

from nordby_content.dates import LOCALE
from nordby_content.dates import clock as _babel_clock

from .expand import as_datetime

_DAYS = dict(zip(("MO", "TU", "WE", "TH", "FR", "SA", "SU"), range(7), strict=True))
_ORDINALS = {1: "første", 2: "anden", 3: "tredje", 4: "fjerde", 5: "femte", -1: "sidste", -2: "næstsidste"}
_EVERY = {"DAILY": "dag", "WEEKLY": "uge", "MONTHLY": "måned", "YEARLY": "år"}


# Babel is slow per call and a month page repeats the same few times and days hundreds of times.
clock = lru_cache(maxsize=4096)(_babel_clock)


def day_name(code):
    return get_day_names("wide", locale=LOCALE)[_DAYS[code]]


def month_name(number):
    return get_month_names("wide", locale=LOCALE)[number]


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
    days = _byday(rule) or ([(None, format_date(start, "EEEE", locale=LOCALE))] if freq == "WEEKLY" else [])
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
        return f"{every(interval)} år den {format_date(start, 'd. MMMM', locale=LOCALE)}"
    return f"{every(interval)} {_EVERY.get(freq, 'gang')}"


def _limit(rule):
    if "COUNT" in rule:
        return f", {rule['COUNT'][0]} gange i alt"
    if "UNTIL" in rule:
        until = rule["UNTIL"][0]
        return f", til og med {format_date(until, 'd. MMMM y', locale=LOCALE)}"
    return ""


def time_span(activity):
    """'kl. 10.00–12.00', or 'hele dagen'."""
    if activity.all_day:
        return "hele dagen"
    end = activity.end
    if end.date() != activity.start.date():
        return f"kl. {clock(activity.start)} til {format_date(end, 'EEEE', locale=LOCALE)} kl. {clock(end)}"
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


@lru_cache(maxsize=4096)
def _long(day):
    return format_date(day, "EEEE 'den' d. MMMM y", locale=LOCALE)


def _last_day(start, end):
    return (end - timedelta(microseconds=1)).date() if end > start else start.date()


def when(start, end, all_day):
    """'tirsdag den 2. december 2026 kl. 10.00–12.00', or a span of days for longer events."""
    first = _long(start)
    last = _last_day(start, end)
    if all_day:
        if last == start.date():
            return first
        return f"{first} – {_long(last)}"
    if last == start.date():
        return f"{first} kl. {clock(start)}–{clock(end)}"
    return f"{first} kl. {clock(start)} – {day_heading(end)} kl. {clock(end)}"


def occurrence_when(occurrence):
    return when(occurrence.start, occurrence.end, occurrence.all_day)


def hours(occurrence):
    """The short time for lists: '10.00–12.00', 'hele dagen' or 'til 7. juni'."""
    if occurrence.multi_day:
        last = format_date(occurrence.last_day, "d. MMMM", locale=LOCALE)
        return f"til {last}" if occurrence.all_day else f"{clock(occurrence.start)} til {last}"
    return "hele dagen" if occurrence.all_day else f"{clock(occurrence.start)}–{clock(occurrence.end)}"


@lru_cache(maxsize=4096)
def day_heading(day):
    """'tirsdag den 2. december'."""
    return format_date(day, "EEEE 'den' d. MMMM", locale=LOCALE)


def weekday(number):
    """'mandag', ... (0 is Monday)."""
    return get_day_names("wide", locale=LOCALE)[number]


def weekday_short(number):
    """'man', 'tir', ... for the month table's column heads (0 is Monday)."""
    return get_day_names("abbreviated", locale=LOCALE)[number].rstrip(".")


JINJA_FILTERS = {
    "kalender_naar": occurrence_when,
    "kalender_tid": hours,
    "kalender_dag": day_heading,
    "kalender_ugedag_kort": weekday_short,
    "kalender_ugedag": weekday,
}
