"""The NORDBY_* settings: the site's own options and those of the content rules."""

from .settings import (
    Schema,
    boolean,
    dictionary,
    integer,
    iso_date_or_empty,
    option,
    text,
    text_list,
)


def _names(value):
    return isinstance(value, list | tuple) and bool(value) and all(isinstance(s, str) and s for s in value)


SCHEMA = Schema(
    "NORDBY_",
    {
        "NORDBY_AREAS": option(
            [], "The six areas of effort: the article categories.", _names, "en liste af områdernes navne"
        ),
        "NORDBY_AUTHORS_FILE": text(
            "data/forfattere.yml", "The registry of citizen journalists, under content/.", empty=False
        ),
        "NORDBY_CONTACT": dictionary(
            {}, "Name, street, city and e-mail printed in the footer and the paper."
        ),
        "NORDBY_MENU_PAGES": text_list([], "Slugs of the pages in the main menu, in order."),
        "NORDBY_CSP": text("", "The Content-Security-Policy of the <meta> tag (nginx sends the same)."),
        "NORDBY_BUILD_DATE": iso_date_or_empty(
            "", "The day the build counts as today (also from the environment); empty: today in Randers."
        ),
        "NORDBY_HEADLINE_MAX_CHARS": integer(
            70, "`check` warns about longer headlines (what fits Nordbyposten's columns).", minimum=10
        ),
        "NORDBY_EXTRA_FIELDS": text_list(
            [], "Header fields the checker accepts besides the known ones.", "en liste af feltnavne"
        ),
        "NORDBY_REQUIRED_PLUGINS": text_list([], "Plugins without which the build stops."),
        "NORDBY_CHECK_ONLY": boolean(False, "Set by `check`: run the rules, report, build nothing."),
    },
)
