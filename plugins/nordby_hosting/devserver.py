"""The development servers answer an unknown address with the site's own Danish 404 page, as nginx does."""

import hashlib
import http.server
from pathlib import Path

NOT_FOUND_PAGE = "404.html"  # DIRECT_TEMPLATES writes it; deploy/nginx-site.conf serves it the same way
FALLBACK = "<!doctype html><html lang=da><meta charset=utf-8><title>Siden findes ikke</title><h1>Siden findes ikke</h1>"


def not_found_body(root):
    """The built 404 page, or a short Danish page when the site is not built yet."""
    try:
        return (Path(root) / NOT_FOUND_PAGE).read_bytes()
    except OSError:
        return FALLBACK.encode()


class SiteHandler(http.server.SimpleHTTPRequestHandler):
    """A static file server for output/ (`./dev preview --vis`) with the Danish 404 page."""

    def send_error(self, code, message=None, explain=None):
        if code != 404:
            return super().send_error(code, message, explain)
        body = not_found_body(self.directory)
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)
        return None

    def log_message(self, format, *args):
        pass  # one line per request would bury the build's messages


def livereload_handler():
    """Tornado's static file handler with the Danish 404 page (imported only by the serve task)."""
    from tornado.web import StaticFileHandler  # noqa: PLC0415 - tornado only when serving

    class DanishNotFound(StaticFileHandler):
        # Each file is read once per request: a rebuild may replace it meanwhile, and Tornado would
        # otherwise send the new file's bytes under the old file's length (and keep its first ETag
        # for good, so a browser could be told a rebuilt page was not modified).
        def _body(self):
            if getattr(self, "_read", None) is None:
                self._read = Path(self.absolute_path).read_bytes()
            return self._read

        def get_content_size(self):
            return len(self._body())

        def get_content(self, abspath, start=None, end=None):
            return self._body()[start:end]

        def compute_etag(self):
            return f'"{hashlib.sha1(self._body(), usedforsecurity=False).hexdigest()}"'

        def write_error(self, status_code, **kwargs):
            if status_code != 404:
                return super().write_error(status_code, **kwargs)
            self.set_header("Content-Type", "text/html; charset=utf-8")
            return self.finish(not_found_body(self.root))

    return DanishNotFound
