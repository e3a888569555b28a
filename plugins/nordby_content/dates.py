"""Danish dates through Babel, independent of the operating system's locale."""

from functools import lru_cache

from babel.dates import format_date, format_datetime, format_time

LOCALE = "da_DK"
# Every list page repeats the same dates; Babel's formatting is the slow part of rendering them.
_cached = lru_cache(maxsize=8192)


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
