"""The editor's loop, timed: first build, save -> page served again by `./dev serve`, publish.

Run: .venv/bin/python bench/loop.py [--repeat 3]
Each step runs in a fresh copy of the project's tracked files (no caches, as after a clone and the
install), ours and plain Pelican side by side: plain Pelican builds the same content with its own
default theme and no plugins, the peer every Pelican site starts from. Prints wall seconds (the
targets of issue 13 are wall time: what an editor waits), the CPU seconds of the whole process tree,
and the ratio ours/plain:

  first `./dev build` of a fresh clone     <= 15 s
  save an article -> `./dev serve` serves it   <= 1 s (an article printed in the current issue)
  `./dev publish` of the sample site       <= 10 s
"""

import argparse
import os
import re
import resource
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "bench" / ".work" / "loop"
INVOKE = str(Path(sys.executable).with_name("invoke"))
PLAIN_SETTINGS = """
PATH = "content"
ARTICLE_PATHS = ["nyheder"]
PAGE_PATHS = []  # our pages use our templates (the paper's archive); the articles are the work
STATIC_PATHS = ["images"]
TIMEZONE = "Europe/Copenhagen"
DEFAULT_LANG = "da"
SITEURL = ""
"""


PLAIN_SERVE = [sys.executable, "-m", "pelican", "-s", "plain.py", "-o", "output", "-r", "-l", "-p"]


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


def article_in_current_issue(copy):
    """An article printed in the newest Nordbyposten issue, and its slug."""
    issues = sorted((copy / "content" / "nordbyposten").glob("*.md"))
    cover = re.search(r"^Cover: (.+)$", issues[-1].read_text(encoding="utf-8"), re.M)[1].strip()
    for path in (copy / "content" / "nyheder").rglob("*.md"):
        if re.search(rf"^Slug: {re.escape(cover)}$", path.read_text(encoding="utf-8"), re.M):
            return path, cover
    raise SystemExit(f"the cover story {cover} of {issues[-1].name} was not found")


def save_to_served(copy, cmd, page_of, env=None):
    """Seconds from saving an article to a server started by cmd serving the changed page."""
    port = free_port()
    # Without an earlier output, the page answers only once the server's own first build is done;
    # plain Pelican starts watching for changes only then.
    shutil.rmtree(copy / "output", ignore_errors=True)
    server = subprocess.Popen(
        cmd(port),
        cwd=copy,
        env={**os.environ, "PORT": str(port), **(env or {})},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        article, slug = article_in_current_issue(copy)
        wait_for(f"http://localhost:{port}/")
        url = f"http://localhost:{port}" + page_of(copy, slug)  # plain Pelican writes {slug}.html
        wait_for(url)
        time.sleep(2)  # let the watcher settle after the first build
        marker = f"Rettelse {time.monotonic_ns()}"
        article.write_text(article.read_text(encoding="utf-8") + f"\n{marker}.\n", encoding="utf-8")
        return wait_for(url, marker)
    finally:
        os.killpg(server.pid, 15)
        server.wait()


def our_page(copy, slug):
    found = next((copy / "output").rglob(f"{slug}/index.html"))
    return "/" + found.relative_to(copy / "output").parent.as_posix() + "/"


def plain_page(copy, slug):
    return f"/{slug}.html"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=1, help="runs of each; the fastest counts")
    args = parser.parse_args()
    best = {}

    def keep(name, value):
        best[name] = min(best.get(name, (float("inf"), 0)), value if isinstance(value, tuple) else (value, 0))

    for _ in range(args.repeat):
        ours, plain = fresh_copy("ours"), fresh_copy("plain")
        keep("build", run([INVOKE, "build"], ours))
        keep("plain build", run([sys.executable, "-m", "pelican", "-s", "plain.py", "-o", "output"], plain))
        keep("serve", save_to_served(ours, lambda port: [INVOKE, "livereload"], our_page))
        keep("plain serve", save_to_served(plain, lambda port: [*PLAIN_SERVE, str(port)], plain_page))
        keep("publish", run([INVOKE, "publish"], ours, env={"NORDBY_PUBLISH_ROOT": str(ours / "public")}))
        keep("plain publish", run([sys.executable, "-m", "pelican", "-s", "plain.py", "-o", "public"], plain))

    rows = [("first build", "build", 15), ("save -> served", "serve", 1), ("publish", "publish", 10)]
    print("machine: shared unless you know otherwise; wall seconds are what an editor waits")
    for label, key, target in rows:
        (wall, spent), (plain_wall, _) = best[key], best[f"plain {key}"]
        print(
            f"{label:15} ours {wall:6.2f} s wall {spent:6.2f} s CPU | plain Pelican {plain_wall:6.2f} s | "
            f"ratio {wall / plain_wall:5.2f} | target <= {target} s: {'ja' if wall <= target else 'NEJ'}"
        )


if __name__ == "__main__":
    main()
