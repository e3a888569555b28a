"""Signal receivers that plug the content model into a Pelican build."""

import logging
import os
import sys
from pathlib import Path

from pelican.contents import Content
from pelican.generators import ArticlesGenerator, PagesGenerator

from .cache import follow_settings
from .dates import JINJA_FILTERS
from .problems import ContentErrors
from .reader import NordbyMarkdownReader
from .rules import RuleContext, run_rules
from .sanitize import clean_html, plain_text, striptags
from .settings import apply_all

logger = logging.getLogger(__name__)
OTHER_FORMATS = {".html", ".htm", ".rst"}  # read by Pelican's own readers, not ours


def add_jinja_filters(pelican):
    """Danish date filters, and a fresh rule context for this build."""
    check_settings(pelican.settings)
    pelican.settings.setdefault("JINJA_FILTERS", {}).update(JINJA_FILTERS, striptags=striptags)
    RuleContext.reset(pelican.settings)


def check_settings(settings):
    """Stop at start-up if a plugin is missing or any plugin's setting is wrong (all named at once)."""
    check_plugins_loaded(settings)
    apply_all(settings)  # this plugin is first: every plugin's settings are checked in one go
    follow_settings(settings)


def check_plugins_loaded(settings):
    """Pelican only logs a plugin that fails to import and builds on without it; a site without its
    feeds or calendar must not be published, so the build stops here."""
    loaded = set(settings.get("PLUGINS") or [])  # Pelican keeps only the plugins that loaded
    missing = [name for name in settings.get("NORDBY_REQUIRED_PLUGINS", []) if name not in loaded]
    if missing:
        raise SystemExit(
            f"Udvidelsen {', '.join(missing)} kunne ikke indlæses (Pelicans fejlbesked står ovenfor). "
            "Byggeriet stopper, så websitet ikke bygges uden den. Ret fejlen i plugins/, "
            "eller bed den tekniske ansvarlige om hjælp."
        )


def sanitise_other_formats(instance):
    """A document our Markdown reader did not read (an .html or .rst file) is cleaned here."""
    # Only contributed files in Pelican's other formats; plugins' own generated pages stay as built.
    if "removed_html" in instance.metadata:  # read by our reader: cleaned already
        return
    if os.path.splitext(instance.source_path or "")[1].lower() not in OTHER_FORMATS:
        return
    instance._content = clean_html(instance._content or "")
    if getattr(instance, "_summary", None):
        instance._summary = clean_html(instance._summary)
    if getattr(instance, "title", None):
        instance.title = plain_text(instance.title)
    logger.debug("Renset %s (ikke Markdown)", instance.source_path)


def declare_lead_image():
    """Every document answers `lead_image`: None, until plugins/nordby_images gives it a photo.

    Templates ask each listed document for its photo; one without the attribute made Jinja raise
    and catch two errors per question, 27,000 times in a build of 2,000 articles without photos."""
    Content.lead_image = None


def use_our_reader(readers):
    """Read every Markdown file with the reader that reports problems in Danish."""
    for extension in NordbyMarkdownReader.file_extensions:
        readers.reader_classes[extension] = NordbyMarkdownReader


def all_documents(generators):
    """Every article and page of the build, published or not."""
    docs = []
    for gen in generators:
        if isinstance(gen, ArticlesGenerator):
            docs += gen.articles + gen.translations + gen.drafts + gen.hidden_articles
        elif isinstance(gen, PagesGenerator):
            docs += gen.pages + gen.translations + gen.draft_pages + gen.hidden_pages
    return docs


def _static_paths(settings):
    """Files under the static folders, relative to content/ (Pelican copies them as they are)."""
    content = Path(settings["PATH"])
    return {
        p.relative_to(content).as_posix()
        for folder in settings["STATIC_PATHS"]
        for p in (content / folder).rglob("*")
        if p.is_file()
    }


def check_all_content(generators):
    """Run the rules once all content is read; stop the build if anything is wrong."""
    settings = generators[0].settings
    ctx = RuleContext.of(settings)
    docs = all_documents(generators)
    for doc in docs:
        # A document from Pelican's generator cache still points at the context of the build
        # that cached it, so {filename} links to newer content would not resolve.
        doc._context = generators[0].context
    ctx.built_paths = {d.relative_source_path for d in docs} | _static_paths(settings)
    ctx.draft_paths = {d.relative_source_path for d in docs if d.status == "draft"}
    for gen in generators:
        gen.context["nordby_authors"] = ctx.authors
    log = run_rules(docs, ctx)
    if settings.get("NORDBY_CHECK_ONLY"):
        print(log.report() if log.problems else "Indholdet er i orden.", file=sys.stderr)
        raise SystemExit(1 if log.errors else 0)
    if log.errors:
        raise ContentErrors(log)
    for problem in log.warnings:
        logger.warning("%s", problem)
