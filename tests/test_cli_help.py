"""Every command and option is documented, in `--help` and in the README."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from claimx.cli.main import app

README = Path(__file__).resolve().parents[1] / "README.md"


def _group():
    # Typer vendors its own Click, so duck-type the group rather than importing click.
    group = typer.main.get_command(app)
    assert hasattr(group, "commands"), "claimx.cli.app should be a group of commands"
    return group


def _commands() -> dict:
    return dict(_group().commands)


COMMANDS = sorted(_commands())


def test_the_app_has_commands():
    assert {"extract", "show", "report", "schema"} <= set(COMMANDS)


@pytest.mark.parametrize("name", COMMANDS)
def test_command_and_every_parameter_have_help(name):
    command = _commands()[name]
    assert (command.help or "").strip(), f"claimx {name} has no help text"
    for param in command.params:
        if param.name == "help":
            continue
        assert (getattr(param, "help", None) or "").strip(), (
            f"claimx {name}: {param.human_readable_name} has no help"
        )


def test_root_options_have_help():
    for param in _group().params:
        if param.name != "help":
            assert (getattr(param, "help", None) or "").strip(), param.name


@pytest.mark.parametrize("name", COMMANDS)
def test_help_runs(name):
    result = CliRunner().invoke(app, [name, "--help"])
    assert result.exit_code == 0, result.output
    first = (_commands()[name].help or "").strip().splitlines()[0]
    assert first[:30] in " ".join(result.stdout.split())


def test_top_level_help_lists_every_command():
    result = CliRunner().invoke(app, ["--help"])
    assert result.exit_code == 0
    for name in COMMANDS:
        assert re.search(rf"\b{re.escape(name)}\b", result.stdout), name


@pytest.mark.parametrize("name", COMMANDS)
def test_command_is_in_the_readme(name):
    assert README.exists(), "README.md is missing"
    text = README.read_text(encoding="utf-8")
    assert re.search(rf"claimx {re.escape(name)}\b", text), (
        f"README.md does not mention `claimx {name}`"
    )
