"""How names and roles are written: a name without its possessive, titles and headline words,
an organisation without "the", a role cut before its relative clause.

Plain string and token helpers, shared by the entity table (`claimx.rules.entities`) and
claimant resolution (`claimx.rules.claimants`).
"""

from __future__ import annotations

from spacy.tokens import Span

from claimx.rules.text import QUOTE_CHARS

# The longest line read as a headline.
HEADLINE_CHARS = 300
# Tokens that end a name without being part of it.
NAME_SUFFIXES = {"jr", "jr.", "sr", "sr.", "ii", "iii", "iv"}


def name_words(ent: Span) -> list[str]:
    """A person's name words: without possessive, honorific-like dotted titles and suffixes."""
    words = [t.text for t in ent if not t.is_punct and t.lower_ not in ("'s", "’s")]
    words = [w.removesuffix("'s").removesuffix("’s") for w in words]
    while words and (words[0].endswith(".") or words[0].lower() in ("mr", "mrs", "ms", "dr")):
        words = words[1:]
    while words and words[-1].lower().rstrip(",") in NAME_SUFFIXES:
        words = words[:-1]
    return [w for w in words if w]


def org_name(text: str) -> str:
    text = " ".join(text.split())
    for suffix in ("'s", "’s"):
        text = text.removesuffix(suffix)
    text = text.strip(" ,;:")
    return text[4:] if text.lower().startswith("the ") and len(text) > 4 else text


def stem(word: str) -> str:
    """A crude stem, enough to match "Endorsed" with "endorsing"."""
    for suffix in ("ing", "ed", "es", "s", "e"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


def title_case_line(text: str, at: int) -> bool:
    """Whether the line holding offset `at` is a title-case headline: four words or more,
    nearly all capitalised, and no longer than HEADLINE_CHARS (looked at in that window only,
    so a text with no line breaks costs nothing)."""
    lo = text.rfind("\n", max(0, at - HEADLINE_CHARS), at) + 1
    if lo == 0 and at > HEADLINE_CHARS:
        return False
    hi = text.find("\n", at, at + HEADLINE_CHARS)
    if hi < 0:
        if len(text) - at > HEADLINE_CHARS:
            return False
        hi = len(text)
    if hi - lo > HEADLINE_CHARS:
        return False
    words = [w for w in text[lo:hi].split() if w[:1].isalpha()]
    caps = sum(1 for w in words if w[:1].isupper())
    return len(words) >= 4 and caps >= 0.8 * len(words)


def clean_name(text: str) -> str:
    """A name as written, without possessive, spacing runs and edge punctuation."""
    text = " ".join(text.split())
    for suffix in ("'s", "’s"):
        text = text.removesuffix(suffix)
    return text.strip(" ,;:")


def strip_the(text: str) -> str:
    """The name without a leading "the"."""
    return text[4:] if text.lower().startswith("the ") and len(text) > 4 else text


def is_personal_role(role: str | None, roles: frozenset[str]) -> bool:
    """Whether a role names a person's title ("president of ...")."""
    if not role:
        return False
    words = role.lower().replace(",", " ").split()
    return any(w in roles for w in words[:4])


def clean_role(text: str) -> str | None:
    """A role as a reader would write it: cut before a relative clause, quotes balanced."""
    text = " ".join(text.split())
    for rel in (", who ", ", which ", ", whose ", ", where "):
        at = text.find(rel)
        if at > 0:
            text = text[:at]
    text = text.strip(" ,;:")
    # "author of "Digital War ... Cyberspace,"" -> drop the comma the sentence put inside the quotes.
    if len(text) >= 2 and text[-1] in QUOTE_CHARS and text[-2] in ",;":
        text = text[:-2] + text[-1]
    # A title cut off before its closing mark gets it back.
    if text.count('"') % 2 == 1:
        text += '"'
    elif text.count("“") > text.count("”"):
        text += "”"
    return text or None
