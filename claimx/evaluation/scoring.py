"""Scoring claimx records against human-annotated attributions (PolNeAR-style gold).

The scoring is pure: it takes gold annotations and predicted claims as character spans and
needs no spaCy. `claimx eval` wraps it; tests build spans by hand.

Method, per article, then micro-averaged over all articles:

* Predictions are the claims of a `DocumentRecord`, except publication-voice claims
  (`attribution == "unattributed"`: the gold annotates attributions only) and headline repeats
  (`duplicate_of` set: the body claim they repeat is scored instead). With `top_level`, claims
  whose cue lies inside another scored claim's content are left out too: univocal gold such as
  PolNeAR, where a word belongs to at most one attribution, never annotates them. With
  `frames`, only claims of those frames are scored, against the gold of the same frames
  (`claimx.evaluation.frames`: the frame is read off the gold cue with the cue lexicon).
* Gold contents are sets of characters: the union of `fragments` when the content has them
  (a quote interrupted by its cue), else `start..end`. Gold attributions without a content
  cannot be paired by content; they are counted in `skipped_gold` and left out.
* Candidate pairs are the (prediction, gold) pairs that pass the **loose** test,
  |pred ∩ gold| / |gold| > 0.3. They are taken greedily, best first by character Jaccard, then by
  intersection size, then by text position, each prediction and each gold used at most once.
  Ranking by Jaccard makes a prediction pair with the annotation it fits best when gold
  contents nest, so a tight match is not spent on a loose one.
* Every pair is a loose match; a pair is also a **strict** match when the character Jaccard
  |pred ∩ gold| / |pred ∪ gold| >= 0.8. Strict matches reuse the loose pairing (no re-pairing),
  and a strict match always passes the loose test, so strict counts never exceed loose ones.
* Precision = matched / predictions, recall = matched / gold, F1 their harmonic mean
  (0.0 when a denominator is 0).
* **Source accuracy**: of the loose pairs whose gold has a source, the share where the
  predicted `claimant.span` overlaps the gold source by at least one character (`claimant.mention`,
  the antecedent a pronoun was resolved to, is not used: the gold marks the mention by the cue).
  **Cue accuracy**: the same for `cue` against gold cues that are not null.

Thresholds are compared in integer arithmetic, so 30% exactly is not a loose match and a
Jaccard of exactly 0.8 is a strict one.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from typing import Any

from claimx.evaluation.chars import (
    intersection_size,
    loose_match,
    size,
    spans_overlap,
    strict_match,
)
from claimx.evaluation.gold import (
    TYPES,
    GoldArticle,
    GoldAttribution,
)
from claimx.evaluation.predictions import (
    Prediction,
    predictions_of,
)
from claimx.schema import DocumentRecord


@dataclass(frozen=True)
class Pair:
    """A prediction paired with a gold attribution, with how well their contents agree."""

    pred: int
    gold: int
    intersection: int
    union: int

    @property
    def jaccard(self) -> float:
        """Character Jaccard of the two contents."""
        return self.intersection / self.union if self.union else 0.0

    @property
    def strict(self) -> bool:
        """Whether the pair passes the strict test."""
        return strict_match(self.intersection, self.union)


def pair_contents(preds: Sequence[Prediction], golds: Sequence[GoldAttribution]) -> list[Pair]:
    """Pair predictions with gold one-to-one, greedily, among pairs that pass the loose test.

    Candidates are ranked by Jaccard, then intersection, then position, so the result does not
    depend on dict or set order. Every returned pair is a loose match.
    """
    candidates: list[tuple[float, int, int, int, Pair]] = []
    for pi, pred in enumerate(preds):
        psize = size(pred.content)
        for gi, gold in enumerate(golds):
            inter = intersection_size(pred.content, gold.content)
            gsize = size(gold.content)
            if not loose_match(inter, gsize):
                continue
            union = psize + gsize - inter
            pair = Pair(pred=pi, gold=gi, intersection=inter, union=union)
            candidates.append((-pair.jaccard, -inter, gi, pi, pair))
    candidates.sort(key=lambda c: c[:4])
    used_p: set[int] = set()
    used_g: set[int] = set()
    pairs: list[Pair] = []
    for *_, pair in candidates:
        if pair.pred in used_p or pair.gold in used_g:
            continue
        used_p.add(pair.pred)
        used_g.add(pair.gold)
        pairs.append(pair)
    pairs.sort(key=lambda p: p.gold)
    return pairs


# -- counting ----------------------------------------------------------------------------------


@dataclass
class PRF:
    """Matched, predicted and gold counts, with precision, recall and F1 derived from them."""

    tp: int = 0
    pred: int = 0
    gold: int = 0

    @property
    def p(self) -> float:
        """Precision: matched predictions / predictions (0.0 with no predictions)."""
        return self.tp / self.pred if self.pred else 0.0

    @property
    def r(self) -> float:
        """Recall: matched gold / gold (0.0 with no gold)."""
        return self.tp / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        """Harmonic mean of precision and recall (0.0 when both are 0)."""
        p, r = self.p, self.r
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self, digits: int = 4) -> dict[str, Any]:
        """`{p, r, f1, tp, pred, gold}` with rates rounded."""
        return {
            "p": round(self.p, digits),
            "r": round(self.r, digits),
            "f1": round(self.f1, digits),
            "tp": self.tp,
            "pred": self.pred,
            "gold": self.gold,
        }


@dataclass
class Accuracy:
    """Correct out of total, as for source and cue accuracy."""

    correct: int = 0
    total: int = 0

    @property
    def value(self) -> float | None:
        """correct / total, or None when nothing was counted."""
        return self.correct / self.total if self.total else None


@dataclass
class Miss:
    """A gold attribution no prediction matched, for error analysis."""

    article: str
    gold: GoldAttribution
    best_overlap: float  # best |pred ∩ gold| / |gold| over the article's predictions

    def as_dict(self) -> dict[str, Any]:
        """A JSON-ready view."""
        return {
            "article": self.article,
            "id": self.gold.id,
            "type": self.gold.type,
            "source": self.gold.source_text,
            "cue": self.gold.cue_text,
            "content": self.gold.content_text,
            "best_overlap": round(self.best_overlap, 4),
        }


@dataclass
class FalsePositive:
    """A prediction that matched no gold attribution."""

    article: str
    pred: Prediction
    best_overlap: float  # best |pred ∩ gold| / |gold| over the article's gold

    def as_dict(self) -> dict[str, Any]:
        """A JSON-ready view."""
        return {
            "article": self.article,
            "id": self.pred.id,
            "type": self.pred.type,
            "claimant": self.pred.claimant_text,
            "cue": self.pred.cue_text,
            "content": self.pred.content_text,
            "confidence": self.pred.confidence,
            "best_overlap": round(self.best_overlap, 4),
        }


@dataclass
class Scores:
    """Everything `claimx eval` reports, micro-averaged over the articles scored."""

    loose: PRF = field(default_factory=PRF)
    strict: PRF = field(default_factory=PRF)
    source: Accuracy = field(default_factory=Accuracy)
    cue: Accuracy = field(default_factory=Accuracy)
    by_type: dict[str, PRF] = field(default_factory=dict)
    by_cue: dict[str, PRF] = field(default_factory=dict)
    articles: int = 0
    skipped_gold: int = 0
    excluded_pred: int = 0
    top_level: bool = False
    # The frames scored (None: all), and the gold attributions of other frames left out.
    frames: list[str] | None = None
    other_frame_gold: int = 0
    missing_predictions: list[str] = field(default_factory=list)
    failed_articles: list[str] = field(default_factory=list)
    misses: list[Miss] = field(default_factory=list)
    false_positives: list[FalsePositive] = field(default_factory=list)
    seconds: float | None = None

    def add(
        self, article: str, golds: Sequence[GoldAttribution], preds: Sequence[Prediction]
    ) -> list[Pair]:
        """Score one article into the totals and return its pairs."""
        pairs = pair_contents(preds, golds)
        self.articles += 1
        self.loose.pred += len(preds)
        self.loose.gold += len(golds)
        self.strict.pred += len(preds)
        self.strict.gold += len(golds)
        self.loose.tp += len(pairs)
        self.strict.tp += sum(1 for p in pairs if p.strict)

        # A matched prediction takes its gold's type, so per-type matches count once for both
        # precision and recall; an unmatched one keeps the type claimx gave it.
        pred_type = [p.type for p in preds]
        for pair in pairs:
            gold = golds[pair.gold]
            pred = preds[pair.pred]
            pred_type[pair.pred] = gold.type
            if gold.source is not None:
                self.source.total += 1
                self.source.correct += spans_overlap(pred.claimant, gold.source)
            if gold.cue is not None:
                self.cue.total += 1
                self.cue.correct += spans_overlap(pred.cue, gold.cue)

        matched_gold = {p.gold for p in pairs}
        matched_pred = {p.pred for p in pairs}
        for gi, gold in enumerate(golds):
            bucket = self.by_type.setdefault(gold.type, PRF())
            bucket.gold += 1
            bucket.tp += gi in matched_gold
            if gold.cue_text:
                cue = self.by_cue.setdefault(gold.cue_text.lower(), PRF())
                cue.gold += 1
                cue.tp += gi in matched_gold
            if gi not in matched_gold:
                self.misses.append(Miss(article, gold, _best_overlap(gold, preds)))
        for pi, kind in enumerate(pred_type):
            self.by_type.setdefault(kind, PRF()).pred += 1
            if pi not in matched_pred:
                self.false_positives.append(
                    FalsePositive(article, preds[pi], _best_overlap_pred(preds[pi], golds))
                )
        return pairs

    def worst_misses(self, n: int) -> list[Miss]:
        """The `n` misses no prediction came near: least overlap first, then longest content."""
        ranked = sorted(
            self.misses, key=lambda m: (m.best_overlap, -size(m.gold.content), m.article, m.gold.id)
        )
        return ranked[: max(n, 0)]

    def worst_false_positives(self, n: int) -> list[FalsePositive]:
        """The `n` unmatched predictions claimx was surest of."""
        ranked = sorted(
            self.false_positives,
            key=lambda f: (-f.pred.confidence, f.best_overlap, f.article, f.pred.id),
        )
        return ranked[: max(n, 0)]

    def top_cues(self, n: int) -> list[tuple[str, PRF]]:
        """The `n` most frequent gold cues (lower-cased) with their recall counts."""
        ranked = sorted(self.by_cue.items(), key=lambda kv: (-kv[1].gold, kv[0]))
        return ranked[: max(n, 0)]

    def as_dict(self, *, cues: int = 20, errors: int = 0) -> dict[str, Any]:
        """The JSON object `claimx eval --json` prints."""
        out: dict[str, Any] = {
            "loose": self.loose.as_dict(),
            "strict": self.strict.as_dict(),
            "source_accuracy": _round(self.source.value),
            "cue_accuracy": _round(self.cue.value),
            "source": {"correct": self.source.correct, "total": self.source.total},
            "cue": {"correct": self.cue.correct, "total": self.cue.total},
            "by_type": {k: v.as_dict() for k, v in type_order(self.by_type)},
            "by_cue": {
                cue: {"recall": round(prf.r, 4), "tp": prf.tp, "gold": prf.gold}
                for cue, prf in self.top_cues(cues)
            },
            "articles": self.articles,
            "skipped_gold": self.skipped_gold,
            "excluded_pred": self.excluded_pred,
            "top_level": self.top_level,
            "frames": self.frames,
            "other_frame_gold": self.other_frame_gold,
            "missing_predictions": self.missing_predictions,
            "failed_articles": self.failed_articles,
            "seconds": None if self.seconds is None else round(self.seconds, 2),
        }
        if errors:
            out["misses"] = [m.as_dict() for m in self.worst_misses(errors)]
            out["false_positives"] = [f.as_dict() for f in self.worst_false_positives(errors)]
        return out


def _round(value: float | None, digits: int = 4) -> float | None:
    return None if value is None else round(value, digits)


def type_order(by_type: dict[str, PRF]) -> list[tuple[str, PRF]]:
    """Breakdown rows in a stable order: direct, mixed, indirect, then any others by name."""
    known = [(t, by_type[t]) for t in TYPES if t in by_type]
    return known + sorted((k, v) for k, v in by_type.items() if k not in TYPES)


def _best_overlap(gold: GoldAttribution, preds: Sequence[Prediction]) -> float:
    gsize = size(gold.content)
    if not gsize or not preds:
        return 0.0
    return max(intersection_size(p.content, gold.content) for p in preds) / gsize


def _best_overlap_pred(pred: Prediction, golds: Sequence[GoldAttribution]) -> float:
    best = 0.0
    for gold in golds:
        gsize = size(gold.content)
        if gsize:
            best = max(best, intersection_size(pred.content, gold.content) / gsize)
    return best


# -- reading gold and predictions --------------------------------------------------------------


def score(
    gold: Sequence[GoldArticle],
    records: Sequence[DocumentRecord | None],
    *,
    top_level: bool = False,
    frames: Collection[str] | None = None,
) -> Scores:
    """Score records (aligned with `gold`; None for an article with no record) into `Scores`.

    `top_level` leaves out claims reported within another claim (see `predictions_of`);
    `frames` keeps only the claims of these frames (None: all). The gold is kept to the same
    frames by the caller (`claimx.evaluation.frames.gold_in_frames`).
    """
    report = Scores(top_level=top_level, frames=sorted(frames) if frames else None)
    for art, record in zip(gold, records, strict=True):
        report.skipped_gold += art.skipped
        preds: list[Prediction] = []
        if record is None:
            report.missing_predictions.append(art.id)
        elif record.error is not None:
            report.failed_articles.append(art.id)
        else:
            preds, excluded = predictions_of(record, top_level=top_level, frames=frames)
            report.excluded_pred += excluded
        report.add(art.id, art.attributions, preds)
    return report
