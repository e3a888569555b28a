"""`invoke stats`: the yearly figures match counts made here, independently, from the files."""

import csv
import re
from collections import Counter
from datetime import date

from babel.dates import format_date
from pelican.settings import get_settings_from_file
from test_visits import bars_in

from conftest import invoke
from nordby_visits import summary, yearly
from nordby_visits.count import DayFigures

# Web only: the figures count it as any article, and Nordbyposten 2014-3 is not laid out again for it.
PHOTO_ARTICLE = """Title: Nye bænke på Nordre Fælled
Date: 2014-09-20 10:00
Author: Birgit Holm
Category: Image og kommunikation
Slug: nye-baenke-paa-nordre-faelled
Web_only: ja
Image: images/2014/naturvejleder.jpg
Image_alt: Naturvejlederen på stien over Nordre Fælled

Der er kommet nye bænke. ![Bænken ved søen]({static}/images/2014/baenk.jpg)
"""


def headers(project, year):
    """Title, date, author, category of every published article of the year, read from the files.

    Translations (`Lang:`) are the same contribution in another language: counted once, as the Danish one."""
    found = []
    for path in (project / "content" / "nyheder").rglob("*.md"):
        head = path.read_text(encoding="utf-8").split("\n\n", 1)[0]
        fields = dict(re.findall(r"^(\w+):\s*(.*)$", head, re.MULTILINE))
        translation = fields.get("Lang", "da") != "da"
        if (
            fields.get("Status", "published") == "published"
            and fields["Date"].startswith(str(year))
            and not translation
        ):
            fields["photos in text"] = path.read_text(encoding="utf-8").count("![")
            found.append(fields)
    return found


def articles_with_slug(project, year):
    """(title, address) of the year's articles that name their slug, read from the files."""
    url = get_settings_from_file(str(project / "pelicanconf.py"))["ARTICLE_URL"]
    return [
        (a["Title"], "/" + url.format(date=date(year, 1, 1), slug=a["Slug"]))
        for a in headers(project, year)
        if a.get("Slug")
    ]


def visitor_summary(project, article):
    """Three days of visitor figures in the project's summary (what `invoke besoeg` writes)."""
    title, path = article
    days = [
        DayFigures(
            "2014-01-15",
            20,
            50,
            4,
            2,
            ((path, 30, 18), ("/", 20, 20)),
            (("2014-1", "/nordbyposten/2014-1/a.pdf", 3),),
        ),
        DayFigures("2014-02-15", 30, 70, 6, 2, ((path, 10, 9),), ()),
        DayFigures(
            "2014-03-15", 41, 90, 5, 3, ((path, 5, 5),), (("2014-1", "/nordbyposten/2014-1/a.pdf", 2),)
        ),
    ]
    summary.add_days(project / "besoeg" / "besoeg.sqlite", days)
    return {"title": title, "views": 45, "average": round((20 + 30 + 41) / 3), "downloads": 5}


def assert_visitor_figures(figures, visits, chart):
    assert [figures[(yearly.VISITORS, m)] for m in ("januar", "februar", "marts")] == ["20", "30", "41"]
    assert figures[(yearly.VISITORS, "Gennemsnit pr. måned")] == str(visits["average"])
    assert figures[(yearly.ARTICLES, visits["title"])] == str(visits["views"])
    assert figures[(yearly.DOWNLOADS, "Nordbyposten 2014-1")] == str(visits["downloads"])
    assert figures[(yearly.CALENDAR, "Højeste på én dag")] == "6"
    assert bars_in(chart) == 3


def test_stats_match_an_independent_count(project, tmp_path):
    (project / "content" / "images" / "2014").mkdir(parents=True, exist_ok=True)
    (project / "content" / "images" / "2014" / "baenk.jpg").write_bytes(
        (project / "content" / "images" / "2014" / "babycafe.jpg").read_bytes()
    )
    (project / "content" / "nyheder" / "2014" / "baenke.md").write_text(PHOTO_ARTICLE, encoding="utf-8")
    target = tmp_path / "tal.csv"
    visits = visitor_summary(project, articles_with_slug(project, 2014)[0])

    result = invoke(project, "stats", "--year", "2014", "--csv", str(target))
    assert result.returncode == 0, result.stderr

    articles = headers(project, 2014)
    photos = sum(a.get("Image", "") != "" for a in articles) + sum(a["photos in text"] for a in articles)
    areas = Counter(a["Category"] for a in articles)
    months = Counter(int(a["Date"][5:7]) for a in articles)
    assert len(articles) == 25 and photos >= 2  # the sample's 24 articles, plus ours; the draft is out

    raw = target.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "Excel needs the byte-order mark to show æ, ø, å"
    rows = list(csv.reader(raw.decode("utf-8-sig").splitlines(), delimiter=";"))
    assert rows[0] == ["Opgørelse", "Hvad", "Antal"]
    figures = {(section, what): number for section, what, number in rows[1:]}
    assert figures[("Bidrag", "Artikler")] == str(len(articles))
    assert figures[("Bidrag", "Billeder")] == str(photos)
    assert figures[("Bidrag", "Bidrag i alt (artikler og billeder)")] == str(len(articles) + photos)
    assert figures[("Bidrag", "Borgerjournalister med bidrag")] == str(len({a["Author"] for a in articles}))
    for area, count in areas.items():
        assert figures[("Artikler pr. område", area)] == str(count)
    for month in range(1, 13):
        name = format_date(date(2014, month, 1), "MMMM", locale="da_DK")
        assert figures[("Artikler pr. måned", name)] == str(months[month])
    printed = "nordbyposten" in get_settings_from_file(str(project / "pelicanconf.py"))["PLUGINS"]
    assert (figures[("Nordbyposten", "Numre")] == "ikke bygget endnu") is not printed
    if printed:
        issues = list((project / "content" / "nordbyposten").glob("2014-*.md"))
        assert figures[("Nordbyposten", "Numre")] == str(len(issues)) == "3"
        pages = int(figures[("Nordbyposten", "Sider")])
        assert pages % 4 == 0 and pages >= 4 * len(issues)  # every issue is a whole number of sheets

    assert_visitor_figures(figures, visits, tmp_path / "tal-besoegende.png")

    assert "Tal for 2014" in result.stdout
    assert f"  Artikler: {len(articles)}" in result.stdout
    assert f"Tallene er også gemt i {target}" in result.stdout
    assert not (project / "output").exists(), "the figures build no site"


def test_a_year_without_content_gives_zeros(project, tmp_path):
    result = invoke(project, "stats", "--year", "2013", "--csv", str(tmp_path / "tal.csv"))
    assert result.returncode == 0, result.stderr
    assert "  Bidrag i alt (artikler og billeder): 0" in result.stdout
    assert "  Borgerjournalister med bidrag: 0" in result.stdout
