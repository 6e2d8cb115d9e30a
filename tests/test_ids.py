"""Record and claim ids: error records without text get distinct ids, from where they came from."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from claimx.cli.main import app
from claimx.inputs.article import document_id

runner = CliRunner()


def test_error_records_without_text_get_distinct_ids_from_their_paths(tmp_path):
    missing = [str(tmp_path / "gone-1.txt"), str(tmp_path / "gone-2.txt")]
    result = runner.invoke(app, ["extract", *missing, "--format", "jsonl"])
    assert result.exit_code == 1
    records = [json.loads(line) for line in result.stdout.splitlines() if line.strip()]
    assert [r["error"]["type"] for r in records] == ["not_found", "not_found"]
    ids = [r["document"]["id"] for r in records]
    assert len(set(ids)) == 2
    assert document_id("") not in ids  # not the empty text's id any more
    assert ids == [document_id(f"path:{p}") for p in missing]
