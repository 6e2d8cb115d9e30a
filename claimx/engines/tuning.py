"""Process-wide settings for a long run of batches (the CLI and batch workers only)."""

from __future__ import annotations

import ctypes
import gc
import os
import signal
import sys


def settle_process() -> None:
    """Tune this process for a long run of batches: call once its extractor is loaded.

    - Every object alive now leaves the garbage collector's full passes: the loaded pipeline is
      a few hundred thousand long-lived objects that every full collection would walk again
      (about 50 ms each, several per thousand articles).
    - Memory freed by one batch is kept for the next (see `_keep_freed_memory`).

    Only a process that owns its lifetime (the CLI, a batch worker) calls this; a library
    constructor does not, since both settings are process-wide and would also reach the host
    application.
    """
    gc.collect()  # first, so that no garbage is frozen with the pipeline
    gc.freeze()
    _keep_freed_memory()


# glibc's mallopt parameters, and the values claimx sets.
_M_TRIM_THRESHOLD, _M_MMAP_THRESHOLD = -1, -3
_MMAP_THRESHOLD = 32 * 2**20  # glibc's own ceiling for its adaptive threshold on 64-bit
_TRIM_THRESHOLD = 256 * 2**20  # above one batch's working memory (about 150 MB at BATCH_TOKENS)


def _keep_freed_memory() -> None:
    """Stop glibc from handing each batch's memory back to the kernel only to fault it in again.

    A parsed batch holds about 150 MB that is freed when its claims are taken. By default
    glibc returns large freed blocks and the heap's free top to the kernel, and the next batch
    pays a page fault per 4 KB to get them back: about 100,000 faults and 3% of the CPU time
    per 150 articles, measured. Fixed thresholds keep that memory in the process instead; the
    peak stays that of one batch. A no-op where the C library has no `mallopt` (not glibc).
    """
    if not sys.platform.startswith("linux"):
        return
    try:
        mallopt = ctypes.CDLL(None).mallopt
    except (OSError, AttributeError):
        return
    mallopt.argtypes = [ctypes.c_int, ctypes.c_int]
    # Both at once: setting either one turns off glibc's adaptive mmap threshold.
    mallopt(_M_MMAP_THRESHOLD, _MMAP_THRESHOLD)
    mallopt(_M_TRIM_THRESHOLD, _TRIM_THRESHOLD)


_PR_SET_PDEATHSIG = 1  # from <sys/prctl.h>


def die_with_parent(parent_pid: int) -> None:
    """Make this worker process end when its parent does, however the parent ends.

    A parent that exits cleanly stops its workers itself; one killed with SIGKILL cannot, and
    its workers would run on over their queue. On Linux the kernel sends SIGKILL to this
    process when the parent dies (`prctl(PR_SET_PDEATHSIG)`); elsewhere a daemon thread polls
    the parent's pid once a second. A parent already gone by now ends this process at once.
    """
    if sys.platform.startswith("linux"):
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        except (OSError, AttributeError):
            _watch_parent(parent_pid)
    else:
        _watch_parent(parent_pid)
    if os.getppid() != parent_pid:  # the parent died before the request above took effect
        os._exit(1)


def _watch_parent(parent_pid: int) -> None:
    import threading
    import time

    def watch() -> None:
        while os.getppid() == parent_pid:
            time.sleep(1.0)
        os._exit(1)

    threading.Thread(target=watch, name="claimx-parent-watch", daemon=True).start()
