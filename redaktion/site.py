"""The Pelican settings of the site the desk edits, and its plugins on the import path."""

import copy
import sys
from functools import lru_cache
from pathlib import Path


def plugins_on_path(project):
    """The plugins are imported as top-level packages, as Pelican and tasks.py import them."""
    folder = str(Path(project) / "plugins")
    if folder not in sys.path:
        sys.path.insert(0, folder)


@lru_cache(maxsize=8)
def _settings(project, settings_file, content):
    from pelican.settings import read_settings  # noqa: PLC0415 - pelican is heavy to import

    plugins_on_path(project)
    from nordby_content.settings import with_defaults  # noqa: PLC0415 - needs the plugin path

    settings = read_settings(str(Path(project) / settings_file), override={"PATH": content})
    return with_defaults(settings)  # every plugin's defaults, as the build sees them


def settings(config):
    """A private copy of the site's settings, with content/ of the desk's repository."""
    content = str(Path(config["REDAKTION_REPO"]) / "content")
    base = _settings(config["REDAKTION_PROJECT"], config["REDAKTION_SETTINGS"], content)
    return copy.deepcopy({k: v for k, v in base.items() if not k.startswith("_")})


def shared(config):
    """The settings themselves, not a copy: only to read (copying them cost a tenth of a submission)."""
    return _settings(config["REDAKTION_PROJECT"], config["REDAKTION_SETTINGS"], str(content_path(config)))


def content_path(config):
    return Path(config["REDAKTION_REPO"]) / "content"


def submissions_folder(config):
    return content_path(config) / shared(config)["EDITORIAL_SUBMISSIONS_PATH"]
