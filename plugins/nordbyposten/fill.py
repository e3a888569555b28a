"""Full pages: measure the blank foot of each laid-out page and graft short items into it.

Laying the whole paper out again to fill a few gaps would double the slowest step, so each short
item is laid out once on its own, at the width of the text area, and its boxes are moved into the
gap of a page that is already laid out. WeasyPrint draws a page from its box tree when the PDF is
written, so a grafted item prints like any other content on the page.
"""

import importlib
import re

from . import render

PX_PER_MM = 96 / 25.4
MIN_GAP_MM = 12  # a smaller gap is white space between items, not an empty page foot
SPACING_MM = 4


def _boxes():
    """WeasyPrint's box classes, imported on first use like in render.py (a second of start-up)."""
    return importlib.import_module("weasyprint.formatting_structure.boxes")


def _ink_boxes(box):
    """Boxes that put ink on paper: lines of text, images, and boxes with a border."""
    boxes = _boxes()
    if isinstance(box, boxes.MarginBox):
        return
    if isinstance(box, boxes.LineBox | boxes.ReplacedBox) or (
        isinstance(box, boxes.BlockBox) and (box.border_top_width or box.border_bottom_width)
    ):
        yield box
        if isinstance(box, boxes.LineBox | boxes.ReplacedBox):
            return
    for child in getattr(box, "children", []) or []:
        yield from _ink_boxes(child)


def ink_bottom(page_box):
    """The lowest ink on a page, in CSS px from the top of the page (the content top if none)."""
    bottoms = [b.position_y + b.margin_height() for b in _ink_boxes(page_box)]
    return max(bottoms, default=page_box.content_box_y())


def gap_of(page):
    """(top, height) in px of the blank foot of a page's text area."""
    page_box = page._page_box
    foot = page_box.content_box_y() + page_box.height
    top = ink_bottom(page_box)
    return top, foot - top


class Item:
    """One short item, laid out together with the others at the width of the text area."""

    def __init__(self, box):
        self.box = box
        self.height = box.margin_height()

    def graft(self, page, x, y):
        """Move the item's box onto page with its top left corner at (x, y)."""
        from weasyprint.layout.background import layout_box_backgrounds  # noqa: PLC0415

        target = page._page_box
        self.box.translate(x - self.box.position_x, y - self.box.position_y)
        layout_box_backgrounds(target, self.box, None)
        target.children = [*target.children, self.box]


def lay_out_items(html, base_url, fonts):
    """Lay out the items' document once; its body's children are the items, in order."""
    document = render.render_html(html, base_url, fonts)
    page_box = document.pages[0]._page_box
    root = next(c for c in page_box.children if not isinstance(c, _boxes().MarginBox))
    body = root.children[0]
    return [Item(box) for box in body.children if isinstance(box, _boxes().BlockBox)]


class Pool:
    """The items not placed yet, laid out on first need and shared by the main part and the tail.

    Entries (fillers.Entry) that must be placed (Kort nyt: short articles of the issue) go first,
    then the largest. make_items(fragments, width) lays out all the items at once and returns one
    Item per fragment.
    """

    def __init__(self, entries, make_items, limits=None):
        self._entries, self._make, self._items = list(entries), make_items, None
        self._left = dict(limits or {})  # kind -> how many more of that kind may be placed

    def allows(self, entry, chosen):
        """Whether entry may join the entries chosen for one gap: one size of an item, its kind's limit."""
        if entry.group and any(e.group == entry.group for e in chosen):
            return False
        return sum(e.kind == entry.kind for e in chosen) < self._left.get(entry.kind, len(chosen) + 1)

    def take(self, pair):
        """Placed: the item leaves the pool, with its other sizes and what exceeds its kind's limit."""
        entry = pair[0]
        self._items.remove(pair)
        if entry.group:
            self.drop(lambda e: e.group == entry.group)
        if entry.kind in self._left:
            self._left[entry.kind] -= 1
            if self._left[entry.kind] <= 0:
                self.drop(lambda e: e.kind == entry.kind)

    def items(self, width):
        """[entry, Item] of the items, in the order they are tried."""
        if self._items is None:
            made = self._make([entry.html for entry in self._entries], width)
            pairs = zip(self._entries, made, strict=True)
            self._items = sorted(
                ([e, item] for e, item in pairs), key=lambda i: (not i[0].must, -i[1].height)
            )
        return self._items

    def drop(self, unwanted):
        """Leave out the entries for which unwanted(entry) is true."""
        self._entries = [e for e in self._entries if not unwanted(e)]
        if self._items is not None:
            self._items = [pair for pair in self._items if not unwanted(pair[0])]

    def unplaced(self):
        """The entries that must be placed and are not (yet)."""
        if self._items is None:
            return [e for e in self._entries if e.must]
        return [e for e, _ in self._items if e.must]

    def optional(self):
        """The entries that need not be placed, for a second try."""
        return [e for e in self._entries if not e.must]


def fill(document, pages, pool, unwanted=None):
    """Graft items from pool into the blank foot of the given pages (0-based); returns the entries placed.

    The largest items that fit go first; what is left over goes evenly between the story and the
    items, so the page ends with ink. unwanted(page, entry) keeps an item off a page.
    """
    placed = []
    for number in pages:
        page = document.pages[number]
        top, height = gap_of(page)
        if height < MIN_GAP_MM * PX_PER_MM:
            continue
        items = pool.items(page._page_box.width)
        candidates = [i for i in items if not (unwanted and unwanted(number, i[0]))]
        chosen = _choose(candidates, height - SPACING_MM * PX_PER_MM, pool.allows)
        space = (height - sum(entry[1].height for entry in chosen)) / max(1, len(chosen))
        y = top
        for entry in chosen:
            y += space
            entry[1].graft(page, page._page_box.content_box_x(), y)
            y += entry[1].height
            pool.take(entry)
            placed.append(entry[0])
    return placed


def _choose(items, room, allows):
    """Largest first, every item that still fits with the spacing between items and that allows() lets in."""
    chosen, spacing = [], SPACING_MM * PX_PER_MM
    for entry in items:
        need = entry[1].height + (spacing if chosen else 0)
        if need <= room and allows(entry[0], [e[0] for e in chosen]):
            chosen.append(entry)
            room -= need
    return chosen


def story_pages(document):
    """Anchor of each story (a-<slug>) -> the pages (0-based) it runs on: from its start to the next story's."""
    starts = [(n, a) for n, page in enumerate(document.pages) for a in page.anchors if a.startswith("a-")]
    ends = [n for n, _ in starts[1:]] + [len(document.pages) - 1]
    return {anchor: set(range(start, end + 1)) for (start, anchor), end in zip(starts, ends, strict=True)}


PAGE_REFERENCE = re.compile(r"\[side (a-[\w-]+)\]")


def number_references(fragment, pages):
    """'[side a-slug]' in an item -> the page number (1-based) where that story starts."""
    return PAGE_REFERENCE.sub(lambda m: str(min(pages.get(m[1], {-1})) + 1), fragment)
