"""Nordbyposten's proof from the desk: an editor picks an issue, builds it and sees its pages and files."""

import io
import time
import zipfile

from bs4 import BeautifulSoup
from PIL import Image
from pypdf import PdfReader
from test_nordbyposten import small_site

from desk_helpers import PASSWORD, config, git
from redaktion import accounts, create_app, jobs


def small_repo(root):
    """A content repository with one issue (2014-2) and its one article: a quick proof."""
    repo = root / "repo"
    small_site(repo)
    git(repo, "init", "-q")
    git(repo, "add", "-A")
    git(repo, "-c", "user.name=Test", "-c", "user.email=test@example.dk", "commit", "-qm", "Indhold")
    return repo


def fetch(client, url):
    """A file the desk serves, read whole and closed."""
    reply = client.get(url)
    reply.direct_passthrough = False
    data = reply.get_data()
    reply.close()
    reply.data = data
    return reply


def test_an_editor_builds_a_proof_and_sees_its_pages_and_the_printers_files(tmp_path):
    small_repo(tmp_path)
    app = create_app(config(tmp_path))
    accounts.add(app.config["REDAKTION_DATA"], "Trine Møller", PASSWORD)
    client = app.test_client()
    anonymous = client.get("/redaktion/nordbyposten/")
    assert anonymous.status_code == 302 and "/redaktion/login" in anonymous.headers["Location"]

    app.config["WTF_CSRF_ENABLED"] = False
    client.post("/redaktion/login", data={"navn": "Trine Møller", "adgangskode": PASSWORD})
    picker = BeautifulSoup(client.get("/redaktion/nordbyposten/").get_data(as_text=True), "html.parser")
    assert [o["value"] for o in picker.select("#nummer option")] == ["2014-2"]
    assert client.post("/redaktion/nordbyposten/", data={"nummer": "../2014-2"}).status_code == 422
    assert client.post("/redaktion/nordbyposten/", data={"nummer": "2014-2"}).status_code == 302

    running = client.get("/redaktion/nordbyposten/").get_data(as_text=True)
    assert 'http-equiv="refresh"' in running and "Bygger korrektur af nummer 2014-2" in running
    deadline = time.monotonic() + 540
    while jobs.status(app.config["REDAKTION_DATA"], jobs.PROOF_STATUS)["state"] == "i gang":
        assert time.monotonic() < deadline
        time.sleep(0.1)
    done = BeautifulSoup(client.get("/redaktion/nordbyposten/").get_data(as_text=True), "html.parser")
    assert done.find(id="status-overskrift").get_text() == "Korrekturen af nummer 2014-2 er bygget", (
        done.find(class_="progress").get_text("\n")
    )

    images = [img["src"] for img in done.select(".proof-pages img")]
    assert len(images) >= 4 and len(images) % 4 == 0
    first = fetch(client, images[0])
    assert first.mimetype == "image/png"
    with Image.open(io.BytesIO(first.data)) as page:
        assert 400 <= page.width <= 800 and page.height > page.width  # a small, upright page

    links = {a.get_text(): a["href"] for a in done.select(".downloads a")}
    printer = fetch(client, next(h for t, h in links.items() if t.startswith("Hent trykfilen")))
    booklet = fetch(client, next(h for t, h in links.items() if t.startswith("Hent hæftet")))
    package = fetch(client, next(h for t, h in links.items() if t.startswith("Hent pakken")))
    for reply in (printer, booklet, package):
        assert reply.status_code == 200 and reply.headers["Content-Disposition"].startswith("attachment")
    printed, folded = PdfReader(io.BytesIO(printer.data)), PdfReader(io.BytesIO(booklet.data))
    assert len(printed.pages) == len(images)
    assert "KORREKTUR" not in printed.pages[0].extract_text(), "the printer's file carries no proof mark"
    assert len(folded.pages) == len(images) // 2, "the booklet prints two pages on each sheet side"
    assert float(folded.pages[0].mediabox.width) > float(folded.pages[0].mediabox.height)
    assert "nordbyposten-2014-2-tryk.pdf" in zipfile.ZipFile(io.BytesIO(package.data)).namelist()
    assert client.get("/redaktion/nordbyposten/2014-2/../../secret-key").status_code == 404
    assert not list((tmp_path / "repo" / "content").rglob("*.pdf")), "nothing is written into content/"
    assert git(tmp_path / "repo", "status", "--porcelain") == ""
    for child in jobs._CHILDREN:  # the job has said "bygget"; let its process end before the test does
        child.wait(timeout=60)
