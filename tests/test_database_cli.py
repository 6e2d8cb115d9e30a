"""The claims database from the command line: a real extraction into claims.db, reruns, the
query commands, part-file imports, a run killed mid-write, and a real Datasette reading it."""

from __future__ import annotations

import json
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from db_factory import quote_record
from typer.testing import CliRunner

from claimx.cli.main import app

runner = CliRunner()
CLAIMX = [sys.executable, "-m", "claimx"]

# Two articles we wrote: one person named in full, then by surname; one quote in both.
FIRST = """Lumora readies a new accelerator

Source: Harbour Ledger

"Our new accelerator will ship to customers in Shenzhen before the end of March," said Zhou Wei, the chief scientist at Lumora Semiconductor.

Huawei Technologies said its sales in Europe grew by 12 percent last year.
"""
SECOND = """Chip makers race ahead

Source: Harbour Ledger

"Our new accelerator will ship to customers in Shenzhen before the end of March," Zhou said on Tuesday.

Huawei said it would open a research centre in Munich next year.
"""
# Another person of the same surname, in the same outlet.
THIRD = """Two views on Suzhou

Source: Harbour Ledger

"The factory in Suzhou will double its output by 2027," said Zhou Li, an analyst at Redfern Capital.
"""


def _articles(folder: Path, *texts: str) -> list[str]:
    folder.mkdir(exist_ok=True)
    paths = []
    for n, text in enumerate(texts, 1):
        path = folder / f"article{n}.txt"
        path.write_text(text, encoding="utf-8")
        paths.append(str(path))
    return paths


def _rows(db: Path, sql: str) -> list[tuple]:
    with sqlite3.connect(db) as conn:
        return conn.execute(sql).fetchall()


def _invoke(*args: str):
    return runner.invoke(app, list(args))


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """claims.db from FIRST and SECOND, and the JSON Lines of the same run's inputs."""
    tmp = tmp_path_factory.mktemp("db")
    paths = _articles(tmp / "news", FIRST, SECOND)
    db = tmp / "claims.db"
    result = _invoke("extract", *paths, "-o", str(db))
    assert result.exit_code == 0, result.output
    lines = _invoke("extract", *paths, "--format", "jsonl")
    assert lines.exit_code == 0
    return db, [json.loads(line) for line in lines.stdout.splitlines()], paths


def test_extract_writes_a_database_with_the_rows_of_the_json_lines(built):
    db, records, _ = built
    assert _rows(db, "SELECT count(*) FROM documents") == [(len(records),)]
    assert _rows(db, "SELECT count(*) FROM claims") == [(sum(len(r["claims"]) for r in records),)]
    assert _rows(db, "PRAGMA integrity_check") == [("ok",)]
    assert _rows(db, "PRAGMA foreign_key_check") == []
    assert (db.parent / "claims.metadata.json").is_file()


def test_one_person_named_two_ways_is_one_claimant_and_the_quote_one_group(built):
    db, _, _ = built
    people = _rows(db, "SELECT name, claims, documents FROM claimants WHERE kind = 'person'")
    assert people == [("Zhou Wei", 1 + 1, 2)]
    orgs = _rows(db, "SELECT name, documents FROM claimants WHERE kind = 'organization'")
    assert [d for _, d in orgs] == [2]  # "Huawei Technologies" and "Huawei"
    groups = _rows(db, "SELECT claimant_name, documents FROM claim_groups WHERE documents > 1")
    assert groups == [("Zhou Wei", 2)]


def test_a_second_run_adds_no_row(built):
    db, _, paths = built
    tables = ("documents", "claims", "claimants", "claim_groups", "entities", "claims_fts")
    before = [_rows(db, f"SELECT count(*) FROM {t}") for t in tables]
    assert _invoke("extract", *paths, "-o", str(db)).exit_code == 0
    assert [_rows(db, f"SELECT count(*) FROM {t}") for t in tables] == before


def test_two_people_sharing_a_surname_stay_two(tmp_path):
    db = tmp_path / "claims.db"
    result = _invoke("extract", *_articles(tmp_path / "news", FIRST, SECOND, THIRD), "-o", str(db))
    assert result.exit_code == 0, result.output
    names = [n for (n,) in _rows(db, "SELECT name FROM claimants WHERE kind = 'person'")]
    # The bare "Zhou" could be either: without evidence it stays its own claimant.
    assert sorted(names) == ["Zhou", "Zhou Li", "Zhou Wei"]


def test_search_and_claimants_print_rows_in_each_format(built):
    db, _, _ = built
    found = _invoke("search", str(db), "accelerator", "--claimant", "Zhou Wei", "-f", "jsonl")
    assert found.exit_code == 0, found.output
    rows = [json.loads(line) for line in found.stdout.splitlines()]
    assert len(rows) == 2 and {r["claimant"] for r in rows} == {"Zhou Wei"}
    assert {r["group_documents"] for r in rows} == {2}
    listed = _invoke("claimants", str(db), "-f", "csv", "--kind", "person")
    assert (
        listed.stdout.splitlines()[1].startswith("c") and ",Zhou Wei,person,2,2," in listed.stdout
    )
    table = _invoke("search", str(db), "Huawei")
    assert table.exit_code == 0 and "Huawei" in table.stdout
    groups = _invoke("db", "groups", str(db), "-f", "jsonl")
    assert [json.loads(line)["documents"] for line in groups.stdout.splitlines()] == [2]


def test_usage_errors_are_one_line(tmp_path):
    missing = _invoke("search", str(tmp_path / "none.db"), "x")
    assert missing.exit_code == 2 and "Error: " in missing.output
    article = _articles(tmp_path / "news", FIRST)[0]
    no_file = _invoke("extract", article, "--format", "sqlite")
    assert no_file.exit_code == 2 and "-o FILE.db" in no_file.output
    dask = _invoke("extract", article, "--engine", "dask", "-o", str(tmp_path / "c.db"))
    assert dask.exit_code == 2 and "claimx db import" in dask.output
    bad = tmp_path / "people.jsonl"
    bad.write_text('{"id": "Q1", "name": ""}\n', encoding="utf-8")
    broken = _invoke("extract", article, "--entities", str(bad), "-o", str(tmp_path / "c.db"))
    assert broken.exit_code == 4 and "people.jsonl:1" in broken.output


def test_the_gazetteer_pins_a_claimant_through_extract(tmp_path):
    people = tmp_path / "people.jsonl"
    people.write_text('{"id": "Q42", "name": "Zhou Wei", "aliases": []}\n', encoding="utf-8")
    db = tmp_path / "claims.db"
    paths = _articles(tmp_path / "news", FIRST, SECOND)
    result = _invoke("extract", *paths, "--entities", str(people), "-o", str(db))
    assert result.exit_code == 0, result.output
    assert _rows(db, "SELECT name, ref, claims FROM claimants WHERE kind = 'person'") == [
        ("Zhou Wei", "Q42", 2)
    ]


def _records(n: int, prefix: str) -> list[dict]:
    return [
        quote_record(
            f"{prefix}{i}",
            [("Zhou Wei", "person", None, f"Prices will fall by {i} percent this year")],
            publication=f"Outlet {i % 7}",
        )
        for i in range(n)
    ]


def test_db_import_reads_json_lines_shards_and_the_parquet_tables(tmp_path):
    pytest.importorskip("pyarrow")
    from claimx.outputs.parquet import write_tables
    from claimx.schema import DocumentRecord

    records = _records(6, "d")
    parts = tmp_path / "parts"
    parts.mkdir()
    for n in (0, 1):
        lines = (json.dumps(r) + "\n" for r in records[n * 3 : n * 3 + 3])
        (parts / f"part-{n:05d}.jsonl").write_text("".join(lines), encoding="utf-8")
    result = _invoke("db", "import", str(parts), "-o", str(tmp_path / "a.db"))
    assert result.exit_code == 0, result.output
    assert _rows(tmp_path / "a.db", "SELECT count(*), sum(claims) FROM documents") == [(6, 6)]

    pq = tmp_path / "pq"
    (pq / "claims").mkdir(parents=True)
    (pq / "documents").mkdir()
    validated = [DocumentRecord.model_validate(r) for r in records]
    write_tables(validated, pq / "claims/part-00000.parquet", pq / "documents/part-00000.parquet")
    result = _invoke("db", "import", str(pq), "-o", str(tmp_path / "b.db"))
    assert result.exit_code == 0, result.output
    b = tmp_path / "b.db"
    assert _rows(b, "SELECT count(*) FROM claims") == [(6,)]
    assert _rows(b, "SELECT name, claims, documents FROM claimants") == [("Zhou Wei", 6, 6)]
    assert _rows(tmp_path / "a.db", "SELECT content FROM claims ORDER BY id") == _rows(
        b, "SELECT content FROM claims ORDER BY id"
    )


@pytest.mark.slow
def test_killing_a_run_mid_write_leaves_the_earlier_database_complete(tmp_path):
    db = tmp_path / "claims.db"
    first = tmp_path / "first.jsonl"
    first.write_text("".join(json.dumps(r) + "\n" for r in _records(40, "old")), encoding="utf-8")
    assert _invoke("db", "import", str(first), "-o", str(db)).exit_code == 0
    before = _rows(db, "SELECT * FROM claims ORDER BY id")
    claimants = _rows(db, "SELECT * FROM claimants ORDER BY id")

    big = tmp_path / "big.jsonl"
    big.write_text("".join(json.dumps(r) + "\n" for r in _records(20000, "new")), encoding="utf-8")
    proc = subprocess.Popen([*CLAIMX, "db", "import", str(big), "-o", str(db)])
    try:
        # Kill it once some of its transactions have committed, well before it is done.
        deadline = time.monotonic() + 120
        while proc.poll() is None and time.monotonic() < deadline:
            try:
                if _rows(db, "SELECT count(*) FROM documents")[0][0] > 40:
                    break
            except sqlite3.OperationalError:
                pass  # locked for a moment by a commit
            time.sleep(0.01)
        os.kill(proc.pid, signal.SIGKILL)
        assert proc.wait(timeout=30) == -signal.SIGKILL
    finally:
        if proc.poll() is None:
            proc.kill()
    assert _rows(db, "PRAGMA integrity_check") == [("ok",)]
    # Everything of the earlier run is there, unchanged, claimants included...
    assert _rows(db, "SELECT * FROM claims WHERE id LIKE 'old%' ORDER BY id") == before
    assert _rows(db, "SELECT * FROM claimants ORDER BY id") == claimants
    # ...and what the killed run committed is whole documents: none has half its claims.
    assert _rows(
        db,
        """SELECT count(*) FROM documents d
               WHERE d.claims != (SELECT count(*) FROM claims c WHERE c.document_id = d.id)""",
    ) == [(0,)]
    assert _rows(db, "SELECT count(*) FROM documents")[0][0] < 20040


@pytest.mark.slow
def test_ctrl_c_keeps_what_was_committed_and_joins_its_claimants(tmp_path):
    db = tmp_path / "claims.db"
    big = tmp_path / "big.jsonl"
    big.write_text("".join(json.dumps(r) + "\n" for r in _records(20000, "new")), encoding="utf-8")
    proc = subprocess.Popen([*CLAIMX, "db", "import", str(big), "-o", str(db)])
    try:
        deadline = time.monotonic() + 120
        while proc.poll() is None and time.monotonic() < deadline:
            try:
                if _rows(db, "SELECT count(*) FROM documents")[0][0] > 400:
                    break
            except sqlite3.OperationalError:
                pass
            time.sleep(0.01)
        proc.send_signal(signal.SIGINT)
        assert proc.wait(timeout=120) == 130
    finally:
        if proc.poll() is None:
            proc.kill()
    documents = _rows(db, "SELECT count(*) FROM documents")[0][0]
    assert 400 < documents < 20000
    # The claimants were derived on the way out: every claim has its claimant.
    assert _rows(db, "SELECT count(*) FROM claims WHERE claimant_id IS NULL") == [(0,)]
    assert _rows(db, "SELECT name, documents FROM claimants") == [("Zhou Wei", documents)]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get_json(url: str):
    with urllib.request.urlopen(url, timeout=5) as response:
        return json.loads(response.read())


@pytest.mark.slow
def test_datasette_serves_the_claimants_table_with_the_metadata_claimx_wrote(built):
    pytest.importorskip("datasette")
    db, _, _ = built
    port = _free_port()
    metadata = db.with_name("claims.metadata.json")
    proc = subprocess.Popen(
        [sys.executable, "-m", "datasette", "serve", str(db), "-m", str(metadata)]
        + ["--host", "127.0.0.1", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                _get_json(f"{base}/-/versions.json")
                break
            except OSError:
                assert proc.poll() is None, "datasette exited"
                assert time.monotonic() < deadline, "datasette did not start"
                time.sleep(0.2)
        rows = _get_json(f"{base}/claims/claimants.json?_shape=array&kind=person")
        assert [(r["name"], r["claims"], r["documents"]) for r in rows] == [("Zhou Wei", 2, 2)]
        found = _get_json(f"{base}/claims/claims.json?_search=accelerator&_shape=objects")
        # The headline is a claim too; the quote is in both articles. Facets from metadata:
        assert len(found["rows"]) == 3
        assert {"claimant_kind", "attribution", "document_publication"} <= set(
            found["facet_results"]
        )
        kinds = {r["value"]: r["count"] for r in found["facet_results"]["claimant_kind"]["results"]}
        assert kinds == {"person": 2, "publication": 1}
    finally:
        proc.kill()
        proc.wait(timeout=10)
