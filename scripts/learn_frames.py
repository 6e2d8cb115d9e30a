"""Learn the stance frames in `claimx/rules/data/frames.tsv` from an attribution corpus (PolNeAR train).

Not part of the package: a maintainer's script that writes data the rules read. Run it from the
checkout, on the train split only (dev is for checking, the test split is never read):

    python scripts/learn_frames.py ../shared/corpus/polnear/train.jsonl -o claimx/rules/data/frames.tsv

For every verb (and adjective after a copula) with a person, organisation or source-noun
subject (the subject claimx's rules would take), and for each complement after it (`ccomp`,
`xcomp`, `dobj`, or a preposition's object, `prep:<word>`), it counts how often that complement
carries an annotated attribution whose cue holds the word (more than 30% of the gold content
covered, the `claimx eval` loose test). A pair is kept when it does so at least `--min-count`
times and at least `--min-share` of the time, and the lexicon does not already handle it; its
share becomes the claim's weight. The pairs are words and relations only: no names or other
text from the corpus.

The default share, 0.36, is half the extractor's loose F1 on train (~0.725): a rule adding claims
that are right more often than F1/2 raises F1, so every kept pair is expected to. Two occurrences
are the least evidence taken; on dev (never used to learn) 2 and 0.36 scored best of the
settings tried (2-4 occurrences, shares 0.35-0.5), by 0.002-0.003 loose F1 over 3 and 0.4.
"""

from __future__ import annotations

import argparse
import collections
import json
import sys
from pathlib import Path

HEADER = """\
# word\trelation\tweight
# Stance frames: a verb (or an adjective after a copula: `is critical of`) whose complement, by
# this dependency relation, is what its subject claims.
# relation: ccomp | xcomp | dobj | prep:<preposition> (the preposition's object is the content).
# weight: the claim's confidence before claimant resolution.
# Learned from the PolNeAR train split by scripts/learn_frames.py: a (word, relation) pair is kept
# when the word has a person, organisation or source-noun subject, the pair carries an annotated
# attribution at least {count} times, and at least {share:.0%} of the time; its weight is that share.
# Words and relations only, no names: the pairs are general English.
"""


def _chars(span: dict) -> set[int]:
    parts = span.get("fragments") or [span]
    return {i for p in parts for i in range(p["start"], p["end"])}


def count_pairs(articles: list[dict], nlp) -> tuple[collections.Counter, collections.Counter]:
    """(verb lemma, relation) -> times it carried a gold attribution, and times it occurred."""
    from claimx.rules.syntax import sourcey, subject

    rules = nlp.get_pipe("claimx").rules
    hits: collections.Counter = collections.Counter()
    seen: collections.Counter = collections.Counter()
    with nlp.select_pipes(disable=["claimx"]):
        docs = nlp.pipe((a["text"] for a in articles), batch_size=16)
        for article, doc in zip(articles, docs):
            text = doc.text  # read once: `subject` looks for datelines in it
            gold = [
                (_chars(g["content"]), g["cue"]["start"], g["cue"]["end"])
                for g in article["attributions"]
                if g["content"] and g["cue"]
            ]
            for tok in doc:
                stance = tok.pos_ == "ADJ" and tok.dep_ == "acomp"  # `X is critical of A`
                if not stance and (
                    tok.pos_ != "VERB"
                    or tok.dep_ in ("amod", "compound", "nmod", "npadvmod", "aux", "auxpass")
                ):
                    continue
                if not sourcey(subject(tok, rules, text), rules):
                    continue
                done = set()
                for c in tok.children:
                    if c.i < tok.i:
                        continue
                    if c.dep_ in ("ccomp", "xcomp", "dobj"):
                        rel, lo = c.dep_, c.left_edge.idx
                    elif c.dep_ == "prep" and c.i < c.right_edge.i:
                        rel, lo = "prep:" + c.lower_, doc[c.i + 1].idx
                    else:
                        continue
                    if rel in done:
                        continue
                    done.add(rel)
                    key = (tok.lemma_.lower(), rel)
                    seen[key] += 1
                    content = set(range(lo, c.right_edge.idx + len(c.right_edge.text)))
                    if any(
                        s <= tok.idx < e and len(g & content) / len(g) > 0.3 for g, s, e in gold
                    ):
                        hits[key] += 1
    return hits, seen


def handled(lemma: str, relation: str, rules) -> bool:
    """Whether the lexicon rules (or the evidential rule) already take this complement of this verb."""
    if rules.hedges.get(lemma) == "verb" and lemma not in rules.cue_verbs:
        return True  # `X seems to A`: the evidential rule's, a claim of no one by name
    if lemma not in rules.cue_verbs:
        return False
    if relation == "ccomp":
        return True
    if relation == "xcomp":
        return rules.reads(lemma, "xcomp")
    if relation == "dobj":
        return not rules.reads(lemma, "no-object")
    # `attribute A to B`: the object's own rule already takes the preposition.
    return relation[5:] in rules.content_preps.get(lemma, ()) or rules.reads(
        lemma, "object-preposition"
    )


def main(argv: list[str] | None = None) -> int:
    """Count, filter and write the frames."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("train", type=Path, help="gold JSONL (the claimx eval format)")
    ap.add_argument("-o", "--output", type=Path, help="TSV to write (default: stdout)")
    ap.add_argument("--min-count", type=int, default=2)
    ap.add_argument("--min-share", type=float, default=0.36)
    ap.add_argument("--model", default=None, help="spaCy pipeline (default: claimx's)")
    args = ap.parse_args(argv)

    from claimx.nlp.pipeline import load_pipeline

    nlp = load_pipeline(args.model)
    articles = [json.loads(line) for line in args.train.open(encoding="utf-8") if line.strip()]
    hits, seen = count_pairs(articles, nlp)
    rules = nlp.get_pipe("claimx").rules
    rows = sorted(
        (lemma, rel, hits[(lemma, rel)] / n)
        for (lemma, rel), n in seen.items()
        if hits[(lemma, rel)] >= args.min_count
        and hits[(lemma, rel)] / n >= args.min_share
        and lemma.isalpha()
        and not handled(lemma, rel, rules)
    )
    out = HEADER.format(count=args.min_count, share=args.min_share)
    out += "".join(f"{lemma}\t{rel}\t{share:.2f}\n" for lemma, rel, share in rows)
    if args.output:
        args.output.write_text(out, encoding="utf-8")
    else:
        sys.stdout.write(out)
    print(f"{len(rows)} frames from {len(articles)} articles", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
