"""Names as keys: the forms news gives one person or organisation, reduced to one comparable key.

"Dr. Zhou Wei" and "Zhou Wei" give one person key; "Huawei Technologies Co., Ltd." and "Huawei"
one organisation key. Keys are only for matching; the names people read are kept as written.
"""

from __future__ import annotations

import re
import unicodedata

# Titles before a person's name; dropped from the key ("Dr. Zhou Wei" is "Zhou Wei").
HONORIFICS = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "miss",
        "dr",
        "prof",
        "professor",
        "sir",
        "dame",
        "lord",
        "lady",
        "rev",
        "mx",
        "madam",
        "mme",
        "mlle",
        "herr",
        "frau",
    ]
)
# Legal and generic endings of organisation names ("Huawei Technologies Co., Ltd." is "Huawei").
ORG_SUFFIXES = frozenset(
    [
        "inc",
        "incorporated",
        "corp",
        "corporation",
        "co",
        "company",
        "ltd",
        "limited",
        "llc",
        "plc",
        "ag",
        "sa",
        "nv",
        "bv",
        "gmbh",
        "spa",
        "group",
        "holdings",
        "holding",
        "technologies",
        "technology",
        "international",
    ]
)

_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "`": "'"})
_NON_WORD = re.compile(r"[^\w\s]+")
_SPACES = re.compile(r"\s+")


def fold(text: str) -> str:
    """Casefolded, NFKC-normalised text with straight quotes, no punctuation, single spaces."""
    text = unicodedata.normalize("NFKC", text).translate(_QUOTES).casefold()
    text = text.replace("'s ", " ").removesuffix("'s")
    return _SPACES.sub(" ", _NON_WORD.sub(" ", text)).strip()


def person_key(name: str) -> str:
    """The key of a person's name: folded, without titles in front."""
    words = fold(name).split()
    while len(words) > 1 and words[0] in HONORIFICS:
        words = words[1:]
    return " ".join(words)


def organisation_key(name: str) -> str:
    """The key of an organisation's name: folded, without a leading 'the' or legal endings."""
    words = fold(name).split()
    if len(words) > 1 and words[0] == "the":
        words = words[1:]
    while len(words) > 1 and words[-1] in ORG_SUFFIXES:
        words = words[:-1]
    return " ".join(words)


def role_words(role: str | None) -> frozenset[str]:
    """The content words of a role ("chief scientist at Lumora"), to compare roles as evidence."""
    if not role:
        return frozenset()
    return frozenset(w for w in fold(role).split() if len(w) > 2 and w not in _ROLE_STOP)


_ROLE_STOP = frozenset(
    ["the", "and", "for", "with", "from", "who", "was", "has", "its", "their", "his", "her", "said"]
)
