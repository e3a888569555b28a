"""`invoke besoeg` counting a year of logs at 2,000 visitors a day, beside GoAccess alone on them.

Run: .venv/bin/python bench/visitors.py [--visitors 2000] [--days 365]
Writes a year of nginx log lines in the shipped `nordby_visits` format (readers on phones and
desktops reading one to four pages, PDF downloads in range requests, calendar apps polling, feed
readers, crawlers, the office), one file a day as logrotate leaves them, then times
nordby_visits.count.update over all of it (one GoAccess per day, the summary, the HTML reports)
against one GoAccess run over the same lines (its parsing alone: the floor). Target: <= 30 s.
"""

import argparse
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "bench" / ".work" / "visitors"
# The script's own folder is not on the path (bench/calendar.py would shadow the standard library).
sys.path[0] = str(ROOT)
sys.path.insert(1, str(ROOT / "plugins"))
sys.path.insert(2, str(ROOT / "tests"))
from nordby_visits import count, goaccess, settings  # noqa: E402
from visits_traffic import CALENDAR_APPS, CRAWLERS, DESKTOPS, PHONES  # noqa: E402

FIRST = date(2025, 1, 1)
PAGES = ["/", "/aktiviteter/", "/nordbyposten/", *(f"/nyheder/2025/artikel-{n}/" for n in range(120))]
LINE = '{addr} - - [{time} +0100] "GET {path} HTTP/1.1" {status} {size} "{ref}" "{agent}" {kind}\n'
AGENTS = PHONES + DESKTOPS


def _stamp(day, rng):
    moment = datetime.combine(day, datetime.min.time()) + timedelta(seconds=rng.randrange(86000))
    return moment.strftime("%d/%b/%Y:%H:%M:%S")


def _reader(day, rng):
    addr, agent = f"{rng.randrange(1, 223)}.{rng.randrange(256)}.{rng.randrange(256)}.0", rng.choice(AGENTS)
    stamp = _stamp(day, rng)
    lines = [
        LINE.format(
            addr=addr,
            time=stamp,
            path=rng.choice(PAGES),
            status=200,
            size=9000,
            ref="-",
            agent=agent,
            kind="side",
        )
        for _ in range(rng.choice((1, 1, 2, 2, 3, 4)))
    ]
    if rng.random() < 0.05:
        pdf = f"/nordbyposten/2025-{rng.randrange(1, 4)}/nordbyposten-2025-{rng.randrange(1, 4)}.pdf"
        lines += [
            LINE.format(
                addr=addr, time=stamp, path=pdf, status=206, size=90000, ref="-", agent=agent, kind="pdf"
            )
        ] * 2
    return lines


def _others(day, rng):
    lines = []
    for n in range(150):  # calendar apps, each polling six times a day
        agent, addr = CALENDAR_APPS[n % 4], f"10.{n}.1.0"
        lines += [
            LINE.format(
                addr=addr,
                time=_stamp(day, rng),
                path="/kalender/alle.ics",
                status=200,
                size=4000,
                ref="-",
                agent=agent,
                kind="kalender",
            )
            for _ in range(6)
        ]
    for n in range(300):  # crawlers
        agent, addr = CRAWLERS[n % len(CRAWLERS)], f"66.249.{n % 200}.0"
        lines.append(
            LINE.format(
                addr=addr,
                time=_stamp(day, rng),
                path=rng.choice(PAGES),
                status=200,
                size=9000,
                ref="-",
                agent=agent,
                kind="side",
            )
        )
    for n in range(50):  # feed readers, four times a day
        lines += [
            LINE.format(
                addr=f"172.16.{n}.0",
                time=_stamp(day, rng),
                path="/feeds/alle.rss.xml",
                status=200,
                size=20000,
                ref="-",
                agent="Feedly/1.0",
                kind="feed",
            )
            for _ in range(4)
        ]
    return lines


def write_logs(folder, visitors, days):
    """One plain file a day, oldest last (log.N ... log.1, log), dated as logrotate leaves them."""
    folder.mkdir(parents=True, exist_ok=True)
    log, total = folder / "access.log", 0
    for n in range(days):
        day = FIRST + timedelta(days=n)
        rng = random.Random(n)
        lines = [line for _ in range(visitors) for line in _reader(day, rng)] + _others(day, rng)
        back = days - 1 - n
        path = log if back == 0 else log.with_name(f"access.log.{back}")
        path.write_text("".join(sorted(lines, key=lambda line: line[line.index("[") :])), encoding="utf-8")
        written = datetime.combine(day, datetime.max.time()).timestamp()
        os.utime(path, (written, written))
        total += len(lines)
    return log, total


def _cpu():
    """CPU seconds used so far by this process and its finished children (load-independent)."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def goaccess_alone(config, log):
    """One GoAccess over every file (JSON only): the parsing our count cannot avoid."""
    with tempfile.TemporaryDirectory() as tmp:
        args = goaccess.command(config, "-", [Path(tmp) / "alt.json"], "bench")
        files = sorted(log.parent.glob("access.log*"), key=lambda p: p.stat().st_mtime)
        started = time.perf_counter()
        cat = subprocess.Popen(["cat", *map(str, files)], stdout=subprocess.PIPE)
        subprocess.run(
            args, stdin=cat.stdout, check=True, capture_output=True, env={**os.environ, "LC_ALL": "C"}
        )
        cat.wait()
        return time.perf_counter() - started


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--visitors", type=int, default=2000)
    parser.add_argument("--days", type=int, default=365)
    args = parser.parse_args()
    shutil.rmtree(WORK, ignore_errors=True)
    log, lines = write_logs(WORK / "logs", args.visitors, args.days)
    config = settings.resolve(
        {
            "VISITS_LOG": str(log),
            "VISITS_SUMMARY": str(WORK / "besoeg" / "besoeg.sqlite"),
            "VISITS_REPORT_PATH": str(WORK / "besoeg" / "rapporter"),
            "VISITS_OFFICE_NETWORKS": ["192.0.2.0/24"],
        }
    )
    started, cpu = time.perf_counter(), _cpu()
    counted = count.update(config, today=FIRST + timedelta(days=args.days))
    ours, ours_cpu = time.perf_counter() - started, _cpu() - cpu
    cpu = _cpu()
    alone = goaccess_alone(config, log)
    alone_cpu = _cpu() - cpu
    mean = sum(d.visitors for d in counted) / len(counted)
    print(f"log lines:                    {lines:,} over {args.days} days ({lines / args.days:,.0f} a day)")
    print(f"visitors counted a day:       {mean:,.0f} (asked for {args.visitors:,})")
    print(f"invoke besoeg, all the days:  {ours:6.1f} s   target <= 30 s: {'ok' if ours <= 30 else 'OVER'}")
    print(
        f"  CPU time (all processes):   {ours_cpu:6.1f} s   on {os.cpu_count()} idle cores about {ours_cpu / os.cpu_count():.1f} s"
    )
    print(f"GoAccess alone, one run:      {alone:6.1f} s   (CPU {alone_cpu:.1f} s)")
    print(f"ratio ours / GoAccess alone:  {ours / alone:6.2f}")
    print(f"one night (one day):          {ours / args.days:6.2f} s")


if __name__ == "__main__":
    main()
