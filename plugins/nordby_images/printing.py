"""Print variants for Nordbyposten, and the effective resolution of a photo at its printed size."""

from pathlib import Path

from . import cache, process
from .settings import apply_settings

MM_PER_INCH = 25.4


def _image_settings(settings):
    """The IMAGES_* settings with defaults, whether or not the plugin has seen them yet."""
    given = {k: v for k, v in settings.items() if k.startswith("IMAGES_")}
    return apply_settings({"CACHE_PATH": settings.get("CACHE_PATH", "cache"), **given})


def print_version(original: Path, settings) -> Path:
    """The original at full resolution, upright, in sRGB, without metadata; made once and cached.

    Raises process.BadImage (with a Danish message and fix) for an original that cannot be used.
    """
    s = _image_settings(settings)
    quality = s["IMAGES_QUALITY"]["print"]
    limits = process.Limits(s["IMAGES_MAX_BYTES"], s["IMAGES_MAX_PIXELS"])
    original = Path(original)
    process.check_file(original, limits)
    # "as is": a print version made before upright sRGB JPEGs were passed through is made again.
    key = cache.variant_key(cache.file_hash(original), f"print {quality} as is")
    target = cache.entry_folder(s["IMAGES_CACHE_PATH"], key) / "print.jpg"
    if target.is_file():
        return target
    return process.make_print_version(original, target, quality, limits)


def effective_ppi(pixel_size: tuple[int, int], placed_size_mm: tuple[float, float]) -> float:
    """Pixels per inch when an image of pixel_size is printed at placed_size_mm (the lower of the two axes).

    Print needs about 300 ppi; below 150 a photo looks soft on paper.
    """
    (px_w, px_h), (mm_w, mm_h) = pixel_size, placed_size_mm
    if min(px_w, px_h, mm_w, mm_h) <= 0:
        raise ValueError("Både pixelstørrelse og trykt størrelse skal være større end 0.")
    return min(px_w / (mm_w / MM_PER_INCH), px_h / (mm_h / MM_PER_INCH))
