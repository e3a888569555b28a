"""Helpers for the desk's tests: a private content repository, the app, phone photos, form data."""

import io
import shutil
import subprocess

from PIL import Image

from conftest import CONTENT, ROOT

PASSWORD = "korrekt-hest-batteri"


def make_repo(root):
    """A git repository with a copy of the sample content: the desk may write and commit there."""
    repo = root / "repo"
    repo.mkdir(parents=True)
    shutil.copytree(CONTENT, repo / "content")
    git(repo, "init", "-q")
    git(repo, "add", "-A")
    git(repo, "-c", "user.name=Test", "-c", "user.email=test@example.dk", "commit", "-qm", "Indhold")
    return repo


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
