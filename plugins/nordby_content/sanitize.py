"""Make contributed HTML safe: an nh3 allowlist, plain-text titles, rel on external links."""

import html
import re
from functools import lru_cache
from html.parser import HTMLParser

import nh3
from markupsafe import Markup

# What a contribution may contain: text formatting, links, lists, tables, our own figures.
TAGS = {
    "a", "abbr", "b", "blockquote", "br", "caption", "cite", "code", "col", "colgroup", "dd",
    "del", "div", "dl", "dt", "em", "figcaption", "figure", "h2", "h3", "h4", "h5", "h6", "hr",
    "h1", "i", "img", "ins", "kbd", "li", "mark", "ol", "p", "picture", "pre", "q", "s", "small",
    "source", "span", "strong", "sub", "sup", "table", "tbody", "td", "tfoot", "th", "thead",
    "time", "tr", "u", "ul",
}  # fmt: skip
GENERIC_ATTRIBUTES = {"class", "id", "lang", "title"}
ATTRIBUTES = {
    "a": {"href"},
    "img": {"src", "alt", "width", "height", "srcset", "sizes", "loading", "decoding"},
    "source": {"srcset", "sizes", "type", "media"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
    "ol": {"start"},
    "time": {"datetime"},
    "blockquote": {"cite"},
    "q": {"cite"},
}
# No javascript:, data:, vbscript: ...; relative URLs and Pelican's {filename} pass as they are.
URL_SCHEMES = {"http", "https", "mailto", "tel"}
URL_ATTRIBUTES = {"href", "src", "srcset", "cite"}
EXTERNAL_REL = "nofollow noopener"
_EXTERNAL_LINK = re.compile(r'<a href="((?:https?:)?//[^"]*)"')


def clean_html(text):
    """Contributed HTML reduced to the allowlist; external links marked nofollow noopener."""
    return mark_external_links(allowlisted(text))


# Built once: setting up the allowlist cost a third of each clean() call.
_CLEANER = nh3.Cleaner(
    tags=TAGS,
    attributes={"*": GENERIC_ATTRIBUTES, **ATTRIBUTES},
    url_schemes=URL_SCHEMES,
    link_rel=None,
    strip_comments=True,
)


# Likewise for titles (every document has one): no tag at all is kept.
_TEXT_ONLY = nh3.Cleaner(tags=set())


def allowlisted(text):
    """Only the tags, attributes and URL schemes of the allowlist are left."""
    return _CLEANER.clean(text)


def mark_external_links(html):
    """rel="nofollow noopener" on links to other sites (html must come from allowlisted)."""
    # nh3 always writes `<a href="...">` first, so this cannot match an attribute value.
    return _EXTERNAL_LINK.sub(rf'<a href="\1" rel="{EXTERNAL_REL}"', html)


def parse_html(html, parser="html.parser"):
    """BeautifulSoup's tree of html. bs4 is imported on first use: a build that parses no HTML
    (a rebuild whose feeds are kept, a site without photos, activities or issues) saves 0.15 s and 8 MB."""
    from bs4 import BeautifulSoup  # noqa: PLC0415 - see above

    return BeautifulSoup(html, parser)


def plain_text(value):
    """A title or other one-line field as text: tags dropped, and no '<' left to start one.

    The templates print titles without escaping, so a remaining '<' or '>' is
    written as an entity; '&' and quotes stay, since feeds escape them again.
    """
    text = html.unescape(_TEXT_ONLY.clean(str(value)))
    return " ".join(text.replace("<", "&lt;").replace(">", "&gt;").split())


def striptags(value):
    """Jinja's `striptags` filter, remembered per text: each summary is stripped on every page
    that lists it (eight times, in a build of 2,000 articles)."""
    if hasattr(value, "__html__"):
        value = value.__html__()
    return _striptags(str(value))


@lru_cache(maxsize=65_536)
def _striptags(text):
    return Markup(text).striptags()


class _Inventory(HTMLParser):
    """Collects what the sanitiser will remove: tags, attributes and URLs outside the allowlist."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.removed = []

    def handle_starttag(self, tag, attrs):
        if tag not in TAGS:
            self.removed.append((f"<{tag}", f"<{tag}>"))
            return
        allowed = GENERIC_ATTRIBUTES | ATTRIBUTES.get(tag, set())
        for name, value in attrs:
            if name == "style" and tag in {"td", "th"}:
                continue  # Markdown's own column alignment; the stylesheet aligns tables
            if name not in allowed:
                self.removed.append((name, f'{name}="…" på <{tag}>'))
            elif name in URL_ATTRIBUTES and not _safe_url(value or ""):
                self.removed.append(((value or "").strip()[:20], f'{name}="{(value or "")[:40]}" på <{tag}>'))

    def handle_comment(self, data):
        self.removed.append(("<!--", "<!-- … -->"))


def _safe_url(value):
    scheme = re.match(r"\s*([a-zA-Z][a-zA-Z0-9+.-]*):", value)
    return not scheme or scheme.group(1).lower() in URL_SCHEMES


def removed_html(text):
    """(source text to look for, description) for each piece of HTML clean_html will remove."""
    if "<" not in text:  # no tag and no comment: nothing to remove (most titles and summaries)
        return []
    inventory = _Inventory()
    inventory.feed(text)
    inventory.close()
    return inventory.removed
