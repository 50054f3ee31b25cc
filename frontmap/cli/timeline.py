"""``frontmap timeline``: one modelled zone per dated claim, on a map with a time slider."""

from __future__ import annotations

import click

from .options import TITLE, _keep_driver, emit, no_cache_option, read_input, translate_errors


@click.command(short_help="Map a claim file's dated claims as zones on a time slider.")
@click.argument("claim_file", metavar="FILE.toml|-")
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, allow_dash=True),
    help="File to write ('-' for stdout).  [default: <claim file's name>.html (timeline.html for stdin), "
    "or stdout for geojson]",
)
@click.option("--overwrite", is_flag=True, help="Replace an existing output file.")
@click.option(
    "--driver",
    expose_value=False,
    callback=_keep_driver,
    metavar="DRIVER",
    help="With --format geojson: the vector format to write whatever -o's extension (GPKG, FlatGeobuf, "
    "Parquet, 'ESRI Shapefile', CSV, KML, ...); nested properties become plain columns.  [default: from "
    "-o's extension]",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["html", "geojson"]),
    default=None,
    help="html: the map; geojson: the dated zones (or any vector format, from -o's extension or "
    "--driver).  [default: html, or geojson when -o names a vector format or --driver is given]",
)
@click.option(
    "--tiles",
    type=click.Choice(["none", "osm"]),
    default="none",
    show_default=True,
    help="none: no network at all; osm: add OpenStreetMap tiles.",
)
@click.option(
    "--title", type=TITLE, help="Title on the map, one line of at most 300 characters.  [default: the operation's name]"
)
@click.option(
    "--cumulative",
    is_flag=True,
    help="Fit each step to the evidence of every claim up to its date (numbers and named places from "
    "every claimant; a later word on a place supersedes an earlier one), not to its own claim alone.",
)
@click.option(
    "--independent",
    is_flag=True,
    help="Fit each claim on its own (its own best fit; steps may jump about between dates), not "
    "together with the steps beside it.",
)
@click.option(
    "--screenshot",
    "screenshot_path",
    type=click.Path(dir_okay=False),
    metavar="FILE.png",
    help="Also save a 1280×800 PNG of the page as Chromium shows it (needs chromium and playwright).",
)
@no_cache_option()
@click.pass_context
def timeline(ctx, claim_file, output, overwrite, fmt, tiles, title, cumulative, independent, screenshot_path):
    """Build one zone per dated claim of FILE.toml ('-' reads stdin; see the
    README for the schema) and put them on one self-contained map with a
    time slider: a claim giving depth and width is built directly (salient
    profile); any other is fitted to every number it gives (see frontmap
    fit; a range such as 28–35 km counts as an interval); a claim that
    names places gets a front fitted through them.  Claims sharing a date are separate
    steps labelled by claimant.  The fitted steps are fitted together: each
    stays as near the steps beside it (centre, width, depth) as its claimed
    numbers allow, and says what it moved from its own best fit
    (--independent fits each alone).  Each step's popup compares the claimed
    and modelled numbers, lists the settlements inside and those gained and
    lost since the step before (marked on the map too), with the claimant,
    date and source.

    --format geojson writes the dated zones as one FeatureCollection with
    date, claimed, modelled and the spec in each feature's properties.

    \b
    Example: frontmap timeline data/claims/kursk-2024.toml -o maps/kursk-2024-timeline.html
             frontmap timeline data/claims/kursk-2024.toml --format geojson > kursk-2024.geojson
    """
    from pathlib import Path

    from ..claims import load_claim_file
    from ..export import check_outputs, dump_json, write_outputs
    from ..timeline import build_steps, timeline_geojson, timeline_html
    from .options import InputError

    with translate_errors():
        if fmt is None:
            fmt = "geojson" if _vector_output(output, ctx.meta.get("frontmap.driver")) else "html"
        if output is None and fmt == "html":
            output = "timeline.html" if claim_file == "-" else f"{Path(claim_file).stem}.html"
        if screenshot_path is not None and (fmt != "html" or output == "-"):
            raise InputError("--screenshot needs the page in a file: give -o FILE.html")
        check_outputs([path for path in (output, screenshot_path) if path not in (None, "-")], overwrite)
        if screenshot_path is not None:
            from ..browser import check_browser

            check_browser()
        text = read_input(claim_file, "the claim file")
        claims = load_claim_file(claim_file, text=text)
        steps = build_steps(claims, cumulative=cumulative, together=not independent)
        if fmt == "geojson":
            text = dump_json(timeline_geojson(steps, claims), compact=True)
        else:
            text = timeline_html(steps, claims, tiles=tiles, title=title)
        if screenshot_path is not None:
            import os

            from ..browser import screenshot_html

            # The page goes in place only with its screenshot: a failure leaves neither.
            shot = screenshot_html(text, folder=os.path.dirname(output) or ".")
            write_outputs([(text, output), (shot, screenshot_path)], overwrite)
        else:
            emit(text, None if output == "-" else output, overwrite)
        if output not in (None, "-"):
            click.echo(
                f"wrote {output}: {len(steps)} dated claims" + (f" and {screenshot_path}" if screenshot_path else ""),
                err=True,
            )


def _vector_output(output: str | None, driver: str | None) -> bool:
    """Whether -o (or --driver) names a vector format rather than a page."""
    if driver is not None:
        return True
    if output in (None, "-") or output.lower().endswith((".html", ".htm")):
        return False
    from ..vector import output_format

    return output_format(output).driver != "GeoJSON" or output.lower().endswith((".geojson", ".json"))
