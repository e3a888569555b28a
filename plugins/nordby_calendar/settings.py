"""CALENDAR_* settings: the defaults in one place, validated once when Pelican starts."""

from nordby_content.dates import build_date
from nordby_content.settings import Schema, integer, text

from .describe import JINJA_FILTERS

SCHEMA = Schema(
    "CALENDAR_",
    {
        "CALENDAR_PATH": text("aktiviteter", "Folder under content/ with one Markdown file per activity."),
        "CALENDAR_VENUES_FILE": text("data/steder.yml", "The editable registry of venues, under content/."),
        "CALENDAR_PAUSES_FILE": text("data/pauser.yml", "School holidays and other pauses, under content/."),
        "CALENDAR_URL": text("aktiviteter/", "The calendar's front page (site-relative)."),
        "CALENDAR_ACTIVITY_URL": text("aktiviteter/{slug}/", "One activity's page."),
        "CALENDAR_ACTIVITY_SAVE_AS": text(
            "aktiviteter/{slug}/index.html", "Where an activity's page is written."
        ),
        "CALENDAR_MONTH_URL": text("aktiviteter/{year}/{month:02d}/", "One month's page."),
        "CALENDAR_AREA_URL": text("aktiviteter/omraade/{slug}/", "One area's activities."),
        "CALENDAR_ICS_ALL": text("kalender/alle.ics", "The iCalendar feed of every activity."),
        "CALENDAR_ICS_AREA": text("kalender/omraade/{slug}.ics", "One area's iCalendar feed."),
        "CALENDAR_ICS_ACTIVITY": text("kalender/aktivitet/{slug}.ics", "One activity's iCalendar feed."),
        "CALENDAR_RSS": text("feeds/aktiviteter.rss.xml", "The RSS feed of coming activities."),
        "CALENDAR_RSS_MAX_ITEMS": integer(
            60, "Items in the RSS feed (small, for phones on small data plans)."
        ),
        "CALENDAR_MONTHS_BACK": integer(3, "Month pages this many months back (at most 12; feeds keep 12)."),
        "CALENDAR_MONTHS_AHEAD": integer(12, "Month pages this many months ahead of the build date."),
        "CALENDAR_UPCOMING_DAYS": integer(42, "'Upcoming' lists cover this many days from the build date."),
        "CALENDAR_HOME_ITEMS": integer(6, "Coming activities on the front page."),
        "CALENDAR_NEXT_DATES": integer(8, "Next dates listed on an activity's page."),
        "CALENDAR_JSONLD_MAX": integer(10, "Events in an activity page's JSON-LD."),
        "CALENDAR_REFRESH_HOURS": integer(12, "Calendar apps fetch the feed again after this many hours."),
        "CALENDAR_NAME": text("Randers Nordby: aktiviteter", "The calendar's name in calendar apps."),
        "CALENDAR_UID_DOMAIN": text(
            "randersnordby.dk", "The right-hand side of new UIDs; fixed, so UIDs survive a new domain."
        ),
    },
)
DEFAULTS = SCHEMA.defaults


def apply_settings(pelican):
    """Fill in defaults, resolve the build date and stop on bad settings."""
    settings = SCHEMA.apply(pelican.settings)
    settings["NORDBY_BUILD_DATE"] = build_date(settings).isoformat()
    settings.setdefault("JINJA_FILTERS", {}).update(JINJA_FILTERS)
    # Activities are read only by the calendar, never as articles or pages.
    for key in ("ARTICLE_EXCLUDES", "PAGE_EXCLUDES"):
        settings[key] = [*settings.get(key, []), settings["CALENDAR_PATH"]]
