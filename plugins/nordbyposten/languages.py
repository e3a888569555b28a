"""The page "På dit sprog": short summaries of the issue's translated stories, with QR codes to them."""

from pathlib import Path

from nordby_content.sanitize import parse_html
from nordby_languages.catalogs import translations

from .layout import ENV, FONTS, page_setup, period_name, qr, short_link

TITLE = "På dit sprog"


def N_(message):
    return message


# Printed under each language's name, in that language (theme/translations/*.po; `invoke catalogs`).
SCAN = N_("Scan koden med telefonen, og læs hele historien på hjemmesiden.")
# Each QR code's alt text, for readers of the accessible web edition (PDF/UA asks for one).
QR_ALT = N_("QR-kode til historien på hjemmesiden")
# The foot of the page invites readers to write in their own language (the paper is written by residents).
INVITE_TITLE = N_("Skriv selv – på dit eget sprog")
INVITE = N_(
    "Du kan skrive din historie til Nordbyposten på dit eget sprog. "
    "Redaktionen hjælper med at oversætte den. Send den på hjemmesiden, eller kom forbi ParkCafeen."
)


def translated_stories(issue, settings):
    """[(Language entry with code, [translations])] of the issue's articles, in NORDBY_LANGUAGES order."""
    languages = settings.get("NORDBY_LANGUAGES") or {}
    found = {}
    for article in issue.articles:
        for translation in getattr(article, "translations", []):
            if translation.lang != settings["DEFAULT_LANG"] and translation.status == "published":
                found.setdefault(translation.lang, []).append(translation)
    return [({"code": code, **languages[code]}, found[code]) for code in languages if code in found]


def _summary(doc, words=32):
    """The translation's own summary as plain text, cut at a word when it is long."""
    text = parse_html(doc.summary or "").get_text(" ", strip=True)
    cut = text.split()
    return text if len(cut) <= words else " ".join(cut[:words]) + " …"


def _section(language, docs, site, catalogs):
    code = language["code"]
    words = translations(catalogs, code)
    return {
        **language,
        "scan": words.ugettext(SCAN),
        "qr_alt": words.ugettext(QR_ALT),
        "invite_title": words.ugettext(INVITE_TITLE),
        "invite": words.ugettext(INVITE),
        "link": short_link(f"{site}/{code}/"),
        "send": short_link(f"{site}/indsend/"),
        "stories": [
            {"title": doc.title, "summary": _summary(doc), "qr": qr(f"{site}/{doc.url}")} for doc in docs
        ],
    }


def languages_html(issue, settings, address, first_page):
    """The page as HTML, or None when none of the issue's stories is translated (no page at all)."""
    sections = translated_stories(issue, settings)
    if not sections:
        return None
    site = address.rstrip("/")
    catalogs = Path(settings["THEME"]) / "translations"
    return ENV.get_template("languages.html").render(
        issue=issue,
        period=period_name(issue),
        page=page_setup(settings),
        fonts=FONTS.as_uri(),
        first_page=first_page,
        title=TITLE,
        invite_title=INVITE_TITLE,
        invite=INVITE,
        sections=[_section(language, docs, site, catalogs) for language, docs in sections],
    )
