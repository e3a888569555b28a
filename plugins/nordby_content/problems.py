"""Content problems: what is wrong, where, and how to fix it, in Danish."""

from dataclasses import dataclass

from .signals import build_stopped

ERROR = "fejl"
WARNING = "advarsel"


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with one source file, phrased for an editor."""

    path: str
    line: int
    field: str
    message: str
    fix: str
    severity: str = ERROR

    def __str__(self):
        where = f"{self.path}:{self.line}" if self.line else self.path
        field = f" [{self.field}]" if self.field else ""
        label = "ADVARSEL" if self.severity == WARNING else "FEJL"
        return f"{where}: {label}{field} {self.message} — {self.fix}"


# Fields the documentation spells in capitals (README: the activity calendar's `UID:`).
_CAPITALISED = {"uid": "UID"}


def field_label(name):
    """A header field as the editor wrote it: 'image_alt' -> 'Image_alt', 'uid' -> 'UID'."""
    return _CAPITALISED.get(name.lower()) or name[:1].upper() + name[1:].lower()


def problem_at(where, field_lines, field, message, fix, *, severity=ERROR, line=1):
    """A Problem at the line where a file's header sets `field` (`line` when the header has no such field).

    field_lines maps lower-case field names to lines, as the reader records them (doc.field_lines).
    """
    found = field_lines.get(field.lower(), line) if field else line
    return Problem(where, found, field_label(field), message, fix, severity)


class ProblemLog:
    """Collects every problem of one build, so editors see them all at once."""

    def __init__(self):
        self.problems = []
        self._seen = set()  # the same problems: a list was searched for each new one

    def add(self, problem):
        if problem not in self._seen:
            self._seen.add(problem)
            self.problems.append(problem)

    def extend(self, problems):
        for problem in problems:
            self.add(problem)

    @property
    def errors(self):
        return [p for p in self.problems if p.severity == ERROR]

    @property
    def warnings(self):
        return [p for p in self.problems if p.severity == WARNING]

    def report(self):
        """The full Danish report, errors first, each on its own line."""
        lines = [str(p) for p in sorted(self.errors) + sorted(self.warnings)]
        summary = f"{len(self.errors)} fejl og {len(self.warnings)} advarsler i indholdet."
        return "\n".join([*lines, summary])


class ContentErrors(SystemExit):
    """Stops the build with the Danish report and exit code 1, without a traceback.

    A SystemExit passes through Pelican's generic exception handling, so the
    editor sees our message instead of a Python traceback. Making one tells the plugins that the
    build stops (signals.build_stopped): it is made only to be raised.
    """

    def __init__(self, log):
        self.log = log
        build_stopped.send(self)
        super().__init__(
            "Byggeriet er stoppet, fordi indholdet har fejl. Ret dem og prøv igen:\n" + log.report()
        )
