"""Print versions of photos, until plugins/nordby_images lands: swap this import for that one."""

import hashlib
import logging
from pathlib import Path

from PIL import Image, ImageOps

logger = logging.getLogger(__name__)
MM_PER_INCH = 25.4


def print_version(original: Path, settings) -> Path:
    """Full resolution, orientation applied, metadata stripped; cached by content hash."""
    original = Path(original)
    digest = hashlib.sha256(original.read_bytes()).hexdigest()[:16]
    target = Path(settings["CACHE_PATH"]) / "nordbyposten" / "photos" / f"{original.stem}-{digest}.jpg"
    if target.exists():
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    with Image.open(original) as img:
        clean = ImageOps.exif_transpose(img).convert("RGB")
    tmp = target.with_suffix(".tmp")
    clean.save(tmp, "JPEG", quality=92)  # no exif= argument: the metadata is dropped
    tmp.replace(target)
    return target


def effective_ppi(pixel_size: tuple[int, int], placed_size_mm: tuple[float, float]) -> float:
    """Pixels per inch at the placed size; the lower of the two directions counts."""
    width_in = placed_size_mm[0] / MM_PER_INCH
    height_in = placed_size_mm[1] / MM_PER_INCH
    return min(pixel_size[0] / width_in, pixel_size[1] / height_in)
