"""Redirects from the addresses slugs had before æ, ø and å were written out (born- -> boern-).

A page gets a page of the site at its old address (theme/templates/redirect.html) that sends the
reader on at once and names the new address as canonical; a feed or calendar file is written at
its old path too, since feed readers and calendar apps do not follow an HTML redirect.
"""

from pathlib import Path

from nordby_incremental.files import write_if_changed
from pelican.generators import Generator

from nordby_content.slugs import old_slug

WRAPPERS = (("categories", "CATEGORY"), ("authors", "AUTHOR"), ("tags", "TAG"))
DOCUMENTS = (("articles", "ARTICLE"), ("pages", "PAGE"))


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
        docs = self.context.get("articles", []) + self.context.get("pages", [])
        taken = {doc.save_as for doc in docs}
        template = self.get_template("redirect")
        for old, new in page_redirects(self.context, self.settings):
            if old not in taken:
                writer.write_file(
                    old, template, self.context, relative_urls=self.settings["RELATIVE_URLS"], new_url=new
                )
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
