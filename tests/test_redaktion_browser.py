"""The whole desk in Chromium on a phone: a resident sends a story, an editor fixes, approves and publishes."""

import re
from pathlib import Path

import pytest
from PIL import Image

from conftest import _seed_cache, run_axe
from desk_helpers import PASSWORD, git, make_repo, phone_photo, serve, stop
from redaktion import accounts


@pytest.fixture
def desk(tmp_path, sample_paper):
    make_repo(tmp_path)
    _seed_cache(
        tmp_path / "data" / "cache", sample_paper
    )  # the desk's publish cache, with the paper laid out
    accounts.add(tmp_path / "data", "Trine Møller", PASSWORD)
    process, base = serve(tmp_path, workers=2)
    yield tmp_path, base
    stop(process)


def accessible(page):
    # A click that navigates returns before the next page has loaded; axe must see the new page.
    page.wait_for_load_state("load")
    page.wait_for_selector("main h1")
    assert run_axe(page) == [], page.url


def fill_story(page, photos):
    page.fill("#navn", "Sofie Berg")
    page.fill("#kontakt", "sofie.berg@example.dk")
    page.fill("#intro", "Over 40 boder og kage til alle.")
    page.select_option("#omraade", "Beboernetværk, inddragelse og demokrati")
    page.fill("#tekst", "Lørdag var der loppemarked i Vangdalen.\n\nDer kom mange menesker.")
    for number, (path, alt) in enumerate(photos):
        page.set_input_files(f"#billeder-{number}-fil", str(path))
        page.fill(f"#billeder-{number}-alt", alt)
        page.fill(f"#billeder-{number}-fotograf", "Sofie Berg")
    page.check("#samtykke")


def published_photos(article, site):
    """One published JPEG variant of each photo of the article page, in page order."""
    html = article.read_text(encoding="utf-8")
    found = {}
    for src in re.findall(r'src="[^"]*?/(billeder/[^"]+\.jpg)"', html):
        found.setdefault(Path(src).name.split("-")[0], src)  # 1-480.<hash>.jpg: photo 1
    photos = []
    for src in found.values():
        with Image.open(site / src) as photo:
            photos.append((photo.size, photo.getexif()))
    return photos


def test_a_story_from_a_phone_to_the_live_site(desk, phone, tmp_path):
    root, base = desk
    gps = tmp_path / "IMG_0001.jpg"
    # A phone's size: Nordbyposten prints new articles too, and refuses a photo under 300 ppi.
    gps.write_bytes(phone_photo(size=(3200, 2400), gps=True))
    turned = tmp_path / "IMG_0002.jpg"
    turned.write_bytes(phone_photo(size=(3200, 2400), orientation=6))  # held upright: a portrait

    phone.goto(f"{base}/indsend/")
    accessible(phone)
    fill_story(phone, [(gps, "Boder på græsset i Vangdalen"), (turned, "En pige køber en bamse")])
    phone.click("text=Send historien")
    assert phone.locator("#titel-fejl").inner_text() == "Skriv en overskrift."
    assert phone.input_value("#navn") == "Sofie Berg"
    assert "Der kom mange menesker." in phone.input_value("#tekst")
    assert phone.input_value("#billeder-1-alt") == "En pige køber en bamse"
    assert phone.locator(".kept").count() == 2
    accessible(phone)

    phone.fill("#titel", "Loppemarked i Vangdalen")
    phone.click("text=Send historien")
    ref = phone.locator(".ref").inner_text()
    assert re.fullmatch(r"\d{8}-[0-9A-F]{4}", ref)
    accessible(phone)

    phone.goto(f"{base}/redaktion/")
    assert "/redaktion/login" in phone.url
    accessible(phone)
    phone.fill("#navn", "Trine Møller")
    phone.fill("#adgangskode", PASSWORD)
    phone.click("button:has-text('Log ind')")
    accessible(phone)
    phone.click("text=Loppemarked i Vangdalen")
    accessible(phone)
    phone.fill("#tekst", phone.input_value("#tekst").replace("menesker", "mennesker"))
    phone.click("text=Gem ændringer")
    assert "Ændringerne er gemt." in phone.content()
    phone.click("text=Godkend historien")
    assert "Historien er godkendt." in phone.content()

    phone.click("text=Udgiv websitet")
    accessible(phone)
    phone.click("text=Udgiv websitet nu")
    phone.wait_for_selector("h2:has-text('Udgivet'), h2:has-text('mislykkedes')", timeout=540_000)
    assert phone.locator("#status-overskrift").inner_text() == "Udgivet", phone.locator(
        ".progress"
    ).inner_text()
    accessible(phone)
    phone.click("text=Nordbyposten")  # the proof page as it first shows (its build is tested in-process)
    assert phone.locator("#nummer option").count() == len(
        list((root / "repo" / "content" / "nordbyposten").glob("*.md"))
    )
    accessible(phone)
    live_site_has_the_story(root)


def live_site_has_the_story(root):
    """The article on public/current, fixed, in the feed, photos upright and without metadata."""
    site = root / "public" / "current"
    year = git(root / "repo", "log", "-1", "--format=%ad", "--date=format:%Y").strip()
    article = site / "nyheder" / year / "loppemarked-i-vangdalen" / "index.html"
    text = article.read_text(encoding="utf-8")
    assert "Der kom mange mennesker." in text and "menesker" not in text
    assert "loppemarked-i-vangdalen" in (site / "feeds" / "alle.rss.xml").read_text(encoding="utf-8")
    photos = published_photos(article, site)
    assert len(photos) == 2
    (lead, _), (portrait, _) = photos
    assert lead[0] > lead[1] and portrait[1] > portrait[0], "both photos are upright"
    for _, exif in photos:
        assert 0x8825 not in exif and 0x010F not in exif and 0x0112 not in exif, (
            "no GPS, camera or orientation"
        )
    log = git(root / "repo", "log", "--format=%an|%s")
    assert "Sofie Berg|Indsendt af Sofie Berg: Loppemarked i Vangdalen" in log
    assert "Trine Møller|Godkendt af Trine Møller" in log and "Trine Møller|Udgivet af Trine Møller" in log
