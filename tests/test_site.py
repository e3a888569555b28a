"""What a reader sees on the built sample site: pages, Danish dates, links, valid HTML."""

import re
from datetime import datetime
from urllib.parse import urlparse

from bs4 import BeautifulSoup
from nordby_hosting.links import APP_PATHS

from conftest import built_page, html5_errors

WEEKDAYS = ["mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag", "søndag"]
MONTHS = ["januar", "februar", "marts", "april", "maj", "juni", "juli", "august"]
MONTHS += ["september", "oktober", "november", "december"]
AREAS = [
    "Uddannelse, beskæftigelse og erhverv",
    "Børn, unge og familie",
    "Beboernetværk, inddragelse og demokrati",
    "Sundhed",
    "Udsatte grupper",
    "Image og kommunikation",
]


def soup(path):
    """A page of a session build, parsed once for every test that reads it."""
    return built_page(path)


def article_pages(site):
    return sorted(p for p in site.glob("nyheder/*/*/index.html") if p.parent.name != "side")


def test_sample_site_has_the_promised_content(site):
    articles = article_pages(site)
    assert len(articles) >= 15
    areas = {soup(p).select_one(".kicker a").get_text() for p in articles}
    assert areas == set(AREAS)
    authors = {a.get_text() for p in articles for a in soup(p).select(".byline a")}
    assert len(authors) >= 6
    for slug in ("om-bysekretariatet", "kontakt", "bliv-borgerjournalist", "nordbyposten"):
        assert (site / slug / "index.html").exists(), slug


def test_home_page_lists_latest_news_and_coming_activities(site):
    home = soup(site / "index.html")
    assert home.html["lang"] == "da"
    titles = [a.get_text() for a in home.select(".teaser-title a")]
    assert 1 <= len(titles) <= 10
    assert home.find(id="kommende") is not None


def test_every_article_shows_its_date_in_danish(site):
    for path in article_pages(site):
        stamp = soup(path).select_one(".byline time")
        when = datetime.fromisoformat(stamp["datetime"])
        expected = f"{WEEKDAYS[when.weekday()]} den {when.day}. {MONTHS[when.month - 1]} {when.year}"
        assert stamp.get_text() == expected, path


def test_danish_dates_do_not_depend_on_the_os_locale(site_in_c_locale):
    # An English C locale must not turn "torsdag" into "Thursday".
    text = (site_in_c_locale / "arkiv" / "index.html").read_text(encoding="utf-8")
    assert re.search(r"\d+\. (jan|feb|mar|apr|maj|jun|jul|aug|sep|okt|nov|dec)\.? 2014", text)
    assert "Thursday" not in text and "January" not in text


def is_redirect(path):
    """A page at an address that changed (nordby_site/redirects.py), not a page of its own."""
    return 'http-equiv="refresh"' in path.read_text(encoding="utf-8")


def test_pages_exist_per_area_author_tag_and_year(site):
    assert len([p for p in site.glob("omraade/*/index.html") if not is_redirect(p)]) == 6
    assert len(list(site.glob("forfatter/*/index.html"))) >= 6
    assert len(list(site.glob("emne/*/index.html"))) >= 5
    assert (site / "nyheder" / "2014" / "index.html").exists()
    bio = soup(next(p for p in site.glob("forfatter/*/index.html") if not is_redirect(p))).select_one(".bio")
    assert bio is not None and len(bio.get_text()) > 20


def test_every_page_is_accessible_in_structure(site, html_files):
    for path in html_files:
        page = soup(path)
        folder = path.relative_to(site).parts[0]
        assert page.html["lang"] == (folder if folder in ("ar", "so", "en") else "da"), path
        assert page.select_one("a.skip-link")["href"] == "#indhold", path
        assert page.find("main", id="indhold"), path
        assert page.find("header") and page.find("footer") and page.find("nav"), path
        assert len(page.find_all("h1")) == 1, path
        for img in page.find_all("img"):
            assert img.get("alt") is not None, (path, img)


def _target(site, page_path, url):
    """The output file a root-relative or relative URL points to."""
    parsed = urlparse(url)
    if parsed.path.startswith("/"):
        target = site / parsed.path.lstrip("/")
    else:
        target = (page_path.parent / parsed.path).resolve()
    return target / "index.html" if url.endswith("/") or target.is_dir() else target


def test_every_internal_link_and_image_resolves(site, html_files):
    broken = []
    for path in html_files:
        page = soup(path)
        refs = [a.get("href") for a in page.find_all(["a", "link"])] + [i.get("src") for i in page("img")]
        for url in filter(None, refs):
            if urlparse(url).scheme or url.startswith(("#", "mailto:", "//", *APP_PATHS)):
                continue  # APP_PATHS: nginx hands these to the web desk, they are no files
            if not _target(site, path, url).exists():
                broken.append(f"{path.relative_to(site)} -> {url}")
    assert broken == []


def test_no_internal_link_is_left_as_a_pelican_placeholder(html_files):
    for path in html_files:
        assert "{filename}" not in path.read_text(encoding="utf-8"), path


def test_every_page_is_valid_html5(site, html5_report):
    ours = [p for p in site.rglob("*") if "pagefind" not in p.parts]  # Pagefind's files are vendored
    pages = [p for p in ours if p.suffix == ".html"]
    assert len(pages) > 100
    assert html5_errors(html5_report, pages) == []
    stylesheets = [p for p in ours if p.suffix == ".css"]
    assert stylesheets
    assert html5_errors(html5_report, stylesheets) == []


def test_open_graph_and_canonical_links_are_absolute(html_files):
    for path in html_files:
        head = soup(path).head
        canonical = head.find("link", rel="canonical")["href"]
        assert canonical.startswith("http://localhost:8000/"), path
        assert head.find("meta", property="og:url")["content"] == canonical
        assert head.find("meta", property="og:title")["content"]


def test_sitemap_robots_and_404(site):
    sitemap = BeautifulSoup((site / "sitemap.xml").read_text(encoding="utf-8"), "xml")
    locs = [loc.get_text() for loc in sitemap.find_all("loc")]
    assert len(locs) == len(set(locs)) >= 30
    for loc in locs:
        assert _target(site, site / "index.html", urlparse(loc).path).exists(), loc
    assert "Sitemap: http://localhost:8000/sitemap.xml" in (site / "robots.txt").read_text(encoding="utf-8")
    not_found = soup(site / "404.html")
    assert "Siden findes ikke" in not_found.h1.get_text()


def test_feed_discovery_link_on_every_page(html_files):
    for path in html_files:
        head = soup(path).head
        # hreflang alternates (other languages) have no type
        types = {link.get("type") for link in head.find_all("link", rel="alternate")}
        assert {"application/rss+xml", "application/atom+xml"} <= types, path


def test_print_stylesheet_for_articles(site):
    css = (site / "theme" / "css" / "site.css").read_text(encoding="utf-8")
    assert "@media print" in css
    assert 'content: " (" attr(href) ")"' in css


def test_the_sample_sites_build_reports_no_errors_or_warnings(site):
    """A newcomer's first build is clean: every FEJL or ADVARSEL line in it is something to mend."""
    log = (site.parent / "build.log").read_text(encoding="utf-8")
    noisy = [
        line[:160] for line in log.splitlines() if line.startswith(("FEJL", "ADVARSEL")) or " FEJL " in line
    ]
    assert not noisy, "\n".join(noisy)
