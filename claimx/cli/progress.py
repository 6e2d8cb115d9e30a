"""The one progress helper of the CLI: counts what a run did, and shows a bar on a terminal.

`extract` (local and Dask), `report` and `eval` all count through `RunProgress`. The bar is
drawn on stderr only when stderr is a terminal, and never redirects stdout or stderr (Rich's
`Progress` does by default), so stdout stays pure data. `summary()` is the one line a run ends
with.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator
from types import TracebackType
from typing import TYPE_CHECKING

from rich.console import Console
from rich.progress import Progress, TaskID

if TYPE_CHECKING:
    from claimx.engines.serial import Outcome
    from claimx.schema import DocumentRecord, ErrorInfo


class RunProgress:
    """Counts files, claims and failures; shows a Rich progress bar on stderr on a terminal.

    `label` names the work on the bar ("extracting", "report", "scoring"). With
    `report_errors`, each failed article prints one `Error:` line as it is counted.
    """

    def __init__(
        self,
        *,
        total: int | None = None,
        show: bool | None = None,
        label: str = "extracting",
        report_errors: bool = True,
    ) -> None:
        self.console = Console(stderr=True)
        self.show = self.console.is_terminal if show is None else show
        self.total = total
        self.label = label
        self.report_errors = report_errors
        self.files = 0
        self.claims = 0
        self.failed = 0
        self._clock = time.perf_counter
        self.started = self._clock()
        self._progress: Progress | None = None
        self._task: TaskID | None = None

    def __enter__(self) -> RunProgress:
        if self.show:
            from rich.progress import (
                BarColumn,
                MofNCompleteColumn,
                SpinnerColumn,
                TextColumn,
                TimeElapsedColumn,
                TimeRemainingColumn,
            )

            self._progress = Progress(
                SpinnerColumn(),
                TextColumn(self.label),
                BarColumn(),
                MofNCompleteColumn() if self.total else TextColumn("{task.completed} files"),
                TextColumn("{task.fields[claims]} claims"),
                TextColumn("{task.fields[rate]} articles/s"),
                TimeRemainingColumn() if self.total else TimeElapsedColumn(),
                console=self.console,
                redirect_stdout=False,
                redirect_stderr=False,
                transient=True,
            )
            self._progress.start()
            self._task = self._progress.add_task(self.label, total=self.total, claims=0, rate="-")
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._progress is not None:
            self._progress.stop()
            self._progress = None

    def add(self, outcome: Outcome) -> None:
        """Count one finished article from its outcome (see `count`)."""
        self.count(outcome.claims, outcome.error)

    def count(self, claims: int, error: ErrorInfo | None) -> None:
        """Count one finished article; report its error as one `Error:` line."""
        self.files += 1
        self.claims += claims
        if error is not None:
            self.failed += 1
            if self.report_errors:
                from claimx.outputs.neutral import for_terminal

                self.console.print(
                    f"Error: {for_terminal(error.message)}",
                    markup=False,
                    highlight=False,
                    soft_wrap=True,
                )
        if self._progress is not None and self._task is not None:
            elapsed = self._clock() - self.started
            rate = f"{self.files / elapsed:.1f}" if elapsed > 0 else "-"
            self._progress.update(self._task, completed=self.files, claims=self.claims, rate=rate)

    def track(self, records: Iterable[DocumentRecord]) -> Iterator[DocumentRecord]:
        """Yield `records`, counting each as it passes."""
        for record in records:
            self.count(len(record.claims), record.error)
            yield record

    @property
    def seconds(self) -> float:
        """Seconds since the progress started."""
        return self._clock() - self.started

    def summary(self, *, interrupted: bool = False) -> str:
        """`N files, N claims, N failed, S s (R files/s)`, plus `interrupted` when it was."""
        secs = self.seconds
        rate = self.files / secs if secs > 0 else 0.0
        files = "file" if self.files == 1 else "files"
        line = (
            f"{self.files} {files}, {self.claims} claims, {self.failed} failed, "
            f"{secs:.1f} s ({rate:.1f} files/s)"
        )
        return f"{line}, interrupted" if interrupted else line
