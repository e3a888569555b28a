"""`./dev serve`: one warm process that rebuilds on every save and reloads the open pages.

Why not the livereload package: it injects an inline script that the site's Content-Security-Policy
blocks, looks for changes every 800 ms, reloads at most every 3 s, and builds in the thread that
serves the pages. Here watchfiles reports a save at once, the build runs beside the server with
everything imported once, and the pages load /_live/reload.js, which listens for "reload".
The paper is laid out in the background meanwhile (plugins/nordbyposten/background.py).
"""

import asyncio
import logging
import os
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import ClassVar

import watchfiles
from tornado import httpserver, netutil, web

from .devserver import livereload_handler

logger = logging.getLogger(__name__)
HERE = Path(__file__).resolve().parent
SCRIPT = b'<script src="/_live/reload.js" defer></script>'
POLL_SECONDS = 0.25  # how often the server asks whether the paper in the background is ready


class InjectReload(web.OutputTransform):
    """Adds the reload script to every HTML page the server sends."""

    def transform_first_chunk(self, status_code, headers, chunk, finishing):
        if "html" in headers.get("Content-Type", "") and b"</head>" in chunk:
            chunk = chunk.replace(b"</head>", SCRIPT + b"</head>", 1)
            if "Content-Length" in headers:
                headers["Content-Length"] = str(int(headers["Content-Length"]) + len(SCRIPT))
        return status_code, headers, chunk


class ReloadEvents(web.RequestHandler):
    """Server-sent events: each open page waits here and reloads on "reload"."""

    clients: ClassVar[set] = set()

    async def get(self):
        self.set_header("Content-Type", "text/event-stream")
        self.set_header("Cache-Control", "no-store")
        self.gone = asyncio.Event()
        ReloadEvents.clients.add(self)
        self.write("retry: 500\n\n")  # after a restart, the page reconnects within half a second
        await self.flush()
        await self.gone.wait()

    def on_connection_close(self):
        ReloadEvents.clients.discard(self)
        self.gone.set()

    @classmethod
    def reload(cls):
        for client in list(cls.clients):
            client.write("data: reload\n\n")
            client.flush()


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

    def serve(self, host, port):
        asyncio.run(self._serve(host, port))

    async def _serve(self, host, port):
        sockets = netutil.bind_sockets(port, host)
        httpserver.HTTPServer(application(self.root)).add_sockets(sockets)
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
            if await loop.run_in_executor(self.worker, self.build) and first and self.on_start:
                await loop.run_in_executor(self.worker, self.on_start)
            first = False
            ReloadEvents.reload()

    def build(self):
        """One build; a content error is printed and the server goes on with the last good site."""
        try:
            self._build()
        except SystemExit as stop:
            if stop.code not in (0, None):
                print(stop.code, file=sys.stderr)
                return False
        return True

    def restart(self):
        """Plugin code changed: start this command again in a fresh process (same port, same page)."""
        print("Koden i plugins/ er ændret: serveren starter forfra.", flush=True)
        self.stop()
        os.execv(sys.executable, [sys.executable, *sys.argv])
