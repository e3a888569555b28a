"""Broken content stops the build with a Danish message naming file, line, field and fix."""

import json

import pytest
from pelican.settings import get_settings_from_file

from conftest import CONTENT, ROOT, copy_content, pelican_here

GOOD = """Title: Loppemarked i Vangdalen
Date: 2014-05-03 10:00
Author: {author}
Category: Beboernetværk, inddragelse og demokrati
Slug: loppemarked-i-vangdalen

Der var loppemarked i Vangdalen.
"""


@pytest.fixture
def content(tmp_path):
    return copy_content(tmp_path / "content")


@pytest.fixture
def author(content):
    import yaml  # noqa: PLC0415

    return yaml.safe_load((content / "data" / "forfattere.yml").read_text(encoding="utf-8"))[0]["navn"]


def build_with(content, tmp_path, name, data):
    path = content / "nyheder" / "2014" / name
    path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    result = pelican_here(content, tmp_path / "out")
    return result, result.stdout + result.stderr


def assert_stopped(result, output, tmp_path):
    assert result.returncode == 1, output
    assert "Traceback" not in output
    assert "Byggeriet er stoppet" in output
    assert not (tmp_path / "out" / "index.html").exists(), "nothing may be written"


def test_missing_title(content, author, tmp_path):
    text = GOOD.format(author=author).replace("Title: Loppemarked i Vangdalen\n", "")
    result, output = build_with(content, tmp_path, "uden-titel.md", text)
    assert_stopped(result, output, tmp_path)
    assert "content/nyheder/2014/uden-titel.md:1: FEJL [Title] Feltet Title mangler." in output
    assert "skriv en linje 'Title: ...' øverst i filen" in output


def test_date_that_does_not_parse(content, author, tmp_path):
    text = GOOD.format(author=author).replace("2014-05-03 10:00", "3. maj kl 10")
    result, output = build_with(content, tmp_path, "forkert-dato.md", text)
    assert_stopped(result, output, tmp_path)
    assert (
        'content/nyheder/2014/forkert-dato.md:2: FEJL [Date] Datoen "3. maj kl 10" kan ikke læses.' in output
    )
    assert "skriv den som ÅÅÅÅ-MM-DD TT:MM" in output


def test_unknown_area(content, author, tmp_path):
    text = GOOD.format(author=author).replace("Beboernetværk, inddragelse og demokrati", "Sport")
    result, output = build_with(content, tmp_path, "ukendt-omraade.md", text)
    assert_stopped(result, output, tmp_path)
    assert 'content/nyheder/2014/ukendt-omraade.md:4: FEJL [Category] Området "Sport" findes ikke.' in output
    assert "brug et af områderne: Uddannelse, beskæftigelse og erhverv;" in output


def test_unknown_author(content, tmp_path):
    result, output = build_with(content, tmp_path, "ukendt.md", GOOD.format(author="Hans Hansen"))
    assert_stopped(result, output, tmp_path)
    assert (
        'content/nyheder/2014/ukendt.md:3: FEJL [Author] Forfatteren "Hans Hansen" er ikke kendt.' in output
    )
    assert "data/forfattere.yml" in output


def test_two_articles_with_the_same_slug(content, author, tmp_path):
    (content / "nyheder" / "2014" / "a.md").write_text(GOOD.format(author=author), encoding="utf-8")
    result, output = build_with(content, tmp_path, "b.md", GOOD.format(author=author))
    assert_stopped(result, output, tmp_path)
    assert (
        'content/nyheder/2014/b.md:5: FEJL [Slug] Adressen "loppemarked-i-vangdalen" bruges også af' in output
    )
    assert "content/nyheder/2014/a.md" in output
    assert "There are 2" not in output  # Pelican's English warning is replaced by ours


def test_file_that_is_not_utf8(content, author, tmp_path):
    data = GOOD.format(author=author).replace("Der var", "Der var loppemarked på Nørrebro. Der var")
    result, output = build_with(content, tmp_path, "latin1.md", data.encode("latin-1"))
    assert_stopped(result, output, tmp_path)
    assert "content/nyheder/2014/latin1.md:4: FEJL Filen er ikke gemt som UTF-8" in output
    assert "gem den med tegnsættet UTF-8" in output


def test_all_problems_are_listed_at_once(content, author, tmp_path):
    (content / "nyheder" / "2014" / "x.md").write_text(GOOD.format(author="Ingen"), encoding="utf-8")
    text = GOOD.format(author=author).replace("2014-05-03 10:00", "i går").replace("-vangdalen", "-2")
    result, output = build_with(content, tmp_path, "y.md", text)
    assert_stopped(result, output, tmp_path)
    assert "x.md:3" in output and "y.md:2" in output
    assert "2 fejl og 0 advarsler i indholdet." in output


def test_sources_are_never_modified(content, author, tmp_path):
    before = {p: p.read_bytes() for p in content.rglob("*") if p.is_file()}
    build_with(content, tmp_path, "ukendt.md", GOOD.format(author="Hans Hansen"))
    after = {p: p.read_bytes() for p in content.rglob("*") if p.is_file()}
    assert {k: v for k, v in after.items() if k.name != "ukendt.md"} == before


def test_a_plugin_that_cannot_be_loaded_stops_the_build(tmp_path):
    """Pelican would build on without it (a site without feeds or calendar); ours stops, in Danish."""
    required = [*get_settings_from_file(str(ROOT / "pelicanconf.py"))["PLUGINS"], "nordby_findes_ikke"]
    listed = json.dumps(required)
    result = pelican_here(CONTENT, tmp_path / "out", f"PLUGINS={listed}", f"NORDBY_REQUIRED_PLUGINS={listed}")
    assert result.returncode != 0
    assert "Udvidelsen nordby_findes_ikke kunne ikke indlæses" in result.stdout + result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    assert not (tmp_path / "out" / "index.html").exists()
