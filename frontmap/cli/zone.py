"""``frontmap zone``: the zone polygon as GeoJSON."""

from __future__ import annotations

import click

from .options import emit, output_options, resolve_options, translate_errors, zone_options


@click.command(short_help="Build a zone and print it as GeoJSON.")
@zone_options(with_file=False)
@output_options
def zone(output, overwrite, **params):
    """Build the zone the flags describe and write it as an RFC 7946 GeoJSON
    FeatureCollection (lon/lat, 6 decimals, counter-clockwise shells, bbox).

    The feature's properties carry the spec, the area in km², the depth the
    zone reached and the data's attribution.

    \b
    Example: frontmap zone --anchor Sudzha --width-km 40 --depth-km 12 -o kursk.geojson
    """
    from ..export import check_output, dump_json, zone_to_geojson

    with translate_errors():
        if output is not None:
            check_output(output, overwrite)
        zone = resolve_options(params).zone
        emit(dump_json(zone_to_geojson(zone), compact=True), output, overwrite)
