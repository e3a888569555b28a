"""Each line of text broken once per issue, however often its column is laid out (WeasyPrint 70).

Balancing a story's columns (balance.py) lays the same paragraphs out again at the same column
width for each height it tries, and an issue lays out the same stories again in several documents
(a second layout of the main part, the house pages shortened until they fit). Each time,
WeasyPrint asked Pango where each line breaks: that was half of an issue's layout. Where a line
breaks depends only on the text left of its paragraph, the text properties of its style (STYLE),
the width (WIDTH_DIGITS) and the flags passed, so split_first_line() below remembers WeasyPrint's
answer for as long as the issue's font configuration lives, and gives each caller its own copy of
the layout it returns: that object is kept on the text box and drawn later, when WeasyPrint sets
it up again and may change its text (an ellipsis). The layout of a justified line
(create_layout) and a style's strut are remembered in the same way.
"""

import weasyprint
from weasyprint.layout import inline, preferred
from weasyprint.text import line_break

WEASYPRINT_VERSION = "70.0"  # the version whose split_first_line() this wraps; requirements.txt pins it
_split_first_line, _strut, _create_layout = (
    line_break.split_first_line,
    line_break.strut,
    line_break.create_layout,
)
# Every property that split_first_line() reads, through the Pango layout it makes (fonts.py
# get_font_description and font_features, Layout.setup and set_text, line_size) or itself.
STYLE = (
    "font_family",
    "font_style",
    "font_stretch",
    "font_weight",
    "font_size",
    "font_kerning",
    "font_variant_ligatures",
    "font_variant_position",
    "font_variant_caps",
    "font_variant_numeric",
    "font_variant_alternates",
    "font_variant_east_asian",
    "font_feature_settings",
    "font_variation_settings",
    "font_language_override",
    "lang",
    "direction",
    "white_space",
    "text_decoration_line",
    "letter_spacing",
    "word_spacing",
    "tab_size",
    "overflow_wrap",
    "word_break",
    "hyphens",
    "hyphenate_character",
    "hyphenate_limit_chars",
    "hyphenate_limit_zone",
)
# A column's width comes out of WeasyPrint's sums a few millionths of a pixel apart from one layout
# to the next: widths are the same to a thousandth of a pixel (Pango itself counts 1/1024 px).
WIDTH_DIGITS = 3


def install():
    """Use split_first_line() below in WeasyPrint's inline layout (once; only for WEASYPRINT_VERSION)."""
    if weasyprint.__version__ == WEASYPRINT_VERSION:
        inline.split_first_line = preferred.split_first_line = split_first_line
        inline.strut = strut
        inline.create_layout = create_layout


def split_first_line(  # noqa: PLR0917 - WeasyPrint calls it so
    text, style, context, max_width, justification_spacing, is_line_start=True, minimum=False
):
    """WeasyPrint's split_first_line(), computed once per font configuration for the same arguments."""
    lines = _remembered(style, "nordby_lines")  # arguments -> WeasyPrint's answer
    width = max_width if max_width is None else round(max_width, WIDTH_DIGITS)
    key = (text, _style_key(style, context), width, justification_spacing, is_line_start, minimum)
    found = lines.get(key)
    if found is None:
        found = lines[key] = _split_first_line(
            text, style, context, max_width, justification_spacing, is_line_start, minimum
        )
    layout, *measures = found
    return (_copy(layout), *measures)


def _remembered(style, name):
    """A dict kept on the issue's font configuration (its documents share it), so it lives as long.
    An attribute, not a WeakKeyDictionary: this is looked up on each of some 60,000 calls."""
    font_config = style.font_config
    found = font_config.__dict__.get(name)
    if found is None:
        found = font_config.__dict__[name] = {}
    return found


def _copy(layout, kind=None):
    """A copy of an inactive layout (its attributes are numbers and its text), as copy.copy() makes."""
    made = object.__new__(kind or type(layout))
    made.__dict__.update(layout.__dict__)
    return made


def _style_key(style, context):
    """The values of a style's STYLE properties, made once per style and document."""
    styles = context.__dict__.get("nordby_styles")
    if styles is None:
        styles = context.nordby_styles = {}  # lives as long as the document's layout
    found = styles.get(id(style))
    if found is None:  # the style is kept beside its key, so no other style takes its id meanwhile
        found = styles[id(style)] = (style, repr([style[name] for name in STYLE]))
    return found[1]


def strut(style):
    """WeasyPrint's strut() (a line's height and baseline) once per style: WeasyPrint caches it by
    a key that it formats anew from a dozen of the style's properties on each of its many calls."""
    struts = _remembered(style, "nordby_struts")  # id(style) -> (style, its strut)
    found = struts.get(id(style))
    if found is None:  # the style is kept beside its strut, so no other style takes its id meanwhile
        found = struts[id(style)] = (style, _strut(style))
    return found[1]


def create_layout(text, style, context, max_width, justification_spacing):
    """WeasyPrint's create_layout() for a justified line (its one use in inline.py), made once per
    line and spacing: WeasyPrint lays the line out with Pango only to keep the layout, inactive,
    for drawing."""
    layouts = _remembered(style, "nordby_justified")  # arguments -> a justified line's layout
    key = (text, _style_key(style, context), max_width, justification_spacing)
    found = layouts.get(key)
    if found is None:
        found = layouts[key] = _create_layout(text, style, context, max_width, justification_spacing)
        found.deactivate()
    return _copy(found, _Made)


class _Made(line_break.Layout):
    """A copy of an inactive layout: inline.py deactivates it again, which it already is."""

    def deactivate(self):
        if "layout" in self.__dict__:  # active again while it is drawn
            super().deactivate()
