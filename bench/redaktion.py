"""Web desk benchmark: residents' submissions per second, and the publish button against ./dev publish.

Run: .venv/bin/python bench/redaktion.py [--submissions 200] [--clients 8]
1. gunicorn (2 workers of 4 threads, as deploy/redaktion.service) over a copy of content/ in a fresh git
   repository; --clients residents send --submissions stories, each with one phone photo, through
   the real form (CSRF token, multipart). Prints submissions/s and the p95 latency.
   Targets: >= 20 submissions/s, p95 <= 500 ms.
2. The publish button in the desk (from POST to `current` switched) vs `invoke publish` from the
   command line over the same sample content, in the same run, each timed after a first publish of
   its own (caches warm, as on a server that publishes every day). Target: <= 1.2x.
The load average is printed beside the figures: the machine may be shared.
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
    phone_photo,
    post,
    serve,
    stop,
    submit,
)
from redaktion import accounts  # noqa: E402


def own_photo(photo, number):
    """The phone photo with a comment of its own: a new file (and git object) for every resident,
    without drawing a new photo in the benchmark's own process, which shares the server's cores."""
    text = f"Beboer {number}".encode()
    return photo[:2] + b"\xff\xfe" + (len(text) + 2).to_bytes(2, "big") + text + photo[2:]


def timed_submission(base, number, photo):
    start = time.perf_counter()
    status, url, _ = submit(base, own_photo(photo, number), titel=f"Bænkhistorie nummer {number}")
    assert status == 200 and "/kvittering/" in url, (status, url)
    return time.perf_counter() - start


def submissions(base, count, clients):
    photo = phone_photo()
    start = time.perf_counter()
    with ThreadPoolExecutor(max_workers=clients) as pool:
        latencies = sorted(pool.map(lambda n: timed_submission(base, n, photo), range(count)))
    elapsed = time.perf_counter() - start
    return count / elapsed, latencies[int(0.95 * (len(latencies) - 1))]


def editor_session(base):
    """A logged-in editor's browser."""
    opener = browser_session()
    token = csrf_token(opener, f"{base}/redaktion/login")
    post(opener, f"{base}/redaktion/login", {"csrf_token": token, "navn": "Bænk", "adgangskode": PASSWORD})
    return opener


def _live(current):
    return os.readlink(current) if current.is_symlink() else None


def desk_publish(opener, base, root):
    """Seconds from pressing 'Udgiv websitet nu' to public/current pointing at the new release."""
    current = root / "public" / "current"
    before = _live(current)
    token = csrf_token(opener, f"{base}/redaktion/udgiv")
    start = time.perf_counter()
    post(opener, f"{base}/redaktion/udgiv", {"csrf_token": token})
    looked = start
    while _live(current) == before:
        if time.perf_counter() - looked > 1:  # a failed publish shows on the desk's page
            assert "mislykkedes" not in opener.open(f"{base}/redaktion/udgiv").read().decode()
            looked = time.perf_counter()
        time.sleep(0.05)
    elapsed = time.perf_counter() - start
    while "job-i-gang" in opener.open(f"{base}/redaktion/udgiv").read().decode():
        time.sleep(0.2)  # the job still commits its note to git; the next publish waits for it
    return elapsed


def cli_publish():
    """Seconds `invoke publish` (what ./dev publish runs) takes over the checkout's sample content."""
    env = {**os.environ, "NORDBY_PUBLISH_ROOT": str(WORK / "public-cli")}
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "invoke", "publish"], cwd=ROOT, env=env, check=True, capture_output=True
    )
    return time.perf_counter() - start


def publishes(base):
    """(desk, command line) seconds, each after one publish of its own to warm its caches."""
    opener = editor_session(base)
    desk_publish(opener, base, WORK)
    cli_publish()
    return desk_publish(opener, base, WORK), cli_publish()


def _load():
    return "belastning (1/5/15 min): " + " ".join(f"{v:.1f}" for v in os.getloadavg())


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--submissions", type=int, default=200)
    parser.add_argument("--clients", type=int, default=8)
    args = parser.parse_args()
    shutil.rmtree(WORK, ignore_errors=True)
    WORK.mkdir(parents=True)
    make_repo(WORK)
    accounts.add(WORK / "data", "Bænk", PASSWORD)
    process, base = serve(WORK, workers=2, threads=4)
    try:
        rate, p95 = submissions(base, args.submissions, args.clients)
        print(f"Indsendelser: {rate:.1f}/s (mål ≥ 20), p95 {p95 * 1000:.0f} ms (mål ≤ 500 ms); {_load()}")
        shutil.rmtree(WORK / "repo")  # publish the plain sample content, as the command line does
        make_repo(WORK)
        desk, cli = publishes(base)
    finally:
        stop(process)
    print(
        f"Udgiv-knappen: {desk:.1f} s; ./dev publish: {cli:.1f} s; forhold {desk / cli:.2f}x (mål ≤ 1,2x); "
        + _load()
    )


if __name__ == "__main__":
    main()
