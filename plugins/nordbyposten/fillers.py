"""The short items that may fill a page's foot: calendar highlights, house notices and Kort nyt."""

import re

from babel.dates import format_date

from .issues import is_web_only
from .layout import ENV, LOCALE, page_setup, period_name, short_link

# Each kind of item at most this often, so the paper does not repeat itself.
MAX_EVENTS = 8
MAX_REGULAR = 12


def pool(issue, calendar, settings, *, address, contact, articles):
    """HTML of every item, most useful first: Kort nyt, coming events, regular activities, notices."""
    items = [*_kort_nyt(issue, articles, address), *_events(calendar), *_regular(calendar)]
    items += _notices(issue, contact, address)
    values = {"issue": issue, "period": period_name(issue), "page": page_setup(settings)}
    return [ENV.get_template("filler.html").render(item=item, **values) for item in items]


def _kort_nyt(issue, articles, address):
    """Web-only articles of the issue's period: a few lines each, with the short address to read on."""
    for article in articles:
        if not (issue.start <= article.date.date() <= issue.end and is_web_only(article)):
            continue
        summary = getattr(article, "summary", "") or ""
        link = short_link(f"{address.rstrip('/')}/{article.url}")
        text = f"<p>{_plain(summary)} Læs mere på {link}.</p>"
        yield {"kind": "kort", "kicker": "Kort nyt", "title": article.title, "text": text}


def _plain(html):
    return re.sub(r"<[^>]+>", "", html).strip()


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
        "title": contact.get("name", "Bysekretariatet"),
        "text": f"<p>{contact.get('street', '')}, {contact.get('city', '')} · {email} · {site}</p>",
    }
