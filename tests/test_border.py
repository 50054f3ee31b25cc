"""Tests of frontmap.border on the shipped border line (no mocks)."""

from __future__ import annotations

import json

import numpy as np
import pyproj
import pytest
import shapely
from hypothesis import given, settings
from hypothesis import strategies as st

from frontmap.border import Border
from frontmap.data import data_dir, read_border_coords

GEOD = pyproj.Geod(ellps="WGS84")
BELARUS_TRIPOINT = (31.78, 52.11)
AZOV_COAST = (38.23, 47.12)
SUMY = (34.80, 50.91)
SUDZHA = (35.271944, 51.191944)
CHECK = settings(max_examples=40, deadline=None, derandomize=True, database=None)


def geodesic_km(a, b) -> float:
    _, _, dist = GEOD.inv(a[0], a[1], b[0], b[1])
    return dist / 1000.0


# -- the shipped line ---------------------------------------------------------


def test_shipped_border_is_one_linestring(border):
    with open(data_dir() / "border.geojson", encoding="utf-8") as fh:
        doc = json.load(fh)
    (feature,) = doc["features"]
    assert feature["geometry"]["type"] == "LineString"
    coords = np.asarray(feature["geometry"]["coordinates"], dtype=float)
    np.testing.assert_array_equal(coords, np.asarray(read_border_coords(), dtype=float))
    np.testing.assert_array_equal(coords, np.column_stack([border.lon, border.lat]))


def test_border_runs_from_belarus_tripoint_to_azov_coast(border):
    start = (border.lon[0], border.lat[0])
    end = (border.lon[-1], border.lat[-1])
    assert geodesic_km(start, BELARUS_TRIPOINT) < 2.0, start
    assert geodesic_km(end, AZOV_COAST) < 5.0, end


def test_border_length(border):
    independent_km = GEOD.line_length(border.lon, border.lat) / 1000.0
    assert 1950.0 < border.length_km < 2050.0
    assert border.length_km == pytest.approx(independent_km, rel=1e-9)
    assert border.chainage_m[-1] / 1000.0 == border.length_km
    # Coincident vertices would give zero-length segments (and break the zone's Voronoi sites).
    assert np.all(border.segment_m > 0.0)
    assert np.all(np.diff(border.chainage_m) > 0.0)


def test_border_is_simple_and_stays_north_of_azov_and_crimea(border):
    assert shapely.is_simple(border.line)
    assert border.lat.min() >= 47.0, f"vertex at {border.lat.min():.4f} N"
    assert not np.any(border.lat < 46.2)  # Crimea


def test_countries_meet_along_the_line(border, countries):
    laea = pyproj.Transformer.from_crs("EPSG:4326", "+proj=laea +lat_0=50 +lon_0=35 +ellps=WGS84", always_xy=True)

    def to_metres(geom):
        return shapely.transform(geom, lambda xy: np.column_stack(laea.transform(xy[:, 0], xy[:, 1])))

    line = to_metres(border.line)
    near = shapely.buffer(line, 200.0)
    rus, ukr = (shapely.intersection(to_metres(countries[code]), near) for code in ("RUS", "UKR"))
    # Belarus lies beyond the tripoint end and the sea beyond the Azov end.
    start, end = shapely.points(shapely.get_coordinates(line)[[0, -1]])
    ends = shapely.union(shapely.buffer(start, 1000.0), shapely.buffer(end, 5000.0))
    gap = shapely.difference(shapely.buffer(line, 50.0), shapely.union_all([rus, ukr, ends]))
    assert shapely.area(shapely.intersection(rus, ukr)) < 1000.0  # m², equal-area projection
    assert shapely.area(gap) < 1000.0


def test_border_rejects_fewer_than_two_vertices():
    with pytest.raises(ValueError, match="two"):
        Border([[30.0, 50.0]])


# -- border-relative coordinates ---------------------------------------------


@CHECK
@given(chainage_km=st.floats(0.0, 2004.0))
def test_point_at_and_locate_round_trip(border, chainage_km):
    lon, lat = border.point_at(chainage_km)
    (loc,) = border.locate([lon], [lat])
    assert loc.chainage_km == pytest.approx(chainage_km, abs=1e-3)  # 1 m
    assert abs(loc.offset_km) < 1e-5  # 1 cm
    assert geodesic_km((loc.foot_lon, loc.foot_lat), (lon, lat)) < 1e-5


def test_point_at_vertices_and_ends(border):
    for i in (0, 1, 2500, len(border.lon) - 1):
        lon, lat = border.point_at(border.chainage_m[i] / 1000.0)
        assert geodesic_km((lon, lat), (border.lon[i], border.lat[i])) < 1e-6
    # Beyond the ends the line's end points are returned.
    assert border.point_at(-5.0) == pytest.approx((border.lon[0], border.lat[0]))
    assert border.point_at(border.length_km + 5.0) == pytest.approx((border.lon[-1], border.lat[-1]))


@settings(max_examples=25, deadline=None, derandomize=True, database=None)
@given(
    chainage_km=st.floats(5.0, 2000.0),
    azimuth=st.floats(-180.0, 180.0),
    distance_km=st.floats(0.2, 60.0),
)
def test_locate_offsets_are_geodesic(border, nearest_on_border, chainage_km, azimuth, distance_km):
    lon0, lat0 = border.point_at(chainage_km)
    lon, lat, _ = GEOD.fwd(lon0, lat0, azimuth, distance_km * 1000.0)
    (loc,) = border.locate([lon], [lat])
    chainage_bf, offset_bf = nearest_on_border(lon, lat)
    assert loc.offset_km >= 0.0  # unsigned without side_of
    assert loc.offset_km <= distance_km + 1e-6
    assert loc.offset_km == pytest.approx(offset_bf, abs=1e-3)
    assert loc.offset_km == pytest.approx(geodesic_km((lon, lat), (loc.foot_lon, loc.foot_lat)), abs=1e-6)
    assert loc.chainage_km == pytest.approx(chainage_bf, abs=5e-3)


def test_offset_sign_is_positive_in_russia_negative_in_ukraine(border, countries, in_ukraine):
    assert shapely.contains_xy(countries["UKR"], *SUMY)
    assert shapely.contains_xy(countries["RUS"], *SUDZHA)
    sumy, sudzha = border.locate([SUMY[0], SUDZHA[0]], [SUMY[1], SUDZHA[1]], side_of=in_ukraine)
    unsigned_sumy, unsigned_sudzha = border.locate([SUMY[0], SUDZHA[0]], [SUMY[1], SUDZHA[1]])
    assert sumy.offset_km < 0.0 < sudzha.offset_km
    assert sumy.offset_km == -unsigned_sumy.offset_km > -60.0
    assert sudzha.offset_km == unsigned_sudzha.offset_km


def test_settlement_offsets_match_a_fresh_locate(border, in_ukraine, settlement_rows):
    rng = np.random.default_rng(20240812)
    sample = [settlement_rows[k] for k in rng.choice(len(settlement_rows), 200, replace=False)]
    lon = np.array([r["lon"] for r in sample])
    lat = np.array([r["lat"] for r in sample])
    fresh = border.locate(lon, lat, side_of=in_ukraine)
    offset = np.array([p.offset_km for p in fresh])
    chainage = np.array([p.chainage_km for p in fresh])
    np.testing.assert_allclose(offset, [r["offset_km"] for r in sample], rtol=0, atol=1e-3)
    np.testing.assert_allclose(chainage, [r["chainage_km"] for r in sample], rtol=0, atol=1e-3)
