"""`./dev serve` as an editor uses it: save an article and the served site shows it, paper included."""

import io
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest
from pypdf import PdfReader

from conftest import INVOKE, PAPER_CACHE, _link_tree, copy_project

ISSUE = "2026-3"  # the newest issue of the sample content
WAIT = 600  # seconds: a first build on a busy machine; never a measure of speed (bench/loop.py is)


def fetch(url):
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()
    except OSError:
        return None, b""


def text(url):
    """The page, or "" while the server does not answer it (never a page without some text)."""
    status, body = fetch(url)
    return body.decode("utf-8", "replace") if status == 200 else ""


def wait_until(check, what):
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        found = check()
        if found:
            return found
        time.sleep(0.05)
    raise AssertionError(f"the server never showed {what}")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def cover_story(project):
    """The source file and slug of the current issue's cover story."""
    issue = (project / "content" / "nordbyposten" / f"{ISSUE}.md").read_text(encoding="utf-8")
    slug = re.search(r"^Cover: (.+)$", issue, re.M)[1].strip()
    for path in (project / "content" / "nyheder").rglob("*.md"):
        if re.search(rf"^Slug: {re.escape(slug)}$", path.read_text(encoding="utf-8"), re.M):
            return path, slug
    raise AssertionError(f"no article has the slug {slug}")


@pytest.fixture(scope="module")
def server(tmp_path_factory, sample_paper):
    """`invoke livereload` (what `./dev serve` runs) in a copy of the project, once its site is built."""
    project = copy_project(tmp_path_factory.mktemp("serve"), paper=sample_paper)
    port = free_port()
    log = open(project / "serve.log", "w")  # noqa: SIM115 - closed at teardown
    process = subprocess.Popen(
        [INVOKE, "livereload"],
        cwd=project,
        env={**os.environ, "PORT": str(port), "PYTHONUNBUFFERED": "1"},
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    base = f"http://localhost:{port}"
    try:
        wait_until(lambda: fetch(f"{base}/nordbyposten/{ISSUE}/")[0] == 200, "the issue's page")
        yield project, base
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(30)
        log.close()


def article_url(project, base, slug):
    page = next((project / "output").rglob(f"{slug}/index.html"))
    return f"{base}/{page.parent.relative_to(project / 'output').as_posix()}/"


def web_pdf_text(base):
    """The served web PDF's text without spaces and hyphens: columns break words and long numbers."""
    status, data = fetch(f"{base}/nordbyposten/{ISSUE}/nordbyposten-{ISSUE}.pdf")
    assert status == 200
    found = "".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    return squeeze(found)


def squeeze(words):
    return re.sub(r"[\s\-\u00ad]+", "", words)


def test_a_saved_article_is_served_at_once_and_the_paper_follows(server):
    project, base = server
    source, slug = cover_story(project)
    url = article_url(project, base, slug)
    issue_page = f"{base}/nordbyposten/{ISSUE}/"
    assert "orrektur opdateres" not in text(issue_page)
    marker = f"Rettelse nummer {time.time_ns()}"
    source.write_text(source.read_text(encoding="utf-8") + f"\n{marker} fra redaktionen.\n", encoding="utf-8")

    wait_until(lambda: marker in text(url), "the saved article")
    # The same build writes the issue's page, saying the paper is being laid out again ...
    wait_until(lambda: "Korrektur opdateres" in text(issue_page), "'korrektur opdateres'")
    assert squeeze(marker) not in web_pdf_text(base)  # ... and meanwhile the previous paper is there to read

    wait_until(
        lambda: "Nordbyposten" in (page := text(issue_page)) and "orrektur opdateres" not in page,
        "the new paper",
    )
    assert squeeze(marker) in web_pdf_text(base)


def test_an_open_page_reloads_itself_after_a_save(server, browser):
    project, base = server
    # A page, which the paper does not print: its save lays out no issue in the background meanwhile.
    source = project / "content" / "pages" / "kontakt.md"
    page = browser.new_page()
    blocked = []
    page.on("console", lambda m: blocked.append(m.text) if "Content Security Policy" in m.text else None)
    page.goto(f"{base}/kontakt/")
    page.wait_for_timeout(500)  # let the page open its connection to the server's reload events
    marker = f"Rettelse i browseren {time.time_ns()}"
    source.write_text(source.read_text(encoding="utf-8") + f"\n{marker}.\n", encoding="utf-8")
    page.get_by_text(marker).wait_for(timeout=WAIT * 1000)  # no navigation: the page reloaded itself
    assert blocked == []  # the reload script is allowed by the site's Content-Security-Policy
    page.close()


def test_unknown_addresses_get_the_danish_404_page(server):
    _project, base = server
    status, body = fetch(f"{base}/findes/ikke/")
    assert status == 404
    assert 'lang="da"' in body.decode() and "_live/reload.js" in body.decode()


def test_a_content_error_keeps_the_last_good_site_and_the_fix_shows(server):
    project, base = server
    source, slug = cover_story(project)
    url = article_url(project, base, slug)
    good = source.read_text(encoding="utf-8")
    source.write_text(good.replace("Date: ", "Date: ikke-en-dato ", 1), encoding="utf-8")
    wait_until(
        lambda: re.search(rf"{source.name}:\d+: FEJL", (project / "serve.log").read_text()), "the error"
    )
    assert fetch(url)[0] == 200  # the last good page is still served
    marker = f"Rettet igen {time.time_ns()}"
    source.write_text(good + f"\n{marker}.\n", encoding="utf-8")
    wait_until(lambda: marker in text(url), "the fixed article")


def paper_done_since(project, laid_out):
    """True once the server has laid out the paper again and finished the build that shows it."""
    parts = (project / "serve.log").read_text(encoding="utf-8").split("er sat igen")
    return len(parts) > laid_out + 1 and "Færdig" in parts[-1]


def site_files(folder):
    return {p.relative_to(folder).as_posix(): p for p in folder.rglob("*") if p.is_file()}


def test_after_a_save_the_served_site_is_what_a_clean_build_writes(server, tmp_path):
    """The warm rebuilds (pages kept, results carried from build to build, the paper in the background)
    leave output/ byte for byte as a build from scratch writes it; only the search index, which the
    server makes once when it starts, is its own."""
    project, base = server
    source, slug = cover_story(project)
    url = article_url(project, base, slug)
    laid_out = (project / "serve.log").read_text(encoding="utf-8").count("er sat igen")
    marker = f"Rettet før sammenligningen {time.time_ns()}"
    source.write_text(source.read_text(encoding="utf-8") + f"\n{marker}.\n", encoding="utf-8")
    wait_until(lambda: marker in text(url), "the saved article")
    wait_until(
        lambda: (
            paper_done_since(project, laid_out)
            and "orrektur opdateres" not in text(f"{base}/nordbyposten/{ISSUE}/")
            and squeeze(marker) in web_pdf_text(base)
        ),
        "the new paper",
    )

    clean, cache = tmp_path / "clean", tmp_path / "clean-cache"
    # The issues the server laid out, as a developer's tree keeps them: their input keys name the
    # files by their place, so a clean build in the same folder finds them instead of laying them out.
    _link_tree(project / ".cache" / "pelican" / PAPER_CACHE, cache / PAPER_CACHE)
    settings = [f"CACHE_PATH={json.dumps(str(cache))}", "LOAD_CONTENT_CACHE=false"]
    build = [sys.executable, "-m", "pelican", "-s", "pelicanconf.py", "-o", str(clean), "-e", *settings]
    result = subprocess.run(build, cwd=project, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    served = {k: v for k, v in site_files(project / "output").items() if not k.startswith("pagefind/")}
    fresh = site_files(clean)
    assert sorted(served) == sorted(fresh), {
        "only served": served.keys() - fresh.keys(),
        "missing": fresh.keys() - served.keys(),
    }
    differ = [name for name in fresh if served[name].read_bytes() != fresh[name].read_bytes()]
    assert not differ, f"the served site differs from a clean build in {differ}"
