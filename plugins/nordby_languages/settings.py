"""NORDBY_LANGUAGES: the site's languages, Danish first, each with its own name and direction."""

from dataclasses import dataclass

from babel import Locale, UnknownLocaleError

from nordby_content.settings import Schema, dictionary

# Each language: its name in its own script (what a reader looks for in the switcher), its writing
# direction, and optionally a stylesheet from theme/static that only its pages load (a webfont).
# A site that names no languages is Danish only; pelicanconf.py adds the languages Nordby reads.
DEFAULT_LANGUAGES = {"da": {"name": "Dansk", "dir": "ltr"}}
_KEYS = {"name", "dir", "css"}
DIRECTIONS = {"ltr": "left-to-right", "rtl": "right-to-left"}


@dataclass(frozen=True)
class Language:
    """One language of the site, as the templates and rules use it."""

    code: str
    name: str
    dir: str = "ltr"
    css: str = ""

    def __str__(self):
        return self.name


def _problems_of(code, entry):
    """What is wrong with one entry of NORDBY_LANGUAGES (all at once)."""
    if not isinstance(entry, dict):
        return [f"{code}: skal være en ordbog med 'name' og 'dir'"]
    found = [f"{code}: ukendt nøgle '{key}'" for key in sorted(set(entry) - _KEYS)]
    if not isinstance(entry.get("name"), str) or not entry.get("name"):
        found.append(f"{code}: 'name' skal være sprogets navn på sproget selv, fx 'العربية'")
    try:
        cldr_order = Locale.parse(code).character_order
    except (ValueError, UnknownLocaleError):
        return [*found, f"{code}: er ikke en sprogkode, som Babel kender (fx 'ar', 'so', 'en')"]
    if DIRECTIONS.get(entry.get("dir")) != cldr_order:
        want = next(d for d, order in DIRECTIONS.items() if order == cldr_order)
        found.append(f"{code}: 'dir' skal være '{want}' (skriveretningen for sproget)")
    return found


def _problems(settings):
    """Everything wrong with NORDBY_LANGUAGES (it is a dict: the schema checks that first)."""
    given = settings.get("NORDBY_LANGUAGES", DEFAULT_LANGUAGES)
    if not isinstance(given, dict) or not given:
        return []
    found = [problem for code, entry in given.items() for problem in _problems_of(code, entry)]
    if next(iter(given)) != settings.get("DEFAULT_LANG"):
        found.append(f"det første sprog skal være DEFAULT_LANG ('{settings.get('DEFAULT_LANG')}')")
    return found


def _rule(settings):
    """The schema's check across the entries: one message per problem, at the setting's line."""
    for problem in _problems(settings):
        yield "NORDBY_LANGUAGES", f"Indstillingen NORDBY_LANGUAGES er ugyldig: {problem}."


SCHEMA = Schema(
    "NORDBY_LANGUAGES",
    {
        "NORDBY_LANGUAGES": dictionary(
            DEFAULT_LANGUAGES,
            "The site's languages, Danish first: {code: {'name', 'dir', 'css'}}.",
            want="en ikke-tom ordbog: {'da': {...}, 'ar': {...}}",
            check=bool,
        ),
    },
    rules=(_rule,),
)


_CHECKED = {}  # the setting's value (as a hashable key) -> its languages, once they were checked


def languages_of(settings):
    """The site's languages in order, {code: Language}; stops on a bad setting."""
    given = settings.get("NORDBY_LANGUAGES", DEFAULT_LANGUAGES)
    if not isinstance(given, dict) or not given:
        raise SystemExit("Indstillingen NORDBY_LANGUAGES skal være en ordbog: {'da': {...}, 'ar': {...}}.")
    # A rule asks for every document (2,000 times in a build): Babel's locale data is consulted
    # once per value of the setting, not each time.
    key = _key(given, settings.get("DEFAULT_LANG"))
    if key not in _CHECKED:
        found = _problems(settings)
        if found:
            raise SystemExit("Indstillingen NORDBY_LANGUAGES er ugyldig:\n  " + "\n  ".join(found))
        languages = {code: Language(code, **entry) for code, entry in given.items()}
        if key is None:
            return languages
        _CHECKED[key] = languages
    return dict(_CHECKED[key])


def _key(given, default_lang):
    try:
        key = (default_lang, tuple((code, tuple(sorted(entry.items()))) for code, entry in given.items()))
        hash(key)
    except (AttributeError, TypeError):  # not a dict of dicts of plain values: checked every time
        return None
    return key


def apply(pelican):
    """Check NORDBY_LANGUAGES once (the shared settings schema), with its default filled in."""
    SCHEMA.apply(pelican.settings)
    # The list page of each language is paginated like the front page.
    pelican.settings.setdefault("PAGINATED_TEMPLATES", {}).setdefault("language_index", None)
