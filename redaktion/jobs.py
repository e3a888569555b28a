"""Long work started from the desk (publish, the preview build), run in its own process.

`python -m redaktion.jobs publish` runs the same pipeline as `./dev publish` and writes its
progress to the data folder, where the desk's page reads it.
"""

import json
import os
import subprocess
import sys
import time
from pathlib import Path

from . import store

STATUS = "udgivelse.json"
PROOF_STATUS = "korrektur.json"  # Nordbyposten's proof: its own job, beside a publish
_CHILDREN = []  # publishes started by this process; reaped when they end, so none is left a zombie


def status(data, name=STATUS):
    """The last job of its kind: state (i gang, udgivet/bygget, fejlet), lines, who and when."""
    for child in [c for c in _CHILDREN if c.poll() is not None]:
        _CHILDREN.remove(child)
    try:
        found = json.loads((Path(data) / name).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    starting = found.get("pid") is None and time.time() - found["started"] < 60
    if found["state"] == "i gang" and not starting and not _alive(found.get("pid")):
        found["state"] = "fejlet"
        found["lines"].append(
            "Udgivelsen stoppede uventet. Det offentlige website er ikke ændret."
            if name == STATUS
            else "Arbejdet stoppede uventet. Prøv igen."
        )
    return found


def _alive(pid):
    try:
        os.kill(pid, 0)
        return Path(f"/proc/{pid}/stat").read_text().split()[2] != "Z"  # a finished child not yet reaped
    except (OSError, TypeError):
        return False


def start_publish(config, editor):
    """Start a publish in a new process unless one is running; returns False when one is."""
    return _start(config, editor, ["publish"], STATUS)


def start_proof(config, editor, issue):
    """Start a proof of Nordbyposten's issue in a new process unless one is running."""
    return _start(config, editor, ["korrektur", issue], PROOF_STATUS, issue=issue)


def _start(config, editor, command, name, **extra):
    data = Path(config["REDAKTION_DATA"])
    current = status(data, name)
    if current and current["state"] == "i gang":
        return False
    start = {"state": "i gang", "lines": [], "by": editor, "started": time.time(), "pid": None, **extra}
    _write(data, start, name)
    keys = [k for k in config if k.startswith("REDAKTION_")]
    env = {
        **os.environ,
        "REDAKTION_JOB": json.dumps({k: config[k] for k in keys}),
        "REDAKTION_EDITOR": editor,
    }
    with open(data / f"{command[0]}.log", "w") as log:  # the child keeps its own copy of the handle
        _CHILDREN.append(
            subprocess.Popen(
                [sys.executable, "-m", "redaktion.jobs", *command],
                cwd=config["REDAKTION_PROJECT"],
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=log,
                start_new_session=True,
            )
        )
    return True


def _write(data, state, name=STATUS):
    store.write_atomically(Path(data) / name, json.dumps(state, ensure_ascii=False))


def _publish(config, editor):
    """The child process: the publish pipeline, progress lines into the status file."""
    sys.path.insert(0, str(Path(config["REDAKTION_PROJECT"]) / "plugins"))
    from nordby_hosting import publish  # noqa: PLC0415 - needs the plugin path

    data = Path(config["REDAKTION_DATA"])
    state = {"state": "i gang", "lines": [], "by": editor, "started": time.time(), "pid": os.getpid()}

    def progress(line):
        state["lines"].append(line)
        _write(data, state)

    content = Path(config["REDAKTION_REPO"]) / "content"
    try:
        release = publish.publish(
            config["REDAKTION_PUBLISH_SETTINGS"],
            config["REDAKTION_PUBLISH_ROOT"],
            content=content,
            progress=progress,
            cache_path=cache_path(config),
        )
    except (SystemExit, Exception) as stop:  # anything: the desk must say "failed", never hang
        message = stop.code if isinstance(stop, SystemExit) else f"Uventet fejl: {stop!r}"
        state["lines"] += [line for line in str(message or "").splitlines() if line]
        state.update(state="fejlet", finished=time.time())
        _write(data, state)
        return 1
    with store.locked(data):
        store.commit(config["REDAKTION_REPO"], [], f"Udgivet af {editor} ({release.name})", editor)
    state.update(state="udgivet", finished=time.time(), release=release.name)
    _write(data, state)
    return 0


def cache_path(config):
    """The checkout's own caches when the desk edits the checkout itself, as in production: a publish
    from the desk then costs what `./dev publish` costs, and each warms the other's photos, paper
    and search. A desk over another repository (tests, the benchmark) keeps its caches in its data
    folder, so two content folders never take turns in one cache."""
    same = Path(config["REDAKTION_REPO"]).resolve() == Path(config["REDAKTION_PROJECT"]).resolve()
    return None if same else Path(config["REDAKTION_DATA"]) / "cache"


def _proof(config, editor, issue):
    """The child process: Nordbyposten's proof, progress lines into its status file."""
    sys.path.insert(0, str(Path(config["REDAKTION_PROJECT"]) / "plugins"))
    from . import proof  # noqa: PLC0415 - after the plugin path is set

    data = Path(config["REDAKTION_DATA"])
    state = {"state": "i gang", "lines": [], "by": editor, "started": time.time(), "pid": os.getpid()}
    state["issue"] = issue

    def progress(line):
        state["lines"].append(line)
        _write(data, state, PROOF_STATUS)

    try:
        proof.build(config, issue, progress)
    except (SystemExit, Exception) as stop:  # anything: the desk must say "failed", never hang
        message = stop.code if isinstance(stop, SystemExit) else f"Uventet fejl: {stop!r}"
        state["lines"] += [line for line in str(message or "").splitlines() if line]
        state.update(state="fejlet", finished=time.time())
        _write(data, state, PROOF_STATUS)
        return 1
    state.update(state="bygget", finished=time.time())
    _write(data, state, PROOF_STATUS)
    return 0


def main(argv):
    config = json.loads(os.environ["REDAKTION_JOB"])
    editor = os.environ.get("REDAKTION_EDITOR", "Redaktionen")
    if argv[1:] == ["publish"]:
        return _publish(config, editor)
    if len(argv) == 3 and argv[1] == "korrektur":
        return _proof(config, editor, argv[2])
    print("Brug: python -m redaktion.jobs publish | korrektur NUMMER", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
