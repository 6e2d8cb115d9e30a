"""The terminal view: a record's text with its claims highlighted, and tables of its claims.

Colour follows Rich's rules: none when stdout is not a terminal or `NO_COLOR` is set. Without
colour the highlights stay visible, as bold/underline on a terminal and as text markers when
there is no styling at all (a pipe, a file, `TERM=dumb`): `[[claimant]]`, `<<cue>>`,
`{{content}}`, with the claim number after each content. `claims_table` is also what
`claimx extract --format table` prints.

Every piece of input text goes through `claimx.outputs.neutral.for_terminal` first, so control
characters, escape sequences and bidi controls from an article are shown (`\\x1b`, `\\u202e`),
never obeyed by the terminal.
"""

from __future__ import annotations

from claimx.outputs.highlight import PARTS, claimant_label, comparison_note, marks, segments
from claimx.outputs.neutral import for_terminal
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

    text = record.text or ""
    found = marks(record, text)
    out = Text()
    ends: dict[int, list[int]] = {}
    for m in found:
        if m.part == "content":
            ends.setdefault(m.end, []).append(m.claim)
    for start, end, covering in segments(text, found):
        stretch = for_terminal(text[start:end], keep="\n\t")
        if markers:
            # Open the parts that start here and close the ones that end here, in layer order.
            # Claims sharing a claimant or cue share its span: bracket it once.
            unique = {(m.part, m.start, m.end): m for m in covering}.values()
            by_layer = sorted(unique, key=lambda m: PARTS.index(m.part))
            prefix = "".join(MARKERS[m.part][0] for m in by_layer if m.start == start)
            suffix = "".join(MARKERS[m.part][1] for m in reversed(by_layer) if m.end == end)
            out.append(prefix + stretch + suffix)
        else:
            style = " ".join(STYLES[p] for p in PARTS if any(m.part == p for m in covering))
            out.append(stretch, style=style or None)
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
        cell.append(for_terminal(who), style="bold")
        cell.append(f" [{claim.claimant.kind}]", style="dim")
        if claim.cue:
            cell.append(f" {for_terminal(claim.cue.text)}", style="italic")
        cell.append(f"\n{for_terminal(claim.content.text, keep=chr(10))}\n")
        notes = [claim.attribution] + (["hedged"] if claim.hedged else [])
        notes.extend(comparison_note(c) for c in claim.comparisons)
        cell.append(for_terminal(" · ".join(notes)), style="dim")
        grid.add_row(Text(f"{n}.", style="bold"), cell)
    return grid


def print_record(console, record: DocumentRecord, *, markers: bool | None = None) -> None:
    """Print a record: heading, highlighted text, legend, then a table (or list) of its claims.

    `markers=None` uses text markers exactly when the console has no styling at all.
    """
    from rich.rule import Rule
    from rich.text import Text

    if markers is None:
        # Rich renders no style at all without a colour system (not a terminal, TERM=dumb).
        markers = console.color_system is None
    doc = record.document
    heading = doc.title or doc.path or doc.id
    console.print(Rule(Text(for_terminal(heading))))
    console.print(legend(markers=markers))
    console.print()
    console.print(article_text(record, markers=markers), markup=False)
    console.print()
    if console.width < NARROW:
        console.print(claims_list(record), markup=False)
    else:
        console.print(claims_table(record))


def claims_table(record: DocumentRecord):
    """A Rich table of one record's claims: number, claimant, cue, content, attribution, notes.

    The number is the claim's position in `record.claims`, as `claimx show` marks it in the text.
    """
    from rich.table import Table
    from rich.text import Text

    doc = record.document
    title = doc.title or doc.path or doc.id
    table = Table(
        title=Text(for_terminal(f"{title} ({len(record.claims)} claims)")),
        show_lines=True,
        expand=True,
    )
    table.add_column("#", justify="right", no_wrap=True)
    table.add_column("Claimant", ratio=2)
    table.add_column("Cue", ratio=1)
    table.add_column("Content", ratio=6)
    table.add_column("Attribution", ratio=1, min_width=12)
    table.add_column("Notes", ratio=2)
    for n, claim in enumerate(record.claims, 1):
        who = claim.claimant
        name = who.name or (who.span.text if who.span else "?")
        if who.role:
            name += f" ({who.role})"
        notes = []
        if claim.hedged:
            notes.append("hedged")
        notes.extend(comparison_note(c) for c in claim.comparisons)
        if claim.duplicate_of:
            notes.append("repeats a body claim")
        # Article text goes in as Text, never as markup: "[" in a quote must not be parsed.
        table.add_row(
            str(n),
            Text.assemble(for_terminal(name), "\n", (who.kind, "dim")),
            Text(for_terminal(claim.cue.text) if claim.cue else ""),
            Text(for_terminal(claim.content.text, keep="\n")),
            claim.attribution,
            Text(for_terminal("\n".join(notes), keep="\n")),
        )
    if record.error:
        table.caption = Text(for_terminal(f"error: {record.error.type}: {record.error.message}"))
    return table
