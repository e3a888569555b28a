"""Addresses write æ, ø and å as ae, oe and aa; the addresses they had before still lead there."""

import re
import shutil

import pytest
from nordby_editorial.submissions import danish_slug
from pelican.settings import DEFAULT_CONFIG

from conftest import CONTENT, pelican_here
from nordby_content.slugs import danish_slugify, old_slug

ARTICLE = """Title: Sommerfest for børn i Jennumparken
Date: 2014-06-20 15:00
Author: Lone Bech Sørensen
Category: Børn, unge og familie
Tags: fællesspisning

Der var is og musik.
"""


def slug(text):
    return danish_slugify(text, regex_subs=DEFAULT_CONFIG["SLUG_REGEX_SUBSTITUTIONS"])


def test_danish_letters_are_written_out_and_other_letters_are_transliterated_as_before():
    assert slug("Børn, unge og familie") == "boern-unge-og-familie"
    assert slug("Lone Bech Sørensen") == "lone-bech-soerensen"
    assert slug("Kagelæserne på Nordre Fælled") == "kagelaeserne-paa-nordre-faelled"
    assert slug("Emir Hadžić") == "emir-hadzic"
    assert old_slug("Børn, unge og familie", DEFAULT_CONFIG) == "born-unge-og-familie"


def test_new_article_makes_the_same_slug_as_the_build():
    title = "Sommerfest for børn i Jennumparken"
    assert danish_slug(title) == slug(title) == "sommerfest-for-boern-i-jennumparken"


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    content = tmp_path_factory.mktemp("slugs") / "content"
    shutil.copytree(CONTENT / "data", content / "data")
    shutil.copytree(CONTENT / "images" / "forfattere", content / "images" / "forfattere")
    (content / "nyheder" / "2014").mkdir(parents=True)
    (content / "nyheder" / "2014" / "sommerfest.md").write_text(ARTICLE, encoding="utf-8")
    output = content.parent / "output"
    result = pelican_here(content, output)
    assert result.returncode == 0, result.stdout + result.stderr
    return output


@pytest.mark.parametrize(
    ("new", "old"),
    [
        ("omraade/boern-unge-og-familie/index.html", "omraade/born-unge-og-familie/index.html"),
        ("forfatter/lone-bech-soerensen/index.html", "forfatter/lone-bech-sorensen/index.html"),
        ("emne/faellesspisning/index.html", "emne/faellesspisning/index.html"),
        (
            "nyheder/2014/sommerfest-for-boern-i-jennumparken/index.html",
            "nyheder/2014/sommerfest-for-born-i-jennumparken/index.html",
        ),
        (
            "aktiviteter/omraade/boern-unge-og-familie/index.html",
            "aktiviteter/omraade/born-unge-og-familie/index.html",
        ),
    ],
)
def test_each_page_is_at_its_danish_address_and_the_old_one_sends_the_reader_there(built, new, old):
    assert (built / new).is_file()
    if old == new:
        return  # "æ" was "ae" already
    page = (built / old).read_text(encoding="utf-8")
    target = "/" + new.removesuffix("index.html")
    assert f'<meta http-equiv="refresh" content="0; url={target}">' in page
    assert re.search(rf'<link rel="canonical" href="https?://[^/"]+{re.escape(target)}">', page)
    assert "<h1>Siden er flyttet</h1>" in page


def test_area_feeds_and_calendars_are_at_the_old_path_too(built):
    """Feed readers and calendar apps do not follow an HTML redirect: the file itself is there."""
    pairs = [
        ("feeds/omraade/boern-unge-og-familie.rss.xml", "feeds/omraade/born-unge-og-familie.rss.xml"),
        ("feeds/omraade/boern-unge-og-familie.atom.xml", "feeds/omraade/born-unge-og-familie.atom.xml"),
        ("kalender/omraade/boern-unge-og-familie.ics", "kalender/omraade/born-unge-og-familie.ics"),
    ]
    for new, old in pairs:
        assert (built / old).read_bytes() == (built / new).read_bytes()


def test_no_redirect_is_listed_in_the_sitemap(built):
    sitemap = (built / "sitemap.xml").read_text(encoding="utf-8")
    assert "boern-unge-og-familie" in sitemap and "born-unge-og-familie" not in sitemap
