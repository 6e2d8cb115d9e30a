"""Frames end to end: `Extractor(frames=)`, `--frame` on the commands, and `eval --frame`, whose
gold is kept to the same frames by reading each gold cue with the cue lexicon."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

import claimx
from claimx.cli.main import app
from claimx.engines.frames import parse_frames
from claimx.evaluation.chars import charset
from claimx.evaluation.frames import CueFrames, gold_in_frames, verb_forms
from claimx.evaluation.gold import GoldArticle, GoldAttribution
from claimx.evaluation.predictions import predictions_of
from claimx.rules.loader import load_rules

runner = CliRunner()
TEXT = (
    "Ines Moreau said the harbour would reopen in April. "
    "Tom Berg believes freight rates will fall. "
    "The port authority wants to double its fees."
)


def test_parse_frames_names_an_unknown_frame():
    assert parse_frames("speech, Belief") == {"speech", "belief"}
    assert parse_frames(None) is None
    assert parse_frames("speech,belief,intention,finding,evidential") is None  # all of them
    with pytest.raises(ValueError, match="unknown frame 'gossip'"):
        parse_frames("speech,gossip")


def test_extract_keeps_the_frames_asked_for_numbered_by_position():
    every = claimx.extract(TEXT)
    assert {"speech", "belief", "intention"} <= {c.frame for c in every.claims}
    speech = claimx.extract(TEXT, frames="speech")
    assert speech.claims and {c.frame for c in speech.claims} == {"speech"}
    assert [c.id for c in speech.claims] == [
        f"{speech.document.id}:{n}" for n in range(1, len(speech.claims) + 1)
    ]
    two = claimx.Extractor(frames=["speech", "belief"]).extract(TEXT)
    assert {c.frame for c in two.claims} == {"speech", "belief"}


def test_frame_option_filters_and_refuses_unknown_frames(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text(TEXT, encoding="utf-8")
    result = runner.invoke(app, ["extract", str(path), "--frame", "belief"])
    assert result.exit_code == 0, result.output
    record = json.loads(result.stdout)
    assert record["claims"] and {c["frame"] for c in record["claims"]} == {"belief"}
    bad = runner.invoke(app, ["extract", str(path), "--frame", "gossip"])
    assert bad.exit_code == 2
    assert "unknown frame 'gossip'" in bad.output


def test_verb_forms_cover_regular_and_irregular_inflections():
    assert {"say", "says", "said", "saying"} <= verb_forms("say")
    assert {"note", "notes", "noted", "noting"} <= verb_forms("note")
    assert {"deny", "denies", "denied"} <= verb_forms("deny")
    assert {"admit", "admitted", "admitting"} <= verb_forms("admit")


def _gold(cue: str | None, kind: str = "indirect") -> GoldAttribution:
    return GoldAttribution(id=cue or "-", content=charset([(0, 5)]), type=kind, cue_text=cue)


@pytest.mark.parametrize(
    ("cue", "kind", "frame"),
    [
        ("said", "indirect", "speech"),
        ("has told", "indirect", "speech"),
        ("according to", "indirect", "speech"),
        (":", "indirect", "speech"),
        ("believes", "indirect", "belief"),
        ("found", "indirect", "finding"),
        ("wants", "indirect", "intention"),
        ("hummed", "direct", "speech"),  # a quotation is speech whatever its cue
        ("hummed", "indirect", None),
        (None, "indirect", None),
    ],
)
def test_gold_cues_get_the_lexicon_frame(cue, kind, frame):
    assert CueFrames(load_rules()).of(_gold(cue, kind)) == frame


def test_eval_frames_keep_gold_and_predictions_of_the_same_frames():
    gold = [GoldArticle(id="a", text="x" * 10, attributions=[_gold("said"), _gold("believes")])]
    kept, left = gold_in_frames(gold, {"speech"}, load_rules())
    assert [g.cue_text for g in kept[0].attributions] == ["said"] and left == 1
    record = claimx.extract(TEXT)
    preds, _ = predictions_of(record, frames={"belief"})
    by_id = {c.id: c for c in record.claims}
    assert preds and {by_id[p.id].frame for p in preds} == {"belief"}
