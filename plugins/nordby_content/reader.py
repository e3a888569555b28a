"""A Markdown reader that reports unreadable files and fields instead of skipping them."""

import re
from pathlib import Path

from markdown import Markdown
from pelican.readers import MarkdownReader
from pelican.utils import SafeDatetime

from . import rules
from .problems import Problem
from .sanitize import allowlisted, mark_external_links, plain_text, removed_html

_META_LINE = re.compile(r"^([A-Za-z][A-Za-z0-9_-]*)\s*:")
_INTERNAL_LINK = re.compile(r"\{(?:filename|static)\}([^)\s\"'>#?]+)")
_SKIP = {"status": "skip"}  # Pelican drops a "skip" document without logging
_PLAIN_FIELDS = ("title", "image_alt", "image_caption", "image_credit")  # printed as they are
_HTML_FIELDS = ("summary",)  # rendered from Markdown by Pelican, like the body
_META_PRIORITY = 27  # where markdown.extensions.meta registers its preprocessor
_SMARTY_PRIORITY = 6  # where markdown.extensions.smarty registers its inline pass
# A date the way the guide writes it: 2014-03-12, 2014-03-12 10:00 or 2014-03-12 10:00:30.
_ISO_DATE = re.compile(r"(\d{4})-(\d\d)-(\d\d)(?:[ T](\d\d):(\d\d)(?::(\d\d))?)?")
_DATE_FIELDS = ("date", "modified")
# One line of words and plain punctuation, beginning with a letter: nothing in it is Markdown (no
# list or heading can start with a letter, and *, _, `, [, <, &, #, quotes and backslashes are left
# out), so Markdown would give it back as it is, in a paragraph.
_PLAIN_LINE = re.compile(r"[^\W\d_](?:[^\W_]|[ ,.;:?!()/%–—-])*")
_NOT_PLAIN = ("..", "--", "  ")  # smarty's ellipsis and dashes; a hard line break


def internal_links(text):
    """(line, target) for every {filename} or {static} link in the source."""
    return [
        (number, match.group(1))
        for number, line in enumerate(text.splitlines(), start=1)
        for match in _INTERNAL_LINK.finditer(line)
    ]


def iso_date(value):
    """A date written as the guide shows, as Pelican reads it (a SafeDatetime, midnight when no
    time is given); None for any other spelling, which dateutil's parser reads as before."""
    match = _ISO_DATE.fullmatch(value)
    if match is None:
        return None
    try:
        return SafeDatetime(*(int(part) for part in match.groups(default="0")))
    except ValueError:  # 2014-02-30: Pelican's reading reports it
        return None


def plain_line(values):
    """The one line of a formatted field (the summary) if Markdown would not change it, else None."""
    if len(values) != 1 or not _PLAIN_LINE.fullmatch(values[0]):
        return None
    return None if any(needle in values[0] for needle in _NOT_PLAIN) else values[0]


def _markdown_own(settings):
    """Whether Markdown runs only its own extensions, none of which changes a line of plain words
    (another one might: typographic symbols, emoji)."""
    extensions = settings["MARKDOWN"].get("extensions", [])
    return all(isinstance(e, str) and e.startswith("markdown.extensions.") for e in extensions)


def html_line(text, needle, start=1):
    """The first line from `start` on that contains needle (any case); else `start`."""
    for number, line in enumerate(text.splitlines()[start - 1 :], start=start):
        if needle.lower() in line.lower():
            return number
    return start


def header_lines(text):
    """Map each metadata key (lower case) to its 1-based line in the file header."""
    lines = {}
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            break
        match = _META_LINE.match(line)
        if match:
            lines.setdefault(match.group(1).lower(), number)
    return lines


# What smarty replaces with dashes and ellipses only (smart_quotes off): text without "--" or "..."
# gives it nothing to do.
_SMARTY_PATTERNS = {"smarty-em-dashes", "smarty-en-dashes", "smarty-ellipses"}
_SMARTY_TEXT = ("--", "...")


class _IdleSmartySkipped:
    """Runs the smarty extension's inline pass only over a tree whose text it would change.

    The pass walks the whole tree a second time and tries each pattern on every text, which cost
    more than the pieces it replaces; a tree without "--" or "..." in any text comes out unchanged."""

    def __init__(self, smarty):
        self.smarty = smarty

    def run(self, root):
        for element in root.iter():
            for text in (element.text, element.tail):
                if text and any(needle in text for needle in _SMARTY_TEXT):
                    return self.smarty.run(root)
        return None


def skip_idle_smarty(md):
    """Put the gate in front of the smarty pass, when it replaces dashes and ellipses only."""
    if "smarty" not in md.treeprocessors:
        return
    smarty = md.treeprocessors["smarty"]
    patterns = smarty.inlinePatterns
    if not patterns or len(patterns) != sum(name in patterns for name in _SMARTY_PATTERNS):
        return  # quotes are made smart too: those can be in any text
    md.treeprocessors.register(_IdleSmartySkipped(smarty), "smarty", _SMARTY_PRIORITY)


class NordbyMarkdownReader(MarkdownReader):
    """Pelican's Markdown reader, but every problem becomes a Danish content error.

    Pelican logs an unreadable file or field in English and skips the file;
    here the problem goes to the build's problem log, which stops the build.
    """

    def process_metadata(self, name, value):
        # Pelican hands every date to dateutil's parser, a twentieth of reading an article.
        found = iso_date(value) if name in _DATE_FIELDS and isinstance(value, str) else None
        if found is not None:
            return found
        try:
            return super().process_metadata(name, value)
        except Exception:  # any processor failure is the editor's input, not a bug
            self._bad_fields.append((name, value))
            return None

    def _parse_metadata(self, meta):
        """Pelican's, but a summary of plain words is not handed to Markdown: that cost an eighth
        of reading a short article (the whole pipeline, for one line that comes back as it was)."""
        formatted = self.settings["FORMATTED_FIELDS"] if _markdown_own(self.settings) else ()
        plain = {name: plain_line(values) for name, values in meta.items() if name in formatted}
        plain = {name: line for name, line in plain.items() if line is not None}
        output = super()._parse_metadata({k: v for k, v in meta.items() if k not in plain})
        for name, line in plain.items():
            output[name] = self.process_metadata(name, f"<p>{line}</p>")
        return {name: output[name] for name in meta}  # in the header's order, as Pelican gives them

    def read(self, source_path):
        self._source_path = source_path
        self._bad_fields = []
        ctx = rules.RuleContext.of(self.settings)
        raw = Path(source_path).read_bytes()
        try:
            text = raw.decode("utf-8").removeprefix("\ufeff")
        except UnicodeDecodeError as exc:
            line = raw[: exc.start].count(b"\n") + 1
            ctx.log.add(rules.not_utf8(ctx.rel(source_path), line))
            return "", dict(_SKIP)
        return self._read_text(text, source_path, ctx)

    def _markdown(self):
        """One Markdown instance per reader, reset for each file: setting one up costs more than
        converting a whole article. Pelican's _parse_metadata removes the meta preprocessor, so it
        is put back."""
        md = getattr(self, "_reused_md", None)
        if md is None:
            md = self._reused_md = Markdown(**self.settings["MARKDOWN"])
            self._meta_preprocessor = md.preprocessors["meta"]
            skip_idle_smarty(md)
        md.reset()
        if "meta" not in md.preprocessors:
            md.preprocessors.register(self._meta_preprocessor, "meta", _META_PRIORITY)
        return md

    def _read_text(self, text, source_path, ctx):
        self._md = self._markdown()
        try:
            content = self._md.convert(text)
            metadata = self._parse_metadata(getattr(self._md, "Meta", {}))
        except Exception as exc:  # Markdown extensions can raise on odd input
            ctx.log.add(
                Problem(ctx.rel(source_path), 0, "", f"Filen kan ikke læses ({exc}).", rules.ASK_EDITOR)
            )
            return "", dict(_SKIP)
        lines = header_lines(text)
        problems = rules.parse_problems(ctx, source_path, metadata, self._bad_fields, lines)
        ctx.log.extend(problems)
        if problems:
            # The document is kept, so every other rule still checks it (a bad date must not hide
            # an unknown author); the errors stop the build before anything is written. Kept on the
            # document, they are reported again when Pelican takes it from its cache.
            metadata["parse_problems"] = problems
            rules.fill_placeholders(metadata, source_path, self._bad_fields)
        metadata["field_lines"] = lines
        metadata["internal_links"] = internal_links(text)
        return self._sanitised(content, metadata, text, lines)

    def _sanitised(self, content, metadata, text, lines):
        """Clean the body and the HTML fields, and say what was removed (as warnings)."""
        safe, removed = _allowlisted(content)
        body_start = max(lines.values(), default=0) + 1
        located = [(html_line(text, needle, body_start), what) for needle, what in removed]
        for name in _HTML_FIELDS + _PLAIN_FIELDS:
            if metadata.get(name):
                line = lines.get(name, 1)
                if name in _HTML_FIELDS:
                    metadata[name], removed = _allowlisted(metadata[name])
                    metadata[name] = mark_external_links(metadata[name])
                else:
                    removed = removed_html(metadata[name])
                    metadata[name] = plain_text(metadata[name])
                located += [(line, what) for _, what in removed]
        metadata["removed_html"] = sorted(located)
        return mark_external_links(safe), metadata


def _allowlisted(html):
    """The allowlisted HTML, and what the allowlist removed from it."""
    safe = allowlisted(html)
    # Most texts pass the allowlist unchanged; only the others need the slower inventory.
    return safe, (removed_html(html) if safe != html else [])
