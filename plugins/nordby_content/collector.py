"""Python's garbage collector leaves the read content alone while the pages are written."""

import gc


def freeze_content(*_args):
    """Everything read so far survives the build: later collections need not look through it.

    Each full collection walked every object of the parsed site again, a tenth of a rebuild's CPU
    after one changed article. Garbage made from here on is collected as before.
    """
    gc.freeze()


def unfreeze(*_args):
    """The build is over: what it read may be collected again (the warm server builds many times)."""
    gc.unfreeze()
