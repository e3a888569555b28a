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
