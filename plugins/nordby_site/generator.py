"""Writes sitemap.xml from the parsed content and a robots.txt that points to it."""

from pathlib import Path
from xml.sax.saxutils import escape

from nordby_incremental.files import write_if_changed
from pelican.generators import Generator

# Other generators append (url, lastmod-or-None) pairs here in generate_context.
EXTRA_KEY = "nordby_sitemap_extra"


def sitemap_xml(entries, alternates=None):
    """An XML sitemap of (absolute url, lastmod datetime or None) pairs; `alternates` maps a url to
    its language versions [(hreflang, absolute url)], written as xhtml:link (Google's format)."""
    alternates = alternates or {}
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">',
    ]
    for url, lastmod in entries:
        stamp = f"<lastmod>{lastmod:%Y-%m-%d}</lastmod>" if lastmod else ""
        links = "".join(
            f'<xhtml:link rel="alternate" hreflang="{lang}" href="{escape(href)}"/>'
            for lang, href in alternates.get(url, ())
        )
        lines.append(f"  <url><loc>{escape(url)}</loc>{stamp}{links}</url>")
    lines.append("</urlset>")
    return "\n".join(lines) + "\n"


def language_versions(ctx, domain):
    """{absolute url: [(hreflang, absolute url)]} for every published document that has translations,
    and for the front page and the list page of each language."""
    published = {id(d) for key in _DOCUMENT_LISTS for d in ctx.get(key, [])}
    found = {}
    for key in _DOCUMENT_LISTS:
        for doc in ctx.get(key, []):
            versions = [d for d in [doc, *doc.translations] if id(d) in published]
            if len(versions) > 1:
                found[f"{domain}/{doc.url}"] = [(d.lang, f"{domain}/{d.url}") for d in versions]
    lists = ctx.get("language_lists", [])
    if lists:
        homes = [(ctx["DEFAULT_LANG"], f"{domain}/"), *((i["code"], f"{domain}/{i['url']}") for i in lists)]
        found.update((url, homes) for _, url in homes)
    return found


_DOCUMENT_LISTS = ("articles", "pages", "article_translations", "page_translations")


class SiteFilesGenerator(Generator):
    """Lists every public page of the build; drafts and the 404 page are left out."""

    def generate_context(self):
        self.context.setdefault(EXTRA_KEY, [])

    def _paths(self):
        ctx, settings = self.context, self.settings
        yield "", None
        for name in ("CATEGORIES_URL", "AUTHORS_URL", "TAGS_URL", "ARCHIVES_URL"):
            yield settings[name], None
        documents = ctx.get("articles", []) + ctx.get("pages", [])
        for item in documents + ctx.get("article_translations", []) + ctx.get("page_translations", []):
            yield item.url, getattr(item, "modified", None) or getattr(item, "date", None)
        for item in ctx.get("language_lists", []):
            yield item["url"], None
        for group in ("categories", "tags", "authors"):
            for item, _ in ctx.get(group, []):
                yield item.url, None
        for year in sorted({a.date.year for a in ctx.get("articles", [])}):
            yield settings["YEAR_ARCHIVE_URL"].format(date=ctx["articles"][0].date.replace(year=year)), None
        yield from ctx.get(EXTRA_KEY, [])

    def generate_output(self, writer):
        domain = self.settings.get("FEED_DOMAIN") or self.settings.get("SITEURL", "")
        seen, entries = set(), []
        for path, lastmod in self._paths():
            if path not in seen:
                seen.add(path)
                entries.append((f"{domain}/{path}", lastmod))
        alternates = language_versions(self.context, domain)
        out = Path(self.output_path)
        out.mkdir(parents=True, exist_ok=True)
        write_if_changed(out / "sitemap.xml", sitemap_xml(entries, alternates).encode())
        robots = f"User-agent: *\nDisallow: /kladder/\n\nSitemap: {domain}/sitemap.xml\n"
        write_if_changed(out / "robots.txt", robots.encode())
