"""nginx's visitor log and its rotated copies, sorted into one file per finished day for GoAccess.

GoAccess counts whatever it is given and has no date filter, so each day's lines are handed to
it alone. Only the date between "[" and the first ":" is read here; GoAccess parses the rest.
"""

import gzip
from datetime import date, datetime
from pathlib import Path

# nginx writes $time_local with English month names, whatever the server's locale.
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def log_files(log):
    """The live log and its rotated copies (log.1, log.2.gz, ...), oldest first."""
    live = Path(log)
    rotated = [p for p in live.parent.glob(live.name + ".*") if p.is_file()]
    return sorted(rotated, key=lambda p: p.stat().st_mtime) + ([live] if live.is_file() else [])


def day_of(token):
    """The date of a $time_local date token such as 29/Nov/2026, or None."""
    try:
        return date(int(token[7:11]), MONTHS.index(token[3:6]) + 1, int(token[0:2]))
    except ValueError:
        return None


def _open(path):
    """The file's lines; logrotate gzips the older ones."""
    if path.suffix == ".gz":
        return gzip.open(path, "rt", encoding="utf-8", errors="replace")
    return path.open(encoding="utf-8", errors="replace")


def _newer_than(path, after):
    """Whether the file may hold lines after the day `after` (its last write is on or after it)."""
    return after is None or datetime.fromtimestamp(path.stat().st_mtime).date() >= after


class DaySplitter:
    """Writes each line of a wanted day to folder/ÅÅÅÅ-MM-DD.log; use as a context manager."""

    def __init__(self, folder, after, before):
        self.folder, self.after, self.before = folder, after, before
        self.days, self.outputs, self.done = {}, {}, set()

    def wanted(self, token):
        """The day of a date token if it is after `after` and before `before`, else None."""
        if token not in self.days:
            day = day_of(token)
            ok = day is not None and (self.after is None or day > self.after) and day < self.before
            self.days[token] = day if ok else None
        return self.days[token]

    def add(self, line):
        start = line.find("[") + 1
        day = self.wanted(line[start : start + 11])
        if day is None or day in self.done:
            return
        if day not in self.outputs:
            self.outputs[day] = (self.folder / f"{day.isoformat()}.log").open("a", encoding="utf-8")
        self.outputs[day].write(line)

    def finish(self, before=None):
        """Close the days before `before` (all days without it); [(day, path)], oldest first."""
        ready = sorted(day for day in self.outputs if before is None or day < before)
        for day in ready:
            self.outputs.pop(day).close()
            self.done.add(day)
        return [(day, self.folder / f"{day.isoformat()}.log") for day in ready]

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.finish()


def complete_days(files, folder, after, before):
    """Yield (day, path) for each day after `after` and before `before` as soon as it is complete.

    The files are read oldest first, and nginx stamps a line when it writes it, so once a file is
    read, every day before the latest one seen in it is whole: GoAccess can start on it while the
    next file is read.
    """
    with DaySplitter(folder, after, before) as splitter:
        for path in (p for p in files if _newer_than(p, after)):
            with _open(path) as lines:
                for line in lines:
                    splitter.add(line)
            yield from splitter.finish(before=max(splitter.outputs, default=None))
        yield from splitter.finish()
