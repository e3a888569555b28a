"""Nordbyposten as a layout editor and a print shop judge it: full pages, a calendar that looks ahead,
proofs kept apart from the site, and the production address in every printed link and QR code."""

import functools
import hashlib
import json
import math
import re
import sys
import zipfile

import feedparser
import pypdfium2 as pdfium
import pytest
import zxingcpp
from nordbyposten import editor, fillers, printshop
from pagefill import inside_pages, page_fill
from pelican.settings import get_settings_from_file
from pypdf import PdfReader
from pypdf.generic import ContentStream
from test_nordbyposten import ISSUES, build, flat, issue_pdf, small_site, squeeze

from conftest import CONTENT, ROOT

sys.path.append(str(ROOT / "bench"))  # as test_nordbyposten does: bench/ holds the photo maker
from photos import synthetic_photo

MM_PER_POINT = 72 / 25.4

PRODUCTION = get_settings_from_file(str(ROOT / "publishconf.py"))["SITEURL"].rstrip("/")


def calendar_page(reader):
    """Number (1-based) of the calendar's page."""
    return reader.get_destination_page_number(reader.named_destinations["kalender"]) + 1


def last_before_house(reader):
    """Number (1-based) of the last page before the house pages: "På dit sprog" when the issue has
    translations, else the calendar's page."""
    languages = reader.named_destinations.get("paa-dit-sprog")
    return reader.get_destination_page_number(languages) + 1 if languages else calendar_page(reader)


@pytest.mark.parametrize("slug", ISSUES)
def test_inside_pages_are_full(site, slug):
    pdf = issue_pdf(site, slug)
    fills = page_fill(pdf)
    exempt = last_before_house(PdfReader(pdf))  # the page before the house pages may be short
    inside = [f for f in fills if 1 < f.number < len(fills)]
    report = ", ".join(f"side {f.number}: {f.blank:.0%}" for f in fills)
    assert all(f.blank <= 0.25 for f in inside_pages(fills, exempt + 1) + inside[exempt - 1 :]), report
    assert sum(f.blank for f in inside) / len(inside) <= 0.10, report


def calendar_text(site, slug):
    reader = PdfReader(issue_pdf(site, slug))
    return flat(reader.pages[calendar_page(reader) - 1].extract_text())


def test_december_calendar_looks_ahead_and_lists_a_weekly_activity_once(site):
    text = calendar_text(site, "2014-3")  # published 19 December 2014
    # From its own date to the next issue's (2015-1 is not planned: four months on).
    assert re.search(r"Det sker i Nordby 19\. december til 1\d\. april", text), text[:80]
    assert not re.search(r"\b\d{1,2}\. (sep|okt|nov)", text.lower())  # none of the past four months' dates
    assert text.count("Babycafé") == 1 and "ONSDAG" in text.upper()
    assert "ikke på helligdage" in text


def test_calendar_prints_exceptions_of_regular_activities(site):
    text = calendar_text(site, "2026-3")
    assert text.count("Babycafé") == 1
    assert "aflyst 9. december" in text
    assert "flyttet til torsdag 10. december" in text
    assert "ikke i juleferien" in text or "ikke i skolernes ferier" in text
    assert "Julefest for naboerne" in text  # a one-off event under Det sker


def qr_codes(pdf):
    document = pdfium.PdfDocument(str(pdf))
    try:
        return [
            code.text for page in document for code in zxingcpp.read_barcodes(page.render(scale=3).to_pil())
        ]
    finally:
        document.close()


def test_printed_addresses_and_qr_codes_are_the_production_site(site):
    pdf = issue_pdf(site, "2026-3")
    codes = qr_codes(pdf)
    assert len(codes) >= 2, codes
    for code in codes:
        assert code.startswith(PRODUCTION + "/"), code
        path = code.removeprefix(PRODUCTION + "/")
        assert (site / path).is_file() or (site / path / "index.html").is_file(), code
    text = "".join(p.extract_text() for p in PdfReader(pdf).pages)
    assert "localhost" not in text and re.sub(r"https?://(www\.)?", "", PRODUCTION) in text


def test_print_shop_zip_has_the_print_pdf_and_a_danish_preflight(site, tmp_path):
    pdf = issue_pdf(site, "2026-3")
    row = {"slug": "2026-3", "print_run": 2600, "placed": [], "pages": len(PdfReader(pdf).pages)}
    reader = PdfReader(pdf)
    photo = next(p for p in reader.pages if p.images)
    image = photo.images[0].image
    row["placed"] = [{"page": reader.pages.index(photo) + 1, "file": "x.jpg", "ppi": 312, "px": image.size}]
    target = printshop.write_zip(pdf, row, tmp_path / "tryk.zip")
    with zipfile.ZipFile(target) as archive:
        assert pdf.name in archive.namelist()
        report = archive.read("forhaandskontrol.txt").decode()
    assert f"Sider: {row['pages']}" in report and "210,0 × 297,0 mm" in report and "3,0 mm" in report
    assert "Oplag: 2.600" in report and "PTSerif" in report.replace(" ", "").replace("-", "")
    assert "312 ppi, DeviceRGB" in report or "312 ppi, ICCBased" in report


def test_future_issue_stays_off_the_site_until_its_date(tmp_path):
    small_site(tmp_path)  # issue 2014-2, published 2014-08-29
    before, output = build(tmp_path, 'NORDBY_BUILD_DATE="2014-08-28"')
    assert before.returncode == 0, output
    out = tmp_path / "out" / "nordbyposten"
    assert not (out / "2014-2").exists()
    empty = feedparser.parse(out / "feed.rss.xml")
    assert not empty.entries
    # Stamped with the build's day, not the clock: a second build the same day leaves the feed as it was.
    assert empty.feed.updated == "Thu, 28 Aug 2014 00:00:00 +0200", empty.feed.get("updated")
    after, output = build(tmp_path, 'NORDBY_BUILD_DATE="2014-08-29"')
    assert after.returncode == 0, output
    assert (out / "2014-2" / "nordbyposten-2014-2-tryk.pdf").is_file()
    assert len(feedparser.parse(out / "feed.rss.xml").entries) == 1


def test_a_draft_issue_builds_as_a_proof_outside_the_site(tmp_path):
    content = small_site(tmp_path)
    issue = content / "nordbyposten" / "2014-2.md"
    issue.write_text("Status: draft\n" + issue.read_text(encoding="utf-8"), encoding="utf-8")
    proofs = tmp_path / "korrektur"
    options = editor.pelican_options("2014-2", korrektur=True, til_trykkeriet=False)
    settings = re.findall(r"'([^']+)'", options)
    settings = [s.replace('"korrektur"', f'"{proofs}"') for s in settings]
    result, output = build(tmp_path, *settings, 'NORDBY_BUILD_DATE="2014-09-01"')
    assert result.returncode == 0, output
    reader = PdfReader(proofs / "nordbyposten-2014-2-korrektur.pdf")
    assert len(reader.pages) >= 4
    assert all("KORREKTUR" in page.extract_text() for page in reader.pages)
    site = tmp_path / "out"
    assert not list(site.rglob("*.pdf"))
    feed = site / "nordbyposten" / "feed.rss.xml"
    assert not feed.exists() or "2014-2" not in feed.read_text(encoding="utf-8")
    assert "korrektur" not in "".join(p.read_text(encoding="utf-8") for p in site.rglob("*.html")).lower()


def _photos(page):
    """Digests of the photos a page draws (its content's Do operators, through forms): one photo, one digest.

    WeasyPrint gives every page the same resource dictionary, so what a page shows is what it draws.
    """
    found = set()

    def visit(stream, resources):
        xobjects = resources.get("/XObject", {})
        for operands, operator in ContentStream(stream, reader).operations:
            if operator != b"Do" or operands[0] not in xobjects:
                continue
            xobject = xobjects[operands[0]].get_object()
            if xobject.get("/Subtype") == "/Image":
                found.add(hashlib.sha256(xobject._data).hexdigest())
            elif xobject.get("/Subtype") == "/Form":
                visit(xobject, xobject.get("/Resources", resources))

    reader = page.pdf
    visit(page.get_contents(), page.get("/Resources", {}))
    return found


def _texts(page, points=20):
    """The page's text, and the text printed at `points` or more (headlines, the nameplate).

    Both from one reading of the page: pypdf's text extraction is most of these tests' time."""
    found = []

    def visit(text, cm, tm, font, size):
        if text.strip() and size * math.hypot(tm[0], tm[1]) * math.hypot(cm[0], cm[1]) >= points:
            found.append(text)

    return flat(page.extract_text(visitor_text=visit)), flat(" ".join(found))


@functools.cache
def page_texts(pdf):
    """_texts of every page of a PDF of a shared build (never changed): read once for all its tests."""
    return [_texts(page) for page in PdfReader(pdf).pages]


def _opening_words(slug, count=8):
    """The first words of the cover story's text, from its Markdown file."""
    cover = re.search(r"^Cover: (.+)$", (CONTENT / "nordbyposten" / f"{slug}.md").read_text("utf-8"), re.M)
    danish = [p for p in (CONTENT / "nyheder").rglob("*.md") if len(p.suffixes) == 1]  # not x.en.md
    source = next(p for p in danish if f"Slug: {cover[1]}\n" in p.read_text(encoding="utf-8"))
    body = source.read_text(encoding="utf-8").split("\n\n", 1)[1]
    return " ".join(body.split()[:count])


@pytest.mark.parametrize("slug", ISSUES)
def test_cover_story_continues_inside_without_a_second_headline_or_photo(site, slug):
    reader = PdfReader(issue_pdf(site, slug))
    texts = page_texts(issue_pdf(site, slug))  # (text, large text) of each page
    front = texts[0][0]
    jump = re.search(r"Fortsættes side (\d+)", front)
    assert jump, "the front page says where the cover story goes on"
    inside = texts[int(jump[1]) - 1][0]
    assert "FORTSAT FRA SIDE 1" in inside.upper()
    # The photo and the big headline are printed once, on the front page.
    cover_photos = _photos(reader.pages[0])
    assert cover_photos and not any(cover_photos & _photos(p) for p in reader.pages[1:])
    headline = texts[0][1].removeprefix("Nordby posten").removeprefix("Nordbyposten").strip()
    assert headline and all(squeeze(headline) not in squeeze(large) for _, large in texts[1:])
    # No text twice: the story's first words are on the front page and nowhere else.
    text = [squeeze(page_text) for page_text, _ in texts]
    opening = squeeze(_opening_words(slug))
    assert [t.count(opening) for t in text] == [1] + [0] * (len(text) - 1), opening


def test_a_photo_too_small_to_print_wide_is_printed_one_column_wide(tmp_path):
    """1200 px across the page would be 167 ppi (the build would stop); in a column it is sharp."""
    content = small_site(tmp_path)
    cover = (content / "nyheder" / "2014" / "loppemarked.md").read_text(encoding="utf-8")
    small = cover.replace("Slug: loppemarked-i-vangdalen", "Slug: lille-foto").replace(
        "images/loppemarked.jpg", "images/lille.jpg"
    )
    (content / "nyheder" / "2014" / "lille-foto.md").write_text(small, encoding="utf-8")
    synthetic_photo(content / "images" / "lille.jpg", size=(1200, 900), seed=5)
    result, output = build(tmp_path)
    assert result.returncode == 0, output
    assert "lille.jpg" not in output, "no resolution warning"
    document = pdfium.PdfDocument(str(issue_pdf(tmp_path / "out", "2014-2")))
    try:
        widths = [
            (image.get_bounds()[2] - image.get_bounds()[0]) / MM_PER_POINT
            for page in list(document)[1:]
            for image in page.get_objects(filter=[pdfium.raw.FPDF_PAGEOBJ_IMAGE])
        ]
    finally:
        document.close()
    assert widths and all(50 < width < 65 for width in widths), widths  # a column is 57 mm wide


def placed_photos(site, slug):
    """(page, file, ppi) of every photo the build's resolution check saw in an issue (summary.json)."""
    summary = json.loads((site.parent / (site.name + "-cache") / "nordbyposten" / "summary.json").read_text())
    row = next(r for r in summary["issues"] if r["slug"] == slug)
    return {(p["page"], p["file"], p["ppi"]) for p in row["placed"]}


@pytest.mark.parametrize("slug", ISSUES)
def test_a_photo_box_shows_a_story_photo_on_another_page_and_is_checked_for_ppi(site, slug):
    reader = PdfReader(issue_pdf(site, slug))
    placed = placed_photos(site, slug)
    boxes = []
    for number, (page, (text, _)) in enumerate(
        zip(reader.pages, page_texts(issue_pdf(site, slug)), strict=True), start=1
    ):
        for story in re.findall(r"Læs historien på side (\d+)", text):
            boxes.append(number)
            shown = _photos(page) & _photos(reader.pages[int(story) - 1])
            assert int(story) != number and shown, f"side {number}: the photo of the story on side {story}"
            assert not shown & _photos(reader.pages[0]), "never the cover story's photo again"
            # The box's photo went through the 200/300 ppi check with the page it is on.
            assert any(p == number and ppi >= 300 for p, _, ppi in placed), (number, placed)
    assert len(boxes) <= fillers.MAX_PHOTO_BOXES
    if slug == "2026-3":  # its calendar page leaves a gap a two-column photo fills
        assert boxes


SENTENCE = "Naboerne mødtes i ParkCafeen for at tale om, hvad der skal ske i området, og mange havde gode idéer med. "
# (slug, day in May, words, with a wide photo): in date order, story b's head and photo do not fit
# below story a, which leaves a quarter of page 2 blank.
STORIES = [
    ("a", 10, 220, True),
    ("b", 11, 220, False),
    ("c", 12, 220, True),
    ("d", 13, 260, False),
    ("e", 14, 420, True),
]


def _constructed_issue(root, order=()):
    """The small issue with five more stories; order: slugs for Order: (the date order, to compare)."""
    content = small_site(root)
    template = (content / "nyheder" / "2014" / "loppemarked.md").read_text(encoding="utf-8")
    template = template.split("\n\n", 1)[0]
    for slug, day, words, photo in STORIES:
        header = template.replace("Loppemarked i Vangdalen", f"Historie {slug}")
        header = header.replace("2014-05-03", f"2014-05-{day:02d}").replace("loppemarked-i-vangdalen", slug)
        if photo:
            header = header.replace("images/loppemarked.jpg", f"images/{slug}.jpg")
            synthetic_photo(content / "images" / f"{slug}.jpg", size=(2400, 1600), seed=day)
        else:
            header = re.sub(r"Image.*\n?", "", header)
        body = "\n\n".join(SENTENCE * 3 for _ in range(words // 54))
        (content / "nyheder" / "2014" / f"{slug}.md").write_text(f"{header}\n\n{body}\n", encoding="utf-8")
    if order:
        issue = content / "nordbyposten" / "2014-2.md"
        text = issue.read_text(encoding="utf-8")
        issue.write_text(text.replace("Cover:", f"Order: {', '.join(order)}\nCover:"), encoding="utf-8")
    result, output = build(root, "NORDBYPOSTEN_FILL=false")  # the bare layout: no filler hides a gap
    assert result.returncode == 0, output
    pdf = issue_pdf(root / "out", "2014-2")
    reader = PdfReader(pdf)
    flow = [f for f in page_fill(pdf) if 1 < f.number < calendar_page(reader) - 1]  # not its last page
    starts = [s for s, _, _, _ in sorted(STORIES, key=lambda s: _start_page(reader, s[0]))]
    return flow, starts


def _start_page(reader, slug):
    return reader.get_destination_page_number(reader.named_destinations[f"a-{slug}"])


def test_stories_without_order_are_ordered_to_leave_no_gap_in_the_flow(tmp_path):
    dated, date_order = _constructed_issue(tmp_path / "dato", order=[s for s, _, _, _ in STORIES])
    filled, chosen = _constructed_issue(tmp_path / "fyldt")
    assert date_order == ["a", "b", "c", "d", "e"] and chosen != date_order
    report = f"dato: {[f'{f.blank:.0%}' for f in dated]}, valgt: {[f'{f.blank:.0%}' for f in filled]}"
    assert max(f.blank for f in dated) > 0.25, report  # the gap the order closes
    assert max(f.blank for f in filled) <= 0.15, report
    assert sum(f.blank for f in filled) < sum(f.blank for f in dated) - 0.1, report
