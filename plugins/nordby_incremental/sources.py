"""The inputs a page may depend on that parsed documents do not show: theme, plugins, data files, photos, packages."""

import hashlib
import os
import sys


def sources_digest(settings, context):
    """Digest of the name, size and date of every such file; any change re-renders the whole site.

    Articles and pages are left out: their parsed fields and text are compared one by one instead,
    so editing one article re-renders only the pages that show it.
    """
    documents = {doc.source_path for doc in context.get("generated_content", {}).values()}
    digest = hashlib.blake2b(digest_size=16)
    for root in [settings["THEME"], *settings["PLUGIN_PATHS"], settings["PATH"]]:
        for path, size, mtime in _files(root):
            if path not in documents:
                digest.update(f"{path}\0{size}\0{mtime}\n".encode())
    digest.update(repr(installed_packages()).encode())
    return digest.hexdigest()


def _files(root):
    for folder, dirs, names in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d != "__pycache__")
        for name in sorted(names):
            path = os.path.join(folder, name)
            try:
                stat = os.stat(path)
            except OSError:  # an editor's lock file (a dangling link) or a file deleted just now
                continue
            yield path, stat.st_size, stat.st_mtime_ns


def installed_packages():
    """Python and the name-version of every installed distribution (an upgrade may change any page)."""
    found = [sys.version]
    for folder in sys.path:
        if os.path.isdir(folder):
            found += sorted(name for name in os.listdir(folder) if name.endswith(".dist-info"))
    return found
