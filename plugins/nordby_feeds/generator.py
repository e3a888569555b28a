"""The feeds generator: one RSS and one Atom file for all articles and per area."""

import html
import logging
from pathlib import Path
from urllib.parse import urljoin

import lxml.html
from feedgen.feed import FeedGenerator
from nordby_incremental.carried import carried
from nordby_incremental.files import write_if_changed
from nordby_incremental.writer import IncrementalWriter
from pelican.generators import Generator

from nordby_content.settings import Schema, dictionary

logger = logging.getLogger(__name__)

DEFAULTS = {
    "all_rss": "feeds/alle.rss.xml",
    "all_atom": "feeds/alle.atom.xml",
    "area_rss": "feeds/omraade/{slug}.rss.xml",
    "area_atom": "feeds/omraade/{slug}.atom.xml",
    # One feed per language with translations (NORDBY_LANGUAGES), in that language.
    "lang_rss": "feeds/sprog/{lang}.rss.xml",
    "lang_atom": "feeds/sprog/{lang}.atom.xml",
    "max_items": 50,
    # The authority of the tag: URIs used as GUIDs. Fixed, so GUIDs survive a new domain.
    "tag_authority": "randersnordby.dk",
}
# One dict setting merged over the defaults, as pelican-sitemap does. "FEEDS_" is checked too:
# a FEEDS_MAX_ITEMS = 50 in pelicanconf.py looks meant for this plugin but is read by nothing.
SCHEMA = Schema(
    ("NORDBY_FEEDS", "FEEDS_"),
    {
        "NORDBY_FEEDS": dictionary(
            DEFAULTS,
            "Feed paths ({slug}: the area), items per feed and the tag: URI authority of the GUIDs.",
            merge=True,
        ),
    },
)
_URL_ATTRIBUTES = {"a": ("href",), "img": ("src", "srcset"), "source": ("srcset",), "link": ("href",)}


def apply_settings(pelican):
    """Merge NORDBY_FEEDS over the defaults and stop on keys we do not know."""
    SCHEMA.apply(pelican.settings)


@carried  # the warm server makes every feed again on each save; most articles did not change
def absolute_html(html, base):
    """Rewrite relative links and image sources so feed readers can follow them."""
    # lxml's own tree and serialiser: BeautifulSoup's tree over the same parser took 2.5 ms per
    # article with photos, a second for the feeds of the sample site.
    root = _fragment(html)
    for element in root.iter(*_URL_ATTRIBUTES):
        for attribute in _URL_ATTRIBUTES[element.tag]:
            value = element.get(attribute)
            if value is None:
                continue
            if attribute == "srcset":
                parts = [p.strip().split(" ", 1) for p in value.split(",")]
                value = ", ".join(" ".join([urljoin(base, p[0]), *p[1:]]) for p in parts)
            else:
                value = urljoin(base, value)
            element.set(attribute, value)
    return (root.text or "") + "".join(lxml.html.tostring(child, encoding="unicode") for child in root)


def plain_summary(html):
    """A summary's text, for the feeds' plain description."""
    return _fragment(html).text_content().strip()


def _fragment(html):
    """The HTML's elements and text, under one <div> that is not part of it."""
    return lxml.html.fragment_fromstring(html or "", create_parent="div")


def guid(article, authority):
    """A tag: URI from the article's first date and slug: it never changes with the domain."""
    return f"tag:{authority},{article.date:%Y-%m-%d}:{article.slug}"


class FeedsGenerator(Generator):
    """Writes the article feeds; reads only the articles Pelican has parsed."""

    # On a first build, its files are written by a child beside the build (nordby_incremental/beside.py).
    write_beside = True

    def generate_context(self):
        self._html = {}  # an article is in two feeds (all, its area): make its HTML once
        self.options = self.settings["NORDBY_FEEDS"]
        self.domain = self.settings.get("FEED_DOMAIN") or self.settings.get("SITEURL", "")

    def generate_output(self, writer):
        self._writer = writer if isinstance(writer, IncrementalWriter) else None
        articles = self.context.get("articles", [])
        self._publish(articles, (self.options["all_rss"], self.options["all_atom"]), "Alle nyheder")
        for category, items in self.context.get("categories", []):
            paths = (
                self.options["area_rss"].format(slug=category.slug),
                self.options["area_atom"].format(slug=category.slug),
            )
            self._publish(items, paths, category.name, self.domain + "/" + category.url)
        self._language_feeds()

    def _language_feeds(self):
        """A feed per language: its translated articles, with the language set for feed readers."""
        languages = self.settings.get("NORDBY_LANGUAGES", {})
        for item in self.context.get("language_lists", []):
            code = item["code"]
            articles = [a for a in self.context.get("article_translations", []) if a.lang == code]
            if not articles:
                continue
            paths = (self.options["lang_rss"].format(lang=code), self.options["lang_atom"].format(lang=code))
            self._publish(articles, paths, languages[code]["name"], f"{self.domain}/{item['url']}", code)

    def _publish(self, articles, paths, *feed):
        """Make and write one feed (RSS and Atom), unless the last build made both from the same
        articles, texts and settings: most rebuilds change no feed, and making one is slow (bs4)."""
        newest = self._newest(articles)
        if self._writer is not None:
            kept = [self._writer.keeps(path, [newest, *feed]) for path in paths]  # each is remembered
            if all(kept):
                return
        self.write(self._feed(newest, *feed), *paths)

    def _newest(self, articles):
        return sorted(articles, key=lambda a: a.date, reverse=True)[: self.options["max_items"]]

    def _feed(self, newest, title, link=None, language="da"):
        fg = FeedGenerator()
        fg.load_extension("dc")
        fg.load_extension("media")
        fg.id(link or self.domain + "/")
        fg.title(f"{self.settings['SITENAME']}: {title}")
        fg.link(href=link or self.domain + "/", rel="alternate")
        fg.description(self.settings.get("SITESUBTITLE") or title)
        fg.language(language)
        if newest:  # the feed changes only when its articles do, not with every build
            fg.lastBuildDate(newest[0].date)
            fg.updated(newest[0].date)
        for article in reversed(newest):  # feedgen prepends, so add oldest first
            self._entry(fg, article)
        return fg

    def _entry(self, fg, article):
        url = f"{self.domain}/{article.url}"
        entry = fg.add_entry()
        entry.id(guid(article, self.options["tag_authority"]))
        entry.guid(guid(article, self.options["tag_authority"]), permalink=False)
        entry.title(article.title)
        entry.link(href=url)
        entry.published(article.date)
        entry.updated(getattr(article, "modified", None) or article.date)
        for author in article.authors:
            entry.author(name=author.name)
            entry.dc.dc_creator(author.name)
        entry.category(term=article.category.name, label=article.category.name)
        if getattr(article, "summary", None):
            # Feed readers treat the description as HTML: escape the plain text once more.
            entry.description(html.escape(plain_summary(article.summary)))
        lead = getattr(article, "lead_image", None)  # set by plugins/nordby_images
        if url not in self._html:
            lead_html = str(lead.figure()) if lead else ""
            self._html[url] = absolute_html(lead_html + article.get_content(self.domain), url)
        entry.content(self._html[url], type="html")
        if lead:
            photo = lead.feed_variant  # Media RSS: an Atom enclosure would be taken for the article link
            photo_url = urljoin(url, lead.photo.url(photo))
            entry.media.content(url=photo_url, type="image/jpeg", medium="image", width=str(photo.width))

    def write(self, fg, rss_path, atom_path):
        for path, data in ((rss_path, fg.rss_str(pretty=True)), (atom_path, fg.atom_str(pretty=True))):
            if write_if_changed(Path(self.output_path) / path, data):
                logger.debug("Skrev feed %s", path)
