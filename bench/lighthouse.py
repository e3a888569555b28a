"""Lighthouse (mobile) on the production build served by the shipped nginx configuration.

Run: .venv/bin/python bench/lighthouse.py
Builds with publishconf.py into bench/.work/lighthouse/, serves it with deploy/nginx-site.conf on a
free loopback port, runs npm's lighthouse (package.json) with Debian's Chromium on the home page, an
article, the search page with a query and, when the calendar is built, its page; prints the scores against the targets and the
home page's weight before images. Exits 1 when a target is missed.
"""

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "bench" / ".work" / "lighthouse"
sys.path.insert(0, str(ROOT / "deploy"))
from nginx_local import LocalNginx, free_port  # noqa: E402

LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
TARGETS = {"performance": 95, "accessibility": 100, "best-practices": 95, "seo": 95}
# The search page asks search engines not to index it (noindex): its SEO score is not a target.
NOT_TARGETS = {"søg": {"seo"}}
HOME_LIMIT_BYTES = 60 * 1024  # the home page before images, compressed as sent
CALENDAR_CANDIDATES = ("kalender/", "aktiviteter/")


def build(port):
    """The production build, with the local server as its SITEURL (canonical links must match)."""
    shutil.rmtree(WORK, ignore_errors=True)
    env = {**os.environ, "SITEURL": f"http://127.0.0.1:{port}"}
    cmd = [sys.executable, "-m", "pelican", "-s", "publishconf.py", "-o", str(WORK / "site")]
    subprocess.run([*cmd, "-e", f'CACHE_PATH="{WORK / "cache"}"'], cwd=ROOT, env=env, check=True)
    return WORK / "site"


def pages(site, base):
    """(name, url) of the pages to audit: home, one article, search, and the calendar if built."""
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    article = max(re.findall(r"<loc>([^<]+/nyheder/\d{4}/[^/<]+/)</loc>", sitemap))
    found = [("forside", base + "/"), ("artikel", article), ("søg", f"{base}/soeg/?q=babycafé")]
    calendar = next((c for c in CALENDAR_CANDIDATES if (site / c / "index.html").is_file()), None)
    if calendar:
        found.append(("kalender", f"{base}/{calendar}"))
    return found


def audit(name, url):
    """Lighthouse's JSON report for one page (mobile form factor and throttling, its defaults)."""
    report = WORK / f"{name}.json"
    flags = "--headless=new --no-sandbox --disable-gpu"
    cmd = [
        str(LIGHTHOUSE),
        url,
        "--quiet",
        "--output=json",
        f"--output-path={report}",
        f"--chrome-flags={flags}",
    ]
    cmd.append("--only-categories=" + ",".join(TARGETS))
    env = {**os.environ, "CHROME_PATH": os.environ.get("CHROME_PATH", "/usr/bin/chromium")}
    subprocess.run(cmd, env=env, check=True)
    return json.loads(report.read_text(encoding="utf-8"))


def weight_before_images(report):
    """Bytes sent for everything but images, as Lighthouse saw them on the wire."""
    requests = report["audits"]["network-requests"]["details"]["items"]
    return sum(r.get("transferSize", 0) for r in requests if r.get("resourceType") != "Image")


def flagged(report):
    """The audits that lost points, so the theme can be fixed."""
    refs = [ref for cat in report["categories"].values() for ref in cat["auditRefs"] if ref["weight"] > 0]
    return sorted({r["id"] for r in refs if (report["audits"][r["id"]].get("score") or 0) < 1})


def main():
    port = free_port()
    site = build(port)
    missed = []
    with LocalNginx(site, port) as nginx:
        for name, url in pages(site, nginx.url):
            report = audit(name, url)
            scores = {k: round(100 * report["categories"][k]["score"]) for k in TARGETS}
            print(f"{name:9} {url}\n          " + "  ".join(f"{k} {v}" for k, v in scores.items()))
            exempt = NOT_TARGETS.get(name, set())
            missed += [
                f"{name}: {k} {v} < {TARGETS[k]}"
                for k, v in scores.items()
                if v < TARGETS[k] and k not in exempt
            ]
            if flagged(report):
                print("          not full marks: " + ", ".join(flagged(report)))
            if name == "forside":
                weight = weight_before_images(report)
                print(f"          home page before images: {weight / 1024:.1f} KB (limit 60 KB)")
                if weight > HOME_LIMIT_BYTES:
                    missed.append(f"forside: {weight} bytes > {HOME_LIMIT_BYTES}")
    print("\n".join(missed) if missed else "All targets met.")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
