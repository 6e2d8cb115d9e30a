"""The spaCy component, used the way spaCy users use it: from a fresh interpreter."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

import pytest

TEXT = 'Analysts said the new chip is faster than the A100. "We are ahead," Lee said.'


@pytest.fixture(scope="module")
def model() -> str:
    from claimx.errors import ModelNotFoundError
    from claimx.nlp.pipeline import resolve_model

    try:
        return resolve_model(None)
    except ModelNotFoundError as exc:
        pytest.skip(str(exc))


def _fresh(script: str, model: str, tmp_path) -> dict:
    """Run `script` in a new interpreter (nothing imported) and return the JSON it prints."""
    code = (
        textwrap.dedent(script)
        .replace("MODEL", json.dumps(model))
        .replace("TEXT", json.dumps(TEXT))
    )
    code = code.replace("TMP", json.dumps(str(tmp_path)))
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=300, cwd=tmp_path
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.mark.slow
def test_add_pipe_without_importing_claimx(model, tmp_path):
    out = _fresh(
        """
        import json, sys
        import spacy
        from spacy import displacy
        before = sorted(m for m in sys.modules if m.split(".")[0] == "claimx")
        nlp = spacy.load(MODEL)
        nlp.add_pipe("claimx")
        doc = nlp(TEXT)
        claims = doc._.claims
        html = displacy.render(doc, style="span", options={"spans_key": "claimx_content"})
        print(json.dumps({
            "before": before,
            "types": sorted({type(c).__module__ + "." + type(c).__name__ for c in claims}),
            "claims": [c.model_dump() for c in claims],
            "spans": {k: [[s.start_char, s.end_char, s.label_] for s in doc.spans[k]]
                      for k in ("claimx_content", "claimx_claimant", "claimx_cue")},
            "html": html,
        }))
        """,
        model,
        tmp_path,
    )
    assert out["before"] == []  # the factory came through the spacy_factories entry point
    assert out["types"] == ["claimx.schema.Claim"]
    claims = out["claims"]
    assert claims, "the component found no claim in a plain 'X said Y' sentence"
    # Every claim part with a span is in doc.spans, labelled, covering its characters.
    contents = {(c["content"]["start"], c["content"]["end"]) for c in claims}
    assert {(s, e) for s, e, _ in out["spans"]["claimx_content"]} == contents
    assert {label for *_, label in out["spans"]["claimx_content"]} <= {
        c["attribution"] for c in claims
    }
    claimants = {
        (c["claimant"]["span"]["start"], c["claimant"]["span"]["end"])
        for c in claims
        if c["claimant"]["span"]
    }
    assert {(s, e) for s, e, _ in out["spans"]["claimx_claimant"]} == claimants
    cues = {(c["cue"]["start"], c["cue"]["end"]) for c in claims if c["cue"]}
    assert {(s, e) for s, e, _ in out["spans"]["claimx_cue"]} == cues
    # displaCy draws the content spans with their labels (one token at a time).
    assert all(word in out["html"] for word in ("chip", "faster", "A100"))
    shown = {line.strip() for line in out["html"].splitlines()}
    assert {label for *_, label in out["spans"]["claimx_content"]} <= shown


@pytest.mark.slow
def test_component_config_and_saved_pipeline(model, tmp_path):
    out = _fresh(
        """
        import json
        import spacy
        nlp = spacy.load(MODEL)
        nlp.add_pipe("claimx", config={"set_spans": False, "unattributed": False})
        doc = nlp(TEXT)
        no_spans = [k for k in doc.spans if k.startswith("claimx")]
        nlp.to_disk(TMP + "/pipe")
        again = spacy.load(TMP + "/pipe")
        cfg = again.get_pipe_config("claimx")
        print(json.dumps({
            "no_spans": no_spans,
            "kinds": [c.attribution for c in doc._.claims],
            "reloaded": len(again(TEXT)._.claims),
            "cfg": {k: cfg[k] for k in ("set_spans", "unattributed")},
        }))
        """,
        model,
        tmp_path,
    )
    assert out["no_spans"] == []
    assert "unattributed" not in out["kinds"]
    assert out["reloaded"] == len(out["kinds"]) > 0  # a saved pipeline loads with claimx in it
    assert out["cfg"] == {"set_spans": False, "unattributed": False}
