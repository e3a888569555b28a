"""Nordbyposten settings, declared to the shared settings schema and checked once at start-up."""

from pathlib import Path

from nordby_content.settings import Schema, boolean, choice, integer, option, text


def _sheets(settings):
    if isinstance(settings["NORDBYPOSTEN_MAX_PAGES"], int) and settings["NORDBYPOSTEN_MAX_PAGES"] % 4:
        yield (
            "NORDBYPOSTEN_MAX_PAGES",
            "NORDBYPOSTEN_MAX_PAGES skal gå op i 4, fordi avisen trykkes på ark med 4 sider.",
        )


def _ppi_limits(settings):
    error, warning = settings["NORDBYPOSTEN_MIN_PPI_ERROR"], settings["NORDBYPOSTEN_MIN_PPI_WARNING"]
    if isinstance(error, int) and isinstance(warning, int) and error > warning:
        yield (
            "NORDBYPOSTEN_MIN_PPI_ERROR",
            "NORDBYPOSTEN_MIN_PPI_ERROR må ikke være større end NORDBYPOSTEN_MIN_PPI_WARNING.",
        )


SCHEMA = Schema(
    "NORDBYPOSTEN_",
    {
        "NORDBYPOSTEN_PATH": text("nordbyposten", "Folder under content/ with one Markdown file per issue."),
        "NORDBYPOSTEN_URL": text("nordbyposten/{slug}/", "An issue's page (and the folder of its PDFs)."),
        "NORDBYPOSTEN_FEED": text("nordbyposten/feed.rss.xml", "The RSS feed of the issues."),
        "NORDBYPOSTEN_PAGE_SIZE": choice("A4", "The trimmed page of the paper.", ("A4", "A5")),
        "NORDBYPOSTEN_BLEED_MM": integer(3, "Bleed around the print PDF's pages (mm)."),
        "NORDBYPOSTEN_CROP_MARKS": boolean(False, "Crop marks on the print PDF."),
        "NORDBYPOSTEN_MAX_PAGES": integer(32, "The most pages an issue may have (a multiple of 4)."),
        "NORDBYPOSTEN_MIN_PPI_WARNING": integer(
            300, "Photos printed below this resolution are warned about."
        ),
        "NORDBYPOSTEN_MIN_PPI_ERROR": integer(200, "Photos printed below this resolution stop the build."),
        "NORDBYPOSTEN_WEB_PPI": integer(150, "Resolution of the photos in the web PDF."),
        "NORDBYPOSTEN_WEB_JPEG_QUALITY": integer(80, "JPEG quality of the photos in the web PDF."),
        "NORDBYPOSTEN_PDFX": boolean(False, "PDF/X-4 (CMYK output intent) for a print shop that demands it."),
        "NORDBYPOSTEN_THUMBNAIL_WIDTH": integer(300, "Width (px) of an issue's front-page thumbnail."),
        "NORDBYPOSTEN_ONLY": option(
            [],
            "Build only these issues (slugs), e.g. from `invoke nordbyposten 2014-1`; empty: all.",
            lambda v: isinstance(v, list | tuple | str),
            "en liste af numre, fx ['2014-1']",
        ),
        "NORDBYPOSTEN_SITE_ADDRESS": text(
            "", "Address printed in the paper and in its QR codes; empty: SITEURL of the production settings."
        ),
        "NORDBYPOSTEN_PRODUCTION_SETTINGS": text(
            "publishconf.py", "The settings file whose SITEURL is printed (a printed localhost is useless)."
        ),
        "NORDBYPOSTEN_PROOF": text(
            "",
            "Slug of an issue to build as a proof (KORREKTUR on every page), drafts and future issues too.",
        ),
        "NORDBYPOSTEN_PROOF_PATH": text("korrektur", "Where a proof is written (never to the site)."),
        "NORDBYPOSTEN_PROOF_MARK": boolean(
            True, "False for the print shop's files of an issue built ahead of its date (--til-trykkeriet)."
        ),
        "NORDBYPOSTEN_CALENDAR_FEED": text(
            "kalender/alle.ics", "The calendar feed's path, for the back page's QR code."
        ),
        "NORDBYPOSTEN_FILL": boolean(
            True,
            "Fill blank page feet with short items (Kort nyt, photo boxes, notices); False: the bare layout.",
        ),
        "NORDBYPOSTEN_CACHE": boolean(True, "Reuse an issue's PDFs while nothing it prints has changed."),
        "NORDBYPOSTEN_BACKGROUND": boolean(
            False,
            "Lay a changed issue out in a background process; its page says 'korrektur opdateres' "
            "meanwhile (`./dev serve` sets it, so a saved article shows at once).",
        ),
    },
    rules=(_sheets, _ppi_limits),
)
DEFAULTS = SCHEMA.defaults
PAGE_SIZES = {"A4": (210, 297), "A5": (148, 210)}


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
    settings = SCHEMA.apply(pelican.settings)
    if isinstance(settings["NORDBYPOSTEN_ONLY"], str):  # from `pelican -e NORDBYPOSTEN_ONLY='"2014-1"'`
        settings["NORDBYPOSTEN_ONLY"] = [s for s in settings["NORDBYPOSTEN_ONLY"].split(",") if s]
    if not settings["NORDBYPOSTEN_SITE_ADDRESS"]:
        settings["NORDBYPOSTEN_SITE_ADDRESS"] = production_address(settings)
