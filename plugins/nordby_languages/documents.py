"""Translated documents: which lists they belong in, and the alternates of each page."""

from pelican.generators import ArticlesGenerator, PagesGenerator


def keep_lists_in_default_language(generator):
    """Pelican lists a translation whose Danish original is missing as an original; here it
    moves to the translations, so it is published in its own language's list but not in the Danish
    front page, areas, feeds or the printed paper (until the Danish version is written)."""
    if isinstance(generator, ArticlesGenerator):
        generator.articles, orphans = _split(generator.articles)
        generator.translations += orphans
        generator.drafts, orphans = _split(generator.drafts)
        generator.drafts_translations += orphans
        generator.context["article_translations"] = generator.translations
    elif isinstance(generator, PagesGenerator):
        generator.pages, orphans = _split(generator.pages)
        generator.translations += orphans
        generator.context["pages"] = generator.pages
        generator.context["page_translations"] = generator.translations


def _split(documents):
    """(documents in the default language, the others)."""
    own = [d for d in documents if d.in_default_lang]
    return own, [d for d in documents if not d.in_default_lang]


def alternates(doc):
    """The document and its translations, in the order of NORDBY_LANGUAGES."""
    if doc is None or not getattr(doc, "translations", None):
        return []
    order = list(doc.settings.get("NORDBY_LANGUAGES", {}))
    every = [doc, *doc.translations]
    return sorted(every, key=lambda d: order.index(d.lang) if d.lang in order else len(order))


def original_of(doc):
    """The published document in the default language that doc translates, or None."""
    return next((d for d in getattr(doc, "translations", []) if d.in_default_lang), None)


def by_language(documents, code):
    """The published documents in one language, newest first."""
    own = [d for d in documents if d.lang == code]
    return sorted(
        own, key=lambda d: (getattr(d, "date", None) is not None, getattr(d, "date", None)), reverse=True
    )
