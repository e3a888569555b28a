"""What a build reuses from document to document (one Markdown parser, addresses worked out once)
never carries one article's footnotes, abbreviations or address over to the next."""

import datetime
import zoneinfo

import pytest
from bs4 import BeautifulSoup
from markdown import Markdown
from pelican.contents import Article, Author, Category
from pelican.settings import read_settings
from pelican.utils import SafeDatetime

from conftest import ROOT, pelican_here
from nordby_content.reader import NordbyMarkdownReader

ARTICLES = {
    "forste": (
        "Første nyhed",
        "Kaffen koster 5 kr.[^1] i ParkCafeen. Se BBR.\n\n"
        "[^1]: Prisen gælder hverdage.\n\n*[BBR]: Bygnings- og Boligregistret\n",
    ),
    "anden": (
        "Anden nyhed",
        "Fodbold om tirsdagen[^1] og om torsdagen.[^2] BBR nævnes også her.\n\n"
        "[^1]: Kun i sommerhalvåret.\n\n[^2]: Fra uge 14.\n",
    ),
}


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = tmp_path_factory.mktemp("reuse")
    content = root / "content"
    (content / "data").mkdir(parents=True)
    (content / "data" / "forfattere.yml").write_text("- navn: Ole Berg\n  bio: Skriver.\n", encoding="utf-8")
    folder = content / "nyheder" / "2014"
    folder.mkdir(parents=True)
    for n, (slug, (title, body)) in enumerate(ARTICLES.items(), start=1):
        header = (
            f"Title: {title}\nDate: 2014-03-0{n} 10:00\nAuthor: Ole Berg\nCategory: Sundhed\nSlug: {slug}\n\n"
        )
        (folder / f"{slug}.md").write_text(header + body, encoding="utf-8")
    result = pelican_here(content, root / "out")
    assert result.returncode == 0, result.stdout + result.stderr
    return root / "out"


def page(out, slug):
    return BeautifulSoup(
        (out / "nyheder" / "2014" / slug / "index.html").read_text(encoding="utf-8"), "html.parser"
    )


def footnotes(soup):
    return [li.get_text(" ", strip=True).replace(" ↩", "") for li in soup.select(".body .footnote li")]


def test_each_article_has_only_its_own_footnotes(built):
    assert footnotes(page(built, "forste")) == ["Prisen gælder hverdage."]
    assert footnotes(page(built, "anden")) == ["Kun i sommerhalvåret.", "Fra uge 14."]


def test_an_abbreviation_stays_in_the_article_that_defines_it(built):
    assert [a["title"] for a in page(built, "forste").select(".body abbr")] == ["Bygnings- og Boligregistret"]
    assert page(built, "anden").select(".body abbr") == []


@pytest.fixture(scope="module")
def settings():
    return read_settings(str(ROOT / "pelicanconf.py"))


def article(settings, when, slug="nyhed", **metadata):
    meta = {"title": "T", "date": when, "slug": slug, "category": Category("Børn, unge og familie", settings)}
    return Article("<p>x</p>", metadata={**meta, **metadata}, settings=settings, source_path="nyheder/a.md")


@pytest.mark.parametrize(
    "pattern",
    [
        "nyheder/{date:%Y}/{slug}/",
        "{lang}/{category}/{date:%Y/%m/%d}/{slug}.html",
        "{path}/{author}/{slug}-{title}/",
        "{date:%-d-%-m}/{slug}/",
    ],
)
def test_an_address_is_what_pelicans_own_fields_give(settings, pattern):
    """The fields looked up one by one give the address Pelican's url_format gives."""
    from nordby_content.urls import use_lazy_url_fields  # noqa: PLC0415 - patches Pelican, as the build does

    use_lazy_url_fields()
    when = SafeDatetime(2014, 3, 9, 10, 0, tzinfo=zoneinfo.ZoneInfo("Europe/Copenhagen"))
    doc = article({**settings, "ARTICLE_URL": pattern}, when, author=Author("Ole Berg", settings))
    assert doc.url == pattern.format(**doc.url_format)
    assert doc.url == doc.url  # the remembered address, asked for again


def test_equal_moments_in_two_time_zones_keep_their_own_year(settings):
    """New Year in Copenhagen is still the old year in London: one remembered address must not serve both."""
    from nordby_content.urls import use_lazy_url_fields  # noqa: PLC0415

    use_lazy_url_fields()
    copenhagen = SafeDatetime(2014, 1, 1, 0, 30, tzinfo=zoneinfo.ZoneInfo("Europe/Copenhagen"))
    london = SafeDatetime(2013, 12, 31, 23, 30, tzinfo=datetime.UTC)
    assert copenhagen == london
    assert article(settings, copenhagen).url == "nyheder/2014/nyhed/"
    assert article(settings, london).url == "nyheder/2013/nyhed/"


def test_a_document_whose_fields_change_gets_its_new_address(settings):
    """An address is remembered per document and the very values it came from: a new slug or date
    (the warm server's next build of an edited article) gives the new address, not the old one."""
    from nordby_content.urls import use_lazy_url_fields  # noqa: PLC0415

    use_lazy_url_fields()
    doc = article(settings, SafeDatetime(2014, 3, 9, 10, 0, tzinfo=zoneinfo.ZoneInfo("Europe/Copenhagen")))
    assert (doc.url, doc.save_as) == ("nyheder/2014/nyhed/", "nyheder/2014/nyhed/index.html")
    doc.slug = "ny-titel"
    assert doc.url == "nyheder/2014/ny-titel/"
    doc.date = SafeDatetime(2015, 1, 2, 9, 0, tzinfo=zoneinfo.ZoneInfo("Europe/Copenhagen"))
    assert (doc.url, doc.save_as) == ("nyheder/2015/ny-titel/", "nyheder/2015/ny-titel/index.html")


SMARTY_TEXTS = [  # (Markdown, whether smarty makes a dash or an ellipsis in it)
    ("Kaffe -- og kage --- hele dagen...", True),
    ("Ingen streger her, kun ord og tal 1-2.", False),
    ("`kode -- uden...` og [link](https://example.dk/a--b...)", False),
    ("`kode -- uden...` og *kursiv -- med*", True),
    ("    kodeblok -- ...\n\nog så tekst.", False),
    ("| a | b |\n|---|---|\n| ... | c |", True),
    ("Note[^1] her.\n\n[^1]: Fodnoten -- med", True),
    ("BBR nævnt.\n\n*[BBR]: Bygnings-- og Boligregistret", False),
    ("<span>rå -- html</span> og &#45;&#45; tegn .... fire punktummer ---- fire streger", True),
]


@pytest.mark.parametrize(("text", "educated"), SMARTY_TEXTS)
def test_the_smarty_pass_is_skipped_only_where_it_changes_nothing(settings, text, educated):
    """Our reader skips Markdown's second (smarty) pass over a text without "--" or "...":
    the HTML must be what Markdown itself makes, dashes and ellipses educated where they are."""
    ours = NordbyMarkdownReader(settings)._markdown().convert(text)
    assert ours == Markdown(**settings["MARKDOWN"]).convert(text)
    assert ("&ndash;" in ours or "&mdash;" in ours or "&hellip;" in ours) == educated
