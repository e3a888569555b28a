"""Visitor figures: the real nginx logs no full address, GoAccess counts, logrotate deletes."""

import gzip
import http.client
import random
import re
import sqlite3
import subprocess
import time
from datetime import date
from pathlib import Path
from types import SimpleNamespace

import pytest
from nginx_local import LocalNginx
from pelican.settings import get_settings_from_file
from PIL import Image

import visits_traffic as traffic
from conftest import ROOT, copy_project, invoke
from nordby_visits import count, logrotate, settings, summary, yearly

FIRST, LAST = date(2026, 8, 1), date(2026, 10, 31)
# Readers and calendar subscribers a day, by month: the months must come out different.
PER_MONTH = {8: (12, 6), 9: (18, 9), 10: (26, 12)}
TODAY = date(2026, 11, 1)
DOTTED_QUAD = re.compile(rb"(?<![\d.])(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})(?![\d.])")


def wait_for_lines(log, count, seconds=5):
    """nginx writes its log line after the answer; wait until all of them are there."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if log.is_file() and len(log.read_text(encoding="utf-8").splitlines()) >= count:
            return
        time.sleep(0.05)


@pytest.fixture(scope="module")
def people():
    return traffic.readers() + traffic.subscribers() + traffic.crawlers() + traffic.office()


@pytest.fixture(scope="module")
def captured(tmp_path_factory, people):
    """Every visitor's requests sent once through the real nginx with the shipped configuration."""
    root = traffic.webroot(tmp_path_factory.mktemp("webroot"))
    with LocalNginx(root) as nginx:
        for visitor in people:
            traffic.send(nginx.port, visitor)
    assert "[warn]" not in nginx.error_log() and "[emerg]" not in nginx.error_log(), nginx.error_log()
    logged = [r for v in people for r in v.requests if not r[0].endswith(".css") and r[0] != traffic.DESK]
    wait_for_lines(nginx.access_log, len(logged))
    lines = nginx.access_log.read_text(encoding="utf-8").splitlines(keepends=True)
    by_address = {}
    for line in lines:
        by_address.setdefault(line.split(" ", 1)[0], []).append(line)
    return SimpleNamespace(log=nginx.access_log, lines=lines, by_address=by_address)


@pytest.fixture(scope="module")
def counted(tmp_path_factory, people, captured):
    """Three months of logs, counted by the task's own function.

    nginx stamps every line with the time it answered, and its clock cannot be set back for a
    test. So the real requests above prove the format and the anonymisation, and here each
    visitor's real lines are repeated on the days the plan makes them active, with only the
    [$time_local] field moved to a moment of that day (traffic.day_lines).
    """
    folder = tmp_path_factory.mktemp("visits")
    plan = traffic.plan(FIRST, LAST, people, PER_MONTH)
    rng = random.Random(1)
    days = {day: traffic.day_lines(day, vs, captured.by_address, rng) for day, vs in plan.days.items()}
    traffic.write_rotated(folder / "access.log", days)
    config = settings.resolve(
        {
            "VISITS_LOG": str(folder / "access.log"),
            "VISITS_SUMMARY": str(folder / "besoeg" / "besoeg.sqlite"),
            "VISITS_REPORT_PATH": str(folder / "besoeg" / "rapporter"),
            "VISITS_OFFICE_NETWORKS": [traffic.OFFICE_NETWORK],
        }
    )
    added = count.update(config, today=TODAY)
    return SimpleNamespace(settings=config, plan=plan, added=added, folder=folder)


def month_figures(config, month):
    return summary.query(
        config["VISITS_SUMMARY"],
        "SELECT sum(visitors), sum(page_views), sum(calendar_subscribers) FROM days WHERE substr(day, 6, 2) = ?",
        f"{month:02d}",
    )[0]


def close(found, expected):
    return abs(found - expected) <= 0.05 * expected


def test_the_log_holds_what_was_asked_for_without_addresses_or_searches(captured, people):
    text = "".join(captured.lines)
    assert captured.lines, "nginx wrote no visitor log"
    for visitor in people:
        assert visitor.address not in text
        assert visitor.logged in captured.by_address, f"{visitor.kind} {visitor.address} is not in the log"
    assert "Fatima" not in text and "?q=" not in text, "a search must never be logged"
    assert "/soeg/ HTTP/1.1" in text
    assert ".css" not in text, "theme files are not logged"
    assert traffic.DESK not in text, "the editors' desk is not logged"
    assert re.search(r'"GET /nordbyposten/2026-1/nordbyposten-2026-1\.pdf HTTP/1\.1" 206 \d+ .* pdf\n', text)
    assert re.search(r'"GET /kalender/alle\.ics HTTP/1\.1" 200 \d+ .* kalender\n', text)


ADDRESSES = {
    "192.0.2.77": "192.0.2.0",
    "203.0.113.254": "203.0.113.0",
    "2001:db8:85a3:8d3:1319:8a2e:370:7348": "2001:db8:85a3::",
    "2001:db8:4:5::9": "2001:db8:4::",
    "2001:db8::1": "2001:db8::",
    "2a02:aa1::1234": "2a02:aa1::",
    "::ffff:198.51.100.23": "198.51.100.0",
}


def test_the_shipped_map_zeroes_the_last_part_of_every_address(tmp_path):
    """Through a trusted proxy header (test only), nginx's map sees any IPv4 or IPv6 address."""
    root = traffic.webroot(tmp_path / "root")
    with LocalNginx(root, trust_proxy=True) as nginx:
        for n, address in enumerate(ADDRESSES):
            connection = http.client.HTTPConnection("127.0.0.1", nginx.port, timeout=10)
            connection.request("GET", f"/nyheder/{n}/", headers={"X-Forwarded-For": address})
            connection.getresponse().read()
            connection.close()
        wait_for_lines(nginx.access_log, len(ADDRESSES) + 1)  # + nginx_local's readiness probe
    text = nginx.access_log.read_text(encoding="utf-8")
    for n, (address, logged) in enumerate(ADDRESSES.items()):
        assert re.search(rf'^{re.escape(logged)} - - \[[^]]+\] "GET /nyheder/{n}/ ', text, re.M), (
            address,
            text,
        )
        assert address not in text


def test_each_month_counts_the_known_readers_within_five_percent(counted):
    months = {}
    for month in PER_MONTH:
        visitors, views, subscriber_days = month_figures(counted.settings, month)
        expected = counted.plan.expected(month)
        months[month] = visitors
        assert close(visitors, expected["visitors"]), (month, visitors, expected)
        assert close(views, expected["page_views"]), (month, views, expected)
        assert close(subscriber_days, expected["subscriber_days"]), (month, subscriber_days, expected)
    assert months[8] < months[9] < months[10], "the plan's months differ, so must the counts"


def test_crawlers_and_the_office_are_not_counted(counted):
    pages = {
        p for (p,) in summary.query(counted.settings["VISITS_SUMMARY"], "SELECT DISTINCT path FROM pages")
    }
    assert traffic.ARTICLES[0] in pages and "/soeg/" in pages
    assert traffic.ROBOTS_ONLY not in pages, "a page only crawlers read was counted"
    assert traffic.OFFICE_ONLY not in pages, "a page only the office read was counted"
    # Six crawlers and three office browsers every day would put every month far above 5 %.
    for month in PER_MONTH:
        assert month_figures(counted.settings, month)[0] <= 1.05 * counted.plan.expected(month)["visitors"]


def test_downloads_per_issue_and_the_most_read_article(counted):
    for month in PER_MONTH:
        expected = counted.plan.expected(month)["downloads"]
        found = dict(
            summary.query(
                counted.settings["VISITS_SUMMARY"],
                "SELECT issue, sum(downloads) FROM downloads WHERE substr(day, 6, 2) = ? GROUP BY issue",
                f"{month:02d}",
            )
        )
        for issue in traffic.ISSUES:
            assert close(found.get(issue, 0), expected[issue]), (month, issue, found, expected)
    views = summary.query(
        counted.settings["VISITS_SUMMARY"], "SELECT path FROM pages GROUP BY path ORDER BY sum(views) DESC"
    )
    assert views[0][0] == traffic.ARTICLES[0]


def test_every_finished_day_once_and_reports_for_the_kept_days(counted):
    assert [d.day for d in counted.added] == [day.isoformat() for day in sorted(counted.plan.days)]
    assert count.update(counted.settings, today=TODAY) == [], "a second run counts nothing twice"
    reports = sorted(p.stem for p in Path(counted.settings["VISITS_REPORT_PATH"]).glob("*.html"))
    assert reports == [f"2026-10-{d:02d}" for d in range(2, 32)], "reports are kept as long as the raw logs"
    html = (Path(counted.settings["VISITS_REPORT_PATH"]) / "2026-10-31.html").read_text(encoding="utf-8")
    assert "31. oktober 2026" in html


def test_no_file_of_the_logging_or_the_counting_holds_a_full_address(counted, captured, people):
    written = [
        captured.log,
        *counted.folder.glob("access.log*"),
        *Path(counted.settings["VISITS_SUMMARY"]).parent.rglob("*"),
    ]
    files = [p for p in written if p.is_file()]
    assert len(files) > 30
    full = [v.address.encode() for v in people]
    for path in files:
        data = gzip.decompress(path.read_bytes()) if path.suffix == ".gz" else path.read_bytes()
        assert not [a for a in full if a in data], path
        quads = {m[0] for m in DOTTED_QUAD.finditer(data) if m[1] == b"127"}
        assert all(q.endswith(b".0") for q in quads), (path, quads)
    db = sqlite3.connect(counted.settings["VISITS_SUMMARY"])
    dumped = "\n".join(db.iterdump()).encode()
    assert not DOTTED_QUAD.search(dumped), "the summary holds no addresses at all"
    assert b"Mozilla" not in dumped and b"iPhone" not in dumped, "nor browsers"


def test_raw_logs_are_rotated_and_deleted_after_the_set_days(tmp_path):
    """The real logrotate with the shipped configuration, VISITS_RETENTION_DAYS = 3, one run a day."""
    root = traffic.webroot(tmp_path / "root")
    log = tmp_path / "logs" / "randersnordby.access.log"
    log.parent.mkdir()
    config = settings.resolve({"VISITS_LOG": str(log), "VISITS_RETENTION_DAYS": 3})
    with LocalNginx(root, access_log=log) as nginx:
        conf = tmp_path / "logrotate.conf"
        # nginx reopens its log on USR1, as `invoke-rc.d nginx rotate` makes the server's do.
        conf.write_text(logrotate.render(config, reopen=f"kill -USR1 {nginx.process.pid}"), encoding="utf-8")
        for day in range(6):
            traffic.send(
                nginx.port, traffic.Visitor("reader", "127.0.0.1", traffic.PHONES[0], [(f"/dag-{day}/", {})])
            )
            wait_for_lines(log, 1)
            rotate = ["/usr/sbin/logrotate", "--force", "--state", str(tmp_path / "state"), str(conf)]
            subprocess.run(rotate, check=True, capture_output=True)
            time.sleep(0.3)  # the master passes USR1 on to the worker, which reopens the file
    kept = sorted(p.name for p in log.parent.iterdir())
    assert kept == [log.name, f"{log.name}.1", f"{log.name}.2.gz", f"{log.name}.3.gz"]
    text = log.with_name(f"{log.name}.1").read_text() + "".join(
        gzip.decompress(log.with_name(f"{log.name}.{n}.gz").read_bytes()).decode() for n in (2, 3)
    )
    assert [d for d in range(6) if f"/dag-{d}/" in text] == [3, 4, 5], "days 0-2 are older than 3 days"


def test_the_om_page_tells_readers_the_days_the_log_is_kept():
    days = settings.resolve(get_settings_from_file(str(ROOT / "pelicanconf.py")))
    page = (ROOT / "content" / "pages" / "om-bysekretariatet.md").read_text(encoding="utf-8")
    assert f"slettet efter {days['VISITS_RETENTION_DAYS']} dage" in page


def bars_in(png):
    """How many bars of the chart's colour cross a line just above the bottom axis."""
    image = Image.open(png).convert("RGB")
    colour = tuple(int(yearly.BAR_COLOUR[i : i + 2], 16) for i in (1, 3, 5))
    runs, inside = 0, False
    row = image.height - int(image.height * 0.2)
    for x in range(image.width):
        hit = image.getpixel((x, row)) == colour
        runs += hit and not inside
        inside = hit
    return runs


def test_yearly_rows_and_the_chart_of_three_months(counted, tmp_path):
    articles = [
        SimpleNamespace(url=a.lstrip("/"), title=f"Artikel {n}") for n, a in enumerate(traffic.ARTICLES)
    ]
    rows = yearly.rows(counted.settings, 2026, articles)
    figures = {(section, what): number for section, what, number in rows}
    expected = {m: counted.plan.expected(m)["visitors"] for m in PER_MONTH}
    for month, name in ((8, "august"), (9, "september"), (10, "oktober")):
        assert close(figures[(yearly.VISITORS, name)], expected[month])
    mean = figures[(yearly.VISITORS, "Gennemsnit pr. måned")]
    assert mean == round(sum(figures[(yearly.VISITORS, n)] for n in ("august", "september", "oktober")) / 3)
    assert (
        f"i gennemsnit ca. {mean} besøgende om måneden i 2026"
        in figures[(yearly.VISITORS, "Til årsrapporten")]
    )
    assert next(what for section, what, _ in rows if section == yearly.ARTICLES) == "Artikel 0"
    assert {what for section, what, _ in rows if section == yearly.DOWNLOADS} == {
        "Nordbyposten 2026-1",
        "Nordbyposten 2026-2",
    }
    assert figures[(yearly.CALENDAR, "Højeste på én dag")] == max(n for _, n in PER_MONTH.values())

    png = yearly.chart(counted.settings, 2026, tmp_path / "statistik-2026.csv")
    assert png == tmp_path / "statistik-2026-besoegende.png"
    assert bars_in(png) == 3


def test_a_year_without_figures_says_so(counted):
    rows = yearly.rows(counted.settings, 2013, [])
    assert rows == [(yearly.VISITORS, "Besøgende", yearly.NO_FIGURES)]
    assert yearly.chart(counted.settings, 2013, "statistik-2013.csv") is None


def test_the_task_counts_with_the_projects_settings(counted, tmp_path):
    """`invoke besoeg` in a copy of the project, with VISITS_* set in its pelicanconf.py.

    (`invoke stats` with these figures: tests/test_stats.py, which runs it once for all its rows.)
    """
    project = copy_project(tmp_path)
    with open(project / "pelicanconf.py", "a", encoding="utf-8") as conf:
        conf.write(f"VISITS_LOG = {counted.settings['VISITS_LOG']!r}\n")
        conf.write(f"VISITS_OFFICE_NETWORKS = [{traffic.OFFICE_NETWORK!r}]\n")
    result = invoke(project, "besoeg")
    assert result.returncode == 0, result.stderr
    assert f"{len(counted.added)} dage er lagt til." in result.stdout
    ours = summary.query(project / "besoeg" / "besoeg.sqlite", "SELECT * FROM days ORDER BY day")
    assert ours == summary.query(counted.settings["VISITS_SUMMARY"], "SELECT * FROM days ORDER BY day")

    again = invoke(project, "besoeg")
    assert "Ingen nye færdige dage i loggen at tælle." in again.stdout

    result = invoke(project, "besoeg", "--logrotate", str(tmp_path / "randersnordby"))
    assert "loggen slettes efter 30 dage" in result.stdout
    rotation = (tmp_path / "randersnordby").read_text(encoding="utf-8")
    assert f"{counted.settings['VISITS_LOG']} {{" in rotation and "rotate 30" in rotation


def test_a_missing_log_is_explained_in_danish(tmp_path):
    config = settings.resolve(
        {"VISITS_LOG": str(tmp_path / "ingen.log"), "VISITS_SUMMARY": str(tmp_path / "s.db")}
    )
    with pytest.raises(
        SystemExit, match=r"Der er ingen besøgslog i .*ingen\.log\. Tjek indstillingen VISITS_LOG"
    ):
        count.update(config)
    assert not (tmp_path / "s.db").exists()


def test_bad_settings_are_named():
    with pytest.raises(SystemExit) as stop:
        settings.resolve({"VISITS_RETENTION_DAYS": "30", "VISITS_OFFICE_NETWORKS": ["kontoret"]})
    assert "VISITS_RETENTION_DAYS" in str(stop.value) and "VISITS_OFFICE_NETWORKS" in str(stop.value)
