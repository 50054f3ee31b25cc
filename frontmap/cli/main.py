"""The ``frontmap`` group: logging flags, lazy commands, one-line errors.

Commands are imported only when invoked, so ``frontmap contains`` does not
pay for geopandas or folium.  Every error is printed as one ``Error:`` line
(an ambiguous or unknown place adds its candidates below it) with exit code
2 for bad input and 1 for a failure; no traceback.
"""

from __future__ import annotations

import importlib
import logging
import sys

import click

#: Command name → module under frontmap.cli holding a click command of that
#: name (with a trailing underscore where the name is a builtin's).
COMMANDS = {
    "zone": "zone",
    "affected": "affected",
    "contains": "contains",
    "compare": "compare",
    "fit": "fit",
    "map": "map",
    "timeline": "timeline",
    "data": "data",
    "claims": "claims",
}


class FrontmapGroup(click.Group):
    """A group that loads its commands lazily and prints errors on one line."""

    def list_commands(self, ctx):
        return sorted(COMMANDS)

    def get_command(self, ctx, name):
        if name not in COMMANDS:
            return None
        module = importlib.import_module(f"frontmap.cli.{COMMANDS[name]}")
        return getattr(module, name, None) or getattr(module, f"{name}_")

    def main(self, args=None, prog_name=None, complete_var=None, standalone_mode=True, **extra):
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        try:
            rv = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        except click.UsageError as exc:
            click.echo(f"Error: {exc.format_message()}", err=True)
            sys.exit(exc.exit_code)
        except click.ClickException as exc:
            exc.show()
            sys.exit(exc.exit_code)
        except click.Abort:
            click.echo("Aborted!", err=True)
            sys.exit(1)
        except BrokenPipeError:
            sys.exit(1)
        sys.exit(rv if isinstance(rv, int) else 0)


@click.group(cls=FrontmapGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("-v", "--verbose", count=True, help="More log messages on stderr (-vv for debug).")
@click.option("-q", "--quiet", count=True, help="Fewer log messages on stderr (errors only).")
@click.version_option(package_name="frontmap")
def cli(verbose: int, quiet: int) -> None:
    """Turn front-line claims into zones, settlement lists, GeoJSON and maps.

    A zone is given by an anchor place, a front width along the border and a
    depth (defaults: the Kursk governor's claim of 12 August 2024, 12 km deep
    along a 40 km front at Sudzha), or by --zone FILE with any polygon.
    Data goes to stdout, messages to stderr.
    """
    level = logging.WARNING + 10 * (quiet - verbose)
    logging.basicConfig(
        level=max(logging.DEBUG, min(level, logging.CRITICAL)),
        format="frontmap: %(levelname)s: %(message)s",
        stream=sys.stderr,
        force=True,
    )
