"""Each result that is a table of places or zones as a GeoDataFrame (EPSG:4326, the CSV/JSON columns)
and back: geometry and columns survive the round trip, in memory and through a GeoPackage."""

from __future__ import annotations

import json

import geopandas as gpd
import pytest
import shapely

from frontmap.ensemble import ensemble
from frontmap.estimate import COLUMNS, affected
from frontmap.extract_places import extract_places
from frontmap.geodataframe import (
    features_to_geodataframe,
    flatten_properties,
    geodataframe_to_features,
    geodataframe_to_rows,
    to_geodataframe,
)
from frontmap.settlements import load_settlements
from frontmap.vector import read_vector, write_vector, zone_from_geodataframe
from frontmap.zone import ZoneSpec, build_zone


@pytest.fixture(scope="module")
def zone():
    return build_zone()


def _same_rows(gdf, rows):
    assert gdf.crs.to_epsg() == 4326
    assert geodataframe_to_rows(gdf) == rows
    for row, point in zip(rows, gdf.geometry, strict=True):
        assert (point.x, point.y) == (row["lon"], row["lat"])


def test_zone_round_trip(zone, tmp_path):
    gdf = to_geodataframe(zone)
    assert len(gdf) == 1 and gdf.crs.to_epsg() == 4326
    assert gdf["anchor"].iloc[0] == "Sudzha" and float(gdf["depth_km"].iloc[0]) == 12.0
    assert json.loads(gdf["centre"].iloc[0]) == zone.to_properties()["centre"]
    again = zone_from_geodataframe(gdf)
    assert again.geometry.equals(zone.geometry)
    assert again.recorded_spec == zone.spec
    assert geodataframe_to_rows(to_geodataframe(again)) == geodataframe_to_rows(gdf)
    path = tmp_path / "zone.gpkg"
    write_vector(gdf, path)
    back = read_vector(path)
    assert list(back.columns) == list(gdf.columns)
    assert shapely.symmetric_difference(back.geometry.iloc[0], zone.geometry).area < 1e-9


def test_affected_round_trip(zone):
    result = affected(zone)
    gdf = to_geodataframe(result)
    assert list(gdf.columns) == [c for c in COLUMNS if c in result.settlements[0]] + ["geometry"]
    _same_rows(gdf, result.settlements)


def test_ensemble_round_trip():
    result = ensemble(ZoneSpec("Sudzha", 40, 12), n=50, seed=3)
    gdf = result.to_geodataframe()
    assert gdf.columns[-2:].tolist() == ["probability", "geometry"]
    _same_rows(gdf, result.settlements)


def test_settlement_layer_round_trip():
    layer = load_settlements()
    gdf = to_geodataframe(layer)
    assert len(gdf) == len(layer)
    rows = geodataframe_to_rows(gdf)
    assert rows[0] == next(iter(layer)).to_dict()
    assert gdf["id"].dtype.name == "Int64" and gdf["population"].dtype.name == "Int64"


def test_extracted_places_round_trip():
    places = extract_places("Russian forces captured Sudzha, while Ukrainian troops entered Korenevo.")
    gdf = to_geodataframe(places)
    assert len(gdf) == len(places) >= 1
    rows = geodataframe_to_rows(gdf)
    assert [r["original"] for r in rows] == [p.original for p in places]
    assert rows == [flatten_properties(p.to_json()) for p in places]
    for place, point in zip(places, gdf.geometry, strict=True):
        settlement = place.resolved.settlement
        assert (point is None) == (settlement is None)
        if settlement is not None:
            assert (point.x, point.y) == (settlement.lon, settlement.lat)


def test_timeline_steps_round_trip(tmp_path):
    from frontmap.claims import load_claim_file
    from frontmap.timeline import build_steps, timeline_geojson

    text = (
        'name = "t"\nanchor = "Sudzha"\n\n[[claim]]\ndate = "2024-08-08"\nclaimant = "A"\n'
        'depth_km = 10\nwidth_km = 30\n\n[[claim]]\ndate = "2024-08-12"\nclaimant = "B"\ndepth_km = 12\nwidth_km = 40\n'
    )
    claims = load_claim_file("t.toml", text=text)
    steps = build_steps(claims)
    gdf = to_geodataframe(steps)
    assert list(gdf["date"]) == ["2024-08-08", "2024-08-12"]
    assert {"claim_claimant", "modelled_area_km2", "spec_depth_km"} <= set(gdf.columns)
    assert len({g.geom_type for g in gdf.geometry}) == 1
    doc = timeline_geojson(steps, claims)
    assert geodataframe_to_rows(features_to_geodataframe(doc)) == geodataframe_to_rows(gdf)
    back = geodataframe_to_features(gdf)
    for step, feature in zip(steps, back["features"], strict=True):
        assert shapely.geometry.shape(feature["geometry"]).equals(step.zone.geometry)


def test_any_crs_comes_back_in_lon_lat():
    gdf = gpd.GeoDataFrame({"a": [1]}, geometry=[shapely.box(35.1, 51.1, 35.2, 51.2)], crs="EPSG:4326")
    doc = geodataframe_to_features(gdf.to_crs("EPSG:3857"))
    ring = doc["features"][0]["geometry"]["coordinates"][0]
    assert all(35.1 - 1e-9 <= x <= 35.2 + 1e-9 and 51.1 - 1e-9 <= y <= 51.2 + 1e-9 for x, y in ring)
    assert doc["features"][0]["properties"] == {"a": 1}


def test_to_geodataframe_of_something_else_is_a_type_error():
    with pytest.raises(TypeError, match="GeoDataFrame"):
        to_geodataframe(42)


def test_library_functions_take_geometries_geoseries_geodataframes_and_paths(tmp_path):
    """find_affected, check_places and zone_to_geojson take what GIS users hold, in any CRS."""
    from pathlib import Path

    import frontmap

    box = shapely.box(35.1, 51.1, 35.3, 51.25)
    series = gpd.GeoSeries([box], crs=4326).to_crs(32636)  # a metric CRS: reprojected back
    frame = gpd.GeoDataFrame({"name": ["a"]}, geometry=[box], crs=4326)
    path = Path(tmp_path) / "zone.gpkg"
    frame.to_file(path, driver="GPKG")
    counts = {frontmap.find_affected(value).count for value in (box, series, frame, path)}
    assert len(counts) == 1 and counts.pop() > 0
    assert frontmap.zone_to_geojson(series)["features"][0]["geometry"]["type"] in ("Polygon", "MultiPolygon")
    (check,) = frontmap.check_places(frame, ["Sudzha"])
    assert check is not None
    with pytest.raises(TypeError, match="Zone"):
        frontmap.find_affected(str(path))  # a str could be a path or GeoJSON text: say which
