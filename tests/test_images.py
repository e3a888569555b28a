"""Photos: responsive markup, no private metadata, print variants, the cache and bad originals."""

import hashlib
import io
import json
import os
import re
import resource
import subprocess
import sys
import threading
import time
from pathlib import Path

import feedparser
import pytest
from bs4 import BeautifulSoup
from PIL import ExifTags, Image, ImageChops, ImageCms, ImageDraw, ImageOps
from sample_photos import make_photo, phone_exif

import nordby_images
from conftest import CONTENT, ROOT, pelican, pelican_here
from nordby_content.problems import ContentErrors, ProblemLog
from nordby_images import effective_ppi, pipeline, print_version, process
from nordby_images import settings as image_settings
from nordby_images.process import BadImage

# What a browser needs to show a photo; anything else in a published file is a leak.
DISPLAY_INFO = {
    "icc_profile",
    "jfif",
    "jfif_version",
    "jfif_unit",
    "jfif_density",
    "dpi",
    "progressive",
    "progression",
}
DISPLAY_INFO |= {"loop", "background", "duration", "timestamp"}  # WebP container fields, not metadata
ARTICLE = """Title: {title}
Date: 2014-05-03 10:00
Author: Amira Hassan
Category: Børn, unge og familie
{extra}
Der skete noget i Vangdalen.

{body}
"""
REGISTRY = "- navn: Amira Hassan\n  bio: Skriver om Vangdalen.\n"


def image_files(folder):
    return sorted(p for p in folder.rglob("*") if p.suffix.lower() in {".jpg", ".jpeg", ".webp", ".png"})


def page(site, path):
    return BeautifulSoup((site / path / "index.html").read_text(encoding="utf-8"), "html.parser")


def srcset_urls(value):
    return [(part.split()[0], int(part.split()[1][:-1])) for part in value.split(",")]


# --- The sample site ---------------------------------------------------------------------


def test_published_images_carry_no_gps_and_no_exif(site):
    files = image_files(site)
    assert len(files) > 100  # every sample article's photos, in every size and format
    for path in files:
        with Image.open(path) as im:
            exif = im.getexif()
            assert not exif.get_ifd(ExifTags.IFD.GPSInfo), f"GPS in {path}"
            assert not dict(exif), f"EXIF in {path}: {dict(exif)}"
            assert set(im.info) <= DISPLAY_INFO, f"{path}: {set(im.info) - DISPLAY_INFO}"
            assert "xmp" not in im.info and "comment" not in im.info
            if "billeder" in path.parts or "icc_profile" in im.info:  # photo variants keep an sRGB profile
                profile = ImageCms.ImageCmsProfile(io.BytesIO(im.info["icc_profile"]))
                assert "sRGB" in ImageCms.getProfileDescription(profile), path


def test_originals_are_not_published(site):
    originals = {hashlib.sha256(p.read_bytes()).hexdigest() for p in image_files(CONTENT / "images")}
    assert len(originals) >= 15
    published = {hashlib.sha256(p.read_bytes()).hexdigest() for p in image_files(site)}
    assert not originals & published
    assert not (site / "images").exists()


def test_article_photo_markup_has_srcset_sizes_dimensions_and_alt(site):
    soup = page(site, "nyheder/2014/nordre-faelled-har-faaet-en-naturvejleder")
    pictures = soup.select(".article picture")
    assert len(pictures) == 2  # the lead photo and one in the text
    lead = pictures[0]
    assert lead.find("source")["type"] == "image/webp"
    img = lead.find("img")
    assert img["alt"] == "Et hold beboere står på en eng på Nordre Fælled med store træer bag sig."
    assert "40rem" in img["sizes"] and img["sizes"] == lead.find("source")["sizes"]
    assert int(img["width"]) / int(img["height"]) == pytest.approx(4 / 3, abs=0.01)
    assert "loading" not in img.attrs  # the first image is loaded at once
    assert pictures[1].find("img")["loading"] == "lazy"
    for picture in pictures:
        for element in [*picture.find_all("source"), picture.find("img")]:
            urls = srcset_urls(element["srcset"])
            assert [w for _, w in urls] == [1600, 960, 480]
            for url, width in urls:
                with Image.open(site / url.lstrip("/")) as im:
                    assert im.width == width
                    assert im.format == ("WEBP" if element.name == "source" else "JPEG")


def test_captions_and_credits_become_figcaptions(site):
    soup = page(site, "nyheder/2014/nordre-faelled-har-faaet-en-naturvejleder")
    captions = [f.get_text(" ", strip=True) for f in soup.select(".article figure figcaption")]
    assert captions == [
        "Naturvejlederen viser rundt på Nordre Fælled. Foto: Birgit Holm",
        "Stien gennem Nordre Fælled er ny. Foto: Birgit Holm",
    ]


def test_phone_orientation_is_applied(site):
    # fodboldskole.jpg is stored standing (1500×2000) with EXIF "turn 90°": it is a landscape photo.
    with Image.open(CONTENT / "images" / "2014" / "fodboldskole.jpg") as original:
        assert original.width < original.height
    img = page(site, "nyheder/2014/25-boern-paa-sommerens-fodboldskole").select_one(".article picture img")
    assert int(img["width"]) > int(img["height"])
    with Image.open(site / img["src"].lstrip("/")) as im:
        assert im.width > im.height


def test_open_graph_image_is_an_absolute_1200x630_crop(site):
    soup = page(site, "nyheder/2014/babycafeen-samler-moedre")
    url = soup.find("meta", property="og:image")["content"]
    assert url.startswith("http://localhost:8000/billeder/")
    with Image.open(site / url.removeprefix("http://localhost:8000/")) as im:
        assert im.size == (1200, 630)
    assert soup.find("meta", property="og:image:alt")["content"].startswith("Mødre")


def test_lists_show_lead_photos_and_only_the_first_is_eager(site):
    images = page(site, "").select(".teasers img")
    # The front page's ten newest articles include four with a lead photo (2026 sample issue).
    assert len(images) >= 4
    assert "loading" not in images[0].attrs
    assert all(img["loading"] == "lazy" for img in images[1:])
    assert all(img["alt"] and img["width"] and img["height"] and img["srcset"] for img in images)


def test_feeds_carry_the_lead_photo(site):
    feed = feedparser.parse((site / "feeds" / "alle.rss.xml").read_bytes())
    entry = next(e for e in feed.entries if e.link.endswith("/babycafeen-samler-moedre/"))
    media = entry.media_content[0]
    assert media["type"] == "image/jpeg" and media["url"].startswith("http://localhost:8000/billeder/")
    img = BeautifulSoup(entry.content[0].value, "html.parser").find("img")
    assert img["src"].startswith("http://") and img["alt"].startswith("Mødre")
    raw = (site / "feeds" / "alle.rss.xml").read_text(encoding="utf-8")
    assert "srcset=&quot;/" not in raw  # feed readers cannot resolve site-relative candidates


# --- Print ------------------------------------------------------------------------------


def test_print_version_is_full_size_upright_and_without_metadata(tmp_path):
    settings = {"CACHE_PATH": str(tmp_path / "cache")}
    original = CONTENT / "images" / "2014" / "fodboldskole.jpg"
    printed = print_version(original, settings)
    with Image.open(original) as stored:
        standing = stored.size
    with Image.open(printed) as im:
        assert im.size == standing[::-1]  # every pixel of the original, turned upright
        assert not dict(im.getexif())
        assert set(im.info) <= DISPLAY_INFO
    mtime = printed.stat().st_mtime_ns
    assert print_version(original, settings) == printed
    assert printed.stat().st_mtime_ns == mtime  # made once


def test_a_photo_made_again_a_second_later_has_the_same_bytes(tmp_path):
    """A clean build tomorrow writes the photos (and the PDFs that embed them) as today's did."""
    code = (
        "import sys; from nordby_images import print_version; "
        "print(print_version(sys.argv[1], {'CACHE_PATH': sys.argv[2]}))"
    )
    original = CONTENT / "images" / "2014" / "fodboldskole.jpg"  # turned upright: encoded anew
    env = {**os.environ, "PYTHONPATH": str(ROOT / "plugins")}
    made = []
    for run in range(2):
        if run:
            time.sleep(1.1)  # a colour profile's date counts seconds
        args = [sys.executable, "-c", code, str(original), str(tmp_path / f"cache{run}")]
        result = subprocess.run(args, capture_output=True, text=True, env=env, check=True)
        made.append(Path(result.stdout.strip()).read_bytes())
    assert made[0] == made[1]


def test_an_upright_phone_photo_is_printed_with_its_own_pixels_and_no_metadata(tmp_path):
    # An upright sRGB JPEG goes to print as the phone wrote it, less its metadata: no second JPEG
    # generation, not a single pixel changed, and no GPS, camera or owner.
    original = tmp_path / "ude.jpg"
    original.write_bytes(photo_bytes(size=(1600, 1200), exif=phone_exif(orientation=1, gps=True)))
    printed = print_version(original, {"CACHE_PATH": str(tmp_path / "cache")})
    with Image.open(original) as before, Image.open(printed) as after:
        assert after.size == before.size
        assert not ImageChops.difference(before.convert("RGB"), after.convert("RGB")).getbbox()
        assert not dict(after.getexif())
        assert set(after.info) <= DISPLAY_INFO
        profile = ImageCms.ImageCmsProfile(io.BytesIO(after.info["icc_profile"]))
        assert "sRGB" in ImageCms.getProfileDescription(profile)
    assert b"Samsung" not in printed.read_bytes() and b"R58M12ABC34" not in printed.read_bytes()


def test_what_a_phone_appends_after_the_picture_is_not_printed(tmp_path):
    # Motion photos carry a video after the JPEG's end marker; the print version ends where the picture does.
    original = tmp_path / "bevaegelse.jpg"
    original.write_bytes(photo_bytes(size=(1600, 1200)) + b"ftypmp42 VIDEO med stemmer og GPS")
    printed = print_version(original, {"CACHE_PATH": str(tmp_path / "cache")})
    assert b"VIDEO" not in printed.read_bytes()
    assert printed.read_bytes().endswith(b"\xff\xd9")
    with Image.open(printed) as im:
        im.load()
        assert im.size == (1600, 1200)


def test_a_truncated_upright_photo_is_refused_for_print(tmp_path):
    original = tmp_path / "afbrudt.jpg"
    original.write_bytes(photo_bytes(size=(1600, 1200))[:30_000])
    with pytest.raises(BadImage, match="ikke helt overført"):
        print_version(original, {"CACHE_PATH": str(tmp_path / "cache")})


def web_job(original, target):
    """The job a build with the default settings gives a worker for this original."""
    return process.Job(
        source=str(original),
        target=str(target),
        widths=(480, 960, 1600),
        formats=("webp", "jpeg"),
        quality={"webp": 78, "jpeg": 80},
        og_size=(1200, 630),
        limits=process.Limits(40 * 10**6, 50 * 10**6),
    )


# Odd sizes, a phone photo standing on its side, a PNG, one narrower than every width, CMYK.
PLANNED = {
    "liggende.jpg": lambda: photo_bytes(size=(4033, 3025)),
    "staaende.jpg": lambda: photo_bytes(size=(3001, 2251), exif=phone_exif(orientation=6)),
    "tegning.png": lambda: png_bytes(size=(1999, 1333)),
    "lille.jpg": lambda: photo_bytes(size=(333, 250)),
    "cmyk.jpg": lambda: photo_bytes(size=(1700, 1100), mode="CMYK"),
}


@pytest.mark.parametrize("name", PLANNED)
def test_the_pages_sizes_are_those_of_the_photos_made_in_the_background(tmp_path, name):
    """A build writes each photo's srcset, width and height from its header while the pixels are
    processed in the background: a wrong guess would stretch the photo on the reader's phone."""
    original = tmp_path / name
    original.write_bytes(PLANNED[name]())
    job = web_job(original, tmp_path / "made")
    planned = process.plan(job)
    made = process.make_web_variants(job)
    assert "error" not in made, made
    files = [{k: v for k, v in f.items() if k != "bytes"} for f in made["files"]]
    assert {**made, "files": files, "og": {"name": made["og"]["name"]}} == planned
    for entry in made["files"]:
        with Image.open(tmp_path / "made" / entry["name"]) as im:
            assert im.size == (entry["width"], entry["height"])
        assert entry["bytes"] == (tmp_path / "made" / entry["name"]).stat().st_size
    with Image.open(original) as stored:
        width, height = ImageOps.exif_transpose(stored).size
    for entry in planned["files"]:  # never stretched, never wider than the original
        assert entry["width"] == min(width, entry["width"]) and entry["width"] in (480, 960, 1600, width)
        assert abs(entry["height"] - entry["width"] * height / width) <= 1, (entry, (width, height))


def test_a_first_build_starts_on_the_originals_before_the_content_is_read(tmp_path):
    """Only a build without a photo cache, of content with originals, starts early (a rebuild with
    nothing new would start workers for nothing). It begins with the
    originals the content's text mentions, largest first; the build takes over the jobs of the
    photos its documents use, and an original none uses is not processed once the build knows it."""
    originals = tmp_path / "content" / "images"
    originals.mkdir(parents=True)
    sizes = {
        "lille.jpg": (900, 600),
        "park.jpg": (1700, 1275),
        "stor.jpg": (2400, 1800),
        "gammel.jpg": (3000, 2000),
    }
    for name, size in sizes.items():
        (originals / name).write_bytes(photo_bytes(size=size))
    (originals / "noter.txt").write_text("ikke et billede", encoding="utf-8")  # left for the build
    (tmp_path / "content" / "side.md").write_text(
        "Image: images/stor.jpg\n\n![Parken]({static}/images/park.jpg)\n\nOgså images/lille.jpg og noter.txt.\n",
        encoding="utf-8",
    )  # gammel.jpg is in no text: an old upload, neither hashed nor processed
    settings = image_settings.apply_settings(
        {"PATH": str(tmp_path / "content"), "IMAGES_CACHE_PATH": str(tmp_path / "cache"), "IMAGES_WORKERS": 1}
    )
    pipeline.warm_up(settings)
    (warm,) = pipeline._WARM
    guessed = [Path(job.source).name for job, _ in warm.guessed.values()]
    assert guessed == ["stor.jpg", "park.jpg", "lille.jpg"]
    begun = {Path(job.source).name: future for job, future in warm.guessed.values()}

    build = pipeline.Pipeline(settings, tmp_path / "content")
    photos = build.start({(originals / "park.jpg").resolve(), (originals / "stor.jpg").resolve()})
    assert not pipeline._WARM
    assert [len(photo.variants) for photo in photos.values()] == [6, 6]
    (_, _, futures) = build._started
    assert set(futures) == {begun["park.jpg"], begun["stor.jpg"]}, "the very jobs warm_up began"
    assert build.finish() == {}
    assert begun["lille.jpg"].cancelled(), "no document uses it"
    assert json.loads((tmp_path / "cache" / pipeline.STATS_FILE).read_text()) == {"processed": 2, "reused": 0}
    hashed = json.loads((tmp_path / "cache" / "hashes.json").read_text())
    assert not any(path.endswith("gammel.jpg") for path in hashed)
    for photo in photos.values():
        assert all(Path(variant.cached).is_file() for variant in photo.variants)

    pipeline.warm_up(settings)  # built before: the cache has its stats file
    assert not pipeline._WARM
    empty = {**settings, "IMAGES_CACHE_PATH": str(tmp_path / "new-cache"), "IMAGES_SOURCE_DIR": "none"}
    pipeline.warm_up(empty)  # no originals
    assert not pipeline._WARM


@pytest.mark.parametrize("server", [False, True])
def test_workers_are_forked_by_a_build_alone_and_spawned_beside_a_server(tmp_path, server, monkeypatch):
    """A command-line build forks its photo workers, which start at once with Pillow imported. The
    development server runs threads, and a worker forked while one of them holds a lock could wait
    for it forever: beside them, workers are spawned. Either way the photo is made."""
    original = tmp_path / "foto.jpg"
    original.write_bytes(photo_bytes(size=(1700, 1275)))
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)  # as the server's threads wait for a request
    if server:
        thread.start()
    else:  # a command-line build runs no other thread (here, other tests' pools may still end theirs)
        monkeypatch.setattr(pipeline.threading, "active_count", lambda: 1)
    try:
        pool = pipeline._pool(1)
        made = pool.submit(process.make_web_variants, web_job(original, tmp_path / "made")).result(
            timeout=120
        )
        pool.shutdown()
        pipeline._BUSY.discard(pool)  # waited for, as a build's finish() does
    finally:
        stop.set()
    assert pool._mp_context.get_start_method() == ("spawn" if server else "fork")
    assert "error" not in made and (tmp_path / "made" / "meta.json").is_file()


def test_a_build_stopped_by_content_errors_leaves_the_photos_no_worker_has_begun(tmp_path):
    """Python finishes every job of a pool before the process exits: a first build that stops at a
    bad date would keep the editor waiting for all its photos after the report was printed."""
    nordby_images.register()  # as Pelican registers the plugin (connecting twice is once)
    originals = tmp_path / "content" / "images"
    originals.mkdir(parents=True)
    for n in range(6):
        (originals / f"foto-{n}.jpg").write_bytes(photo_bytes(size=(1700 + n, 1275)))
    settings = image_settings.apply_settings(
        {"PATH": str(tmp_path / "content"), "IMAGES_CACHE_PATH": str(tmp_path / "cache"), "IMAGES_WORKERS": 1}
    )
    build = pipeline.Pipeline(settings, tmp_path / "content")
    build.start({path.resolve() for path in originals.iterdir()})
    (_, pool, futures) = build._started

    ContentErrors(ProblemLog())  # what check_all_content raises
    with pytest.raises(RuntimeError):
        pool.submit(process.make_web_variants, None)  # the pool takes no new job
    deadline = time.monotonic() + 60  # the jobs begun end; the others are dropped at once
    while not all(future.done() for future in futures):
        assert time.monotonic() < deadline, futures
        time.sleep(0.05)
    assert futures[-1].cancelled(), "the last photo in line is not processed"
    assert sum(future.cancelled() for future in futures) >= 2


def test_effective_ppi():
    # 2000 px over 169.3 mm (6.67 in) is 300 ppi; the shorter side decides.
    assert effective_ppi((2000, 1500), (169.33, 127)) == pytest.approx(300, abs=0.1)
    assert effective_ppi((2000, 1000), (169.33, 127)) == pytest.approx(200, abs=0.1)
    with pytest.raises(ValueError):
        effective_ppi((2000, 1500), (0, 100))


# --- Small sites built for one case -----------------------------------------------------


def photo_bytes(size=(1200, 900), mode="RGB", exif=None):
    im = make_photo("park", 1, size) if mode == "RGB" else Image.new(mode, size, (0, 0, 0, 0))
    if mode == "CMYK":
        ImageDraw.Draw(im).rectangle([0, 0, size[0] // 2, size[1]], fill=(255, 0, 0, 0))  # cyan ink
    out = io.BytesIO()
    im.save(out, "JPEG", quality=80, exif=exif or Image.Exif())
    return out.getvalue()


def png_bytes(size):
    out = io.BytesIO()
    make_photo("park", 2, size).save(out, "PNG")
    return out.getvalue()


def small_site(root, image_name, data, extra=None, body=""):
    """content/ with one article whose lead photo is image_name (written from data)."""
    content = root / "content"
    (content / "data").mkdir(parents=True)
    (content / "data" / "forfattere.yml").write_text(REGISTRY, encoding="utf-8")
    (content / "nyheder").mkdir()
    if data is not None:
        target = content / "images" / image_name
        target.parent.mkdir(parents=True, exist_ok=True)
        data(target) if callable(data) else target.write_bytes(data)
    if extra is None:
        extra = f"Image: images/{image_name}\nImage_alt: Beboere på en sti\n"
    article = ARTICLE.format(title="Et foto", extra=extra, body=body)
    (content / "nyheder" / "et-foto.md").write_text(article, encoding="utf-8")
    return content


def build_small(root, *settings, run=pelican_here):
    """Build a small site with its own photo cache (the project's shared cache stays out of it).

    In this process by default, which spares starting Python for each case."""
    cache = f'IMAGES_CACHE_PATH="{root / "images-cache"}"'
    return run(root / "content", root / "output", cache, *settings)


def build(root, *settings):
    """Build in its own process, as `./dev build` does: only the cache on disk is shared between builds."""
    result = build_small(root, *settings, run=pelican)
    return result, json.loads((root / "images-cache" / "last-build.json").read_text())


def truncated(path):
    path.write_bytes(photo_bytes()[:20_000])


def bomb(path):
    # A 30000×30000 PNG packs into a few hundred KB but would need 2.7 GB decoded.
    Image.new("1", (30000, 30000)).save(path, "PNG")


def huge_file(path):
    with open(path, "wb") as f:
        f.write(photo_bytes())
        f.truncate(100 * 2**20)  # sparse: 100 MB on paper, nothing on disk


BAD_INPUT = {
    "truncated.jpg": (truncated, "ødelagt eller ikke helt overført"),
    "tekst.jpg": (b"Dette er ikke et billede\n", "ikke et billede"),
    "bombe.png": (bomb, "millioner pixel"),
    "tegning.svg": (b'<svg xmlns="http://www.w3.org/2000/svg"/>', "SVG"),
    "kaempe.jpg": (huge_file, "Filen fylder 104,9 MB; grænsen er 40,0 MB."),
    "mangler.jpg": (None, "findes ikke"),
}


@pytest.mark.parametrize("name", BAD_INPUT)
def test_bad_originals_stop_the_build_with_a_danish_message(tmp_path, name):
    data, words = BAD_INPUT[name]
    small_site(tmp_path, name, data)
    result = build_small(tmp_path)
    assert result.returncode != 0
    message = result.stdout + result.stderr
    assert re.search(rf'content/nyheder/et-foto\.md:\d+: FEJL \[Image\] Billedet "images/{name}"', message), (
        message
    )
    assert words in message
    assert "Traceback" not in message
    # Nothing half-made reaches the site or stays behind, and memory stayed far below a decoded bomb.
    assert not (tmp_path / "output" / "billeder").exists()
    assert not list(tmp_path.rglob("*.tmp"))
    # The build runs in this process and decodes photos in worker processes: neither came near it.
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss < 1_500_000  # KB
    assert resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss < 1_500_000


def test_an_image_path_outside_content_is_refused(tmp_path):
    (tmp_path / "hemmelig.jpg").write_bytes(photo_bytes())
    extra = "Image: ../hemmelig.jpg\nImage_alt: Et hus\n"
    small_site(tmp_path, "x.jpg", None, extra=extra)
    result = build_small(tmp_path)
    assert result.returncode != 0
    assert (
        'FEJL [Image] Billedet "../hemmelig.jpg": Billedet ligger uden for content/.'
        in result.stderr + result.stdout
    )
    assert not (tmp_path / "output" / "billeder").exists()


def test_a_photo_without_alt_text_names_the_article_and_the_photo(tmp_path):
    body = '![](images/inde.jpg "Kaffe i ParkCafeen")'
    small_site(tmp_path, "inde.jpg", photo_bytes(), extra="Image: images/inde.jpg\n", body=body)
    result = build_small(tmp_path)
    message = result.stdout + result.stderr
    assert result.returncode != 0
    assert (
        'content/nyheder/et-foto.md:5: FEJL [Image_alt] Billedet "images/inde.jpg": mangler en alternativ tekst'
        in message
    )
    assert 'content/nyheder/et-foto.md: FEJL Billedet "images/inde.jpg": mangler' in message


def test_a_cmyk_photo_is_converted_to_srgb(tmp_path):
    small_site(tmp_path, "cmyk.jpg", photo_bytes(mode="CMYK"))
    result = build_small(tmp_path)  # in this process: one build, nothing carried between builds
    assert result.returncode == 0, result.stderr
    files = image_files(tmp_path / "output" / "billeder")
    assert files
    for path in files:
        with Image.open(path) as im:
            assert im.mode == "RGB"
            left = im.convert("RGB").getpixel((im.width // 8, im.height // 2))
            assert left[0] < 80 and left[1] > 150 and left[2] > 150, left  # cyan stays cyan


def test_second_build_processes_no_photo_and_new_settings_reprocess(tmp_path):
    exif = phone_exif(orientation=6, gps=True)
    body = '![Kaffe på bordet](/images/inde.jpg "Kaffe. Foto: Amira Hassan")'
    small_site(tmp_path, "ude.jpg", photo_bytes(exif=exif), body=body)
    (tmp_path / "content" / "images" / "inde.jpg").write_bytes(photo_bytes())
    first, stats = build(tmp_path)
    assert first.returncode == 0, first.stderr
    assert stats == {"processed": 2, "reused": 0}
    published = {p: p.stat().st_mtime_ns for p in image_files(tmp_path / "output")}
    _, stats = build(tmp_path)
    assert stats == {"processed": 0, "reused": 2}
    assert {p: p.stat().st_mtime_ns for p in image_files(tmp_path / "output")} == published
    _, stats = build(tmp_path, 'IMAGES_QUALITY={"jpeg": 60}')
    assert stats == {"processed": 2, "reused": 0}


def test_a_bad_setting_is_named(tmp_path):
    small_site(tmp_path, "ude.jpg", photo_bytes())
    result = build_small(tmp_path, "IMAGES_WIDTHS=[0]")
    assert result.returncode != 0
    assert "IMAGES_WIDTHS" in result.stdout + result.stderr


def test_a_phone_loads_a_small_webp_and_nothing_jumps(served_site, phone):
    phone.goto(served_site + "/nyheder/2014/faellesspisning-i-parkcafeen/")
    lead = phone.locator(".article picture img").first
    lead.evaluate("img => img.decode()")
    source = lead.evaluate("img => img.currentSrc")
    assert source.endswith(".webp") and "-1600." not in source  # 343 css px at 2x or less
    box = lead.bounding_box()
    assert box["width"] <= 375 and box["height"] == pytest.approx(box["width"] * 3 / 4, abs=2)
    # Before any lazy photo has loaded, its box already has its final height.
    later = phone.locator(".article .body picture img").first
    assert later.get_attribute("loading") == "lazy"
    assert later.bounding_box()["height"] > 100
