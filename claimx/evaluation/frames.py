"""Gold attributions by frame, for `claimx eval --frame`: the gold is kept to the frames asked
for the same way the predictions are.

Gold annotations carry no frame, so one is read off the gold cue with claimx's own cue lexicon
(`cues.tsv`, the lexicon the extraction rules read):

* a direct quotation (`type_heuristic` "direct"), and a cue that is only punctuation (the
  colon of `Name: ...`, the dash of a signature, a quotation mark) are **speech**;
* else the first lexicon phrase inside the cue ("according to", "told reporters") gives its
  frame;
* else the first word of the cue that is a form of a lexicon verb ("said", "has told",
  "believes", "found") or a lexicon noun ("statement", "report") gives its frame;
* a cue matching nothing has no frame, and is scored only when all frames are.

Word forms are generated from the verb lemmas (regular inflections plus the irregular ones of
`IRREGULAR`), so scoring stays free of spaCy.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from dataclasses import replace

from claimx.evaluation.gold import GoldArticle, GoldAttribution
from claimx.rules.ruleset import RuleSet

# The irregular forms of cue verbs of the lexicon (regular ones are generated).
IRREGULAR: dict[str, tuple[str, ...]] = {
    "say": ("said",),
    "tell": ("told",),
    "write": ("wrote", "written"),
    "think": ("thought",),
    "feel": ("felt",),
    "know": ("knew", "known"),
    "understand": ("understood",),
    "see": ("saw", "seen"),
    "find": ("found",),
    "show": ("shown",),
    "prove": ("proven",),
    "bet": ("bet",),
    "forecast": ("forecast",),
    "learn": ("learnt",),
    "seek": ("sought",),
    "hold": ("held",),
    "mean": ("meant",),
    "speak": ("spoke", "spoken"),
    "lead": ("led",),
}
_WORD = re.compile(r"[a-z]+(?:'[a-z]+)?")


def verb_forms(lemma: str) -> set[str]:
    """The lemma and its regular (and `IRREGULAR`) inflections: `-s`, `-ed`, `-ing`."""
    forms = {lemma, *IRREGULAR.get(lemma, ())}
    if lemma.endswith("e"):
        forms |= {lemma + "s", lemma + "d", lemma[:-1] + "ing"}
    elif lemma.endswith("y") and lemma[-2:-1] not in ("a", "e", "o", "u"):
        forms |= {lemma[:-1] + "ies", lemma[:-1] + "ied", lemma + "ing"}
    elif lemma.endswith(("s", "sh", "ch", "x", "z")):
        forms |= {lemma + "es", lemma + "ed", lemma + "ing"}
    else:
        forms |= {lemma + "s", lemma + "ed", lemma + "ing"}
        # One-syllable-final consonant doubling: "admitted", "quipped", "vetting".
        if len(lemma) >= 3 and lemma[-1] not in "aeiouwxy" and lemma[-2] in "aeiou":
            forms |= {lemma + lemma[-1] + "ed", lemma + lemma[-1] + "ing"}
    return forms


class CueFrames:
    """The frame of a gold cue, read with a rule set's cue lexicon."""

    def __init__(self, rules: RuleSet) -> None:
        self.phrases = sorted(
            ((p, c.frame) for p, c in rules.cue_phrases.items()), key=lambda x: -len(x[0])
        )
        self.words: dict[str, str] = {}
        for lemma, cue in rules.cue_verbs.items():
            for form in verb_forms(lemma):
                self.words.setdefault(form, cue.frame)
        for noun, cue in rules.cue_nouns.items():
            self.words.setdefault(noun, cue.frame)
            self.words.setdefault(noun + "s", cue.frame)

    def of(self, att: GoldAttribution) -> str | None:
        """The frame of a gold attribution (see the module docstring), or None."""
        if att.type == "direct":
            return "speech"
        if att.cue_text is None:
            return None
        cue = att.cue_text.lower()
        if not any(ch.isalnum() for ch in cue):
            return "speech"
        padded = f" {' '.join(_WORD.findall(cue))} "
        for phrase, frame in self.phrases:
            if f" {phrase} " in padded:
                return frame
        for word in _WORD.findall(cue):
            if word in self.words:
                return self.words[word]
        return None


def gold_in_frames(
    articles: Sequence[GoldArticle], frames: Collection[str] | None, rules: RuleSet
) -> tuple[list[GoldArticle], int]:
    """`articles` with only the gold attributions of `frames` (None: all), and how many were
    left out."""
    if not frames:
        return list(articles), 0
    reader = CueFrames(rules)
    out, left = [], 0
    for art in articles:
        kept = [a for a in art.attributions if reader.of(a) in frames]
        left += len(art.attributions) - len(kept)
        out.append(replace(art, attributions=kept))
    return out, left
