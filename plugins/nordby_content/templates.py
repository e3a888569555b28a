"""Each template compiled once per process, however many generators and builds load it.

Pelican gives every generator its own Jinja environment, and a warm `./dev serve` makes new
generators for every build, so base.html was compiled again and again. The compiled code is
kept in memory under the template's source checksum, so an edited template is compiled anew.
"""

from jinja2 import BytecodeCache

# What changes the code Jinja generates from the same source (trim_blocks, the i18n extension...).
_COMPILE_OPTIONS = (
    "block_start_string",
    "block_end_string",
    "variable_start_string",
    "variable_end_string",
    "comment_start_string",
    "comment_end_string",
    "line_statement_prefix",
    "line_comment_prefix",
    "trim_blocks",
    "lstrip_blocks",
    "newline_sequence",
    "keep_trailing_newline",
    "optimized",
    "is_async",
)


class CompiledTemplates(BytecodeCache):
    """Jinja's bytecode cache, in memory: the code objects themselves, nothing written to disk."""

    def __init__(self):
        self._code = {}  # (template key, environment's compile options) -> (source checksum, code)

    def load_bytecode(self, bucket):
        found = self._code.get(_key(bucket))
        if found and found[0] == bucket.checksum:
            bucket.code = found[1]

    def dump_bytecode(self, bucket):
        self._code[_key(bucket)] = (bucket.checksum, bucket.code)


def _key(bucket):
    env = bucket.environment
    options = tuple(getattr(env, name) for name in _COMPILE_OPTIONS)
    return bucket.key, options, tuple(sorted(env.extensions)), repr(env.autoescape), repr(env.finalize)


COMPILED = CompiledTemplates()


def share_compiled_templates(generator):
    """Use the process's compiled templates in this generator's environment.

    A generator lives for one build, so its environment need not look at the template files
    again before every page (Jinja's auto_reload); the next build's generators read them anew."""
    env = getattr(generator, "env", None)
    if env is None:
        return
    env.bytecode_cache = COMPILED
    env.auto_reload = False
