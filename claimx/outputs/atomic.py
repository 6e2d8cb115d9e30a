"""The one atomic writer: a file appears under its final name complete, or not at all.

Every output claimx writes to a named file goes through `AtomicFile`: `claimx extract -o`, the
HTML report, and the Dask engine's shards. It writes to a temporary file in the same folder
(`.<name>.<random>.tmp`) and renames it into place (atomic on POSIX: a reader sees the old
file or the whole new one). `OutputTarget` picks stdout, a device, or an `AtomicFile` for `-o`.

Every byte is accounted for: the temporary file is written through `FullWriter`, which loops
on partial writes and raises on a write that makes no progress, and its size is checked
against what was written before it is renamed, so a short write is an error, never a quietly
truncated output. `OutputLock` keeps two runs from writing the same target at once.
"""

from __future__ import annotations

import contextlib
import errno
import io
import os
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from types import TracebackType
from typing import IO, Any, TextIO, cast

from claimx.errors import ClaimxError, ExitCode

TMP_SUFFIX = ".tmp"
PARTIAL_SUFFIX = ".partial"


class FullWriter(io.RawIOBase):
    """A raw file that writes all it is given: `os.write` is called until every byte is out
    (the kernel writes at most about 2 GiB per call, and less on a full disk or a signal)."""

    def __init__(self, fd: int) -> None:
        super().__init__()
        self.fd = fd
        self.written = 0

    def writable(self) -> bool:
        return True

    def write(self, data) -> int:
        view = memoryview(data).cast("B")
        done = 0
        while done < len(view):
            n = os.write(self.fd, view[done:])
            if n <= 0:
                raise OSError(errno.EIO, "short write: the file took no more bytes")
            done += n
        self.written += done
        return done

    def fileno(self) -> int:
        return self.fd

    def close(self) -> None:
        if not self.closed:
            try:
                os.close(self.fd)
            finally:
                super().close()


class AtomicFile:
    """A file written under a temporary name in the same folder, renamed when complete.

    `commit()` renames it to its final name. `keep_partial()` renames it to `<name>.partial`
    (what an interrupted run finished, every line complete); `discard()` deletes it. Used as a
    context manager it commits on success and discards on an exception. `binary=True` gives a
    byte stream (Parquet, shards), else UTF-8 text with `\\n` line ends.
    """

    def __init__(self, path: str | os.PathLike[str], *, binary: bool = False) -> None:
        self.path = Path(path)
        fd, tmp = tempfile.mkstemp(
            prefix=f".{self.path.name}.", suffix=TMP_SUFFIX, dir=self.path.parent
        )
        self.tmp = Path(tmp)
        # mkstemp makes the file private (0600); give it the mode a plain open() would.
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(fd, 0o666 & ~umask)
        self._raw = FullWriter(fd)
        buffered = io.BufferedWriter(self._raw)
        self.stream: IO[Any] = (
            buffered
            if binary
            else io.TextIOWrapper(buffered, encoding="utf-8", newline="\n", write_through=False)
        )

    @property
    def partial_path(self) -> Path:
        """Where `keep_partial` puts an interrupted run's output."""
        return self.path.with_name(self.path.name + PARTIAL_SUFFIX)

    def commit(self) -> Path:
        """Flush, close and rename to the final name (on a failed flush: delete, and raise)."""
        return self._finish(self.path)

    def keep_partial(self) -> Path:
        """Flush, close and rename to `<name>.partial` (on a failed flush: delete, and raise)."""
        return self._finish(self.partial_path)

    def _finish(self, final: Path) -> Path:
        try:
            self._close()
            os.replace(self.tmp, final)
        except BaseException:
            self.discard()
            raise
        return final

    def discard(self) -> None:
        """Close and delete the temporary file, even when flushing it fails (a full disk)."""
        try:
            try:
                self.stream.close()
            except (OSError, ValueError):
                # Closing flushes first; when that fails the buffer is dropped and the file
                # closed anyway, so that the unlink below always runs.
                self._raw.close()
        finally:
            self.tmp.unlink(missing_ok=True)

    def __enter__(self) -> IO[Any]:
        return self.stream

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if exc_type is None:
            self.commit()
        else:
            self.discard()

    def _close(self) -> None:
        if not self.stream.closed:
            self.stream.flush()
            os.fsync(self._raw.fileno())
            size = os.fstat(self._raw.fileno()).st_size
            if size != self._raw.written:
                raise OSError(
                    errno.EIO,
                    f"short write: {size:,} of {self._raw.written:,} bytes reached {self.tmp}",
                )
            self.stream.close()


class OutputBusyError(ClaimxError):
    """Another run holds the lock on this output."""

    exit_code = ExitCode.USAGE


class OutputLock:
    """An exclusive lock (`fcntl.flock`) on an output, held for one run.

    For a file it is taken on `.<name>.lock` beside it (the output itself only appears at the
    end, renamed into place, so it cannot carry the lock); for a folder (the Dask engine's
    output) on `<folder>/.claimx.lock`. Hidden names: folder walks skip them. A second run on
    the same output fails at once with `OutputBusyError`. The lock file is removed on release;
    a run that finds it removed under it (a race with a release) takes the new one. Where
    `fcntl` does not exist (Windows) there is no lock.
    """

    def __init__(self, target: str | os.PathLike[str], *, folder: bool = False) -> None:
        target = Path(target)
        self.target = target
        self.path = target / ".claimx.lock" if folder else target.with_name(f".{target.name}.lock")
        self._fd: int | None = None

    def acquire(self) -> OutputLock:
        """Take the lock, or raise `OutputBusyError` naming the output."""
        try:
            import fcntl
        except ImportError:  # pragma: no cover - not POSIX
            return self
        while True:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o666)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                os.close(fd)
                raise OutputBusyError(
                    f"{self.target} is being written by another claimx run; wait for it to "
                    "finish or choose another output"
                ) from None
            try:
                same = os.stat(self.path).st_ino == os.fstat(fd).st_ino
            except FileNotFoundError:
                same = False
            if same:
                self._fd = fd
                return self
            os.close(fd)  # released and removed while we waited: lock the new file

    def release(self) -> None:
        """Remove the lock file and release the lock."""
        if self._fd is None:
            return
        try:
            self.path.unlink(missing_ok=True)
        finally:
            os.close(self._fd)
            self._fd = None

    def __enter__(self) -> OutputLock:
        return self.acquire()

    def __exit__(self, *exc: object) -> None:
        self.release()


def is_url(path: str) -> bool:
    """Whether `path` is an fsspec URL (`s3://...`) rather than a local path."""
    return "://" in path and not path.startswith("file://")


@contextlib.contextmanager
def open_atomic(url: str) -> Iterator[IO[bytes]]:
    """Open a local path or an fsspec URL for binary writing; it appears complete or not at all.

    Local paths (and `file://` URLs) go through `AtomicFile`; object stores publish an object
    only when its upload completes, so a URL is opened as it is.
    """
    if is_url(url):
        import fsspec

        with fsspec.open(url, "wb") as handle:
            yield handle
        return
    target = Path(url.removeprefix("file://"))
    target.parent.mkdir(parents=True, exist_ok=True)
    with AtomicFile(target, binary=True) as handle:
        yield handle


class OutputTarget:
    """Where `claimx extract` writes: stdout (`None` or `-`), a device or FIFO written directly
    (`/dev/null`), or a regular file written through `AtomicFile`, under an `OutputLock`
    (raises `OutputBusyError` when another run writes it). A symlink is written through: the
    file it points to is replaced, the link stays."""

    def __init__(self, output: str | None) -> None:
        self.atomic: AtomicFile | None = None
        self._direct: TextIO | None = None
        self._lock: OutputLock | None = None
        if output is not None and output != "-" and os.path.islink(output):
            output = os.path.realpath(output)
        if output is None or output == "-":
            self.stream: TextIO = sys.stdout
        elif not os.path.exists(output) or os.path.isfile(output):
            self._lock = OutputLock(output).acquire()
            try:
                self.atomic = AtomicFile(output)
            except BaseException:
                self._release()
                raise
            self.stream = cast(TextIO, self.atomic.stream)
        else:
            self._direct = open(output, "w", encoding="utf-8")  # noqa: SIM115 - closed in complete/failed
            self.stream = self._direct

    def complete(self) -> None:
        """The run finished: put the file in place (raises OSError when the last bytes cannot
        be written; then nothing is left behind)."""
        try:
            if self.atomic:
                self.atomic.commit()
            else:
                self.stream.flush()
                if self._direct:
                    self._direct.close()
        finally:
            self._release()

    def interrupted(self) -> Path | None:
        """The run was interrupted: keep what is done (as `<file>.partial`, returned)."""
        try:
            if self.atomic:
                return self.atomic.keep_partial()
            try:
                self.stream.flush()
            finally:
                if self._direct:
                    self._direct.close()
            return None
        finally:
            self._release()

    def failed(self) -> None:
        """The run crashed: leave nothing under the final name (nor a temporary file)."""
        try:
            if self.atomic:
                self.atomic.discard()
            elif self._direct:
                with contextlib.suppress(OSError):
                    self._direct.close()
        finally:
            self._release()

    def _release(self) -> None:
        if self._lock is not None:
            self._lock.release()
            self._lock = None
