"""The search index: Pagefind (the binary from the pagefind-bin wheel) over the built HTML."""

import hashlib
import logging
import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

from pagefind_bin import get_executable

logger = logging.getLogger(__name__)
BUNDLE = "pagefind"


def index_language(settings):
    """The language to force on every page, or None for a site in several languages (NORDBY_LANGUAGES):
    then Pagefind builds one index per language from each page's <html lang>, and the search page
    of a language searches only that language's pages."""
    several = len(settings.get("NORDBY_LANGUAGES") or ()) > 1
    return None if several else settings["HOSTING_SEARCH_LANGUAGE"]


def build_index(output, language, cache_path):
    """Index every page marked data-pagefind-body into output/pagefind/; returns seconds taken.

    `language` forces one language on every page; None gives one index per page language.

    Skipped (returns None) when no HTML file changed since the last index of this folder. The new index is
    written beside the old one and then swapped in, so no stale index files pile up.
    """
    started = time.perf_counter()
    output = Path(output)
    stamp_file = (
        Path(cache_path) / "search" / (hashlib.sha256(str(output.resolve()).encode()).hexdigest()[:16])
    )
    stamp = _html_stamp(output)
    if (output / BUNDLE).is_dir() and _read(stamp_file) == stamp:
        logger.info("Søgeindekset er uændret (ingen sider er ændret)")
        return None
    for leftover in output.glob(".pagefind-*"):  # from a build that was stopped half-way
        shutil.rmtree(leftover, ignore_errors=True)
    fresh = Path(tempfile.mkdtemp(prefix=".pagefind-", dir=output))
    try:
        _run_pagefind(output, fresh, language)
        _swap(fresh, output / BUNDLE)
    finally:
        shutil.rmtree(fresh, ignore_errors=True)
    stamp_file.parent.mkdir(parents=True, exist_ok=True)
    stamp_file.write_text(stamp, encoding="utf-8")
    seconds = time.perf_counter() - started
    logger.info("Søgeindeks bygget i %.2f s", seconds)
    return seconds


def _run_pagefind(site, bundle, language):
    cmd = [str(get_executable()), "--site", str(site), "--output-path", str(bundle), "--silent"]
    if language:  # else Pagefind indexes each language apart, from the page's <html lang>
        cmd += ["--force-language", language]
    result = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise SystemExit(f"Søgeindekset kunne ikke bygges (Pagefind):\n{result.stdout}{result.stderr}")


def _swap(fresh, target):
    old = target.with_name(f".{BUNDLE}-old")
    shutil.rmtree(old, ignore_errors=True)
    if target.exists():
        target.rename(old)
    fresh.rename(target)
    shutil.rmtree(old, ignore_errors=True)


def _html_stamp(output):
    """Name, size and date of every HTML file: what Pagefind reads."""
    digest = hashlib.blake2b(digest_size=16)
    for folder, dirs, names in os.walk(output):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(n for n in names if n.endswith(".html")):
            stat = os.stat(os.path.join(folder, name))
            digest.update(f"{folder}/{name}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()


def _read(path):
    try:
        return path.read_text(encoding="utf-8")
    except OSError:
        return None
