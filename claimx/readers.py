"""Reading inputs: paths, folders, stdin and JSON Lines into `ArticleInput`s.

Every input yields exactly one `ArticleInput`, in order; one that cannot be read carries an
`ErrorInfo` instead of text, so it becomes an error record and the batch goes on.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

from claimx.extractor import ArticleInput
from claimx.schema import ErrorInfo

DEFAULT_MAX_CHARS = 50_000_000


def read_path(path: str, *, input_format: str = "auto", max_chars: int = DEFAULT_MAX_CHARS) -> ArticleInput:
    """Read one file into an ArticleInput (text decoded; an error instead when unreadable)."""
    try:
        data = Path(path).read_bytes()
    except IsADirectoryError:
        return ArticleInput(text=None, path=path, error=ErrorInfo(type="unreadable", message=f"{path}: is a directory"))
    except OSError as exc:
        return ArticleInput(text=None, path=path, error=ErrorInfo(type="unreadable", message=f"{path}: {exc.strerror or exc}"))
    return ArticleInput(text=data.decode("utf-8", errors="replace"), path=path, encoding="utf-8")


def iter_articles(
    inputs: Iterable[str],
    *,
    recursive: bool = False,
    glob: str | None = None,
    from_list: str | None = None,
    input_format: str = "auto",
    max_chars: int = DEFAULT_MAX_CHARS,
    stdin: BinaryIO | None = None,
) -> Iterator[ArticleInput]:
    """Yield one ArticleInput per input, lazily and in order.

    `inputs` are file paths, folders (their files; `recursive` descends, `glob` filters) and
    `-` for standard input (plain text, or JSON Lines of articles with `input_format="jsonl"`).
    `from_list` names a file of paths, one a line (`-` for stdin).
    """
    for given in inputs:
        if given == "-":
            data = (stdin or sys.stdin.buffer).read()
            yield ArticleInput(text=data.decode("utf-8", errors="replace"), path=None, encoding="utf-8")
            continue
        yield read_path(given, input_format=input_format, max_chars=max_chars)
