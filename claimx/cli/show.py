"""`claimx show`: one article in the terminal, claims highlighted, then who claims what.

Colour follows Rich's rules: none when stdout is not a terminal or `NO_COLOR` is set. Without
colour the highlights stay visible, as bold/underline on a terminal and as text markers when
there is no styling at all (a pipe, a file, `TERM=dumb`): `[[claimant]]`, `<<cue>>`,
`{{content}}`, with the claim number after each content.
"""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from claimx.cli.app import app, fail
from claimx.errors import ClaimxError, ExitCode
from claimx.schema import DocumentRecord

# Underline/bold/italic carry the meaning where colour is off (NO_COLOR still allows them).
STYLES = {"content": "underline yellow", "claimant": "bold cyan", "cue": "bold italic magenta"}
MARKERS = {"content": ("{{", "}}"), "claimant": ("[[", "]]"), "cue": ("<<", ">>")}
# Below this width the claims table's columns get too thin to read; claims are listed instead.
NARROW = 80


def article_text(record: DocumentRecord, *, markers: bool = False):
    """The record's text as a Rich `Text`, claim parts styled (or bracketed, with `markers`).

    Each content is followed by its claim number, `[n]`, matching the `#` column of the table.
    """
    from rich.text import Text

    from claimx.outputs.html_report import PARTS, marks, segments

    text = record.text or ""
    found = marks(record, text)
    out = Text()
    ends = {}
    for m in found:
        if m.part == "content":
            ends.setdefault(m.end, []).append(m.claim)
    for start, end, covering in segments(text, found):
        chunk = text[start:end]
        if markers:
            # Open the parts that start here and close the ones that end here, in layer order.
            # Claims sharing a claimant or cue share its span: bracket it once.
            unique = {(m.part, m.start, m.end): m for m in covering}.values()
            by_layer = sorted(unique, key=lambda m: PARTS.index(m.part))
            prefix = "".join(MARKERS[m.part][0] for m in by_layer if m.start == start)
            suffix = "".join(MARKERS[m.part][1] for m in reversed(by_layer) if m.end == end)
            out.append(prefix + chunk + suffix)
        else:
            style = " ".join(STYLES[p] for p in PARTS if any(m.part == p for m in covering))
            out.append(chunk, style=style or None)
        if end in ends:
            out.append("[" + ",".join(map(str, sorted(ends[end]))) + "]", style="dim")
    return out


def legend(*, markers: bool = False):
    """One line saying what each highlight means."""
    from rich.text import Text

    words = {"claimant": "claimant", "cue": "cue", "content": "content [claim number]"}
    out = Text()
    out.append("Legend: ", style="dim")
    for n, part in enumerate(("claimant", "cue", "content")):
        if n:
            out.append("  ")
        if markers:
            left, right = MARKERS[part]
            out.append(f"{left}{words[part]}{right}")
        else:
            out.append(words[part], style=STYLES[part])
    return out


def claims_list(record: DocumentRecord):
    """The claims one under another, for terminals too narrow for the table."""
    from rich.table import Table
    from rich.text import Text

    from claimx.outputs.html_report import claimant_label

    if not record.claims:
        return Text("No claims found.", style="dim")
    # A grid keeps wrapped lines indented under their claim instead of at the margin.
    grid = Table.grid(padding=(0, 1, 1, 0))
    grid.add_column(justify="right", no_wrap=True)
    grid.add_column()
    for n, claim in enumerate(record.claims, 1):
        who = claimant_label(claim)
        if claim.claimant.role:
            who += f" ({claim.claimant.role})"
        cell = Text()
        cell.append(who, style="bold")
        cell.append(f" [{claim.claimant.kind}]", style="dim")
        if claim.cue:
            cell.append(f" {claim.cue.text}", style="italic")
        cell.append(f"\n{claim.content.text}\n")
        notes = [claim.attribution] + (["hedged"] if claim.hedged else [])
        if claim.comparison:
            c = claim.comparison
            notes.append(f"{c.subject.text} → {c.relation} → {c.object.text}")
        cell.append(" · ".join(notes), style="dim")
        grid.add_row(Text(f"{n}.", style="bold"), cell)
    return grid


def print_record(console, record: DocumentRecord, *, markers: bool | None = None) -> None:
    """Print a record: heading, highlighted text, legend, then a table (or list) of its claims.

    `markers=None` uses text markers exactly when the console has no styling at all.
    """
    from rich.rule import Rule
    from rich.text import Text

    from claimx.outputs.writers import claims_table

    if markers is None:
        # Rich renders no style at all without a colour system (not a terminal, TERM=dumb).
        markers = console.color_system is None
    doc = record.document
    heading = doc.title or doc.path or doc.id
    console.print(Rule(Text(heading)))
    console.print(legend(markers=markers))
    console.print()
    console.print(article_text(record, markers=markers), markup=False)
    console.print()
    if console.width < NARROW:
        console.print(claims_list(record), markup=False)
    else:
        console.print(claims_table(record))


@app.command()
def show(
    article: Annotated[
        str,
        typer.Argument(help="Article file to show, or - for standard input.", show_default=False),
    ],
    model: Annotated[
        Optional[str],
        typer.Option(
            "--model",
            "-m",
            envvar="CLAIMX_MODEL",
            help="spaCy pipeline to use (package name or path).",
        ),
    ] = None,
    rules: Annotated[
        Optional[str],
        typer.Option(
            "--rules", help="Directory of rule files to use instead of the shipped models/."
        ),
    ] = None,
    publication: Annotated[
        Optional[str],
        typer.Option("--publication", help="Publication name for publication-voice claims."),
    ] = None,
    title: Annotated[
        Optional[str],
        typer.Option("--title", help="Headline, when the text's first line is not one."),
    ] = None,
    unattributed: Annotated[
        bool,
        typer.Option(
            "--unattributed/--no-unattributed",
            help="Include claims the publication itself asserts.",
        ),
    ] = True,
    markers: Annotated[
        Optional[bool],
        typer.Option(
            "--markers/--no-markers",
            help="Bracket claimants [[ ]], cues << >> and contents {{ }} in the text; default: only when output has no styling (a pipe, TERM=dumb).",
            show_default=False,
        ),
    ] = None,
    width: Annotated[
        Optional[int],
        typer.Option(
            "--width", min=20, help="Width in columns; default: the terminal's (or $COLUMNS)."
        ),
    ] = None,
) -> None:
    """Show an article in the terminal with claimants, cues and contents highlighted, then who claims what."""
    from rich.console import Console

    from claimx.engines.extractor import Extractor
    from claimx.inputs.readers import iter_articles

    art = next(iter_articles([article]), None)
    if art is None or art.error is not None:
        raise fail(art.error.message if art and art.error else f"{article}: nothing to read")
    art.publication = art.publication or publication
    art.title = art.title or title
    try:
        extractor = Extractor(model, rules_dir=rules, unattributed=unattributed, include_text=True)
    except ClaimxError as exc:
        raise fail(str(exc), exc.exit_code) from None
    record = next(extractor.pipe([art]))
    if record.error is not None:
        raise fail(record.error.message, ExitCode.INPUT_FAILED)
    console = Console(width=width, highlight=False, soft_wrap=False)
    print_record(console, record, markers=markers)
