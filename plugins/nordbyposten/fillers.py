"""The short items that may fill a page's foot: calendar highlights, house notices, Kort nyt, photo boxes."""

import itertools
from dataclasses import dataclass

from babel.dates import format_date

from nordby_images import printing as photos

from .layout import ENV, LOCALE, TEXT_WIDTH_MM, page_setup, period_name, photo_of, short_link

# Each kind of item at most this often, so the paper does not repeat itself.
MAX_EVENTS = 8
MAX_REGULAR = 12
MAX_PHOTO_BOXES = 2  # a photo seen twice is a pointer to its story, not a second helping
PHOTO_CANDIDATES = 6  # photos offered: enough to find one off its story's pages, few to lay out
COLUMN_GAP_MM = 5  # as .story-body in _style.css
MAX_PHOTO_HEIGHT_MM = 95  # taller, and the box is a page of its own rather than a filler


@dataclass(frozen=True)
class Entry:
    """One item that may fill a gap, as HTML, with what the fill step needs to know of it."""

    html: str
    must: bool = False  # Kort nyt: a short article of the issue, printed in the flow if no gap takes it
    kind: str = "notice"  # "kort", "event" (from the calendar) or "notice"
    topic: str = ""  # the house page (slug) a notice says again in short, if any
    story: str = ""  # a photo box: the anchor of the story it shows, never on that story's pages
    group: str = ""  # entries of one group are one item at different sizes: at most one is placed


def pool(issue, calendar, settings, *, address, contact, short=(), featured=()):
    """An Entry for every item: Kort nyt (short articles, which must be placed), photo boxes of the
    featured articles, coming events, regular activities and house notices."""
    template = ENV.get_template("filler_item.html")
    items = [
        *_kort_nyt(short),
        *photo_boxes(featured, settings),
        *_events(calendar),
        *_regular(calendar),
        *_notices(issue, contact, address),
    ]
    return [
        Entry(
            template.render(item=item, page=page_setup(settings)),
            item["kind"] == "kort",
            item["kind"],
            item.get("topic", ""),
            item.get("story", ""),
            item.get("group", ""),
        )
        for item in items
    ]


def photo_widths(settings):
    """Widths (mm) a photo box may print its photo at: one column, two, ..., the whole text area."""
    columns = 2 if settings["NORDBYPOSTEN_PAGE_SIZE"] == "A5" else 3
    text = TEXT_WIDTH_MM[settings["NORDBYPOSTEN_PAGE_SIZE"]]
    column = (text - COLUMN_GAP_MM * (columns - 1)) / columns
    return [(span, round(span * column + (span - 1) * COLUMN_GAP_MM, 2)) for span in range(1, columns + 1)]


def photo_boxes(featured, settings):
    """A photo box for the lead photo of each featured article, at every width its pixels allow.

    featured: (anchor, article) of the articles in the flow whose photo may be shown again. The box
    says where the story is, and fill.py keeps it off the story's own pages.
    """
    with_photo = ((anchor, article) for anchor, article in featured if getattr(article, "image", None))
    for anchor, article in itertools.islice(with_photo, PHOTO_CANDIDATES):
        photo = photo_of(article, settings)
        pixels = tuple(int(v) for v in photo["px"].split("x"))
        for span, width in photo_widths(settings):
            height = width * pixels[1] / pixels[0]
            ppi = photos.effective_ppi(pixels, (width, height))
            if height > MAX_PHOTO_HEIGHT_MM or ppi < settings["NORDBYPOSTEN_MIN_PPI_WARNING"]:
                continue
            yield {
                "kind": "photo",
                "kicker": "Billedet",
                "photo": photo,
                "source": article.source_path,
                "title": article.title,
                "story": anchor,
                "group": "photo:" + photo["file"],
                "full": span == len(photo_widths(settings)),
                "width": width,
            }


def document(issue, settings, fragments, width_px):
    """All items in one document, one below the other, on a page as wide as the text area."""
    values = {"issue": issue, "period": period_name(issue), "page": page_setup(settings)}
    html = ENV.get_template("filler.html").render(fragments=fragments, **values)
    # Tall enough for every item: they are laid out once, together, then moved one by one.
    style = f"<style>@page {{ size: {width_px}px 30000px; margin: 0; }}</style>"
    return html.replace("</head>", style + "</head>", 1)


def _kort_nyt(stories):
    """Each short article whole, with its byline, in the Kort nyt style."""
    for story in stories:
        byline = f'<p class="byline">Tekst: {story["byline"]}</p>' if story["byline"] else ""
        yield {"kind": "kort", "kicker": "Kort nyt", "title": story["title"], "text": story["body"] + byline}


def _events(calendar):
    rows = [r for _, month in calendar.get("events", []) for r in month if not r["cancelled"]]
    for row in rows[:MAX_EVENTS]:
        when = f"{row['day']} {row['clock']}".strip()
        text = f"{row['venue']}. Se alle aktiviteter i kalenderen bag i avisen." if row["venue"] else ""
        yield {
            "kind": "event",
            "kicker": "Sæt kryds i kalenderen",
            "when": when,
            "title": row["title"],
            "text": text,
        }


def _regular(calendar):
    rows = [(day, r) for day, group in calendar.get("regular", []) for r in group]
    for day, row in rows[:MAX_REGULAR]:
        rhythm = row["when"].capitalize() if row["when"] else f"Hver {day.lower()}"
        when = f"{rhythm} {row['clock']}"
        extra = f" ({', '.join(row['exceptions'])})" if row["exceptions"] else ""
        text = f"{row['venue']}{extra}. Alle er velkomne."
        yield {"kind": "event", "kicker": "Fast aktivitet", "when": when, "title": row["title"], "text": text}


def _notices(issue, contact, address):
    """House notices: write for the paper, the next deadline, where to find us."""
    deadline = format_date(issue.next_deadline, "d. MMMM y", locale=LOCALE)
    email = contact.get("email", "")
    site = short_link(address.rstrip("/")) or address
    yield {
        "kind": "notice",
        "kicker": "Nordbyposten",
        "topic": "bliv-borgerjournalist",
        "title": "Bliv borgerjournalist",
        "text": "<p>Artiklerne i Nordbyposten er skrevet af beboere. Du behøver ikke at være god til dansk "
        "eller til computere: skriv om det, der sker, hvor du bor, og tag gerne et billede. "
        f"Kom forbi ParkCafeen, eller skriv til {email}.</p>",
    }
    yield {
        "kind": "notice",
        "kicker": "Deadline",
        "title": f"Næste nummer: send din historie senest {deadline}",
        "text": f"<p>Skriv til {email}, eller aflever den i ParkCafeen. Redaktionen hjælper med resten.</p>",
    }
    yield {
        "kind": "notice",
        "kicker": "Kontakt",
        "topic": "kontakt",
        "title": contact.get("name", "Bysekretariatet"),
        "text": f"<p>{contact.get('street', '')}, {contact.get('city', '')} · {email} · {site}</p>",
    }
