"""claimx on Dask distributed: same records as one process, complete shards, Parquet, a killed worker.

These run a real `LocalCluster` (2 single-threaded worker processes, loopback only). They need
the `dask` extra and skip cleanly without it.
"""

from __future__ import annotations

import json
import os
import signal
from pathlib import Path

import pytest

distributed = pytest.importorskip("distributed")
pytest.importorskip("dask.bag")
pytest.importorskip("pyarrow")

# Imported after the skips above: without the dask extra this module is skipped, not an error.
import pyarrow.dataset as pads  # noqa: E402

from claimx.cli.cluster import run_dask  # noqa: E402
from claimx.engines import cluster as cdask  # noqa: E402
from claimx.inputs.readers import read_path  # noqa: E402
from claimx.schema import DocumentRecord  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.slow


# -- fixtures --------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def client():
    """A 2-worker loopback LocalCluster shared by this module (workers load spaCy once each)."""
    c = cdask.make_client(workers=2)
    yield c
    cluster = c.cluster
    c.close()
    cluster.close()


@pytest.fixture(scope="module")
def sample_paths(tmp_path_factory) -> list[str]:
    """The project samples, or small generated articles when there are none yet."""
    paths = sorted(str(p) for p in (ROOT / "samples").glob("*.txt"))
    if paths:
        return paths
    folder = tmp_path_factory.mktemp("samples")
    for n in range(4):
        (folder / f"gen-{n}.txt").write_text(
            f"Budget talks stall\n\nThe minister said the budget {n} would pass. "
            f'"We are confident," said Jane Doe, a spokeswoman.\n',
            encoding="utf-8",
        )
    return sorted(str(p) for p in folder.glob("*.txt"))


@pytest.fixture(scope="module")
def many_paths(tmp_path_factory, sample_paths) -> list[str]:
    """60 distinct articles made from the samples: enough work to kill a worker mid-run."""
    folder = tmp_path_factory.mktemp("many")
    texts = [Path(p).read_text(encoding="utf-8") for p in sample_paths]
    for n in range(60):
        (folder / f"a{n:03d}.txt").write_text(
            texts[n % len(texts)] + f"\n\nEdition {n}.\n", encoding="utf-8"
        )
    return sorted(str(p) for p in folder.glob("*.txt"))


@pytest.fixture(scope="module")
def wikinews_paths(corpus) -> list[str]:
    """The first 200 Wikinews articles of the shared corpus (skipped when it is absent)."""
    paths = sorted(str(p) for p in (corpus / "wikinews").glob("*.txt"))[:200]
    if len(paths) < 200:
        pytest.skip("fewer than 200 Wikinews articles in the shared corpus")
    return paths


def serial_lines(extractor, paths: list[str]) -> list[str]:
    """What one process writes for `paths`: one JSON line per record, sorted by path."""
    records = extractor.pipe(read_path(p) for p in paths)
    return sorted(
        (r.model_dump_json() for r in records),
        key=lambda line: json.loads(line)["document"]["path"],
    )


def shard_lines(out: Path) -> list[str]:
    lines = [
        line
        for shard in sorted(out.glob("part-*.jsonl"))
        for line in shard.read_text("utf-8").splitlines()
    ]
    return sorted(lines, key=lambda line: json.loads(line)["document"]["path"])


def sources(paths: list[str]) -> list[tuple[str, str]]:
    return cdask.list_sources(paths)


def assert_complete_jsonl(out: Path, summary: cdask.Summary) -> None:
    """Shards numbered 0..n-1, one per partition, no temporary file left behind."""
    names = sorted(p.name for p in out.iterdir())
    assert names == [f"part-{i:05d}.jsonl" for i in range(summary.partitions)]


# -- same records as one process ---------------------------------------------------------------
def test_samples_match_single_process(client, extractor, sample_paths, tmp_path):
    summary = cdask.run(
        client, sources(sample_paths), out=str(tmp_path), fmt="jsonl", partition_size=2
    )
    assert_complete_jsonl(tmp_path, summary)
    expected = serial_lines(extractor, sample_paths)
    assert shard_lines(tmp_path) == expected
    assert summary.documents == len(sample_paths)
    assert summary.claims == sum(len(json.loads(line)["claims"]) for line in expected)
    assert summary.failed == 0


@pytest.mark.corpus
def test_wikinews_200_jsonl_and_parquet_match_single_process(
    client, extractor, wikinews_paths, tmp_path
):
    expected = serial_lines(extractor, wikinews_paths)
    expected_ids = sorted(c["id"] for line in expected for c in json.loads(line)["claims"])
    assert expected_ids, "the rules found no claims in 200 articles: nothing would be compared"

    jsonl = tmp_path / "jsonl"
    summary = cdask.run(client, sources(wikinews_paths), out=str(jsonl), fmt="jsonl")
    assert summary.partitions > 2  # really spread over both workers
    assert_complete_jsonl(jsonl, summary)
    assert shard_lines(jsonl) == expected

    parquet = tmp_path / "parquet"
    summary = cdask.run(client, sources(wikinews_paths), out=str(parquet), fmt="parquet")
    claims = pads.dataset(parquet / "claims", format="parquet").to_table()
    documents = pads.dataset(parquet / "documents", format="parquet").to_table()
    assert claims.num_rows == len(expected_ids) == summary.claims
    assert sorted(claims.column("claim_id").to_pylist()) == expected_ids
    assert documents.num_rows == 200
    assert sum(documents.column("claims").to_pylist()) == len(expected_ids)


def test_parquet_rows_are_the_flat_rows(client, extractor, sample_paths, tmp_path):
    from claimx.outputs.rows import FLAT_COLUMNS, flat_rows

    summary = cdask.run(
        client, sources(sample_paths), out=str(tmp_path), fmt="parquet", partition_size=4
    )
    names = sorted(p.name for p in (tmp_path / "claims").iterdir())
    assert names == [f"part-{i:05d}.parquet" for i in range(summary.partitions)]
    table = pads.dataset(tmp_path / "claims", format="parquet").to_table()
    assert table.column_names == list(FLAT_COLUMNS)
    expected = [
        row
        for r in extractor.pipe(read_path(p) for p in sample_paths)
        if r.claims
        for row in flat_rows(r)
    ]

    def key(row):
        return (row["document_path"], row["claim_index"])

    assert sorted(table.to_pylist(), key=key) == sorted(expected, key=key)


def test_unreadable_input_is_an_error_record(client, extractor, sample_paths, tmp_path):
    missing = str(tmp_path / "no-such-article.txt")
    out = tmp_path / "out"
    summary = cdask.run(
        client, sources([sample_paths[0], missing]), out=str(out), fmt="jsonl", partition_size=1
    )
    assert summary.failed == 1 and summary.documents == 2
    assert shard_lines(out) == serial_lines(extractor, [sample_paths[0], missing])
    assert any(missing in message for message in summary.errors)


def test_extract_bag_gives_record_dicts(client, extractor, sample_paths):
    bag = cdask.extract_bag(sample_paths, partition_size=2)
    assert bag.npartitions == -(-len(sample_paths) // 2)
    got = bag.compute(scheduler=client)
    expected = [
        r.model_dump(mode="json") for r in extractor.pipe(read_path(p) for p in sample_paths)
    ]
    assert got == expected  # a bag from a list keeps its order
    assert [DocumentRecord.model_validate(d).document.path for d in got] == sample_paths


def test_an_article_that_raises_becomes_its_error_record(extractor, sample_paths, monkeypatch):
    """In-process: the partition function isolates the failing article and keeps the others."""
    from claimx.engines.extractor import Extractor
    from claimx.inputs.article import ArticleInput

    real = Extractor.pipe

    def flaky(self, items, **kwargs):
        items = list(items)
        # Fails like a rule bug would, on any batch holding the poisoned (still unfailed) article.
        if any(
            isinstance(i, ArticleInput) and i.error is None and "Edition 1." in (i.text or "")
            for i in items
        ):
            raise RuntimeError("rule crashed")
        return real(self, items, **kwargs)

    monkeypatch.setattr(Extractor, "pipe", flaky)
    texts = [
        {"text": Path(sample_paths[0]).read_text("utf-8") + f"\n\nEdition {n}.\n", "path": f"p{n}"}
        for n in range(3)
    ]
    records = cdask.partition_records(texts, extractor.config(), {})
    assert [r.document.path for r in records] == ["p0", "p1", "p2"]
    assert records[1].error is not None and records[1].error.type == "processing"
    assert "rule crashed" in records[1].error.message and records[1].claims == []
    assert records[0].error is None and records[2].error is None
    monkeypatch.setattr(Extractor, "pipe", real)
    assert records[0] == next(extractor.pipe([texts[0]]))


# -- a worker dies mid-run ---------------------------------------------------------------------
def test_killed_worker_is_retried_nothing_lost_or_duplicated(
    client, extractor, many_paths, tmp_path
):
    """SIGKILL a worker process while it holds a partition: the run still completes exactly."""
    pids = client.run(os.getpid)  # worker address -> worker process id
    killed: dict[str, object] = {}

    def kill_once(stats, summary):
        if killed:
            return
        busy = {addr: keys for addr, keys in client.processing().items() if keys}
        if not busy:
            return  # nothing in flight right now; try again at the next partition
        addr, keys = next(iter(busy.items()))
        killed.update(pid=pids[addr], keys=set(map(str, keys)))
        os.kill(pids[addr], signal.SIGKILL)

    summary = cdask.run(
        client,
        sources(many_paths),
        out=str(tmp_path),
        fmt="jsonl",
        partition_size=3,
        on_partition=kill_once,
    )
    assert killed, "no worker was busy when a partition completed, so nothing was killed"
    # Each partition the dead worker held was redone by a live one.
    redone = {int(key.split("-")[2]) for key in killed["keys"]}
    assert redone and all(summary.pids[i] != killed["pid"] for i in redone)
    assert_complete_jsonl(tmp_path, summary)
    lines = shard_lines(tmp_path)
    paths = [json.loads(line)["document"]["path"] for line in lines]
    assert paths == many_paths  # every article once: nothing lost, nothing duplicated
    assert lines == serial_lines(extractor, many_paths)
    assert summary.documents == len(many_paths)
    # The worker came back (the nanny restarts it) and the cluster is whole again.
    client.wait_for_workers(2, timeout=60)
    assert killed["pid"] not in client.run(os.getpid).values()


# -- the command line --------------------------------------------------------------------------
def test_cli_without_output_folder_is_a_usage_error(sample_paths, capsys):
    code = run_dask(sample_paths, out=None)
    assert code == 2
    assert capsys.readouterr().err.startswith("Error: --engine dask writes shards")


def test_cli_refuses_to_mix_with_older_shards(sample_paths, tmp_path, capsys):
    (tmp_path / "part-00000.jsonl").write_text("{}\n")
    assert run_dask(sample_paths, out=str(tmp_path), workers=1) == 2
    assert "already holds part files" in capsys.readouterr().err


def test_cli_engine_dask_writes_parquet(sample_paths, extractor, tmp_path):
    """`claimx extract --engine dask` end to end, in a subprocess with its own 1-worker cluster."""
    import subprocess
    import sys

    out = tmp_path / "out"
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "claimx",
            "extract",
            *sample_paths,
            "--engine",
            "dask",
            "--workers",
            "1",
            "-o",
            str(out),
            "--format",
            "parquet",
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == ""  # records go to the shards; stdout stays empty
    expected = [r for r in extractor.pipe(read_path(p) for p in sample_paths)]
    n_claims = sum(len(r.claims) for r in expected)
    assert proc.stderr.splitlines()[-1].startswith(
        f"{len(sample_paths)} files, {n_claims} claims, 0 failed"
    )
    claims = pads.dataset(out / "claims", format="parquet").to_table()
    assert sorted(claims.column("claim_id").to_pylist()) == sorted(
        c.id for r in expected for c in r.claims
    )


def test_cli_without_the_extra_says_what_to_install(sample_paths, tmp_path, monkeypatch):
    import sys

    from typer.testing import CliRunner

    from claimx.cli.main import app

    monkeypatch.setitem(sys.modules, "distributed", None)  # as if claimx[dask] were not installed
    result = CliRunner().invoke(
        app, ["extract", *sample_paths, "--engine", "dask", "-o", str(tmp_path)]
    )
    assert result.exit_code == 2
    assert "Error: --engine dask needs: pip install 'claimx[dask]'" in result.output
