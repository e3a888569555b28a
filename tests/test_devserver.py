"""The development servers answer an unknown address with the site's Danish 404 page, with status 404."""

import asyncio
import functools
import threading
import urllib.error
import urllib.request
from http.server import ThreadingHTTPServer

import pytest
from nordby_hosting.devserver import SiteHandler, livereload_handler
from tornado import httpserver, netutil, web

PAGE = "<!doctype html><html lang=da><title>Siden findes ikke</title><h1>Vi kan ikke finde siden</h1></html>"


@pytest.fixture
def built(tmp_path):
    (tmp_path / "index.html").write_text("<h1>Forsiden</h1>", encoding="utf-8")
    (tmp_path / "404.html").write_text(PAGE, encoding="utf-8")
    return tmp_path


def fetch(url):
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8")


def test_the_static_server_answers_unknown_addresses_with_the_danish_page(built):
    handler = functools.partial(SiteHandler, directory=str(built))
    with ThreadingHTTPServer(("127.0.0.1", 0), handler) as server:
        threading.Thread(target=server.serve_forever, daemon=True).start()
        base = f"http://127.0.0.1:{server.server_address[1]}"
        assert fetch(base + "/") == (200, "<h1>Forsiden</h1>")
        assert fetch(base + "/findes/ikke/") == (404, PAGE)
        server.shutdown()


def test_the_livereload_server_answers_unknown_addresses_with_the_danish_page(built):
    ready, port = threading.Event(), []

    def run():
        loop = asyncio.new_event_loop()
        asyncio.set_event_loop(loop)
        app = web.Application(
            [(r"/(.*)", livereload_handler(), {"path": str(built), "default_filename": "index.html"})]
        )
        sockets = netutil.bind_sockets(0, "127.0.0.1")
        httpserver.HTTPServer(app).add_sockets(sockets)
        port.append(sockets[0].getsockname()[1])
        ready.set()
        loop.run_forever()

    threading.Thread(target=run, daemon=True).start()
    assert ready.wait(10)
    status, body = fetch(f"http://127.0.0.1:{port[0]}/findes/ikke.html")
    assert (status, body) == (404, PAGE)


def test_a_page_reloads_early_only_once_everything_it_loads_is_written(tmp_path):
    """`./dev serve` reloads an open page as soon as the build has written it, unless a photo or
    stylesheet it loads is not written yet: the page would show a broken image until the next save."""
    from nordby_hosting.liveserver import loads_all, page_file  # noqa: PLC0415 - tornado only when serving

    page = tmp_path / "nyheder" / "2026" / "ny" / "index.html"
    page.parent.mkdir(parents=True)
    page.write_text(
        '<link rel="stylesheet" href="/theme/css/site.abc.css"><img src="/billeder/ny-480.jpg" '
        'srcset="/billeder/ny-480.jpg 480w, /billeder/ny-960.jpg 960w"><a href="/findes/ikke/">link</a>',
        encoding="utf-8",
    )
    assert page_file("/nyheder/2026/ny/") == "nyheder/2026/ny/index.html"
    assert page_file("/") == "index.html"
    for name in ("theme/css/site.abc.css", "billeder/ny-480.jpg"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_bytes(b"x")
    assert not loads_all(tmp_path, "nyheder/2026/ny/index.html")  # the 960 px photo is missing
    (tmp_path / "billeder" / "ny-960.jpg").write_bytes(b"x")
    assert loads_all(tmp_path, "nyheder/2026/ny/index.html")  # a link to a page is not loaded with it
