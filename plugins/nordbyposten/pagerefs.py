"""Page references ("se side 4", the contents box) in one extra layout pass instead of two (WeasyPrint 70).

A page that shows `target-counter(attr(href), page)` is laid out once, then again once the page
numbers are known. WeasyPrint 70 laid such pages out a third time, for two reasons fixed here:

- The reference is filed under the anchor None (the attr() is not read where WeasyPrint files it,
  while the lookup itself reads it), so no anchor's page tells the referring page to change, and the
  numbers only arrive by the next point; the same lines also file the target's counters as the
  referring box's own (a shadowed variable), which is that next point. collect_missing_counters()
  files the reference under the anchor it names, and drops the shadowed copy.
- After each pass the `pages` counter of every page is set to the new page count, so every anchor
  seems to have moved and its referring pages are laid out once more. The caches of page counters
  are given the same count (no content of the paper shows `counter(pages)`; a reference that does
  still asks for its pass through WeasyPrint's own "pages wanted").
"""

import weasyprint
from weasyprint import layout
from weasyprint.css import targets
from weasyprint.urls import get_url_tuple

WEASYPRINT_VERSION = "70.0"  # the version whose behaviour this mends; requirements.txt pins it
_collect = targets.TargetCollector.collect_missing_counters
_make_all_pages = layout.make_all_pages


def install():
    """Mend WeasyPrint's page references (once; only for WEASYPRINT_VERSION)."""
    if weasyprint.__version__ == WEASYPRINT_VERSION:
        targets.TargetCollector.collect_missing_counters = collect_missing_counters
        layout.make_all_pages = make_all_pages


def _anchors(box):
    """The anchors a box's `content` refers to, read as TargetCollector.lookup_target reads them."""
    content = box.style["content"]
    for kind, value in content if isinstance(content, (list, tuple)) else ():
        if kind not in {"target-counter()", "target-counters()"}:
            continue
        token = value[0]
        if token[0] == "attr()":
            name, form, fallback = token[1]
            found = box.element.get(name, fallback)
            token = (
                ("string", found) if form == "string" else ("url", get_url_tuple(found, box.style.base_url))
            )
        yield targets.anchor_name_from_token(token)


def collect_missing_counters(collector, parent_box, css_token, parse_again, missing, missing_targets):  # noqa: PLR0917 - WeasyPrint calls it so
    """TargetCollector.collect_missing_counters, with the references filed under their anchors."""
    if None in missing_targets:
        lost = missing_targets.pop(None)
        for name in _anchors(parent_box):
            if name is not None:
                missing_targets.setdefault(name, lost)
        if missing is lost or any(missing is counters for counters in missing_targets.values()):
            missing = []  # the target's counters, not the box's own
    return _collect(collector, parent_box, css_token, parse_again, missing, missing_targets)


def make_all_pages(context, root_box, html, pages):
    """WeasyPrint's pass over the pages; afterwards the cached page counters know the page count."""
    count = 0
    for page in _make_all_pages(context, root_box, html, pages):
        count += 1
        yield page
    collector = context.target_collector
    for item in [*collector.target_lookup_items.values(), *collector.counter_lookup_items.values()]:
        if "pages" in item.cached_page_counter_values:
            item.cached_page_counter_values["pages"] = [count]
