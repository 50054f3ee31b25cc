"""``frontmap affected``: the settlements inside a zone."""

from __future__ import annotations

import click

from ..defaults import DEFAULT_SIDE
from .options import (
    emit,
    ensemble_options,
    ensemble_request,
    note,
    output_options,
    resolve_options,
    translate_errors,
    zone_options,
)

FORMATS = ("table", "csv", "json", "geojson")


@click.command(short_help="List the settlements inside a zone.")
@zone_options
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True)
@ensemble_options
@output_options
def affected(fmt, output, overwrite, **params):
    """List the settlements inside the zone with their type, district,
    population and distances from the border and from the zone's edge, and
    the totals: count (every register entry), inhabited (population > 0),
    population, and per district.

    frontmap has settlement data for Bryansk, Kursk, Belgorod, Voronezh and
    Rostov oblasts of Russia: the concave hull of their settlements and border, 5 km
    wider, less Ukraine.  A zone with no part there is refused (its count
    is unknown, not 0); a zone partly there is counted there, and a note
    (and 'coverage' in JSON and GeoJSON) gives the covered share.  A zone
    file reaching beyond the region frontmap has any data for is clipped to
    it, with a note.  On the Ukrainian side (--side UKR, or the part of a
    zone file in Ukraine) it lists Ukraine's mapped places (about 500 people
    or more) and counts the settlements without coordinates in their
    hromadas.

    With --ensemble N, sample N zones around the spec instead (depth, width,
    centre and profile drawn uniformly within the spreads) and list every
    settlement inside at least one of them with the probability that it is
    inside, and the mean and 5th–95th percentiles of the counts.

    \b
    Example: frontmap affected --format json
             frontmap affected --zone drawn.geojson --format csv -o inside.csv
             frontmap affected --ensemble 1000 --seed 7 --format json
    """
    from ..estimate import COLUMNS, require_ensemble_coverage, require_settlement_layer
    from ..estimate import affected as find_affected
    from ..export import check_output, dump_json, rows_to_csv, settlements_to_geojson
    from ..textsafe import terminal_text

    with translate_errors():
        if output is not None:
            check_output(output, overwrite)
        request = ensemble_request(params)
        if request is not None:
            result = resolve_options(params).sample_ensemble(*request)
            require_ensemble_coverage(result)
            for text in result.notes:
                note(text)
            emit(_ensemble_text(result, fmt), output, overwrite)
            return
        if params.get("zone_file") is None:
            require_settlement_layer(params.get("side") or DEFAULT_SIDE, mapped_ok=True)
        result = find_affected(resolve_options(params).zone)
        for text in result.notes:
            note(text)
        if fmt == "json":
            text = dump_json(result.to_json())
        elif fmt == "csv":
            text = rows_to_csv(result.settlements, COLUMNS)
        elif fmt == "geojson":
            summary = {k: v for k, v in result.to_json().items() if k != "settlements"}
            text = dump_json(settlements_to_geojson(result.settlements, summary), compact=True)
        else:
            text = terminal_text(format_table(result), keep_newlines=True)
        emit(text, output, overwrite)


def format_table(result) -> str:
    """A plain-text report: the zone, the totals, per district, then each settlement."""
    zone = result.zone
    if zone.spec is not None:
        spec = zone.spec
        title = (
            f"{zone.anchor.label}: {spec.width_km:g} km front, {spec.depth_km:g} km deep, "
            f"{spec.profile}, {spec.side} side"
        )
    else:
        # A zone file's own text: terminal_text (in affected) makes it inert.
        props = zone.properties
        title = str(props.get("name") or props.get("title") or "zone from file")
        if "anchor" in props and "width_km" in props and "depth_km" in props:
            # zone_from_geojson has checked these three as a spec.
            title += (
                f" ({props['anchor']}: {props['width_km']:g} km front, {props['depth_km']:g} km deep, "
                f"{props.get('profile', '?')}, {props.get('side', '?')} side)"
            )
    lines = [
        f"{title}; {zone.area_km2:,.1f} km²",
        f"{result.count} settlements inside ({result.inhabited} inhabited), population {result.population:,}",
        "",
    ]
    for district, d in result.by_district.items():
        lines.append(f"  {district}: {d['count']} ({d['inhabited']} inhabited), population {d['population']:,}")
    lines.append("")
    header = (
        f"{'id':>7}  {'name':<24} {'latin':<24} {'type':<5} {'district':<24} "
        f"{'pop.':>7} {'border km':>9} {'edge km':>8}"
    )
    lines.append(header)
    for s in result.settlements:
        lines.append(
            f"{s['id']:>7}  {s['name'][:24]:<24} {s['name_latin'][:24]:<24} {s['type']:<5} {s['district'][:24]:<24} "
            f"{s['population']:>7,} {s['distance_to_border_km']:>9.2f} {s['distance_to_edge_km']:>8.2f}"
        )
    return "\n".join(lines) + "\n"


def _ensemble_text(result, fmt) -> str:
    from ..estimate import COLUMNS
    from ..export import dump_json, rows_to_csv, settlements_to_geojson
    from ..textsafe import terminal_text

    spec = result.spec
    doc = result.to_json()
    if fmt == "json":
        return dump_json(doc)
    if fmt == "csv":
        columns = (
            [c for c in COLUMNS if c in result.settlements[0]] + ["probability"] if result.settlements else COLUMNS
        )
        return rows_to_csv(result.settlements, columns)
    if fmt == "geojson":
        return dump_json(
            settlements_to_geojson(result.settlements, {k: v for k, v in doc.items() if k != "settlements"}),
            compact=True,
        )
    e = doc["ensemble"]
    if spec is not None:
        lines = [  # the anchor is typed text: terminal_text makes it inert
            f"{len(result.members)} zones around {spec.anchor}: {spec.width_km:g}±{e['width_spread_km']:g} km front, "
            f"{spec.depth_km:g}±{e['depth_spread_km']:g} km deep, centre ±{e['shift_km']:g} km, "
            f"{'/'.join(e['profiles'])}; seed {e['seed']}",
        ]
    else:
        lines = [
            f"{len(result.members)} zones around the front fitted through the named places: its width "
            f"±{e['width_spread_km']:g} km, its depth ±{e['depth_spread_km']:g} km, moved ±{e['shift_km']:g} km "
            f"along the border; seed {e['seed']}"
        ]
    for name in ("count", "inhabited", "population"):
        lines.append(
            f"{name:<11} mean {doc[name + '_mean']:>10,.1f}   "
            f"5–95%: {doc[name + '_p05']:,.0f}–{doc[name + '_p95']:,.0f}"
        )
    lines += ["", f"{'id':>7}  {'name':<24} {'latin':<24} {'district':<24} {'pop.':>7} {'border km':>9} {'prob.':>6}"]
    for r in result.settlements:
        lines.append(
            f"{r['id']:>7}  {r['name'][:24]:<24} {r['name_latin'][:24]:<24} {r['district'][:24]:<24} "
            f"{r['population']:>7,} {r['distance_to_border_km']:>9.2f} {r['probability']:>6.3f}"
        )
    return terminal_text("\n".join(lines) + "\n", keep_newlines=True)
