"""A resident on a phone: real Chromium at 375 px, following links, checked by axe-core."""

from conftest import run_axe


def test_home_and_article_on_a_phone_are_accessible(phone, served_site):
    phone.goto(served_site + "/")
    assert phone.locator("h1").first.inner_text() == "Seneste nyt fra Randers Nordby"
    # Nothing wider than the phone: no sideways scrolling.
    assert phone.evaluate("document.documentElement.scrollWidth") <= 375
    assert run_axe(phone) == []

    first = phone.locator(".teaser-title a").first
    title = first.inner_text()
    first.click()
    phone.wait_for_load_state()
    assert "/nyheder/" in phone.url  # the newest article, whatever its year
    assert phone.locator("h1").inner_text() == title
    assert phone.evaluate("document.documentElement.scrollWidth") <= 375
    assert run_axe(phone) == []

    phone.locator(".byline a").first.click()
    phone.wait_for_load_state()
    assert "/forfatter/" in phone.url
    assert run_axe(phone) == []


def test_skip_link_is_the_first_stop_and_moves_focus_to_main(phone, served_site):
    phone.goto(served_site + "/arkiv/")
    phone.keyboard.press("Tab")
    focused = phone.evaluate("document.activeElement.textContent")
    assert focused == "Gå til indholdet"
    assert phone.locator(".skip-link").evaluate("e => e.getBoundingClientRect().top >= 0")
    phone.keyboard.press("Enter")
    assert phone.evaluate("document.activeElement.id") == "indhold"


def test_site_reads_without_javascript_and_asks_no_other_host(browser, served_site):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 320, "height": 700})
    page = context.new_page()
    hosts = set()
    page.on("request", lambda request: hosts.add(request.url.split("/")[2]))
    page.goto(served_site + "/")
    assert page.locator(".teaser-title a").count() >= 5
    assert hosts == {served_site.split("/")[2]}
    context.close()
