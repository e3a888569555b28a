"""Drafts are written only in a preview build, under a KLADDE banner, with a list of them."""

import logging

from pelican.generators import Generator

from nordby_content.settings import Schema, boolean, option, text

logger = logging.getLogger(__name__)

SCHEMA = Schema(
    "EDITORIAL_",
    {
        "EDITORIAL_PREVIEW": boolean(
            False, "Set by `preview`: drafts are written (with a banner) and listed."
        ),
        "EDITORIAL_SUBMISSIONS_PATH": text(
            "nyheder/indsendt", "Where `new-article` puts a submission, under content/."
        ),
        "EDITORIAL_DRAFTS_INDEX": text(
            "kladder/", "Where `preview` lists the drafts (a site-relative folder).", "/"
        ),
        "EDITORIAL_STATS_YEAR": option(
            None,
            "Set by `stats`: print this year's figures and build nothing.",
            lambda v: v is None or (isinstance(v, int) and not isinstance(v, bool)),
            "et årstal som 2014",
        ),
        "EDITORIAL_STATS_CSV": text("", "Set by `stats`: where the figures are saved as CSV."),
    },
)
DEFAULTS = SCHEMA.defaults
_DRAFT_OUTPUTS = ("DRAFT_SAVE_AS", "DRAFT_LANG_SAVE_AS", "DRAFT_PAGE_SAVE_AS", "DRAFT_PAGE_LANG_SAVE_AS")


def apply_settings(pelican):
    """Fill in defaults, validate them; outside a preview, drafts get no output file."""
    settings = SCHEMA.apply(pelican.settings)
    if not settings["EDITORIAL_PREVIEW"]:
        for name in _DRAFT_OUTPUTS:  # Pelican's writer skips an empty save_as
            settings[name] = ""


def get_generators(pelican):
    return DraftsIndexGenerator


class DraftsIndexGenerator(Generator):
    """In a preview, a page listing every draft waiting for review; nothing otherwise."""

    def generate_context(self):
        self.preview = self.settings["EDITORIAL_PREVIEW"]

    def generate_output(self, writer):
        if not self.preview:
            return
        waiting = self.context.get("drafts", []) + self.context.get("draft_pages", [])
        drafts = sorted(waiting, key=lambda d: d.title)
        folder = self.settings["EDITORIAL_DRAFTS_INDEX"]
        writer.write_file(
            folder + "index.html",
            self.get_template("drafts"),
            self.context,
            drafts=drafts,
            canonical_path=folder,
            relative_urls=self.settings["RELATIVE_URLS"],
        )
        logger.info("Forhåndsvisning: %s kladder", len(drafts))
