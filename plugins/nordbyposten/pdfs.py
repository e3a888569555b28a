"""The print PDF, the web edition and the booklet (booklet.py) from one drawing of the pages.

WeasyPrint draws the pages into pydyf's PDF objects once. The print PDF is those objects written
out; the web edition is the same objects with smaller photos and no bleed, the booklet the same
objects with two pages to a sheet. Changing the objects and writing them again costs a fraction of
reading the print PDF back with pypdf, whose tags alone are thousands of objects to parse and copy.
"""

import hashlib
import io
import zlib

import pydyf
from PIL import Image

from nordby_content.files import write_atomic


class Drawn:
    """WeasyPrint's PDF objects of one laid-out document, written out once per edition."""

    def __init__(self, document, pdfx=False):
        from weasyprint import DEFAULT_OPTIONS  # noqa: PLC0415 - on first use, like render.render_html
        from weasyprint.pdf import VARIANTS  # noqa: PLC0415

        variant = VARIANTS["pdf/x-4"][1] if pdfx else {}
        # As Document.write_pdf does: the variant's version and identifier unless given.
        self._write_args = (
            DEFAULT_OPTIONS["pdf_version"] or variant.get("pdf_version"),
            DEFAULT_OPTIONS["pdf_identifier"] or variant.get("pdf_identifier", False),
            not DEFAULT_OPTIONS["uncompressed_pdf"],
        )
        self.pdf, self._own = None, 0
        options = {"pdf_variant": "pdf/x-4"} if pdfx else {}
        self.print_pdf = document.write_pdf(pdf_tags=True, finisher=self._keep, **options)
        self._trim()

    def _keep(self, document, pdf):
        """WeasyPrint's finisher: keep the objects, and compress each stream once for all writes."""
        self.pdf, self._own = pdf, len(pdf.objects)
        for stream in pdf.objects:
            if isinstance(stream, pydyf.Stream) and stream.compress:
                _compress_once(stream)

    def _trim(self):
        """pydyf.PDF.write appends the info, object-stream and xref objects and counts bytes on from
        where it stopped: take them out again, so that the next write starts afresh."""
        del self.pdf.objects[self._own :]
        self.pdf.current_position = 0

    def pages(self):
        return [self.pdf.objects[number] for number in self.pdf.pages["Kids"][::3]]

    def add(self, obj):
        """Add an object of a later edition (a booklet sheet), kept for the writes that follow."""
        self.pdf.add_object(obj)
        self._own = len(self.pdf.objects)

    def write(self):
        """The objects as a PDF file, as they are now."""
        out = io.BytesIO()
        self.pdf.write(out, *self._write_args)
        self._trim()
        return out.getvalue()


def _compress_once(stream):
    """Deflate a stream's data now, so each of the three writes copies it instead of compressing it."""
    data = b"\n".join(pydyf._to_bytes(item) for item in stream.stream)  # as pydyf.Stream.data joins them
    stream.stream, stream.compress = [zlib.compress(data, 9)], False
    stream.extra["Filter"] = "/FlateDecode"


def web_edition(drawn, placed, settings, cache_folder):
    """Photos resampled to about NORDBYPOSTEN_WEB_PPI, pages cut to the trimmed size; the PDF's bytes."""
    target, quality = settings["NORDBYPOSTEN_WEB_PPI"], settings["NORDBYPOSTEN_WEB_JPEG_QUALITY"]
    for image in drawn.pdf.objects:
        if not isinstance(image, pydyf.Stream) or image.extra.get("Filter") != "/DCTDecode":
            continue
        size = (image.extra["Width"], image.extra["Height"])
        ppis = [p.ppi for p in placed if p.pixels == size]
        if ppis and min(ppis) > target * 1.1:
            _resample(image, target / min(ppis), quality, cache_folder)
    if settings["NORDBYPOSTEN_BLEED_MM"]:
        for page in drawn.pages():
            page["MediaBox"] = page.pop("TrimBox")  # no bleed for screens: the page is the trimmed page
            page.pop("BleedBox", None)
    return drawn.write()


def _resample(image, ratio, quality, cache_folder):
    """Replace a JPEG by a smaller one, made once per photo and size and kept in the cache."""
    data = b"".join(pydyf._to_bytes(item) for item in image.stream)
    wanted = (max(1, round(image.extra["Width"] * ratio)), max(1, round(image.extra["Height"] * ratio)))
    key = hashlib.sha256(data + f"{wanted} {quality}".encode()).hexdigest()
    cached = cache_folder / key[:2] / f"{key}.jpg"
    try:
        smaller = cached.read_bytes()
    except OSError:
        smaller = _smaller_jpeg(data, wanted, quality)
        write_atomic(cached, smaller)
    image.stream = [smaller]
    image.extra.update(Width=wanted[0], Height=wanted[1], ColorSpace="/DeviceRGB", BitsPerComponent=8)
    image.extra.pop("Decode", None)  # the new JPEG is plain RGB, never inverted CMYK


def _smaller_jpeg(data, wanted, quality):
    """Draft mode lets libjpeg decode at a reduced size before the exact resize. Bicubic, as the web
    photos (nordby_images): at these scales it looks the same as Lanczos in two thirds of the time."""
    with Image.open(io.BytesIO(data)) as original:
        original.draft("RGB", wanted)
        smaller = original.convert("RGB").resize(wanted, Image.Resampling.BICUBIC)
    out = io.BytesIO()
    smaller.save(out, "JPEG", quality=quality)
    return out.getvalue()
