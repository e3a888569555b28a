"""One content model: read, validate and present articles, pages and authors."""

# Other plugins import this package's light modules (settings, dates, problems), photo workers
# among them; Pelican and the reader are imported only when Pelican registers the plugin.


def register():
    from pelican import signals  # noqa: PLC0415 - see the note at the top

    from .build import (  # noqa: PLC0415
        add_jinja_filters,
        check_all_content,
        declare_lead_image,
        sanitise_other_formats,
        use_our_reader,
    )
    from .cache import remember_settings, use_current_settings  # noqa: PLC0415
    from .collector import freeze_content, unfreeze  # noqa: PLC0415
    from .lists import index_article_lists  # noqa: PLC0415
    from .logs import use_danish_output  # noqa: PLC0415
    from .memory import keep_freed_memory  # noqa: PLC0415
    from .slugs import use_danish_slugs  # noqa: PLC0415
    from .urls import use_lazy_url_fields  # noqa: PLC0415

    keep_freed_memory()
    use_danish_output()
    use_danish_slugs()
    use_lazy_url_fields()
    declare_lead_image()
    signals.initialized.connect(unfreeze)  # after a build that failed halfway
    signals.initialized.connect(add_jinja_filters)
    signals.readers_init.connect(use_our_reader)
    signals.content_object_init.connect(sanitise_other_formats)
    signals.article_generator_finalized.connect(use_current_settings)
    signals.article_generator_finalized.connect(index_article_lists)
    signals.page_generator_finalized.connect(use_current_settings)
    signals.all_generators_finalized.connect(freeze_content)  # first: before the checks allocate
    signals.all_generators_finalized.connect(check_all_content)
    signals.finalized.connect(remember_settings)
    signals.finalized.connect(unfreeze)
