"""The short items that may fill a page's foot: calendar highlights, house notices and Kort nyt."""

from dataclasses import dataclass

from babel.dates import format_date

from .layout import ENV, LOCALE, page_setup, period_name, short_link

# Each kind of item at most this often, so the paper does not repeat itself.
MAX_EVENTS = 8
MAX_REGULAR = 12


@dataclass(frozen=True)
class Entry:
    """One item that may fill a gap, as HTML, with what the fill step needs to know of it."""

    html: str
    must: bool = False  # Kort nyt: a short article of the issue, printed in the flow if no gap takes it
    kind: str = "notice"  # "kort", "event" (from the calendar) or "notice"
    topic: str = ""  # the house page (slug) a notice says again in short, if any


def pool(issue, calendar, settings, *, address, contact, short=()):
    """An Entry for every item: Kort nyt (short articles, which must be placed), coming events,
    regular activities and house notices."""
    template = ENV.get_template("filler_item.html")
    items = [*_kort_nyt(short), *_events(calendar), *_regular(calendar), *_notices(issue, contact, address)]
    return [
        Entry(template.render(item=item), item["kind"] == "kort", item["kind"], item.get("topic", ""))
        for item in items
    ]


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
