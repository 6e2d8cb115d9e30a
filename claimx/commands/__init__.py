"""CLI commands, one module each; importing this package registers them on `claimx.cli.app`."""

from claimx.commands import extract  # noqa: F401
from claimx.commands import report as _report  # noqa: F401
from claimx.commands import show as _show  # noqa: F401
from claimx.commands import eval as _eval  # noqa: F401
