"""CALENDAR_* settings: the defaults in one place, validated once when Pelican starts."""

import os
from datetime import date, datetime

from .describe import JINJA_FILTERS
from .model import TZ

DEFAULTS = {
    # Folder under content/ with one Markdown file per activity.
    "CALENDAR_PATH": "aktiviteter",
    # Editable registries under content/.
    "CALENDAR_VENUES_FILE": "data/steder.yml",
    "CALENDAR_PAUSES_FILE": "data/pauser.yml",
    # Where the pages and feeds go (site-relative).
    "CALENDAR_URL": "aktiviteter/",
    "CALENDAR_ACTIVITY_URL": "aktiviteter/{slug}/",
    "CALENDAR_ACTIVITY_SAVE_AS": "aktiviteter/{slug}/index.html",
    "CALENDAR_MONTH_URL": "aktiviteter/{year}/{month:02d}/",
    "CALENDAR_AREA_URL": "aktiviteter/omraade/{slug}/",
    "CALENDAR_ICS_ALL": "kalender/alle.ics",
    "CALENDAR_ICS_AREA": "kalender/omraade/{slug}.ics",
    "CALENDAR_ICS_ACTIVITY": "kalender/aktivitet/{slug}.ics",
    "CALENDAR_RSS": "feeds/aktiviteter.rss.xml",
    # The RSS feed stays small for phones on small data plans.
    "CALENDAR_RSS_MAX_ITEMS": 60,
    # Month pages from this many months back (at most 12) to this many ahead of the build date;
    # the feeds always keep the past 12 months.
    "CALENDAR_MONTHS_BACK": 3,
    "CALENDAR_MONTHS_AHEAD": 12,
    "CALENDAR_UPCOMING_DAYS": 42,
    "CALENDAR_HOME_ITEMS": 6,
    "CALENDAR_NEXT_DATES": 8,
    "CALENDAR_JSONLD_MAX": 10,
    # Calendar apps fetch the feed again after this many hours.
    "CALENDAR_REFRESH_HOURS": 12,
    "CALENDAR_NAME": "Randers Nordby: aktiviteter",
    # The right-hand side of new UIDs; fixed, so UIDs survive a new domain.
    "CALENDAR_UID_DOMAIN": "randersnordby.dk",
}
_INT_SETTINGS = {
    "CALENDAR_MONTHS_BACK",
    "CALENDAR_MONTHS_AHEAD",
    "CALENDAR_UPCOMING_DAYS",
    "CALENDAR_HOME_ITEMS",
    "CALENDAR_NEXT_DATES",
    "CALENDAR_JSONLD_MAX",
    "CALENDAR_REFRESH_HOURS",
    "CALENDAR_RSS_MAX_ITEMS",
}


def today():
    """Today in Randers, not in the build machine's time zone."""
    return datetime.now(TZ).date()


def parse_build_date(value):
    """The build date as a date; SystemExit names the setting when it is not an ISO date."""
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise SystemExit(
            f'Indstillingen NORDBY_BUILD_DATE skal være en dato som 2026-12-01, ikke "{value}".'
        ) from None


def build_date(settings):
    """The day the site counts as built: the environment, then the setting, then today."""
    value = os.environ.get("NORDBY_BUILD_DATE") or settings.get("NORDBY_BUILD_DATE") or today().isoformat()
    return parse_build_date(value)


def check(settings):
    """Every problem with the CALENDAR_* settings, as Danish lines naming the setting."""
    problems = []
    for key in sorted(k for k in settings if k.startswith("CALENDAR_")):
        if key not in DEFAULTS:
            problems.append(f"Indstillingen {key} findes ikke (stavefejl?).")
        elif key in _INT_SETTINGS and (not isinstance(settings[key], int) or settings[key] < 0):
            problems.append(f"Indstillingen {key} skal være et helt tal på 0 eller mere.")
        elif key not in _INT_SETTINGS and not isinstance(settings[key], str):
            problems.append(f"Indstillingen {key} skal være en tekst.")
    return problems


def apply_settings(pelican):
    """Fill in defaults, resolve the build date and stop on bad settings."""
    settings = pelican.settings
    for key, value in DEFAULTS.items():
        settings.setdefault(key, value)
    problems = check(settings)
    if problems:
        raise SystemExit("\n".join(problems))
    settings["NORDBY_BUILD_DATE"] = build_date(settings).isoformat()
    settings.setdefault("JINJA_FILTERS", {}).update(JINJA_FILTERS)
    # Activities are read only by the calendar, never as articles or pages.
    for key in ("ARTICLE_EXCLUDES", "PAGE_EXCLUDES"):
        settings[key] = [*settings.get(key, []), settings["CALENDAR_PATH"]]
