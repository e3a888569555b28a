"""Writing an output file only when its bytes change, so an unchanged file keeps its date."""

import os
from pathlib import Path


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
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    temporary.write_bytes(data)
    os.replace(temporary, path)
    return True
