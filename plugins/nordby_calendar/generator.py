"""The calendar generator: reads activity files, shares the calendar, writes pages and feeds."""

import functools
import logging
from collections import Counter
from datetime import date, timedelta
from pathlib import Path

from nordby_incremental.carried import Carried
from nordby_incremental.files import write_if_changed
from nordby_incremental.fingerprint import Fingerprints, Unknown
from pelican.generators import Generator
from pelican.urlwrappers import Category

from nordby_content.rules import RuleContext

from . import feeds
from .activity import ActivityDocument, ActivityError, ActivityErrors, parse_activity, problem
from .describe import rule_text
from .model import load_pauses, load_venues
from .pages import month_grid, months_between, shift_month, week_groups
from .series import build_series, is_ongoing, occurrences, overlapping, sort_key

logger = logging.getLogger(__name__)
PUBLIC = "published"
# The feeds keep the past twelve months, so the series (and their holiday EXDATEs) start there.
FEED_MONTHS_BACK = 12
# Occurrences outside the window (an old issue's printed calendar), carried to the next build.
_WIDER = Carried()


def danish_holidays(first, end):
    """{date: Danish name} of the public holidays from first to end, as a plain (fast) dict."""
    # Imported here: looking up one country imports all 250 of the library's (0.4 s, 20 MB).
    import holidays  # noqa: PLC0415

    years = range(first.year, end.year + 1)
    return dict(holidays.country_holidays("DK", language="da", years=years))


class CalendarData:
    """context["calendar"]: every occurrence between two dates, for templates and other plugins."""

    def __init__(self, series, window, pauses):
        self.series = series
        self.activities = [s.activity for s in series]
        self.window = window
        self._pauses = pauses
        self._by_uid = {s.activity.uid: occurrences(s, *window) for s in series}
        self._all = sorted((o for found in self._by_uid.values() for o in found), key=sort_key)

    def __fingerprint__(self):
        """What pages may show of the calendar (plugins/nordby_incremental compares it between builds)."""
        return [self.window, self.activities, self._all]

    def occurrences(self, start, end):
        """Occurrences that overlap [start, end) (end exclusive, like range()), sorted by start."""
        if self.window[0] <= start and end <= self.window[1]:
            return overlapping(self._all, start, end)
        if self.inputs is None:
            return self._wider(start, end)
        return _WIDER.get((self.inputs, start, end), lambda: self._wider(start, end))

    @functools.cached_property
    def inputs(self):
        """A digest of what every occurrence is made from (None: something without a digest)."""
        try:
            return Fingerprints().digest([self.window, self.activities, self._pauses])
        except Unknown:
            return None

    def _wider(self, start, end):
        if not self.activities:
            return []
        # From the window's start (an occurrence that began before `start` may still overlap it), but
        # only to `end`: an old issue's calendar needs no years of occurrences up to today's window.
        wider = (min(start, self.window[0]), end)
        days = danish_holidays(*wider)
        found = [
            o
            for a in self.activities
            for o in occurrences(build_series(a, *wider, days, self._pauses), start, end)
        ]
        return sorted(found, key=sort_key)

    def by_month(self, months):
        """{first day of month: occurrences overlapping that month}, in one pass."""
        found = {month: [] for month in months}
        for occurrence in self._all:
            month = occurrence.start.date().replace(day=1)
            while month <= occurrence.last_day:
                if month in found:
                    found[month].append(occurrence)
                month = shift_month(month, 1)
        return found

    def of_activity(self, activity):
        return self._by_uid[activity.uid]

    def pauses_between(self, start, end):
        """The named pauses (school holidays) that overlap [start, end), e.g. for a printed calendar."""
        return [p for p in self._pauses if p.first < end and start <= p.last]


class CalendarGenerator(Generator):
    """Activities are read with Pelican's readers, so they pass our reader and its Danish errors."""

    # On a first build, its files are written by a child beside the build (nordby_incremental/beside.py).
    write_beside = True

    def generate_context(self):
        settings = self.settings
        self.rules = RuleContext.of(settings)
        self.today = date.fromisoformat(settings["NORDBY_BUILD_DATE"])
        month = self.today.replace(day=1)
        self.window = (
            shift_month(month, -FEED_MONTHS_BACK),
            shift_month(month, settings["CALENDAR_MONTHS_AHEAD"] + 1),
        )
        docs = list(self._documents())
        venues, pauses = self._registries() if docs else ({}, [])  # a site without activities needs neither
        activities = self._activities(docs, venues, pauses)
        days = danish_holidays(*self.window) if activities else {}  # only series skip holidays
        series = self._checked(activities, days, pauses)
        self.calendar = CalendarData(series, self.window, pauses)
        self._share()

    def _documents(self):
        for path in sorted(self.get_files([self.settings["CALENDAR_PATH"]])):  # same order every build
            doc = self.readers.read_file(
                base_path=self.path, path=path, content_class=ActivityDocument, context=self.context
            )
            if doc.is_valid():  # an unreadable file is already in the problem log
                if "slug" not in doc.metadata:  # the file name is the address: babycafe.md -> babycafe
                    doc.slug = Path(path).stem
                yield doc

    def _registries(self):
        """The venues and pause periods; their problems go to the build's problem log."""
        venues, venue_problems = load_venues(self.settings)
        pauses, pause_problems = load_pauses(self.settings)
        self.rules.log.extend(venue_problems + pause_problems)
        return venues, pauses

    def _activities(self, docs, venues, pauses):
        """Every activity file that parses; each bad field becomes a problem."""
        names = {p.name.lower() for p in pauses}
        found = []
        for doc in docs:
            try:
                found.append(parse_activity(doc, self.rules, venues, names))
            except ActivityErrors as bad:
                self.rules.log.extend(problem(self.rules, doc, error) for error in bad.errors)
        self._unique_uids(found)
        return found

    def _unique_uids(self, activities):
        counts = Counter(a.uid for a in activities)
        for uid in (u for u, n in counts.items() if n > 1):
            same = sorted((a for a in activities if a.uid == uid), key=lambda a: a.source)
            for activity in same[1:]:
                fix = "slet linjen UID og kør './dev calendar-uids', så får filen et nyt"
                error = ActivityError("uid", f'UID "{uid}" bruges også af {same[0].source}.', fix)
                self.rules.log.add(problem(self.rules, activity.doc, error))

    def _checked(self, activities, holiday_days, pauses):
        """The series of public activities whose dates all resolve; drafts are checked but never shown."""
        good = []
        for activity in activities:
            try:
                series = build_series(activity, *self.window, holiday_days, pauses)
            except ActivityError as error:
                self.rules.log.add(problem(self.rules, activity.doc, error))
                continue
            if activity.doc.status == PUBLIC:
                good.append(series)
        return good

    def _share(self):
        """What templates and other plugins read: the calendar, the next activities, sitemap URLs."""
        settings, calendar = self.settings, self.calendar
        self.upcoming = calendar.occurrences(
            self.today, self.today + timedelta(days=settings["CALENDAR_UPCOMING_DAYS"])
        )
        self.areas = [Category(name, settings) for name in settings["NORDBY_AREAS"]]
        self.context["calendar"] = calendar
        self.context["upcoming_activities"] = self.upcoming[: settings["CALENDAR_HOME_ITEMS"]]
        self.context["calendar_areas"] = self.areas
        urls = [settings["CALENDAR_URL"]]
        urls += [self._month_url(m) for m in self._month_pages()]
        urls += [settings["CALENDAR_AREA_URL"].format(slug=a.slug) for a in self.areas]
        urls += [a.url for a in calendar.activities]
        self.context.setdefault("nordby_sitemap_extra", []).extend((u, None) for u in urls)

    def _month_pages(self):
        """First days of the months that get a page: CALENDAR_MONTHS_BACK back to the last ahead."""
        first = shift_month(self.today, -self.settings["CALENDAR_MONTHS_BACK"])
        return months_between(max(first, self.window[0]), self.window[1])

    def _month_url(self, month):
        return self.settings["CALENDAR_MONTH_URL"].format(year=month.year, month=month.month)

    def generate_output(self, writer):
        settings = self.settings
        self.domain = settings.get("FEED_DOMAIN") or settings.get("SITEURL", "")
        stamp = feeds.dtstamp(self.today)
        for series in self.calendar.series:
            feeds.decorate(series, self.domain, stamp)
        self._write_feeds(stamp)
        self._write_upcoming(writer)
        self._write_months(writer)
        self._write_areas(writer)
        for series in self.calendar.series:
            self._write_activity(writer, series)

    def _feed_series(self):
        cutoff = shift_month(self.today, -FEED_MONTHS_BACK)
        calendar = self.calendar
        return [
            s
            for s in calendar.series
            if is_ongoing(s, calendar.of_activity(s.activity), cutoff, self.window[1])
        ]

    def _write_feeds(self, stamp):
        settings, kept = self.settings, self._feed_series()
        self._write_bytes(
            settings["CALENDAR_ICS_ALL"], feeds.ics(kept, settings["CALENDAR_NAME"], settings, stamp)
        )
        for area in self.areas:
            mine = [s for s in kept if s.activity.area == area.name]
            name = f"{settings['CALENDAR_NAME']} – {area.name}"
            self._write_bytes(
                settings["CALENDAR_ICS_AREA"].format(slug=area.slug), feeds.ics(mine, name, settings, stamp)
            )
        for series in self.calendar.series:
            path = settings["CALENDAR_ICS_ACTIVITY"].format(slug=series.activity.slug)
            self._write_bytes(path, feeds.ics([series], series.activity.title, settings, stamp))
        self._write_bytes(
            settings["CALENDAR_RSS"], feeds.rss(self.upcoming, settings, self.domain, self.today)
        )

    def _write_bytes(self, path, data):
        if write_if_changed(Path(self.output_path) / path, data):
            logger.debug("Skrev %s", path)

    def _page(self, writer, url, template, **values):
        save_as = url + "index.html" if url.endswith("/") or not url else url
        writer.write_file(
            save_as,
            self.get_template(template),
            self.context,
            relative_urls=self.settings["RELATIVE_URLS"],
            url=url,
            page_url=url,
            build_day=self.today,
            ics_all=self.settings["CALENDAR_ICS_ALL"],
            month_url=self._month_url,
            **values,
        )

    def _write_upcoming(self, writer):
        self._page(
            writer,
            self.settings["CALENDAR_URL"],
            "calendar",
            weeks=week_groups(self.upcoming),
            months=self._months(),
        )

    def _months(self):
        return [(m, self._month_url(m)) for m in self._month_pages()]

    def _write_months(self, writer):
        months = self._month_pages()
        by_month = self.calendar.by_month(months)
        for index, month in enumerate(months):
            found = by_month[month]
            self._page(
                writer,
                self._month_url(month),
                "calendar_month",
                month=month,
                grid=month_grid(month, found),
                days=week_groups(found),
                previous=self._month_url(months[index - 1]) if index else None,
                next=self._month_url(months[index + 1]) if index + 1 < len(months) else None,
            )

    def _write_areas(self, writer):
        for area in self.areas:
            mine = [o for o in self.upcoming if o.area == area.name]
            url = self.settings["CALENDAR_AREA_URL"].format(slug=area.slug)
            ics_url = self.settings["CALENDAR_ICS_AREA"].format(slug=area.slug)
            self._page(writer, url, "calendar_area", area=area, weeks=week_groups(mine), area_ics=ics_url)

    def _write_activity(self, writer, series):
        activity, settings = series.activity, self.settings
        mine = self.calendar.of_activity(activity)
        coming = [o for o in mine if o.end.date() >= self.today][: settings["CALENDAR_NEXT_DATES"]]
        skipped = [(s, r) for s, r in series.skipped if s.toordinal() >= self.today.toordinal()]
        self._page(
            writer,
            activity.url,
            "activity",
            activity=activity,
            coming=coming,
            skipped=sorted(skipped, key=lambda pair: pair[0].toordinal())[: settings["CALENDAR_NEXT_DATES"]],
            rule=rule_text(activity),
            json_ld=feeds.json_ld(activity, coming[: settings["CALENDAR_JSONLD_MAX"]], self.domain),
            google_link=feeds.google_link(activity, self.domain),
            activity_ics=settings["CALENDAR_ICS_ACTIVITY"].format(slug=activity.slug),
            area=Category(activity.area, settings),
        )
