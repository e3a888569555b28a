"""Check one submission with the build's own reader and rules, in this process."""

import os
import threading
from pathlib import Path

from . import site, store

_THREAD = threading.local()  # each worker thread's own settings and reader (see _reader)
_AUTHORS = {}  # (registry, inode, mtime, size) -> (authors, problems): parsed once per version


def prepare(config):
    """Import the build's reader and rules now, when the desk starts: they take a second or more to
    load, which the first resident after a restart would otherwise wait for."""
    site.plugins_on_path(config["REDAKTION_PROJECT"])
    import pelican.contents  # noqa: PLC0415
    import pelican.readers  # noqa: F401, PLC0415

    import nordby_content.reader  # noqa: F401, PLC0415
    import nordby_images.generator  # noqa: PLC0415
    import nordby_images.rules  # noqa: F401, PLC0415


def _stamp(path):
    try:
        st = os.stat(path)
    except OSError:
        return (str(path), None)
    return (str(path), st.st_ino, st.st_mtime_ns, st.st_size)


def _rule_context(settings):
    """The build's rule context for these settings, with the writers' registry read once per version.

    Parsing forfattere.yml took a third of a submission; the registry changes only with a new writer.
    """
    from nordby_content import rules  # noqa: PLC0415 - needs the plugin path
    from nordby_content.registry import load_authors  # noqa: PLC0415

    key = _stamp(Path(settings["PATH"]) / settings["NORDBY_AUTHORS_FILE"])
    found = _AUTHORS.get(key)
    if found is None:  # threads may race here: each then reads once, and the last one is kept
        found = load_authors(settings)
        _AUTHORS.clear()
        _AUTHORS[key] = found
    authors, problems = found
    ctx = rules.RuleContext(settings)
    ctx.authors = dict(authors)
    ctx.log.extend(problems)
    settings[rules._CONTEXT_KEY] = ctx  # where the reader and the rules look it up (RuleContext.of)
    return ctx


def _reader(config):
    """This thread's copy of the settings and Pelican's reader for them, made once per thread.

    A new reader per check built a new Markdown parser each time, which cost more than reading
    the submission; the copy is the thread's own because the rules keep their context in it.
    """
    from pelican.readers import Readers  # noqa: PLC0415 - pelican is heavy to import

    from nordby_content.reader import NordbyMarkdownReader  # noqa: PLC0415 - needs the plugin path

    key = (config["REDAKTION_PROJECT"], config["REDAKTION_REPO"], config["REDAKTION_SETTINGS"])
    found = getattr(_THREAD, "readers", {}).get(key)
    if found is None:
        settings = site.settings(config)
        settings["READERS"] = dict.fromkeys(NordbyMarkdownReader.file_extensions, NordbyMarkdownReader)
        found = (settings, Readers(settings))
        _THREAD.readers = {key: found}
    return found


def check_file(config, path, new_authors=()):
    """Every Problem the build would report for this one Markdown file under content/.

    new_authors are names that are being added to the registry with this submission.
    """
    from pelican.contents import Article  # noqa: PLC0415 - pelican is heavy to import

    site.plugins_on_path(config["REDAKTION_PROJECT"])
    import nordby_images.rules  # noqa: F401, PLC0415 - registers the photo rules, as the build does
    from nordby_content.registry import Author  # noqa: PLC0415
    from nordby_content.rules import DOCUMENT_RULES  # noqa: PLC0415
    from nordby_images.generator import find_refs  # noqa: PLC0415

    settings, readers = _reader(config)
    ctx = _rule_context(settings)
    for name in new_authors:
        ctx.authors.setdefault(name, Author(name=name, bio=""))
    content = Path(settings["PATH"])
    doc = readers.read_file(str(content), str(path), content_class=Article, context={})
    if isinstance(doc, Article):
        find_refs(doc, content.resolve())
        for rule in DOCUMENT_RULES:
            ctx.log.extend(rule(doc, ctx))
    return sorted(ctx.log.problems)


def check_text(config, text, folder, new_authors=()):
    """Check Markdown text as if it were a file in folder (a hidden file the build ignores)."""
    import tempfile  # noqa: PLC0415

    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(
        "w", dir=folder, prefix=".#tjek-", suffix=".md", encoding="utf-8"
    ) as tmp:
        tmp.write(text)
        tmp.flush()
        with store.hold(tmp.name):  # a restarting worker's clean-up leaves it alone
            problems = check_file(config, tmp.name, new_authors)
    name = Path(tmp.name).name
    return [p for p in problems if Path(p.path).name == name or not p.path.endswith(".md")]
