"""Each line of text broken once per document, however often its column is laid out (WeasyPrint 70).

Balancing a story's columns (balance.py) lays the same paragraphs out again at the same column
width for each height it tries, and WeasyPrint asks Pango where each line breaks every time: that
was half of an issue's layout. Where a line breaks depends only on the text left of its
paragraph, its computed style, the width and the flags passed, so split_first_line() below
remembers WeasyPrint's answer for the rest of the document's layout (on its LayoutContext) and
gives each caller its own copy of the layout it returns: that object is kept on the text box
and drawn later, when WeasyPrint sets it up again and may change its text (an ellipsis).
"""

import copy

import weasyprint
from weasyprint.layout import inline, preferred
from weasyprint.text import line_break

WEASYPRINT_VERSION = "70.0"  # the version whose split_first_line() this wraps; requirements.txt pins it
_split_first_line = line_break.split_first_line


def install():
    """Use split_first_line() below in WeasyPrint's inline layout (once; only for WEASYPRINT_VERSION)."""
    if weasyprint.__version__ == WEASYPRINT_VERSION:
        inline.split_first_line = preferred.split_first_line = split_first_line


def split_first_line(  # noqa: PLR0917 - WeasyPrint calls it so
    text, style, context, max_width, justification_spacing, is_line_start=True, minimum=False
):
    """WeasyPrint's split_first_line(), computed once per document for the same arguments."""
    lines = getattr(context, "nordby_lines", None)
    if lines is None:
        if context is None:
            return _split_first_line(
                text, style, context, max_width, justification_spacing, is_line_start, minimum
            )
        lines = context.nordby_lines = {}
    # The style by identity: it is kept in the entry, so no other style can take its id meanwhile.
    key = (text, id(style), max_width, justification_spacing, is_line_start, minimum)
    found = lines.get(key)
    if found is None:
        found = lines[key] = (
            style,
            _split_first_line(text, style, context, max_width, justification_spacing, is_line_start, minimum),
        )
    layout, *measures = found[1]
    return (copy.copy(layout), *measures)
