"""Claims databases: records into SQLite across articles, claimants joined, claims grouped.

`ClaimsDatabase` writes (`claimx extract -o claims.db`, `claimx db import`); `derive` rebuilds
the claimants and claim groups; `search` and `top_claimants` answer `claimx search` and
`claimx claimants`; `metadata` makes the file Datasette reads.
"""

from claimx.database.gazetteer import Gazetteer, load_gazetteer
from claimx.database.writer import ClaimsDatabase, DatabaseTarget, is_database_path, open_database

__all__ = [
    "ClaimsDatabase",
    "DatabaseTarget",
    "Gazetteer",
    "is_database_path",
    "load_gazetteer",
    "open_database",
]
