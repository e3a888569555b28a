"""Pillow operations: open an original safely, orient it, make variants, write them atomically.

Everything here is a plain function of files and numbers, so it runs in worker
processes and in tests without Pelican.
"""

import io
import json
import math
import os
import struct
import warnings
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from stat import S_ISREG

from PIL import Image, ImageCms, ImageFile, ImageOps, UnidentifiedImageError

from nordby_content.files import replacing, write_atomic

ALLOWED_FORMATS = {"JPEG", "PNG", "WEBP"}
ORIENTATION = 0x0112
_SRGB = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))
# Little CMS stamps a profile with the second it was made (bytes 24-35 of the ICC header); a fixed
# date keeps a photo's bytes, and the paper's PDFs that embed it, the same from build to build.
_PROFILE = _SRGB.tobytes()
SRGB_ICC = _PROFILE[:24] + struct.pack(">6H", 2026, 1, 1, 0, 0, 0) + _PROFILE[36:]
SAVE_OPTIONS = {
    # Baseline with optimised Huffman tables: 1-2 % larger than progressive in a fifth of the time.
    # The JPEG is only the fallback for browsers without WebP, which get the WebP first.
    "jpeg": {"format": "JPEG", "progressive": False, "optimize": True},
    # WebP effort 1: on the sample photos 3 % larger than at the default effort 4, in 30 % of its time
    # (effort 2: as large as 4, in 42 %). A first build makes every variant of every photo.
    "webp": {"format": "WEBP", "method": 1},
    "print": {"format": "JPEG", "progressive": False, "optimize": True, "subsampling": 0},
}
_SUFFIX = {"jpeg": "jpg", "webp": "webp", "print": "jpg"}
META_FILE = "meta.json"
MISSING = "Billedfilen findes ikke."


class BadImage(Exception):
    """An original that cannot be published; message and fix are for the editor, in Danish."""

    def __init__(self, message, fix):
        super().__init__(message)
        self.message = message
        self.fix = fix


@dataclass(frozen=True)
class Limits:
    """Bad-input limits, checked before any pixel is decoded."""

    max_bytes: int
    max_pixels: int


def check_file(path, limits):
    """Refuse what must never be decoded: missing files, SVG, huge files; returns os.stat(path)."""
    try:
        stat = os.stat(path)
    except OSError:
        stat = None
    if stat is None or not S_ISREG(stat.st_mode):
        raise BadImage(MISSING, "ret stien, så den peger på en fil i content/images/")
    if path.suffix.lower() in {".svg", ".svgz"}:
        raise BadImage(
            "SVG-tegninger kan ikke bruges som foto.", "gem billedet som JPEG eller PNG, og ret stien"
        )
    size = stat.st_size
    if size > limits.max_bytes:
        raise BadImage(
            f"Filen fylder {megabytes(size)}; grænsen er {megabytes(limits.max_bytes)}.",
            "gem billedet i en mindre udgave (fx 4000 pixel bred) og prøv igen",
        )
    return stat


def open_original(path, limits):
    """Open an original lazily (header only) and check its format and pixel count."""
    check_file(path, limits)
    try:
        with warnings.catch_warnings():  # our own pixel limit below decides, with a Danish message
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            im = Image.open(path)
    except Image.DecompressionBombError as exc:
        raise _too_many_pixels(limits) from exc
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise BadImage(
            "Filen er ikke et billede, der kan læses.", "gem billedet igen som JPEG og læg det ind på ny"
        ) from exc
    if im.format not in ALLOWED_FORMATS:
        im.close()
        raise BadImage(f"Billedformatet {im.format} kan ikke bruges.", "gem billedet som JPEG eller PNG")
    if im.width * im.height > limits.max_pixels:
        im.close()
        raise _too_many_pixels(limits, im.size)
    return im


def _too_many_pixels(limits, size=None):
    what = f"{size[0]}×{size[1]} pixel" if size else "for mange pixel"
    return BadImage(
        f"Billedet er {what}; grænsen er {limits.max_pixels // 1_000_000} millioner pixel.",
        "gem billedet i en mindre udgave (fx 4000 pixel bred) og prøv igen",
    )


def _rotated(im):
    """Whether the EXIF orientation turns the picture a quarter turn."""
    return im.getexif().get(ORIENTATION, 1) in {5, 6, 7, 8}


@contextmanager
def _strict_decoding():
    """Refuse truncated files even when WeasyPrint (Nordbyposten), imported in the same process,
    has switched on Pillow's process-wide LOAD_TRUNCATED_IMAGES."""
    before = ImageFile.LOAD_TRUNCATED_IMAGES
    ImageFile.LOAD_TRUNCATED_IMAGES = False
    try:
        yield
    finally:
        ImageFile.LOAD_TRUNCATED_IMAGES = before


def _broken():
    return BadImage("Billedfilen er ødelagt eller ikke helt overført.", "send eller kopier originalen igen")


def _load_whole(im):
    """Decode im (at its draft scale), refusing a file that is broken or cut short."""
    try:
        with _strict_decoding():
            im.load()
    except (OSError, SyntaxError, ValueError) as exc:
        raise _broken() from exc


def decode(im, need_width=None, need_height=0):
    """Decode im upright and in sRGB, no smaller than need_width × need_height (upright).

    For JPEG, draft mode lets libjpeg decode at 1/2, 1/4 or 1/8 scale, which is
    most of the speed-up: a phone photo is never decoded at full size for the web.
    """
    if need_width:
        draft(im, need_width, need_height)
    _load_whole(im)
    ImageOps.exif_transpose(im, in_place=True)  # a copy of every upright photo would cost as much
    return to_srgb(im)


def draft(im, need_width, need_height=0):
    """Ask libjpeg for the smallest 1/2, 1/4 or 1/8 scale that still covers need_width × need_height
    (upright); returns the upright size decoding will give. Nothing is decoded yet."""
    rotated = _rotated(im)
    width, height = (im.height, im.width) if rotated else im.size
    if im.format == "JPEG":
        scale = min(1.0, max(need_width / width, need_height / height))
        want = (math.ceil(width * scale), math.ceil(height * scale))
        im.draft("RGB", (want[1], want[0]) if rotated else want)
    return (im.height, im.width) if rotated else im.size


def _profile(icc):
    """The ICC profile in an image's bytes, None when it is sRGB or broken (read as sRGB)."""
    try:
        source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
        return None if "sRGB" in ImageCms.getProfileDescription(source) else source
    except (ImageCms.PyCMSError, OSError):
        return None  # a broken profile: Pillow's plain conversion is the best guess


def to_srgb(im):
    """RGB pixels in sRGB: CMYK and other colour spaces are converted, alpha goes onto white."""
    source = _profile(im.info["icc_profile"]) if im.info.get("icc_profile") else None
    if source:
        im = ImageCms.profileToProfile(im, source, _SRGB, outputMode="RGB")
    if im.mode in {"RGBA", "LA", "PA"} or (im.mode == "P" and "transparency" in im.info):
        rgba = im.convert("RGBA")
        flat = Image.new("RGB", rgba.size, "white")
        flat.paste(rgba, mask=rgba.getchannel("A"))
        return flat
    return im if im.mode == "RGB" else im.convert("RGB")


def scaled_size(size, width):
    """(width, height) with the aspect ratio of size."""
    return width, max(1, round(size[1] * width / size[0]))


def web_widths(original_width, widths):
    """The variant widths for an original: never wider than it, at least one."""
    fitting = sorted({w for w in widths if w <= original_width})
    return fitting or [original_width]


def chain_sizes(size, widths):
    """The variants' sizes, largest first, each scaled from the one before, as resize_chain makes them."""
    sizes = []
    for width in sorted(widths, reverse=True):
        size = size if size[0] == width else scaled_size(size, width)
        sizes.append(size)
    return sizes


def resize_chain(im, sizes):
    """Resize largest first, each from the previous result: far less work than from the original.

    reducing_gap makes Pillow reduce() by a whole factor first (cheap box averaging) and
    resample only the last step. Bicubic, as Pillow's own thumbnail(): side by side with Lanczos
    no difference shows at these scales, and it takes two thirds of the time.
    """
    current = im
    for size in sizes:
        if current.size != size:
            current = current.resize(size, Image.Resampling.BICUBIC, reducing_gap=3.0)
        yield current


def megabytes(size):
    """Bytes as the MB a file manager shows (10**6 bytes, not MiB), the Danish way: '43,2 MB'."""
    return f"{size / 1_000_000:.1f} MB".replace(".", ",")


def save_atomic(im, path, kind, quality):
    """Write im with no metadata but the sRGB profile; a reader never sees a half-written file."""
    im.info = {}  # Pillow would otherwise carry comments, EXIF or XMP over from the original
    # No fsync: a cache folder counts only once meta.json is written, and can be made again.
    with replacing(path, sync=False) as tmp:
        im.save(tmp, quality=quality, icc_profile=SRGB_ICC, **SAVE_OPTIONS[kind])
    return path.stat().st_size


def og_crop(im, size):
    """The link-preview crop, a little above the centre where faces and buildings usually are."""
    return ImageOps.fit(im, tuple(size), Image.Resampling.BICUBIC, centering=(0.5, 0.4))


@dataclass(frozen=True)
class Job:
    """One original to turn into all its web variants in the cache folder `target`."""

    source: str
    target: str
    widths: tuple
    formats: tuple
    quality: dict
    og_size: tuple
    limits: Limits
    planned: dict | None = None  # plan(self), when the build has read it already


def plan(job):
    """The meta of the variants process() will make (without their bytes), read from the header alone.

    A build writes its pages with these names and sizes while the pixels are processed in the
    background; process() makes exactly these sizes. Raises BadImage as open_original does.
    """
    with open_original(Path(job.source), job.limits) as im:
        size = draft(im, max(*job.widths, job.og_size[0]), job.og_size[1])
    files = [
        {"name": f"{width}.{_SUFFIX[fmt]}", "width": width, "height": height, "format": fmt}
        for width, height in chain_sizes(size, web_widths(size[0], job.widths))
        for fmt in job.formats
    ]
    return {"width": size[0], "height": size[1], "files": files, "og": {"name": "og.jpg"}}


def make_web_variants(job):
    """Process one original; returns its meta dict, or {"error": (message, fix)}."""
    try:
        meta = json.loads(json.dumps(job.planned)) if job.planned else plan(job)  # filled in: a copy
        return _make_web_variants(job, meta)
    except BadImage as bad:
        return {"error": (bad.message, bad.fix)}
    except (OSError, ValueError, MemoryError, Image.DecompressionBombError) as exc:
        return {"error": ("Billedet kan ikke behandles.", f"gem det igen som JPEG ({type(exc).__name__})")}


def _make_web_variants(job, meta):
    target = Path(job.target)
    files = meta["files"]
    sizes = list(dict.fromkeys((f["width"], f["height"]) for f in files))  # largest first
    with open_original(Path(job.source), job.limits) as im:
        upright = decode(im, max(*job.widths, job.og_size[0]), job.og_size[1])
        largest = None
        for resized in resize_chain(upright, sizes):
            largest = largest or resized
            for f in files:
                if (f["width"], f["height"]) == resized.size:
                    f["bytes"] = save_atomic(
                        resized, target / f["name"], f["format"], job.quality[f["format"]]
                    )
        # From the largest variant when it covers the crop: a third of the pixels of the original.
        covers = largest.width >= job.og_size[0] and largest.height >= job.og_size[1]
        og = og_crop(largest if covers else upright, job.og_size)
        meta["og"]["bytes"] = save_atomic(og, target / "og.jpg", "jpeg", job.quality["jpeg"])
    write_meta(target, meta)
    return meta


def write_meta(target, meta):
    """meta.json is written last: its presence means the cache folder is complete."""
    write_atomic(target / META_FILE, json.dumps(meta), sync=False)


def read_meta(target):
    try:
        return json.loads((Path(target) / META_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def make_print_version(source, target, quality, limits):
    """Full resolution, upright, sRGB, no metadata: what the printer gets."""
    with open_original(Path(source), limits) as im:
        if printable_as_is(im):
            check_complete(im)
            write_atomic(target, without_metadata(Path(source).read_bytes()), sync=False)
        else:
            upright = decode(im)
            save_atomic(upright, Path(target), "print", quality)
    return Path(target)


def printable_as_is(im):
    """A baseline RGB JPEG, upright and in sRGB: its compressed pixels can go to print untouched.

    Decoding and encoding it again would cost time and a generation of JPEG loss for nothing;
    WeasyPrint puts a JPEG into the PDF as it is.
    """
    icc = im.info.get("icc_profile")
    return (
        im.format == "JPEG"
        and im.mode == "RGB"
        and not im.info.get("progressive")  # the oldest print workflows read baseline JPEG only
        and im.getexif().get(ORIENTATION, 1) == 1
        and (not icc or _profile(icc) is None)
    )


def check_complete(im):
    """Refuse a truncated JPEG without decoding it in full: at 1/8 scale libjpeg still reads every scan."""
    im.draft("RGB", (max(1, im.width // 8), max(1, im.height // 8)))
    _load_whole(im)


# Segments a JPEG keeps in print: JFIF (APP0) and Adobe's APP14, which says how to read the colours.
# EXIF, XMP, IPTC (APP1-APP13, APP15), comments and the original's profile go.
_KEPT = {0xE0, 0xEE}
_DROPPED = set(range(0xE1, 0xF0)) - _KEPT | {0xFE}
_START_OF_SCAN = 0xDA


def without_metadata(data):
    """The JPEG's bytes with no metadata but an sRGB profile; the compressed image is not touched."""
    if data[:2] != b"\xff\xd8":
        raise BadImage("Filen er ikke et billede, der kan læses.", "gem billedet igen som JPEG")
    kept, pos = [data[:2]], 2
    while pos + 4 <= len(data) and data[pos] == 0xFF:
        marker = data[pos + 1]
        if marker == 0xFF:  # a fill byte before a marker
            pos += 1
            continue
        if marker == _START_OF_SCAN:  # the compressed image, as it is, up to its end marker
            after_jfif = 2 if len(kept) > 1 and kept[1][1] == 0xE0 else 1  # JFIF must follow SOI
            kept.insert(after_jfif, _icc_segment(SRGB_ICC))
            return b"".join([*kept, data[pos : _image_end(data, pos)]])
        end = pos + 2 + int.from_bytes(data[pos + 2 : pos + 4], "big")
        if marker not in _DROPPED:
            kept.append(data[pos:end])
        pos = end
    raise _broken()


def _image_end(data, pos):
    """Just past the image's end marker (EOI): what phones append after it (a motion photo's video,
    a second picture, maker data) is not the image and never goes to print."""
    while (pos := data.find(b"\xff", pos)) >= 0 and pos + 1 < len(data):
        marker = data[pos + 1]
        if marker == 0xD9:
            return pos + 2
        if marker in _IN_SCAN or pos + 4 > len(data):
            pos += 1
            continue
        pos += 2 + int.from_bytes(data[pos + 2 : pos + 4], "big")  # tables or a further scan's header
    raise _broken()


# In compressed data: a stuffed 0xFF byte, restart markers and fill bytes, none of them a segment.
_IN_SCAN = {0x00, *range(0xD0, 0xD8), 0xFF}


def _icc_segment(icc):
    """An APP2 segment with a whole ICC profile (small enough for one segment)."""
    body = b"ICC_PROFILE\0\x01\x01" + icc
    return b"\xff\xe2" + (len(body) + 2).to_bytes(2, "big") + body
