"""Photo benchmark: the same web variants of the same phone photos made three ways in one run.

Run: .venv/bin/python bench/images.py [--photos 8] [--cached 1000]
1. our pipeline (plugins/nordby_images: draft mode, reduce, chained resizes, all cores);
2. naive: full-resolution decode and one Image.resize per size, one process;
3. pelican-image-process, configured for the same sizes and formats, installed only in
   bench/.work/venv (created here; never part of requirements.txt).
Then a fully cached pass of our pipeline over --cached originals.
Targets: ours >= 3x naive, >= 3x pelican-image-process, cached pass over 1,000 photos <= 1 s.
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
import venv
from pathlib import Path

from PIL import Image, ImageOps

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "bench" / ".work" / "images"
VENV = ROOT / "bench" / ".work" / "venv"
# The script's own folder is not on the path: bench/calendar.py would shadow the standard library's
# calendar module, which Pelican and dateutil import. Sibling scripts are imported as bench.NAME.
sys.path[0] = str(ROOT)
sys.path[1:1] = [str(ROOT / "plugins"), str(ROOT / "tools")]
from sample_photos import make_photo, save  # noqa: E402

from nordby_images.pipeline import Pipeline  # noqa: E402
from nordby_images.process import SAVE_OPTIONS  # noqa: E402
from nordby_images.settings import apply_settings  # noqa: E402

SCENES = ["housing", "park", "indoor", "football", "evening"]
SIZE = (4000, 3000)  # a 12-megapixel phone photo
IMAGE_PROCESS_PIN = ["pelican-image-process==3.4.0", "pillow==13.0.0"]

IMAGE_PROCESS_RUNNER = """
import json, sys, time
from pelican.plugins.image_process.image_process import harvest_images_in_fragment
widths, quality, photos, out = json.loads(sys.argv[1])
def derivative(fmt):
    srcset = [(f"{w}w", [f"scale_in {w} 100000 False"], fmt) for w in widths]
    return {"type": "responsive-image", "srcset": srcset, "default": f"{widths[len(widths) // 2]}w"}
settings = {
    "IMAGE_PROCESS": {"webp": derivative("webp"), "jpeg": derivative("jpg")},
    "IMAGE_PROCESS_DIR": "derivatives", "IMAGE_PROCESS_FORCE": True, "IMAGE_PROCESS_ENCODING": "utf-8",
    "IMAGE_PROCESS_COPY_EXIF_TAGS": False, "static_content": {}, "PATH": "/", "OUTPUT_PATH": out, "SITEURL": "",
}
html = "".join(f'<img class="image-process-{f}" src="{p}">' for p in photos for f in ("webp", "jpeg"))
start = time.perf_counter()
harvest_images_in_fragment(html, settings)
print(time.perf_counter() - start)
"""


def phone_photos(count):
    """Phone-sized originals with camera EXIF and GPS; made once and kept in bench/.work."""
    folder = WORK / "originals"
    paths = []
    for n in range(count):
        path = folder / f"foto-{n:03d}.jpg"
        if not path.exists():
            save(
                make_photo(SCENES[n % len(SCENES)], 100 + n, SIZE), path, quality=90, orientation=1, gps=True
            )
        paths.append(path)
    return paths


def settings_for(cache):
    return apply_settings({"IMAGES_CACHE_PATH": str(cache), "CACHE_PATH": str(cache)})


def ours(paths, workers=None):
    """Cold run of our pipeline; returns seconds."""
    shutil.rmtree(WORK / "ours", ignore_errors=True)
    settings = settings_for(WORK / "ours" / "cache")
    settings["IMAGES_WORKERS"] = workers
    start = time.perf_counter()
    results = Pipeline(settings, WORK).run(paths)
    elapsed = time.perf_counter() - start
    assert all(not isinstance(r, tuple) for r in results.values()), results
    return elapsed


def naive(paths, settings, webp_method=4):
    """Full-resolution decode, then Image.resize from the original for every size; one process.

    webp_method 4 is Pillow's default (what naive code and pelican-image-process get).
    """
    out = WORK / "naive"
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    quality = settings["IMAGES_QUALITY"]
    start = time.perf_counter()
    for path in paths:
        with Image.open(path) as original:
            im = ImageOps.exif_transpose(original).convert("RGB")
        for width in settings["IMAGES_WIDTHS"]:
            resized = im.resize((width, round(im.height * width / im.width)), Image.Resampling.LANCZOS)
            resized.save(
                out / f"{path.stem}-{width}.webp", "WEBP", quality=quality["webp"], method=webp_method
            )
            resized.save(out / f"{path.stem}-{width}.jpg", "JPEG", quality=quality["jpeg"], progressive=True)
        og = ImageOps.fit(im, settings["IMAGES_OG_SIZE"], Image.Resampling.LANCZOS)
        og.save(out / f"{path.stem}-og.jpg", "JPEG", quality=quality["jpeg"], progressive=True)
    return time.perf_counter() - start


def image_process_python():
    """The benchmark's own venv with pelican-image-process; made on first use."""
    python = VENV / "bin" / "python"
    if not python.exists():
        venv.create(VENV, with_pip=True)
        pip = [str(python), "-m", "pip", "install", "-q", "--disable-pip-version-check"]
        subprocess.run([*pip, *IMAGE_PROCESS_PIN], check=True)
    return python


def image_process(paths, settings):
    out = WORK / "image-process"
    shutil.rmtree(out, ignore_errors=True)
    args = [list(settings["IMAGES_WIDTHS"]), settings["IMAGES_QUALITY"], [str(p) for p in paths], str(out)]
    cmd = [str(image_process_python()), "-c", IMAGE_PROCESS_RUNNER, json.dumps(args)]
    result = subprocess.run(cmd, capture_output=True, text=True, check=True)
    return float(result.stdout.strip().splitlines()[-1])


def cached_pass(paths, count):
    """Our pipeline over `count` originals that are all in the cache, publishing into a full output/."""
    folder = WORK / "many"
    folder.mkdir(parents=True, exist_ok=True)
    many = []
    for n in range(count):  # hard links: distinct files (and cache lookups) without 12 GB of disk
        link = folder / f"foto-{n:04d}.jpg"
        if not link.exists():
            os.link(paths[n % len(paths)], link)
        many.append(link)
    settings = settings_for(WORK / "ours" / "cache")
    warm = Pipeline(settings, WORK)
    warm.run(many)
    warm.publish(WORK / "output")
    start = time.perf_counter()
    again = Pipeline(settings, WORK)
    again.run(many)
    again.publish(WORK / "output")
    return time.perf_counter() - start


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--photos", type=int, default=8)
    parser.add_argument("--cached", type=int, default=1000)
    args = parser.parse_args()
    paths = phone_photos(args.photos)
    settings = settings_for(WORK / "ours" / "cache")
    print(f"{len(paths)} photos of {SIZE[0]}×{SIZE[1]} px; widths {settings['IMAGES_WIDTHS']}, WebP + JPEG")
    ip = image_process(paths, settings)
    t_naive = naive(paths, settings)
    t_naive_same = naive(paths, settings, webp_method=SAVE_OPTIONS["webp"]["method"])
    t_one = ours(paths, workers=1)
    t_ours = ours(paths)
    t_cached = cached_pass(paths, args.cached)
    print(f"ours, all {os.cpu_count()} cores:      {t_ours:7.2f} s")
    print(f"ours, one worker:          {t_one:7.2f} s")
    print(f"naive Image.resize:        {t_naive:7.2f} s   ratio {t_naive / t_ours:5.1f}x (target >= 3x)")
    print(f"naive, our WebP effort:    {t_naive_same:7.2f} s   ratio {t_naive_same / t_ours:5.1f}x")
    print(f"pelican-image-process:     {ip:7.2f} s   ratio {ip / t_ours:5.1f}x (target >= 3x)")
    print(f"cached pass, {args.cached} photos: {t_cached:7.2f} s   (target <= 1 s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
