"""`invoke calendar-uids` writes one stable UID into each activity file that has none."""

import os
import subprocess
import sys

from conftest import ROOT
from nordby_calendar.uids import add_missing_uids

ACTIVITY = "Title: Loppemarked\nStart: 2027-05-01 10:00\nVenue: parkcafeen\n\nKom og køb brugte ting.\n"


def test_missing_uid_is_written_once_at_the_end_of_the_header(tmp_path):
    path = tmp_path / "loppemarked.md"
    path.write_text(ACTIVITY, encoding="utf-8")
    [(changed, uid)] = add_missing_uids(tmp_path, "randersnordby.dk")
    assert changed == path and uid.endswith("@randersnordby.dk")
    lines = path.read_text(encoding="utf-8").split("\n")
    assert lines[3] == f"UID: {uid}" and lines[4] == ""
    assert lines[5] == "Kom og køb brugte ting."
    assert add_missing_uids(tmp_path, "randersnordby.dk") == []
    assert path.read_text(encoding="utf-8").count("UID:") == 1


def test_the_task_finds_nothing_to_do_in_the_sample_content():
    env = {**os.environ, "PATH": f"{ROOT / '.venv' / 'bin'}:{os.environ['PATH']}"}
    result = subprocess.run(
        [sys.executable, "-m", "invoke", "calendar-uids"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "Alle aktiviteter har et UID."
