"""Options shared by frontmap's commands, and the error translation.

Used by: ``zone`` (zone flags, output), ``affected`` (zone flags or
``--zone``, output), ``contains`` (zone flags or ``--zone``), and later
``map``.  Each shared option is defined once here.
"""

from __future__ import annotations

import contextlib
import sys

import click

from ..errors import (
    AmbiguousPlaceError,
    ClaimFileError,
    DataError,
    FrontmapError,
    InvalidCoordinatesError,
    InvalidSpecError,
    OutputError,
    UnknownPlaceError,
    ZoneFileError,
)


class InputError(click.ClickException):
    """Bad input: printed as ``Error: ...`` with exit code 2."""

    exit_code = 2


_ZONE_FLAGS = ("anchor", "width_km", "depth_km", "profile", "side")


def zone_options(func=None, *, with_file: bool = True):
    """The zone flags (--anchor, --width-km, --depth-km, --profile, --side) and, unless
    ``with_file=False``, --zone FILE."""
    if func is None:
        return lambda f: zone_options(f, with_file=with_file)
    from ..zone import DEFAULT_SPEC, PROFILES, SIDES

    options = [
        click.option(
            "--anchor",
            metavar="PLACE|LON,LAT",
            help=f"Settlement (Latin or Cyrillic; 'NAME, DISTRICT', 'NAME (TYPE)' or 'id:N' to pick one "
            f"of several) or lon,lat; its nearest border point is the zone's centre.  [default: {DEFAULT_SPEC.anchor}]",
        ),
        click.option(
            "--width-km",
            type=float,
            help=f"Front width measured along the border line, km.  [default: {DEFAULT_SPEC.width_km:g}]",
        ),
        click.option(
            "--depth-km",
            type=float,
            help=f"Greatest depth from the border, km, in (0, 100].  [default: {DEFAULT_SPEC.depth_km:g}]",
        ),
        click.option(
            "--profile",
            type=click.Choice(PROFILES),
            help="salient: full depth at the centre tapering to 0 at the ends; flat: constant depth.  "
            f"[default: {DEFAULT_SPEC.profile}]",
        ),
        click.option(
            "--side",
            metavar="[" + "|".join(SIDES) + "]",
            help=f"Country the zone lies in (any case).  [default: {DEFAULT_SPEC.side}]",
        ),
    ]
    options += claim_option_list()
    if with_file:
        options.append(
            click.option(
                "--zone",
                "zone_file",
                metavar="FILE|-",
                help="A GeoJSON polygon to use as the zone instead of the flags ('-' reads stdin).",
            )
        )
    for option in reversed(options):
        func = option(func)
    return func


def claim_options(func):
    """--from-claims FILE, --claim-date and --claimant (part of zone_options; alone for fit)."""
    for option in reversed(claim_option_list()):
        func = option(func)
    return func


def claim_option_list() -> list:
    """--from-claims FILE, --claim-date and --claimant."""
    return [
        click.option(
            "--from-claims",
            metavar="FILE|-",
            help="Build the zone from the claims in a claim file (.toml) or an English text; "
            "flags given as well override them.",
        ),
        click.option("--claim-date", metavar="YYYY-MM-DD", help="With --from-claims: the claim of this date.  [default: the latest]"),
        click.option("--claimant", metavar="NAME", help="With --from-claims: the claim of this claimant (any part of the name)."),
    ]


def claim_from_options(params: dict):
    """The claim --from-claims picks (None without it); takes the claim flags out of ``params``."""
    if "_claim" in params:  # picked already (the ensemble and the zone share it)
        return params["_claim"]
    path, date, claimant = (params.pop(k, None) for k in ("from_claims", "claim_date", "claimant"))
    if path is None:
        if date is not None or claimant is not None:
            raise InputError("--claim-date and --claimant pick among the claims of --from-claims FILE: give the file")
        return None
    if params.get("zone_file") is not None:
        raise InputError("--from-claims cannot be combined with --zone: give a claim file or a zone file")
    from ..claims import pick_claim, read_claims

    stdin_text = sys.stdin.read() if path == "-" else None
    where = "standard input" if path == "-" else repr(path)
    params["_claim"] = pick_claim(read_claims(path, stdin_text), date, claimant, where=where)
    return params["_claim"]


def spec_from_claim(claim, params: dict):
    """The spec a claim gives (flags override it), where each value came from, and
    the fit when the claim lacks a depth or a width: ``(spec, sources, fit_result)``."""
    from dataclasses import replace

    from ..zone import DEFAULT_SPEC

    given = _flags_given(params)
    values, sources = {}, {}
    for key in _ZONE_FLAGS:
        claimed = getattr(claim, key, None)
        if key in given:
            values[key], sources[key] = given[key], "flag"
        elif key in ("width_km", "depth_km") and isinstance(claimed, (int, float)):
            values[key], sources[key] = float(claimed), "claim"
        elif key in ("anchor", "side") and claimed and claim.quotes == ():
            values[key], sources[key] = claimed, "claim file"
    if "width_km" in values and "depth_km" in values:
        spec = replace(DEFAULT_SPEC, **values).validate()
        sources.update({k: "default" for k in _ZONE_FLAGS if k not in sources})
        return spec, sources, None
    # A depth or a width is missing: fit the zone to every number the claim gives.
    from ..fit import Claims, fit

    numbers = replace(claim, **{k: values[k] for k in ("width_km", "depth_km") if k in values})
    window = claim.window_km if claim.window_km is not None else 10.0
    result = fit(Claims.from_claim(numbers), anchor=values.get("anchor", DEFAULT_SPEC.anchor), window_km=window,
                 side=values.get("side", DEFAULT_SPEC.side))
    spec = result.spec
    if "profile" in given:
        spec = replace(spec, profile=given["profile"]).validate()
    if spec.anchor != values.get("anchor", DEFAULT_SPEC.anchor):
        sources["anchor"] = f"fit (centre {result.centre_shift_km:+g} km along the border)"
    for key in _ZONE_FLAGS:
        sources.setdefault(key, "fit")
    return spec, sources, result


def output_options(func):
    """-o/--output and --overwrite."""
    func = click.option("--overwrite", is_flag=True, help="Replace an existing output file.")(func)
    func = click.option(
        "-o", "--output", type=click.Path(dir_okay=False), help="Write to FILE (atomically) instead of stdout."
    )(func)
    return func


_ENSEMBLE_FLAGS = ("members", "seed", "depth_spread_km", "width_spread_km", "shift_km", "profiles")


def ensemble_options(func):
    """--ensemble N, --seed and the spreads an ensemble draws within."""
    from ..ensemble import Spread

    default = Spread()
    options = [
        click.option(
            "--ensemble",
            "members",
            type=int,
            metavar="N",
            help="Sample N zones around the flags' spec: each settlement's probability of being inside.",
        ),
        click.option("--seed", type=int, help="Seed of the ensemble's draws (reported when not given)."),
        click.option(
            "--depth-spread-km", type=float, default=default.depth_km, show_default=True, help="Ensemble: depth ± this."
        ),
        click.option(
            "--width-spread-km", type=float, default=default.width_km, show_default=True, help="Ensemble: width ± this."
        ),
        click.option(
            "--shift-km",
            type=float,
            default=default.shift_km,
            show_default=True,
            help="Ensemble: centre ± this along the border.",
        ),
        click.option(
            "--profiles",
            default=",".join(default.profiles),
            show_default=True,
            help="Ensemble: the profiles members draw from (comma-separated).",
        ),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def ensemble_from_options(params: dict):
    """The ensemble --ensemble asks for (None without it); takes its flags out of ``params``."""
    from ..ensemble import Spread, ensemble

    members, seed, depth, width, shift, profiles = (params.pop(k) for k in _ENSEMBLE_FLAGS)
    if members is None:
        if seed is not None:
            raise InputError("--seed is for --ensemble N: give both or neither")
        return None
    if params.get("zone_file") is not None:
        raise InputError("--ensemble samples around a spec: give zone flags, not --zone")
    spread = Spread(depth, width, shift, tuple(p.strip() for p in profiles.split(",") if p.strip()))
    claim = claim_from_options(params)
    if claim is not None:
        params["_claim_spec"] = spec_from_claim(claim, params)  # the zone is built from the same spec
        spec = params["_claim_spec"][0]
    else:
        spec = spec_from_options(params)
    return ensemble(spec, members, seed, spread)


def _flags_given(params: dict) -> dict:
    """The zone flags given on the command line (side in upper case)."""
    given = {k: params[k] for k in _ZONE_FLAGS if params.get(k) is not None}
    if "side" in given:
        given["side"] = given["side"].upper()
    return given


def spec_from_options(params: dict):
    """A ZoneSpec from the zone flags, defaults filling what is not given."""
    from dataclasses import replace

    from ..zone import DEFAULT_SPEC

    given = _flags_given(params)
    return replace(DEFAULT_SPEC, **given).validate()


def zone_from_options(params: dict):
    """The zone the flags, --from-claims or --zone describe.

    With --from-claims the zone carries the claim (its quotes, claimant,
    date and source) and where each value came from in its properties, and
    a note on stderr says so.
    """
    claim = claim_from_options(params)
    if claim is not None:
        from ..zone import build_zone

        spec, sources, fitted = params.get("_claim_spec") or spec_from_claim(claim, params)
        zone = fitted.zone if fitted is not None and fitted.spec == spec else build_zone(spec)
        zone.properties["claim"] = claim.to_properties()
        zone.properties["values_from"] = sources
        what = ", ".join(f"{k}={getattr(spec, k)!r} ({v})" for k, v in sources.items())
        click.echo(f"note: zone from the claim of {claim.date or 'an undated text'} by {claim.claimant}: {what}", err=True)
        return zone
    zone_file = params.get("zone_file")
    if zone_file is not None:
        clash = [f"--{k.replace('_', '-')}" for k in _ZONE_FLAGS if params.get(k) is not None]
        if clash:
            raise InputError(f"--zone cannot be combined with {', '.join(clash)}: give a zone file or zone flags")
        return read_zone_file(zone_file)
    from ..zone import build_zone

    return build_zone(spec_from_options(params))


def read_zone_file(path: str):
    """The zone in a GeoJSON file, or stdin for '-'."""
    from ..zone import zone_from_geojson

    if path == "-":
        text, name = sys.stdin.read(), "the zone on stdin"
    else:
        name = f"zone file {path!r}"
        try:
            with open(path, encoding="utf-8") as fh:
                text = fh.read()
        except (OSError, UnicodeDecodeError) as exc:
            raise InputError(f"cannot read {name}: {getattr(exc, 'strerror', None) or exc}") from None
    return zone_from_geojson(text, name)


def _candidate_lines(query: str, settlements: list, heading: str) -> str:
    from ..settlements import disambiguator

    latin = not any("\u0400" <= ch <= "\u04ff" for ch in query)
    lines = [heading]
    for s in settlements:
        pick = disambiguator(s, settlements, latin=latin) if heading.startswith("candidates") else None
        lines.append(f"  {s.label}" + (f"   → {pick!r}" if pick else ""))
    return "\n".join(lines)


@contextlib.contextmanager
def translate_errors():
    """Turn frontmap's errors into click errors with the right exit codes."""
    try:
        yield
    except InvalidSpecError as exc:
        hint = f"'--{exc.param.replace('_', '-')}'" if exc.param else None
        raise click.BadParameter(str(exc), param_hint=hint) from None
    except AmbiguousPlaceError as exc:
        raise InputError(f"{exc}\n{_candidate_lines(str(exc), exc.candidates, 'candidates:')}") from None
    except UnknownPlaceError as exc:
        message = str(exc)
        if exc.suggestions:
            message += "\n" + _candidate_lines(str(exc), exc.suggestions, "closest names:")
        raise InputError(message) from None
    except (InvalidCoordinatesError, ZoneFileError, ClaimFileError, OutputError) as exc:
        raise InputError(str(exc)) from None
    except DataError as exc:
        raise click.ClickException(str(exc)) from None
    except FrontmapError as exc:
        raise click.ClickException(str(exc)) from None


def emit(text: str, output: str | None, overwrite: bool) -> None:
    """Write command output to stdout or, atomically, to a file."""
    from ..export import write_output

    if output is None:
        click.echo(text, nl=False)
    else:
        write_output(text, output, overwrite)
