"""The desk under gunicorn and with real neighbours: 50 residents at once, a killed upload, SMTP, publish."""

import os
import signal
import socket
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from aiosmtpd.controller import Controller

from desk_helpers import PASSWORD, config, git, make_repo, phone_photo, serve, stop, story, submit, with_photo
from redaktion import accounts, create_app, jobs, mail, store


@pytest.fixture
def root(tmp_path):
    make_repo(tmp_path)
    return tmp_path


def test_fifty_residents_at_once_give_fifty_drafts_and_fifty_commits(root):
    process, base = serve(root, workers=3)
    try:
        with ThreadPoolExecutor(max_workers=50) as pool:
            replies = list(pool.map(lambda n: submit(base, titel=f"Historie nummer {n}"), range(50)))
    finally:
        stop(process)
    assert [status for status, _, _ in replies] == [200] * 50
    assert all("/indsend/kvittering/" in url for _, url, _ in replies)
    repo = root / "repo"
    drafts = list((repo / "content" / "nyheder" / "indsendt").glob("historie-nummer-*.md"))
    assert len(drafts) == 50
    assert len(list((repo / "content" / "images").glob("*/*/1.jpg"))) == 50
    assert len(git(repo, "log", "--format=%s", "--grep=Indsendt af").splitlines()) == 50
    git(repo, "fsck", "--strict")
    assert git(repo, "status", "--porcelain") == ""


def test_a_server_killed_during_an_upload_leaves_nothing_in_content(root):
    process, base = serve(root, workers=1)
    host, port = base.removeprefix("http://").split(":")
    body_start = b'--x\r\nContent-Disposition: form-data; name="billeder-0-fil"; filename="a.jpg"\r\n\r\n'
    with socket.create_connection((host, int(port))) as sock:
        head = f"POST /indsend/ HTTP/1.1\r\nHost: {host}\r\nContent-Type: multipart/form-data; boundary=x\r\n"
        sock.sendall(f"{head}Content-Length: 5000000\r\n\r\n".encode() + body_start + phone_photo()[:200_000])
        time.sleep(1)
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=30)
    repo = root / "repo"
    assert git(repo, "status", "--porcelain", "--untracked-files=all", "--ignored") == ""
    assert len(git(repo, "log", "--format=%s").splitlines()) == 1


def test_a_submission_killed_after_its_photos_were_placed_is_removed_on_restart(root):
    """The worst moment: photos already in content/, no draft yet. The next start clears them."""
    orphan = root / "repo" / "content" / "images" / "2026" / "20261130-dead"
    orphan.mkdir(parents=True)
    (orphan / "1.jpg").write_bytes(phone_photo())
    half = root / "repo" / "content" / "images" / "2026" / ".#20261130-beef"
    half.mkdir()
    create_app(config(root))
    assert not orphan.exists() and not half.exists()
    assert git(root / "repo", "status", "--porcelain", "--untracked-files=all") == ""


def test_a_restart_leaves_the_photos_of_a_submission_still_being_stored(root):
    """Another worker may start while one stores a story: its clean-up must not take those photos."""
    busy = root / "repo" / "content" / "images" / "2026" / "20261130-b00b"
    busy.mkdir(parents=True)
    (busy / "1.jpg").write_bytes(phone_photo())
    with store.hold(busy):  # as placed_photos holds it until the commit
        create_app(config(root))
        assert (busy / "1.jpg").exists()
    create_app(config(root))  # held by nobody: a crash's leftover
    assert not busy.exists()


class _Inbox:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append((envelope.rcpt_tos, envelope.content.decode("utf-8", "replace")))
        return "250 OK"


@pytest.fixture
def smtp():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    inbox = _Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    yield inbox, port
    controller.stop()


def test_the_receipt_reaches_the_writer_by_smtp_with_the_reference(root, smtp):
    inbox, port = smtp
    app = create_app(
        config(
            root,
            REDAKTION_SMTP_HOST="127.0.0.1",
            REDAKTION_SMTP_PORT=port,
            REDAKTION_EDITOR_MAILS="trine@example.dk",
        )
    )
    app.config["WTF_CSRF_ENABLED"] = False
    reply = app.test_client().post(
        "/indsend/", data=with_photo(story(), 0, phone_photo()), content_type="multipart/form-data"
    )
    ref = reply.headers["Location"].rsplit("/", 1)[1]
    mail.flush()  # mail is sent beside the request: wait for it, as a writer waits for the receipt
    to_writer = [text for rcpt, text in inbox.messages if rcpt == ["sofie.berg@example.dk"]]
    to_editors = [text for rcpt, text in inbox.messages if rcpt == ["trine@example.dk"]]
    assert len(to_writer) == 1 and f"Tak for din historie (ref. {ref})" in to_writer[0]
    assert f"Dit referencenummer er {ref}." in to_writer[0].replace("=\n", "")
    assert len(to_editors) == 1 and "Ny historie: Loppemarked i Vangdalen" in to_editors[0]


def test_a_publish_from_the_desk_that_fails_leaves_the_live_site_as_it_was(root):
    live = root / "public" / "releases" / "20260101-000000"
    live.mkdir(parents=True)
    (live / "index.html").write_text("den gamle forside", encoding="utf-8")
    (root / "public" / "current").symlink_to("releases/20260101-000000")
    broken = root / "repo" / "content" / "nyheder" / "2014" / "ny.md"
    broken.write_text(
        "Title: Ny\nDate: i går\nAuthor: Amira Hassan\nCategory: Sundhed\n\nTekst.\n", encoding="utf-8"
    )
    app = create_app(config(root))
    accounts.add(app.config["REDAKTION_DATA"], "Trine Møller", PASSWORD)
    app.config["WTF_CSRF_ENABLED"] = False
    client = app.test_client()
    client.post("/redaktion/login", data={"navn": "Trine Møller", "adgangskode": PASSWORD})
    assert client.post("/redaktion/udgiv").status_code == 302
    deadline = time.monotonic() + 300
    while jobs.status(app.config["REDAKTION_DATA"])["state"] == "i gang":
        assert time.monotonic() < deadline
        time.sleep(0.1)
    page = client.get("/redaktion/udgiv").get_data(as_text=True)
    assert "Udgivelsen mislykkedes – websitet er ikke ændret" in page
    assert "Datoen &#34;i går&#34; kan ikke læses." in page or 'Datoen "i går" kan ikke læses.' in page
    assert os.readlink(root / "public" / "current") == "releases/20260101-000000"
    assert (root / "public" / "current" / "index.html").read_text(encoding="utf-8") == "den gamle forside"
    assert [p.name for p in (root / "public" / "releases").iterdir()] == ["20260101-000000"]
