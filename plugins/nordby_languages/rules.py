"""Checker rules for translations, added to the one checker in nordby_content."""

import hashlib
import re
from collections import defaultdict

from nordby_content.rules import KNOWN_FIELDS, WARNING, document_rule, site_rule

from .settings import languages_of

KNOWN_FIELDS.add("translated_from")
_TAG = re.compile(r"<[^>]+>")
_SPACE = re.compile(r"\s+")


def text_digest(doc):
    """8 hex digits that change when the words of doc's title, summary or text change.

    Taken from the text as read (tags and spacing left out), so re-wrapped lines or a
    photo rendered differently do not count as a change of the original."""
    words = " ".join([doc.title or "", doc.metadata.get("summary") or "", doc._content or ""])
    plain = _SPACE.sub(" ", _TAG.sub(" ", words)).strip()
    return hashlib.blake2b(plain.encode("utf-8"), digest_size=4).hexdigest()


def _names(ctx):
    return ", ".join(f"{code} ({language.name})" for code, language in languages_of(ctx.settings).items())


@document_rule
def known_language(doc, ctx):
    """`Lang:` must be one of NORDBY_LANGUAGES."""
    lang = getattr(doc, "lang", None)
    if lang and lang not in languages_of(ctx.settings):
        message = f'Sproget "{lang}" er ikke et af websitets sprog.'
        fix = f"skriv en af sprogkoderne {_names(ctx)}, eller bed den tekniske ansvarlige tilføje sproget"
        yield ctx.problem(doc, "lang", message, fix)


def _groups(docs, ctx):
    """Documents that share a kind and a slug: an original and its translations.

    A document in an unknown language is left out: known_language already reports it."""
    known = languages_of(ctx.settings)
    groups = defaultdict(list)
    for doc in docs:
        if doc.lang in known:
            groups[(type(doc), doc.slug)].append(doc)
    return groups.values()


def _default(ctx):
    return ctx.settings["DEFAULT_LANG"]


@site_rule
def translation_has_original(docs, ctx):
    """A translation whose Danish original is missing is published in its language only (a warning)."""
    for group in _groups(docs, ctx):
        if any(d.lang == _default(ctx) for d in group):
            continue
        for doc in group:
            message = f'Der findes ingen dansk udgave med "Slug: {doc.slug}" endnu.'
            fix = (
                f"artiklen udgives kun på {doc.lang}; skriv den danske udgave med samme 'Slug: {doc.slug}' "
                "(uden Lang), eller ret Slug, hvis den skulle oversætte en anden artikel"
            )
            yield ctx.problem(doc, "slug", message, fix, WARNING)


@site_rule
def one_translation_per_language(docs, ctx):
    """Two translations of one document into one language would overwrite each other."""
    for group in _groups(docs, ctx):
        by_lang = defaultdict(list)
        for doc in group:
            by_lang[doc.lang].append(doc)
        for lang, same in by_lang.items():
            if lang == _default(ctx) or len(same) < 2:
                continue  # two Danish documents with one slug: nordby_content's unique_slugs
            first, *others = sorted(same, key=lambda d: d.source_path)
            for doc in others:
                message = f'Der er allerede en oversættelse til "{lang}" af "{doc.slug}": {ctx.rel(first.source_path)}.'
                fix = "slet den ene fil, eller saml de to oversættelser i én"
                yield ctx.problem(doc, "lang", message, fix)


@site_rule
def translation_is_current(docs, ctx):
    """A translation made from an older version of its original may be out of date (a warning)."""
    for group in _groups(docs, ctx):
        original = next((d for d in group if d.lang == _default(ctx)), None)
        if original is None:
            continue
        current = text_digest(original)
        for doc in group:
            yield from _stale(doc, original, current, ctx)


def _stale(doc, original, current, ctx):
    if doc.lang == _default(ctx):
        return
    stamp = str(doc.metadata.get("translated_from") or "").strip()
    if stamp == current:
        return
    where = ctx.rel(original.source_path)
    if stamp:
        message = f"Den danske original ({where}) er ændret, siden oversættelsen blev lavet."
        fix = f"ret oversættelsen efter originalen (se ændringerne med 'git log -p {where}'), og skriv så 'Translated_from: {current}'"
    else:
        message = f"Oversættelsen siger ikke, hvilken udgave af {where} den er lavet fra."
        fix = f"når oversættelsen svarer til originalen, så skriv 'Translated_from: {current}' øverst i filen"
    yield ctx.problem(doc, "translated_from", message, fix, WARNING)
