"""One report per problem: a bad field hides nothing else, nothing is said twice, typos get 'mente du …?'.

In-process: our Markdown reader and the rules over a tiny content folder, without a Pelican build.
"""

import importlib
import shutil

import pytest
from pelican.contents import Article
from pelican.readers import Readers
from pelican.settings import read_settings

from conftest import CONTENT, ROOT
from nordby_content.reader import NordbyMarkdownReader
from nordby_content.rules import RuleContext, run_rules
from nordby_content.settings import with_defaults
from nordby_content.suggest import closest, closest_file

AUTHORS = (
    '- navn: Gitte Søndergaard\n  bio: "Gitte skriver."\n- navn: Zeynep Kaya\n  bio: "Zeynep skriver."\n'
)
GOOD = {
    "Title": "Loppemarked i Vangdalen",
    "Date": "2014-05-03 10:00",
    "Author": "Zeynep Kaya",
    "Category": "Beboernetværk, inddragelse og demokrati",
}


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """A content folder with the registry and one real photo, and the project's settings for it."""
    content = tmp_path_factory.mktemp("one") / "content"
    (content / "data").mkdir(parents=True)
    (content / "data" / "forfattere.yml").write_text(AUTHORS, encoding="utf-8")
    (content / "images" / "2014").mkdir(parents=True)
    shutil.copy(CONTENT / "images" / "2014" / "babycafe.jpg", content / "images" / "2014")
    (content / "nyheder" / "2014").mkdir(parents=True)
    for name in ("nordby_content.options", "nordby_calendar", "nordby_images", "nordbyposten"):
        importlib.import_module(name)
    settings = with_defaults(read_settings(str(ROOT / "pelicanconf.py"), override={"PATH": str(content)}))
    return content, settings


def report(site, **fields):
    """The problems of one article with these header fields (None leaves a field out)."""
    content, settings = site
    header = "\n".join(f"{k}: {v}" for k, v in {**GOOD, **fields}.items() if v is not None)
    path = content / "nyheder" / "2014" / "x.md"
    path.write_text(f"{header}\n\nDer var loppemarked.\n", encoding="utf-8")
    ctx = RuleContext.reset(settings)
    readers = Readers(settings)
    readers.readers["md"] = NordbyMarkdownReader(settings)  # what the plugin does at readers_init
    doc = readers.read_file(str(content), str(path), content_class=Article, context={})
    assert isinstance(doc, Article), "a document with problems is kept, so every rule checks it"
    run_rules([doc], ctx)
    return [(p.field, p.message, p.fix) for p in sorted(ctx.log.errors)]


def test_a_bad_date_hides_no_other_problem(site):
    found = report(site, Date="3. maj 2014", Author="Gitte Sondergaard", Category="Sport")
    assert [field for field, _, _ in found] == ["Date", "Author", "Category"]  # in the order of the lines
    assert found[0][1] == 'Datoen "3. maj 2014" kan ikke læses.'


def test_a_mistyped_author_gets_mente_du(site):
    (found,) = report(site, Author="Gitte Sondergaard")
    assert found[1] == 'Forfatteren "Gitte Sondergaard" er ikke kendt.'
    assert found[2].startswith('mente du "Gitte Søndergaard"?')


def test_a_mistyped_photo_gets_mente_du(site):
    (found,) = report(site, Image="images/2014/babycaf.jpg", Image_alt="Mødre i ParkCafeen")
    assert found == (
        "Image",
        'Billedet "images/2014/babycaf.jpg" findes ikke.',
        "mente du images/2014/babycafe.jpg?",
    )


def test_a_missing_field_is_reported_once_not_again_by_the_rule_for_its_value(site):
    """Pelican files an article without a Category under 'misc'; that is not a second problem."""
    assert report(site, Category=None) == [
        ("Category", "Feltet Category mangler.", "skriv en linje 'Category: ' med et af områderne: "
         "Uddannelse, beskæftigelse og erhverv; Børn, unge og familie; Beboernetværk, inddragelse og demokrati; "
         "Sundhed; Udsatte grupper; Image og kommunikation"),
    ]  # fmt: skip


def test_nothing_close_means_no_suggestion(site):
    content, _ = site
    assert closest("Hans Hansen", ["Gitte Søndergaard", "Zeynep Kaya"]) is None
    assert closest_file("images/2014/fodbold.jpg", content) is None
    assert closest_file("images/2041/babycafe.jpg", content) == "images/2014/babycafe.jpg"
