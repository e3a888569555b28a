"""Check one submission with the build's own reader and rules, in this process."""

from pathlib import Path

from . import site


def check_file(config, path, new_authors=()):
    """Every Problem the build would report for this one Markdown file under content/.

    new_authors are names that are being added to the registry with this submission.
    """
    from pelican.contents import Article  # noqa: PLC0415 - pelican is heavy to import
    from pelican.readers import Readers  # noqa: PLC0415

    site.plugins_on_path(config["REDAKTION_PROJECT"])
    import nordby_images.rules  # noqa: F401, PLC0415 - registers the photo rules, as the build does
    from nordby_content.reader import NordbyMarkdownReader  # noqa: PLC0415
    from nordby_content.registry import Author  # noqa: PLC0415
    from nordby_content.rules import DOCUMENT_RULES, RuleContext  # noqa: PLC0415
    from nordby_images.generator import find_refs  # noqa: PLC0415

    settings = site.settings(config)
    settings["READERS"] = dict.fromkeys(NordbyMarkdownReader.file_extensions, NordbyMarkdownReader)
    ctx = RuleContext.reset(settings)
    for name in new_authors:
        ctx.authors.setdefault(name, Author(name=name, bio=""))
    content = Path(settings["PATH"])
    doc = Readers(settings).read_file(str(content), str(path), content_class=Article, context={})
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
        problems = check_file(config, tmp.name, new_authors)
    name = Path(tmp.name).name
    return [p for p in problems if Path(p.path).name == name or not p.path.endswith(".md")]
