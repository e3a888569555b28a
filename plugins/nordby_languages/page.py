"""What a template needs to speak the page's language: the language, its words and its dates."""

import os

from babel.dates import format_date
from jinja2 import pass_context

from nordby_content.dates import long_date, short_date

from .catalogs import translations
from .documents import alternates
from .settings import Language

TRANSLATIONS_DIR = "translations"  # in the theme folder, as Pelican themes keep their catalogs


def page_code(ctx):
    """The language of the page being rendered: a list page's `lang_code`, else its document's `Lang:`."""
    doc = ctx.get("article") or ctx.get("page")
    return ctx.get("lang_code") or getattr(doc, "lang", None) or ctx["DEFAULT_LANG"]


@pass_context
def page_language(ctx):
    """The Language of the page (code, name in its own script, direction, stylesheet)."""
    return _language(ctx, page_code(ctx))


def _language(ctx, code):
    entry = ctx["NORDBY_LANGUAGES"].get(code) or {"name": code}
    return Language(code, **entry)


@pass_context
def page_alternates(ctx):
    """Every language version of this page, [{code, url, name, dir}], for the switcher and hreflang.

    A translated document lists its translations; a language's list page is given its own."""
    given = ctx.get("language_alternates")
    if given is not None:
        return given
    return [
        {"code": d.lang, "url": d.url, "name": _language(ctx, d.lang).name, "dir": _language(ctx, d.lang).dir}
        for d in alternates(ctx.get("article") or ctx.get("page"))
    ]


@pass_context
def page_search_url(ctx):
    """The search page in the page's language (its own index), or the Danish one."""
    code = page_code(ctx)
    if code != ctx["DEFAULT_LANG"] and any(item["code"] == code for item in ctx.get("language_lists") or ()):
        return f"{code}/{ctx['HOSTING_SEARCH_URL']}"
    return ctx["HOSTING_SEARCH_URL"]


def _catalog(ctx):
    return translations(os.path.join(ctx["THEME"], TRANSLATIONS_DIR), page_code(ctx))


@pass_context
def gettext(ctx, message):
    return _catalog(ctx).ugettext(message)


@pass_context
def ngettext(ctx, singular, plural, number):
    return _catalog(ctx).ungettext(singular, plural, number)


@pass_context
def long_date_filter(ctx, value):
    """'onsdag den 12. marts 2014', or the same date the way the page's language writes it."""
    code = page_code(ctx)
    return long_date(value) if code == "da" else format_date(value, "full", locale=code)


@pass_context
def short_date_filter(ctx, value):
    code = page_code(ctx)
    return short_date(value) if code == "da" else format_date(value, "medium", locale=code)


@pass_context
def day_filter(ctx, value):
    """A calendar day heading with its weekday ('tirsdag den 2. december') in the page's language."""
    code = page_code(ctx)
    return format_date(value, "EEEE 'den' d. MMMM" if code == "da" else "EEEE d MMMM", locale=code)


JINJA_FILTERS = {"dato": long_date_filter, "dato_kort": short_date_filter, "dag": day_filter}
JINJA_GLOBALS = {
    "page_language": page_language,
    "page_alternates": page_alternates,
    "page_search_url": page_search_url,
}


def install(generator):
    """Jinja's i18n extension with the page's catalog, in every generator's template environment."""
    env = getattr(generator, "env", None)
    if env is None:
        return
    env.add_extension("jinja2.ext.i18n")
    env.install_gettext_callables(gettext, ngettext, newstyle=True)
    env.filters.update(JINJA_FILTERS)
    env.globals.update(JINJA_GLOBALS)
