"""`./dev serve`: one warm process that rebuilds on every save and reloads the open pages.

Why not the livereload package: it injects an inline script that the site's Content-Security-Policy
blocks, looks for changes every 800 ms, reloads at most every 3 s, and builds in the thread that
serves the pages. Here watchfiles reports a save at once, the build runs beside the server with
everything imported once, and the pages load /_live/reload.js, which listens for "reload".
An open page reloads as soon as the build has written it anew and everything it loads is on disk,
as Hugo's fast render does; the other open pages reload when the build ends.
The paper is laid out in the background meanwhile (plugins/nordbyposten/background.py).
"""

import asyncio
import logging
import os
import re
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import ClassVar

import watchfiles
from pelican import signals
from tornado import httpserver, netutil, web

from .devserver import livereload_handler

logger = logging.getLogger(__name__)
HERE = Path(__file__).resolve().parent
SCRIPT = b'<script src="/_live/reload.js" defer></script>'
POLL_SECONDS = 0.25  # how often the server asks whether the paper in the background is ready
# What a page loads from the site itself (photos, stylesheets, scripts): root-relative addresses.
LOADED = re.compile(rb'(?:src|srcset)="(/[^/"][^"]*)"|<link[^>]+href="(/[^/"][^"]*\.css)"')


class InjectReload(web.OutputTransform):
    """Adds the reload script to every HTML page the server sends."""

    def transform_first_chunk(self, status_code, headers, chunk, finishing):
        if "html" in headers.get("Content-Type", "") and b"</head>" in chunk:
            chunk = chunk.replace(b"</head>", SCRIPT + b"</head>", 1)
            if "Content-Length" in headers:
                headers["Content-Length"] = str(int(headers["Content-Length"]) + len(SCRIPT))
        return status_code, headers, chunk


class ReloadEvents(web.RequestHandler):
    """Server-sent events: each open page waits here, says which page it is, and reloads on "reload"."""

    clients: ClassVar[set] = set()

    async def get(self):
        self.set_header("Content-Type", "text/event-stream")
        self.set_header("Cache-Control", "no-store")
        self.page = page_file(self.get_argument("page", ""))
        self.opened = time.monotonic()
        self.gone = asyncio.Event()
        ReloadEvents.clients.add(self)
        self.write("retry: 500\n\n")  # after a restart, the page reconnects within half a second
        await self.flush()
        await self.gone.wait()

    def on_connection_close(self):
        ReloadEvents.clients.discard(self)
        self.gone.set()

    @classmethod
    def reload(cls, opened_before, pages=()):
        """Reload the open pages opened before a moment (None: none for that) and these pages."""
        for client in list(cls.clients):
            if (opened_before is not None and client.opened < opened_before) or client.page in pages:
                client.write("data: reload\n\n")
                client.flush()


def page_file(address):
    """The file under the site's root that a page's address is served from."""
    name = address.split("?")[0].lstrip("/")
    return name + "index.html" if not name or name.endswith("/") else name


def loads_all(root, page):
    """True when every photo, stylesheet and script the page loads from the site is on disk."""
    try:
        html = (root / page).read_bytes()
    except OSError:
        return False
    for found in LOADED.finditer(html):
        for address in (found[1] or found[2]).split(b","):
            path = address.strip().split(b" ")[0].split(b"?")[0].decode("utf-8", "replace")
            if not (root / path.lstrip("/")).is_file():
                return False
    return True


class ReloadScript(web.RequestHandler):
    def get(self):
        self.set_header("Content-Type", "text/javascript; charset=utf-8")
        self.set_header("Cache-Control", "no-store")
        self.write((HERE / "reload.js").read_bytes())


def application(root):
    """The site in root with the Danish 404 page, the reload script and its events."""
    return web.Application(
        [
            (r"/_live/reload\.js", ReloadScript),
            (r"/_live/events", ReloadEvents),
            (r"/(.*)", livereload_handler(), {"path": str(root), "default_filename": "index.html"}),
        ],
        transforms=[InjectReload],
        log_function=lambda handler: None,  # one line per request would bury the build's messages
        compress_response=False,
    )


class LiveServer:
    """Serves root, builds on every change under watched, one build at a time, and reloads the pages.

    build() builds the site and returns normally or raises SystemExit (a content error, shown);
    ready() returns what finished in the background (another build is then made), stop() ends what
    runs there; code is the folders whose Python changes restart the whole process (a module cannot
    be loaded twice); on_start runs once after the first good build.
    """

    def __init__(self, root, watched, build, *, ready=lambda: (), stop=lambda: None, code=(), on_start=None):
        self.root, self.watched, self.code = Path(root), [str(p) for p in watched], [Path(p) for p in code]
        self._build, self.ready, self.stop, self.on_start = build, ready, stop, on_start
        self.worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="build")
        self.wanted = asyncio.Event()
        self.started = None  # the running build's start, by the clock of the files' dates (ns)
        self.waiting = set()  # pages the build wrote before what they load
        signals.content_written.connect(self.written, weak=False)

    def serve(self, host, port):
        asyncio.run(self._serve(host, port))

    async def _serve(self, host, port):
        sockets = netutil.bind_sockets(port, host)
        httpserver.HTTPServer(application(self.root)).add_sockets(sockets)
        self.loop = asyncio.get_running_loop()
        self.port = sockets[0].getsockname()[1]
        self.wanted.set()  # the first build
        watching = asyncio.create_task(self._watch())
        try:
            await self._builds()
        finally:
            watching.cancel()

    async def _watch(self):
        async for changes in watchfiles.awatch(*self.watched, step=20, debounce=400):
            if any(Path(path).suffix == ".py" and self._is_code(path) for _change, path in changes):
                self.restart()
            self.wanted.set()

    def _is_code(self, path):
        return any(Path(path).is_relative_to(folder.resolve()) for folder in self.code)

    async def _builds(self):
        loop = asyncio.get_running_loop()
        first = True
        while True:
            try:
                await asyncio.wait_for(self.wanted.wait(), POLL_SECONDS)
            except TimeoutError:
                ready = await loop.run_in_executor(self.worker, self.ready)
                if not ready:
                    continue
                print(f"Nordbyposten {', '.join(ready)} er sat igen.", flush=True)
            self.wanted.clear()
            started, self.waiting = time.monotonic(), set()
            if await loop.run_in_executor(self.worker, self.build) and first and self.on_start:
                await loop.run_in_executor(self.worker, self.on_start)
            first = False
            # A page opened during the build shows the new site (or was reloaded when it was written),
            # unless it was written before what it loads.
            ReloadEvents.reload(started, self.waiting)

    def written(self, path, context=None):
        """Pelican wrote a page (in the build's thread): reload it where it is open, if it changed."""
        path, site = Path(path).resolve(), self.root.resolve()
        try:
            # The file system's clock may lag a little: a page written at once may look older and
            # then reloads when the build ends, as every other open page does.
            changed = self.started is not None and path.stat().st_mtime_ns >= self.started
        except OSError:
            return
        if changed and path.is_relative_to(site):
            page = path.relative_to(site).as_posix()
            if loads_all(site, page):
                self.loop.call_soon_threadsafe(ReloadEvents.reload, None, {page})
            else:
                self.waiting.add(page)  # reloaded when the build ends

    def build(self):
        """One build; a content error is printed and the server goes on with the last good site."""
        self.started = time.time_ns()  # a page the build keeps as it was is older than this
        try:
            self._build()
        except SystemExit as stop:
            if stop.code not in (0, None):
                print(stop.code, file=sys.stderr)
                return False
        finally:
            self.started = None
        return True

    def restart(self):
        """Plugin code changed: start this command again in a fresh process (same port, same page)."""
        print("Koden i plugins/ er ændret: serveren starter forfra.", flush=True)
        self.stop()
        os.execv(sys.executable, [sys.executable, *sys.argv])
