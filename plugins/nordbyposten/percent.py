"""A box's used margins, paddings, sizes and borders resolved once per style and containing block (WeasyPrint 70).

WeasyPrint resolves them (resolve_percentages) from the box's computed style and its containing
block each time the box is laid out, and the paper lays the same boxes out many times: each height
balance.py tries for a story's columns, each page laid out again for its page references. That was
7 % of an issue's layout. The values depend on nothing else (the style's calc() and percentages, the
containing block's width and height, whether the box is a page), so resolve_percentages() below
remembers them on the style, which WeasyPrint shares between a box and its copies, and sets them
on the next box with one dict update. Layout never changes a style in place: it copies it first.
A table with collapsed borders resolves its border widths per box, so it is left to WeasyPrint.
install() puts it in WeasyPrint's place for the version it was written for, and leaves any other
version alone; render.py imports this module with WeasyPrint, on first use.
"""

import importlib

import weasyprint
from weasyprint.formatting_structure import boxes
from weasyprint.layout import percent

WEASYPRINT_VERSION = "70.0"  # the version whose resolve_percentages() this wraps; requirements.txt pins it
_resolve_percentages = percent.resolve_percentages
# Every attribute resolve_percentages() sets on the box.
USED = (
    *(f"{kind}_{side}" for kind in ("margin", "padding") for side in ("top", "right", "bottom", "left")),
    *(f"border_{side}_width" for side in ("top", "right", "bottom", "left")),
    *(f"{limit}{size}" for size in ("width", "height") for limit in ("", "min_", "max_")),
)
# The modules of WeasyPrint's layout that imported its function by name (as did balance.py); flex.py
# calls it through the module.
CALLERS = tuple(
    f"weasyprint.layout.{name}"
    for name in ("absolute", "block", "column", "float", "grid", "inline", "page", "table")
)


def install():
    """Use resolve_percentages() below wherever WeasyPrint's layout calls it (only for WEASYPRINT_VERSION)."""
    if weasyprint.__version__ != WEASYPRINT_VERSION:
        return
    percent.resolve_percentages = resolve_percentages
    from . import balance  # noqa: PLC0415 - it imports WeasyPrint

    for module in [balance, *map(importlib.import_module, CALLERS)]:
        if getattr(module, "resolve_percentages", None) is _resolve_percentages:
            module.resolve_percentages = resolve_percentages


def resolve_percentages(box, containing_block):
    """WeasyPrint's resolve_percentages(box, containing_block), remembered per style and containing block."""
    if isinstance(containing_block, boxes.Box):
        key = (containing_block.width, containing_block.height, isinstance(box, boxes.PageBox))
    else:
        key = (*containing_block, isinstance(box, boxes.PageBox))
    style = box.style
    try:
        box.__dict__.update(style.nordby_used[key])
    except (AttributeError, KeyError):  # the first box of this style in this containing block
        _resolve_percentages(box, containing_block)
        if style["border_collapse"] != "collapse":
            used = {name: getattr(box, name) for name in USED}
            style.__dict__.setdefault("nordby_used", {})[key] = used
