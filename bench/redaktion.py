"""Web desk benchmark: residents' submissions per second, and the publish button against ./dev publish.

Run: .venv/bin/python bench/redaktion.py [--submissions 200] [--clients 8]
1. gunicorn (3 workers, as deploy/redaktion.service) over a copy of content/ in a fresh git
   repository; --clients residents send --submissions stories, each with one phone photo, through
   the real form (CSRF token, multipart). Prints submissions/s and the p95 latency.
   Targets: >= 20 submissions/s, p95 <= 500 ms.
2. The publish button in the desk (from POST to `current` switched) vs `invoke publish` from the
   command line over the same sample content, in the same run. Target: <= 1.2x.
"""

import argparse
import os
import shutil
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "bench" / ".work" / "redaktion"
sys.path[0] = str(ROOT)
sys.path[1:1] = [str(ROOT / "plugins"), str(ROOT / "tests")]

from desk_helpers import (  # noqa: E402 - after the path is set
    PASSWORD,
    browser_session,
    csrf_token,
    make_repo,
    post,
    serve,
    stop,
    submit,
)
from redaktion import accounts  # noqa: E402


def timed_submission(base, number):
    start = time.perf_counter()
    status, url, _ = submit(base, titel=f"Bænkhistorie nummer {number}")
    assert status == 200 and "/kvittering/" in url, (status, url)
    return time.perf_counter() - start


def submissions(base, count, clients):
    start = time.perf_counter()
    with ThreadPoolExecutor(max_workers=clients) as pool:
        latencies = sorted(pool.map(lambda n: timed_submission(base, n), range(count)))
    elapsed = time.perf_counter() - start
    return count / elapsed, latencies[int(0.95 * (len(latencies) - 1))]


def desk_publish(base, root):
    """Seconds from pressing 'Udgiv websitet nu' to public/current pointing at the new release."""
    opener = browser_session()
    token = csrf_token(opener, f"{base}/redaktion/login")
    post(opener, f"{base}/redaktion/login", {"csrf_token": token, "navn": "Bænk", "adgangskode": PASSWORD})
    token = csrf_token(opener, f"{base}/redaktion/udgiv")
    current = root / "public" / "current"
    start = time.perf_counter()
    post(opener, f"{base}/redaktion/udgiv", {"csrf_token": token})
    while not current.exists():
        page = opener.open(f"{base}/redaktion/udgiv").read().decode()
        assert "mislykkedes" not in page, page
        time.sleep(0.2)
    return time.perf_counter() - start


def cli_publish():
    target = WORK / "public-cli"
    shutil.rmtree(target, ignore_errors=True)
    env = {**os.environ, "NORDBY_PUBLISH_ROOT": str(target)}
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "invoke", "publish"], cwd=ROOT, env=env, check=True, capture_output=True
    )
    return time.perf_counter() - start


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--submissions", type=int, default=200)
    parser.add_argument("--clients", type=int, default=8)
    args = parser.parse_args()
    shutil.rmtree(WORK, ignore_errors=True)
    WORK.mkdir(parents=True)
    make_repo(WORK)
    accounts.add(WORK / "data", "Bænk", PASSWORD)
    process, base = serve(WORK, workers=3)
    try:
        rate, p95 = submissions(base, args.submissions, args.clients)
        print(f"Indsendelser: {rate:.1f}/s (mål ≥ 20), p95 {p95 * 1000:.0f} ms (mål ≤ 500 ms)")
        shutil.rmtree(WORK / "repo")  # publish the plain sample content, as the command line does
        make_repo(WORK)
        desk = desk_publish(base, WORK)
    finally:
        stop(process)
    cli = cli_publish()
    print(f"Udgiv-knappen: {desk:.1f} s; ./dev publish: {cli:.1f} s; forhold {desk / cli:.2f}x (mål ≤ 1,2x)")


if __name__ == "__main__":
    main()
