"""`according to X, A` and `A, in X's poll`: a phrase before or after the clause it attributes.

Rules `according-to` and `in-document`; see `claimx.rules.table`.
"""

from __future__ import annotations

from spacy.tokens import Token

from claimx.rules.candidate import Candidate
from claimx.rules.context import Context
from claimx.rules.ruleset import RuleSet
from claimx.rules.syntax import of_object, sourcey, subject
from claimx.rules.text import char_range, trim_content

# Subjects that are a share of those polled (`71 percent approved`, `most said`).
SHARE_WORDS = {
    "percent",
    "%",
    "majority",
    "minority",
    "most",
    "half",
    "third",
    "quarter",
    "plurality",
    "share",
}


def find(ctx: Context) -> list[Candidate]:
    """`according to X` and `in X's poll` before or after the clause they attribute.

    `in` counts when its object is a document noun of `cues.tsv` (`in a new poll, A`,
    `A, in the latest survey`, `in Forbes' words`); the document, or its possessor, is the source.
    """
    out = []
    doc, idx, rules = ctx.doc, ctx.index, ctx.rules
    cue = rules.cue_phrases.get("according to")
    lower, dep = idx.lower, idx.dep
    for i, low in enumerate(lower):
        # Only "according to" and a prepositional "in" can start a phrase: test the index's lists first.
        if not (
            low == "according"
            and i + 1 < len(lower)
            and lower[i + 1] == "to"
            or low == "in"
            and dep[i] == "prep"
        ):
            continue
        tok = doc[i]
        if low == "according":
            to = doc[i + 1]
            pobj = next((c for c in to.children if c.dep_ == "pobj"), None)
            rule, weight, attribution = (
                "according-to",
                cue.weight if cue else 0.85,
                "according_to",
            )
        else:
            to = tok
            pobj = next(
                (
                    d
                    for c in tok.children
                    if c.dep_ == "pobj"
                    for d in (c, *of_object(c))
                    if d.lemma_.lower() in rules.cue_documents
                ),
                None,
            )
            rule, attribution = "in-document", "indirect"
            weight = rules.cue_documents[pobj.lemma_.lower()].weight if pobj is not None else 0.0
        if pobj is None:
            continue
        phrase = (tok.i, max(to.right_edge.i, tok.right_edge.i) + 1)
        # "According to the regulator, Ofnet, ...": the name after the comma is the source.
        if (
            phrase[1] + 2 < len(doc)
            and doc[phrase[1]].text == ","
            and pobj.pos_ in ("NOUN", "PROPN")
        ):
            nxt = doc[phrase[1] + 1]
            end = nxt.i
            while end < len(doc) and doc[end].pos_ == "PROPN":
                end += 1
            if end > nxt.i and end < len(doc) and doc[end].text == "," and end - nxt.i <= 5:
                phrase = (phrase[0], end + 1)
                pobj = doc[end - 1]
        if rule == "in-document":
            pobj = next((c for c in pobj.children if c.dep_ == "poss"), pobj)  # "in Forbes' words"
        sent = idx.sent(tok)
        clause_head = tok.head if tok.head.i != tok.i else sent.root
        # `In a new survey, 71 percent approved of A`: the rest of the sentence, however it was parsed.
        opens = (
            rule == "in-document"
            and phrase[0] == sent.start
            and phrase[1] < sent.end
            and doc[phrase[1]].text == ","
        )
        if (
            rule == "in-document"
            and clause_head.pos_ not in ("VERB", "AUX")
            and all(t.is_punct or t.is_space for t in doc[phrase[1] : sent.end])
        ):
            # `took 6 percent of the vote in a poll.`: it closes the sentence
            clause_head = sent.root
        if rule == "in-document" and (
            clause_head.pos_ not in ("VERB", "AUX")
            and not opens
            or _reports_itself(clause_head, rules, ctx.text)
        ):
            continue  # "the lead in the poll" is no clause; "X said in a report": the verb is the cue
        lo, hi = clause_head.left_edge.i, clause_head.right_edge.i + 1
        if opens and clause_head.pos_ not in ("VERB", "AUX"):
            lo, hi = phrase[1] + 1, sent.end
        lo, hi = max(lo, sent.start), min(hi, sent.end)
        if phrase[0] <= lo + 1:
            lo = phrase[1]
        elif phrase[1] >= hi - 1 or phrase[0] - lo > hi - phrase[1]:
            hi = phrase[0]  # the phrase closes the clause (or most of it stands before)
        if hi <= lo:
            continue
        content = trim_content(ctx.text, *char_range(doc, lo, hi))
        if content[1] - content[0] < 3:
            continue
        source = pobj
        verb = clause_head.lemma_.lower()
        if rule == "in-document" and (
            verb in rules.cue_verbs or "dobj" in rules.frames.get(verb, {})
        ):
            # `which the bank detailed in SEC filings`: the bank claims it, in its filings
            # (not `Trump fared well in polls` or `took 6 percent in a poll`: no claim).
            doer = subject(clause_head, rules, ctx.text)
            if (
                doer is not None
                and doer.i < tok.i
                and doer.lemma_.lower() not in rules.cue_documents
                and sourcey(doer, rules, roles=True)
            ):
                source = doer
        out.append(
            Candidate(
                content=content,
                cue=(tok.idx, to.idx + len(to.text)),
                source=source,
                rule=rule,
                weight=weight,
                attribution=attribution,
                cue_token=tok,
                frame=_frame(pobj, rule, rules),
            )
        )
    return out


def _frame(source: Token, rule: str, rules: RuleSet) -> str:
    """`according to a new poll` and `in a new poll` credit a finding to a document (a document
    noun of `cues.tsv`, or its possessor); `according to the minister` credits speech."""
    if rule == "in-document":
        return "finding"
    head = source.head if source.dep_ == "poss" else source
    documents = rules.cue_documents
    if source.lemma_.lower() in documents or head.lemma_.lower() in documents:
        return "finding"
    return "speech"


def _reports_itself(verb: Token, rules: RuleSet, text: str) -> bool:
    """`X said in a report that A`: a speech verb is the cue itself, unless its subject is a
    poll's share (`in the survey, 71 percent approved of A`)."""
    cue = rules.cue_verbs.get(verb.lemma_.lower())
    if cue is None or cue.frame != "speech":
        return False
    found = subject(verb, rules, text)
    return found is None or not (found.lemma_.lower() in SHARE_WORDS or found.like_num)
