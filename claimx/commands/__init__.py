"""CLI commands, one module each; importing this package registers them on `claimx.cli.app`."""

from claimx.commands import extract  # noqa: F401
