"""`claimx show`: highlighted article text, legend and claims, with and without colour."""

from __future__ import annotations

import io
import re

import pytest
from record_factory import ARTICLE, article_record, empty_record
from rich.console import Console
from typer.testing import CliRunner

from claimx.cli.main import app
from claimx.outputs.terminal import NARROW, article_text, print_record

ANSI = re.compile(r"\x1b\[[0-9;]*m")


def _render(record, *, width=100, terminal=False, markers=None) -> str:
    out = io.StringIO()
    console = Console(
        file=out,
        width=width,
        force_terminal=terminal,
        color_system="standard" if terminal else None,
        highlight=False,
    )
    print_record(console, record, markers=markers)
    return out.getvalue()


def test_markers_bracket_every_part_and_number_contents():
    text = article_text(article_record(), markers=True).plain
    assert "[[Analysts]] <<said>> {{the new chip is faster than the A100}}[1]." in text
    assert '"{{We are ahead,}}[2]" <<said>> [[Dr. Lee]]' in text
    assert (
        "{{Sales may have doubled}}[3], <<according to>> [[Reuters <and> partners & co]]." in text
    )
    # Removing the markers gives back the article exactly.
    assert re.sub(r"\[\[|\]\]|<<|>>|\{\{|\}\}|\[\d+(,\d+)*\]", "", text) == ARTICLE


def test_styles_cover_exactly_the_claim_parts():
    text = article_text(article_record())
    styled = {text.plain[s.start : s.end]: str(s.style) for s in text.spans}
    assert "cyan" in styled["Analysts"] and "bold" in styled["Analysts"]
    assert "magenta" in styled["according to"]
    assert "underline" in styled["the new chip is faster than the A100"]
    assert "Chip race heats up" not in styled  # unclaimed text stays plain


def test_plain_output_uses_markers_and_no_escape_codes():
    out = _render(article_record())
    assert "\x1b[" not in out
    assert "[[Dr. Lee]]" in out and "Legend:" in out


def test_no_color_keeps_highlights_without_colour(monkeypatch):
    monkeypatch.setenv("NO_COLOR", "1")
    out = _render(article_record(), terminal=True)
    codes = {c for seq in ANSI.findall(out) for c in seq[2:-1].split(";") if c}
    assert codes, "highlights must survive NO_COLOR as bold/underline"
    assert {"1", "4"} <= codes
    assert not any(c.startswith(("3", "4")) and len(c) == 2 for c in codes), (
        codes
    )  # no fg/bg colours
    assert "[[" not in out  # a terminal shows styles, not markers


def test_colour_terminal_gets_colours(monkeypatch):
    monkeypatch.delenv("NO_COLOR", raising=False)
    out = _render(article_record(), terminal=True)
    assert "\x1b[1;36mAnalysts" in out  # bold cyan claimant


def test_wide_terminal_gets_table_narrow_gets_list():
    wide = _render(article_record(), width=NARROW + 20)
    narrow = _render(article_record(), width=NARROW - 30)
    assert "Claimant" in wide and "┃" in wide
    assert "┃" not in narrow
    assert "1. Analysts [group] said" in narrow
    assert max(len(line) for line in narrow.splitlines()) <= NARROW - 30


def test_article_text_is_never_read_as_markup():
    rec = article_record()
    odd = "[b]Chip[/b] heats!"  # as long as the headline it replaces, so offsets still hold
    assert len(odd) == len("Chip race heats up")
    doc = rec.document.model_copy(update={"title": "[red]Title[/red]"})
    rec = rec.model_copy(
        update={"text": rec.text.replace("Chip race heats up", odd), "document": doc}
    )
    out = _render(rec, markers=False)
    assert odd in out and "[red]Title[/red]" in out


def test_record_without_claims_says_so():
    assert "No claims found." in _render(empty_record(), width=50)


class _FakeExtractor:
    """Stands in for the spaCy pipeline: returns the hand-built record for any article."""

    def __init__(self, *args, **kwargs):
        assert kwargs.get("include_text") is True

    def pipe(self, items):
        for _ in items:
            yield article_record()


def test_show_command_prints_highlights_and_claims(tmp_path, monkeypatch):
    monkeypatch.setattr("claimx.engines.extractor.Extractor", _FakeExtractor)
    path = tmp_path / "a.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    result = CliRunner().invoke(app, ["show", str(path), "--width", "120"], env={"NO_COLOR": "1"})
    assert result.exit_code == 0, result.output
    assert "[[Analysts]] <<said>>" in result.stdout
    assert "Reuters <and> partners & co" in result.stdout


def test_show_missing_file_is_one_line_error(tmp_path):
    result = CliRunner().invoke(app, ["show", str(tmp_path / "nope.txt")])
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: ") and result.stderr.count("\n") == 1


@pytest.mark.slow
def test_show_on_a_sample_runs_the_real_pipeline():
    from pathlib import Path

    sample = Path(__file__).resolve().parents[1] / "samples" / "tech-chips.txt"
    if not sample.exists():
        pytest.skip("samples/ not present")
    result = CliRunner().invoke(app, ["show", str(sample), "--width", "70", "--markers"])
    assert result.exit_code == 0, result.output
    first_line = sample.read_text(encoding="utf-8").splitlines()[0]
    assert first_line.split()[0] in result.stdout
    assert "Legend:" in result.stdout
