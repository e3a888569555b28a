"""The editor's loop, timed: first build, save -> page served again by `./dev serve`, publish.

Run: .venv/bin/python bench/loop.py [--repeat 3] [--steps cold,build]
Each step runs in a fresh copy of the project's tracked files (no caches, as after a clone and the
install), ours and plain Pelican side by side: plain Pelican builds the same content with its own
default theme and no plugins, the peer every Pelican site starts from. Prints wall seconds (the
targets of issue 13 are wall time: what an editor waits), the CPU seconds of the whole process tree,
the ratio ours/plain, and the load average (the machine may be shared):

  first `./dev build` of a fresh clone     <= 15 s
  save an article -> `./dev serve` reloads it   <= 1 s (an article printed in the current issue):
      until the server tells the open page to reload (its event, as reload.js gets it), and the page
      it then loads must show the change; the peer is what `pelican --autoreload` does on a save: build again in the same process
      (its own watcher is not used: it saw no saves on this machine); the paper's background
      layout until the issue's page stops saying "korrektur opdateres" is printed beside it
  `./dev publish` of the sample site       <= 10 s, warm (after a build) and cold (a fresh clone)
"""

import argparse
import os
import re
import resource
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "bench" / ".work" / "loop"
DEV = [sys.executable, "tools/run_tasks.py"]  # what `./dev TASK` runs once installed (in the copy)
PLAIN_SETTINGS = """
PATH = "content"
ARTICLE_PATHS = ["nyheder"]
PAGE_PATHS = []  # our pages use our templates (the paper's archive); the articles are the work
STATIC_PATHS = ["images"]
TIMEZONE = "Europe/Copenhagen"
DEFAULT_LANG = "da"
SITEURL = ""
"""


PENDING = "Korrektur opdateres"  # the issue's page while the paper is laid out in the background


def fresh_copy(name):
    """The tracked files of the project, as a clone has them (no output, no caches)."""
    target = WORK / name
    shutil.rmtree(target, ignore_errors=True)
    tracked = subprocess.run(
        ["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True
    ).stdout.split(b"\0")
    for rel in filter(None, (t.decode() for t in tracked)):
        source = ROOT / rel
        if source.is_file() and not rel.startswith("node_modules"):
            (target / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / rel)
    # What `./dev`'s install does after pip: the project's bytecode (see python_env in ./dev).
    compile_code = [sys.executable, "-m", "compileall", "-q", "plugins", "redaktion", "tools", "tasks.py"]
    subprocess.run(compile_code, cwd=target, check=True, stdout=subprocess.DEVNULL)
    (target / "plain.py").write_text(PLAIN_SETTINGS, encoding="utf-8")
    return target


def cpu():
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run(cmd, cwd, env=None):
    """(wall seconds, CPU seconds) of one command; stops the benchmark if it fails."""
    started, before = time.monotonic(), cpu()
    env = {**os.environ, **(env or {})}
    result = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, env=env, check=False)
    if result.returncode:
        raise SystemExit(f"{' '.join(cmd)} failed:\n{result.stdout}\n{result.stderr}")
    return time.monotonic() - started, cpu() - before


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url):
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8", "replace")
    except OSError:
        return None


def wait_for(url, marker=None, seconds=600):
    """Seconds until url answers (with marker in it, if given)."""
    started = time.monotonic()
    while time.monotonic() - started < seconds:
        page = fetch(url)
        if page is not None and (marker is None or marker in page):
            return time.monotonic() - started
        time.sleep(0.02)
    raise SystemExit(f"{url} never showed {marker!r}")


def current_issue(copy):
    return sorted((copy / "content" / "nordbyposten").glob("*.md"))[-1]


def article_in_current_issue(copy):
    """An article printed in the newest Nordbyposten issue, and its slug."""
    issue = current_issue(copy)
    cover = re.search(r"^Cover: (.+)$", issue.read_text(encoding="utf-8"), re.M)[1].strip()
    for path in (copy / "content" / "nyheder").rglob("*.md"):
        if re.search(rf"^Slug: {re.escape(cover)}$", path.read_text(encoding="utf-8"), re.M):
            return path, cover
    raise SystemExit(f"the cover story {cover} of {issue.name} was not found")


def save_to_served(copy, cmd, page_of, env=None):
    """(seconds from saving an article to the open page being told to reload, seconds the whole
    rebuild took by the server's own count, seconds until the issue's page no longer says
    "korrektur opdateres")."""
    port = free_port()
    log = copy / "serve.log"
    with log.open("w") as out:  # the server keeps its own copy of the file
        server = subprocess.Popen(
            cmd(port),
            cwd=copy,
            env={**os.environ, "PORT": str(port), "PYTHONUNBUFFERED": "1", **(env or {})},
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        article, slug = article_in_current_issue(copy)
        issue = f"http://localhost:{port}/nordbyposten/{current_issue(copy).stem}/"
        wait_for(f"http://localhost:{port}/")  # output/ of the build before, while the first build runs
        url = f"http://localhost:{port}" + page_of(copy, slug)
        wait_for(url)
        settle(log, issue)
        reloaded = reload_event(f"http://localhost:{port}/_live/events?page={page_of(copy, slug)}")
        marker = f"Rettelse {time.monotonic_ns()}"
        before = log.read_text(encoding="utf-8", errors="replace")
        started = time.monotonic()
        article.write_text(article.read_text(encoding="utf-8") + f"\n{marker}.\n", encoding="utf-8")
        if not reloaded.wait(600):
            raise SystemExit("the open page was never told to reload")
        served = time.monotonic() - started
        if marker not in (fetch(url) or ""):
            raise SystemExit("the page was told to reload before the build had written it")
        wait_for(issue, PENDING)  # the issue's page is written a moment after the article's
        wait_until_gone(issue, PENDING)  # the paper is laid out again, so a publish finds it ready
        paper = time.monotonic() - started
        rebuilt = re.search(
            r"Færdig: .* på ([\d,]+) sekunder",
            log.read_text(encoding="utf-8", errors="replace")[len(before) :],
        )
        return served, float(rebuilt[1].replace(",", ".")), paper
    finally:
        os.killpg(server.pid, 15)
        server.wait()


QUIET = 3  # seconds without a line from the server: its builds have ended and its watcher settled


def settle(log, issue):
    """Until the server's first build has ended, the paper is ready and the server has been quiet."""
    while True:
        wait_until_gone(issue, PENDING)
        said = log.read_text(encoding="utf-8", errors="replace")
        quiet = time.time() - log.stat().st_mtime > QUIET
        if "Færdig" in said and quiet and PENDING not in (fetch(issue) or PENDING):
            return
        time.sleep(0.2)


def reload_event(url):
    """An Event set when the server tells the page at url (as reload.js opens it) to reload."""
    connected, reloaded = threading.Event(), threading.Event()

    def listen():
        with urllib.request.urlopen(url, timeout=600) as events:
            connected.set()  # the server has sent its first line: it knows this page
            for line in events:
                if line.strip() == b"data: reload":
                    reloaded.set()
                    return

    threading.Thread(target=listen, daemon=True).start()
    if not connected.wait(30):
        raise SystemExit(f"{url} did not answer")
    return reloaded


def wait_until_gone(url, marker):
    while marker in (fetch(url) or marker):
        time.sleep(0.05)


PLAIN_REBUILD = """
import pathlib, sys, time
from pelican import Pelican
from pelican.settings import read_settings
pelican = Pelican(read_settings("plain.py", override={"OUTPUT_PATH": "output"}))
pelican.run()
article = pathlib.Path(sys.argv[1])
article.write_text(article.read_text(encoding="utf-8") + "\\nRettelse.\\n", encoding="utf-8")
started = time.monotonic()
pelican.run()  # what `pelican --autoreload` runs on every save
print(time.monotonic() - started)
"""


def plain_rebuild(copy):
    """Seconds plain Pelican's autoreload takes to build again after a save (its process is warm)."""
    article, _slug = article_in_current_issue(copy)
    result = subprocess.run(
        [sys.executable, "-c", PLAIN_REBUILD, str(article)],
        cwd=copy,
        capture_output=True,
        text=True,
        check=True,
    )
    return float(result.stdout.split()[-1]), 0


def our_page(copy, slug):
    found = next((copy / "output").rglob(f"{slug}/index.html"))
    return "/" + found.relative_to(copy / "output").parent.as_posix() + "/"


def plain_page(copy, slug):
    return f"/{slug}.html"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=1, help="runs of each; the fastest counts")
    parser.add_argument(
        "--steps",
        default="cold,build,serve,publish",
        help="which to time, comma-separated: cold (publish of a fresh clone), build (first build), "
        "serve (save -> served, after a first build), publish (warm, after a first build)",
    )
    args = parser.parse_args()
    best = {}

    def keep(name, value):
        best[name] = min(best.get(name, (float("inf"), 0)), value if isinstance(value, tuple) else (value, 0))

    print(f"load average at the start: {load()}")
    publish_root = {"NORDBY_PUBLISH_ROOT": "public"}
    steps = set(args.steps.split(","))
    for _ in range(args.repeat):
        if "cold" in steps:
            cold, plain = fresh_copy("cold"), fresh_copy("plain")
            keep("cold publish", run([*DEV, "publish"], cold, env=publish_root))
            keep(
                "plain cold publish",
                run([sys.executable, "-m", "pelican", "-s", "plain.py", "-o", "public"], plain),
            )
        if steps & {"build", "serve", "publish"}:
            ours, plain = fresh_copy("ours"), fresh_copy("plain")
            keep("build", run([*DEV, "build"], ours))
            keep(
                "plain build", run([sys.executable, "-m", "pelican", "-s", "plain.py", "-o", "output"], plain)
            )
        if "serve" in steps:
            served, rebuilt, paper = save_to_served(ours, lambda port: [*DEV, "livereload"], our_page)
            keep("rebuild", rebuilt)
            keep("serve", served)
            keep("paper", paper)
            keep("plain serve", plain_rebuild(plain))
        if "publish" in steps:
            keep("publish", run([*DEV, "publish"], ours, env=publish_root))
            keep(
                "plain publish",
                run([sys.executable, "-m", "pelican", "-s", "plain.py", "-o", "public"], plain),
            )

    rows = [
        ("first build", "build", 15),
        ("save -> served", "serve", 1),
        ("publish, warm", "publish", 10),
        ("publish, cold", "cold publish", 10),
    ]
    print("machine: shared unless you know otherwise; wall seconds are what an editor waits")
    for label, key, target in rows:
        if key not in best:
            continue
        (wall, spent), (plain_wall, _) = best[key], best[f"plain {key}"]
        print(
            f"{label:15} ours {wall:6.2f} s wall {spent:6.2f} s CPU | plain Pelican {plain_wall:6.2f} s | "
            f"ratio {wall / plain_wall:5.2f} | target <= {target} s: {'ja' if wall <= target else 'NEJ'}"
        )
    if "serve" in best:
        print(
            f"{'whole rebuild':15} ours {best['rebuild'][0]:6.2f} s (the open page reloads once it is written)"
        )
        print(f"{'paper ready':15} ours {best['paper'][0]:6.2f} s after the save (in the background)")
    print(f"load average at the end: {load()}")


def load():
    return " ".join(f"{value:.2f}" for value in os.getloadavg())


if __name__ == "__main__":
    main()
