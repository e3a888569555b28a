"""One settings schema for every plugin: each option's default, check and description, validated once.

A plugin declares its options in a `Schema` (MkDocs' typed configuration, in Pelican's
prefix-per-plugin style) and calls `SCHEMA.apply(settings)` when Pelican starts. `apply` fills in
the defaults, reports every bad value of every plugin at once as Danish `Problem`s naming the
setting, and warns about names with a plugin's prefix that no plugin reads (a typo keeps the
default silently otherwise).
"""

import difflib
import logging
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from .problems import ERROR, WARNING, Problem

logger = logging.getLogger(__name__)
# Where a setting is looked for, to name the line to fix (publishconf.py overrides pelicanconf.py).
SETTINGS_FILES = ("publishconf.py", "pelicanconf.py")
# Every schema of the plugins imported so far, by prefix. Pelican imports all plugins before it
# sends `initialized`, so the first `apply` of a build sees every plugin's options.
SCHEMAS = {}
_CHECKED = "_NORDBY_SETTINGS_CHECKED"  # the prefixes already validated in this settings dict


@dataclass(frozen=True)
class Option:
    """One setting: its default, whether a value is valid, and what it does."""

    default: object
    doc: str  # one line (English), what the setting does
    check: object = None  # value -> bool; None accepts anything
    want: str = ""  # Danish: what a valid value is ("et helt tal på 0 eller mere")
    merge: bool = False  # a dict merged over its default; a key the default lacks is an error


class SettingsError(SystemExit):
    """Stops the build with every bad setting listed, without a traceback."""

    def __init__(self, problems):
        self.problems = problems
        lines = "\n".join(str(p) for p in problems)
        super().__init__(f"Indstillingerne er forkerte. Ret dem og prøv igen:\n{lines}")


@dataclass
class Schema:
    """The options of one plugin: every name starts with one of `prefixes`."""

    prefixes: tuple
    options: dict
    # Checks across options: each takes the settings and yields (name, Danish message).
    rules: tuple = ()
    name: str = field(init=False)

    def __post_init__(self):
        self.prefixes = (self.prefixes,) if isinstance(self.prefixes, str) else tuple(self.prefixes)
        self.name = self.prefixes[0]
        SCHEMAS[self.name] = self

    @property
    def defaults(self):
        """Every option's default, by name."""
        return {name: option.default for name, option in self.options.items()}

    def fill(self, settings):
        """Put each default in where the settings have no value (dicts merged over theirs)."""
        for name, option in self.options.items():
            if name not in settings:
                settings[name] = _copy(option.default)
            elif option.merge and isinstance(settings[name], dict):
                settings[name] = {**option.default, **settings[name]}
        return settings

    def problems(self, settings):
        """Every bad value and every unknown name of this plugin, as Problems (errors first)."""
        found = [p for name, option in self.options.items() for p in _bad_value(name, option, settings)]
        found += [setting_problem(name, message) for rule in self.rules for name, message in rule(settings)]
        return found + unknown_names(settings, self.prefixes)

    def apply(self, settings):
        """Fill in the defaults and stop on any bad setting, all named at once (once per build)."""
        _apply(settings, [self])
        return settings


def apply_all(settings):
    """Every plugin's `apply` at once, so the first bad setting does not hide the others' problems."""
    _apply(settings, list(SCHEMAS.values()))
    return settings


def _apply(settings, schemas):
    """Validate the schemas not yet checked in these settings; warnings are logged only once."""
    done = settings.setdefault(_CHECKED, set())
    todo = [schema for schema in schemas if schema.name not in done]
    problems = []
    for schema in todo:
        schema.fill(settings)
        problems += schema.problems(settings)
        done.add(schema.name)
    if any(p.severity == ERROR for p in problems):
        raise SettingsError(
            sorted(problems, key=lambda p: p.severity != ERROR)
        )  # a typo may explain an error
    for problem in problems:
        logger.warning("%s", problem)


def known_names():
    """Every option name declared by a plugin."""
    return {name for schema in SCHEMAS.values() for name in schema.options}


def _suggestions():
    """What a mistyped name may have meant: each option, and each key of a merged dict option
    (FEEDS_MAX_ITEMS was meant as NORDBY_FEEDS['max_items'])."""
    names = {_stem(name): name for name in known_names()}
    for schema in SCHEMAS.values():
        for name, option in schema.options.items():
            if option.merge:
                names.update({_stem(f"{name}_{key}".upper()): f"{name}['{key}']" for key in option.default})
    return names


def _stem(name):
    # The site-wide prefix says nothing about which option was meant: compare what follows it.
    return name.removeprefix("NORDBY_")


def unknown_names(settings, prefixes):
    """A warning for each setting with one of these prefixes that no plugin declares."""
    known, suggestions = known_names(), _suggestions()
    problems = []
    for name in sorted(settings):
        if name.startswith(prefixes) and name not in known:
            close = difflib.get_close_matches(_stem(name), suggestions, n=1, cutoff=0.8)
            fix = f"mente du {suggestions[close[0]]}?" if close else "ret stavningen, eller slet linjen"
            message = f"Indstillingen {name} findes ikke og bliver ikke brugt."
            problems.append(setting_problem(name, message, fix, WARNING))
    return problems


def setting_problem(name, message, fix="", severity=ERROR):
    """A Problem at the line of the settings file that sets `name` (or the file, if none does)."""
    path, line = setting_line(name)
    return Problem(path, line, name, message, fix or f"ret den i {path}", severity)


def setting_line(name):
    """(settings file, line) of the first assignment to name; line 0 when no file sets it."""
    pattern = re.compile(rf"^{re.escape(name)}\s*(\+?=|:)")
    for path in SETTINGS_FILES:
        try:
            lines = Path(path).read_text(encoding="utf-8").splitlines()
        except OSError:
            continue
        for number, text in enumerate(lines, start=1):
            if pattern.match(text):
                return path, number
    return SETTINGS_FILES[-1], 0


def _bad_value(name, option, settings):
    value = settings[name]
    if option.merge and isinstance(value, dict):
        extra = sorted(set(value) - set(option.default))
        if extra:
            keys = ", ".join(extra)
            known = ", ".join(option.default)
            yield setting_problem(name, f"Indstillingen {name} har ukendte nøgler: {keys}.", f"brug {known}")
            return
    if option.check is not None and not option.check(value):
        path, _ = setting_line(name)
        message = f"Indstillingen {name} skal være {option.want}, ikke {value!r}."
        yield setting_problem(name, message, f"ret den i {path} (standard: {option.default!r})")


def _copy(value):
    """A fresh copy of a mutable default, so one build never changes the next one's default."""
    if isinstance(value, dict):
        return dict(value)
    if isinstance(value, list):
        return list(value)
    return value


# Option constructors for the common shapes; `option()` takes any check.
def option(default, doc, check=None, want=""):
    """An option with its own check (value -> bool) and the Danish wording of a valid value."""
    return Option(default, doc, check, want)


def boolean(default, doc):
    return Option(default, doc, lambda v: isinstance(v, bool), "True eller False")


def integer(default, doc, minimum=0):
    """A whole number of at least `minimum` (True and False are not numbers here)."""
    want = "et helt tal på 0 eller mere" if minimum == 0 else f"et helt tal på mindst {minimum}"
    return Option(default, doc, lambda v: _is_int(v) and v >= minimum, want)


def text(default, doc, endswith="", empty=True):
    """A string; `endswith` for addresses ('/') and file names ('.html')."""
    want = f"en tekst, der slutter med '{endswith}'" if endswith else "en tekst"

    def check(value):
        return isinstance(value, str) and value.endswith(endswith) and (empty or value != "")

    return Option(default, doc, check, want)


def choice(default, doc, choices):
    """One of a few fixed values."""
    want = " eller ".join(repr(c) for c in choices)
    return Option(default, doc, lambda v: v in choices, want)


def text_list(default, doc, want="en liste af tekster"):
    return Option(
        default, doc, lambda v: isinstance(v, list | tuple) and all(isinstance(s, str) for s in v), want
    )


def dictionary(default, doc, want="en ordbog (dict)", merge=False, check=None):
    """A dict; with merge=True it is merged over the default and unknown keys are errors."""
    ok = check or (lambda v: True)
    return Option(default, doc, lambda v: isinstance(v, dict) and ok(v), want, merge)


def iso_date_or_empty(default, doc):
    """'' (today) or an ISO date such as 2026-12-01."""
    want = "en dato som 2026-12-01 (eller tom for i dag)"
    return Option(default, doc, lambda v: v in ("", None) or _is_iso_date(v), want)


def _is_int(value):
    return isinstance(value, int) and not isinstance(value, bool)


def _is_iso_date(value):
    try:
        date.fromisoformat(str(value))
    except ValueError:
        return False
    return True


def with_defaults(settings):
    """The settings with the defaults of every plugin in PLUGINS (for tasks that read them unbuilt)."""
    import importlib  # noqa: PLC0415 - only tasks need it

    importlib.import_module("nordby_content.options")
    for name in settings.get("PLUGINS") or []:
        importlib.import_module(name)
    for schema in SCHEMAS.values():
        schema.fill(settings)
    return settings
