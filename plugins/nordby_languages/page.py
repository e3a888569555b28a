"""What a template needs to speak the page's language: the language, its words and its dates."""

import os

from babel.dates import format_date
from jinja2 import pass_context
from markupsafe import Markup

from nordby_content.dates import long_date, short_date

from .catalogs import translations
from .documents import alternates
from .settings import Language

TRANSLATIONS_DIR = "translations"  # in the theme folder, as Pelican themes keep their catalogs


_CODE = "_nordby_page_code"  # remembered on each Jinja context: asked for by every translated word
_CATALOG = "_nordby_page_catalog"  # likewise, the page's catalog


def page_code(ctx):
    """The language of the page being rendered: a list page's `lang_code`, else its document's `Lang:`."""
    code = getattr(ctx, _CODE, None)
    if code is None:
        doc = ctx.get("article") or ctx.get("page")
        code = ctx.get("lang_code") or getattr(doc, "lang", None) or ctx["DEFAULT_LANG"]
        # No template sets article, page or lang_code, so a context keeps its page's language
        # while it renders (Jinja's Context has no __slots__).
        setattr(ctx, _CODE, code)
    return code


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
    found = getattr(ctx, _CATALOG, None)
    if found is None:  # once per page, not once per word
        found = translations(os.path.join(ctx["THEME"], TRANSLATIONS_DIR), page_code(ctx))
        setattr(ctx, _CATALOG, found)
    return found


@pass_context
def gettext(ctx, message, /, **variables):
    """Jinja's new-style gettext (`_("Søg")`, `{% trans %}`) in the page's language, in one call:
    a page of 2,000 asks for 17 words, and Jinja's own wrapper made each a chain of three."""
    found = _catalog(ctx).ugettext(message)
    if not variables and "%" not in found:  # most words: nothing to fill in, no %% to undo
        return Markup(found) if ctx.eval_ctx.autoescape else found
    return (Markup(found) if ctx.eval_ctx.autoescape else found) % variables


@pass_context
def ngettext(ctx, singular, plural, number, /, **variables):
    """Jinja's new-style ngettext in the page's language; `num` is given like Jinja's own."""
    found = _catalog(ctx).ungettext(singular, plural, number)
    variables.setdefault("num", number)
    return (Markup(found) if ctx.eval_ctx.autoescape else found) % variables


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
    env.newstyle_gettext = True
    # Already new-style: installed as they are, and `_` calls gettext directly, not through a lookup.
    env.globals.update(_=gettext, gettext=gettext, ngettext=ngettext)
    env.filters.update(JINJA_FILTERS)
    env.globals.update(JINJA_GLOBALS)
