"""What a zone means on the ground: the settlements inside it.

:func:`affected` joins a zone with the settlement layer and returns the
settlements inside with their distances from the border and from the zone's
edge, the counts (all register entries, and inhabited ones with population
> 0), the population and counts per district.  :func:`check_places` answers
"is this place inside?" for names or coordinates.

A count of 0 means "no settlement there", never "no data there".  The
settlement layer covers the Russian oblasts along the border, Bryansk,
Kursk, Belgorod, Voronezh and Rostov (:func:`settlement_coverage` draws
that area).  On the Ukrainian side frontmap has mapped places only (of about
500 people or more, :mod:`frontmap.ukraine`): a zone built there lists them,
and its ``coverage`` record says what they leave out.  A zone file is counted
in both countries: the Russian settlements in the covered part, the mapped
Ukrainian places in its Ukrainian part (``coverage.ukraine``).  A zone with no
part in either gets an :class:`~frontmap.errors.OutsideCoverageError`, and a
zone partly in the Russian area is counted with a note and a ``coverage``
record saying which share of it the counts cover (:func:`zone_coverage`).

Fits and ensembles count points in border coordinates: :func:`counted_points`
gives them for each side and :func:`count_in_zone` counts a built zone alike.
:func:`settlements_inside` lists :func:`affected`'s rows alone.  Both measure
a Russian-side zone's covered part only when no settlement well inside the
zone shows that it has some (the coverage polygon is not drawn otherwise).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np
import shapely

from .countries import country, swapped_point_hint
from .errors import InvalidCoordinatesError, InvalidSpecError, OutsideCoverageError
from .geom import clip_to_box
from .settlements import SettlementLayer, load_settlements, parse_lonlat
from .zone import Zone, data_region, geodesic_area_km2, outside_coverage_message, require_zone

__all__ = [
    "COUNTS",
    "COVERAGE_NAME",
    "Affected",
    "Coverage",
    "NoSettlementLayerError",
    "PlaceCheck",
    "affected",
    "check_places",
    "count_in_zone",
    "count_note",
    "counted_points",
    "require_coverage",
    "require_ensemble_coverage",
    "require_settlement_layer",
    "settlement_coverage",
    "settlements_inside",
    "zone_coverage",
]

#: What a claimed settlement count counts: every register entry, inhabited ones (population > 0), or
#: places of about 500 people or more (the Ukrainian layer's threshold, so that both sides count alike).
COUNTS = ("all", "inhabited", "population")
#: What the settlement layer covers, in words.
COVERAGE_NAME = "Bryansk, Kursk, Belgorod, Voronezh and Rostov oblasts of Russia"
#: Concave hull ratio of the coverage (0: most concave, 1: convex hull).  At
#: 0.05 the hull of the settlements and the border line, buffered, holds
#: about 258,000 km², against 245,000 km² for the five oblasts.
_COVERAGE_RATIO = 0.05
#: How far (m) the coverage reaches beyond the hull: the last settlements are
#: a few km inside an oblast's edge.
_COVERAGE_BUFFER_M = 5000.0
#: Least covered area (km², one hectare) that counts as covered ground.
_MIN_COVERED_KM2 = 0.01

#: Columns of the affected-settlement table, in output order.
COLUMNS = [
    "id",
    "name",
    "name_latin",
    "type",
    "district",
    "district_latin",
    "population",
    "lon",
    "lat",
    "distance_to_border_km",
    "distance_to_edge_km",
    "oktmo",
]


class NoSettlementLayerError(InvalidSpecError, LookupError):
    """frontmap has no settlement layer for the zone's country (``param`` is ``"side"``).

    An :class:`~frontmap.errors.InvalidSpecError`: asking for settlements on
    the UKR side is bad input (exit 2 on the command line), not a failure.
    """


@lru_cache(maxsize=1)
def settlement_coverage():
    """The area (WGS84 polygon) where the settlement layer has data.

    The shipped register extract holds the settlements of the five Russian
    oblasts along the land border (Bryansk, Kursk, Belgorod, Voronezh and
    Rostov), not Ukraine.  Its area is the concave hull (ratio 0.05) of the
    settlements and of the border line along them (chainage 0 to the last
    settlement's: the whole line), drawn in an azimuthal equidistant
    projection centred on them, buffered by 5 km, less Ukraine's polygon.
    About 258,000 km²: the oblasts' own 245,000 km² plus the 5 km margin,
    which reaches a little into Belarus and the neighbouring oblasts.
    Built once per process (about 0.3 s), or read from the cache when the
    command line has it on (:func:`frontmap.cache.cached_geometry`).

    Returns
    -------
    shapely.MultiPolygon
        The covered area in lon/lat, prepared for fast point tests; the same
        object on every call.

    Examples
    --------
    >>> import shapely
    >>> area = settlement_coverage()
    >>> area.contains(shapely.Point(35.27, 51.19)), area.contains(shapely.Point(30.52, 50.45))
    (True, False)
    """
    from .cache import cached_geometry

    area = cached_geometry("settlement_coverage", _build_settlement_coverage)
    shapely.prepare(area)
    return area


def _build_settlement_coverage():
    from .border import load_border
    from .crs import local_crs

    layer = load_settlements()
    border = load_border()
    along = border.chainage_m <= float(layer.chainage_km.max()) * 1000.0
    lon = np.concatenate([layer.lon, border.lon[along]])
    lat = np.concatenate([layer.lat, border.lat[along]])
    crs = local_crs(round(float(lon.min() + lon.max()) / 2, 3), round(float(lat.min() + lat.max()) / 2, 3))
    x, y = crs.forward(lon, lat)
    hull = shapely.concave_hull(shapely.multipoints(np.column_stack([x, y])), ratio=_COVERAGE_RATIO)
    area = crs.to_wgs84(shapely.segmentize(shapely.buffer(hull, _COVERAGE_BUFFER_M), 2000.0))
    return shapely.make_valid(shapely.difference(area, country("UKR")))


@dataclass(frozen=True)
class Coverage:
    """How much of a zone lies where the settlement layer has data.

    ``zone_area_km2`` is the zone's area as given (before any clipping to
    :func:`~frontmap.zone.data_region`), ``covered_area_km2`` the part in
    :func:`settlement_coverage`, ``in_ukraine_km2`` the part in Ukraine.
    """

    zone_area_km2: float
    covered_area_km2: float
    in_ukraine_km2: float

    @property
    def covered_share(self) -> float:
        """Covered share of the zone's area, in [0, 1]."""
        if self.zone_area_km2 <= 0:
            return 0.0
        return min(self.covered_area_km2 / self.zone_area_km2, 1.0)

    @property
    def complete(self) -> bool:
        """True when less than a hectare, and less than 0.1%, of the zone lies outside the covered area."""
        return self.zone_area_km2 - self.covered_area_km2 < min(_MIN_COVERED_KM2, 0.001 * self.zone_area_km2)

    @property
    def empty(self) -> bool:
        """True when less than a hectare, and less than 0.1%, of the zone is covered:
        no ground to count on (a tiny zone inside the area is not empty).
        """
        return self.covered_area_km2 < _MIN_COVERED_KM2 and self.covered_share < 0.001

    def to_json(self) -> dict:
        return {
            "zone_area_km2": round(self.zone_area_km2, 3),
            "covered_area_km2": round(self.covered_area_km2, 3),
            "covered_share": round(self.covered_share, 6),
            "in_ukraine_km2": round(self.in_ukraine_km2, 3),
        }

    def note(self) -> str | None:
        """What the counts cover, for a zone not wholly covered; None otherwise."""
        if self.complete:
            return None
        share = self.covered_share
        percent = "less than 0.1%" if share < 0.001 else f"only {min(share * 100, 99.9):.1f}%"
        note = (
            f"{percent} of this zone ({_km2(self.covered_area_km2)} of {_km2(self.zone_area_km2)} km²) lies in "
            f"the area frontmap has settlement data for ({COVERAGE_NAME})"
        )
        if self.in_ukraine_km2 >= min(_MIN_COVERED_KM2, 0.001 * self.zone_area_km2):
            note += (
                f"; {_km2(self.in_ukraine_km2)} km² of it lies in Ukraine, where frontmap lists mapped places "
                "only: the Russian register's counts cover the covered part only"
            )
            return note
        return note + ": the counts cover the covered part only"


def _km2(value: float) -> str:
    """An area for a note: 1,234.5, or 4 significant digits below 1 km²."""
    return f"{value:,.1f}" if value >= 1 else f"{value:.4g}"


def _intersection_km2(geom, other) -> float:
    part = clip_to_box(other, *geom.bounds)
    if part.is_empty:
        return 0.0
    try:
        both = shapely.intersection(geom, part)
    except shapely.errors.GEOSException:
        both = shapely.intersection(geom, part, grid_size=1e-7)
    both = shapely.get_parts(both)
    both = both[shapely.get_type_id(both) == 3]
    return float(sum(geodesic_area_km2(p) for p in both)) if len(both) else 0.0


def _zone_area_km2(zone: Zone, name: str, compute: Callable[[], float]) -> float:
    """An area worked out from ``zone``'s polygon, kept on the zone like its cached properties.

    A fit counts the settlements of each zone it measures and a timeline then
    lists those of its steps' zones: the areas of a zone in the covered area
    and in Ukraine are worked out once, and again only if the zone is given
    another polygon.
    """
    geometry, areas = zone.__dict__.get("_estimate_areas", (None, None))
    if geometry is not zone.geometry or areas is None:
        geometry, areas = zone.__dict__["_estimate_areas"] = (zone.geometry, {})
    if name not in areas:
        areas[name] = compute()
    return areas[name]


def _covered_km2(zone: Zone) -> float:
    """The area (km²) of ``zone`` in :func:`settlement_coverage`, at most the zone's own."""
    covered = _zone_area_km2(zone, "covered", lambda: _intersection_km2(zone.geometry, settlement_coverage()))
    return min(covered, zone.area_km2)


def _given_area_km2(zone: Zone) -> float:
    return zone.given_area_km2 if zone.given_area_km2 is not None else zone.area_km2


def zone_coverage(zone: Zone) -> Coverage:
    """The share of ``zone`` that lies where the settlement layer has data.

    Parameters
    ----------
    zone : Zone
        A built or read zone.

    Returns
    -------
    Coverage
        The zone's area as given (before any clipping), the part of it in
        :func:`settlement_coverage` and the part in Ukraine, all in km².

    Examples
    --------
    >>> from frontmap.zone import build_zone
    >>> zone_coverage(build_zone()).complete
    True
    """
    in_ukraine = _zone_area_km2(zone, "in_ukraine", lambda: _intersection_km2(zone.geometry, country("UKR")))
    return Coverage(_given_area_km2(zone), _covered_km2(zone), in_ukraine)


def require_coverage(zone: Zone) -> Coverage:
    """:func:`zone_coverage`, or :class:`~frontmap.errors.OutsideCoverageError` when
    the covered part is :attr:`Coverage.empty`: its count would be unknown, not 0.

    Parameters
    ----------
    zone : Zone
        A built or read zone.

    Returns
    -------
    Coverage
        As :func:`zone_coverage` gives it, with some covered ground.

    Raises
    ------
    OutsideCoverageError
        When the zone has no part where the settlement layer has data; the
        message says where the zone lies (in Ukraine, for one).

    Examples
    --------
    >>> from frontmap.zone import build_zone
    >>> require_coverage(build_zone()).complete
    True
    """
    coverage = zone_coverage(zone)
    if coverage.empty:
        message = outside_coverage_message(zone.label, zone.geometry, settlement_coverage())
        if coverage.in_ukraine_km2 >= min(_MIN_COVERED_KM2, 0.5 * coverage.zone_area_km2) and "swapped" not in message:
            message += " (it lies in Ukraine, where frontmap has no settlement layer yet)"
        raise OutsideCoverageError(message)
    return coverage


@dataclass
class Affected:
    """Settlements inside a zone and their totals, and how much of the zone they cover."""

    zone: Zone
    settlements: list[dict]
    notes: list[str] = field(default_factory=list)
    coverage: Coverage | None = None

    @property
    def count(self) -> int:
        """Settlements inside (every register entry, abandoned ones too)."""
        return len(self.settlements)

    @property
    def inhabited(self) -> int:
        """Settlements inside with population > 0."""
        return sum(1 for s in self.settlements if s["population"] > 0)

    @property
    def population(self) -> int:
        """Total population of the settlements inside (register figures)."""
        return sum(s["population"] for s in self.settlements)

    @property
    def by_district(self) -> dict:
        """Per district: ``count``, ``inhabited`` and ``population``."""
        out: dict = {}
        for s in self.settlements:
            d = out.setdefault(s["district"], {"count": 0, "inhabited": 0, "population": 0})
            d["count"] += 1
            d["inhabited"] += s["population"] > 0
            d["population"] += s["population"]
        return dict(sorted(out.items(), key=lambda kv: (-kv[1]["count"], kv[0])))

    def to_json(self) -> dict:
        """The contract of ``frontmap affected --format json``."""
        return {
            "zone": self.zone.to_properties(),
            "count": self.count,
            "inhabited": self.inhabited,
            "population": self.population,
            "by_district": self.by_district,
            "coverage": self.coverage.to_json() if self.coverage is not None else None,
            "notes": list(self.notes),
            "settlements": self.settlements,
        }

    def to_geodataframe(self):
        """The settlements inside as points in EPSG:4326, the columns of ``--format csv``."""
        from .geodataframe import rows_to_geodataframe

        return rows_to_geodataframe(self.settlements, COLUMNS)


def settlement_row(s) -> dict:
    """A settlement's fields as the outputs list them, with its distance from the border."""
    return {
        "id": s.id,
        "name": s.name,
        "name_latin": s.name_latin,
        "type": s.type,
        "district": s.district,
        "district_latin": s.district_latin,
        "population": s.population,
        "lon": s.lon,
        "lat": s.lat,
        "distance_to_border_km": round(abs(s.offset_km), 3),
    }


def require_settlement_layer(side: str, *, mapped_ok: bool = False) -> None:
    """Raise :class:`NoSettlementLayerError` unless frontmap can count settlements on ``side``.

    With ``mapped_ok`` the Ukrainian side passes: :func:`affected`, fits and
    ensembles count its mapped places and say what they leave out.

    Parameters
    ----------
    side : str
        The zone's side, ``"RUS"`` or ``"UKR"``.
    mapped_ok : bool, default False
        Whether the Ukrainian mapped places (not a full settlement layer) are
        good enough for the caller.

    Returns
    -------
    None

    Raises
    ------
    NoSettlementLayerError
        When ``side`` is not ``"RUS"`` (nor ``"UKR"`` with ``mapped_ok``);
        its ``param`` is ``"side"``.

    Examples
    --------
    >>> require_settlement_layer("RUS"), require_settlement_layer("UKR", mapped_ok=True)
    (None, None)
    >>> require_settlement_layer("UKR")
    Traceback (most recent call last):
    ...
    frontmap.estimate.NoSettlementLayerError: frontmap has no Ukrainian settlement layer yet, ...
    """
    if side != "RUS" and not (mapped_ok and side == "UKR"):
        raise NoSettlementLayerError(
            "frontmap has no Ukrainian settlement layer yet, so it cannot list or count settlements "
            "in a zone on the UKR side (the count is unknown, not 0)",
            "side",
        )


def affected(zone: Zone, layer: SettlementLayer | None = None) -> Affected:
    """The settlements inside ``zone``.

    A zone built on the Ukrainian side (or the union of axes there) lists
    the mapped Ukrainian places inside, with a note and a ``coverage``
    record saying what they leave out (:func:`affected_ukraine`).  A zone
    on the Russian side raises :class:`~frontmap.errors.OutsideCoverageError`
    when it has no part in :func:`settlement_coverage`; a zone partly in it
    is counted there, with a note and ``Affected.coverage`` saying how much
    of it that is.  A zone file (no side) is counted in both countries: the
    Russian settlements in the covered part and the mapped Ukrainian places
    in its Ukrainian part; it is refused only when it has no part in either.
    A zone file clipped to the data region gets a note too.

    Parameters
    ----------
    zone : Zone, shapely geometry, GeoSeries, GeoDataFrame or pathlib.Path
        The zone (see :func:`~frontmap.zone.require_zone` for what holds one).
    layer : SettlementLayer, optional
        The Russian settlements to list; the shipped register
        (:func:`~frontmap.settlements.load_settlements`) when None.

    Returns
    -------
    Affected
        The settlements inside as rows (the columns of :data:`COLUMNS`), their
        ``count``, ``inhabited`` count and ``population``, notes, and the
        zone's ``coverage``.

    Raises
    ------
    OutsideCoverageError
        When the zone has no part where frontmap has settlements.
    TypeError
        When ``zone`` holds no zone (a spec, a dict, a str, None).

    Examples
    --------
    >>> from frontmap.zone import build_zone
    >>> result = affected(build_zone())
    >>> result.count > 20 and all(s["distance_to_edge_km"] >= 0 for s in result.settlements)
    True
    """
    zone = require_zone(zone)
    side = zone.side
    if side == "UKR":
        return affected_ukraine(zone)
    if side is None:
        return _affected_both(zone, layer)
    return _affected_russia(zone, require_coverage(zone), layer)


def _affected_russia(zone: Zone, coverage: Coverage, layer: SettlementLayer | None) -> Affected:
    """The register's settlements inside ``zone`` (its covered part)."""
    layer = layer or load_settlements()
    idx, edge = _inside_register(zone, layer)
    notes = [note for note in (clip_note(zone), coverage.note()) if note]
    return Affected(zone, _register_rows(layer, idx, edge), notes, coverage)


def _inside_register(zone: Zone, layer: SettlementLayer) -> tuple[np.ndarray, np.ndarray]:
    """The indices of ``layer``'s settlements inside ``zone`` and their distances (km) from its edge."""
    idx = np.flatnonzero(zone.contains(layer.lon, layer.lat))
    edge = zone.distance_to_edge_km(layer.lon[idx], layer.lat[idx]) if len(idx) else np.array([])
    return idx, edge


def _register_rows(layer: SettlementLayer, idx: np.ndarray, edge: np.ndarray) -> list[dict]:
    """The rows of :func:`affected` for ``layer``'s settlements ``idx``, ``edge`` km from the zone's edge."""
    rows = []
    for k, i in enumerate(idx.tolist()):
        s = layer.settlements[i]
        rows.append({**settlement_row(s), "distance_to_edge_km": round(float(edge[k]), 3), "oktmo": s.oktmo})
    rows.sort(key=lambda r: (r["distance_to_border_km"], r["id"]))
    return rows


#: A settlement inside a zone, this far (degrees: over 160 m at latitudes below 60°) from the zone's
#: edge and from Ukraine's polygon, shows the zone has covered ground (:func:`_surely_covered`) ...
_SURE_DEG = 0.003
#: ... as do those so far (km) from the edge in the zone's local metres, of which ...
_SURE_EDGE_KM = 0.2
#: ... so many are tried at most.
_SURE_TRIES = 8


def _surely_covered(zone: Zone, layer: SettlementLayer, idx: np.ndarray, edge: np.ndarray) -> bool:
    """Whether ``zone`` surely has covered ground (is not :attr:`Coverage.empty`), without drawing the coverage.

    :func:`settlement_coverage` holds every settlement of the register with
    5 km around it, less Ukraine.  A settlement inside the zone whose
    distance in degrees from the zone's edge and from Ukraine is 0.003 or
    more has a disc over 160 m wide around it in both the zone's polygon and
    the coverage (0.08 km² or more): more than the hectare
    :attr:`Coverage.empty` asks.  ``idx`` and ``edge`` are the settlements
    inside and their distances (km) from the edge in the zone's local metres,
    which pick the ones to try.  False only means "not shown so".
    """
    if layer is not load_settlements():
        return False  # the coverage is drawn around the shipped register
    deep = idx[edge >= _SURE_EDGE_KM][:_SURE_TRIES]
    if not len(deep):
        return False
    points = shapely.points(layer.lon[deep], layer.lat[deep])
    inside = shapely.distance(shapely.boundary(zone.geometry), points) >= _SURE_DEG
    return bool(np.any(inside & ~shapely.dwithin(country("UKR"), points, _SURE_DEG)))


def _require_covered_russia(zone: Zone, layer: SettlementLayer, idx: np.ndarray, edge: np.ndarray) -> None:
    """Raise :class:`~frontmap.errors.OutsideCoverageError` as :func:`require_coverage` does,
    measuring the covered part only when a settlement inside does not show it.
    """
    if _surely_covered(zone, layer, idx, edge):
        return
    if Coverage(_given_area_km2(zone), _covered_km2(zone), 0.0).empty:  # (the part in Ukraine is not asked)
        require_coverage(zone)  # raises, its message saying where the zone lies


def settlements_inside(zone: Zone) -> list[dict]:
    """The settlements inside ``zone``: :func:`affected`'s rows, without its notes and coverage record.

    A Russian-side zone's rows come without measuring how much of the zone
    the settlement layer covers when a settlement well inside the zone shows
    that it covers some.

    Parameters
    ----------
    zone : Zone, shapely geometry, GeoSeries, GeoDataFrame or pathlib.Path
        The zone (see :func:`~frontmap.zone.require_zone` for what holds one).

    Returns
    -------
    list of dict
        ``affected(zone).settlements``.

    Raises
    ------
    OutsideCoverageError
        As :func:`affected` does.

    Examples
    --------
    >>> from frontmap.zone import build_zone
    >>> zone = build_zone()
    >>> settlements_inside(zone) == affected(zone).settlements
    True
    """
    zone = require_zone(zone)
    if zone.side != "RUS":
        return affected(zone).settlements
    layer = load_settlements()
    idx, edge = _inside_register(zone, layer)
    _require_covered_russia(zone, layer, idx, edge)
    return _register_rows(layer, idx, edge)


def _has_ukrainian_part(coverage: Coverage) -> bool:
    """Whether a hectare, or 0.1%, of a zone lies in Ukraine."""
    return coverage.in_ukraine_km2 >= min(_MIN_COVERED_KM2, 0.001 * coverage.zone_area_km2)


def _affected_both(zone: Zone, layer: SettlementLayer | None) -> Affected:
    """A zone file in either country: Russian settlements in the covered part, mapped Ukrainian places in Ukraine."""
    coverage = zone_coverage(zone)
    if not _has_ukrainian_part(coverage):
        return _affected_russia(zone, require_coverage(zone), layer)
    russian = _affected_russia(zone, coverage, layer) if not coverage.empty else Affected(zone, [], [], coverage)
    ukrainian = affected_ukraine(zone)
    rows = sorted(russian.settlements + ukrainian.settlements, key=lambda r: (r["distance_to_border_km"], r["id"]))
    # One note on coverage, as for a zone in Russia alone: the Russian share, then what the Ukrainian part lists.
    shares = [n for n in (coverage.note(), ukraine_note(ukrainian.ukraine_coverage)) if n]
    notes = [n for n in (clip_note(zone), "; ".join(shares)) if n]
    return UkraineAffected(zone, rows, notes, coverage, ukrainian.ukraine_coverage)


def ukraine_row(p, edge_km: float) -> dict:
    """A mapped Ukrainian place as the outputs list it (``oktmo`` holds its KATOTTG code)."""
    return {
        "id": p.id,
        "name": p.name,
        "name_latin": p.name_latin,
        "type": p.type,
        "district": p.district,
        "district_latin": p.district_latin,
        "population": p.population,
        "lon": p.lon,
        "lat": p.lat,
        "distance_to_border_km": round(abs(p.offset_km), 3),
        "distance_to_edge_km": round(float(edge_km), 3),
        "oktmo": p.katottg,
        "hromada": p.hromada,
        "name_ru": p.name_ru,
    }


def ukraine_coverage(layer, places) -> dict:
    """The ``coverage`` record of a count on the Ukrainian side: what is mapped, and what may also lie inside."""
    from .ukraine import MAPPED_MIN_POPULATION, unmapped_in_hromadas

    unmapped, hromadas = unmapped_in_hromadas(layer, places)
    return {
        "side": "UKR",
        "mapped_places": len(places),
        "mapped_population": int(sum(p.population for p in places)),
        "mapped_min_population": MAPPED_MIN_POPULATION,
        "complete": False,
        "hromadas": len(hromadas),
        "unmapped_in_hromadas": unmapped,
    }


def ukraine_note(cov: dict) -> str:
    """The note that keeps a Ukrainian count from reading as complete."""

    def n(count: int, one: str, many: str) -> str:
        return f"{count:,} {one if count == 1 else many}"

    head = f"Ukrainian side: only places of about {cov['mapped_min_population']} people or more are mapped (GeoNames)"
    if not cov["mapped_places"]:
        return f"{head}; no mapped place lies inside, which does not mean no settlement does"
    hromadas = n(cov["hromadas"], "hromada", "hromadas")
    places = n(cov["mapped_places"], "mapped place", "mapped places")
    others = n(cov["unmapped_in_hromadas"], "more settlement", "more settlements")
    return (
        f"{head}; the {hromadas} of the {places} inside {'holds' if cov['hromadas'] == 1 else 'hold'} "
        f"{others} without coordinates, which may also lie inside"
    )


@dataclass
class UkraineAffected(Affected):
    """:class:`Affected` on the Ukrainian side: ``coverage`` is a dict (:func:`ukraine_coverage`)."""

    ukraine_coverage: dict = field(default_factory=dict)

    def to_json(self) -> dict:
        """:meth:`Affected.to_json`; ``coverage`` is the Ukrainian record, or for a zone file in both
        countries the Russian coverage with the Ukrainian record as ``coverage.ukraine``.
        """
        doc = super().to_json()
        if self.coverage is None:
            doc["coverage"] = dict(self.ukraine_coverage)
        else:
            doc["coverage"] = {**self.coverage.to_json(), "ukraine": dict(self.ukraine_coverage)}
        return doc


def affected_ukraine(zone: Zone) -> UkraineAffected:
    """The mapped Ukrainian places inside a zone built on the UKR side, with what the count leaves out.

    Examples
    --------
    >>> from frontmap.zone import ZoneSpec, build_zone
    >>> found = affected_ukraine(build_zone(ZoneSpec("36.94,50.29", 20, 8, side="UKR")))
    >>> found.to_json()["coverage"]["mapped_min_population"]
    500
    """
    from .ukraine import load_ukraine

    layer = load_ukraine()
    idx = np.flatnonzero(zone.contains(layer.lon, layer.lat))
    edge = zone.distance_to_edge_km(layer.lon[idx], layer.lat[idx]) if len(idx) else np.array([])
    places = [layer.places[i] for i in idx]
    rows = [ukraine_row(p, e) for p, e in zip(places, edge, strict=True)]
    rows.sort(key=lambda r: (r["distance_to_border_km"], r["id"]))
    cov = ukraine_coverage(layer, places)
    notes = [note for note in (clip_note(zone), ukraine_note(cov)) if note]
    return UkraineAffected(zone, rows, notes, None, cov)


def counted_points(side: str, count: str = "all"):
    """The border coordinates of the places a claimed count counts on ``side``: ``(chainage_km,
    depth_into_km, picked)``, ``picked`` being the layer's indices (for fits and ensembles).

    On the Russian side ``count`` picks every register entry (``all``), those with population
    > 0 (``inhabited``) or of 500 people or more (``population``).  On the Ukrainian side
    every count is of the mapped places (GeoNames places of about 500 people or more): the
    smaller settlements have no coordinates (:func:`count_note` says so).

    Parameters
    ----------
    side : {"RUS", "UKR"}
        The country the zone lies in.
    count : {"all", "inhabited", "population"}, default "all"
        What the claimed count counts (see :data:`COUNTS`).

    Returns
    -------
    tuple of numpy.ndarray
        ``(chainage_km, depth_into_km, picked)``: the places' chainages, their
        depths (km, >= 0) into ``side``, and their indices in the layer.

    Raises
    ------
    InvalidSpecError
        When ``count`` is not one of :data:`COUNTS`.

    Examples
    --------
    >>> s, d, _ = counted_points("UKR")
    >>> len(s) > 1000 and bool((d >= 0).all())
    True
    """
    from .spec import depth_into_side

    if count not in COUNTS:
        raise InvalidSpecError(f"count={count!r} is not a valid option, must be one of {', '.join(COUNTS)}", "count")
    if side == "UKR":
        from .ukraine import load_ukraine

        ukr = load_ukraine()
        chainage, into = ukr.chainage_km, depth_into_side(ukr.offset_km, side)
        pick = into >= 0
    else:
        from .ukraine import MAPPED_MIN_POPULATION

        register = load_settlements()
        chainage, into = register.chainage_km, depth_into_side(register.offset_km, side)
        pick = into >= 0
        if count == "inhabited":
            pick &= register.population > 0
        elif count == "population":
            pick &= register.population >= MAPPED_MIN_POPULATION
    picked = np.flatnonzero(pick)
    return chainage[picked], into[picked], picked


def count_in_zone(zone: Zone, count: str = "all") -> int:
    """How many places of the zone's side a claimed count of kind ``count`` counts inside ``zone``
    (as :func:`counted_points` picks them).

    Parameters
    ----------
    zone : Zone
        A built zone (its ``side`` says which layer is counted).
    count : {"all", "inhabited", "population"}, default "all"
        What the claimed count counts (see :data:`COUNTS`); on the Ukrainian
        side every kind counts the mapped places.

    Returns
    -------
    int
        How many places are inside (>= 0).

    Raises
    ------
    OutsideCoverageError
        As :func:`affected` does.

    Examples
    --------
    >>> from frontmap.zone import build_zone
    >>> zone = build_zone()
    >>> count_in_zone(zone) >= count_in_zone(zone, "inhabited") >= count_in_zone(zone, "population")
    True
    """
    from .ukraine import MAPPED_MIN_POPULATION

    zone = require_zone(zone)
    least = 0 if count == "all" else 1 if count == "inhabited" else MAPPED_MIN_POPULATION
    if zone.side == "RUS":
        # affected()'s rows without building them: the register's settlements inside, once
        # the zone has covered ground (the part in Ukraine matters only to the error's message).
        layer = load_settlements()
        idx, edge = _inside_register(zone, layer)
        _require_covered_russia(zone, layer, idx, edge)
        return len(idx) if count == "all" else int(np.count_nonzero(layer.population[idx] >= least))
    result = affected(zone)
    rows = [r for r in result.settlements if "hromada" not in r] if zone.side != "UKR" else result.settlements
    if zone.side == "UKR" or count == "all":
        return len(rows)
    return sum(1 for r in rows if r["population"] >= least)


def count_note(side: str, count: str) -> str:
    """What a modelled settlement count compares with, for a fit's notes.

    Parameters
    ----------
    side : {"RUS", "UKR"}
        The country the zone lies in.
    count : {"all", "inhabited", "population"}
        What the claimed count counts (see :data:`COUNTS`).

    Returns
    -------
    str
        One sentence, without a final full stop.

    Examples
    --------
    >>> count_note("RUS", "inhabited")
    'the settlement count compares with inhabited settlements (population > 0)'
    """
    from .ukraine import MAPPED_MIN_POPULATION

    if side == "UKR":
        if count == "population":
            return (
                f"the settlement count compares with Ukrainian places of about {MAPPED_MIN_POPULATION} people "
                "or more: the mapped places (GeoNames)"
            )
        return (
            f"the settlement count compares with mapped Ukrainian places only (GeoNames places of about "
            f"{MAPPED_MIN_POPULATION} people or more): a claim that counts smaller villages too would be met by "
            "a smaller zone, so read this one as an upper bound; give --count population when the claim counts "
            "towns and large villages only"
        )
    what = {
        "all": "every register entry",
        "inhabited": "inhabited settlements (population > 0)",
        "population": f"settlements of {MAPPED_MIN_POPULATION} people or more (as the Ukrainian layer maps them)",
    }
    return f"the settlement count compares with {what[count]}"


def layer_for_side(side: str):
    """The layer an ensemble joins on ``side``: the register, or the Ukrainian mapped places."""
    if side == "UKR":
        from .ukraine import load_ukraine

        return load_ukraine()
    return load_settlements()


def require_ensemble_coverage(ensemble) -> None:
    """Check that an ensemble's zones reach where the settlement layer has data.

    An ensemble counts settlements by chainage and offset along the border
    (:mod:`frontmap.ensemble`); the layer has settlements along the border
    from chainage 0 (the Belarus tripoint) to its last settlement's (the
    Sea of Azov coast in Rostov oblast, km 2005).  Raises
    :class:`~frontmap.errors.OutsideCoverageError` when no member's front
    reaches that stretch; appends a note to ``ensemble.notes`` when only
    part of the members' fronts lies on it.

    Parameters
    ----------
    ensemble : Ensemble
        An ensemble (:func:`frontmap.ensemble.ensemble`); its ``notes`` may
        grow.

    Returns
    -------
    None

    Raises
    ------
    OutsideCoverageError
        When no member's front lies along the stretch the layer covers.

    Examples
    --------
    >>> from frontmap.ensemble import ensemble
    >>> from frontmap.zone import ZoneSpec
    >>> sampled = ensemble(ZoneSpec("Sudzha", 40, 12), n=50, seed=1)
    >>> require_ensemble_coverage(sampled), sampled.notes
    (None, [])
    """
    members = ensemble.members
    layer = layer_for_side(members.side)
    name = COVERAGE_NAME if members.side != "UKR" else "the mapped places of Ukraine"
    lo, hi = float(layer.chainage_km.min()), float(layer.chainage_km.max())
    a = np.asarray(members.centre_km, float) - np.asarray(members.width_km, float) / 2.0
    b = np.asarray(members.centre_km, float) + np.asarray(members.width_km, float) / 2.0
    covered = np.clip(np.minimum(b, hi) - np.maximum(a, lo), 0.0, None).sum()
    share = float(covered / max((b - a).sum(), 1e-9))
    around = repr(ensemble.spec.anchor) if ensemble.spec is not None else "a front fitted through named places"
    where = f"the zones sampled around {around}"
    if covered <= 0:
        raise OutsideCoverageError(
            f"{where} lie outside the area frontmap has settlement data for ({name}): the count is unknown, not 0"
        )
    if share < 0.999:
        ensemble.notes.append(
            f"only {share * 100:.1f}% of the sampled fronts runs along the border of {name}, where frontmap "
            "has settlement data: the counts and probabilities cover that part only"
        )


def clip_note(zone: Zone) -> str | None:
    """What clipping a zone file to :func:`~frontmap.zone.data_region` left out; None if nothing."""
    if zone.given_area_km2 is None:
        return None
    minx, miny, maxx, maxy = data_region()
    left_out = max(zone.given_area_km2 - zone.area_km2, 0.0)
    return (
        f"this zone reaches beyond the region frontmap has data for (lon {minx:g} to {maxx:g}, lat {miny:g} to "
        f"{maxy:g}) and was clipped to it: {left_out:,.1f} of its {zone.given_area_km2:,.1f} km² were left out, "
        "and its area and distances to its edge are the clipped zone's"
    )


@dataclass(frozen=True)
class PlaceCheck:
    """The answer for one place: inside or not, and how far from the edge."""

    query: str
    id: int | None
    name: str | None
    name_latin: str | None
    district: str | None
    lon: float
    lat: float
    inside: bool
    distance_to_edge_km: float

    def to_json(self) -> dict:
        return {
            "query": self.query,
            "id": self.id,
            "name": self.name,
            "name_latin": self.name_latin,
            "district": self.district,
            "lon": self.lon,
            "lat": self.lat,
            "inside": self.inside,
            "distance_to_edge_km": round(self.distance_to_edge_km, 3),
        }


def _zone_side(zone: Zone) -> str:
    return zone.side or "RUS"


def find_place(query: str, layer: SettlementLayer | None = None, side: str = "RUS"):
    """The settlement or mapped Ukrainian place ``query`` names: the zone's side's layer first.

    A name the first layer does not know is looked up in the other; an
    ambiguous name, or a query with a character no name has, is answered
    by the first.  A name known only as an unmapped Ukrainian settlement
    raises :class:`~frontmap.ukraine.UnmappedPlaceError` (asking for its
    ``lon,lat``).
    """
    from .errors import InvalidPlaceError, UnknownPlaceError
    from .settlements import check_place_text
    from .ukraine import UnmappedPlaceError, load_ukraine

    check_place_text(query)

    def russian(q: str):
        return (layer or load_settlements()).find(q)

    def ukrainian(q: str):  # read only when a name needs it
        return load_ukraine().find(q)

    first, second = (ukrainian, russian) if side == "UKR" else (russian, ukrainian)
    try:
        return first(query)
    except InvalidPlaceError:
        raise
    except UnknownPlaceError as exc:
        try:
            return second(query)
        except UnmappedPlaceError:
            raise
        except UnknownPlaceError:
            if isinstance(exc, UnmappedPlaceError):
                raise exc from None
            if side != "UKR":
                _raise_if_unmapped(query)
            raise exc from None


def _raise_if_unmapped(query: str) -> None:
    from .ukraine import load_ukraine

    try:
        load_ukraine().find(query)
    except LookupError as exc:
        from .ukraine import UnmappedPlaceError

        if isinstance(exc, UnmappedPlaceError):
            raise exc from None


def check_places(zone: Zone, queries: list[str], layer: SettlementLayer | None = None) -> list[PlaceCheck]:
    """Inside or outside, for each place name or ``lon,lat``.

    Every query is resolved before anything is answered, so one unknown or
    ambiguous name raises its error (see :mod:`frontmap.settlements`) and no
    partial answer is given.  A zone read from a file must have a part in
    :func:`settlement_coverage` (else :class:`~frontmap.errors.OutsideCoverageError`);
    a zone file clipped to :func:`~frontmap.zone.data_region` answers only for
    points inside that region (else :class:`~frontmap.errors.InvalidCoordinatesError`).

    Parameters
    ----------
    zone : Zone, shapely geometry, GeoSeries, GeoDataFrame or pathlib.Path
        The zone (see :func:`~frontmap.zone.require_zone` for what holds one).
    queries : list of str
        Place names (queries as :meth:`~frontmap.settlements.SettlementLayer.find`
        takes them) or ``"lon,lat"`` strings.
    layer : SettlementLayer, optional
        Where names are looked up; the shipped register when None.

    Returns
    -------
    list of PlaceCheck
        One per query, in order: the place found (None for coordinates), its
        lon/lat, whether it is inside and its distance (km) from the edge.

    Raises
    ------
    UnknownPlaceError, AmbiguousPlaceError
        When a name matches no place or several.
    OutsideCoverageError
        When a zone file has no part where frontmap has settlements.
    InvalidCoordinatesError
        When a point lies beyond the region a clipped zone file was cut to.
    TypeError
        When ``queries`` is a single str or holds something else than str.

    Examples
    --------
    >>> from frontmap.zone import build_zone
    >>> checks = check_places(build_zone(), ["Sudzha", "35.0,50.5"])
    >>> [(c.query, c.name_latin, c.inside, round(c.distance_to_edge_km, 1)) for c in checks]
    [('Sudzha', 'Sudzha', True, 1.3), ('35.0,50.5', None, False, 65.7)]
    """
    zone = require_zone(zone)
    if isinstance(queries, (str, bytes)) or not all(isinstance(q, str) for q in queries):
        raise TypeError("queries must be a list of place names or 'lon,lat' strings")
    if zone.side is None:
        coverage = zone_coverage(zone)
        if not _has_ukrainian_part(coverage):
            require_coverage(zone)
    resolved = []
    for query in queries:
        lonlat = parse_lonlat(query)
        if lonlat is not None:
            hint = swapped_point_hint(*lonlat)
            if hint is not None:
                raise InvalidCoordinatesError(
                    f"{query!r}, read as lon {lonlat[0]:g}, lat {lonlat[1]:g}, lies far beyond the region frontmap "
                    f"has data for; {hint}"
                )
            resolved.append((query, None, lonlat))
        else:
            s = find_place(query, layer, _zone_side(zone))
            resolved.append((query, s, (s.lon, s.lat)))
    if not resolved:
        return []
    lon = np.array([r[2][0] for r in resolved])
    lat = np.array([r[2][1] for r in resolved])
    if zone.given_area_km2 is not None:
        minx, miny, maxx, maxy = data_region()
        beyond = np.flatnonzero((lon < minx) | (lon > maxx) | (lat < miny) | (lat > maxy))
        if len(beyond):
            raise InvalidCoordinatesError(
                f"{resolved[beyond[0]][0]!r} lies beyond the region frontmap has data for (lon {minx:g} to {maxx:g}, "
                f"lat {miny:g} to {maxy:g}), where {zone.label} was clipped: frontmap cannot say whether it is inside"
            )
    inside = zone.contains(lon, lat)
    edge = zone.distance_to_edge_km(lon, lat)
    out = []
    for (query, s, (x, y)), ins, dist in zip(resolved, inside, edge, strict=True):
        out.append(
            PlaceCheck(
                query,
                s.id if s else None,
                s.name if s else None,
                s.name_latin if s else None,
                s.district if s else None,
                float(x),
                float(y),
                bool(ins),
                float(dist),
            )
        )
    return out
