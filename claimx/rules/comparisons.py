"""Comparative claims as triples: subject, normalised relation, object, condition and polarity.

Triggers and their polarity are data: `claimx/rules/data/comparisons.tsv` (verbs such as
"outperform", phrases such as "on par with" or "superior to", preference verbs such as "prefer X
to Y", alternatives such as "X rather than Y", and words that stand for "than" after a
comparative: "vs", "compared with") and `comparatives.tsv` ("faster than", "more reliable than",
"less stable than"). Every comparison in a range is found, in text order; coordinated relations
("rival or outperform X", "more stable and faster than X") give one comparison each.

Only tokens that can start a comparison are looked at: the index's lists pick them out (a verb
lemma, a phrase's first word, "than" or a word standing for it) before any `Token` is built, so
sentences without a trigger cost a list scan.
"""

from __future__ import annotations

from typing import Any

from spacy.tokens import Token

from claimx.rules import comparison_trees as trees
from claimx.rules.comparison_sides import Sides
from claimx.rules.comparison_trees import THAN_REACH, THAN_STOPS
from claimx.rules.index import DocIndex
from claimx.rules.ruleset import RuleSet

# Where a comparative without "than" stands in its clause, when it may compare across clauses.
OBJECT_DEPS = {"attr", "dobj", "pobj", "oprd"}
CONTRAST_DEPS = {"acomp", "amod", "advmod", "attr", "xcomp", "ccomp", "conj"}
FLIP = {"better": "worse", "worse": "better"}
# The relations of a level comparison ("as fast as Y") and of a denied one ("not as fast as Y",
# "cannot match Y"); comparisons.tsv gives their polarity.
LEVEL = "on par with"
SHORT = "fall short of"
LEVEL_POS = ("ADJ", "ADV")
AMOUNTS = {"many", "much", "few", "little", "long", "soon", "well"}
MULTIPLIERS = {"twice", "thrice", "times", "half"}
# Words for "than" that also do other work ("then B", "over the years"): they stand for "than"
# only a few words after their comparative ("better then Ford", "a better choice over Y").
LOOSE = {"then", "over"}
NAMED = ("NOUN", "PROPN")
JJR = ("JJR", "RBR")


class ComparisonRules:
    """Finds the comparisons inside a token range."""

    def __init__(self, rules: RuleSet) -> None:
        self.verbs = rules.comparison_verbs
        self.preferences = rules.comparison_preferences
        self.polarity = rules.comparison_polarity
        self.phrases = {tuple(k.split()): v for k, v in rules.comparison_phrases.items()}
        self.alternatives = {tuple(k.split()): v for k, v in rules.comparison_alternatives.items()}
        self.thans = {tuple(k.split()): v for k, v in rules.comparison_thans.items()}
        self.comparatives = rules.comparatives
        self.adjectives = rules.comparative_adjectives
        self.infinitives = rules.comparative_infinitives
        self.advantages = rules.comparison_advantages
        self.choices = rules.comparison_choices
        self.referring = rules.referring_nouns
        multi = list(self.phrases) + list(self.alternatives) + list(self.thans)
        self.max_phrase = max((len(k) for k in multi), default=1)
        self.starts = {k[0] for k in multi} | {"than", "as"}

    def find(self, idx: DocIndex, lo: int, hi: int) -> dict[str, Any] | None:
        """The first comparison among tokens [lo, hi) of `idx`'s document, or None."""
        found = self.find_all(idx, lo, hi)
        return found[0] if found else None

    def find_all(
        self,
        idx: DocIndex,
        lo: int,
        hi: int,
        claimant: dict[str, Any] | None = None,
        cue: int | None = None,
    ) -> list[dict[str, Any]]:
        """Every comparison among tokens [lo, hi), in text order of their relation words.

        `claimant` (the claim's claimant dict) names the sides that are pronouns or quantifiers
        referring to it ("they" in "some claim they rival X"). `cue`, the claim's cue token, is
        read too when it is a preference verb: in "developers prefer Rust to C" the claim is
        "Rust to C" and "prefer" says which is ahead.
        """
        lemma, pos, dep, lower = idx.lemma, idx.pos, idx.dep, idx.lower
        tag = idx.tag
        hits = [
            i
            for i in range(lo, hi)
            if lower[i] in self.starts
            or (lemma[i] in self.verbs or lemma[i] in self.preferences or lemma[i] in self.choices)
            and (pos[i] == "VERB" or pos[i] == "NOUN" and dep[i] == "ROOT")
            or lemma[i] in self.advantages
            and pos[i] == "NOUN"
            or (tag[i] == "JJR" or tag[i] == "RBR")
            and dep[i] in CONTRAST_DEPS
        ]
        if cue is not None and not lo <= cue < hi and lemma[cue] in self.preferences:
            hits.insert(0, cue)
        if not hits:
            return []
        sides = Sides(idx, lo, hi, claimant, self.referring)
        doc = idx.doc
        found: list[tuple[int, dict[str, Any]]] = []
        seen: set[tuple[int, int, str]] = set()
        for i in hits:
            asserted = trees.asserted(doc[i])
            if asserted is None:
                continue  # "whether X is better than Y": asked, not said
            for at, comp in self._at(idx, i, lo, hi, sides):
                comp["negated"] = comp["negated"] or not asserted
                key = (comp["subject"]["start"], comp["object"]["start"], comp["relation"])
                if key not in seen and comp["subject"]["start"] != comp["object"]["start"]:
                    seen.add(key)
                    found.append((at, comp))
        found.sort(key=lambda f: f[0])
        return [comp for _, comp in found]

    # -- one trigger ----------------------------------------------------------------------
    def _at(
        self, idx: DocIndex, i: int, lo: int, hi: int, sides: Sides
    ) -> list[tuple[int, dict[str, Any]]]:
        doc = idx.doc
        low, lem = idx.lower[i], idx.lemma[i]
        if lem in self.verbs and idx.pos[i] in ("VERB", "NOUN"):
            return self._verb(doc[i], sides)
        if (lem in self.preferences or lem in self.choices) and idx.pos[i] in ("VERB", "NOUN"):
            return self._preference(doc[i], sides)
        if lem in self.advantages and idx.pos[i] == "NOUN":
            return self._advantage(doc[i], sides)
        if low == "than":
            return self._than(idx, i, 1, lo, "than", sides)
        if idx.tag[i] in ("JJR", "RBR") and low not in self.starts:
            return self._contrast(doc[i], sides)
        words = tuple(idx.lower[i : min(hi, i + self.max_phrase)])
        for n in range(len(words), 0, -1):
            key = words[:n]
            if key in self.thans:
                return self._than(idx, i, n, lo, self.thans[key], sides)
            if key in self.alternatives:
                return self._alternative(doc[i], n, self.alternatives[key], sides)
            if key in self.phrases:
                return self._phrase(doc[i], n, self.phrases[key], sides)
        # "superior clustering to Y": the phrase with the noun it grades in between.
        for key, relation in self.phrases.items():
            if len(key) == 2 and key[0] == low and idx.pos[i] == "ADJ":
                for j in range(i + 2, min(hi, i + 5)):
                    if idx.lower[j] == key[1] and idx.dep[j] == "prep":
                        return self._phrase(doc[i], j - i + 1, relation, sides)
                    if idx.pos[j] not in ("NOUN", "PROPN", "ADJ", "COMPOUND"):
                        break
        # "as fast as Y": any "as <adjective> as" says the two are level ("twice as many as"
        # and "as much as" measure amounts instead).
        if (
            low == "as"
            and len(words) >= 3
            and words[2] == "as"
            and idx.pos[i + 1] in LEVEL_POS
            and words[1] not in AMOUNTS
            and not (i > 0 and (idx.like_num[i - 1] or idx.lower[i - 1] in MULTIPLIERS))
        ):
            return self._phrase(doc[i], 3, LEVEL, sides)
        return []

    def _verb(self, verb: Token, sides: Sides) -> list[tuple[int, dict[str, Any]]]:
        """ "X outperforms Y"; "rival or outperform Y" (the object hangs off the last conjunct)."""
        relation = self.verbs[verb.lemma_.lower()]
        obj = trees.verb_object(verb)
        if obj is None:
            return []
        subj = sides.subject(verb)
        if subj is None:
            return []
        relation, polarity, negated = self._denied_level(relation, trees.negated(verb))
        comps = sides.triples(subj, relation, obj, verb, polarity, negated)
        return [(verb.i, c) for c in comps]

    def _preference(self, verb: Token, sides: Sides) -> list[tuple[int, dict[str, Any]]]:
        """ "prefer X to / over Y", "choose X over Y": X is ahead of Y (for whoever chooses)."""
        lemma = verb.lemma_.lower()
        relation = self.preferences.get(lemma) or self.choices[lemma]
        preps = ("to", "over", "than") if lemma in self.preferences else ("over",)
        chosen = next((c for c in verb.children if c.dep_ == "dobj"), None)
        if chosen is None:
            return []
        other = None
        for head in (verb, chosen):
            for c in head.children:
                if c.dep_ == "prep" and c.lower_ in preps and c.i > chosen.i:
                    other = next((p for p in c.children if p.dep_ == "pobj"), None)
            if other is not None:
                break
        if other is None:
            return []
        comps = sides.triples(
            chosen,
            relation,
            other,
            verb,
            self.polarity[relation],
            trees.negated(verb),
            condition=False,
        )
        return [(verb.i, c) for c in comps]

    def _alternative(
        self, first: Token, n: int, relation: str, sides: Sides
    ) -> list[tuple[int, dict[str, Any]]]:
        """ "X rather than Y", "X instead of Y": X is the one chosen."""
        doc = first.doc
        after = doc[first.i + n] if first.i + n < len(doc) else None
        if after is None:
            return []
        other = sides.noun_at(after)
        if other is None:
            return []
        # What "rather than Y" stands beside: the conjunct Y hangs off, else the last noun before.
        chosen = other.head if other.dep_ == "conj" and other.head.i < first.i else None
        if chosen is None:
            chosen = next(
                (
                    doc[j]
                    for j in range(first.i - 1, max(sides.lo, first.i - THAN_REACH) - 1, -1)
                    if doc[j].pos_ in ("NOUN", "PROPN")
                ),
                None,
            )
        if chosen is None:
            return []
        chosen = sides.noun_head(chosen)
        comps = sides.triples(
            chosen, relation, other, first, self.polarity[relation], False, condition=False
        )
        return [(first.i, c) for c in comps]

    def _phrase(
        self, first: Token, n: int, relation: str, sides: Sides
    ) -> list[tuple[int, dict[str, Any]]]:
        """ "X is on par with Y", "X is superior to Y", "X lags behind Y"."""
        doc = first.doc
        last = doc[first.i + n - 1]
        # "preferable to buying chips": a gerund is compared as well as a noun.
        obj = next((c for c in last.children if c.dep_ in ("pobj", "pcomp")), None)
        if obj is None and first.i + n < len(doc):
            obj = next((c for c in last.subtree if c.dep_ == "pobj" and c.i > last.i), None)
        if obj is None:
            return []
        # "[is] on par with": the verb; "not as good as": the adjective "as" grades.
        anchor = first.head if first.dep_ in ("prep", "advmod") else first
        subj = sides.subject(anchor)
        if subj is None:
            return []
        negated = any(trees.negated(t) for t in (anchor, first, *trees.heads(anchor)))
        relation, polarity, negated = self._denied_level(relation, negated)
        comps = sides.triples(subj, relation, obj, anchor, polarity, negated)
        return [(first.i, c) for c in comps]

    def _denied_level(self, relation: str, negated: bool) -> tuple[str, str, bool]:
        """(relation, polarity, negated): a denied equality ("is not as good as Y", "cannot
        match Y") says the subject falls short of Y."""
        polarity = self.polarity[relation]
        if negated and polarity == "equal" and SHORT in self.polarity:
            return SHORT, self.polarity[SHORT], False
        return relation, polarity, negated

    def _advantage(self, noun: Token, sides: Sides) -> list[tuple[int, dict[str, Any]]]:
        """ "X's advantage over Y", "X has efficiency improvements over Y", "the superior
        performance of X over Y": the holder of the noun is ahead of the object of "over"."""
        relation = self.advantages[noun.lemma_.lower()]
        over = next((c for c in noun.children if c.dep_ == "prep" and c.lower_ == "over"), None)
        if over is None and noun.i + 1 < len(noun.doc):
            # "Java over Python" parsed onto the verb: the "over" right after the noun.
            nxt = noun.doc[noun.i + 1]
            over = nxt if nxt.lower_ == "over" else None
        obj = next((c for c in over.children if c.dep_ == "pobj"), None) if over else None
        if obj is None:
            return []
        holder = next((c for c in noun.children if c.dep_ == "poss"), None)
        if holder is None:
            of = next((c for c in noun.children if c.dep_ == "prep" and c.lower_ == "of"), None)
            holder = next((c for c in of.children if c.dep_ == "pobj"), None) if of else None
        if holder is None and noun.dep_ in ("dobj", "attr"):
            holder = sides.subject(noun.head)
        if holder is None or holder.i == obj.i:
            return []
        comps = sides.triples(holder, relation, obj, noun, self.polarity[relation], False)
        return [(noun.i, c) for c in comps]

    def _than(
        self, idx: DocIndex, i: int, n: int, lo: int, relation: str, sides: Sides
    ) -> list[tuple[int, dict[str, Any]]]:
        """ "X is faster than Y", "X has better graphics than Y", "X is more reliable than Y",
        and the same with a word standing for "than" ("better quality vs Y")."""
        doc = idx.doc
        if i > 0 and idx.lower[i - 1] in ("rather", "other"):
            return []  # "rather than" is an alternative; "other than" compares nothing
        found = self._comparative(idx, i, lo)
        if found is None and idx.lower[i] not in LOOSE:
            found = self._fronted(doc[i])
        if found is None:
            return []  # "than" and the words for it compare only with a comparative
        word, anchor, rel, polarity = found
        if idx.lower[i] == "over" and word.dep_ != "amod":
            return []  # "a better choice over Y" compares; "got better over the years" does not
        after = doc[i + n] if i + n < len(doc) else None
        if (
            word.i == i - 1
            and word.lower_ in ("more", "less", "fewer")
            and after is not None
            and (after.like_num or after.lower_ in ("a", "an", "half", "double", "twice"))
        ):
            return []  # "more than a decade", "less than half": an amount, not a comparison
        obj = sides.than_object(doc[i], n)
        if obj is None or obj.lower_ in ("ever", "usual", "expected", "before"):
            return []
        if idx.lower[i] == "over" and obj.ent_type_ in ("DATE", "TIME"):
            return []  # "better profits over the last decade": a stretch of time
        if obj.like_num and not any(c.dep_ in ("det", "amod") for c in obj.children):
            return []  # "faster than 50" (but "less stable than the new one" compares)
            return []
        pair = trees.clause_parallel(doc[i], obj)
        subj: Token | None = None
        if pair is not None:
            subj, obj = pair
        else:
            subj = trees.parallel(doc[i], n) or sides.comparative_subject(anchor, doc[i])
        if subj is None:
            return []
        if not trees.has_name(subj) and trees.has_name(obj):
            # "convertibles sold better in Michigan than California": the named places compare.
            subj = trees.named_place(doc[i], word) or subj
        negated = (
            trees.negated(anchor)
            or trees.negated(word)
            or any(c.dep_ == "det" and c.lower_ == "no" for c in subj.children)
            or any(trees.negated(h) for h in trees.heads(anchor))
        )
        out: list[tuple[int, dict[str, Any]]] = []
        comps = sides.triples(subj, rel, obj, anchor, polarity, negated)
        out.extend((word.i, c) for c in comps)
        # "more stable, more secure and faster than PHP": each conjunct compares with PHP too.
        for other in trees.conjuncts(anchor):
            more = next((m for m in other.children if m.lower_ in ("more", "less")), None)
            got = self._read_comparative(more if more is not None else other)
            if got is None or other.i >= word.i:
                continue
            comps = sides.triples(subj, got[1], obj, other, got[2], negated)
            out.extend((other.i, c) for c in comps)
        return out

    def _contrast(self, word: Token, sides: Sides) -> list[tuple[int, dict[str, Any]]]:
        """ "A is fine, but B is better", "A gets poor grades while B gets better ones": a
        comparative with no "than" whose clause is set against another; the other clause's
        subject is what it is compared with."""
        got = self._read_comparative(word)
        if got is None:
            return []
        anchor, rel, polarity = got
        doc = word.doc
        # "Scala is a better Java": better than Java.
        if word.dep_ == "amod" and word.head.pos_ == "PROPN" and word.head.dep_ in OBJECT_DEPS:
            subj = sides.subject(word.head)
            if subj is None or subj.pos_ == "PRON":
                return []
            negated = any(trees.negated(h) for h in trees.heads(word.head)) or trees.negated(
                word.head
            )
            comps = sides.triples(
                subj, rel, word.head, anchor, polarity, negated, object_from=word.i + 1
            )
            return [(word.i, c) for c in comps]
        # No "than" (or a word for it) later in the sentence: that reading is _than's.
        sent_end = word.sent.end
        if any(doc[j].lower_ in self.starts for j in range(word.i + 1, sent_end)):
            return []
        verb = next((h for h in [word, *trees.heads(word)] if h.pos_ in ("VERB", "AUX")), None)
        if verb is None:
            return []
        subj = trees.thing_for_speaker(sides.subject(word), verb)
        other_verb = trees.contrasted(verb)
        if subj is None or other_verb is None or subj.pos_ == "PRON":
            return []
        other_verb = trees.said(other_verb)  # "I think the A stopped fine, but B was better"
        other = sides.subject(other_verb)
        if other is not None and trees.has_name(subj) and not trees.has_name(other):
            # "The entity may provide Java code, but Perl is better": the named thing there.
            named = [c for c in other_verb.children if c.dep_ == "dobj" and trees.has_name(c)]
            other = named[0] if named else other
        if other is not None and other.pos_ == "PRON":
            # "You can get it on A, but the one on B is better": the last thing in that clause.
            # "I used A for years, but I like B better": the thing used, before the places.
            things = [p for c in other_verb.children if c.dep_ == "prep" for p in c.children]
            place = max((t for t in things if t.pos_ in NAMED), key=lambda t: t.i, default=None)
            other = trees.thing_for_speaker(other, other_verb, place)
        if other is None or other.pos_ not in ("NOUN", "PROPN") or other in subj.conjuncts:
            return []
        # "A has a better X, but B has a better Y": both sides graded, neither ahead (but "A
        # is worse and B is better" says the same thing twice).
        lo, hi = min(other_verb.left_edge.i, verb.i), verb.i
        grades = [j for j in range(lo, hi) if doc[j].tag_ in JJR and j != word.i]
        graded = [self._read_comparative(doc[j]) for j in grades]
        if any(g is None or g[2] != FLIP.get(polarity) for g in graded):
            return []
        negated = trees.negated(verb) or trees.negated(anchor)
        comps = sides.triples(subj, rel, other, anchor, polarity, negated, condition=False)
        return [(word.i, c) for c in comps]

    def _fronted(self, first: Token) -> tuple[Token, Token, str, str] | None:
        """ "Compared with A, B is faster": the comparative of the clause a fronted "compared
        with" (or "versus") phrase belongs to."""
        head = first.head if first.dep_ in ("prep", "advcl", "advmod") else None
        if head is None or head.i < first.i or head.pos_ not in ("VERB", "AUX"):
            return None
        for t in head.subtree:
            if t.i > first.i and (t.tag_ in ("JJR", "RBR")) and t.lower_ not in ("more", "less"):
                got = self._read_comparative(t)
                if got is not None:
                    return t, got[0], got[1], got[2]
        return None

    def _comparative(
        self, idx: DocIndex, than: int, lo: int
    ) -> tuple[Token, Token, str, str] | None:
        """The comparative "than" at `than` belongs to: (its word, the word it grades, relation,
        polarity), looking back a little within the clause."""
        doc = idx.doc
        # "then" is written for "than" often enough ("better then Ford"), but it also orders
        # things ("easier to install A first, then B"): only right after its comparative.
        loose = idx.lower[than] in LOOSE
        reach = 3 if loose else THAN_REACH
        j = than - 1
        if j >= lo and idx.lower[j] == "(":
            j -= 1  # "faster (than baseball)"
        while j >= max(lo, than - reach):
            if idx.lower[j] == ")" and not loose:
                # "better (or at least easier to use) than Java": look past the aside.
                opened = next(
                    (k for k in range(j - 1, max(lo, j - 12) - 1, -1) if idx.lower[k] == "("), None
                )
                if opened is None:
                    return None
                reach += j - opened + 1
                j = opened - 1
                continue
            if idx.lower[j] in THAN_STOPS or loose and idx.pos[j] == "PUNCT":
                return None
            if idx.tag[j] in ("JJR", "RBR") or idx.lower[j] in ("superior", "inferior"):
                got = self._read_comparative(doc[j])
                if got is not None:
                    anchor, rel, pol = got
                    return doc[j], anchor, rel, pol
            j -= 1
        return None

    def _read_comparative(self, tok: Token) -> tuple[Token, str, str] | None:
        """(the graded word, relation, polarity) of a comparative token: "faster" -> "faster
        than"; "more" + "reliable" -> "more reliable than"; "less" flips the adjective's polarity."""
        low = tok.lower_
        if low in ("more", "less"):
            doc = tok.doc
            nxt = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
            if (
                nxt is not None
                and nxt.pos_ in ("ADJ", "ADV")
                and nxt.tag_ not in ("JJR", "RBR")
                and nxt.lower_ not in self.starts  # "more then 50": no adjective graded
            ):
                pol = self.adjectives.get(nxt.lower_, "better")
                if trees.infinitive(nxt):
                    pol = self.infinitives.get(nxt.lower_, pol)
                if low == "less":
                    pol = FLIP.get(pol, pol)
                return nxt, f"{low} {nxt.lower_} than", pol
            if low == "more":
                return tok, "more than", "better"
            return tok, "less than", "different"  # "less RAM than Y": an amount
        if tok.tag_ in ("JJR", "RBR") or low in ("superior", "inferior"):
            pol = self.comparatives.get(low, "better")
            if trees.infinitive(tok):
                pol = self.infinitives.get(low, pol)
            return tok, f"{low} than", pol
        return None
