"""Shared fixtures: real Pelican builds into temporary folders, a web server and a browser."""

import contextlib
import fcntl
import functools
import hashlib
import http.server
import io
import json
import logging
import os
import shutil
import subprocess
import sys
import threading
import urllib.parse
import weakref
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "content"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
INVOKE = str(Path(sys.executable).with_name("invoke"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

# The test files that take longest, longest first (measured with `pytest --durations=0`). `./dev test`
# gives each xdist worker whole files (--dist loadfile) in this order (--no-loadscope-reorder): a long
# file begun last would keep one core busy long after the other has run out of work. The first file
# builds the sample site (on a fresh clone with every photo); the files after it need no build of the
# sample content, so the second worker has work meanwhile instead of waiting for it. test_site makes
# the W3C validator's report well before test_languages asks for it, so that one does not wait either.
LONGEST_FIRST = (
    "test_deploy.py",
    "test_redaktion.py",
    "test_redaktion_paper.py",
    "test_preview_cache.py",
    "test_nordbyposten_weasyprint.py",
    "test_editorial_flow.py",
    "test_redaktion_server.py",
    "test_site.py",
    "test_calendar_site.py",
    "test_incremental.py",
    "test_nordbyposten.py",
    "test_languages.py",
    "test_liveserver.py",
    "test_nordbyposten_pages.py",
    "test_calendar_browser.py",
    "test_stats.py",
    "test_redaktion_browser.py",
    "test_phone.py",
    "test_feeds.py",
    "test_hosting.py",
    "test_images.py",
    "test_hostile_content.py",
    "test_tasks.py",
    "test_visits.py",
    "test_broken_content.py",
    "test_browser.py",
    "test_tasks_tidy.py",
    "test_calendar_uids.py",
)


def pytest_collection_modifyitems(items):
    """The longest files first; the others after them, in their usual order."""
    rank = {name: number for number, name in enumerate(LONGEST_FIRST)}
    items.sort(key=lambda item: rank.get(item.path.name, len(rank)))


def pelican(content, output, *settings, settings_file="pelicanconf.py", env=None, fresh=False):
    """Build content into output with the project's settings, as a separate process.

    Issues whose inputs are unchanged come from the run's shared layout cache (_paper_seed), unless
    fresh: then every issue is laid out, and the log has what WeasyPrint says while it does."""
    cache = Path(output).parent / (Path(output).name + "-cache")
    extra = [f"CACHE_PATH={str(cache)!r}".replace("'", '"'), *settings]
    seed = _paper_seed(settings_file, env)
    if not fresh:
        _seed_cache(cache, seed)
    cmd = [
        sys.executable,
        "-m",
        "pelican",
        str(content),
        "-o",
        str(output),
        "-s",
        settings_file,
        "-e",
        *extra,
    ]
    result = subprocess.run(
        cmd, cwd=ROOT, capture_output=True, text=True, env={**os.environ, **(env or {})}, check=False
    )
    _keep_seed(content, cache, result, seed)
    return result


def pelican_here(content, output, *settings, settings_file="pelicanconf.py", env=None):
    """Build as `pelican()` does, but in this process: for small sources, where starting Python and
    importing Pelican would take longer than the build. Returns the same returncode/stdout/stderr."""
    from pelican import get_instance, parse_arguments  # noqa: PLC0415 - only the in-process tests
    from pelican.log import LimitFilter  # noqa: PLC0415

    cache = Path(output).parent / (Path(output).name + "-cache")
    extra = [f"CACHE_PATH={str(cache)!r}".replace("'", '"'), *settings]
    seed = _paper_seed(settings_file, env)
    _seed_cache(cache, seed)
    argv = [str(content), "-o", str(output), "-s", settings_file, "-e", *extra]
    logs, err = io.StringIO(), io.StringIO()
    handler = logging.StreamHandler(logs)
    handler.setFormatter(logging.Formatter("%(levelname)s %(message)s"))
    handler.setLevel(logging.WARNING)
    root = logging.getLogger()
    level = root.level  # Pelican's init_logging sets it; later tests in this worker expect it unchanged
    returncode = 0
    _disconnect_plugins()  # receivers of an earlier build must not run in this one
    root.addHandler(handler)
    try:
        with _environment(env or {}), contextlib.chdir(ROOT), contextlib.redirect_stderr(err):
            try:
                get_instance(parse_arguments(argv))[0].run()
            except SystemExit as stop:  # how our plugins stop a build, as in `python -m pelican`
                returncode = _exit_code(stop.code)
            except Exception as error:  # what Pelican's main() logs as CRITICAL before exiting with 1
                logging.getLogger("pelican").critical("%s: %s", type(error).__name__, error)
                returncode = 1
    finally:
        root.removeHandler(handler)
        root.setLevel(level)
        _disconnect_plugins()
        # Pelican's loggers say a message once per process; a subprocess build starts afresh, and so
        # must the next in-process test (else a test expecting the same warning sees nothing).
        LimitFilter._raised_messages.clear()
        LimitFilter._ignore.clear()
    # Pelican logs to standard output, as in a subprocess; stops and the checker's report go to stderr.
    result = subprocess.CompletedProcess(argv, returncode, logs.getvalue(), err.getvalue())
    _keep_seed(content, cache, result, seed)
    return result


def _exit_code(code):
    """What `python -m pelican` exits with after SystemExit(code); a message goes to stderr."""
    if code is None or isinstance(code, int):
        return code or 0
    print(code, file=sys.stderr)
    return 1


def _disconnect_plugins():
    """Pelican's signals are global: a build in this process connects its plugins anew."""
    from pelican.plugins import signals  # noqa: PLC0415

    for sig in vars(signals).values():
        if isinstance(sig, signals.Signal):
            for receiver in list(sig.receivers.values()):
                sig.disconnect(receiver() if isinstance(receiver, weakref.ref) else receiver)


@contextlib.contextmanager
def _environment(values):
    """os.environ with values set for the duration of a build."""
    before = {name: os.environ.get(name) for name in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for name, value in before.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


# The paper's layout cache (nordbyposten/ in a build's CACHE_PATH) is kept from the first good build
# of the sample content and hard-linked into every later build's new cache, on every xdist worker,
# as a developer's tree keeps it between builds: WeasyPrint takes most of a build's time. An issue
# is still laid out again whenever its input key differs (its HTML, settings, the plugin's code), so
# a build of changed content lays out its own paper. One seed per settings file and SITEURL, the
# inputs that change every page's HTML. The photo cache is shared already (IMAGES_CACHE_PATH is
# relative to ROOT). A build given its own CACHE_PATH (a build from scratch) lays out everything.
PAPER_CACHE = "nordbyposten"
_paper_seeds = {}  # "folder": set by the session fixture _shared_paper_cache


def _paper_seed(settings_file, env):
    """The folder that keeps the paper laid out by builds with these settings, or None."""
    folder = _paper_seeds.get("folder")
    if folder is None:
        return None
    variant = f"{Path(settings_file).stem}-{(env or {}).get('SITEURL', '')}"
    return folder / hashlib.sha256(variant.encode()).hexdigest()[:12]


def _seed_cache(cache, seed):
    """Give a build's new cache the issues laid out already."""
    if seed is not None and seed.is_dir() and not cache.exists():
        _link_tree(seed, cache / PAPER_CACHE)


def _keep_seed(content, cache, result, seed):
    """After a good build of the sample content: keep its paper for the builds that follow."""
    laid_out = cache / PAPER_CACHE
    if seed is None or seed.exists() or result.returncode != 0 or not laid_out.is_dir():
        return
    if Path(content).resolve() != CONTENT:
        return
    partial = seed.with_name(f"{seed.name}.{os.getpid()}")
    _link_tree(laid_out, partial)
    try:
        partial.rename(seed)  # atomic: another worker may have kept its own a moment before
    except OSError:
        shutil.rmtree(partial)


def _run_folder(tmp_path_factory):
    """One folder for all xdist workers of this run."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


def once_per_run(tmp_path_factory, name, make):
    """The folder make(folder) fills: by the first xdist worker that asks; the others wait and share it.

    For the session builds of the sample content, which tests read and never change: each worker
    would otherwise build the same site again (its paper is laid out on every core meanwhile)."""
    folder = _run_folder(tmp_path_factory) / name
    with open(folder.with_name(f"{name}.lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file is closed, also when make() fails
        done = folder / ".made"
        if not done.exists():
            shutil.rmtree(folder, ignore_errors=True)
            folder.mkdir()
            make(folder)
            done.touch()
    return folder


@pytest.fixture(scope="session", autouse=True)
def _shared_paper_cache(tmp_path_factory):
    """Where the sample paper's layout is kept: one folder for all xdist workers of this run."""
    _paper_seeds["folder"] = _run_folder(tmp_path_factory) / "paper-seeds"
    yield
    _paper_seeds.clear()


@pytest.fixture(scope="session", autouse=True)
def _desk_jobs_end_with_the_run():
    """Publish and proof jobs that in-process desk tests started end before the worker does (else
    Python warns at exit that a child is still running); one still busy after half a minute is stopped."""
    yield
    jobs = sys.modules.get("redaktion.jobs")
    for child in getattr(jobs, "_CHILDREN", []):
        try:
            child.wait(timeout=30)
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait()


def _link_tree(source, target):
    """A copy of a cache folder made of hard links (the caches replace files, never rewrite them).

    Without the reports of the build that made it: a build writes its own."""
    ignore = shutil.ignore_patterns("last-build.json", "summary.json", "*.tmp")
    shutil.copytree(source, target, ignore=ignore, copy_function=_link_or_copy)


def copy_content(target):
    """A private copy of the sample content that a test may break."""
    shutil.copytree(CONTENT, target)
    return target


def copy_project(tmp_path, paper=None):
    """A copy of the project (code, settings and content), so a test can add, break and publish.

    With the photos processed already, as a developer's tree has them, and the issues of paper (a
    layout cache, e.g. the fixture sample_paper) laid out."""
    copy = tmp_path / "project"
    ignore = shutil.ignore_patterns(".venv", "node_modules", "output", "public", ".cache", ".git", "bench")
    shutil.copytree(ROOT, copy, ignore=ignore)
    _share_photo_cache(copy)
    _seed_cache(copy / ".cache" / "pelican", paper)
    return copy


def _share_photo_cache(copy):
    """Give the copy the photos the project has processed already, as a developer's tree has them.

    Hard links, not copies: the cache writes every variant to a new file and renames it into place,
    so a build in the copy never changes a file it shares. Only the stats file is written in place.
    """
    cached = ROOT / ".cache" / "images"
    if cached.is_dir():
        _link_tree(cached, copy / ".cache" / "images")


def _link_or_copy(source, target):
    try:
        os.link(source, target)
    except OSError:  # another file system
        shutil.copy2(source, target)


@pytest.fixture(scope="session")
def sample_paper(_sample_site):
    """The sample paper laid out (by the build of `site`): the layout cache a developer's tree has."""
    return _paper_seed("pelicanconf.py", None)


@pytest.fixture
def project(tmp_path_factory, sample_paper):
    """A private copy of the project that a test may change, with the sample paper laid out already.

    Changed content changes an issue's input, and that issue is laid out anew. One copy at a time
    per worker, at the same place: the one before it is removed.
    """
    place = tmp_path_factory.getbasetemp() / "project-here"
    shutil.rmtree(place, ignore_errors=True)
    return copy_project(place, paper=sample_paper)


def invoke(project, *args, answers=""):
    """Run an invoke task in a copy of the project, as `./dev TASK` does; publishing into its public/."""
    env = {**os.environ, "NORDBY_PUBLISH_ROOT": str(project / "public")}
    return subprocess.run(
        [INVOKE, *args], cwd=project, input=answers, capture_output=True, text=True, env=env, check=False
    )


@pytest.fixture(scope="session")
def site(_sample_site):
    """The sample site as `./dev serve` shows it (with the search index), built once for the run."""
    return _sample_site


@pytest.fixture(scope="session")
def _sample_site(tmp_path_factory):
    """`site`, by a name no test module gives its own fixture: the other session builds wait for it."""

    def make(folder):
        # Fresh: its log must hold every line a first build prints, the paper's included.
        result = pelican(CONTENT, folder / "output", "HOSTING_SEARCH_INDEX=true", fresh=True)
        assert result.returncode == 0, result.stdout + result.stderr
        (folder / "build.log").write_text(result.stdout + result.stderr, encoding="utf-8")

    return once_per_run(tmp_path_factory, "site", make) / "output"


# One shared build per settings variant: tests of several modules read the same output.
LIVE_ADDRESS = "https://www.randersnordby.dk"  # publishconf.py's SITEURL
CALENDAR_BUILD_DATE = "2026-11-26"
# built_copy is built as on this date; a test that builds it again passes the same environment.
BUILT_COPY_ENV = {"NORDBY_BUILD_DATE": CALENDAR_BUILD_DATE}


def _sample_build(tmp_path_factory, name, *settings, settings_file="pelicanconf.py", env=None, paper=None):
    """The sample content built once for the run with these settings; its output folder.

    paper: a layout cache to start from, when the settings' own (_paper_seed) is not the one."""

    def make(folder):
        _seed_cache(folder / "output-cache", paper)  # where pelican() puts the build's cache
        result = pelican(CONTENT, folder / "output", *settings, settings_file=settings_file, env=env)
        assert result.returncode == 0, result.stdout + result.stderr

    return once_per_run(tmp_path_factory, name, make) / "output"


@pytest.fixture(scope="session")
def calendar_site(tmp_path_factory, _sample_site):
    """The sample site built as on CALENDAR_BUILD_DATE, so the calendar's "coming" lists hold still.

    (After `site`, as the other builds of the sample content: they find its paper laid out.)"""
    return _sample_build(tmp_path_factory, "calendar", env={"NORDBY_BUILD_DATE": CALENDAR_BUILD_DATE})


@pytest.fixture(scope="session")
def site_in_c_locale(tmp_path_factory, _sample_site):
    """The sample site built again from scratch, in the English C locale (dates must stay Danish)."""
    return _sample_build(tmp_path_factory, "c-locale", env={"LC_ALL": "C", "LANG": "C"})


@pytest.fixture(scope="session")
def production_port(tmp_path_factory):
    """The port of the local nginx that production_site is built for: one for all workers, as the build."""
    from nginx_local import free_port  # noqa: PLC0415 - deploy/ is needed by the hosting tests only

    folder = once_per_run(
        tmp_path_factory, "production-port", lambda f: (f / "port").write_text(str(free_port()))
    )
    return int((folder / "port").read_text())


@pytest.fixture(scope="session")
def production_site(tmp_path_factory, production_port, sample_paper):
    """A production build (publishconf.py) whose SITEURL is a local nginx on production_port.

    Its paper prints the live address, as a release's does (a printed local address is no use), so
    its issues are the sample paper's, laid out already."""
    env = {"SITEURL": f"http://127.0.0.1:{production_port}"}
    printed = f"NORDBYPOSTEN_SITE_ADDRESS={json.dumps(LIVE_ADDRESS)}"
    return _sample_build(
        tmp_path_factory, "production", printed, settings_file="publishconf.py", env=env, paper=sample_paper
    )


@pytest.fixture(scope="session")
def _built_copy_saved(tmp_path_factory, sample_paper):
    """Built once per session: a copy of the content, its build in out/ and the build's cache."""
    root = tmp_path_factory.mktemp("built-copy")
    work, saved = root / "work", root / "saved"
    copy_content(work / "content")
    result = pelican(work / "content", work / "out", env=BUILT_COPY_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    shutil.copytree(work, saved, symlinks=True)  # copy2 keeps the times the caches compare
    return work, saved


@pytest.fixture
def built_copy(_built_copy_saved):
    """A copy of the sample content with a build of it in out/: a test may change content and rebuild.

    Restored for each test at the same place, since Pelican's content cache and the incremental
    writer remember absolute paths; the next build sees exactly what a second `./dev build` would.
    """
    work, saved = _built_copy_saved
    shutil.rmtree(work)
    shutil.copytree(saved, work, symlinks=True)
    return work


# Java's quick compiler only (TieredStopAtLevel=1): the same report for a third of the CPU time, as
# one run ends before the optimising compiler pays off; its larger frames want a bigger stack.
VNU = [
    "java",
    "-XX:TieredStopAtLevel=1",
    "-Xss8m",
    "-jar",
    str(ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"),
]


@pytest.fixture(scope="session")
def html5_report(tmp_path_factory, site):
    """The W3C validator's errors for every page and stylesheet of `site` (Pagefind's are vendored).

    Java starts once for the run (it takes longer than the checking): {"checked": [paths], "errors":
    [vnu's JSON messages, each with the file's url]}."""

    def make(folder):
        ours = [p for p in site.rglob("*") if "pagefind" not in p.parts and p.suffix in (".html", ".css")]
        command = [*VNU, "--errors-only", "--also-check-css", "--format", "json", "--stdout", *map(str, ours)]
        result = subprocess.run(command, capture_output=True, text=True, check=False)
        assert result.returncode in (0, 1) and result.stdout, result.stdout + result.stderr
        report = {"checked": [str(p) for p in ours], "errors": json.loads(result.stdout)["messages"]}
        (folder / "report.json").write_text(json.dumps(report), encoding="utf-8")

    return json.loads((once_per_run(tmp_path_factory, "html5", make) / "report.json").read_text("utf-8"))


def html5_errors(report, files):
    """The validator's errors in these files, one readable line each; every file must have been checked.

    An error the validator gave no checked file for is everyone's: it is listed too."""
    checked = set(report["checked"])
    files = {str(f) for f in files}
    assert files <= checked, sorted(files - checked)[:5]
    where = [(urllib.parse.unquote(e.get("url", "").removeprefix("file:")), e) for e in report["errors"]]
    return [
        f"{path}:{e.get('lastLine', '')}: {e['message']}"
        for path, e in where
        if path in files or path not in checked
    ]


@pytest.fixture(scope="session")
def html_files(site):
    return sorted(site.rglob("*.html"))


@functools.cache
def built_page(path):
    """A page of a session build (which no test changes), parsed once per worker: several tests read
    every page, and the hreflang checks read each translated page once per link to it."""
    from bs4 import BeautifulSoup  # noqa: PLC0415 - the tests of built pages only

    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="session")
def served_site(site):
    """The built site on a real HTTP server on loopback; yields its base URL."""
    handler = functools.partial(_QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium, driven by Playwright (which cannot download its own here)."""
    from playwright.sync_api import sync_playwright  # noqa: PLC0415 - heavy, browser tests only

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def phone(browser):
    """A page in a 375 px wide phone viewport, with the site's CSP enforced."""
    context = browser.new_context(viewport={"width": 375, "height": 812}, locale="da-DK")
    page = context.new_page()
    yield page
    context.close()


AXE_RULES = "{type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']}"


@functools.cache
def _axe_source():
    return (ROOT / "node_modules" / "axe-core" / "axe.min.js").read_text(encoding="utf-8")


def run_axe(page):
    """Run axe-core in the page; returns its violations (WCAG 2.1 A and AA rules)."""
    # Evaluated through DevTools: an injected <script> would be blocked by the page's own CSP. Once
    # per document: a second check of the same page (after a click that opened a menu) reuses it.
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(_axe_source())
    # Every rule runs on every element as before; resultTypes only spares axe building (and sending
    # back) a selector and an HTML snippet for each of the hundreds of elements that pass.
    result = page.evaluate(f"() => axe.run(document, {{runOnly: {AXE_RULES}, resultTypes: ['violations']}})")
    return [(v["id"], v["help"], [n["target"] for n in v["nodes"]]) for v in result["violations"]]
