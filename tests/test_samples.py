"""The sample articles and what claimx must find in them: hand-checked claim tables.

Each row names a claim by its claimant and a piece of its content and states what must hold
of it (see `claim_expect.Expect`). The tables are the behaviour specification written from
issue 2; they are checked by hand against the sample texts, not generated from the output.
`test_golden_record` separately pins the whole current output (`samples/*.expected.json`,
regenerated with `python tests/golden.py --write`).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from claim_expect import ANY, Expect, check, describe, fold, fold_name
from golden import current_record, diff_records, load_expected, sample_slugs

import claimx
from claimx.schema import DocumentRecord

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"
SCMP = CORPUS / "scmp-china-ai-gap.txt"

SLUGS = [
    "tech-chips",
    "business-earnings",
    "politics-budget",
    "energy-policy",
    "health-study",
    "ai-models",
]

DIRECT, INDIRECT, ACCORDING, UNATTR = "direct", "indirect", "according_to", "unattributed"
PERSON, ORG, GROUP, PUB = "person", "organization", "group", "publication"


@pytest.fixture(scope="module")
def extractor():
    """One loaded pipeline for the whole module."""
    return claimx.Extractor()


@pytest.fixture(scope="module")
def records(extractor) -> dict[str, DocumentRecord]:
    """Each sample extracted once, as the CLI reads it."""
    out = {}
    for slug in SLUGS:
        data = current_record(slug, extractor)
        out[slug] = DocumentRecord.model_validate(data)
    return out


# -- what each sample's document metadata must be -------------------------------------------
DOCUMENTS = [
    (
        "tech-chips",
        "Chinese Chipmakers Narrow AI Gap Despite Export Curbs",
        "Asia Tech Dispatch",
        "Laura Whitcombe",
    ),
    (
        "business-earnings",
        "Norddeck Bank Profit Jumps 18% as Trading Desk Shines",
        "Reuters",
        "Priya Ramanathan",
    ),
    (
        "politics-budget",
        "Eastmark Unveils Leaner Budget as Deficit Fears Mount",
        "Eastmark Herald",
        "Marcus Oyelaran",
    ),
    (
        "energy-policy",
        "Offshore Wind Push Runs Into Grid Bottleneck, Regulator Warns",
        "Northern Energy Monitor",
        "Ingrid Solberg",
    ),
    (
        "health-study",
        "Daily Walks Cut Heart Attack Risk in Older Adults, Study Finds",
        "Health Dispatch",
        "Claire Fontaine",
    ),
    (
        "ai-models",
        "Open AI Models Close In on Proprietary Rivals, Benchmarks Show",
        "Euro Tech Daily",
        "Etienne Marchal",
    ),
]


def E(claimant, kind, cue, content, attribution, hedged, **extra) -> Expect:
    """A row of the claim tables (keyword extras: role, span, comparison, duplicate, ...)."""
    return Expect(claimant, kind, cue, content, attribution, hedged, extra)


def row(slug: str, exp: Expect, label: str):
    return pytest.param(slug, exp, id=f"{slug}:{label}")


CLAIMS = [
    # ---------------------------------------------------------------- tech-chips (straight quotes)
    row(
        "tech-chips",
        E(
            "Brightline Research",
            ORG,
            "according to",
            "Chinese chip designers are closing in on their American rivals",
            ACCORDING,
            False,
            content_excludes="according to",
        ),
        "according-to-back",
    ),
    row(
        "tech-chips",
        E(
            "Brightline Research",
            ORG,
            "according to",
            "domestic suppliers shipped 31 percent",
            ACCORDING,
            False,
            span="Brightline",
        ),
        "according-to-front-short-org-name",
    ),
    row(
        "tech-chips",
        E(
            "Victor Lam",
            PERSON,
            "said",
            "Kestrel X2 accelerator is faster than Nvidia's H100",
            INDIRECT,
            False,
            role="chief executive",
            comparison={"subject": "Kestrel X2", "relation": "faster than", "object": "H100"},
        ),
        "reported-appositive-role-faster-than",
    ),
    row(
        "tech-chips",
        E(
            "Victor Lam",
            PERSON,
            "said",
            "Our chips are no longer a compromise",
            DIRECT,
            False,
            span="Lam",
        ),
        "quote-short-name-after",
    ),
    row(
        "tech-chips",
        E("Victor Lam", PERSON, ("said", None), "they are now the first choice", DIRECT, False),
        "quote-interrupted-second-part",
    ),
    row(
        "tech-chips",
        E(
            "Victor Lam",
            PERSON,
            "added",
            "Kestrel X2 outperforms the A100 when training large language models",
            INDIRECT,
            False,
            span="He",
            comparison={
                "subject": "Kestrel X2",
                "relation": "outperform",
                "object": "A100",
                "condition": "when training large language models",
            },
        ),
        "pronoun-he-outperforms-when",
    ),
    row(
        "tech-chips",
        E(
            "Lumora Semiconductor",
            ORG,
            "said",
            "shipped 40,000 Kestrel units",
            INDIRECT,
            False,
            span="The company",
        ),
        "the-company",
    ),
    row(
        "tech-chips",
        E("Victor Lam", PERSON, "said", "We expect to double production next year", DIRECT, False),
        "quote-after-short-name",
    ),
    row(
        "tech-chips",
        E(
            "Victor Lam",
            PERSON,
            "said",
            "Demand from cloud providers has been relentless",
            DIRECT,
            False,
        ),
        "quote-paragraph-continues-speaker",
    ),
    row(
        "tech-chips",
        E(
            "Analysts",
            GROUP,
            "say",
            "Ascend 910B is on par with Nvidia's A100",
            INDIRECT,
            False,
            comparison={"subject": "Ascend 910B", "relation": "on par with", "object": "A100"},
        ),
        "group-analysts-on-par-with",
    ),
    # "reportedly"/"allegedly" credit an unnamed source: a claim with that cue and no named claimant
    row(
        "tech-chips",
        E(
            None,
            "unknown",
            "reportedly",
            "reportedly preparing a successor",
            INDIRECT,
            True,
            hedge="reportedly",
        ),
        "hedge-reportedly",
    ),
    row(
        "tech-chips",
        E(ANY, ANY, ANY, "double the memory bandwidth", ANY, True, hedge="said to"),
        "hedge-is-said-to",
    ),
    row(
        "tech-chips",
        E(
            ("Smaller Chinese start-ups", "Chinese start-ups"),
            GROUP,
            "claiming",
            "match Nvidia's flagship on power efficiency",
            INDIRECT,
            True,
            span="some",
            comparison={"relation": "rival", "object": "flagship"},
        ),
        "quantifier-some-claiming",
    ),
    row(
        "tech-chips",
        E(
            "Meng Xu",
            PERSON,
            (":", "was blunt"),
            "Benchmarks picked by a vendor rarely tell the whole story",
            DIRECT,
            False,
            role="semiconductor analyst at Corvane Securities",
        ),
        "colon-quote-appositive",
    ),
    row(
        "tech-chips",
        E(
            "Meng Xu",
            PERSON,
            "said",
            "Tighter export rules may slow Chinese designers down",
            DIRECT,
            True,
            span="she",
            hedge="may",
        ),
        "pronoun-she-interrupting-may",
    ),
    row(
        "tech-chips",
        E("Meng Xu", PERSON, ("said", None), "They will not stop them", DIRECT, ANY),
        "interrupting-second-part",
    ),
    row(
        "tech-chips",
        E(
            "Industry experts",
            GROUP,
            "warn",
            "domestic software still lags behind Nvidia's CUDA ecosystem",
            INDIRECT,
            False,
            comparison={"subject": "domestic software", "relation": "lag behind", "object": "CUDA"},
        ),
        "group-industry-experts-lags-behind",
    ),
    row(
        "tech-chips",
        E(
            None,
            "unknown",
            "allegedly",
            "H100 units allegedly reached at least three Chinese data centres",
            INDIRECT,
            True,
            hedge="allegedly",
        ),
        "hedge-allegedly",
    ),
    row(
        "tech-chips",
        E(
            "Asia Tech Dispatch",
            PUB,
            None,
            "faster than Nvidia's H100 on image recognition",
            UNATTR,
            ANY,
            duplicate=True,
        ),
        "key-point-1-duplicate",
    ),
    row(
        "tech-chips",
        E(
            "Asia Tech Dispatch",
            PUB,
            None,
            "Huawei's Ascend 910B on par with",
            UNATTR,
            ANY,
            duplicate=True,
        ),
        "key-point-2-duplicate",
    ),
    row(
        "tech-chips",
        E(
            "Asia Tech Dispatch",
            PUB,
            None,
            "Domestic software still lags behind Nvidia's CUDA ecosystem",
            UNATTR,
            ANY,
            duplicate=True,
        ),
        "key-point-3-duplicate",
    ),
    # ---------------------------------------------------------------- business-earnings (curly quotes, Reuters dateline)
    row(
        "business-earnings",
        E("Reuters", PUB, None, "18% rise in third-quarter net profit", UNATTR, False),
        "unattributed-lede",
    ),
    row(
        "business-earnings",
        E(
            "Norddeck Bank",
            ORG,
            "said",
            "Net profit rose to 1.42 billion euros",
            INDIRECT,
            False,
            span="the bank",
            content_excludes="the bank said",
        ),
        "content-before-cue-the-bank",
    ),
    row(
        "business-earnings",
        E(
            "Sabine Kordt",
            PERSON,
            ("told", "told reporters"),
            "every part of the business pulled its weight",
            DIRECT,
            False,
            role="chief executive",
        ),
        "curly-quote-title-role-told",
    ),
    row(
        "business-earnings",
        E(
            "Sabine Kordt",
            PERSON,
            "said",
            "the bank would keep its full-year target",
            INDIRECT,
            False,
            span="Kordt",
        ),
        "short-name-said",
    ),
    row(
        "business-earnings",
        E(
            "Sabine Kordt",
            PERSON,
            "warned",
            "lower interest rates could weigh on lending income",
            INDIRECT,
            True,
            hedge="could",
        ),
        "conjoined-warned-could",
    ),
    row(
        "business-earnings",
        E(
            "Reuters",
            PUB,
            None,
            "Shares in Norddeck rose 4.2%",
            UNATTR,
            False,
            comparison={
                "subject": "Norddeck",
                "relation": "outperform",
                "object": "STOXX Europe 600",
            },
        ),
        "participle-outperforming",
    ),
    row(
        "business-earnings",
        E(
            "Tomasz Wierzbicki",
            PERSON,
            "said",
            "The numbers are clean",
            DIRECT,
            False,
            role="an economist at ING",
        ),
        "inverted-quote-economist-at-ING",
    ),
    row(
        "business-earnings",
        E(
            "Tomasz Wierzbicki",
            PERSON,
            "added",
            "Norddeck was likely to raise its dividend",
            INDIRECT,
            True,
            span="He",
            hedge="likely",
        ),
        "pronoun-he-likely",
    ),
    row(
        "business-earnings",
        E(
            ("two people familiar with the matter", "people familiar with the matter"),
            GROUP,
            "according to",
            "weighing the sale of its Polish consumer-lending arm",
            ACCORDING,
            True,
            hedge="could",
        ),
        "people-familiar-with-the-matter",
    ),
    row(
        "business-earnings",
        E(ANY, ANY, "said", "No decision has been made", INDIRECT, ANY),
        "content-before-cue-one-of-the-people",
    ),
    row(
        "business-earnings",
        E(
            "Analysts",
            GROUP,
            "said",
            "cost-to-income ratio of 58% still lags behind",
            INDIRECT,
            False,
            comparison={
                "subject": "cost-to-income ratio",
                "relation": "lag behind",
                "object": "Nordic peers",
            },
        ),
        "analysts-lags-behind",
    ),
    row(
        "business-earnings",
        E(
            "Helga Brandt",
            PERSON,
            "said",
            "They have cut a lot",
            DIRECT,
            False,
            role="portfolio manager at Aldwin Asset Management",
        ),
        "inverted-quote-role",
    ),
    row(
        "business-earnings",
        E(
            "Helga Brandt",
            PERSON,
            ("said", None),
            "The next two years will show whether the turnaround is real",
            DIRECT,
            False,
        ),
        "inverted-quote-second-part",
    ),
    row(
        "business-earnings",
        E(
            "Sabine Kordt",
            PERSON,
            ("described", "has described", "described as"),
            "painful but overdue",
            (DIRECT, "mixed"),
            False,
        ),
        "relative-clause-described-as",
    ),
    # ---------------------------------------------------------------- politics-budget (straight quotes, single inside double)
    row(
        "politics-budget",
        E(
            "Helena Marsh",
            PERSON,
            "said",
            "the province would cut spending by 3.2 billion dollars",
            INDIRECT,
            False,
            role="finance minister",
            content_excludes="on Wednesday",
        ),
        "said-that-role-before-name",
    ),
    row(
        "politics-budget",
        E(
            "officials",
            GROUP,
            "said",
            "The cuts will fall hardest on road building",
            INDIRECT,
            False,
            content_excludes="officials said",
        ),
        "content-before-cue-officials",
    ),
    row(
        "politics-budget",
        E(
            "Helena Marsh",
            PERSON,
            ("told", "told reporters"),
            "We are not going to borrow our way out of this",
            DIRECT,
            False,
            span="Marsh",
        ),
        "quote-told-reporters",
    ),
    row(
        "politics-budget",
        E(
            "Helena Marsh",
            PERSON,
            ("told", "told reporters", None),
            "programme we funded in the last decade is still on the books",
            DIRECT,
            False,
        ),
        "quote-single-inside-double",
    ),
    row(
        "politics-budget",
        E(
            "Helena Marsh",
            PERSON,
            "warned",
            "interest payments would exceed the entire health budget by 2027",
            INDIRECT,
            ANY,
            comparison={
                "subject": "interest payments",
                "relation": "surpass",
                "object": "health budget",
                "condition": "if nothing changed",
            },
        ),
        "warned-exceed-if",
    ),
    row(
        "politics-budget",
        E(
            ("Progressive Alliance", "opposition Progressive Alliance"),
            ORG,
            ("said", "in a statement", "said in a statement"),
            "the cuts would cost at least 4,000 public-sector jobs",
            INDIRECT,
            False,
        ),
        "in-a-statement",
    ),
    row(
        "politics-budget",
        E(
            ("Progressive Alliance", "opposition Progressive Alliance"),
            ORG,
            ("claim", "its claim", "repeated its claim"),
            "the plan would push the province into recession",
            INDIRECT,
            False,
        ),
        "noun-cue-claim-that",
    ),
    row(
        "politics-budget",
        E(
            "Daniel Okafor",
            PERSON,
            "said",
            "The numbers simply do not add up",
            DIRECT,
            False,
            role="finance spokesman",
        ),
        "inverted-said-name",
    ),
    row(
        "politics-budget",
        E(
            "Daniel Okafor",
            PERSON,
            ("said", None),
            "You cannot shrink your way to growth",
            DIRECT,
            False,
        ),
        "inverted-second-part",
    ),
    row(
        "politics-budget",
        E(
            "Daniel Okafor",
            PERSON,
            "said",
            "his party would table an alternative budget",
            INDIRECT,
            False,
            span="Okafor",
        ),
        "short-name-reported",
    ),
    row(
        "politics-budget",
        E(
            "Ruth Abernathy",
            PERSON,
            "said",
            "credit rating could be cut if growth slows further",
            INDIRECT,
            True,
            role="fiscal analyst",
            hedge="could",
            content_excludes="said Ruth",
        ),
        "inverted-indirect-said-name",
    ),
    row(
        "politics-budget",
        E(
            "Ruth Abernathy",
            PERSON,
            "said",
            "ratings agencies had been watching the deficit closely",
            INDIRECT,
            False,
            span="She",
        ),
        "pronoun-she",
    ),
    row(
        "politics-budget",
        E(
            ("a source close to the cabinet", "source close to the cabinet", "a source", "source"),
            ANY,
            "said",
            "two ministers had argued for deeper cuts",
            INDIRECT,
            False,
        ),
        "anonymous-a-source",
    ),
    row(
        "politics-budget",
        E(
            "Colin Ashby",
            PERSON,
            "saying",
            "it protected schools and hospitals",
            INDIRECT,
            False,
            role="premier",
        ),
        "participial-saying-title",
    ),
    row(
        "politics-budget",
        E(
            "Nadia Farouk",
            PERSON,
            "said",
            "Our members were promised a fair deal in 2022",
            DIRECT,
            False,
            role="president",
        ),
        "inverted-quote-president-of",
    ),
    row(
        "politics-budget",
        E("Eastmark Herald", PUB, None, "governing coalition holds 46 seats", UNATTR, False),
        "unattributed-numbers",
    ),
    # ---------------------------------------------------------------- energy-policy (curly quotes, ‘ ’ inside “ ”)
    # "plans to" may be read as the article's own statement or as the ministry's stated intention (PolNeAR annotates intentions).
    row(
        "energy-policy",
        E(
            ("Northern Energy Monitor", "Ministry of Energy and Water"),
            (PUB, ORG),
            ANY,
            "triple offshore wind capacity to 12 gigawatts by 2032",
            (UNATTR, INDIRECT),
            False,
        ),
        "lede-plans-to",
    ),
    row(
        "energy-policy",
        E(
            "Ministry of Energy and Water",
            ORG,
            "said",
            "the plan would cut power-sector emissions by 40 percent",
            INDIRECT,
            False,
            span="The ministry",
        ),
        "the-ministry",
    ),
    row(
        "energy-policy",
        E(
            "Ofnet",
            ORG,
            "according to",
            "existing transmission lines can absorb only half",
            ACCORDING,
            False,
        ),
        "according-to-front-appositive-org",
    ),
    row(
        "energy-policy",
        E(
            "Rosa Marín",
            PERSON,
            "said",
            "turbines will simply be switched off on windy days",
            DIRECT,
            False,
            role="head of network planning",
        ),
        "curly-inverted-role",
    ),
    row(
        "energy-policy",
        E(
            "Rosa Marín",
            PERSON,
            ("said", None),
            "We have been saying this for three years",
            DIRECT,
            False,
        ),
        "curly-second-part",
    ),
    row(
        "energy-policy",
        E(
            "Rosa Marín",
            PERSON,
            "said",
            "the regulator had asked the ministry to publish a cable-building timetable",
            INDIRECT,
            False,
            span="She",
        ),
        "pronoun-she",
    ),
    row(
        "energy-policy",
        E(
            "WindForward",
            ORG,
            "argued",
            "offshore wind now rivals new gas plants on cost",
            INDIRECT,
            False,
            comparison={"subject": "offshore wind", "relation": "rival", "object": "gas plants"},
        ),
        "argued-rivals",
    ),
    row(
        "energy-policy",
        E(
            ("Researchers at the Halden Energy Institute", "Researchers"),
            GROUP,
            "estimate",
            "grid upgrades could cost 9 billion euros",
            INDIRECT,
            True,
            hedge="could",
        ),
        "researchers-estimate",
    ),
    row(
        "energy-policy",
        E(
            "Jonas Weber",
            PERSON,
            "said",
            "The timetable is ambitious but achievable",
            DIRECT,
            False,
            role="spokesman",
        ),
        "title-before-name-quote",
    ),
    row(
        "energy-policy",
        E("Jonas Weber", PERSON, ("said", None), "part is behind us", DIRECT, False),
        "single-inside-double-second-part",
    ),
    row(
        "energy-policy",
        E("Jonas Weber", PERSON, "said", "We are talking to Ofnet every week", DIRECT, False),
        "quote-paragraph-continues-speaker",
    ),
    # Either the article's hedged statement or the government's reported intention; hedged by "reportedly" both ways.
    row(
        "energy-policy",
        E(
            None,
            "unknown",
            "reportedly",
            "a levy on fossil-fuel generators",
            INDIRECT,
            True,
            hedge="reportedly",
        ),
        "hedge-reportedly",
    ),
    row(
        "energy-policy",
        E(
            ("Fishermen's associations", "Fishermen’s associations"),
            (GROUP, ORG),
            "say",
            "the turbines may disrupt spawning grounds",
            INDIRECT,
            True,
            hedge="may",
        ),
        "group-say-may",
    ),
    row(
        "energy-policy",
        E("Sven Aalto", PERSON, "told", "his members had not been consulted", INDIRECT, False),
        "told-named-recipient",
    ),
    row(
        "energy-policy",
        E("Sven Aalto", PERSON, "said", "They drew lines on a map", DIRECT, False, span="Aalto"),
        "short-name-quote",
    ),
    row(
        "energy-policy",
        E(
            (
                "Ministry of Energy and Water",
                "ministry's own projections",
                "ministry’s own projections",
            ),
            ANY,
            "according to",
            "Electricity demand is forecast to grow by a quarter by 2035",
            ACCORDING,
            ANY,
        ),
        "according-to-back-projections",
    ),
    # ---------------------------------------------------------------- health-study (straight quotes)
    row(
        "health-study",
        E(
            ANY,
            ANY,
            "found",
            "older adults who walk for at least 30 minutes a day are 24 percent less likely",
            INDIRECT,
            False,
            span_contains="study",
        ),
        "study-found-that",
    ),
    row(
        "health-study",
        E(
            "Health Dispatch",
            PUB,
            None,
            "followed 12,400 people aged 65 and over for eight years",
            UNATTR,
            False,
        ),
        "unattributed-numbers",
    ),
    row(
        "health-study",
        E(
            "Amara Osei",
            PERSON,
            "said",
            "The effect was strongest in people who had been completely inactive before",
            DIRECT,
            False,
            role="cardiologist at Aldmoor University",
        ),
        "inverted-quote-role",
    ),
    row(
        "health-study",
        E(
            "Amara Osei",
            PERSON,
            ("said", None),
            "Even a short daily walk makes a measurable difference",
            DIRECT,
            False,
        ),
        "inverted-second-part",
    ),
    row(
        "health-study",
        E(
            "Amara Osei",
            PERSON,
            "said",
            "the benefit may partly reflect lower blood pressure",
            INDIRECT,
            True,
            span="Osei",
            hedge="may",
        ),
        "short-name-may",
    ),
    row(
        "health-study",
        E("Researchers", GROUP, "say", "the findings support guidelines", INDIRECT, False),
        "researchers-say",
    ),
    row(
        "health-study",
        E(
            "Henrik Vos",
            PERSON,
            "told",
            "the study relied on participants reporting their own activity",
            INDIRECT,
            False,
            role="sports physician",
        ),
        "told-recipient-that",
    ),
    row(
        "health-study",
        E(
            "Henrik Vos",
            PERSON,
            "said",
            "people often overstate how much they exercise",
            INDIRECT,
            False,
            span="He",
        ),
        "pronoun-he",
    ),
    row(
        "health-study",
        E(
            "Henrik Vos",
            PERSON,
            "said",
            "Self-reported data is a starting point",
            DIRECT,
            False,
            span="Vos",
        ),
        "short-name-quote",
    ),
    row(
        "health-study",
        E(
            "World Health Organization",
            ORG,
            "according to",
            "about a quarter of adults worldwide do not get enough physical activity",
            ACCORDING,
            False,
        ),
        "according-to-front",
    ),
    row(
        "health-study",
        E(
            "Amara Osei",
            PERSON,
            ("said", ":", "said:"),
            "We want to measure, not ask",
            DIRECT,
            False,
            span="Osei",
        ),
        "colon-quote-said",
    ),
    row(
        "health-study",
        E(
            "National Walking Trust",
            ORG,
            "according to",
            "Walking groups run by local councils have grown in popularity",
            ACCORDING,
            False,
        ),
        "according-to-back",
    ),
    row(
        "health-study",
        E(
            "National Walking Trust",
            ORG,
            "says",
            "its membership has doubled since 2020",
            INDIRECT,
            False,
        ),
        "relative-clause-says",
    ),
    row(
        "health-study",
        E(
            ("Some doctors", "doctors"),
            GROUP,
            "argue",
            "the benefits of walking are underrated",
            INDIRECT,
            False,
        ),
        "group-argue",
    ),
    row(
        "health-study",
        E(
            ("Lena Hartmann", "Dr. Lena Hartmann"),
            PERSON,
            "said",
            "many of her older patients had reduced their blood pressure medication",
            INDIRECT,
            False,
            role="general practitioner",
        ),
        "dr-title-appositive",
    ),
    row(
        "health-study",
        E(
            ("Lena Hartmann", "Dr. Lena Hartmann"),
            PERSON,
            "said",
            "I prescribe walking the way I prescribe pills",
            DIRECT,
            False,
            span="Hartmann",
        ),
        "short-name-quote",
    ),
    row(
        "health-study",
        E(
            ("Lena Hartmann", "Dr. Lena Hartmann"),
            PERSON,
            ("said", None),
            "It costs nothing",
            DIRECT,
            False,
        ),
        "interrupting-second-part",
    ),
    # ---------------------------------------------------------------- ai-models (guillemets and curly quotes)
    row(
        "ai-models",
        E(
            "OpenEval Lab",
            ORG,
            "according to",
            "Open-weight language models from China and Europe are catching up",
            ACCORDING,
            False,
            content_excludes="according to",
        ),
        "according-to-back-appositive",
    ),
    row(
        "ai-models",
        E(
            "OpenEval Lab",
            ORG,
            ("said", "said in a report", "in a report"),
            "Qwen2 model rivals Meta's Llama 3 on reasoning tasks",
            INDIRECT,
            False,
            comparison={"subject": "Qwen2", "relation": "rival", "object": "Llama 3"},
        ),
        "content-before-cue-rivals",
    ),
    row(
        "ai-models",
        E(
            "Mistral",
            ORG,
            "said",
            "its Large 3 model outperforms GPT-4o when answering questions in French and German",
            INDIRECT,
            False,
            comparison={
                "subject": "Large 3",
                "relation": "outperform",
                "object": "GPT-4o",
                "condition": "when answering questions in French and German",
            },
        ),
        "org-said-that-outperforms-when",
    ),
    row(
        "ai-models",
        E(
            "Mistral",
            ORG,
            "said",
            "the model would be released under an open licence next month",
            INDIRECT,
            False,
            span="The company",
        ),
        "the-company",
    ),
    row(
        "ai-models",
        E(
            "Camille Roux",
            PERSON,
            "said",
            "We are not chasing leaderboards",
            DIRECT,
            False,
            role="head of research",
        ),
        "guillemets-inverted-role",
    ),
    row(
        "ai-models",
        E(
            "Camille Roux",
            PERSON,
            ("said", None),
            "Our customers care about the cost of each answer",
            DIRECT,
            False,
        ),
        "guillemets-second-part",
    ),
    row(
        "ai-models",
        E("Camille Roux", PERSON, "added", "That is where we are ahead", DIRECT, False, span="she"),
        "guillemets-pronoun-she-added",
    ),
    row(
        "ai-models",
        E(
            "Camille Roux",
            PERSON,
            "said",
            "the model had been trained on 14 trillion tokens",
            INDIRECT,
            False,
            span="Roux",
        ),
        "short-name-reported",
    ),
    row(
        "ai-models",
        E(
            "Arjun Mehta",
            PERSON,
            "said",
            "The gap between open and closed models has shrunk from years to months",
            DIRECT,
            False,
            role="researcher at OpenEval Lab",
        ),
        "curly-inverted-role",
    ),
    row(
        "ai-models",
        E(
            "Arjun Mehta",
            PERSON,
            "warned",
            "benchmark scores may be inflated",
            INDIRECT,
            True,
            span="He",
            hedge=("may", "allegedly"),
        ),
        "pronoun-he-may",
    ),
    row(
        "ai-models",
        E(
            ("Independent researchers", "researchers"),
            GROUP,
            "say",
            "Llama 3 still lags behind proprietary models",
            INDIRECT,
            False,
            comparison={
                "subject": "Llama 3",
                "relation": "lag behind",
                "object": "proprietary models",
            },
        ),
        "group-lags-behind",
    ),
    row(
        "ai-models",
        E(
            ANY,
            ANY,
            ANY,
            "on par with GPT-4o on Chinese-language benchmarks",
            ANY,
            True,
            hedge="said to",
            comparison={"subject": "Tessera-2", "relation": "on par with", "object": "GPT-4o"},
        ),
        "is-said-to-on-par-with",
    ),
    row(
        "ai-models",
        E(
            "Chinese developers",
            GROUP,
            "claiming",
            "beat American systems at a fraction of the training cost",
            INDIRECT,
            True,
            span="some",
            comparison={"relation": "beat", "object": "American systems"},
        ),
        "quantifier-some-claiming-beat",
    ),
    row(
        "ai-models",
        E(
            "Industry experts",
            GROUP,
            ("point to", "point"),
            "cheaper computing and better training data",
            INDIRECT,
            False,
        ),
        "group-point-to",
    ),
    row(
        "ai-models",
        E(
            "Sofia Lindgren",
            PERSON,
            "said",
            "Open models used to be a year behind",
            DIRECT,
            False,
            role="partner",
        ),
        "curly-inverted-role-partner",
    ),
    row(
        "ai-models",
        E(
            "Sofia Lindgren",
            PERSON,
            ("said", None),
            "the open teams answer within a month",
            DIRECT,
            False,
        ),
        "curly-second-part",
    ),
    row(
        "ai-models",
        E(
            "Sofia Lindgren",
            PERSON,
            "said",
            "her firm had invested in four European start-ups",
            INDIRECT,
            False,
            span="Lindgren",
        ),
        "short-name-reported-lindgren",
    ),
    row(
        "ai-models",
        E(
            "Euro Tech Daily",
            PUB,
            None,
            "Alibaba's Qwen2 model rivals Meta's Llama 3 on reasoning tasks",
            UNATTR,
            ANY,
            duplicate=True,
        ),
        "key-point-1-duplicate",
    ),
    row(
        "ai-models",
        E(
            "Euro Tech Daily",
            PUB,
            None,
            "Mistral's Large 3 model outperforms GPT-4o in French and German",
            UNATTR,
            ANY,
            duplicate=True,
        ),
        "key-point-2-duplicate",
    ),
    row(
        "ai-models",
        E(
            "Euro Tech Daily",
            PUB,
            None,
            "Llama 3 still lags behind proprietary models on very long documents",
            UNATTR,
            ANY,
            duplicate=True,
        ),
        "key-point-3-duplicate",
    ),
]

# Names that appear in the samples but never claim anything there.
NOT_CLAIMANTS = [
    ("tech-chips", "Nvidia"),
    ("tech-chips", "Huawei"),
    ("tech-chips", "Laura Whitcombe"),
    ("tech-chips", "Corvane Securities"),
    ("business-earnings", "ING"),
    ("business-earnings", "Mark Ellery"),
    ("business-earnings", "Priya Ramanathan"),
    ("business-earnings", "Aldwin Asset Management"),
    ("business-earnings", "STOXX Europe 600 banks index"),
    ("politics-budget", "reporters"),
    ("politics-budget", "Marcus Oyelaran"),
    ("politics-budget", "Eastmark Policy Institute"),
    ("politics-budget", "Eastmark Teachers' Federation"),
    ("energy-policy", "Radio Nordkyst"),
    ("energy-policy", "Coastal Fisheries Council"),
    ("energy-policy", "Ingrid Solberg"),
    ("health-study", "Medical Wire"),
    ("health-study", "Journal of Preventive Cardiology"),
    ("health-study", "Claire Fontaine"),
    ("health-study", "Bristol"),
    ("ai-models", "Meta"),
    ("ai-models", "GPT-4o"),
    ("ai-models", "Northwind Capital"),
    ("ai-models", "Etienne Marchal"),
]


def test_every_sample_is_listed():
    """A new sample must get a claim table here (and a golden file)."""
    assert sorted(SLUGS) == sample_slugs()


@pytest.mark.parametrize("slug", SLUGS)
def test_sample_is_newswire_sized(slug):
    words = len((SAMPLES / f"{slug}.txt").read_text(encoding="utf-8").split())
    assert 250 <= words <= 450, f"{slug}: {words} words"


@pytest.mark.parametrize(("slug", "title", "publication", "byline"), DOCUMENTS)
def test_sample_document(records, slug, title, publication, byline):
    doc = records[slug].document
    assert (doc.title, doc.publication, doc.byline) == (title, publication, byline)
    assert doc.path == f"samples/{slug}.txt"


@pytest.mark.parametrize(("slug", "exp"), CLAIMS)
def test_sample_claim(records, slug, exp):
    failure = check(records[slug], exp)
    if failure:
        pytest.fail(f"{slug}: {failure}", pytrace=False)


@pytest.mark.parametrize(("slug", "name"), NOT_CLAIMANTS)
def test_sample_not_a_claimant(records, slug, name):
    wrong = [c for c in records[slug].claims if fold_name(c.claimant.name) == fold_name(name)]
    assert not wrong, f"{name!r} must not be a claimant:\n" + "\n".join(describe(c) for c in wrong)


@pytest.mark.parametrize("slug", SLUGS)
def test_sample_spans_point_at_their_text(records, slug):
    """Every span of every claim is a slice of the sample text."""
    text = (SAMPLES / f"{slug}.txt").read_text(encoding="utf-8")
    for claim in records[slug].claims:
        spans = [
            claim.content,
            claim.sentence,
            claim.cue,
            claim.hedge,
            claim.claimant.span,
            claim.claimant.mention,
        ]
        for c in claim.comparisons:
            spans += [c.subject, c.object, c.condition]
        spans += list(claim.entities)
        for span in spans:
            if span is not None:
                assert text[span.start : span.end] == span.text, f"{claim.id}: {span!r}"


@pytest.mark.parametrize("slug", SLUGS)
def test_golden_record(records, slug):
    """The current output equals the checked-in `samples/<slug>.expected.json`."""
    want = load_expected(slug)
    if want is None:
        pytest.fail(
            f"samples/{slug}.expected.json is missing: run `python tests/golden.py --write`",
            pytrace=False,
        )
    diffs = diff_records(want, records[slug].model_dump(mode="json"))
    if diffs:
        shown = "\n".join(f"  {line}" for line in diffs[:60])
        more = f"\n  ... and {len(diffs) - 60} more" if len(diffs) > 60 else ""
        pytest.fail(
            f"samples/{slug}: output differs from the golden record in {len(diffs)} fields "
            f"(if the change is intended: python tests/golden.py --write {slug})\n{shown}{more}",
            pytrace=False,
        )


# -- the article the product was specified from (third-party: read in place, never copied) ----
@pytest.fixture(scope="module")
def scmp(extractor) -> tuple[str, DocumentRecord]:
    if not SCMP.exists():
        pytest.skip("../shared/corpus/scmp-china-ai-gap.txt is absent")
    from claimx.inputs.readers import read_path

    article = read_path(str(SCMP))
    return article.text, next(extractor.pipe([article]))


SCMP_CLAIMS = [
    pytest.param(
        E(
            "Winston Ma",
            PERSON,
            "observes",
            "China's scarcity of powerful graphic processing units",
            INDIRECT,
            ANY,
            role_prefix='author of "Digital War',
            content_also=["push for AI efficiency"],
        ),
        id="winston-ma-observes",
    ),
    pytest.param(
        E("Analysts", GROUP, "attribute", "China's rapid AI advances", INDIRECT, ANY),
        id="analysts-attribute",
    ),
    pytest.param(
        E(
            "Industry experts and observers",
            GROUP,
            "point to",
            "China's quick breakthroughs",
            INDIRECT,
            ANY,
        ),
        id="experts-point-to",
    ),
    pytest.param(
        E(
            "Chinese IT companies",
            GROUP,
            "claiming",
            "rival or outperform",
            INDIRECT,
            True,
            span="some",
            comparison={"relation": ("rival", "outperform")},
        ),
        id="some-claiming",
    ),
    pytest.param(
        E(
            "SCMP",
            PUB,
            None,
            "Ascend 910B",
            UNATTR,
            ANY,
            comparison={
                "subject": "Ascend 910B",
                "relation": "outperform",
                "object": "A100",
                "condition": "training LLMs",
            },
        ),
        id="scmp-ascend-outperforms-a100",
    ),
]


@pytest.mark.corpus
def test_scmp_document(scmp):
    _, record = scmp
    assert record.document.title == "China Closes AI Gap with US Amid Chip Restrictions"
    assert record.document.publication == "SCMP"


@pytest.mark.corpus
@pytest.mark.parametrize("exp", SCMP_CLAIMS)
def test_scmp_claim(scmp, exp):
    _, record = scmp
    failure = check(record, exp)
    if failure:
        pytest.fail(failure, pytrace=False)


@pytest.mark.corpus
@pytest.mark.parametrize("name", ["Blockchain", "Cyberspace"])
def test_scmp_book_title_words_are_not_claimants(scmp, name):
    _, record = scmp
    wrong = [c for c in record.claims if c.claimant.name and fold(name) in fold(c.claimant.name)]
    assert not wrong, "\n".join(describe(c) for c in wrong)


@pytest.mark.corpus
def test_scmp_book_title_is_not_a_quotation(scmp):
    """`Winston Ma, author of "Digital War ...," observes that ...`: the quoted title describes
    the speaker; it is not something he says."""
    _, record = scmp
    wrong = [c for c in record.claims if "Digital War" in c.content.text]
    assert not wrong, "\n".join(describe(c) for c in wrong)


@pytest.mark.corpus
def test_scmp_key_points_point_to_body_claims(scmp):
    """The three lines before `Source:` repeat body claims: their claims carry `duplicate_of`.

    The lines are found by position, so no article text is written here.
    """
    text, record = scmp
    lines, pos = [], 0
    for line in text.splitlines(keepends=True):
        lines.append((pos, pos + len(line.rstrip("\r\n")), line.strip()))
        pos += len(line)
    source_at = next(i for i, (_, _, t) in enumerate(lines) if t.startswith("Source:"))
    key_lines = [ln for ln in lines[:source_at] if ln[2]][-3:]
    body_end = key_lines[0][0]
    by_id = {c.id: c for c in record.claims}
    for start, end, _ in key_lines:
        inside = [c for c in record.claims if start <= c.content.start < end]
        assert inside, f"no claim on the key-point line at {start}"
        for claim in inside:
            assert claim.duplicate_of is not None, (
                f"key-point claim without duplicate_of:\n{describe(claim)}"
            )
            target = by_id.get(claim.duplicate_of)
            assert target is not None and target.content.start < body_end, (
                f"duplicate_of does not point at a body claim:\n{describe(claim)}"
            )


def test_matcher_rejects_what_differs():
    """The table matcher itself: a matching row passes, and each kind of mismatch is reported."""
    from claimx.schema import Claim, Claimant, Document, Span

    text = 'Analysts say the chip may be faster. "Yes," he said.'

    def sp(fragment: str) -> Span:
        start = text.index(fragment)
        return Span(text=fragment, start=start, end=start + len(fragment))

    claim = Claim(
        id="d:1",
        content=sp("the chip may be faster"),
        sentence=sp("Analysts say the chip may be faster."),
        claimant=Claimant(span=sp("Analysts"), kind="group", name="Analysts"),
        cue=sp("say"),
        attribution="indirect",
        frame="speech",
        hedged=True,
        hedge=sp("may"),
        confidence=0.9,
        rule="test",
    )
    record = DocumentRecord(document=Document(id="d", path=None, chars=len(text)), claims=[claim])
    assert (
        check(
            record,
            E(
                "analysts",
                GROUP,
                "say",
                "chip may be",
                INDIRECT,
                True,
                span="Analysts",
                hedge="may",
            ),
        )
        is None
    )
    for wrong in (
        E("Analysts", PERSON, "say", "chip may be", INDIRECT, True),
        E("Analysts", GROUP, "said", "chip may be", INDIRECT, True),
        E("Analysts", GROUP, None, "chip may be", INDIRECT, True),
        E("Analysts", GROUP, "say", "chip may be", DIRECT, True),
        E("Analysts", GROUP, "say", "chip may be", INDIRECT, False),
        E("Analysts", GROUP, "say", "chip may be", INDIRECT, True, role="chief"),
        E("Analysts", GROUP, "say", "chip may be", INDIRECT, True, duplicate=True),
        E(
            "Analysts",
            GROUP,
            "say",
            "chip may be",
            INDIRECT,
            True,
            comparison={"relation": "faster than"},
        ),
        E("Experts", GROUP, "say", "chip may be", INDIRECT, True),
        E("Analysts", GROUP, "say", "Yes", INDIRECT, True),
    ):
        assert check(record, wrong) is not None, wrong
