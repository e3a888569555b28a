"""The desk's settings: defaults in one place, overridden by REDAKTION_* environment variables."""

import os
import secrets
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent

# Every setting of the desk, with its default. A test or a deployment overrides them with a
# dict passed to create_app(), or with environment variables of the same name.
DEFAULTS = {
    # The code checkout: settings files, theme and plugins.
    "REDAKTION_PROJECT": str(PROJECT),
    # The git repository that holds content/ (in production: the same checkout).
    "REDAKTION_REPO": str(PROJECT),
    # Accounts, uploads in progress, job status: outside content/ and never in git.
    "REDAKTION_DATA": str(PROJECT / "instance"),
    # Where `publish` builds releases; public/current is the live site.
    "REDAKTION_PUBLISH_ROOT": os.environ.get("NORDBY_PUBLISH_ROOT", str(PROJECT / "public")),
    "REDAKTION_SETTINGS": "pelicanconf.py",
    "REDAKTION_PUBLISH_SETTINGS": "publishconf.py",
    # The public address of the desk and of the site (for links in mails).
    "REDAKTION_SITE_URL": os.environ.get("SITEURL", "http://localhost:8000"),
    # Login: this many wrong passwords in a row lock a name for REDAKTION_LOCK_MINUTES.
    "REDAKTION_MAX_FAILURES": 5,
    "REDAKTION_LOCK_MINUTES": 15,
    # Rate limits per address (Flask-Limiter syntax).
    "REDAKTION_SUBMIT_LIMIT": "20 per hour",
    "REDAKTION_LOGIN_LIMIT": "20 per minute",
    # Photos per submission.
    "REDAKTION_MAX_PHOTOS": 6,
    # Mail: without a host, mail is printed to the console (development).
    "REDAKTION_SMTP_HOST": "",
    "REDAKTION_SMTP_PORT": 25,
    "REDAKTION_SMTP_USER": "",
    "REDAKTION_SMTP_PASSWORD": "",
    "REDAKTION_SMTP_STARTTLS": False,
    "REDAKTION_SMTP_FROM": "Redaktionen <redaktion@example.dk>",
    # Editors told of each new submission (comma-separated in the environment).
    "REDAKTION_EDITOR_MAILS": "",
    # Set behind HTTPS: the session cookie is then only sent over HTTPS.
    "REDAKTION_SECURE_COOKIES": False,
    # Set behind nginx: the client's address comes from X-Forwarded-For (one proxy).
    "REDAKTION_BEHIND_PROXY": False,
    # Signs the session cookie and the CSRF tokens; read from the data folder when not given.
    "SECRET_KEY": "",
}
_TYPES = {bool: lambda v: v.lower() in {"1", "true", "ja", "yes"}, int: int, str: str}


def from_env(environ=os.environ):
    """The settings given as REDAKTION_* environment variables, converted to the default's type."""
    return {
        name: _TYPES[type(default)](environ[name])
        for name, default in DEFAULTS.items()
        if name in environ and name != "SECRET_KEY"
    }


def secret_key(data):
    """A random key kept in the data folder, so sessions survive a restart."""
    path = Path(data) / "secret-key"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_hex(32))
    return path.read_text().strip()


def check(config):
    """Every bad setting named at once, in Danish."""
    bad = [
        f"{name} skal være {type(default).__name__}"
        for name, default in DEFAULTS.items()
        if not isinstance(config.get(name), type(default))
    ]
    content = Path(config["REDAKTION_REPO"]) / "content"
    if not content.is_dir():
        bad.append(f"REDAKTION_REPO skal indeholde mappen content/ (fandt ikke {content})")
    if bad:
        raise SystemExit("Redaktionens indstillinger er forkerte:\n  " + "\n  ".join(bad))
