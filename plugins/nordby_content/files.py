"""Write-temp-then-rename, once: readers (and a running build) see the old file or the new one, never half."""

import os
import secrets
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def replacing(path, sync=True):
    """A temporary path beside `path` to write to; when the block ends it replaces `path` in one step.

    The temporary file is in the same folder (a rename across file systems is not atomic) and is
    removed on any failure, Ctrl+C included. It takes the mode of the file it replaces, or the
    umask's for a new one. sync=False skips the fsync: for output that the next build writes again.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp")
    try:
        yield temporary
        _keep_mode(path, temporary)
        if sync:
            _fsync(temporary)
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)


def write_atomic(path, data, sync=True):
    """Replace path with data (bytes, or str written as UTF-8) in one step."""
    if isinstance(data, str):
        data = data.encode("utf-8")
    with replacing(path, sync=False) as temporary, open(temporary, "xb") as handle:
        handle.write(data)
        if sync:
            handle.flush()
            os.fsync(handle.fileno())
    return path


def _keep_mode(path, temporary):
    try:
        mode = path.stat().st_mode & 0o777
    except FileNotFoundError:
        return
    if temporary.stat().st_mode & 0o777 != mode:
        os.chmod(temporary, mode)


def _fsync(path):
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
