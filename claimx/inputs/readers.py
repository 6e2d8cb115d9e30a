"""Reading inputs: paths, folders, stdin and JSON Lines into `ArticleInput`s.

Every input yields exactly one `ArticleInput`, in order; one that cannot be read carries an
`ErrorInfo` instead of text, so it becomes an error record and the batch goes on.

Error types (`ErrorInfo.type`), each with a one-line message starting with the path:

- `not_found`: no such file (including one that vanished between listing and reading);
- `unreadable`: permission denied, a dangling symlink, a symlink loop, a directory given where a
  file was expected, a socket or device, or any other operating-system error;
- `binary`: the bytes are not text (an image, a PDF, an archive, random bytes);
- `too_large`: longer than `max_chars` characters (checked from the file size before reading);
- `invalid`: a JSON Lines line that is not an article object.

Folders are walked lazily with `os.scandir`, one directory at a time (names sorted within it),
so a folder of 100,000 files is never held as a list of paths. Under `recursive`, symlinked
directories are followed once each: a symlink loop is visited once, not forever.

A folder walk takes only text-like files (`TEXT_SUFFIXES`: `.txt`, `.text`, `.html`, `.htm`,
`.jsonl`, and names without an extension) unless `glob` says which to take; hidden files
(claimx's own temporary files among them) are skipped, and so is whatever `exclude` names
(the run's own output, so that it is never read back as input).
"""

from __future__ import annotations

import errno
import json
import os
import stat
import sys
from collections.abc import Collection, Iterable, Iterator
from fnmatch import fnmatchcase
from pathlib import Path, PurePosixPath
from typing import BinaryIO

from claimx.inputs.article import ArticleInput, safe_path
from claimx.schema import ErrorInfo

# Generous: a long feature is ~50k characters; this only stops pathological inputs (a log file,
# a database dump) before they exhaust memory.
DEFAULT_MAX_CHARS = 50_000_000

# No encoding spends more than 4 bytes on a character (UTF-8's maximum, UTF-32's constant), so a
# file of more than 4 * max_chars bytes is too long without reading it.
MAX_BYTES_PER_CHAR = 4

STDIN_NAME = "<stdin>"

# What a folder walk takes without `--glob`: files articles come in. A folder of news also
# holds notes, JSON records, spreadsheets and claimx's own `.partial` outputs, none of them
# articles.
TEXT_SUFFIXES = frozenset({".txt", ".text", ".html", ".htm", ".jsonl", ""})


def read_path(
    path: str, *, input_format: str = "auto", max_chars: int = DEFAULT_MAX_CHARS
) -> ArticleInput:
    """Read one file into an ArticleInput: text decoded (HTML reduced to its article text),
    or an `error` saying why it could not be read. Never raises for a bad file.

    `input_format` is `auto` (HTML by extension or content, else text), `text` or `html`.
    The record's path is `safe_path(path)`: a file name that is not valid UTF-8 shows its
    bytes backslash-escaped.
    """
    try:
        st = os.stat(path)
    except OSError as exc:
        return _os_error(path, exc)
    if stat.S_ISDIR(st.st_mode):
        return _error(path, "unreadable", "is a directory, not a file")
    if stat.S_ISSOCK(st.st_mode) or stat.S_ISBLK(st.st_mode):
        return _error(path, "unreadable", "not a regular file")
    limit = max_chars * MAX_BYTES_PER_CHAR
    if stat.S_ISREG(st.st_mode) and st.st_size > limit:
        return _too_large(path, f"{st.st_size:,} bytes", max_chars)
    try:
        with open(path, "rb") as fh:
            # Pipes and devices (`<(cmd)`, /dev/stdin) report no size, and files can grow while
            # read: the read itself is capped too.
            data = fh.read(limit + 1)
    except OSError as exc:
        return _os_error(path, exc)
    if len(data) > limit:
        return _too_large(path, f"more than {limit:,} bytes", max_chars)
    return article_from_bytes(
        data, path=safe_path(path), input_format=input_format, max_chars=max_chars
    )


def article_from_bytes(
    data: bytes,
    *,
    path: str | None,
    input_format: str = "auto",
    max_chars: int = DEFAULT_MAX_CHARS,
) -> ArticleInput:
    """Decode `data` (a file's or stdin's bytes) into an ArticleInput; `path` None is stdin."""
    from claimx.inputs.decoding import BinaryInputError, decode
    from claimx.inputs.webpages import (
        HTML_SUFFIXES,
        declared_charset,
        html_to_article,
        looks_like_html,
    )

    shown = path if path is not None else STDIN_NAME
    try:
        decoded = decode(data)
    except BinaryInputError as exc:
        return _error(path, "binary", exc.message, shown=shown)
    text, encoding = decoded.text, decoded.encoding
    if len(text) > max_chars:
        return _too_large(path, f"{len(text):,} characters", max_chars, shown=shown)

    is_html = input_format == "html" or (
        input_format == "auto"
        and ((path is not None and path.lower().endswith(HTML_SUFFIXES)) or looks_like_html(text))
    )
    if not is_html:
        return ArticleInput(text=text, path=path, encoding=encoding)
    if not encoding.startswith("utf"):
        # A legacy-encoded page says what it is better than a detector can guess.
        declared = declared_charset(data)
        if declared and declared != encoding:
            text, encoding = data.decode(declared, errors="replace"), declared
    page = html_to_article(text)
    return ArticleInput(
        text=page.text,
        path=path,
        encoding=encoding,
        title=page.title,
        byline=page.byline,
        published=page.published,
        publication=page.publication,
        url=page.url,
    )


def iter_articles(
    inputs: Iterable[str],
    *,
    recursive: bool = False,
    glob: str | None = None,
    from_list: str | None = None,
    input_format: str = "auto",
    max_chars: int = DEFAULT_MAX_CHARS,
    stdin: BinaryIO | None = None,
    exclude: Iterable[str] = (),
) -> Iterator[ArticleInput]:
    """Yield one ArticleInput per input, lazily and in order.

    `inputs` are file paths, folders (their files; `recursive` descends, `glob` filters) and
    `-` for standard input (plain text or HTML, or JSON Lines of articles with
    `input_format="jsonl"`). `from_list` names a file of paths, one a line (`-` for stdin).
    Files ending in `.jsonl` are read as JSON Lines (one article a line) under `auto`.
    Folder walks skip the paths in `exclude` (see `expand`).
    """
    for given, problem in expand(
        inputs, recursive=recursive, glob=glob, from_list=from_list, stdin=stdin, exclude=exclude
    ):
        if problem is not None:
            yield problem
            continue
        if given == "-":
            stream = stdin or sys.stdin.buffer
            if input_format == "jsonl":
                yield from iter_jsonl(stream, source=STDIN_NAME, max_chars=max_chars)
                continue
            limit = max_chars * MAX_BYTES_PER_CHAR
            data = stream.read(limit + 1)
            if len(data) > limit:
                yield _too_large(None, f"more than {limit:,} bytes", max_chars, shown=STDIN_NAME)
                continue
            yield article_from_bytes(
                data, path=None, input_format=input_format, max_chars=max_chars
            )
            continue
        if input_format == "jsonl" or (input_format == "auto" and given.endswith(".jsonl")):
            try:
                with open(given, "rb") as fh:
                    yield from iter_jsonl(fh, source=given, max_chars=max_chars)
            except OSError as exc:
                yield _os_error(given, exc)
            continue
        yield read_path(given, input_format=input_format, max_chars=max_chars)


def expand_paths(
    inputs: Iterable[str],
    *,
    recursive: bool = False,
    glob: str | None = None,
    from_list: str | None = None,
    stdin: BinaryIO | None = None,
    exclude: Iterable[str] = (),
) -> Iterator[str]:
    """The input paths, lazily: folders become their files (sorted; `recursive` descends,
    `glob` filters names; hidden files skipped), `from_list` adds its lines, `-` stays `-`.

    A path that does not exist is yielded as given, so it becomes an error record in its place;
    so are unlistable folders and dangling symlinks found in a folder.
    """
    for given, problem in expand(
        inputs, recursive=recursive, glob=glob, from_list=from_list, stdin=stdin, exclude=exclude
    ):
        yield problem.path if problem is not None and problem.path is not None else given


def expand(
    inputs: Iterable[str],
    *,
    recursive: bool,
    glob: str | None,
    from_list: str | None,
    stdin: BinaryIO | None,
    exclude: Iterable[str] = (),
) -> Iterator[tuple[str, ArticleInput | None]]:
    """(path, None) for each path to read, or (path, error input) for one known to be bad.

    Folder walks leave out the files and folders `exclude` names (compared by real path);
    paths given one by one are read as given.
    """
    skip = {os.path.realpath(p) for p in exclude}
    sources: Iterable[str | ArticleInput] = inputs
    if from_list is not None:
        sources = _chain_list(inputs, from_list, stdin)
    for given in sources:
        if isinstance(given, ArticleInput):  # the list itself could not be read
            yield given.path or from_list or "", given
        elif given != "-" and os.path.isdir(given):
            yield from _walk(
                given, recursive=recursive, glob=glob, visited=set(), root=given, skip=skip
            )
        elif isinstance(given, _Listed):
            # A FIFO named in a list would block the run forever waiting for a writer; named
            # on the command line (`<(cmd)`) it is what the user meant, and is read.
            yield given, _special_file(given)
        else:
            yield given, None


class _Listed(str):
    """A path read from `--from-list` (not typed by the user)."""


def _chain_list(
    inputs: Iterable[str], from_list: str, stdin: BinaryIO | None
) -> Iterator[str | ArticleInput]:
    yield from inputs
    try:
        yield from map(_Listed, list_lines(from_list, stdin))
    except OSError as exc:
        yield _os_error(from_list, exc, what="cannot read the list of inputs: ")


def list_lines(from_list: str, stdin: BinaryIO | None) -> Iterator[str]:
    """The paths listed in `from_list` (`-`: stdin), lazily; blank lines and `#` comments skipped."""
    if from_list == "-":
        yield from _clean_lines(
            raw.decode("utf-8", errors="replace") for raw in (stdin or sys.stdin.buffer)
        )
        return
    with open(from_list, encoding="utf-8", errors="replace") as fh:
        yield from _clean_lines(fh)


def _clean_lines(lines: Iterable[str]) -> Iterator[str]:
    for line in lines:
        line = line.strip()
        if line and not line.startswith("#"):
            yield line


def _walk(
    folder: str,
    *,
    recursive: bool,
    glob: str | None,
    visited: set[tuple[int, int]],
    root: str,
    skip: Collection[str] = (),
) -> Iterator[tuple[str, ArticleInput | None]]:
    """The files of `folder` in name order, descending depth-first under `recursive`.

    Without `glob`, only names with a `TEXT_SUFFIXES` extension are taken; paths whose real
    path is in `skip` (the run's own output) are left out.

    Only one directory's names are held at a time. Directories are identified by (device,
    inode), so one reached again through a symlink (a loop, or two links to one place) is
    skipped. Dangling symlinks, unlistable folders and special files (FIFOs, sockets, devices,
    which would block or make no sense to read) come back as error inputs, one each.
    """
    try:
        st = os.stat(folder)
        key = (st.st_dev, st.st_ino)
        if key in visited:
            return
        visited.add(key)
        with os.scandir(folder) as it:
            # Names and the type bits the directory listing already gives; no stat per file here.
            entries = sorted(
                (
                    entry.name,
                    entry.is_symlink(),
                    entry.is_dir(follow_symlinks=False),
                    entry.is_file(follow_symlinks=False),
                )
                for entry in it
                if not entry.name.startswith(".")
            )
    except OSError as exc:
        yield folder, _os_error(folder, exc, what="cannot list folder: ")
        return
    skip_names = {os.path.basename(p) for p in skip}
    for name, is_link, is_dir, is_file in entries:
        path = os.path.join(folder, name)
        # Names first: a real path per file would cost a system call or more per file.
        if skip and name in skip_names and os.path.realpath(path) in skip:
            continue
        if is_link:
            try:
                is_dir = stat.S_ISDIR(os.stat(path).st_mode)
            except OSError:
                is_dir = False  # dangling or looping: reported by read_path if the glob wants it
        if is_dir:
            if recursive:
                yield from _walk(
                    path, recursive=True, glob=glob, visited=visited, root=root, skip=skip
                )
            continue
        if glob is None:
            if os.path.splitext(name)[1].lower() not in TEXT_SUFFIXES:
                continue
        elif not _glob_match(path, root, glob):
            continue
        yield path, None if is_file else _special_file(path)


def _glob_match(path: str, root: str, glob: str) -> bool:
    """`glob` against the file name, or against the path below `root` when it has a `/`."""
    if "/" not in glob:
        return fnmatchcase(os.path.basename(path), glob)
    return PurePosixPath(Path(os.path.relpath(path, root)).as_posix()).match(glob)


def _special_file(path: str) -> ArticleInput | None:
    """An error input for a FIFO, socket or device found in a folder; None for anything else."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return None  # read_path reports it (dangling symlink, vanished, loop)
    if stat.S_ISREG(mode) or stat.S_ISDIR(mode):
        return None
    return _error(path, "unreadable", "not a regular file")


def iter_jsonl(
    stream: BinaryIO, *, source: str, max_chars: int = DEFAULT_MAX_CHARS
) -> Iterator[ArticleInput]:
    """One ArticleInput per non-blank line of JSON Lines articles (`{"id", "text", "title", ...}`).

    Known keys fill the document; any other key goes to `meta`, so no metadata is lost. A line
    that is not a JSON object becomes an error record in its place, as does a text longer than
    `max_chars`.
    """
    from claimx.inputs.article import as_input

    source = safe_path(source)
    for n, raw in enumerate(stream, 1):
        if not raw.strip():
            continue
        where = f"{source}:{n}"
        try:
            obj = json.loads(raw)
            if not isinstance(obj, dict):
                yield _invalid(where, "not a JSON object")
                continue
            art = as_input(obj)
        except ValueError as exc:
            yield _invalid(where, f"not JSON ({exc})")
            continue
        except Exception as exc:  # noqa: BLE001 - e.g. RecursionError on 100,000 `[`: one line fails
            yield _invalid(where, f"cannot be read ({type(exc).__name__})")
            continue
        if art.error is not None:
            art.error = ErrorInfo(type=art.error.type, message=f"{where}: {art.error.message}")
        elif art.text is None:
            art.error = ErrorInfo(type="invalid", message=f"{where}: no 'text'")
        elif len(art.text) > max_chars:
            art.error = ErrorInfo(
                type="too_large",
                message=f"{where}: too large ({len(art.text):,} characters; the limit, --max-chars, is {max_chars:,})",
            )
            art.text = None
        if source != STDIN_NAME:  # stdin has no path; a file's line locates the article
            if art.path is None:
                art.path = where
            elif art.path != where:
                # The line names its own path, which wins (it is the article's); where it was
                # read is kept, not silently lost.
                art.meta = {**art.meta, "read_from": where}
        yield art


# -- errors ----------------------------------------------------------------------------------


def _invalid(where: str, what: str) -> ArticleInput:
    return ArticleInput(
        text=None, path=where, error=ErrorInfo(type="invalid", message=f"{where}: {what}")
    )


def _error(path: str | None, type_: str, what: str, *, shown: str | None = None) -> ArticleInput:
    path = None if path is None else safe_path(path)
    shown = safe_path(shown) if shown else path or STDIN_NAME
    return ArticleInput(
        text=None, path=path, error=ErrorInfo(type=type_, message=f"{shown}: {what}")
    )


def _too_large(
    path: str | None, size: str, max_chars: int, *, shown: str | None = None
) -> ArticleInput:
    return _error(
        path,
        "too_large",
        f"too large ({size}; the limit, --max-chars, is {max_chars:,} characters)",
        shown=shown,
    )


def _os_error(path: str, exc: OSError, *, what: str = "") -> ArticleInput:
    """An error input for an OSError, worded for people (never a traceback)."""
    if isinstance(exc, FileNotFoundError):
        if os.path.islink(path):
            return _error(path, "unreadable", f"{what}dangling symlink (its target does not exist)")
        return _error(path, "not_found", f"{what}no such file")
    if isinstance(exc, PermissionError):
        return _error(path, "unreadable", f"{what}permission denied")
    if isinstance(exc, IsADirectoryError):
        return _error(path, "unreadable", f"{what}is a directory, not a file")
    if exc.errno == errno.ELOOP:
        return _error(path, "unreadable", f"{what}symlink loop")
    reason = exc.strerror or str(exc) or type(exc).__name__
    return _error(path, "unreadable", f"{what}{reason[:1].lower()}{reason[1:]}")
