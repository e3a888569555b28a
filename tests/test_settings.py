"""The shared mechanisms: one settings schema, one atomic write, one build date, one Problem-at-a-field."""

import importlib
import os
import re
import stat
from datetime import date, datetime
from pathlib import Path

import pytest
from pelican.settings import DEFAULT_CONFIG, get_settings_from_file

from conftest import ROOT
from nordby_content import dates
from nordby_content.files import replacing, write_atomic
from nordby_content.problems import WARNING, problem_at
from nordby_content.settings import SCHEMAS, SettingsError, apply_all, unknown_names

PLUGINS = get_settings_from_file(str(ROOT / "pelicanconf.py"))["PLUGINS"]
# Read as settings[f"CALENDAR_ACTIVITY_{key.upper()}"] (Pelican's URL/SAVE_AS pattern).
READ_BY_PATTERN = {"CALENDAR_ACTIVITY_URL", "CALENDAR_ACTIVITY_SAVE_AS"}


@pytest.fixture(scope="module", autouse=True)
def every_plugin():
    """Every plugin imported, as Pelican does before it starts, so every schema is registered."""
    for name in ["nordby_content.options", *PLUGINS]:
        importlib.import_module(name)


def site_settings(**overrides):
    return {**DEFAULT_CONFIG, **get_settings_from_file(str(ROOT / "pelicanconf.py")), **overrides}


def test_the_sample_settings_are_valid_and_every_default_is_filled_in():
    settings = apply_all(site_settings())
    assert settings["HOSTING_SEARCH_URL"] == "soeg/"
    assert settings["NORDBY_FEEDS"]["max_items"] == 50
    assert settings["IMAGES_QUALITY"] == {"webp": 78, "jpeg": 80, "print": 92}


def test_every_bad_setting_of_every_plugin_is_named_at_once():
    bad = site_settings(
        HOSTING_SEARCH_URL="soeg",
        NORDBYPOSTEN_PAGE_SIZE="A3",
        CALENDAR_MONTHS_AHEAD=-1,
        NORDBY_HEADLINE_MAX_CHARS="lang",
        IMAGES_QUALITY={"webp": 120},
        NORDBY_FEEDS={"max_item": 3},
    )
    with pytest.raises(SettingsError) as stop:
        apply_all(bad)
    named = {p.field for p in stop.value.problems}
    assert {
        "HOSTING_SEARCH_URL",
        "NORDBYPOSTEN_PAGE_SIZE",
        "CALENDAR_MONTHS_AHEAD",
        "NORDBY_HEADLINE_MAX_CHARS",
        "IMAGES_QUALITY",
        "NORDBY_FEEDS",
    } <= named
    text = str(stop.value.code)
    assert "Indstillingen NORDBYPOSTEN_PAGE_SIZE skal være 'A4' eller 'A5', ikke 'A3'." in text
    assert "Indstillingen NORDBY_HEADLINE_MAX_CHARS skal være et helt tal på mindst 10" in text
    assert "Indstillingen NORDBY_FEEDS har ukendte nøgler: max_item." in text
    assert "Traceback" not in text


def test_a_rule_across_settings_names_the_setting():
    with pytest.raises(SettingsError) as stop:
        apply_all(site_settings(NORDBYPOSTEN_MAX_PAGES=30, NORDBYPOSTEN_MIN_PPI_ERROR=400))
    assert "NORDBYPOSTEN_MAX_PAGES skal gå op i 4" in str(stop.value.code)
    assert "NORDBYPOSTEN_MIN_PPI_ERROR må ikke være større end NORDBYPOSTEN_MIN_PPI_WARNING" in str(
        stop.value.code
    )


@pytest.mark.parametrize(
    ("name", "meant"),
    [
        ("FEEDS_MAX_ITEMS", "NORDBY_FEEDS['max_items']"),
        ("CALENDAR_MONTHS_AHAED", "CALENDAR_MONTHS_AHEAD"),
        ("NORDBY_AREA", "NORDBY_AREAS"),
        ("IMAGES_WIDTH", "IMAGES_WIDTHS"),
    ],
)
def test_an_unknown_name_with_a_plugins_prefix_is_a_warning_with_a_suggestion(name, meant):
    prefixes = tuple(prefix for schema in SCHEMAS.values() for prefix in schema.prefixes)
    (problem,) = unknown_names({name: 1, "SITENAME": "x", "_NORDBY_PRIVATE": 1}, prefixes)
    assert problem.severity == WARNING and problem.field == name
    assert f"Indstillingen {name} findes ikke" in problem.message
    assert problem.fix == f"mente du {meant}?"


def test_an_unknown_name_alone_does_not_stop_the_build(caplog):
    apply_all(site_settings(CALENDAR_MONTHS_AHAED=3))
    assert "mente du CALENDAR_MONTHS_AHEAD?" in caplog.text


def test_pelicanconf_repeats_no_plugin_default():
    given = get_settings_from_file(str(ROOT / "pelicanconf.py"))
    repeated = [
        name
        for schema in SCHEMAS.values()
        for name, option in schema.options.items()
        if name in given and given[name] == option.default
    ]
    assert repeated == []


def test_every_declared_option_is_described_and_read_somewhere():
    code = "\n".join(
        path.read_text(encoding="utf-8")
        for folder in ("plugins", "theme/templates")
        for path in (ROOT / folder).rglob("*")
        if path.suffix in {".py", ".html"}
    )
    code += (ROOT / "tasks.py").read_text(encoding="utf-8")
    for schema in SCHEMAS.values():
        for name, option in schema.options.items():
            assert option.doc and "\n" not in option.doc, name
            # Declared once; read at least once more (settings["X"], a template, a .get, an f-string).
            uses = len(re.findall(rf"\b{name}\b", code))
            assert uses >= 2 or name in READ_BY_PATTERN, f"{name} is declared but read by nothing"
    assert 'f"CALENDAR_ACTIVITY_{key.upper()}"' in code


def test_the_settings_line_is_named(tmp_path, monkeypatch):
    (tmp_path / "pelicanconf.py").write_text(
        'SITENAME = "x"\nHOSTING_SEARCH_URL = "soeg"\n', encoding="utf-8"
    )
    monkeypatch.chdir(tmp_path)
    with pytest.raises(SettingsError) as stop:
        apply_all(site_settings(HOSTING_SEARCH_URL="soeg"))
    assert "pelicanconf.py:2: FEJL [HOSTING_SEARCH_URL]" in str(stop.value.code)


def test_build_date_comes_from_the_environment_then_the_setting_then_randers(monkeypatch):
    monkeypatch.delenv("NORDBY_BUILD_DATE", raising=False)
    assert dates.build_date({"NORDBY_BUILD_DATE": "2026-12-01"}) == date(2026, 12, 1)
    monkeypatch.setenv("NORDBY_BUILD_DATE", "2014-03-12")
    assert dates.build_date({"NORDBY_BUILD_DATE": "2026-12-01"}) == date(2014, 3, 12)
    monkeypatch.delenv("NORDBY_BUILD_DATE")
    # Whatever the machine's time zone: Randers' date right now.
    assert dates.build_date({}) == datetime.now(dates.RANDERS).date()


def test_a_bad_build_date_stops_with_the_setting_named(monkeypatch):
    monkeypatch.setenv("NORDBY_BUILD_DATE", "26-11-2026")
    with pytest.raises(SettingsError) as stop:
        dates.build_date({})
    assert 'NORDBY_BUILD_DATE skal være en dato som 2026-12-01, ikke "26-11-2026"' in str(stop.value.code)


def test_danish_dates():
    day = date(2014, 12, 4)
    assert dates.long_date(day) == "torsdag den 4. december 2014"
    assert dates.weekday_day_month(day) == "torsdag den 4. december"
    assert dates.day_month_year(day) == "4. december 2014"
    assert dates.month_name(5) == "maj"
    assert [dates.weekday_abbr(n) for n in range(7)] == ["man", "tirs", "ons", "tors", "fre", "lør", "søn"]


def test_atomic_write_replaces_keeps_the_mode_and_leaves_nothing_behind(tmp_path):
    target = tmp_path / "a" / "side.md"
    write_atomic(target, "før\n")
    os.chmod(target, 0o640)
    write_atomic(target, "efter æøå\n")
    assert target.read_text(encoding="utf-8") == "efter æøå\n"
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert [p.name for p in target.parent.iterdir()] == ["side.md"]


def test_a_failed_atomic_write_keeps_the_old_file_and_removes_the_temporary(tmp_path):
    target = tmp_path / "side.md"
    target.write_text("før\n", encoding="utf-8")
    with pytest.raises(KeyboardInterrupt), replacing(target) as temporary:
        Path(temporary).write_text("halv", encoding="utf-8")
        raise KeyboardInterrupt
    assert target.read_text(encoding="utf-8") == "før\n"
    assert [p.name for p in tmp_path.iterdir()] == ["side.md"]


def test_a_problem_is_placed_at_its_fields_line():
    lines = {"title": 1, "image_alt": 4}
    assert problem_at("a.md", lines, "image_alt", "m", "f").line == 4
    assert problem_at("a.md", lines, "image_alt", "m", "f").field == "Image_alt"
    assert problem_at("a.md", lines, "author", "m", "f").line == 1
    assert problem_at("a.md", lines, "", "m", "f", line=9).line == 9
