"""`python -m claimx` runs the CLI."""

from claimx.cli import main

main()
