"""Zones: the incursion polygon a spec describes, and membership in it.

A :class:`ZoneSpec` says where (an anchor place, whose nearest border point
is the zone's centre ``s0``), how wide along the border (``width_km``), how
deep (``depth_km``), with which depth profile and on which side.  In
border-relative coordinates a point at chainage ``s`` and offset ``d`` is in
the zone when it lies on the zone's side, ``|s - s0| <= W/2`` and
``|d| <= D(u)`` with ``u = (s - s0) / (W/2)``; ``D(u) = depth`` for a
``flat`` zone and ``depth * sqrt(1 - u**2)`` for a ``salient``.

:func:`build_zone` draws the polygon of exactly that set.  It works in an
azimuthal equidistant projection centred on the zone, splits the plane into
the nearest-point regions of the border's pieces (a Voronoi diagram of
points along the line with guard points ε apart at every vertex and window
end, so region boundaries are the line's normals to within ε/2), and cuts
each region at its depth.  Buffers are not used: a buffer of the front's
stretch of border also covers ground whose nearest border point lies beyond
the front's ends.
"""

from __future__ import annotations

import logging
import math
from dataclasses import dataclass, field, fields
from functools import cached_property
from typing import Callable, Literal

import numpy as np
import pyproj
import shapely

from . import data
from .border import Border, load_border
from .crs import LocalCRS, local_crs
from .errors import InvalidSpecError

log = logging.getLogger(__name__)

__all__ = [
    "DEFAULT_SPEC",
    "MAX_ANCHOR_KM",
    "MAX_DEPTH_KM",
    "PROFILES",
    "SIDES",
    "Zone",
    "ZoneSpec",
    "build_zone",
    "depth_profile",
]

Profile = Literal["flat", "salient"]
Side = Literal["RUS", "UKR"]
PROFILES: tuple[str, ...] = ("flat", "salient")
SIDES: tuple[str, ...] = ("RUS", "UKR")
MAX_DEPTH_KM = 100.0
#: An anchor farther than this from the border is almost surely a mistake.
MAX_ANCHOR_KM = 50.0

_GEOD = pyproj.Geod(ellps="WGS84")
#: Spacing of Voronoi sites along the line (m).  Region boundaries against
#: other stretches of border are off by about h²/(8·d): 0.1 m at 12 km.
_SITE_SPACING_M = 100.0
#: Offsets (m) of extra sites around each front end.
_NEAR_END_M = tuple(float(v) for v in (-60, -30, -15, -8, -4, -2, -1, 1, 2, 4, 8, 15, 30, 60))
#: Guard distance (m) either side of each vertex and window end.
_GUARD_M = 0.2
#: Samples of the salient's depth curve over the front (ellipse angles).
_PROFILE_SAMPLES = 2049
#: Precision grid (m) of the overlay that joins the pieces.
_GRID_M = 0.001
#: Greatest angle (rad) between samples of a vertex's arc.
_ARC_STEP = 0.002


@dataclass(frozen=True)
class ZoneSpec:
    """What a claim says about a zone.

    Parameters
    ----------
    anchor : str
        A settlement (Latin or Cyrillic; see :mod:`frontmap.settlements` for
        qualifiers) or ``"lon,lat"``.  Its nearest border point is the
        zone's centre.
    width_km : float
        Length of the front measured along the border line, centred on the
        anchor's border point.
    depth_km : float
        Greatest distance from the border, in (0, 100] km.
    profile : {"salient", "flat"}
        ``salient``: full depth at the centre tapering to zero at the ends
        (a half-ellipse on a straight border); ``flat``: constant depth.
    side : {"RUS", "UKR"}
        The country the zone lies in.
    """

    anchor: str = "Sudzha"
    width_km: float = 40.0
    depth_km: float = 12.0
    profile: Profile = "salient"
    side: Side = "RUS"

    def validate(self) -> "ZoneSpec":
        """Check every value that can be checked without the border; return self."""
        if not isinstance(self.anchor, str) or not self.anchor.strip():
            raise InvalidSpecError("anchor must be a place name or 'lon,lat', got an empty value", "anchor")
        for name in ("width_km", "depth_km"):
            value = getattr(self, name)
            if not isinstance(value, (int, float)) or not math.isfinite(value) or value <= 0:
                raise InvalidSpecError(f"{name}={value!r} is not allowed: it must be a finite number > 0", name)
        if self.depth_km > MAX_DEPTH_KM:
            raise InvalidSpecError(
                f"depth_km={self.depth_km:g} is not allowed: it must be in (0, {MAX_DEPTH_KM:g}] km", "depth_km"
            )
        if self.profile not in PROFILES:
            raise InvalidSpecError(
                f"profile={self.profile!r} is not a valid option, must be one of {', '.join(PROFILES)}", "profile"
            )
        if self.side not in SIDES:
            raise InvalidSpecError(f"side={self.side!r} is not a valid option, must be one of {', '.join(SIDES)}", "side")
        return self

    def to_properties(self) -> dict:
        """The spec as GeoJSON properties."""
        return {
            "anchor": self.anchor,
            "width_km": self.width_km,
            "depth_km": self.depth_km,
            "profile": self.profile,
            "side": self.side,
        }

    @property
    def slug(self) -> str:
        """A file-name-safe label, e.g. ``sudzha-40km-12km-salient-rus``."""
        import re

        from .transliterate import to_latin

        anchor = re.sub(r"[^a-z0-9]+", "-", to_latin(self.anchor).lower()).strip("-") or "zone"
        return f"{anchor}-{self.width_km:g}km-{self.depth_km:g}km-{self.profile}-{self.side.lower()}"


#: The seed claim (Kursk oblast, 12 August 2024): 12 km deep along a 40 km
#: front at Sudzha.  "Penetrated 12 km deep" states the greatest depth, so
#: the default profile is the salient, which reaches it at one point only.
DEFAULT_SPEC = ZoneSpec()


def geodesic_area_km2(geom) -> float:
    """Area (km²) of a WGS84 (multi)polygon on the WGS84 ellipsoid."""
    area, _ = _GEOD.geometry_area_perimeter(shapely.orient_polygons(geom))
    return abs(area) / 1e6


def depth_profile(u, depth_km: float, profile: str) -> np.ndarray:
    """Depth (km) at normalised position ``u`` in [-1, 1] along the front.

    >>> float(depth_profile(0.0, 12.0, "salient")), float(depth_profile(1.0, 12.0, "salient"))
    (12.0, 0.0)
    >>> float(depth_profile(0.9, 12.0, "flat"))
    12.0
    """
    u = np.asarray(u, dtype=float)
    inside = np.abs(u) <= 1.0
    if profile == "flat":
        return np.where(inside, depth_km, 0.0)
    return np.where(inside, depth_km * np.sqrt(np.clip(1.0 - u * u, 0.0, 1.0)), 0.0)


@dataclass(frozen=True)
class Anchor:
    """A resolved anchor: what the user typed, where it is, its border point."""

    query: str
    label: str
    lon: float
    lat: float
    chainage_km: float
    offset_km: float
    settlement_id: int | None = None


def resolve_anchor(text: str, border: Border | None = None) -> Anchor:
    """A place name or ``lon,lat`` as an :class:`Anchor` on the border."""
    from .settlements import load_settlements, parse_lonlat

    border = border or load_border()
    lonlat = parse_lonlat(text)
    if lonlat is not None:
        lon, lat = lonlat
        (loc,) = border.locate([lon], [lat], side_of=_in_ukraine)
        anchor = Anchor(text, f"{lon:.5f},{lat:.5f}", lon, lat, loc.chainage_km, loc.offset_km)
    else:
        s = load_settlements().find(text)
        anchor = Anchor(text, f"{s.name} ({s.name_latin})", s.lon, s.lat, s.chainage_km, s.offset_km, s.id)
    if abs(anchor.offset_km) > MAX_ANCHOR_KM:
        raise InvalidSpecError(
            f"anchor {text!r} is {abs(anchor.offset_km):.1f} km from the border; "
            f"an anchor must lie within {MAX_ANCHOR_KM:g} km of it",
            "anchor",
        )
    return anchor


def _in_ukraine(lon, lat):
    ukr = _country("UKR")
    return shapely.contains_xy(ukr, np.asarray(lon), np.asarray(lat))


_COUNTRIES: dict = {}


def _country(code: str):
    if code not in _COUNTRIES:
        geom = data.read_country(code)
        shapely.prepare(geom)
        _COUNTRIES[code] = geom
    return _COUNTRIES[code]


@dataclass
class Zone:
    """A zone polygon with what it was built from and what it measured.

    ``geometry`` is in WGS84; ``local`` is the same polygon in ``crs`` (metres).
    Zones read from a file have ``spec=None`` and answer membership from the
    polygon alone.
    """

    geometry: shapely.Geometry
    local: shapely.Geometry
    crs: LocalCRS
    spec: ZoneSpec | None = None
    anchor: Anchor | None = None
    centre_chainage_km: float | None = None
    centre_lon: float | None = None
    centre_lat: float | None = None
    depth_reached_km: float | None = None
    front_local: shapely.Geometry | None = None
    warnings: list[str] = field(default_factory=list)
    properties: dict = field(default_factory=dict)

    @cached_property
    def recorded_spec(self) -> ZoneSpec | None:
        """The spec the zone was built from or, for a zone file, the one its
        properties record (as ``frontmap zone`` writes them); None if neither."""
        if self.spec is not None:
            return self.spec
        try:
            return ZoneSpec(**{f.name: self.properties[f.name] for f in fields(ZoneSpec)}).validate()
        except (KeyError, TypeError, InvalidSpecError):
            return None

    @cached_property
    def contact_km(self) -> float | None:
        """Length (km) of the zone's edge that runs along the front's stretch of border."""
        if self.front_local is None:
            return None
        near = shapely.buffer(self.front_local, 1.0)
        return float(shapely.length(shapely.intersection(shapely.boundary(self.local), near))) / 1000.0

    @cached_property
    def area_km2(self) -> float:
        """Geodesic area in km²."""
        return geodesic_area_km2(self.geometry)

    @cached_property
    def _prepared(self):
        geom = shapely.from_wkb(shapely.to_wkb(self.geometry))
        shapely.prepare(geom)
        return geom

    def contains(self, lon, lat) -> np.ndarray:
        """True where lon/lat points lie in the zone (vectorised)."""
        return shapely.contains_xy(self._prepared, np.asarray(lon, float), np.asarray(lat, float))

    def distance_to_edge_km(self, lon, lat) -> np.ndarray:
        """Distance (km, ≥ 0) from each point to the zone's edge."""
        x, y = self.crs.forward(lon, lat)
        return shapely.distance(shapely.boundary(self.local), shapely.points(x, y)) / 1000.0

    def depth_at(self, chainage_km) -> np.ndarray:
        """The zone's depth (km) at each chainage; 0 outside the front."""
        if self.spec is None:
            raise ValueError("a zone read from a file has no depth profile")
        u = (np.asarray(chainage_km, float) - self.centre_chainage_km) / (self.spec.width_km / 2.0)
        return depth_profile(u, self.spec.depth_km, self.spec.profile)

    def contains_sd(self, chainage_km, offset_km) -> np.ndarray:
        """Membership from border-relative coordinates (the zone's definition)."""
        d = np.asarray(offset_km, float)
        on_side = d >= 0 if self.spec.side == "RUS" else d <= 0
        u = (np.asarray(chainage_km, float) - self.centre_chainage_km) / (self.spec.width_km / 2.0)
        return on_side & (np.abs(u) <= 1.0) & (np.abs(d) <= self.depth_at(chainage_km))

    def to_properties(self) -> dict:
        """Properties for the zone's GeoJSON feature."""
        props = dict(self.properties)
        if self.spec is not None:
            props.update(self.spec.to_properties())
            props.update(
                {
                    "anchor_resolved": self.anchor.label,
                    "centre": [round(self.centre_lon, 6), round(self.centre_lat, 6)],
                    "centre_chainage_km": round(self.centre_chainage_km, 3),
                    "depth_reached_km": round(self.depth_reached_km, 3),
                    "contact_km": round(self.contact_km, 3),
                    "width_note": "width is measured along the shipped border line (OSM, 10 m simplified)",
                }
            )
        props["area_km2"] = round(self.area_km2, 3)
        if self.warnings:
            props["warnings"] = list(self.warnings)
        props["attribution"] = data.ATTRIBUTION_LINE
        return props


def build_zone(spec: ZoneSpec = DEFAULT_SPEC, border: Border | None = None, countries=None) -> Zone:
    """Build the zone a spec describes.

    ``border`` and ``countries`` (a mapping of ``"RUS"``/``"UKR"`` to WGS84
    polygons) default to the shipped layers; pass others to build on a
    synthetic border.

    Raises :class:`~frontmap.errors.InvalidSpecError` for a value out of range
    (the error's ``param`` names it) and the place errors of
    :mod:`frontmap.settlements` for an unknown or ambiguous anchor.

    Examples
    --------
    >>> zone = build_zone(ZoneSpec("Sudzha", width_km=40, depth_km=12, profile="flat"))
    >>> round(zone.depth_reached_km, 1), bool(zone.contains([35.2719], [51.1919])[0])
    (12.0, True)
    """
    spec.validate()
    border = border or load_border()
    anchor = resolve_anchor(spec.anchor, border)
    s0 = anchor.chainage_km * 1000.0
    half = spec.width_km * 500.0
    if s0 - half < 0 or s0 + half > border.chainage_m[-1]:
        most = 2.0 * min(s0, border.chainage_m[-1] - s0) / 1000.0
        raise InvalidSpecError(
            f"width_km={spec.width_km:g} runs past the end of the border line: centred on {anchor.label} "
            f"(chainage {s0 / 1000:.1f} of {border.length_km:.1f} km) the front can be at most {most:.1f} km wide",
            "width_km",
        )
    clon, clat = border.point_at(s0 / 1000.0)
    crs = local_crs(round(clon, 7), round(clat, 7))
    side_geom = countries[spec.side] if countries is not None else _country(spec.side)
    local, depth_reached, front = _construct(border, crs, _spec_profile(s0, half, spec), side_geom)
    warnings = []
    if depth_reached < 0.99 * spec.depth_km:
        msg = (
            f"the border's shape keeps this zone from reaching {spec.depth_km:g} km: its nearest-point region "
            f"reaches {depth_reached:.2f} km (widen the front or reduce the depth)"
        )
        log.warning(msg)
        warnings.append(msg)
    return _zone_in_wgs84(
        local,
        crs,
        spec=spec,
        anchor=anchor,
        centre_chainage_km=s0 / 1000.0,
        centre_lon=clon,
        centre_lat=clat,
        depth_reached_km=depth_reached,
        front_local=front,
        warnings=warnings,
    )


@dataclass(frozen=True)
class _Profile:
    """A zone's depth along the border: the front ``[s_a, s_b]`` (m of chainage),
    the depth (m) at any chainage, and the chainages where it bends."""

    s_a: float
    s_b: float
    max_depth: float
    depth_of: Callable
    curve_s: np.ndarray


def _spec_profile(s0: float, half: float, spec: ZoneSpec) -> _Profile:
    depth = spec.depth_km * 1000.0
    curve_s = np.array([])
    if spec.profile == "salient":
        theta = np.linspace(-math.pi / 2, math.pi / 2, _PROFILE_SAMPLES)
        curve_s = s0 + half * np.sin(theta)
    return _Profile(s0 - half, s0 + half, depth, lambda s: depth_profile((s - s0) / half, depth, spec.profile), curve_s)


def _zone_in_wgs84(local, crs: LocalCRS, **fields) -> Zone:
    """A Zone from its local polygon: edges densified to 100 m before they go to WGS84."""
    geometry = crs.to_wgs84(shapely.segmentize(local, 100.0))
    if not shapely.is_valid(geometry):
        geometry = shapely.make_valid(geometry)
    return Zone(geometry=geometry, local=local, crs=crs, **fields)


def _construct(border: Border, crs: LocalCRS, prof: _Profile, side_geom):
    """The zone in local metres, its greatest depth (km) and the front's stretch of border.

    ``crs`` is centred on the front's middle."""
    s_a, s_b, depth_of, curve_s = prof.s_a, prof.s_b, prof.depth_of, prof.curve_s
    radius = (s_b - s_a) / 2.0 + 2.0 * prof.max_depth + 2000.0
    x, y = crs.forward(border.lon, border.lat)
    near = np.hypot(x, y) <= radius + 5000.0
    segs = np.flatnonzero(near[:-1] | near[1:])
    chain = border.chainage_m

    # Zone side: left or right of the line's direction.
    in_window = segs[(chain[segs + 1] > s_a) & (chain[segs] < s_b)]
    ax, ay, bx, by = x[in_window], y[in_window], x[in_window + 1], y[in_window + 1]
    seg_len = np.hypot(bx - ax, by - ay)
    ok = seg_len > 0
    nx, ny = -(by - ay)[ok] / seg_len[ok], (bx - ax)[ok] / seg_len[ok]
    mx, my = (ax + bx)[ok] / 2, (ay + by)[ok] / 2
    plon, plat = crs.inverse(mx + 50.0 * nx, my + 50.0 * ny)
    left = np.mean(shapely.contains_xy(side_geom, plon, plat))
    sign = 1.0 if left >= 0.5 else -1.0

    # Voronoi sites: every vertex, guards ε inside each segment's ends,
    # interior points every h, and the window ends with guards outside them.
    sites, group, site_s = [], [], []
    eps = _GUARD_M
    seg_set = set(segs.tolist())
    for i in segs.tolist():
        ax_, ay_, bx_, by_ = float(x[i]), float(y[i]), float(x[i + 1]), float(y[i + 1])
        length = math.hypot(bx_ - ax_, by_ - ay_)
        if length == 0:
            continue
        geo = float(border.segment_m[i])
        c0 = float(chain[i])
        ts = {0.0}
        if length > 4 * eps:
            n = max(1, math.ceil(length / _SITE_SPACING_M))
            ts.update(k / n for k in range(1, n))
            ts.update((eps / length, 1 - eps / length))
        for s_end, guard in ((s_a, -eps), (s_b, eps)):
            if c0 < s_end < c0 + geo:
                t = (s_end - c0) / geo
                ts.update((t, min(max(t + guard / length, 0.0), 1.0)))
            # Near a front end the regions' boundary must follow the line's
            # bends closely: sites every few metres there, on both sides.
            for step in _NEAR_END_M:
                u = (s_end + step - c0) / geo
                if 0.0 < u < 1.0 and abs(u * length) > 2 * eps and abs((1 - u) * length) > 2 * eps:
                    ts.add(u)
        ts.discard(1.0)
        for t in sorted(ts):
            sites.append((ax_ + t * (bx_ - ax_), ay_ + t * (by_ - ay_)))
            group.append(("v", i) if t == 0 else ("s", i))
            site_s.append(c0 + t * geo)
        if i + 1 not in seg_set:  # last vertex of a run
            sites.append((bx_, by_))
            group.append(("v", i + 1))
            site_s.append(float(chain[i + 1]))
    sites = np.asarray(sites)
    site_s = np.asarray(site_s)
    extent = shapely.box(-radius - 10000, -radius - 10000, radius + 10000, radius + 10000)
    cells = shapely.get_parts(
        shapely.voronoi_polygons(shapely.multipoints(sites), extend_to=extent, ordered=True)
    )
    if len(cells) != len(sites):
        raise RuntimeError("Voronoi diagram lost sites; the border has coincident vertices")

    # Cells of one piece of border (a segment's sites, or a vertex) form an
    # exactly noded coverage: merge them first, then cut once per piece.
    members: dict = {}
    for k in np.flatnonzero((site_s >= s_a - 1e-6) & (site_s <= s_b + 1e-6)):
        members.setdefault(group[k], []).append(k)
    pieces_cells, pieces_shapes = [], []
    for key, ks in members.items():
        shape = (
            _segment_shape(key[1], x, y, chain, border, s_a, s_b, curve_s, depth_of, sign, eps)
            if key[0] == "s"
            else _vertex_shape(key[1], x, y, chain, depth_of, sign, eps)
        )
        if shape is not None:
            for cell in _merge_cells(cells[ks]):
                pieces_cells.append(cell)
                pieces_shapes.append(shape)
    pieces = shapely.intersection(np.asarray(pieces_cells), np.asarray(pieces_shapes))
    # Snap-rounding to a millimetre grid: the pieces meet along shared Voronoi
    # edges with guard slivers 0.2 m wide, where GEOS's floating-point
    # overlay has been seen to drop whole pieces.
    zone = _polygons_only(shapely.union_all(pieces, grid_size=_GRID_M))
    side_local = crs.to_local(shapely.clip_by_rect(side_geom, *_lonlat_box(crs, radius + 10000)))
    zone = shapely.intersection(zone, _polygons_only(shapely.make_valid(side_local)), grid_size=_GRID_M)
    zone = _polygons_only(zone)
    pieces = shapely.linestrings(
        np.stack([np.column_stack([x[segs], y[segs]]), np.column_stack([x[segs + 1], y[segs + 1]])], axis=1)
    )
    coords = shapely.get_coordinates(zone)
    depth_reached = 0.0
    if len(coords):
        _, dist = shapely.STRtree(pieces).query_nearest(shapely.points(coords), return_distance=True, all_matches=False)
        depth_reached = float(dist.max()) / 1000.0
    front = shapely.multilinestrings(pieces[(chain[segs + 1] > s_a) & (chain[segs] < s_b)])
    return zone, depth_reached, front


def _merge_cells(cells) -> list:
    """Adjacent Voronoi cells as one polygon when GEOS noded them exactly, else as they are."""
    if len(cells) == 1:
        return list(cells)
    try:
        return [shapely.coverage_union_all(cells)]
    except shapely.errors.GEOSException:
        return list(cells)


def _segment_shape(i, x, y, chain, border, s_a, s_b, curve_s, depth_of, sign, eps):
    a = np.array([x[i], y[i]])
    b = np.array([x[i + 1], y[i + 1]])
    length = float(np.hypot(*(b - a)))
    geo = border.segment_m[i]
    direction = (b - a) / length
    normal = sign * np.array([-direction[1], direction[0]])
    lo, hi = max(chain[i], s_a), min(chain[i + 1], s_b)
    if hi <= lo:
        return None
    s = np.concatenate([[lo, hi], curve_s[(curve_s > lo) & (curve_s < hi)]])
    s = np.unique(s)
    t = (s - chain[i]) / geo
    foot = a + t[:, None] * (b - a)
    d = depth_of(s)
    # ε beyond both ends so the shape covers the Voronoi cells' ε/2 overhang.
    foot = np.vstack([foot[0] - eps * direction, foot, foot[-1] + eps * direction])
    d = np.concatenate([[d[0]], d, [d[-1]]])
    if not (d > 0).any():
        return None
    # Where the depth is 0 (a salient's ends) the far edge meets the border:
    # leave those points out so the ring does not run back over itself.
    far = (foot + d[:, None] * normal)[d > 0]
    ring = np.vstack([foot, far[::-1], foot[:1]])
    shape = shapely.polygons(ring)
    return shape if shapely.is_valid(shape) else _polygons_only(shapely.make_valid(shape))


def _vertex_shape(i, x, y, chain, depth_of, sign, eps):
    if i == 0 or i >= len(x) - 1:
        return None
    v = np.array([x[i], y[i]])
    d = float(depth_of(chain[i]))
    if d <= 0:
        return None
    dirs = []
    for p, q in ((i - 1, i), (i, i + 1)):
        vec = np.array([x[q] - x[p], y[q] - y[p]])
        dirs.append(vec / np.hypot(*vec))
    angles = [math.atan2(sign * dv[0], -sign * dv[1]) for dv in dirs]  # angle of each normal
    a0, a1 = angles
    delta = (a1 - a0 + math.pi) % (2 * math.pi) - math.pi  # the short way round
    back = v - eps * dirs[0]
    ahead = v + eps * dirs[1]
    n0 = np.array([math.cos(a0), math.sin(a0)])
    n1 = np.array([math.cos(a1), math.sin(a1)])
    turn = float(dirs[0][0] * dirs[1][1] - dirs[0][1] * dirs[1][0]) * sign
    if turn > 0:
        # The line bends towards the zone: no ground is nearest to the vertex
        # itself; its Voronoi cell is a sliver along the normals' bisector.
        mid = (n0 + n1) / np.hypot(*(n0 + n1))
        return shapely.convex_hull(shapely.multipoints(np.array([back, ahead, v + d * mid, back + d * n0, ahead + d * n1])))
    n = max(2, int(math.ceil(abs(delta) / _ARC_STEP)) + 1)
    theta = a0 + np.linspace(0.0, delta, n)
    arc = v + d * np.column_stack([np.cos(theta), np.sin(theta)])
    ring = np.vstack([back, back + d * n0, arc, ahead + d * n1, ahead, v, back])
    return shapely.polygons(ring)


def _lonlat_box(crs: LocalCRS, radius: float):
    xs = np.array([-radius, radius, radius, -radius, 0, 0, radius, -radius])
    ys = np.array([-radius, -radius, radius, radius, radius, -radius, 0, 0])
    lon, lat = crs.inverse(xs, ys)
    return float(lon.min()), float(lat.min()), float(lon.max()), float(lat.max())


def _polygons_only(geom, min_area: float = 1.0):
    """The polygons of ``geom`` larger than ``min_area`` (its units squared), as one geometry."""
    parts = [p for p in shapely.get_parts(geom) if p.geom_type == "Polygon" and p.area > min_area]
    if not parts:
        return shapely.Polygon()
    return shapely.union_all(parts) if len(parts) > 1 else parts[0]


def zone_from_geojson(doc, name: str = "zone file") -> Zone:
    """A zone from any GeoJSON holding polygons (a drawn or downloaded area).

    ``doc`` is GeoJSON text or a parsed object: a FeatureCollection, a
    Feature or a bare geometry.  All Polygon and MultiPolygon geometries are
    merged; the first polygon feature's properties (name, description,
    source ...) are kept.  Raises :class:`~frontmap.errors.ZoneFileError`
    when it is not GeoJSON or holds no polygon.
    """
    import json

    from .errors import ZoneFileError

    if isinstance(doc, (str, bytes)):
        try:
            doc = json.loads(doc)
        except ValueError as exc:
            raise ZoneFileError(f"{name} is not GeoJSON: {exc}") from None
    if not isinstance(doc, dict) or "type" not in doc:
        raise ZoneFileError(f"{name} is not GeoJSON: expected an object with a 'type' member")
    kind = doc["type"]
    if kind == "FeatureCollection":
        features = doc.get("features") or []
    elif kind == "Feature":
        features = [doc]
    else:
        features = [{"type": "Feature", "properties": {}, "geometry": doc}]
    polygons, properties = [], None
    for feature in features:
        geometry = (feature or {}).get("geometry") if isinstance(feature, dict) else None
        if not isinstance(geometry, dict):
            continue
        try:
            geom = shapely.geometry.shape(geometry)
        except Exception as exc:  # shapely raises several types for bad coordinates
            raise ZoneFileError(f"{name} has an unreadable {geometry.get('type')!r} geometry: {exc}") from None
        parts = [p for p in shapely.get_parts(geom) if p.geom_type in ("Polygon", "MultiPolygon")]
        if parts:
            polygons.extend(parts)
            if properties is None:
                properties = dict(feature.get("properties") or {})
    if not polygons:
        raise ZoneFileError(f"{name} holds no Polygon or MultiPolygon: a zone must be an area")
    geometry = shapely.union_all([shapely.make_valid(p) for p in polygons])
    geometry = _polygons_only(geometry, min_area=0.0)
    if geometry.is_empty or geometry.area == 0:
        raise ZoneFileError(f"{name} holds polygons with no area: a zone must enclose some ground")
    xmin, ymin, xmax, ymax = geometry.bounds
    if xmin < -180 or xmax > 180 or ymin < -90 or ymax > 90:
        raise ZoneFileError(
            f"{name} has coordinates outside longitude [-180, 180] / latitude [-90, 90]: "
            "GeoJSON must be WGS84 lon/lat (RFC 7946)"
        )
    centre = geometry.representative_point()
    crs = local_crs(round(centre.x, 7), round(centre.y, 7))
    local = crs.to_local(shapely.segmentize(geometry, 0.001))
    props = {k: v for k, v in (properties or {}).items() if k != "attribution"}
    return Zone(geometry=geometry, local=local, crs=crs, properties=props)



def zone_from_profile(chainage_km, depth_km, side: Side = "RUS", border: Border | None = None, countries=None,
                      properties: dict | None = None) -> Zone:
    """A zone whose depth (km) at each chainage (km) is given.

    The depth runs linearly between the samples and is 0 outside them; the
    construction is :func:`build_zone`'s, with this profile in place of a
    salient or flat one.  Ensembles build their probability zones so.
    """
    s = np.asarray(chainage_km, dtype=float) * 1000.0
    d = np.asarray(depth_km, dtype=float) * 1000.0
    if s.ndim != 1 or s.shape != d.shape or len(s) < 2 or np.any(np.diff(s) <= 0):
        raise ValueError("a depth profile needs two or more samples at increasing chainages")
    if not np.isfinite(d).all() or (d < 0).any() or not (d > 0).any():
        raise ValueError("a depth profile's depths must be finite, >= 0 and not all 0")
    if side not in SIDES:
        raise InvalidSpecError(f"side={side!r} is not a valid option, must be one of {', '.join(SIDES)}", "side")
    border = border or load_border()
    positive = np.flatnonzero(d > 0)
    s_a, s_b = s[max(positive[0] - 1, 0)], s[min(positive[-1] + 1, len(s) - 1)]
    if s_a < 0 or s_b > border.chainage_m[-1]:
        raise InvalidSpecError("the depth profile runs past the end of the border line", "chainage_km")
    profile = _Profile(s_a, s_b, float(d.max()), lambda q: np.interp(q, s, d, left=0.0, right=0.0), s)
    mid = (s_a + s_b) / 2.0
    clon, clat = border.point_at(mid / 1000.0)
    crs = local_crs(round(clon, 7), round(clat, 7))
    side_geom = countries[side] if countries is not None else _country(side)
    local, depth_reached, front = _construct(border, crs, profile, side_geom)
    return _zone_in_wgs84(
        local,
        crs,
        centre_chainage_km=mid / 1000.0,
        centre_lon=clon,
        centre_lat=clat,
        depth_reached_km=depth_reached,
        front_local=front,
        properties=dict(properties or {}),
    )
