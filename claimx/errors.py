"""Exit codes and the exceptions that map onto them.

Every error the CLI reports is one line, `Error: ...`; each exception type here carries
the exit code it ends the program with.
"""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    """Documented exit statuses of the `claimx` command."""

    OK = 0
    INPUT_FAILED = 1  # the run finished, but some inputs could not be processed
    USAGE = 2  # bad options or arguments (Typer/Click's own status)
    MODEL_MISSING = 3  # no spaCy pipeline could be loaded
    RULES_INVALID = 4  # a rule file (shipped in claimx/rules/data/ or --rules) is broken
    OUTPUT_FAILED = 5  # the output could not be written (disk full, I/O error)
    HANGUP = 129  # SIGHUP (128 + 1), after keeping what was done, as for Ctrl-C
    INTERRUPTED = 130  # Ctrl-C, after flushing what was done
    TERMINATED = 143  # SIGTERM (128 + 15: `timeout`, systemd, docker stop), as for Ctrl-C


class Terminated(KeyboardInterrupt):
    """SIGTERM or SIGHUP arrived: handled as Ctrl-C is (what is finished is kept), with the
    exit code of that signal (`exit_code`: 128 + its number)."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum
        self.exit_code = ExitCode(128 + signum)


def interrupt_exit_code(exc: KeyboardInterrupt) -> ExitCode:
    """The exit code for an interruption: 130 for Ctrl-C, 143 for SIGTERM, 129 for SIGHUP."""
    return exc.exit_code if isinstance(exc, Terminated) else ExitCode.INTERRUPTED


class ClaimxError(Exception):
    """Base class: a problem worth one line to the user."""

    exit_code: ExitCode = ExitCode.INPUT_FAILED


class ModelNotFoundError(ClaimxError):
    """No usable spaCy pipeline is installed or the named one cannot be loaded."""

    exit_code = ExitCode.MODEL_MISSING


class RuleFileError(ClaimxError):
    """A rule resource is malformed; the message names the file, the line and the problem."""

    exit_code = ExitCode.RULES_INVALID

    def __init__(self, path: str, line: int | None, problem: str) -> None:
        where = f"{path}:{line}" if line else path
        super().__init__(f"{where}: {problem}")
        self.path = path
        self.line = line
        self.problem = problem


class InputError(ClaimxError):
    """An input could not be read or decoded; it becomes an error record, not a crash."""

    exit_code = ExitCode.INPUT_FAILED

    def __init__(self, type_: str, message: str) -> None:
        super().__init__(message)
        self.type = type_
        self.message = message
