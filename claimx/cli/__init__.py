"""The `claimx` command line: one module per command, thin wrappers over the library.

`claimx.cli.app` holds the Typer app and the options every command shares; `claimx.cli.main`
registers the commands and is the console script.
"""
