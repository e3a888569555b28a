"""`invoke publish` and `invoke rollback`: the served site is always one whole release."""

import os
import re
import signal
import subprocess
import threading
import time
import urllib.error
import urllib.request

from nginx_local import LocalNginx
from nordby_hosting import publish as hosting
from nordby_hosting.links import broken_links

from conftest import INVOKE, invoke

SITEURL = "https://www.randersnordby.dk"


def releases(copy):
    return sorted(p.name for p in (copy / "public" / "releases").iterdir())


def assert_complete(release):
    """Every page, stylesheet and search file the release links to is in it."""
    assert (release / "index.html").is_file() and (release / "sitemap.xml").is_file()
    assert (release / "pagefind" / "pagefind-entry.json").is_file()
    assert (release / "index.html.gz").is_file()
    assert broken_links(release, SITEURL) == []


class Watcher(threading.Thread):
    """Asks nginx for a few addresses over and over; remembers every answer that was not 200.

    A short pause after each round: a half-written release would be live for seconds, and a watcher
    asking without pause took a third of a core from the publishes it watches (slowing every kill)."""

    PATHS = ("/", "/arkiv/", "/soeg/", "/pagefind/pagefind-entry.json", "/sitemap.xml")
    PAUSE = 0.01  # seconds between rounds: still hundreds of rounds during each publish

    def __init__(self, url):
        super().__init__(daemon=True)
        self.url, self.failures, self.requests, self.running = url, [], 0, True

    def run(self):
        while self.running:
            for path in self.PATHS:
                try:
                    urllib.request.urlopen(self.url + path, timeout=5).close()
                except urllib.error.HTTPError as error:
                    self.failures.append((path, error.code))
                self.requests += 1
            time.sleep(self.PAUSE)


def start_publish(copy):
    env = {**os.environ, "NORDBY_PUBLISH_ROOT": str(copy / "public")}
    return subprocess.Popen(
        [INVOKE, "publish"],
        cwd=copy,
        env=env,
        start_new_session=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def wait_for_switch(current, before, seconds=120):
    deadline = time.monotonic() + seconds
    while current.resolve() == before:
        assert time.monotonic() < deadline, "publish never switched"
        time.sleep(0.005)


def test_publish_killed_at_any_point_leaves_a_whole_release_live(project):
    # The first publish fills the project's caches (the paper's layout, Pelican's content cache); the
    # publishes below reuse them, so only a warm publish tells how long the ones to be killed take.
    first = invoke(project, "publish")
    assert first.returncode == 0, first.stderr
    current = project / "public" / "current"
    with LocalNginx(current) as nginx:
        watcher = Watcher(nginx.url)
        watcher.start()
        outcomes = {}
        # Kill once the moment `current` has switched: that warm publish, timed to its switch, tells how
        # long one takes (no extra publish to time it). Then kill at fractions of that time.
        for fraction in (None, 0.1, 0.3, 0.5, 0.7, 0.9):
            before, existing = current.resolve(), set(releases(project))
            started = time.monotonic()
            run = start_publish(project)
            if fraction is None:
                wait_for_switch(current, before)
                duration = time.monotonic() - started
            else:
                time.sleep(duration * fraction)
            os.killpg(run.pid, signal.SIGKILL)  # the whole group: invoke, Pelican and Pagefind
            run.wait()
            after = current.resolve()
            # The old release, or the one this run finished: never a folder it was still writing.
            assert after == before or after.name not in existing, fraction
            assert_complete(after)
            outcomes[fraction] = after == before
        watcher.running = False
        watcher.join()
    assert watcher.requests > 50 and watcher.failures == []
    assert outcomes[0.1] and not outcomes[None]

    last = invoke(project, "publish")
    assert last.returncode == 0, last.stderr
    assert not list((project / "public").glob("releases/*.bygger")) and not list(
        (project / "public").glob(".current-*")
    )
    assert len(releases(project)) <= 5
    assert current.resolve().name == releases(project)[-1]


def test_release_names_sort_as_made_and_never_repeat(tmp_path):
    """Names to the millisecond: two publishes in one second, or one millisecond, get two folders."""
    (tmp_path / "releases" / "20260101-000000").mkdir(parents=True)  # named by the second before
    (tmp_path / "releases" / "20260101-000000-2").mkdir()
    names = []
    for _ in range(50):
        names.append(hosting._release_name(tmp_path))
        (tmp_path / "releases" / f"{names[-1]}.bygger").mkdir()  # being built: its name is taken
    assert len(set(names)) == 50
    assert [p.name for p in hosting.releases(tmp_path)] == ["20260101-000000", "20260101-000000-2"]
    assert names == sorted(names) and all(re.fullmatch(r"\d{8}-\d{6}\.\d{3}", name) for name in names)
    for name in names:
        (tmp_path / "releases" / f"{name}.bygger").rename(tmp_path / "releases" / name)
    assert [p.name for p in hosting.releases(tmp_path)] == ["20260101-000000", "20260101-000000-2", *names]


def test_publish_refuses_a_site_with_a_dead_link(project):
    # On a page, which the paper does not print: an article's change would lay out its issue again.
    page = project / "content" / "pages" / "kontakt.md"
    text = page.read_text(encoding="utf-8")
    page.write_text(text + "\nSe også [programmet](/nyheder/2014/findes-ikke/).\n", encoding="utf-8")
    result = invoke(project, "publish")
    assert result.returncode != 0
    assert (
        "kontakt/index.html: FEJL linket /nyheder/2014/findes-ikke/ fører ingen steder hen" in result.stderr
    )
    assert "Udgivelsen er afbrudt. Det offentlige website er ikke ændret." in result.stderr
    assert not (project / "public" / "current").exists()
    assert releases(project) == []


def test_rollback_goes_back_one_release_at_a_time(project):
    for _ in range(2):
        assert invoke(project, "publish").returncode == 0
    first, second = releases(project)
    current = project / "public" / "current"
    assert current.resolve().name == second
    back = invoke(project, "rollback")
    assert back.returncode == 0, back.stderr
    assert current.resolve().name == first
    assert f"-> {first}" in back.stdout
    again = invoke(project, "rollback")
    assert again.returncode != 0
    assert "Der er ingen tidligere udgivelse at gå tilbage til." in again.stderr
    assert current.resolve().name == first
