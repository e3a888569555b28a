"""Impose A5 pages two to a landscape A4 sheet, in the order a duplex office printer needs."""

from pypdf import PageObject, PdfReader, PdfWriter
from pypdf.generic import ArrayObject, DictionaryObject, FloatObject, NameObject, StreamObject

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


def as_form(writer, page):
    """The page as a Form XObject clipped to its TrimBox.

    pypdf's merge_transformed_page parses and rewrites every content stream, which
    is slow for newspaper pages; a form XObject reuses the stream as it is.
    """
    box = page.trimbox
    form = StreamObject()
    form.set_data(page.get_contents().get_data())
    form.update(
        {
            NameObject("/Type"): NameObject("/XObject"),
            NameObject("/Subtype"): NameObject("/Form"),
            NameObject("/BBox"): ArrayObject(
                FloatObject(v) for v in (box.left, box.bottom, box.right, box.top)
            ),
            NameObject("/Resources"): page.get("/Resources", DictionaryObject()),
        }
    )
    return writer._add_object(form), (float(box.left), float(box.bottom), float(box.width), float(box.height))


def _placement(box, slot):
    """The cm operator that scales a page into the left (0) or right (1) half, centred."""
    left, bottom, width, height = box
    half = A4_LANDSCAPE[0] / 2
    scale = min(half / width, A4_LANDSCAPE[1] / height)
    dx = slot * half + (half - width * scale) / 2 - left * scale
    dy = (A4_LANDSCAPE[1] - height * scale) / 2 - bottom * scale
    return f"{scale:.6f} 0 0 {scale:.6f} {dx:.3f} {dy:.3f} cm"


def impose(source, target):
    """Write the booklet of the PDF source (a path or file, pages a multiple of 4) to target."""
    writer = PdfWriter(clone_from=PdfReader(source))
    impose_in_place(writer)
    writer.write(target)


def impose_in_place(writer):
    """Replace the writer's pages by booklet sheets (reusing its fonts and images as they are)."""
    count = len(writer.pages)
    forms = [as_form(writer, page) for page in writer.pages]
    for left, right in booklet_order(count):
        writer.add_page(_sheet(writer, forms, left, right))
    for _ in range(count):
        del writer.pages[0]
    for name in ("/StructTreeRoot", "/MarkInfo"):  # the tags point at the pages just removed
        writer.root_object.pop(name, None)
    title = (writer.metadata or {}).get("/Title", "Nordbyposten")
    writer.add_metadata({"/Title": f"{title} (hæfte)"})


def _sheet(writer, forms, left, right):
    """One side of a sheet: two pages side by side."""
    sheet = PageObject.create_blank_page(width=A4_LANDSCAPE[0], height=A4_LANDSCAPE[1])
    names, ops = DictionaryObject(), []
    for slot, number in enumerate((left, right)):
        ref, box = forms[number - 1]
        names[NameObject(f"/P{number}")] = ref
        ops.append(f"q {_placement(box, slot)} /P{number} Do Q")
    sheet[NameObject("/Resources")] = DictionaryObject({NameObject("/XObject"): names})
    content = StreamObject()
    content.set_data(" ".join(ops).encode())
    sheet[NameObject("/Contents")] = writer._add_object(content)
    return sheet
