"""The shipped nginx site, serving a production build: headers, types, compression, search."""

import gzip
import json
import re
import urllib.error
import urllib.request
import xml.etree.ElementTree as ET

import pytest
from nginx_local import SITE_CONF, LocalNginx
from pelican.settings import get_settings_from_file

from conftest import CONTENT, ROOT, _link_tree, pelican_here, run_axe

CSP = get_settings_from_file(str(ROOT / "pelicanconf.py"))["NORDBY_CSP"]
ICS = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//da\r\nEND:VCALENDAR\r\n"
SITEMAP_NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


@pytest.fixture(scope="module")
def port(production_port):
    return production_port


@pytest.fixture(scope="module")
def built(production_site, tmp_path_factory):
    """The shared production build, whose SITEURL is the local nginx, plus a calendar file to serve.

    A copy of hard links: the build is shared with other workers' tests, which must not see the file."""
    served = tmp_path_factory.mktemp("production") / "output"
    _link_tree(production_site, served)
    (served / "kalender.ics").unlink(missing_ok=True)  # a hard link: never written through
    (served / "kalender.ics").write_text(ICS, encoding="utf-8")
    return served


@pytest.fixture(scope="module")
def nginx(built, port):
    with LocalNginx(built, port) as server:
        yield server
    assert "[emerg]" not in server.error_log() and "[warn]" not in server.error_log(), server.error_log()


def get(url, compressed=False):
    """(status, headers, raw body) as the server sent them (urllib never unzips)."""
    headers = {"Accept-Encoding": "gzip"} if compressed else {}
    try:
        with urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=10) as r:
            return r.status, r.headers, r.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def stylesheet(built):
    """The theme CSS the pages link to (its fingerprinted name)."""
    return re.search(
        r'rel="stylesheet" href="http://[^/]+(/theme/css/[^"]+)"', (built / "index.html").read_text()
    )[1]


def test_the_shipped_csp_is_nordby_csp(nginx):
    """The header, the meta tag and the setting must never drift apart."""
    assert f'add_header Content-Security-Policy "{CSP}" always;' in SITE_CONF.read_text(encoding="utf-8")
    status, headers, body = get(nginx.url + "/")
    assert status == 200
    assert headers["Content-Security-Policy"] == CSP
    assert f'<meta http-equiv="Content-Security-Policy" content="{CSP}">' in body.decode()


@pytest.mark.parametrize("path", ["/", "/arkiv/", "/feeds/alle.rss.xml", "/kalender.ics", "/findes-ikke/"])
def test_security_headers_on_every_answer(nginx, path):
    _, headers, _ = get(nginx.url + path)
    assert headers["Content-Security-Policy"] == CSP
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert "camera=()" in headers["Permissions-Policy"] and "geolocation=()" in headers["Permissions-Policy"]


@pytest.mark.parametrize(
    ("path", "mime"),
    [
        ("/", "text/html; charset=utf-8"),
        ("/feeds/alle.rss.xml", "application/rss+xml; charset=utf-8"),
        ("/feeds/alle.atom.xml", "application/atom+xml; charset=utf-8"),
        ("/kalender.ics", "text/calendar; charset=utf-8"),
        ("/sitemap.xml", "text/xml; charset=utf-8"),
        ("/robots.txt", "text/plain; charset=utf-8"),
        ("/pagefind/pagefind-ui.js", "application/javascript; charset=utf-8"),
    ],
)
def test_mime_types(nginx, path, mime):
    status, headers, _ = get(nginx.url + path)
    assert (status, headers["Content-Type"]) == (200, mime)


def test_cache_lifetimes(nginx, built):
    """Hashed theme files for a year; pages revalidate; feeds and calendars for an hour."""
    css = stylesheet(built)
    assert re.fullmatch(r"/theme/css/site\.[0-9a-f]{10}\.css", css)
    assert get(nginx.url + css)[1]["Cache-Control"] == "public, max-age=31536000, immutable"
    assert get(nginx.url + "/")[1]["Cache-Control"] == "no-cache"
    assert get(nginx.url + "/nyheder/2014/")[1]["Cache-Control"] == "no-cache"
    assert get(nginx.url + "/pagefind/pagefind-entry.json")[1]["Cache-Control"] == "no-cache"
    for path in ("/feeds/alle.rss.xml", "/kalender.ics"):
        assert get(nginx.url + path)[1]["Cache-Control"] == "public, max-age=3600"


def test_build_writes_a_gz_beside_every_text_file(built):
    text_files = [
        p for p in built.rglob("*") if p.suffix in {".html", ".css", ".js", ".xml", ".json", ".txt"}
    ]
    assert len(text_files) > 100
    for path in text_files:
        assert gzip.decompress(path.with_name(path.name + ".gz").read_bytes()) == path.read_bytes(), path


@pytest.mark.parametrize("path", ["/", "/feeds/alle.rss.xml", "/sitemap.xml"])
def test_precompressed_files_are_served_as_they_are(nginx, built, path):
    """gzip is off in the configuration, so a gzip answer can only be the build's .gz file."""
    file = built / (path.lstrip("/") or "index.html")
    status, headers, body = get(nginx.url + path, compressed=True)
    assert (status, headers["Content-Encoding"], headers["Vary"]) == (200, "gzip", "Accept-Encoding")
    assert body == file.with_name(file.name + ".gz").read_bytes()
    status, headers, body = get(nginx.url + path)
    assert headers["Content-Encoding"] is None and body == file.read_bytes()


def test_the_danish_404_page(nginx):
    status, headers, body = get(nginx.url + "/nyheder/2014/findes-ikke/")
    assert status == 404 and headers["Content-Type"] == "text/html; charset=utf-8"
    assert "<h1>Siden findes ikke</h1>" in body.decode()
    assert get(nginx.url + "/kladder/noget/")[0] == 404


def test_every_url_in_the_sitemap_answers_200(nginx):
    _, _, body = get(nginx.url + "/sitemap.xml")
    urls = [loc.text for loc in ET.fromstring(body).findall("s:url/s:loc", SITEMAP_NS)]
    assert len(urls) > 40 and all(url.startswith(nginx.url + "/") for url in urls)
    assert [url for url in urls if get(url)[0] != 200] == []


def test_search_without_javascript_gives_useful_links(nginx):
    """The header's form is a plain GET to the search page, which then lists ways to browse."""
    home = get(nginx.url + "/")[2].decode()
    form = re.search(r'<form class="site-search" role="search" action="([^"]+)" method="get">', home)
    assert form and 'name="q"' in home
    status, _, body = get(form[1] + "?q=babycaf%C3%A9")
    page = body.decode()
    assert status == 200 and "Søgningen virker kun, når JavaScript er slået til" in page
    links = re.findall(
        r'<a href="(http://127\.0\.0\.1:\d+/[^"]*)"', page.split('id="soeg-uden-javascript"')[1]
    )
    assert any("/arkiv/" in link for link in links) and any("/omraade/" in link for link in links)
    assert [link for link in links if get(link)[0] != 200] == []


def test_the_index_has_a_language_each_and_holds_articles_and_pages_only(built):
    """Lists (home, archive, areas) carry no data-pagefind-body, so only documents are results."""
    entry = json.loads((built / "pagefind" / "pagefind-entry.json").read_text())
    # drafts waiting for review are never searchable; translations (Lang:) have their own index
    sources = [p for p in (CONTENT / "nyheder").rglob("*.md") if "Status: draft" not in p.read_text("utf-8")]
    sources += list((CONTENT / "pages").glob("*.md"))
    danish = [p for p in sources if "\nLang: " not in p.read_text("utf-8")]
    assert set(entry["languages"]) == {"da", "ar", "so", "en"}
    assert entry["languages"]["da"]["page_count"] == len(danish)
    for code in ("ar", "so", "en"):
        own = [p for p in sources if f"\nLang: {code}\n" in p.read_text("utf-8")]
        assert entry["languages"][code]["page_count"] == len(own), code


def test_a_resident_searches_from_the_header_on_a_phone(phone, nginx):
    """A word from a sample article, typed into the header box, finds that article (CSP enforced)."""
    problems = []
    phone.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    phone.on("pageerror", lambda e: problems.append(str(e)))
    phone.goto(nginx.url + "/")
    phone.fill("#soeg-felt", "fodboldskole")
    phone.press("#soeg-felt", "Enter")
    phone.wait_for_url("**/soeg/?q=fodboldskole")
    first = phone.locator(".pagefind-ui__result-link").first
    first.wait_for()
    assert first.inner_text() == "25 børn var med på sommerens fodboldskole"
    assert phone.locator("#soeg-uden-javascript").is_hidden()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 375
    assert run_axe(phone) == []
    first.click()
    phone.wait_for_url("**/nyheder/2014/25-boern-paa-sommerens-fodboldskole/")
    assert phone.locator("h1").inner_text() == "25 børn var med på sommerens fodboldskole"
    assert problems == []


def test_a_bad_hosting_setting_stops_the_build_and_is_named(tmp_path):
    result = pelican_here(
        CONTENT, tmp_path / "out", 'HOSTING_SEARCH_URL="soeg"'
    )  # stops at once: in this process
    assert result.returncode != 0
    assert (
        "FEJL [HOSTING_SEARCH_URL] Indstillingen HOSTING_SEARCH_URL skal være en tekst, der slutter med '/', ikke 'soeg'."
        in (result.stdout + result.stderr)
    )
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "out" / "index.html").exists()


def test_search_index_is_rebuilt_only_when_a_page_changed(tmp_path):
    """`invoke search-index` on an unchanged preview does nothing; after an edit the index has the new word."""
    from nordby_hosting.search import build_index  # noqa: PLC0415 - needs only this test

    site, cache = tmp_path / "site", tmp_path / "cache"
    page = site / "nyheder" / "index.html"
    page.parent.mkdir(parents=True)
    body = '<html lang="da"><body><main data-pagefind-body><h1>{}</h1><p>Om fællesspisning.</p></main></body></html>'
    page.write_text(body.format("Fællesspisning"), encoding="utf-8")
    assert build_index(site, "da", cache) is not None
    first = sorted(p.name for p in (site / "pagefind" / "fragment").iterdir())
    assert build_index(site, "da", cache) is None  # nothing changed: Pagefind is not run again
    page.write_text(body.format("Lektiehjælp"), encoding="utf-8")
    assert build_index(site, "da", cache) is not None
    fragments = list((site / "pagefind" / "fragment").iterdir())
    assert len(fragments) == 1 and fragments[0].name not in first  # no stale files from the old index
    assert not list(site.glob(".pagefind*")), "the new index was swapped in, no temporary folder is left"
