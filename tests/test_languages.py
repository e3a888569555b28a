"""Translations: Lang: rules in-process, and the built sample site in Arabic, Somali and English."""

import re
import subprocess
from datetime import datetime
from pathlib import Path
from urllib.parse import urlparse
from zoneinfo import ZoneInfo

import feedparser
import pytest
import zxingcpp
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po
from bs4 import BeautifulSoup
from pelican.contents import Article, Page
from pelican.generators import ArticlesGenerator
from pelican.settings import read_settings
from pelican.urlwrappers import Author, Category
from pelican.utils import process_translations
from PIL import Image

from conftest import ROOT, built_page, html5_errors, run_axe
from nordby_content.problems import ERROR, WARNING
from nordby_content.registry import load_authors
from nordby_content.rules import RuleContext, run_rules
from nordby_content.settings import SettingsError, apply_all, with_defaults
from nordby_languages.catalogs import translations
from nordby_languages.documents import keep_lists_in_default_language
from nordby_languages.rules import text_digest
from nordby_languages.settings import languages_of

TRANSLATED = "nyheder/2014/babycafeen-samler-moedre/"
LANGUAGES = ("ar", "so", "en")


@pytest.fixture(scope="module")
def settings():
    return with_defaults(read_settings(str(ROOT / "pelicanconf.py")))


def document(
    settings, name, lang=None, *, slug="babycafe", text="<p>Hver onsdag.</p>", kind=Article, **fields
):
    """A real Pelican document, as our reader would have made it from content/nyheder/2014/<name>."""
    metadata = {"title": f"Titel {name}", "slug": slug, **fields}
    if kind is Article:
        metadata["date"] = datetime(2014, 3, 12, 10, tzinfo=ZoneInfo("Europe/Copenhagen"))
        metadata["category"] = Category("Børn, unge og familie", settings)
        metadata["author"] = Author("Amira Hassan", settings)
    if lang:
        metadata["lang"] = lang
    path = Path(settings["PATH"]) / "nyheder" / "2014" / name
    doc = kind(text, metadata=metadata, settings=settings, source_path=str(path))
    doc.field_lines = {key: number for number, key in enumerate(metadata, start=1)}
    return doc


def problems(settings, docs):
    ctx = RuleContext(settings)
    ctx.authors, _ = load_authors(settings)
    return run_rules(docs, ctx).problems


def test_a_current_translation_beside_its_original_is_fine(settings):
    original = document(settings, "babycafe.md")
    translation = document(settings, "babycafe.ar.md", "ar", translated_from=text_digest(original))
    assert problems(settings, [original, translation]) == []


def test_an_unknown_language_is_an_error_naming_the_languages(settings):
    [problem] = problems(settings, [document(settings, "babycafe.md"), document(settings, "x.md", "tr")])
    assert problem.severity == ERROR and problem.field == "Lang"
    assert problem.path == "content/nyheder/2014/x.md"
    assert '"tr"' in problem.message and "ar (العربية)" in problem.fix


def test_a_translation_without_its_danish_original_is_a_warning(settings):
    """A story written first in Arabic can be published: the checker only reminds of the Danish version."""
    [problem] = problems(settings, [document(settings, "babycafe.ar.md", "ar")])
    assert problem.severity == WARNING and problem.field == "Slug"
    assert "ingen dansk udgave" in problem.message and "Slug: babycafe" in problem.fix


def test_two_translations_into_one_language_are_an_error(settings):
    original = document(settings, "babycafe.md")
    stamp = text_digest(original)
    first = document(settings, "babycafe.so.md", "so", translated_from=stamp)
    second = document(settings, "babycafe-2.so.md", "so", translated_from=stamp)
    [problem] = problems(settings, [original, first, second])
    assert problem.severity == ERROR and problem.path == "content/nyheder/2014/babycafe.so.md"
    assert "content/nyheder/2014/babycafe-2.so.md" in problem.message


def test_a_translation_of_an_older_original_is_a_warning_with_the_new_stamp(settings):
    old = document(settings, "babycafe.md", text="<p>Hver onsdag.</p>")
    new = document(settings, "babycafe.md", text="<p>Hver torsdag.</p>")
    translation = document(settings, "babycafe.en.md", "en", translated_from=text_digest(old))
    [problem] = problems(settings, [new, translation])
    assert problem.severity == WARNING and problem.field == "Translated_from"
    assert "er ændret" in problem.message and f"Translated_from: {text_digest(new)}" in problem.fix
    unstamped = document(settings, "babycafe.en.md", "en")
    [problem] = problems(settings, [new, unstamped])
    assert "siger ikke" in problem.message and text_digest(new) in problem.fix


def test_the_stamp_ignores_line_breaks_but_not_words(settings):
    plain = document(settings, "a.md", text="<p>Hver onsdag kommer otte mødre.</p>")
    wrapped = document(settings, "a.md", text="<p>Hver onsdag\nkommer   otte mødre.</p>")
    changed = document(settings, "a.md", text="<p>Hver onsdag kommer ti mødre.</p>")
    assert text_digest(plain) == text_digest(wrapped) != text_digest(changed)


def test_pages_are_translated_the_same_way(settings):
    original = document(settings, "bliv.md", slug="bliv-borgerjournalist", kind=Page)
    page = document(settings, "bliv.so.md", "so", slug="bliv-borgerjournalist", kind=Page)
    page.metadata["translated_from"] = text_digest(original)
    assert problems(settings, [original, page]) == []
    assert page.url == "so/bliv-borgerjournalist/"


def test_an_arabic_story_without_danish_version_stays_out_of_the_danish_lists(settings):
    danish = document(settings, "babycafe.md")
    translated = document(settings, "babycafe.ar.md", "ar")
    arabic_only = document(settings, "suq.ar.md", "ar", slug="suq")
    generator = ArticlesGenerator.__new__(ArticlesGenerator)  # the real class, without reading files
    generator.context = {}
    generator.articles, generator.translations = process_translations(
        [danish, translated, arabic_only], translation_id="slug"
    )
    generator.drafts, generator.drafts_translations = [], []
    assert arabic_only in generator.articles  # what Pelican alone would list on the Danish front page
    keep_lists_in_default_language(generator)
    assert generator.articles == [danish]
    assert {d.source_path for d in generator.context["article_translations"]} == {
        translated.source_path,
        arabic_only.source_path,
    }
    assert arabic_only.url == "ar/nyheder/2014/suq/"


def test_a_bad_language_setting_names_every_problem(settings):
    bad = {**settings, "NORDBY_LANGUAGES": {"ar": {"name": "العربية", "dir": "ltr"}, "xx": {"name": "X"}}}
    with pytest.raises(SystemExit) as stop:
        languages_of(bad)
    message = str(stop.value)
    assert "ar: 'dir' skal være 'rtl'" in message
    assert "xx: er ikke en sprogkode" in message
    assert "det første sprog skal være DEFAULT_LANG ('da')" in message
    with pytest.raises(SettingsError) as build:  # what a build says: the shared settings check
        apply_all(dict(bad))
    assert "NORDBY_LANGUAGES er ugyldig: xx: er ikke en sprogkode" in str(build.value)


def test_every_interface_word_is_translated_into_every_language():
    """Each word the templates mark for translation has a translation in each catalog (.po)."""
    method = [("theme/templates/**.html", "jinja2")]
    options = {"theme/templates/**.html": {"extensions": "jinja2.ext.i18n"}}
    words = {msg[2] for msg in extract_from_dir(str(ROOT), method, options_map=options)}
    assert {"Af", "Læs mere", "borgerjournalist"} <= words
    for code in LANGUAGES:
        # A translation may equal the Danish word ("Menu" in English), so ask the catalog for an entry.
        with open(ROOT / "theme" / "translations" / code / "LC_MESSAGES" / "messages.po", "rb") as handle:
            catalog = read_po(handle)
        missing = [word for word in words if not (catalog.get(word) and catalog.get(word).string)]
        assert missing == [], code
        compiled = translations(ROOT / "theme" / "translations", code)
        assert compiled.ugettext("Læs mere") == catalog.get("Læs mere").string  # the build reads these


# The built sample site (the shared `site` fixture).


def soup(path):
    """A page of a session build, parsed once for every test that reads it."""
    return built_page(path)


def output_file(site, url):
    """The file in the built site that an absolute or root-relative address points at."""
    path = urlparse(url).path.lstrip("/")
    target = site / path
    return target / "index.html" if not path or path.endswith("/") else target


def test_the_arabic_article_is_right_to_left_in_arabic_words(site):
    page = soup(site / "ar" / TRANSLATED / "index.html")
    assert page.html["lang"] == "ar" and page.html["dir"] == "rtl"
    byline = page.select_one(".byline").get_text(" ", strip=True)
    assert byline.startswith("بقلم") and "صحفي مواطن" in byline and "الأربعاء، 12 مارس 2014" in byline
    assert any("arabisk" in link["href"] for link in page.head.find_all("link", rel="stylesheet"))
    danish = soup(site / TRANSLATED / "index.html")
    assert danish.html["lang"] == "da" and danish.html["dir"] == "ltr"
    assert not any("arabisk" in link["href"] for link in danish.head.find_all("link", rel="stylesheet"))


@pytest.mark.parametrize("code", LANGUAGES)
def test_each_language_has_a_list_page_linked_from_the_front_page(site, code):
    front = soup(site / "index.html")
    assert front.select_one(f'.language-lists a[href="/{code}/"]')["lang"] == code
    listing = soup(site / code / "index.html")
    assert listing.html["lang"] == code
    titles = {a.get_text() for a in listing.select(".teaser-title a")}
    sources = [p for p in (ROOT / "content" / "nyheder").rglob(f"*.{code}.md")]
    assert len(titles) == len(sources) >= 4
    assert listing.select_one(".index-list a")["href"] == f"/{code}/bliv-borgerjournalist/"


@pytest.mark.parametrize(
    ("code", "word"), [("ar", "اقرأ المزيد"), ("so", "Akhri wax badan"), ("en", "Read more")]
)
def test_read_more_is_in_the_language_of_the_list(site, code, word):
    assert soup(site / code / "index.html").select_one(".read-more a").get_text().startswith(word)


@pytest.mark.parametrize(
    ("code", "search", "menu"),
    [("ar", "بحث", "القائمة"), ("so", "Raadi", "Liiska"), ("en", "Search", "Menu")],
)
def test_the_header_speaks_the_pages_language(site, code, search, menu):
    page = soup(site / code / TRANSLATED / "index.html")
    assert page.select_one(".site-search button").get_text() == search
    assert page.select_one(".site-menu summary").get_text() == menu
    danish = soup(site / TRANSLATED / "index.html")
    assert danish.select_one(".site-search button").get_text() == "Søg"
    assert danish.select_one(".site-menu summary").get_text() == "Menu"


def test_every_hreflang_link_resolves_to_a_page_in_that_language(site, html_files):
    checked = 0
    for path in html_files:
        for link in soup(path).head.find_all("link", hreflang=True):
            target = output_file(site, link["href"])
            assert target.is_file(), f"{path.relative_to(site)} -> {link['href']}"
            want = "da" if link["hreflang"] == "x-default" else link["hreflang"]
            assert soup(target).html["lang"] == want, f"{path.relative_to(site)} -> {link['href']}"
            checked += 1
    assert checked >= 5 * 4 * 4  # five translated documents in four languages, four links on each


def test_the_sitemap_lists_every_language_version_both_ways(site):
    sitemap = BeautifulSoup((site / "sitemap.xml").read_text(encoding="utf-8"), "xml")
    alternates = {}
    for url in sitemap.find_all("url"):
        links = url.find_all("link", rel="alternate")
        alternates[url.loc.get_text()] = {link["hreflang"]: link["href"] for link in links}
        for lang, href in alternates[url.loc.get_text()].items():
            target = output_file(site, href)
            assert target.is_file() and soup(target).html["lang"] == lang, href
    article = "http://localhost:8000/" + TRANSLATED
    assert set(alternates[article]) == {"da", *LANGUAGES}
    for lang, href in alternates[article].items():
        assert alternates[href][lang] == href and alternates[href]["da"] == article  # listed both ways


@pytest.mark.parametrize("code", LANGUAGES)
def test_each_language_has_its_own_feed_in_that_language(site, code):
    for suffix in ("rss", "atom"):
        feed = feedparser.parse((site / "feeds" / "sprog" / f"{code}.{suffix}.xml").read_bytes())
        assert not feed.bozo, feed.bozo_exception
        assert feed.feed.language == code
        assert len(feed.entries) >= 4
        assert all(f"/{code}/nyheder/" in entry.link for entry in feed.entries)
    listing = soup(site / code / "index.html")
    assert listing.head.find("link", type="application/rss+xml", href=f"/feeds/sprog/{code}.rss.xml")


def test_translated_pages_are_valid_html5(site, html5_report):
    pages = [p for code in LANGUAGES for p in (site / code).rglob("*.html")]
    assert len(pages) >= 3 * 7
    assert html5_errors(html5_report, pages) == []


# In the browser: Chromium at 375 px, axe-core, and the search.


def test_the_switcher_goes_to_arabic_and_back_on_a_phone(phone, served_site):
    phone.goto(served_site + "/" + TRANSLATED)
    phone.locator(".language-switcher a[hreflang=ar]").click()
    phone.wait_for_url("**/ar/" + TRANSLATED)
    assert phone.evaluate("document.documentElement.lang") == "ar"
    assert phone.evaluate("getComputedStyle(document.body).direction") == "rtl"
    # The layout mirrors: the headline starts at the right edge of the phone.
    box = phone.locator("h1").bounding_box()
    assert phone.locator("h1").evaluate("e => getComputedStyle(e).textAlign") in ("start", "right")
    assert 375 - (box["x"] + box["width"]) < 24
    assert phone.evaluate("document.documentElement.scrollWidth") <= 375
    phone.wait_for_function("document.fonts.check('16px \"Noto Naskh Arabic\"', 'مقهى')")
    phone.locator(".language-switcher a[hreflang=da]").click()
    phone.wait_for_url("**/" + TRANSLATED)
    assert phone.evaluate("document.documentElement.lang") == "da"
    assert phone.evaluate("getComputedStyle(document.body).direction") == "ltr"


@pytest.mark.parametrize("code", LANGUAGES)
def test_translated_pages_are_accessible_on_a_phone(phone, served_site, code):
    for path in (f"/{code}/", f"/{code}/{TRANSLATED}", f"/{code}/bliv-borgerjournalist/"):
        phone.goto(served_site + path)
        assert phone.evaluate("document.documentElement.lang") == code
        assert phone.evaluate("document.documentElement.scrollWidth") <= 375, path
        assert run_axe(phone) == [], path


def test_an_arabic_word_searched_on_an_arabic_page_finds_the_arabic_article(phone, served_site):
    phone.goto(served_site + "/ar/" + TRANSLATED)
    phone.fill("#soeg-felt", "مقهى")
    phone.press("#soeg-felt", "Enter")
    phone.wait_for_url("**/ar/soeg/?q=*")
    first = phone.locator(".pagefind-ui__result-link").first
    first.wait_for()
    assert first.inner_text() == "مقهى الرُّضّع يجمع الأمهات كل يوم أربعاء"
    links = phone.locator(".pagefind-ui__result-link").evaluate_all("links => links.map(a => a.href)")
    assert all("/ar/" in link for link in links)  # the Arabic index: no Danish page among the results
    assert run_axe(phone) == []


# The paper: the page "På dit sprog" in Nordbyposten.

_MARKS = re.compile(r"\s*[\u064b-\u0652\u0670]")  # Arabic vowel marks: pdftotext places them apart
_CONTROLS = re.compile(r"[\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def pdf_pages_text(pdf):
    """The text of each page, as pdftotext (poppler) reads it."""
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True)
    return text.stdout.split("\f")


def language_page(site, issue):
    """(number, text) of the page "På dit sprog" in an issue's web edition, or None."""
    pdf = site / "nordbyposten" / issue / f"nordbyposten-{issue}.pdf"
    pages = pdf_pages_text(pdf)
    found = [n for n, text in enumerate(pages, start=1) if "På dit sprog" in text.split("\n", 3)[-1]]
    return (found[0], pages[found[0] - 1]) if found else None


def plain_arabic(text):
    return " ".join(_MARKS.sub("", _CONTROLS.sub("", text)).split())


def test_the_paper_prints_arabic_in_logical_order_with_embedded_fonts(site):
    number, text = language_page(site, "2014-1")
    reading = plain_arabic(text)
    title = plain_arabic("مقهى الرُّضّع يجمع الأمهات كل يوم أربعاء")
    assert title in reading  # first word first: the order in which it is read, not drawn
    for word in ("Soomaali", "English", "The Baby Café brings mothers together every Wednesday"):
        assert word in reading
    pdf = site / "nordbyposten" / "2014-1" / "nordbyposten-2014-1.pdf"
    listing = ["pdffonts", "-f", str(number), "-l", str(number), str(pdf)]
    rows = subprocess.run(listing, capture_output=True, text=True, check=True).stdout.splitlines()[2:]
    embedded = {row.split()[0]: row.split()[-5] for row in rows}  # name ... emb sub uni object ID
    assert any("Noto-Naskh-Arabic" in name for name in embedded)
    assert set(embedded.values()) == {"yes"}, embedded


def test_every_qr_code_on_the_page_opens_a_translated_story(site, tmp_path):
    number, _ = language_page(site, "2014-1")
    pdf = site / "nordbyposten" / "2014-1" / "nordbyposten-2014-1.pdf"
    subprocess.run(
        [
            "pdftoppm",
            "-f",
            str(number),
            "-l",
            str(number),
            "-r",
            "300",
            "-png",
            str(pdf),
            str(tmp_path / "p"),
        ],
        check=True,
    )
    [png] = tmp_path.glob("p*.png")
    codes = [code.text for code in zxingcpp.read_barcodes(Image.open(png))]
    issue_stories = {"babycafeen-samler-moedre", "bankraadgiver-giver-gratis-raad-om-penge"}
    issue_stories.add("nye-kurser-i-dansk-pc-arabisk-og-engelsk")
    assert len(codes) == 3 * len(issue_stories)
    seen = set()
    for url in codes:
        code, _, _year, slug = urlparse(url).path.strip("/").split("/")
        target = output_file(site, url)
        assert target.is_file() and soup(target).html["lang"] == code, url
        seen.add((code, slug))
    assert seen == {(code, slug) for code in LANGUAGES for slug in issue_stories}


def test_an_issue_without_translations_has_no_such_page(site):
    assert language_page(site, "2014-2") is None
    assert language_page(site, "2014-3") is not None  # one translated story is enough
