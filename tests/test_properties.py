"""Property-based tests: arbitrary text and bytes never crash the reader or the extractor.

For any input: no exception escapes, text is always processed (a `processing` error record is a
failure, not an outcome), the record validates against the schema, and every span in it is
exactly the slice of the decoded text it claims to be. The test session runs with
`CLAIMX_STRICT_SPANS=1` (see conftest.py), so a rule that builds a wrong span raises, and the
record says `processing`, instead of the claim being dropped quietly.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from claimx.inputs.decoding import HIGH_BYTES_RATIO, BinaryInputError, decode, magic_type
from claimx.inputs.readers import article_from_bytes
from claimx.schema import DocumentRecord, ErrorInfo, iter_spans

# The extractor fixture is session-scoped and read-only, so reusing it across examples is safe.
SETTINGS = settings(
    max_examples=50,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# Pieces that exercise the rules: quotes of every kind, cues, names, dashes, newlines.
NEWSY = st.sampled_from(
    [
        '"',
        "\u201c",
        "\u201d",
        "'",
        "\u2018",
        "\u2019",
        "\u2014",
        "-",
        " ",
        "\n",
        "\n\n",
        ",",
        ".",
        "said",
        " said ",
        "according to",
        "told",
        "Reuters",
        "Jane Smith",
        "he",
        "she",
        "the company",
        "claimed",
        "may",
        "faster than",
        "the A100",
        "Nvidia",
        "Huawei",
        "Ascend 910B",
        "GPT-4",
        "\u00e9",
        "\u4e2d\u6587",
        "\U0001f600",
        "\x00",
        "\x07",
        "\u200b",
        "\ufeff",
        "\r\n",
    ]
)
NEWSY_TEXT = st.lists(st.one_of(NEWSY, st.text(max_size=12)), max_size=60).map("".join)


# What an input may legitimately fail as; the extractor failing (`processing`) is never one.
READER_ERRORS = {"binary", "invalid", "too_large", "unreadable", "not_found"}


def check_record(record: DocumentRecord, text: str | None) -> int:
    """Assert the record is whole and true to `text`; return how many spans were checked."""
    dumped = record.model_dump(mode="json")
    again = DocumentRecord.model_validate(dumped)  # the record is valid as serialised
    assert again == record
    if text is not None:
        assert record.error is None, f"text was not processed: {record.error}"
    if record.error is not None:
        assert record.error.type in READER_ERRORS, record.error
        assert record.claims == [] and "\n" not in record.error.message
        return 0
    assert text is not None and record.document.chars == len(text)
    checked = 0
    for _, span in iter_spans(dumped["claims"]):
        assert 0 <= span["start"] <= span["end"] <= len(text)
        assert text[span["start"] : span["end"]] == span["text"]
        checked += 1
    return checked


@SETTINGS
@given(text=st.one_of(st.text(max_size=400), NEWSY_TEXT))
def test_any_text_gives_a_valid_record_with_true_spans(extractor, text):
    record = extractor.extract(text)
    check_record(record, text)


def test_the_check_fails_on_a_processing_error_and_on_a_shifted_span(extractor):
    # The property above can only catch what `check_record` rejects: prove it rejects both.
    text = 'Analysts said the new chip is faster than the A100. "We lead," Lee said.'
    record = extractor.extract(text)
    assert check_record(record, text) > 0  # the sample does have spans to check
    failed = record.model_copy(
        update={"claims": [], "error": ErrorInfo(type="processing", message="boom")}
    )
    with pytest.raises(AssertionError):
        check_record(failed, text)
    claim = record.claims[0]
    moved = claim.content.model_copy(
        update={"start": claim.content.start + 1, "end": claim.content.end + 1}
    )
    shifted = record.model_copy(
        update={"claims": [claim.model_copy(update={"content": moved}), *record.claims[1:]]}
    )
    with pytest.raises(AssertionError):
        check_record(shifted, text)


def test_a_rule_that_shifts_a_span_fails_extraction_under_strict_spans(extractor, monkeypatch):
    # An internal span error raises (and the record says `processing`) instead of the claim
    # being dropped, so the properties above see it.
    import claimx.rules.claims as claims

    real = claims.span

    def shifted(text, start, end):
        got = real(text, start, end)
        return {**got, "start": got["start"] + 1, "end": got["end"] + 1}

    monkeypatch.setattr(claims, "span", shifted)
    record = extractor.extract("Analysts said the new chip is faster than the A100.")
    assert record.error is not None and record.error.type == "processing"
    assert "InternalSpanError" in record.error.message


@SETTINGS
@given(data=st.one_of(st.binary(max_size=600), NEWSY_TEXT.map(lambda t: t.encode("utf-8"))))
def test_any_bytes_give_a_valid_record(extractor, data):
    article = article_from_bytes(data, path="input.txt")
    assert (article.text is None) == (article.error is not None)
    record = next(extractor.pipe([article]))
    check_record(record, article.text)


@SETTINGS
@given(data=st.binary(max_size=600), suffix=st.sampled_from(["input.html", "input.txt"]))
def test_any_bytes_as_html_give_a_valid_record(extractor, data, suffix):
    markup = b"<html><body><p>" + data + b"</p></body></html>"
    article = article_from_bytes(markup, path=suffix, input_format="html")
    record = next(extractor.pipe([article]))
    check_record(record, article.text)
    if article.text is not None:
        assert "<p>" not in article.text


@settings(max_examples=200, deadline=None)
@given(data=st.binary(max_size=2000))
def test_decode_returns_text_or_says_binary(data):
    try:
        decoded = decode(data)
    except BinaryInputError as exc:
        assert exc.type == "binary" and exc.message.startswith("binary file (")
        return
    assert isinstance(decoded.text, str) and decoded.encoding
    decoded.text.encode("utf-8")  # no lone surrogates: the text can always be written out


PRINTABLE = st.text(st.characters(blacklist_categories=("Cc", "Cs")), max_size=300)


@settings(max_examples=200, deadline=None)
@given(text=PRINTABLE, encoding=st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "utf-32"]))
def test_unicode_encodings_round_trip(text, encoding):
    data = text.encode(encoding)
    assume(magic_type(data) is None)  # a text that *starts* like a PDF header is taken for one
    assert decode(data).text == text


CP1252_HIGH = [
    bytes([b]).decode("cp1252") for b in range(0x80, 0x100) if b not in b"\x81\x8d\x8f\x90\x9d"
]
WESTERN_PROSE = st.lists(
    st.one_of(
        st.text(st.characters(min_codepoint=0x20, max_codepoint=0x7E), min_size=3, max_size=12),
        st.sampled_from(CP1252_HIGH),
    ),
    min_size=1,
    max_size=40,
).map("".join)


@settings(max_examples=100, deadline=None)
@given(text=WESTERN_PROSE)
def test_cp1252_text_decodes_to_something_readable(text):
    data = text.encode("cp1252")
    assume(magic_type(data) is None)
    # Prose: mostly ASCII. A string of accented letters alone is indistinguishable from noise.
    assume(sum(b >= 0x80 for b in data) <= HIGH_BYTES_RATIO * len(data))
    try:
        decoded = decode(data)
    except BinaryInputError:
        pytest.fail(f"cp1252 text taken for binary: {text!r}")
    assert len(decoded.text) >= len(text) // 4  # a single-byte text stays about its length
    if text.isascii():
        assert decoded.text == text
