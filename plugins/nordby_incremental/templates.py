"""Compiled templates kept in memory and in the cache folder, so no build compiles a template that an earlier one did.

Pelican gives every generator its own Jinja environment and makes them anew on each build: without
this, the warm server (`./dev serve`) compiled base.html a dozen times per save, and every build in
a new process (a publish, `./dev build`) compiled all templates again (0.3 s).
"""

import hashlib
from pathlib import Path

from jinja2 import TemplateError
from jinja2.bccache import Bucket, BytecodeCache
from jinja2.utils import _PassArg

from nordby_content.files import write_atomic


class CompiledTemplates(BytecodeCache):
    """Jinja's bytecode cache, in a dict and in files; Jinja checks each entry against the template's
    source (and its own version and Python's), so an entry from an older build is compiled again."""

    def __init__(self):
        self.store = {}
        self.folder = None  # the build's CACHE_PATH/templates, set by keep_compiled()

    def get_bucket(self, environment, name, filename, source):
        # The code compiled for a template depends on the environment's options and on how its
        # filters and tests are called, so environments that differ in those never share an entry.
        key = self.get_cache_key(name, filename) + _signature(environment)
        bucket = Bucket(environment, key, self.get_source_checksum(source))
        self.load_bytecode(bucket)
        return bucket

    def load_bytecode(self, bucket):
        code = self.store.get(bucket.key)
        if code is None and self.folder is not None:
            try:
                code = (self.folder / bucket.key).read_bytes()
            except OSError:  # not compiled yet, or the cache folder was cleaned
                return
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket):
        code = self.store[bucket.key] = bucket.bytecode_to_string()
        if self.folder is not None:
            write_atomic(self.folder / bucket.key, code, sync=False)  # made again if lost


COMPILED = CompiledTemplates()
_LATEST = {}  # "env": the Jinja environment of the build's latest generator, for compile_theme()


def _signature(env):
    options = (
        env.block_start_string,
        env.block_end_string,
        env.variable_start_string,
        env.variable_end_string,
        env.comment_start_string,
        env.comment_end_string,
        env.line_statement_prefix,
        env.line_comment_prefix,
        env.trim_blocks,
        env.lstrip_blocks,
        env.newline_sequence,
        env.keep_trailing_newline,
        env.optimized,
        env.is_async,
        repr(env.autoescape),
        sorted(env.extensions),
        sorted((name, repr(_PassArg.from_obj(f))) for name, f in env.filters.items()),
        sorted((name, repr(_PassArg.from_obj(f))) for name, f in env.tests.items()),
    )
    return hashlib.blake2b(repr(options).encode(), digest_size=8).hexdigest()


def keep_compiled(generator):
    """Give a generator's new Jinja environment the compiled templates of the builds before.

    A generator lives for one build, so its environment need not look at the template files again
    before every page it renders (Jinja's auto_reload: 11,000 stat calls for 2,000 articles); the
    next build's environments start afresh, and the cache checks each template's source."""
    env = getattr(generator, "env", None)
    if env is None:
        return
    env.auto_reload = False
    COMPILED.folder = Path(generator.settings["CACHE_PATH"]) / "templates"
    if env.bytecode_cache is None:
        env.bytecode_cache = COMPILED
    theme = generator.settings.get("THEME")
    _LATEST.update(env=env, theme=Path(theme) / "templates" if theme else None)


def compile_theme(_sender):
    """Compile the theme's templates ahead, while the build waits for the paper's layouts.

    A first build (or one after the theme changed) would compile each one as its first page is
    written, after the wait, when that is all that runs on one core. The generators' environments
    all compile alike (one signature), so each then finds its templates in COMPILED. A template
    that does not compile is left for the page that uses it, which reports the error as always.
    """
    env, theme = _LATEST.get("env"), _LATEST.get("theme")
    if env is None or theme is None or env.bytecode_cache is not COMPILED:
        return
    for path in sorted(theme.rglob("*.html")):
        try:
            env.get_template(path.relative_to(theme).as_posix())
        except TemplateError:
            continue
