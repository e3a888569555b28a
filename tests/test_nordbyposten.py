"""Nordbyposten: the PDFs a printer, a resident and an office printer get, read back with pypdf."""

import functools
import json
import re
import shutil
import sys

import feedparser
import pypdfium2 as pdfium
import pytest
from pelican.settings import get_settings_from_file
from pypdf import PdfReader
from weasyprint import HTML

from conftest import CONTENT, ROOT, pelican, pelican_here

# bench/ is not on pyproject's pythonpath: its calendar.py would hide the standard library's
sys.path.append(str(ROOT / "bench"))
from nordbyposten.booklet import booklet_order, impose
from nordbyposten.pdfs import Drawn
from photos import synthetic_photo

MM = 72 / 25.4
A4 = (210 * MM, 297 * MM)
BLEED = 3 * MM
ISSUES = ("2014-1", "2014-2", "2014-3", "2026-3")


def issue_pdf(site, slug, kind="tryk"):
    name = f"nordbyposten-{slug}.pdf" if kind == "web" else f"nordbyposten-{slug}-{kind}.pdf"
    return site / "nordbyposten" / slug / name


def squeeze(text):
    return re.sub(r"[\s\-]", "", text)


def close(box, expected):
    return all(abs(float(a) - b) < 0.1 for a, b in zip(box, expected, strict=True))


def flat(text):
    """Text without line breaks, soft hyphens joined, single spaces."""
    return re.sub(r"\s+", " ", re.sub(r"(?<=\w)-\n(?=[a-zæøå])", "", text))


@functools.cache
def printed_text(pdf):
    """pypdf's text of every page of a PDF of a shared build (never changed), read once for all the
    tests that read it: text extraction is most of their time."""
    return [page.extract_text() for page in PdfReader(pdf).pages]


@pytest.mark.parametrize("slug", ISSUES)
def test_print_pdf_pages_come_in_fours_with_trim_and_bleed(site, slug):
    reader = PdfReader(issue_pdf(site, slug))
    assert len(reader.pages) % 4 == 0
    for page in reader.pages:
        assert close(page.mediabox, (-BLEED, -BLEED, A4[0] + BLEED, A4[1] + BLEED))
        assert close(page.trimbox, (0, 0, *A4))
        assert close(page.bleedbox, (-BLEED, -BLEED, A4[0] + BLEED, A4[1] + BLEED))


def test_one_sample_issue_has_at_least_twelve_pages(site):
    assert max(len(PdfReader(issue_pdf(site, s)).pages) for s in ISSUES) >= 12


def test_no_page_is_left_blank(site):
    for slug in ISSUES:
        for number, text in enumerate(printed_text(issue_pdf(site, slug)), start=1):
            assert len(text.split()) > 40, f"{slug} side {number} er næsten tom"


def _fonts(resources, found):
    for ref in (resources or {}).get("/Font", {}).values():
        font = ref.get_object()
        for descendant in font.get("/DescendantFonts", [font]):
            descriptor = descendant.get_object().get("/FontDescriptor")
            embedded = descriptor and any(
                k in descriptor.get_object() for k in ("/FontFile", "/FontFile2", "/FontFile3")
            )
            found[str(font.get("/BaseFont"))] = bool(embedded)
    for xobject in (resources or {}).get("/XObject", {}).values():
        _fonts(xobject.get_object().get("/Resources"), found)


def test_every_font_is_embedded_and_is_ours(site):
    found = {}
    for page in PdfReader(issue_pdf(site, "2014-3")).pages:
        _fonts(page.get("/Resources"), found)
    assert found and all(found.values()), found
    # Ours: the fonts in plugins/nordbyposten/fonts (PT for Danish, Noto Naskh for Arabic on "På dit sprog").
    ours = ("PT", "Noto-Naskh-Arabic")
    assert all(any(o in name for o in ours) for name in found), f"a fallback font slipped in: {sorted(found)}"


def contents_box(reader):
    """(title, page) of each entry of the front page's 'I dette nummer' box."""
    text = reader.pages[0].extract_text().split("I DETTE NUMMER", 1)[1]
    entries = re.findall(r"(.+?)(?: ?\.)+ *(\d+)\s*$", text.replace("\n", " \n").replace(" \n", "\n"), re.M)
    return [(flat(title).strip(), int(page)) for title, page in entries]


@pytest.mark.parametrize("slug", ISSUES)
def test_contents_box_names_the_page_where_each_article_starts(site, slug):
    reader = PdfReader(issue_pdf(site, slug))
    entries = contents_box(reader)
    assert len(entries) >= 5, entries
    pages = [page for _, page in entries]
    assert pages == sorted(pages), "the box lists the articles in the order they are printed"
    for entry, page in entries:
        title = entry.removeprefix("Leder: ")
        # Compared without hyphens and spaces: a headline may break at a hyphen of its own.
        assert squeeze(title) in squeeze(printed_text(issue_pdf(site, slug))[page - 1]), (
            f"{title!r} not on page {page}"
        )


def test_explicit_order_and_cover_come_first(site):
    titles = [t for t, _ in contents_box(PdfReader(issue_pdf(site, "2014-1")))]
    assert titles[1].startswith("Babycaféen")  # the cover story, after the editorial
    assert titles[2].startswith("Beboerrådet")  # Order: in content/nordbyposten/2014-1.md
    assert titles[3].startswith("Aktivitetsforeningen")


def test_danish_hyphenation_happens(site):
    text = "".join(printed_text(issue_pdf(site, "2014-3"))[1:])
    broken = re.findall(r"(\w+)-\n(\w+)", text)
    words = set(re.findall(r"\w+", text))  # words as printed whole somewhere else
    real = [a + b for a, b in broken if a + b in words or (a + b).lower() in words]
    assert len(broken) >= 20, broken
    assert len(real) >= 5, "hyphenated words should be Danish words found elsewhere"


def test_web_edition_is_small_titled_danish_and_without_bleed(site):
    for slug in ISSUES:
        path = issue_pdf(site, slug, "web")
        reader = PdfReader(path)
        pages = len(reader.pages)
        assert path.stat().st_size <= 5_000_000 * pages / 16
        assert reader.metadata.title.startswith("Nordbyposten nr.")
        assert reader.trailer["/Root"]["/Lang"] == "da"
        assert close(reader.pages[0].mediabox, (0, 0, *A4))


def test_web_edition_photos_are_resampled_to_about_150_ppi(site):
    web = PdfReader(issue_pdf(site, "2014-3", "web")).pages[0].images[0].image.size
    printed = PdfReader(issue_pdf(site, "2014-3")).pages[0].images[0].image.size
    assert printed[0] >= 2000  # full resolution for the printer
    assert web[0] < printed[0] * 0.6  # cover photo: 186 mm wide at 150 ppi is about 1100 px


def test_booklet_order_for_8_and_12_pages():
    # Sheet sides as an office printer prints them: front (left, right), then back.
    assert booklet_order(8) == [(8, 1), (2, 7), (6, 3), (4, 5)]
    assert booklet_order(12) == [(12, 1), (2, 11), (10, 3), (4, 9), (8, 5), (6, 7)]
    for count in (8, 12):
        every = [p for side in booklet_order(count) for p in side]
        assert sorted(every) == list(range(1, count + 1))
        assert all(left + right == count + 1 for left, right in booklet_order(count))


def _numbered_booklet(path, count):
    """A booklet of `count` numbered A5 pages, drawn and imposed as the paper's booklet is."""
    pages = "".join(f'<p style="break-after: page">SIDE{n}</p>' for n in range(1, count + 1))
    drawn = Drawn(HTML(string=f"<style>@page {{ size: A5 }}</style>{pages}").render())
    path.write_bytes(impose(drawn, "Prøve"))


def _left_and_right(page):
    """The page numbers printed in the left and the right half of a sheet side (pdfium)."""
    text = page.get_textpage()
    width, height = page.get_size()
    halves = (
        text.get_text_bounded(0, 0, width / 2, height),
        text.get_text_bounded(width / 2, 0, width, height),
    )
    return tuple(int(re.search(r"SIDE(\d+)", half).group(1)) for half in halves)


@pytest.mark.parametrize("count", [8, 12])
def test_booklet_pdf_puts_pages_two_up_in_print_order(tmp_path, count):
    _numbered_booklet(tmp_path / "booklet.pdf", count)
    reader = PdfReader(tmp_path / "booklet.pdf")
    assert len(reader.pages) == count // 2
    assert reader.pages[0].mediabox.width > reader.pages[0].mediabox.height  # landscape A4
    booklet = pdfium.PdfDocument(tmp_path / "booklet.pdf")
    assert [_left_and_right(p) for p in booklet] == booklet_order(count)


def test_sample_booklet_has_half_as_many_sheet_sides(site):
    for slug in ISSUES:
        pages = len(PdfReader(issue_pdf(site, slug)).pages)
        assert len(PdfReader(issue_pdf(site, slug, "haefte")).pages) == pages // 2


def test_archive_page_lists_every_issue_with_its_cover(site):
    html = (site / "nordbyposten" / "index.html").read_text(encoding="utf-8")
    for slug in ISSUES:
        assert f"/nordbyposten/{slug}/forside-{slug}.png" in html
        assert f"/nordbyposten/{slug}/nordbyposten-{slug}.pdf" in html
        cover = site / "nordbyposten" / slug / f"forside-{slug}.png"
        assert cover.stat().st_size > 5000
        assert (site / "nordbyposten" / slug / "index.html").exists()


def test_feed_has_each_issue_with_the_pdf_as_enclosure(site):
    feed = feedparser.parse((site / "nordbyposten" / "feed.rss.xml").read_bytes())
    assert len(feed.entries) == len(ISSUES)
    for entry in feed.entries:
        enclosure = entry.enclosures[0]
        assert enclosure.type == "application/pdf"
        local = site / enclosure.href.split("/", 3)[3]
        assert int(enclosure.length) == local.stat().st_size


def test_back_page_has_colophon_and_qr_codes(site):
    reader = PdfReader(issue_pdf(site, "2014-3"))
    back = flat(printed_text(issue_pdf(site, "2014-3"))[-1])
    assert "Deadline for næste nummer" in back and "Bliv borgerjournalist" in back
    assert len(reader.pages[-1].get("/Resources", {}).get("/XObject", {})) >= 2 or "/Pattern" in str(
        reader.pages[-1].get("/Resources")
    )


def test_links_are_printed_not_lost(site):
    pages = printed_text(issue_pdf(site, "2014-3"))
    text = flat("".join(pages))
    assert "(randers.dk)" in text  # an external link in 29-kom-i-job-eller-uddannelse.md
    # A link to an article in the same issue names the page it is on ...
    referred = [int(n) for n in re.findall(r"\(se side (\d+)\)", text)]
    assert referred and all(1 <= n <= len(pages) for n in referred), referred
    # ... and one to an article of another issue (June 2014) gives the production site's address
    # (publishconf.py), whatever settings built the paper.
    production = get_settings_from_file(str(ROOT / "publishconf.py"))["SITEURL"]
    host = production.split("//", 1)[1].removeprefix("www.").rstrip("/")
    assert squeeze(f"Læs om FritidsTjansen her ({host}).") in squeeze(text)


@pytest.mark.parametrize("siteurl", ["", "http://127.0.0.1:8123", "https://www.randersnordby.dk"])
def test_a_link_to_the_site_prints_the_production_address_whatever_the_builds_siteurl(siteurl):
    """A build for a test server or a staging host writes its links with its own SITEURL; the paper
    still prints the address a reader can type (and so is the same paper, one cache entry)."""
    from nordbyposten.layout import print_body  # noqa: PLC0415 - the one function under test

    html = f'<p>Læs om <a href="{siteurl}/nyheder/2014/fritidstjansen/">FritidsTjansen</a> her.</p>'
    printed = print_body(html, {}, {"SITEURL": siteurl}, "https://www.randersnordby.dk")
    assert '<a href="https://www.randersnordby.dk/nyheder/2014/fritidstjansen/">' in printed
    assert "FritidsTjansen</a> (randersnordby.dk/nyheder/2014/fritidstjansen) her." in printed


def test_calendar_section_is_printed(site):
    text = flat("".join(printed_text(issue_pdf(site, "2014-1"))))
    assert "Det sker i Nordby" in text and "FASTE AKTIVITETER" in text.upper()


# Small issues of one article, built into tmp folders: warnings, errors, cache.

ARTICLE = """Title: Loppemarked i Vangdalen
Date: 2014-05-03 10:00
Author: Amira Hassan
Category: Beboernetværk, inddragelse og demokrati
Slug: loppemarked-i-vangdalen
Image: images/loppemarked.jpg
Image_alt: Boder med brugte ting
Image_caption: Der var 30 boder.
Image_credit: Foto: Amira Hassan

{body}
"""
ISSUE = """Title: Sommer i Nordby
Number: {number}
Year: 2014
Period: {period}
Date: 2014-08-29
Editors: Lise Holm
Print_run: 2500
Next_deadline: 2014-12-01
Cover: {cover}

Velkommen til sommerens avis.
"""
BODY = "Der var loppemarked i Vangdalen, og mange beboere kom forbi for at handle og snakke. " * 40


def small_site(
    root, photo_size=(2400, 1600), cover="loppemarked-i-vangdalen", period="2014-05-01 til 2014-08-31"
):
    content = root / "content"
    (content / "data").mkdir(parents=True)
    (content / "data" / "forfattere.yml").write_text(
        (CONTENT / "data" / "forfattere.yml").read_text(encoding="utf-8"), encoding="utf-8"
    )
    shutil.copytree(
        CONTENT / "images" / "forfattere", content / "images" / "forfattere"
    )  # the registry's photos
    (content / "nyheder" / "2014").mkdir(parents=True)
    (content / "nyheder" / "2014" / "loppemarked.md").write_text(ARTICLE.format(body=BODY), encoding="utf-8")
    (content / "nordbyposten").mkdir()
    (content / "nordbyposten" / "2014-2.md").write_text(
        ISSUE.format(number=2, period=period, cover=cover), encoding="utf-8"
    )
    synthetic_photo(content / "images" / "loppemarked.jpg", size=photo_size, seed=3)
    return content


def build(root, *settings, run=pelican_here):
    """Build a small site; in this process, which spares starting Python and WeasyPrint each time."""
    result = run(root / "content", root / "out", *settings)
    return result, result.stdout + result.stderr


def test_a_photo_under_300_ppi_is_a_warning_with_page_and_file(tmp_path):
    small_site(tmp_path, photo_size=(1800, 1200))  # 186 mm wide on the front page: about 245 ppi
    result, output = build(tmp_path)
    assert result.returncode == 0, output
    assert re.search(r'ADVARSEL.*"images/loppemarked\.jpg" på side 1 .*\d+ ppi', flat(output)), output
    assert issue_pdf(tmp_path / "out", "2014-2").exists()


def test_a_photo_under_200_ppi_stops_the_build_and_nothing_is_written(tmp_path):
    small_site(tmp_path, photo_size=(600, 400))
    result, output = build(tmp_path)
    assert result.returncode == 1, output
    assert "Traceback" not in output
    assert re.search(r'FEJL.*"images/loppemarked\.jpg" på side 1 ', flat(output)), output
    assert not (tmp_path / "out" / "nordbyposten").exists()
    assert not (tmp_path / "out" / "index.html").exists()


def test_unchanged_issue_is_not_laid_out_again(tmp_path):
    small_site(tmp_path)
    cache = tmp_path / "out-cache" / "nordbyposten"
    # Separate processes, as `./dev build` runs: only the cache on disk is shared between builds.
    assert build(tmp_path, run=pelican)[0].returncode == 0
    assert json.loads((cache / "summary.json").read_text())["issues"][0]["fresh"] is True
    assert build(tmp_path, run=pelican)[0].returncode == 0
    assert json.loads((cache / "summary.json").read_text())["issues"][0]["fresh"] is False
    article = tmp_path / "content" / "nyheder" / "2014" / "loppemarked.md"
    article.write_text(article.read_text(encoding="utf-8").replace("30 boder", "31 boder"), encoding="utf-8")
    assert build(tmp_path, run=pelican)[0].returncode == 0
    assert json.loads((cache / "summary.json").read_text())["issues"][0]["fresh"] is True


def test_a_copy_in_another_folder_uses_the_issues_laid_out_already(tmp_path):
    """The cache is keyed by what is printed, not by where the project lies (a moved or cloned folder)."""
    first, moved = tmp_path / "first", tmp_path / "moved"
    small_site(first, photo_size=(1800, 1200))  # about 245 ppi: a warning that names the article's file
    assert build(first)[0].returncode == 0
    shutil.copytree(first / "content", moved / "content")
    shutil.copytree(first / "out-cache", moved / "out-cache")
    result, output = build(moved)
    assert result.returncode == 0, output
    summary = json.loads((moved / "out-cache" / "nordbyposten" / "summary.json").read_text())
    assert summary["issues"][0]["fresh"] is False, "the moved copy laid the issue out again"
    # The warning of the cached layout names the moved copy's article, as a fresh layout would.
    assert re.search(r"(^| )content/nyheder/2014/loppemarked\.md: ADVARSEL", flat(output)), output
    assert issue_pdf(moved / "out", "2014-2").exists()


def test_bad_issue_files_are_reported_in_danish_and_nothing_is_written(tmp_path):
    content = small_site(tmp_path, cover="findes-ikke")
    overlapping = ISSUE.format(number=3, period="2014-08-01 til 2014-12-31", cover="loppemarked-i-vangdalen")
    (content / "nordbyposten" / "2014-3.md").write_text(overlapping, encoding="utf-8")
    result, output = build(tmp_path)
    text = flat(output)
    assert result.returncode == 1, output
    assert "Traceback" not in output
    assert 'content/nordbyposten/2014-2.md:9: FEJL [Cover] Artiklen "findes-ikke" findes ikke.' in text
    assert (
        "content/nordbyposten/2014-3.md:4: FEJL [Period] Perioden overlapper med content/nordbyposten/2014-2.md"
        in text
    )
    assert not (tmp_path / "out" / "nordbyposten").exists()


def test_a_missing_photo_is_reported_with_the_article_file(tmp_path):
    content = small_site(tmp_path)
    (content / "images" / "loppemarked.jpg").unlink()
    result, output = build(tmp_path)
    assert result.returncode == 1, output
    assert (
        'content/nyheder/2014/loppemarked.md:6: FEJL [Image] Billedet "images/loppemarked.jpg" findes ikke.'
        in flat(output)
    )
    assert flat(output).count('"images/loppemarked.jpg"') == 1, "one report per problem"
    assert not (tmp_path / "out" / "nordbyposten").exists()


def test_more_pages_than_allowed_stops_the_build(tmp_path):
    small_site(tmp_path)
    result, output = build(tmp_path, "NORDBYPOSTEN_MAX_PAGES=0")
    assert result.returncode == 1, output
    assert re.search(r"FEJL Nummeret fylder \d+ sider, men der må højst være 0", flat(output)), output
    assert not (tmp_path / "out" / "nordbyposten").exists()


def test_print_only_items_are_printed_and_web_only_articles_are_not(tmp_path):
    content = small_site(tmp_path)
    issue = content / "nordbyposten" / "2014-2.md"
    issue.write_text(
        issue.read_text(encoding="utf-8").replace("\n\n", "\nPrint_only: tryk/hilsen.md\n\n", 1),
        encoding="utf-8",
    )
    (content / "nordbyposten" / "tryk").mkdir()
    greeting = "Title: Sommerhilsen fra redaktionen\n\nGod sommer til alle læsere i Nordby.\n"
    (content / "nordbyposten" / "tryk" / "hilsen.md").write_text(greeting, encoding="utf-8")
    web_only = ARTICLE.format(body="Kun på nettet.").replace("loppemarked-i-vangdalen", "kun-paa-nettet")
    web_only = web_only.replace("Title: Loppemarked i Vangdalen", "Title: Kun til hjemmesiden\nWeb_only: ja")
    (content / "nyheder" / "2014" / "web.md").write_text(web_only, encoding="utf-8")
    result, output = build(tmp_path)
    assert result.returncode == 0, output
    text = flat("".join(p.extract_text() for p in PdfReader(issue_pdf(tmp_path / "out", "2014-2")).pages))
    assert "Sommerhilsen fra redaktionen" in text and "God sommer til alle læsere" in text
    assert "Kun til hjemmesiden" not in text
    assert "Loppemarked i Vangdalen" in text


def test_a5_setting_gives_a5_pages_with_bleed(tmp_path):
    small_site(tmp_path)
    result, output = build(tmp_path, 'NORDBYPOSTEN_PAGE_SIZE="A5"')
    assert result.returncode == 0, output
    reader = PdfReader(issue_pdf(tmp_path / "out", "2014-2"))
    a5 = (148 * MM, 210 * MM)
    assert len(reader.pages) % 4 == 0
    assert close(reader.pages[0].trimbox, (0, 0, *a5))
    assert close(reader.pages[0].mediabox, (-BLEED, -BLEED, a5[0] + BLEED, a5[1] + BLEED))


def test_bad_settings_are_named(tmp_path):
    small_site(tmp_path)
    result, output = build(tmp_path, 'NORDBYPOSTEN_PAGE_SIZE="A3"', "NORDBYPOSTEN_MAX_PAGES=30")
    assert result.returncode != 0
    assert "NORDBYPOSTEN_PAGE_SIZE skal være 'A4' eller 'A5'" in output
    assert "NORDBYPOSTEN_MAX_PAGES skal gå op i 4" in output


def test_a_cover_story_too_long_for_the_front_page_stops_the_build(tmp_path):
    content = small_site(tmp_path)
    article = content / "nyheder" / "2014" / "loppemarked.md"
    long_summary = (
        "Summary: " + "Der var loppemarked i Vangdalen med boder, kaffe og musik for hele familien. " * 12
    )
    article.write_text(
        article.read_text(encoding="utf-8").replace("Image:", long_summary + "\nImage:"), encoding="utf-8"
    )
    result, output = build(tmp_path)
    assert result.returncode == 1, output
    assert "Forsiden af nummer 2014-2 er for lang" in flat(output)
    assert not (tmp_path / "out" / "nordbyposten").exists()


def test_photos_inside_an_article_are_printed_from_their_originals(site):
    """Not only the lead photo: a photo in the text reaches the paper at full resolution."""
    from PIL import Image  # noqa: PLC0415 - only the original's size is read

    with Image.open(CONTENT / "images" / "2014" / "faellesspisning-koekken.jpg") as original:
        size = original.size
    reader = PdfReader(issue_pdf(site, "2014-3"))
    texts = printed_text(issue_pdf(site, "2014-3"))
    page = next(
        p for p, t in zip(reader.pages, texts, strict=True) if "Frivillige gør klar før maden" in flat(t)
    )
    printed = {(image.image.width, image.image.height) for image in page.images}
    assert size in printed or size[::-1] in printed, f"{size} not among {printed}"
