"""From HTML to laid-out pages: one layout, padded to a multiple of four, checked (pdfs.py writes them)."""

import logging
import re
import time
import weakref
from contextlib import contextmanager
from dataclasses import dataclass

from nordby_images import printing as photos

logger = logging.getLogger(__name__)
PX_PER_INCH = 96
MM_PER_PX = 25.4 / PX_PER_INCH


@dataclass
class Placed:
    """One photo as it landed in the paper."""

    page: int
    file: str
    source: str
    ppi: float
    pixels: tuple


class Clock:
    """Time spent per step of one edition, for the debug log and bench/print.py."""

    def __init__(self):
        self.spent = {}

    def __call__(self, step, func, *args):
        start = time.perf_counter()
        try:
            return func(*args)
        finally:
            self.spent[step] = self.spent.get(step, 0) + time.perf_counter() - start

    def __str__(self):
        return ", ".join(f"{step} {seconds:.2f} s" for step, seconds in self.spent.items())


def weasyprint():
    """WeasyPrint, imported on first use (a second of start-up for sites without an issue), with
    the column balancing of balance.py, the line breaks of linebreaks.py, the used values of
    percent.py, the page references of pagerefs.py and the font subsetting of subset.py."""
    import weasyprint  # noqa: PLC0415

    from . import balance, linebreaks, pagerefs, percent, subset  # noqa: PLC0415 - they import WeasyPrint

    balance.install()
    linebreaks.install()
    percent.install()
    pagerefs.install()
    subset.install()
    return weasyprint


def preload():
    """What laying out an issue imports (WeasyPrint; pypdfium2 for the cover's thumbnail), imported
    before the issues' child processes are forked, so that each does not import it again."""
    weasyprint()
    import pypdfium2  # noqa: F401, PLC0415 - see thumbnail()


def render_html(html, base_url, font_config):
    """Lay out one HTML document (the slow step); its <style> sheets are parsed once per issue."""
    sheets = [_stylesheet(text, base_url, font_config) for text in STYLE.findall(html)]
    document = weasyprint().HTML(string=STYLE.sub("", html), base_url=base_url)
    return document.render(font_config=font_config, stylesheets=sheets)


# An issue's five or six documents share the paper's style sheet (_style.css, its own <style>):
# parsing it, and loading its fonts, was a third of laying out a house page. The parsed sheets
# live as long as the font configuration, whose fonts they load (its temporary folder
# goes with it).
STYLE = re.compile(r"<style>(.*?)</style>", re.DOTALL)
_SHEETS = weakref.WeakKeyDictionary()  # font configuration -> {(text, base URL): parsed sheet}


def _stylesheet(text, base_url, font_config):
    """One <style>'s text as a parsed sheet, its fonts in the issue's font configuration."""
    sheets = _SHEETS.setdefault(font_config, {})
    if (text, base_url) not in sheets:
        sheets[text, base_url] = weasyprint().CSS(string=text, base_url=base_url, font_config=font_config)
    return sheets[text, base_url]


def fillers_needed(main_pages):
    """House pages between the main part and the back page, to reach a multiple of 4."""
    return -(main_pages + 1) % 4


def combine(main, *rest):
    """Main pages, then the pages of the other parts (På dit sprog, house pages, back page), as one document."""
    return main.copy([*main.pages, *(page for part in rest for page in part.pages)])


def _descendants(box):
    yield box
    for child in getattr(box, "children", []) or []:
        yield from _descendants(child)


def _placed_mm(box, pixels):
    """Size of the whole image on paper; object-fit: cover scales it past its box."""
    width, height = box.width, box.height
    scale = max(width / pixels[0], height / pixels[1])
    fit = box.style["object_fit"]
    if fit != "cover":
        return width * MM_PER_PX, height * MM_PER_PX
    return pixels[0] * scale * MM_PER_PX, pixels[1] * scale * MM_PER_PX


def placed_photos(document):
    """Every photo marked with data-px, with the page it is on and its effective ppi."""
    found = []
    for number, page in enumerate(document.pages, start=1):
        for box in _descendants(page._page_box):
            element = getattr(box, "element", None)
            if element is None or element.tag != "img" or not element.get("data-px"):
                continue
            if not hasattr(box, "replacement") or not box.width:
                continue
            pixels = tuple(int(v) for v in element.get("data-px").split("x"))
            ppi = photos.effective_ppi(pixels, _placed_mm(box, pixels))
            placed = Placed(number, element.get("data-file"), element.get("data-source"), ppi, pixels)
            found.append(placed)
    return found


FRONT_ONLY = {"contents", "opening", "jump"}  # the contents box, the cover story's opening and its jump line


def front_page_fits(document):
    """What belongs to the front page's foot must not slip to page 2."""
    for page in document.pages[1:]:
        for box in _descendants(page._page_box):
            element = getattr(box, "element", None)
            if element is not None and FRONT_ONLY & set((element.get("class") or "").split()):
                return False
    return True


def thumbnail(pdf_bytes, width_px, target):
    """The cover as a PNG, rendered from the web edition's first page."""
    import pypdfium2 as pdfium  # noqa: PLC0415 - only here (see preload())

    pdf = pdfium.PdfDocument(pdf_bytes)
    try:
        page = pdf[0]
        scale = width_px / page.get_width()
        # zlib's default level: optimize=True made the file 2-3 % smaller for four times the CPU.
        page.render(scale=scale).to_pil().convert("RGB").save(target, "PNG")
    finally:
        pdf.close()


def new_font_config():
    weasyprint()
    from weasyprint.text.fonts import FontConfiguration  # noqa: PLC0415 - see weasyprint()

    return FontConfiguration()


@contextmanager
def font_config():
    """A font configuration for one issue, whose temporary folder (its @font-face files) goes when
    the issue is done. WeasyPrint removes the folder in __del__, which is never called for an object
    in a reference cycle when the process ends first: a forked child ends with os._exit, and a build
    freezes its objects when the process ends (nordby_content/collector.py)."""
    config = new_font_config()
    try:
        yield config
    finally:
        config.__del__()  # WeasyPrint's own clean-up; it does nothing a second time
