"""Synthetic readers for the visitor tests: who asks the real nginx for what, and from where.

Every visitor has a full loopback address of its own (127.0.0.0/8 is all loopback on Linux, so a
client can send from any of them) in a /24 of its own, so nginx's zeroed addresses stay distinct.
"""

import gzip
import http.client
import os
import random
from dataclasses import dataclass
from datetime import datetime, timedelta

PHONES = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
    "Version/17.5 Mobile/15E148 Safari/604.1",
    "Mozilla/5.0 (Linux; Android 14; SM-A546B) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/126.0.6478.122 Mobile Safari/537.36",
)
DESKTOPS = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36",
    "Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15",
)
CALENDAR_APPS = (
    "iOS/17.5 (21F79) dataaccessd/1.0",
    "Microsoft Office/16.0 (Windows NT 10.0; Microsoft Outlook 16.0.17029; Pro)",
    "DAVx5/4.3.9-ose (2023/12/19; dav4jvm; okhttp/4.12.0) Android/14",
    "Mozilla/5.0 (X11; Linux x86_64; rv:115.0) Gecko/20100101 Thunderbird/115.5.0",
)
CRAWLERS = (
    "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
    "Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)",
    "Mozilla/5.0 (compatible; YandexBot/3.0; +http://yandex.com/bots)",
    "Mozilla/5.0 (compatible; AhrefsBot/7.0; +http://ahrefs.com/robot/)",
    "DuckDuckBot/1.1; (+http://duckduckgo.com/duckduckbot.html)",
    "Mozilla/5.0 (compatible; SemrushBot/7~bl; +http://www.semrush.com/bot.html)",
)
ARTICLES = tuple(f"/nyheder/2026/artikel-{n}/" for n in range(4))
ISSUES = ("2026-1", "2026-2")
PDF = "/nordbyposten/{0}/nordbyposten-{0}.pdf"
CALENDARS = ("/kalender/alle.ics", "/kalender/omraade/sundhed.ics")
OFFICE_NETWORK = "127.99.0.0/24"
ROBOTS_ONLY, OFFICE_ONLY, DESK = "/kun-robotter/", "/kun-kontoret/", "/redaktion/"


@dataclass
class Visitor:
    """One source of requests: a full address, a browser, and the requests it sends."""

    kind: str  # reader, subscriber, crawler, office
    address: str
    agent: str
    requests: list  # (path, headers)

    @property
    def logged(self):
        """The address as the log must show it: the last part zeroed."""
        return self.address.rsplit(".", 1)[0] + ".0"

    def pages(self):
        return sum(1 for path, _ in self.requests if path.endswith("/") or "/?" in path)

    def issues(self):
        return {issue for issue in ISSUES for path, _ in self.requests if path == PDF.format(issue)}


def readers(count=40):
    """Phone and desktop readers; the first half reads the first article, so it is the most read."""
    found = []
    for i in range(count):
        agent = PHONES[i % 2] if i % 2 == 0 else DESKTOPS[i % 3]
        article = ARTICLES[0] if i < count // 2 else ARTICLES[1 + i % 3]
        requests = [(article, {}), ("/theme/css/site.0123456789.css", {})]
        if i % 3 == 0:
            requests.append(("/", {}))
        if i % 7 == 0:  # the search page: what was searched for must never reach the log
            requests.append(("/soeg/?q=Fatima+Hansen", {}))
        if i % 5 == 0:  # a PDF viewer fetches in pieces: two range requests are one download
            pdf = PDF.format(ISSUES[i % 2])
            requests += [(pdf, {"Range": "bytes=0-99"}), (pdf, {"Range": "bytes=100-"})]
        found.append(Visitor("reader", f"127.20.{i}.{10 + i}", agent, requests))
    return found


def subscribers(count=12):
    """Calendar apps polling the .ics feeds (twice a day each)."""
    return [
        Visitor("subscriber", f"127.30.{j}.{20 + j}", CALENDAR_APPS[j % 4], [(CALENDARS[j % 2], {})] * 2)
        for j in range(count)
    ]


def crawlers():
    pages = [(p, {}) for p in ("/", *ARTICLES, ROBOTS_ONLY, PDF.format(ISSUES[0]), CALENDARS[0])]
    return [Visitor("crawler", f"127.40.{k}.5", agent, pages) for k, agent in enumerate(CRAWLERS)]


def office():
    pages = [("/", {}), (OFFICE_ONLY, {}), (ARTICLES[1], {}), (DESK, {})]
    return [Visitor("office", f"127.99.0.{31 + n}", DESKTOPS[n], pages) for n in range(3)]


def send(port, visitor):
    """Send the visitor's requests from its own loopback address."""
    for path, headers in visitor.requests:
        connection = http.client.HTTPConnection(
            "127.0.0.1", port, timeout=10, source_address=(visitor.address, 0)
        )
        connection.request("GET", path, headers={"User-Agent": visitor.agent, **headers})
        connection.getresponse().read()
        connection.close()


def webroot(folder):
    """A small static site with the shapes of ours: pages, theme file, PDFs, calendars, 404."""
    files = {
        "index.html": "<h1>Forside</h1>",
        "404.html": "<h1>Siden findes ikke</h1>",
        "soeg/index.html": "<h1>Søg</h1>",
        "theme/css/site.0123456789.css": "body{}",
        ROBOTS_ONLY.strip("/") + "/index.html": "<h1>Kun for robotter</h1>",
        OFFICE_ONLY.strip("/") + "/index.html": "<h1>Kun for kontoret</h1>",
        DESK.strip("/") + "/index.html": "<h1>Redaktionen</h1>",
        **{a.strip("/") + "/index.html": f"<h1>{a}</h1>" for a in ARTICLES},
        **{c.strip("/"): "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n" for c in CALENDARS},
        **{PDF.format(i).strip("/"): "%PDF-1.7\n" + "x" * 500 for i in ISSUES},
    }
    for name, text in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def _restamp(line, moment):
    """The same log line at another moment (only the [$time_local] field changes)."""
    start, end = line.index("[") + 1, line.index("]")
    return line[:start] + moment.strftime("%d/%b/%Y:%H:%M:%S +0100") + line[end:]


@dataclass
class Plan:
    """Who is active on which day, so the expected figures are known before anything is counted."""

    days: dict  # date -> [Visitor]

    def expected(self, month):
        active = [v for day, vs in self.days.items() if day.month == month for v in vs]
        read = [v for v in active if v.kind == "reader"]
        return {
            "visitors": len(read),
            "page_views": sum(v.pages() for v in read),
            "downloads": {i: sum(i in v.issues() for v in read) for i in ISSUES},
            "subscriber_days": sum(v.kind == "subscriber" for v in active),
        }


def plan(start, end, people, per_month, seed=15):
    """Each day: a month-dependent number of readers and subscribers, every crawler, the office."""
    rng, days, day = random.Random(seed), {}, start
    by_kind = {k: [v for v in people if v.kind == k] for k in ("reader", "subscriber", "crawler", "office")}
    while day <= end:
        n_readers, n_subscribers = per_month[day.month]
        n_readers = max(1, n_readers + rng.randint(-3, 3))
        days[day] = (
            rng.sample(by_kind["reader"], n_readers)
            + by_kind["subscriber"][:n_subscribers]
            + by_kind["crawler"]
            + by_kind["office"]
        )
        day += timedelta(days=1)
    return Plan(days)


def day_lines(day, visitors, captured, rng):
    """The day's log lines: each visitor's real nginx lines at a moment of that day, in time order."""
    stamped = []
    for visitor in visitors:
        start = datetime.combine(day, datetime.min.time()) + timedelta(seconds=rng.randrange(0, 86000))
        stamped += [(start + timedelta(seconds=n), line) for n, line in enumerate(captured[visitor.logged])]
    return [_restamp(line, moment) for moment, line in sorted(stamped)]


def write_rotated(log, days_lines):
    """One file per day as logrotate leaves them: log (newest), log.1, log.2.gz, ... dated as written."""
    ordered = sorted(days_lines, reverse=True)
    for n, day in enumerate(ordered):
        path = log if n == 0 else log.with_name(f"{log.name}.{n}" + (".gz" if n > 1 else ""))
        data = "".join(days_lines[day]).encode("utf-8")
        path.write_bytes(gzip.compress(data) if path.suffix == ".gz" else data)
        written = datetime.combine(day, datetime.max.time()).timestamp()
        os.utime(path, (written, written))
