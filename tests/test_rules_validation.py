"""Broken rule files are refused at load with one line naming the file, the line and the problem.

Each test copies the shipped rules (`claimx/rules/data`) to a temporary folder, breaks one line,
and checks the library error and the CLI's one-line `Error:` with exit status 4 (RULES_INVALID),
for `--rules DIR` and for the shipped rules themselves.
"""

from __future__ import annotations

import json
import shutil
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from claimx.cli.main import app
from claimx.errors import ExitCode, RuleFileError
from claimx.rules import loader
from claimx.rules.loader import load_rules, shipped_rules
from claimx.rules.rows import _plain

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


def _token(token: str):
    """An entity row whose pattern is one token object (given as JSON text)."""
    return _whole(f'{{"label": "ORG", "pattern": [{token}]}}')


BREAKS = [
    # (file, how to break its first data line, words expected in the problem)
    ("cues.tsv", _cols((-1, None)), "expected 4 tab-separated columns (text, kind, frame, weight)"),
    ("cues.tsv", _cols((1, "")), "column 'kind' is empty"),
    (
        "cues.tsv",
        _cols((1, "verbx")),
        "column 'kind': unknown value 'verbx' (expected one of document, noun, phrase, verb)",
    ),
    ("cues.tsv", _cols((2, "gossip")), "column 'frame': unknown value 'gossip'"),
    ("cues.tsv", _cols((3, "heavy")), "column 'weight': 'heavy' is not a number"),
    ("cues.tsv", _cols((3, "1.5")), "column 'weight': 1.5 is outside 0..1"),
    ("cues.tsv", _cols((3, "nan")), "column 'weight': nan is outside 0..1"),
    (
        "hedges.tsv",
        _cols((1, "maybe")),
        "column 'type': unknown value 'maybe' (expected one of adverb, evidential, modal, phrase,",
    ),
    ("hedges.tsv", _cols((1, None)), "expected 2 tab-separated columns"),
    ("comparisons.tsv", _cols((1, "sideways")), "column 'kind': unknown value 'sideways'"),
    ("comparisons.tsv", _cols((3, None)), "expected 4 tab-separated columns"),
    (
        "comparisons.tsv",
        _cols((3, "sideways")),
        "column 'polarity': unknown value 'sideways' (expected one of better, different, equal,",
    ),
    ("comparatives.tsv", _cols((1, "superlative")), "column 'kind': unknown value 'superlative'"),
    ("comparatives.tsv", _cols((2, "equal")), "column 'polarity': unknown value 'equal'"),
    ("comparatives.tsv", _cols((2, None)), "expected 3 tab-separated columns"),
    ("sources.tsv", _cols((1, "crowd")), "column 'kind': unknown value 'crowd'"),
    (
        "sources.tsv",
        _cols((2, "maybe")),
        "column 'refers': unknown value 'maybe' (expected one of no, yes)",
    ),
    (
        "roles.tsv",
        _whole("chair\tof the board"),
        "expected 1 tab-separated column (title), found 2",
    ),
    ("names.tsv", _cols((1, "x")), "column 'gender': unknown value 'x' (expected one of f, m)"),
    ("names.tsv", _cols((1, "")), "column 'gender' is empty"),
    (
        "descriptions.tsv",
        _cols((1, "place")),
        "column 'kind': unknown value 'place' (expected one of organization, person, publication)",
    ),
    ("descriptions.tsv", _cols((2, "bank||lender")), "column 'matches': empty word"),
    ("descriptions.tsv", _cols((3, "x")), "column 'gender': unknown value 'x'"),
    ("honorifics.tsv", _cols((1, "n")), "column 'gender': unknown value 'n'"),
    ("honorifics.tsv", _cols((1, None)), "expected 2 tab-separated columns"),
    (
        "frames.tsv",
        _cols((1, "subject")),
        "column 'relation': unknown value 'subject' (expected ccomp, xcomp, dobj or prep:<word>)",
    ),
    ("frames.tsv", _cols((1, "prep:Of")), "column 'relation': unknown value 'prep:Of'"),
    ("frames.tsv", _cols((2, "2")), "column 'weight': 2.0 is outside 0..1"),
    ("verbs.tsv", _cols((1, "sideways")), "column 'reading': unknown value 'sideways'"),
    ("verbs.tsv", _cols((2, "for")), "column 'argument': reading 'xcomp' takes no argument"),
    ("verbs.tsv", _cols((1, "prep"), (2, "-")), "a prep reading needs a preposition"),
    ("verbs.tsv", _cols((0, "meander")), "'meander' is not a cue verb in cues.tsv"),
    (
        "negations.tsv",
        _cols((1, "adverb")),
        "column 'kind': unknown value 'adverb' (expected one of governor, particle)",
    ),
    ("negations.tsv", _cols((1, None)), "expected 2 tab-separated columns (word, kind)"),
    ("furniture.tsv", _cols((0, "(unclosed")), "column 'pattern': not a regular expression"),
    (
        "furniture.tsv",
        _cols((1, "page")),
        "column 'scope': unknown value 'page' (expected one of inline, line)",
    ),
    ("furniture.tsv", _cols((2, None)), "expected 3 tab-separated columns (pattern, scope, what)"),
    ("entities.jsonl", _token('{"LOWR": "x"}'), "pattern token 0: unknown attribute 'LOWR'"),
    ("entities.jsonl", _token('{"IS_ALPHA": "yes"}'), "pattern token 0 IS_ALPHA: input should be"),
    ("entities.jsonl", _token('{"TEXT": "a", "OP": "x"}'), "pattern token 0 OP: input should be"),
    ("entities.jsonl", _token('{"TEXT": "a", "OP": "{3,1}"}'), "operator '{3,1}'"),
    ("entities.jsonl", _token('{"_": {"flag": true}}'), "custom attributes ('_')"),
    (
        "entities.jsonl",
        _token('{"TEXT": {"REGEX": "(unclosed"}}'),
        "pattern token 0: bad REGEX '(unclosed'",
    ),
    ("entities.jsonl", _token('{"TEXT": {"NOT_IN": ["a"], "REGEX": "["}}'), "bad REGEX '['"),
    ("entities.jsonl", _token("{}"), "key 'pattern': token 0 must be a non-empty JSON object"),
    (
        "entities.jsonl",
        _whole('{"label": "ORG", "pattern": []}'),
        "key 'pattern': must be a phrase",
    ),
    (
        "entities.jsonl",
        _whole('{"label": "ORG", "pattern": " "}'),
        "an empty phrase matches nothing",
    ),
    (
        "entities.jsonl",
        _whole('{"label": "ORG", "pattern": "Acme", "colour": "red"}'),
        "unknown key 'colour' (expected label, pattern, id)",
    ),
    (
        "entities.jsonl",
        _whole('{"label": "ORG", "pattern": "Acme", "id": null}'),
        "key 'id': must be a string",
    ),
    ("entities.jsonl", _whole('{"label": 7, "pattern": "Acme"}'), "key 'label': expected a string"),
    ("entities.jsonl", _whole('{"label": "ORG", "pattern": '), "invalid JSON"),
    ("entities.jsonl", _whole('["ORG", "Acme"]'), "expected a JSON object, found a list"),
    ("entities.jsonl", _whole('{"pattern": "Acme"}'), "missing key 'label'"),
]


@pytest.mark.parametrize(
    ("name", "breaker", "problem"), BREAKS, ids=[f"{b[0]}:{b[2][:32]}" for b in BREAKS]
)
def test_a_broken_line_is_named_by_file_line_and_problem(
    rules_dir, tmp_path, name, breaker, problem
):
    path = rules_dir / name
    lineno = _first_data_line(path)
    _replace_line(path, lineno, breaker(path.read_text(encoding="utf-8").splitlines()[lineno - 1]))
    _assert_refused(rules_dir, tmp_path, f"{rules_dir}/{name}", lineno, problem)


def test_a_relation_given_two_polarities_is_refused_on_the_second_line(rules_dir, tmp_path):
    path = rules_dir / "comparisons.tsv"
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join([*lines, "outsmart\tverb\toutperform\tworse"]) + "\n")
    _assert_refused(
        rules_dir,
        tmp_path,
        f"{rules_dir}/comparisons.tsv",
        len(lines) + 1,
        "relation 'outperform' has polarity 'better' on an earlier line, 'worse' here",
    )


def _assert_refused(rules: Path, tmp_path: Path, shown: str, lineno: int, problem: str) -> None:
    """Both `load_rules` and `claimx extract --rules` refuse with one line naming all three."""
    with pytest.raises(RuleFileError) as info:
        load_rules(rules)
    assert (info.value.path, info.value.line) == (shown, lineno)
    assert problem in info.value.problem
    _assert_one_line(_extract_with(rules, tmp_path), f"Error: {shown}:{lineno}: ", problem)


def _assert_one_line(result, start: str, problem: str) -> None:
    assert result.exit_code == ExitCode.RULES_INVALID, result.stderr
    assert result.stdout == ""  # no record is written with rules that did not load
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and "Traceback" not in result.stderr, result.stderr
    assert lines[0].startswith(start), lines[0]
    assert problem in lines[0]


MANIFEST_BREAKS = [
    # (text of a line of manifest.json, what replaces it, the line reported, problem)
    ('"cues": "cues.tsv",', '"cues": cues.tsv,', '"cues"', "invalid JSON: Expecting value"),
    ('"cues": "cues.tsv",', '"cues": "",', '"cues"', "key 'files.cues': must not be empty"),
    ('"cues": "cues.tsv",', '"cues": 3,', '"cues"', "key 'files.cues': expected a string"),
    ('"cues": "cues.tsv",', "", '"files"', "missing key 'files.cues'"),
    ('"frames": "frames.tsv",', '"frame": "frames.tsv",', '"frame"', "unknown key 'files.frame'"),
    ('"name": "claimx-rules-en",', '"name": ["x"],', '"name"', "key 'name': expected a string"),
]


@pytest.mark.parametrize(
    ("old", "new", "reported", "problem"), MANIFEST_BREAKS, ids=[b[3] for b in MANIFEST_BREAKS]
)
def test_a_broken_manifest_is_named_by_line_and_problem(
    rules_dir, tmp_path, old, new, reported, problem
):
    path = rules_dir / "manifest.json"
    lines = path.read_text(encoding="utf-8").splitlines()
    (edited,) = [n for n, line in enumerate(lines, 1) if line.strip() == old]
    _replace_line(path, edited, new)
    text = path.read_text(encoding="utf-8").splitlines()
    lineno = next(n for n, line in enumerate(text, 1) if line.strip().startswith(reported))
    _assert_refused(rules_dir, tmp_path, str(path), lineno, problem)


def test_a_file_that_is_not_utf8_is_named_with_its_line(rules_dir, tmp_path):
    path = rules_dir / "roles.tsv"
    lineno = _first_data_line(path)
    lines = path.read_bytes().split(b"\n")
    lines[lineno - 1] += b"\xff"
    path.write_bytes(b"\n".join(lines))
    _assert_refused(rules_dir, tmp_path, str(path), lineno, "not UTF-8 text")


@pytest.fixture()
def broken_shipped_rules(rules_dir, monkeypatch):
    """The shipped rules replaced by `rules_dir` (to be broken), the loader's cache cleared."""
    monkeypatch.setattr(loader, "shipped_rules", lambda: rules_dir)
    loader._default_rules.cache_clear()
    yield rules_dir
    monkeypatch.undo()
    loader._default_rules.cache_clear()


@pytest.mark.parametrize(
    ("name", "breaker", "problem"),
    [
        ("cues.tsv", _cols((3, "1.7")), "column 'weight': 1.7 is outside 0..1"),
        ("entities.jsonl", _token('{"LOWR": "x"}'), "pattern token 0: unknown attribute 'LOWR'"),
    ],
)
def test_broken_shipped_rules_are_named_too(broken_shipped_rules, tmp_path, name, breaker, problem):
    path = broken_shipped_rules / name
    lineno = _first_data_line(path)
    _replace_line(path, lineno, breaker(path.read_text(encoding="utf-8").splitlines()[lineno - 1]))
    article = tmp_path / "x.txt"
    article.write_text("Officials said the plan would work.")
    result = runner.invoke(app, ["extract", str(article)])
    _assert_one_line(result, f"Error: claimx/rules/data/{name}:{lineno}: ", problem)


def test_plain_token_patterns_need_no_spacy_and_spacy_agrees():
    """The loader skips spaCy's validator only for tokens that validator certainly accepts."""
    from spacy.schemas import validate_token_pattern

    shipped: list[list[dict[str, Any]]] = [
        p["pattern"] for p in load_rules().entity_patterns if isinstance(p["pattern"], list)
    ]
    assert shipped
    samples: list[list[dict[str, Any]]] = [
        [{"ORTH": "a"}, {"LOWER": {"IN": []}}, {"NORM": {"NOT_IN": ["x"]}, "OP": "+"}],
        [{"LEMMA": "be", "POS": "AUX", "TAG": "VBZ", "DEP": "ROOT", "SHAPE": "xx"}],
        [{"ENT_TYPE": {"REGEX": "^ORG$"}, "OP": "!"}, {"OP": "*"}, {"TEXT": "a", "OP": "?"}],
    ]
    for pattern in shipped + samples:
        assert all(_plain(token) for token in pattern), pattern
        assert validate_token_pattern(pattern) == [], pattern
    odd: list[dict[str, Any]] = [
        {"LOWR": "x"},
        {"TEXT": 5},
        {"TEXT": {"IN": "ab"}},
        {"TEXT": {"FUZZY": "ab"}},
        {"OP": "{2}"},
        {"_": {}},
    ]
    assert not any(_plain(token) for token in odd)


def test_missing_file_and_bad_manifest(rules_dir, tmp_path):
    (rules_dir / "roles.tsv").unlink()
    result = _extract_with(rules_dir, tmp_path)
    assert result.exit_code == ExitCode.RULES_INVALID
    assert result.stderr.strip() == f"Error: {rules_dir}/roles.tsv: missing"

    (rules_dir / "manifest.json").write_text(json.dumps({"name": "x"}))
    result = _extract_with(rules_dir, tmp_path)
    assert result.exit_code == ExitCode.RULES_INVALID
    assert result.stderr.strip() == f"Error: {rules_dir}/manifest.json:1: missing key 'files'"


def test_rules_option_must_be_a_folder(tmp_path):
    result = _extract_with(tmp_path / "nowhere", tmp_path)
    assert result.exit_code == ExitCode.RULES_INVALID
    assert result.stderr.strip() == f"Error: {tmp_path / 'nowhere'}: not a directory of rule files"
