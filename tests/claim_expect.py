"""Hand-written claim expectations and the matcher that checks them against extractor output.

A row names a claim by what a reader would point at (its claimant's name and a piece of its
content) and then states what must hold of it: kind, cue, attribution, hedging, role,
comparison, duplicate link. Fields set to `ANY` are not checked; `None` means "must be null".
Text is compared case-insensitively with typographic quotes and apostrophes folded to straight
ones, so a row written with ' matches content written with ’ (the spans themselves are not
changed: only the comparison is lenient about quote glyphs).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from claimx.schema import Claim, Comparison, DocumentRecord


class _Any:
    """Sentinel: do not check this field."""

    def __repr__(self) -> str:
        return "ANY"


ANY: Any = _Any()

_QUOTES = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "«": '"', "»": '"', "\u00a0": " "})


def fold(text: str | None) -> str:
    """Text folded for comparison: quote glyphs unified, whitespace collapsed, case-folded."""
    if text is None:
        return ""
    return re.sub(r"\s+", " ", text.translate(_QUOTES)).strip().casefold()


def fold_name(name: str | None) -> str:
    """A claimant name folded for comparison; a leading article does not matter."""
    folded = fold(name)
    return re.sub(r"^(the|a|an) ", "", folded)


def _alts(value: Any) -> tuple[Any, ...]:
    return value if isinstance(value, tuple) else (value,)


@dataclass
class Expect:
    """What must hold of one claim, found by claimant name and a piece of its content."""

    claimant: Any  # str | tuple of accepted names | ANY
    kind: Any  # str | tuple | ANY
    cue: Any  # str | tuple | None (no cue) | ANY
    content: str  # substring of the claim's content
    attribution: Any  # str | tuple | ANY
    hedged: Any  # bool | ANY
    extra: dict[str, Any] = field(default_factory=dict)
    # extra keys:
    #   role: substring of claimant.role; role_prefix: claimant.role starts with it
    #   span: claimant.span.text (folded) equals it
    #   hedge: substring of the hedge span (a tuple: any of them)
    #   span_contains: substring of claimant.span.text
    #   content_also: further substrings the content must hold
    #   content_excludes: substring the content must not contain
    #   comparison: {"subject": sub, "relation": str|tuple, "object": sub, "condition": sub|None}
    #   duplicate: True (duplicate_of points at an earlier claim) | False (duplicate_of null)
    #   frame: claim.frame equals it (a tuple: any of them)
    #   negated: claim.negated is it; negation: claim.negation.text (folded) equals it


def _names_match(claim: Claim, expected: Any) -> bool:
    if expected is ANY:
        return True
    return fold_name(claim.claimant.name) in {fold_name(n) for n in _alts(expected)}


def candidates(claims: list[Claim], exp: Expect) -> list[Claim]:
    """The claims whose content holds `exp.content` and whose claimant is `exp.claimant`."""
    want = fold(exp.content)
    return [c for c in claims if want in fold(c.content.text) and _names_match(c, exp.claimant)]


def problems(claim: Claim, exp: Expect, claims: list[Claim]) -> list[str]:
    """Every way `claim` differs from `exp` (empty when it matches)."""
    out: list[str] = []
    if exp.kind is not ANY and claim.claimant.kind not in _alts(exp.kind):
        out.append(f"kind {claim.claimant.kind!r}, expected {exp.kind!r}")
    if exp.cue is None:
        if claim.cue is not None:
            out.append(f"cue {claim.cue.text!r}, expected none")
    elif exp.cue is not ANY:
        # fold(None) is "": a tuple holding None accepts a claim without a cue.
        got = fold(claim.cue.text) if claim.cue else ""
        if got not in {fold(c) for c in _alts(exp.cue)}:
            out.append(f"cue {claim.cue.text if claim.cue else None!r}, expected {exp.cue!r}")
    if exp.attribution is not ANY and claim.attribution not in _alts(exp.attribution):
        out.append(f"attribution {claim.attribution!r}, expected {exp.attribution!r}")
    if exp.hedged is not ANY and claim.hedged is not exp.hedged:
        out.append(f"hedged {claim.hedged!r}, expected {exp.hedged!r}")
    extra = exp.extra
    role = claim.claimant.role
    if "role" in extra and fold(extra["role"]) not in fold(role):
        out.append(f"role {role!r}, expected to contain {extra['role']!r}")
    if "role_prefix" in extra and not fold(role).startswith(fold(extra["role_prefix"])):
        out.append(f"role {role!r}, expected to start with {extra['role_prefix']!r}")
    if "span" in extra:
        got = claim.claimant.span.text if claim.claimant.span else None
        if fold(got) != fold(extra["span"]) or got is None:
            out.append(f"claimant span {got!r}, expected {extra['span']!r}")
    if "hedge" in extra:
        got = claim.hedge.text if claim.hedge else None
        if got is None or not any(fold(h) in fold(got) for h in _alts(extra["hedge"])):
            out.append(f"hedge {got!r}, expected to contain {extra['hedge']!r}")
    for also in extra.get("content_also", ()):
        if fold(also) not in fold(claim.content.text):
            out.append(f"content {claim.content.text!r} does not also contain {also!r}")
    if "span_contains" in extra:
        got = claim.claimant.span.text if claim.claimant.span else None
        if got is None or fold(extra["span_contains"]) not in fold(got):
            out.append(f"claimant span {got!r}, expected to contain {extra['span_contains']!r}")
    if "content_excludes" in extra and fold(extra["content_excludes"]) in fold(claim.content.text):
        out.append(f"content {claim.content.text!r} must not contain {extra['content_excludes']!r}")
    if "frame" in extra and claim.frame not in _alts(extra["frame"]):
        out.append(f"frame {claim.frame!r}, expected {extra['frame']!r}")
    if "negated" in extra and claim.negated is not extra["negated"]:
        out.append(f"negated {claim.negated!r}, expected {extra['negated']!r}")
    if "negation" in extra:
        got = claim.negation.text if claim.negation else None
        if got is None or fold(got) != fold(extra["negation"]):
            out.append(f"negation {got!r}, expected {extra['negation']!r}")
    if "comparison" in extra:
        out.extend(comparison_problems(claim, extra["comparison"]))
    if "duplicate" in extra:
        out.extend(_duplicate_problems(claim, extra["duplicate"], claims))
    return out


def comparison_problems(claim: Claim, want: dict[str, Any]) -> list[str]:
    """How the comparison of `claim` closest to `want` differs from it (none when one of
    `claim.comparisons` meets it; subject/object/condition/names are substrings, polarity and
    negated exact)."""
    if not claim.comparisons:
        return [f"no comparison, expected {want!r}"]
    found = [_one_comparison_problems(c, want) for c in claim.comparisons]
    return min(found, key=len)


def _one_comparison_problems(comp: Comparison, want: dict[str, Any]) -> list[str]:
    out = []
    for key in ("polarity", "negated"):
        if key in want and getattr(comp, key) != want[key]:
            out.append(f"{key} {getattr(comp, key)!r}, expected {want[key]!r}")
    for key in ("subject_name", "object_name"):
        got_name = getattr(comp, key)
        if key in want and (got_name is None or fold(want[key]) not in fold(got_name)):
            out.append(f"{key} {got_name!r}, expected to contain {want[key]!r}")
    if "relation" in want and comp.relation not in _alts(want["relation"]):
        out.append(f"relation {comp.relation!r}, expected {want['relation']!r}")
    for key in ("subject", "object"):
        if key in want and fold(want[key]) not in fold(getattr(comp, key).text):
            out.append(f"{key} {getattr(comp, key).text!r}, expected to contain {want[key]!r}")
    if "condition" in want:
        got = comp.condition.text if comp.condition else None
        if want["condition"] is None and got is not None:
            out.append(f"condition {got!r}, expected none")
        elif want["condition"] is not None and (
            got is None or fold(want["condition"]) not in fold(got)
        ):
            out.append(f"condition {got!r}, expected to contain {want['condition']!r}")
    return out


def _duplicate_problems(claim: Claim, expected: bool, claims: list[Claim]) -> list[str]:
    if not expected:
        return (
            []
            if claim.duplicate_of is None
            else [f"duplicate_of {claim.duplicate_of!r}, expected none"]
        )
    if claim.duplicate_of is None:
        return ["duplicate_of is null, expected a link to the body claim"]
    target = next((c for c in claims if c.id == claim.duplicate_of), None)
    if target is None:
        return [f"duplicate_of {claim.duplicate_of!r} is not the id of any claim"]
    if target.content.start >= claim.content.start:
        return [f"duplicate_of points at {target.content.text!r}, which is not earlier in the text"]
    return []


def describe(claim: Claim) -> str:
    """One line per claim, for failure messages."""
    cue = claim.cue.text if claim.cue else None
    span = claim.claimant.span.text if claim.claimant.span else None
    comp = "".join(
        f" cmp=({c.subject.text!r} {c.relation}/{c.polarity}{'/not' if c.negated else ''}"
        f" {c.object.text!r} | {c.condition.text if c.condition else None!r})"
        for c in claim.comparisons
    )
    return (
        f"  [{claim.attribution}] {claim.claimant.name!r}/{claim.claimant.kind} span={span!r} "
        f"role={claim.claimant.role!r} cue={cue!r} hedged={claim.hedged} dup={claim.duplicate_of!r}"
        f"{comp}\n      content={claim.content.text!r}"
    )


def check(record: DocumentRecord, exp: Expect) -> str | None:
    """None when some claim of `record` meets `exp`; otherwise a readable explanation."""
    claims = record.claims
    found = candidates(claims, exp)
    for claim in found:
        if not problems(claim, exp, claims):
            return None
    head = f"expected claim: claimant={exp.claimant!r} content~{exp.content!r}"
    if found:
        lines = [head, "closest matches and what differs:"]
        for claim in found[:3]:
            lines.append(describe(claim))
            lines.extend(f"      - {p}" for p in problems(claim, exp, claims))
        return "\n".join(lines)
    want = fold(exp.content)
    near = [c for c in claims if want in fold(c.content.text) or _names_match(c, exp.claimant)]
    lines = [
        head,
        "no claim has both; claims with that content or that claimant:"
        if near
        else "no claim with that content or claimant",
    ]
    lines.extend(describe(c) for c in near[:6])
    lines.append(f"  ({len(claims)} claims in all)")
    return "\n".join(lines)
