"""The writers: flat rows, CSV, TSV, flat JSON Lines, and their edge cases."""

from __future__ import annotations

import csv
import io
import json

import pytest
from record_factory import ARTICLE, article_record, empty_record, error_record

from claimx.outputs.rows import FLAT_COLUMNS, flat_rows
from claimx.outputs.writers import write_records
from claimx.schema import DocumentRecord


def _write(records, fmt, *, flat=False) -> tuple[str, list[DocumentRecord]]:
    out = io.StringIO()
    passed = list(write_records(records, fmt, out, flat=flat))
    return out.getvalue(), passed


def test_flat_rows_one_per_claim_with_document_fields():
    rows = flat_rows(article_record())
    assert [r["claim_index"] for r in rows] == [1, 2, 3]
    assert all(list(r) == list(FLAT_COLUMNS) for r in rows)
    assert {r["document_id"] for r in rows} == {"doc1"}
    assert {r["document_path"] for r in rows} == {"news/chip.txt"}
    first, second, third = rows
    assert first["claimant_name"] == "Analysts" and first["claimant_kind"] == "group"
    assert first["comparison_subject"] == "the new chip"
    assert first["comparison_relation"] == "faster than"
    assert first["comparison_object"] == "the A100"
    assert first["comparison_polarity"] == "better" and first["comparison_negated"] is False
    assert first["comparisons"] == 1
    assert second["claimant_role"] == "the firm's CTO" and second["claimant_text"] == "Dr. Lee"
    assert second["comparison_subject"] is None and second["comparisons"] == 0
    assert third["hedged"] is True and third["hedge"] == "may" and first["hedged"] is False
    assert third["cue"] == "according to"
    # Offsets index the article text.
    for row in rows:
        assert ARTICLE[row["content_start"] : row["content_end"]] == row["content"]
        assert ARTICLE[row["cue_start"] : row["cue_end"]] == row["cue"]
        assert ARTICLE[row["claimant_start"] : row["claimant_end"]] == row["claimant_text"]


@pytest.mark.parametrize("record", [empty_record(), error_record()], ids=["no-claims", "error"])
def test_document_without_claims_keeps_one_row(record):
    rows = flat_rows(record)
    assert len(rows) == 1
    row = rows[0]
    assert row["document_id"] == record.document.id
    claim_cols = FLAT_COLUMNS[FLAT_COLUMNS.index("claim_index") :]
    assert all(row[c] is None for c in claim_cols)
    assert row["error_type"] == (record.error.type if record.error else None)


def test_csv_header_once_and_round_trips():
    records = [article_record(), empty_record(), error_record()]
    text, passed = _write(records, "csv")
    assert passed == records  # the writer hands every record on, in order
    rows = list(csv.DictReader(io.StringIO(text)))
    assert text.count("document_id,document_path") == 1
    assert [r["document_id"] for r in rows] == ["doc1", "doc1", "doc1", "doc2", "doc3"]
    assert rows[0]["content"] == "the new chip is faster than the A100"
    assert rows[1]["content"] == "We are ahead,"  # a comma inside a field survives quoting
    assert rows[2]["hedged"] == "true" and rows[0]["hedged"] == "false"
    assert rows[3]["claim_id"] == "" and rows[4]["error_type"] == "unreadable"
    assert rows[0]["content_start"] == str(ARTICLE.index("the new chip"))


def test_csv_header_written_even_without_records():
    text, _ = _write([], "csv")
    assert text == ",".join(FLAT_COLUMNS) + "\n"


def test_tsv_rows_are_single_lines_with_escapes():
    rec = article_record()
    claim = rec.claims[1]
    odd = "tab\there\nnew line \\ backslash"
    rec.claims[1] = claim.model_copy(
        update={"claimant": claim.claimant.model_copy(update={"role": odd})}
    )
    text, _ = _write([rec, empty_record()], "tsv")
    lines = text.splitlines()
    assert len(lines) == 1 + 3 + 1
    assert lines[0].split("\t") == list(FLAT_COLUMNS)
    cells = [line.split("\t") for line in lines[1:]]
    assert all(len(c) == len(FLAT_COLUMNS) for c in cells)
    role = cells[1][FLAT_COLUMNS.index("claimant_role")]
    assert role == "tab\\there\\nnew line \\\\ backslash"


def test_flat_jsonl_one_claim_per_line_with_json_types():
    text, _ = _write([article_record(), error_record()], "jsonl", flat=True)
    objs = [json.loads(line) for line in text.splitlines()]
    assert len(objs) == 4
    assert all(list(o) == list(FLAT_COLUMNS) for o in objs)
    assert objs[0]["content_start"] == ARTICLE.index("the new chip")
    assert objs[2]["hedged"] is True
    assert objs[3]["claim_id"] is None and objs[3]["error_message"].startswith("news/missing.txt")


def test_plain_jsonl_is_still_whole_records():
    rec = article_record()
    text, _ = _write([rec], "jsonl")
    assert DocumentRecord.model_validate_json(text.strip()) == rec


def test_flat_rows_match_csv_columns_exactly():
    # csv, tsv and flat jsonl are views of flat_rows(): same columns, same values.
    rec = article_record()
    csv_rows = list(csv.DictReader(io.StringIO(_write([rec], "csv")[0])))
    jsonl_rows = [json.loads(x) for x in _write([rec], "jsonl", flat=True)[0].splitlines()]
    for c_row, j_row in zip(csv_rows, jsonl_rows, strict=True):
        for col in FLAT_COLUMNS:
            value = j_row[col]
            expected = (
                ""
                if value is None
                else ("true" if value is True else "false" if value is False else str(value))
            )
            assert c_row[col] == expected


@pytest.mark.parametrize("fmt", ["json", "table"])
def test_flat_with_unflattenable_format_fails_at_once(fmt):
    with pytest.raises(ValueError, match="--flat"):
        write_records([article_record()], fmt, io.StringIO(), flat=True)


def test_unknown_format_fails_at_once():
    with pytest.raises(ValueError, match="unknown output format"):
        write_records([], "xml", io.StringIO())


def test_writer_streams_each_record_before_the_next_is_read():
    out = io.StringIO()
    seen = []

    def records():
        yield article_record()
        seen.append(out.getvalue())
        yield empty_record()

    list(write_records(records(), "csv", out))
    assert seen[0].count("\n") == 4  # header + three claims were written before the next record
