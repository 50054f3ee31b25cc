"""Comparing a zone with a reference: overlap, depth and settlements.

:func:`compare_zones` sets a modelled zone ``A`` against a reference ``B``
(a map the user trusts) and measures how far they agree: their geodesic
areas, the intersection over union, the area in only one of them, each
one's greatest distance from the border line (:func:`max_depth_km`), and,
at the level of settlements, the precision, recall and F1 of ``A``'s
settlements against ``B``'s.  Settlements come from
:func:`frontmap.estimate.affected`, so the same caveats hold: the Russian
register covers Bryansk, Kursk, Belgorod, Voronezh and Rostov oblasts, and the
Ukrainian layer maps places of about 500 people or more.  A zone with no part there
has an unknown count (None, never 0), and so has every ratio that needs it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import shapely

from .border import Border, load_border
from .errors import OutsideCoverageError
from .estimate import COVERAGE_NAME, NoSettlementLayerError, affected, zone_coverage
from .settlements import SettlementLayer, load_settlements
from .vector import as_zone
from .zone import Zone, geodesic_area_km2

__all__ = ["Comparison", "compare_zones", "max_depth_km"]

#: Spacing (m) the polygon's edges are first sampled at.
_SAMPLE_M = 100.0
#: Spacing (m) of the second pass over the stretches that may hold the maximum.
_FINE_M = 1.0
#: Spacing (m) of the border points whose Voronoi vertices are the interior candidates.
_SITE_M = 50.0
#: Grid (degrees, about 1 cm) of the overlay's fallback when GEOS fails on the exact one.
_GRID_DEG = 1e-7


@dataclass(frozen=True)
class Comparison:
    """How a zone ``A`` (the model) agrees with a reference ``B``.

    Areas are geodesic km² on the WGS84 ellipsoid, depths geodesic km from
    the border line.  The settlement figures are ``None`` where a ratio is
    undefined (see ``notes``) or where frontmap has no settlement layer: a
    zone with no part in :func:`~frontmap.estimate.settlement_coverage` has
    an unknown count, while ``settlements_both`` stays known when the other
    zone's settlements are (they are points: inside the first or not).
    """

    area_a_km2: float
    area_b_km2: float
    intersection_km2: float
    max_depth_a_km: float
    max_depth_b_km: float
    settlements_a: int | None
    settlements_b: int | None
    settlements_both: int | None
    #: Rows of :func:`~frontmap.estimate.affected` in one zone only, by id.
    only_a: list[dict] = field(default_factory=list)
    only_b: list[dict] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def only_a_km2(self) -> float:
        """Area in ``A`` but not in ``B``."""
        return max(self.area_a_km2 - self.intersection_km2, 0.0)

    @property
    def only_b_km2(self) -> float:
        """Area in ``B`` but not in ``A``."""
        return max(self.area_b_km2 - self.intersection_km2, 0.0)

    @property
    def union_km2(self) -> float:
        return self.area_a_km2 + self.area_b_km2 - self.intersection_km2

    @property
    def iou(self) -> float:
        """Intersection over union of the areas, in [0, 1]."""
        return self.intersection_km2 / self.union_km2 if self.union_km2 > 0 else 0.0

    @property
    def precision(self) -> float | None:
        """Share of ``A``'s settlements that are in ``B``; None if ``A`` holds none."""
        return _ratio(self.settlements_both, self.settlements_a)

    @property
    def recall(self) -> float | None:
        """Share of ``B``'s settlements that are in ``A``; None if ``B`` holds none."""
        return _ratio(self.settlements_both, self.settlements_b)

    @property
    def f1(self) -> float | None:
        """``2|A∩B| / (|A| + |B|)``: the harmonic mean of precision and recall
        where both are defined, 0 when only one set is empty, None when both are.

        With one count unknown it is 0 when ``|A∩B|`` is 0 and the other count
        is not (whatever the unknown count is), and None otherwise.
        """
        a, b, both = self.settlements_a, self.settlements_b, self.settlements_both
        if both is None:
            return None
        if a is None or b is None:
            known = a if a is not None else b
            return 0.0 if both == 0 and known else None
        return _ratio(2 * both, a + b)

    @property
    def only_a_ids(self) -> list[int]:
        return [s["id"] for s in self.only_a]

    @property
    def only_b_ids(self) -> list[int]:
        return [s["id"] for s in self.only_b]

    def to_json(self) -> dict:
        """The contract of ``frontmap compare --json``."""

        def ratio(value):
            return None if value is None else round(value, 6)

        def brief(rows):
            keys = ("id", "name", "name_latin", "type", "district", "population")
            return [{k: s[k] for k in keys} for s in rows]

        return {
            "area_a_km2": round(self.area_a_km2, 3),
            "area_b_km2": round(self.area_b_km2, 3),
            "intersection_km2": round(self.intersection_km2, 3),
            "union_km2": round(self.union_km2, 3),
            "iou": round(self.iou, 6),
            "only_a_km2": round(self.only_a_km2, 3),
            "only_b_km2": round(self.only_b_km2, 3),
            "max_depth_a_km": round(self.max_depth_a_km, 3),
            "max_depth_b_km": round(self.max_depth_b_km, 3),
            "settlements_a": self.settlements_a,
            "settlements_b": self.settlements_b,
            "settlements_both": self.settlements_both,
            "precision": ratio(self.precision),
            "recall": ratio(self.recall),
            "f1": ratio(self.f1),
            "only_a_ids": self.only_a_ids,
            "only_b_ids": self.only_b_ids,
            "only_a_settlements": brief(self.only_a),
            "only_b_settlements": brief(self.only_b),
            "notes": list(self.notes),
        }


def _ratio(num: int | None, den: int | None) -> float | None:
    if num is None or not den:
        return None
    return num / den


def compare_zones(
    a: Zone | Any, b: Zone | Any, border: Border | None = None, layer: SettlementLayer | None = None
) -> Comparison:
    """Compare a modelled zone ``a`` with a reference zone ``b``.

    Each may be a :class:`~frontmap.zone.Zone`, a shapely (Multi)Polygon in
    lon/lat, a GeoSeries or GeoDataFrame in any CRS, or a file of any vector
    format as a :class:`pathlib.Path` (see :func:`frontmap.vector.as_zone`;
    :func:`frontmap.vector.read_zone` reads one layer or the features a
    ``where`` filter keeps).

    Areas are geodesic (WGS84 ellipsoid) and the overlay is done on the
    lon/lat polygons, whose edges are straight in lon/lat as GeoJSON draws
    them.  ``only_a_km2`` and ``only_b_km2`` are each area less the
    intersection, so ``area_a = only_a + intersection`` exactly.  Depths are
    :func:`max_depth_km` of each.  Settlements are those
    :func:`~frontmap.estimate.affected` finds in each zone; precision is
    ``|A∩B|/|A|``, recall ``|A∩B|/|B|``.  A ratio over an empty set is
    None and ``notes`` says why; the notes of ``affected`` (a zone partly
    outside the settlement layer's area, or clipped) are passed on, prefixed
    with the zone they concern.  A zone with no part in the layer's area
    has an unknown count (None, with a note): the ratios that need it are
    None, never 0.

    Parameters
    ----------
    a : Zone, shapely geometry, GeoSeries, GeoDataFrame or pathlib.Path
        The modelled zone (the one being judged).
    b : Zone, shapely geometry, GeoSeries, GeoDataFrame or pathlib.Path
        The reference zone it is judged against.
    border : Border, optional
        The border line depths are measured from; the bundled border
        (:func:`~frontmap.border.load_border`) when None.
    layer : SettlementLayer, optional
        The settlements counted in each zone; the bundled layer
        (:func:`~frontmap.settlements.load_settlements`) when None.  When no
        layer can be had, the settlement figures are None and a note says why.

    Returns
    -------
    Comparison
        Areas, intersection, depths and settlement figures of both zones,
        with ``notes`` on every figure that is undefined or unknown.

    Raises
    ------
    ZoneFileError
        When ``a`` or ``b`` is an empty geometry or a file that holds no
        usable zone.
    TypeError
        When ``a`` or ``b`` is a kind of value that holds no zone (a ``str``
        included: pass a path as :class:`pathlib.Path`).

    Examples
    --------
    >>> from frontmap.zone import build_zone
    >>> zone = build_zone()
    >>> result = compare_zones(zone, zone)
    >>> round(result.iou, 6), result.precision, result.only_a_ids
    (1.0, 1.0, [])
    """
    a, b = as_zone(a, "a"), as_zone(b, "b")
    border = border or load_border()
    area_a, area_b = geodesic_area_km2(a.geometry), geodesic_area_km2(b.geometry)
    both = _intersection(a.geometry, b.geometry)
    inter = 0.0 if both.is_empty else min(geodesic_area_km2(both), area_a, area_b)
    notes: list[str] = []
    try:
        layer = layer or load_settlements()
        found_a, found_b = _settlements(a, layer, "zone A", notes), _settlements(b, layer, "reference B", notes)
    except NoSettlementLayerError as exc:
        notes.append(f"no settlement figures: {exc}")
        counts, only_a, only_b = (None, None, None), [], []
    else:
        counts, only_a, only_b = _settlement_figures(a, b, found_a, found_b, notes)
    return Comparison(
        area_a_km2=area_a,
        area_b_km2=area_b,
        intersection_km2=inter,
        max_depth_a_km=max_depth_km(a, border),
        max_depth_b_km=max_depth_km(b, border),
        settlements_a=counts[0],
        settlements_b=counts[1],
        settlements_both=counts[2],
        only_a=only_a,
        only_b=only_b,
        notes=notes,
    )


def _settlements(zone: Zone, layer, label: str, notes: list[str]) -> list[dict] | None:
    """The settlements :func:`affected` finds in ``zone``, or None when the zone has
    no part where the register has data; its notes go to ``notes``, prefixed with ``label``.
    """
    try:
        found = affected(zone, layer)
    except OutsideCoverageError:
        in_ukraine = zone_coverage(zone).in_ukraine_km2 >= 0.01
        notes.append(
            f"{label}: no part of it lies in the area frontmap has settlement data for ({COVERAGE_NAME})"
            + (" but in Ukraine, where frontmap has no settlement layer yet" if in_ukraine else "")
            + ": its settlement count is unknown, not 0"
        )
        return None
    notes.extend(f"{label}: {note}" for note in found.notes)
    return found.settlements


def _settlement_figures(a: Zone, b: Zone, found_a, found_b, notes: list[str]):
    """``(|A|, |B|, |A∩B|)``, the rows in A only and in B only, and notes on undefined ratios."""
    if found_a is None and found_b is None:
        notes += [
            "precision is undefined: zone A's settlement count is unknown",
            "recall is undefined: reference B's settlement count is unknown",
            "F1 is undefined: neither zone's settlement count is known",
        ]
        return (None, None, None), [], []
    if found_a is None or found_b is None:
        # The known zone's settlements are points: each is inside the other zone or not.
        known, other = (found_b, a) if found_a is None else (found_a, b)
        inside = other.contains([s["lon"] for s in known], [s["lat"] for s in known]) if known else np.zeros(0, bool)
        both = int(np.count_nonzero(inside))
        only = sorted((s for s, ins in zip(known, inside, strict=True) if not ins), key=lambda s: s["id"])
        if found_a is None:
            notes.append("precision is undefined: zone A's settlement count is unknown")
            counts: tuple[int | None, int | None, int | None] = (None, len(known), both)
            only_a, only_b = [], only
        else:
            notes.append("recall is undefined: reference B's settlement count is unknown")
            counts, only_a, only_b = (len(known), None, both), only, []
        if not (both == 0 and known):
            notes.append("F1 is undefined: one zone's settlement count is unknown")
        return counts, only_a, only_b
    ids_a = {s["id"] for s in found_a}
    ids_b = {s["id"] for s in found_b}
    only_a = sorted((s for s in found_a if s["id"] not in ids_b), key=lambda s: s["id"])
    only_b = sorted((s for s in found_b if s["id"] not in ids_a), key=lambda s: s["id"])
    if not ids_a:
        notes.append("precision is undefined: zone A holds no settlement of the register")
    if not ids_b:
        notes.append("recall is undefined: reference B holds no settlement of the register")
    if not ids_a and not ids_b:
        notes.append("F1 is undefined: neither zone holds a settlement of the register")
    elif not ids_a or not ids_b:
        notes.append("F1 is 2|A∩B|/(|A|+|B|), which is 0 when only one of them holds settlements")
    return (len(ids_a), len(ids_b), len(ids_a & ids_b)), only_a, only_b


def _intersection(a, b):
    try:
        both = shapely.intersection(a, b)
    except shapely.errors.GEOSException:
        both = shapely.intersection(a, b, grid_size=_GRID_DEG)
    parts = [p for p in shapely.get_parts(both) if p.geom_type in ("Polygon", "MultiPolygon")]
    return shapely.union_all(parts) if parts else shapely.Polygon()


def max_depth_km(zone: Zone, border: Border | None = None) -> float:
    """The greatest distance (km) of any point of ``zone`` from the border line.

    Distance is unsigned: a zone reaching across the border counts its depth
    on either side.  Work is done in ``zone.crs`` (an azimuthal equidistant
    projection centred on the zone) against the part of the line that can
    hold a nearest point: for any point of the zone, the distance from the
    centre of its bounding box plus half the box's diagonal bounds its
    distance from the line.

    The distance from a line is 1-Lipschitz and, inside the nearest-point
    region of each of a set of border points, convex; so its maximum over
    a polygon lies on the polygon's edge or at a vertex of the border
    points' Voronoi diagram (a point equally far from three border points,
    as in a bay of the border).  Both are searched: the edge is sampled every
    100 m, every stretch that could still exceed the best value (half the sum
    of its ends' distances and its length) is sampled again every metre, and
    the Voronoi vertices of border points 50 m apart that lie inside the
    polygon are added.  The best point is then measured geodesically with
    :meth:`frontmap.border.Border.locate`.

    Accuracy: the edge sampling can miss at most 0.5 m; border points 50 m
    apart can miss an interior maximum by at most 25²/(2·depth) m (3 cm at
    12 km, 0.3 m at 1 km); the projection, which only picks the point,
    errs by less than 5e-5 of the depth for a zone within 100 km of its
    centre (0.6 m at 12 km).  So the result is good to about a metre, and
    never exceeds the true greatest depth by more than the geodesic
    measurement's centimetres.

    Parameters
    ----------
    zone : Zone
        The zone to measure, in lon/lat with its local ``crs``.
    border : Border, optional
        The border line; the bundled one (:func:`~frontmap.border.load_border`)
        when None.

    Returns
    -------
    float
        The greatest unsigned distance (km, >= 0) of a point of the zone from
        the border line.

    Examples
    --------
    >>> from frontmap.zone import build_zone
    >>> round(max_depth_km(build_zone()), 2)
    11.96
    """
    border = border or load_border()
    crs = zone.crs
    poly = zone.local
    x, y = crs.forward(border.lon, border.lat)
    line = shapely.linestrings(np.column_stack([x, y]))
    minx, miny, maxx, maxy = poly.bounds
    centre = shapely.Point((minx + maxx) / 2.0, (miny + maxy) / 2.0)
    reach = float(shapely.distance(line, centre)) + math.hypot(maxx - minx, maxy - miny) / 2.0 + 10.0
    window = (minx - reach, miny - reach, maxx + reach, maxy + reach)
    near = shapely.clip_by_rect(line, *window)
    tree = shapely.STRtree(_segments(near))

    def distance(xy: np.ndarray) -> np.ndarray:
        _, dist = tree.query_nearest(shapely.points(xy), return_distance=True, all_matches=False)
        return dist

    # The polygon's edges: every 100 m, then every metre where the maximum may hide.
    xy, part = shapely.get_coordinates(
        shapely.get_parts(shapely.segmentize(shapely.boundary(poly), _SAMPLE_M)), return_index=True
    )
    f = distance(xy)
    best = int(np.argmax(f))
    candidates, values = [xy[best]], [f[best]]
    length = np.hypot(*(xy[1:] - xy[:-1]).T)
    open_ = np.flatnonzero((part[1:] == part[:-1]) & ((f[1:] + f[:-1] + length) / 2.0 > f[best]))
    if len(open_):
        steps = np.maximum(np.ceil(length[open_] / _FINE_M).astype(int), 2)
        seg = np.repeat(open_, steps - 1)
        first = np.repeat(np.cumsum(steps - 1) - (steps - 1), steps - 1)
        t = (np.arange(len(seg)) - first + 1) / np.repeat(steps, steps - 1)
        fine = xy[seg] + t[:, None] * (xy[seg + 1] - xy[seg])
        g = distance(fine)
        k = int(np.argmax(g))
        candidates.append(fine[k])
        values.append(g[k])

    # Inside: the Voronoi vertices of points along the border.
    sites = np.unique(shapely.get_coordinates(shapely.segmentize(near, _SITE_M)), axis=0)
    if len(sites) >= 3:
        # Extended over the whole window: a vertex can lie outside the sites' envelope.
        edges = shapely.voronoi_polygons(shapely.multipoints(sites), extend_to=shapely.box(*window), only_edges=True)
        vertices = np.unique(shapely.get_coordinates(edges), axis=0)
        inside = vertices[shapely.contains_xy(poly, vertices[:, 0], vertices[:, 1])]
        if len(inside):
            g = distance(inside)
            k = int(np.argmax(g))
            candidates.append(inside[k])
            values.append(g[k])

    top = np.asarray(candidates)[int(np.argmax(values))]
    lon, lat = crs.inverse(top[:1], top[1:])
    return abs(border.locate(lon, lat)[0].offset_km)


def _segments(lines) -> np.ndarray:
    """Each two-point segment of a (multi)line string, as an array of LineStrings."""
    xy, part = shapely.get_coordinates(shapely.get_parts(lines), return_index=True)
    same = part[1:] == part[:-1]
    return shapely.linestrings(np.stack([xy[:-1][same], xy[1:][same]], axis=1))
