"""House texts found too long for their page: skipped by the next issue and the next build, never
when what the page prints is another text or another page."""

import pytest
from nordbyposten import housefit

PAGES = [1, [("Bliv borgerjournalist", "<p>Skriv til avisen.</p>" * 200, "sider/bliv-borgerjournalist/")]]


def settings(tmp_path, **values):
    return {
        "CACHE_PATH": str(tmp_path),
        "NORDBYPOSTEN_CACHE": True,
        "NORDBYPOSTEN_PAGE_SIZE": "A4",
        "NORDBYPOSTEN_BLEED_MM": 3,
        "NORDBYPOSTEN_CROP_MARKS": True,
        "NORDBYPOSTEN_SITE_ADDRESS": "https://nordby.example/",
        **values,
    }


@pytest.fixture
def new_process(monkeypatch):
    """What a forked child or the next build knows: only what is in the issue cache (and each test
    starts as a new process)."""

    def start():
        monkeypatch.setattr(housefit, "_FOUND", set())

    start()
    return start


def test_a_cut_found_too_long_is_known_to_the_next_issue_and_build(tmp_path, new_process):
    found = housefit.key(settings(tmp_path), PAGES, 560)
    housefit.TooLong(settings(tmp_path)).add(found)
    new_process()
    assert found in housefit.TooLong(settings(tmp_path))
    # a shorter cut, another text, another page size: each laid out and checked on its own
    assert housefit.key(settings(tmp_path), PAGES, 420) not in housefit.TooLong(settings(tmp_path))
    other = [1, [(PAGES[1][0][0], "<p>En kort tekst.</p>", PAGES[1][0][2])]]
    assert housefit.key(settings(tmp_path), other, 560) not in housefit.TooLong(settings(tmp_path))
    a5 = settings(tmp_path, NORDBYPOSTEN_PAGE_SIZE="A5")
    assert housefit.key(a5, PAGES, 560) not in housefit.TooLong(a5)


def test_a_cut_off_file_is_read_as_none_and_written_anew(tmp_path, new_process):
    path = tmp_path / "nordbyposten" / "house-too-long.json"
    path.parent.mkdir()
    path.write_text("5", encoding="utf-8")
    assert housefit.key(settings(tmp_path), PAGES, 560) not in housefit.TooLong(settings(tmp_path))
    path.write_text('["abc', encoding="utf-8")
    found = housefit.key(settings(tmp_path), PAGES, 560)
    assert found not in housefit.TooLong(settings(tmp_path))
    housefit.TooLong(settings(tmp_path)).add(found)
    new_process()
    assert found in housefit.TooLong(settings(tmp_path))


def test_without_the_issue_cache_only_this_process_remembers(tmp_path, new_process):
    off = settings(tmp_path, NORDBYPOSTEN_CACHE=False)
    found = housefit.key(off, PAGES, 560)
    housefit.TooLong(off).add(found)
    assert found in housefit.TooLong(off)
    assert not (tmp_path / "nordbyposten").exists()
    new_process()
    assert found not in housefit.TooLong(off)


def test_the_file_keeps_the_newest_keys(tmp_path, new_process):
    keys = [housefit.key(settings(tmp_path), PAGES, words) for words in range(housefit.KEEP + 5)]
    for found in keys:
        housefit.TooLong(settings(tmp_path)).add(found)
    new_process()
    remembered = housefit.TooLong(settings(tmp_path))
    assert all(k in remembered for k in keys[5:]) and not any(k in remembered for k in keys[:5])
