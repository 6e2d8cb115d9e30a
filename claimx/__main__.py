"""`python -m claimx` runs the CLI."""

from claimx.cli.main import main

main()
