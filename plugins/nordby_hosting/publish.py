"""Publish and roll back: build a release beside the live one, check it, switch one symlink.

Used by `invoke publish` / `invoke rollback` and by the web desk (redaktion/), so both run
the very same pipeline. `progress` receives short Danish lines as each stage starts.
"""

import contextlib
import io
import json
import os
import shutil
import sys
import time
from pathlib import Path

from pelican import main as pelican_main
from pelican.settings import get_settings_from_file

from .links import broken_links

RELEASES_KEPT = 5


class PublishFailed(SystemExit):
    """The publish stopped; the live site is unchanged. The message is Danish, for the editor."""


def _pelican(*args):
    """Pelican in this process, with its arguments as a list (paths with spaces stay whole)."""
    pelican_main([str(arg) for arg in args])


def _quiet(_line):
    pass


def switch_current(root, release):
    """Point root/current at release in one atomic rename, so readers never see a mix."""
    tmp_link = root / f".current-{os.getpid()}"
    tmp_link.unlink(missing_ok=True)
    tmp_link.symlink_to(release.relative_to(root), target_is_directory=True)
    os.replace(tmp_link, root / "current")


def releases(root):
    """Finished releases, oldest first (a folder still being built ends in .bygger)."""
    folder = root / "releases"
    return (
        sorted(p for p in folder.iterdir() if p.is_dir() and p.suffix != ".bygger") if folder.is_dir() else []
    )


def prune_releases(root, keep):
    current = (root / "current").resolve()
    for old in releases(root)[:-keep]:
        if old.resolve() != current:
            shutil.rmtree(old)


def clear_leftovers(root):
    """Remove what a publish that was killed halfway left behind (never the live release)."""
    for folder in root.glob("releases/*.bygger"):
        shutil.rmtree(folder, ignore_errors=True)
    for link in root.glob(".current-*"):
        link.unlink()


def check_content(settings_file, content, cache):
    """The same content rules as `./dev check`, with these settings; stops on any error.

    content is [] or [the content folder]; cache is [] or ["CACHE_PATH=..."] (one -e takes all).
    """
    report = io.StringIO()  # the checker prints its report; the desk shows it, not just "1"
    try:
        with contextlib.redirect_stderr(report):
            _pelican(
                *content, "-s", settings_file, "-e", "NORDBY_CHECK_ONLY=true", *cache, "-o", ".cache/check"
            )
    except SystemExit as stop:
        if stop.code not in (0, None):
            raise PublishFailed(report.getvalue().strip() or stop.code) from None
    sys.stderr.write(report.getvalue())  # warnings, or "in order": for the command line


def build_release(settings_file, content, cache, target):
    """Check and build in one read of the content into target; stops on any content error.

    The build runs the very rules of `./dev check` once all content is read, and stops before it
    writes a page, so a second, check-only read would only double the time an editor waits.
    """
    report = io.StringIO()  # the build prints the checker's warnings; the desk shows them too
    try:
        with contextlib.redirect_stderr(report):
            _pelican(*content, "-s", settings_file, *(["-e", *cache] if cache else []), "-o", target)
    except SystemExit as stop:
        if stop.code not in (0, None):
            message = stop.code if isinstance(stop.code, str) else report.getvalue().strip()
            raise PublishFailed(message or stop.code) from None
    finally:
        sys.stderr.write(report.getvalue())  # for the command line, as the build printed it


def check_links(site, settings_file, report=print):
    """Stop the publish if any page links to, or loads, an address that is not in the build."""
    siteurl = get_settings_from_file(settings_file)["SITEURL"]
    broken = broken_links(site, siteurl)
    for page, href in broken:
        report(f"{page}: FEJL linket {href} fører ingen steder hen — ret eller fjern linket.")
    if broken:
        raise PublishFailed(f"Linktjek: {len(broken)} døde links.")


def _release_name(root):
    """A new release folder name: the time to the millisecond, e.g. 20261130-091500.123.

    Names sort in the order the releases were made, older names without milliseconds (and their
    "-2" for a second publish in one second) before newer ones; a name in use is never given again.
    """
    folder = root / "releases"
    taken = {p.name.removesuffix(".bygger") for p in folder.iterdir()} if folder.is_dir() else set()
    while True:
        now = time.time()
        name = f"{time.strftime('%Y%m%d-%H%M%S', time.localtime(now))}.{int(now * 1000) % 1000:03d}"
        if name not in taken:
            return name
        time.sleep(0.001)  # a publish in the same millisecond: the next one is free


def publish(settings_file, root, *, content=None, progress=_quiet, keep=RELEASES_KEPT, cache_path=None):
    """Build the public site into a new release, check it, and only then make it live.

    Returns the release folder. Raises PublishFailed (a SystemExit with a Danish message)
    when the content or the links are wrong; the live site is then as it was.
    """
    root = Path(root).resolve()
    source = [content] if content else []
    cache = [f"CACHE_PATH={json.dumps(str(cache_path))}"] if cache_path else []
    clear_leftovers(root)
    release = root / "releases" / _release_name(root)
    building = release.with_name(release.name + ".bygger")
    building.parent.mkdir(parents=True, exist_ok=True)
    try:
        progress("Tjekker indholdet og bygger websitet …")
        build_release(settings_file, source, cache, building)
        progress("Tjekker links …")
        check_links(building, settings_file, progress)
    except BaseException:
        shutil.rmtree(building, ignore_errors=True)
        progress("Udgivelsen er afbrudt. Det offentlige website er ikke ændret.")
        raise
    building.rename(release)
    progress("Skifter til den nye udgave …")
    switch_current(root, release)
    prune_releases(root, keep)
    progress(f"Udgivet: {release.name}")
    return release


def rollback(root):
    """Point root/current at the release before the current one; returns (before, after)."""
    root = Path(root).resolve()
    current = (root / "current").resolve()
    older = [r for r in releases(root) if r.name < current.name]
    if not older:
        raise PublishFailed("Der er ingen tidligere udgivelse at gå tilbage til.")
    switch_current(root, older[-1])
    return current, older[-1]


def print_progress(line):
    """Progress for the command line; errors go to stderr as before."""
    stream = sys.stderr if "FEJL" in line or "afbrudt" in line else sys.stdout
    print(line, file=stream)
