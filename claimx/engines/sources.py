"""The Dask engine's inputs: listed on the client (names only), read on the workers.

Local paths are read with `claimx.inputs.readers`, exactly as `claimx extract` reads them;
fsspec URLs (`s3://bucket/news/`) through fsspec, then decoded the same way.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from typing import Any

from claimx.inputs.article import ArticleInput, as_input
from claimx.outputs.atomic import is_url
from claimx.schema import ErrorInfo

_GLOB_CHARS = "*?["

# A source is ("file", path) for one article or ("jsonl", path) for a JSON Lines file of them
# (paths or fsspec URLs). `list_sources` also gives an `ArticleInput` carrying its error for an
# input the listing already found bad, exactly where the CLI would report it.
Source = tuple[str, str]


# -- listing inputs (on the client) ----------------------------------------------------------
def _kind(path: str, input_format: str) -> str:
    # As `claimx.inputs.readers.iter_articles` decides: by `--input-format`, else by the `.jsonl` suffix.
    if input_format == "jsonl" or (input_format == "auto" and path.endswith(".jsonl")):
        return "jsonl"
    return "file"


def list_sources(
    inputs: Iterable[str],
    *,
    recursive: bool = False,
    glob: str | None = None,
    from_list: str | None = None,
    input_format: str = "auto",
    exclude: Iterable[str] = (),
) -> list[Source | ArticleInput]:
    """Expand `inputs` (files, folders, `from_list`, fsspec URLs and globs) into sources, in order.

    Only names are listed, nothing is read. Local inputs are expanded by the CLI's own code
    (`claimx.inputs.readers`), so the same files come in the same order, and an input already known
    to be bad (an unlistable folder, a FIFO in a folder) comes back as its error `ArticleInput`,
    as in the CLI. A JSON Lines file is one source of many articles. A path that does not
    exist is kept, so it becomes an error record, as in the CLI. Folder walks leave out
    `exclude` (the run's own output folder).
    """
    from claimx.inputs.readers import expand as expand_local

    sources: list[Source | ArticleInput] = []
    local: list[str] = []

    def flush() -> None:
        for path, problem in expand_local(
            local, recursive=recursive, glob=glob, from_list=None, stdin=None, exclude=exclude
        ):
            sources.append(problem if problem is not None else (_kind(path, input_format), path))
        local.clear()

    listed = list(inputs)
    if from_list is not None:
        from claimx.inputs.readers import list_lines

        try:
            listed += list(list_lines(from_list, None))
        except OSError as exc:
            raise ValueError(
                f"cannot read the list of inputs {from_list}: {exc.strerror or exc}"
            ) from None
    for given in listed:
        if given == "-":
            raise ValueError("the dask engine reads files, not standard input")
        if is_url(given):
            flush()
            sources.extend(
                (_kind(url, input_format), url)
                for url in _expand_url(given, recursive=recursive, glob=glob)
            )
        elif any(c in given for c in _GLOB_CHARS) and not os.path.exists(given):
            # A pattern the shell did not expand (quoted, or too many files for a command line).
            import glob as globmod

            local.extend(sorted(globmod.glob(given, recursive=recursive)))
        else:
            local.append(given)
    flush()
    return sources


def _expand_url(url: str, *, recursive: bool, glob: str | None) -> list[str]:
    import fsspec

    fs, path = fsspec.core.url_to_fs(url)
    if any(c in path for c in _GLOB_CHARS):
        found = fs.glob(path)
    elif fs.isdir(path):
        found = (
            fs.find(path) if recursive else [p for p in fs.ls(path, detail=False) if fs.isfile(p)]
        )
        found = [p for p in found if not p.rsplit("/", 1)[-1].startswith(".")]
        if glob:
            import fnmatch

            found = [p for p in found if fnmatch.fnmatchcase(p.rsplit("/", 1)[-1], glob)]
    else:
        return [url]
    return sorted(fs.unstrip_protocol(p) for p in found)


def _read_url(url: str, options: dict[str, Any]) -> Iterator[ArticleInput]:
    """Read a remote file through fsspec and decode it exactly as a local one."""
    import io

    import fsspec

    from claimx.inputs.readers import article_from_bytes, iter_jsonl

    kwargs = _reader_kwargs(options)
    try:
        with fsspec.open(url, "rb") as remote:
            data = remote.read()
    except Exception as exc:  # noqa: BLE001 - any filesystem failure is this input's error
        yield ArticleInput(
            text=None, path=url, error=ErrorInfo(type="unreadable", message=f"{url}: {exc}")
        )
        return
    if _kind(url, kwargs["input_format"]) == "jsonl":
        yield from iter_jsonl(
            io.BytesIO(data), source=url, **{k: v for k, v in kwargs.items() if k == "max_chars"}
        )
    else:
        yield article_from_bytes(data, path=url, **kwargs)


def _reader_kwargs(options: dict[str, Any], *, jsonl: bool = False) -> dict[str, Any]:
    kwargs: dict[str, Any] = {
        "input_format": "jsonl" if jsonl else options.get("input_format", "auto")
    }
    if options.get("max_chars") is not None:
        kwargs["max_chars"] = options["max_chars"]
    return kwargs


def read_sources(items: Iterable[Any], options: dict[str, Any]) -> Iterator[ArticleInput]:
    """Sources, paths, dicts or ArticleInputs -> ArticleInputs, with the CLI's overrides."""
    from claimx.inputs.readers import iter_articles, read_path

    for item in items:
        if isinstance(item, str):
            item = (_kind(item, options.get("input_format", "auto")), item)
        if isinstance(item, tuple):
            kind, path = item
            if is_url(path):
                arts: Iterable[ArticleInput] = _read_url(path, options)
            elif kind == "jsonl":
                arts = iter_articles([path], **_reader_kwargs(options, jsonl=True))
            else:
                arts = [read_path(path, **_reader_kwargs(options))]
        else:
            arts = [as_input(item)]
        for art in arts:
            art.publication = art.publication or options.get("publication")
            art.title = art.title or options.get("title")
            yield art


def reader_options(
    input_format: str,
    max_chars: int | None,
    publication: str | None,
    title: str | None,
    batch_size: int,
) -> dict[str, Any]:
    return {
        "input_format": input_format,
        "max_chars": max_chars,
        "publication": publication,
        "title": title,
        "batch_size": batch_size,
    }
