"""``frontmap affected``: the settlements inside a zone."""

from __future__ import annotations

import click

from .options import emit, output_options, translate_errors, zone_from_options, zone_options

FORMATS = ("table", "csv", "json", "geojson")


@click.command(short_help="List the settlements inside a zone.")
@zone_options
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True)
@output_options
def affected(fmt, output, overwrite, **params):
    """List the settlements inside the zone with their type, district,
    population and distances from the border and from the zone's edge, and
    the totals: count (every register entry), inhabited (population > 0),
    population, and per district.

    \b
    Example: frontmap affected --format json
             frontmap affected --zone drawn.geojson --format csv -o inside.csv
    """
    from ..estimate import COLUMNS, affected as find_affected, require_settlement_layer
    from ..export import check_output, dump_json, rows_to_csv, settlements_to_geojson

    with translate_errors():
        if output is not None:
            check_output(output, overwrite)
        if params.get("zone_file") is None:
            require_settlement_layer((params.get("side") or "RUS").upper())
        result = find_affected(zone_from_options(params))
        for note in result.notes:
            click.echo(f"note: {note}", err=True)
        if fmt == "json":
            text = dump_json(result.to_json())
        elif fmt == "csv":
            text = rows_to_csv(result.settlements, COLUMNS)
        elif fmt == "geojson":
            summary = {k: v for k, v in result.to_json().items() if k != "settlements"}
            text = dump_json(settlements_to_geojson(result.settlements, summary), compact=True)
        else:
            text = format_table(result)
        emit(text, output, overwrite)


def format_table(result) -> str:
    """A plain-text report: the zone, the totals, per district, then each settlement."""
    zone = result.zone
    if zone.spec is not None:
        spec = zone.spec
        title = (f"{zone.anchor.label}: {spec.width_km:g} km front, {spec.depth_km:g} km deep, "
                 f"{spec.profile}, {spec.side} side")
    else:
        props = zone.properties
        title = str(props.get("name") or props.get("title") or "zone from file")
        if "anchor" in props and "width_km" in props and "depth_km" in props:
            title += (f" ({props['anchor']}: {props['width_km']:g} km front, {props['depth_km']:g} km deep, "
                      f"{props.get('profile', '?')}, {props.get('side', '?')} side)")
    lines = [
        f"{title}; {zone.area_km2:,.1f} km²",
        f"{result.count} settlements inside ({result.inhabited} inhabited), population {result.population:,}",
        "",
    ]
    for district, d in result.by_district.items():
        lines.append(f"  {district}: {d['count']} ({d['inhabited']} inhabited), population {d['population']:,}")
    lines.append("")
    header = f"{'id':>7}  {'name':<24} {'latin':<24} {'type':<5} {'district':<24} {'pop.':>7} {'border km':>9} {'edge km':>8}"
    lines.append(header)
    for s in result.settlements:
        lines.append(
            f"{s['id']:>7}  {s['name'][:24]:<24} {s['name_latin'][:24]:<24} {s['type']:<5} {s['district'][:24]:<24} "
            f"{s['population']:>7,} {s['distance_to_border_km']:>9.2f} {s['distance_to_edge_km']:>8.2f}"
        )
    return "\n".join(lines) + "\n"
