"""Drafts are written only in a preview build, under a KLADDE banner, with a list of them."""

import logging

from pelican.generators import Generator

logger = logging.getLogger(__name__)

DEFAULTS = {
    # True only for `invoke preview`: drafts are written (with a banner) and listed.
    "EDITORIAL_PREVIEW": False,
    # Where `invoke new-article` puts a submission, relative to content/.
    "EDITORIAL_SUBMISSIONS_PATH": "nyheder/indsendt",
    # Where `invoke preview` lists the drafts (a site-relative folder).
    "EDITORIAL_DRAFTS_INDEX": "kladder/",
}
_DRAFT_OUTPUTS = ("DRAFT_SAVE_AS", "DRAFT_LANG_SAVE_AS", "DRAFT_PAGE_SAVE_AS", "DRAFT_PAGE_LANG_SAVE_AS")


def _check_config(settings):
    """One message naming every bad EDITORIAL_* setting."""
    bad = [
        f"{name} skal være {type(default).__name__}"
        for name, default in DEFAULTS.items()
        if not isinstance(settings[name], type(default))
    ]
    if bad:
        raise SystemExit("Forkerte indstillinger: " + "; ".join(bad))


def apply_settings(pelican):
    """Fill in defaults, validate them; outside a preview, drafts get no output file."""
    settings = pelican.settings
    for name, default in DEFAULTS.items():
        settings.setdefault(name, default)
    _check_config(settings)
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
