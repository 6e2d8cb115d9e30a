"""The attribution rules on small texts: one table row per construction issue 2 asks for.

Rows are grouped by rule family (the pytest id starts with the family). A row names the claim
by claimant and a piece of its content and states the cue and the attribution; `extra` adds
kind, role, claimant span, ... (see `claim_expect.Expect`). Hedge rows and comparison rows
follow. All texts were written for the project.
"""

from __future__ import annotations

import pytest
from claim_expect import ANY, Expect, check, comparison_problems, describe, fold

import claimx
from claimx.schema import DocumentRecord

DIRECT, INDIRECT, MIXED, ACCORDING, UNATTR = (
    "direct",
    "indirect",
    "mixed",
    "according_to",
    "unattributed",
)


@pytest.fixture(scope="module")
def extractor():
    return claimx.Extractor()


@pytest.fixture(scope="module")
def extract(extractor):
    """`extract(text) -> DocumentRecord`, each distinct text parsed once."""
    cache: dict[str, DocumentRecord] = {}

    def run(text: str) -> DocumentRecord:
        if text not in cache:
            cache[text] = extractor.extract(text)
        return cache[text]

    return run


def R(family: str, text: str, claimant, cue, content: str, attribution, **extra):
    """A row: `family` prefixes the test id so failures group by rule family."""
    kind = extra.pop("kind", ANY)
    hedged = extra.pop("hedged", ANY)
    exp = Expect(claimant, kind, cue, content, attribution, hedged, extra)
    return pytest.param(text, exp, id=f"{family}:{content[:40]}")


ATTRIBUTION_ROWS = [
    # -- reported speech: X said/observes/warned that ...
    R(
        "reported",
        "John Carter said that the deal would be signed next week.",
        "John Carter",
        "said",
        "the deal would be signed next week",
        INDIRECT,
        kind="person",
        content_excludes="said",
    ),
    R(
        "reported",
        "Maria Lopez observes that the chip shortage is creating a push for efficiency.",
        "Maria Lopez",
        "observes",
        "the chip shortage is creating a push for efficiency",
        INDIRECT,
    ),
    R(
        "reported",
        "Governor Ellen Park warned that the storm could cause widespread flooding.",
        "Ellen Park",
        "warned",
        "the storm could cause widespread flooding",
        INDIRECT,
        role="governor",
    ),
    R(
        "reported",
        "Tom Reyes argued the policy had failed.",
        "Tom Reyes",
        "argued",
        "the policy had failed",
        INDIRECT,
    ),
    R(
        "reported",
        "Ana Silva told reporters the factory would reopen in May.",
        "Ana Silva",
        ("told", "told reporters"),
        "the factory would reopen in May",
        INDIRECT,
    ),
    R(
        "reported",
        "Rachel Kim claimed the vote count had been rigged.",
        "Rachel Kim",
        "claimed",
        "the vote count had been rigged",
        INDIRECT,
    ),
    # -- content before the cue: "..., sources said"
    R(
        "content-before-cue",
        "The talks have stalled, sources said.",
        "sources",
        "said",
        "The talks have stalled",
        INDIRECT,
        kind="group",
        content_excludes="sources",
    ),
    R(
        "content-before-cue",
        "Inflation will peak in the spring, Lars Berg said.",
        "Lars Berg",
        "said",
        "Inflation will peak in the spring",
        INDIRECT,
        kind="person",
    ),
    R(
        "content-before-cue",
        "The merger is expected to close by June, officials said.",
        "officials",
        "said",
        "The merger is expected to close by June",
        INDIRECT,
        kind="group",
    ),
    R(
        "content-before-cue",
        "Mark Olsen runs the port. Traffic fell 12 percent last year, he said.",
        "Mark Olsen",
        "said",
        "Traffic fell 12 percent last year",
        INDIRECT,
        span="he",
    ),
    # -- inverted: "said Caddell"
    R(
        "inverted",
        "The plan is dead, said Caddell.",
        "Caddell",
        "said",
        "The plan is dead",
        INDIRECT,
        content_excludes="Caddell",
    ),
    R(
        "inverted",
        "Turnout was higher than expected, said Pat Caddell, a pollster.",
        "Pat Caddell",
        "said",
        "Turnout was higher than expected",
        INDIRECT,
        role="pollster",
    ),
    R(
        "inverted",
        '"We will appeal," said Joan Miller.',
        "Joan Miller",
        "said",
        "We will appeal",
        DIRECT,
    ),
    # -- direct quotes in every quotation-mark style, speaker after
    R(
        "quote-style",
        '"The economy is strong," Sarah Chen said.',
        "Sarah Chen",
        "said",
        "The economy is strong",
        DIRECT,
    ),
    R(
        "quote-style",
        "\u201cThe economy is strong,\u201d Sarah Chen said.",
        "Sarah Chen",
        "said",
        "The economy is strong",
        DIRECT,
    ),
    R(
        "quote-style",
        "\u00abThe economy is strong,\u00bb Sarah Chen said.",
        "Sarah Chen",
        "said",
        "The economy is strong",
        DIRECT,
    ),
    R(
        "quote-style",
        "\u00ab The economy is strong, \u00bb Sarah Chen said.",
        "Sarah Chen",
        "said",
        "The economy is strong",
        DIRECT,
    ),
    R(
        "quote-style",
        "\u2018We will not back down,\u2019 said Omar Haddad.",
        "Omar Haddad",
        "said",
        "We will not back down",
        DIRECT,
    ),
    R(
        "quote-style",
        "\"They called it 'temporary' and it never ended,\" Omar Haddad said.",
        "Omar Haddad",
        "said",
        "They called it 'temporary' and it never ended",
        DIRECT,
    ),
    R(
        "quote-style",
        '\u201cThe economy is strong," Sarah Chen said on Monday.',
        "Sarah Chen",
        "said",
        "The economy is strong",
        DIRECT,
        content_excludes="Monday",
    ),
    # -- `Name: what they said` lines: headlines and transcripts
    R(
        "colon-line",
        "Mayor Ann Lee: The levees will be raised before the spring floods\n\nThe city council met on Monday.",
        "Ann Lee",
        ":",
        "The levees will be raised before the spring floods",
        INDIRECT,
    ),
    R(
        "colon-line",
        "BROOKS: The budget will not pass this year.\n\nHALL: We have the votes and we will pass it in March.\n\nBROOKS: You do not have the votes.",
        "HALL",
        ":",
        "We have the votes and we will pass it in March",
        INDIRECT,
    ),
    R(
        "colon-line",
        "Q: What will the city do about the levees?\n\nA: We will raise the levees by two meters before the spring.\n\nQ: And the cost?\n\nA: The state pays half of it.",
        "A",
        ":",
        "The state pays half of it",
        INDIRECT,
    ),
    # -- speaker before (colon), interrupting, previous sentence
    R(
        "quote-speaker-before",
        'Sarah Chen said: "The economy is strong."',
        "Sarah Chen",
        ("said", "said:", ":"),
        "The economy is strong",
        DIRECT,
    ),
    R(
        "quote-speaker-before",
        "Sarah Chen was blunt: \u201cThe recovery is over.\u201d",
        "Sarah Chen",
        (":", "was blunt"),
        "The recovery is over",
        DIRECT,
    ),
    R(
        "quote-speaker-before",
        'Sarah Chen told the summit: "Jobs are growing in every region."',
        "Sarah Chen",
        ("told", "told the summit", ":"),
        "Jobs are growing in every region",
        DIRECT,
    ),
    R(
        "quote-interrupting",
        '"The economy is strong," Sarah Chen said. "Jobs are growing in every region."',
        "Sarah Chen",
        "said",
        "The economy is strong",
        DIRECT,
    ),
    R(
        "quote-interrupting",
        '"The economy is strong," Sarah Chen said. "Jobs are growing in every region."',
        "Sarah Chen",
        ("said", None),
        "Jobs are growing in every region",
        DIRECT,
    ),
    R(
        "quote-interrupting",
        'Mia Lund spoke first. "We are ready," she said, "and we will not wait."',
        "Mia Lund",
        ("said", None),
        "and we will not wait",
        DIRECT,
    ),
    R(
        "quote-interrupting",
        '"She is an internationalist," said Carl Moss, a fellow at the Lindqvist Institute for Economics who worked with her at the treasury and at the central bank for a decade. "She believes we are all in the same boat."',
        "Carl Moss",
        "said",
        "She is an internationalist",
        DIRECT,
        content_also=["same boat"],
    ),
    R(
        "quote-interrupting",
        '"I think it can work," said Rosa Vidal, the editor at Harbor Press, who has not read the book but knows its gist. "Everybody wants to read about this campaign."',
        "Rosa Vidal",
        "said",
        "I think it can work",
        DIRECT,
        content_also=["Everybody wants to read"],
    ),
    R(
        "quote-interrupting",
        '"We are ready," Mia Lund said, adding that the union was "tired of waiting."',
        "Mia Lund",
        "said",
        "We are ready",
        DIRECT,
        content_excludes="tired",
    ),
    R(
        "quote-interrupting",
        '"We are ready," Mia Lund said, adding that the union was "tired of waiting."',
        "Mia Lund",
        "adding",
        'the union was "tired of waiting',
        MIXED,
    ),
    R(
        "quote-interrupting",
        '"Look at what you did," Al Franken said. Sarah Silverman responded, "Thank God they can finally hear us."',
        "Sarah Silverman",
        "responded",
        "Thank God they can finally hear us",
        DIRECT,
    ),
    R(
        "quote-in-subject",
        'Mara Lind, author of "The Long Grid: How Power Moves," argues that cables matter more than turbines.',
        "Mara Lind",
        "argues",
        "cables matter more than turbines",
        INDIRECT,
        content_excludes="Long Grid",
    ),
    R(
        "quote-next-sentence",
        '"We will win this seat." Sarah Chen noted a rally planned for Sunday.',
        "Sarah Chen",
        "noted",
        "a rally planned for Sunday",
        INDIRECT,
    ),
    R(
        "quote-previous-speaker",
        '"We are hiring," said Sarah Chen.\n\n"Jobs are growing in every region."',
        "Sarah Chen",
        "said",
        "Jobs are growing in every region",
        DIRECT,
    ),
    R(
        "quote-previous-speaker",
        'Sarah Chen spoke after the vote. "This is a victory for every worker."',
        "Sarah Chen",
        "spoke",
        "This is a victory for every worker",
        DIRECT,
    ),
    R(
        "quote-previous-speaker",
        'Maria Ortiz says the city should keep the library open. "It is the only quiet place these children have."',
        "Maria Ortiz",
        "says",
        "the city should keep the library open",
        MIXED,
        content_also=["the only quiet place"],
    ),
    R(
        "quote-governing-verb",
        '"We will keep the plant open," Sarah Chen continued.',
        "Sarah Chen",
        "continued",
        "We will keep the plant open",
        DIRECT,
    ),
    R(
        "quote-governing-verb",
        '"Will the plant stay open?" Tom Reyes pressed.',
        "Tom Reyes",
        "pressed",
        "Will the plant stay open?",
        DIRECT,
    ),
    # -- according to, front and back
    R(
        "according-to",
        "According to Eurostat, unemployment fell to 6.1 percent in March.",
        "Eurostat",
        "according to",
        "unemployment fell to 6.1 percent in March",
        ACCORDING,
        content_excludes="Eurostat",
    ),
    R(
        "according-to",
        "Unemployment fell to 6.1 percent in March, according to Eurostat.",
        "Eurostat",
        "according to",
        "Unemployment fell to 6.1 percent in March",
        ACCORDING,
        content_excludes="according",
    ),
    R(
        "according-to",
        "According to analysts, the new chip is faster than the A100.",
        "analysts",
        "according to",
        "the new chip is faster than the A100",
        ACCORDING,
        kind="group",
    ),
    R(
        "according-to",
        "The company will cut 300 jobs, according to a source familiar with the plan.",
        ("a source familiar with the plan", "source familiar with the plan", "a source", "source"),
        "according to",
        "will cut 300 jobs",
        ACCORDING,
    ),
    R(
        "in-document",
        "In a Gallup poll released Monday, 52 percent of voters backed the plan.",
        "Gallup poll",
        "In",
        "52 percent of voters backed the plan",
        INDIRECT,
    ),
    R(
        "in-document",
        "The governor took just 6 percent of the national vote in a Marist poll released Sunday.",
        ("Marist poll", "a Marist poll"),
        "in",
        "The governor took just 6 percent of the national vote",
        INDIRECT,
        content_excludes="poll",
    ),
    R(
        "in-document",
        "The senator leads by nine points in the latest Marist survey.",
        ("latest Marist survey", "Marist survey"),
        "in",
        "The senator leads by nine points",
        INDIRECT,
        content_excludes="survey",
    ),
    # -- participial cues
    R(
        "participial",
        "Chinese firms are building their own models, with some claiming to rival American equivalents.",
        "Chinese firms",
        "claiming",
        "rival American equivalents",
        INDIRECT,
        span="some",
        kind="group",
        hedged=True,
    ),
    R(
        "participial",
        "Several banks raised rates, with many saying that funding costs had risen.",
        ("Several banks", "banks"),
        "saying",
        "funding costs had risen",
        INDIRECT,
        span="many",
    ),
    R(
        "participial",
        "The Transport Workers Union rejected the offer, saying it fell short of inflation.",
        "Transport Workers Union",
        "saying",
        "it fell short of inflation",
        INDIRECT,
        kind="organization",
    ),
    # -- noun cues
    R(
        "noun-cue",
        "Norsk Energi's statement that output would fall by a fifth surprised investors.",
        "Norsk Energi",
        "statement",
        "output would fall by a fifth",
        INDIRECT,
    ),
    R(
        "noun-cue",
        "Luis Rivera repeated his claim that the dam was unsafe.",
        "Luis Rivera",
        ("claim", "his claim", "repeated his claim"),
        "the dam was unsafe",
        INDIRECT,
    ),
    R(
        "noun-cue",
        "The Finance Ministry's warning that reserves were running low rattled markets.",
        "Finance Ministry",
        "warning",
        "reserves were running low",
        INDIRECT,
    ),
    R(
        "noun-cue",
        "Halvorsen Group said in a statement that profits would rise by 8 percent.",
        "Halvorsen Group",
        ("said", "said in a statement", "in a statement"),
        "profits would rise by 8 percent",
        INDIRECT,
        content_excludes="statement",
    ),
    R(
        "noun-cue",
        "In a statement, Halvorsen Group said profits would rise by 8 percent.",
        "Halvorsen Group",
        ("said", "said in a statement", "in a statement"),
        "profits would rise by 8 percent",
        INDIRECT,
    ),
    # -- group and anonymous sources
    R(
        "group-source",
        "Analysts say the chipmaker will report a loss.",
        "Analysts",
        "say",
        "the chipmaker will report a loss",
        INDIRECT,
        kind="group",
    ),
    R(
        "group-source",
        "A source said the deal was off.",
        ("a source", "source"),
        "said",
        "the deal was off",
        INDIRECT,
    ),
    R(
        "group-source",
        "People familiar with the matter said the company was exploring a sale.",
        "People familiar with the matter",
        "said",
        "the company was exploring a sale",
        INDIRECT,
        kind="group",
    ),
    R(
        "group-source",
        "Industry experts point to cheap power as the main driver of growth.",
        "Industry experts",
        ("point to", "point"),
        "cheap power",
        INDIRECT,
        kind="group",
    ),
    R(
        "group-source",
        "Analysts attribute the rally to strong earnings.",
        "Analysts",
        "attribute",
        "the rally",
        INDIRECT,
        kind="group",
    ),
    R(
        "group-source",
        "Officials, speaking on condition of anonymity, said the talks had collapsed.",
        "Officials",
        "said",
        "the talks had collapsed",
        INDIRECT,
        kind="group",
    ),
    # -- stance frames (models/frames.tsv): the complement the verb's frame names
    R(
        "frame",
        "Lena Kraus accused the mayor of hiding the audit.",
        "Lena Kraus",
        ("accused", "accused the mayor of"),
        "hiding the audit",
        INDIRECT,
    ),
    R(
        "frame",
        "Senator Maria Alvarez spoke about the need for cheaper housing.",
        "Maria Alvarez",
        ("spoke", "spoke about"),
        "the need for cheaper housing",
        INDIRECT,
    ),
    R(
        "frame",
        "Halvorsen Group expressed concern over the new tariffs.",
        "Halvorsen Group",
        "expressed",
        "concern over the new tariffs",
        INDIRECT,
    ),
    R(
        "frame",
        "Senator Tom Reyes supports raising the minimum wage.",
        "Tom Reyes",
        "supports",
        "raising the minimum wage",
        INDIRECT,
    ),
    # -- a verb's object with what completes it, not the time or place of the telling
    R(
        "object",
        "The council regards the plan with suspicion.",
        ("council", "The council"),
        "regards",
        "the plan with suspicion",
        INDIRECT,
    ),
    R(
        "object",
        "Colin Ashby defended the budget in the legislature on Thursday.",
        "Colin Ashby",
        "defended",
        "the budget",
        INDIRECT,
        content_excludes="Thursday",
    ),
    R(
        "object",
        "Admiral Lena Moss called the plan reckless, accusing the ministry of ignoring the navy.",
        "Lena Moss",
        "called",
        "the plan reckless",
        INDIRECT,
        content_excludes="accusing",
    ),
    R(
        "adjective-frame",
        "The council met on Monday. Senator Ann Lee is critical of the new budget plan.",
        "Ann Lee",
        ("critical", "critical of"),
        "the new budget plan",
        INDIRECT,
    ),
    R(
        "adjective-frame",
        "The council met on Monday. Tom Reyes is eager to cut taxes before the election.",
        "Tom Reyes",
        "eager",
        "to cut taxes before the election",
        INDIRECT,
    ),
    R(
        "object-purpose",
        "The governor proposed nearly $1 billion in new funds to help clinics treat addiction.",
        "governor",
        "proposed",
        "nearly $1 billion in new funds to help clinics treat addiction",
        INDIRECT,
    ),
    R(
        "object-tail",
        "Clinton attacked Trump for comments made this week about the Second Amendment.",
        "Clinton",
        "attacked",
        "Trump for comments made this week",
        INDIRECT,
    ),
    R(
        "object-as",
        'Ann Lee dismissed the whole dispute as "absurd."',
        "Ann Lee",
        "dismissed",
        'the whole dispute as "absurd',
        INDIRECT,
    ),
    R(
        "xcomp-object",
        "The mayor urged the state to fund the new bridge.",
        "mayor",
        "urged",
        "the state to fund the new bridge",
        INDIRECT,
    ),
    R(
        "own-cue-participle",
        'Ann Lee said the plan was "a mistake," stating that it would raise rents.',
        "Ann Lee",
        "stating",
        "it would raise rents",
        INDIRECT,
    ),
    R(
        "own-cue-participle",
        'Ann Lee said the plan was "a mistake," stating that it would raise rents.',
        "Ann Lee",
        "said",
        "the plan was",
        MIXED,
        content_excludes="stating",
    ),
    R(
        "own-cue-conjoined",
        "Kim said that the party would try to form a government and insisted that it was ready.",
        "Kim",
        "said",
        "the party would try to form a government",
        INDIRECT,
        content_excludes="insisted",
    ),
    R(
        "call-for-clause",
        "The senator called for the minister to resign.",
        "senator",
        "called for",
        "the minister to resign",
        INDIRECT,
        content_excludes="for",
    ),
    R(
        "object-as-predicate",
        'Speaking at a rally, Tom Reyes called Ann Lee, his rival, an "enabler."',
        "Tom Reyes",
        "called",
        'Ann Lee, his rival, an "enabler',
        ANY,
    ),
    R(
        "ask-if",
        "Then Tom Reyes asked the students if they had read the report.",
        "Tom Reyes",
        "asked",
        "if they had read the report",
        INDIRECT,
    ),
    R(
        "ask-for",
        "The attorney general asked for quick action on the appeal.",
        "attorney general",
        ("asked", "asked for"),
        "quick action on the appeal",
        INDIRECT,
        content_excludes="for",
    ),
    R(
        "tell-to",
        "The mayor told residents not to drink the tap water.",
        "mayor",
        "told",
        "residents not to drink the tap water",
        INDIRECT,
    ),
    R(
        "in-document-front",
        "The council met on Monday. In the most recent city survey, 71 percent of residents approved of the mayor.",
        ("city survey", "the most recent city survey"),
        "In",
        "71 percent of residents approved of the mayor",
        INDIRECT,
    ),
    R(
        "in-document-of",
        "The council met on Monday. Ann Lee trails the mayor in an average of state polls by 9 points.",
        ("state polls",),
        "in",
        "Ann Lee trails the mayor",
        INDIRECT,
    ),
    R(
        "nested-speech-act",
        "Ann Lee said she had told the mayor that the plan would fail.",
        "Ann Lee",
        "told",
        "the plan would fail",
        INDIRECT,
        span="she",
    ),
    R(
        "nested-other-claimant",
        "The officials said Tom Reyes believes the bridge is unsafe.",
        "Tom Reyes",
        "believes",
        "the bridge is unsafe",
        INDIRECT,
    ),
    R(
        "gerund-after-preposition",
        "Despite praising the governor, Ann Lee said she would vote against the budget.",
        "Ann Lee",
        "praising",
        "the governor",
        INDIRECT,
    ),
    # -- passive cues: the agent claims the subject; without an agent the claim has no named source
    R(
        "passive",
        "The proposal was rejected by the unions.",
        ("unions", "the unions"),
        "rejected",
        "The proposal",
        INDIRECT,
        content_excludes="unions",
    ),
    R(
        "passive",
        "His plan to close the mine was widely criticized as reckless.",
        None,
        "criticized",
        "His plan to close the mine was widely criticized as reckless",
        INDIRECT,
    ),
    # -- evidentials: credited to no one by name
    R(
        "evidential",
        "Clinton appeared to have the most to gain from the debate.",
        None,
        "appeared",
        "Clinton appeared to have the most to gain",
        INDIRECT,
    ),
    R(
        "evidential",
        "The minister reportedly resigned after the vote.",
        None,
        "reportedly",
        "The minister reportedly resigned after the vote",
        INDIRECT,
        hedged=True,
    ),
    R(
        "evidential",
        "The recovery in the eurozone seems fragile.",
        None,
        "seems",
        "The recovery in the eurozone seems fragile",
        INDIRECT,
        hedged=True,
    ),
    # -- a quotation whose own words contain a cue still belongs to the speaker after it
    R(
        "quote-nested-cue",
        "\u201cDid he not say that the plant would stay open?\u201d Biden said.",
        "Biden",
        "said",
        "Did he not say that the plant would stay open?",
        DIRECT,
    ),
    R(
        "quote-shared-cue",
        "\u201cBeing a dad, that\u2019s my job,\u201d Weiner said on the podcast \u201cHere\u2019s the Thing.\u201d",
        "Weiner",
        "said",
        "Being a dad, that\u2019s my job",
        DIRECT,
    ),
    # -- pronoun resolution to the previous full name
    R(
        "pronoun",
        "Peter Hall is the mayor of Dunmore. He said the bridge would close for repairs.",
        "Peter Hall",
        "said",
        "the bridge would close for repairs",
        INDIRECT,
        span="He",
        kind="person",
    ),
    R(
        "pronoun",
        "Emma Wright, a lawyer for the family, spoke outside the court. She said the verdict would be appealed.",
        "Emma Wright",
        "said",
        "the verdict would be appealed",
        INDIRECT,
        span="She",
        role="lawyer for the family",
    ),
    R(
        "pronoun",
        "Peter Hall met Anna Berg on Monday. She said the bridge would reopen in June.",
        "Anna Berg",
        "said",
        "the bridge would reopen in June",
        INDIRECT,
        span="She",
    ),
    # -- short name to the full name
    R(
        "short-name",
        "Winston Tang, author of a book on trade, spoke on Monday. Tang said tariffs had backfired.",
        "Winston Tang",
        "said",
        "tariffs had backfired",
        INDIRECT,
        span="Tang",
        role="author of a book on trade",
    ),
    R(
        "short-name",
        "Dr. Ines Moreau leads the trial. Moreau said the drug was safe.",
        ("Ines Moreau", "Dr. Ines Moreau"),
        "said",
        "the drug was safe",
        INDIRECT,
        span="Moreau",
    ),
    # -- the company / the firm / the ministry to the previous organisation
    R(
        "the-company",
        "Veltron Systems reported record sales. The company said demand for its servers had doubled.",
        "Veltron Systems",
        "said",
        "demand for its servers had doubled",
        INDIRECT,
        span="The company",
        kind="organization",
    ),
    R(
        "the-company",
        "Kestrel Foods cut prices in March. The firm said costs had eased.",
        "Kestrel Foods",
        "said",
        "costs had eased",
        INDIRECT,
        span="The firm",
        kind="organization",
    ),
    R(
        "the-company",
        "The Ministry of Health issued new rules. The ministry said hospitals must report cases daily.",
        "Ministry of Health",
        "said",
        "hospitals must report cases daily",
        INDIRECT,
        span="The ministry",
        kind="organization",
    ),
    # -- appositive and title roles
    R(
        "role",
        "Jane Doe, chief executive of Orbis Labs, said the company would hire 200 engineers.",
        "Jane Doe",
        "said",
        "the company would hire 200 engineers",
        INDIRECT,
        role="chief executive of Orbis Labs",
        kind="person",
    ),
    R(
        "role",
        "Orbis Labs chief executive Jane Doe said revenue had doubled.",
        "Jane Doe",
        "said",
        "revenue had doubled",
        INDIRECT,
        role="chief executive",
    ),
    R(
        "role",
        "Chris Wong, an economist at ING, said rates would stay high.",
        "Chris Wong",
        "said",
        "rates would stay high",
        INDIRECT,
        role="an economist at ING",
    ),
    R(
        "role",
        "Senator Maria Alvarez said the bill would pass.",
        "Maria Alvarez",
        "said",
        "the bill would pass",
        INDIRECT,
        role="senator",
    ),
    # -- who: descriptions, pronouns and short names resolved against the entity table
    R(
        "who",
        "Meta released a new model in May. Orbis Labs released its own model on Monday, and"
        " the company announced that it would open an office in Munich next year.",
        "Orbis Labs",
        "announced",
        "it would open an office in Munich",
        INDIRECT,
        kind="organization",
    ),
    R(
        "who",
        "The chipmaker Nvidia reported record sales of 30 billion dollars. Analysts at Bernstein"
        " were less upbeat. The firm wrote that demand would slow by 2026.",
        "Bernstein",
        "wrote",
        "demand would slow by 2026",
        INDIRECT,
    ),
    R(
        "who",
        "Lumora Semiconductor beat the HumanEval scores set by rivals. The company claimed that"
        " its chip was twice as fast as the H100.",
        "Lumora Semiconductor",
        "claimed",
        "its chip was twice as fast",
        INDIRECT,
    ),
    # A pronoun goes to the subject before it, not to a name after a preposition; a surname the
    # tagger missed still counts as a mention of the person named in full.
    R(
        "who",
        "Retired Gen. Norbert Ham is speaking out about his years in uniform.\n\nIn a radio"
        " interview, Ham made it clear that he had doubts about the budget under President"
        " John Carrow.\n\n\u201cIt was hard to plan anything,\u201d he told the host.",
        "Norbert Ham",
        "told",
        "It was hard to plan anything",
        DIRECT,
    ),
    R(
        "who",
        "Carla Mendez spoke after the vote. Mendez, who is leaving office, declined a question"
        " about the post Maria Gonzalez had held before her.\n\n\u201cAny other question?\u201d she said.",
        "Carla Mendez",
        "said",
        "Any other question?",
        DIRECT,
    ),
    # The subject of a main clause before a name used as a modifier ("a Delacroix rally").
    R(
        "who",
        "Sen. Paul Brandt is a respected conservative. On Sunday, he appeared at a Delacroix"
        " rally, where he said that the party would unite behind her.",
        "Paul Brandt",
        "said",
        "the party would unite behind her",
        INDIRECT,
    ),
    # "they" is no document ("The statement noted ..."): the council that issued it.
    R(
        "who",
        "The Harbour Council issued a statement on Monday. The statement noted that the port"
        " would reopen. \u201cWe will act on this at once,\u201d they said.",
        "Harbour Council",
        "said",
        "We will act on this at once",
        DIRECT,
    ),
    # The participle's speaker is the subject of the clause it hangs from, even a passive one.
    R(
        "who",
        "After saying that her knee was badly swollen, Vera Lind was taken to the hospital.",
        "Vera Lind",
        "saying",
        "her knee was badly swollen",
        INDIRECT,
    ),
    # "said in an interview with ...": the speaker is the subject before the verb, not the
    # interviewer after it.
    R(
        "who",
        "Paul Orme asked the mayor to resign.\n\n\u201cMy reaction, that was outrageous,\u201d"
        " the former strategist said in an interview with Radio Vale\u2019s Tom Hart.",
        "former strategist",
        "said",
        "My reaction, that was outrageous",
        DIRECT,
    ),
    # "A, but B, the source added": the claim is both clauses.
    R(
        "who",
        "Lind had told the guards that she did not want an escort, but the police overruled"
        " that request, the source added.",
        "source",
        "added",
        "Lind had told the guards that she did not want an escort, but the police overruled that request",
        INDIRECT,
    ),
    # "described X as Y after Z": what is said is of X; the "after" clause is the writer's.
    R(
        "who",
        "Governor Ray Tolland described Anna Delacroix as a \u201cdisgrace\u201d after she"
        " criticised the police.",
        "Ray Tolland",
        "described",
        "Anna Delacroix as a \u201cdisgrace\u201d",
        INDIRECT,
        content_excludes="after she",
    ),
    # A person named by a role is a source for a reporting verb's object.
    R(
        "who",
        "A reporter for the Daily Lantern spotted the candidate and reported her presence on"
        " the radio.",
        "reporter for the Daily Lantern",
        "reported",
        "her presence",
        INDIRECT,
    ),
    # Of two speakers in a sentence, "he said" continues the main clause's.
    R(
        "who",
        "The remarks come as Whitcombe readies to leave his post and Okafor heads into the final"
        " year of his presidency.\n\nWhitcombe also said that Okafor shows \u201cgreat"
        " charm\u201d and exhibits a fondness for the United Kingdom.\n\n\u201cPresident Okafor"
        " seems to me to be somebody who is pretty fond of the UK and never misses a chance to"
        " say how keen he is,\u201d he said.",
        "Whitcombe",
        "said",
        "seems to me to be somebody who is pretty fond of the UK",
        DIRECT,
    ),
    # "told a meeting of leaders that A": the that-clause the parser hung on the listener.
    R(
        "who",
        "Last week, Ines Calder told a meeting of island leaders that few people understood"
        " the stakes.",
        "Ines Calder",
        "told",
        "few people understood the stakes",
        INDIRECT,
    ),
    # A role in apposition names the person: "One of the men, X," and "the other man, his
    # cousin Y,".
    R(
        "who",
        "One of the men, Jesse Elkan, 70, said that the plan would fail. The other man, his"
        " cousin Jim Yorke, 40, cited the cost as a danger.",
        "Jim Yorke",
        "cited",
        "the cost as a danger",
        INDIRECT,
    ),
    R(
        "who",
        "One of the men, Jesse Elkan, 70, said that the plan would fail.",
        "Jesse Elkan",
        "said",
        "the plan would fail",
        INDIRECT,
    ),
    # A lede's indefinite description introduces the person the next paragraph names as the
    # speaker ("A former party chairman says A" ... "said Dan Fowley").
    R(
        "who",
        "Former party chief calls for a plan.\n\nA former party chairman says the leaders should"
        " come up with a process to pick a successor.\n\n\u201cNow is the time,\u201d said"
        " Dan Fowley, who led the party from 1995 to 1997.",
        "Dan Fowley",
        "says",
        "the leaders should come up with a process",
        INDIRECT,
    ),
    # ... but a spokesman is not the person named later in passing.
    R(
        "who",
        "Romsey will skip the convention.\n\n\u201cThe governor has no plans to attend,\u201d a"
        " spokesman said on Thursday.\n\nThe absence of Sen. Joan McCall from the convention"
        " means the party is split.",
        "spokesman",
        "said",
        "The governor has no plans to attend",
        DIRECT,
    ),
    # "He's a puppet saying A": the copula's subject says it.
    R(
        "who",
        "Ray Dunmore opened the rally. He is a puppet saying exactly what people want to hear.",
        "Ray Dunmore",
        "saying",
        "exactly what people want to hear",
        INDIRECT,
    ),
    # "which the bank detailed in its filings": the bank, not the filings, claims it.
    R(
        "who",
        "Cross-selling was a big part of Harlow Bank's strategy, which the bank detailed in"
        " regulatory filings.",
        "Harlow Bank",
        "in",
        "which the bank detailed",
        INDIRECT,
    ),
    # "saw the comment as a dig": the parser hung the "as" on the object; "some" in a
    # preposition's object picks from no group named before ("comments" are no one).
    R(
        "who",
        "Test page\n\nThe mayor's comments drew scrutiny from some who saw the comment as a"
        " dig at the police.",
        None,
        "saw",
        "the comment as a dig at the police",
        INDIRECT,
    ),
    # "the department, which reported A": the relative pronoun stands for a source.
    R(
        "who",
        "Test page\n\nThe figures come from the Harlow Police Department, which reported"
        " \u201c2,521 shooting incidents\u201d in the city this year.",
        "Harlow Police Department",
        "reported",
        "2,521 shooting incidents",
        DIRECT,
    ),
    R(
        "reported",
        "Test page\n\nThe old general judged the alliance a paper tiger.",
        ANY,
        "judged",
        "the alliance a paper tiger",
        INDIRECT,
    ),
    # A person named by a role holds a stance too ("The nominee outlined his plan").
    R(
        "who",
        "Test page\n\nSenator Adam Quarles won the primary on Tuesday. The Republican nominee"
        " also outlined his cybersecurity plan.",
        "Adam Quarles",
        "outlined",
        "his cybersecurity plan",
        INDIRECT,
    ),
    # A transcript's quoted turns, `"HOLLOWAY: ...`, after "Partial transcript as follows:".
    R(
        "who",
        "Dana Holloway spoke to Chris Marden on Sunday. Partial transcript as follows:\n\n"
        '"MARDEN: Let us start with the news on the debate. Why would she do that?\n\n'
        '"HOLLOWAY: Well, look, the governor thinks this is a game show. But this is serious'
        " business.",
        "Dana Holloway",
        ":",
        "the governor thinks this is a game show",
        INDIRECT,
    ),
    # "announced plans this week to give A": the infinitive after a time phrase completes
    # the object.
    R(
        "reported",
        "Test page\n\nVance announced plans this week to give an extra $9 million to For Our"
        " Parks, a fund he formed with trade groups.",
        "Vance",
        "announced",
        "to give an extra $9 million",
        INDIRECT,
    ),
    # "they" after a sentence whose main subject is a plural body: that body, not the speaker
    # of its subordinate clause.
    R(
        "who",
        "Test page\n\nTo protect jobs, local governments have been known to fib when the"
        " capital has demanded they stop producing coal. They stop reporting production numbers"
        " but do not shut the mines.",
        "local governments",
        "reporting",
        "production numbers",
        INDIRECT,
    ),
    # A name inside the quotation is whom the speaker talks about, not the speaker.
    R(
        "who",
        "Thomas Keller took questions after the rally on Friday. \u201cNobody in this state trusts"
        " Daniel Brandt any more,\u201d he said.",
        "Thomas Keller",
        "said",
        "Nobody in this state trusts Daniel Brandt any more",
        DIRECT,
    ),
    R(
        "who",
        "Senator Alan Pryce spoke to reporters on Tuesday. \u201cSenator Mark Hollis has never"
        " read the bill,\u201d the senator said.",
        "Alan Pryce",
        "said",
        "Senator Mark Hollis has never read the bill",
        DIRECT,
    ),
    # "the leader": a president is one.
    R(
        "who",
        "President Lena Marsh of Carovia hosted the summit on Monday. Omar Feld, a chess player,"
        " spoke after her. The leader said that the bridge would be finished in May.",
        "Lena Marsh",
        "said",
        "the bridge would be finished in May",
        INDIRECT,
    ),
    R(
        "who",
        "The Cato Institute argued in a report that the new tariff would cut growth by three"
        " percent over the next five years.",
        "Cato Institute",
        "argued",
        "the new tariff would cut growth",
        INDIRECT,
    ),
    R(
        "who",
        "Intel said in a statement that its revenue rose 12 percent in the quarter.",
        "Intel",
        "said",
        "its revenue rose 12 percent",
        INDIRECT,
    ),
    R(
        "who",
        "SHENZHEN, March 3 - Tiangong Semiconductor said on Monday that its new chip is faster"
        " than the A100 by 20 percent in tests.",
        "Tiangong Semiconductor",
        "said",
        "its new chip is faster",
        INDIRECT,
        span="Tiangong Semiconductor",
    ),
    R(
        "who",
        "WASHINGTON (AP) - The Pentagon said Tuesday that 300 troops would be sent to the border.",
        "Pentagon",
        "said",
        "300 troops would be sent",
        INDIRECT,
        span="The Pentagon",
    ),
    R(
        "who",
        "Tiangong Semiconductor opened a plant in May. Its chief executive, Zhou Wei, spoke at the"
        " launch. Zhou said the plant would employ 2,000 people.",
        "Zhou Wei",
        "said",
        "the plant would employ 2,000 people",
        INDIRECT,
    ),
    R(
        "who",
        "President Obama spoke in Ohio on Monday. The president said that the economy had added"
        " 200,000 jobs.",
        "Obama",
        "said",
        "the economy had added 200,000 jobs",
        INDIRECT,
        span="The president",
    ),
    R(
        "who",
        "Sen. Ted Cruz spoke after the vote. The senator said that the deal would cost 3 billion"
        " dollars.",
        "Ted Cruz",
        "said",
        "the deal would cost 3 billion dollars",
        INDIRECT,
    ),
    R(
        "who",
        "The Washington Post reported the story first. The Post said that 40 agents had been"
        " moved.",
        "Washington Post",
        "said",
        "40 agents had been moved",
        INDIRECT,
    ),
    R(
        "who",
        "Jeff Merkley spoke after Hillary Clinton on Monday. Clinton praised the plan. She said"
        " that it would create 2 million jobs.",
        "Hillary Clinton",
        "said",
        "it would create 2 million jobs",
        INDIRECT,
        span="She",
    ),
    R(
        "who",
        "Melanie Ross met Tom Baker in Leeds. He said that the city would get 5 million pounds.",
        "Tom Baker",
        "said",
        "the city would get 5 million pounds",
        INDIRECT,
    ),
    R(
        "who",
        "Hillary Clinton spoke in Ohio on Monday. She was joined by her husband, Bill Clinton."
        " Clinton said the plan would create 2 million jobs.",
        "Hillary Clinton",
        "said",
        "the plan would create 2 million jobs",
        INDIRECT,
    ),
    R(
        "who",
        "Hillary Clinton spoke first, and Bill Clinton spoke after her. Mrs. Clinton said the"
        " plan would create 2 million jobs.",
        "Hillary Clinton",
        "said",
        "the plan would create 2 million jobs",
        INDIRECT,
    ),
    R(
        "who",
        "Ivanka Trump spoke on Monday. Economist Mark Hale said Ivanka Trump's statement was"
        " vague. He said that 3 million families would be left out.",
        "Mark Hale",
        "said",
        "3 million families would be left out",
        INDIRECT,
    ),
    R(
        "who",
        "Reporters Without Borders said that 40 journalists were jailed in 2023.",
        "Reporters Without Borders",
        "said",
        "40 journalists were jailed in 2023",
        INDIRECT,
        kind="organization",
    ),
    R(
        "who",
        "A spokesman said that the plant would close in March.",
        "spokesman",
        "said",
        "the plant would close in March",
        INDIRECT,
    ),
    R(
        "who",
        "Analysts said that prices would rise by 5 percent.",
        "Analysts",
        "said",
        "prices would rise by 5 percent",
        INDIRECT,
    ),
    R(
        "who",
        "He said that the plan would cost 3 million dollars.",
        None,
        "said",
        "the plan would cost 3 million dollars",
        INDIRECT,
        span="He",
    ),
    R(
        "who",
        "The Harbour Authority opened a new terminal in March. Ferries have run to the islands"
        " for more than a century, and the crossing takes about forty minutes in calm weather."
        " Tickets are sold at the pier and on board, and fares have not changed since last"
        " year. Local businesses depend on the summer traffic, which peaks in August each"
        " year. Many families travel with bicycles, which ride free on weekdays. They said"
        " that the service would double in summer.",
        None,
        "said",
        "the service would double in summer",
        INDIRECT,
        span="They",
    ),
]


# -- frames: what kind of claim each rule makes (`claim.frame`) --------------------------------
FRAME_ROWS = [
    R(
        "frame",
        "Ines Moreau said the harbour would reopen in April.",
        "Ines Moreau",
        "said",
        "the harbour would reopen in April",
        INDIRECT,
        frame="speech",
    ),
    R(
        "frame",
        '"The harbour will reopen in April," Ines Moreau said.',
        "Ines Moreau",
        "said",
        "The harbour will reopen in April",
        DIRECT,
        frame="speech",
    ),
    R(
        "frame",
        "Ines Moreau believes the harbour will reopen in April.",
        "Ines Moreau",
        "believes",
        "the harbour will reopen in April",
        INDIRECT,
        frame="belief",
    ),
    R(
        "frame",
        "Ines Moreau thinks that freight rates will fall.",
        "Ines Moreau",
        "thinks",
        "freight rates will fall",
        INDIRECT,
        frame="belief",
    ),
    R(
        "frame",
        "The port authority wants to double its fees next year.",
        "port authority",
        "wants",
        "double its fees",
        INDIRECT,
        frame="intention",
    ),
    R(
        "frame",
        "A study by the Halden Institute found that freight rates fell 8 percent.",
        ANY,
        "found",
        "freight rates fell 8 percent",
        INDIRECT,
        frame="finding",
    ),
    R(
        "frame",
        "According to Ines Moreau, the harbour will reopen in April.",
        "Ines Moreau",
        "according to",
        "the harbour will reopen in April",
        ACCORDING,
        frame="speech",
    ),
    R(
        "frame",
        "According to a new report, freight rates fell 8 percent in May.",
        ANY,
        "according to",
        "freight rates fell 8 percent in May",
        ACCORDING,
        frame="finding",
    ),
    R(
        "frame",
        "The harbour reportedly lost 40 million dollars last year.",
        ANY,
        "reportedly",
        "lost 40 million dollars",
        ANY,
        frame="evidential",
    ),
    R(
        "frame",
        "Halden Freight cut 300 jobs in Oslo last year.\nIt hired 40 drivers.",
        ANY,
        None,
        "Halden Freight cut 300 jobs in Oslo last year",
        UNATTR,
        frame="finding",
    ),
]

# -- whole contents: a clause the parser split in two is one claim --------------------------------
WHOLE_CLAUSE_ROWS = [
    R(
        "whole-clause",
        "Ines Moreau said the agency has to date only attracted one Nordic company, Halden Freight.",
        "Ines Moreau",
        "said",
        "the agency has to date only attracted one Nordic company, Halden Freight",
        INDIRECT,
    ),
    R(
        "whole-clause",
        "Net profit at Halden Freight is projected 12 percent higher this year.",
        ANY,
        "projected",
        "Net profit at Halden Freight is projected 12 percent higher",
        ANY,
        frame="finding",
    ),
]

# -- negation: a negated cue still makes its claim, marked, so it never reads as asserted -------
NEGATION_ROWS = [
    R(
        "negation",
        "Ines Moreau did not say that the harbour would close.",
        "Ines Moreau",
        "say",
        "the harbour would close",
        INDIRECT,
        negated=True,
        negation="not",
        frame="speech",
    ),
    R(
        "negation",
        "The researchers don't say how many ships were damaged.",
        "researchers",
        "say",
        "how many ships were damaged",
        INDIRECT,
        negated=True,
        negation="n't",
    ),
    R(
        "negation",
        "Ines Moreau never said the harbour would close.",
        "Ines Moreau",
        "said",
        "the harbour would close",
        INDIRECT,
        negated=True,
        negation="never",
    ),
    R(
        "negation",
        "A spokesman for Halden Freight declined to confirm that the depot would shut.",
        ANY,
        "confirm",
        "the depot would shut",
        INDIRECT,
        negated=True,
        negation="declined",
    ),
    # Denying is a claim of its own, not a negated one.
    R(
        "negation",
        "Ines Moreau denied that the harbour would close.",
        "Ines Moreau",
        "denied",
        "the harbour would close",
        INDIRECT,
        negated=False,
    ),
    R(
        "negation",
        "Ines Moreau said that the harbour would not close.",
        "Ines Moreau",
        "said",
        "the harbour would not close",
        INDIRECT,
        negated=False,
    ),
    R(
        "negation",
        "Ines Moreau did not say much but insisted that the harbour would close.",
        "Ines Moreau",
        "insisted",
        "the harbour would close",
        INDIRECT,
        negated=False,
    ),
]


@pytest.mark.parametrize(
    ("text", "exp"), ATTRIBUTION_ROWS + FRAME_ROWS + NEGATION_ROWS + WHOLE_CLAUSE_ROWS
)
def test_attribution_rule(extract, text, exp):
    failure = check(extract(text), exp)
    if failure:
        pytest.fail(f"text: {text!r}\n{failure}", pytrace=False)


# -- not claims: a cue word used for what happened, not for what anyone claims -----------------
NOT_CLAIM_ROWS = [
    pytest.param(
        "The campaign maintained a lead of six points in October.",
        "maintained",
        id="object:maintained a lead",
    ),
    pytest.param(
        "The city established a fund for the families of flood victims.",
        "established",
        id="object:established a fund",
    ),
    pytest.param(
        "The mayor welcomed the crowd at the stadium on Sunday.",
        "welcomed",
        id="object:welcomed the crowd",
    ),
    pytest.param(
        "The missing hiker was found in a cave on Tuesday.", "found", id="passive:was found"
    ),
    pytest.param(
        "The new loan is backed by the state treasury.", "backed", id="passive:is backed by"
    ),
    # A dash inside a sentence is not a signature: the words after it go on.
    pytest.param(
        "The council met on Monday.\nPORT ELLEN, Islay - Sen. Ann Lee, who chairs the committee, said the vote would wait.",
        "-",
        id="dash-signature:sentence goes on",
    ),
    # An adverbial clause before the cue is the setting, not what is said.
    pytest.param(
        "Rushing into the meeting, Ann Lee said little.",
        "said",
        id="setting:participle before said",
    ),
    pytest.param(
        "As the crowd marched down Main Street, the organisers said.",
        "said",
        id="setting:as-clause before said",
    ),
    # The speaker's own stance inside their claim says it again: one claim, under "said".
    pytest.param(
        "Ann Lee said she wants the council to delay the vote.",
        "wants",
        id="restatement:said she wants",
    ),
    pytest.param(
        "Ann Lee said she believes the bridge is unsafe.",
        "believes",
        id="restatement:said she believes",
    ),
    # `declined to confirm A` is one claim, under "confirm", negated by "declined".
    pytest.param(
        "A spokesman for Halden Freight declined to confirm that the depot would shut.",
        "declined",
        id="negation:declined to confirm",
    ),
    # Actions, not claims: the object reading is for verbs whose frame is a claim.
    pytest.param(
        "Norland is recalling its ambassador from Vestria.",
        "recalling",
        id="object:recalling its ambassador",
    ),
    pytest.param(
        "Foreign buyers are pushing up real estate values in the capital.",
        "pushing",
        id="object:pushing up values",
    ),
    pytest.param(
        "Prolonged uncertainty could push manufacturers to move their plants abroad.",
        "push",
        id="xcomp:uncertainty could push",
    ),
]


@pytest.mark.parametrize(("text", "cue"), NOT_CLAIM_ROWS)
def test_not_an_attribution(extract, text, cue):
    record = extract(text)
    attributed = [
        c
        for c in record.claims
        if c.attribution != UNATTR and c.cue is not None and c.cue.text == cue
    ]
    assert not attributed, "\n".join(describe(c) for c in attributed)


# -- hedges: text -> is the claim holding `content` hedged, and by what ------------------------
HEDGE_ROWS = [
    ("Huawei is reportedly preparing a new chip.", "preparing a new chip", True, "reportedly"),
    (
        "The suspect allegedly moved 2 million dollars offshore.",
        "moved 2 million dollars offshore",
        True,
        "allegedly",
    ),
    (
        "The chip is said to be twice as fast as the A100.",
        "twice as fast as the A100",
        True,
        "said to",
    ),
    ("Prices may rise next year, analysts said.", "Prices may rise next year", True, "may"),
    ("Prices could rise next year, analysts said.", "Prices could rise next year", True, "could"),
    (
        "Several firms are building chips, with some claiming to match the A100.",
        "match the A100",
        True,
        "claim",
    ),
    (
        "The deal is expected to close in June, officials said.",
        "close in June",
        True,
        "expected to",
    ),
    (
        "Prices rose 3 percent last year, analysts said.",
        "Prices rose 3 percent last year",
        False,
        None,
    ),
    (
        "Nvidia's H100 is faster than the A100, analysts said.",
        "H100 is faster than the A100",
        False,
        None,
    ),
    ("Orbis Labs sold 50 million phones in the quarter.", "sold 50 million phones", False, None),
    ('"We will appeal the ruling," said Joan Miller.', "We will appeal the ruling", False, None),
]


@pytest.mark.parametrize(
    ("text", "content", "hedged", "hedge"),
    HEDGE_ROWS,
    ids=[f"hedge:{r[1][:30]}" for r in HEDGE_ROWS],
)
def test_hedge(extract, text, content, hedged, hedge):
    record = extract(text)
    found = [c for c in record.claims if fold(content) in fold(c.content.text)]
    assert found, f"no claim holds {content!r} in {text!r}; claims:\n" + "\n".join(
        describe(c) for c in record.claims
    )

    def ok(claim) -> bool:
        if claim.hedged is not hedged:
            return False
        if hedge is None:
            return claim.hedge is None
        return claim.hedge is not None and fold(hedge) in fold(claim.hedge.text)

    assert any(ok(c) for c in found), (
        f"text: {text!r}\nexpected hedged={hedged} hedge~{hedge!r}; claims holding {content!r}:\n"
        + "\n".join(f"{describe(c)} hedge={c.hedge.text if c.hedge else None!r}" for c in found)
    )


# -- comparisons: text -> subject / relation / object / condition ----------------------------
COMPARISON_ROWS = [
    (
        "Huawei's Ascend 910B outperforms Nvidia's A100 when training LLMs.",
        "Ascend 910B",
        "outperform",
        "A100",
        "when training LLMs",
    ),
    (
        "Huawei is gaining ground, with its Ascend 910B outperforming Nvidia's A100 when training large models.",
        "Ascend 910B",
        "outperform",
        "A100",
        "when training large models",
    ),
    ("The Kestrel X2 is faster than the H100.", "Kestrel X2", "faster than", "H100", None),
    ("Qwen2 is on par with Llama 3 on coding tasks.", "Qwen2", "on par with", "Llama 3", ANY),
    (
        "European chipmakers lag behind their Asian rivals.",
        "European chipmakers",
        "lag behind",
        "Asian rivals",
        None,
    ),
    (
        "Chinese software still lags behind Nvidia's CUDA.",
        "Chinese software",
        "lag behind",
        "CUDA",
        None,
    ),
    ("The Ascend 910B rivals the A100 in training speed.", "Ascend 910B", "rival", "A100", ANY),
    (
        "Voltar overtook Kiyomi Motors in global sales last year.",
        "Voltar",
        "overtake",
        "Kiyomi Motors",
        ANY,
    ),
    (
        "Orbis Labs' new phone beats the Pixel 8 on battery life.",
        "new phone",
        "beat",
        "Pixel 8",
        ANY,
    ),
    (
        "Halvorsen Group's revenue surpassed analysts' estimates.",
        "revenue",
        "surpass",
        "estimates",
        None,
    ),
    ("The new model outpaced GPT-4 on math benchmarks.", "new model", "outperform", "GPT-4", ANY),
    (
        "Analysts said the H100 outperforms the A100 when running inference.",
        "H100",
        "outperform",
        "A100",
        "when running inference",
    ),
]


@pytest.mark.parametrize(
    ("text", "subject", "relation", "obj", "condition"),
    COMPARISON_ROWS,
    ids=[f"comparison:{r[2]}:{r[0][:30]}" for r in COMPARISON_ROWS],
)
def test_comparison(extract, text, subject, relation, obj, condition):
    record = extract(text)
    want = {"subject": subject, "relation": relation, "object": obj}
    if condition is not ANY:
        want["condition"] = condition
    with_comparison = [c for c in record.claims if c.comparisons]
    assert with_comparison, f"no comparison found in {text!r}; claims:\n" + "\n".join(
        describe(c) for c in record.claims
    )
    failures = [comparison_problems(c, want) for c in with_comparison]
    if all(failures):
        pytest.fail(
            f"text: {text!r}\nexpected {want}\n"
            + "\n".join(
                describe(c) + "\n      - " + "; ".join(f) for c, f in zip(with_comparison, failures)
            ),
            pytrace=False,
        )


def test_a_quoted_title_describing_the_speaker_is_not_a_quotation(extract):
    """`X, author of "Title," argues that ...`: the title is part of who X is, not what X says."""
    record = extract(
        'Mara Lind, author of "The Long Grid: How Power Moves," argues that cables matter more than turbines.'
    )
    assert not [c for c in record.claims if c.content.text.lstrip('"').startswith("The Long Grid")]


# -- page furniture and markup: never a claim, a claimant or a headline ------------------------
FURNITURE_LINES = [
    "== Related news ==",
    "==See also== * Halden Freight opens a depot",
    "* Halden Freight opens a depot in Bergen",
    '<br clear="all" />',
    "© Example Wire 2024",
    "Copyright 2024 Example Wire. All rights reserved.",
    "Additional reporting by Ana Ruiz; Editing by Tom Berg",
    "Read more: Halden Freight says rates will fall",
    "READ MORE: Ines Moreau explains why the harbour closed",
    "WATCH: Ines Moreau says the harbour will reopen",
    "Related: Halden Freight cut 300 jobs in Oslo",
    "Click here to watch live",
    "Story continues below advertisement",
    "Photo: Ana Ruiz/Example Wire",
]


@pytest.mark.parametrize(
    "line", FURNITURE_LINES, ids=[f"furniture:{x[:30]}" for x in FURNITURE_LINES]
)
def test_furniture_lines_make_no_claim_or_claimant(extract, line):
    text = (
        "Halden Freight wins harbour contract\n\n"
        "Halden Freight said on Monday that its new depot would employ 400 people.\n\n"
        f"{line}\n\nThe depot opens in May, Ines Moreau said.\n"
    )
    record = extract(text)
    start = text.index(line)
    end = start + len(line)
    inside = [
        c
        for c in record.claims
        if start <= c.content.start < end
        or c.claimant.span is not None
        and start <= c.claimant.span.start < end
    ]
    assert not inside, "\n".join(describe(c) for c in inside)
    assert record.document.title == "Halden Freight wins harbour contract"
    # The article's own claims around the furniture are still found.
    assert any("employ 400 people" in c.content.text for c in record.claims)
    assert any(c.claimant.name == "Ines Moreau" for c in record.claims)


def test_a_colon_in_prose_is_not_a_speaker_label(extract):
    record = extract(
        "Halden Freight wins harbour contract\n\n"
        "Monday morning: the depot opened its gates to 40 trucks.\n"
    )
    assert not [c for c in record.claims if c.rule == "colon-line"]


# -- publication voice: never a sentence someone else's claim or quotation holds ---------------
def test_publication_voice_does_not_repeat_an_attributed_sentence(extract):
    text = "The researchers at Halden University don't say how many of the 400 ships were damaged."
    record = extract(text)
    assert [c for c in record.claims if c.attribution != UNATTR]
    assert not [c for c in record.claims if c.attribution == UNATTR], "\n".join(
        describe(c) for c in record.claims
    )


def test_publication_voice_does_not_repeat_a_quoted_sentence(extract):
    text = (
        '"Applications are handled within 45 days. Halden Freight pays 300 drivers a bonus '
        'each year," Ines Moreau said.'
    )
    record = extract(text)
    assert not [c for c in record.claims if c.attribution == UNATTR], "\n".join(
        describe(c) for c in record.claims
    )


def test_publication_voice_keeps_an_appositive_and_a_number(extract):
    text = (
        "The agency has so far attracted only one Nordic company, Halden Freight.\n\n"
        "Net profit at Halden Freight is projected to rise to 40 million crowns next year."
    )
    record = extract(text)
    contents = [c.content.text for c in record.claims]
    assert any(t.endswith("one Nordic company, Halden Freight") for t in contents), contents
    assert any("40 million crowns" in t for t in contents), contents


# -- claim ids: unique, and equal to the claim's position ---------------------------------------
def test_claim_ids_are_unique_and_their_position(extract):
    text = (
        "Halden Freight wins harbour contract\n\n"
        'Ines Moreau said the depot would open in May. "It will employ 400 people."\n\n'
        '"We are ready," she said. "The trucks are here."\n\n'
        "Tom Berg, who runs the port, said she wants the council to approve 40 more trucks.\n\n"
        "The council approved 12 trucks on Monday, and rates fell 8 percent.\n"
    )
    record = extract(text)
    ids = [c.id for c in record.claims]
    assert ids == [f"{record.document.id}:{n}" for n in range(1, len(ids) + 1)]
