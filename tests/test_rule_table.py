"""The rule table names every rule a claim can carry, once, with its family and precedence."""

from __future__ import annotations

import ast
import json
from importlib import resources
from pathlib import Path

from claimx.rules import table

SAMPLES = Path(__file__).resolve().parents[1] / "samples"
RULE_NAME_CHARS = set("abcdefghijklmnopqrstuvwxyz-")


def _rule_literals() -> set[str]:
    """Rule names written in the rules' code: `rule="x"` keywords and a complement's name."""
    found: set[str] = set()
    for path in Path(str(resources.files("claimx.rules"))).glob("*.py"):
        if path.name == "table.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.keyword) and node.arg == "rule":
                value = node.value
                if isinstance(value, ast.Constant) and isinstance(value.value, str):
                    found.add(value.value)
            # `return char_range(...), "verb-ccomp", None, None`: a complement names its rule.
            if (
                isinstance(node, ast.Tuple)
                and len(node.elts) == 4
                and isinstance(node.elts[0], ast.Call)
            ):
                name = node.elts[1]
                if isinstance(name, ast.Constant) and isinstance(name.value, str):
                    found.add(name.value)
    return {name for name in found if set(name) <= RULE_NAME_CHARS}


def test_each_rule_is_listed_once():
    names = [row.rule for row in table.TABLE]
    assert len(names) == len(set(names))
    assert set(table.PRECEDENCE) == set(names)


def test_every_rule_the_code_names_is_in_the_table():
    literals = _rule_literals()
    assert {"verb-ccomp", "quote-after", "noun-that"} <= literals  # the scan finds them
    assert literals - set(table.PRECEDENCE) == set()


def test_every_rule_in_the_golden_samples_is_in_the_table():
    seen = {
        claim["rule"]
        for path in SAMPLES.glob("*.expected.json")
        for claim in json.loads(path.read_text(encoding="utf-8"))["claims"]
    }
    assert seen and seen <= set(table.PRECEDENCE)


def test_families_run_in_table_order_with_the_quote_family_last():
    assert table.FAMILIES[0] is table.TABLE[0].find
    assert table.FAMILIES[-1] is table.QUOTE_FAMILY
    assert len(set(table.FAMILIES)) == len(table.FAMILIES) == 6
