"""Hostile conditions around a run: signals, a full disk, short writes, concurrent runs, and a
run's own output in the folder it reads.

Signals are sent to the real command in a child process; everything else runs in process.
"""

from __future__ import annotations

import errno
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
from claimx.errors import ExitCode
from claimx.outputs import atomic
from claimx.outputs.atomic import AtomicFile, FullWriter, OutputLock

runner = CliRunner()

ARTICLE = "Officials said the plan {n} would cost 5 million dollars, according to the ministry.\n"


def run(*args: str):
    return runner.invoke(app, list(args), catch_exceptions=False)


def write_articles(folder: Path, n: int) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        (folder / f"a{i:04d}.txt").write_text(ARTICLE.format(n=i) * 3, encoding="utf-8")


def children_of(pid: int) -> list[int]:
    """Process ids whose parent is `pid` (from /proc)."""
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry))
    return found


def alive(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


def start_run(tmp_path: Path, *extra: str) -> tuple[subprocess.Popen, Path, Path]:
    """A `--jobs 2` run over 400 articles to `-o`, stopped once records are being written."""
    src = tmp_path / "in"
    write_articles(src, 400)
    out = tmp_path / "out" / "claims.jsonl"
    out.parent.mkdir()
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "claimx",
            "extract",
            str(src),
            "--jobs",
            "2",
            "-o",
            str(out),
            *extra,
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 240
    while time.monotonic() < deadline and proc.poll() is None:
        temps = list(out.parent.glob(".claims.jsonl.*.tmp"))
        if temps and temps[0].stat().st_size > 0 and len(children_of(proc.pid)) >= 2:
            break
        time.sleep(0.2)
    assert proc.poll() is None, proc.communicate()
    return proc, out, src


@pytest.mark.slow
@pytest.mark.parametrize(("sig", "code"), [(signal.SIGTERM, 143), (signal.SIGHUP, 129)])
def test_sigterm_and_sighup_keep_the_finished_records_and_leave_no_worker(tmp_path, sig, code):
    proc, out, _ = start_run(tmp_path)
    workers = children_of(proc.pid)
    proc.send_signal(sig)
    _, stderr = proc.communicate(timeout=60)
    assert proc.returncode == code, stderr
    partial = out.with_name("claims.jsonl.partial")
    assert partial.exists() and not out.exists()
    lines = partial.read_text(encoding="utf-8").splitlines()
    assert lines and all(json.loads(line)["document"]["path"] for line in lines)
    assert not list(out.parent.glob(".*.tmp"))
    assert not list(out.parent.glob(".*.lock"))
    assert "finished records kept in" in stderr and "interrupted" in stderr
    time.sleep(5)
    assert not [pid for pid in workers if alive(pid)]


@pytest.mark.slow
def test_workers_die_with_a_killed_parent(tmp_path):
    proc, _, _ = start_run(tmp_path)
    workers = children_of(proc.pid)
    assert workers
    proc.kill()
    proc.communicate(timeout=30)
    time.sleep(5)
    assert not [pid for pid in workers if alive(pid)]


# -- writes ---------------------------------------------------------------------------------


def test_full_writer_loops_on_partial_writes_and_fails_on_none(tmp_path, monkeypatch):
    real = os.write
    calls = []

    def dribble(fd, data):
        calls.append(len(data))
        return real(fd, bytes(data[:3]))

    target = tmp_path / "f"
    fd = os.open(target, os.O_WRONLY | os.O_CREAT)
    writer = FullWriter(fd)
    monkeypatch.setattr(atomic.os, "write", dribble)
    assert writer.write(b"0123456789") == 10
    monkeypatch.setattr(atomic.os, "write", lambda fd, data: 0)
    with pytest.raises(OSError, match="short write"):
        writer.write(b"more")
    monkeypatch.undo()
    writer.close()
    assert target.read_bytes() == b"0123456789" and len(calls) == 4


def test_a_short_write_is_an_error_never_a_truncated_file(tmp_path, monkeypatch):
    out = AtomicFile(tmp_path / "out.jsonl")
    out.stream.write("x" * 100)
    out._raw.written += 1  # the kernel "lost" a byte: the size check must notice
    with pytest.raises(OSError, match="short write"):
        out.commit()
    assert list(tmp_path.iterdir()) == []


def test_a_full_disk_is_one_error_line_and_leaves_no_temporary_file(tmp_path, monkeypatch):
    src = tmp_path / "in"
    write_articles(src, 3)
    out_dir = tmp_path / "out"
    out_dir.mkdir()

    def full(self, data):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(FullWriter, "write", full)
    for fmt in ("csv", "jsonl"):
        result = run("extract", str(src), "--format", fmt, "-o", str(out_dir / f"claims.{fmt}"))
        assert result.exit_code == ExitCode.OUTPUT_FAILED
        errors = [line for line in result.stderr.splitlines() if line.startswith("Error:")]
        assert errors == ["Error: cannot write the output: No space left on device"]
        assert "Traceback" not in result.stderr
        assert list(out_dir.iterdir()) == []


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
def test_writing_to_dev_full_is_one_error_line():
    result = run("extract", "-", "--format", "csv", "-o", "/dev/full")
    assert result.exit_code == ExitCode.OUTPUT_FAILED
    assert result.stderr.strip().splitlines()[-1].startswith("Error: cannot write the output")


# -- outputs are never inputs; one run per output --------------------------------------------


def test_a_run_never_reads_its_own_output_back(tmp_path, monkeypatch):
    write_articles(tmp_path, 2)
    monkeypatch.chdir(tmp_path)
    counts = []
    for _ in range(3):
        result = run("extract", ".", "-o", "claims.jsonl")
        assert result.exit_code == 0, result.stderr
        counts.append(len(Path("claims.jsonl").read_text(encoding="utf-8").splitlines()))
    Path("claims.jsonl.partial").write_text('{"text": "Officials said x."}\n', encoding="utf-8")
    result = run("extract", ".", "-o", "claims.jsonl", "--glob", "*")
    counts.append(len(Path("claims.jsonl").read_text(encoding="utf-8").splitlines()))
    assert counts == [2, 2, 2, 2]


def test_a_second_run_on_the_same_output_is_refused(tmp_path):
    write_articles(tmp_path / "in", 1)
    out = tmp_path / "claims.jsonl"
    with OutputLock(out):
        result = run("extract", str(tmp_path / "in"), "-o", str(out))
    assert result.exit_code == ExitCode.USAGE
    (line,) = result.stderr.strip().splitlines()
    assert line.startswith("Error: ") and "another claimx run" in line
    assert not out.exists()
    result = run("extract", str(tmp_path / "in"), "-o", str(out))  # the lock is gone with it
    assert result.exit_code == 0 and out.exists()
    assert not list(tmp_path.glob(".claims.jsonl.lock"))


def test_a_second_dask_run_into_one_folder_is_refused(tmp_path):
    pytest.importorskip("distributed")
    write_articles(tmp_path / "in", 1)
    out = tmp_path / "out"
    out.mkdir()
    with OutputLock(out, folder=True):
        result = run("extract", str(tmp_path / "in"), "--engine", "dask", "-o", str(out))
    assert result.exit_code == ExitCode.USAGE
    (line,) = result.stderr.strip().splitlines()
    assert line.startswith("Error: ") and "another claimx run" in line


def test_output_onto_a_symlink_writes_through_it(tmp_path):
    write_articles(tmp_path / "in", 1)
    real = tmp_path / "real.jsonl"
    real.write_text("old\n", encoding="utf-8")
    link = tmp_path / "link.jsonl"
    link.symlink_to(real)
    result = run("extract", str(tmp_path / "in"), "-f", "jsonl", "-o", str(link))
    assert result.exit_code == 0, result.stderr
    assert link.is_symlink() and json.loads(real.read_text(encoding="utf-8"))["claims"]
