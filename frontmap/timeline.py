"""Zones over time: one modelled zone per dated claim, on a map with a time slider.

Each claim of a claim file becomes a step: built directly from its depth and
width when it gives both (salient profile, like the default claim), or
fitted (:func:`frontmap.fit.fit`) to every number it gives — a range such as
28–35 km counts as an interval: its middle, within half its width.  Steps
sharing a date are told apart by claimant and placed in file order within
that day on the slider.

The steps of one operation are fitted together: after each claim's own best
fit, a forward and a backward sweep refit every fitted step nearest its
neighbours' specs (centre along the border, width, depth) among the specs
that still meet its claimed numbers (``fit(near=...)``), so the zone does not
jump about between dates where the claims do not ask it to.  Each such step
reports what it had to move (:attr:`Step.continuity`).  Each step lists the
settlements inside its zone and those gained and lost since the previous
step.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import cast

from .anchor import Anchor
from .claims import Claim, ClaimFile
from .defaults import EVIDENCE_WINDOW_KM
from .errors import ClaimFileError, FrontmapError, InvalidSpecError
from .fit import Claims, fit, shared_passes
from .spec import is_side
from .zone import Zone, ZoneSpec, build_zone, resolve_anchor

__all__ = ["Step", "build_steps", "timeline_geojson", "timeline_html"]

#: A step's place in the joint fit: its front's centre (chainage, km along the
#: border line), width and depth (km).
Position = tuple[float, float, float]
#: The fields of a settlement a step lists (the register's row has more).
SETTLEMENT_FIELDS = ("id", "name", "name_latin", "lon", "lat")
#: Decimals of the continuity figures (km).
_KM_DECIMALS = 3


@dataclass
class Step:
    """One dated claim and the zone that models it."""

    claim: Claim
    zone: Zone
    spec: ZoneSpec | None  # None for a front fitted through named places
    fitted: bool
    modelled: dict
    start: str
    end: str
    consistent: bool | None = None
    notes: list[str] = field(default_factory=list)
    #: The front's centre chainage, width and depth (km) for a step fitted or
    #: built along one anchor; None for a front through named places or several axes.
    position: Position | None = None
    #: The claim's own best fit and what the step moved from it to stay near its
    #: neighbours (:func:`build_steps`); None for a step not fitted together.
    continuity: dict | None = None
    #: The settlements inside the zone (:data:`SETTLEMENT_FIELDS`), None where they cannot be listed.
    inside: list[dict] | None = None
    #: Those inside now but not at the previous step, and those no longer inside;
    #: None at the first step (or when either step's cannot be listed).
    gained: list[dict] | None = None
    lost: list[dict] | None = None

    def to_properties(self) -> dict:
        c = self.claim
        props = {
            "date": c.date,
            "label": c.label or c.date,
            "start": self.start,
            "end": self.end,
            "claim": c.to_properties(),
            "claimed": {k: (list(v) if isinstance(v, tuple) else v) for k, v in c.numbers().items()},
            "modelled": dict(self.modelled),
            "fitted": self.fitted,
            "spec": self.spec.to_properties() if self.spec is not None else {"profile": "fitted front"},
        }
        if self.spec is None:
            for key in ("evidence", "places"):
                if key in self.zone.properties:
                    props[key] = self.zone.properties[key]
        if self.consistent is not None:
            props["consistent"] = self.consistent
        if self.notes:
            props["notes"] = list(self.notes)
        if self.continuity is not None:
            props["continuity"] = self.continuity
        if self.inside is not None:
            props["settlements_inside"] = [s["id"] for s in self.inside]
        if self.gained is not None and self.lost is not None:
            props["settlements_gained"] = [s["id"] for s in self.gained]
            props["settlements_lost"] = [s["id"] for s in self.lost]
        return props

    def checks(self) -> dict[str, bool]:
        """Whether the model meets each number the claim gives, within its tolerance
        (:meth:`frontmap.fit.Claims.within`), keyed like :data:`frontmap.fit.KEYS`.
        """
        claims = Claims.from_claim(self.claim)
        out = {}
        for key in claims.given():
            value = self.modelled.get(key)
            if isinstance(value, (int, float)):
                out[key] = claims.within(key, value)
        return out

    @property
    def fails(self) -> bool:
        """Whether the modelled zone misses a number its claim gives."""
        return self.consistent is False or not all(self.checks().values())


def _slots(claims) -> list[tuple[str, str]]:
    """Start and end (ISO timestamps) of each claim's step on the slider."""
    from collections import Counter

    days = [dt.date.fromisoformat(c.date) for c in claims]
    per_day: Counter[dt.date] = Counter(days)
    seen: Counter[dt.date] = Counter()
    starts = []
    for day in days:  # the k-th of n claims of a day starts k/n of the way through it
        k, seen[day] = seen[day], seen[day] + 1
        starts.append(dt.datetime.combine(day, dt.time(), dt.UTC) + dt.timedelta(hours=24 * k / per_day[day]))
    ends = starts[1:] + [dt.datetime.combine(days[-1], dt.time(), dt.UTC) + dt.timedelta(days=1)]
    return [(s.isoformat(), e.isoformat()) for s, e in zip(starts, ends, strict=True)]


def build_steps(claim_file: ClaimFile, cumulative: bool = False, together: bool = True) -> list[Step]:
    """One modelled zone per claim of ``claim_file``, in date order.

    With ``together`` (the default) the steps fitted to a claim's numbers along
    one anchor are fitted together (see the module's notes); without it each
    is its claim's own best fit.  Every step lists the settlements inside and
    those gained and lost since the previous step.

    A claim that names places gets a front fitted through them (and its
    numbers).  With ``cumulative`` every step is fitted to the evidence of
    every claim up to its date (:func:`frontmap.evidence.gather`): numbers
    and places from every claimant, a later word on a place superseding an
    earlier one.

    A value out of range that a claim gave (a spec error) is a :class:`ClaimFileError`
    naming the claim, not a spec error that a command line would pin on a flag.

    Parameters
    ----------
    claim_file : ClaimFile
        The operation's claims (:func:`frontmap.claims.load_claim_file`), in date order; one step each.
    cumulative : bool, optional
        Fit each step to the evidence of every claim up to its date instead of its own claim alone.
        Default False.
    together : bool, optional
        Refit the one-axis fitted steps nearest their neighbours (ignored with ``cumulative``).
        Default True.

    Returns
    -------
    list of Step
        One step per claim, in the claim file's order, each with its zone, its modelled numbers, its
        slot on the slider (``start``, ``end``) and the settlements inside, gained and lost.

    Raises
    ------
    ClaimFileError
        When a value a claim gave cannot be modelled (the message names the claim's date and claimant).

    Examples
    --------
    A claim that states both depth and width is built directly (not fitted):

    >>> from frontmap.claims import load_claim_file
    >>> claim_file = load_claim_file(
    ...     "op.toml", text="[[claim]]\\ndate = 2024-08-12\\nclaimant = 'A'\\ndepth_km = 12\\nwidth_km = 40\\n"
    ... )
    >>> steps = build_steps(claim_file)
    >>> [(step.fitted, step.start, step.end) for step in steps]
    [(False, '2024-08-12T00:00:00+00:00', '2024-08-13T00:00:00+00:00')]
    >>> steps[0].modelled["width_km"], len(steps[0].inside) > 0
    (40.0, True)
    """
    steps = []
    with shared_passes():  # a claim refitted near its neighbours searches its coarse grid once
        for claim, (start, end) in zip(claim_file.claims, _slots(claim_file.claims), strict=True):
            try:
                if cumulative or claim.places:
                    claims, as_of = (claim_file.claims, claim.date) if cumulative else ([claim], None)
                    steps.append(_evidence_step(claim_file, claim, claims, as_of, start, end))
                else:
                    steps.append(_step(claim_file, claim, start, end))
            except InvalidSpecError as exc:  # a value the claim gave, not a flag: name the claim
                where = f"claim file {claim_file.path!r}" if claim_file.path else "the claim file"
                raise ClaimFileError(f"{where}, the claim of {claim.date} by {claim.claimant}: {exc}") from None
        if together and not cumulative:
            _fit_together(steps, claim_file)
    _list_settlements(steps)
    return steps


def _evidence_step(claim_file: ClaimFile, claim: Claim, claims, as_of, start: str, end: str) -> Step:
    """A step whose zone is a front fitted through the places and numbers of ``claims`` up to ``as_of``."""
    from .evidence import gather, zone_from_evidence

    window = claim.window_km if claim.window_km is not None else claim_file.window_km
    result = zone_from_evidence(
        gather(claims, as_of),
        side=claim.side,
        anchor=claim.anchor or claim_file.anchor,
        window_km=max(window, EVIDENCE_WINDOW_KM),
    )
    modelled = {k: (round(v, 3) if isinstance(v, float) else v) for k, v in result.fit.modelled.items()}
    return Step(claim, result.zone, None, True, modelled, start, end, result.fit.consistent, list(result.notes))


def _step(claim_file: ClaimFile, claim: Claim, start: str, end: str, near: tuple = ()) -> Step:
    """The modelled zone of one claim (fitted nearest the specs ``near``, if given)."""
    anchor = claim.anchor or claim_file.anchor
    depth, width = claim.depth_km, claim.width_km
    if isinstance(depth, (int, float)) and isinstance(width, (int, float)):
        return _stated_step(claim, anchor, float(width), float(depth), start, end)
    window = claim.window_km if claim.window_km is not None else claim_file.window_km
    # fit takes a tuple of anchors too (one front per axis), though it is annotated str.
    result = fit(Claims.from_claim(claim), anchor=cast(str, anchor), window_km=window, side=claim.side, near=near)
    zone = cast(Zone, result.zone)  # FitResult annotates its zone and anchor as object
    position = None
    spec = result.spec
    if (
        isinstance(spec.anchor, str)
        and isinstance(spec.width_km, (int, float))
        and isinstance(spec.depth_km, (int, float))
    ):
        # one axis: its centre lies on the border line
        position = (cast(Anchor, result.anchor).chainage_km + result.centre_shift_km, spec.width_km, spec.depth_km)
    modelled, notes = dict(result.modelled), list(result.notes)
    return Step(claim, zone, spec, True, modelled, start, end, result.consistent, notes, position=position)


def _stated_step(
    claim: Claim, anchor: str | tuple[str, ...], width_km: float, depth_km: float, start: str, end: str
) -> Step:
    """The zone of a claim that gives its depth and width (salient profile), with its numbers."""
    from .estimate import count_in_zone

    side = claim.side
    if not is_side(side):
        raise InvalidSpecError(f"side={side!r} is not a valid option, must be one of RUS, UKR", "side")
    spec = ZoneSpec(anchor, width_km, depth_km, "salient", side)
    zone = build_zone(spec)
    reached = depth_km if zone.depth_reached_km is None else min(zone.depth_reached_km, depth_km)  # a built zone has it
    modelled: dict = {
        "settlements": count_in_zone(zone) if side == "RUS" else None,  # affected(zone).count
        "area_km2": round(zone.area_km2, 3),
        "depth_km": round(reached, 3),
        "width_km": width_km,
    }
    position = None
    if isinstance(anchor, str):
        position = (resolve_anchor(anchor, side=side).chainage_km, width_km, depth_km)
    return Step(claim, zone, spec, False, modelled, start, end, notes=list(zone.warnings), position=position)


def _neighbours(steps: list[Step], i: int) -> tuple:
    """The positions of step ``i``'s neighbours on the slider that lie on its side of the border."""
    side = steps[i].claim.side
    return tuple(
        steps[j].position
        for j in (i - 1, i + 1)
        if 0 <= j < len(steps) and steps[j].position is not None and steps[j].claim.side == side
    )


def _fit_together(steps: list[Step], claim_file: ClaimFile) -> None:
    """Refit the fitted one-axis steps nearest their neighbours: a forward, then a backward sweep.

    A refit that misses a number its claim's own fit met is not taken.
    """
    joined = [i for i, s in enumerate(steps) if s.fitted and s.position is not None and not s.claim.places]
    own = {i: steps[i] for i in joined}
    # A fit depends on its claim and its neighbours alone: a step whose neighbours
    # have not moved since it was last refitted would be refitted to the same step.
    refits: dict[tuple[int, tuple], Step] = {}
    for order in (joined, joined[::-1]):
        for i in order:
            near = _neighbours(steps, i)
            if not near:
                continue
            if (i, near) not in refits:
                refits[i, near] = _step(claim_file, steps[i].claim, steps[i].start, steps[i].end, near)
            refit = refits[i, near]
            if refit.consistent or not own[i].consistent:
                steps[i] = refit
    for i in joined:
        continuity = steps[i].continuity = _moved(own[i], steps[i])
        if continuity["moved"] != {"centre_km": 0.0, "width_km": 0.0, "depth_km": 0.0}:
            steps[i].notes.append(_moved_note(continuity["moved"]))


def _moved(own: Step, step: Step) -> dict:
    """The claim's own best fit and what ``step`` moved from it (km; centre along the border)."""
    assert own.position is not None and step.position is not None
    names = ("centre_km", "width_km", "depth_km")
    return {
        "own_fit": {"width_km": own.position[1], "depth_km": own.position[2], "modelled": dict(own.modelled)},
        "moved": {
            k: round(b - a, _KM_DECIMALS) + 0.0 for k, a, b in zip(names, own.position, step.position, strict=True)
        },
    }


def _moved_note(moved: dict) -> str:
    return (
        "fitted together with its neighbours: from the claim's own best fit the centre moved "
        f"{moved['centre_km']:+.1f} km along the border, the width {moved['width_km']:+.1f} km and the depth "
        f"{moved['depth_km']:+.1f} km"
    )


def _list_settlements(steps: list[Step]) -> None:
    """Each step's settlements inside, and those gained and lost since the previous step."""
    previous: list[dict] | None = None
    for step in steps:
        step.inside = _inside(step.zone)
        if step.inside is not None and previous is not None:
            before = {_key(s) for s in previous}
            now = {_key(s) for s in step.inside}
            step.gained = [s for s in step.inside if _key(s) not in before]
            step.lost = [s for s in previous if _key(s) not in now]
        previous = step.inside


def _key(settlement: dict) -> tuple:
    return settlement["id"], settlement["lon"], settlement["lat"]


def _inside(zone: Zone) -> list[dict] | None:
    """The settlements inside ``zone`` (a few fields each, by name), or None where they cannot be listed."""
    from .estimate import settlements_inside

    try:
        rows = settlements_inside(zone)  # affected(zone).settlements
    except FrontmapError:  # outside the register's coverage: the list is unknown, not empty
        return None
    return sorted(
        ({k: s.get(k) for k in SETTLEMENT_FIELDS} for s in rows),
        key=lambda s: (str(s["name_latin"] or s["name"]), str(s["id"])),
    )


def timeline_geojson(steps: list[Step], claim_file: ClaimFile) -> dict:
    """The steps as one RFC 7946 FeatureCollection with ``date`` properties.

    Parameters
    ----------
    steps : list of Step
        The steps of :func:`build_steps`, one feature each, in their order.
    claim_file : ClaimFile
        The claim file the steps came from; its name, region and path go into the collection's properties.

    Returns
    -------
    dict
        A GeoJSON FeatureCollection (with ``bbox``) whose features are MultiPolygons, so that a GIS reader sees
        one geometry type.

    Examples
    --------
    >>> from frontmap.claims import load_claim_file
    >>> claim_file = load_claim_file(
    ...     "op.toml", text="[[claim]]\\ndate = 2024-08-12\\nclaimant = 'A'\\ndepth_km = 12\\nwidth_km = 40\\n"
    ... )
    >>> collection = timeline_geojson(build_steps(claim_file), claim_file)
    >>> collection["properties"]["operation"], [f["geometry"]["type"] for f in collection["features"]]
    ('op', ['MultiPolygon'])
    """
    from . import data
    from .export import geojson_bbox, geometry_to_geojson

    features = [
        {
            "type": "Feature",
            "bbox": geojson_bbox([s.zone.geometry]),
            "properties": s.to_properties(),
            "geometry": geometry_to_geojson(s.zone.geometry, multi=True),
        }  # one geometry type for GIS readers
        for s in steps
    ]
    return {
        "type": "FeatureCollection",
        "bbox": geojson_bbox([s.zone.geometry for s in steps]),
        "properties": {
            "operation": claim_file.name,
            "region": claim_file.region,
            "claim_file": claim_file.path,
            "attribution": data.ATTRIBUTION_LINE,
        },
        "features": features,
    }


def timeline_html(steps: list[Step], claim_file: ClaimFile, tiles: str = "none", title: str | None = None) -> str:
    """One self-contained page: every step's zone on a time slider (:func:`frontmap.render.timeline.timeline_page`).

    Parameters
    ----------
    steps : list of Step
        The steps of :func:`build_steps`, shown in their order on the slider.
    claim_file : ClaimFile
        The claim file the steps came from (its name titles the page by default).
    tiles : str, optional
        The background tiles; the default ``"none"`` keeps the page offline with the bundled basemap.
    title : str or None, optional
        The page's title; None (the default) titles it after the operation and its number of claims.

    Returns
    -------
    str
        The whole HTML document.

    Examples
    --------
    >>> from frontmap.claims import load_claim_file
    >>> claim_file = load_claim_file(
    ...     "op.toml", text="[[claim]]\\ndate = 2024-08-12\\nclaimant = 'A'\\ndepth_km = 12\\nwidth_km = 40\\n"
    ... )
    >>> page = timeline_html(build_steps(claim_file), claim_file)
    >>> page.startswith("<!DOCTYPE html>"), "<title>op: 1 dated claims</title>" in page
    (True, True)
    """
    from .render.timeline import timeline_page

    return timeline_page(steps, claim_file, tiles=tiles, title=title)
