"""Articles ordered to fill pages: Order: first, then the order of the rest that leaves the least blank.

Laying the paper out once per candidate order would multiply the slowest step, so each story is
measured from its text (lines of a column, its head, its photo) and the pages are packed on paper
in millimetres: a story's head and wide photo cannot be split, so one that does not fit in what is
left of a page leaves that space blank. The order with the least such blank wins; the date order
wins a tie. The estimate need not be exact: it only has to tell a gap of a head and photo (10 cm)
from none.
"""

import itertools
import math
from dataclasses import dataclass

from nordby_content.sanitize import plain_text

from .layout import photo_of

# The page as _style.css sets it: text area height (mm), columns, body line (mm), characters per line
# (measured on laid-out sample pages: justified PT Serif with hyphenation).
PAGES = {
    "A4": {"height": 262, "columns": 3, "line": 4.54, "chars": 27, "wide_photo": 100, "title_chars": 50},
    "A5": {"height": 180, "columns": 2, "line": 4.13, "chars": 29, "wide_photo": 70, "title_chars": 34},
}
STORY_SPACE_MM = 7  # .story { margin-bottom }
HEAD_MM = 12  # rule, kicker, byline and their spacing
TITLE_LINE_MM = 9.2  # 25pt at line-height 1.05
STANDFIRST_LINE_MM = 5
STANDFIRST_CHARS = 105
COLUMN_PHOTO_MM = 50  # a photo one column wide, with its caption, in column length
MIN_GAIN_MM = 10  # less is within the estimate's error: keep the date order
EXACT_UP_TO = 6  # every order of at most this many stories (720); a greedy choice beyond


@dataclass(frozen=True)
class Block:
    """A story on paper: a head that cannot be split, then text of a length in one column."""

    head: float
    text: float


def text_length(html, page, skip_chars=0):
    """Length in mm of one column that the text takes, less its first skip_chars characters."""
    paragraphs = max(1, html.count("<p") + html.count("<h"))
    # A paragraph ends on half a line on average; a subheading takes about two lines.
    chars = max(0, len(plain_text(html)) - skip_chars)
    lines = chars / page["chars"] + paragraphs / 2 + html.count("<h") * 1.5
    return lines * page["line"] + html.count("<img") * COLUMN_PHOTO_MM


def block(article, settings):
    """The story's Block, measured from its fields and text."""
    page = PAGES[settings["NORDBYPOSTEN_PAGE_SIZE"]]
    text = text_length(article.content, page)
    title = math.ceil(len(article.title) / page["title_chars"]) * TITLE_LINE_MM
    summary = plain_text(getattr(article, "summary", "") or "")
    head = HEAD_MM + title + math.ceil(len(summary) / STANDFIRST_CHARS) * STANDFIRST_LINE_MM
    photo = photo_of(article, settings)
    if photo and photo["fit"] == "wide":
        head += page["wide_photo"]
    elif photo:
        text += COLUMN_PHOTO_MM
    return Block(head, text)


def pack(blocks, page, y=0.0):
    """(blank mm left by heads that did not fit, height used on the last page) after the blocks."""
    blank, height, columns = 0.0, page["height"], page["columns"]
    for b in blocks:
        if y + b.head + 2 * page["line"] > height:  # the head and two lines go to the next page
            blank += max(0.0, height - y)
            y = 0.0
        y += b.head
        text = b.text
        while text > columns * (height - y):
            text -= columns * (height - y)
            y = 0.0
        y += text / columns + STORY_SPACE_MM
    return blank, y


def inside_start(issue, named, settings, opening_words):
    """Blocks of what opens the inside pages: the editorial, the cover story's rest, the Order: stories."""
    page = PAGES[settings["NORDBYPOSTEN_PAGE_SIZE"]]
    editorial = Block(HEAD_MM + TITLE_LINE_MM, text_length(issue.editorial.content, page))
    cover = Block(HEAD_MM, text_length(issue.cover.content, page, skip_chars=opening_words * 6))
    return [editorial, cover, *(block(a, settings) for a in named)]


def best_order(before, free, settings):
    """The free stories in the order that leaves least blank after the Blocks before them.

    free is in date order, which is kept unless another order saves at least MIN_GAIN_MM.
    """
    if len(free) < 2:
        return list(free)
    page = PAGES[settings["NORDBYPOSTEN_PAGE_SIZE"]]
    _, y = pack(before, page)
    blocks = {id(a): block(a, settings) for a in free}
    if len(free) > EXACT_UP_TO:
        return _greedy(free, blocks, page, y)

    def blank(order):
        return pack([blocks[id(a)] for a in order], page, y)[0]

    best = min(itertools.permutations(free), key=blank)
    return list(best) if blank(free) - blank(best) >= MIN_GAIN_MM else list(free)


def reorder(articles, free, settings, before):
    """articles with the free ones (a subset) put in the best order, everything else in its place."""
    best = iter(best_order(before, free, settings))
    chosen = {id(a) for a in free}
    return [next(best) if id(a) in chosen else a for a in articles]


def _greedy(free, blocks, page, y):
    """Story by story: the first (by date) that fits where the last one ended, else the next by date."""
    left, chosen = list(free), []
    while left:
        fits = [a for a in left if pack([blocks[id(a)]], page, y)[0] == 0]
        story = (fits or left)[0]
        left.remove(story)
        chosen.append(story)
        y = pack([blocks[id(story)]], page, y)[1]
    return chosen
