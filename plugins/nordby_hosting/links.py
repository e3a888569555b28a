"""Link check of a built site: every internal link and asset must point to a file in the build."""

from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import lxml.html
from lxml import etree

# The attributes that make a browser load or go to another address.
LINK_ATTRIBUTES = {
    "a": "href",
    "link": "href",
    "img": "src",
    "script": "src",
    "source": "src",
    "form": "action",
}


def links_in(html):
    """Every address a page links to or loads, as written (lxml: a quarter of html.parser's time)."""
    if not html.strip():
        return []
    found = []
    for element in lxml.html.document_fromstring(html).iter(etree.Element):
        wanted = LINK_ATTRIBUTES.get(element.tag)
        if wanted and (value := element.get(wanted)):
            found.append(value)
        if srcset := element.get("srcset"):
            found += [part.split()[0] for part in srcset.split(",") if part.strip()]
    return found


def internal_path(href, siteurl, page_url="/"):
    """The path of an address on this site, from the site's root; None for other sites, mailto: etc."""
    if siteurl and (href == siteurl or href.startswith(siteurl + "/")):
        href = href[len(siteurl) :] or "/"
    parts = urlsplit(href)
    if parts.scheme or parts.netloc or not parts.path:
        return None  # other sites are not ours to check; "#top" stays on the page
    return unquote(urlsplit(urljoin(page_url, parts.path)).path)


# Answered by the web desk (redaktion/) behind the same nginx (deploy/nginx-site.conf), not by files.
APP_PATHS = ("/indsend/", "/redaktion/")


def exists(root, path):
    """True when the web server would answer 200 for this path."""
    if path.startswith(APP_PATHS):
        return True
    target = Path(root) / path.lstrip("/")
    return target.is_file() or (target / "index.html").is_file()


def broken_links(root, siteurl=""):
    """(page, address) for every internal address in the built site that leads nowhere."""
    root = Path(root)
    broken = []
    for page in sorted(root.rglob("*.html")):
        page_url = "/" + page.relative_to(root).as_posix()
        for href in links_in(page.read_text(encoding="utf-8")):
            path = internal_path(href, siteurl.rstrip("/"), page_url)
            if path is not None and not exists(root, path):
                broken.append((page.relative_to(root).as_posix(), href))
    return broken
