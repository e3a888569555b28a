"""The processing pipeline: originals in, cached and published variants out (no Pelican needed)."""

import json
import logging
import multiprocessing
import os
import posixpath
import re
import shutil
import sys
import threading
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path

from nordby_content.files import replacing
from nordby_content.memory import keep_freed_memory

from . import cache, process
from . import settings as image_settings
from .markup import Photo, Variant

logger = logging.getLogger(__name__)
STATS_FILE = "last-build.json"
PRIORITY = 10  # the workers' niceness: a tenth of a core's time while the build's own work wants it
# What publish() writes: name-WIDTH.<first 10 hex digits of the cache key>.ext (or -og for Open Graph).
_VARIANT_NAME = re.compile(r"-[a-z0-9]+\.[0-9a-f]{10}\.[a-z0-9]+$")


def _workers_context():
    """Forked workers when the build's process runs no other thread, spawned ones otherwise.

    A forked worker starts at once, with Pillow and this package imported: a first build's photos
    begin half a second sooner than with spawned workers, which each start Python and import them
    first. Forking a process whose other threads may hold a lock (the development server's) could
    leave a worker waiting for it forever: there, workers are spawned, and must find this package
    the way Pelican did."""
    if threading.active_count() == 1:
        return multiprocessing.get_context("fork")
    plugins_folder = str(Path(__file__).resolve().parent.parent)
    if plugins_folder not in sys.path:
        sys.path.append(plugins_folder)
    return multiprocessing.get_context("spawn")


@dataclass
class _Warm:
    """The workers warm_up() started, and the originals it guessed the build will use."""

    pool: ProcessPoolExecutor
    guessed: dict  # cache folder (job.target) -> (job, future)


_WARM = []  # what warm_up() started, until the build's Pipeline.start() takes it
_BUSY = set()  # the pools whose jobs no build has waited for yet (stop_all)
_STOPPED = []  # pools stop_all() shut down: their own thread drops the jobs, and holds them only weakly


def _pool(workers):
    # At a lower priority than the build: the paper's layouts, started at the same time, take about
    # twice as long as the photos, and the photos fill the cores whenever a layout leaves one free.
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=_workers_context(), initializer=_worker_start)
    _BUSY.add(pool)
    return pool


def _worker_start():
    os.nice(PRIORITY)
    keep_freed_memory()  # as the build's own process does (nordby_content)


def stop_all(_sender=None):
    """The build stops (content errors): the photos no worker has begun are left, so the process ends
    once the workers finish the few they hold (Python waits for all of a pool's jobs at exit)."""
    for pool in _BUSY:
        pool.shutdown(wait=False, cancel_futures=True)
    _STOPPED.extend(_BUSY)
    _BUSY.clear()
    _WARM.clear()


def warm_up(settings):
    """Start processing the originals now, while Pelican reads the content, on a first build.

    That is a build without a photo cache, of content with originals: nearly every original is new
    and used, but which ones the build knows only once it has read every document, and until then
    a core has little to do. The workers start on each original in IMAGES_SOURCE_DIR whose file
    name the content's text mentions (an upload no document uses is neither hashed nor processed),
    largest first (see _workers_context for how the workers start).
    The build takes over the jobs of the photos its documents use, and cancels the others' (a job a
    worker has begun is finished, and its variants wait in the cache).
    """
    content = Path(settings["PATH"])
    originals = content / settings["IMAGES_SOURCE_DIR"]
    if _WARM or (Path(settings["IMAGES_CACHE_PATH"]) / STATS_FILE).exists() or not _has_files(originals):
        return
    jobs = Pipeline(settings, content).guess(originals, _mentioned(content))
    if not jobs:
        return
    pool = _pool(min(settings["IMAGES_WORKERS"] or os.cpu_count(), len(jobs)))
    guessed = {job.target: (job, pool.submit(process.make_web_variants, job)) for job in jobs}
    _WARM.append(_Warm(pool, guessed))


_TEXT_FILES = {".md", ".markdown", ".html", ".htm", ".rst", ".yml", ".yaml"}
_FILE_NAME = re.compile(r"[\w.-]+\.\w+")  # a word with a dot: what a file name in a path looks like


def _mentioned(content):
    """Every file name the text of the content's documents and data files mentions."""
    names = set()
    for path in content.rglob("*"):
        if path.suffix.lower() in _TEXT_FILES and path.is_file():
            names.update(_FILE_NAME.findall(path.read_text(encoding="utf-8", errors="replace")))
    return names


def _pixels(job):
    """Sort key, largest first: the build waits for the last photo, and a large one started last
    would be processed alone on one core while the others are done."""
    return -job.planned["width"] * job.planned["height"]


def _has_files(folder):
    try:
        with os.scandir(folder) as entries:
            return next(entries, None) is not None
    except OSError:
        return False


def start_jobs(jobs, workers, warm=None):
    """Process originals on all cores in the background; returns (pool, futures): see wait_jobs.

    The jobs warm_up() began (warm) are taken over, its others are cancelled. One job runs here and
    now, without the cost of a pool, unless warm_up() started one."""
    if len(jobs) <= 1 and warm is None:
        return None, [_Done(process.make_web_variants(job)) for job in jobs]
    begun = warm.guessed if warm else {}
    pool = warm.pool if warm else _pool(min(workers, len(jobs)))
    futures = [
        begun.pop(job.target)[1] if job.target in begun else pool.submit(process.make_web_variants, job)
        for job in jobs
    ]
    for _, future in begun.values():
        future.cancel()  # an original no document uses
    if not jobs:
        pool.shutdown(wait=False)  # no new photo after all: the workers go once they are done
        _BUSY.discard(pool)
        return None, []
    return pool, futures


def wait_jobs(pool, futures):
    """The jobs' metas, in order, once all are done."""
    try:
        return [future.result() for future in futures]
    finally:
        if pool:
            pool.shutdown(cancel_futures=True)
            _BUSY.discard(pool)


class _Done:
    """A job already done, with the one method of a Future that wait_jobs uses."""

    def __init__(self, meta):
        self.meta = meta

    def result(self):
        return self.meta


class Pipeline:
    """Turns originals into Photos: cached ones are only looked up, new ones processed on all cores."""

    def __init__(self, settings, content_root):
        self.settings = settings
        self.content_root = Path(content_root).resolve()
        self.cache_root = Path(settings["IMAGES_CACHE_PATH"])
        self.fingerprint = image_settings.fingerprint(settings)
        self.limits = process.Limits(settings["IMAGES_MAX_BYTES"], settings["IMAGES_MAX_PIXELS"])
        self.published = {}  # site path -> cached file
        self._started = None  # (jobs, pool, futures) of the originals being processed
        self._reused = 0

    def _job(self, path, key):
        s = self.settings
        return process.Job(
            source=str(path),
            target=str(cache.entry_folder(self.cache_root, key)),
            widths=tuple(s["IMAGES_WIDTHS"]),
            formats=tuple(s["IMAGES_FORMATS"]),
            quality=dict(s["IMAGES_QUALITY"]),
            og_size=tuple(s["IMAGES_OG_SIZE"]),
            limits=self.limits,
        )

    def run(self, paths):
        """{path: Photo or (message, fix)}, every new original processed (start, then finish)."""
        results = self.start(paths)
        results.update(self.finish())
        return results

    def start(self, paths):
        """{path: Photo or (message, fix)}: cached originals are only looked up; new ones are planned
        from their headers and processed in the background until finish().

        The build writes no file before finish(), so while the pixels are processed the paper is
        laid out on the other cores: a first build waits for the longer of the two, not their sum."""
        memo = cache.HashMemo(self.cache_root)
        warm = _WARM.pop() if _WARM else None
        begun = {target: job for target, (job, _) in warm.guessed.items()} if warm else {}
        results, jobs = {}, []
        for path in sorted(paths):
            try:
                key, meta, job = self._look_up(path, memo, begun)
            except process.BadImage as bad:
                results[path] = (bad.message, bad.fix)
                continue
            jobs += [(path, job)] if job else []
            results[path] = self._photo(path, key, meta)
        memo.save()
        jobs.sort(key=lambda item: _pixels(item[1]))
        workers = self.settings["IMAGES_WORKERS"] or os.cpu_count()
        self._started = (jobs, *start_jobs([job for _, job in jobs], workers, warm))
        self._reused = len(results) - len(jobs)
        return results

    def guess(self, folder, names):
        """The jobs of the new originals in folder whose file name is among names (warm_up), largest
        first; unreadable ones are left for the build, which reports them if a document uses them."""
        memo, jobs = cache.HashMemo(self.cache_root), []
        for path in sorted(p for p in Path(folder).resolve().rglob("*") if p.name in names and p.is_file()):
            try:
                _, _, job = self._look_up(path, memo)
            except process.BadImage:
                continue
            jobs += [job] if job else []
        memo.save()
        return sorted(jobs, key=_pixels)

    def _look_up(self, path, memo, begun=None):
        """(cache key, meta, job): the cached meta, or the meta planned from the header and the job
        that makes it (the one warm_up began, if any). Raises BadImage."""
        stat = process.check_file(path, self.limits)  # never hash a 100 MB file
        key = cache.variant_key(memo.hash(path, stat), self.fingerprint)
        job = self._job(path, key)
        if begun and job.target in begun:  # made by this build, maybe finished already
            return key, begun[job.target].planned, begun[job.target]
        meta = process.read_meta(job.target)
        if meta:
            return key, meta, None
        job = replace(job, planned=process.plan(job))
        return key, job.planned, job

    def finish(self):
        """Wait for the originals start() began to process; {path: (message, fix)} for those that failed."""
        if self._started is None:
            return {}
        jobs, pool, futures = self._started
        self._started = None
        failed = {}
        for (path, job), meta in zip(jobs, wait_jobs(pool, futures), strict=True):
            if "error" in meta:
                failed[path] = tuple(meta["error"])
                folder = job.target + os.sep  # its planned variants were never made
                self.published = {p: c for p, c in self.published.items() if not c.startswith(folder)}
        self._write_stats(len(jobs), self._reused)
        return failed

    def _write_stats(self, processed, reused):
        logger.info("Fotos: %s behandlet, %s hentet fra cachen", processed, reused)
        self.cache_root.mkdir(parents=True, exist_ok=True)
        stats = {"processed": processed, "reused": reused}
        (self.cache_root / STATS_FILE).write_text(json.dumps(stats), encoding="utf-8")

    def _photo(self, path, key, meta):
        """A Photo from a cache entry; file names carry the key, so browsers may cache them forever."""
        # Plain strings, not Path objects: this runs for every photo on every build.
        folder = f"{self.cache_root}/{key[:2]}/{key}"
        relative = path.relative_to(self.content_root)
        parts = relative.parts
        if parts[0] == self.settings["IMAGES_SOURCE_DIR"]:
            parts = parts[1:]
        stem = posixpath.splitext(posixpath.join(self.settings["IMAGES_OUTPUT_DIR"], *parts))[0]
        tag = key[:10]

        def variant(name, width, height, fmt, nbytes):
            base, suffix = posixpath.splitext(name)
            site_path = f"{stem}-{base}.{tag}{suffix}"
            self.published[site_path] = f"{folder}/{name}"
            return Variant(site_path, width, height, fmt, nbytes, f"{folder}/{name}")

        og_w, og_h = self.settings["IMAGES_OG_SIZE"]
        return Photo(
            source=relative.as_posix(),
            original=path,
            width=meta["width"],
            height=meta["height"],
            variants=[
                variant(f["name"], f["width"], f["height"], f["format"], f.get("bytes"))
                for f in meta["files"]
            ],
            og=variant(meta["og"]["name"], og_w, og_h, "jpeg", meta["og"].get("bytes")),
            siteurl=self.settings.get("SITEURL", ""),
        )

    def publish(self, output):
        """Copy the variants from the cache; unchanged files already in output/ are left alone."""
        folders = set()
        for site_path, cached in sorted(self.published.items()):
            # The name carries the content key and files appear only by rename: one that exists is right.
            target = os.path.join(output, site_path)
            if not os.path.exists(target):
                publish_file(Path(cached), Path(target), folders)
        self._remove_unused(output)

    def _remove_unused(self, output):
        """Variants that no document uses any more (a photo replaced or deleted) leave the site too."""
        root = Path(output) / self.settings["IMAGES_OUTPUT_DIR"]
        published = {os.path.normpath(os.path.join(output, p)) for p in self.published}
        for path in root.rglob("*") if root.is_dir() else []:
            if _VARIANT_NAME.search(path.name) and os.path.normpath(path) not in published:
                path.unlink()
                logger.info("Fjernede billedet %s, som intet dokument bruger længere", path)


def publish_file(cached, target, folders):
    """Hard-link (or copy) a cached variant into output/ under a temporary name, then rename it."""
    if target.parent not in folders:
        target.parent.mkdir(parents=True, exist_ok=True)
        folders.add(target.parent)
    with replacing(target, sync=False) as tmp:  # the cache holds the bytes; no fsync for a link
        try:
            os.link(cached, tmp)
        except OSError:  # another file system, or links not allowed
            shutil.copyfile(cached, tmp)
