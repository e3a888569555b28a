"""What the calendar publishes besides HTML: iCalendar files, an RSS feed, JSON-LD and links."""

import json
import re
from datetime import UTC, date, datetime, timedelta
from functools import cache
from urllib.parse import urlencode

from feedgen.feed import FeedGenerator
from icalendar import Calendar, Timezone, vDuration

from nordby_content.sanitize import parse_html

from .describe import occurrence_when
from .model import TIMEZONE

# The time zone rules are written from here on; older series are not published.
FIRST_YEAR = date(2010, 1, 1)
_END = b"END:VCALENDAR\r\n"
PRODID = "-//Bysekretariatet Randers Nordby//Aktivitetskalender//DA"
_POSTAL = re.compile(r"^(?P<street>.+?),\s*(?P<code>\d{4})\s+(?P<city>.+)$")


def plain_text(html):
    return " ".join(parse_html(html or "").get_text(" ").split())


def description(activity):
    """The activity's summary (or its text) without HTML, made once per activity."""
    if activity.plain is None:
        activity.plain = plain_text(getattr(activity.doc, "summary", "") or activity.doc.content)
    return activity.plain


def details(activity):
    """The plain-text description calendar apps show: summary, price and how to join."""
    lines = [description(activity)]
    lines += [f"Pris: {activity.price}"]
    lines += [f"Tilmelding: {activity.registration}"] if activity.registration else []
    lines += [f"Arrangør: {activity.organiser}"] if activity.organiser else []
    lines += [f"Kontakt: {activity.contact}"] if activity.contact else []
    return "\n".join(lines)


def decorate(series, domain, stamp):
    """Add what subscribers see (place, text, link) to every component of a series, once."""
    activity = series.activity
    for component in series.components:
        if "DTSTAMP" in component:
            continue
        component.add("dtstamp", stamp)
        component.add("location", f"{activity.venue.name}, {activity.venue.address}")
        if activity.venue.latitude is not None:
            component.add("geo", (activity.venue.latitude, activity.venue.longitude))
        component.add("categories", [activity.area])
        component.add("url", f"{domain}/{activity.url}")
        note = component.get("COMMENT")
        text = details(activity)
        component.add("description", f"{note}\n\n{text}" if note else text)
        if activity.all_day:
            component.add("transp", "TRANSPARENT")


def ics(series_list, name, settings, stamp):
    """A whole VCALENDAR as bytes: CRLF lines folded at 75 octets, with its VTIMEZONE."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("name", name)
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", TIMEZONE)
    hours = settings["CALENDAR_REFRESH_HOURS"]
    calendar.add("refresh-interval", timedelta(hours=hours), parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", vDuration(timedelta(hours=hours)))
    # icalendar serialises each piece; a series appears in up to three files, so its bytes
    # are made once and the pieces joined inside the calendar's BEGIN/END lines.
    head = calendar.to_ical().removesuffix(_END)
    events = b"".join(series_bytes(s) for s in sorted(series_list, key=lambda s: s.activity.uid))
    return head + timezone() + events + _END


def series_bytes(series):
    """The VEVENTs of one series as iCalendar bytes, serialised once per build."""
    if series.ics is None:
        series.ics = b"".join(component.to_ical() for component in series.components)
    return series.ics


@cache
def timezone():
    """Europe/Copenhagen as VTIMEZONE bytes, the same in every file (so made once)."""
    return Timezone.from_tzid(TIMEZONE, first_date=FIRST_YEAR).to_ical()


def dtstamp(build_day):
    """DTSTAMP from the build date (00:00 UTC), so two builds of one day are byte-identical."""
    return datetime(build_day.year, build_day.month, build_day.day, tzinfo=UTC)


def _google_time(value, all_day):
    return value.strftime("%Y%m%d") if all_day else value.strftime("%Y%m%dT%H%M%S")


def google_link(activity, domain):
    """'Add to Google Calendar' for the whole series (the rule travels along)."""
    params = {
        "action": "TEMPLATE",
        "text": activity.title,
        "dates": f"{_google_time(activity.start, activity.all_day)}/{_google_time(activity.end, activity.all_day)}",
        "ctz": TIMEZONE,
        "location": f"{activity.venue.name}, {activity.venue.address}",
        "details": f"{details(activity)}\n{domain}/{activity.url}",
    }
    if activity.rrule:
        params["recur"] = "RRULE:" + activity.rrule.to_ical().decode()
    return "https://calendar.google.com/calendar/render?" + urlencode(params)


def _place(venue):
    match = _POSTAL.match(venue.address)
    address = {"@type": "PostalAddress", "addressCountry": "DK"}
    if match:
        address |= {
            "streetAddress": match["street"],
            "postalCode": match["code"],
            "addressLocality": match["city"],
        }
    else:
        address["streetAddress"] = venue.address
    place = {"@type": "Place", "name": venue.name, "address": address}
    if venue.latitude is not None:
        place["geo"] = {"@type": "GeoCoordinates", "latitude": venue.latitude, "longitude": venue.longitude}
    return place


def _stamp(moment, all_day):
    return moment.date().isoformat() if all_day else moment.isoformat()


def json_ld(activity, coming, domain):
    """schema.org Event objects, one per coming occurrence, as a safe <script> body."""
    events = [
        {
            "@context": "https://schema.org",
            "@type": "Event",
            "name": o.title,
            "startDate": _stamp(o.start, o.all_day),
            "endDate": _stamp(o.end, o.all_day) if not o.all_day else o.last_day.isoformat(),
            "eventStatus": "https://schema.org/" + ("EventCancelled" if o.cancelled else "EventScheduled"),
            "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
            "location": _place(activity.venue),
            "description": description(activity),
            "url": f"{domain}/{activity.url}",
            "isAccessibleForFree": activity.price.lower() == "gratis",
            "organizer": {"@type": "Organization", "name": activity.organiser or "Bysekretariatet"},
        }
        for o in coming
    ]
    return json.dumps(events, ensure_ascii=False, indent=1).replace("</", "<\\/")


def rss(occurrences, settings, domain, build_day):
    """RSS 2.0 of the coming occurrences; the build date stands in for 'now'."""
    fg = FeedGenerator()
    link = f"{domain}/{settings['CALENDAR_URL']}"
    fg.title(f"{settings['SITENAME']}: kommende aktiviteter")
    fg.link(href=link, rel="alternate")
    fg.description("Det sker i Randers Nordby de næste uger.")
    fg.language("da")
    fg.lastBuildDate(dtstamp(build_day))
    for occurrence in reversed(occurrences[: settings["CALENDAR_RSS_MAX_ITEMS"]]):  # feedgen prepends
        entry = fg.add_entry()
        prefix = "AFLYST: " if occurrence.cancelled else ""
        entry.title(f"{prefix}{occurrence.title} – {occurrence_when(occurrence)}")
        entry.link(href=f"{domain}/{occurrence.url}")
        entry.guid(f"{occurrence.uid}/{occurrence.start:%Y%m%dT%H%M}", permalink=False)
        text = f"{occurrence.venue_name}, {occurrence.venue_address}."
        entry.description(f"{occurrence.note}. {text}" if occurrence.note else text)
        entry.category(term=occurrence.area)
    return fg.rss_str(pretty=True)
