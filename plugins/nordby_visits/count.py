"""The nightly count: each finished day of the log through GoAccess into the summary."""

import re
import tempfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from babel.dates import format_date

from . import goaccess, logs, summary

PDF = re.compile(r"^/nordbyposten/([^/]+)/[^/]+\.pdf$")


@dataclass(frozen=True)
class DayFigures:
    """What one day adds to the summary; no addresses, no browsers."""

    day: str
    visitors: int
    page_views: int
    calendar_subscribers: int
    feed_readers: int
    pages: tuple  # (path, views, readers)
    downloads: tuple  # (issue, file, distinct downloaders)


def _kinds(report):
    """{kind: (hits, visitors)} from the virtual-host panel, where nginx's request kind is."""
    rows = report.get("vhosts", {}).get("data", [])
    return {row["data"]: (row["hits"]["count"], row["visitors"]["count"]) for row in rows}


def _page_path(path):
    return path[: -len("index.html")] if path.endswith("/index.html") else path


def _pages(report):
    found = {}
    for row in report.get("requests", {}).get("data", []):
        path = _page_path(row["data"])
        if path.endswith("/") or path.endswith(".html"):
            views, readers = found.get(path, (0, 0))
            found[path] = (views + row["hits"]["count"], readers + row["visitors"]["count"])
    return tuple((path, views, readers) for path, (views, readers) in sorted(found.items()))


def _downloads(report):
    rows = report.get("static_requests", {}).get("data", [])
    matches = ((PDF.match(row["data"]), row["visitors"]["count"]) for row in rows)
    return tuple((m[1], m[0], count) for m, count in matches if m)


def figures(day, report):
    """One day's figures from GoAccess's JSON report of that day."""
    kinds = _kinds(report)
    return DayFigures(
        day=day.isoformat(),
        visitors=kinds.get("side", (0, 0))[1],
        page_views=kinds.get("side", (0, 0))[0],
        calendar_subscribers=kinds.get("kalender", (0, 0))[1],
        feed_readers=kinds.get("feed", (0, 0))[1],
        pages=_pages(report),
        downloads=_downloads(report),
    )


def _count(day, log, settings, oldest_report):
    """One day through GoAccess; its HTML report only if it is kept (a catch-up skips old ones)."""
    html = Path(settings["VISITS_REPORT_PATH"]) / f"{day.isoformat()}.html" if day >= oldest_report else None
    title = "Besøg på randersnordby.dk " + format_date(day, "d. MMMM y", locale="da_DK")
    return figures(day, goaccess.count_day(settings, log, log.with_suffix(".json"), html, title))


def oldest_report(settings, today):
    """The first day whose HTML report is kept: reports go when the raw logs do."""
    return today - timedelta(days=settings["VISITS_RETENTION_DAYS"])


def prune_reports(settings, today):
    """Delete daily HTML reports older than the raw logs are kept."""
    oldest = oldest_report(settings, today).isoformat()
    for report in Path(settings["VISITS_REPORT_PATH"]).glob("*.html"):
        if report.stem < oldest:
            report.unlink()


def _files(settings):
    files = logs.log_files(settings["VISITS_LOG"])
    if not files:
        raise SystemExit(
            f"Der er ingen besøgslog i {settings['VISITS_LOG']}. Tjek indstillingen VISITS_LOG, og at "
            "nginx bruger deploy/nginx-site.conf (README: 'Visitor figures and privacy')."
        )
    return files


def update(settings, today=None):
    """Count every finished day after the summary's last one; the days added, oldest first."""
    today = today or date.today()
    files = _files(settings)
    last = summary.last_day(settings["VISITS_SUMMARY"])
    after = date.fromisoformat(last) if last else None
    Path(settings["VISITS_REPORT_PATH"]).mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="nordby-besoeg-") as tmp:
        first = oldest_report(settings, today)
        # One GoAccess per day, started as soon as the day is whole; they run side by side.
        with ThreadPoolExecutor() as pool:
            days = logs.complete_days(files, Path(tmp), after, today)
            running = [pool.submit(_count, day, log, settings, first) for day, log in days]
            counted = [job.result() for job in running]
    if counted:
        summary.add_days(settings["VISITS_SUMMARY"], counted)
    prune_reports(settings, today)
    return counted


def message(counted, settings):
    """What `invoke besoeg` tells the editor, in Danish."""
    where = (
        f"Oversigten: {settings['VISITS_SUMMARY']}; GoAccess' rapporter: {settings['VISITS_REPORT_PATH']}/"
    )
    if not counted:
        return f"Ingen nye færdige dage i loggen at tælle. {where}"
    lines = [f"{d.day}: {d.visitors} besøgende, {d.page_views} sidevisninger" for d in counted]
    return "\n".join([*lines, f"{len(counted)} dage er lagt til. {where}"])
