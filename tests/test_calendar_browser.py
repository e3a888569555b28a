"""The calendar in Chromium: the month page by keyboard alone, and axe-core on every kind of page."""

import functools
import http.server
import re
import threading

import pytest
from playwright.sync_api import expect

from conftest import run_axe


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def served(calendar_site):
    output = calendar_site
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(_Quiet, directory=str(output))
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture(params=[(375, 812), (1280, 900)], ids=["phone", "desktop"])
def page(browser, request):
    # axe-core is injected as an inline script, which our Content-Security-Policy rightly blocks.
    width, height = request.param
    context = browser.new_context(
        viewport={"width": width, "height": height}, locale="da-DK", bypass_csp=True
    )
    yield context.new_page()
    context.close()


def tab_to(page, text, limit=150):
    """Press Tab until the focused element's text contains text; returns how many presses it took."""
    for presses in range(1, limit + 1):
        page.keyboard.press("Tab")
        if text in page.evaluate("document.activeElement.textContent || ''"):
            return presses
    raise AssertionError(f"{text!r} cannot be reached with Tab")


def test_month_page_works_with_the_keyboard_alone(page, served):
    page.goto(served + "/aktiviteter/2026/12/")
    tab_to(page, "Julefest for naboerne")  # the cell of 5 December in the table
    assert page.evaluate("document.activeElement.closest('td') !== null")
    page.keyboard.press("Enter")
    # The jump to the day's list is a navigation too: wait for it (on a busy machine it is not instant).
    expect(page).to_have_url(re.compile(r"#dag-2026-12-05$"))
    expect(page.locator("#dag-2026-12-05")).to_be_visible()
    # Onwards from the day's list to the activity itself.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Julefest for naboerne"
    page.keyboard.press("Enter")
    page.wait_for_url("**/aktiviteter/julefest-for-naboer/")
    assert page.locator("h1").inner_text() == "Julefest for naboerne"
    page.go_back()
    page.goto(served + "/aktiviteter/2026/12/")
    tab_to(page, "Næste måned")
    page.keyboard.press("Enter")
    page.wait_for_url("**/aktiviteter/2027/01/")
    assert page.locator("h1").inner_text() == "Aktiviteter i januar 2027"


def test_focus_is_always_visible_in_the_month_table(page, served):
    page.goto(served + "/aktiviteter/2026/12/")
    tab_to(page, "Babycafé")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline == "solid"


@pytest.mark.parametrize(
    "path",
    [
        "/aktiviteter/",
        "/aktiviteter/2026/12/",
        "/aktiviteter/babycafe/",
        "/aktiviteter/omraade/sundhed/",
        "/",
    ],
)
def test_calendar_pages_pass_axe_and_fit_the_screen(page, served, path):
    page.goto(served + path)
    assert run_axe(page) == []
    width = page.viewport_size["width"]
    assert page.evaluate("document.documentElement.scrollWidth") <= width
