"""The claims database: claimants joined across articles, claim groups, reruns, search.

Built from hand-made records (tests/db_factory.py), so these tests check the database alone;
test_database_cli.py runs the commands, a real extraction, Datasette and a killed run.
"""

from __future__ import annotations

import json

import pytest
import sqlite_utils
from db_factory import quote_record

from claimx.database import ClaimsDatabase, Gazetteer, load_gazetteer
from claimx.database.gazetteer import GazetteerEntry
from claimx.database.groups import GroupItem, assign_groups, normalise_content
from claimx.database.joining import Mention, join_claimants
from claimx.database.search import fts_query, search, shared_groups, top_claimants
from claimx.database.tables import claim_comparisons
from claimx.errors import RuleFileError

QUOTE = "Our new accelerator will ship to customers in Shenzhen before the end of March"


def _keys(*mentions: Mention, gazetteer: Gazetteer | None = None) -> list[str]:
    keys, _ = join_claimants(list(mentions), gazetteer)
    return [keys.get(m.claim_id, "") for m in mentions]


def test_a_surname_after_the_full_name_in_the_same_outlet_is_the_same_person():
    full = Mention("a:1", "a", "Ledger", "Zhou Wei", "person")
    bare = Mention("b:1", "b", "Ledger", "Zhou", "person")
    assert _keys(bare, full) == ["person:zhou wei", "person:zhou wei"]


def test_a_surname_in_another_outlet_is_not_joined():
    full = Mention("a:1", "a", "Ledger", "Zhou Wei", "person")
    bare = Mention("b:1", "b", "Courier", "Zhou", "person")
    assert _keys(full, bare) == ["person:zhou wei", "person:zhou@b"]


def test_two_people_sharing_a_surname_stay_two_and_the_surname_needs_evidence():
    wei = Mention("a:1", "a", "Ledger", "Zhou Wei", "person", "chief scientist at Lumora")
    li = Mention("b:1", "b", "Ledger", "Zhou Li", "person", "an analyst at Redfern Capital")
    bare = Mention("c:1", "c", "Ledger", "Zhou", "person")
    with_role = Mention("d:1", "d", "Ledger", "Zhou", "person", "the Redfern analyst")
    assert _keys(wei, li, bare, with_role) == [
        "person:zhou wei",
        "person:zhou li",
        "person:zhou@c",
        "person:zhou li",
    ]


def test_titles_and_legal_endings_do_not_split_a_claimant():
    assert (
        _keys(
            Mention("a:1", "a", None, "Dr. Zhou Wei", "person"),
            Mention("b:1", "b", None, "Zhou Wei", "person"),
            Mention("c:1", "c", None, "Huawei Technologies Co., Ltd.", "organization"),
            Mention("d:1", "d", None, "Huawei", "organization"),
            Mention("e:1", "e", None, "Huawei", "unknown"),
        )
        == ["person:zhou wei"] * 2 + ["org:huawei"] * 3
    )


def test_the_gazetteer_pins_names_and_aliases_to_one_id():
    gazetteer = Gazetteer([GazetteerEntry("Q1", "Zhou Wei", ("Wei Zhou",), "person")])
    keys = _keys(
        Mention("a:1", "a", None, "Zhou Wei", "person"),
        Mention("b:1", "b", None, "Wei Zhou", "person"),
        Mention("c:1", "c", None, "Zhou Li", "person"),
        gazetteer=gazetteer,
    )
    assert keys == ["ref:Q1", "ref:Q1", "person:zhou li"]


def test_a_bad_gazetteer_line_names_file_and_line(tmp_path):
    path = tmp_path / "people.jsonl"
    path.write_text('{"id": "Q1", "name": "Zhou Wei"}\n{"id": "Q2"}\n', encoding="utf-8")
    with pytest.raises(RuleFileError, match=r"people\.jsonl:2: .*name"):
        load_gazetteer(path)


def test_the_gazetteer_pins_document_entities_in_records():
    from claimx.database.gazetteer import pin_referents
    from claimx.schema import Document, DocumentRecord, Referent, Span

    text = "Huawei Technologies said so."
    mention = Span(text="Huawei Technologies", start=0, end=19)
    record = DocumentRecord(
        document=Document(
            id="d",
            path=None,
            chars=len(text),
            entities=[
                Referent(
                    id="e1", name="Huawei Technologies", kind="organization", mentions=[mention]
                ),
                Referent(id="e2", name="Lumora", kind="organization", ref="Q9"),
            ],
        )
    )
    gazetteer = Gazetteer([GazetteerEntry("Q7", "Huawei"), GazetteerEntry("Q8", "Lumora")])
    refs = [r.ref for r in pin_referents(record, gazetteer).document.entities]
    assert refs == ["Q7", "Q9"]


def test_contents_are_compared_without_quotes_case_and_punctuation():
    assert normalise_content("\u201cWe are AHEAD,\u201d") == normalise_content('"we are ahead"')


def test_the_same_claim_by_the_same_claimant_is_one_group_and_others_are_not():
    near = QUOTE.replace("the end of March", "the end of march.")
    edited = QUOTE.replace("customers", "clients")
    groups = assign_groups(
        [
            GroupItem("a:1", "zhou", QUOTE),
            GroupItem("b:1", "zhou", near),
            GroupItem("c:1", "zhou", edited),
            GroupItem("d:1", "li", QUOTE),
            GroupItem("e:1", "zhou", "Sales doubled in 2025 in Europe"),
            GroupItem("f:1", "zhou", "Sales tripled in 2025 in Europe"),
            GroupItem("i:1", "zhou", QUOTE.replace("March", "March 2026")),
            GroupItem("g:1", "zhou", "the bill"),
            GroupItem("h:1", "zhou", "the bill"),
        ]
    )
    assert groups["a:1"] == groups["b:1"] == groups["c:1"]
    distinct = {groups[k] for k in ("a:1", "d:1", "e:1", "f:1", "g:1", "h:1", "i:1")}
    assert len(distinct) == 7  # a claim with another number is another claim


def test_comparisons_are_read_from_todays_single_comparison_and_tomorrows_list():
    span = {"text": "x", "start": 0, "end": 1}
    one = {"comparison": {"subject": span, "relation": "beat", "object": span, "condition": None}}
    many = {"comparisons": [{"subject": span, "relation": "beat", "object": span, "polarity": "+"}]}
    assert claim_comparisons(one)[0]["relation"] == "beat"
    assert claim_comparisons(many)[0]["polarity"] == "+"
    assert claim_comparisons({"comparison": None}) == []


def _two_articles() -> list[dict]:
    return [
        quote_record(
            "a",
            [("Zhou Wei", "person", "chief scientist at Lumora", QUOTE)],
            entities=("Shenzhen",),
        ),
        quote_record(
            "b",
            [
                ("Zhou", "person", None, QUOTE + "."),
                ("Huawei", "organization", None, "Huawei sales in Europe grew by 12 percent"),
            ],
            published="2026-03-03",
        ),
    ]


def _build(path, records, **kwargs) -> sqlite_utils.Database:
    with ClaimsDatabase(path, **kwargs) as database:
        for record in records:
            database.add(record)
    return sqlite_utils.Database(path)


def _counts(db: sqlite_utils.Database) -> dict[str, int]:
    tables = ("documents", "claims", "claimants", "claim_groups", "entities", "claims_fts")
    return {t: db[t].count for t in tables}


def test_two_articles_naming_one_person_differently_give_one_claimant_and_one_group(tmp_path):
    db = _build(tmp_path / "claims.db", _two_articles())
    people = list(db.query("SELECT name, claims, documents FROM claimants WHERE kind='person'"))
    assert people == [{"name": "Zhou Wei", "claims": 2, "documents": 2}]
    shared = shared_groups(db)
    assert len(shared) == 1
    assert (shared[0]["claimant_name"], shared[0]["documents"]) == ("Zhou Wei", 2)
    assert json.loads(shared[0]["publications"]) == ["Harbour Ledger"]
    assert list(db.query("PRAGMA foreign_key_check")) == []


def test_different_people_sharing_a_surname_stay_two_rows(tmp_path):
    records = [
        quote_record("a", [("Zhou Wei", "person", None, QUOTE)]),
        quote_record("b", [("Zhou Li", "person", None, QUOTE)]),
    ]
    db = _build(tmp_path / "claims.db", records)
    names = [r["name"] for r in db.query("SELECT name FROM claimants ORDER BY name")]
    assert names == ["Zhou Li", "Zhou Wei"]
    assert shared_groups(db) == []


def test_a_rerun_adds_nothing_and_new_inputs_are_added(tmp_path):
    path = tmp_path / "claims.db"
    records = _two_articles()
    first = _counts(_build(path, records))
    ids = [r["id"] for r in sqlite_utils.Database(path).query("SELECT id FROM claim_groups")]
    assert _counts(_build(path, records)) == first
    again = [r["id"] for r in sqlite_utils.Database(path).query("SELECT id FROM claim_groups")]
    assert sorted(again) == sorted(ids)
    db = _build(path, [quote_record("c", [("Li Na", "person", None, "Prices will fall")])])
    grown = _counts(db)
    assert (grown["documents"], grown["claims"]) == (first["documents"] + 1, first["claims"] + 1)


def test_the_document_entity_of_a_claimant_is_evidence(tmp_path):
    # Issue 14's per-document entities: a claimant printed "Zhou" whose entity is "Zhou Wei".
    bare = quote_record("b", [("Zhou", "person", None, "Prices will fall this year")])
    bare["document"]["entities"] = [
        {"id": "e1", "name": "Zhou Wei", "kind": "person", "mentions": [], "roles": ["CEO"]}
    ]
    bare["claims"][0]["claimant"]["entity"] = "e1"
    other = quote_record("c", [("Zhou Wei", "person", None, QUOTE)], publication="Courier")
    db = _build(tmp_path / "claims.db", [bare, other])
    assert [(r["name"], r["documents"]) for r in top_claimants(db)] == [("Zhou Wei", 2)]


def test_a_replaced_document_loses_its_old_claims(tmp_path):
    path = tmp_path / "claims.db"
    _build(path, _two_articles())
    db = _build(path, [quote_record("b", [("Zhou", "person", None, "Prices will fall")])])
    contents = [r["content"] for r in db.query("SELECT content FROM claims WHERE document_id='b'")]
    assert contents == ["Prices will fall"]
    assert db["claims_fts"].count == db["claims"].count
    assert [r["name"] for r in top_claimants(db, kind="organization")] == []


def test_search_finds_content_entities_and_joined_claimants(tmp_path):
    db = _build(tmp_path / "claims.db", _two_articles())
    assert {r["claim_id"] for r in search(db, "accelerator Shenzhen")} == {"a:1", "b:1"}
    assert [r["claim_id"] for r in search(db, "Huawei's")] == []  # quoted, no syntax error
    assert {r["claim_id"] for r in search(db, claimant="Zhou Wei")} == {"a:1", "b:1"}
    assert {r["claim_id"] for r in search(db, claimant="Dr. Zhou Wei")} == {"a:1", "b:1"}
    assert {r["claim_id"] for r in search(db, claimant="zhou")} == {"a:1", "b:1"}  # contains
    assert search(db, claimant="Nobody") == []
    assert [r["claim_id"] for r in search(db, "sales", kind="organization")] == ["b:2"]
    assert [r["claim_id"] for r in search(db, since="2026-03-03", kind="person")] == ["b:1"]
    assert search(db, "accelerator")[0]["claimant"] == "Zhou Wei"
    assert fts_query('say "hi"') == '"say" """hi"""'
    assert search(db, 'OR "accelerator') == []  # a stray quote or operator is a word


def test_the_gazetteer_puts_ids_on_claimants_and_entities(tmp_path):
    gazetteer = Gazetteer(
        [GazetteerEntry("Q1", "Zhou Wei"), GazetteerEntry("Q15", "Shenzhen", ("Shenzhen City",))]
    )
    db = _build(tmp_path / "claims.db", _two_articles(), gazetteer=gazetteer)
    assert [r["ref"] for r in db.query("SELECT ref FROM claimants WHERE name='Zhou Wei'")] == ["Q1"]
    assert {r["ref"] for r in db.query("SELECT ref FROM entities WHERE text='Shenzhen'")} == {"Q15"}
    # Kept in the database: a later run without --entities pins the same way.
    db = _build(tmp_path / "claims.db", [quote_record("c", [("Zhou Wei", "person", None, "x")])])
    assert (
        db["claimants"].count
        == db.execute(
            "SELECT count(DISTINCT claimant_id) FROM claims WHERE claimant_id IS NOT NULL"
        ).fetchone()[0]
    )
    assert {r["ref"] for r in db.query("SELECT ref FROM claimants WHERE name='Zhou Wei'")} == {"Q1"}
