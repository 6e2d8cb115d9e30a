"""The record contract and the CLI contract: schema, offsets, exit codes, stdout purity."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

from claimx.schema import DocumentRecord, iter_spans, json_schema

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = sorted((ROOT / "samples").glob("*.txt"))
CORPUS = ROOT.parent / "shared" / "corpus"


def run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    """Run the installed CLI as a user would."""
    return subprocess.run(
        [sys.executable, "-m", "claimx", *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=ROOT,
    )


def assert_offsets(record: dict, text: str) -> int:
    """Assert every span of `record` is `text[start:end]`; return how many were checked."""
    n = 0
    for where, sp in iter_spans(record.get("claims", [])):
        assert text[sp["start"] : sp["end"]] == sp["text"], f"{where}: {sp} does not match the text"
        n += 1
    return n


@pytest.fixture(scope="module")
def validator():
    return jsonschema.Draft202012Validator(json_schema())


def test_schema_command_prints_the_record_schema():
    result = run("schema")
    assert result.returncode == 0
    schema = json.loads(result.stdout)
    assert schema["title"] == "claimx DocumentRecord"
    assert schema["additionalProperties"] is False
    assert set(schema["required"]) >= {"document"}
    jsonschema.Draft202012Validator.check_schema(schema)


def test_schema_forbids_unknown_fields(validator):
    record = DocumentRecord.model_validate(
        {"document": {"id": "x", "path": None, "chars": 0}, "claims": []}
    ).model_dump(mode="json")
    validator.validate(record)
    record["claimz"] = []
    with pytest.raises(jsonschema.ValidationError):
        validator.validate(record)


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda p: p.stem)
def test_sample_records_validate_and_point_at_their_text(sample, validator, extractor):
    text = sample.read_text(encoding="utf-8")
    record = extractor.extract(text, path=str(sample)).model_dump(mode="json")
    validator.validate(record)
    assert record["schema_version"] == "2.0"
    assert record["document"]["chars"] == len(text)
    assert record["claims"], "every sample has claims"
    assert assert_offsets(record, text) >= 3 * len(record["claims"])


def test_one_input_prints_one_json_record():
    result = run("extract", str(SAMPLES[0]))
    assert result.returncode == 0, result.stderr
    record = DocumentRecord.model_validate_json(result.stdout)
    assert record.document.path == str(SAMPLES[0])
    assert record.claims


def test_several_inputs_print_json_lines_in_order():
    result = run("extract", str(SAMPLES[1]), str(SAMPLES[0]))
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert [DocumentRecord.model_validate_json(line).document.path for line in lines] == [
        str(SAMPLES[1]),
        str(SAMPLES[0]),
    ]


def test_stdin_is_read_with_dash():
    text = SAMPLES[0].read_text(encoding="utf-8")
    result = run("extract", "-", stdin=text)
    assert result.returncode == 0, result.stderr
    record = DocumentRecord.model_validate_json(result.stdout)
    assert record.document.path is None
    assert record.document.chars == len(text)


def test_zero_claims_is_success():
    result = run("extract", "-", stdin="Hello.")
    assert result.returncode == 0
    assert DocumentRecord.model_validate_json(result.stdout).claims == []


def test_unreadable_file_is_one_error_line_and_a_record(tmp_path):
    missing = tmp_path / "nope.txt"
    result = run("extract", str(missing))
    assert result.returncode == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("Error:")]
    assert len(errors) == 1 and str(missing) in errors[0]
    assert "Traceback" not in result.stderr
    record = DocumentRecord.model_validate_json(result.stdout)
    assert record.error is not None and record.claims == []


def test_unknown_option_is_a_usage_error():
    result = run("extract", "--no-such-option", str(SAMPLES[0]))
    assert result.returncode == 2
    assert result.stdout == ""


def test_missing_model_is_one_line_naming_the_install_command():
    result = run("extract", "--model", "no_such_pipeline_xyz", str(SAMPLES[0]))
    assert result.returncode == 3
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: ")
    assert "pip install" in lines[0]
    assert result.stdout == ""


def test_table_format_keeps_stdout_for_the_table():
    result = run("extract", str(SAMPLES[0]), "--format", "table")
    assert result.returncode == 0
    assert "Claimant" in result.stdout


def test_version_names_claimx_spacy_pipeline_and_rules():
    result = run("--version")
    assert result.returncode == 0
    out = result.stdout
    assert out.startswith("claimx ")
    for word in ("spaCy", "pipeline", "rules"):
        assert word in out


@pytest.mark.corpus
@pytest.mark.slow
def test_offsets_hold_over_polnear_dev_and_wikinews(extractor, validator):
    dev = CORPUS / "polnear" / "dev.jsonl"
    wiki = CORPUS / "wikinews"
    if not dev.exists() or not wiki.is_dir():
        pytest.skip("../shared/corpus is not here")
    texts = [json.loads(line)["text"] for line in dev.read_text(encoding="utf-8").splitlines()]
    texts += [p.read_text(encoding="utf-8") for p in sorted(wiki.glob("*.txt"))[:200]]
    checked = 0
    for text, record in zip(texts, extractor.pipe(texts)):
        data = record.model_dump(mode="json")
        validator.validate(data)
        checked += assert_offsets(data, text)
    assert checked > 10_000
