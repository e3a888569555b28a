"""Results of pure functions carried from one build to the next in one process (`./dev serve`)."""

import functools
import weakref

_MISSING = object()
_memos = weakref.WeakSet()


class Carried:
    """A memo of a pure function of its key: what the previous build computed and this build asks for
    again is taken as it was. What a build does not ask for is forgotten when the next one starts, so
    the memo never holds more than two builds' results, and a one-off build keeps only what it made."""

    def __init__(self):
        self.previous, self.current = {}, {}
        _memos.add(self)

    def _take(self, key):
        """The value kept for key (moved into this build's results), or _MISSING."""
        value = self.current.get(key, _MISSING)
        if value is _MISSING:
            value = self.previous.pop(key, _MISSING)
            if value is not _MISSING:
                self.current[key] = value
        return value

    def find(self, key):
        """The value kept for key, or None."""
        value = self._take(key)
        return None if value is _MISSING else value

    def keep(self, key, value):
        self.current[key] = value

    def get(self, key, compute):
        value = self._take(key)
        if value is _MISSING:
            value = self.current[key] = compute()
        return value


def carried(function):
    """Decorate a pure function of hashable arguments: its results are carried to the next build."""
    memo = Carried()

    @functools.wraps(function)
    def wrapper(*args):
        return memo.get(args, lambda: function(*args))

    return wrapper


def next_build(*_args):
    """A build starts: results the last build did not ask for are dropped."""
    for memo in list(_memos):
        memo.previous, memo.current = memo.current, {}
