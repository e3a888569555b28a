"""The invoke tasks an editor runs: check, and publish that never leaves a half-written site."""

from conftest import INVOKE, invoke  # noqa: F401 - other test modules import them from here


def test_publish_switches_only_after_a_good_build(project):
    first = invoke(project, "publish")
    assert first.returncode == 0, first.stderr
    current = project / "public" / "current"
    assert current.is_symlink() and (current / "index.html").exists()
    release = current.resolve()
    assert "https://www.randersnordby.dk/" in (current / "index.html").read_text(encoding="utf-8")

    (project / "content" / "nyheder" / "2014" / "ny.md").write_text(
        "Title: Uden dato\n\nTekst\n", encoding="utf-8"
    )
    failed = invoke(project, "publish")
    assert failed.returncode != 0
    assert "Udgivelsen er afbrudt. Det offentlige website er ikke ændret." in failed.stderr
    assert "Traceback" not in failed.stderr
    assert current.resolve() == release
    assert [p.name for p in (project / "public" / "releases").iterdir()] == [release.name]


def test_check_lists_problems_without_building(project):
    good = invoke(project, "check")
    assert good.returncode == 0, good.stderr
    assert "Indholdet er i orden." in good.stderr
    (project / "content" / "nyheder" / "2014" / "ny.md").write_text(
        "Title: Uden dato\n\nTekst\n", encoding="utf-8"
    )
    bad = invoke(project, "check")
    assert bad.returncode == 1
    assert "content/nyheder/2014/ny.md:1: FEJL [Date] Feltet Date mangler." in bad.stderr
    assert not (project / "output").exists()
