"""``frontmap compare``: a zone against a reference map."""

from __future__ import annotations

import click

from .options import InputError, note, translate_errors


@click.command(short_help="Compare a zone with a reference polygon: IoU, areas, depths, settlements.")
@click.argument("zone_path", metavar="ZONE")
@click.argument("reference_path", metavar="REFERENCE")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON object instead of a table.")
@click.option("--layer", help="The layer of REFERENCE to read (a GeoPackage table, a KML folder).  [default: all]")
@click.option("--where", help="Only REFERENCE's features this OGR SQL condition keeps, e.g. \"Name = 'Occupied'\".")
@click.option("--zone-layer", help="The layer of ZONE to read.  [default: all]")
@click.option("--zone-where", help="Only ZONE's features this OGR SQL condition keeps.")
def compare(zone_path, reference_path, as_json, layer, where, zone_layer, zone_where):
    """Compare ZONE (the model, A) with REFERENCE (a map you trust, B), two
    files holding polygons ('-' reads one of them, GeoJSON, from stdin):
    GeoJSON, GeoJSONSeq, GeoPackage, Shapefile, FlatGeobuf, GeoParquet, KML
    or KMZ, by extension, in any CRS.  Every layer is read unless --layer
    names one; --where keeps the features an OGR SQL condition keeps
    (DeepStateMap's KMZ mixes occupied, liberated and unknown areas).

    Reports each one's geodesic area and greatest distance from the border
    line, the intersection over union (IoU) and the area in only one of
    them, and the settlements inside each: precision = |A∩B|/|A|,
    recall = |A∩B|/|B| and their harmonic mean F1.  A ratio over an empty
    set is n/a (null in JSON), with a note saying why.  frontmap has
    settlement data for Bryansk, Kursk, Belgorod, Voronezh and Rostov
    oblasts of Russia and mapped places of Ukraine: a zone with no part
    there has an unknown count (n/a, null), never 0, and so has every ratio
    that needs it.  Depths are good to about a metre.

    \b
    Example: frontmap compare kursk.geojson reference.geojson --json
             frontmap compare kursk.geojson deepstatemap.kmz --where "Name LIKE '%occupied%'"
    """
    if zone_path == "-" and reference_path == "-":
        raise InputError("ZONE and REFERENCE cannot both be '-': stdin can hold only one of them")
    with translate_errors():
        from ..compare import compare_zones

        zone = read_vector_zone(zone_path, zone_layer, zone_where, flags="zone_")
        result = compare_zones(zone, read_vector_zone(reference_path, layer, where))
    from ..textsafe import terminal_text

    for text in result.notes:
        note(text)
    if as_json:
        from ..export import dump_json

        click.echo(dump_json({"zone": zone_path, "reference": reference_path, **result.to_json()}), nl=False)
    else:
        # File names are the user's text: shown inert on a terminal.
        click.echo(terminal_text(format_table(result, zone_path, reference_path), keep_newlines=True), nl=False)


def read_vector_zone(path: str, layer: str | None = None, where: str | None = None, flags: str = ""):
    """The zone in ``path`` of any vector format (see :func:`frontmap.vector.read_zone`); GeoJSON and
    stdin without a filter as ``--zone`` reads them.  ``flags`` prefixes the parameter an
    error names (``zone_`` for --zone-layer and --zone-where).
    """
    from ..errors import InvalidSpecError
    from ..transliterate import quote_text
    from ..vector import is_geojson_path, read_zone, read_zone_bytes
    from .options import read_input, read_zone_file

    if is_geojson_path(path) and layer is None and where is None:
        return read_zone_file(path)
    try:
        if path == "-":
            data = read_input(path, "the zone").encode("utf-8")
            return read_zone_bytes(data, "the zone on stdin", layer=layer, where=where)

        return read_zone(path, layer=layer, where=where, name=f"zone file {quote_text(path)}")
    except InvalidSpecError as exc:
        exc.param = flags + exc.param if exc.param else exc.param
        raise


def _ratio(value) -> str:
    return "n/a" if value is None else f"{value:.3f}"


def _count(value) -> str:
    return "n/a" if value is None else str(value)


def format_table(result, zone_path: str, reference_path: str) -> str:
    """A plain-text report: the two side by side, the overlap, then the settlements in only one."""
    a = "stdin" if zone_path == "-" else zone_path
    b = "stdin" if reference_path == "-" else reference_path
    rows = [
        ("area, km²", f"{result.area_a_km2:,.1f}", f"{result.area_b_km2:,.1f}"),
        ("not in the other, km²", f"{result.only_a_km2:,.1f}", f"{result.only_b_km2:,.1f}"),
        ("greatest depth, km", f"{result.max_depth_a_km:.2f}", f"{result.max_depth_b_km:.2f}"),
        ("settlements inside", _count(result.settlements_a), _count(result.settlements_b)),
    ]
    lines = [f"A (zone):      {a}", f"B (reference): {b}", "", f"{'':<20} {'A':>10} {'B':>10}"]
    lines += [f"{label:<20} {va:>10} {vb:>10}" for label, va, vb in rows]
    lines += [
        "",
        f"overlap {result.intersection_km2:,.1f} km², IoU {result.iou:.3f}",
        f"settlements in both {_count(result.settlements_both)}: precision {_ratio(result.precision)}, "
        f"recall {_ratio(result.recall)}, F1 {_ratio(result.f1)}",
    ]
    for label, only in (("only in A", result.only_a), ("only in B", result.only_b)):
        if only:
            lines += ["", f"{label} ({len(only)}):"]
            lines += [
                f"  {s['name_latin']} ({s['name']}), {s['type']}, {s['district']}, "
                f"pop. {s['population']:,}, id {s['id']}"
                for s in sorted(only, key=lambda s: (s["name_latin"], s["id"]))
            ]
    return "\n".join(lines) + "\n"
