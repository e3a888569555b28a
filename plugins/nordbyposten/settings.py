"""Nordbyposten settings: defaults in one place, checked once at start-up."""

from pathlib import Path

DEFAULTS = {
    # Folder under content/ with one Markdown file per issue.
    "NORDBYPOSTEN_PATH": "nordbyposten",
    # Where the PDFs, thumbnails and issue pages go, under the output folder.
    "NORDBYPOSTEN_OUTPUT": "nordbyposten",
    "NORDBYPOSTEN_URL": "nordbyposten/{slug}/",
    "NORDBYPOSTEN_FEED": "nordbyposten/feed.rss.xml",
    # "A4" or "A5": the trimmed page of the paper.
    "NORDBYPOSTEN_PAGE_SIZE": "A4",
    "NORDBYPOSTEN_BLEED_MM": 3,
    "NORDBYPOSTEN_CROP_MARKS": False,
    "NORDBYPOSTEN_MAX_PAGES": 32,
    "NORDBYPOSTEN_MIN_PPI_WARNING": 300,
    "NORDBYPOSTEN_MIN_PPI_ERROR": 200,
    "NORDBYPOSTEN_WEB_PPI": 150,
    "NORDBYPOSTEN_WEB_JPEG_QUALITY": 80,
    # PDF/X-4 for a print shop that demands it (CMYK output intent); off by default.
    "NORDBYPOSTEN_PDFX": False,
    "NORDBYPOSTEN_THUMBNAIL_WIDTH": 300,
    # Build only these issues (slugs), e.g. from `invoke nordbyposten 2014-1`; empty = all.
    "NORDBYPOSTEN_ONLY": [],
    # Address printed in the paper and encoded in the QR codes; default: SITEURL of the production
    # settings below, whatever settings build the paper (a printed localhost address is useless).
    "NORDBYPOSTEN_SITE_ADDRESS": "",
    "NORDBYPOSTEN_PRODUCTION_SETTINGS": "publishconf.py",
    # Slug of an issue to build as a proof (KORREKTUR on every page), drafts and future issues too;
    # a proof is written to NORDBYPOSTEN_PROOF_PATH only, never to the site.
    "NORDBYPOSTEN_PROOF": "",
    "NORDBYPOSTEN_PROOF_PATH": "korrektur",
    # False for the print shop's files of an issue built ahead of its date (--til-trykkeriet).
    "NORDBYPOSTEN_PROOF_MARK": True,
    # Path of the calendar's feed on the site, for the back page's QR code.
    "NORDBYPOSTEN_CALENDAR_FEED": "kalender/alle.ics",
    "NORDBYPOSTEN_CACHE": True,
}
PAGE_SIZES = {"A4": (210, 297), "A5": (148, 210)}
_INTEGERS = ("NORDBYPOSTEN_BLEED_MM", "NORDBYPOSTEN_MAX_PAGES", "NORDBYPOSTEN_MIN_PPI_WARNING")
_INTEGERS += ("NORDBYPOSTEN_MIN_PPI_ERROR", "NORDBYPOSTEN_WEB_PPI", "NORDBYPOSTEN_WEB_JPEG_QUALITY")
_INTEGERS += ("NORDBYPOSTEN_THUMBNAIL_WIDTH",)


def _problems(settings):
    """Every bad setting at once, in Danish, each naming the setting."""
    if settings["NORDBYPOSTEN_PAGE_SIZE"] not in PAGE_SIZES:
        yield "NORDBYPOSTEN_PAGE_SIZE skal være 'A4' eller 'A5'"
    for name in _INTEGERS:
        value = settings[name]
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            yield f"{name} skal være et helt tal, 0 eller større (nu: {value!r})"
    if settings["NORDBYPOSTEN_MAX_PAGES"] % 4:
        yield "NORDBYPOSTEN_MAX_PAGES skal gå op i 4, fordi avisen trykkes på ark med 4 sider"
    if settings["NORDBYPOSTEN_MIN_PPI_ERROR"] > settings["NORDBYPOSTEN_MIN_PPI_WARNING"]:
        yield "NORDBYPOSTEN_MIN_PPI_ERROR må ikke være større end NORDBYPOSTEN_MIN_PPI_WARNING"
    if not isinstance(settings["NORDBYPOSTEN_ONLY"], list | tuple | str):
        yield "NORDBYPOSTEN_ONLY skal være en liste af numre, fx ['2014-1']"


def production_address(settings):
    """SITEURL of the production settings file; the build's own address when there is none."""
    path = Path(settings["NORDBYPOSTEN_PRODUCTION_SETTINGS"])
    if path.is_file():
        from pelican.settings import get_settings_from_file  # noqa: PLC0415 - only when reading it

        address = get_settings_from_file(str(path)).get("SITEURL")
        if address:
            return address
    return settings.get("FEED_DOMAIN") or settings.get("SITEURL", "")


def apply_settings(pelican):
    """Fill in the defaults and stop with a Danish message naming every bad setting."""
    settings = pelican.settings
    for name, value in DEFAULTS.items():
        settings.setdefault(name, value)
    if isinstance(settings["NORDBYPOSTEN_ONLY"], str):  # from `pelican -e NORDBYPOSTEN_ONLY='"2014-1"'`
        settings["NORDBYPOSTEN_ONLY"] = [s for s in settings["NORDBYPOSTEN_ONLY"].split(",") if s]
    if not settings["NORDBYPOSTEN_SITE_ADDRESS"]:
        settings["NORDBYPOSTEN_SITE_ADDRESS"] = production_address(settings)
    problems = list(_problems(settings))
    if problems:
        raise SystemExit("Indstillingerne for Nordbyposten er forkerte:\n" + "\n".join(problems))
