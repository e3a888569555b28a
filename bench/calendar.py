"""Calendar benchmark: the sample site with 200 extra weekly activities against the same site without.

Run: .venv/bin/python bench/calendar.py [--activities 200] [--runs 2]
Both builds are cold (fresh cache) with one fixed build date; the best of --runs is kept,
for the wall clock and for the CPU time of the build process.
Prints both build times and the time the activities add (target <= 2 s).
"""

import argparse
import os
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "bench" / ".work" / "calendar"
BUILD_DATE = "2026-11-26"
sys.path.insert(0, str(ROOT))
from pelicanconf import NORDBY_AREAS  # noqa: E402

DAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]
VENUES = ["parkcafeen", "cafe-parken", "vangdalen", "bibliotek", "kaelderen"]


def activity(n):
    """One weekly activity running for a year from the build date, some with holidays skipped."""
    hour = 9 + n % 10
    return (
        f"Title: Ugentlig aktivitet nummer {n}\n"
        f"Start: 2026-11-{23 + n % 7} {hour:02d}:00\nEnd: {hour + 1:02d}:30\n"
        f"Rrule: FREQ=WEEKLY;BYDAY={DAYS[n % 7]};COUNT=52\n"
        f"Skip_holidays: {'ja' if n % 2 else 'nej'}\n"
        f"{'Pause: sommerferie' + chr(10) if n % 3 == 0 else ''}"
        f"Venue: {VENUES[n % len(VENUES)]}\nCategory: {NORDBY_AREAS[n % 6]}\n"
        f"Summary: En af de mange aktiviteter i Nordby.\nUID: bench-{n}@randersnordby.dk\n\n"
        "Alle er velkomne. Kom som du er.\n"
    )


def make_content(path, count):
    shutil.copytree(ROOT / "content", path)
    for n in range(count):
        (path / "aktiviteter" / f"bench-{n}.md").write_text(activity(n), encoding="utf-8")


def cold_build(content, name):
    output, cache = WORK / name, WORK / f"{name}-cache"
    shutil.rmtree(output, ignore_errors=True)
    shutil.rmtree(cache, ignore_errors=True)
    cmd = [sys.executable, "-m", "pelican", str(content), "-o", str(output), "-s", "pelicanconf.py"]
    cmd += ["-e", f'CACHE_PATH="{cache}"']
    env = {**os.environ, "NORDBY_BUILD_DATE": BUILD_DATE}
    before, start = resource.getrusage(resource.RUSAGE_CHILDREN), time.perf_counter()
    subprocess.run(cmd, cwd=ROOT, check=True, capture_output=True, env=env)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    # CPU time as well: on a shared machine the wall clock also measures the neighbours.
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return time.perf_counter() - start, cpu


def best(runs):
    """The fastest wall time and the smallest CPU time of several runs."""
    return min(wall for wall, _ in runs), min(cpu for _, cpu in runs)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--activities", type=int, default=200)
    parser.add_argument("--runs", type=int, default=2)
    args = parser.parse_args()
    shutil.rmtree(WORK, ignore_errors=True)
    WORK.mkdir(parents=True)
    plain, busy = WORK / "content-plain", WORK / "content-busy"
    make_content(plain, 0)
    make_content(busy, args.activities)
    without = best([cold_build(plain, "plain") for _ in range(args.runs)])
    with_them = best([cold_build(busy, "busy") for _ in range(args.runs)])
    pages = len(list((WORK / "busy").rglob("*.html")))
    print(f"extra weekly activities:     {args.activities} (52 weeks each)")
    print("                             wall      cpu")
    print(f"sample site, cold:           {without[0]:6.2f} s  {without[1]:6.2f} s")
    print(f"with the activities, cold:   {with_them[0]:6.2f} s  {with_them[1]:6.2f} s   ({pages} HTML pages)")
    added = (with_them[0] - without[0], with_them[1] - without[1])
    print(f"added by the activities:     {added[0]:6.2f} s  {added[1]:6.2f} s   (target <= 2.00)")


if __name__ == "__main__":
    main()
