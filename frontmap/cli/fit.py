"""``frontmap fit``: the zone that best reproduces a claim's numbers."""

from __future__ import annotations

import contextlib
from dataclasses import replace

import click

from ..defaults import DEFAULT_ANCHOR, DEFAULT_SIDE, DEFAULT_WINDOW_KM, EVIDENCE_WINDOW_KM
from ..fit import MAX_AREA_KM2, MAX_SETTLEMENTS, MAX_TOLERANCE, MAX_WINDOW_KM, TOLERANCE_PARAMS
from ..resolve import blame_claim
from ..zone import MAX_DEPTH_KM, SIDES
from .options import (
    WIDTH_KM,
    DateText,
    InputError,
    Number,
    OneOf,
    PlaceText,
    anchors_option,
    claim_from_options,
    claim_options,
    emit,
    no_cache_option,
    note,
    output_options,
    place_options,
    translate_errors,
)


def _fraction(key: str) -> Number:
    return Number(float, 0, MAX_TOLERANCE[key], low_open=True)


@click.command(short_help="Fit a zone to claimed numbers (settlements, area, depth, width).")
@click.option(
    "--settlements",
    type=Number(int, 0, MAX_SETTLEMENTS, low_open=True),
    metavar="N",
    help=f"Claimed number of settlements inside, in [1, {MAX_SETTLEMENTS:,}].",
)
@click.option(
    "--area-km2",
    type=Number(float, 0, MAX_AREA_KM2, low_open=True, unit=" km²"),
    metavar="A",
    help=f"Claimed area, km², in (0, {MAX_AREA_KM2:,.0f}].",
)
@click.option(
    "--depth-km",
    type=Number(float, 0, MAX_DEPTH_KM, low_open=True, unit=" km"),
    metavar="D",
    help=f"Claimed (greatest) depth, km, in (0, {MAX_DEPTH_KM:g}].",
)
@click.option(
    "--width-km",
    type=WIDTH_KM,
    metavar="W",
    help="Claimed front width along the border, km, > 0 (the front must fit on the border line).",
)
@click.option(
    "--anchor",
    type=PlaceText(),
    multiple=True,
    default=(DEFAULT_ANCHOR,),
    show_default=True,
    callback=anchors_option,
    metavar="PLACE|LON,LAT",
    help="Where the front is (Russian or Ukrainian place names).  Repeat it for several axes: one front "
    "per anchor, sharing the claimed settlements and area.",
)
@click.option(
    "--window-km",
    type=Number(float, 0, MAX_WINDOW_KM, unit=" km"),
    default=DEFAULT_WINDOW_KM,
    show_default=True,
    help=f"The centre may move this far along the border from the anchor's border point, in [0, {MAX_WINDOW_KM:g}] km.",
)
@click.option(
    "--count",
    type=click.Choice(["all", "inhabited", "population"]),
    default="all",
    show_default=True,
    help="What the claimed settlements count: every register entry, inhabited ones (population > 0), or places of "
    "about 500 people or more ('population': what the Ukrainian layer maps; on the UKR side every count is of "
    "mapped places).",
)
@click.option(
    "--side",
    type=OneOf(SIDES, "side"),
    default=DEFAULT_SIDE,
    show_default=True,
    help="Country the zone lies in (any case).",
)
@click.option(
    "--settlements-tolerance",
    type=_fraction("settlements"),
    metavar="FRACTION",
    help=f"In (0, {MAX_TOLERANCE['settlements']:g}].  [default: 0.1, i.e. ±10%]",
)
@click.option(
    "--area-tolerance",
    type=_fraction("area_km2"),
    metavar="FRACTION",
    help=f"In (0, {MAX_TOLERANCE['area_km2']:g}].  [default: 0.1, i.e. ±10%]",
)
@click.option(
    "--depth-tolerance-km",
    type=Number(float, 0, MAX_TOLERANCE["depth_km"], low_open=True, unit=" km"),
    metavar="KM",
    help=f"In (0, {MAX_TOLERANCE['depth_km']:g}] km.  [default: the stated figure's rounding, 12 → ±0.5]",
)
@click.option(
    "--width-tolerance-km",
    type=Number(float, 0, MAX_TOLERANCE["width_km"], low_open=True, unit=" km"),
    metavar="KM",
    help=f"In (0, {MAX_TOLERANCE['width_km']:g}] km.  [default: the stated figure's rounding, 40 → ±5]",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json", "geojson"]),
    default="table",
    show_default=True,
    help="geojson: the fitted zone, with the claimed and modelled numbers in its properties.",
)
@claim_options
@no_cache_option()
@click.option(
    "--as-of",
    type=DateText(),
    metavar="YYYY-MM-DD",
    help="With --from-claims FILE: fit every claim dated up to this date, numbers and places from every "
    "claimant, in one fit (an older number is a floor; a later statement about a place supersedes an "
    "earlier one).",
)
@place_options
@output_options
@click.pass_context
def fit(
    ctx,
    fmt,
    output,
    overwrite,
    anchor,
    window_km,
    side,
    count,
    inside,
    contested,
    outside,
    contested_km,
    as_of,
    **params,
):
    """Find the zone (width, depth, profile, and the centre's place within
    ±--window-km of the anchor's border point) that best reproduces the
    claimed numbers, and say whether they can all hold.

    Each claimed number has a tolerance: ±10% for a settlement count or an
    area; for a depth or a width, the rounding of the stated figure (half a
    unit of its last significant digit).  The claims are consistent when
    every modelled number is within its tolerance; otherwise the notes say
    which and by how much.  Unclaimed depth or width are fitted freely.

    \b
    With named places (--inside/--contested/--outside, or a claim that names
    them) the zone is a free front curve fitted through the places and the
    numbers together (see the README, "Named places as evidence").

    \b
    Example: frontmap fit --settlements 28 --depth-km 12 --width-km 40
             frontmap fit --area-km2 1000 --anchor Sudzha --window-km 20 --format json
             frontmap fit --settlements 80 --inside Sudzha --contested Korenevo --outside Lgov
             frontmap fit --from-claims data/claims/kursk-2024-places.toml --as-of 2024-08-17
    """
    from ..export import check_output, dump_json
    from ..fit import Claims
    from ..fit import fit as run_fit

    with translate_errors():
        if output is not None:
            check_output(output, overwrite)
        tolerances = {
            key: params.pop(option)
            for key, option in (
                ("settlements", "settlements_tolerance"),
                ("area_km2", "area_tolerance"),
                ("depth_km", "depth_tolerance_km"),
                ("width_km", "width_tolerance_km"),
            )
            if params.get(option) is not None
        }
        for option in ("settlements_tolerance", "area_tolerance", "depth_tolerance_km", "width_tolerance_km"):
            params.pop(option, None)
        places = {"inside": inside, "contested": contested, "outside": outside}
        if as_of is not None:
            given = {
                k
                for k in ("anchor", "window_km", "side")
                if ctx.get_parameter_source(k) != click.core.ParameterSource.DEFAULT
            }
            return _fit_as_of(
                as_of,
                params,
                places,
                tolerances,
                count,
                {k: v for k, v in (("anchor", anchor), ("window_km", window_km), ("side", side)) if k in given},
                contested_km,
                fmt,
                output,
                overwrite,
            )
        claim, where = claim_from_options(params)
        flags = {k for k, v in params.items() if v is not None} | {TOLERANCE_PARAMS[k] for k in tolerances}
        flags |= {
            k
            for k in ("anchor", "window_km", "side")
            if ctx.get_parameter_source(k) != click.core.ParameterSource.DEFAULT
        }
        if claim is not None:
            # The claim's numbers, with the flags given overriding them.
            claim = replace(claim, **{k: v for k, v in params.items() if v is not None})
            from_claim = Claims.from_claim(claim)
            params = {k: getattr(from_claim, k) for k in params}
            tolerances = {**from_claim.tolerances, **tolerances}
            default = click.core.ParameterSource.DEFAULT
            if ctx.get_parameter_source("anchor") == default and claim.anchor:
                anchor = claim.anchor
            if ctx.get_parameter_source("window_km") == default and claim.window_km is not None:
                window_km = claim.window_km
            if ctx.get_parameter_source("side") == default:
                side = claim.side
        if any(places.values()) or (claim is not None and claim.places):
            evidence = _evidence([claim] if claim is not None else [], None, places)
            numbers = {k: v for k, v in params.items() if v is not None}
            claims = Claims(**numbers, count=count, tolerances=tolerances) if numbers else None
            return _fit_places(
                replace(evidence, numbers=claims), anchor, window_km, side, contested_km, fmt, output, overwrite
            )
        claims = Claims(**params, count=count, tolerances=tolerances)
        with blame_claim(claim, where, flags) if claim is not None else contextlib.nullcontext():
            result = run_fit(claims, anchor=anchor, window_km=window_km, side=side.upper())
        if claim is not None:
            note(f"fitted the claim of {claim.date or 'an undated text'} by {claim.claimant}: {claim.summary()}")
        provenance = {} if claim is None else {"claim": claim.to_properties()}
        if fmt == "json":
            text = dump_json({**result.to_json(), **provenance})
        elif fmt == "geojson":
            doc = fit_geojson(result)
            doc["features"][0]["properties"].update(provenance)
            text = dump_json(doc, compact=True)
        else:
            text = format_fit(result)
        emit(text, output, overwrite)


def _evidence(claims, as_of, places):
    """The evidence of ``claims`` up to ``as_of`` and of the place flags (the latest word)."""
    from ..evidence import gather
    from ..places import Place

    extra = [Place(q, status) for status, names in places.items() for q in names]
    return gather(claims, as_of, extra)


def _fit_as_of(as_of, params, places, tolerances, count, given, contested_km, fmt, output, overwrite):
    """``fit --from-claims FILE --as-of DATE``: every claim up to DATE, fused; flags override their numbers."""
    from ..fit import Claims
    from .options import _read_claim_list

    path = params.pop("from_claims", None)
    if path is None:
        raise InputError("--as-of fuses the claims of --from-claims FILE up to a date: give the file")
    if params.pop("claim_date", None) is not None or params.pop("claimant", None) is not None:
        raise InputError("--as-of uses every claim up to its date: drop --claim-date and --claimant")
    found, _ = _read_claim_list(path)
    claims = [c for c in found if c.numbers() or c.places]
    evidence = _evidence(claims, as_of, places)
    latest = evidence.claims[-1] if evidence.claims else None
    anchor = given.get("anchor", latest.anchor if latest is not None and latest.anchor else None)
    side = given.get("side", latest.side if latest is not None else DEFAULT_SIDE)
    window = given.get(
        "window_km", latest.window_km if latest is not None and latest.window_km is not None else EVIDENCE_WINDOW_KM
    )
    numbers = {k: v for k, v in params.items() if v is not None}
    if numbers or tolerances or count != "all":
        base = evidence.numbers if evidence.numbers is not None else Claims()
        merged = {**base.given(), **numbers}
        floors = base.floors - set(numbers)  # a number given as a flag is the user's own, not a floor
        evidence = replace(
            evidence,
            numbers=Claims(**merged, count=count, floors=floors, tolerances={**base.tolerances, **tolerances})
            if merged
            else None,
        )
    note(f"fused {len(evidence.claims)} claims dated up to {as_of}")
    return _fit_places(evidence, anchor, window, side, contested_km, fmt, output, overwrite)


def _fit_places(evidence, anchor, window_km, side, contested_km, fmt, output, overwrite):
    """``fit`` with named places: a front curve through the places and the numbers together."""
    from ..export import dump_json, zone_to_geojson
    from .options import _zone_from_evidence

    result = _zone_from_evidence(
        evidence, anchor, side.upper(), max(window_km, EVIDENCE_WINDOW_KM), "the places", contested_km=contested_km
    )
    if fmt == "json":
        text = dump_json(result.fit.to_json())
    elif fmt == "geojson":
        text = dump_json(zone_to_geojson(result.zone), compact=True)
    else:
        doc = result.fit.to_json()
        lines = [
            f"Front through {sum(1 for c in result.fit.places if c.used)} named places; "
            f"{'consistent' if doc['consistent'] else 'not all of it can hold'}",
            "",
        ]
        floors = evidence.numbers.floors if evidence.numbers is not None else frozenset()
        for key in ("settlements", "area_km2", "depth_km", "width_km"):
            claimed = doc["claimed"][key]
            claimed = "-" if claimed is None else f"{'≥ ' if key in floors else ''}{claimed}"
            lines.append(
                f"{key:<12} claimed {claimed:>10}"
                f"   modelled {doc['modelled'][key] if doc['modelled'][key] is not None else '-':>10}"
            )
        lines += [""] + [("met    " if c.met else "UNMET  ") + c.message for c in result.fit.places]
        from ..textsafe import terminal_text

        text = terminal_text("\n".join(lines) + "\n", keep_newlines=True)
    emit(text, output, overwrite)


def fit_geojson(result) -> dict:
    """The fitted zone as GeoJSON; its properties carry the fit's provenance."""
    from ..export import zone_to_geojson

    doc = zone_to_geojson(result.zone)
    fitted = result.to_json()
    props = doc["features"][0]["properties"]
    props["centre_shift_km"] = fitted["spec"]["centre_shift_km"]
    for key in ("claimed", "modelled", "residuals", "tolerances", "consistent", "count", "window_km"):
        props[key] = fitted[key]
    props["fit_notes"] = fitted["notes"]
    return doc


def format_fit(result) -> str:
    doc = result.to_json()
    spec = doc["spec"]
    head = (
        f"Best fit: {spec['profile']} zone, {spec['width_km']:g} km front, {spec['depth_km']:g} km deep, "
        f"centre {spec['centre_shift_km']:+g} km along the border from {doc['anchor']['label']}'s border point "
        f"(window ±{doc['window_km']:g} km)"
    )
    lines = [head, "", f"{'':<12} {'claimed':>10} {'modelled':>10} {'residual':>10} {'tolerance':>10}  within"]
    for key in ("settlements", "area_km2", "depth_km", "width_km"):
        claimed, modelled, res, tol = (doc[part][key] for part in ("claimed", "modelled", "residuals", "tolerances"))
        if claimed is None:
            lines.append(f"{key:<12} {'-':>10} {_num(modelled):>10}")
            continue
        within = "yes" if abs(res) <= tol + 1e-9 else "NO"
        lines.append(
            f"{key:<12} {_num(claimed):>10} {_num(modelled):>10} {res:>+10,.3g} "
            f"{'±' + format(tol, ',.3g'):>10}  {within}"
        )
    lines += ["", f"consistent: {'yes' if doc['consistent'] else 'no'}"]
    lines += [f"note: {note}" for note in doc["notes"]]
    return "\n".join(lines) + "\n"


def _num(value) -> str:
    if value is None:
        return "-"
    return f"{value:,}" if isinstance(value, int) else f"{value:,.3f}".rstrip("0").rstrip(".")
