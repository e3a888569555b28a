"""Run the shipped nginx site on loopback for tests and benchmarks: same file, own root and port."""

import os
import re
import socket
import subprocess
import tempfile
import time
import urllib.request
from pathlib import Path

SITE_CONF = Path(__file__).with_name("nginx-site.conf")
NGINX = os.environ.get("NGINX", "/usr/sbin/nginx")
MAIN_CONF = """\
{user}
daemon off;
worker_processes 1;
pid {tmp}/nginx.pid;
error_log {tmp}/error.log warn;
events {{ worker_connections 64; }}
http {{
    access_log off;
    client_body_temp_path {tmp}/body;
    proxy_temp_path {tmp}/proxy;
    fastcgi_temp_path {tmp}/fastcgi;
    uwsgi_temp_path {tmp}/uwsgi;
    scgi_temp_path {tmp}/scgi;
    include {tmp}/site.conf;
}}
"""


def free_port():
    """A TCP port on loopback that nobody listens on right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# Test only: trust X-Forwarded-For from 127.0.0.1, so a test can show the log map any address.
TRUST_LOOPBACK_PROXY = "    set_real_ip_from 127.0.0.1;\n    real_ip_header X-Forwarded-For;\n"


def site_config(root, port, text=None, access_log=None, trust_proxy=False):
    """The shipped site configuration, listening on 127.0.0.1:port, serving root, logging to access_log."""
    text = SITE_CONF.read_text(encoding="utf-8") if text is None else text
    text = re.sub(r"^\s*listen \[::\].*\n", "", text, flags=re.M)
    text = re.sub(r"^(\s*)listen \d+;", rf"\g<1>listen 127.0.0.1:{port};", text, flags=re.M)
    if access_log:
        text = re.sub(r"^(\s*access_log) \S+", rf"\g<1> {access_log}", text, flags=re.M)
    if trust_proxy:
        text = re.sub(r"^(\s*root [^;]+;\n)", rf"\g<1>{TRUST_LOOPBACK_PROXY}", text, count=1, flags=re.M)
    return re.sub(r"^(\s*)root [^;]+;", rf"\g<1>root {root};", text, flags=re.M)


class LocalNginx:
    """nginx in the foreground with a private prefix; use as a context manager."""

    def __init__(self, root, port=None, access_log=None, trust_proxy=False):
        # absolute, not resolved: a `current` symlink must be followed anew on every request.
        self.root, self.port = Path(root).absolute(), port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.tmp = Path(tempfile.mkdtemp(prefix="nordby-nginx-"))
        # The shipped path is /var/log/nginx/...; here the visitor log stays in the private prefix.
        self.access_log = Path(access_log) if access_log else self.tmp / "access.log"
        self.trust_proxy = trust_proxy

    def __enter__(self):
        # As root, nginx's workers would drop to `nobody`, who cannot read a private tmp folder.
        user = "user root;" if os.geteuid() == 0 else ""
        (self.tmp / "site.conf").write_text(
            site_config(self.root, self.port, access_log=self.access_log, trust_proxy=self.trust_proxy),
            encoding="utf-8",
        )
        (self.tmp / "nginx.conf").write_text(MAIN_CONF.format(tmp=self.tmp, user=user), encoding="utf-8")
        conf = str(self.tmp / "nginx.conf")
        subprocess.run([NGINX, "-t", "-q", "-p", str(self.tmp), "-c", conf], check=True)
        self.process = subprocess.Popen([NGINX, "-p", str(self.tmp), "-c", conf])
        self._wait_until_up()
        return self

    def _wait_until_up(self, seconds=10):
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(self.url + "/404.html", timeout=1).close()
                return
            except urllib.error.HTTPError:
                return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError(f"nginx svarer ikke på {self.url}: {self.error_log()}")

    def error_log(self):
        log = self.tmp / "error.log"
        return log.read_text(encoding="utf-8") if log.exists() else ""

    def __exit__(self, *exc):
        self.process.terminate()
        self.process.wait(timeout=10)
