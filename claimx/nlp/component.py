"""The `claimx` spaCy component: finds claims in a parsed Doc.

`nlp.add_pipe("claimx")` works in any English pipeline with a parser and NER (the factory is
registered through the `spacy_factories` entry point). The component sets:

- `doc._.claims`: the claims as validated `claimx.schema.Claim` objects;
- `doc._.claimx_meta`: what it found of the document (title, publication, byline, and
  `entities`: the entity table, as `claimx.schema.Referent` dicts);
- `doc.spans["claimx_content"]`, `["claimx_claimant"]`, `["claimx_cue"]`: the spans, for displaCy.

Claims are stored in `doc.user_data` as plain dicts so docs survive spaCy's multiprocessing.
"""

from __future__ import annotations

from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from claimx.rules.index import DocIndex
from claimx.rules.loader import load_rules
from claimx.rules.ruleset import RuleSet
from claimx.schema import Claim

_CLAIMS_KEY = "claimx_claims"
_META_KEY = "claimx_meta"


def _claims_getter(doc: Doc) -> list[Claim]:
    return [Claim.model_validate(c) for c in doc.user_data.get(_CLAIMS_KEY, [])]


def _meta_getter(doc: Doc) -> dict[str, Any]:
    return dict(doc.user_data.get(_META_KEY, {}))


if not Doc.has_extension("claims"):
    Doc.set_extension("claims", getter=_claims_getter)
if not Doc.has_extension("claimx_meta"):
    Doc.set_extension("claimx_meta", getter=_meta_getter)


class ClaimxComponent:
    """Runs claimx's attribution, comparison, hedge and publication-voice rules over a Doc."""

    def __init__(
        self,
        nlp: Language,
        name: str = "claimx",
        *,
        rules_dir: str | None = None,
        unattributed: bool = True,
        publication: str | None = None,
        set_spans: bool = True,
    ) -> None:
        from claimx.rules.engine import RuleEngine

        self.name = name
        self.rules: RuleSet = load_rules(rules_dir)
        self.unattributed = unattributed
        self.publication = publication
        self.set_spans = set_spans
        self.engine = RuleEngine(nlp.vocab, self.rules)

    def __call__(self, doc: Doc) -> Doc:
        # One index for the rules and the spans: building it walks every token.
        index = DocIndex(doc)
        claims, meta = self.engine.run(
            doc, index=index, unattributed=self.unattributed, publication=self.publication
        )
        doc.user_data[_CLAIMS_KEY] = claims
        doc.user_data[_META_KEY] = meta
        if self.set_spans:
            _set_spans(doc, claims, index)
        return doc


def _set_spans(doc: Doc, claims: list[dict[str, Any]], index: DocIndex) -> None:
    groups: dict[str, list[Any]] = {"claimx_content": [], "claimx_claimant": [], "claimx_cue": []}
    for claim in claims:
        parts = [
            ("claimx_content", claim["content"], claim["attribution"]),
            ("claimx_claimant", (claim["claimant"] or {}).get("span"), claim["claimant"]["kind"]),
            ("claimx_cue", claim.get("cue"), claim["attribution"]),
        ]
        for key, span, label in parts:
            if not span:
                continue
            sp = index.span(span["start"], span["end"], label=label)
            if sp is not None:
                groups[key].append(sp)
    for key, spans in groups.items():
        doc.spans[key] = spans


@Language.factory(
    "claimx",
    default_config={
        "rules_dir": None,
        "unattributed": True,
        "publication": None,
        "set_spans": True,
    },
    requires=["token.dep", "token.lemma", "token.pos", "doc.ents", "doc.sents"],
    assigns=["doc._.claims", "doc._.claimx_meta", "doc.spans"],
)
def make_claimx(
    nlp: Language,
    name: str,
    rules_dir: str | None,
    unattributed: bool,
    publication: str | None,
    set_spans: bool,
) -> ClaimxComponent:
    """Factory for `nlp.add_pipe("claimx", config={...})`; the config mirrors the CLI options."""
    return ClaimxComponent(
        nlp,
        name,
        rules_dir=rules_dir,
        unattributed=unattributed,
        publication=publication,
        set_spans=set_spans,
    )


def raw_claims_of(
    doc: Doc, *, offset: int = 0, publication: str | None = None
) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """The claims of a processed doc as plain dicts, with offsets shifted by `offset`, for
    callers that validate a whole record at once; and the document's meta.

    `publication` (given by the caller) replaces the name of publication-voice claimants.
    """
    raw = doc.user_data.get(_CLAIMS_KEY, [])
    meta = dict(doc.user_data.get(_META_KEY, {}))
    if offset and meta.get("entities"):
        # Entity ids of one piece, kept apart from the other pieces' like the claim ids.
        meta["entities"] = [
            {**_shift(e, offset), "id": f"{offset}-{e['id']}"} for e in meta["entities"]
        ]
    out = []
    for c in raw:
        if offset:
            # The pieces of one long text each number their claims from 1: keep the ids apart.
            c = _shift(c, offset)
            c["id"] = f"{offset}-{c['id']}"
            if c.get("duplicate_of"):
                c["duplicate_of"] = f"{offset}-{c['duplicate_of']}"
            if c["claimant"].get("entity"):
                c["claimant"] = {**c["claimant"], "entity": f"{offset}-{c['claimant']['entity']}"}
        if publication and c["claimant"]["kind"] == "publication":
            c = {**c, "claimant": {**c["claimant"], "name": publication}}
        out.append(c)
    return out, meta


def _shift(obj: Any, offset: int) -> Any:
    """Add `offset` to every span's start and end, recursively."""
    if isinstance(obj, dict):
        if "start" in obj and "end" in obj and "text" in obj:
            return {
                **{k: _shift(v, offset) for k, v in obj.items()},
                "start": obj["start"] + offset,
                "end": obj["end"] + offset,
            }
        return {k: _shift(v, offset) for k, v in obj.items()}
    if isinstance(obj, list):
        return [_shift(v, offset) for v in obj]
    return obj
