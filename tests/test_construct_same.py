"""The construction's fast paths give the zones of the plain ones, to the byte (issue 13).

:mod:`frontmap.construct` places the Voronoi sites, draws the strips over
segments and the fans at vertices for all pieces of border at once, takes only
the cells of sites on the front out of the diagram and measures the depth
reached on a tree of node capacity 2.  The GeoJSON that ``frontmap zone`` writes
for a set of specs (and for sampled depth profiles) is pinned here by its
SHA-256 as it was before those changes (commit a6cc031), with the local
polygon's WKB; and the sites and shapes are checked against the one-at-a-time
code they replace, kept here as the reference.  The pins were renewed once, when
the joined pieces' sub-millimetre seams were closed (``construct._closed_seams``):
that only fills gaps under 3 mm wide and leaves the rest of the edge within
a millimetre, which ``test_closing_the_seams_moves_no_edge`` checks.  The pins hold for the shipped
data with this GEOS (shapely 2.2); another GEOS may round differently.
"""

from __future__ import annotations

import hashlib
import math

import numpy as np
import pytest
import shapely

from frontmap import construct
from frontmap import zone as zone_module
from frontmap.border import load_border
from frontmap.countries import country
from frontmap.export import dump_json, zone_to_geojson
from frontmap.zone import ZoneSpec, _centred_crs, build_zone, resolve_anchor, zone_from_profile

# spec -> (SHA-256 of the zone's GeoJSON as `frontmap zone` writes it, first 16 hex digits of the local WKB's)
SPEC_PINS = [
    (
        ZoneSpec("Sudzha", 40, 12),
        "3f90eac8060223cfe24113dac55f956cf31c67d2e64bffd4b0918a0ed31b5af7",
        "1394024c33904eb3",
    ),
    (
        ZoneSpec("Sudzha", 40, 12, "flat"),
        "1f6396a7a7f42fd1db7eba3faaf52f4c756f7ca48a4cd3a2f90e81c078388a14",
        "63d0ec56d6f2a320",
    ),
    (
        ZoneSpec("Sudzha", 80, 30),
        "7a256764fe633669dd1506385faca85092e9edfe4a983d2d672a42508f6e169e",
        "158cf8cb51f48fbe",
    ),
    (
        ZoneSpec("Belgorod (gorod)", 30, 10),
        "c1afddb8c9c018bd335e37983711c2fd2e9a67f48b97ed9547dab9a3bf313b83",
        "b766fa7b470b7566",
    ),
    (
        ZoneSpec("Suzemka", 40, 15, "flat"),
        "ce804f0f5eb75de92abc7bd00341437f6d6139f14104d1c26d07df2da61c4620",
        "97b6ae4e1101e88a",
    ),
    (
        ZoneSpec("Vovchansk", 10, 5, "salient", "UKR"),
        "a918b9720a9531ccbbd8ff847c08b3f6955bc154fc3600e99647160d679cf6da",
        "bdeb465288159a6e",
    ),
    (
        ZoneSpec("Sudzha", 40, 0.05),
        "f53ac24fb2120ca4e2d5ee6c1d0fe76c6598d820bcc20fa5a7532a7ed40d3228",
        "d5e8844ca7682b9b",
    ),
    # two steps of the kursk timeline (data/claims/kursk-2024.toml)
    (
        ZoneSpec("35.0445652,51.2067731", 42.846, 29.645),
        "850531c14be8a29dc45a0d5bf6ae31256fa49f3161d713dfca9735bdef6b0140",
        "eb2a1100d6903990",
    ),
    (
        ZoneSpec("35.1226622,51.2306665", 45.032, 20.104, "flat"),
        "4c6164bba1f9594b65ff9bd1774dc638164aa5fe126aeb3fd44b0711fcebce7f",
        "118d2b46aa576d0b",
    ),
]

# (chainage_km, depth_km, side) -> the same two digests
PROFILE_PINS = [
    (
        ([100, 105, 110], [0, 4, 0], "RUS"),
        "f308648efa4df14fef3794cf62c4ab4897c922c9a452c5e5116a716ea2724746",
        "9dfcfab08895c40a",
    ),
    (
        ([600, 610, 620, 630, 640], [0, 8, 15, 6, 0], "RUS"),
        "18f9bf55fd0ab56dd2b99735f9ecdf5e5b123984ac3441ae390225ec19f810bf",
        "16d74e7891ba704b",
    ),
    (
        ([600, 615, 630], [0, 6, 0], "UKR"),
        "1b13b76c109e191bacbd54eb4595838c6082d7861d8cf5b402e4ad6bb32229b1",
        "c4c87acce96a9488",
    ),
]


def _digests(zone) -> tuple[str, str]:
    text = dump_json(zone_to_geojson(zone), compact=True)
    return hashlib.sha256(text.encode()).hexdigest(), hashlib.sha256(shapely.to_wkb(zone.local)).hexdigest()[:16]


@pytest.mark.parametrize(("spec", "geojson_sha", "wkb_sha"), SPEC_PINS, ids=[repr(p[0]) for p in SPEC_PINS])
def test_spec_zone_bytes_as_before(spec, geojson_sha, wkb_sha):
    assert _digests(build_zone(spec)) == (geojson_sha, wkb_sha)


@pytest.mark.parametrize(("samples", "geojson_sha", "wkb_sha"), PROFILE_PINS, ids=[str(p[0]) for p in PROFILE_PINS])
def test_profile_zone_bytes_as_before(samples, geojson_sha, wkb_sha):
    chainage_km, depth_km, side = samples
    assert _digests(zone_from_profile(chainage_km, depth_km, side)) == (geojson_sha, wkb_sha)


@pytest.mark.parametrize("spec", [p[0] for p in SPEC_PINS[:3]] + [SPEC_PINS[7][0]], ids=repr)
def test_closing_the_seams_moves_no_edge(spec, monkeypatch):
    closed = build_zone(spec).local
    monkeypatch.setattr(construct, "_closed_seams", lambda zone: zone)
    joined = build_zone(spec).local
    # Every vertex of the closed zone lies within a millimetre of the joined zone's edge ...
    moved = shapely.distance(shapely.boundary(joined), shapely.points(shapely.get_coordinates(closed)))
    assert moved.max() < 0.001
    # ... and what closing added or took away is nowhere 3 mm wide.
    for change in (shapely.difference(closed, joined), shapely.difference(joined, closed)):
        assert all(shapely.buffer(p, -0.0015).is_empty for p in shapely.get_parts(change))


# --- the one-at-a-time construction the fast paths replace (commit a6cc031) ---


def _plain_sites(frame):
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
        for t in construct._site_params(frame, i, length):
            sites.append((ax + t * (bx - ax), ay + t * (by - ay)))
            piece.append(2 * i if t == 0 else 2 * i + 1)
            site_s.append(c0 + t * geo)
        if i + 1 not in seg_set:
            sites.append((bx, by))
            piece.append(2 * (i + 1))
            site_s.append(float(chain[i + 1]))
    return np.asarray(sites), np.asarray(piece), np.asarray(site_s)


def _plain_segment_shape(frame, i):
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
    s = np.unique(np.concatenate([[lo, hi], prof.bends_m[(prof.bends_m > lo) & (prof.bends_m < hi)]]))
    t = (s - chain[i]) / geo
    foot = a + t[:, None] * (b - a)
    d = prof.depth_of(s)
    foot = np.vstack([foot[0] - construct.GUARD_M * direction, foot, foot[-1] + construct.GUARD_M * direction])
    d = np.concatenate([[d[0]], d, [d[-1]]])
    if not (d > 0).any():
        return None
    far = (foot + d[:, None] * normal)[d > 0]
    shape = shapely.polygons(np.vstack([foot, far[::-1], foot[:1]]))
    return shape if shapely.is_valid(shape) else construct.polygons_only(shapely.make_valid(shape))


def _plain_vertex_shape(frame, i):
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
    a0, a1 = (math.atan2(sign * dv[0], -sign * dv[1]) for dv in dirs)
    back = v - construct.GUARD_M * dirs[0]
    ahead = v + construct.GUARD_M * dirs[1]
    n0 = np.array([math.cos(a0), math.sin(a0)])
    n1 = np.array([math.cos(a1), math.sin(a1)])
    turn = float(dirs[0][0] * dirs[1][1] - dirs[0][1] * dirs[1][0]) * sign
    if turn > 0:
        mid = (n0 + n1) / np.hypot(*(n0 + n1))
        corners = np.array([back, ahead, v + d * mid, back + d * n0, ahead + d * n1])
        return shapely.convex_hull(shapely.multipoints(corners))
    delta = (a1 - a0 + math.pi) % (2 * math.pi) - math.pi
    n = max(2, int(math.ceil(abs(delta) / construct.ARC_STEP_RAD)) + 1)
    theta = a0 + np.linspace(0.0, delta, n)
    arc = v + d * np.column_stack([np.cos(theta), np.sin(theta)])
    return shapely.polygons(np.vstack([back, back + d * n0, arc, ahead + d * n1, ahead, v, back]))


def _frame(anchor: str, width_km: float, depth_km: float, profile: str, side: str, sampled: bool = False):
    """The construction's frame of a front, as :func:`frontmap.construct.construct_zone` sets it up."""
    border = load_border()
    s0 = resolve_anchor(anchor, border, side).chainage_km * 1000.0
    half = width_km * 500.0
    crs = _centred_crs(*border.point_at(s0 / 1000.0))
    if sampled:
        s = np.linspace(s0 - half, s0 + half, 9)
        d = np.array([0.0, 0.3, 0.7, 1.0, 0.9, 0.4, 0.6, 0.2, 0.0]) * depth_km * 1000.0
        prof = construct.sampled_profile(s, d, s[0], s[-1])
    else:
        prof = construct.spec_profile(s0, half, ZoneSpec(anchor, width_km, depth_km, profile, side))
    radius = (prof.end_m - prof.start_m) / 2.0 + construct.WORK_DEPTHS * prof.max_depth_m + construct.WORK_MARGIN_M
    x, y = crs.forward(border.lon, border.lat)
    near = np.hypot(x, y) <= radius + construct.SITE_MARGIN_M
    segs = np.flatnonzero(near[:-1] | near[1:])
    in_front = construct._on_front(border.chainage_m, segs, prof)
    sign = construct._zone_sign(x, y, segs[in_front], crs, country(side))
    return construct._Frame(x, y, border.chainage_m, border.segment_m, segs, sign, prof)


FRAMES = [
    ("Sudzha", 40.0, 12.0, "salient", "RUS", False),
    ("Sudzha", 40.0, 12.0, "flat", "RUS", False),
    ("Sudzha", 7.3, 2.1, "salient", "RUS", False),
    ("Vovchansk", 10.0, 5.0, "salient", "UKR", False),
    ("Tetkino", 25.0, 9.0, "salient", "RUS", True),
]


@pytest.fixture(scope="module", params=FRAMES, ids=[f"{f[0]}-{f[1]:g}x{f[2]:g}-{f[3]}-{f[4]}-{f[5]}" for f in FRAMES])
def frame(request):
    return _frame(*request.param)


def test_sites_as_the_rule_places_them(frame):
    sites = construct._voronoi_sites(frame)
    xy, piece, chainage = _plain_sites(frame)
    assert sites.xy.tobytes() == xy.tobytes()
    assert sites.piece.tolist() == piece.tolist()
    assert sites.chainage_m.tobytes() == chainage.tobytes()


def _same_shapes(fast, plain) -> bool:
    return len(fast) == len(plain) and all(
        (a is None and b is None) or (a is not None and b is not None and shapely.to_wkb(a) == shapely.to_wkb(b))
        for a, b in zip(fast, plain, strict=True)
    )


def test_segment_shapes_as_one_at_a_time(frame):
    segs = np.unique(np.concatenate([frame.segs[:: max(1, len(frame.segs) // 400)], frame.segs[frame.segs % 3 == 0]]))
    fast = construct._segment_shapes(frame, segs)
    plain = [_plain_segment_shape(frame, int(i)) for i in segs]
    assert sum(s is not None for s in plain) > 10  # the front's segments are among them
    assert _same_shapes(fast, plain)


def test_vertex_shapes_as_one_at_a_time(frame):
    verts = np.concatenate([[0, len(frame.x) - 1], frame.segs, frame.segs[-1:] + 1])
    fast = construct._vertex_shapes(frame, verts)
    plain = [_plain_vertex_shape(frame, int(i)) for i in verts]
    kinds = {shapely.get_num_coordinates(s) > 7 for s in plain if s is not None}  # fans and hulls both
    assert kinds == {True, False}
    assert _same_shapes(fast, plain)


def test_linspaces_as_numpy():
    stop = np.array([0.0, 1e-320, -0.0031, 0.5, -2.9])
    n = np.array([2, 3, 2, 251, 1451])
    plain = np.concatenate([np.linspace(0.0, b, k) for b, k in zip(stop, n, strict=True)])
    assert construct._linspaces(stop, n).tobytes() == plain.tobytes()


def test_ragged_arange():
    assert construct._ragged_arange(np.array([5, 0, 2]), np.array([2, 0, 3])).tolist() == [5, 6, 2, 3, 4]


def test_invalid_voronoi_cells_are_made_valid_not_fatal():
    # A front 9.64 km wide whose ends lie on border vertices 4000 and 4040: GEOS's
    # Voronoi diagram has self-intersecting cells there, and the cut raised a
    # TopologyException ("side location conflict") before.
    anchor = "36.586128079438126,50.23534023469549"
    areas = [build_zone(ZoneSpec(anchor, width, 6)).area_km2 for width in (9.6, 9.63564346705412, 9.7)]
    assert areas[0] < areas[1] < areas[2]
    flat = [build_zone(ZoneSpec(anchor, width, 6, "flat")).area_km2 for width in (9.6, 9.63564346705412, 9.7)]
    assert flat[0] < flat[1] < flat[2]


def _plain_no_ground(local, geometry) -> bool:
    if local is None or local.is_empty or not local.area >= zone_module.MIN_ZONE_AREA_M2:
        return True
    if geometry.is_empty or not np.isfinite(geometry.bounds).all():
        return True
    return shapely.set_precision(geometry, zone_module.OUTPUT_PRECISION_DEG).is_empty


def test_no_ground_as_rounding_tells():
    zones = [build_zone(ZoneSpec("Sudzha", 40, 12)), build_zone(ZoneSpec("Sudzha", 40, 0.05))]
    cases = [(z.local, z.geometry) for z in zones]
    big = shapely.box(0, 0, 1000, 1000)  # in metres, so that the area test passes
    for width_deg in (2e-7, 6e-7, 3e-6, 1e-5, 3e-5):  # slivers thinner and thicker than the 1e-6 grid
        cases.append((big, shapely.box(35.0, 51.0, 35.01, 51.0 + width_deg)))
        cases.append((big, shapely.Polygon([(35.0, 51.0), (35.01, 51.001), (35.0, 51.0 + width_deg)])))
    answers = [zone_module._no_ground(local, geometry) for local, geometry in cases]
    assert answers == [_plain_no_ground(local, geometry) for local, geometry in cases]
    assert True in answers and answers[:2] == [False, False]
