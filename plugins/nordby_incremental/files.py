"""Writing an output file only when its bytes change, so an unchanged file keeps its date."""

from pathlib import Path

from nordby_content.files import write_atomic


def write_if_changed(path, data):
    """Write bytes to path atomically (a reader never sees half a file), unless it already holds them.

    Returns True when the file was written. Unchanged files keep their modification time, so the
    live-reload server, .gz copies and rsync see only what really changed.
    """
    path = Path(path)
    try:
        if path.stat().st_size == len(data) and path.read_bytes() == data:
            return False
    except OSError:  # not there yet
        pass
    # No fsync: a build writes thousands of pages and the next build writes them again.
    write_atomic(path, data, sync=False)
    return True
