"""Redaktionen: the web desk where residents send stories and editors review and publish them.

A small Flask application beside the static site: `/indsend/` is public, `/redaktion/` needs a login.
"""


def create_app(config=None):
    """The desk for these settings (defaults, then REDAKTION_* from the environment, then config).

    Flask is imported here and not with the package, so the publish job (`python -m redaktion.jobs`)
    starts as quickly as `./dev publish` does.
    """
    from .app import create_app as make  # noqa: PLC0415

    return make(config)
