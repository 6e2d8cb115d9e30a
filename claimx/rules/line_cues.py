"""Line cues: a line that names its speaker by layout rather than by a verb.

Rules `colon-line` (`Name: what they said`, headlines and transcripts) and `dash-signature`
(`“...” ― Name`, embedded posts); see `claimx.rules.table`. Both read the layout's title, body
and key-point lines (`Context.body_lines`).
"""

from __future__ import annotations

import collections

from spacy.tokens import Token

from claimx.rules.candidate import Candidate
from claimx.rules.context import Context
from claimx.rules.text import trim_content

# Entity labels that name a speaker in a `Name: ...` label, and those that never do.
SPEAKER_LABELS = ("PERSON", "ORG", "NORP")
NOT_SPEAKER_LABELS = ("DATE", "TIME", "GPE", "LOC", "CARDINAL", "ORDINAL", "MONEY", "PERCENT")
QUOTE_OPENERS = "\"“‘'«"


def find(ctx: Context) -> list[Candidate]:
    """The family's candidates: colon lines first, then dash signatures."""
    return colon_lines(ctx) + dash_signatures(ctx)


def colon_lines(ctx: Context) -> list[Candidate]:
    """`Name: what they said` lines (headlines, transcripts): the name claims the rest."""
    out = []
    text, idx = ctx.text, ctx.index
    # A headline names its source short ("Sanders: ...") where the tagger may miss the name:
    # a capitalised word the article names elsewhere, or a source noun ("Poll: ..."), will do.
    named = {w for e in idx.ents if e.label_ in ("PERSON", "ORG", "NORP") for w in e.text.split()}
    named |= {w.upper() for w in named}  # a transcript's "PENCE:" for "Mike Pence"
    at = [
        (
            line,
            _label_start(text, line.start),
            text.find(":", line.start, min(line.end, line.start + 60)),
        )
        for line in ctx.body_lines
    ]
    colons = [
        (line, start, colon, text[start:colon].strip())
        for line, start, colon in at
        if colon > start and len(text[colon + 1 : line.end].split()) >= 3
    ]
    # A label that opens several lines (`Q:`, `A:`, `TAPPER:`) is a transcript's speaker, and
    # so is any upper-case label in a transcript.
    labels = collections.Counter(label for _, _, _, label in colons)
    transcript = any(n >= 2 for n in labels.values())
    for line, start, colon, label in colons:
        prefix = idx.span(start, colon, mode="contract")
        if prefix is None or not 1 <= len(prefix) <= 6:
            continue
        if labels[label] < 2 and not (transcript and label.isupper()):
            if not all(t.pos_ in ("PROPN", "NOUN", "PUNCT", "DET", "ADJ") for t in prefix):
                continue
            # Someone must be named: a person or organisation (tagged here or named elsewhere
            # in the article) or a source noun ("Poll: ..."). A capitalised label alone is a
            # heading on web pages ("The Latest:", "Stealth Over Health:"), and a date, place
            # or number labels a topic, not a speaker ("Monday morning:", "China:").
            if any(t.ent_type_ in NOT_SPEAKER_LABELS for t in prefix):
                continue
            if not any(
                t.ent_type_ in SPEAKER_LABELS
                or t.text[:1].isupper()
                and (t.text in named or t.lemma_.lower() in ctx.rules.source_nouns)
                for t in prefix
            ):
                continue
        content = trim_content(text, colon + 1, line.end)
        out.append(_line_claim(text, content, colon, prefix.root, "colon-line"))
    return out


def _label_start(text: str, start: int) -> int:
    """Where a line's label begins: after the quotation mark that may open a transcript's
    paragraph (`"PENCE: Well, look, ...`)."""
    while start < len(text) and text[start] in QUOTE_OPENERS:
        start += 1
    return start


def dash_signatures(ctx: Context) -> list[Candidate]:
    """`“...” ― Sonya Herridge` and embedded posts `... — Paul Ryan (@SpeakerRyan) July 5`:
    a line whose words are signed with a dash and a name."""
    out = []
    text = ctx.text
    for line in ctx.body_lines:
        dash = max(text.rfind(d, line.start, line.end) for d in ("―", "—", "–", " - "))
        if dash <= line.start:
            continue
        if text[dash] == " ":
            dash += 1
        sig_start = dash + 1
        while sig_start < line.end and text[sig_start] in " \xa0":
            sig_start += 1
        sig_end = line.end
        for stop in ("(@", "</", " (", ","):
            at = text.find(stop, sig_start, sig_end)
            if at > 0:
                sig_end = at
        name = text[sig_start:sig_end].strip(" .\xa0")
        if not _signature_tail(text[sig_end : line.end]):
            continue  # `MYRTLE BEACH, S.C. - Sen. Ted Cruz, who ...`: the sentence goes on
        words = name.split()
        if not 1 <= len(words) <= 5 or not all(w[:1].isupper() for w in words):
            continue
        start = text.rfind(">", line.start, dash) + 1 or line.start
        start = max(start, line.start)
        content = trim_content(text, start, dash)
        if len(text[content[0] : content[1]].split()) < 3:
            continue
        sig = ctx.index.span(sig_start, sig_start + len(name))
        if sig is None or any(t.pos_ in ("VERB", "AUX") for t in sig):
            continue
        out.append(_line_claim(text, content, dash, sig.root, "dash-signature"))
    return out


def _signature_tail(tail: str) -> bool:
    """Whether what follows a dash signature's name ends the line as a signature does: nothing, a
    handle or markup (`(@SpeakerRyan) July 5`), or a short date (`, March 3, 2016`)."""
    tail = tail.strip(" .\xa0")
    if not tail or tail.startswith(("(@", "<", "(")):
        return True
    return len(tail.split()) <= 4 and any(ch.isdigit() for ch in tail)


def _line_claim(
    text: str, content: tuple[int, int], cue_at: int, source: Token, rule: str
) -> Candidate:
    """A claim read off one line, `Name: ...` or `... ― Name`: the one-character cue at `cue_at`."""
    quoted = text[content[0]] in "\"“”‘'«"
    return Candidate(
        content=content,
        cue=(cue_at, cue_at + 1),
        source=source,
        rule=rule,
        weight=0.7,
        attribution="direct" if quoted else "indirect",
        frame="speech",
    )
