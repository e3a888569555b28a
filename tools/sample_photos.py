"""Procedural sample photos (sky, blocks of flats, trees, people, grain) drawn with Pillow alone.

Run: .venv/bin/python tools/sample_photos.py   (writes the originals listed in PHOTOS into content/images/)
bench/images.py uses make_photo() for phone-sized test photos.
"""

import random
import sys
from pathlib import Path

from PIL import ExifTags, Image, ImageChops, ImageDraw, ImageFilter

ROOT = Path(__file__).resolve().parent.parent
SKIN = [(241, 204, 170), (198, 148, 105), (141, 94, 60), (92, 60, 40), (224, 172, 130)]
CLOTHES = [
    (180, 40, 50),
    (30, 70, 140),
    (240, 200, 60),
    (40, 110, 70),
    (60, 60, 70),
    (230, 230, 225),
    (200, 90, 150),
]
# Randers: 56.47 N, 10.03 E. Phones put this in every photo; the build must strip it.
GPS = {1: "N", 2: (56.0, 28.0, 12.6), 3: "E", 4: (10.0, 1.0, 48.3)}


def lerp(a, b, t):
    return tuple(round(x + (y - x) * t) for x, y in zip(a, b, strict=True))


def gradient(draw, box, top, bottom):
    x0, y0, x1, y1 = box
    for y in range(y0, y1):
        draw.line([(x0, y), (x1, y)], fill=lerp(top, bottom, (y - y0) / max(1, y1 - y0 - 1)))


def tree(draw, rng, x, ground, size):
    draw.rectangle([x - size * 0.06, ground - size * 0.5, x + size * 0.06, ground], fill=(85, 62, 45))
    for _ in range(14):
        dx, dy = rng.uniform(-0.35, 0.35) * size, rng.uniform(-1.0, -0.45) * size
        r = rng.uniform(0.18, 0.3) * size
        green = (rng.randint(40, 80), rng.randint(90, 140), rng.randint(40, 70))
        draw.ellipse([x + dx - r, ground + dy - r, x + dx + r, ground + dy + r], fill=green)


def person(draw, rng, x, ground, height, *, sitting=False):
    body = rng.choice(CLOTHES)
    head = height * 0.13
    top = ground - height * (0.62 if sitting else 1.0)
    draw.ellipse([x - head / 2, top, x + head / 2, top + head], fill=rng.choice(SKIN))
    shoulders = top + head * 1.05
    hip = shoulders + height * 0.36
    draw.rounded_rectangle(
        [x - height * 0.13, shoulders, x + height * 0.13, hip], radius=height * 0.06, fill=body
    )
    if not sitting:
        legs = lerp(body, (30, 30, 40), 0.6)
        draw.rectangle([x - height * 0.1, hip, x - height * 0.015, ground], fill=legs)
        draw.rectangle([x + height * 0.015, hip, x + height * 0.1, ground], fill=legs)


def block_of_flats(draw, rng, span, ground, height, *, lit=False):
    x0, x1 = span
    brick = rng.choice([(150, 70, 55), (190, 150, 110), (120, 60, 50), (200, 190, 170)])
    top = ground - height
    draw.rectangle([x0, top, x1, ground], fill=brick)
    draw.rectangle([x0 - 6, top - 10, x1 + 6, top], fill=(70, 70, 75))
    floors, cols = max(2, int(height / 90)), max(3, int((x1 - x0) / 80))
    fw, fh = (x1 - x0) / cols, height / floors
    for f in range(floors):
        for c in range(cols):
            wx, wy = x0 + c * fw + fw * 0.2, top + f * fh + fh * 0.25
            glass = (
                (250, 215, 120)
                if lit and rng.random() < 0.6
                else lerp((150, 180, 200), (60, 80, 100), rng.random())
            )
            draw.rectangle([wx, wy, wx + fw * 0.6, wy + fh * 0.45], fill=glass)
            if f > 0 and c % 2 == 0:
                draw.rectangle([wx - 4, wy + fh * 0.45, wx + fw * 0.6 + 4, wy + fh * 0.6], fill=(90, 90, 95))


def outdoor(draw, rng, w, h, *, buildings=True, field=False, evening=False):
    horizon = int(h * rng.uniform(0.45, 0.55))
    sky = ((20, 30, 70), (90, 80, 120)) if evening else ((70, 130, 200), (190, 215, 235))
    gradient(draw, (0, 0, w, horizon), *sky)
    for _ in range(0 if evening else 6):
        cx, cy, r = rng.uniform(0, w), rng.uniform(0, horizon * 0.6), rng.uniform(40, 120) * w / 2000
        for i in range(5):
            draw.ellipse(
                [cx + i * r * 0.6 - r, cy - r * 0.5, cx + i * r * 0.6 + r, cy + r * 0.5], fill=(245, 245, 250)
            )
    gradient(
        draw,
        (0, horizon, w, h),
        (90, 140, 70) if not evening else (30, 50, 35),
        (60, 110, 50) if not evening else (15, 25, 20),
    )
    x = -rng.uniform(0, 100)
    while buildings and x < w:
        bw = rng.uniform(0.2, 0.35) * w
        block_of_flats(draw, rng, (x, x + bw), horizon + 5, rng.uniform(0.25, 0.4) * h, lit=evening)
        x += bw + rng.uniform(0.03, 0.12) * w
    for _ in range(rng.randint(3, 7)):
        tree(draw, rng, rng.uniform(0, w), horizon + rng.uniform(10, 40), rng.uniform(0.15, 0.35) * h)
    if field:
        draw.rectangle([0, horizon + h * 0.08, w, h], fill=(70, 140, 60))
        draw.line(
            [(w * 0.1, horizon + h * 0.2), (w * 0.9, horizon + h * 0.2)],
            fill=(245, 245, 245),
            width=max(3, w // 400),
        )
        draw.rectangle(
            [w * 0.4, horizon + h * 0.02, w * 0.6, horizon + h * 0.1],
            outline=(250, 250, 250),
            width=max(4, w // 300),
        )
    else:
        draw.polygon(
            [(w * 0.45, horizon + 10), (w * 0.55, horizon + 10), (w * 0.8, h), (w * 0.2, h)],
            fill=(170, 160, 150),
        )
    if evening:
        for i in range(40):
            lx = i * w / 40
            draw.ellipse(
                [
                    lx - 6,
                    horizon * 0.7 + 25 * ((i % 5) - 2) ** 2 / 4 - 6,
                    lx + 6,
                    horizon * 0.7 + 25 * ((i % 5) - 2) ** 2 / 4 + 6,
                ],
                fill=(255, 220, 120),
            )
    people(draw, rng, (w, h), horizon)


def people(draw, rng, size, horizon, *, sitting=False):
    w, h = size
    for _ in range(rng.randint(3, 8)):
        depth = rng.uniform(0.15, 1.0)
        ground = horizon + depth * (h - horizon) * 0.9
        person(draw, rng, rng.uniform(0.05, 0.95) * w, ground, (0.12 + 0.4 * depth) * h, sitting=sitting)


def indoor(draw, rng, w, h):
    floor = int(h * 0.62)
    wall = rng.choice([(225, 205, 170), (200, 215, 205), (235, 225, 210)])
    gradient(draw, (0, 0, w, floor), lerp(wall, (255, 255, 255), 0.3), wall)
    gradient(draw, (0, floor, w, h), (150, 110, 80), (110, 80, 55))
    for i in range(3):
        wx = w * (0.1 + 0.3 * i)
        gradient(
            draw, (int(wx), int(h * 0.12), int(wx + w * 0.2), int(h * 0.45)), (200, 225, 245), (240, 245, 250)
        )
        draw.rectangle(
            [wx, h * 0.12, wx + w * 0.2, h * 0.45], outline=(250, 250, 250), width=max(6, w // 200)
        )
    for i in range(4):
        lx = w * (0.15 + 0.23 * i)
        draw.line([(lx, 0), (lx, h * 0.08)], fill=(40, 40, 40), width=3)
        draw.pieslice([lx - w * 0.04, h * 0.06, lx + w * 0.04, h * 0.14], 180, 360, fill=(240, 180, 60))
    people(draw, rng, (w, h), floor - h * 0.05, sitting=True)
    for _ in range(rng.randint(2, 4)):
        tx, ty, tw = rng.uniform(0.1, 0.9) * w, rng.uniform(0.72, 0.9) * h, rng.uniform(0.12, 0.2) * w
        draw.ellipse([tx - tw, ty - tw * 0.25, tx + tw, ty + tw * 0.25], fill=(240, 238, 232))
        for c in range(3):
            cx = tx - tw * 0.5 + c * tw * 0.5
            draw.rectangle([cx - 12, ty - 30, cx + 12, ty], fill=rng.choice(CLOTHES))


SCENES = {
    "housing": outdoor,
    "park": lambda d, r, w, h: outdoor(d, r, w, h, buildings=False),
    "football": lambda d, r, w, h: outdoor(d, r, w, h, buildings=False, field=True),
    "evening": lambda d, r, w, h: outdoor(d, r, w, h, evening=True),
    "indoor": indoor,
}


def make_photo(scene, seed, size=(2000, 1500)):
    """An RGB picture that reads as a photograph at a glance: soft edges, grain, vignette."""
    rng = random.Random(seed)
    w, h = size
    im = Image.new("RGB", size)
    SCENES[scene](ImageDraw.Draw(im), rng, w, h)
    im = im.filter(ImageFilter.GaussianBlur(max(1, w // 1200)))
    grain = Image.effect_noise(size, 10).convert("RGB")
    im = ImageChops.add(im, grain, scale=1.0, offset=-128)
    vignette = Image.radial_gradient("L").resize(size).point(lambda v: 255 - v * 0.35)
    return ImageChops.multiply(im, Image.merge("RGB", [vignette] * 3))


def phone_exif(orientation=1, gps=True):
    """EXIF as a phone writes it: camera, serial number, owner and (often) GPS."""
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "Samsung"
    exif[ExifTags.Base.Model] = "SM-G900F"
    exif[ExifTags.Base.Orientation] = orientation
    exif[ExifTags.Base.Artist] = "Borgerjournalist"
    exif[ExifTags.Base.BodySerialNumber] = "R58M12ABC34"
    if gps:
        exif[ExifTags.IFD.GPSInfo] = GPS
    return exif


def save(im, path, quality=70, orientation=1, gps=False):
    """Save as a phone would: a quarter-turned picture plus the EXIF tag that turns it upright."""
    if orientation == 6:
        im = im.transpose(Image.Transpose.ROTATE_90)
    path.parent.mkdir(parents=True, exist_ok=True)
    im.save(path, "JPEG", quality=quality, exif=phone_exif(orientation, gps), optimize=True)


# (file under content/images/2014, scene, seed, width, EXIF orientation, GPS)
# Every photo that Nordbyposten prints has at least 300 ppi at its printed size, so a newcomer's
# first build shows no photo warnings (2240 px across a 186 mm front page is 306 ppi).
PHOTOS = [
    ("babycafe.jpg", "indoor", 1, 2300, 1, True),
    ("fodboldskole.jpg", "football", 2, 2300, 6, True),
    ("aktivitetsforeningen.jpg", "housing", 3, 2240, 1, False),
    ("beboerraadet.jpg", "indoor", 4, 2240, 1, False),
    ("faellesspisning.jpg", "indoor", 5, 2300, 1, False),
    ("familieklassen.jpg", "park", 6, 2240, 1, False),
    ("fritidstjansen.jpg", "housing", 7, 2240, 1, False),
    ("go-ferie.jpg", "park", 8, 2240, 6, False),
    ("pigegruppen.jpg", "football", 9, 2240, 1, False),
    ("kagelaeserne.jpg", "indoor", 10, 2240, 1, False),
    ("linedance.jpg", "indoor", 11, 2240, 1, False),
    ("naturvejleder.jpg", "park", 12, 2200, 1, True),
    ("naturvejleder-sti.jpg", "park", 13, 1800, 1, False),
    ("julefest.jpg", "evening", 14, 2300, 1, False),
    ("tryghedsvandring.jpg", "evening", 15, 2240, 1, True),
    ("tryghedsvandring-blok.jpg", "housing", 16, 1800, 1, False),
    ("kurser.jpg", "indoor", 17, 2240, 1, False),
    ("bydelsmoedrene.jpg", "park", 18, 2240, 1, False),
    ("faellesspisning-koekken.jpg", "indoor", 19, 1600, 1, False),
    ("borgerjournalister.jpg", "housing", 20, 2240, 1, False),
]


# The issue of September–December 2026 (content/images/2026).
PHOTOS_2026 = [
    ("frugttraeer.jpg", "park", 21, 2600, 1, True),
    ("jobklub.jpg", "indoor", 22, 2600, 1, False),
    ("pigefodbold.jpg", "football", 23, 2600, 6, True),
    ("lys-og-baenke.jpg", "evening", 24, 2600, 1, False),
]


def main():
    for year, photos in (("2014", PHOTOS), ("2026", PHOTOS_2026)):
        _draw(ROOT / "content" / "images" / year, photos)
    return 0


def _draw(folder, photos):
    for name, scene, seed, width, orientation, gps in photos:
        save(
            make_photo(scene, seed, (width, width * 3 // 4)), folder / name, orientation=orientation, gps=gps
        )
        print(f"{folder / name}: {(folder / name).stat().st_size // 1024} KB")


if __name__ == "__main__":
    sys.exit(main())
