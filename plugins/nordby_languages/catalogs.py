"""The theme's interface words per language: gettext catalogs (.po) compiled to .mo with Babel."""

import io
import logging
import os
import time
from functools import lru_cache
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po
from babel.support import NullTranslations, Translations

from nordby_content.files import replacing, write_atomic

logger = logging.getLogger(__name__)
DOMAIN = "messages"
_SOURCE_LANGUAGE = NullTranslations()  # Danish: the templates' own words
_LOOKED_AT = {}  # (folder, code) -> (translations, time.monotonic() of the last look at the file)


def catalog_path(folder, code):
    return Path(folder) / code / "LC_MESSAGES" / f"{DOMAIN}.po"


def compile_po(po_path):
    """The .mo bytes of one .po file (fuzzy entries are left out, as msgfmt does)."""
    with open(po_path, "rb") as handle:
        catalog = read_po(handle, locale=po_path.parent.parent.name)
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    return buffer.getvalue()


@lru_cache(maxsize=32)
def _translations(po_path, _mtime):
    return Translations(io.BytesIO(compile_po(Path(po_path))), domain=DOMAIN)


def translations(folder, code):
    """The compiled catalog of one language; the source language (no .po file) gets its own words back.

    Compiled on every build from the .po file (cached while the file is unchanged), so a fresh clone
    and an edited translation never meet a stale .mo file."""
    # Called for every translated word of every page (55,000 times for 2,000 articles), so the
    # file is looked at again only after a second: a warm `./dev serve` still sees an edited .po.
    key = (folder, code)
    found, checked = _LOOKED_AT.get(key, (None, 0.0))
    now = time.monotonic()
    if found is None or now - checked > 1.0:
        path = os.path.join(folder, code, "LC_MESSAGES", f"{DOMAIN}.po")
        try:
            found = _translations(path, os.stat(path).st_mtime_ns)
        except OSError:
            found = _SOURCE_LANGUAGE
        _LOOKED_AT[key] = (found, now)
    return found


def update_catalogs(root, folder):
    """Add the words the templates mark for translation (babel.cfg) to every .po file, keep the
    translations there, and mark words no template uses any more as obsolete; returns
    {language: [untranslated words]} for the translators."""
    with open(Path(root) / "babel.cfg", encoding="utf-8") as handle:
        method_map, options_map = parse_mapping_cfg(handle)
    template = Catalog()
    for _file, _line, message, comments, context in extract_from_dir(root, method_map, options_map):
        template.add(message, None, [], auto_comments=comments, context=context)
    todo = {}
    for po_path in sorted(Path(folder).glob(f"*/LC_MESSAGES/{DOMAIN}.po")):
        with open(po_path, "rb") as handle:
            catalog = read_po(handle)
        catalog.update(template, update_header_comment=False)
        with (
            replacing(po_path) as temporary,
            open(temporary, "wb") as handle,
        ):  # a translator's file: never half
            write_po(handle, catalog, no_location=True, sort_output=True, width=100, ignore_obsolete=True)
        todo[po_path.parent.parent.name] = [m.id for m in catalog if m.id and (not m.string or m.fuzzy)]
    return todo


def write_mo_files(folder):
    """Write messages.mo beside every messages.po (for tools that want the files); returns the paths."""
    written = []
    for po_path in sorted(Path(folder).glob(f"*/LC_MESSAGES/{DOMAIN}.po")):
        mo_path = po_path.with_suffix(".mo")
        write_atomic(mo_path, compile_po(po_path))
        written.append(mo_path)
    return written
