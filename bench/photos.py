"""Synthetic 'photos' for sample content, tests and benchmarks: a sky, a field and figures."""

import random
import sys
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter

PALETTES = [
    ((120, 170, 225), (70, 130, 60), (230, 90, 60)),
    ((250, 190, 120), (110, 140, 70), (60, 90, 160)),
    ((170, 200, 230), (90, 110, 80), (200, 60, 90)),
    ((200, 220, 240), (140, 120, 90), (40, 140, 120)),
]


def synthetic_photo(path, size=(2400, 1600), seed=0, quality=85):
    """Write a JPEG of a simple outdoor scene; deterministic for a given seed."""
    rnd = random.Random(seed)
    sky, ground, accent = PALETTES[seed % len(PALETTES)]
    width, height = size
    img = Image.new("RGB", size, sky)
    draw = ImageDraw.Draw(img)
    horizon = int(height * rnd.uniform(0.45, 0.6))
    for y in range(horizon):  # sky gradient, lighter towards the horizon
        t = y / horizon
        draw.line([(0, y), (width, y)], fill=tuple(int(c + (255 - c) * t * 0.5) for c in sky))
    draw.rectangle([0, horizon, width, height], fill=ground)
    for _ in range(6):  # trees and houses on the horizon
        x = rnd.randint(0, width)
        w = rnd.randint(width // 20, width // 8)
        h = rnd.randint(height // 10, height // 4)
        draw.ellipse([x, horizon - h, x + w, horizon + h // 6], fill=tuple(c // 2 for c in ground))
    for _ in range(rnd.randint(3, 7)):  # people: a head and a coat
        x = rnd.randint(width // 10, width * 9 // 10)
        s = rnd.randint(height // 10, height // 5)
        top = horizon + rnd.randint(0, height // 6)
        draw.ellipse([x, top, x + s // 3, top + s // 3], fill=(225, 185, 150))
        coat = tuple(min(255, max(0, c + rnd.randint(-60, 60))) for c in accent)
        draw.rounded_rectangle(
            [x - s // 6, top + s // 3, x + s // 2, top + s * 1.3], radius=s // 8, fill=coat
        )
    img = img.filter(ImageFilter.GaussianBlur(radius=max(1, width // 800)))
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    img.save(path, "JPEG", quality=quality)
    return Path(path)


if __name__ == "__main__":
    for number, name in enumerate(sys.argv[1:]):
        synthetic_photo(name, seed=number)
