"""The print shop's zip: the print PDF and a preflight report in Danish (pages, trim, bleed, fonts, photos)."""

import zipfile
from pathlib import Path

MM_PER_PT = 25.4 / 72


def _mm(value):
    return f"{float(value) * MM_PER_PT:.1f}".replace(".", ",")


def _fonts(reader):
    """Every font of the PDF with whether its glyphs are embedded."""
    found = {}
    for page in reader.pages:
        fonts = page.get("/Resources", {}).get("/Font", {})
        for ref in fonts.values():
            font = ref.get_object()
            name = str(font.get("/BaseFont", "?")).split("+")[-1].lstrip("/")
            descendants = font.get("/DescendantFonts") or [font]
            descriptor = descendants[0].get_object().get("/FontDescriptor", {})
            embedded = any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))
            found[name] = found.get(name, False) or embedded
    return found


def _colour_spaces(page):
    """{(width, height): colour space} of the page's photos."""
    spaces = {}
    for xobject in page.get("/Resources", {}).get("/XObject", {}).values():
        image = xobject.get_object()
        if image.get("/Subtype") == "/Image":
            space = image.get("/ColorSpace")
            name = space[0] if isinstance(space, list) else space
            spaces[(int(image["/Width"]), int(image["/Height"]))] = str(name).lstrip("/")
    return spaces


def preflight(pdf_path, row):
    """The report as the print shop reads it, in Danish."""
    from pypdf import PdfReader  # noqa: PLC0415 - pypdf only when a package is made

    reader = PdfReader(pdf_path)
    first = reader.pages[0]
    trim, media = first.trimbox, first.mediabox
    bleed = (float(media.width) - float(trim.width)) / 2
    lines = [
        f"Forhåndskontrol: Nordbyposten {row['slug']}",
        "",
        f"Fil: {Path(pdf_path).name}",
        f"Sider: {len(reader.pages)} (går op i 4: {'ja' if len(reader.pages) % 4 == 0 else 'NEJ'})",
        f"Færdigt format (trim): {_mm(trim.width)} × {_mm(trim.height)} mm",
        f"Beskæring (bleed): {_mm(bleed)} mm på hver side, papir i alt {_mm(media.width)} × {_mm(media.height)} mm",
        f"Oplag: {row['print_run']:,} eksemplarer".replace(",", "."),
        "",
        "Skrifter:",
    ]
    lines += [
        f"  {name}: {'indlejret' if ok else 'IKKE indlejret'}" for name, ok in sorted(_fonts(reader).items())
    ]
    lines += ["", "Billeder (effektiv opløsning, farverum):"]
    for photo in row["placed"]:
        spaces = _colour_spaces(reader.pages[photo["page"] - 1])
        space = spaces.get(tuple(photo["px"]), next(iter(spaces.values()), "ukendt"))
        lines.append(f"  side {photo['page']}: {photo['file']} – {photo['ppi']} ppi, {space}")
    if not row["placed"]:
        lines.append("  (ingen)")
    return "\n".join(lines) + "\n"


def write_zip(pdf_path, row, target):
    """The zip for the print shop: the print PDF and forhaandskontrol.txt."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_suffix(".zip.tmp")
    with zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.write(pdf_path, Path(pdf_path).name)
        archive.writestr("forhaandskontrol.txt", preflight(pdf_path, row))
    partial.replace(target)
    return target
