"""Shared fixtures: real Pelican builds into temporary folders, a web server and a browser."""

import functools
import http.server
import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "content"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def pelican(content, output, *settings, settings_file="pelicanconf.py", env=None):
    """Build content into output with the project's settings, as a separate process."""
    cache = Path(output).parent / (Path(output).name + "-cache")
    extra = [f"CACHE_PATH={str(cache)!r}".replace("'", '"'), *settings]
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
    return subprocess.run(
        cmd, cwd=ROOT, capture_output=True, text=True, env={**os.environ, **(env or {})}, check=False
    )


def copy_content(target):
    """A private copy of the sample content that a test may break."""
    shutil.copytree(CONTENT, target)
    return target


@pytest.fixture(scope="session")
def site(tmp_path_factory):
    """The sample site as `./dev serve` shows it (with the search index), built once for the session."""
    output = tmp_path_factory.mktemp("site") / "output"
    result = pelican(CONTENT, output, "HOSTING_SEARCH_INDEX=true")
    assert result.returncode == 0, result.stdout + result.stderr
    return output


@pytest.fixture(scope="session")
def html_files(site):
    return sorted(site.rglob("*.html"))


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


def run_axe(page):
    """Run axe-core in the page; returns its violations (WCAG 2.1 A and AA rules)."""
    # Evaluated through DevTools: an injected <script> would be blocked by the page's own CSP.
    page.evaluate((ROOT / "node_modules" / "axe-core" / "axe.min.js").read_text(encoding="utf-8"))
    result = page.evaluate(
        "() => axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']}})"
    )
    return [(v["id"], v["help"], [n["target"] for n in v["nodes"]]) for v in result["violations"]]
