"""Uploaded photos: checked with the photo plugin's own limits before anything is kept."""

import re
from pathlib import Path

from . import site

SUFFIX = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
# Markup inside an image file makes it a polyglot: a browser or another program could read it as
# a page or a script. A real photo never holds these byte strings.
_MARKUP = re.compile(rb"(?i)<\s*(script|html|body|iframe|svg|\?php|!doctype|object|embed)\b")
_SVG_START = re.compile(rb"(?is)^\s*(<\?xml[^>]*>\s*)?(<!--.*?-->\s*)*(<!doctype\s+svg|<svg)")
_BAD_NAME = re.compile(r"[/\\\x00]|\.\.")


def _bad(message, fix):
    from nordby_images.process import BadImage  # noqa: PLC0415 - needs the plugin path

    return BadImage(message, fix)


def limits(config):
    from nordby_images.process import Limits  # noqa: PLC0415

    s = site.shared(config)
    return Limits(s["IMAGES_MAX_BYTES"], s["IMAGES_MAX_PIXELS"])


def check_name(filename):
    """A browser sends only the file's own name; a path in it is an attack, never a photo."""
    if _BAD_NAME.search(filename or ""):
        raise _bad(
            f'Filnavnet "{filename}" indeholder en sti (fx ../).', "vælg billedet igen fra din telefon"
        )
    if Path(filename or "").suffix.lower() in {".svg", ".svgz"}:
        raise _bad("SVG-tegninger kan ikke bruges som foto.", "send billedet som JPEG eller PNG")


def check_bytes(path):
    """Refuse SVG and files that hold markup besides the picture (polyglots)."""
    head = Path(path).read_bytes()
    if _SVG_START.match(head[:4096]):
        raise _bad("SVG-tegninger kan ikke bruges som foto.", "send billedet som JPEG eller PNG")
    if _MARKUP.search(head):
        raise _bad(
            "Filen er ikke kun et billede: den indeholder også kode.",
            "tag billedet igen, eller gem det som et nyt JPEG-billede",
        )


def check_upload(path, filename, config):
    """The photo's format suffix (jpg, png, webp) if it can be published; else BadImage (Danish)."""
    from nordby_images.process import check_file, decode, open_original  # noqa: PLC0415

    check_name(filename)
    lim = limits(config)
    path = Path(path)
    check_file(path, lim)  # the size, before the bytes are read
    check_bytes(path)
    with open_original(path, lim) as im:  # pixels and type read from the bytes
        fmt = im.format
        # The smallest decode (JPEG at 1/8 scale) still reads every byte, so it finds truncated and
        # corrupt files; the photo is laid out at full size by the build, not here.
        decode(im, 1)
    return SUFFIX[fmt]
