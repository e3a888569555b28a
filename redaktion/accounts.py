"""Editors' accounts: argon2 hashes in a file outside content/ and git, and a lock after failures."""

import json
import time
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import VerificationError, VerifyMismatchError

from .store import locked, write_atomically

_HASHER = PasswordHasher()
# Checked when the name is unknown, so a wrong name takes as long as a wrong password.
_DUMMY = _HASHER.hash("ingen konto her")
MIN_LENGTH = 10


def _file(data):
    return Path(data) / "konti.json"


def _load(data):
    try:
        return json.loads(_file(data).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {"konti": {}, "fejl": {}}


def _save(data, state):
    write_atomically(_file(data), json.dumps(state, ensure_ascii=False, indent=1))
    _file(data).chmod(0o600)


def add(data, name, password):
    """Create or replace an editor's account."""
    name = name.strip()
    if not name:
        raise SystemExit("Skriv redaktørens navn: ./dev redaktoer-tilfoej NAVN")
    if len(password) < MIN_LENGTH:
        raise SystemExit(f"Adgangskoden skal have mindst {MIN_LENGTH} tegn.")
    with locked(data):
        state = _load(data)
        state["konti"][name.lower()] = {"navn": name, "hash": _HASHER.hash(password)}
        state["fejl"].pop(name.lower(), None)
        _save(data, state)


def login(data, name, password, max_failures, lock_minutes):
    """The editor's name if name and password match and the name is not locked, else None.

    Unknown names are counted and locked exactly like real ones, so nothing tells them apart.
    """
    key = (name or "").strip().lower()
    with locked(data):
        state = _load(data)
        failures = state["fejl"].get(key, {"antal": 0, "tid": 0})
        if failures["antal"] >= max_failures and time.time() - failures["tid"] < lock_minutes * 60:
            _HASHER.hash(password or "")  # the same work as a real check
            return None
        account = state["konti"].get(key)
        try:
            _HASHER.verify(account["hash"] if account else _DUMMY, password or "")
            ok = account is not None
        except (VerifyMismatchError, VerificationError):
            ok = False
        if ok:
            state["fejl"].pop(key, None)
        else:
            count = failures["antal"] + 1 if failures["antal"] < max_failures else 1
            state["fejl"][key] = {"antal": count, "tid": time.time()}
        _save(data, state)
    return account["navn"] if ok else None
