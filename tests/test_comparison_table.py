"""Comparisons on small texts: every comparison of a claim, its direction, negation, condition
and the names its sides resolve to.

Each row is a text and the comparisons some claim of it must hold (`want`: subject, relation,
object, condition, polarity, negated, subject_name, object_name; strings are substrings, see
`claim_expect.comparison_problems`). Negative rows are texts where no claim may hold a
comparison. All texts were written for the project.
"""

from __future__ import annotations

import pytest
from claim_expect import comparison_problems, describe

import claimx
from claimx.schema import Claim, DocumentRecord


@pytest.fixture(scope="module")
def extract():
    """`extract(text) -> DocumentRecord` with one extractor for the module."""
    extractor = claimx.Extractor()
    cache: dict[str, DocumentRecord] = {}

    def run(text: str) -> DocumentRecord:
        if text not in cache:
            cache[text] = extractor.extract(text)
        return cache[text]

    return run


BETTER, WORSE, EQUAL = "better", "worse", "equal"

# (id, text, [wanted comparisons, in text order, all held by one claim])
ROWS = [
    (
        "coordinated-relations",
        "Chinese chipmakers are racing to build their own accelerators, with some claiming to"
        " rival or outperform their American equivalents.",
        [
            {
                "subject": "some",
                "relation": "rival",
                "object": "their American equivalents",
                "polarity": EQUAL,
                "subject_name": "Chinese chipmakers",
            },
            {
                "subject": "some",
                "relation": "outperform",
                "object": "their American equivalents",
                "polarity": BETTER,
                "subject_name": "Chinese chipmakers",
            },
        ],
    ),
    (
        "condition",
        "Analysts said Huawei's Ascend 910B outperforms Nvidia's A100 when training large models.",
        [
            {
                "subject": "Ascend 910B",
                "relation": "outperform",
                "object": "Nvidia's A100",
                "condition": "when training large models",
                "polarity": BETTER,
            }
        ],
    ),
    (
        "condition-not-in-object",
        "Alibaba's Qwen2 model rivals Meta's Llama 3 on reasoning tasks.",
        [{"object": "Meta's Llama 3", "condition": "on reasoning tasks", "polarity": EQUAL}],
    ),
    (
        "two-relations",
        "Analysts said the Tessera-2 is on par with AMD's MI300X but still lags behind the H100.",
        [
            {"subject": "Tessera-2", "relation": "on par with", "object": "MI300X"},
            {"subject": "Tessera-2", "relation": "lag behind", "object": "H100", "polarity": WORSE},
        ],
    ),
    (
        "superior-to",
        "The Kestrel X2 is superior to the H100 for inference.",
        [
            {
                "subject": "Kestrel X2",
                "relation": "superior to",
                "object": "H100",
                "polarity": BETTER,
            }
        ],
    ),
    (
        "inferior-to",
        "The old board is inferior to the new design.",
        [{"subject": "old board", "object": "new design", "polarity": WORSE}],
    ),
    (
        "preferable-to",
        "Analysts said renting capacity is preferable to buying chips.",
        [{"subject": "renting capacity", "object": "buying chips", "polarity": BETTER}],
    ),
    (
        "prefer-to",
        "Most developers prefer Rust to C for new projects.",
        [{"subject": "Rust", "relation": "prefer", "object": "C", "polarity": BETTER}],
    ),
    (
        "choose-over",
        "I liked the Toyota over the Ford.",
        [{"subject": "Toyota", "object": "Ford", "polarity": BETTER}],
    ),
    (
        "compared-with",
        "Compared with the A100, the Kestrel X2 is faster.",
        [
            {
                "subject": "Kestrel X2",
                "relation": "faster than",
                "object": "A100",
                "polarity": BETTER,
            }
        ],
    ),
    (
        "rather-than",
        "The lab chose the Kestrel X2 rather than the H100.",
        [
            {
                "subject": "Kestrel X2",
                "relation": "rather than",
                "object": "H100",
                "polarity": BETTER,
            }
        ],
    ),
    (
        "than-after-the-noun",
        "The Orbis console had better graphics than the Kestrel box.",
        [{"subject": "Orbis console", "object": "Kestrel box", "polarity": BETTER}],
    ),
    (
        "than-after-the-verb",
        "Cricket is slower to watch than tennis.",
        [{"subject": "Cricket", "relation": "slower than", "object": "tennis", "polarity": WORSE}],
    ),
    (
        "harder-to-learn",
        "Haskell is harder to learn than Python.",
        [{"subject": "Haskell", "object": "Python", "polarity": WORSE}],
    ),
    (
        "more-adjective-than",
        "Analysts said Rust is more reliable than C.",
        [{"subject": "Rust", "relation": "more reliable than", "object": "C", "polarity": BETTER}],
    ),
    (
        "less-adjective-than",
        "The old interface is less stable than the new one.",
        [{"subject": "old interface", "relation": "less stable than", "polarity": WORSE}],
    ),
    (
        "coordinated-comparatives",
        "Engineers said the new compiler is more stable and faster than the old one.",
        [
            {"relation": "more stable than", "object": "old one"},
            {"relation": "faster than", "object": "old one"},
        ],
    ),
    (
        "coordinated-objects",
        "The Kestrel X2 is faster than the A100 and the MI300X.",
        [
            {"subject": "Kestrel X2", "object": "A100"},
            {"subject": "Kestrel X2", "object": "MI300X"},
        ],
    ),
    (
        "negated",
        "The Kestrel X2 is not better than the H100.",
        [{"subject": "Kestrel X2", "object": "H100", "polarity": BETTER, "negated": True}],
    ),
    (
        "denied-by-the-claimant",
        "Analysts do not think the Kestrel X2 is faster than the H100.",
        [{"subject": "Kestrel X2", "object": "H100", "negated": True}],
    ),
    (
        "not-as-good-as",
        "The Kestrel X2 is not as fast as the H100.",
        [{"relation": "fall short of", "object": "H100", "polarity": WORSE, "negated": False}],
    ),
    (
        "as-fast-as",
        "The new chip is as fast as the H100.",
        [{"subject": "new chip", "relation": "on par with", "object": "H100", "polarity": EQUAL}],
    ),
    (
        "cannot-match",
        "The Kestrel cannot match the H100.",
        [{"subject": "Kestrel", "relation": "fall short of", "polarity": WORSE}],
    ),
    (
        "lose-to",
        "Lumora's Kestrel X2 lost to Nvidia's H100 in the benchmark.",
        [{"subject": "Kestrel X2", "relation": "lose to", "object": "H100", "polarity": WORSE}],
    ),
    (
        "contrast-without-than",
        "The Kestrel X2 is fine, but the H100 is faster.",
        [{"subject": "H100", "object": "Kestrel X2", "polarity": BETTER}],
    ),
    (
        "then-for-than",
        "The Kestrel X2 is better then the A100.",
        [{"subject": "Kestrel X2", "object": "A100", "polarity": BETTER}],
    ),
    (
        "a-better-name",
        "Ferrolang is a better Java.",
        [{"subject": "Ferrolang", "object": "Java", "polarity": BETTER}],
    ),
    (
        "advantage-over",
        "Windows 8 has efficiency improvements over Windows 7.",
        [{"subject": "Windows 8", "object": "Windows 7", "polarity": BETTER}],
    ),
    (
        "speaker-compares-objects",
        "I like the Kestrel X2 better than the H100.",
        [{"subject": "Kestrel X2", "object": "H100", "polarity": BETTER}],
    ),
    (
        "placeholder-it",
        "It is easier to learn Python than Haskell.",
        [{"subject": "Python", "object": "Haskell", "polarity": BETTER}],
    ),
    (
        "parallel-place-parsed-inside-the-subject",
        "I was always better at chess than checkers.",
        [{"subject": "chess", "object": "checkers", "polarity": BETTER}],
    ),
    (
        "preference-object-after-a-determiner",
        "Buyers prefer a sturdy Kestrel board to that flimsy Lumora board.",
        [{"subject": "Kestrel board", "object": "Lumora board", "polarity": BETTER}],
    ),
    (
        "comma-spliced-contrast",
        "Croquet is slow, badminton is a much better sport.",
        [{"subject": "badminton", "object": "Croquet", "polarity": BETTER}],
    ),
    (
        "over-after-a-graded-noun",
        "The Kestrel van is a better choice over the Lumora van.",
        [{"subject": "Kestrel van", "object": "Lumora van", "polarity": BETTER}],
    ),
    (
        "speaker-contrast",
        "I used Ferrolang for years, but now I like Kotlin better.",
        [{"subject": "Kotlin", "object": "Ferrolang", "polarity": BETTER}],
    ),
    (
        "named-examples-of-the-object",
        "Ferrolang is faster than other languages, such as Perl and Kotlin.",
        [
            {"subject": "Ferrolang", "object": "other languages", "polarity": BETTER},
            {"subject": "Ferrolang", "object": "Perl", "polarity": BETTER},
            {"subject": "Ferrolang", "object": "Kotlin", "polarity": BETTER},
        ],
    ),
    (
        "speaker-thinks-in-the-other-clause",
        "I think the Kestrel stopped fine, but the Lumora was definitely better.",
        [{"subject": "Lumora", "object": "Kestrel", "polarity": BETTER}],
    ),
    (
        "opposite-grades-in-two-clauses",
        "Cobol is worse and Ferrolang is better.",
        [{"subject": "Ferrolang", "object": "Cobol", "polarity": BETTER}],
    ),
    (
        "there-are-better",
        "There are far better Kestrel trucks than the Lumora.",
        [{"subject": "Kestrel trucks", "object": "Lumora", "polarity": BETTER, "negated": False}],
    ),
    (
        "named-object-of-the-clause",
        "Most shops sell Kestrel phones faster than Lumora phones.",
        [{"subject": "Kestrel phones", "object": "Lumora phones", "polarity": BETTER}],
    ),
    (
        "less-of-a-thing",
        "The Kestrel X2 has less memory than the H100.",
        [{"subject": "Kestrel X2", "relation": "less than", "polarity": "different"}],
    ),
    (
        "degree-not-preference",
        "The Kestrel X2 is older than the H100.",
        [{"subject": "Kestrel X2", "object": "H100", "polarity": "different"}],
    ),
    (
        "parallel-prepositions",
        "Some people think better in Python than in Perl.",
        [{"subject": "Python", "object": "Perl", "polarity": BETTER}],
    ),
    (
        "we-is-the-claimant",
        '"We are faster than our Asian rivals," said Northvolt.',
        [{"subject": "We", "subject_name": "Northvolt", "object": "our Asian rivals"}],
    ),
    (
        "it-is-the-claimant",
        "Mistral said it outperforms its rivals on French benchmarks.",
        [{"subject": "it", "subject_name": "Mistral", "object": "its rivals"}],
    ),
    (
        "possessive-name",
        "Huawei has emerged as a leader, with their Ascend 910B outperforming Nvidia's A100.",
        [{"subject": "Ascend 910B", "subject_name": "Ascend 910B", "object": "Nvidia's A100"}],
    ),
]


def _holding(claims: list[Claim], want: list[dict]) -> list[str] | None:
    """None when one claim holds every wanted comparison in order; else the closest failures."""
    best: list[str] | None = None
    for claim in claims:
        problems, at = [], 0
        for w in want:
            found = next(
                (
                    k
                    for k in range(at, len(claim.comparisons))
                    if not comparison_problems(_one(claim, k), w)
                ),
                None,
            )
            if found is None:
                problems.append(f"{w}: " + "; ".join(comparison_problems(claim, w)))
            else:
                at = found + 1
        if not problems:
            return None
        if best is None or len(problems) < len(best):
            best = problems
    return best or ["no claim holds a comparison"]


def _one(claim: Claim, k: int) -> Claim:
    """`claim` with only its k-th comparison."""
    return claim.model_copy(update={"comparisons": [claim.comparisons[k]]})


@pytest.mark.parametrize(("name", "text", "want"), ROWS, ids=[r[0] for r in ROWS])
def test_comparisons(extract, name, text, want):
    record = extract(text)
    problems = _holding(record.claims, want)
    if problems:
        pytest.fail(
            f"text: {text!r}\n  "
            + "\n  ".join(problems)
            + "\nclaims:\n"
            + "\n".join(describe(c) for c in record.claims),
            pytrace=False,
        )


NO_COMPARISON = [
    ("question", "Is the Kestrel X2 faster than the H100?"),
    ("fragment", "Faster than the H100 and cheaper too."),
    ("whether", "Analysts asked whether the Kestrel X2 is faster than the H100."),
    ("amount", "Lumora has built chips for more than a decade."),
    ("twice-as-many", "The model was trained on twice as many tokens as its predecessor."),
    ("then-in-a-sequence", "Install the driver first, then the firmware, and it is easier."),
    ("over-a-stretch-of-time", "Lumora made better chips over the last decade."),
    ("better-over-time", "The Kestrel X2 got better over the years."),
    ("both-sides-graded", "The Kestrel has a better screen, but the Lumora has a better battery."),
]


@pytest.mark.parametrize(("name", "text"), NO_COMPARISON, ids=[r[0] for r in NO_COMPARISON])
def test_no_comparison(extract, name, text):
    record = extract(text)
    found = [c for c in record.claims if c.comparisons]
    assert not found, f"text: {text!r}\n" + "\n".join(describe(c) for c in found)


def test_spans_are_the_compared_things_without_a_final_stop(extract):
    record = extract("Analysts said the Kestrel X2 is faster than Nvidia's H100.")
    comps = [comp for c in record.claims for comp in c.comparisons]
    assert comps, "no comparison"
    for comp in comps:
        assert comp.subject.text == "Kestrel X2"
        assert comp.object.text == "Nvidia's H100"


def test_the_claim_records_every_comparison_in_text_order(extract):
    record = extract("Analysts said the X2 beats the A100, while the A200 only rivals the H100.")
    claim = next(c for c in record.claims if len(c.comparisons) >= 2)
    starts = [comp.subject.start for comp in claim.comparisons]
    assert starts == sorted(starts)
    assert [comp.relation for comp in claim.comparisons] == ["beat", "rival"]
    assert claim.comparisons[0].condition is None  # the "while" clause is the second claim


@pytest.mark.corpus
def test_the_seed_article_keeps_both_relations_and_the_condition(extract, corpus):
    """The article the product was specified from: "rival or outperform" gives two comparisons
    by Chinese IT companies, and the Ascend 910B outperforms the A100 when training LLMs."""
    record = extract((corpus / "scmp-china-ai-gap.txt").read_text(encoding="utf-8"))
    comps = [comp for c in record.claims for comp in c.comparisons]
    toward = [c for c in comps if c.object.text == "their American equivalents"]
    assert {c.relation for c in toward} >= {"rival", "outperform"}
    assert all(c.subject_name == "Chinese IT companies" for c in toward)
    ascend = [c for c in comps if "Ascend 910B" in c.subject.text and c.relation == "outperform"]
    assert ascend and ascend[0].object.text == "Nvidia's A100"
    assert ascend[0].condition is not None and ascend[0].condition.text == "when training LLMs"
    assert ascend[0].polarity == "better"


def test_sides_take_the_names_of_the_document_entities():
    from claimx.rules.comparison_sides import name_sides

    text = "Codestral is out. The model beats GPT-4o."
    side = {"text": "model", "start": 22, "end": 27}
    claims = [
        {
            "comparisons": [
                {
                    "subject": side,
                    "object": {"text": "GPT-4o", "start": 34, "end": 40},
                    "subject_name": None,
                    "object_name": "GPT-4o",
                }
            ]
        }
    ]
    assert text[22:27] == "model" and text[34:40] == "GPT-4o"
    referents = [
        {"name": "Codestral", "mentions": [{"text": "Codestral", "start": 0, "end": 9}, side]},
        {"name": "OpenAI GPT-4o", "mentions": [{"text": "GPT-4o", "start": 34, "end": 40}]},
    ]
    name_sides(claims, referents)
    comp = claims[0]["comparisons"][0]
    assert (comp["subject_name"], comp["object_name"]) == ("Codestral", "OpenAI GPT-4o")
    name_sides(claims, [])  # no table yet: names stay
    assert comp["subject_name"] == "Codestral"


def test_a_comparison_inside_an_attributed_claim_is_not_the_publications_too(extract):
    record = extract(
        "Chinese chipmakers are racing to build their own accelerators, with some claiming to"
        " rival or outperform their American equivalents.\nSource: Harbour Ledger"
    )
    holders = {c.claimant.kind for c in record.claims if c.comparisons}
    assert holders, "no comparison"
    assert "publication" not in holders
