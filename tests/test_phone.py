"""Phones first (issue 16): at 375 × 812 the headline is near the top and the menu folds behind "Menu"."""

import functools
import http.server
import threading

import pytest

from conftest import _QuietHandler, run_axe

FIRST_SCREEN = 812
H1_LIMIT = 180
SEARCH_WORD = "babycafé"

# Layout shifts of the page so far (the observer is buffered, so it sees those before it started).
LAYOUT_SHIFTS = """() => new Promise(done => {
  let total = 0;
  new PerformanceObserver(list => { for (const e of list.getEntries()) total += e.value; })
    .observe({type: "layout-shift", buffered: true});
  setTimeout(() => done(total), 1500);
})"""


def first_page(site, pattern, marker):
    """The site-relative URL of the first built page under pattern whose HTML holds marker."""
    for path in sorted(site.glob(pattern)):
        if marker in path.read_text(encoding="utf-8"):
            return path.parent.relative_to(site).as_posix() + "/"
    raise AssertionError(f"no page {pattern} with {marker!r} in the build")


@pytest.fixture(scope="session")
def pages(site):
    """Each page type of the issue: (URL, selector of its first piece of content, expected aria-current)."""
    return {
        "forside": ("", ".teaser", ("", "page")),
        "artikel": (first_page(site, "nyheder/*/*/index.html", 'class="article"'), ".byline", None),
        "aktiviteter": ("aktiviteter/", ".lead", ("aktiviteter/", "page")),
        "måned": (
            first_page(site, "aktiviteter/*/*/index.html", "month-table"),
            ".month-table tbody tr",
            ("aktiviteter/", "true"),
        ),
        "aktivitet": (
            first_page(site, "aktiviteter/*/index.html", 'class="activity"'),
            ".facts",
            ("aktiviteter/", "true"),
        ),
        "avisarkiv": ("nordbyposten/", ".np-newest", ("nordbyposten/", "page")),
        "avisnummer": (
            first_page(site, "nordbyposten/*/index.html", "np-issue-page"),
            ".np-issue li",
            ("nordbyposten/", "true"),
        ),
        "søg": (f"soeg/?q={SEARCH_WORD}", ".pagefind-ui__result", None),
    }


def tab_to(page, selector, limit=12):
    """Press Tab until the element matching selector has the focus; fails if it never gets it."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("s => document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"{selector} never got the focus with Tab")


def announced_state(page):
    """(name, expanded) of the focused control as Chromium tells a screen reader (its accessibility tree)."""
    cdp = page.context.new_cdp_session(page)
    try:
        node = cdp.send("DOM.describeNode", {"objectId": focused_object(cdp)})["node"]
        ax = cdp.send("Accessibility.getPartialAXTree", {"backendNodeId": node["backendNodeId"]})["nodes"][0]
    finally:
        cdp.detach()
    states = {p["name"]: p["value"].get("value") for p in ax.get("properties", [])}
    return ax["name"]["value"], states.get("expanded")


def focused_object(cdp):
    return cdp.send("Runtime.evaluate", {"expression": "document.activeElement"})["result"]["objectId"]


@pytest.mark.parametrize(
    "kind", ["forside", "artikel", "aktiviteter", "måned", "aktivitet", "avisarkiv", "avisnummer", "søg"]
)
def test_first_screen_on_a_phone_shows_the_headline_and_the_menu_opens_by_keyboard(
    phone, served_site, pages, kind
):
    url, first_content, current = pages[kind]
    phone.goto(f"{served_site}/{url}")
    phone.locator(first_content).first.wait_for()
    assert phone.locator("h1").evaluate("h => h.getBoundingClientRect().top") <= H1_LIMIT
    assert (
        phone.locator(first_content).first.evaluate("e => e.getBoundingClientRect().bottom") <= FIRST_SCREEN
    )
    assert phone.evaluate("document.documentElement.scrollWidth") <= 375
    menu_links = phone.locator(".site-nav a")
    assert not menu_links.first.is_visible()
    assert run_axe(phone) == []

    # Keyboard alone: Tab to "Menu" (announced as collapsed), open it, Tab through every link in order.
    tab_to(phone, ".site-menu > summary")
    summary = phone.locator(".site-menu > summary")
    assert summary.inner_text().strip() == "Menu"
    assert announced_state(phone) == ("Menu", False)
    phone.keyboard.press("Enter")
    assert announced_state(phone) == ("Menu", True)
    hrefs = menu_links.evaluate_all("links => links.map(a => a.href)")
    reached = []
    for _ in hrefs:
        phone.keyboard.press("Tab")
        reached.append(phone.evaluate("document.activeElement.href"))
        assert phone.evaluate("document.activeElement.getBoundingClientRect().bottom") <= FIRST_SCREEN
    assert reached == hrefs and len(hrefs) >= 6
    assert run_axe(phone) == []

    marked = phone.locator(".site-nav a[aria-current]")
    if current:
        assert marked.count() == 1
        assert marked.get_attribute("href") == f"/{current[0]}"
        assert marked.get_attribute("aria-current") == current[1]


def test_the_search_page_holds_still_while_pagefind_loads(phone, served_site):
    """From the first paint to the shown results nothing on the screen moves (layout shift ≈ 0)."""
    phone.goto(f"{served_site}/soeg/?q={SEARCH_WORD}")
    phone.locator(".pagefind-ui__result-link").first.wait_for()
    assert phone.evaluate(LAYOUT_SHIFTS) <= 0.01
    assert phone.locator("#soeg-uden-javascript").is_hidden()
    assert 'name="robots" content="noindex"' in phone.content()


@pytest.fixture(scope="module")
def served_preview(calendar_site):
    """A build without the search index (as a preview has before `invoke search-index`), on loopback."""
    handler = functools.partial(_QuietHandler, directory=str(calendar_site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_without_the_search_index_the_search_page_shows_the_links(phone, served_preview):
    """JavaScript on but no Pagefind files: the links that are hidden for Pagefind come back."""
    phone.goto(f"{served_preview}/soeg/?q={SEARCH_WORD}")
    archive = phone.locator("#soeg-uden-javascript").get_by_role("link", name="Alle nyheder i arkivet")
    archive.wait_for()
    assert phone.locator("h1").evaluate("h => h.getBoundingClientRect().top") <= H1_LIMIT
    assert run_axe(phone) == []


def test_without_javascript_the_menu_still_opens_and_search_shows_its_links(browser, served_site):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 375, "height": 812})
    page = context.new_page()
    page.goto(f"{served_site}/soeg/?q={SEARCH_WORD}")
    assert page.locator("#soeg-uden-javascript a").first.is_visible()
    contact = page.locator(".site-nav").get_by_role("link", name="Kontakt")
    assert not contact.is_visible()
    page.get_by_text("Menu", exact=True).click()
    assert contact.is_visible()
    context.close()


def test_at_desktop_width_the_menu_is_an_open_bar_without_the_control(browser, served_site):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(f"{served_site}/")
    assert not page.locator(".site-menu > summary").is_visible()
    links = page.locator(".site-nav a")
    assert links.count() >= 6 and all(links.nth(i).is_visible() for i in range(links.count()))
    tab_to(page, ".site-nav a")  # the links take the focus without opening anything
    assert run_axe(page) == []

    # An area's page is in the section "Områder": its menu link says so to a screen reader.
    page.get_by_role("link", name="Områder").click()
    assert page.locator(".site-nav a[aria-current=page]").inner_text() == "Områder"
    page.locator("main .index-list a").first.click()
    page.wait_for_load_state()
    assert page.locator(".site-nav a[aria-current=true]").inner_text() == "Områder"
    context.close()
