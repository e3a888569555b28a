"""The IMAGES_* settings: defaults in one place, validated once at start-up."""

import os

DEFAULTS = {
    # Widths (px) of the web variants; none is larger than the original.
    "IMAGES_WIDTHS": (480, 960, 1600),
    # Formats of the web variants, best first: browsers pick the first they support.
    "IMAGES_FORMATS": ("webp", "jpeg"),
    # Encoder quality per format (1-95).
    "IMAGES_QUALITY": {"webp": 78, "jpeg": 80, "print": 92},
    # The `sizes` attribute for images in the article text and for lead images in lists.
    "IMAGES_SIZES": "(min-width: 42rem) 40rem, calc(100vw - 2rem)",
    "IMAGES_LIST_SIZES": "(min-width: 42rem) 12rem, calc(100vw - 2rem)",
    # The Open Graph crop (px) for link previews.
    "IMAGES_OG_SIZE": (1200, 630),
    # Where the variants go in output/, and where originals live under content/.
    "IMAGES_OUTPUT_DIR": "billeder",
    "IMAGES_SOURCE_DIR": "images",
    # Processed variants and the content hashes of originals; None: CACHE_PATH/images.
    # pelicanconf.py sets .cache/images: one cache for every build of the checkout.
    "IMAGES_CACHE_PATH": None,
    # Worker processes; None: one per core.
    "IMAGES_WORKERS": None,
    # Bad-input limits: larger files or pixel counts are refused before they are decoded.
    "IMAGES_MAX_BYTES": 40 * 1024 * 1024,
    "IMAGES_MAX_PIXELS": 64_000_000,
}
FORMATS = ("webp", "jpeg")


def _positive_ints(value):
    return isinstance(value, list | tuple) and value and all(isinstance(v, int) and v > 0 for v in value)


def _problems(s):
    """Every bad IMAGES_* setting, as (name, Danish explanation)."""
    checks = [
        ("IMAGES_WIDTHS", _positive_ints(s["IMAGES_WIDTHS"]), "en liste af positive heltal, fx (480, 960)"),
        (
            "IMAGES_FORMATS",
            isinstance(s["IMAGES_FORMATS"], list | tuple)
            and s["IMAGES_FORMATS"]
            and set(s["IMAGES_FORMATS"]) <= set(FORMATS)
            and s["IMAGES_FORMATS"][-1] == "jpeg",
            "en liste af 'webp' og 'jpeg', med 'jpeg' sidst",
        ),
        (
            "IMAGES_QUALITY",
            isinstance(s["IMAGES_QUALITY"], dict)
            and all(isinstance(v, int) and 1 <= v <= 95 for v in s["IMAGES_QUALITY"].values()),
            "en ordbog med kvaliteter fra 1 til 95",
        ),
        (
            "IMAGES_OG_SIZE",
            _positive_ints(s["IMAGES_OG_SIZE"]) and len(s["IMAGES_OG_SIZE"]) == 2,
            "(bredde, højde)",
        ),
        (
            "IMAGES_WORKERS",
            s["IMAGES_WORKERS"] is None or _positive_ints([s["IMAGES_WORKERS"]]),
            "None eller et tal",
        ),
        ("IMAGES_MAX_BYTES", _positive_ints([s["IMAGES_MAX_BYTES"]]), "et positivt heltal"),
        ("IMAGES_MAX_PIXELS", _positive_ints([s["IMAGES_MAX_PIXELS"]]), "et positivt heltal"),
    ]
    return [(name, hint) for name, ok, hint in checks if not ok]


def apply_settings(settings):
    """Merge the defaults under the given settings; stop with every bad setting named."""
    for name, value in DEFAULTS.items():
        settings.setdefault(name, value)
    settings["IMAGES_QUALITY"] = {**DEFAULTS["IMAGES_QUALITY"], **settings["IMAGES_QUALITY"]}
    if settings["IMAGES_CACHE_PATH"] is None:
        settings["IMAGES_CACHE_PATH"] = os.path.join(settings.get("CACHE_PATH", "cache"), "images")
    bad = _problems(settings)
    if bad:
        lines = "\n".join(f"  {name}: skal være {hint}" for name, hint in bad)
        raise SystemExit(f"Indstillingerne for billeder er forkerte i pelicanconf.py:\n{lines}")
    return settings


def fingerprint(settings):
    """The settings that change what a variant looks like: part of every cache key."""
    from .process import SAVE_OPTIONS  # noqa: PLC0415 - Pillow is not needed to check settings

    keys = ("IMAGES_WIDTHS", "IMAGES_FORMATS", "IMAGES_QUALITY", "IMAGES_OG_SIZE")
    return repr([*((k, settings[k]) for k in keys), SAVE_OPTIONS])
