"""RFC 7946 conformance of frontmap's GeoJSON, checked on the JSON text itself.

The checks do not trust shapely: ring orientation is the shoelace sum of the
printed coordinates, decimals are counted on the number literals as they
appear in the text (``json.loads(parse_float=str)`` hands them over
unconverted), and the bbox is recomputed from the positions.
"""

from __future__ import annotations

import json
import re
from itertools import pairwise

import pytest
from click.testing import CliRunner

from frontmap.cli.main import cli
from frontmap.errors import OutputError
from frontmap.export import (
    check_output,
    rows_to_csv,
    settlements_to_geojson,
    write_output,
    zone_to_geojson,
)
from frontmap.zone import zone_from_geojson

_NUMBER = re.compile(r"^-?(0|[1-9][0-9]*)(\.([0-9]+))?$")


# -- an exact RFC 7946 checker ------------------------------------------------


def _decimals(literal: str) -> int:
    """Decimals of a JSON number literal; plain notation only (no exponent)."""
    match = _NUMBER.match(literal)
    assert match, f"coordinate {literal!r} is not a plain decimal number"
    return len(match[3] or "")


def _shoelace(ring: list[tuple[float, float]]) -> float:
    """Twice the signed area of a closed ring: > 0 counter-clockwise."""
    return sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in pairwise(ring))


def _polygons(geometry: dict) -> list:
    if geometry["type"] == "Polygon":
        return [geometry["coordinates"]]
    assert geometry["type"] == "MultiPolygon", geometry["type"]
    return geometry["coordinates"]


def _positions(geometry: dict) -> list:
    if geometry["type"] == "Point":
        return [geometry["coordinates"]]
    return [pos for polygon in _polygons(geometry) for ring in polygon for pos in ring]


def check_rfc7946(text: str) -> dict:
    """Assert that ``text`` is an RFC 7946 FeatureCollection; return it parsed (floats).

    lon/lat positions of two plain numbers with at most 6 decimals, closed
    rings of >= 4 positions, exterior rings counter-clockwise and holes
    clockwise, no ``crs`` member anywhere, and every ``bbox`` equal to
    [minlon, minlat, maxlon, maxlat] of the positions it covers.
    """
    raw = json.loads(text, parse_float=str)  # number literals as printed
    doc = json.loads(text)
    assert doc["type"] == "FeatureCollection"
    assert "crs" not in doc, "crs member present"
    assert isinstance(doc["features"], list) and doc["features"]

    all_positions = []
    for raw_feature, feature in zip(raw["features"], doc["features"], strict=True):
        assert feature["type"] == "Feature"
        assert "crs" not in feature and "crs" not in feature["geometry"], "crs member present"
        for raw_pos in _positions(raw_feature["geometry"]):
            assert len(raw_pos) == 2, raw_pos
            for literal in raw_pos:
                if isinstance(literal, str):
                    assert _decimals(literal) <= 6, f"{literal} has more than 6 decimals"
        positions = _positions(feature["geometry"])
        for lon, lat in positions:
            assert -180 <= lon <= 180 and -90 <= lat <= 90
        if feature["geometry"]["type"] != "Point":
            for polygon in _polygons(feature["geometry"]):
                for k, ring in enumerate(polygon):
                    assert len(ring) >= 4, f"ring of {len(ring)} positions"
                    assert ring[0] == ring[-1], "ring not closed"
                    area2 = _shoelace([tuple(p) for p in ring])
                    if k == 0:
                        assert area2 > 0, "exterior ring is not counter-clockwise"
                    else:
                        assert area2 < 0, "hole is not clockwise"
        if "bbox" in feature:
            assert feature["bbox"] == _bbox_of(positions), "feature bbox does not match its coordinates"
        all_positions += positions
    assert "bbox" in doc, "no bbox member"
    assert doc["bbox"] == _bbox_of(all_positions), "bbox does not match the coordinates"
    for literal in raw["bbox"]:
        assert isinstance(literal, str) and _decimals(literal) <= 6
    return doc


def _bbox_of(positions) -> list[float]:
    lons = [p[0] for p in positions]
    lats = [p[1] for p in positions]
    return [min(lons), min(lats), max(lons), max(lats)]


# -- the checker itself must be able to fail ----------------------------------

_SQUARE_CCW = [[35.25, 51.17], [35.29, 51.17], [35.29, 51.21], [35.25, 51.21], [35.25, 51.17]]


def _collection(ring, bbox=None, **extra) -> str:
    doc = {
        "type": "FeatureCollection",
        "bbox": bbox or [35.25, 51.17, 35.29, 51.21],
        "features": [{"type": "Feature", "properties": {}, "geometry": {"type": "Polygon", "coordinates": [ring]}}],
        **extra,
    }
    return json.dumps(doc)


def test_checker_accepts_a_valid_square():
    assert check_rfc7946(_collection(_SQUARE_CCW))["bbox"] == [35.25, 51.17, 35.29, 51.21]


@pytest.mark.parametrize(
    "text, why",
    [
        (_collection(_SQUARE_CCW[::-1]), "counter-clockwise"),
        (_collection(_SQUARE_CCW[:-1]), "not closed"),
        (_collection([[35.25, 51.17], [35.29, 51.17], [35.25, 51.17]]), "positions"),
        (_collection(_SQUARE_CCW, bbox=[35.0, 51.17, 35.29, 51.21]), "bbox"),
        (_collection(_SQUARE_CCW, crs={"type": "name"}), "crs"),
        (_collection(_SQUARE_CCW).replace("35.29", "35.2900001"), "decimals"),
    ],
    ids=["clockwise", "open", "short", "bbox", "crs", "decimals"],
)
def test_checker_rejects(text, why):
    with pytest.raises(AssertionError, match=why):
        check_rfc7946(text)


# -- frontmap zone output ------------------------------------------------------


@pytest.fixture(scope="module")
def zone_text() -> str:
    result = CliRunner().invoke(cli, ["zone"])
    assert result.exit_code == 0, result.output
    return result.stdout


def test_zone_output_is_rfc7946(zone_text):
    doc = check_rfc7946(zone_text)
    assert len(doc["features"]) == 1
    geometry = doc["features"][0]["geometry"]
    assert geometry["type"] in ("Polygon", "MultiPolygon")
    # Around Sudzha (35.27 E, 51.19 N): lon first, lat second.
    minlon, minlat, maxlon, maxlat = doc["bbox"]
    assert 34.5 < minlon < 35.27 < maxlon < 35.8
    assert 50.9 < minlat < 51.19 < maxlat < 51.6


def test_zone_properties_carry_the_spec_and_attribution(zone_text):
    props = json.loads(zone_text)["features"][0]["properties"]
    assert props["anchor"] == "Sudzha"
    assert props["width_km"] == 40
    assert props["depth_km"] == 12
    assert props["profile"] == "salient"
    assert props["side"] == "RUS"
    # A salient of depth D over a front of width W is about pi/4 * W * D (377 km²)
    # on a straight border; the real border bends, so allow a margin.
    assert 300 < props["area_km2"] < 450
    attribution = props["attribution"]
    assert "OpenStreetMap" in attribution and "ODbL" in attribution
    assert "register" in attribution and "GPL" in attribution


def test_zone_output_has_no_crs_member(zone_text):
    assert '"crs"' not in zone_text


@pytest.mark.parametrize(
    "args",
    [["--profile", "flat"], ["--anchor", "Суджа", "--width-km", "100", "--depth-km", "50", "--profile", "flat"]],
    ids=["flat", "wide-deep"],
)
def test_other_zones_are_rfc7946(args):
    result = CliRunner().invoke(cli, ["zone", *args])
    assert result.exit_code == 0, result.output
    doc = check_rfc7946(result.stdout)
    assert doc["features"][0]["properties"]["profile"] == "flat"


# -- library exporters ----------------------------------------------------------


def test_holes_are_clockwise_and_shells_counter_clockwise():
    # A drawn zone given the wrong way round: clockwise shell, counter-clockwise hole.
    shell = [[35.0, 51.0], [35.0, 51.4], [35.5, 51.4], [35.5, 51.0], [35.0, 51.0]]
    hole = [[35.1, 51.1], [35.3, 51.1], [35.3, 51.3], [35.1, 51.3], [35.1, 51.1]]
    second = [[36.0, 51.0], [36.0, 51.1], [36.1, 51.1], [36.1, 51.0], [36.0, 51.0]]
    zone = zone_from_geojson({"type": "MultiPolygon", "coordinates": [[shell, hole], [second]]})
    text = json.dumps(zone_to_geojson(zone))
    doc = check_rfc7946(text)
    geometry = doc["features"][0]["geometry"]
    assert geometry["type"] == "MultiPolygon"
    assert sorted(len(polygon) for polygon in geometry["coordinates"]) == [1, 2]
    assert doc["bbox"] == [35.0, 51.0, 36.1, 51.4]


def test_coordinates_are_rounded_to_6_decimals():
    ring = [[35.12345678, 51.0], [35.5, 51.0], [35.5, 51.987654321], [35.12345678, 51.0]]
    text = json.dumps(zone_to_geojson(zone_from_geojson({"type": "Polygon", "coordinates": [ring]})))
    doc = check_rfc7946(text)
    positions = _positions(doc["features"][0]["geometry"])
    assert [35.123457, 51.0] in positions and [35.5, 51.987654] in positions


def test_settlements_to_geojson_points():
    rows = [
        {"id": 1, "name": "А", "lon": 35.1234567, "lat": 51.1},
        {"id": 2, "name": "Б", "lon": 35.3, "lat": 51.2345678},
    ]
    doc = check_rfc7946(json.dumps(settlements_to_geojson(rows, {"count": 2})))
    assert [f["geometry"] for f in doc["features"]] == [
        {"type": "Point", "coordinates": [35.123457, 51.1]},
        {"type": "Point", "coordinates": [35.3, 51.234568]},
    ]
    assert [f["properties"] for f in doc["features"]] == [{"id": 1, "name": "А"}, {"id": 2, "name": "Б"}]
    assert doc["properties"] == {"count": 2}


def test_rows_to_csv_keeps_column_order_and_ignores_extras():
    text = rows_to_csv([{"b": 2, "a": "x,y", "extra": 0}], ["a", "b"])
    assert text == 'a,b\n"x,y",2\n'


def test_write_output_refuses_to_overwrite(tmp_path):
    path = tmp_path / "out.txt"
    assert write_output("one", path) == path
    with pytest.raises(OutputError, match="--overwrite"):
        write_output("two", path)
    assert path.read_text() == "one"
    write_output("three", path, overwrite=True)
    assert path.read_text() == "three"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.txt"]  # no temporary left behind


def test_check_output_rejects_a_missing_folder_and_a_directory(tmp_path):
    with pytest.raises(OutputError, match="does not exist"):
        check_output(tmp_path / "nope" / "out.geojson")
    with pytest.raises(OutputError, match="directory"):
        check_output(tmp_path)
    assert issubclass(OutputError, OSError)
