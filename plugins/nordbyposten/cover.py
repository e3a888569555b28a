"""The cover story as a layout editor sets it: its opening on the front page, the rest inside.

The front page prints the headline, the photo, the standfirst and the first paragraphs, then
"Fortsættes side N". Inside, the story goes on under a short "Fortsat fra side 1" head: no second
headline in full size, no second copy of the photo, no text printed twice.
"""

from nordby_content.sanitize import parse_html

# About what the front page's text column holds below an A4 cover photo (A5 has no room).
OPENING_WORDS = {"A4": 95, "A5": 0}
# A first paragraph this much longer than the budget stays inside: the front page would overflow.
STRETCH = 1.4


def split(body, words):
    """(opening, rest) of an article's HTML: whole leading paragraphs of about `words` words."""
    blocks = parse_html(body).find_all(recursive=False)
    opening, count = [], 0
    for block in blocks:
        size = len(block.get_text(" ").split())
        limit = words * (STRETCH if not opening else 1)
        # Only plain paragraphs open a story on the front: no heading, photo or list there.
        if block.name != "p" or block.find(["img", "figure"]) or count + size > limit:
            break
        opening.append(block)
        count += size
    rest = blocks[len(opening) :]
    return "".join(map(str, opening)), "".join(map(str, rest))


def set_cover(cover, words):
    """The cover story's dict with its front-page opening and the rest, for issue.html."""
    opening, rest = split(cover["body"], words)
    return {**cover, "opening": opening, "rest": rest, "jump_id": cover["id"]}
