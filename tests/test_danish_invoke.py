"""`./dev` speaks Danish: alone it lists the commands; invoke's own errors are translated."""

import importlib.util
import subprocess

import pytest

from conftest import ROOT

spec = importlib.util.spec_from_file_location("danish_invoke", ROOT / "tools" / "danish_invoke.py")
danish_invoke = importlib.util.module_from_spec(spec)
spec.loader.exec_module(danish_invoke)


@pytest.mark.parametrize(
    ("english", "danish"),
    [
        (
            "No idea what 'chek' is!",
            "'chek' findes ikke. Mente du './dev check'? Se alle kommandoer med './dev'.",
        ),
        ("No idea what 'foo' is!", "'foo' findes ikke. Se alle kommandoer med './dev'."),
        (
            "'approve' did not receive required positional arguments: 'slug'",
            "'approve' mangler: slug. Se './dev --help approve'.",
        ),
        (
            "Flag <Argument: year (y) *> needed value and was not given one!",
            "Valget --year skal have en værdi.",
        ),
        ("Flag '--vis' doesn't take any value!", "Valget --vis tager ingen værdi."),
    ],
)
def test_invokes_errors_in_danish(english, danish):
    assert danish_invoke.danish_error(english, ["check", "approve", "build"]) == danish


def run(*args):
    return danish_invoke.main(list(args))


def test_dev_alone_lists_the_commands_in_danish(capsys, monkeypatch):
    monkeypatch.chdir(ROOT)
    with pytest.raises(SystemExit) as stop:
        run()
    out = capsys.readouterr().out
    assert stop.value.code in (0, None)
    assert out.startswith("Brug: ./dev KOMMANDO")
    assert "Kommandoer:" in out and "Available" not in out and "Core options" not in out
    assert "check " in out and "Tjek alt indhold" in out


def test_a_mistyped_command_is_answered_in_danish(capsys, monkeypatch):
    monkeypatch.chdir(ROOT)
    with pytest.raises(SystemExit) as stop:
        run("chek")
    assert stop.value.code == 1
    assert (
        capsys.readouterr().err.strip()
        == "'chek' findes ikke. Mente du './dev check'? Se alle kommandoer med './dev'."
    )


def test_the_dev_script_alone_prints_the_task_list_not_shell_lines():
    """The real script, as a newcomer types it (the venv is installed already)."""
    result = subprocess.run(
        ["bash", str(ROOT / "dev")], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert "Kommandoer:" in result.stdout
    assert "set -euo pipefail" not in result.stdout + result.stderr
