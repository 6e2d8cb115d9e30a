"""Broken rule files are refused at load with one line naming the file, the line and the problem.

Each test copies the shipped rules (`claimx/models`) to a temporary folder, breaks one line, and
checks the library error and the CLI's one-line `Error:` with exit status 4 (RULES_INVALID).
"""

from __future__ import annotations

import json
import shutil
from importlib import resources
from pathlib import Path

import pytest
from typer.testing import CliRunner

from claimx.cli.main import app
from claimx.errors import ExitCode, RuleFileError
from claimx.rules.loader import load_rules, shipped_rules

runner = CliRunner()


@pytest.fixture()
def rules_dir(tmp_path) -> Path:
    """A writable copy of the shipped rule files."""
    with resources.as_file(shipped_rules()) as shipped:
        target = tmp_path / "rules"
        shutil.copytree(shipped, target)
    return target


def _first_data_line(path: Path) -> int:
    """1-based number of the first non-comment, non-blank line."""
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.strip() and not line.lstrip().startswith("#"):
            return n
    raise AssertionError(f"{path} has no data line")


def _replace_line(path: Path, lineno: int, new: str) -> None:
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[lineno - 1] = new
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _extract_with(rules: Path, tmp_path: Path):
    article = tmp_path / "x.txt"
    article.write_text("Officials said the plan would work.")
    return runner.invoke(app, ["extract", "--rules", str(rules), str(article)])


def test_shipped_copy_is_valid(rules_dir, tmp_path):
    assert load_rules(rules_dir).cue_verbs  # the copy itself loads: the breakage below is the cause
    result = _extract_with(rules_dir, tmp_path)
    assert result.exit_code == ExitCode.OK, result.stderr


def _cols(*edits):
    """A break made from the file's first data line: `edits` are (column, value); value None drops it."""

    def make(line: str) -> str:
        cols = line.split("\t")
        for index, value in edits:
            if value is None:
                del cols[index]
            else:
                cols[index] = value
        return "\t".join(cols)

    return make


def _whole(line: str):
    return lambda _old: line


BREAKS = [
    # (file, how to break its first data line, words expected in the problem)
    ("cues.tsv", _cols((-1, None)), "tab-separated columns, found"),
    ("cues.tsv", _cols((2, "gossip")), "unknown frame 'gossip'"),
    ("cues.tsv", _cols((3, "heavy")), "weight 'heavy' is not a number"),
    ("cues.tsv", _cols((3, "1.5")), "weight 1.5 is outside 0..1"),
    ("hedges.tsv", _cols((1, "maybe")), "unknown type 'maybe'"),
    ("frames.tsv", _cols((1, "subject")), "unknown relation 'subject'"),
    ("frames.tsv", _cols((2, "2")), "weight 2.0 is outside 0..1"),
    ("sources.tsv", _cols((1, "crowd")), "unknown kind 'crowd'"),
    ("verbs.tsv", _cols((1, "sideways")), "unknown reading 'sideways'"),
    ("verbs.tsv", _cols((2, "for")), "takes no argument"),
    ("verbs.tsv", _cols((0, "meander")), "'meander' is not a cue verb"),
    ("comparisons.tsv", _cols((1, "sideways")), "unknown kind 'sideways'"),
    (
        "entities.jsonl",
        _whole('{"label": "ORG", "pattern": [{"TEXT": {"REGEX": "(unclosed"}}]}'),
        "bad REGEX '(unclosed'",
    ),
    (
        "entities.jsonl",
        _whole('{"label": "ORG", "pattern": "Acme", "colour": "red"}'),
        "unknown keys: colour",
    ),
    ("entities.jsonl", _whole('{"label": "ORG", "pattern": '), "invalid JSON"),
    ("entities.jsonl", _whole('{"pattern": "Acme"}'), "missing 'label'"),
]


@pytest.mark.parametrize(
    ("name", "breaker", "problem"), BREAKS, ids=[f"{b[0]}:{b[2][:24]}" for b in BREAKS]
)
def test_a_broken_line_is_named_by_file_line_and_problem(
    rules_dir, tmp_path, name, breaker, problem
):
    path = rules_dir / name
    lineno = _first_data_line(path)
    _replace_line(path, lineno, breaker(path.read_text(encoding="utf-8").splitlines()[lineno - 1]))

    with pytest.raises(RuleFileError) as info:
        load_rules(rules_dir)
    assert (info.value.path, info.value.line) == (f"{rules_dir}/{name}", lineno)
    assert problem in info.value.problem

    result = _extract_with(rules_dir, tmp_path)
    assert result.exit_code == ExitCode.RULES_INVALID
    assert result.stdout == ""  # no record is written with rules that did not load
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.stderr
    assert lines[0].startswith(f"Error: {rules_dir}/{name}:{lineno}: ")
    assert problem in lines[0]


def test_missing_file_and_bad_manifest(rules_dir, tmp_path):
    (rules_dir / "roles.tsv").unlink()
    result = _extract_with(rules_dir, tmp_path)
    assert result.exit_code == ExitCode.RULES_INVALID
    assert result.stderr.strip() == f"Error: {rules_dir}/roles.tsv: missing"

    (rules_dir / "manifest.json").write_text(json.dumps({"name": "x"}))
    result = _extract_with(rules_dir, tmp_path)
    assert result.exit_code == ExitCode.RULES_INVALID
    assert (
        result.stderr.strip()
        == f"Error: {rules_dir}/manifest.json: expected an object with a 'files' mapping"
    )


def test_rules_option_must_be_a_folder(tmp_path):
    result = _extract_with(tmp_path / "nowhere", tmp_path)
    assert result.exit_code == ExitCode.RULES_INVALID
    assert result.stderr.strip() == f"Error: {tmp_path / 'nowhere'}: not a directory of rule files"
