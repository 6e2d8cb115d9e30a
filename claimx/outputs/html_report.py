"""The HTML report: many records as one self-contained page for people.

`render_report(records)` returns one HTML document with inline CSS and JavaScript and nothing
fetched from the network (a Content-Security-Policy forbids it): a legend, a sortable table of
claimants (name, kind, claims, articles), a sortable table of comparative claims, and each
article's text with its claimants, cues and contents highlighted (hover shows who claims what),
followed by the list of its claims. Records without `text` show the claim list alone.

Every piece of text from an article or a record goes through `html.escape`.

The highlighting itself (`claimx.outputs.highlight`) is shared with the terminal view.
"""

from __future__ import annotations

import io
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from html import escape
from typing import TextIO

from claimx.outputs.highlight import (
    PART_LABELS,
    PARTS,
    claimant_label,
    comparison_note,
    marks,
    segments,
)
from claimx.schema import Claim, DocumentRecord
from claimx.version import __version__

# -- aggregation ------------------------------------------------------------------------------


@dataclass
class ClaimantRow:
    """A claimant across the report: how many claims it makes, in how many articles."""

    name: str
    kind: str
    claims: int = 0
    articles: set[int] = field(default_factory=set)
    cues: Counter = field(default_factory=Counter)


@dataclass
class ComparisonRow:
    """One comparative claim with who makes it and where."""

    subject: str
    relation: str
    object: str
    condition: str | None
    polarity: str
    negated: bool
    claimant: str
    article: int
    claim: int
    article_title: str


@dataclass
class ReportStats:
    """What the report counts while the articles stream past."""

    articles: int = 0
    claims: int = 0
    errors: int = 0
    claimants: dict[tuple[str, str], ClaimantRow] = field(default_factory=dict)
    comparisons: list[ComparisonRow] = field(default_factory=list)

    def add(self, n: int, record: DocumentRecord) -> None:
        """Count article `n` (1-based) and its claims."""
        self.articles += 1
        self.claims += len(record.claims)
        if record.error is not None:
            self.errors += 1
        for i, claim in enumerate(record.claims, 1):
            name = claimant_label(claim)
            key = (name, claim.claimant.kind)
            row = self.claimants.setdefault(key, ClaimantRow(name=name, kind=claim.claimant.kind))
            row.claims += 1
            row.articles.add(n)
            if claim.cue is not None:
                row.cues[claim.cue.text.lower()] += 1
            for comp in claim.comparisons:
                self.comparisons.append(
                    ComparisonRow(
                        subject=comp.subject.text,
                        relation=comp.relation,
                        object=comp.object.text,
                        condition=comp.condition.text if comp.condition else None,
                        polarity=comp.polarity,
                        negated=comp.negated,
                        claimant=name,
                        article=n,
                        claim=i,
                        article_title=article_title(record),
                    )
                )


def article_title(record: DocumentRecord) -> str:
    """The name an article goes by in the report: its title, else its path, else its id."""
    doc = record.document
    return doc.title or doc.path or doc.id


# -- rendering --------------------------------------------------------------------------------


def _e(value: object) -> str:
    """Escape any value for HTML text and attribute values alike."""
    return escape("" if value is None else str(value), quote=True)


def _claim_tooltip(n: int, claim: Claim) -> str:
    who = claimant_label(claim)
    role = f", {claim.claimant.role}" if claim.claimant.role else ""
    cue = f" · cue: {claim.cue.text}" if claim.cue else ""
    hedge = " · hedged" if claim.hedged else ""
    return f"Claim {n}: {who}{role} ({claim.claimant.kind}){cue} · {claim.attribution}{hedge}"


def render_text(record: DocumentRecord) -> str:
    """The article text as HTML with every claim part wrapped in a classed, titled `<span>`.

    Classes: `cx-content`, `cx-claimant`, `cx-cue` (several when parts overlap); `data-claims`
    lists the claim numbers a stretch belongs to; `title` says who claims what, with which cue.
    """
    text = record.text or ""
    found = marks(record, text)
    out = []
    for start, end, covering in segments(text, found):
        stretch = _e(text[start:end])
        if not covering:
            out.append(stretch)
            continue
        parts = [p for p in PARTS if any(m.part == p for m in covering)]
        claims = sorted({m.claim for m in covering})
        tips = []
        for m in sorted(covering, key=lambda m: (m.claim, PARTS.index(m.part))):
            tip = _claim_tooltip(m.claim, record.claims[m.claim - 1])
            if m.part != "content":
                tip = f"{m.part.capitalize()} of c{tip[1:]}"
            if tip not in tips:
                tips.append(tip)
        classes = " ".join(f"cx-{p}" for p in parts)
        # The claim number after each content, drawn by CSS so copied text stays the article's.
        ending = sorted({m.claim for m in covering if m.part == "content" and m.end == end})
        end_attr = f' data-end="{" ".join(map(str, ending))}"' if ending else ""
        out.append(
            f'<span class="{classes}" data-claims="{" ".join(map(str, claims))}"{end_attr} '
            f'title="{_e(chr(10).join(tips))}">{stretch}</span>'
        )
    return "".join(out)


def _claims_list(record: DocumentRecord) -> str:
    items = []
    for n, claim in enumerate(record.claims, 1):
        who = claimant_label(claim)
        role = (
            f' <span class="cx-role">({_e(claim.claimant.role)})</span>'
            if claim.claimant.role
            else ""
        )
        cue = f' <span class="cx-cue">{_e(claim.cue.text)}</span>' if claim.cue else ""
        flags: list[str] = [claim.attribution]
        if claim.hedged:
            flags.append("hedged" + (f": {claim.hedge.text}" if claim.hedge else ""))
        if claim.duplicate_of:
            flags.append("repeats a body claim")
        comp = "".join(
            f'<div class="cx-comparison">{_e(comparison_note(c))}</div>' for c in claim.comparisons
        )
        items.append(
            f'<li value="{n}" data-claim="{n}"><span class="cx-claimant">{_e(who)}</span>{role}'
            f' <span class="cx-kind">{_e(claim.claimant.kind)}</span>{cue}: '
            f'<span class="cx-content">{_e(claim.content.text)}</span>'
            f' <span class="cx-flags">{_e(" · ".join(flags))}</span>{comp}</li>'
        )
    if not items:
        return '<p class="cx-none">No claims found.</p>'
    return '<ol class="cx-claims">' + "".join(items) + "</ol>"


def render_article(n: int, record: DocumentRecord, *, open_: bool = True) -> str:
    """One article's section: heading, text with highlights (when the record has text), claims."""
    doc = record.document
    meta = [x for x in (doc.publication, doc.published, doc.path) if x]
    meta.append(f"{len(record.claims)} claim{'s' if len(record.claims) != 1 else ''}")
    body = []
    if record.error is not None:
        body.append(
            f'<p class="cx-error">Error: {_e(record.error.type)}: {_e(record.error.message)}</p>'
        )
    if record.text is not None:
        body.append(f'<div class="cx-text">{render_text(record)}</div>')
    elif record.error is None:
        body.append(
            '<p class="cx-notext">The record has no text (extract with --include-text to show it).</p>'
        )
    body.append(_claims_list(record))
    return (
        f'<article class="cx-article" id="a{n}" data-doc="{_e(doc.id)}">'
        f'<details{" open" if open_ else ""}><summary><span class="cx-title">{_e(article_title(record))}</span> '
        f'<span class="cx-meta">{_e(" · ".join(meta))}</span></summary>'
        + "".join(body)
        + "</details></article>"
    )


def _claimants_table(stats: ReportStats) -> str:
    rows = sorted(
        stats.claimants.values(), key=lambda r: (-r.claims, -len(r.articles), r.name.lower())
    )
    body = []
    for r in rows:
        cues = ", ".join(c for c, _ in r.cues.most_common(3))
        body.append(
            f"<tr><td>{_e(r.name)}</td><td>{_e(r.kind)}</td>"
            f'<td class="num">{r.claims}</td><td class="num">{len(r.articles)}</td><td>{_e(cues)}</td></tr>'
        )
    head = (
        '<tr><th scope="col">Claimant</th><th scope="col">Kind</th>'
        '<th scope="col" data-type="number">Claims</th><th scope="col" data-type="number">Articles</th>'
        '<th scope="col">Usual cues</th></tr>'
    )
    return _table("claimants", head, body, "No claimants found.")


def _comparisons_table(stats: ReportStats) -> str:
    body = []
    for c in stats.comparisons:
        rel = ("not " if c.negated else "") + c.relation
        body.append(
            f"<tr><td>{_e(c.subject)}</td><td>{_e(rel)}</td><td>{_e(c.polarity)}</td>"
            f"<td>{_e(c.object)}</td>"
            f"<td>{_e(c.condition)}</td><td>{_e(c.claimant)}</td>"
            f'<td data-sort="{c.article:08d}"><a href="#a{c.article}">{_e(c.article_title)}</a> (claim {c.claim})</td></tr>'
        )
    head = (
        '<tr><th scope="col">Subject</th><th scope="col">Relation</th><th scope="col">Polarity</th>'
        '<th scope="col">Object</th>'
        '<th scope="col">Condition</th><th scope="col">Claimed by</th><th scope="col">Article</th></tr>'
    )
    return _table("comparisons", head, body, "No comparative claims found.")


def _table(name: str, head: str, body: list[str], empty: str) -> str:
    if not body:
        return f'<p class="cx-none" id="{name}-none">{_e(empty)}</p>'
    return (
        f'<input type="search" class="cx-filter" data-table="{name}-table" placeholder="Filter rows" '
        f'aria-label="Filter the {name} table">'
        f'<table class="sortable" id="{name}-table"><thead>{head}</thead><tbody>{"".join(body)}</tbody></table>'
    )


def _legend() -> str:
    items = "".join(
        f'<li><span class="cx-{p}">{_e(p)}</span> {_e(PART_LABELS[p])}</li>' for p in PARTS
    )
    return (
        f'<ul class="cx-legend" aria-label="Legend">{items}'
        "<li>Hover over a highlight to see the claimant and the cue.</li></ul>"
    )


# The page's own style and script; both inline, so the file works offline and from email.
CSS = """
:root{--fg:#1d1d1f;--bg:#fff;--muted:#666;--line:#ddd;--content:#fff3b0;--claimant:#cfe8ff;--cue:#f6d0f0;--active:#f0a500}
@media (prefers-color-scheme:dark){:root{--fg:#e8e8e8;--bg:#161616;--muted:#aaa;--line:#444;--content:#5a4b00;--claimant:#123f66;--cue:#5a1f52;--active:#f0a500}}
body{font:16px/1.5 system-ui,-apple-system,"Segoe UI",sans-serif;color:var(--fg);background:var(--bg);max-width:72rem;margin:0 auto;padding:1rem}
h1{margin:.2rem 0}.cx-summary,.cx-meta,.cx-kind,.cx-flags,.cx-role{color:var(--muted)}
.cx-legend{list-style:none;padding:0;display:flex;flex-wrap:wrap;gap:.4rem 1.2rem}
.cx-content{background:var(--content);border-radius:2px}
.cx-claimant{background:var(--claimant);font-weight:600;border-radius:2px}
.cx-cue{background:var(--cue);font-style:italic;border-radius:2px}
.cx-text span[title]{cursor:help}
.cx-text [data-end]::after{content:attr(data-end);vertical-align:super;font-size:.65em;color:var(--muted);padding-left:1px}.cx-text .cx-active{outline:2px solid var(--active)}
.cx-text{white-space:pre-wrap;overflow-wrap:anywhere;border-left:3px solid var(--line);padding-left:1rem}
table{border-collapse:collapse;width:100%;margin:.5rem 0 1.5rem}
th,td{border-bottom:1px solid var(--line);padding:.3rem .5rem;text-align:left;vertical-align:top}
td.num{text-align:right;font-variant-numeric:tabular-nums}
th{cursor:pointer;user-select:none;white-space:nowrap}
th[aria-sort=ascending]::after{content:" \\25B2"}th[aria-sort=descending]::after{content:" \\25BC"}
.cx-filter{padding:.3rem;width:min(20rem,100%)}
.cx-article{border-top:1px solid var(--line);padding:.5rem 0}
summary{cursor:pointer}.cx-title{font-weight:600;font-size:1.1rem}
.cx-error{color:#b00020}.cx-comparison{margin-left:1rem}
.cx-claims li{margin:.3rem 0}
@media (max-width:40rem){body{padding:.5rem}th,td{padding:.2rem}}
"""

JS = """
(function () {
  "use strict";
  function value(row, col) {
    var cell = row.cells[col];
    var v = cell.getAttribute("data-sort");
    return v !== null ? v : cell.textContent.trim();
  }
  function sortTable(table, col, dir) {
    var heads = table.tHead.rows[0].cells;
    var numeric = heads[col].getAttribute("data-type") === "number";
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows).map(function (r, i) { return [r, i]; });
    rows.sort(function (a, b) {
      var x = value(a[0], col), y = value(b[0], col);
      var r = numeric ? parseFloat(x) - parseFloat(y)
                      : x.localeCompare(y, undefined, {sensitivity: "base", numeric: true});
      if (dir === "descending") r = -r;
      return r || a[1] - b[1];
    });
    rows.forEach(function (p) { body.appendChild(p[0]); });
    for (var i = 0; i < heads.length; i++) heads[i].removeAttribute("aria-sort");
    heads[col].setAttribute("aria-sort", dir);
  }
  document.querySelectorAll("table.sortable").forEach(function (table) {
    var heads = table.tHead.rows[0].cells;
    Array.prototype.forEach.call(heads, function (th, col) {
      th.tabIndex = 0;
      function toggle() {
        var numeric = th.getAttribute("data-type") === "number";
        var cur = th.getAttribute("aria-sort");
        var dir = cur ? (cur === "ascending" ? "descending" : "ascending") : (numeric ? "descending" : "ascending");
        sortTable(table, col, dir);
      }
      th.addEventListener("click", toggle);
      th.addEventListener("keydown", function (e) { if (e.key === "Enter" || e.key === " ") { e.preventDefault(); toggle(); } });
    });
  });
  document.querySelectorAll("input.cx-filter").forEach(function (input) {
    var table = document.getElementById(input.getAttribute("data-table"));
    input.addEventListener("input", function () {
      var q = input.value.toLowerCase();
      Array.prototype.forEach.call(table.tBodies[0].rows, function (r) {
        r.hidden = q !== "" && r.textContent.toLowerCase().indexOf(q) < 0;
      });
    });
  });
  // Hovering one stretch of a claim outlines every stretch of the same claim.
  document.querySelectorAll(".cx-text").forEach(function (box) {
    function mark(e, on) {
      var t = e.target.closest ? e.target.closest("[data-claims]") : null;
      if (!t) return;
      var ids = t.getAttribute("data-claims").split(" ");
      box.querySelectorAll("[data-claims]").forEach(function (s) {
        var mine = s.getAttribute("data-claims").split(" ");
        var hit = mine.some(function (x) { return ids.indexOf(x) >= 0; });
        if (hit) s.classList.toggle("cx-active", on);
      });
    }
    box.addEventListener("mouseover", function (e) { mark(e, true); });
    box.addEventListener("mouseout", function (e) { mark(e, false); });
  });
  // A link to a closed article opens it.
  function openTarget() {
    var id = location.hash.slice(1);
    var el = id && document.getElementById(id);
    if (el && el.classList.contains("cx-article")) el.querySelector("details").open = true;
  }
  window.addEventListener("hashchange", openTarget);
  openTarget();
  // #sort=<table id>:<column>:<ascending|descending> opens the page with a table sorted.
  var m = /^#sort=([\\w-]+):(\\d+):(ascending|descending)$/.exec(location.hash);
  if (m) {
    var t = document.getElementById(m[1]);
    if (t && t.tHead && +m[2] < t.tHead.rows[0].cells.length) sortTable(t, +m[2], m[3]);
  }
  document.documentElement.setAttribute("data-ready", "1");
})();
"""

# Articles beyond this many start collapsed, so a big report opens on its tables.
OPEN_ARTICLES = 20


def render_report(records: Iterable[DocumentRecord], *, title: str = "claimx report") -> str:
    """The whole report for `records` as one HTML string."""
    out = io.StringIO()
    write_report(records, out, title=title)
    return out.getvalue()


def write_report(
    records: Iterable[DocumentRecord], stream: TextIO, *, title: str = "claimx report"
) -> ReportStats:
    """Render `records` into `stream` as one self-contained HTML page; return what it counted.

    Articles are rendered as they arrive and only their HTML is kept, because the tables that
    open the page need every record before they can be written.
    """
    stats = ReportStats()
    articles: list[str] = []
    for n, record in enumerate(records, 1):
        stats.add(n, record)
        articles.append(render_article(n, record, open_=n <= OPEN_ARTICLES))
    summary = (
        f"{stats.articles} article{'s' if stats.articles != 1 else ''}, {stats.claims} claims, "
        f"{len(stats.claimants)} claimants, {len(stats.comparisons)} comparative claims"
        + (f", {stats.errors} inputs with errors" if stats.errors else "")
    )
    stream.write(
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        # Nothing may be fetched: no fonts, images, scripts or styles from elsewhere.
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
        "style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:\">"
        f'<meta name="generator" content="claimx {_e(__version__)}">'
        f"<title>{_e(title)}</title><style>{CSS}</style></head><body>"
        f'<header><h1>{_e(title)}</h1><p class="cx-summary">{_e(summary)}</p>'
        '<nav><a href="#claimants">Claimants</a> · <a href="#comparisons">Comparative claims</a> · '
        f'<a href="#articles">Articles</a></nav>{_legend()}</header>'
        f'<section id="claimants"><h2>Claimants</h2>{_claimants_table(stats)}</section>'
        f'<section id="comparisons"><h2>Comparative claims</h2>{_comparisons_table(stats)}</section>'
        f'<section id="articles"><h2>Articles</h2>'
    )
    stream.writelines(articles)
    stream.write(f"</section><script>{JS}</script></body></html>\n")
    return stats
