"""The Python API: `claimx.extract()` and `claimx.Extractor().pipe()`."""

from __future__ import annotations

import doctest

import claimx
from claimx.engines.extractor import Extractor, get_extractor
from claimx.schema import DocumentRecord

TEXT = "Analysts said the new chip is faster than the A100."


def test_extract_returns_a_validated_record():
    record = claimx.extract(TEXT, title="Chips", publication="The Wire")
    assert isinstance(record, DocumentRecord)
    assert record.document.title == "Chips" and record.document.publication == "The Wire"
    assert record.document.chars == len(TEXT) and record.error is None
    # The record survives its own JSON round trip.
    assert DocumentRecord.model_validate_json(record.to_json()) == record
    for claim in record.claims:
        assert TEXT[claim.content.start : claim.content.end] == claim.content.text


def test_pipeline_is_loaded_once_and_reused(monkeypatch):
    first = get_extractor()
    calls = []
    import claimx.nlp.pipeline

    real = claimx.nlp.pipeline.load_pipeline
    monkeypatch.setattr(
        claimx.nlp.pipeline, "load_pipeline", lambda *a, **k: calls.append(a) or real(*a, **k)
    )
    claimx.extract(TEXT)
    claimx.extract("Another text, said nobody.")
    assert get_extractor() is first
    assert calls == []  # no second load, whatever the number of calls


def test_extract_with_an_explicit_model_reuses_its_pipeline():
    from claimx.nlp.pipeline import resolve_model

    name = resolve_model(None)
    claimx.extract(TEXT, model=name)
    assert get_extractor(name) is get_extractor(name)


def test_pipe_yields_records_in_input_order(extractor: Extractor):
    items = [
        "First text, with no claim.",
        {
            "text": TEXT,
            "title": "T2",
            "publication": "P2",
            "url": "https://example.org/2",
            "section": "tech",
        },
        {"title": "no text here"},
        "Third text.",
    ]
    records = list(extractor.pipe(items))
    assert [r.document.chars for r in records] == [len(items[0]), len(TEXT), 0, len("Third text.")]
    second = records[1].document
    assert (second.title, second.publication, second.url) == ("T2", "P2", "https://example.org/2")
    assert second.meta == {"section": "tech"}  # unknown keys are kept, not dropped
    assert records[2].error is not None and records[2].claims == []
    assert all(r.error is None for i, r in enumerate(records) if i != 2)


def test_pipe_is_lazy(extractor: Extractor):
    # A long stream must not be read whole before the first record comes out.
    read = []

    def texts():
        for n in range(1000):
            read.append(n)
            yield f"Text number {n}."

    first = next(extractor.pipe(texts(), batch_size=4))
    assert first.document.chars == len("Text number 0.")
    assert len(read) < 100


def test_docstring_examples_run():
    import claimx.engines.extractor

    for module in (claimx, claimx.engines.extractor):
        result = doctest.testmod(module, verbose=False)
        assert result.failed == 0, f"{module.__name__}: {result.failed} doctest(s) failed"
        assert result.attempted > 0


class _FakeLibc:
    """Records `mallopt(param, value)` calls instead of changing this test process."""

    def __init__(self, calls: list[tuple[int, int]]) -> None:
        self.mallopt = lambda param, value: calls.append((param, value)) or 1


def test_settled_process_keeps_freed_memory_with_both_thresholds(monkeypatch):
    import claimx.engines.tuning as ex

    calls: list[tuple[int, int]] = []
    monkeypatch.setattr(ex.sys, "platform", "linux")
    monkeypatch.setattr(ex.ctypes, "CDLL", lambda name: _FakeLibc(calls))
    ex._keep_freed_memory()
    # Setting only one of them turns off glibc's adaptive mmap threshold and makes every large
    # block an mmap (measured: six times the page faults): both are set, the mmap one first.
    assert calls == [
        (ex._M_MMAP_THRESHOLD, ex._MMAP_THRESHOLD),
        (ex._M_TRIM_THRESHOLD, ex._TRIM_THRESHOLD),
    ]
    assert ex._TRIM_THRESHOLD > ex._MMAP_THRESHOLD


def test_keep_freed_memory_is_a_no_op_off_linux_or_without_mallopt(monkeypatch):
    import claimx.engines.tuning as ex

    calls: list[tuple[int, int]] = []
    monkeypatch.setattr(ex.ctypes, "CDLL", lambda name: _FakeLibc(calls))
    monkeypatch.setattr(ex.sys, "platform", "darwin")
    ex._keep_freed_memory()
    assert calls == []
    monkeypatch.setattr(ex.sys, "platform", "linux")
    monkeypatch.setattr(ex.ctypes, "CDLL", lambda name: object())  # a C library without mallopt
    ex._keep_freed_memory()  # does not raise
