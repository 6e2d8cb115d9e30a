"""`claimx eval`: score claimx against human-annotated attributions (PolNeAR-format gold).

The scoring lives in `claimx.evaluation.scoring`; this module reads files, runs the extractor when no
predictions are given, and prints the report: Rich tables for people, or with `--json` one
JSON object and nothing else on stdout.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Annotated

import typer

from claimx.cli.app import app, fail
from claimx.cli.options import FrameOption, JobsOption, ModelOption, RulesOption
from claimx.errors import ClaimxError, ExitCode


@app.command("eval")
def eval_command(
    gold: Annotated[
        Path,
        typer.Argument(
            help="Gold annotations: one PolNeAR-format article a line (see the README).",
            show_default=False,
        ),
    ],
    pred: Annotated[
        Path | None,
        typer.Option(
            "--pred",
            "-p",
            help="Score these claimx records (JSONL) instead of running the extractor.",
        ),
    ] = None,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print one JSON object on stdout instead of tables.")
    ] = False,
    show_errors: Annotated[
        int,
        typer.Option(
            "--show-errors", min=0, help="List the N worst misses and N surest false positives."
        ),
    ] = 0,
    cues: Annotated[
        int, typer.Option("--cues", min=0, help="Show recall for the N most frequent gold cues.")
    ] = 15,
    model: ModelOption = None,
    rules: RulesOption = None,
    jobs: JobsOption = 1,
    top_level: Annotated[
        bool,
        typer.Option(
            "--top-level",
            help="Leave out claims reported inside another claim's content, for gold where a word belongs to at most one attribution (PolNeAR).",
        ),
    ] = False,
    frame: FrameOption = None,
) -> None:
    """Measure claimx against gold attributions: loose/strict P, R, F1, source and cue accuracy."""
    from claimx.engines.frames import parse_frames
    from claimx.evaluation.frames import gold_in_frames
    from claimx.evaluation.gold import read_gold
    from claimx.evaluation.predictions import match_records, read_predictions
    from claimx.evaluation.scoring import score
    from claimx.rules.loader import load_rules

    started = time.perf_counter()
    try:
        articles = read_gold(gold)
        if pred is not None:
            records = match_records(articles, read_predictions(pred))
        else:
            records = list(_run_extractor(articles, model=model, rules=rules, jobs=jobs))
        frames = parse_frames(frame)
        # The gold is kept to the same frames, read off its cues with the lexicon in use.
        scored, other_frames = gold_in_frames(articles, frames, load_rules(rules))
    except ClaimxError as exc:
        raise fail(str(exc), exc.exit_code) from None

    report = score(scored, records, top_level=top_level, frames=frames)
    report.other_frame_gold = other_frames
    report.seconds = time.perf_counter() - started

    if as_json:
        sys.stdout.write(
            json.dumps(report.as_dict(cues=cues, errors=show_errors), ensure_ascii=False)
        )
        sys.stdout.write("\n")
    else:
        _print_tables(report, cues=cues, errors=show_errors)

    if report.missing_predictions:
        typer.echo(
            f"Warning: no prediction record for {len(report.missing_predictions)} gold article(s), "
            f"scored as finding nothing (first: {report.missing_predictions[0]})",
            err=True,
        )
    typer.echo(
        f"{report.articles} articles, {report.loose.gold} gold attributions "
        f"({report.skipped_gold} without content skipped), {report.loose.pred} predictions "
        f"({report.excluded_pred} {'publication-voice, repeated or nested' if top_level else 'publication-voice or repeated'} claims left out), "
        f"{report.seconds:.1f}s",
        err=True,
    )
    if report.failed_articles:
        typer.echo(
            f"Error: {len(report.failed_articles)} article(s) could not be processed (first: {report.failed_articles[0]})",
            err=True,
        )
        raise typer.Exit(int(ExitCode.INPUT_FAILED))


def _run_extractor(articles, *, model: str | None, rules: str | None, jobs: int):
    """Yield one record per gold article, in order, from a fresh extractor."""
    from claimx.cli.progress import RunProgress
    from claimx.engines.extractor import Extractor
    from claimx.evaluation.gold import extractor_item

    extractor = Extractor(model, rules_dir=rules)
    records = extractor.pipe((extractor_item(a) for a in articles), n_process=jobs)
    with RunProgress(total=len(articles), label="scoring", report_errors=False) as progress:
        yield from progress.track(records)


def _pct(value: float | None) -> str:
    return "–" if value is None else f"{100 * value:.1f}"


def _print_tables(report, *, cues: int, errors: int) -> None:
    """The report as Rich tables on stdout."""
    from rich.console import Console
    from rich.table import Table

    from claimx.evaluation.scoring import type_order

    console = Console(file=sys.stdout)

    scope = ", top-level claims only" if report.top_level else ""
    summary = Table(title=f"claimx vs gold: {report.articles} articles (micro-averaged, %{scope})")
    for name in ("match", "P", "R", "F1", "matched", "predicted", "gold"):
        summary.add_column(name, justify="left" if name == "match" else "right")
    for name, prf in (
        ("loose (>30% of gold)", report.loose),
        ("strict (Jaccard ≥ 0.8)", report.strict),
    ):
        summary.add_row(
            name, _pct(prf.p), _pct(prf.r), _pct(prf.f1), str(prf.tp), str(prf.pred), str(prf.gold)
        )
    summary.caption = (
        f"source accuracy {_pct(report.source.value)} ({report.source.correct}/{report.source.total}), "
        f"cue accuracy {_pct(report.cue.value)} ({report.cue.correct}/{report.cue.total}) "
        "over loose matches"
    )
    console.print(summary)

    types = Table(title="By type (gold type_heuristic; unmatched predictions by their attribution)")
    for name in ("type", "P", "R", "F1", "matched", "predicted", "gold"):
        types.add_column(name, justify="left" if name == "type" else "right")
    for kind, prf in type_order(report.by_type):
        types.add_row(
            kind, _pct(prf.p), _pct(prf.r), _pct(prf.f1), str(prf.tp), str(prf.pred), str(prf.gold)
        )
    console.print(types)

    if cues:
        by_cue = Table(title=f"Recall by gold cue (top {cues})")
        for name in ("cue", "R", "matched", "gold"):
            by_cue.add_column(name, justify="left" if name == "cue" else "right")
        for cue, prf in report.top_cues(cues):
            by_cue.add_row(cue, _pct(prf.r), str(prf.tp), str(prf.gold))
        console.print(by_cue)

    if errors:
        shown = report.worst_misses(errors)
        misses = Table(
            title=f"Worst misses (gold not found): {len(shown)} of {len(report.misses)}",
            show_lines=True,
            expand=True,
        )
        _error_columns(misses, "source", "overlap")
        for miss in shown:
            misses.add_row(
                miss.article,
                miss.gold.type,
                miss.gold.source_text or "",
                miss.gold.cue_text or "",
                _snippet(miss.gold.content_text),
                f"{miss.best_overlap:.2f}",
            )
        console.print(misses)
        surest = report.worst_false_positives(errors)
        fps = Table(
            title=f"Surest false positives (predicted, unmatched): {len(surest)} of {len(report.false_positives)}",
            show_lines=True,
            expand=True,
        )
        _error_columns(fps, "claimant", "conf.")
        for fp in surest:
            fps.add_row(
                fp.article,
                fp.pred.type,
                fp.pred.claimant_text or "",
                fp.pred.cue_text or "",
                _snippet(fp.pred.content_text),
                f"{fp.pred.confidence:.2f}",
            )
        console.print(fps)


def _error_columns(table, who: str, score: str) -> None:
    # Short fields stay on one line so the content column gets the width left over.
    table.add_column("article", max_width=24, overflow="fold")
    table.add_column("type", no_wrap=True)
    table.add_column(who, ratio=1, overflow="fold")
    table.add_column("cue", ratio=1, overflow="fold")
    table.add_column("content", ratio=4)
    table.add_column(score, no_wrap=True, justify="right")


def _snippet(text: str, limit: int = 200) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
