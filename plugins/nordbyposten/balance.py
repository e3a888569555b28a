"""CSS column balancing in a few layouts instead of hundreds (WeasyPrint 70's columns_layout, patched).

WeasyPrint balances columns by laying them out again 1 px taller each time until everything
fits: one story of the paper took 20 layouts of its columns, and balancing was about two thirds
of an issue's layout. columns_layout() below is WeasyPrint's own (BSD licence, Kozea), with only
that search replaced by _balanced_height(): a few layouts find the least height at which
everything fits, which is what the 1 px steps look for. WeasyPrint then laid the columns out
once more at the height found; that layout is now taken from the search when it was made in the
same conditions (_Columns.kept): a fifth of all the column layouts. install() puts it in
WeasyPrint's place for the version it was copied from, and leaves any other version alone.
render.py imports this module with WeasyPrint, on first use.
"""

from dataclasses import dataclass, field
from math import floor, inf

import weasyprint
from weasyprint.formatting_structure import boxes
from weasyprint.layout import block
from weasyprint.layout.absolute import absolute_layout
from weasyprint.layout.block import (
    block_box_layout,
    block_level_layout,
    block_level_width,
    collapse_margin,
    remove_placeholders,
)
from weasyprint.layout.column import _create_column_box, _report_footnotes
from weasyprint.layout.percent import percentage, resolve_percentages

WEASYPRINT_VERSION = "70.0"  # columns_layout() is a copy of this version's; requirements.txt pins it


def install():
    """Use columns_layout() below in WeasyPrint's block layout (once; only for WEASYPRINT_VERSION)."""
    if weasyprint.__version__ == WEASYPRINT_VERSION:
        block.columns_layout = columns_layout


def _balanced_height(attempt, start, max_height, step):
    """The least column height (within a pixel) at which everything fits, from a few layouts.

    Up from the average column height in growing steps until everything fits, then down: at any
    height down to where the tallest column's content ends, the layout stays the same, so one
    layout a pixel below that tells whether a shorter one exists.
    """
    if attempt(start)[0] is None:
        return start
    low = start
    while True:
        height = min(low + step, max_height)
        skip_stack, _, content, _ = attempt(height)
        if skip_stack is None:
            break
        if height >= max_height:
            return inf
        low, step = height, step * 2
    while (below := max(content) - 1) > low:
        skip_stack, _, shorter, _ = attempt(below)
        if skip_stack is not None:
            break
        height, content = below, shorter
    return height


@dataclass
class _Columns:
    """One run of column children, laid out as columns of a given height (WeasyPrint's loop body)."""

    context: object
    column_box: object
    skip_stack: object
    containing_block: object
    count: int
    first_styles: tuple  # first_letter_style, first_line_style
    excluded_shapes: list  # the context's excluded shapes before the first attempt
    made: dict = field(default_factory=dict)  # (height, page_is_empty) -> _Made, for kept()

    def __call__(self, height, page_is_empty=False):
        """(skip stack after the last column, the columns' heights as WeasyPrint measures them,
        where their content ends, next_page)."""
        context, top = self.context, self.column_box.position_y
        # Remove extra excluded shapes introduced during the previous attempt
        while len(context.excluded_shapes) > len(self.excluded_shapes):
            context.excluded_shapes.pop()
        column_skip_stack = self.skip_stack
        consumed_heights, content_heights, new_boxes = [], [], []
        next_page = {"break": "any", "page": None}
        bottom_space, placeholders = context.page_bottom - top - height, ([], [])
        made = _Made(bottom_space, new_boxes, placeholders)
        for _ in range(self.count):
            new_box, resume_at, next_page, _, _, _ = block_box_layout(
                context,
                self.column_box,
                bottom_space,
                column_skip_stack,
                self.containing_block,
                page_is_empty,
                *placeholders,
                [],
                *self.first_styles,
                discard=False,
                max_lines=None,
            )
            if new_box is None:
                # We didn't render anything, retry
                column_skip_stack = {0: None}
                made.whole = False
                break
            new_boxes.append(new_box)
            column_skip_stack = resume_at
            in_flow = [child for child in new_box.children if child.is_in_normal_flow()]
            last = in_flow[-1] if in_flow else None
            consumed_heights.append(
                last.position_y + last.margin_height() - last.margin_bottom - top if last else 0
            )
            content_heights.append(_content_bottom(new_box) - top if last else 0)
            if resume_at is None:
                break
        made.resume_at, made.next_page = column_skip_stack, next_page
        self.made[height, page_is_empty] = made
        remove_placeholders(context, new_boxes, [], [])
        return column_skip_stack, consumed_heights, content_heights, next_page

    def kept(self, height, page_is_empty, bottom_space):
        """The columns laid out at this height by the search, if WeasyPrint's last layout of them would
        be the same: the same arguments, and nothing that depends on where a column is across the
        page or that is shared between layouts or filed in the context (floats, positioned boxes
        such as a list's markers, footnotes)."""
        made = self.made.get((height, page_is_empty))
        if made is None or not made.whole or made.bottom_space != bottom_space or self.excluded_shapes:
            return None
        boxes_made = (box for column in made.boxes for box in _tree(column))
        return None if any(made.placeholders) or not all(map(_in_place, boxes_made)) else made


@dataclass
class _Made:
    """The columns one attempt laid out, kept for the last layout at the height found."""

    bottom_space: float
    boxes: list  # one box per column, all at the first column's place across the page
    placeholders: tuple  # the absolute and fixed boxes the layout found
    whole: bool = True  # no column came out empty
    resume_at: object = None
    next_page: object = None

    def place(self, xs):
        """The columns, moved across to where the columns start (xs)."""
        for column, x in zip(self.boxes, xs, strict=False):
            column.translate(x - column.position_x, 0)
        return self.boxes


def _tree(box):
    yield box
    for child in getattr(box, "children", ()) or ():
        yield from _tree(child)


def _in_place(box):
    """Whether a laid-out box is laid out the same wherever its column is, and is filed nowhere."""
    # A positioned box's placeholder holds the box itself, which a later layout places anew.
    return not (
        box.is_floated() or box.style["position"] not in {"static", "relative"} or box.footnote or box.note
    )


def _column_x(box, style, width, gap, i):
    """Where the i-th column starts across the page, as WeasyPrint places it."""
    if style["direction"] == "rtl":
        return box.content_box_x() + (box.width - (i + 1) * width - i * gap)
    return box.content_box_x() + i * (width + gap)


def _content_bottom(box):
    """Where a laid-out box's content ends: a box split at the foot of a column is stretched to it."""
    bottom = box.position_y + box.margin_height() - box.margin_bottom
    children = [child for child in getattr(box, "children", ()) if child.is_in_normal_flow()]
    if not children or isinstance(box, boxes.LineBox):
        return bottom
    return min(bottom, _content_bottom(children[-1]) + box.padding_bottom + box.border_bottom_width)


def columns_layout(  # noqa: PLR0912, PLR0915, PLR0917 - WeasyPrint's own function, kept as close to it as we can
    context,
    box,
    bottom_space,
    skip_stack,
    containing_block,
    page_is_empty,
    absolute_boxes,
    fixed_boxes,
    adjoining_margins,
    first_letter_style,
    first_line_style,
):
    """Lay out a multi-column ``box`` (WeasyPrint 70's, with a faster search for the balanced height)."""

    style = box.style
    width = style["column_width"]
    count = style["column_count"]
    height = style["height"]
    original_bottom_space = bottom_space
    context.in_column = True

    if style["position"] == "relative":
        # New containing block, use a new absolute list
        absolute_boxes = []

    box = box.copy_with_children(box.children)
    box.position_y += collapse_margin(adjoining_margins)

    # Set height if defined
    if height != "auto" and height.unit != "%":
        assert height.unit.lower() == "px"
        height_defined = True
        empty_space = context.page_bottom - box.content_box_y() - height.value
        bottom_space = max(bottom_space, empty_space)
    else:
        height_defined = False

    # TODO: the columns container width can be unknown if the containing block
    # needs the size of this block to know its own size
    block_level_width(box, containing_block)

    if style["column_gap"] == "normal":
        # 1em because in column context
        gap = style["font_size"]
    else:
        gap = percentage(style["column_gap"], box.style, box.width)

    # Define the number of columns and their widths
    if width == "auto" and count != "auto":
        width = max(0, box.width - (count - 1) * gap) / count
    elif width != "auto" and count == "auto":
        count = max(1, floor((box.width + gap) / (width + gap)))
        width = (box.width + gap) / count - gap
    else:  # overconstrained, with width != 'auto' and count != 'auto'
        count = max(1, min(count, floor((box.width + gap) / (width + gap))))
        width = (box.width + gap) / count - gap

    # Handle column-span property with the following structure:
    # columns_and_blocks = [
    #     [column_child_1, column_child_2],
    #     spanning_block,
    #     …
    # ]
    columns_and_blocks = []
    column_children = []
    (skip,) = skip_stack.keys() if skip_stack else (0,)
    for i, child in enumerate(box.children[skip:], start=skip):
        if child.style["column_span"] == "all":
            if column_children:
                columns_and_blocks.append((i - len(column_children), column_children))
            columns_and_blocks.append((i, child.copy()))
            column_children = []
            continue
        column_children.append(child.copy())
    if column_children:
        columns_and_blocks.append((i + 1 - len(column_children), column_children))

    if skip_stack:
        skip_stack = {0: skip_stack[skip]}

    if not box.children:
        next_page = {"break": "any", "page": None}
        skip_stack = None

    # Find height and balance.
    #
    # The current algorithm starts from the total available height, to check
    # whether the whole content can fit. If it doesn’t fit, we keep the partial
    # rendering. If it fits, we try to balance the columns starting from the
    # ideal height (the total height divided by the number of columns). We then
    # iterate until the last column is not the highest one. At the end of each
    # loop, we add the minimal height needed to make one direct child at the
    # top of one column go to the end of the previous column.
    #
    # We rely on a real rendering for each loop, and with a stupid algorithm
    # like this it can last minutes…

    adjoining_margins = []
    current_position_y = box.content_box_y()
    new_children = []
    column_skip_stack = None
    last_loop = False
    break_page = False
    footnote_area_heights = [
        0 if context.current_footnote_area.height == "auto" else context.current_footnote_area.margin_height()
    ]
    last_footnotes_height = 0
    for index, column_children_or_block in columns_and_blocks:
        if not isinstance(column_children_or_block, list):
            # We have a spanning block, we display it like other blocks
            block = column_children_or_block
            resolve_percentages(block, containing_block)
            block.position_x = box.content_box_x()
            block.position_y = current_position_y
            new_child, resume_at, next_page, adjoining_margins, _, _ = block_level_layout(
                context,
                block,
                original_bottom_space,
                skip_stack,
                containing_block,
                page_is_empty,
                absolute_boxes,
                fixed_boxes,
                adjoining_margins,
                first_letter_style,
                first_line_style,
            )
            skip_stack = None
            if new_child is None:
                last_loop = True
                break_page = True
                break
            new_children.append(new_child)
            current_position_y = new_child.border_height() + new_child.border_box_y()
            adjoining_margins.append(new_child.margin_bottom)
            if resume_at:
                last_loop = True
                break_page = True
                column_skip_stack = resume_at
                break
            page_is_empty = False
            continue

        # We have a list of children that we have to balance between columns
        column_children = column_children_or_block

        # Find the total height available for the first run
        current_position_y += collapse_margin(adjoining_margins)
        adjoining_margins = []
        column_box = _create_column_box(box, containing_block, column_children, width, current_position_y)
        height = max_height = context.page_bottom - current_position_y - original_bottom_space

        # Changed from WeasyPrint: the columns are laid out at a few heights chosen by
        # _balanced_height(), instead of 1 px taller each time until everything fits.
        column_skip_stack = skip_stack
        original_excluded_shapes = context.excluded_shapes[:]
        original_page_is_empty = page_is_empty
        page_is_empty = stop_rendering = False

        attempt = _Columns(
            context,
            column_box,
            skip_stack,
            containing_block,
            count,
            (first_letter_style, first_line_style),
            original_excluded_shapes,
        )
        while True:
            column_skip_stack, consumed_heights, _, next_page = attempt(height, page_is_empty=True)
            # Keep the current footnote area height
            last_footnotes_height = (
                0
                if context.current_footnote_area.height == "auto"
                else context.current_footnote_area.margin_height()
            )
            if last_loop:
                break
            if last_footnotes_height not in footnote_area_heights:
                # Footnotes have been rendered, try to re-render with the
                # new footnote area height
                height -= last_footnotes_height - footnote_area_heights[-1]
                footnote_area_heights.append(last_footnotes_height)
                continue
            everything_fits = not column_skip_stack and max(consumed_heights) <= max_height
            if not everything_fits:
                # Content overflows even at maximum height, stop now and
                # let the columns continue on the next page
                stop_rendering = True
            elif style["column_fill"] == "balance" or index < columns_and_blocks[-1][0]:
                # Everything fits: balance, from the average of the column heights
                height = _balanced_height(
                    attempt, sum(consumed_heights) / count, max_height, style["font_size"] * 1.4
                )
                if height > max_height:
                    # We reached max height, stop rendering
                    height = max_height
                    stop_rendering = True
            break

        # TODO: check style['max']-height
        bottom_space = max(bottom_space, context.page_bottom - current_position_y - height)

        # Replace the current box children with real columns
        i = 0
        max_column_height = 0
        columns = []
        # Changed from WeasyPrint: the columns the search laid out at this height are taken, moved
        # across to their places, when the layout below would make the same.
        made = None if height_defined else attempt.kept(height, original_page_is_empty, bottom_space)
        if made is not None:
            xs = [_column_x(box, style, width, gap, i) for i in range(count)]
            columns = made.place(xs)
            skip_stack = column_skip_stack = made.resume_at
            next_page = made.next_page
            max_column_height = max(0, *(column.margin_height() for column in columns))
            if skip_stack is None:
                bottom_space = original_bottom_space
        while made is None:
            column_box = _create_column_box(box, containing_block, column_children, width, current_position_y)
            column_box.position_x = _column_x(box, style, width, gap, i)
            new_child, column_skip_stack, column_next_page, _, _, _ = block_box_layout(
                context,
                column_box,
                bottom_space,
                skip_stack,
                containing_block,
                original_page_is_empty,
                absolute_boxes,
                fixed_boxes,
                None,
                first_letter_style,
                first_line_style,
                discard=False,
                max_lines=None,
            )
            if new_child is None:
                columns = []
                break_page = True
                break
            next_page = column_next_page
            skip_stack = column_skip_stack
            columns.append(new_child)
            max_column_height = max(max_column_height, new_child.margin_height())
            if skip_stack is None:
                bottom_space = original_bottom_space
                break
            i += 1
            if i == count and not height_defined:
                # [If] a declaration that constrains the column height
                # (e.g., using height or max-height). In this case,
                # additional column boxes are created in the inline
                # direction.
                break

        # Update the current y position and set the columns’ height
        current_position_y += min(max_height, max_column_height)
        for column in columns:
            column.height = max_column_height
            new_children.append(column)

        skip_stack = None
        page_is_empty = False

        if stop_rendering:
            break

    # Report footnotes above the defined footnotes height
    _report_footnotes(context, footnote_area_heights[-1])

    if box.children and not new_children:
        # The box has children but none can be drawn, let's skip the whole box
        context.in_column = False
        return None, (0, None), {"break": "any", "page": None}, [], False

    # Set the height of the containing box
    box.children = new_children
    current_position_y += collapse_margin(adjoining_margins)
    height = current_position_y - box.content_box_y()
    if box.height == "auto":
        box.height = height
        height_difference = 0
    else:
        height_difference = box.height - height

    # Update the latest columns’ height to respect min-height
    if box.min_height != "auto" and box.min_height > box.height:
        height_difference += box.min_height - box.height
        box.height = box.min_height
    for child in new_children[::-1]:
        if child.is_column:
            child.height += height_difference
        else:
            break

    if style["position"] == "relative":
        # New containing block, resolve the layout of the absolute descendants
        for absolute_box in absolute_boxes:
            absolute_layout(context, absolute_box, box, fixed_boxes, bottom_space, skip_stack=None)

    # Calculate skip stack
    if column_skip_stack:
        (skip,) = column_skip_stack.keys()
        skip_stack = {index + skip: column_skip_stack[skip]}
    elif break_page:
        skip_stack = {index: None}

    # Update page bottom according to the new footnotes
    if context.current_footnote_area.height != "auto":
        context.page_bottom += footnote_area_heights[0]
        context.page_bottom -= context.current_footnote_area.margin_height()

    context.in_column = False
    return box, skip_stack, next_page, [], False
