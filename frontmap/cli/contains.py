"""``frontmap contains``: is a place inside the zone?"""

from __future__ import annotations

import click

from .options import argument_text, resolve_options, translate_errors, zone_options


@click.command(short_help="Say whether places are inside a zone (exit 0 all inside, 1 any outside).")
@click.argument("places", nargs=-1, required=True, metavar="PLACE...")
@zone_options
@click.option("--json", "as_json", is_flag=True, help="Print a JSON list instead of lines.")
@click.pass_context
def contains(ctx, places, as_json, **params):
    """Say for each PLACE (a settlement name in Latin or Cyrillic, or
    lon,lat) whether it lies inside the zone, and how far it is from the
    zone's edge.

    Like grep, the exit code is 0 when every place is inside, 1 when any is
    outside, and 2 on bad input or failure.  A --zone file with no part in
    the area frontmap has settlement data for (Bryansk, Kursk, Belgorod,
    Voronezh and Rostov oblasts of Russia, and Ukraine's mapped places) is
    bad input: it is most likely misplaced (lat/lon swapped?).  So is a
    lon,lat far from the border that would lie near it the other way round.  Pick one of several namesakes
    with 'NAME, DISTRICT', 'NAME (TYPE)' or 'id:N'.

    \b
    Example: frontmap contains Sudzha "Bolshoye Soldatskoye" 35.27,51.19
    """
    with translate_errors():
        from ..estimate import check_places

        zone = resolve_options(params).zone
        answers = check_places(zone, [argument_text(p) for p in places])
    if as_json:
        from ..export import dump_json

        click.echo(dump_json([a.to_json() for a in answers]), nl=False)
    else:
        from ..textsafe import terminal_text

        for a in answers:
            what = f"{a.name} ({a.name_latin}), {a.district}" if a.id is not None else f"{a.lon:.5f},{a.lat:.5f}"
            where = "inside " if a.inside else "outside"
            click.echo(terminal_text(f"{where}  {what}: {a.distance_to_edge_km:.2f} km from the zone's edge"))
    ctx.exit(0 if all(a.inside for a in answers) else 1)
