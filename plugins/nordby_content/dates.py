"""Dates: the build date in Randers time, and Danish dates through Babel (not the system's locale)."""

import os
from datetime import date, datetime
from functools import lru_cache
from zoneinfo import ZoneInfo

from babel.dates import format_date, format_datetime, format_time, get_day_names, get_month_names

from .settings import SettingsError, setting_problem

LOCALE = "da_DK"
RANDERS = ZoneInfo("Europe/Copenhagen")
BUILD_DATE_VARIABLE = "NORDBY_BUILD_DATE"  # the environment variable, and the setting of the same name
# Every list page repeats the same dates; Babel's formatting is the slow part of rendering them.
_cached = lru_cache(maxsize=8192)


def today():
    """Today in Randers, not in the build machine's time zone."""
    return datetime.now(RANDERS).date()


def build_date(settings):
    """The day the build counts as today: the environment, then the setting, then today in Randers.

    A value that is not an ISO date stops the build with a message naming the setting.
    """
    value = os.environ.get(BUILD_DATE_VARIABLE) or settings.get(BUILD_DATE_VARIABLE) or ""
    if not value:
        return today()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        message = f'Indstillingen {BUILD_DATE_VARIABLE} skal være en dato som 2026-12-01, ikke "{value}".'
        fix = f"ret den i pelicanconf.py eller i miljøvariablen {BUILD_DATE_VARIABLE}, eller slet den (i dag)"
        raise SettingsError([setting_problem(BUILD_DATE_VARIABLE, message, fix)]) from None


def month_name(number):
    """'december' for 12."""
    return get_month_names("wide", locale=LOCALE)[number]


def weekday_name(number):
    """'mandag' for 0 (Monday is 0, as in date.weekday())."""
    return get_day_names("wide", locale=LOCALE)[number]


def weekday_abbr(number):
    """'man', 'tir', ... for 0, 1, ..., e.g. for a month table's column heads."""
    return get_day_names("abbreviated", locale=LOCALE)[number].rstrip(".")


@_cached
def weekday(value):
    """'torsdag' for a date."""
    return format_date(value, "EEEE", locale=LOCALE)


@_cached
def day_month(value):
    """'4. december'."""
    return format_date(value, "d. MMMM", locale=LOCALE)


@_cached
def day_month_year(value):
    """'4. december 2014'."""
    return format_date(value, "d. MMMM y", locale=LOCALE)


@_cached
def weekday_day_month(value):
    """'torsdag den 4. december'."""
    return format_date(value, "EEEE 'den' d. MMMM", locale=LOCALE)


@_cached
def short_weekday_date(value):
    """'tor. 4. dec.', for tight lists such as the printed calendar."""
    return format_date(value, "EEE d. MMM", locale=LOCALE)


@_cached
def long_date(value):
    """'torsdag den 4. december 2014'."""
    return format_date(value, "EEEE 'den' d. MMMM y", locale=LOCALE)


@_cached
def short_date(value):
    """'4. dec. 2014'."""
    return format_date(value, "d. MMM y", locale=LOCALE)


@_cached
def month_year(value):
    """'december 2014'."""
    return format_date(value, "MMMM y", locale=LOCALE)


@_cached
def clock(value):
    """'10.00', the Danish way of writing a time of day."""
    return format_time(value, "HH.mm", locale=LOCALE)


def iso(value):
    """Machine-readable timestamp for <time datetime>."""
    return value.isoformat()


@_cached
def long_datetime(value):
    """'torsdag den 4. december 2014 kl. 10.00'."""
    return format_datetime(value, "EEEE 'den' d. MMMM y 'kl.' HH.mm", locale=LOCALE)


JINJA_FILTERS = {
    "dansk_dato": long_date,
    "dansk_dato_kort": short_date,
    "dansk_maaned": month_year,
    "dansk_klokkeslaet": clock,
    "dansk_tidspunkt": long_datetime,
    "iso": iso,
}
