"""What search and precompression add to a build: Pagefind's time and index size, gzip's time.

Run: .venv/bin/python bench/search.py [--articles 2000]
Builds the synthetic site of bench/build.py with the production settings, then times the two
finishing steps of plugins/nordby_hosting again on that output, and sizes the index.
"""

import argparse
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "bench" / ".work" / "search"
# The script's own folder is not on the path: bench/calendar.py would shadow the standard library's
# calendar module, which Pelican and dateutil import. Sibling scripts are imported as bench.NAME.
sys.path[0] = str(ROOT)
sys.path.insert(1, str(ROOT / "plugins"))
from nordby_hosting.compress import precompress  # noqa: E402
from nordby_hosting.search import build_index  # noqa: E402

from bench.build import make_content  # noqa: E402


def size(paths):
    return sum(p.stat().st_size for p in paths if p.is_file())


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=2000)
    args = parser.parse_args()
    shutil.rmtree(WORK, ignore_errors=True)
    make_content(WORK / "content", args.articles)
    site = WORK / "site"
    cmd = [sys.executable, "-m", "pelican", str(WORK / "content"), "-o", str(site), "-s", "publishconf.py"]
    started = time.perf_counter()
    subprocess.run([*cmd, "-e", f'CACHE_PATH="{WORK / "cache"}"'], cwd=ROOT, check=True, capture_output=True)
    whole = time.perf_counter() - started

    shutil.rmtree(site / "pagefind")
    index_seconds = build_index(site, "da", WORK / "cache")
    for gz in site.rglob("*.gz"):
        gz.unlink()
    started = time.perf_counter()
    count = precompress(site, ("html", "css", "js", "xml", "ics", "json", "svg", "txt"))
    gzip_seconds = time.perf_counter() - started

    pagefind = site / "pagefind"
    index = size([*pagefind.glob("index/*"), *pagefind.glob("fragment/*"), *pagefind.glob("*.pf_meta")])
    print(f"articles:                     {args.articles}")
    print(f"whole production build:       {whole:6.2f} s")
    print(f"  of which Pagefind index:    {index_seconds:6.2f} s")
    print(f"  of which .gz copies:        {gzip_seconds:6.2f} s ({count} files)")
    print(
        f"index (index, fragments, meta): {index / 1024:8.1f} KB in {len(list(pagefind.rglob('*.pf_*')))} files"
    )
    print(
        f"whole pagefind/ folder:       {size(pagefind.rglob('*')) / 1024:8.1f} KB (UI, wasm and .gz included)"
    )


if __name__ == "__main__":
    main()
