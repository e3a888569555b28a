"""Write-temp-then-rename, once: readers (and a running build) see the old file or the new one, never half."""

import io
import os
import secrets
import threading
from concurrent.futures import ThreadPoolExecutor
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


class WriteBehind:
    """Files written by one background thread while the build goes on: write() returns at once.

    Creating a file in a new folder costs the kernel up to a millisecond, outside Python's lock: a
    first build spent most of a second of its one-core end making folders and files, which the
    thread now does beside the rendering. At most `pending` files wait, so memory stays small.
    wait() returns once all are written, and raises the first failure (a full disk, say).
    """

    _thread = None  # one for the process: a warm server builds many times

    def __init__(self, pending=64):
        if WriteBehind._thread is None:
            WriteBehind._thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="write-behind")
        self._slots = threading.BoundedSemaphore(pending)
        self._futures = []

    def call(self, func, *args):
        """Run func(*args) in the thread, after everything given before it."""
        self._slots.acquire()
        try:
            future = WriteBehind._thread.submit(func, *args)
        except BaseException:
            self._slots.release()
            raise
        future.add_done_callback(lambda _: self._slots.release())
        self._futures.append(future)

    def write(self, path, data):
        """Replace path with data (as write_atomic), in the thread."""
        self.call(write_atomic, path, data, False)

    def opened(self, path, encoding="utf-8"):
        """A text file to use in a with block: what is written to it goes to path when the block ends
        (nothing, if the block ends with an error)."""
        return _Text(self, path, encoding)

    def wait(self):
        futures, self._futures = self._futures, []
        for future in futures:
            future.result()


class _Text(io.StringIO):
    def __init__(self, behind, path, encoding):
        super().__init__()
        self._behind, self._path, self._encoding = behind, path, encoding

    def __exit__(self, kind, *_):
        if kind is None:
            self._behind.write(self._path, self.getvalue().encode(self._encoding))
        self.close()
