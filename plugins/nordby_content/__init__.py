"""One content model: read, validate and present articles, pages and authors."""

import logging

from pelican import signals

from .build import add_jinja_filters, check_all_content, sanitise_other_formats, use_our_reader


def _not_duplicate_warning(record):
    """Pelican's English duplicate-slug warning; our unique_slugs rule says it in Danish."""
    return not str(record.msg).startswith("There are %s")


def register():
    logging.getLogger("pelican.utils").addFilter(_not_duplicate_warning)
    signals.initialized.connect(add_jinja_filters)
    signals.readers_init.connect(use_our_reader)
    signals.content_object_init.connect(sanitise_other_formats)
    signals.all_generators_finalized.connect(check_all_content)
