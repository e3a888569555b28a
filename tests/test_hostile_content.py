"""Hostile contributions: after a build, no injected script runs in Chromium, and the text survives."""

import functools
import http.server
import shutil
import threading

import feedparser
import pytest
from bs4 import BeautifulSoup

from conftest import CONTENT, _QuietHandler, pelican, pelican_here

AUTHORS = '- navn: Zeynep Kaya\n  bio: "Zeynep skriver om unge."\n  email: zeynep.hemmelig@example.dk\n'
HEADER = (
    "Title: {title}\nDate: 2014-05-{day:02d} 10:00\nAuthor: Zeynep Kaya\nCategory: Sundhed\nSlug: {slug}\n"
)
HUGE_WORDS = 40_000  # about 300,000 characters on one line

# slug -> (title, extra header lines, body); every body holds readable sentences that must survive.
HOSTILE = {
    "script-tags": (
        '<script>alert("XSS")</script>Fest i "Parken" &lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt;',
        "Summary: Kort `<script>alert('XSS')</script>` resumé <script>alert('XSS')</script>\n",
        "Læsbar tekst om script.\n\n<script>alert('XSS')</script>\n\n<SCRIPT SRC=//evil.example/x.js></SCRIPT>\n\n"
        "<scr<script>ipt>alert('XSS')</scr</script>ipt>\n\nSidste sætning om script.\n",
    ),
    "event-handlers": (
        "Hændelser",
        "",
        'Læsbar tekst om hændelser.\n\n<img src="{static}/images/2014/babycafe.jpg" alt="Mødre" onerror="console.log(\'XSS-img\');window.__xss=1">\n\n'
        "<div onmouseover=alert('XSS') style=\"position:fixed;inset:0\">Hele skærmen</div>\n\n"
        "<details open ontoggle=\"console.log('XSS-details')\"><summary>Mere</summary>Detaljer</details>\n\n"
        "<input autofocus onfocus=\"console.log('XSS-focus')\">\n\n<body onload=\"alert('XSS')\">\n\n"
        "Sidste sætning om hændelser.\n",
    ),
    "links": (
        "Links",
        "",
        "Læsbar tekst om links: [klik](javascript:alert('XSS')) og [data](data:text/html;base64,"
        "PHNjcmlwdD5hbGVydCgnWFNTJyk8L3NjcmlwdD4=).\n\n"
        "<a href=\"JaVaScRiPt:alert('XSS')\">blandet</a> <a href=\"&#106;avascript:alert('XSS')\">kodet</a> "
        "<a href=\"java&#x09;script:alert('XSS')\">tab</a> <a href=\" javascript:alert('XSS')\">mellemrum</a>\n\n"
        "![billede](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoJ1hTUycpPjwvc3ZnPg==)\n\n"
        "<iframe src=\"data:text/html,<script>alert('XSS')</script>\"></iframe>\n\n"
        '<meta http-equiv="refresh" content="0;url=javascript:alert(\'XSS\')">\n\n'
        "<form action=\"javascript:alert('XSS')\"><button>Send</button></form>\n\n"
        "[ekstern](https://example.org/side) er i orden. Sidste sætning om links.\n",
    ),
    "svg": (
        "SVG",
        "",
        "Læsbar tekst om SVG.\n\n<svg><script>alert('XSS')</script><circle r=\"5\"/></svg>\n\n"
        "<svg onload=\"alert('XSS')\"></svg>\n\n"
        '<svg><a xlink:href="javascript:alert(\'XSS\')"><text x="5" y="15">tryk</text></a></svg>\n\n'
        "<math><mtext><table><mglyph><style><img src=x onerror=\"alert('XSS')\"></style></mglyph>"
        "</table></mtext></math>\n\nSidste sætning om SVG.\n",
    ),
    "broken-html": (
        "Ødelagt HTML",
        "",
        "Læsbar tekst om ødelagt HTML.\n\n<div><p><b>ulukket <i>indlejret\n\n</div></div></main></body>\n\n"
        '<a href="/a"><a href="/b">dobbelt link</a>\n\n'
        "<noscript><p title=\"</noscript><img src={static}/images/2014/babycafe.jpg alt=Foto onerror=alert('XSS')>\"></noscript>\n\n"
        "<!--><script>alert('XSS')</script>-->\n\n</textarea><script>alert('XSS')</script>\n\n"
        "<style>*{display:none}</style>\n\nSidste sætning om ødelagt HTML.\n",
    ),
    "unicode": (
        "Fest\u202egpj.exe i Vangdalen",
        "",
        "Læsbar tekst om tegn: <ѕcript>alert('XSS')</ѕcript> og ＜script＞alert('XSS')＜/script＞.\n\n"
        "<a href=\"ｊａｖａｓｃｒｉｐｔ:alert('XSS')\">bred</a> <a href=\"java\u200bscript:alert('XSS')\">usynlig</a>\n\n"
        "Æbler, øl og år: Sidste sætning om tegn.\n",
    ),
    "huge-line": (
        "Lang linje",
        "",
        "Læsbar tekst om en lang linje. " + "ord " * HUGE_WORDS + "Sidste sætning om en lang linje.\n",
    ),
}
SURVIVES = {
    "script-tags": ["Læsbar tekst om script.", "Sidste sætning om script."],
    "event-handlers": ["Læsbar tekst om hændelser.", "Hele skærmen", "Sidste sætning om hændelser."],
    "links": ["klik", "blandet", "ekstern", "Sidste sætning om links."],
    "svg": ["Læsbar tekst om SVG.", "Sidste sætning om SVG."],
    "broken-html": ["ulukket", "indlejret", "dobbelt link", "Sidste sætning om ødelagt HTML."],
    "unicode": ["＜script＞alert('XSS')＜/script＞", "bred", "Æbler, øl og år: Sidste sætning om tegn."],
    "huge-line": ["Læsbar tekst om en lang linje.", "Sidste sætning om en lang linje."],
}


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    """A site built from hostile contributions only (the build must succeed)."""
    root = tmp_path_factory.mktemp("hostile")
    content = root / "content"
    (content / "data").mkdir(parents=True)
    (content / "nyheder" / "2014").mkdir(parents=True)
    (content / "images" / "2014").mkdir(parents=True)  # the photo the <img> payloads point at
    shutil.copy(CONTENT / "images" / "2014" / "babycafe.jpg", content / "images" / "2014")
    (content / "data" / "forfattere.yml").write_text(AUTHORS, encoding="utf-8")
    for day, (slug, (title, extra, body)) in enumerate(HOSTILE.items(), start=1):
        text = HEADER.format(title=title, day=day, slug=slug) + extra + "\n" + body
        (content / "nyheder" / "2014" / f"{slug}.md").write_text(text, encoding="utf-8")
    result = pelican(content, root / "output")
    assert result.returncode == 0, result.stdout + result.stderr
    return root / "output"


@pytest.fixture(scope="module")
def hostile_url(hostile_site):
    handler = functools.partial(_QuietHandler, directory=str(hostile_site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def visit_every_page(browser, base, site, bypass_csp):
    """Load every page; returns (dialogs, console messages, pages where window.__xss was set)."""
    context = browser.new_context(bypass_csp=bypass_csp)
    page = context.new_page()
    dialogs, console, flagged = [], [], []
    page.on("dialog", lambda dialog: (dialogs.append((page.url, dialog.message)), dialog.dismiss()))
    page.on("console", lambda message: console.append((page.url, message.text)))
    for path in sorted(site.rglob("*.html")):
        if 'http-equiv="refresh"' in path.read_text(encoding="utf-8"):
            continue  # a moved address sends the reader on at once; the page it sends to is visited
        page.goto(f"{base}/{path.relative_to(site).as_posix()}", wait_until="load")
        page.mouse.move(100, 300)  # hover handlers get their chance too
        if page.evaluate("window.__xss !== undefined"):
            flagged.append(page.url)
    context.close()
    return dialogs, console, flagged


@pytest.mark.parametrize("bypass_csp", [True, False], ids=["sanitiser-alone", "with-csp"])
def test_no_injected_script_runs_on_any_page(browser, hostile_url, hostile_site, bypass_csp):
    dialogs, console, flagged = visit_every_page(browser, hostile_url, hostile_site, bypass_csp)
    assert dialogs == []
    assert flagged == []
    assert [m for m in console if "XSS" in m[1] or "Content Security Policy" in m[1]] == []


def test_no_active_markup_is_left_in_any_page(hostile_site):
    for path in hostile_site.rglob("*.html"):
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        csp = soup.find("meta", attrs={"http-equiv": "Content-Security-Policy"})
        assert "script-src 'self'" in csp["content"] and "unsafe-inline" not in csp["content"], path
        for body in soup.select("main"):  # the site's own header and footer are not contributed
            assert body.find_all(["script", "iframe", "object", "embed", "svg", "math", "style"]) == []
        assert soup.select("main .body form, main .body input, main .body meta") == []
        for element in soup.find_all(True):
            for name, value in element.attrs.items():
                assert not name.lower().startswith("on"), (path, element)
                if name in {"href", "src", "action", "formaction", "xlink:href"}:
                    assert not value.strip().lower().startswith(("javascript:", "data:")), (path, element)


@pytest.mark.parametrize("slug", SURVIVES)
def test_the_readable_text_of_each_contribution_survives(browser, hostile_url, slug):
    page = browser.new_page()
    page.goto(f"{hostile_url}/nyheder/2014/{slug}/")
    text = page.locator("main").inner_text()
    for sentence in SURVIVES[slug]:
        assert sentence in text, (slug, sentence)
    page.close()


def test_titles_are_text_not_markup(browser, hostile_url):
    page = browser.new_page()
    page.goto(f"{hostile_url}/nyheder/2014/script-tags/")
    shown = 'Fest i "Parken" </title><script>alert(1)</script>'
    assert page.locator("h1").inner_text() == shown
    assert page.title() == f"{shown} · Randers Nordby"
    assert page.locator("meta[property='og:title']").get_attribute("content") == f"{shown} · Randers Nordby"
    assert page.locator(".standfirst").inner_text() == "Kort <script>alert('XSS')</script> resumé"
    page.close()


def test_external_links_get_nofollow_noopener_and_feeds_are_clean(hostile_site):
    html = (hostile_site / "nyheder" / "2014" / "links" / "index.html").read_text(encoding="utf-8")
    assert '<a href="https://example.org/side" rel="nofollow noopener">ekstern</a>' in html
    feed = feedparser.parse(str(hostile_site / "feeds" / "alle.atom.xml"))
    assert len(feed.entries) == len(HOSTILE)
    for entry in feed.entries:
        soup = BeautifulSoup(entry.content[0].value, "html.parser")
        assert soup.find_all(["script", "iframe", "svg", "style"]) == [], entry.link
        assert not any(k.startswith("on") for e in soup.find_all(True) for k in e.attrs), entry.link
    links = next(e for e in feed.entries if e.link.endswith("/links/"))
    assert 'rel="nofollow noopener"' in links.content[0].value


def test_an_html_file_in_the_articles_folder_is_cleaned_too(tmp_path):
    content = tmp_path / "content"
    (content / "data").mkdir(parents=True)
    (content / "nyheder").mkdir()
    (content / "data" / "forfattere.yml").write_text(AUTHORS, encoding="utf-8")
    (content / "nyheder" / "fest.html").write_text(
        "<html><head><title>Fest &lt;script&gt;</title><meta name='date' content='2014-05-03 10:00'>"
        "<meta name='author' content='Zeynep Kaya'><meta name='category' content='Sundhed'></head>"
        "<body><p onclick=\"alert('XSS')\">Læsbar fest.</p><script>alert('XSS')</script></body></html>",
        encoding="utf-8",
    )
    result = pelican_here(content, tmp_path / "out")  # a tiny site: built in this process
    assert result.returncode == 0, result.stderr
    html = (tmp_path / "out" / "nyheder" / "2014" / "fest-script" / "index.html").read_text(encoding="utf-8")
    assert "<p>Læsbar fest.</p>" in html
    assert "alert" not in html and "<script" not in html
