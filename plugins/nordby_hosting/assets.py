"""Fingerprinted theme files: site.css is also written as site.<hash>.css for long caching."""

import hashlib
from functools import lru_cache
from pathlib import Path

HASH_LENGTH = 10


@lru_cache(maxsize=256)
def _digest(path, mtime_ns):
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()[:HASH_LENGTH]


def fingerprinted_name(path):
    """site.css -> site.<first 10 hex digits of its SHA-256>.css (recomputed when it changes)."""
    path = Path(path)
    digest = _digest(str(path), path.stat().st_mtime_ns)
    return f"{path.stem}.{digest}{path.suffix}"


def asset_url(name, settings):
    """The site-relative URL of a theme file's fingerprinted copy, e.g. theme/css/site.<hash>.css."""
    source = Path(settings["THEME"]) / "static" / name
    folder = Path(settings["THEME_STATIC_DIR"]) / Path(name).parent
    return (folder / fingerprinted_name(source)).as_posix()


def fingerprinted_files(settings):
    """(source, output path) of every theme file that gets a fingerprinted copy."""
    static = Path(settings["THEME"]) / "static"
    for folder in settings["HOSTING_FINGERPRINT_DIRS"]:
        for source in sorted((static / folder).glob("*")):
            if source.is_file():
                yield source, asset_url(source.relative_to(static).as_posix(), settings)
