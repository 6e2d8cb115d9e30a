"""The HTML report: structure, escaping, tables, the `report` command, and a real browser."""

from __future__ import annotations

import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from record_factory import ARTICLE, article_record, empty_record, error_record
from typer.testing import CliRunner

from claimx.cli.main import app
from claimx.outputs.highlight import Mark, marks, segments
from claimx.outputs.html_report import render_report
from claimx.schema import DocumentRecord

ROOT = Path(__file__).resolve().parents[1]


class Page(HTMLParser):
    """What the tests look at in a report: its tables, its highlights, its root attributes."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.root: dict[str, str] = {}
        self.tables: dict[str, list[list[str]]] = {}
        self.headers: dict[str, list[dict[str, str]]] = {}
        self.highlights: list[tuple[str, str, str]] = []  # (class, title, text) inside .cx-text
        self.texts: list[str] = []
        self._table: str | None = None
        self._cell: list[str] | None = None
        self._in_head = False
        self._text_depth = 0
        self._span: tuple[str, str] | None = None
        self._span_text: list[str] = []
        self._depth = 0
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        a = {k: v or "" for k, v in attrs}
        if tag == "html":
            self.root = a
        if tag == "table":
            self._table = a.get("id", "")
            self.tables[self._table] = []
            self.headers[self._table] = []
        elif tag == "thead":
            self._in_head = True
        elif tag == "tr" and self._table is not None and not self._in_head:
            self.tables[self._table].append([])
        elif tag in ("td", "th") and self._table is not None:
            self._cell = []
            if tag == "th":
                self.headers[self._table].append(a)
        if tag == "div" and "cx-text" in a.get("class", "").split():
            self._text_depth = 1
            self.texts.append("")
        elif self._text_depth and tag == "span":
            self._span = (a.get("class", ""), a.get("title", ""))
            self._span_text = []

    def handle_endtag(self, tag):
        if tag == "thead":
            self._in_head = False
        elif tag in ("td", "th") and self._cell is not None:
            if tag == "td":
                self.tables[self._table][-1].append("".join(self._cell).strip())
            self._cell = None
        elif tag == "table":
            self._table = None
        elif tag == "span" and self._span is not None:
            self.highlights.append((*self._span, "".join(self._span_text)))
            self._span = None
        elif tag == "div" and self._text_depth:
            self._text_depth = 0

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)
        if self._text_depth:
            self.texts[-1] += data
        if self._span is not None:
            self._span_text.append(data)


def _records() -> list[DocumentRecord]:
    return [
        article_record(),
        empty_record(),
        error_record(),
        article_record(with_text=False, doc_id="doc4"),
    ]


def test_highlights_wrap_exactly_the_claim_parts():
    page = Page(render_report(_records()))
    by_class = {}
    for cls, title, text in page.highlights:
        by_class.setdefault(cls, []).append((text, title))
    assert [t for t, _ in by_class["cx-claimant"]] == [
        "Analysts",
        "Dr. Lee",
        "Reuters <and> partners & co",
    ]
    assert [t for t, _ in by_class["cx-cue"]] == ["said", "said", "according to"]
    assert [t for t, _ in by_class["cx-content"]][0] == "the new chip is faster than the A100"
    # Hover text names the claimant and the cue.
    title = dict(by_class["cx-content"])["Sales may have doubled"]
    assert (
        "Reuters <and> partners & co" in title
        and "cue: according to" in title
        and "hedged" in title
    )
    # The text round-trips: highlights change markup only.
    assert page.texts[0] == ARTICLE


def test_each_content_ends_with_its_claim_number():
    html = render_report([article_record()])
    for n, _claim in enumerate(article_record().claims, 1):
        assert f'data-end="{n}" title="Claim {n}:' in html
        assert html.count(f'data-end="{n}"') == 1


def test_everything_is_escaped():
    rec = article_record()
    doc = rec.document.model_copy(
        update={"title": '<script>alert("t")</script>', "path": 'a"><img src=x>'}
    )
    html = render_report([rec.model_copy(update={"document": doc})])
    assert "<script>alert" not in html and "<img" not in html
    assert "&lt;script&gt;alert(&quot;t&quot;)&lt;/script&gt;" in html
    assert "Reuters &lt;and&gt; partners &amp; co" in html
    assert html.count("<script>") == 1  # only the report's own


def test_self_contained_no_network():
    html = render_report(_records())
    for needle in ("http://", "https://", "src=", "@import", "url(", "<link"):
        assert needle not in html, needle
    assert "default-src 'none'" in html  # and the browser is told to fetch nothing


def test_claimants_table_counts_claims_and_articles():
    page = Page(render_report(_records()))
    rows = {r[0]: r for r in page.tables["claimants-table"]}
    assert set(rows) == {"Analysts", "Lee", "Reuters <and> partners & co"}
    assert rows["Analysts"][1:4] == ["group", "2", "2"]
    assert rows["Lee"][1] == "person"
    headers = [h.get("data-type") for h in page.headers["claimants-table"]]
    assert headers[2:4] == ["number", "number"]


def test_comparisons_table_lists_subject_relation_object_and_claimant():
    page = Page(render_report(_records()))
    rows = page.tables["comparisons-table"]
    assert len(rows) == 2  # the comparison appears in both copies of the article
    assert rows[0][:6] == ["the new chip", "faster than", "better", "the A100", "", "Analysts"]
    assert "Chip race heats up" in rows[0][6]


def test_records_without_text_show_their_claims_only():
    html = render_report([article_record(with_text=False)])
    page = Page(html)
    assert page.texts == [] and page.highlights == []
    assert "has no text" in html and "the new chip is faster than the A100" in html


def test_error_records_and_empty_reports():
    html = render_report([error_record()])
    assert "Error: unreadable: news/missing.txt" in html
    assert "No claimants found." in html and "No comparative claims found." in html


def test_spans_that_do_not_match_the_text_are_not_drawn():
    rec = article_record()
    shifted = "X" + rec.text[:-1]  # same length, every offset now points one character off
    assert marks(rec, shifted) == []
    assert len(marks(rec)) == 9


def test_segments_partition_the_text():
    text = "abcdefghij"
    found = [Mark(1, 6, "content", 1), Mark(4, 8, "claimant", 2), Mark(4, 8, "cue", 3)]
    parts = list(segments(text, found))
    assert "".join(text[s:e] for s, e, _ in parts) == text
    assert [(s, e, sorted(m.part for m in ms)) for s, e, ms in parts] == [
        (0, 1, []),
        (1, 4, ["content"]),
        (4, 6, ["claimant", "content", "cue"]),
        (6, 8, ["claimant", "cue"]),
        (8, 10, []),
    ]


# -- the command -------------------------------------------------------------------------------


def _jsonl(path: Path, records) -> Path:
    path.write_text("".join(r.model_dump_json() + "\n" for r in records), encoding="utf-8")
    return path


def test_report_from_records_jsonl(tmp_path):
    src = _jsonl(tmp_path / "records.jsonl", [article_record(), empty_record()])
    out = tmp_path / "r.html"
    result = CliRunner().invoke(app, ["report", str(src), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert result.stdout == ""  # the summary goes to stderr
    assert "2 articles, 3 claims" in result.stderr
    page = Page(out.read_text(encoding="utf-8"))
    assert len(page.tables["claimants-table"]) == 3
    assert not list(tmp_path.glob(".r.html.*"))  # the temporary file was renamed away


def test_report_from_stdin_to_stdout_and_bad_lines(tmp_path):
    lines = (
        article_record().model_dump_json()
        + "\n{not json}\n"
        + error_record().model_dump_json()
        + "\n"
    )
    result = CliRunner().invoke(app, ["report", "-", "-o", "-"], input=lines)
    assert result.exit_code == 1  # the report is written, but some inputs failed
    assert "<stdin>:2: not a claimx record" in result.stderr
    assert result.stdout.startswith("<!DOCTYPE html>")
    assert "2 articles" in result.stderr


class _FakeExtractor:
    """Stands in for the spaCy pipeline: one hand-built record per article, in order."""

    def __init__(self, *args, **kwargs):
        assert kwargs.get("include_text") is True

    def pipe(self, items, n_process=1):
        for n, art in enumerate(items):
            yield article_record(doc_id=f"d{n}", path=art.path)


def test_report_from_a_folder_of_articles(tmp_path, monkeypatch):
    monkeypatch.setattr("claimx.engines.extractor.Extractor", _FakeExtractor)
    folder = tmp_path / "news"
    folder.mkdir()
    for name in ("a.txt", "b.txt"):
        (folder / name).write_text(ARTICLE, encoding="utf-8")
    out = tmp_path / "r.html"
    result = CliRunner().invoke(app, ["report", str(folder), "-o", str(out)])
    assert result.exit_code == 0, result.output
    page = Page(out.read_text(encoding="utf-8"))
    assert len(page.texts) == 2
    assert {r[0]: r[3] for r in page.tables["claimants-table"]}["Analysts"] == "2"


def test_report_unwritable_output_is_one_line_error(tmp_path):
    src = _jsonl(tmp_path / "records.jsonl", [article_record()])
    result = CliRunner().invoke(
        app, ["report", str(src), "-o", str(tmp_path / "no" / "such" / "r.html")]
    )
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: cannot write") and result.stderr.count("\n") == 1


# -- a real browser ----------------------------------------------------------------------------


def _chromium_dom(tmp_path: Path, url: str) -> tuple[str, str]:
    browser = shutil.which("chromium")
    if browser is None:
        pytest.skip("chromium is not installed")
    profile = tmp_path / "profile"
    cmd = [
        browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        f"--user-data-dir={profile}", "--enable-logging=stderr", "--v=0", "--dump-dom", url,
    ]  # fmt: skip
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout, done.stderr


def test_report_renders_in_headless_chromium(tmp_path):
    out = tmp_path / "report.html"
    out.write_text(render_report(_records()), encoding="utf-8")
    dom, log = _chromium_dom(tmp_path, out.as_uri())
    page = Page(dom)
    assert page.root.get("data-ready") == "1", "the report's script did not run"
    classes = [c for c, _, _ in page.highlights]
    assert (
        classes.count("cx-content") == 3
        and classes.count("cx-claimant") == 3
        and classes.count("cx-cue") == 3
    )
    assert len(page.tables["claimants-table"]) == 3
    assert len(page.tables["comparisons-table"]) == 2
    console = [line for line in log.splitlines() if ":CONSOLE" in line]
    assert not console, console  # no script errors, no blocked fetches


def test_table_sorting_runs_in_chromium(tmp_path):
    recs = [article_record()]
    extra = article_record(doc_id="x")
    extra.claims[:] = [c for c in extra.claims if c.claimant.name == "Lee"]
    out = tmp_path / "report.html"
    out.write_text(render_report(recs + [extra]), encoding="utf-8")
    static = [r[0] for r in Page(out.read_text(encoding="utf-8")).tables["claimants-table"]]
    assert static[0] == "Lee"  # the page ships sorted by number of claims
    dom, _ = _chromium_dom(tmp_path, out.as_uri() + "#sort=claimants-table:0:descending")
    page = Page(dom)
    names = [r[0] for r in page.tables["claimants-table"]]
    assert names == ["Reuters <and> partners & co", "Lee", "Analysts"]
    assert page.headers["claimants-table"][0].get("aria-sort") == "descending"


@pytest.mark.slow
def test_report_on_samples_with_the_real_pipeline(tmp_path):
    samples = ROOT / "samples"
    if not samples.is_dir():
        pytest.skip("samples/ not present")
    out = tmp_path / "samples.html"
    done = subprocess.run(
        [sys.executable, "-m", "claimx", "report", str(samples), "--glob", "*.txt", "-o", str(out)],
        capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    page = Page(out.read_text(encoding="utf-8"))
    assert len(page.texts) == len(list(samples.glob("*.txt")))
    assert page.highlights and page.tables.get("claimants-table")


def test_unnamed_claimants_are_labelled_by_kind():
    from claimx.schema import Claimant

    rec = article_record()
    voice = rec.claims[0].model_copy(
        update={
            "claimant": Claimant(span=None, kind="publication", name=None),
            "cue": None,
            "attribution": "unattributed",
        }
    )
    nobody = rec.claims[1].model_copy(
        update={"claimant": Claimant(span=None, kind="unknown", name=None)}
    )
    rec = rec.model_copy(update={"claims": [voice, nobody]})
    rows = {r[0]: r[1] for r in Page(render_report([rec])).tables["claimants-table"]}
    assert rows == {"(the publication)": "publication", "(unnamed)": "unknown"}
