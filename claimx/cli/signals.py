"""SIGTERM and SIGHUP handled as Ctrl-C is: the run stops, keeps what it finished, and exits.

`timeout`, systemd and `docker stop` send SIGTERM, a closed terminal sends SIGHUP. Python's
default for both is to die at once, leaving a temporary file and no `.partial`; here each
raises `claimx.errors.Terminated` (a `KeyboardInterrupt`) in the main thread, so the one
interruption path of each command runs, and the exit code says which signal it was (143,
129). Worker processes put the defaults back (`claimx.engines.processes`): the parent alone
decides what to keep, and stops them.
"""

from __future__ import annotations

import contextlib
import signal
from collections.abc import Iterator
from types import FrameType

from claimx.errors import Terminated

SIGNALS = tuple(getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name))


def _raise(signum: int, frame: FrameType | None) -> None:
    raise Terminated(signum)


@contextlib.contextmanager
def stop_like_interrupt() -> Iterator[None]:
    """Within the block, SIGTERM and SIGHUP raise `Terminated`; the old handlers come back
    after it (a no-op outside the main thread, where handlers cannot be set)."""
    previous = {}
    try:
        for sig in SIGNALS:
            previous[sig] = signal.signal(sig, _raise)
    except ValueError:  # not the main thread (a test runner's worker thread)
        pass
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
