"""``frontmap map``: a self-contained interactive map of a zone."""

from __future__ import annotations

import os
import re

import click

from .options import (
    TITLE,
    InputError,
    ensemble_options,
    ensemble_request,
    note,
    resolve_options,
    translate_errors,
    zone_options,
)


def default_name(zone, zone_file: str | None) -> str:
    """``<slug of the spec>.html``; a zone file without a spec gives its own name."""
    if zone.recorded_spec is not None:
        return f"{zone.recorded_spec.slug}.html"
    if zone_file and zone_file != "-":
        stem = re.sub(r"[^A-Za-z0-9_-]+", "-", os.path.splitext(os.path.basename(zone_file))[0]).strip("-")
        return f"{stem or 'zone'}-map.html"
    return "zone-map.html"


@click.command("map", short_help="Draw a zone on a self-contained interactive map (HTML).")
@zone_options
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, allow_dash=True),
    help="HTML file to write ('-' for stdout).  [default: <spec slug>.html in the current directory]",
)
@click.option("--overwrite", is_flag=True, help="Replace existing output files.")
@click.option(
    "--tiles",
    type=click.Choice(["none", "osm"]),
    default="none",
    show_default=True,
    help="none: vector basemap only, the page makes no network request; osm: add OpenStreetMap tiles (online).",
)
@click.option("--title", type=TITLE, help="Title shown on the map and in the browser tab.  [default: the spec]")
@click.option(
    "--screenshot",
    "screenshot_path",
    type=click.Path(dir_okay=False),
    metavar="FILE.png",
    help="Also save a 1280×800 PNG of the map as Chromium shows it (needs chromium and playwright).",
)
@click.option(
    "--reference",
    "reference_path",
    type=click.Path(dir_okay=False),
    metavar="FILE",
    help="A reference zone (any file `compare` reads) drawn with the model: agreement, each side's surplus, "
    "and the compare figures in its popup.",
)
@click.option("--reference-layer", help="The layer of --reference to read (files with several).")
@click.option("--reference-where", help="An SQL filter on --reference's features (as compare's --where).")
@ensemble_options
def map_(output, overwrite, tiles, title, screenshot_path, reference_path, reference_layer, reference_where, **params):
    """Write the zone as one HTML page that opens in any browser, offline:
    the zone (popup: spec, area, settlement counts, the claim it models), the
    border, Russia and Ukraine as a light vector basemap, the settlements
    inside (tooltips with Latin and Cyrillic names, type, district,
    population, distance from the border) and nearby, the anchor and the
    front, and depth guides every 5 km.  With --ensemble N the settlements
    are shaded by the probability that they are inside (see frontmap
    affected --ensemble) and the zones inside at least 50% and 90% of the
    sampled zones are drawn.  Layers toggle in the layer control;
    the page has a legend, a scale bar, a measure tool (km, km²), fullscreen
    and a settlement search (Latin or Cyrillic).

    Every script and stylesheet is inlined, so with --tiles none (the default)
    the page makes no request at all.  OpenStreetMap's tile servers may refuse
    tiles to a page opened from a file (no Referer): serve it over HTTP if
    --tiles osm shows no tiles.

    \b
    Example: frontmap map -o maps/kursk-2024-08-12.html --screenshot maps/kursk-2024-08-12.png
             frontmap zone --depth-km 15 | frontmap map --zone - -o deeper.html
    """
    from ..export import check_outputs, write_outputs

    with translate_errors():
        to_stdout = output == "-"
        if screenshot_path is not None and to_stdout:
            raise InputError("--screenshot needs an HTML file: give -o FILE.html rather than -o -")
        # Every output is checked before any work, and again, with the
        # default name, once the zone gives it.
        files = [path for path in (None if to_stdout else output, screenshot_path) if path is not None]
        check_outputs(files, overwrite)
        if screenshot_path is not None:
            from ..browser import check_browser

            check_browser()
        reference = None
        if reference_path is not None:
            from .compare import read_vector_zone

            reference = read_vector_zone(reference_path, reference_layer, reference_where, flags="reference_")
        request = ensemble_request(params)
        resolution = resolve_options(params)
        ensemble = resolution.sample_ensemble(*request) if request is not None else None
        zone = resolution.zone
        if output is None:
            source = params.get("zone_file")
            output = default_name(zone, source.path if source is not None else None)
            check_outputs([output, *files], overwrite)
        from ..render import map_html, settlements_for_map

        result = settlements_for_map(zone)
        for text in result.notes if result is not None else ():
            note(text)
        page = map_html(zone, result=result, tiles=tiles, title=title, ensemble=ensemble, reference=reference)
        if to_stdout:
            click.echo(page, nl=False)
            return
        outputs = [(page, output)]
        if screenshot_path is not None:
            from ..browser import screenshot_html

            # The page goes in place only with its screenshot: a failure leaves neither.
            outputs.append((screenshot_html(page, folder=os.path.dirname(output) or "."), screenshot_path))
        write_outputs(outputs, overwrite)
        size = len(page.encode("utf-8"))
        click.echo(
            f"wrote {output} ({size / 1e6:.2f} MB)" + (f" and {screenshot_path}" if screenshot_path else ""), err=True
        )
