"""Redirects from the addresses slugs had before æ, ø and å were written out (born- -> boern-).

A page gets a small HTML page at its old address that sends the reader on (and tells search
engines the new address); a feed or calendar file is written at its old path too, since feed
readers and calendar apps do not follow an HTML redirect.
"""

import html
from pathlib import Path

from nordby_incremental.files import write_if_changed
from pelican.generators import Generator

from nordby_content.slugs import old_slug

WRAPPERS = (("categories", "CATEGORY"), ("authors", "AUTHOR"), ("tags", "TAG"))
DOCUMENTS = (("articles", "ARTICLE"), ("pages", "PAGE"))


def redirect_page(new_url, csp=""):
    """A page that sends the reader to new_url at once; without script, so the site's CSP allows it."""
    url = html.escape(new_url, quote=True)
    policy = (
        f'<meta http-equiv="Content-Security-Policy" content="{html.escape(csp, quote=True)}">' if csp else ""
    )
    return (
        '<!doctype html>\n<html lang="da">\n<head>\n<meta charset="utf-8">\n'
        f"{policy}<title>Siden er flyttet</title>\n"
        f'<meta name="robots" content="noindex">\n<link rel="canonical" href="{url}">\n'
        f'<meta http-equiv="refresh" content="0; url={url}">\n</head>\n'
        f'<body>\n<main><p>Siden er flyttet til <a href="{url}">{url}</a>.</p></main>\n</body>\n</html>\n'
    )


def moved_wrappers(context, settings):
    """(kind, old slug, the category/author/tag) for each whose slug the Danish letters changed."""
    for key, kind in WRAPPERS:
        for wrapper, _ in context.get(key, []):
            old = old_slug(wrapper.name, settings, kind)
            if old and old != wrapper.slug:
                yield kind, old, wrapper


def moved_documents(context, settings):
    """(old save_as, document) for each article or page whose slug came from a title with æ, ø or å."""
    for key, kind in DOCUMENTS:
        for doc in context.get(key, []):
            if "slug" in doc.metadata or not getattr(doc, "title", None):
                continue  # an explicit Slug: never changed
            old = old_slug(doc.title, settings)
            if old and old != doc.slug:
                yield settings[f"{kind}_SAVE_AS"].format(**{**doc.url_format, "slug": old}), doc


def page_redirects(context, settings):
    """(old file, new address) for every moved page: documents, areas, authors, tags, calendar areas."""
    for old_save_as, doc in moved_documents(context, settings):
        yield old_save_as, doc.url
    for kind, old, wrapper in moved_wrappers(context, settings):
        yield settings[f"{kind}_SAVE_AS"].format(slug=old), wrapper.url
        if kind == "CATEGORY" and settings.get("CALENDAR_AREA_URL"):
            new = settings["CALENDAR_AREA_URL"].format(slug=wrapper.slug)
            yield settings["CALENDAR_AREA_URL"].format(slug=old) + "index.html", new


def file_copies(context, settings):
    """(old path, new path) of each area feed and calendar file whose address changed."""
    patterns = [settings.get("NORDBY_FEEDS", {}).get(k) for k in ("area_rss", "area_atom")]
    patterns.append(settings.get("CALENDAR_ICS_AREA"))
    for kind, old, wrapper in moved_wrappers(context, settings):
        if kind == "CATEGORY":
            yield from ((p.format(slug=old), p.format(slug=wrapper.slug)) for p in patterns if p)


class RedirectsGenerator(Generator):
    """Writes a redirect page at every old address, never over a page of this build."""

    pending = None  # (context, output folder) for copy_moved_files at the end of the build

    def generate_output(self, writer):
        output = Path(self.output_path)
        siteurl = self.settings.get("SITEURL", "")
        docs = self.context.get("articles", []) + self.context.get("pages", [])
        taken = {doc.save_as for doc in docs}
        for old, new in page_redirects(self.context, self.settings):
            if old not in taken:
                page = redirect_page(f"{siteurl}/{new}", self.settings.get("NORDBY_CSP", ""))
                write_if_changed(output / old, page.encode())
        RedirectsGenerator.pending = (self.context, self.output_path)


def copy_moved_files(pelican):
    """Once every generator has written (the calendar writes after us): old feed paths get a copy."""
    pending, RedirectsGenerator.pending = RedirectsGenerator.pending, None
    if pending is None or pending[1] != pelican.output_path:
        return
    output = Path(pelican.output_path)
    for old, new in file_copies(pending[0], pelican.settings):
        if (output / new).is_file():
            write_if_changed(output / old, (output / new).read_bytes())
