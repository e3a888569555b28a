"""The paper laid out in the background while the development server shows the web pages at once.

With NORDBYPOSTEN_BACKGROUND (set by `./dev serve`), an issue whose inputs changed keeps its
previous files for now, and a process forked once the build has written its pages (`launch()`)
lays it out again and stores it in the issue cache.
The server asks `finished()` and builds once more when it is ready: that build finds the new files.
Fork, not spawn: the child already holds the issue, the fonts and WeasyPrint, so it starts at once.
"""

import multiprocessing
import multiprocessing.connection
import os

_running = {}  # slug -> (input key, process)
_queued = []  # processes a build asked for, started by launch() once its pages are written
_failed = set()  # (slug, key) whose layout stopped: the next build lays it out itself and reports why
_done = set()  # slugs finished since the server last asked


def start(slug, key, lay_out):
    """Run lay_out() in a child process for this issue, replacing one started for older inputs."""
    old = _running.get(slug)
    if old and old[0] == key and _busy(old[1]):
        return
    if old:
        _stop(old[1])
    process = multiprocessing.get_context("fork").Process(
        target=_child, args=(lay_out,), name=f"nordbyposten-{slug}", daemon=True
    )
    _queued.append(process)
    _running[slug] = (key, process)
    print(
        f"Nordbyposten {slug} sættes igen i baggrunden; siden siger 'korrektur opdateres' imens.", flush=True
    )


def launch():
    """Start the layouts the build asked for, after it has written its pages: forked earlier, the
    child made each page the build still had to write wait on copy-on-write copies of its memory."""
    while _queued:
        _queued.pop(0).start()


def _busy(process):
    return process in _queued or process.is_alive()


def in_parallel(jobs, meanwhile=None):
    """Run each job in a child process, as many at a time as there are cores; wait for them all.

    A build that lays out several issues (the first build, a publish, a new layout) waits for the
    longest issue instead of their sum. Each job keeps its result in the issue cache. jobs may be
    a generator that prepares each job: the first child starts as soon as its job is ready, and the
    next job is prepared while the children work. meanwhile() is called once, at the first wait.
    """
    fork = multiprocessing.get_context("fork")
    waiting, running = iter(jobs), []
    try:
        ready = next(waiting, None)
        while ready is not None or running:
            while ready is not None and len(running) < (os.cpu_count() or 1):
                running.append(fork.Process(target=_child, args=(ready,), daemon=True))
                running[-1].start()
                ready = next(waiting, None)
            if meanwhile is not None:
                meanwhile()
                meanwhile = None  # once
            multiprocessing.connection.wait([p.sentinel for p in running])
            for process in [p for p in running if not p.is_alive()]:
                process.join()
                running.remove(process)
    finally:  # preparing a job failed: the build stops, and no child goes on without it
        for process in running:
            _stop(process)


def failed(slug, key):
    """True when the background layout of exactly these inputs stopped with an error."""
    return (slug, key) in _failed


def pending(slug):
    """True while a background layout of this issue is running."""
    entry = _running.get(slug)
    return bool(entry and _busy(entry[1]))


def finished():
    """Slugs whose background layout ended since the last call (ready or failed)."""
    for slug, (key, process) in list(_running.items()):
        if not _busy(process):
            process.join()
            if process.exitcode:
                _failed.add((slug, key))
            del _running[slug]
            _done.add(slug)
    done = sorted(_done)
    _done.clear()
    return done


def stop_all():
    """End every background layout (the server is stopping or restarting)."""
    for _key, process in _running.values():
        _stop(process)
    _running.clear()


def _stop(process):
    if process in _queued:
        _queued.remove(process)
        return
    if process.is_alive():
        process.terminate()
    process.join()


def _child(lay_out):
    failed = False
    try:
        lay_out()
    except BaseException:  # the next build lays it out itself and reports why, in Danish
        failed = True
    # The child ends with os._exit, which collects nothing: the layout removes its fonts' temporary
    # folder itself (render.font_config), and a collection here cost a tenth of a second per issue.
    if failed:
        os._exit(1)
