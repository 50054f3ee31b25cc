"""The rules zone, fit and ensemble share (frontmap.spec, frontmap.checks, frontmap.border),
and frontmap.zone still offering every name it offered before the split."""

from __future__ import annotations

import math

import numpy as np
import pytest
import shapely
from hypothesis import given, settings
from hypothesis import strategies as st

import frontmap.zone as zone_module
from frontmap.border import segment_lines
from frontmap.checks import check_positive_number, is_finite_number, show_value
from frontmap.errors import InvalidSpecError
from frontmap.spec import depth_into_side, depth_profile, entry_depth_km, inside_zone, side_sign
from frontmap.zonemodel import edge_segments

#: Every name other modules, tests and benchmarks imported from frontmap.zone before it was split.
ZONE_NAMES = [
    "DEFAULT_SPEC",
    "MAX_ANCHOR_KM",
    "MAX_DEPTH_KM",
    "MAX_ZONE_FILE_BYTES",
    "MAX_ZONE_POLYGONS",
    "PROFILES",
    "SIDES",
    "Anchor",
    "Zone",
    "ZoneSpec",
    "build_zone",
    "data_region",
    "depth_profile",
    "geodesic_area_km2",
    "outside_coverage_message",
    "require_zone",
    "resolve_anchor",
    "zone_from_geojson",
    "zone_from_profile",
    "_country",
    "_in_ukraine",
    "MIN_ZONE_AREA_M2",
]


@pytest.mark.parametrize("name", ZONE_NAMES)
def test_frontmap_zone_still_offers_each_name(name):
    assert getattr(zone_module, name) is not None


def test_the_old_private_names_are_the_public_ones():
    from frontmap.countries import country, in_ukraine

    assert zone_module._country is country and zone_module._in_ukraine is in_ukraine
    assert bool(in_ukraine([34.8], [50.9])[0]) and not bool(in_ukraine([35.27], [51.19])[0])


@pytest.mark.parametrize(
    ("value", "finite"),
    [
        (12, True),
        (0, True),
        (-3.5, True),
        (1e308, True),
        (True, False),
        (None, False),
        ("12", False),
        (math.nan, False),
        (math.inf, False),
        (10**400, False),
        (1j, False),
        ([1], False),
    ],
)
def test_is_finite_number(value, finite):
    assert is_finite_number(value) is finite


@pytest.mark.parametrize("value", [0, -1, math.nan, math.inf, "40", True, None, 10**400])
def test_check_positive_number_names_the_parameter_and_the_value(value):
    with pytest.raises(InvalidSpecError, match="finite number > 0") as info:
        check_positive_number(value, "width_km")
    assert info.value.param == "width_km"
    assert str(info.value).startswith(f"width_km={show_value(value)} ")
    assert len(str(info.value)) < 200  # a huge int is cut, not printed in full


def test_side_signs():
    assert (side_sign("RUS"), side_sign("UKR")) == (1.0, -1.0)
    assert depth_into_side([2.0, -3.0], "RUS").tolist() == [2.0, -3.0]


U = st.floats(-1.5, 1.5, allow_nan=False)
D = st.floats(-20.0, 20.0, allow_nan=False)


@settings(max_examples=300, deadline=None)
@given(u=U, d=D, depth=st.floats(0.1, 100.0), profile=st.sampled_from(["flat", "salient"]))
def test_inside_zone_and_entry_depth_are_one_rule(u, d, depth, profile):
    """A point is inside a zone of depth D exactly when it is on the side and D reaches its entry depth
    (away from the boundary, where the two forms may round differently)."""
    reach = float(depth_profile(u, depth, profile))
    inside = bool(inside_zone(u, d, reach))
    entry = float(entry_depth_km(u, max(d, 0.0), profile))
    if math.isfinite(entry) and abs(entry - depth) < 1e-9 * max(depth, 1.0):
        return
    if abs(abs(u) - 1.0) < 1e-12 or d == 0:
        return
    assert inside == (d >= 0 and entry <= depth)


def test_inside_zone_broadcasts_members_by_points():
    u = np.array([[0.0, 0.5, 2.0], [0.0, 0.5, 2.0]])
    reach = depth_profile(u, np.array([[10.0], [1.0]]), "flat")
    got = inside_zone(u, depth_into_side([5.0, -5.0, 5.0], "RUS")[None, :], reach)
    assert got.tolist() == [[True, False, False], [False, False, False]]


@given(xy=st.lists(st.tuples(st.floats(-1e6, 1e6), st.floats(-1e6, 1e6)), min_size=2, max_size=30))
@settings(max_examples=50, deadline=None)
def test_segment_lines_are_consecutive_vertex_pairs(xy):
    x, y = np.array(xy).T
    lines = segment_lines(x, y)
    old = shapely.linestrings(np.stack([np.column_stack([x[:-1], y[:-1]]), np.column_stack([x[1:], y[1:]])], axis=1))
    assert len(lines) == len(x) - 1
    assert all(shapely.equals_exact(a, b, 0.0) for a, b in zip(lines, old, strict=True))
    some = np.arange(0, len(x) - 1, 2)
    assert all(shapely.equals_exact(a, b, 0.0) for a, b in zip(segment_lines(x, y, some), old[some], strict=True))


def test_edge_segments_do_not_span_two_rings():
    ring = shapely.box(0, 0, 10, 10).difference(shapely.box(4, 4, 6, 6))
    segments = edge_segments(ring.boundary)
    assert len(segments) == 8
    assert shapely.length(segments).sum() == pytest.approx(ring.boundary.length)
