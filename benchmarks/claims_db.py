"""A claims database against the JSON Lines of the same run: rows, size, query times, grouping.

    claimx extract ../shared/corpus/wikinews --glob '*.txt' --jobs 2 -o claims.jsonl
    claimx extract ../shared/corpus/wikinews --glob '*.txt' --jobs 2 -o claims.db
    python benchmarks/claims_db.py claims.db --jsonl claims.jsonl

Reports: documents and claims in the database against the records in the JSON Lines (they
must be equal), the file sizes, the median of 20 runs of a full-text search and of a claimant
query (`claimx.database.search`), and the time the claimants and groups take to rebuild
(`claimx.database.derive`, on a copy). Figures, not assertions.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import tempfile
import time
from pathlib import Path

import sqlite_utils

from claimx.database.derive import derive
from claimx.database.search import search, shared_groups, top_claimants


def _median_ms(fn, repeat: int) -> tuple[float, int]:
    times, n = [], 0
    for _ in range(repeat):
        start = time.perf_counter()
        n = len(fn())
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), n


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("db")
    parser.add_argument("--jsonl", help="the JSON Lines output of the same inputs")
    parser.add_argument("--query", default="police")
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()

    db = sqlite_utils.Database(args.db)
    docs, claims = db["documents"].count, db["claims"].count
    print(
        f"database: {docs} documents, {claims} claims, {db['claimants'].count} claimants, "
        f"{db['claim_groups'].count} groups ({len(shared_groups(db, limit=None))} in 2+ articles)"
    )
    print(f"size: {Path(args.db).stat().st_size / 1e6:.1f} MB")
    if args.jsonl:
        n_docs = n_claims = 0
        with open(args.jsonl, encoding="utf-8") as handle:
            for line in handle:
                n_docs += 1
                n_claims += len(json.loads(line)["claims"])
        print(
            f"jsonl: {n_docs} documents, {n_claims} claims "
            f"({Path(args.jsonl).stat().st_size / 1e6:.1f} MB); "
            f"equal: {(n_docs, n_claims) == (docs, claims)}"
        )
    top = top_claimants(db, limit=1, kind="person")
    name = top[0]["name"] if top else ""
    for label, fn in (
        (f"search {args.query!r} (limit 50)", lambda: search(db, args.query)),
        (f"search {args.query!r} (all rows)", lambda: search(db, args.query, limit=None)),
        (f"claims of {name!r}", lambda: search(db, claimant=name, limit=None)),
        ("top 20 claimants", lambda: top_claimants(db)),
    ):
        ms, n = _median_ms(fn, args.repeat)
        print(f"{label}: median {ms:.1f} ms of {args.repeat} ({n} rows)")
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "copy.db"
        shutil.copy(args.db, copy)
        start, cpu = time.perf_counter(), time.process_time()
        summary = derive(sqlite_utils.Database(copy))
        print(
            f"derive (claimants + groups): {time.perf_counter() - start:.1f} s wall, "
            f"{time.process_time() - cpu:.1f} s CPU; {summary}"
        )


if __name__ == "__main__":
    main()
