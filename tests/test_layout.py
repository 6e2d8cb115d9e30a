"""The code's layout is what the README says it is, and no module outgrows one job."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "claimx"
README = ROOT / "README.md"
MAX_MODULE_LINES = 500


def _layout_rows() -> list[str]:
    text = README.read_text(encoding="utf-8")
    section = text.split("### How the code is laid out", 1)[1].split("\n#", 1)[0]
    return [line for line in section.splitlines() if line.startswith("| `claimx/")]


def test_readme_lists_every_folder_of_the_package_and_no_other():
    listed = {m for row in _layout_rows() for m in re.findall(r"`claimx/(\w+)/`", row)}
    folders = {p.name for p in PACKAGE.iterdir() if (p / "__init__.py").is_file()}
    assert listed == folders


def test_readme_names_the_top_level_modules():
    row = next(r for r in _layout_rows() if "schema.py" in r)
    named = {"schema.py", *re.findall(r"`(\w+\.py)`", row)}
    modules = {p.name for p in PACKAGE.glob("*.py")} - {"__init__.py", "__main__.py"}
    assert named == modules


def test_no_module_is_over_the_line_limit():
    sizes = {
        str(p.relative_to(ROOT)): len(p.read_text(encoding="utf-8").splitlines())
        for p in PACKAGE.rglob("*.py")
    }
    assert sizes, "found no modules"
    assert {name: n for name, n in sizes.items() if n > MAX_MODULE_LINES} == {}


def test_the_rule_files_ship_inside_the_package():
    data = PACKAGE / "rules" / "data"
    assert (data / "manifest.json").is_file() and not data.is_symlink()
    assert not (ROOT / "models").exists(), "the rule files moved to claimx/rules/data/"
