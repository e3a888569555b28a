"""The processing pipeline: originals in, cached and published variants out (no Pelican needed)."""

import json
import logging
import multiprocessing
import os
import posixpath
import re
import shutil
import sys
from concurrent.futures import ProcessPoolExecutor
from dataclasses import replace
from pathlib import Path

from nordby_content.files import replacing

from . import cache, process
from . import settings as image_settings
from .markup import Photo, Variant

logger = logging.getLogger(__name__)
STATS_FILE = "last-build.json"
# What publish() writes: name-WIDTH.<first 10 hex digits of the cache key>.ext (or -og for Open Graph).
_VARIANT_NAME = re.compile(r"-[a-z0-9]+\.[0-9a-f]{10}\.[a-z0-9]+$")


def _workers_can_import():
    """Worker processes are spawned; they must find this package the way Pelican did."""
    plugins_folder = str(Path(__file__).resolve().parent.parent)
    if plugins_folder not in sys.path:
        sys.path.append(plugins_folder)


def _lower_priority():
    """In a worker: the paper's layouts and the build itself come first; photos take what is left.

    They are needed only before the first file is written, the paper's issues on the way there."""
    os.nice(10)


class _Done:
    """A job done here and now, with the one method of a Future that finish() uses."""

    def __init__(self, meta):
        self.meta = meta

    def result(self):
        return self.meta


# Suffixes of originals a build starts on before reading the content (see begin()).
_PHOTO_SUFFIXES = {".jpg", ".jpeg", ".png", ".webp"}
_BEGUN = {}  # content folder -> the Pipeline begun for the build that is starting


def begin(settings):
    """When a build starts: process the originals in content/images that have no variants yet, while
    Pelican reads the content (a core is free then). Only what documents use is published."""
    root = Path(settings["PATH"]).resolve()
    folder = root / settings["IMAGES_SOURCE_DIR"]
    originals = [
        path
        for path in (folder.rglob("*") if folder.is_dir() else [])
        if path.suffix.lower() in _PHOTO_SUFFIXES and not path.name.startswith(".") and path.is_file()
    ]
    pipeline = _BEGUN[root] = Pipeline(settings, root)
    pipeline.start_early(originals)


def for_build(settings, content_root):
    """The Pipeline begun for this build (begin()), or a new one."""
    begun = _BEGUN.pop(Path(content_root).resolve(), None)
    if begun and begun.settings is settings:
        return begun
    return Pipeline(settings, content_root)


class Pipeline:
    """Turns originals into Photos: cached ones are only looked up, new ones processed on all cores."""

    def __init__(self, settings, content_root):
        self.settings = settings
        self.content_root = Path(content_root).resolve()
        self.cache_root = Path(settings["IMAGES_CACHE_PATH"])
        self.fingerprint = image_settings.fingerprint(settings)
        self.published = {}  # site path -> cached file
        self._found = {}  # original -> (key, its meta, or the planned one while it is processed)
        self._bad = {}  # original -> (message, fix) in Danish
        self._memo = None
        self._pool = None
        self._processing = []  # (original, job, future) started and not yet finished
        self._processed = 0

    def _job(self, path, key):
        s = self.settings
        return process.Job(
            source=str(path),
            target=str(cache.entry_folder(self.cache_root, key)),
            widths=tuple(s["IMAGES_WIDTHS"]),
            formats=tuple(s["IMAGES_FORMATS"]),
            quality=dict(s["IMAGES_QUALITY"]),
            og_size=tuple(s["IMAGES_OG_SIZE"]),
            limits=process.Limits(s["IMAGES_MAX_BYTES"], s["IMAGES_MAX_PIXELS"]),
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
        self._look_up(paths)
        return {path: self._bad.get(path) or self._photo(path, *self._found[path]) for path in paths}

    def start_early(self, paths):
        """Begin processing originals before any document asks for them (see begin())."""
        self._look_up(paths, report=False)

    def _look_up(self, paths, report=True):
        limits = process.Limits(self.settings["IMAGES_MAX_BYTES"], self.settings["IMAGES_MAX_PIXELS"])
        self._memo = self._memo or cache.HashMemo(self.cache_root)
        jobs = []
        for path in sorted(set(paths) - self._found.keys() - self._bad.keys()):
            try:
                stat = process.check_file(path, limits)  # never hash a 100 MB file
                key = cache.variant_key(self._memo.hash(path, stat), self.fingerprint)
                meta = process.read_meta(f"{self.cache_root}/{key[:2]}/{key}")
                if not meta:
                    job = self._job(path, key)
                    meta = process.plan(job)
                    jobs.append((path, replace(job, planned=meta)))
                self._found[path] = (key, meta)
            except process.BadImage as bad:
                if report:  # an early look is no document's: the document's own look reports it
                    self._bad[path] = (bad.message, bad.fix)
        self._memo.save()
        self._submit(jobs)

    def _submit(self, jobs):
        """Process on all cores in the background; a lone job with no pool running is done here."""
        if len(jobs) == 1 and self._pool is None:
            path, job = jobs[0]
            self._processing.append((path, job, _Done(process.make_web_variants(job))))
            return
        if jobs and self._pool is None:
            _workers_can_import()
            self._pool = ProcessPoolExecutor(
                max_workers=self.settings["IMAGES_WORKERS"] or os.cpu_count(),
                mp_context=multiprocessing.get_context("spawn"),
                initializer=_lower_priority,
            )
        for path, job in jobs:
            self._processing.append((path, job, self._pool.submit(process.make_web_variants, job)))

    def finish(self):
        """Wait for the originals being processed; {path: (message, fix)} for those that failed."""
        failed = {}
        try:
            for path, job, future in self._processing:
                meta = future.result()
                if "error" in meta:
                    failed[path] = self._bad[path] = tuple(meta["error"])
                    folder = job.target + os.sep  # its planned variants were never made
                    self.published = {p: c for p, c in self.published.items() if not c.startswith(folder)}
        finally:
            if self._pool:
                self._pool.shutdown(cancel_futures=True)
            self._pool = None
        self._processed += len(self._processing)
        self._processing = []
        self._write_stats(self._processed, len(self._found) - self._processed)
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
