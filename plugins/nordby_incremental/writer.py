"""Pelican's Writer, but a page whose template, context and inputs are unchanged keeps its file."""

import contextlib
import io
import itertools
import logging

from pelican.contents import Content
from pelican.utils import sanitised_join
from pelican.writers import Writer

from . import beside
from .fingerprint import Fingerprints, Unknown, text_digest
from .manifest import Manifest
from .sources import sources_digest

logger = logging.getLogger(__name__)
_MISSING = object()
# Pelican's content-cache switches: they steer how documents are read, never what a page shows, and
# nordby_content turns LOAD_CONTENT_CACHE off for a build whose cache is missing or from other settings,
# so they differ between a first build and a second one with nothing changed.
CACHE_SETTINGS = frozenset(
    {"LOAD_CONTENT_CACHE", "CACHE_CONTENT", "CONTENT_CACHING_LAYER", "CHECK_MODIFIED_METHOD", "GZIP_CACHE"}
)


class _Template:
    """Stands in for a Jinja template, so the writer decides before rendering."""

    def __init__(self, template, writer, base, kwargs):
        self.template = template
        self.name = template.name
        self.writer = writer
        self.base_keys = base.keys()
        self.given = list(kwargs)
        self.base_own = writer.differences(base)

    def render(self, localcontext):
        return self.writer.render(self, localcontext)

    def own(self, localcontext):
        """What this page is given beyond the shared context (Pelican adds pagination and its name)."""
        # Pelican makes the page's context as a copy of the base and adds to it, so what it adds is
        # last in the dict's order: read from the end, not compared with every key of the base.
        added = itertools.islice(reversed(localcontext), len(localcontext) - len(self.base_keys))
        own = {key: localcontext[key] for key in added}
        own.update((key, localcontext[key]) for key in self.given if key in localcontext)
        own.update(self.base_own)
        own.update(SITEURL=localcontext.get("SITEURL"), localsiteurl=localcontext.get("localsiteurl"))
        return own


class IncrementalWriter(Writer):
    """Renders a page only when its digest differs from the one the previous build recorded."""

    # Set by the plugin once all content is read: the context every generator shares, and the
    # generators, for the ones whose files a child writes beside the build (beside.py).
    shared_context = None
    generators = None
    current = None  # the writer of the running build, finished by the plugin after the last generator

    def __init__(self, output_path, settings=None):
        super().__init__(output_path, settings=settings)
        self.manifest = Manifest(settings["CACHE_PATH"], output_path)
        self._site = _MISSING  # digest of everything every page may show; computed at the first page
        self._fingerprints = Fingerprints()
        self._kept = set()
        self.rendered, self.skipped = [], []
        IncrementalWriter.current = self
        generators, IncrementalWriter.generators = IncrementalWriter.generators or [], None
        chosen = beside.wanted(self, generators)
        if chosen:
            beside.Beside(self, chosen)

    def write_file(self, name, template, context, *args, **kwargs):
        page = _Template(template, self, context, kwargs)
        return super().write_file(name, page, context, *args, **kwargs)

    def differences(self, context):
        """The entries of a generator's own context that differ from the shared one."""
        shared = self.shared_context or {}
        if context is shared:
            return {}
        return {k: v for k, v in context.items() if shared.get(k, _MISSING) is not v}

    def render(self, page, localcontext):
        name = localcontext["output_file"]
        path = sanitised_join(self.output_path, name)
        digest = self._digest(page, localcontext)
        if digest and path not in self._written_files and self.manifest.unchanged(name, digest):
            self._kept.add(path)
            self.manifest.record(name, digest)
            self.skipped.append(name)
            return ""
        output = page.template.render(localcontext)
        self.manifest.record(name, digest)  # None: compared with nothing, so rendered every time
        self.rendered.append(name)
        return output

    def _open_w(self, filename, encoding, override=False):
        if filename not in self._kept:
            return super()._open_w(filename, encoding, override)
        # The file on disk is already what the template would write: leave it, and its date, alone
        # (and open nothing: /dev/null was opened for each of them, 3,000 times at 2,000 articles).
        self._kept.discard(filename)
        self._written_files.add(filename)
        return contextlib.nullcontext(io.StringIO())

    def _digest(self, page, localcontext):
        """The page's inputs: the whole site's, the template's name and what only this page is given."""
        site = self._site_digest()
        if site is None:
            return None
        try:
            return self._fingerprints.digest((site, page.name, _with_text(page.own(localcontext))))
        except Unknown as exc:
            logger.debug("Siden %s tegnes altid: %s kan ikke sammenlignes", localcontext["output_file"], exc)
            return None

    def keeps(self, name, inputs):
        """Whether a file a generator writes itself (a feed) was made by the last build from the
        same inputs and is as that build left it, so it need not be made again. Documents among
        `inputs` count with their text. The file is remembered as part of this build either way."""
        site = self._site_digest()
        digest = None
        if site is not None:
            try:
                digest = self._fingerprints.digest((site, name, [_text_of(item) for item in inputs]))
            except Unknown as exc:
                logger.debug("%s laves altid: %s kan ikke sammenlignes", name, exc)
        self.manifest.record(name, digest)
        return bool(digest) and self.manifest.unchanged(name, digest)

    def _site_digest(self):
        if self._site is _MISSING:
            self._site = None
            shared = self.shared_context or {}
            # Leaves out plugins' private state and the cache switches.
            public = {k: v for k, v in shared.items() if not k.startswith("_") and k not in CACHE_SETTINGS}
            try:
                self._site = self._fingerprints.digest((sources_digest(self.settings, shared), public))
            except Unknown as exc:
                logger.info("Alle sider tegnes: %s i konteksten kan ikke sammenlignes mellem builds", exc)
            self._fingerprints.shared_done()
        return self._site

    def finish(self):
        """After a finished build: remove pages whose content is gone, and remember what was built."""
        removed = 0
        for path in self.manifest.stale():
            path.unlink(missing_ok=True)
            _remove_empty_parents(path.parent, self.manifest.output)
            removed += 1
        if removed:
            logger.info("Fjernede %s side(r), som ikke længere findes i indholdet", removed)
        self.manifest.save()
        IncrementalWriter.current = None
        logger.info("Sider tegnet: %s, uændrede: %s", len(self.rendered), len(self.skipped))


class _Text:
    """A document given to one page as its subject: that page shows its text, so the text counts."""

    def __init__(self, doc):
        self.doc = doc

    def __fingerprint__(self):
        return [self.doc, text_digest(self.doc)]


def _with_text(own):
    # Lists show titles and summaries (part of every document's digest); only the document a page
    # is about shows its full text, so only then does the text belong to the page's inputs.
    return {k: _Text(v) if isinstance(v, Content) else v for k, v in own.items()}


def _text_of(item):
    """A document with its text, and each document of a list with its own."""
    if isinstance(item, Content):
        return _Text(item)
    if isinstance(item, list | tuple):
        return [_text_of(element) for element in item]
    return item


def _remove_empty_parents(folder, root):
    while folder != root and folder.is_relative_to(root) and not any(folder.iterdir()):
        folder.rmdir()
        folder = folder.parent
