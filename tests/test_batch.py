"""Batch processing: order, parallel workers, error records, atomic output, inputs at scale."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from claimx.cli.main import app
from claimx.engines.extractor import Extractor
from claimx.engines.processes import parallel_records
from claimx.engines.serial import process_batch
from claimx.errors import ExitCode
from claimx.inputs.article import ArticleInput
from claimx.outputs.atomic import AtomicFile
from claimx.schema import DocumentRecord

runner = CliRunner()

PARAGRAPH = (
    "The minister said on {day} that the budget for item {n} would rise. "
    "Critics argued the plan was too expensive.\n\n"
)


def article(n: int) -> str:
    """A distinct small article; its number is in the title line, so order is checkable."""
    body = "".join(PARAGRAPH.format(day=d, n=n) for d in ("Monday", "Tuesday"))
    return f"Headline number {n}\n\n{body}"


def write_articles(folder: Path, count: int, prefix: str = "a") -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for n in range(count):
        path = folder / f"{prefix}{n:03d}.txt"
        path.write_text(article(n), encoding="utf-8")
        paths.append(path)
    return paths


def records_of(stdout: str) -> list[DocumentRecord]:
    """Every stdout line must be one valid record: stdout is pure JSON Lines."""
    lines = stdout.splitlines()
    assert lines, "no output"
    return [DocumentRecord.model_validate_json(line) for line in lines]


def invoke(*args: str, input: str | None = None):
    return runner.invoke(app, ["extract", *args], input=input, catch_exceptions=True)


# -- order and parallelism ---------------------------------------------------------------------


def test_records_come_in_input_order_with_two_jobs(tmp_path):
    paths = write_articles(tmp_path / "in", 11)
    given = [str(p) for p in reversed(paths)]  # not sorted: order must follow the arguments
    serial = invoke(*given, "--format", "jsonl")
    parallel = invoke(*given, "--format", "jsonl", "--jobs", "2", "--batch-size", "2")
    assert serial.exit_code == 0, serial.stderr
    assert parallel.exit_code == 0, parallel.stderr
    got = records_of(parallel.stdout)
    assert [r.document.path for r in got] == given
    assert [r.document.title or "" for r in got] == [
        r.document.title or "" for r in records_of(serial.stdout)
    ]
    assert parallel.stdout == serial.stdout  # same records, byte for byte


def test_library_pipe_with_processes_matches_serial(extractor):
    texts = [article(n) for n in range(7)]
    serial = [r.model_dump() for r in extractor.pipe(texts, batch_size=2)]
    parallel = [r.model_dump() for r in extractor.pipe(texts, batch_size=2, n_process=2)]
    assert parallel == serial
    assert [r["document"]["chars"] for r in parallel] == [len(t) for t in texts]


def test_parallel_records_spawned_workers_build_their_own_extractor(extractor):
    texts = [article(n) for n in range(3)]
    got = list(
        parallel_records(
            texts,
            n_process=2,
            batch_size=1,
            make_extractor=extractor.factory(),
            start_method="spawn",
        )
    )
    assert [r.document.chars for r in got] == [len(t) for t in texts]


# -- failures stay inside their record -------------------------------------------------------


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_missing_file_in_the_middle_is_an_error_record(tmp_path, jobs):
    a, b = write_articles(tmp_path, 2)
    missing = tmp_path / "gone.txt"
    result = invoke(str(a), str(missing), str(b), "--jobs", jobs, "--batch-size", "1")
    assert result.exit_code == ExitCode.INPUT_FAILED
    got = records_of(result.stdout)
    assert [r.document.path for r in got] == [str(a), str(missing), str(b)]
    assert [r.error is None for r in got] == [True, False, True]
    assert str(missing) in got[1].error.message
    assert "Error:" in result.stderr and "3 files" in result.stderr and "1 failed" in result.stderr


class _Exploding:
    """Stands in for an Extractor whose pipeline raises on one article's text."""

    def __init__(self, real: Extractor, poison: str) -> None:
        self.real = real
        self.poison = poison

    def pipe(self, items, batch_size=32):
        items = list(items)
        if any(i.text == self.poison and i.error is None for i in items):
            raise RuntimeError("parser blew up")
        return self.real.pipe(items, batch_size=batch_size)


def test_an_article_that_raises_fails_alone(extractor):
    chunk = [ArticleInput(text=article(n), path=f"p{n}") for n in range(3)]
    fake = _Exploding(extractor, poison=chunk[1].text)
    outcomes = process_batch(fake, chunk, batch_size=8)
    assert [o.path for o in outcomes] == ["p0", "p1", "p2"]
    assert [o.error is None for o in outcomes] == [True, False, True]
    assert outcomes[1].error.type == "processing" and "blew up" in outcomes[1].error.message
    assert outcomes[1].as_record().document.chars == len(chunk[1].text)


# -- -o writes complete files only ---------------------------------------------------------------


def test_output_file_appears_complete(tmp_path):
    paths = write_articles(tmp_path / "in", 3)
    out = tmp_path / "out" / "claims.jsonl"
    out.parent.mkdir()
    result = invoke(*map(str, paths), "-o", str(out))
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    assert len(records_of(out.read_text())) == 3
    assert sorted(os.listdir(out.parent)) == ["claims.jsonl"]  # no temporary left behind


def _fail_on_second_batch(monkeypatch, exc: BaseException):
    import claimx.engines.serial as batch

    real = batch.process_batch
    calls = {"n": 0}

    def flaky(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 2:
            raise exc
        return real(*args, **kwargs)

    monkeypatch.setattr(batch, "process_batch", flaky)


def test_crash_leaves_no_output_file(tmp_path, monkeypatch):
    paths = write_articles(tmp_path / "in", 4)
    out = tmp_path / "out" / "claims.jsonl"
    out.parent.mkdir()
    _fail_on_second_batch(monkeypatch, RuntimeError("disk on fire"))
    result = invoke(*map(str, paths), "-o", str(out), "--batch-size", "2")
    assert result.exit_code != 0
    assert os.listdir(out.parent) == []


def test_interrupt_keeps_finished_records_in_partial_only(tmp_path, monkeypatch):
    paths = write_articles(tmp_path / "in", 4)
    out = tmp_path / "out" / "claims.jsonl"
    out.parent.mkdir()
    _fail_on_second_batch(monkeypatch, KeyboardInterrupt())
    result = invoke(*map(str, paths), "-o", str(out), "--batch-size", "2")
    assert result.exit_code == ExitCode.INTERRUPTED
    assert not out.exists()
    partial = out.with_name("claims.jsonl.partial")
    assert sorted(os.listdir(out.parent)) == [partial.name]
    assert [r.document.path for r in records_of(partial.read_text())] == [str(p) for p in paths[:2]]
    assert "interrupted" in result.stderr


def test_atomic_file_discard_and_mode(tmp_path):
    target = AtomicFile(tmp_path / "x.jsonl")
    target.stream.write("half a li")
    target.discard()
    assert os.listdir(tmp_path) == []
    done = AtomicFile(tmp_path / "y.jsonl")
    done.stream.write("{}\n")
    path = done.commit()
    umask = os.umask(0)
    os.umask(umask)
    assert path.stat().st_mode & 0o777 == 0o666 & ~umask


@pytest.mark.slow
def test_ctrl_c_on_a_parallel_run(tmp_path):
    """A real SIGINT to `--jobs 2`: exit 130, no file under the final name, valid partial."""
    paths = write_articles(tmp_path / "in", 600)
    out = tmp_path / "out" / "claims.jsonl"
    out.parent.mkdir()
    # A shell that starts pytest in the background without job control ignores SIGINT, and an
    # ignored signal stays ignored in a child: start it with SIGINT handled, as from a terminal.
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "claimx",
                "extract",
                str(tmp_path / "in"),
                "--jobs",
                "2",
                "--batch-size",
                "4",
                "-o",
                str(out),
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
    finally:
        signal.signal(signal.SIGINT, previous)
    try:
        deadline = time.monotonic() + 120
        # Wait until some records are written to the temporary file, then interrupt.
        while time.monotonic() < deadline and proc.poll() is None:
            tmp = [p for p in out.parent.iterdir() if p.suffix == ".tmp"]
            if tmp and tmp[0].stat().st_size > 0:
                break
            time.sleep(0.1)
        assert proc.poll() is None, "finished before it could be interrupted"
        proc.send_signal(signal.SIGINT)
        _, stderr = proc.communicate(timeout=60)
    finally:
        proc.kill()
    assert proc.returncode == ExitCode.INTERRUPTED, stderr
    assert not out.exists()
    partial = out.with_name("claims.jsonl.partial")
    assert sorted(os.listdir(out.parent)) == [partial.name]
    got = records_of(partial.read_text())
    assert 0 < len(got) < len(paths)
    assert [r.document.path for r in got] == [str(p) for p in paths[: len(got)]]


# -- long texts are cut into pieces, offsets stay true -------------------------------------------------


def _sentence_claims(self, doc, *, index=None, unattributed=True, publication=None):
    """A stand-in rule engine: every sentence is a claim, so every piece has spans to map."""
    claims = []
    for n, sent in enumerate(doc.sents, 1):
        span = {"text": sent.text, "start": sent.start_char, "end": sent.end_char}
        claims.append(
            {
                "id": str(n),
                "content": span,
                "sentence": span,
                "claimant": {"span": None, "kind": "unknown", "name": None},
                "cue": None,
                "attribution": "unattributed",
                "confidence": 0.5,
                "rule": "test.sentence",
                "frame": "finding",
            }
        )
    return claims, {}


def test_long_text_is_cut_into_pieces_and_offsets_survive_the_joins(monkeypatch):
    from claimx.rules.engine import RuleEngine

    monkeypatch.setattr(RuleEngine, "run", _sentence_claims)
    small = Extractor(piece_chars=1000)  # the smallest piece the extractor allows
    text = "".join(article(n) for n in range(12))  # ~2.9k characters: several pieces
    chunks = list(small._pieces(text))
    assert len(chunks) >= 3
    record = next(small.pipe([ArticleInput(text=text)]))
    assert record.error is None and record.document.chars == len(text)
    assert record.claims, "the stand-in engine makes a claim of every sentence"
    for claim in record.claims:
        for span in (claim.content, claim.sentence):
            assert text[span.start : span.end] == span.text
    starts = {c.content.start for c in record.claims}
    for start, _ in chunks[1:]:  # sentences right after each join were found, at true offsets
        first = next(i for i in range(start, len(text)) if not text[i].isspace())
        assert first in starts
    ids = [c.id for c in record.claims]
    assert len(set(ids)) == len(ids)


# -- inputs: JSON Lines, folders, lists --------------------------------------------------------


def test_jsonl_input_keeps_its_metadata():
    rows = [
        {
            "id": "n1",
            "text": article(1),
            "title": "One",
            "publication": "The Daily",
            "url": "https://x.test/1",
            "published": "2024-05-01",
            "section": "politics",
            "tags": ["budget", "tax"],
        },
        {"id": "n2", "text": article(2), "title": "Two", "author_notes": {"desk": "metro"}},
    ]
    stdin = "\n".join(json.dumps(r) for r in rows) + "\n\nnot json\n"
    result = invoke("-", "--input-format", "jsonl", input=stdin)
    assert result.exit_code == ExitCode.INPUT_FAILED  # the last line is not an article
    got = records_of(result.stdout)
    assert len(got) == 3
    one, two, bad = got
    assert (one.document.id, one.document.title, one.document.publication) == (
        "n1",
        "One",
        "The Daily",
    )
    assert (one.document.url, one.document.published) == ("https://x.test/1", "2024-05-01")
    assert one.document.meta == {"section": "politics", "tags": ["budget", "tax"]}
    assert one.document.chars == len(rows[0]["text"])
    assert two.document.id == "n2" and two.document.meta == {"author_notes": {"desk": "metro"}}
    assert bad.error is not None and bad.error.type == "invalid"


def test_folder_recursive_and_glob(tmp_path):
    root = tmp_path / "news"
    write_articles(root, 2, prefix="top")
    write_articles(root / "sub", 2, prefix="deep")
    (root / "notes.md").write_text(article(99))
    (root / ".hidden.txt").write_text(article(98))

    def paths(*args):
        result = invoke(str(root), *args, "--format", "jsonl")
        assert result.exit_code == 0, result.stderr
        return [
            Path(r.document.path).relative_to(root).as_posix() for r in records_of(result.stdout)
        ]

    # Without --glob a folder gives its text-like files only: notes.md is not an article.
    assert paths() == ["top000.txt", "top001.txt"]
    assert paths("--glob", "*.md") == ["notes.md"]
    assert paths("--glob", "*.txt") == ["top000.txt", "top001.txt"]
    assert paths("--recursive", "--glob", "*.txt") == [
        "sub/deep000.txt",
        "sub/deep001.txt",
        "top000.txt",
        "top001.txt",
    ]


def test_from_list(tmp_path):
    paths = write_articles(tmp_path / "in", 3)
    listing = tmp_path / "paths.txt"
    listing.write_text(f"{paths[2]}\n\n{paths[0]}\n")
    result = invoke("--from-list", str(listing))
    assert result.exit_code == 0, result.stderr
    assert [r.document.path for r in records_of(result.stdout)] == [str(paths[2]), str(paths[0])]


def test_no_input_is_a_usage_error():
    result = invoke()
    assert result.exit_code == ExitCode.USAGE
    assert result.stderr.startswith("Error:")


# -- a terminal on stderr: progress bar there, stdout still pure data -------------------------


@pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")
def test_progress_bar_on_a_terminal_keeps_stdout_pure(tmp_path):
    import pty
    import threading

    paths = write_articles(tmp_path / "in", 6)
    leader, follower = pty.openpty()
    shown = bytearray()

    def drain():  # read the terminal as it fills, or a full pty buffer would block the child
        while True:
            try:
                data = os.read(leader, 65536)
            except OSError:  # EIO once the child has exited and the follower is closed
                return
            if not data:
                return
            shown.extend(data)

    reader = threading.Thread(target=drain, daemon=True)
    reader.start()
    try:
        proc = subprocess.run(
            [sys.executable, "-m", "claimx", "extract", *map(str, paths), "--batch-size", "2"],
            stdout=subprocess.PIPE,
            stderr=follower,
            timeout=120,
            check=False,
        )
    finally:
        os.close(follower)
        reader.join(timeout=10)
        os.close(leader)
    assert proc.returncode == 0
    assert [r.document.path for r in records_of(proc.stdout.decode())] == [str(p) for p in paths]
    assert b"articles/s" in shown  # the progress bar was drawn on the terminal
    assert b"6 files, " in shown  # and the summary line went there too, not to stdout


@pytest.mark.corpus
def test_corpus_folder_in_order(corpus):
    folder = corpus / "wikinews"
    expected = sorted(str(p) for p in folder.glob("*.txt"))[:40]
    listing = "\n".join(expected)
    result = invoke("--from-list", "-", "--jobs", "2", input=listing)
    assert result.exit_code == 0, result.stderr
    got = records_of(result.stdout)
    assert [r.document.path for r in got] == expected
    assert all(r.document.chars > 0 for r in got)


def test_batches_are_bounded_by_articles_and_characters():
    from claimx.engines.batching import batches

    texts = ["a" * 10, "b" * 10, "c" * 10, "d" * 100, "e" * 5, "f" * 5]
    got = [[len(a.text) for a in batch] for batch in batches(texts, 2, max_chars=25)]
    # two a batch at most; 25 characters at most, except a longer text, which goes alone
    assert got == [[10, 10], [10], [100], [5, 5]]
    assert [a.text for batch in batches(texts, 4, max_chars=10**6) for a in batch] == texts


def test_a_full_batch_is_handed_over_before_the_next_article_is_read():
    from claimx.engines.batching import batches

    read: list[str] = []

    def stream():
        for text in ["a", "b", "c"]:
            read.append(text)
            yield text

    first = next(batches(stream(), 2))
    assert [a.text for a in first] == ["a", "b"]
    assert read == ["a", "b"]  # "c" is not read until the next batch is asked for


def test_only_needed_components_run(extractor):
    from claimx.nlp.pipeline import NEEDED

    active = extractor.nlp.pipe_names
    assert "senter" not in active  # the parser sets sentences already
    assert all(name in NEEDED or name.startswith("claimx") for name in active)


def test_pipeline_batches_are_bounded_by_texts_and_tokens(extractor, monkeypatch):
    import claimx.engines.extractor as ex_module

    arts = [article(n) for n in range(10)]
    expected = [r.model_dump() for r in extractor.pipe(arts)]
    real_pipe = extractor.nlp.pipe
    seen: list[list[int]] = []

    def spy(items, **kwargs):
        if kwargs.get("as_tuples"):  # the extractor's call, not spaCy's own inner one
            items = list(items)
            seen.append([len(doc) for doc, _ in items])
        return real_pipe(items, **kwargs)

    monkeypatch.setattr(extractor.nlp, "pipe", spy)
    monkeypatch.setattr(ex_module, "BATCH_TOKENS", 200)
    got = [r.model_dump() for r in extractor.pipe(arts, batch_size=3)]
    assert all(len(b) <= 3 and (len(b) == 1 or sum(b) <= 200) for b in seen)
    assert any(len(b) > 1 for b in seen)  # batches are filled, not one text each
    # how texts are batched never changes a record (claim ids included)
    assert got == expected


def test_claims_the_rules_gave_one_id_get_an_id_each():
    from claimx.engines.extractor import _renumber

    def claim(old_id, start, dup=None):
        return {"id": old_id, "content": {"start": start, "end": start + 1}, "duplicate_of": dup}

    out = _renumber([claim("c1", 0), claim("c1", 5), claim("c2", 9, dup="c1")], "d")
    assert [c["id"] for c in out] == ["d:1", "d:2", "d:3"]
    assert out[2]["duplicate_of"] == "d:1"
