"""tasks.py's own helpers, in-process: arguments as lists, settings with the plugins' defaults, reports."""

import importlib.util
import json
import os
import shutil
import subprocess
import sys

from nordbyposten import editor
from pelican import parse_arguments

from conftest import CONTENT, ROOT

spec = importlib.util.spec_from_file_location("project_tasks", ROOT / "tasks.py")
tasks = importlib.util.module_from_spec(spec)
spec.loader.exec_module(tasks)


def test_pelican_gets_paths_with_spaces_and_quotes_whole():
    target = 'Mine tal/år 2014 "endelig".csv'
    args = parse_arguments(
        tasks.base(
            "-o", ".cache/stats", *tasks.extra_settings(EDITORIAL_STATS_YEAR=2014, EDITORIAL_STATS_CSV=target)
        )
    )
    assert args.overrides == {"EDITORIAL_STATS_YEAR": 2014, "EDITORIAL_STATS_CSV": target}
    assert args.output == ".cache/stats" and args.settings == "pelicanconf.py"


def test_tasks_read_the_plugins_defaults_that_pelicanconf_no_longer_repeats():
    settings = tasks.site_settings()
    assert settings["HOSTING_SEARCH_LANGUAGE"] == "da"
    assert settings["EDITORIAL_SUBMISSIONS_PATH"] == "nyheder/indsendt"
    assert settings["NORDBYPOSTEN_MIN_PPI_WARNING"] == 300
    assert settings["NORDBY_AUTHORS_FILE"] == "data/forfattere.yml"


def test_the_nordbyposten_report_does_not_repeat_the_photo_warnings():
    warning = 'content/nyheder/2014/x.md: ADVARSEL [Image] Billedet "a.jpg" på side 1 har kun 251 ppi'
    summary = {
        "output": "/site",
        "issues": [{"slug": "2014-1", "pages": 12, "fresh": True, "files": ["tryk.pdf"]}],
        "warnings": [warning, warning.replace("side 1", "side 2")],
    }
    lines = editor.report(summary, "", korrektur=False, til_trykkeriet=False, min_ppi=300)
    assert not any("251 ppi" in line for line in lines), "the build has printed them already"
    assert lines[-1] == "2 billedadvarsler (se ovenfor)."
    quiet = editor.report({**summary, "warnings": []}, "", korrektur=False, til_trykkeriet=False, min_ppi=250)
    assert quiet[-1] == "Ingen billeder under 250 ppi."


def test_messages_name_dev_not_invoke():
    """invoke is not on an editor's PATH; ./dev is what they type."""
    text = (ROOT / "tasks.py").read_text(encoding="utf-8")
    messages = [line for line in text.splitlines() if "Kør '" in line or "godkender den med" in line]
    assert messages and all("'./dev " in line for line in messages)
    assert "invoke approve" not in (ROOT / "theme" / "templates" / "drafts.html").read_text(encoding="utf-8")


def test_the_publish_check_reads_a_content_folder_whose_path_has_spaces(tmp_path):
    """Arguments go to Pelican as a list: a split string broke 'Mine dokumenter/content' in two."""
    content = tmp_path / "Mine dokumenter" / "content"
    shutil.copytree(CONTENT / "data", content / "data")
    shutil.copytree(CONTENT / "images" / "forfattere", content / "images" / "forfattere")
    code = "from nordby_hosting.publish import check_content; import sys; check_content('pelicanconf.py', [sys.argv[1]], [])"
    cache = f"CACHE_PATH={json.dumps(str(tmp_path / 'cache med mellemrum'))}"
    result = subprocess.run(
        [sys.executable, "-c", code.replace("[])", f"[{cache!r}])"), str(content)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT / "plugins")},
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Indholdet er i orden." in result.stderr
    assert (tmp_path / "cache med mellemrum").is_dir()
