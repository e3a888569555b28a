"""On a first build, the calendar's and the feeds' files are written by a forked child while the build writes the rest.

Writing the pages is the last step of a build, and it ran on one core while the other waited: on
the sample site about 0.8 s, of which the calendar's pages and feeds and the news feeds are 0.3 s.
The generators whose class sets `write_beside = True` write their files in a child process forked
when the writer is made, once every document is read and checked and nothing will change. The build
writes the other generators' files meanwhile, in Pelican's order. When the last such generator's
turn comes, the build waits for the child and takes over what it recorded (the pages for the next
build's comparison, the files for Pelican's check that no file is written twice); an error in the
child is raised there, as if that generator had raised it. The generators after it, and the
`finalized` signal, see every file.

Only a build that renders every page forks: on an incremental build most pages are kept, and there
is little to share. The development server, which listens for each written page, never does.
"""

import multiprocessing
import os

from pelican import signals


def wanted(writer, generators):
    """The generators to write beside, or none: a first build, several cores, nobody listening."""
    chosen = [gen for gen in generators if getattr(type(gen), "write_beside", False)]
    first_build = not writer.manifest.previous
    listened = bool(signals.content_written.receivers)
    return chosen if chosen and first_build and not listened and (os.cpu_count() or 1) > 1 else []


STOPPED = "Kalenderens og feedenes filer blev ikke skrevet færdig, fordi processen stoppede. Byg igen."


class Beside:
    """The child writing the chosen generators' files, until the build joins it."""

    def __init__(self, writer, generators):
        self.writer, self.generators = writer, generators
        receive, send = multiprocessing.Pipe(duplex=False)
        self._receive = receive
        self._child = multiprocessing.get_context("fork").Process(
            target=self._write, args=(send,), daemon=True
        )
        self._child.start()
        send.close()
        # Pelican calls each generator's generate_output in its turn: the child does their work,
        # and the last one's turn is where the build waits for it.
        for gen in generators[:-1]:
            gen.generate_output = _written
        generators[-1].generate_output = self._join

    def _write(self, send):
        """In the child: write the files, then send what the writer recorded (or the error)."""
        try:
            for gen in self.generators:
                type(gen).generate_output(gen, self.writer)
        except (Exception, SystemExit) as error:  # the generator's, raised in the build at its turn
            send.send(("error", _picklable(error)))
            return
        send.send(("done", _State(self.writer)))

    def _join(self, _writer):
        try:
            kind, found = self._receive.recv()
        except EOFError:  # the child died without a word (killed): what it left is not trusted
            kind, found = "error", RuntimeError(STOPPED)
        self._child.join()
        if kind == "error":
            raise found
        found.apply(self.writer)


def _written(_writer):
    """A generator's files are written by the child."""


class _State:
    """What the child's writer recorded (it was made empty just before the fork), for the build's."""

    def __init__(self, writer):
        self.recorded, self.kept_stat = writer.manifest.current, writer.manifest._kept_stat
        self.rendered, self.skipped = writer.rendered, writer.skipped
        self.written, self.overridden = writer._written_files, writer._overridden_files

    def apply(self, writer):
        writer.manifest.current.update(self.recorded)
        writer.manifest._kept_stat.update(self.kept_stat)
        writer.rendered += self.rendered
        writer.skipped += self.skipped
        writer._written_files |= self.written
        writer._overridden_files |= self.overridden


def _picklable(error):
    """The error as the child raised it, or in words when it cannot be sent."""
    try:
        multiprocessing.reduction.ForkingPickler.dumps(error)
    except Exception:  # any reason it cannot be pickled
        return RuntimeError(f"{type(error).__name__}: {error}")
    return error
