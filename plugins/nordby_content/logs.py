"""The build's output in Danish: one plain line per message, Pelican's English left out or translated.

Pelican logs through Rich, which wraps every line at 80 columns when it is not writing to a
terminal (file names broke mid-word in CI and in tests) and prints its English summary line.
"""

import logging
import re
import sys

from pelican.log import console
from rich.console import RenderHook
from rich.logging import RichHandler
from rich.text import Text

# Pelican's English warnings that our own rules already report in Danish, with file, line and fix.
SAID_IN_DANISH = (
    "Empty alt attribute for image",  # nordby_images: photos_have_alt_text
    "Other images have empty alt attributes",
    "Unable to find",  # nordby_content: internal_links_resolve
    "There are %s",  # duplicate slugs; nordby_content: unique_slugs
)
_DONE = re.compile(r"Done: Processed (?P<counts>.*) in (?P<seconds>[\d.]+) seconds\.")
_WORDS = [  # longest first, so "hidden articles" is not read as "articles"
    ("hidden articles", "skjulte artikler"),
    ("hidden article", "skjult artikel"),
    ("hidden pages", "skjulte sider"),
    ("hidden page", "skjult side"),
    ("draft pages", "kladdesider"),
    ("draft page", "kladdeside"),
    ("articles", "artikler"),
    ("article", "artikel"),
    ("drafts", "kladder"),
    ("draft", "kladde"),
    ("pages", "sider"),
    ("page", "side"),
]
_LABELS = {logging.WARNING: "ADVARSEL", logging.ERROR: "FEJL", logging.CRITICAL: "FEJL"}


def not_said_in_danish(record):
    """False for Pelican's English warnings that a Danish rule reports better."""
    return not str(record.msg).startswith(SAID_IN_DANISH)


class DanishFormatter(logging.Formatter):
    """The message on one line; a warning or error that does not say so itself gets ADVARSEL/FEJL."""

    def format(self, record):
        message = super().format(record)
        label = _LABELS.get(record.levelno)
        if label and "ADVARSEL" not in message and "FEJL" not in message:
            return f"{label}: {message}"
        return message


def danish_summary(text):
    """Pelican's 'Done: Processed 3 articles, ... in 1.20 seconds.' in Danish (other text unchanged)."""
    match = _DONE.fullmatch(text.strip())
    if not match:
        return text
    counts = [part for part in re.split(r", | and ", match["counts"]) if not part.startswith("0 ")]
    for english, danish in _WORDS:
        counts = [re.sub(rf"(?<=\d ){english}$", danish, part) for part in counts]
    listed = (
        ", ".join(counts[:-1]) + (" og " if len(counts) > 1 else "") + (counts[-1] if counts else "intet")
    )
    seconds = match["seconds"].replace(".", ",")
    return f"Færdig: {listed} på {seconds} sekunder."


class _DanishConsole(RenderHook):
    def process_renderables(self, renderables):
        return [Text(danish_summary(r.plain)) if isinstance(r, Text) else r for r in renderables]


_HOOK = _DanishConsole()
PELICAN_LOGGERS = ("pelican.readers", "pelican.contents", "pelican.utils")


def use_danish_output():
    """Replace Pelican's Rich log handler by one plain line per message, and translate its summary."""
    for name in PELICAN_LOGGERS:
        logging.getLogger(name).addFilter(not_said_in_danish)  # added once, however often this runs
    root = logging.getLogger()
    for handler in list(root.handlers):
        if isinstance(handler, RichHandler):
            root.removeHandler(handler)
            plain = logging.StreamHandler(sys.stdout)  # where Rich wrote
            plain.setFormatter(DanishFormatter("%(message)s"))
            plain.setLevel(handler.level)
            root.addHandler(plain)
    console.soft_wrap = True  # Pelican's own console lines are not wrapped either
    if not getattr(console, "_nordby_danish", False):
        console.push_render_hook(_HOOK)
        console._nordby_danish = True
