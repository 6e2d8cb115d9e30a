"""Over real pages: no claim or claimant is made of markup or page furniture, and claim ids are
unique and equal to their position.

Runs on a sample of the shared Wikinews corpus (every 25th article in name order, about 220 of
5,525: under a minute) so the suite stays quick. The same patterns over the whole corpus are
the figures reported with issue 15 (`claimx extract ../shared/corpus/wikinews`).
"""

from __future__ import annotations

import re

import pytest

# What markup and furniture look like once they reach a claim (text we wrote, not corpus text).
MARKUP = {
    "wiki heading": r"={2,}",
    "wiki link or template": r"\[\[|\]\]|\[https?://|\{\{|\}\}|\{\||\|\}",
    "wiki list": r"(^|\s)\*(\s|\S)",
    "HTML": r"<(br|hr|img|table|tr|td|div|span|p|a|iframe|!--)\b|/>",
    "copyright": r"©|\ball rights reserved\b",
    "credit line": r"(?i)^\(?(additional reporting|editing|writing) by\b",
    "read more": r"(?i)^(read more|related|watch|listen)\s*:",
    "call to action": r"(?i)\b(click|tap) here\b",
    "advertisement": r"(?i)\bstory continues below\b",
    "wiki image": r"(?i)\b(image|file):\S+\.(jpe?g|png|gif|svg)",
}
PATTERNS = {name: re.compile(p, re.MULTILINE) for name, p in MARKUP.items()}
SAMPLE_EVERY = 25


@pytest.mark.corpus
def test_wikinews_claims_hold_no_markup_and_ids_are_positions(corpus, extractor):
    files = sorted((corpus / "wikinews").glob("*.txt"))[SAMPLE_EVERY - 1 :: SAMPLE_EVERY]
    assert files
    items = [{"text": f.read_text(encoding="utf-8"), "path": f.name} for f in files]
    bad: list[str] = []
    for record in extractor.pipe(items):
        ids = [c.id for c in record.claims]
        expected = [f"{record.document.id}:{n}" for n in range(1, len(ids) + 1)]
        if ids != expected:
            bad.append(f"{record.document.path}: claim ids {ids[:5]}...")
        for claim in record.claims:
            span = claim.claimant.span
            for where, text in (
                ("claim", claim.content.text),
                ("claimant", span.text if span else ""),
            ):
                for name, pattern in PATTERNS.items():
                    if pattern.search(text):
                        bad.append(f"{record.document.path}: {where} holds {name}: {text[:80]!r}")
    assert not bad, f"{len(bad)} problems, first:\n" + "\n".join(bad[:20])
