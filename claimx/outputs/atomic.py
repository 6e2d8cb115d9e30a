"""The one atomic writer: a file appears under its final name complete, or not at all.

Every output claimx writes to a named file goes through `AtomicFile`: `claimx extract -o`, the
HTML report, and the Dask engine's shards. It writes to a temporary file in the same folder
(`.<name>.<random>.tmp`) and renames it into place (atomic on POSIX: a reader sees the old
file or the whole new one). `OutputTarget` picks stdout, a device, or an `AtomicFile` for `-o`.
"""

from __future__ import annotations

import contextlib
import os
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from types import TracebackType
from typing import IO, Any, TextIO, cast

TMP_SUFFIX = ".tmp"


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
        self.stream: IO[Any] = (
            os.fdopen(fd, "wb") if binary else os.fdopen(fd, "w", encoding="utf-8", newline="\n")
        )

    @property
    def partial_path(self) -> Path:
        """Where `keep_partial` puts an interrupted run's output."""
        return self.path.with_name(self.path.name + ".partial")

    def commit(self) -> Path:
        """Flush, close and rename to the final name."""
        self._close()
        os.replace(self.tmp, self.path)
        return self.path

    def keep_partial(self) -> Path:
        """Flush, close and rename to `<name>.partial`."""
        self._close()
        os.replace(self.tmp, self.partial_path)
        return self.partial_path

    def discard(self) -> None:
        """Close and delete the temporary file."""
        try:
            self._close()
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
            os.fsync(self.stream.fileno())
            self.stream.close()


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
    (`/dev/null`), or a regular file written through `AtomicFile`."""

    def __init__(self, output: str | None) -> None:
        self.atomic: AtomicFile | None = None
        self._direct: TextIO | None = None
        if output is None or output == "-":
            self.stream: TextIO = sys.stdout
        elif not os.path.exists(output) or os.path.isfile(output):
            self.atomic = AtomicFile(output)
            self.stream = cast(TextIO, self.atomic.stream)
        else:
            self._direct = open(output, "w", encoding="utf-8")  # noqa: SIM115 - closed in complete/failed
            self.stream = self._direct

    def complete(self) -> None:
        """The run finished: put the file in place."""
        self.stream.flush()
        if self.atomic:
            self.atomic.commit()
        elif self._direct:
            self._direct.close()

    def interrupted(self) -> Path | None:
        """The run was interrupted: keep what is done (as `<file>.partial`, returned)."""
        if self.atomic:
            return self.atomic.keep_partial()
        try:
            self.stream.flush()
        finally:
            if self._direct:
                self._direct.close()
        return None

    def failed(self) -> None:
        """The run crashed: leave nothing under the final name."""
        if self.atomic:
            self.atomic.discard()
        elif self._direct:
            self._direct.close()
