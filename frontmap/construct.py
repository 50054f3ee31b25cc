"""The construction: a zone's polygon from its depth along the border.

A zone holds the ground whose nearest border point lies on the front and
which is no farther from it than the depth there.  The construction works
in an azimuthal equidistant projection centred on the front (metres), splits
the plane into the nearest-point regions of the border's pieces (a Voronoi
diagram of points along the line, with guard points ε apart at every vertex
and window end so region boundaries are the line's normals to within ε/2),
and cuts each region at its depth: a segment's region with a strip along the
segment, a vertex's region with a fan of the vertex's normals.  Buffers are
not used: a buffer of the front's stretch of border also covers ground
whose nearest border point lies beyond the front's ends.

:class:`DepthProfile` says how deep the zone is along the border (a spec's
salient or flat profile, or sampled depths); :func:`construct_zone` returns
the polygon in local metres, the depth it reached and the front's stretch of
border.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np
import shapely

from .border import Border, segment_lines
from .crs import LocalCRS
from .spec import ZoneSpec, depth_profile

__all__ = ["Construction", "DepthProfile", "construct_zone", "polygons_only", "sampled_profile", "spec_profile"]

#: Spacing of Voronoi sites along the line (m).  Region boundaries against
#: other stretches of border are off by about h²/(8·d): 0.1 m at 12 km.
SITE_SPACING_M = 100.0
#: Offsets (m) of extra sites around each front end.
NEAR_END_M = tuple(float(v) for v in (-60, -30, -15, -8, -4, -2, -1, 1, 2, 4, 8, 15, 30, 60))
#: Guard distance ε (m) either side of each vertex and window end.
GUARD_M = 0.2
#: A segment no longer than four guard distances gets no sites but its first
#: vertex: its guards and interior sites would crowd each other.
MIN_SITED_SEGMENT_M = 4 * GUARD_M
#: An extra site near a front end keeps two guard distances from its segment's ends.
NEAR_END_GAP_M = 2 * GUARD_M
#: Samples of the salient's depth curve over the front (ellipse angles).
PROFILE_SAMPLES = 2049
#: Precision grid (m) of the overlay that joins the pieces.
GRID_M = 0.001
#: Greatest angle (rad) between samples of a vertex's arc.
ARC_STEP_RAD = 0.002
#: The construction works in a disc around the front's centre of radius half
#: the front's width, plus this many of the zone's depths, plus
#: :data:`WORK_MARGIN_M`: every point of the zone lies within half the width
#: plus one depth of the centre; the second depth leaves room for the border
#: just beyond the front, whose regions bound the front's.
WORK_DEPTHS = 2.0
#: Margin (m) of the work disc beyond the front's half width and its depths.
WORK_MARGIN_M = 2000.0
#: Border vertices this far (m) beyond the work disc still give sites, so a
#: segment crossing the disc's edge keeps both ends.
SITE_MARGIN_M = 5000.0
#: The Voronoi diagram, and the country it is clipped to, reach this far (m)
#: beyond the work disc: every cell is closed well outside the zone.
CELL_MARGIN_M = 10_000.0
#: Distance (m) from a segment's midpoint, along its normal, of the probe that
#: tells which country lies on its left.
SIDE_PROBE_M = 50.0
#: Slack (m of chainage) with which a site counts as on the front.
ON_FRONT_TOLERANCE_M = 1e-6
#: Polygons smaller than this (m²) are slivers of the overlay, dropped.
MIN_PIECE_AREA_M2 = 1.0


@dataclass(frozen=True)
class DepthProfile:
    """A zone's depth along the border.

    Parameters
    ----------
    start_m, end_m : float
        The front: chainages (m) of its ends.
    max_depth_m : float
        The greatest depth (m).
    depth_of : callable
        Depth (m) at an array of chainages (m); 0 off the front.
    bends_m : numpy.ndarray
        Chainages (m) where the depth curve bends: the far edge has a vertex at each.
    """

    start_m: float
    end_m: float
    max_depth_m: float
    depth_of: Callable[[np.ndarray], np.ndarray]
    bends_m: np.ndarray


def spec_profile(centre_m: float, half_width_m: float, spec: ZoneSpec) -> DepthProfile:
    """The depth profile of a spec's front centred at chainage ``centre_m``.

    Parameters
    ----------
    centre_m : float
        The front's centre (m of chainage).
    half_width_m : float
        Half the front's width (m).
    spec : ZoneSpec
        Its depth and profile.

    Returns
    -------
    DepthProfile
        A salient's bends are :data:`PROFILE_SAMPLES` points of its ellipse.

    Examples
    --------
    A front 40 km wide and 12 km deep, centred 600 km along the border line:

    >>> from frontmap.spec import ZoneSpec
    >>> profile = spec_profile(600_000.0, 20_000.0, ZoneSpec("Sudzha", width_km=40, depth_km=12))
    >>> profile.start_m, profile.end_m, profile.max_depth_m
    (580000.0, 620000.0, 12000.0)
    >>> float(profile.depth_of(np.array([600_000.0]))[0])
    12000.0
    """
    _, _, depth_km = spec.axis_values()  # one axis: a spec of several is built axis by axis
    depth = depth_km * 1000.0
    bends = np.array([])
    if spec.profile == "salient":
        theta = np.linspace(-math.pi / 2, math.pi / 2, PROFILE_SAMPLES)
        bends = centre_m + half_width_m * np.sin(theta)
    return DepthProfile(
        centre_m - half_width_m,
        centre_m + half_width_m,
        depth,
        lambda s: depth_profile((s - centre_m) / half_width_m, depth, spec.profile),
        bends,
    )


def sampled_profile(chainage_m: np.ndarray, depth_m: np.ndarray, start_m: float, end_m: float) -> DepthProfile:
    """A depth profile linear between samples and 0 outside them.

    Parameters
    ----------
    chainage_m, depth_m : numpy.ndarray
        Increasing chainages (m) and the depth (m) at each.
    start_m, end_m : float
        The front's ends.

    Returns
    -------
    DepthProfile
        Bending at every sample.

    Examples
    --------
    >>> profile = sampled_profile(np.array([0.0, 1000.0, 2000.0]), np.array([0.0, 500.0, 0.0]), 0.0, 2000.0)
    >>> profile.max_depth_m, profile.depth_of(np.array([500.0, 1500.0, 3000.0])).tolist()
    (500.0, [250.0, 250.0, 0.0])
    """
    return DepthProfile(
        start_m,
        end_m,
        float(depth_m.max()),
        lambda q: np.interp(q, chainage_m, depth_m, left=0.0, right=0.0),
        chainage_m,
    )


class Construction(NamedTuple):
    """What :func:`construct_zone` returns."""

    #: The zone in local metres (an empty Polygon if it covers nothing).
    local: shapely.Geometry
    #: The greatest distance (km) of the zone's vertices from the border.
    depth_reached_km: float
    #: The front's stretch of border (local metres), as a MultiLineString.
    front: shapely.Geometry


@dataclass(frozen=True)
class _Frame:
    """The border near the front in local metres, and the zone's side of it."""

    x: np.ndarray
    y: np.ndarray
    chain: np.ndarray
    segment_m: np.ndarray
    #: Segments (by first vertex) near enough to the front to matter.
    segs: np.ndarray
    #: 1 when the zone lies left of the line's direction, -1 when right.
    sign: float
    profile: DepthProfile


def construct_zone(border: Border, crs: LocalCRS, profile: DepthProfile, side_geom: shapely.Geometry) -> Construction:
    """The zone of a depth profile in local metres, its greatest depth (km) and the front's stretch of border.

    Parameters
    ----------
    border : Border
        The border line.
    crs : LocalCRS
        The local projection, centred on the front's middle.
    profile : DepthProfile
        The front and its depth.
    side_geom : shapely.Geometry
        The zone's country (WGS84): the zone is clipped to it, and the side
        of the line it lies on is the one it covers.

    Returns
    -------
    Construction
        ``(local, depth_reached_km, front)``.

    Examples
    --------
    What :func:`frontmap.zone.build_zone` does for a front 40 km wide and 12 km deep at Sudzha:

    >>> from frontmap.border import load_border
    >>> from frontmap.countries import country
    >>> from frontmap.crs import local_crs
    >>> from frontmap.spec import ZoneSpec
    >>> from frontmap.zone import resolve_anchor
    >>> border = load_border()
    >>> centre_m = resolve_anchor("Sudzha", border, "RUS").chainage_km * 1000.0
    >>> crs = local_crs(*border.point_at(centre_m / 1000.0))
    >>> profile = spec_profile(centre_m, 20_000.0, ZoneSpec("Sudzha", width_km=40, depth_km=12))
    >>> local, depth_reached_km, front = construct_zone(border, crs, profile, country("RUS"))
    >>> round(depth_reached_km), round(local.area / 1e6, -1), front.geom_type
    (12, 370.0, 'MultiLineString')
    """
    radius = (profile.end_m - profile.start_m) / 2.0 + WORK_DEPTHS * profile.max_depth_m + WORK_MARGIN_M
    x, y = crs.forward(border.lon, border.lat)
    near = np.hypot(x, y) <= radius + SITE_MARGIN_M
    segs = np.flatnonzero(near[:-1] | near[1:])
    in_front = _on_front(border.chainage_m, segs, profile)
    sign = _zone_sign(x, y, segs[in_front], crs, side_geom)
    frame = _Frame(x, y, border.chainage_m, border.segment_m, segs, sign, profile)
    zone = _polygons_cut_at_depth(frame, radius)
    side_local = crs.to_local(shapely.clip_by_rect(side_geom, *_lonlat_box(crs, radius + CELL_MARGIN_M)))
    zone = shapely.intersection(zone, polygons_only(shapely.make_valid(side_local)), grid_size=GRID_M)
    zone = polygons_only(zone)
    pieces = segment_lines(x, y, segs)
    front = shapely.multilinestrings(pieces[in_front])
    return Construction(zone, _greatest_depth_km(zone, pieces), front)


def _on_front(chain: np.ndarray, segs: np.ndarray, profile: DepthProfile) -> np.ndarray:
    """Which of the segments ``segs`` overlap the front's stretch of chainage."""
    return (chain[segs + 1] > profile.start_m) & (chain[segs] < profile.end_m)


def _zone_sign(
    x: np.ndarray, y: np.ndarray, in_window: np.ndarray, crs: LocalCRS, side_geom: shapely.Geometry
) -> float:
    """1 if the zone's country lies left of the line's direction along most of the front's
    segments ``in_window``, else -1.
    """
    ax, ay, bx, by = x[in_window], y[in_window], x[in_window + 1], y[in_window + 1]
    seg_len = np.hypot(bx - ax, by - ay)
    ok = seg_len > 0
    nx, ny = -(by - ay)[ok] / seg_len[ok], (bx - ax)[ok] / seg_len[ok]
    mx, my = (ax + bx)[ok] / 2, (ay + by)[ok] / 2
    plon, plat = crs.inverse(mx + SIDE_PROBE_M * nx, my + SIDE_PROBE_M * ny)
    left = np.mean(shapely.contains_xy(side_geom, plon, plat))
    return 1.0 if left >= 0.5 else -1.0


def _greatest_depth_km(zone: shapely.Geometry, pieces: np.ndarray) -> float:
    """The greatest distance (km) of the zone's vertices from the border's pieces."""
    coords = shapely.get_coordinates(zone)
    if not len(coords):
        return 0.0
    _, dist = shapely.STRtree(pieces).query_nearest(shapely.points(coords), return_distance=True, all_matches=False)
    return float(dist.max()) / 1000.0


class _Sites(NamedTuple):
    """Voronoi sites along the border, each with the piece of border it stands for."""

    xy: np.ndarray
    #: ``("v", i)`` for vertex ``i``, ``("s", i)`` for a point inside segment ``i``.
    piece: list[tuple[str, int]]
    chainage_m: np.ndarray


def _site_params(frame: _Frame, i: int, length: float) -> list[float]:
    """Where along segment ``i`` (as fractions in [0, 1)) its Voronoi sites stand.

    Its first vertex, points every :data:`SITE_SPACING_M` with guards ε inside
    both ends, the front's ends with a guard outside each, and sites every few
    metres around the front's ends.
    """
    geo = float(frame.segment_m[i])
    c0 = float(frame.chain[i])
    ts = {0.0}
    if length > MIN_SITED_SEGMENT_M:
        n = max(1, math.ceil(length / SITE_SPACING_M))
        ts.update(k / n for k in range(1, n))
        ts.update((GUARD_M / length, 1 - GUARD_M / length))
    for s_end, guard in ((frame.profile.start_m, -GUARD_M), (frame.profile.end_m, GUARD_M)):
        if c0 < s_end < c0 + geo:
            t = (s_end - c0) / geo
            ts.update((t, min(max(t + guard / length, 0.0), 1.0)))
        # Near a front end the regions' boundary must follow the line's
        # bends closely: sites every few metres there, on both sides.
        for step in NEAR_END_M:
            u = (s_end + step - c0) / geo
            if 0.0 < u < 1.0 and abs(u * length) > NEAR_END_GAP_M and abs((1 - u) * length) > NEAR_END_GAP_M:
                ts.add(u)
    ts.discard(1.0)
    return sorted(ts)


def _voronoi_sites(frame: _Frame) -> _Sites:
    """Every vertex of the segments near the front, guards ε inside each segment's ends,
    interior points every h, and the window ends with guards outside them.
    """
    x, y, chain = frame.x, frame.y, frame.chain
    sites, piece, site_s = [], [], []
    seg_list = frame.segs.tolist()
    seg_set = set(seg_list)
    for i in seg_list:
        ax, ay, bx, by = float(x[i]), float(y[i]), float(x[i + 1]), float(y[i + 1])
        length = math.hypot(bx - ax, by - ay)
        if length == 0:
            continue
        geo, c0 = float(frame.segment_m[i]), float(chain[i])
        for t in _site_params(frame, i, length):
            sites.append((ax + t * (bx - ax), ay + t * (by - ay)))
            piece.append(("v", i) if t == 0 else ("s", i))
            site_s.append(c0 + t * geo)
        if i + 1 not in seg_set:  # last vertex of a run
            sites.append((bx, by))
            piece.append(("v", i + 1))
            site_s.append(float(chain[i + 1]))
    return _Sites(np.asarray(sites), piece, np.asarray(site_s))


def _polygons_cut_at_depth(frame: _Frame, radius: float) -> shapely.Geometry:
    """Each piece of border's nearest-point region cut at its depth, joined."""
    sites = _voronoi_sites(frame)
    low, high = -radius - CELL_MARGIN_M, radius + CELL_MARGIN_M
    extent = shapely.box(low, low, high, high)
    cells = shapely.get_parts(shapely.voronoi_polygons(shapely.multipoints(sites.xy), extend_to=extent, ordered=True))
    if len(cells) != len(sites.xy):
        raise RuntimeError("Voronoi diagram lost sites; the border has coincident vertices")
    # Cells of one piece of border (a segment's sites, or a vertex) form an
    # exactly noded coverage: merge them first, then cut once per piece.
    members: dict[tuple[str, int], list[int]] = {}
    prof = frame.profile
    on_front = (sites.chainage_m >= prof.start_m - ON_FRONT_TOLERANCE_M) & (
        sites.chainage_m <= prof.end_m + ON_FRONT_TOLERANCE_M
    )
    for k in np.flatnonzero(on_front):
        members.setdefault(sites.piece[k], []).append(int(k))
    pieces_cells, pieces_shapes = [], []
    for (kind, i), ks in members.items():
        shape = _segment_shape(frame, i) if kind == "s" else _vertex_shape(frame, i)
        if shape is not None:
            for cell in _merge_cells(cells[ks]):
                pieces_cells.append(cell)
                pieces_shapes.append(shape)
    pieces = shapely.intersection(np.asarray(pieces_cells), np.asarray(pieces_shapes))
    # Snap-rounding to a millimetre grid: the pieces meet along shared Voronoi
    # edges with guard slivers 0.2 m wide, where GEOS's floating-point
    # overlay has been seen to drop whole pieces.
    return polygons_only(shapely.union_all(pieces, grid_size=GRID_M))


def _merge_cells(cells: np.ndarray) -> list:
    """Adjacent Voronoi cells as one polygon when GEOS noded them exactly, else as they are."""
    if len(cells) == 1:
        return list(cells)
    try:
        return [shapely.coverage_union_all(cells)]
    except shapely.errors.GEOSException:
        return list(cells)


def _segment_shape(frame: _Frame, i: int) -> shapely.Geometry | None:
    """The strip over segment ``i``'s part of the front, as deep as the profile there; None if it has none."""
    x, y, chain, prof = frame.x, frame.y, frame.chain, frame.profile
    a = np.array([x[i], y[i]])
    b = np.array([x[i + 1], y[i + 1]])
    length = float(np.hypot(*(b - a)))
    geo = frame.segment_m[i]
    direction = (b - a) / length
    normal = frame.sign * np.array([-direction[1], direction[0]])
    lo, hi = max(chain[i], prof.start_m), min(chain[i + 1], prof.end_m)
    if hi <= lo:
        return None
    s = np.concatenate([[lo, hi], prof.bends_m[(prof.bends_m > lo) & (prof.bends_m < hi)]])
    s = np.unique(s)
    t = (s - chain[i]) / geo
    foot = a + t[:, None] * (b - a)
    d = prof.depth_of(s)
    # ε beyond both ends so the shape covers the Voronoi cells' ε/2 overhang.
    foot = np.vstack([foot[0] - GUARD_M * direction, foot, foot[-1] + GUARD_M * direction])
    d = np.concatenate([[d[0]], d, [d[-1]]])
    if not (d > 0).any():
        return None
    # Where the depth is 0 (a salient's ends) the far edge meets the border:
    # leave those points out so the ring does not run back over itself.
    far = (foot + d[:, None] * normal)[d > 0]
    ring = np.vstack([foot, far[::-1], foot[:1]])
    shape = shapely.polygons(ring)
    return shape if shapely.is_valid(shape) else polygons_only(shapely.make_valid(shape))


def _vertex_shape(frame: _Frame, i: int) -> shapely.Geometry | None:
    """The fan of vertex ``i``'s normals, as deep as the profile there; None at the line's ends or off the front."""
    x, y, sign = frame.x, frame.y, frame.sign
    if i == 0 or i >= len(x) - 1:
        return None
    v = np.array([x[i], y[i]])
    d = float(frame.profile.depth_of(frame.chain[i]))
    if d <= 0:
        return None
    dirs = []
    for p, q in ((i - 1, i), (i, i + 1)):
        vec = np.array([x[q] - x[p], y[q] - y[p]])
        dirs.append(vec / np.hypot(*vec))
    a0, a1 = (math.atan2(sign * dv[0], -sign * dv[1]) for dv in dirs)  # angle of each normal
    back = v - GUARD_M * dirs[0]
    ahead = v + GUARD_M * dirs[1]
    n0 = np.array([math.cos(a0), math.sin(a0)])
    n1 = np.array([math.cos(a1), math.sin(a1)])
    turn = float(dirs[0][0] * dirs[1][1] - dirs[0][1] * dirs[1][0]) * sign
    if turn > 0:
        # The line bends towards the zone: no ground is nearest to the vertex
        # itself; its Voronoi cell is a sliver along the normals' bisector.
        mid = (n0 + n1) / np.hypot(*(n0 + n1))
        corners = np.array([back, ahead, v + d * mid, back + d * n0, ahead + d * n1])
        return shapely.convex_hull(shapely.multipoints(corners))
    delta = (a1 - a0 + math.pi) % (2 * math.pi) - math.pi  # the short way round
    n = max(2, int(math.ceil(abs(delta) / ARC_STEP_RAD)) + 1)
    theta = a0 + np.linspace(0.0, delta, n)
    arc = v + d * np.column_stack([np.cos(theta), np.sin(theta)])
    ring = np.vstack([back, back + d * n0, arc, ahead + d * n1, ahead, v, back])
    return shapely.polygons(ring)


def _lonlat_box(crs: LocalCRS, radius: float) -> tuple[float, float, float, float]:
    """The lon/lat box around the square of half side ``radius`` (m) about the CRS's centre."""
    xs = np.array([-radius, radius, radius, -radius, 0, 0, radius, -radius])
    ys = np.array([-radius, -radius, radius, radius, radius, -radius, 0, 0])
    lon, lat = crs.inverse(xs, ys)
    return float(lon.min()), float(lat.min()), float(lon.max()), float(lat.max())


def polygons_only(geom: shapely.Geometry, min_area: float = MIN_PIECE_AREA_M2) -> shapely.Geometry:
    """The polygons of ``geom`` larger than ``min_area`` (its units squared), as one geometry.

    Parameters
    ----------
    geom : shapely.Geometry
        Any geometry (an overlay's result, mixing polygons, lines and points).
    min_area : float
        Smallest area kept.

    Returns
    -------
    shapely.Geometry
        A Polygon, a MultiPolygon or an empty Polygon.

    Examples
    --------
    >>> polygons_only(shapely.GeometryCollection([shapely.box(0, 0, 2, 2), shapely.Point(5, 5)])).geom_type
    'Polygon'
    """
    parts = [p for p in shapely.get_parts(geom) if p.geom_type == "Polygon" and p.area > min_area]
    if not parts:
        return shapely.Polygon()
    return shapely.union_all(parts) if len(parts) > 1 else parts[0]
