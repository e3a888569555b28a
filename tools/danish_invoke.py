"""`./dev` in Danish: invoke's task list, task help and its own error messages, for editors."""

import difflib
import inspect
import re
import sys

from invoke import Program
from invoke.exceptions import ParseError

BINARY = "./dev"
# invoke's parser errors, and what an editor is told instead.
# A flag appears as '--year' or as invoke's repr, <Argument: year (y) *>.
_FLAG = r"(?:'?-*(?P<flag>[\w-]+)'?|<Argument: (?P<argument>[\w-]+)[^>]*>)"
MESSAGES = [
    (r"No idea what '(?P<name>.+)' is!", "'{name}' findes ikke."),
    (
        r"'(?P<task>.+)' did not receive required positional arguments: (?P<names>.+)",
        "'{task}' mangler: {names}. Se './dev --help {task}'.",
    ),
    (rf"Flag {_FLAG} needed value and was not given one!", "Valget --{flag} skal have en værdi."),
    (rf"Flag {_FLAG} doesn't take any value!", "Valget --{flag} tager ingen værdi."),
    (r"'(?P<value>.+)' is ambiguous when given after an optional-value flag", "'{value}' kan ikke stå dér."),
]


def danish_error(message, task_names=()):
    """invoke's English parse error as a Danish line, with 'mente du …?' for a mistyped task."""
    for pattern, danish in MESSAGES:
        match = re.fullmatch(pattern, message)
        if match:
            found = {k: (v or "").strip("'") for k, v in match.groupdict().items()}
            found["flag"] = found.get("flag") or found.get("argument", "")
            text = danish.format(**found)
            if "name" not in found:
                return text
            close = difflib.get_close_matches(found["name"].lstrip("-"), task_names, n=1)
            hint = f" Mente du './dev {close[0]}'?" if close else ""
            return f"{text}{hint} Se alle kommandoer med './dev'."
    return message


class DanishProgram(Program):
    """invoke's command line, but everything it says itself is Danish."""

    def _danish(self, step, *args):
        try:
            return step(*args)
        except ParseError as error:
            names = list(self.collection.task_names) if getattr(self, "collection", None) else []
            raise ParseError(danish_error(str(error), names)) from None

    def parse_core(self, argv):
        return self._danish(super().parse_core, argv)

    def parse_tasks(self):
        return self._danish(super().parse_tasks)

    def parse_cleanup(self):
        return self._danish(super().parse_cleanup)

    def print_help(self):
        """`./dev` alone and `./dev --help`: the tasks, not invoke's own options."""
        if not hasattr(self, "collection"):  # invoke answers a bare --help before it loads tasks.py
            self.load_collection()
        if not hasattr(self, "scoped_collection"):
            self.scoped_collection, self.list_root = self.collection, None
            self.list_depth, self.list_format = None, "flat"
        print(f"Brug: {BINARY} KOMMANDO [--valg ...]   (fx {BINARY} check, {BINARY} preview)\n")
        self.list_tasks()
        print(f"Hjælp til én kommando: {BINARY} --help KOMMANDO")

    def task_list_opener(self, extra=""):
        return "Kommandoer"

    def print_task_help(self, name):
        context = self.parser.contexts[name]
        options = context.help_tuples()
        print(f"Brug: {BINARY} {name}{' [--valg ...]' if options else ''}\n")
        for line in (inspect.getdoc(self.collection[name]) or "").splitlines():
            print(self.leading_indent + line)
        print()
        if options:
            print("Valg:")
            self.print_columns(options)


def main(argv=None):
    program = DanishProgram(binary=BINARY, name="Randers Nordby")
    argv = [BINARY, *(sys.argv[1:] if argv is None else argv)]
    if len(argv) == 1:  # `./dev` alone: the task list, as `./dev --help` shows it
        argv.append("--help")
    program.run(argv)


if __name__ == "__main__":
    main()
