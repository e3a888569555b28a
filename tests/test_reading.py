"""Our Markdown reader reads fields exactly as Pelican does, only faster: dates, summaries, titles."""

import pytest
from pelican.readers import METADATA_PROCESSORS
from pelican.settings import DEFAULT_CONFIG

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
