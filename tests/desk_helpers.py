"""Helpers for the desk's tests: a private content repository, the app, phone photos, form data."""

import functools
import http.cookiejar
import io
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path

from PIL import Image

from conftest import CONTENT, ROOT
from redaktion import accounts

PASSWORD = "korrekt-hest-batteri"
EDITOR = "Trine Møller"


def add_editor(data):
    """The editor's account in the desk's data folder, as `accounts.add` writes it.

    Made by accounts.add once per worker and copied: argon2 spends a third of a second of CPU on a
    hash by design, and the desk's tests start a new data folder for each test. Logging in still
    checks the password against the real hash."""
    target = Path(data) / "konti.json"
    assert not target.exists(), "add_editor starts the accounts file; use accounts.add to add to one"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(_editor_accounts())
    target.chmod(0o600)


@functools.cache
def _editor_accounts():
    with tempfile.TemporaryDirectory() as data:
        accounts.add(data, EDITOR, PASSWORD)
        return (Path(data) / "konti.json").read_bytes()


def make_repo(root):
    """A git repository with a copy of the sample content: the desk may write and commit there.

    A whole copy of one made once per worker, beside the tests' folders: the same commit, and
    quicker than git compressing every photo again for each test."""
    made = root.parent / "desk-repo"
    if not (made / ".made").exists():
        shutil.rmtree(made, ignore_errors=True)
        _new_repo(made)
        (made / ".made").touch()
    repo = root / "repo"
    shutil.copytree(made, repo, symlinks=True, ignore=shutil.ignore_patterns(".made"))
    return repo


def _new_repo(repo):
    repo.mkdir(parents=True)
    shutil.copytree(CONTENT, repo / "content")
    git(repo, "init", "-q")
    git(repo, "add", "-A")
    git(repo, "-c", "user.name=Test", "-c", "user.email=test@example.dk", "commit", "-qm", "Indhold")


def git(repo, *args):
    return subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True, check=True).stdout


def config(root, **overrides):
    """Desk settings for a test: everything under root, generous rate limits."""
    return {
        "REDAKTION_PROJECT": str(ROOT),
        "REDAKTION_REPO": str(root / "repo"),
        "REDAKTION_DATA": str(root / "data"),
        "REDAKTION_PUBLISH_ROOT": str(root / "public"),
        "REDAKTION_SUBMIT_LIMIT": "10000 per minute",
        "REDAKTION_LOGIN_LIMIT": "10000 per minute",
        "SECRET_KEY": "test-hemmelighed",
        **overrides,
    }


def phone_photo(size=(1200, 900), colour=(200, 80, 40), gps=False, orientation=1):
    """A JPEG as a phone writes it: EXIF with camera make, maybe GPS and an orientation."""
    im = Image.new("RGB", size, colour)
    im.paste((20, 20, 200), (0, 0, size[0] // 4, size[1] // 4))  # a mark in the top-left corner
    exif = Image.Exif()
    exif[0x010F] = "Telefonfabrik"  # Make
    exif[0x0112] = orientation
    if gps:
        exif[0x8825] = {1: "N", 2: (56.0, 28.0, 30.0), 3: "E", 4: (10.0, 2.0, 15.0)}
    buf = io.BytesIO()
    im.save(buf, "JPEG", exif=exif, quality=85)
    return buf.getvalue()


def story(**overrides):
    """A complete, valid submission as the form posts it (without photos)."""
    return {
        "navn": "Sofie Berg",
        "kontakt": "sofie.berg@example.dk",
        "titel": "Loppemarked i Vangdalen",
        "intro": "Over 40 boder og kage til alle.",
        "tekst": "Lørdag var der loppemarked på græsset i Vangdalen.\n\nDer kom mange mennesker.",
        "omraade": "Beboernetværk, inddragelse og demokrati",
        **overrides,
    }


def with_photo(data, number, content, name="IMG_0001.jpg", alt="Boder på græsset i solskin"):
    return {
        **data,
        f"billeder-{number}-fil": (io.BytesIO(content), name),
        f"billeder-{number}-alt": alt,
        f"billeder-{number}-tekst": "Boderne stod tæt.",
        f"billeder-{number}-fotograf": "Sofie Berg",
        "samtykke": "y",
    }


# --- The desk served by gunicorn, as in production, and a small HTTP client for it.


def serve(root, workers=2, threads=4, **overrides):
    """Start gunicorn on a free port with the desk for root; returns (process, base URL)."""
    env = {**os.environ, **{k: str(v) for k, v in config(root, **overrides).items() if k != "SECRET_KEY"}}
    log = root / "gunicorn.log"
    with open(log, "w") as handle:
        process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "--preload", "-w", str(workers), "--threads", str(threads),
             "-b", "127.0.0.1:0", "--graceful-timeout", "2", "redaktion:create_app()"],
            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=handle, start_new_session=True,
        )  # fmt: skip
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and process.poll() is None:
        found = re.search(r"Listening at: (http://127\.0\.0\.1:\d+)", log.read_text())
        if found:
            return process, found.group(1)
        time.sleep(0.1)
    raise AssertionError("gunicorn did not start:\n" + log.read_text())


def stop(process):
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)


def browser_session():
    """An HTTP client that keeps cookies, as one browser does."""
    return urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))


def csrf_token(opener, url):
    html = opener.open(url).read().decode()
    field = re.search(r'<input[^>]*name="csrf_token"[^>]*>', html).group(0)
    return re.search(r'value="([^"]+)"', field).group(1)


def multipart(fields):
    """Encode fields (text, or (bytes, file name)) as multipart/form-data."""
    boundary = uuid.uuid4().hex
    parts = []
    for name, value in fields.items():
        if isinstance(value, tuple):
            content, filename = value
            head = f'Content-Disposition: form-data; name="{name}"; filename="{filename}"\r\nContent-Type: image/jpeg'
        else:
            content, head = str(value).encode(), f'Content-Disposition: form-data; name="{name}"'
        parts.append(f"--{boundary}\r\n{head}\r\n\r\n".encode() + content + b"\r\n")
    return b"".join([*parts, f"--{boundary}--\r\n".encode()]), f"multipart/form-data; boundary={boundary}"


def post(opener, url, fields):
    """POST a form with files; returns (status, final URL, body) without raising on 4xx."""
    body, kind = multipart(fields)
    request = urllib.request.Request(url, data=body, headers={"Content-Type": kind}, method="POST")
    try:
        with opener.open(request, timeout=120) as reply:
            return reply.status, reply.url, reply.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, url, error.read().decode()


def submit(base, photo=None, **overrides):
    """One resident's submission with one phone photo (JPEG bytes), through the real server."""
    opener = browser_session()
    token = csrf_token(opener, f"{base}/indsend/")
    fields = {
        **story(**overrides),
        "csrf_token": token,
        "samtykke": "y",
        "billeder-0-fil": (photo or phone_photo(), "IMG_0001.jpg"),
        "billeder-0-alt": "Boder på græsset",
    }
    return post(opener, f"{base}/indsend/", fields)
