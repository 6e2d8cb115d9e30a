"""Bad input loses nothing: one messy folder, one batch run, one record per input.

The fixture folder is generated here (no binaries are checked in) with every case the readers
must survive: encodings, binaries, stray control characters, empty files, HTML, dangling
symlinks, a symlink loop, a FIFO, a directory named like a file, a long single line. Also: no
regular expression on the reading or rule path may take super-linear time on hostile text.
"""

from __future__ import annotations

import ast
import json
import os
import random
import re
import time
from importlib import resources
from pathlib import Path

import pytest
from typer.testing import CliRunner

from claimx.cli.main import app
from claimx.errors import ExitCode
from claimx.rules.loader import shipped_rules
from claimx.schema import DocumentRecord

runner = CliRunner()

# A sentence the rules attribute in any encoding: a quote, a cue, a named speaker.
QUOTE = "\u201cThe new chip is faster than the A100,\u201d said Jane Smith, an analyst at Acme Research."
ARTICLE = f"Chip race heats up\n\n{QUOTE}\n\nOfficials said the export rules would stay in place.\n"

QUOTE_HTML = QUOTE.replace("\u201c", "&ldquo;").replace("\u201d", "&rdquo;")
PAGE = f"""<!DOCTYPE html><html><head><title>Chip race heats up</title>
<meta name="author" content="Jane Doe"><script>var said = "script text said nothing";</script></head>
<body><nav><a href="/">Home</a></nav><article><h1>Chip race heats up</h1>
<p>{QUOTE_HTML}</p>
<p>Officials said the export rules would stay in place, according to the ministry of commerce.</p>
</article><footer>Copyright</footer></body></html>"""

# name -> (bytes or None for special entries, expected error type or None, claims expected)
TEXT_FILES: dict[str, tuple[bytes, str | None, bool]] = {
    "utf8.txt": (ARTICLE.encode("utf-8"), None, True),
    "utf8-bom.txt": (ARTICLE.encode("utf-8-sig"), None, True),
    "utf16.txt": (ARTICLE.encode("utf-16"), None, True),
    "utf16be-bom.txt": (b"\xfe\xff" + ARTICLE.encode("utf-16-be"), None, True),
    "utf32.txt": (ARTICLE.encode("utf-32"), None, True),
    "cp1252.txt": (ARTICLE.encode("cp1252"), None, True),
    "latin1.txt": (
        "Le ministre a d\u00e9clar\u00e9 que l'\u00e9conomie \u00e9tait forte. Gar\u00e7on, na\u00efve.\n".encode(
            "latin-1"
        ),
        None,
        False,
    ),
    "control-chars.txt": (ARTICLE.replace("Officials", "Offi\x00cials\x07").encode(), None, True),
    "empty.txt": (b"", None, False),
    "whitespace.txt": (b"  \n\n\t \r\n", None, False),
    "page.html": (PAGE.encode(), None, True),
    "long-line.txt": (
        ((QUOTE + " ") * 150 + "\n").encode(),
        None,
        True,
    ),  # 14k characters, no newline
    "image.png": (b"\x89PNG\r\n\x1a\n" + random.Random(1).randbytes(2000), "binary", False),
    "photo.jpg": (
        b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + random.Random(2).randbytes(2000),
        "binary",
        False,
    ),
    "report.pdf": (
        b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n",
        "binary",
        False,
    ),
    "archive.zip": (
        b"PK\x03\x04\x14\x00\x00\x00\x08\x00" + random.Random(3).randbytes(500),
        "binary",
        False,
    ),
    "data.gz": (b"\x1f\x8b\x08\x00" + random.Random(4).randbytes(500), "binary", False),
    "noise.bin": (random.Random(5).randbytes(4096), "binary", False),
    "sub/deep.txt": (ARTICLE.encode(), None, True),
}


def make_messy_folder(root: Path) -> dict[str, str | None]:
    """Write the fixture; returns {relative path: expected error type or None} for every input."""
    expected: dict[str, str | None] = {}
    for name, (data, error, _) in TEXT_FILES.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        expected[name] = error
    os.symlink(root / "does-not-exist.txt", root / "dangling.txt")
    expected["dangling.txt"] = "unreadable"
    os.symlink(root, root / "sub" / "loop")  # recursive descent must not go round forever
    os.mkfifo(root / "pipe.txt")  # would block a naive reader forever
    expected["pipe.txt"] = "unreadable"
    (root / "folder.txt").mkdir()  # a directory with a file's name: walked, it is just empty
    (root / ".hidden.txt").write_text("hidden files are skipped")
    return expected


def run_extract(*args: str):
    return runner.invoke(app, ["extract", *args], catch_exceptions=False)


def parse_records(stdout: str) -> list[DocumentRecord]:
    return [DocumentRecord.model_validate_json(line) for line in stdout.splitlines()]


def all_spans(value):
    """Every {text, start, end} object inside a record, however deeply nested."""
    if isinstance(value, dict):
        if {"text", "start", "end"} <= value.keys():
            yield value
        for child in value.values():
            yield from all_spans(child)
    elif isinstance(value, list):
        for child in value:
            yield from all_spans(child)


@pytest.fixture(scope="module")
def messy_run(tmp_path_factory):
    root = tmp_path_factory.mktemp("messy")
    expected = make_messy_folder(root)
    # `--glob '*'`: every file, binaries too (a folder walk alone takes only text-like names).
    result = run_extract(
        str(root), "--recursive", "--glob", "*", "--format", "jsonl", "--include-text"
    )
    return root, expected, result


def test_a_folder_walk_without_glob_takes_text_like_files_only(tmp_path):
    make_messy_folder(tmp_path)
    (tmp_path / "notes.md").write_text("Officials said the notes were private.")
    (tmp_path / "records.json").write_text('{"a": 1}')
    (tmp_path / "README").write_text("Officials said a file without an extension is text.")
    result = run_extract(str(tmp_path), "--format", "jsonl")
    got = {os.path.relpath(r.document.path, tmp_path) for r in parse_records(result.stdout)}
    assert "README" in got and "utf8.txt" in got and "page.html" in got
    assert not got & {"notes.md", "records.json", "image.png", "noise.bin", "data.gz"}


def test_one_record_per_input_in_order(messy_run):
    root, expected, result = messy_run
    records = parse_records(result.stdout)
    got = [os.path.relpath(r.document.path, root) for r in records]
    assert got == sorted(expected, key=lambda name: Path(name).parts)
    assert len(got) == len(set(got))  # the symlink loop did not visit anything twice


def test_error_records_only_where_input_is_unreadable(messy_run):
    root, expected, result = messy_run
    for record in parse_records(result.stdout):
        name = os.path.relpath(record.document.path, root)
        want = expected[name]
        assert (record.error.type if record.error else None) == want, name
        if want is not None:
            assert record.error.message.startswith(f"{record.document.path}: ")
            assert record.claims == [] and record.text is None


def test_errors_are_one_line_each_on_stderr_and_the_exit_code_says_some_failed(messy_run):
    root, expected, result = messy_run
    assert result.exit_code == ExitCode.INPUT_FAILED
    error_lines = [line for line in result.stderr.splitlines() if line.startswith("Error: ")]
    failed = sorted(str(root / name) for name, error in expected.items() if error)
    assert sorted(line.split(": ", 2)[1] for line in error_lines) == failed
    assert "Traceback" not in result.stderr


def test_decodable_files_have_their_encoding_and_claims(messy_run):
    root, expected, result = messy_run
    by_name = {os.path.relpath(r.document.path, root): r for r in parse_records(result.stdout)}
    encodings = {
        name: by_name[name].document.encoding
        for name in ("utf8.txt", "utf8-bom.txt", "utf16.txt", "utf32.txt", "cp1252.txt")
    }
    assert encodings == {
        "utf8.txt": "utf-8",
        "utf8-bom.txt": "utf-8-sig",
        "utf16.txt": "utf-16-le",
        "utf32.txt": "utf-32-le",
        "cp1252.txt": "cp1252",
    }
    for name, (_, error, has_claims) in TEXT_FILES.items():
        record = by_name[name]
        if error is None:
            assert record.text is not None, name
        if has_claims:
            assert record.claims, f"no claims in {name}"
            assert any("faster than the A100" in c.content.text for c in record.claims), name
    for name in ("empty.txt", "whitespace.txt"):
        assert by_name[name].error is None and by_name[name].claims == []
    # text that was not in an encoding's text never became claims: a BOM is not content
    assert by_name["utf8-bom.txt"].text == by_name["utf8.txt"].text == ARTICLE


def test_every_span_matches_the_decoded_text(messy_run):
    _, _, result = messy_run
    checked = 0
    for line in result.stdout.splitlines():
        raw = json.loads(line)
        for span in all_spans(raw["claims"]):
            assert raw["text"][span["start"] : span["end"]] == span["text"]
            checked += 1
    assert checked > 50


def test_html_markup_never_leaks(messy_run):
    root, _, result = messy_run
    (page,) = [r for r in parse_records(result.stdout) if r.document.path.endswith("page.html")]
    assert page.document.title == "Chip race heats up" and page.document.byline == "Jane Doe"
    assert "<" not in page.text and "script text" not in page.text
    for claim in page.claims:
        assert "<" not in claim.content.text and "&" not in claim.content.text


def test_max_chars_makes_an_error_record_not_a_crash(tmp_path):
    small = tmp_path / "small.txt"
    small.write_text(ARTICLE)
    big = tmp_path / "big.txt"
    big.write_text(ARTICLE * 20)
    result = run_extract(str(small), str(big), "--max-chars", str(len(ARTICLE) * 2))
    assert result.exit_code == ExitCode.INPUT_FAILED
    first, second = parse_records(result.stdout)
    assert first.error is None and second.error.type == "too_large"
    assert f"Error: {big}: too large" in result.stderr


def test_stdin_binary_is_an_error_record():
    result = runner.invoke(
        app, ["extract", "-", "--format", "jsonl"], input=b"%PDF-1.5\n\x00\x01binary"
    )
    assert result.exit_code == ExitCode.INPUT_FAILED
    (record,) = parse_records(result.stdout)
    assert record.error.type == "binary" and record.document.path is None
    assert result.stderr.startswith("Error: <stdin>: binary file (PDF document)")


@pytest.mark.slow
def test_a_long_single_line(tmp_path):
    # 100 KB without one line break: cut into pieces, parsed whole, offsets true. The 1 MB
    # version, with its time and memory, is `benchmarks/hostile_inputs.py`.
    line = tmp_path / "line.txt"
    words = "Officials said the plan would work and critics disagreed with them. "
    text = words * (100_000 // len(words))
    line.write_text(text)
    result = run_extract(str(line), "--format", "jsonl")
    assert result.exit_code == ExitCode.OK, result.stderr
    (record,) = parse_records(result.stdout)
    assert record.document.chars == len(text) and record.error is None
    # Every sentence holds the same claim: one per sentence, found across every piece's join.
    assert len(record.claims) >= text.count("Officials said") * 0.9
    for claim in record.claims:
        assert text[claim.content.start : claim.content.end] == claim.content.text


# -- no super-linear regular expressions -------------------------------------------------------


def _nested_unbounded(pattern: str) -> bool:
    """True when an unbounded repeat contains another unbounded repeat: `(a+)*`, `(?:x*y)+`.

    Star height above one is the shape of catastrophic backtracking in Python's `re`.
    """
    from re import _parser as parser  # the stdlib's own parser of regex syntax

    unbounded = {parser.MAX_REPEAT, parser.MIN_REPEAT}

    def walk(items, inside: bool) -> bool:
        for op, arg in items:
            if op in unbounded:
                low, high, sub = arg
                is_open = high == parser.MAXREPEAT or high > 100
                if is_open and inside:
                    return True
                if walk(sub, inside or is_open):
                    return True
            elif op == parser.SUBPATTERN:
                if walk(arg[-1], inside):
                    return True
            elif op == parser.BRANCH:
                if any(walk(branch, inside) for branch in arg[1]):
                    return True
            elif op in (parser.ASSERT, parser.ASSERT_NOT) and walk(arg[1], inside):
                return True
        return False

    return walk(parser.parse(pattern), False)


def _shipped_entity_regexes() -> list[str]:
    found = []
    text = (shipped_rules() / "entities.jsonl").read_text(encoding="utf-8")
    for line in text.splitlines():
        if not line.strip():
            continue
        for token in (
            json.loads(line)["pattern"] if isinstance(json.loads(line)["pattern"], list) else []
        ):
            for spec in token.values():
                if isinstance(spec, dict) and "REGEX" in spec:
                    found.append(spec["REGEX"])
    return sorted(set(found))


def _source_regexes() -> list[str]:
    """Literal patterns passed to `re.*` anywhere in the claimx package."""
    found = []
    root = Path(resources.files("claimx"))
    for path in root.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and isinstance(node.func.value, ast.Name)
                and node.func.value.id == "re"
                and node.args
                and isinstance(node.args[0], ast.Constant)
                and isinstance(node.args[0].value, str)
            ):
                found.append(node.args[0].value)
    return found


def test_the_checker_catches_nested_quantifiers():
    assert (
        _nested_unbounded(r"^(a+)+$")
        and _nested_unbounded(r"(?:\s*,\s*)*x")
        and _nested_unbounded(r"(x|y+)*")
    )
    assert not _nested_unbounded(
        r"^(?:-?\d+(?:\.\d+)?[A-Za-z]?|[A-Z]\d?)$"
    ) and not _nested_unbounded(r"\d{1,4}(?:\.\d)?")


def test_no_regex_in_the_rules_or_the_code_has_nested_unbounded_quantifiers():
    patterns = _shipped_entity_regexes() + _source_regexes()
    assert patterns, "found no patterns to check"
    risky = [p for p in patterns if _nested_unbounded(p)]
    assert risky == []


@pytest.mark.parametrize("unit", ["1", "1.", "A", "-1", "v1", "GPT-1", '"', " "])
def test_entity_regexes_are_linear_on_hostile_tokens(unit):
    # Compare the work on n and 4n characters: linear work grows 4x, quadratic 16x. CPU time of
    # many repetitions, so the ratio does not depend on the machine's speed.
    compiled = [re.compile(p) for p in _shipped_entity_regexes()]

    def cost(n: int) -> float:
        text = unit * n + "!"
        start = time.process_time()
        for _ in range(20):
            for rx in compiled:
                rx.search(text)
        return time.process_time() - start

    small, large = cost(5_000), cost(20_000)
    assert large < 8 * max(small, 1e-4)


@pytest.mark.slow
@pytest.mark.parametrize(
    "make",
    [
        pytest.param(lambda n: '"' * n, id="straight-quotes"),
        pytest.param(lambda n: "\u201c" * n, id="curly-quotes"),
        pytest.param(lambda n: "\u2014" * n, id="em-dashes"),
        pytest.param(lambda n: "-" * n, id="hyphens"),
        pytest.param(lambda n: "a" + " " * n + "b", id="spaces"),
        pytest.param(lambda n: '" ' * (n // 2), id="spaced-quotes"),
        pytest.param(lambda n: ' - "' * (n // 4), id="quote-dash-mix"),
    ],
)
def test_hostile_runs_take_linear_time_through_reader_and_extractor(make, extractor, tmp_path):
    from claimx.inputs.readers import read_path

    def cost(n: int) -> float:
        path = tmp_path / f"run{n}.txt"
        path.write_text(make(n), encoding="utf-8")
        start = time.process_time()
        article = read_path(str(path))
        record = next(extractor.pipe([article]))
        assert record.error is None
        return time.process_time() - start

    cost(500)  # warm up: first-call costs are not the run's
    small, large = cost(2_000), cost(8_000)
    assert large < 8 * max(small, 0.01)
