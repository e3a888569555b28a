"""The IMAGES_* settings: defaults in one place, validated once at start-up."""

import os

from nordby_content.settings import Schema, dictionary, integer, option, text

FORMATS = ("webp", "jpeg")


def _positive_ints(value):
    return isinstance(value, list | tuple) and bool(value) and all(_positive(v) for v in value)


def _positive(value):
    return isinstance(value, int) and not isinstance(value, bool) and value > 0


def _formats(value):
    return (
        isinstance(value, list | tuple) and bool(value) and set(value) <= set(FORMATS) and value[-1] == "jpeg"
    )


def _qualities(value):
    return all(isinstance(v, int) and 1 <= v <= 95 for v in value.values())


SCHEMA = Schema(
    "IMAGES_",
    {
        "IMAGES_WIDTHS": option(
            (480, 960, 1600),
            "Widths (px) of the web variants; none is larger than the original.",
            _positive_ints,
            "en liste af positive heltal, fx (480, 960)",
        ),
        "IMAGES_FORMATS": option(
            ("webp", "jpeg"),
            "Formats of the web variants, best first: browsers pick the first they support.",
            _formats,
            "en liste af 'webp' og 'jpeg', med 'jpeg' sidst",
        ),
        "IMAGES_QUALITY": dictionary(
            {"webp": 78, "jpeg": 80, "print": 92},
            "Encoder quality per format (1-95), merged over the defaults; 'print' for originals that are"
            " saved again (an upright sRGB JPEG goes to print as it is).",
            "en ordbog med kvaliteter fra 1 til 95",
            merge=True,
            check=_qualities,
        ),
        "IMAGES_SIZES": text(
            "(min-width: 42rem) 40rem, calc(100vw - 2rem)", "The `sizes` attribute of photos in the text."
        ),
        "IMAGES_LIST_SIZES": text(
            "(min-width: 42rem) 12rem, calc(100vw - 2rem)", "The `sizes` attribute of lead photos in lists."
        ),
        "IMAGES_OG_SIZE": option(
            (1200, 630),
            "The Open Graph crop (px) for link previews.",
            lambda v: _positive_ints(v) and len(v) == 2,
            "(bredde, højde)",
        ),
        "IMAGES_OUTPUT_DIR": text("billeder", "Where the variants go in output/."),
        "IMAGES_SOURCE_DIR": text("images", "Where the originals live under content/."),
        "IMAGES_CACHE_PATH": option(
            None,
            "Processed variants and the originals' content hashes; None: CACHE_PATH/images.",
            lambda v: v is None or isinstance(v, str),
            "None eller en mappe",
        ),
        "IMAGES_WORKERS": option(
            None,
            "Worker processes; None: one per core.",
            lambda v: v is None or _positive(v),
            "None eller et tal",
        ),
        "IMAGES_MAX_BYTES": integer(
            40_000_000, "Larger files (bytes; 40 MB) are refused before they are decoded.", 1
        ),
        "IMAGES_MAX_PIXELS": integer(64_000_000, "More pixels are refused before they are decoded.", 1),
    },
)
DEFAULTS = SCHEMA.defaults


def apply_settings(settings):
    """Merge the defaults under the given settings; stop with every bad setting named."""
    SCHEMA.apply(settings)
    if settings["IMAGES_CACHE_PATH"] is None:
        settings["IMAGES_CACHE_PATH"] = os.path.join(settings.get("CACHE_PATH", "cache"), "images")
    return settings


def fingerprint(settings):
    """The settings that change what a variant looks like: part of every cache key."""
    from .process import SAVE_OPTIONS  # noqa: PLC0415 - Pillow is not needed to check settings

    keys = ("IMAGES_WIDTHS", "IMAGES_FORMATS", "IMAGES_QUALITY", "IMAGES_OG_SIZE")
    return repr([*((k, settings[k]) for k in keys), SAVE_OPTIONS])
