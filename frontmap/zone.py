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

import json
import logging
import math
import re
from dataclasses import dataclass, field, fields
from functools import cached_property, lru_cache
from typing import Callable, Literal

import numpy as np
import pyproj
import shapely

from . import data
from .border import Border, load_border
from .crs import LocalCRS, local_crs
from .defaults import DEFAULT_ANCHOR, DEFAULT_DEPTH_KM, DEFAULT_PROFILE, DEFAULT_SIDE, DEFAULT_WIDTH_KM
from .errors import InvalidSpecError

log = logging.getLogger(__name__)

__all__ = [
    "DEFAULT_SPEC",
    "MAX_ANCHOR_KM",
    "MAX_DEPTH_KM",
    "MAX_ZONE_FILE_BYTES",
    "MAX_ZONE_POLYGONS",
    "PROFILES",
    "SIDES",
    "Zone",
    "ZoneSpec",
    "build_zone",
    "data_region",
    "depth_profile",
    "zone_from_geojson",
]

Profile = Literal["flat", "salient"]
Side = Literal["RUS", "UKR"]
PROFILES: tuple[str, ...] = ("flat", "salient")
SIDES: tuple[str, ...] = ("RUS", "UKR")
MAX_DEPTH_KM = 100.0
#: An anchor farther than this from the border is almost surely a mistake.
MAX_ANCHOR_KM = 50.0
#: Longest anchor text: no place name or 'lon,lat' is longer.
MAX_ANCHOR_CHARS = 200


def _finite_number(value) -> bool:
    """A real number (not a bool) that is finite, however large an int it is."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return False
    try:
        return math.isfinite(value)
    except OverflowError:  # an int too large for a float
        return False

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

    anchor: str = DEFAULT_ANCHOR
    width_km: float = DEFAULT_WIDTH_KM
    depth_km: float = DEFAULT_DEPTH_KM
    profile: Profile = DEFAULT_PROFILE
    side: Side = DEFAULT_SIDE

    def validate(self) -> "ZoneSpec":
        """Check every value that can be checked without the border; return self."""
        if not isinstance(self.anchor, str) or not self.anchor.strip():
            got = "an empty value" if isinstance(self.anchor, str) else f"{type(self.anchor).__name__} {_show(self.anchor)}"
            raise InvalidSpecError(f"anchor must be a place name or 'lon,lat', got {got}", "anchor")
        if len(self.anchor) > MAX_ANCHOR_CHARS:
            raise InvalidSpecError(
                f"anchor {_show(self.anchor)} is {len(self.anchor):,} characters long: a place name or 'lon,lat' "
                f"has at most {MAX_ANCHOR_CHARS}",
                "anchor",
            )
        for name in ("width_km", "depth_km"):
            value = getattr(self, name)
            if not _finite_number(value) or value <= 0:
                raise InvalidSpecError(f"{name}={_show(value)} is not allowed: it must be a finite number > 0", name)
        if self.depth_km > MAX_DEPTH_KM:
            raise InvalidSpecError(
                f"depth_km={self.depth_km:g} is not allowed: it must be in (0, {MAX_DEPTH_KM:g}] km", "depth_km"
            )
        if not isinstance(self.profile, str) or self.profile not in PROFILES:
            raise InvalidSpecError(
                f"profile={_show(self.profile)} is not a valid option, must be one of {', '.join(PROFILES)}", "profile"
            )
        if not isinstance(self.side, str) or self.side not in SIDES:
            raise InvalidSpecError(f"side={_show(self.side)} is not a valid option, must be one of {', '.join(SIDES)}", "side")
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
    """Area (km²) of a WGS84 (multi)polygon on the WGS84 ellipsoid.

    Each ring is measured from its coordinate array (shells add, holes
    subtract): pyproj's geometry_area_perimeter reads them point by point,
    which takes seconds for a million vertices."""
    total = 0.0
    for poly in shapely.get_parts(geom):
        if shapely.get_type_id(poly) != 3 or poly.is_empty:
            continue
        rings = [shapely.get_exterior_ring(poly), *shapely.get_interior_ring(poly, range(shapely.get_num_interior_rings(poly)))]
        for k, ring in enumerate(rings):
            xy = shapely.get_coordinates(ring)
            area, _ = _GEOD.polygon_area_perimeter(xy[:, 0], xy[:, 1])
            total += abs(area) if k == 0 else -abs(area)
    return abs(total) / 1e6


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
    #: What the zone was read from (``"zone file 'x.geojson'"``), for messages; None for a built zone.
    source: str | None = None
    #: Area (km²) of a zone file's polygons as given, when they reached beyond
    #: :func:`data_region` and were clipped to it; None when nothing was clipped.
    given_area_km2: float | None = None

    @property
    def label(self) -> str:
        """The zone for a message: its source, or its spec."""
        if self.source is not None:
            return self.source
        if self.spec is not None:
            where = self.anchor.label if self.anchor is not None else self.spec.anchor
            return f"the zone at {where} ({self.spec.side} side)"
        return "the zone"

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
        points = shapely.points(x, y)
        n = len(np.atleast_1d(x))
        if n == 0:
            return np.zeros(np.shape(x))
        if "_edge_tree" not in self.__dict__ and n * shapely.get_num_coordinates(self.local) <= 50_000_000:
            # Few points: measuring against the whole edge is cheaper than building the tree.
            return shapely.distance(shapely.boundary(self.local), points) / 1000.0
        _, dist = self._edge_tree.query_nearest(np.atleast_1d(points), return_distance=True, all_matches=False)
        return dist.reshape(np.shape(x)) / 1000.0

    @cached_property
    def _edge_tree(self) -> shapely.STRtree:
        """The edge's segments in ``local``: a nearest-segment query per point is
        O(log n), where a distance to the whole boundary is O(n)."""
        xy, part = shapely.get_coordinates(shapely.get_parts(shapely.boundary(self.local)), return_index=True)
        same = part[1:] == part[:-1]
        return shapely.STRtree(shapely.linestrings(np.stack([xy[:-1][same], xy[1:][same]], axis=1)))

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
        if self.given_area_km2 is not None:
            props["clipped"] = {
                "given_area_km2": round(self.given_area_km2, 3),
                "left_out_km2": round(max(self.given_area_km2 - self.area_km2, 0.0), 3),
                "region": list(data_region()),
            }
        if self.warnings:
            props["warnings"] = list(self.warnings)
        props["attribution"] = data.ATTRIBUTION_LINE
        return props


def require_zone(zone, what: str = "zone") -> Zone:
    """``zone`` if it is a :class:`Zone`; a TypeError naming ``what`` otherwise (a spec,
    a GeoJSON dict or None passed where a built zone is needed)."""
    if not isinstance(zone, Zone):
        hint = " (build one with build_zone or zone_from_geojson)" if isinstance(zone, (ZoneSpec, dict, str)) else ""
        raise TypeError(f"{what} must be a Zone, not {type(zone).__name__}{hint}")
    return zone


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
    if not isinstance(spec, ZoneSpec):
        raise TypeError(f"build_zone needs a ZoneSpec, not {type(spec).__name__}")
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
    geometry = _wgs84_geometry(local, crs)
    if _no_ground(local, geometry):  # 1e-6 km deep: an empty polygon, NaN bounds in the GeoJSON
        small = "depth_km" if spec.depth_km <= spec.width_km else "width_km"
        raise InvalidSpecError(
            f"{small}={getattr(spec, small):g} is too small: a front {spec.width_km:g} km wide and {spec.depth_km:g} km "
            f"deep at {anchor.label} covers no ground (under {MIN_ZONE_AREA_M2:g} m², or thinner than the outputs' 6 decimals of a degree); "
            f"give a larger {small}", small)
    warnings = []
    if depth_reached < 0.99 * spec.depth_km:
        msg = (
            f"the border's shape keeps this zone from reaching {spec.depth_km:g} km: its nearest-point region "
            f"reaches {depth_reached:.2f} km (widen the front or reduce the depth)"
        )
        log.warning(msg)
        warnings.append(msg)
    return Zone(
        geometry=geometry,
        local=local,
        crs=crs,
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


#: A built zone smaller than this (m²) covers no ground: refused, not written with NaN bounds.
MIN_ZONE_AREA_M2 = 1.0


def _no_ground(local, geometry) -> bool:
    """Whether a zone covers no ground, in local metres or at the outputs' 6 decimals of a
    degree (a sliver a millimetre deep survives in metres and vanishes in the GeoJSON)."""
    if local is None or local.is_empty or not local.area >= MIN_ZONE_AREA_M2:
        return True
    if geometry.is_empty or not np.isfinite(geometry.bounds).all():
        return True
    # Outputs round to 6 decimals (about 0.1 m): a zone thinner than that would be written empty.
    return shapely.set_precision(geometry, 1e-6).is_empty


def _wgs84_geometry(local, crs: LocalCRS):
    """A local polygon in WGS84, edges densified to 100 m first, made valid."""
    geometry = crs.to_wgs84(shapely.segmentize(local, 100.0))
    if not shapely.is_valid(geometry):
        geometry = shapely.make_valid(geometry)
    return geometry


def _zone_in_wgs84(local, crs: LocalCRS, **fields) -> Zone:
    """A Zone from its local polygon: edges densified to 100 m before they go to WGS84."""
    return Zone(geometry=_wgs84_geometry(local, crs), local=local, crs=crs, **fields)


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


#: Largest zone file read, in bytes (characters for text already decoded).
MAX_ZONE_FILE_BYTES = 64 * 1024 * 1024
#: Most polygons a zone file may hold (each Polygon, and each part of a MultiPolygon).
MAX_ZONE_POLYGONS = 10_000
#: Deepest nesting of GeometryCollections, and of objects and lists in properties.
_MAX_NESTING = 32
#: Margin (degrees of latitude; longitude scaled) of the data region beyond the layers' extent.
_REGION_MARGIN_DEG = 1.0
#: The keys a zone file written by ``frontmap zone`` records its spec under.
_SPEC_KEYS = ("anchor", "width_km", "depth_km", "profile", "side")
_GEOMETRY_TYPES = ("Point", "MultiPoint", "LineString", "MultiLineString", "Polygon", "MultiPolygon", "GeometryCollection")


def _show(value, limit: int = 60) -> str:
    """``repr(value)`` cut to ``limit`` characters: safe to put in a one-line message."""
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _kind(value) -> str:
    """The JSON name of a value's type, for messages."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, (list, tuple)):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__


@lru_cache(maxsize=1)
def data_region() -> tuple[float, float, float, float]:
    """The lon/lat box frontmap has any data for: its layers' extent plus a margin.

    The countries layer (Russia and Ukraine within 130 km of the border) and
    the settlements (which reach 354 km from it in Rostov oblast), widened
    by 1° of latitude (111 km) and the same distance in longitude.  A zone
    file's polygons are clipped to this box: beyond it frontmap has no
    border, no countries and no settlements.
    """
    from .settlements import load_settlements

    layer = load_settlements()
    boxes = [shapely.bounds(_country(code)) for code in SIDES]
    boxes.append((float(layer.lon.min()), float(layer.lat.min()), float(layer.lon.max()), float(layer.lat.max())))
    boxes = np.asarray(boxes)
    minx, miny = boxes[:, 0].min(), boxes[:, 1].min()
    maxx, maxy = boxes[:, 2].max(), boxes[:, 3].max()
    dlon = _REGION_MARGIN_DEG / math.cos(math.radians(max(abs(miny), abs(maxy))))
    return (
        round(float(minx) - dlon, 2),
        round(float(miny) - _REGION_MARGIN_DEG, 2),
        round(float(maxx) + dlon, 2),
        round(float(maxy) + _REGION_MARGIN_DEG, 2),
    )


def _swap_xy(geom):
    return shapely.transform(geom, lambda xy: xy[:, ::-1])


def outside_coverage_message(where: str, geometry, near) -> str:
    """The message of :class:`~frontmap.errors.OutsideCoverageError` for a zone ``where``
    names; it adds a lat/lon hint when ``geometry`` with its axes swapped meets ``near``."""
    message = (
        f"{where} lies outside the area frontmap has settlement data for "
        f"(Bryansk, Kursk, Belgorod, Voronezh and Rostov oblasts of Russia): the count is unknown, not 0"
    )
    try:
        swapped = _swap_xy(geometry)
        if not swapped.is_empty and shapely.intersects(swapped, near):
            message += "; its coordinates may be lat/lon swapped (GeoJSON is lon,lat)"
    except shapely.errors.GEOSException:
        pass
    return message


def _parse_json(doc, name: str):
    """Text or bytes as JSON; a one-line :class:`ZoneFileError` for anything else."""
    from .errors import ZoneFileError

    if len(doc) > MAX_ZONE_FILE_BYTES:
        raise ZoneFileError(
            f"{name} is larger than {MAX_ZONE_FILE_BYTES // 2**20} MB ({len(doc) / 2**20:,.1f} MB): "
            "frontmap reads zone files up to that size (simplify the polygons)"
        )
    if isinstance(doc, (bytes, bytearray)):
        try:
            doc = bytes(doc).decode(json.detect_encoding(doc))
        except (UnicodeDecodeError, LookupError):
            raise ZoneFileError(f"{name} is not GeoJSON: it is not UTF-8 text") from None
    doc = doc.removeprefix("\ufeff")

    def constant(word):
        raise ValueError(f"{word} is not a JSON number (RFC 8259); coordinates and values must be finite")

    # A number too large for a double (1e400) reads as inf: the checks of
    # positions and properties refuse it.
    try:
        return json.loads(doc, parse_constant=constant)
    except RecursionError:
        raise ZoneFileError(f"{name} is not GeoJSON: it nests arrays or objects too deeply") from None
    except ValueError as exc:  # JSONDecodeError, and our refusals above
        raise ZoneFileError(f"{name} is not GeoJSON: {_one_line(str(exc))}") from None


def _one_line(text: str) -> str:
    from .textsafe import terminal_text

    return terminal_text(text)[:300]


def _check_properties(props, name: str, where: str) -> dict:
    """A feature's properties as a plain JSON object (finite numbers, string keys,
    lone surrogates replaced), or a :class:`ZoneFileError`."""
    from .errors import ZoneFileError

    if props is None:
        return {}
    if not isinstance(props, dict):
        raise ZoneFileError(f"{name}: {where} has properties that are {_kind(props)}: GeoJSON properties are an object or null")

    def clean_text(s: str) -> str:
        return re.sub("[\ud800-\udfff]", "\ufffd", s)

    def clean(value, depth: int):
        if depth > _MAX_NESTING:
            raise ZoneFileError(f"{name}: {where} has properties nested deeper than {_MAX_NESTING} levels")
        if value is None or isinstance(value, bool):
            return value
        if isinstance(value, (int, float)):
            if isinstance(value, float) and not math.isfinite(value):
                raise ZoneFileError(
                f"{name}: {where} has a property value {value!r}: JSON numbers are finite (and at most about 1.8e308)"
            )
            return value
        if isinstance(value, str):
            try:
                value.encode("utf-8")
                return value
            except UnicodeEncodeError:
                return clean_text(value)
        if isinstance(value, (list, tuple)):
            return [clean(v, depth + 1) for v in value]
        if isinstance(value, dict):
            out = {}
            for k, v in value.items():
                if not isinstance(k, str):
                    raise ZoneFileError(f"{name}: {where} has a property key {_show(k)}: JSON keys are strings")
                out[clean(k, depth + 1)] = clean(v, depth + 1)
            return out
        raise ZoneFileError(f"{name}: {where} has a property value of type {type(value).__name__}: not JSON")

    props = clean(props, 0)
    _check_recorded_spec(props, name, where)
    return props


def _check_recorded_spec(props: dict, name: str, where: str) -> None:
    """The values frontmap writes into a zone's properties and reads back must be what it wrote.

    ``anchor``, ``width_km`` and ``depth_km`` together (with ``profile`` and
    ``side`` when given) are read back as the zone's spec (map titles, the
    table's heading, default file names): they must form a valid
    :class:`ZoneSpec`.  ``warnings`` must be a list and ``claim`` an object.
    Other properties are the file's own data, kept as they are.
    """
    from .errors import ZoneFileError

    if all(k in props for k in _SPEC_KEYS[:3]):
        values = {k: props[k] for k in _SPEC_KEYS if k in props}
        try:
            ZoneSpec(**values).validate()
        except InvalidSpecError as exc:
            bad = exc.param or "anchor"
            raise ZoneFileError(
                f"{name}: {where} records a zone spec in its properties ({', '.join(values)}) with "
                f"{bad}={_show(values.get(bad))}, which frontmap cannot read back: {_one_line(str(exc))} "
                f"(fix or remove the property)"
            ) from None
    for key, kind, allowed in (("warnings", list, "a list of strings"), ("claim", dict, "an object")):
        if key in props and props[key] is not None and not isinstance(props[key], kind):
            raise ZoneFileError(
                f"{name}: {where} has {key}={_show(props[key])} in its properties: frontmap reads it back "
                f"as {allowed}"
            )
    claim = props.get("claim")
    if isinstance(claim, dict) and claim.get("quotes") is not None and not isinstance(claim["quotes"], list):
        raise ZoneFileError(f"{name}: {where} has a claim whose quotes are {_kind(claim['quotes'])}: they must be a list")


class _Reader:
    """Walks a GeoJSON object and collects its polygons, checking every position."""

    def __init__(self, name: str):
        self.name = name
        self.polygons: list = []
        self.positions = 0

    def fail(self, message: str):
        from .errors import ZoneFileError

        raise ZoneFileError(f"{self.name}: {message}")

    def geometry(self, geom, where: str, depth: int = 0) -> int:
        """Add the polygons of a geometry object; return how many were added."""
        if geom is None:
            return 0
        if not isinstance(geom, dict):
            self.fail(f"{where} has a geometry that is {_kind(geom)}: a GeoJSON geometry is an object or null")
        kind = geom.get("type")
        if kind not in _GEOMETRY_TYPES:
            self.fail(f"{where} has a geometry of type {_show(kind)}: GeoJSON geometry types are {', '.join(_GEOMETRY_TYPES)}")
        if kind == "GeometryCollection":
            members = geom.get("geometries")
            if not isinstance(members, list):
                self.fail(f"{where} has a GeometryCollection whose geometries are {_kind(members)}, not a list")
            if depth >= _MAX_NESTING:
                self.fail(f"{where} nests GeometryCollections deeper than {_MAX_NESTING} levels")
            return sum(self.geometry(g, f"{where}, geometry {i}", depth + 1) for i, g in enumerate(members))
        if kind not in ("Polygon", "MultiPolygon"):
            return 0  # points and lines enclose no ground
        coords = geom.get("coordinates")
        if not isinstance(coords, list):
            self.fail(f"{where} has a {kind} whose coordinates are {_kind(coords)}, not a list")
        polygons = [coords] if kind == "Polygon" else coords
        added = 0
        for k, rings in enumerate(polygons):
            label = where if kind == "Polygon" else f"{where}, polygon {k}"
            if not isinstance(rings, list):
                self.fail(f"{label} has a polygon that is {_kind(rings)}: a polygon is a list of rings")
            if not rings:
                continue  # an empty polygon
            arrays = [self.ring(r, f"{label}, ring {j}") for j, r in enumerate(rings)]
            self.polygons.append(shapely.Polygon(arrays[0], arrays[1:]))
            added += 1
            if len(self.polygons) > MAX_ZONE_POLYGONS:
                from .errors import ZoneFileError

                raise ZoneFileError(
                    f"{self.name} holds more than {MAX_ZONE_POLYGONS:,} polygons: frontmap reads at most that many "
                    "(merge or simplify them)"
                )
        return added

    def ring(self, ring, where: str) -> np.ndarray:
        """A linear ring as an (n, 2) array of lon/lat, or a one-line error saying what is wrong."""
        rule = "a linear ring is a list of 4 or more [lon, lat] positions, the last repeating the first (RFC 7946)"
        if not isinstance(ring, (list, tuple)) or not (
            {type(p) for p in ring} <= {list, tuple} or all(isinstance(p, (list, tuple)) for p in ring)
        ):
            self.fail(f"{where} is not a list of positions: {rule}")
        if len(ring) < 4:
            self.fail(f"{where} has {len(ring)} position{'s' if len(ring) != 1 else ''}: {rule}")
        lengths = {len(p) for p in ring}
        types = {type(v) for p in ring for v in p}
        if min(lengths) < 2 or not all(issubclass(t, (int, float)) and not issubclass(t, bool) for t in types):
            p = next(p for p in ring if len(p) < 2 or not all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in p))
            self.fail(f"{where} has the position {_show(p)}: a position is [lon, lat] numbers (an altitude may follow)")
        try:
            xy = np.array(ring if lengths == {2} else [p[:2] for p in ring], dtype=float)
        except OverflowError:
            self.fail(f"{where} has a coordinate too large for a number: positions are lon,lat in degrees")
        lon, lat = xy[:, 0], xy[:, 1]
        bad = np.flatnonzero(~np.isfinite(xy).all(axis=1) | (np.abs(lon) > 180) | (np.abs(lat) > 90))
        if len(bad):
            message = (
                f"{where} has the position {_show(ring[bad[0]])}, outside longitude [-180, 180] / latitude [-90, 90]: "
                "GeoJSON positions are lon,lat in WGS84 degrees (RFC 7946)"
            )
            if np.all(np.abs(lat) <= 180) and np.all(np.abs(lon) <= 90):
                message += "; its coordinates may be lat/lon swapped"
            self.fail(message)
        if not np.array_equal(xy[0], xy[-1]):
            self.fail(f"{where} is not closed: its last position {_show(ring[-1])} differs from its first {_show(ring[0])}; {rule}")
        self.positions += len(xy)
        return xy


def _disjoint_polygons(geom):
    """The polygons of ``geom`` with area as one geometry, for polygon parts that do not
    overlap (a union's or a valid geometry's): no second union needed."""
    parts = shapely.get_parts(geom)
    parts = parts[(shapely.get_type_id(parts) == 3) & (shapely.area(parts) > 0)]
    if len(parts) == 0:
        return shapely.Polygon()
    return parts[0] if len(parts) == 1 else shapely.multipolygons(parts)


def zone_from_geojson(doc, name: str = "zone file") -> Zone:
    """A zone from any GeoJSON holding polygons (a drawn or downloaded area).

    ``doc`` is GeoJSON text (a leading byte-order mark is ignored), UTF-8 (or
    UTF-16/32) bytes or a parsed object: a FeatureCollection, a Feature or a
    bare geometry.  All Polygon and MultiPolygon geometries, also inside
    GeometryCollections, are merged (invalid ones repaired with
    ``make_valid``: a bowtie becomes two triangles); points and lines are
    ignored.  The first polygon feature's properties (name, description,
    source ...) are kept as data; those frontmap itself writes and reads
    back (a spec's ``anchor``, ``width_km``, ``depth_km``, ``profile``,
    ``side``; ``warnings``; ``claim``) must hold what frontmap writes.

    The polygons are clipped to :func:`data_region` (beyond it frontmap has
    no data); ``Zone.given_area_km2`` is then the area as given, and areas,
    memberships and distances to the edge are those of the part inside.

    Raises :class:`~frontmap.errors.ZoneFileError`, naming what is wrong and
    where, when it is not GeoJSON (or not UTF-8, or larger than
    :data:`MAX_ZONE_FILE_BYTES`, or nested too deeply), when a position is
    not two finite numbers in lon/lat range, a ring has fewer than 4
    positions or is not closed, when it holds more than
    :data:`MAX_ZONE_POLYGONS` polygons, or no polygon with area; and
    :class:`~frontmap.errors.OutsideCoverageError` (a ZoneFileError) when
    nothing of it lies in the data region.

    Examples
    --------
    >>> zone = zone_from_geojson('\\ufeff{"type": "Polygon", "coordinates": '
    ...                          '[[[35.2, 51.1], [35.3, 51.1], [35.3, 51.2], [35.2, 51.1]]]}')
    >>> round(zone.area_km2, 1), zone.given_area_km2
    (39.0, None)
    """
    from .errors import OutsideCoverageError, ZoneFileError

    if isinstance(doc, (str, bytes, bytearray)):
        doc = _parse_json(doc, name)
    if not isinstance(doc, dict) or not isinstance(doc.get("type"), str):
        raise ZoneFileError(f"{name} is not GeoJSON: expected an object with a 'type' member")
    kind = doc["type"]
    if kind == "FeatureCollection":
        features = doc.get("features")
        if features is None:
            features = []
        if not isinstance(features, list):
            raise ZoneFileError(f"{name}: its features are {_kind(features)}: a FeatureCollection's features are a list")
        labels = [f"feature {i}" for i in range(len(features))]
    elif kind == "Feature":
        features, labels = [doc], ["its feature"]
    elif kind in _GEOMETRY_TYPES:
        features, labels = [{"type": "Feature", "properties": None, "geometry": doc}], ["its geometry"]
    else:
        raise ZoneFileError(
            f"{name} is not GeoJSON: its type is {_show(kind)}; expected FeatureCollection, Feature or a geometry type"
        )
    reader = _Reader(name)
    properties = None
    for feature, label in zip(features, labels):
        if not isinstance(feature, dict):
            raise ZoneFileError(f"{name}: {label} is {_kind(feature)}: a GeoJSON feature is an object")
        props = _check_properties(feature.get("properties"), name, label)
        if reader.geometry(feature.get("geometry"), label) and properties is None:
            properties = props
    if not reader.polygons:
        raise ZoneFileError(f"{name} holds no Polygon or MultiPolygon: a zone must be an area")
    polygons = np.asarray(reader.polygons)
    invalid = ~shapely.is_valid(polygons)
    if invalid.any():
        polygons[invalid] = shapely.make_valid(polygons[invalid])
    parts = shapely.get_parts(polygons)
    parts = parts[np.isin(shapely.get_type_id(parts), (3, 6))]  # Polygon, MultiPolygon
    geometry = _disjoint_polygons(shapely.disjoint_subset_union_all(parts)) if len(parts) else shapely.Polygon()
    if geometry.is_empty or geometry.area == 0:
        raise ZoneFileError(f"{name} holds polygons with no area: a zone must enclose some ground")
    region = data_region()
    given_area = None
    if not shapely.contains(shapely.box(*region), geometry):
        given_area = _area_by_tiles_km2(geometry)
        clipped = _disjoint_polygons(shapely.make_valid(shapely.clip_by_rect(geometry, *region)))
        if clipped.is_empty or clipped.area == 0:
            raise OutsideCoverageError(outside_coverage_message(name, geometry, shapely.box(*region)))
        geometry = clipped
    centre = geometry.representative_point()
    crs = local_crs(round(centre.x, 7), round(centre.y, 7))
    local = crs.to_local(shapely.segmentize(geometry, 0.001))
    props = {k: v for k, v in (properties or {}).items() if k != "attribution"}
    return Zone(geometry=geometry, local=local, crs=crs, properties=props, source=name, given_area_km2=given_area)


def _area_by_tiles_km2(geometry) -> float:
    """Geodesic area (km²) of a polygon of any size, edges straight in lon/lat.

    pyproj's area of a polygon spanning half the globe is meaningless (a
    whole-world box gives 0): measure it in 10° tiles, edges cut to 0.5°."""
    total = 0.0
    minx, miny, maxx, maxy = geometry.bounds
    for x0 in np.arange(math.floor(minx / 10) * 10, maxx, 10.0):
        for y0 in np.arange(math.floor(miny / 10) * 10, maxy, 10.0):
            part = _disjoint_polygons(shapely.make_valid(shapely.clip_by_rect(geometry, x0, y0, x0 + 10, y0 + 10)))
            if not part.is_empty:
                total += geodesic_area_km2(shapely.segmentize(part, 0.5))
    return total


def zone_from_profile(chainage_km, depth_km, side: Side = DEFAULT_SIDE, border: Border | None = None, countries=None,
                      properties: dict | None = None) -> Zone:
    """A zone whose depth (km) at each chainage (km) is given.

    The depth runs linearly between the samples and is 0 outside them; the
    construction is :func:`build_zone`'s, with this profile in place of a
    salient or flat one.  Ensembles build their probability zones so.
    """
    try:
        s = np.asarray(chainage_km, dtype=float)
        d = np.asarray(depth_km, dtype=float)
    except (TypeError, ValueError, OverflowError):
        raise InvalidSpecError("a depth profile is two equally long lists of numbers (chainages and depths, km)",
                               "chainage_km") from None
    if s.ndim != 1 or s.shape != d.shape or len(s) < 2 or not np.isfinite(s).all() or np.any(np.diff(s) <= 0):
        raise InvalidSpecError("a depth profile needs two or more samples at finite, increasing chainages",
                               "chainage_km")
    # (a solver's depth may pass the bound by a rounding error; 5,000 km gave a zone 0 km deep)
    if not np.isfinite(d).all() or (d < 0).any() or not (d > 0).any() or d.max() > MAX_DEPTH_KM + 1e-6:
        raise InvalidSpecError(f"a depth profile's depths must be finite, in [0, {MAX_DEPTH_KM:g}] km and not all 0",
                               "depth_km")
    s, d = s * 1000.0, d * 1000.0
    if side not in SIDES:
        raise InvalidSpecError(f"side={side!r} is not a valid option, must be one of {', '.join(SIDES)}", "side")
    if properties is not None and not isinstance(properties, dict):
        raise TypeError(f"properties must be a dict, not {type(properties).__name__}")
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
    if _no_ground(local, _wgs84_geometry(local, crs)):
        raise InvalidSpecError(f"a depth profile at most {d.max() / 1000:g} km deep covers no ground "
                               f"(under {MIN_ZONE_AREA_M2:g} m²): give larger depths", "depth_km")
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
