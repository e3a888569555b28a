"""The calendar in a real Pelican build: pages, feeds, round trip, reproducibility, bad input."""

import json
import re
from datetime import date, datetime, timedelta

import feedparser
import pytest
import recurring_ical_events
import yaml
from bs4 import BeautifulSoup
from icalendar import Calendar
from pelican.settings import get_settings_from_file

from conftest import CALENDAR_BUILD_DATE, CONTENT, ROOT, copy_content, pelican, pelican_here

BUILD_DATE = CALENDAR_BUILD_DATE
ACTIVITIES = CONTENT / "aktiviteter"


def build(content, output, build_date=BUILD_DATE, *settings):
    return pelican(content, output, *settings, env={"NORDBY_BUILD_DATE": build_date})


def stopped_build(content, output, build_date=BUILD_DATE, *settings):
    """A build that is expected to stop before it writes: in this process, which is quicker."""
    return pelican_here(content, output, *settings, env={"NORDBY_BUILD_DATE": build_date})


@pytest.fixture(scope="module")
def site(calendar_site):
    """The sample site as on BUILD_DATE (shared with the calendar's browser tests)."""
    return calendar_site


def soup(path):
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def source_uids():
    found = {}
    for path in ACTIVITIES.glob("*.md"):
        match = re.search(r"^UID: (.+)$", path.read_text(encoding="utf-8"), re.MULTILINE)
        found[path.stem] = match.group(1)
    return found


def moment(value, all_day):
    """All-day entries compare by calendar day, timed ones by the instant."""
    if not all_day:
        return value.timestamp()
    return value.date() if isinstance(value, datetime) else value


def listed(site, first, end):
    """(uid, start, end, cancelled) of every entry the month pages list with a start in [first, end)."""
    entries = set()
    for page in sorted(site.glob("aktiviteter/2*/*/index.html")):
        for item in soup(page).select(".cal-item"):
            start, stop = (datetime.fromisoformat(item[k]) for k in ("data-start", "data-end"))
            all_day = item["data-all-day"] == "ja"
            if first <= start.date() < end:
                entries.add(
                    (
                        item["data-uid"],
                        moment(start, all_day),
                        moment(stop, all_day),
                        item["data-cancelled"] == "ja",
                    )
                )
    return entries


def expanded(ics_bytes, first, end):
    """The same, from an .ics file expanded by recurring-ical-events."""
    entries = set()
    for event in recurring_ical_events.of(Calendar.from_ical(ics_bytes)).between(first, end):
        all_day = not isinstance(event.start, datetime)
        start_day = event.start if all_day else event.start.date()
        if start_day >= first:
            cancelled = str(event.get("STATUS", "")) == "CANCELLED"
            entries.add(
                (str(event["UID"]), moment(event.start, all_day), moment(event.end, all_day), cancelled)
            )
    return entries


def test_ics_round_trip_matches_the_month_pages_date_for_date(site):
    first = date.fromisoformat(BUILD_DATE)
    end = first + timedelta(days=365)
    pages = listed(site, first, end)
    assert len(pages) > 300
    assert {uid for uid, *_ in pages} == set(source_uids().values())
    assert expanded((site / "kalender" / "alle.ics").read_bytes(), first, end) == pages


def test_feed_keeps_series_exceptions_and_is_rfc_5545_shaped(site):
    data = (site / "kalender" / "alle.ics").read_bytes()
    assert data.count(b"\r\n") == data.count(b"\n"), "every line ends in CRLF"
    assert max(len(line) for line in data.split(b"\r\n")) <= 75
    text = data.decode("utf-8").replace("\r\n ", "")
    assert text.startswith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:")
    for needle in (
        "X-WR-CALNAME:Randers Nordby: aktiviteter",
        "REFRESH-INTERVAL;VALUE=DURATION:PT12H",
        "BEGIN:VTIMEZONE\r\nTZID:Europe/Copenhagen",
        "RRULE:FREQ=WEEKLY;BYDAY=WE",
        "RRULE:FREQ=YEARLY;BYDAY=2TU;BYMONTH=1,3,5,8,10,12",
        "DTSTART;TZID=Europe/Copenhagen:20140108T100000",
        "RECURRENCE-ID;TZID=Europe/Copenhagen:20261209T100000",
        "STATUS:CANCELLED",
        "COMMENT:Aflyst pga. sygdom",
        "DTSTART;VALUE=DATE:20270628",
        "LOCATION:ParkCafeen\\, Parkstien 4\\, 8940 Randers NV",
    ):
        assert needle in text, needle
    # The explicit exclusion and the holidays (Skærtorsdag 2027) are EXDATEs of the series.
    assert re.search(r"EXDATE;TZID=Europe/Copenhagen:[^\r]*20261231T093000[^\r]*20270325T093000", text)
    assert re.findall(r"DTSTAMP:(\S+)\r\n", text) == ["20261126T000000Z"] * text.count("DTSTAMP:")
    assert set(re.findall(r"\nUID:(\S+)\r\n", text)) == set(source_uids().values())


@pytest.fixture(scope="module")
def again(tmp_path_factory):
    """The sample content built a second time on BUILD_DATE, in another folder, as one build for the
    tests of what may not change a site: a draft activity (in no output), pages read from all of
    content/ (the activities still only the calendar's), a plugin reading the calendar (its API)."""
    root = tmp_path_factory.mktemp("again")
    content = copy_content(root / "content")
    draft = (ACTIVITIES / "julefest-for-naboer.md").read_text(encoding="utf-8")
    draft = draft.replace("Title: Julefest for naboerne", "Title: Hemmelig kladde\nStatus: draft")
    draft = re.sub(r"UID: .+", "UID: kladde@randersnordby.dk", draft)
    (content / "aktiviteter" / "kladde.md").write_text(draft, encoding="utf-8")
    (root / "probe").mkdir()
    (root / "probe" / "__init__.py").write_text(API_PLUGIN, encoding="utf-8")
    # every plugin of the site, plus the probe
    plugins = json.dumps([*get_settings_from_file(str(ROOT / "pelicanconf.py"))["PLUGINS"], "probe"])
    settings = (f'PLUGIN_PATHS=["plugins", "{root}"]', f"PLUGINS={plugins}", 'PAGE_PATHS=[""]')
    result = build(content, root / "out", BUILD_DATE, *settings)
    assert result.returncode == 0, result.stdout + result.stderr
    return root / "out"


def test_two_builds_on_one_date_give_identical_ics_bytes(site, again):
    files = sorted(p.relative_to(site) for p in (site / "kalender").rglob("*.ics"))
    assert len(files) > 20
    for name in files:
        assert (site / name).read_bytes() == (again / name).read_bytes(), name


def test_upcoming_page_groups_by_iso_week_and_day(site):
    page = soup(site / "aktiviteter" / "index.html")
    weeks = [h.get_text() for h in page.select(".cal-week > h2")]
    assert weeks[:3] == ["Uge 48", "Uge 49", "Uge 50"]
    days = [h.get_text() for h in page.select(".cal-day h3")]
    assert "lørdag den 5. december" in days
    party = page.find(id="dag-2026-12-05")
    assert "Julefest for naboerne" in party.get_text() and "14.00–18.00" in party.get_text()
    cancelled = page.find(id="dag-2026-12-09").select_one(".cancelled")
    assert "Babycafé" in cancelled.get_text() and "Aflyst pga. sygdom" in cancelled.get_text()
    assert page.select_one('link[type="text/calendar"]')["href"].endswith("/kalender/alle.ics")


def test_activity_page_says_when_where_and_offers_calendar_links(site):
    page = soup(site / "aktiviteter" / "babycafe" / "index.html")
    assert page.select_one(".rule").get_text() == "Hver onsdag kl. 10.00–12.00, undtagen helligdage"
    assert "ParkCafeen, Parkstien 4, 8940 Randers NV" in page.select_one(".facts").get_text()
    coming = [li.get_text(" ", strip=True) for li in page.select(".next-dates li")]
    assert coming[0] == "onsdag den 2. december 2026 kl. 10.00–12.00"
    assert coming[1].endswith("Aflyst pga. sygdom")
    ics = page.find("a", string="Hent som kalenderfil (.ics)")["href"]
    assert (site / ics.lstrip("/")).exists()
    google = page.find("a", string="Læg i Google Kalender")["href"]
    assert "calendar.google.com" in google and "recur=RRULE%3AFREQ%3DWEEKLY%3BBYDAY%3DWE" in google
    events = json.loads(page.select_one('script[type="application/ld+json"]').string)
    assert 1 <= len(events) <= 10
    assert events[0]["@type"] == "Event" and events[0]["startDate"] == "2026-12-02T10:00:00+01:00"
    assert events[0]["location"]["address"]["postalCode"] == "8940"
    assert events[1]["eventStatus"] == "https://schema.org/EventCancelled"


def test_home_page_and_area_calendars_show_what_is_next(site):
    home = soup(site / "index.html")
    items = home.select(".upcoming-list li")
    assert len(items) == 6 and "Jobklub" in items[0].get_text()
    area = soup(site / "aktiviteter" / "omraade" / "udsatte-grupper" / "index.html")
    titles = {a.get_text() for a in area.select(".cal-item > a")}
    assert titles == {"Bankrådgiver i ParkCafeen"}
    assert area.select_one('link[href$="udsatte-grupper.ics"]')["type"] == "text/calendar"


def test_rss_of_coming_activities(site):
    feed = feedparser.parse((site / "feeds" / "aktiviteter.rss.xml").read_bytes())
    assert not feed.bozo
    titles = [e.title for e in feed.entries]
    assert titles[0] == "Jobklub – torsdag den 26. november 2026 kl. 09.30–11.30"
    assert "AFLYST: Babycafé – onsdag den 9. december 2026 kl. 10.00–12.00" in titles


def test_sitemap_lists_the_calendar_pages(site):
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    for path in (
        "aktiviteter/",
        "aktiviteter/2026/12/",
        "aktiviteter/babycafe/",
        "aktiviteter/omraade/sundhed/",
    ):
        assert f"<loc>http://localhost:8000/{path}</loc>" in sitemap


def test_activities_are_never_also_read_as_pages(again):
    # Even when pages are read from all of content/ (PAGE_PATHS=[""]), the activities are left to the calendar.
    assert not (again / "babycafe").exists()
    assert (again / "aktiviteter" / "babycafe" / "index.html").exists()


def test_ongoing_activities_fill_the_coming_weeks_years_from_now(tmp_path):
    output = tmp_path / "out"
    assert build(CONTENT, output, "2031-05-14").returncode == 0
    page = soup(output / "aktiviteter" / "index.html")
    assert page.select_one(".cal-week > h2").get_text() == "Uge 20"  # the build date's week, 2031-05-14
    assert len(page.select(".cal-item")) > 20
    assert len(soup(output / "index.html").select(".upcoming-list li")) == 6


def test_drafts_stay_out_of_every_output(again):
    """The build `again` has a draft activity, "Hemmelig kladde"."""
    for path in again.rglob("*"):
        if path.is_file() and path.suffix in {".html", ".ics", ".xml"}:
            assert "Hemmelig kladde" not in path.read_text(encoding="utf-8"), path


API_PLUGIN = '''"""Test plugin: prints what context["calendar"].occurrences() returns."""
import json
from datetime import date
from pathlib import Path

from pelican import signals
from pelican.generators import Generator


class Probe(Generator):
    def generate_output(self, writer):
        found = self.context["calendar"].occurrences(date(2027, 1, 1), date(2027, 5, 1))
        rows = [[o.title, o.start.isoformat(), o.end.isoformat(), o.all_day, o.venue_name, o.venue_address,
                 o.area, o.note, o.cancelled, o.url, o.uid] for o in found]
        Path(self.output_path, "probe.json").write_text(json.dumps(rows, ensure_ascii=False))


def get_generators(pelican):
    return Probe


def register():
    signals.get_generators.connect(get_generators)
'''


def test_other_plugins_read_four_months_through_the_calendar_api(again):
    """The build `again` has a probe plugin that writes what the calendar's API gives it."""
    rows = json.loads((again / "probe.json").read_text(encoding="utf-8"))
    starts = [r[1] for r in rows]
    assert starts == sorted(starts) and starts[0] >= "2027-01-01" and starts[-1] < "2027-05-01"
    course = [r for r in rows if r[0] == "Familieklassen – nyt hold"]
    assert len(course) == 12 and course[0][1] == "2027-01-12T09:00:00+01:00"
    assert course[0][4:7] == [
        "Beboerhuset i Vangdalen",
        "Vangdalen 2, 8940 Randers NV",
        "Børn, unge og familie",
    ]
    assert course[0][9] == "aktiviteter/familieklassen/"
    nature = next(r for r in rows if r[0] == "Naturdag på Nordre Fælled")
    assert nature[1:4] == ["2027-04-24T00:00:00+02:00", "2027-04-25T00:00:00+02:00", True]


BAD_INPUT = [
    # Activities are read by the project's reader, so its own checks apply too.
    ("babycafe.md", "Title: Babycafé\n", "", ":1: FEJL [Title] Feltet Title mangler."),
    ("babycafe.md", "End: 12:00", "End: 09:00", ":3: FEJL [End] Slutningen ligger før starten."),
    (
        "babycafe.md",
        "FREQ=WEEKLY;BYDAY=WE",
        "FREQ=WEEKLY;BYDAY=ONSDAG",
        ':4: FEJL [Rrule] Reglen "FREQ=WEEKLY;BYDAY=ONSDAG" kan ikke læses',
    ),
    (
        "babycafe.md",
        "Venue: parkcafeen",
        "Venue: parkcafe",
        ':7: FEJL [Venue] Stedet "parkcafe" er ikke kendt.',
    ),
    (
        "babycafe.md",
        "Category: Børn, unge og familie",
        "Category: Børn",
        ':8: FEJL [Category] Området "Børn" findes ikke.',
    ),
    (
        "babycafe.md",
        "Start: 2014-01-08 10:00",
        "Start: 7. januar kl. 10",
        ':2: FEJL [Start] "7. januar kl. 10" kan ikke læses som en dato.',
    ),
    (
        "jobklub.md",
        "Exdate: 2026-12-31",
        "Exdate: 2026-12-30",
        ":6: FEJL [Exdate] 2026-12-30 er ikke en af aktivitetens datoer.",
    ),
]


@pytest.mark.parametrize(("name", "old", "new", "message"), BAD_INPUT)
def test_bad_activity_stops_the_build_in_danish(tmp_path, name, old, new, message):
    content = copy_content(tmp_path / "content")
    path = content / "aktiviteter" / name
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    result = stopped_build(content, tmp_path / "out")
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert "Traceback" not in output and "Byggeriet er stoppet" in output
    assert f"content/aktiviteter/{name}{message}" in output
    assert not (tmp_path / "out").exists() or not list((tmp_path / "out").rglob("*.*")), (
        "nothing may be written"
    )


def test_duplicated_and_missing_uids_stop_the_build(tmp_path):
    content = copy_content(tmp_path / "content")
    folder = content / "aktiviteter"
    copy = (
        (folder / "babycafe.md").read_text(encoding="utf-8").replace("Title: Babycafé", "Title: Babycafé 2")
    )
    (folder / "zz-kopi.md").write_text(copy, encoding="utf-8")
    no_uid = re.sub(r"\nUID: .+", "", (folder / "linedance.md").read_text(encoding="utf-8"))
    (folder / "linedance.md").write_text(no_uid, encoding="utf-8")
    result = stopped_build(content, tmp_path / "out")
    output = result.stdout + result.stderr
    assert result.returncode == 1
    uid = source_uids()["babycafe"]
    assert (
        f'content/aktiviteter/zz-kopi.md:12: FEJL [UID] UID "{uid}" bruges også af content/aktiviteter/babycafe.md.'
        in output
    )
    assert "content/aktiviteter/linedance.md:1: FEJL [UID] Aktiviteten har intet fast UID." in output
    assert "./dev calendar-uids" in output


def test_unknown_venue_file_entries_and_settings_are_named(tmp_path):
    content = copy_content(tmp_path / "content")
    venues = yaml.safe_load((content / "data" / "steder.yml").read_text(encoding="utf-8"))
    venues.append({"noegle": "uden-adresse", "navn": "Et sted"})
    (content / "data" / "steder.yml").write_text(yaml.safe_dump(venues, allow_unicode=True), encoding="utf-8")
    output = stopped_build(content, tmp_path / "out")
    assert (
        "content/data/steder.yml: FEJL [adresse] Sted nr. 9 mangler 'adresse'."
        in output.stdout + output.stderr
    )
    wrong = stopped_build(CONTENT, tmp_path / "out3", "26-11-2026", "CALENDAR_MONTHS_AHAED=3")
    assert (
        wrong.returncode != 0
        and 'NORDBY_BUILD_DATE skal være en dato som 2026-12-01, ikke "26-11-2026"' in wrong.stderr
    )
    # A misspelt name is a warning (as in MkDocs) that says which name was meant.
    assert "Indstillingen CALENDAR_MONTHS_AHAED findes ikke" in wrong.stdout + wrong.stderr
    assert "mente du CALENDAR_MONTHS_AHEAD?" in wrong.stdout + wrong.stderr


def test_every_bad_field_of_a_file_is_listed_at_once(tmp_path):
    content = copy_content(tmp_path / "content")
    path = content / "aktiviteter" / "babycafe.md"
    text = path.read_text(encoding="utf-8").replace("Venue: parkcafeen", "Venue: ukendt")
    path.write_text(
        text.replace("End: 12:00", "End: 9:00").replace("Børn, unge og familie", "Børn"), encoding="utf-8"
    )
    result = stopped_build(content, tmp_path / "out")
    output = result.stdout + result.stderr
    assert result.returncode == 1
    for line in (":3: FEJL [End]", ":7: FEJL [Venue]", ":8: FEJL [Category]"):
        assert f"content/aktiviteter/babycafe.md{line}" in output
