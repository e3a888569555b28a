"""Impose A5 pages two to a landscape A4 sheet, in the order a duplex office printer needs."""

import pydyf

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


def impose(drawn, title):
    """Replace the drawn document's pages by booklet sheets (its fonts and images as they are); the PDF."""
    pdf = drawn.pdf
    forms = [as_form(pdf, page) for page in drawn.pages()]
    sheets = [_sheet(drawn, forms, left, right) for left, right in booklet_order(len(forms))]
    pdf.pages["Kids"] = pydyf.Array([part for sheet in sheets for part in (sheet.number, 0, "R")])
    pdf.pages["Count"] = len(sheets)
    # Tags, bookmarks and link targets point at the pages the sheets replace.
    for name in ("StructTreeRoot", "MarkInfo", "Outlines", "Names", "PageMode"):
        pdf.catalog.pop(name, None)
    pdf.info["Title"] = pydyf.String(f"{title} (hæfte)")
    return drawn.write()


def as_form(pdf, page):
    """The page's content stream as a Form XObject clipped to the trimmed page.

    The stream itself becomes the form: nothing is parsed or copied, and the page it belonged to
    is no longer listed.
    """
    box = [float(v) for v in page.get("TrimBox", page["MediaBox"])]
    form = pdf.objects[int(page["Contents"].split()[0])]
    form.extra.update(Type="/XObject", Subtype="/Form", BBox=pydyf.Array(box), Resources=page["Resources"])
    return form, (box[0], box[1], box[2] - box[0], box[3] - box[1])


def _placement(box, slot):
    """The cm operator that scales a page into the left (0) or right (1) half, centred."""
    left, bottom, width, height = box
    half = A4_LANDSCAPE[0] / 2
    scale = min(half / width, A4_LANDSCAPE[1] / height)
    dx = slot * half + (half - width * scale) / 2 - left * scale
    dy = (A4_LANDSCAPE[1] - height * scale) / 2 - bottom * scale
    return f"{scale:.6f} 0 0 {scale:.6f} {dx:.3f} {dy:.3f} cm"


def _sheet(drawn, forms, left, right):
    """One side of a sheet: two pages side by side."""
    names, ops = pydyf.Dictionary(), []
    for slot, number in enumerate((left, right)):
        form, box = forms[number - 1]
        names[f"P{number}"] = form.reference
        ops.append(f"q {_placement(box, slot)} /P{number} Do Q".encode())
    content = pydyf.Stream(ops)
    drawn.add(content)
    sheet = pydyf.Dictionary(
        {
            "Type": "/Page",
            "Parent": drawn.pdf.pages.reference,
            "MediaBox": pydyf.Array([0, 0, *A4_LANDSCAPE]),
            "Resources": pydyf.Dictionary({"XObject": names}),
            "Contents": content.reference,
        }
    )
    drawn.add(sheet)
    return sheet
