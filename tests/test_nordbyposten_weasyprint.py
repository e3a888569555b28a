"""The paper's mends to WeasyPrint: balanced columns in few layouts, each line broken once, page references in
one extra pass, used lengths resolved once per style."""

from importlib import import_module
from pathlib import Path

import pytest
from nordbyposten import balance, linebreaks, percent, render, subset
from weasyprint.layout import block, column, inline, preferred
from weasyprint.layout import page as page_layout
from weasyprint.layout import percent as weasyprint_percent
from weasyprint.pdf import fonts
from weasyprint.text import line_break

WORDS = "Beboerne i Jennumparken mødtes i ParkCafeen for at tale om sommerens aktiviteter og fællesskabet."
STYLE = """
@page { size: 148mm 210mm; margin: 12mm; }
html { font: 9pt/1.3 "PT Serif", serif; }
p { margin: 0 0 2mm; text-align: justify; hyphens: auto; orphans: 2; widows: 2; }
h3 { margin: 2mm 0 1mm; break-after: avoid; }
.cols { columns: 3; column-gap: 4mm; border-bottom: 1pt solid black; }
a::after { content: " (se side " target-counter(attr(href), page) ")"; }
.big { break-before: page; }
"""


def _document(body):
    return f'<!DOCTYPE html><html lang="da"><head><style>{STYLE}</style></head><body>{body}</body></html>'


def _render(html):
    return render.render_html(html, Path.cwd().as_uri() + "/", render.new_font_config())


def _lines(box):
    if type(box).__name__ == "LineBox":
        yield box
        return
    for child in getattr(box, "children", []) or []:
        yield from _lines(child)


def _text(box):
    text = getattr(box, "text", None)
    return text if text else "".join(_text(c) for c in getattr(box, "children", []) or [])


def _columns(document):
    """The lines of the first page's columns by column, and the paragraph after them."""
    lines = [line for line in _lines(document.pages[0]._page_box) if _text(line).strip()]
    columns = {}
    for line in lines[:-1]:  # the last line is the paragraph after the columns
        columns.setdefault(round(line.position_x), []).append(line)
    return list(columns.values()), lines[-1]


def _bottom(column):
    return max(line.position_y + line.height for line in column)


@pytest.mark.parametrize("paragraphs", [1, 4, 7, 9])
def test_columns_are_balanced_as_weasyprint_balances_them(paragraphs, monkeypatch):
    """The same words in the same order as WeasyPrint's own balancing, columns no taller than its."""
    body = "".join(
        (f"<h3>Mellemrubrik {n}</h3>" if n % 3 == 2 else "") + f"<p>{n}: {WORDS * (1 + n % 4)}</p>"
        for n in range(paragraphs)
    )
    html = _document(f'<div class="cols">{body}</div><p>Efter spalterne.</p>')
    ours, after = _columns(_render(html))
    monkeypatch.setattr(balance, "columns_layout", column.columns_layout)  # WeasyPrint's 1 px steps
    theirs, _ = _columns(_render(html))
    assert block.columns_layout is column.columns_layout
    assert [_text(line) for c in ours for line in c] == [_text(line) for c in theirs for line in c]
    assert len(ours) == len(theirs) == (2 if paragraphs == 1 else 3)
    assert max(map(_bottom, ours)) <= max(map(_bottom, theirs)) + 0.5
    assert _bottom(ours[-1]) <= _bottom(ours[0]) + 0.5  # the last column is never the longest
    assert _text(after).strip() == "Efter spalterne." and after.position_y >= max(map(_bottom, ours))


def _placed_text(document):
    """Every line of every page: its text, where it stands and how wide its words are set."""
    return [
        (number, _text(line), line.position_x, line.position_y, [c.width for c in line.children])
        for number, page in enumerate(document.pages)
        for line in _lines(page._page_box)
    ]


def test_each_line_is_broken_once_and_as_weasyprint_breaks_it(monkeypatch):
    """Balanced columns, justified and hyphenated, with a photo beside them: the same lines at the
    same places as WeasyPrint alone sets them, and the same PDF, while Pango breaks each line once."""
    mended = [
        (inline, "split_first_line"),
        (preferred, "split_first_line"),
        (inline, "strut"),
        (inline, "create_layout"),
    ]
    for module, name in mended:
        monkeypatch.setattr(module, name, getattr(module, name))  # put back after the test
    asked = []

    def counting(text, style, context, max_width, spacing, is_line_start=True, minimum=False):  # noqa: PLR0917
        asked.append((text, id(style), max_width, spacing, is_line_start, minimum))
        return line_break.split_first_line(text, style, context, max_width, spacing, is_line_start, minimum)

    body = "".join(f"<p>{n}: <em>{WORDS}</em> {WORDS * (1 + n % 3)}</p>" for n in range(8))
    photo = '<div style="float: right; width: 30mm; height: 25mm; background: gray"></div>'
    html = _document(f'<div class="cols">{photo}{body}</div><p>Efter spalterne.</p>')
    monkeypatch.setattr(linebreaks, "_split_first_line", counting)
    ours = _render(html)
    broken, asked[:] = len(asked), []
    monkeypatch.setattr(linebreaks, "split_first_line", counting)  # WeasyPrint's own, counted
    monkeypatch.setattr(linebreaks, "strut", line_break.strut)
    monkeypatch.setattr(linebreaks, "create_layout", line_break.create_layout)
    theirs = _render(html)
    assert _placed_text(ours) == _placed_text(theirs)
    assert ours.write_pdf() == theirs.write_pdf()
    assert 0 < broken <= len(set(asked))  # each line once (WeasyPrint's widths differ in the millionths)
    assert len(asked) >= 3 * broken  # WeasyPrint alone breaks them again for each column height tried


def test_page_references_are_right_after_one_extra_pass(monkeypatch):
    """Forward and backward references show the target's page; a page with them is laid out twice."""
    made = []
    make_page = page_layout.make_page

    def counting(*args):
        made.append(args[4])  # page_number
        return make_page(*args)

    monkeypatch.setattr(page_layout, "make_page", counting)
    body = (
        '<p>Indhold: <a href="#to">to</a>, <a href="#tre">tre</a>.</p>'
        '<section class="big" id="to"><p>Side to. Se også <a href="#tre">tre</a> og <a href="#en">en</a>.</p></section>'
        f'<section class="big" id="tre"><p id="en-igen">{WORDS}</p></section>'
    )
    document = _render(_document(f'<div id="en">{body}</div>'))
    texts = ["".join(_text(line) for line in _lines(page._page_box)) for page in document.pages]
    assert "to (se side 2)" in texts[0] and "tre (se side 3)" in texts[0]
    assert "tre (se side 3)" in texts[1] and "en (se side 1)" in texts[1]
    assert sorted(made) == [1, 1, 2, 2, 3]  # WeasyPrint 70 alone: pages 1 and 2 three times each


PLAIN = "".join(f"<p>{n}: {WORDS * (1 + n % 4)}</p>" for n in range(7))
LISTED = "<ul>" + "".join(f"<li>{WORDS}</li>" for _ in range(6)) + "</ul>"


@pytest.mark.parametrize(
    ("body", "taken"),
    [
        (f'<div class="cols">{PLAIN}</div><p>Efter.</p><div class="cols">{PLAIN[:400]}</div>', True),
        (f'<div class="cols">{LISTED}</div><p>Efter spalterne.</p>', False),  # markers are positioned boxes
        (f'<h3>Lang</h3><div class="cols">{PLAIN * 5}</div><p>Efter spalterne.</p>', True),  # over pages
    ],
)
def test_the_columns_found_are_those_weasyprint_lays_out_last(body, taken, monkeypatch):
    """The balanced columns are the search's own layout at the height it found, moved across into
    place: the same lines at the same places and the same PDF as when they are laid out once more."""
    kept, used = balance._Columns.kept, []

    def counted(self, *args):
        found = kept(self, *args)
        used.append(found is not None)
        return found

    monkeypatch.setattr(balance._Columns, "kept", counted)
    html = _document(body)
    ours = _render(html)
    monkeypatch.setattr(balance._Columns, "kept", lambda self, *args: None)
    again = _render(html)
    assert _placed_text(ours) == _placed_text(again)
    assert ours.write_pdf() == again.write_pdf()
    assert any(used) is taken


def _boxes(box):
    yield box
    for child in getattr(box, "children", []) or []:
        yield from _boxes(child)


def _geometry(document):
    """Where every box of every page stands, and its used margins, paddings, borders and sizes."""
    names = ("position_x", "position_y", *percent.USED)
    return [
        [tuple(getattr(b, n, None) for n in names) for b in _boxes(page._page_box)] for page in document.pages
    ]


def test_used_lengths_are_resolved_once_per_style_as_weasyprint_resolves_them(monkeypatch):
    """Margins and paddings in per cent, calc(), border-box sizes, minimum and maximum widths, a
    page's margins, balanced columns and a table with collapsed borders: the same boxes at the same
    places and the same PDF as WeasyPrint alone, which resolves them again at each layout."""
    render.weasyprint()  # our mends installed
    resolved, original = [], percent._resolve_percentages

    def counting(box, containing_block):
        resolved.append(box.element_tag)
        return original(box, containing_block)

    cells = "".join(f"<tr><td>{n}</td><td>{n}</td><td>{WORDS}</td></tr>" for n in range(4))
    boxes = "".join(f'<div style="height: {h}mm"><div class="half">{h}</div></div>' for h in (20, 40))
    body = (
        '<div style="margin: 0 5%; padding: 2% 3%; box-sizing: border-box; width: calc(100% - 10mm)">'
        f'<p style="min-width: 40%; max-width: 90%; padding-left: 4%">{WORDS * 3}</p>'
        f'<div class="cols">{PLAIN}</div>{boxes}'
        '<div style="float: right; width: 30%; height: 20mm; margin-left: 2%; border: 1pt solid">x</div>'
        f'<table style="border-collapse: collapse; border: 4pt solid">{cells}</table></div>'
        f'<section class="big" style="margin-top: 10%; height: 50%"><p>{WORDS}</p></section>'
    )
    style = ".half { height: 50%; padding: 5% 0; border: 1pt solid; box-sizing: border-box } td { border: 1pt solid }"
    html = _document(body).replace("margin: 12mm; }", "margin: 5% 8% 6%; }" + style)
    monkeypatch.setattr(percent, "_resolve_percentages", counting)  # what ours asks WeasyPrint
    ours, ours_resolved = _render(html), len(resolved)
    monkeypatch.setattr(percent, "install", lambda: None)
    callers = [weasyprint_percent, balance, *map(import_module, percent.CALLERS)]
    for module in callers:  # WeasyPrint's own, counted, wherever ours was installed
        if getattr(module, "resolve_percentages", None) is percent.resolve_percentages:
            monkeypatch.setattr(module, "resolve_percentages", counting)
    resolved.clear()
    theirs = _render(html)
    assert len(ours.pages) == len(theirs.pages) == 3
    assert _geometry(ours) == _geometry(theirs)
    assert ours.write_pdf() == theirs.write_pdf()
    assert 0 < ours_resolved < len(resolved) / 4  # WeasyPrint resolves the same boxes again and again


def test_fonts_are_subset_as_weasyprint_subsets_them_without_a_type_per_length(monkeypatch):
    """The same PDF as WeasyPrint's own subsetting, with one array type for all fonts, not one per length."""
    made = []

    class Counting:
        """cffi's ffi, noting the C types of the arrays made."""

        def __getattr__(self, name):
            return getattr(ffi, name)

        def new(self, cdecl, init=None):
            made.append(cdecl)
            return ffi.new(cdecl, init)

    ffi = subset.FFI
    html = _document(f"<h3>Overskrift</h3><p><em>{WORDS}</em> <b>{WORDS}</b> æøå ÆØÅ 1234567890</p>")
    monkeypatch.setattr(subset, "FFI", Counting())
    ours, types = _render(html).write_pdf(), {c for c in made if c.startswith("hb_codepoint_t")}
    made.clear()
    monkeypatch.setattr(subset, "install", lambda: None)  # WeasyPrint's own ffi, counted
    monkeypatch.setattr(fonts, "ffi", Counting())
    theirs = _render(html).write_pdf()
    assert ours == theirs
    assert types == {"hb_codepoint_t[]"}
    assert len({c for c in made if c.startswith("hb_codepoint_t")}) > 3  # a type for each length


def test_an_issues_font_folder_goes_when_the_issue_is_done():
    """WeasyPrint copies @font-face files into a temporary folder and removes it only when its font
    configuration is collected, which never happens in a process that ends first (a forked child, or
    a build whose objects are frozen at exit): render.font_config() removes it itself."""
    font = (Path(render.__file__).parent / "fonts" / "PTF55F.ttf").as_uri()
    html = _document(f"<style>@font-face {{ font-family: Egen; src: url({font}); }}</style><p>{WORDS}</p>")
    with render.font_config() as fonts:
        render.render_html(html, Path.cwd().as_uri() + "/", fonts)
        folder = fonts._folder  # WeasyPrint's own record of it
        assert folder and any(Path(folder).iterdir())
    assert not Path(folder).exists()
