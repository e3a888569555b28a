"""Our Markdown reader reads fields exactly as Pelican does, only faster: dates, summaries, titles."""

import copy

import pytest
from markdown import Markdown
from markdown.extensions import Extension
from markdown.inlinepatterns import SimpleTagInlineProcessor
from pelican.readers import METADATA_PROCESSORS, MarkdownReader
from pelican.settings import DEFAULT_CONFIG, read_settings

from conftest import ROOT
from nordby_content.reader import NordbyMarkdownReader


@pytest.fixture
def reader():
    reader = NordbyMarkdownReader(dict(DEFAULT_CONFIG))
    reader._bad_fields = []
    return reader


@pytest.mark.parametrize(
    "value",
    [
        "2014-03-12 10:00",  # as the guide writes it
        "2014-03-12",
        "2014-03-12 10:00:30",
        "2014-03-12T10:00",
        "2014-3-2 9:05",  # the ones below are left to dateutil, as before
        "March 12, 2014",
        "2014-03-12 10:00+02:00",
        "2014-03-12  10:00",
    ],
)
def test_a_date_is_read_as_pelican_reads_it(reader, value):
    for field in ("date", "modified"):
        ours = reader.process_metadata(field, value)
        pelicans = METADATA_PROCESSORS[field](value, reader.settings)
        assert (ours, type(ours), ours.tzinfo) == (pelicans, type(pelicans), pelicans.tzinfo)
    assert reader._bad_fields == []


@pytest.mark.parametrize("value", ["2014-02-30", "2014-13-01 10:00", "2014-03-12 25:00", "i morgen"])
def test_a_date_that_does_not_exist_is_an_unreadable_field(reader, value):
    assert reader.process_metadata("date", value) is None
    assert reader._bad_fields == [("date", value)]


@pytest.mark.parametrize(
    "summary",
    [
        "Beboerne i Vangdalen holdt loppemarked, og 40 børn fik ansigtsmaling.",
        "Ny legeplads: åbner 12. maj (kl. 10) – alle er velkomne!",
        # The ones below are Markdown and go through it, as before.
        "Se *her* og __der__",
        "1. maj i ParkCafeen",
        "Nyt -- og godt...",
        "Mad & musik <3",
        'Hun sagde "hej"',
        "Linje et  ",
        "# Overskrift",
        "",
    ],
)
def test_a_summary_is_the_html_markdown_makes_of_it(summary):
    meta = {"title": ["Loppemarked"], "summary": [summary], "slug": ["loppemarked"]}
    ours, pelicans = (parsed(reader, meta) for reader in (NordbyMarkdownReader, MarkdownReader))
    assert ours == pelicans
    assert list(ours) == ["title", "summary", "slug"]


def parsed(reader_class, meta, settings=None):
    reader = reader_class(copy.deepcopy(settings) or read_settings(str(ROOT / "pelicanconf.py")))
    reader._md = Markdown(**reader.settings["MARKDOWN"])
    reader._source_path, reader._bad_fields = "nyhed.md", []
    return reader._parse_metadata(dict(meta))


class Shouting(Extension):
    """An extension of the site's own that changes plain words: summaries must go through it."""

    def extendMarkdown(self, md):
        md.inlinePatterns.register(SimpleTagInlineProcessor(r"()(Vangdalen)", "strong"), "shout", 1)


def test_a_summary_goes_through_an_extension_of_the_sites_own():
    settings = read_settings(str(ROOT / "pelicanconf.py"))
    settings["MARKDOWN"]["extensions"] = [Shouting()]
    meta = {"summary": ["Loppemarked i Vangdalen"]}
    ours, pelicans = (parsed(reader, meta, settings) for reader in (NordbyMarkdownReader, MarkdownReader))
    assert ours == pelicans
