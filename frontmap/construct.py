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
from .geom import clip_to_box
from .spec import ZoneSpec, depth_profile

__all__ = ["Construction", "DepthProfile", "construct_zone", "polygons_only", "sampled_profile", "spec_profile"]

#: Spacing of Voronoi sites along the line (m).  Region boundaries against
#: other stretches of border are off by about h²/(8·d): 0.1 m at 12 km, but
#: up to 5 m measured within 1.5 km of the line, and 7 m where the line folds
#: back on itself closer than the spacing (70 random zones, 2026-12-02).
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
#: The joined pieces are closed (grown, then shrunk) by this much (m): snapping to
#: :data:`GRID_M` can leave two pieces' copies of a shared edge up to 0.7 mm apart,
#: a crack or a hole that long in the zone but no wider.
SEAM_M = GRID_M
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
#: Node capacity of the tree of border segments that measures how deep a zone reached.
NEAREST_NODE_CAPACITY = 2


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
    start_m, end_m = centre_m - half_width_m, centre_m + half_width_m

    def depth_of(s: np.ndarray) -> np.ndarray:
        # Rounding can put an end's u a hair beyond 1: on the front |u| <= 1, so
        # that a flat front is as deep at its ends as anywhere else.
        u = np.clip((s - centre_m) / half_width_m, -1.0, 1.0)
        return np.where((s >= start_m) & (s <= end_m), depth_profile(u, depth, spec.profile), 0.0)

    return DepthProfile(start_m, end_m, depth, depth_of, bends)


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
    side_local = crs.to_local(clip_to_box(side_geom, *_lonlat_box(crs, radius + CELL_MARGIN_M)))
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
    # A tree of two segments a node answers these queries in half the time of the default ten; the
    # distance to the nearest segment does not depend on the tree.
    tree = shapely.STRtree(pieces, node_capacity=NEAREST_NODE_CAPACITY)
    _, dist = tree.query_nearest(shapely.points(coords), return_distance=True, all_matches=False)
    return float(dist.max()) / 1000.0


class _Sites(NamedTuple):
    """Voronoi sites along the border, each with the piece of border it stands for."""

    xy: np.ndarray
    #: The piece of border each site stands for: ``2 * i`` for vertex ``i``,
    #: ``2 * i + 1`` for the inside of segment ``i``.
    piece: np.ndarray
    chainage_m: np.ndarray


def _site_params(frame: _Frame, i: int, length: float) -> list[float]:
    """Where along segment ``i`` (as fractions in [0, 1)) its Voronoi sites stand.

    Its first vertex, points every :data:`SITE_SPACING_M` with guards ε inside
    both ends, the front's ends with a guard outside each, and sites every few
    metres around the front's ends.  :func:`_voronoi_sites` places the sites
    of a segment away from the front's ends itself; this is the rule.
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


def _ragged_arange(starts: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """``concatenate([arange(a, a + n) for a, n in zip(starts, counts)])``."""
    counts = np.asarray(counts, dtype=np.intp)
    ends = np.cumsum(counts)
    return np.arange(int(ends[-1]) if len(ends) else 0) + np.repeat(
        np.asarray(starts, dtype=np.intp) - ends + counts, counts
    )


def _voronoi_sites(frame: _Frame) -> _Sites:
    """Every vertex of the segments near the front, guards ε inside each segment's ends,
    interior points every h, and the window ends with guards outside them.

    A segment away from the front's ends gets :func:`_site_params`'s sites
    without asking it: its first vertex, ``g / L``, ``k / n`` for k in 1..n-1
    and ``1 - g / L`` (in that order, as they are distinct and increasing for
    any segment longer than four guard distances), or its first vertex alone.
    """
    x, y, chain = frame.x, frame.y, frame.chain
    segs = frame.segs
    ax, ay, bx, by = x[segs], y[segs], x[segs + 1], y[segs + 1]
    dx, dy = bx - ax, by - ay
    # math.hypot, not numpy's: the two differ in the last bit now and then
    length = np.array([math.hypot(u, v) for u, v in zip(dx.tolist(), dy.tolist(), strict=True)])
    geo, c0 = frame.segment_m[segs], chain[segs]
    sited = length > MIN_SITED_SEGMENT_M
    n = np.where(sited, np.maximum(1.0, np.ceil(length / SITE_SPACING_M)), 0.0)
    counts = np.where(length == 0, 0, np.where(sited, n + 2, 1)).astype(np.intp)
    # Segments near a front end take the rule itself, with room to spare.
    reach = max(abs(v) for v in NEAR_END_M) + 1.0
    special = np.zeros(len(segs), dtype=bool)
    for s_end in (frame.profile.start_m, frame.profile.end_m):
        special |= (c0 - reach < s_end) & (s_end < c0 + geo + reach)
    special &= length != 0
    special_ts = {int(j): _site_params(frame, int(segs[j]), float(length[j])) for j in np.flatnonzero(special)}
    for k, ts in special_ts.items():
        counts[k] = len(ts)
    # The last vertex of a run of segments is a site too.
    run_end = np.ones(len(segs), dtype=bool)
    run_end[:-1] = segs[1:] != segs[:-1] + 1
    run_end &= length != 0
    per_seg = counts + run_end
    first = np.cumsum(per_seg) - per_seg
    total = int(per_seg.sum())
    seg_of = np.repeat(np.arange(len(segs)), per_seg)
    j = np.arange(total) - first[seg_of]
    t = np.zeros(total)
    regular = (j < counts[seg_of]) & ~special[seg_of]
    jr, sr = j[regular], seg_of[regular]
    nr, lr = n[sr], length[sr]
    tr = np.zeros(len(jr))
    guard_in, guard_out, inner = jr == 1, (jr > 1) & (jr == nr + 1), (jr > 1) & (jr < nr + 1)
    tr[guard_in] = GUARD_M / lr[guard_in]
    tr[guard_out] = 1 - GUARD_M / lr[guard_out]
    tr[inner] = (jr[inner] - 1) / nr[inner]
    t[regular] = tr
    for k, ts in special_ts.items():
        t[first[k] : first[k] + len(ts)] = ts
    end = j == counts[seg_of]  # a run's last vertex, after its segment's sites
    t[end] = 1.0
    sx = ax[seg_of] + t * dx[seg_of]
    sy = ay[seg_of] + t * dy[seg_of]
    chainage = c0[seg_of] + t * geo[seg_of]
    sx[end], sy[end], chainage[end] = bx[seg_of[end]], by[seg_of[end]], chain[segs[seg_of[end]] + 1]
    piece = 2 * segs[seg_of] + (t != 0)
    piece[end] = 2 * (segs[seg_of[end]] + 1)
    return _Sites(np.column_stack([sx, sy]), piece, chainage)


def _polygons_cut_at_depth(frame: _Frame, radius: float) -> shapely.Geometry:
    """Each piece of border's nearest-point region cut at its depth, joined."""
    sites = _voronoi_sites(frame)
    low, high = -radius - CELL_MARGIN_M, radius + CELL_MARGIN_M
    extent = shapely.box(low, low, high, high)
    diagram = shapely.voronoi_polygons(shapely.multipoints(sites.xy), extend_to=extent, ordered=True)
    if shapely.get_num_geometries(diagram) != len(sites.xy):
        raise RuntimeError("Voronoi diagram lost sites; the border has coincident vertices")
    # Cells of one piece of border (a segment's sites, or a vertex) form an
    # exactly noded coverage: merge them first, then cut once per piece.
    prof = frame.profile
    on_front = np.flatnonzero(
        (sites.chainage_m >= prof.start_m - ON_FRONT_TOLERANCE_M)
        & (sites.chainage_m <= prof.end_m + ON_FRONT_TOLERANCE_M)
    )
    members: dict[int, list[int]] = {}
    for position, key in enumerate(sites.piece[on_front].tolist()):
        members.setdefault(key, []).append(position)
    cells = shapely.get_geometry(diagram, on_front)  # only the cells of sites on the front
    keys = list(members)
    segment_shapes = iter(_segment_shapes(frame, np.array([k >> 1 for k in keys if k & 1], dtype=np.intp)))
    vertex_shapes = iter(_vertex_shapes(frame, np.array([k >> 1 for k in keys if not k & 1], dtype=np.intp)))
    pieces_cells, pieces_shapes = [], []
    for key in keys:
        shape = next(segment_shapes) if key & 1 else next(vertex_shapes)
        if shape is not None:
            for cell in _merge_cells(cells[members[key]]):
                pieces_cells.append(cell)
                pieces_shapes.append(shape)
    pieces = shapely.intersection(np.asarray(pieces_cells), np.asarray(pieces_shapes))
    # Snap-rounding to a millimetre grid: the pieces meet along shared Voronoi
    # edges with guard slivers 0.2 m wide, where GEOS's floating-point
    # overlay has been seen to drop whole pieces.
    return _closed_seams(polygons_only(shapely.union_all(pieces, grid_size=GRID_M)))


def _closed_seams(zone: shapely.Geometry) -> shapely.Geometry:
    """``zone`` without the cracks and holes narrower than 2 × :data:`SEAM_M` that the joining left.

    Where two pieces share an edge, snap-rounding can move a vertex of one
    piece's copy off the other's: the union keeps a gap under a millimetre
    wide, up to tens of kilometres long (a hole, or a crack from the edge).
    It covers no ground, but it is edge: a settlement beside it measured its
    distance to the zone's edge as a few metres where the true edge lay
    kilometres away.  A closing (mitred, so corners keep their place) fills
    them and moves the rest of the edge by no more than rounding.
    """
    grown = shapely.buffer(zone, SEAM_M, join_style="mitre")
    return polygons_only(shapely.buffer(grown, -SEAM_M, join_style="mitre"))


def _merge_cells(cells: np.ndarray) -> list:
    """Adjacent Voronoi cells as one polygon when GEOS noded them exactly, else as they are; all valid.

    GEOS has been seen to draw a self-intersecting Voronoi cell, and to merge
    cells that were not noded exactly into a self-intersecting polygon (a front
    9.64 km wide ending on border vertices): cutting either at depth raised a
    TopologyException.  Such a merge gives way to the cells, and such a cell is
    made valid.
    """
    if len(cells) > 1:
        try:
            merged = shapely.coverage_union_all(cells)
        except shapely.errors.GEOSException:
            merged = None
        if merged is not None and shapely.is_valid(merged):
            return [merged]
    return [c if shapely.is_valid(c) else polygons_only(shapely.make_valid(c)) for c in cells]


def _segment_shapes(frame: _Frame, segs: np.ndarray) -> list[shapely.Geometry | None]:
    """The strip over each segment of ``segs``'s part of the front, as deep as the profile there (None if none).

    Segment by segment: the feet of the profile's bends between the segment's
    ends on the front (and of those ends), ε beyond both ends, and each foot
    moved out along the normal by the depth there, where that is > 0.  All
    segments at once, with numpy's element-wise arithmetic: the same numbers
    as one segment at a time.
    """
    if not len(segs):
        return []
    x, y, chain, prof = frame.x, frame.y, frame.chain, frame.profile
    ax, ay = x[segs], y[segs]
    dx, dy = x[segs + 1] - ax, y[segs + 1] - ay
    length = np.hypot(dx, dy)
    geo = frame.segment_m[segs]
    dirx, diry = dx / length, dy / length
    normx, normy = frame.sign * -diry, frame.sign * dirx
    c0 = chain[segs]
    lo, hi = np.maximum(c0, prof.start_m), np.minimum(chain[segs + 1], prof.end_m)
    out: list[shapely.Geometry | None] = [None] * len(segs)
    has = np.flatnonzero(hi > lo)
    if not len(has):
        return out
    # s: lo, the distinct bends strictly between, hi (np.unique of them, segment by segment)
    bends, between = _bends_between(prof.bends_m, lo[has], hi[has])
    m = np.array([len(b) for b in between], dtype=np.intp) + 2
    seg_of = np.repeat(np.arange(len(has)), m)
    first = np.cumsum(m) - m
    s = np.empty(int(m.sum()))
    s[first] = lo[has]
    s[first + m - 1] = hi[has]
    if bends is not None:
        inner = np.ones(len(s), dtype=bool)
        inner[first] = inner[first + m - 1] = False
        s[inner] = bends
    else:
        for k, b in enumerate(between):
            s[first[k] + 1 : first[k] + m[k] - 1] = b
    g = has[seg_of]
    t = (s - c0[g]) / geo[g]
    fx, fy = ax[g] + t * dx[g], ay[g] + t * dy[g]
    d = prof.depth_of(s)
    # ε beyond both ends so the shape covers the Voronoi cells' ε/2 overhang.
    m2 = m + 2
    first2 = np.cumsum(m2) - m2
    seg2 = np.repeat(np.arange(len(has)), m2)
    p = np.arange(int(m2.sum())) - first2[seg2]
    src = first[seg2] + np.clip(p - 1, 0, m[seg2] - 1)
    foot_x, foot_y, depth = fx[src], fy[src], d[src]
    head, tail = p == 0, p == m2[seg2] - 1
    foot_x[head] = fx[first] - GUARD_M * dirx[has]
    foot_y[head] = fy[first] - GUARD_M * diry[has]
    foot_x[tail] = fx[first + m - 1] + GUARD_M * dirx[has]
    foot_y[tail] = fy[first + m - 1] + GUARD_M * diry[has]
    g2 = has[seg2]
    # Where the depth is 0 (a salient's ends) the far edge meets the border:
    # leave those points out so the ring does not run back over itself.
    deep = depth > 0
    far_x = (foot_x + depth * normx[g2])[deep]
    far_y = (foot_y + depth * normy[g2])[deep]
    n_far = np.bincount(seg2[deep], minlength=len(has))
    first_far = np.cumsum(n_far) - n_far
    # ring: feet in order, far points backwards, the first foot again
    ring_len = m2 + n_far + 1
    ring_of = np.repeat(np.arange(len(has)), ring_len)
    r = np.arange(int(ring_len.sum())) - (np.cumsum(ring_len) - ring_len)[ring_of]
    is_foot = r < m2[ring_of]
    is_far = ~is_foot & (r < (m2 + n_far)[ring_of])
    at = np.where(is_foot, first2[ring_of] + r, first2[ring_of])  # the closing point is the first foot
    coords_x, coords_y = foot_x[at], foot_y[at]
    back = first_far[ring_of] + n_far[ring_of] - 1 - (r - m2[ring_of])
    coords_x[is_far] = far_x[back[is_far]]
    coords_y[is_far] = far_y[back[is_far]]
    rings = shapely.linearrings(np.column_stack([coords_x, coords_y]), indices=ring_of)
    polygons = shapely.polygons(rings)
    valid = shapely.is_valid(polygons)
    for k in np.flatnonzero(n_far > 0).tolist():
        poly = polygons[k]
        out[int(has[k])] = poly if valid[k] else polygons_only(shapely.make_valid(poly))
    return out


def _bends_between(bends: np.ndarray, lo: np.ndarray, hi: np.ndarray) -> tuple[np.ndarray | None, list[np.ndarray]]:
    """The distinct bends strictly between ``lo[k]`` and ``hi[k]``, for each k, in increasing order.

    Returns ``(joined, each)``: ``joined`` is them all concatenated (None when
    the bends are not sorted and ``each`` came one by one).
    """
    if len(bends) and bool(np.all(bends[1:] >= bends[:-1])):
        a = np.searchsorted(bends, lo, side="right")
        b = np.searchsorted(bends, hi, side="left")
        counts = np.maximum(b - a, 0)
        idx = _ragged_arange(a, counts)
        keep = np.ones(len(idx), dtype=bool)
        keep[1:] = bends[idx[1:]] != bends[idx[:-1]]
        keep[(np.cumsum(counts) - counts)[counts > 0]] = True  # each one's first (equal only to one outside it)
        owner = np.repeat(np.arange(len(lo)), counts)
        kept_counts = np.bincount(owner[keep], minlength=len(lo))
        joined = bends[idx[keep]]
        return joined, np.split(joined, np.cumsum(kept_counts)[:-1])
    each = [np.unique(bends[(bends > a) & (bends < b)]) for a, b in zip(lo.tolist(), hi.tolist(), strict=True)]
    return None, each


def _vertex_shapes(frame: _Frame, verts: np.ndarray) -> list[shapely.Geometry | None]:
    """The fan of each vertex's normals, as deep as the profile there (None at the line's ends or off the front).

    Where the line bends away from the zone, the fan between the normals of
    the segments before and after the vertex (its arc sampled every
    :data:`ARC_STEP_RAD` at most), with ε of each segment; where it bends
    towards the zone no ground is nearest to the vertex itself (its Voronoi
    cell is a sliver along the normals' bisector), and the shape is the
    convex hull of the guards and their normals' ends.  All vertices at
    once, with the same arithmetic as one at a time: the angles with
    :mod:`math`, the arcs' angles as :func:`numpy.linspace` spaces them.
    """
    x, y, sign = frame.x, frame.y, frame.sign
    out: list[shapely.Geometry | None] = [None] * len(verts)
    at = np.flatnonzero((verts > 0) & (verts < len(x) - 1))
    depth = frame.profile.depth_of(frame.chain[verts[at]])
    at, depth = at[depth > 0], depth[depth > 0]
    if not len(at):
        return out
    i = verts[at]
    vx, vy = x[i], y[i]
    ux0, uy0 = vx - x[i - 1], vy - y[i - 1]
    ux1, uy1 = x[i + 1] - vx, y[i + 1] - vy
    h0, h1 = np.hypot(ux0, uy0), np.hypot(ux1, uy1)
    d0x, d0y, d1x, d1y = ux0 / h0, uy0 / h0, ux1 / h1, uy1 / h1
    # the angle of each normal (math.atan2, math.cos and math.sin, scalar by scalar)
    a0 = [math.atan2(p, q) for p, q in zip((sign * d0x).tolist(), (-sign * d0y).tolist(), strict=True)]
    a1 = [math.atan2(p, q) for p, q in zip((sign * d1x).tolist(), (-sign * d1y).tolist(), strict=True)]
    n0x, n0y = np.array([math.cos(a) for a in a0]), np.array([math.sin(a) for a in a0])
    n1x, n1y = np.array([math.cos(a) for a in a1]), np.array([math.sin(a) for a in a1])
    backx, backy = vx - GUARD_M * d0x, vy - GUARD_M * d0y
    aheadx, aheady = vx + GUARD_M * d1x, vy + GUARD_M * d1y
    turn = (d0x * d1y - d0y * d1x) * sign
    hull = np.flatnonzero(turn > 0)
    if len(hull):
        # The line bends towards the zone: no ground is nearest to the vertex
        # itself; its Voronoi cell is a sliver along the normals' bisector.
        sx, sy = n0x[hull] + n1x[hull], n0y[hull] + n1y[hull]
        norm = np.hypot(sx, sy)
        dh = depth[hull]
        corners = np.stack(
            [
                np.column_stack([backx[hull], backy[hull]]),
                np.column_stack([aheadx[hull], aheady[hull]]),
                np.column_stack([vx[hull] + dh * (sx / norm), vy[hull] + dh * (sy / norm)]),
                np.column_stack([backx[hull] + dh * n0x[hull], backy[hull] + dh * n0y[hull]]),
                np.column_stack([aheadx[hull] + dh * n1x[hull], aheady[hull] + dh * n1y[hull]]),
            ],
            axis=1,
        ).reshape(-1, 2)
        hulls = shapely.convex_hull(shapely.multipoints(corners, indices=np.repeat(np.arange(len(hull)), 5)))
        for k, shape in zip(at[hull].tolist(), hulls.tolist(), strict=True):
            out[k] = shape
    fan = np.flatnonzero(turn <= 0)
    if not len(fan):
        return out
    delta = [(a1[k] - a0[k] + math.pi) % (2 * math.pi) - math.pi for k in fan.tolist()]  # the short way round
    n = np.array([max(2, int(math.ceil(abs(v) / ARC_STEP_RAD)) + 1) for v in delta], dtype=np.intp)
    stop = np.array(delta)
    theta = _linspaces(stop, n) + np.repeat(np.array(a0)[fan], n)
    arc_of = np.repeat(np.arange(len(fan)), n)
    df = depth[fan]
    arcx = vx[fan][arc_of] + df[arc_of] * np.cos(theta)
    arcy = vy[fan][arc_of] + df[arc_of] * np.sin(theta)
    # ring: back, its normal's end, the arc, the other normal's end, ahead, the vertex, back again
    ring_len = n + 6
    ring_of = np.repeat(np.arange(len(fan)), ring_len)
    first = np.cumsum(ring_len) - ring_len
    coords = np.empty((int(ring_len.sum()), 2))
    arc_at = np.ones(len(coords), dtype=bool)
    ends = {
        0: (backx[fan], backy[fan]),
        1: (backx[fan] + df * n0x[fan], backy[fan] + df * n0y[fan]),
        -5: (aheadx[fan] + df * n1x[fan], aheady[fan] + df * n1y[fan]),
        -4: (aheadx[fan], aheady[fan]),
        -3: (vx[fan], vy[fan]),
        -2: (backx[fan], backy[fan]),
    }
    for offset, (px, py) in ends.items():
        where = first + offset if offset >= 0 else first + ring_len + offset + 1
        coords[where, 0], coords[where, 1] = px, py
        arc_at[where] = False
    coords[arc_at, 0], coords[arc_at, 1] = arcx, arcy
    fans = shapely.polygons(shapely.linearrings(coords, indices=ring_of))
    for k, shape in zip(at[fan].tolist(), fans.tolist(), strict=True):
        out[k] = shape
    return out


def _linspaces(stop: np.ndarray, n: np.ndarray) -> np.ndarray:
    """``concatenate([numpy.linspace(0.0, b, k) for b, k in zip(stop, n)])``, every ``k`` >= 2, to the bit."""
    k = _ragged_arange(np.zeros(len(n), dtype=np.intp), n).astype(float)
    div = np.repeat((n - 1).astype(float), n)
    b = np.repeat(stop, n)
    step = b / div
    y = np.where(step == 0, k / div * b, k * step)
    y += 0.0
    y[np.cumsum(n) - 1] = stop
    return y


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
