"""The content repository: one lock around every file write and git command, a commit per change."""

import fcntl
import os
import re
import subprocess
import threading
from contextlib import contextmanager
from pathlib import Path

from . import history

_THREADS = threading.Lock()
_UNSAFE = re.compile(r"[<>\n\r\x00]")
DESK_EMAIL = "redaktion@nordby.invalid"


class GitError(RuntimeError):
    """A git command failed; the message is git's own, for the log."""


@contextmanager
def locked(data):
    """One writer at a time, across threads and across gunicorn's worker processes."""
    Path(data).mkdir(parents=True, exist_ok=True)
    with _THREADS, open(Path(data) / "skriv.lock", "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


@contextmanager
def hold(path):
    """Mark a file or folder as in use by this request until the block ends (see held)."""
    fd = os.open(path, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # the kernel lets go of it too when the process dies, however it dies


def held(path):
    """True while a request in any live worker holds path (so it is no crash's leftover)."""
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    finally:
        os.close(fd)
    return False


def git(repo, *args):
    """Run git in repo; returns its output or raises GitError."""
    env = {**os.environ, "GIT_TERMINAL_PROMPT": "0", "LC_ALL": "C"}
    done = subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True, env=env, check=False)
    if done.returncode:
        raise GitError(f"git {' '.join(args)}: {done.stderr.strip()}")
    return done.stdout


def person(name, email=""):
    """'Name <mail>' for git, without characters that would break the header."""
    clean = _UNSAFE.sub("", name).strip() or "Ukendt"
    mail = email if re.fullmatch(r"[^@\s<>]+@[^@\s<>]+", email or "") else DESK_EMAIL
    return clean, mail


def commit(repo, paths, message, name, email=""):
    """Stage paths (added, changed or removed) and commit them in the name of this person."""
    who, mail = person(name, email)
    history.commit(repo, paths, _clean(message), who, mail)


def _clean(message):
    """The message as `git commit -m` keeps it: no trailing spaces or blank lines at the ends."""
    lines = [line.rstrip() for line in message.replace("\r\n", "\n").split("\n")]
    text = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip("\n")
    return f"{text}\n"


def write_atomically(path, data):
    """Replace path in one step (bytes or text): a reader sees the old or the new file."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".#{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    try:
        if isinstance(data, bytes):
            tmp.write_bytes(data)
        else:
            tmp.write_text(data, encoding="utf-8")
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
