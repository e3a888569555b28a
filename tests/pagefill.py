"""Page fill as a reader sees it: render the print PDF at about 40 dpi, measure blank below the columns."""

from dataclasses import dataclass

import pypdfium2 as pdfium

DPI = 40
MM = 72 / 25.4
# The text area of an inside page (A4): the page margins of the stylesheet, inside the bleed.
MARGINS_MM = {"top": 17, "right": 14, "bottom": 18, "left": 14}
# A pixel counts as ink when it is clearly darker than paper (tinted boxes count: they are printed).
INK_BELOW = 235


@dataclass
class PageFill:
    """Blank share of one page: the mean, over the three thirds of the text area, of blank below the last ink."""

    number: int
    thirds: tuple

    @property
    def blank(self):
        return sum(self.thirds) / len(self.thirds)


def _last_ink_row(image, left, right, top, bottom):
    """The lowest row in [top, bottom) with ink between left and right, or top - 1 for none."""
    pixels = image.load()
    for y in range(bottom - 1, top - 1, -1):
        for x in range(left, right):
            if pixels[x, y] < INK_BELOW:
                return y
    return top - 1


def page_fill(pdf_path, bleed_mm=3):
    """PageFill of every page of a print PDF, in page order."""
    pdf = pdfium.PdfDocument(str(pdf_path))
    scale, found = DPI / 72, []
    try:
        for number, page in enumerate(pdf, start=1):
            image = page.render(scale=scale).to_pil().convert("L")
            px = DPI / 25.4
            top = round((bleed_mm + MARGINS_MM["top"]) * px)
            bottom = image.height - round((bleed_mm + MARGINS_MM["bottom"]) * px)
            left = round((bleed_mm + MARGINS_MM["left"]) * px)
            width = image.width - left - round((bleed_mm + MARGINS_MM["right"]) * px)
            thirds = []
            for n in range(3):
                x0, x1 = left + n * width // 3, left + (n + 1) * width // 3
                last = _last_ink_row(image, x0, x1, top, bottom)
                thirds.append((bottom - 1 - last) / (bottom - top))
            found.append(PageFill(number, tuple(thirds)))
    finally:
        pdf.close()
    return found


def inside_pages(fills, house_from):
    """The pages between the front page and the house pages, except the last before the house pages."""
    return [f for f in fills if 1 < f.number < house_from - 1]
