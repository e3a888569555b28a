"""Impose A5 pages two to a landscape A4 sheet, in the order a duplex office printer needs."""

from pypdf import PageObject, PdfReader, PdfWriter, Transformation

A4_LANDSCAPE = (841.89, 595.28)


def booklet_order(count):
    """Pages (1-based) per sheet side: [(left, right), ...], front then back of each sheet."""
    if count % 4:
        raise ValueError(f"A booklet needs a multiple of 4 pages, not {count}")
    sides = []
    for sheet in range(count // 4):
        sides.append((count - 2 * sheet, 1 + 2 * sheet))
        sides.append((2 + 2 * sheet, count - 1 - 2 * sheet))
    return sides


def _place(sheet, page, slot):
    """Scale a page into the left (0) or right (1) half of the sheet, centred."""
    box = page.trimbox
    width, height = float(box.width), float(box.height)
    half = A4_LANDSCAPE[0] / 2
    scale = min(half / width, A4_LANDSCAPE[1] / height)
    dx = slot * half + (half - width * scale) / 2 - float(box.left) * scale
    dy = (A4_LANDSCAPE[1] - height * scale) / 2 - float(box.bottom) * scale
    sheet.merge_transformed_page(page, Transformation().scale(scale).translate(dx, dy))


def impose(source, target):
    """Write the booklet of the PDF source (a path or file, pages a multiple of 4) to target."""
    reader = PdfReader(source)
    writer = PdfWriter()
    for left, right in booklet_order(len(reader.pages)):
        sheet = PageObject.create_blank_page(width=A4_LANDSCAPE[0], height=A4_LANDSCAPE[1])
        _place(sheet, reader.pages[left - 1], 0)
        _place(sheet, reader.pages[right - 1], 1)
        writer.add_page(sheet)
    writer.add_metadata({"/Title": (reader.metadata or {}).get("/Title", "") + " (hæfte)"})
    writer.compress_identical_objects()
    writer.write(target)
