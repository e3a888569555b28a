"""Precompressed copies: file.html.gz beside file.html, served as they are by nginx's gzip_static."""

import gzip
import logging
from pathlib import Path

logger = logging.getLogger(__name__)


def _stale(source, target):
    return not target.exists() or target.stat().st_mtime_ns < source.stat().st_mtime_ns


def precompress(output, extensions):
    """Write a .gz beside every text file that has none or an older one; returns how many."""
    suffixes = {f".{ext}" for ext in extensions}
    if not suffixes:  # development builds: nothing to compress, so do not walk the whole site
        return 0
    written = 0
    for source in Path(output).rglob("*"):
        if source.suffix in suffixes and source.is_file():
            target = source.with_name(source.name + ".gz")
            if _stale(source, target):
                # mtime=0: the same file gives the same bytes, so a rebuild changes nothing.
                target.write_bytes(gzip.compress(source.read_bytes(), compresslevel=9, mtime=0))
                written += 1
    logger.info("Komprimerede %s filer (.gz) i %s", written, output)
    return written
