"""Evidence up to a date: numbers and named places from many statements, fused in one fit.

An analyst holds many dated statements by several claimants: a claim file is
such a list.  :func:`gather` reads every claim dated up to ``as_of`` into one
:class:`Evidence`:

* **places**: a later statement about a place supersedes an earlier one
  (the same settlement, or the same name where it resolves to none);
  statements of one date that disagree are all kept, so they pull against
  each other in the fit;
* **numbers**: for each kind (settlements, area, depth, width) the latest
  date that gives it counts; two claimants who disagree that day pull
  against each other within their tolerances: the fit aims at the middle of
  what they said, with a tolerance that reaches both.  A number older than
  the newest statement is a floor: the front may have grown past it since
  (a front that gave ground shows it through later numbers and places).

:func:`zone_from_evidence` fits a free front curve through the places and the
numbers (:func:`frontmap.front.fit_front`).  The result says which statements
it used and how well each place is met.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .defaults import CONTESTED_KM, DEFAULT_SIDE, EVIDENCE_WINDOW_KM
from .errors import ClaimFileError

if TYPE_CHECKING:
    from .fit import Claims
    from .front import FrontFit

__all__ = ["Evidence", "gather", "zone_from_evidence"]


@dataclass(frozen=True)
class Evidence:
    """The places and numbers to fit, and the statements they came from."""

    places: tuple = ()
    #: A :class:`frontmap.fit.Claims`, or None when no statement gives a number.
    numbers: Claims | None = None
    #: The claims used, in date order.
    claims: tuple = ()
    #: Statements about places that a later one replaced: ``(old, new)`` Places.
    superseded: tuple = ()
    as_of: str | None = None

    def to_properties(self) -> dict:
        """What the zone was fitted to, for its GeoJSON properties."""
        numbers = {} if self.numbers is None else self.numbers.given()
        floors = [] if self.numbers is None else sorted(self.numbers.floors)
        return {
            "as_of": self.as_of,
            "floors": floors,
            "statements": [
                {"date": c.date, "claimant": c.claimant, "summary": c.summary(), "source": c.source}
                for c in self.claims
            ],
            "numbers": numbers,
            "superseded": [
                {
                    "query": old.query,
                    "status": old.status,
                    "date": old.date,
                    "claimant": old.claimant,
                    "by": {"status": new.status, "date": new.date, "claimant": new.claimant},
                }
                for old, new in self.superseded
            ],
        }


def _numbers(claims: Sequence) -> Claims | None:
    """The numbers of the latest date that gives each kind; disagreement that day widens the tolerance,
    and a kind last given before the newest statement is a floor.
    """
    from .fit import KEYS, Claims, rounding_tolerance

    values, tolerances, floors = {}, {}, set()
    newest = max((c.date or "" for c in claims), default="")
    for key in KEYS:
        giving = [c for c in claims if getattr(c, key) is not None]
        if not giving:
            continue
        latest = max(c.date for c in giving)
        if latest < newest:
            floors.add(key)
        said = [getattr(c, key) for c in giving if c.date == latest]
        lows = [v[0] if isinstance(v, tuple) else v for v in said]
        highs = [v[1] if isinstance(v, tuple) else v for v in said]
        lo, hi = min(lows), max(highs)
        value = (lo + hi) / 2.0
        half = (hi - lo) / 2.0
        values[key] = round(value) if key == "settlements" and half == 0 else value
        if half > 0:
            relative = key in ("settlements", "area_km2")
            own = 0.10 * value if relative else rounding_tolerance(value)
            tolerances[key] = max(half, own) / value if relative else max(half, own)
    return Claims(**values, tolerances=tolerances, floors=frozenset(floors)) if values else None


def _place_key(resolved) -> str:
    from .places import loose_key

    if resolved.settlement is not None:  # the two layers number their places apart
        layer = "ukr" if hasattr(resolved.settlement, "katottg") else "rus"
        return f"{layer}:{resolved.settlement.id}"
    return "name:" + loose_key(resolved.place.query)


def gather(
    claims: Sequence, as_of: str | None = None, extra_places: Sequence = (), side: str | None = None
) -> Evidence:
    """The evidence of every claim dated up to ``as_of`` (all of them when None), plus ``extra_places``
    (places given directly, e.g. by flags, which count as the latest word).
    Names are looked up on ``side`` (by default the side of the latest claim).

    Raises :class:`~frontmap.errors.ClaimFileError` when no claim is dated up to ``as_of``.

    Parameters
    ----------
    claims : sequence of Claim
        The statements, in any order (a claim file's ``claims``).
    as_of : str, optional
        An ISO date (``"2024-08-15"``): claims dated later are left out.
    extra_places : sequence of Place, optional
        Places given directly, taken as the latest word about them.
    side : {"RUS", "UKR"}, optional
        Where names are looked up; the latest claim's side (or ``"RUS"``)
        when None.

    Returns
    -------
    Evidence
        The places kept (later statements superseding earlier ones), the
        numbers to fit (None when no claim gives one), the claims used and
        the superseded statements.

    Raises
    ------
    ClaimFileError
        When ``as_of`` is not a date or no claim is dated on or before it.

    Examples
    --------
    >>> from frontmap.claims import load_claim_file
    >>> from frontmap.data import data_dir
    >>> claims = load_claim_file(data_dir() / "claims" / "kursk-2024-places.toml").claims
    >>> evidence = gather(claims, as_of="2024-08-16")
    >>> len(evidence.claims), len(evidence.places), evidence.numbers
    (2, 4, None)
    >>> gather(claims, as_of="2020-01-01")
    Traceback (most recent call last):
    ...
    frontmap.errors.ClaimFileError: no claim is dated on or before 2020-01-01
    """
    from .places import resolve_places

    if as_of is not None:
        try:
            limit = dt.date.fromisoformat(as_of)
        except (TypeError, ValueError):
            raise ClaimFileError(f"as_of={as_of!r} is not a date like 2024-08-15") from None
        claims = [c for c in claims if c.date and dt.date.fromisoformat(c.date) <= limit]
        if not claims:
            raise ClaimFileError(f"no claim is dated on or before {as_of}")
    claims = sorted(claims, key=lambda c: c.date or "")
    stated = [p for c in claims for p in c.places] + list(extra_places)
    # Places resolved together: namesakes are told apart by the report's other places.
    side = side or (claims[-1].side if claims else DEFAULT_SIDE)
    resolved = resolve_places(stated, side=side) if stated else []
    latest: dict[str, list] = {}
    superseded = []
    for r in resolved:
        key = _place_key(r)
        earlier = latest.get(key, [])
        newest = max((q.place.date or "" for q in earlier), default="")
        if earlier and (r.place.date or "9999") > newest:
            superseded += [(q.place, r.place) for q in earlier if q.place.status != r.place.status]
            earlier = []
        latest[key] = [*earlier, r]
    kept = tuple(r.place for group in latest.values() for r in group)
    return Evidence(kept, _numbers(claims), tuple(claims), tuple(superseded), as_of)


def _place_properties(check) -> dict:
    """A place check with where the place is and who said what, for the zone's properties and map."""
    r, p = check.resolved, check.resolved.place
    doc = check.to_json()
    if r.lon is not None:
        doc.update(lon=round(r.lon, 6), lat=round(r.lat, 6))
    doc.update(
        {
            k: v
            for k, v in (
                ("claimant", p.claimant),
                ("date", p.date),
                ("phrase", p.phrase),
                ("quote", p.quote),
                ("source", p.source),
            )
            if v
        }
    )
    return doc


@dataclass
class EvidenceZone:
    """A zone fitted to evidence: the front fit (:class:`frontmap.front.FrontFit`) and what it used."""

    fit: FrontFit
    evidence: Evidence
    notes: list = field(default_factory=list)

    @property
    def zone(self):
        return self.fit.zone


def zone_from_evidence(
    evidence: Evidence,
    *,
    side: str = DEFAULT_SIDE,
    anchor: str | Sequence[str] | None = None,
    window_km: float = EVIDENCE_WINDOW_KM,
    contested_tolerance_km: float = CONTESTED_KM,
) -> EvidenceZone:
    """The zone whose front curve best meets the evidence's places and numbers.

    Raises :class:`~frontmap.errors.InvalidSpecError` when nothing locates the
    front (no resolvable place and no anchor) or the fit puts no ground inside.

    Parameters
    ----------
    evidence : Evidence
        What :func:`gather` collected.
    side : {"RUS", "UKR"}, default "RUS"
        The country the zone lies in.
    anchor : str or sequence of str, optional
        Where the front lies when no place locates it (a settlement or
        ``"lon,lat"``; several for several axes).
    window_km : float, default 20.0
        How far (km, in [0, 500]) beyond the outermost place along the border,
        or either side of the anchor, the front may reach.
    contested_tolerance_km : float, default 2.0
        How near (km, in (0, 50]) the front must pass a contested place.

    Returns
    -------
    EvidenceZone
        The front fit (its ``zone``, how each place is met, modelled numbers),
        the evidence it used and notes.

    Raises
    ------
    InvalidSpecError
        When nothing locates the front, the fit puts no ground inside, or
        ``window_km`` or ``contested_tolerance_km`` is out of range.

    Examples
    --------
    >>> from frontmap.places import Place
    >>> evidence = gather([], extra_places=[Place("Sudzha", "inside")], side="RUS")
    >>> result = zone_from_evidence(evidence, window_km=5.0)
    >>> result.fit.consistent, result.zone.area_km2 > 0
    (True, True)
    """
    from .errors import InvalidSpecError
    from .front import fit_front
    from .places import resolve_places

    resolved = resolve_places(list(evidence.places), side=side) if evidence.places else []
    result = fit_front(
        resolved,
        evidence.numbers,
        side=side,
        anchor=anchor,
        window_km=window_km,
        contested_tolerance_km=contested_tolerance_km,
    )
    if result.zone is None:
        raise InvalidSpecError("the evidence puts no ground inside the zone: give an inside place or a number")
    props = result.zone.properties
    props["fit"] = "front curve through named places and numbers"
    props["evidence"] = evidence.to_properties()
    props["places"] = [_place_properties(c) for c in result.places]
    props["consistent"] = result.consistent
    props["modelled"] = dict(result.modelled)
    if result.notes:
        props["notes"] = list(result.notes)
    return EvidenceZone(result, evidence, list(result.notes))
