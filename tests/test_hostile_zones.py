"""Hostile zone files and the settlement layer's coverage (issue 9).

Every bad zone file is one line of error with exit 2, never a traceback; a
zone where frontmap has no settlement data is refused ("unknown, not 0"), a
zone partly there is counted with the covered share; a whole-world polygon
is clipped to the data region; names from files reach a terminal inert.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest
import shapely
from clitools import assert_bad_input, assert_no_traceback, invoke, snapshot
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from frontmap.errors import InvalidSpecError, OutsideCoverageError, ZoneFileError
from frontmap.estimate import (
    NoSettlementLayerError,
    affected,
    check_places,
    settlement_coverage,
    zone_coverage,
)
from frontmap.settlements import load_settlements
from frontmap.textsafe import terminal_text
from frontmap.zone import (
    MAX_ZONE_FILE_BYTES,
    MAX_ZONE_POLYGONS,
    ZoneSpec,
    build_zone,
    data_region,
    geodesic_area_km2,
    zone_from_geojson,
)

DATA = Path(__file__).parent / "data" / "hostile" / "zones"
SUDZHA = 115637  # register id of Sudzha (town), at 35.2719, 51.1919
OUTSIDE = (
    "lies outside the area frontmap has settlement data for "
    "(Bryansk, Kursk, Belgorod, Voronezh and Rostov oblasts of Russia)"
)


def ring(x0=35.25, y0=51.17, x1=35.30, y1=51.21):
    return [[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]]


def feature(geometry=None, **props):
    geometry = geometry if geometry is not None else {"type": "Polygon", "coordinates": [ring()]}
    return {"type": "Feature", "properties": props, "geometry": geometry}


def write(tmp_path, name, content) -> str:
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content if isinstance(content, str) else json.dumps(content), encoding="utf-8")
    return str(path)


# -- 1. malformed zone files: one line, exit 2, naming what is wrong -------------------------

POLY = {"type": "Polygon", "coordinates": [ring()]}
BAD_FILES = {
    "properties-list": ({**feature(), "properties": [1, 2]}, ["feature has properties that are a list"]),
    "properties-string": ({**feature(), "properties": "Sudzha"}, ["properties that are a string"]),
    "width-string": (feature(anchor="Sudzha", width_km="40", depth_km=12), ["width_km='40'", "finite number > 0"]),
    "width-null": (feature(anchor="Sudzha", width_km=None, depth_km=12), ["width_km=None"]),
    "width-object": (feature(anchor="Sudzha", width_km={"a": 1}, depth_km=12), ["width_km={'a': 1}"]),
    "width-bool": (feature(anchor="Sudzha", width_km=True, depth_km=12), ["width_km=True"]),
    "depth-huge": (feature(anchor="Sudzha", width_km=40, depth_km=1e300), ["depth_km", "(0, 100]"]),
    "depth-huge-int": (
        '{"type": "Feature", "properties": {"anchor": "Sudzha", "width_km": 40, "depth_km": 1'
        + "0" * 400
        + '}, "geometry": '
        + json.dumps(POLY)
        + "}",
        ["depth_km=", "finite number"],
    ),
    "profile-number": (feature(anchor="Sudzha", width_km=40, depth_km=12, profile=5), ["profile=5"]),
    "side-list": (feature(anchor="Sudzha", width_km=40, depth_km=12, side=["RUS"]), ["side=['RUS']"]),
    "anchor-object": (feature(anchor={"x": 1}, width_km=40, depth_km=12), ["anchor"]),
    "anchor-huge": (feature(anchor="S" * 5000, width_km=40, depth_km=12), ["5,000 characters"]),
    "warnings-number": (feature(warnings=5), ["warnings=5", "a list of strings"]),
    "claim-string": (feature(claim="yes"), ["claim='yes'", "an object"]),
    "claim-quotes-number": (feature(claim={"quotes": 5}), ["quotes are a number"]),
    "nan-property": (
        '{"type": "Feature", "properties": {"width_km": NaN}, "geometry": ' + json.dumps(POLY) + "}",
        ["NaN is not a JSON number"],
    ),
    "deep-properties": (feature(x=json.loads("[" * 40 + "]" * 40)), ["nested deeper than 32 levels"]),
    "infinity-coordinate": (
        '{"type": "Polygon", "coordinates": [[[35, 51], [Infinity, 51], [35.3, 51.3], [35, 51]]]}',
        ["Infinity is not a JSON number"],
    ),
    "nan-coordinate": (
        '{"type": "Polygon", "coordinates": [[[35, 51], [NaN, 51], [35.3, 51.3], [35, 51]]]}',
        ["NaN is not a JSON number"],
    ),
    "1e400-coordinate": (
        '{"type": "Polygon", "coordinates": [[[35, 51], [1e400, 51], [35.3, 51.3], [35, 51]]]}',
        ["position [inf, 51]", "longitude [-180, 180]"],
    ),
    "1e308-coordinate": (
        {"type": "Polygon", "coordinates": [[[35, 51], [1e308, 51], [35.3, 51.3], [35, 51]]]},
        ["position [1e+308, 51]", "longitude [-180, 180]"],
    ),
    "huge-int-coordinate": (
        '{"type": "Polygon", "coordinates": [[[35, 51], [1' + "0" * 400 + ", 51], [35.3, 51.3], [35, 51]]]}",
        ["too large"],
    ),
    "deep-json": ("[" * 100_000 + "]" * 100_000, ["nests arrays or objects too deeply"]),
    "deep-object": ('{"a":' * 100_000 + "1" + "}" * 100_000, ["nests arrays or objects too deeply"]),
    "feature-number": ({"type": "FeatureCollection", "features": [1, feature()]}, ["feature 0 is a number"]),
    "feature-string": ({"type": "FeatureCollection", "features": ["x"]}, ["feature 0 is a string"]),
    "features-object": ({"type": "FeatureCollection", "features": {"a": 1}}, ["features are an object"]),
    "geometry-list": ({"type": "Feature", "properties": {}, "geometry": [1]}, ["geometry that is a list"]),
    "geometry-type-unknown": ({"type": "Feature", "geometry": {"type": "Circle", "coordinates": [1]}}, ["'Circle'"]),
    "type-list": ({"type": ["Polygon"], "coordinates": []}, ["expected an object with a 'type' member"]),
    "type-topology": ({"type": "Topology"}, ["type is 'Topology'"]),
    "three-positions": (
        {"type": "Polygon", "coordinates": [[[35, 51], [35.3, 51], [35, 51]]]},
        ["ring 0 has 3 positions", "4 or more"],
    ),
    "unclosed": (
        {"type": "Polygon", "coordinates": [[[35, 51], [35.3, 51], [35.3, 51.3], [35, 51.3]]]},
        ["ring 0 is not closed"],
    ),
    "coordinates-strings": (
        {"type": "Polygon", "coordinates": [[["35", "51"], ["35.3", "51"], ["35.3", "51.3"], ["35", "51"]]]},
        ["position ['35', '51']"],
    ),
    "coordinates-string": ({"type": "Polygon", "coordinates": "35,51"}, ["coordinates are a string"]),
    "coordinates-bool": (
        {"type": "Polygon", "coordinates": [[[35, 51], [True, 51], [35.3, 51.3], [35, 51]]]},
        ["position [True, 51]"],
    ),
    "position-one-number": (
        {"type": "Polygon", "coordinates": [[[35], [35.3, 51], [35.3, 51.3], [35, 51]]]},
        ["position [35]"],
    ),
    "ring-numbers": ({"type": "Polygon", "coordinates": [[35, 51, 36, 52]]}, ["ring 0 is not a list of positions"]),
    "empty-coordinates": ({"type": "Polygon", "coordinates": []}, ["holds no Polygon"]),
    "no-area": ({"type": "Polygon", "coordinates": [[[35, 51], [35, 51], [35, 51], [35, 51]]]}, ["no area"]),
    "gc-member-bad": (
        {"type": "GeometryCollection", "geometries": [{"type": "Polygon", "coordinates": [[[1, 2]]]}]},
        ["geometry 0, ring 0 has 1 position"],
    ),
    "gc-geometries-string": ({"type": "GeometryCollection", "geometries": "x"}, ["geometries are a string"]),
    "latitude-swapped-far": (
        {"type": "Polygon", "coordinates": [[[51, 135], [51.1, 135], [51.1, 135.1], [51, 135]]]},
        ["latitude [-90, 90]", "lat/lon swapped"],
    ),
    "not-json": ("this is not json", ["is not GeoJSON"]),
    "empty-file": ("", ["is not GeoJSON"]),
}


@pytest.mark.parametrize("case", sorted(BAD_FILES))
def test_bad_zone_file_is_one_line_exit_2(tmp_path, case):
    content, needles = BAD_FILES[case]
    path = write(tmp_path, f"{case}.geojson", content)
    before = snapshot(tmp_path)
    result = invoke(["affected", "--zone", path])
    assert_bad_input(result, needles)
    assert snapshot(tmp_path) == before
    # The library says the same with a ZoneFileError, from text and from a parsed object.
    text = content if isinstance(content, str) else json.dumps(content)
    with pytest.raises(ZoneFileError):
        zone_from_geojson(text)
    if not isinstance(content, str):
        with pytest.raises(ZoneFileError):
            zone_from_geojson(content)


@pytest.mark.parametrize("command", [["contains", "Sudzha"], ["map", "-o", "out.html"]])
def test_bad_zone_file_is_refused_by_every_command(tmp_path, command):
    path = write(tmp_path, "bad.geojson", {**feature(), "properties": [1]})
    before = snapshot(tmp_path)
    args = [command[0], "--zone", path, *command[1:]]
    if command[0] == "map":
        args[-1] = str(tmp_path / "out.html")
    assert_bad_input(invoke(args), ["properties that are a list"])
    assert snapshot(tmp_path) == before
    other = write(tmp_path, "ok.geojson", feature())
    assert_bad_input(invoke(["compare", path, other]), ["properties that are a list"])


GOOD_SHAPES = {
    "geometry-collection": {
        "type": "GeometryCollection",
        "geometries": [
            {"type": "Point", "coordinates": [35.27, 51.19]},
            {"type": "GeometryCollection", "geometries": [POLY]},
        ],
    },
    "three-d": {"type": "Polygon", "coordinates": [[[*p, 150.0] for p in ring()]]},
    "four-d": {"type": "Polygon", "coordinates": [[[*p, 150.0, 7] for p in ring()]]},
    "mixed-dimensions": {"type": "Polygon", "coordinates": [[p + [1.0] * (i % 2) for i, p in enumerate(ring())]]},
    "bowtie": {
        "type": "Polygon",
        "coordinates": [[[35.25, 51.17], [35.30, 51.21], [35.30, 51.17], [35.25, 51.21], [35.25, 51.17]]],
    },
    "points-and-null-geometry": {
        "type": "FeatureCollection",
        "features": [
            {"type": "Feature", "properties": {"name": "marker"}, "geometry": {"type": "Point", "coordinates": [0, 0]}},
            {"type": "Feature", "properties": None, "geometry": None},
            feature(name="drawn"),
        ],
    },
}


@pytest.mark.parametrize("case", sorted(GOOD_SHAPES))
def test_odd_but_valid_geojson_is_read(tmp_path, case):
    path = write(tmp_path, f"{case}.geojson", GOOD_SHAPES[case])
    result = invoke(["affected", "--zone", path, "--format", "json"])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    if case != "bowtie":  # the bowtie's two triangles leave Sudzha (the box's centre) on their shared vertex
        assert SUDZHA in [s["id"] for s in doc["settlements"]]
    assert doc["coverage"]["covered_share"] == pytest.approx(1.0)


def test_bowtie_is_repaired_into_two_triangles():
    zone = zone_from_geojson(GOOD_SHAPES["bowtie"])
    assert zone.geometry.geom_type == "MultiPolygon" and len(zone.geometry.geoms) == 2
    box_area = zone_from_geojson(POLY).area_km2
    assert zone.area_km2 == pytest.approx(box_area / 2, rel=1e-3)


def test_file_larger_than_the_bound_is_refused_before_parsing():
    with pytest.raises(ZoneFileError, match="larger than 64 MB"):
        zone_from_geojson(" " * (MAX_ZONE_FILE_BYTES + 1))
    with pytest.raises(ZoneFileError, match="larger than 64 MB"):
        zone_from_geojson(b" " * (MAX_ZONE_FILE_BYTES + 1))


def test_too_many_polygons_is_one_line(tmp_path):
    tiny = [
        {
            "type": "Feature",
            "properties": {},
            "geometry": {"type": "Polygon", "coordinates": [ring(35 + k * 1e-4, 51, 35 + k * 1e-4 + 5e-5, 51.00005)]},
        }
        for k in range(MAX_ZONE_POLYGONS + 1)
    ]
    path = write(tmp_path, "many.geojson", {"type": "FeatureCollection", "features": tiny})
    assert_bad_input(invoke(["affected", "--zone", path]), [f"more than {MAX_ZONE_POLYGONS:,} polygons"])
    # Up to the bound they are merged (a disjoint-subset union, not one overlay of thousands).
    zone = zone_from_geojson({"type": "FeatureCollection", "features": tiny[:2000]})
    assert len(zone.geometry.geoms) == 2000


def test_bytes_and_byte_order_marks_are_accepted():
    text = json.dumps(feature(name="bom"))
    for doc in ("\ufeff" + text, b"\xef\xbb\xbf" + text.encode(), text.encode("utf-16"), text.encode("utf-32")):
        assert zone_from_geojson(doc).properties["name"] == "bom"
    with pytest.raises(ZoneFileError, match="not UTF-8"):
        zone_from_geojson(b'{"type": "Polygon", "coordinates": [] , "x": "\xff"}')
    result = invoke(["affected", "--zone", str(DATA / "bom.geojson"), "--format", "json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["zone"]["name"] == "with a BOM"


def test_lone_surrogates_in_names_become_replacement_characters():
    zone = zone_from_geojson(
        '{"type": "Feature", "properties": {"name": "a\\ud800b"}, "geometry": ' + json.dumps(POLY) + "}"
    )
    assert zone.properties["name"] == "a\ufffdb"
    result = invoke(
        ["affected", "--zone", "-", "--format", "json"],
        input='{"type": "Feature", "properties": {"name": "a\\udfffb"}, "geometry": ' + json.dumps(POLY) + "}",
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["zone"]["name"] == "a\ufffdb"


def test_a_valid_recorded_spec_is_kept_and_read_back():
    zone = zone_from_geojson(feature(anchor="Sudzha", width_km=40, depth_km=12, profile="flat", side="RUS"))
    assert zone.recorded_spec == ZoneSpec("Sudzha", 40, 12, "flat", "RUS")
    # Spec keys that do not make a spec (one of them alone) are the file's own data.
    assert zone_from_geojson(feature(side="left")).properties["side"] == "left"


# -- 2 and 3. coverage: unknown is not 0 ---------------------------------------------------------


@pytest.mark.parametrize(
    "name, swapped",
    [("moscow", False), ("kyiv", False), ("brazil", False), ("sudzha-swapped", True)],
)
@pytest.mark.parametrize("command", ["affected", "contains", "map"])
def test_zone_outside_coverage_is_refused(tmp_path, name, swapped, command):
    path = str(DATA / f"{name}.geojson")
    args = {
        "affected": ["affected", "--zone", path],
        "contains": ["contains", "--zone", path, "Sudzha"],
        "map": ["map", "--zone", path, "-o", str(tmp_path / "map.html")],
    }[command]
    before = snapshot(tmp_path)
    lines = assert_bad_input(invoke(args), [OUTSIDE, "the count is unknown, not 0"])
    assert ("lat/lon swapped" in lines[0]) == swapped
    assert snapshot(tmp_path) == before


@pytest.mark.parametrize("fmt", ["table", "json", "csv", "geojson"])
def test_no_format_prints_zero_for_a_zone_outside_coverage(fmt):
    result = invoke(["affected", "--zone", str(DATA / "kyiv.geojson"), "--format", fmt])
    assert_bad_input(result, [OUTSIDE])


def test_zones_in_rostov_oblast_are_counted():
    # Rostov oblast is in the register extract since issue 14: a zone there is counted, not refused.
    found = affected(build_zone(ZoneSpec("39.8,48.2")))
    assert found.count > 0 and found.coverage.complete
    assert {s["district"] for s in found.settlements} <= {"Каменский район", "Красносулинский район"}
    result = invoke(["affected", "--zone", str(DATA / "rostov.geojson"), "--format", "json"])
    assert result.exit_code == 0, result.output
    assert "Ростов-на-Дону" in {s["name"] for s in json.loads(result.stdout)["settlements"]}


@pytest.mark.parametrize("args", [["fit", "--settlements", "28", "--side", "UKR"]])
def test_ukrainian_side_fit_counts_mapped_places(args):
    # Since issue 14 affected and fit on the UKR side count mapped Ukrainian places and say so
    # (tests/test_ukraine_side.py, tests/test_ukraine_fit.py).
    result = invoke([*args, "--format", "json"])
    assert result.exit_code == 0, result.output
    assert any("mapped Ukrainian places only" in n for n in json.loads(result.stdout)["notes"])
    assert issubclass(NoSettlementLayerError, InvalidSpecError) and issubclass(NoSettlementLayerError, LookupError)


def test_partly_covered_zone_is_counted_with_its_covered_share():
    path = str(DATA / "sudzha-half-in-ukraine.geojson")
    result = invoke(["affected", "--zone", path, "--format", "json"])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    cov = doc["coverage"]
    assert SUDZHA in [s["id"] for s in doc["settlements"]]
    assert 0.5 < cov["covered_share"] < 0.99
    assert cov["covered_area_km2"] == pytest.approx(cov["covered_share"] * cov["zone_area_km2"], rel=1e-4)
    assert cov["zone_area_km2"] == pytest.approx(doc["zone"]["area_km2"], rel=1e-6)
    assert cov["in_ukraine_km2"] == pytest.approx(cov["zone_area_km2"] - cov["covered_area_km2"], rel=0.02)
    assert (
        len(doc["notes"]) == 1
        and f"{cov['covered_share'] * 100:.1f}%" in doc["notes"][0]
        and "Ukraine" in doc["notes"][0]
    )

    table = invoke(["affected", "--zone", path])
    assert table.exit_code == 0 and f"{cov['covered_share'] * 100:.1f}% of this zone" in table.stderr
    gj = json.loads(invoke(["affected", "--zone", path, "--format", "geojson"]).stdout)
    assert gj["properties"]["coverage"] == cov and gj["properties"]["notes"] == doc["notes"]


def test_partly_covered_zone_still_maps(tmp_path):
    out = tmp_path / "half.html"
    result = invoke(["map", "--zone", str(DATA / "sudzha-half-in-ukraine.geojson"), "-o", str(out)])
    assert result.exit_code == 0, result.output
    page = out.read_text(encoding="utf-8")
    assert "% of this zone" in page and "covered part only" in page and "Sudzha" in page


def test_compare_gives_unknown_not_zero_for_an_uncovered_zone():
    kyiv, half = str(DATA / "kyiv.geojson"), str(DATA / "sudzha-half-in-ukraine.geojson")
    result = invoke(["compare", kyiv, half, "--json"])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert doc["settlements_a"] is None and doc["precision"] is None
    assert doc["settlements_b"] > 0 and doc["settlements_both"] == 0 and doc["recall"] == 0.0
    assert any(n.startswith("zone A: no part of it lies in the area") for n in doc["notes"])
    both = json.loads(invoke(["compare", kyiv, kyiv, "--json"]).stdout)
    assert (both["settlements_a"], both["settlements_b"], both["precision"], both["recall"], both["f1"]) == (None,) * 5
    table = invoke(["compare", kyiv, half])
    assert "settlements inside" in table.stdout and "n/a" in table.stdout
    assert_bad_input(invoke(["compare", str(DATA / "moscow.geojson"), half]), [OUTSIDE])


def test_coverage_follows_the_five_oblasts():
    area = settlement_coverage()
    layer = load_settlements()
    # Every settlement is covered, but for a register point that lies a few hundred metres inside Ukraine.
    assert (shapely.contains_xy(area, layer.lon, layer.lat) | (layer.offset_km < 0)).all()
    # The oblasts hold 245,000 km²; the 5 km margin adds some thousands.
    assert 245_000 < geodesic_area_km2(area) < 275_000
    for lon, lat in ((30.52, 50.45), (37.62, 55.75)):  # Kyiv, Moscow
        assert not shapely.contains_xy(area, lon, lat)
    for lon, lat in ((39.2, 51.67), (39.72, 47.23)):  # Voronezh, Rostov-on-Don
        assert shapely.contains_xy(area, lon, lat)
    for anchor in (
        "Suzemka",
        "Tetkino",
        "Sudzha",
        "Shebekino",
        "Valuyki",
        "Kantemirovka",
        "Chertkovo",
        "39.8,48.2",
        "38.3,47.3",
    ):  # the whole border, Bryansk to the Sea of Azov
        assert zone_coverage(build_zone(ZoneSpec(anchor, 20, 5))).complete


# -- 4. huge zones: clipped, answered in seconds -------------------------------------------------


def test_whole_world_polygon_is_clipped_and_counted():
    result = invoke(["affected", "--zone", str(DATA / "world.geojson"), "--format", "json"])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    # every settlement of the Russian layer, and (since issue 14) every mapped place of the Ukrainian one
    assert doc["count"] == 11106 + 1620 and doc["coverage"]["ukraine"]["mapped_places"] == 1620
    assert doc["zone"]["clipped"]["given_area_km2"] == pytest.approx(510_065_622, rel=1e-4)  # the WGS84 ellipsoid
    assert doc["zone"]["clipped"]["region"] == list(data_region())
    assert doc["coverage"]["zone_area_km2"] == pytest.approx(510_065_622, rel=1e-4)
    assert doc["coverage"]["covered_share"] < 0.001
    assert any("was clipped to it" in n for n in doc["notes"])
    assert any(n.startswith("less than 0.1% of this zone") for n in doc["notes"])
    # A point beyond the clipped region cannot be answered for the clipped zone.
    assert_bad_input(
        invoke(["contains", "--zone", str(DATA / "world.geojson"), "--", "-47.9,-15.8"]),
        ["beyond the region frontmap has data for"],
    )
    ok = invoke(["contains", "--zone", str(DATA / "world.geojson"), "Sudzha"])
    assert ok.exit_code == 0 and ok.stdout.startswith("inside")


def test_polygon_with_many_vertices_is_read():
    n = 200_000
    angles = [2 * math.pi * k / n for k in range(n)]
    shell = [[35.2719 + 0.05 * math.cos(a), 51.1919 + 0.03 * math.sin(a)] for a in angles]
    zone = zone_from_geojson({"type": "Polygon", "coordinates": [shell + [shell[0]]]})
    found = affected(zone)
    assert SUDZHA in [s["id"] for s in found.settlements]
    sudzha = next(s for s in found.settlements if s["id"] == SUDZHA)
    assert sudzha["distance_to_edge_km"] == pytest.approx(
        0.03 * 111.25, abs=0.05
    )  # to the ellipse's north or south tip


# -- 6. names from files reach a terminal inert ----------------------------------------------


CONTROL = ("\x1b", "\x07", "\r", "\x9b", "\u202e")


def test_escape_sequences_in_a_name_do_not_reach_the_terminal():
    path = str(DATA / "escape-name.geojson")
    table = invoke(["affected", "--zone", path])
    assert table.exit_code == 0, table.output
    assert not any(c in table.stdout + table.stderr for c in CONTROL)
    assert "\\x1b[2J\\x1b]0;pwned\\x07evil\\u202etxt.exe\\r\\x9b31m" in table.stdout
    raw = json.loads(invoke(["affected", "--zone", path, "--format", "json"]).stdout)
    assert raw["zone"]["name"] == "\x1b[2J\x1b]0;pwned\x07evil\u202etxt.exe\r\x9b31m"  # JSON keeps the data


def test_compare_table_escapes_file_names(tmp_path):
    evil = tmp_path / "a\x1b[31m.geojson"
    evil.write_text(json.dumps(feature()), encoding="utf-8")
    result = invoke(["compare", str(evil), str(evil)])
    assert result.exit_code == 0, result.output
    assert "\x1b" not in result.stdout and "a\\x1b[31m.geojson" in result.stdout


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Суджа", "Суджа"),
        ("a\tb", "a\\tb"),
        ("\x00\x7f\x85", "\\x00\\x7f\\x85"),
        ("x\u2066y\u2069\u202a", "x\\u2066y\\u2069\\u202a"),
        ("line\u2028sep", "line\\u2028sep"),
        ("bad\ud800", "bad\ufffd"),
    ],
)
def test_terminal_text(text, expected):
    assert terminal_text(text) == expected
    assert terminal_text("a\nb") == "a\\nb" and terminal_text("a\nb", keep_newlines=True) == "a\nb"


@given(st.text())
@settings(max_examples=200, deadline=None)
def test_terminal_text_leaves_no_control_character(text):
    out = terminal_text(text, keep_newlines=True)
    assert all(c == "\n" or (c.isprintable() or c in " \u00a0") or not _dangerous(c) for c in out)
    out.encode("utf-8")  # always encodable


def _dangerous(c: str) -> bool:
    code = ord(c)
    return (
        code < 0x20
        or 0x7F <= code < 0xA0
        or 0x202A <= code <= 0x202E
        or 0x2066 <= code <= 0x2069
        or 0xD800 <= code < 0xE000
    )


# -- hypothesis: arbitrary JSON is a zone or a ZoneFileError; rectangles are counted or refused --

JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True, allow_infinity=True) | st.text(max_size=5),
    lambda inner: st.lists(inner, max_size=5) | st.dictionaries(st.text(max_size=5), inner, max_size=5),
    max_leaves=30,
)
NUMBER = (
    st.floats(allow_nan=True, allow_infinity=True)
    | st.integers(-(10**400), 10**400)
    | st.sampled_from([35.0, 51.0, 35.3, 51.3])
)
POSITION = st.lists(NUMBER, min_size=0, max_size=4) | JSON
RING = st.lists(POSITION, max_size=6) | JSON
GEOMETRY = (
    st.fixed_dictionaries(
        {
            "type": st.sampled_from(["Polygon", "MultiPolygon", "GeometryCollection", "Point", "Nope"]),
            "coordinates": st.lists(RING, max_size=3) | JSON,
        }
    )
    | JSON
)
DOC = (
    JSON
    | GEOMETRY
    | st.fixed_dictionaries({"type": st.just("Feature"), "properties": JSON, "geometry": GEOMETRY})
    | st.fixed_dictionaries(
        {
            "type": st.just("FeatureCollection"),
            "features": st.lists(
                st.fixed_dictionaries({"type": st.just("Feature"), "properties": JSON, "geometry": GEOMETRY}) | JSON,
                max_size=3,
            ),
        }
    )
)


@given(DOC)
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_any_json_is_a_zone_or_a_zone_file_error(doc):
    try:
        text = json.dumps(doc)
    except (ValueError, OverflowError):
        text = None
    for value in (doc, text):
        if value is None:
            continue
        try:
            zone = zone_from_geojson(value)
        except ZoneFileError as exc:
            message = str(exc)
            assert "\n" not in message and len(message) < 1000, message
        else:
            assert zone.area_km2 > 0 and zone.geometry.is_valid
            json.dumps(zone.to_properties(), allow_nan=False)


LON = st.floats(-180, 180)
LAT = st.floats(-90, 90)


@given(LON, LAT, st.floats(0.01, 60), st.floats(0.01, 40), st.booleans())
@example(0.0, 7.375, 37.0, 39.375, False)  # its edge cut Ukraine's polygon into an invalid piece (GEOS error)
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_rectangle_anywhere_is_counted_with_coverage_or_refused(lon, lat, dlon, dlat, near):
    if near:  # half the examples round the covered oblasts, where partial coverage happens
        lon, lat = 31 + (lon + 180) / 360 * 9, 49.5 + (lat + 90) / 180 * 5
        dlon, dlat = dlon / 20, dlat / 20
    x1, y1 = min(lon + dlon, 180.0), min(lat + dlat, 90.0)
    if x1 <= lon or y1 <= lat:
        return
    try:
        zone = zone_from_geojson({"type": "Polygon", "coordinates": [ring(lon, lat, x1, y1)]})
        found = affected(zone)
    except OutsideCoverageError as exc:
        assert OUTSIDE in str(exc)
        return
    cov = found.coverage
    # counted only where there is data: the Russian covered area or (since issue 14) Ukraine's mapped places
    ukrainian = found.to_json()["coverage"].get("ukraine")
    assert cov is not None and (not cov.empty or ukrainian is not None)
    # any ground in Ukraine is counted there (its mapped places), however small
    assert (
        cov.covered_area_km2 >= 0.01 or cov.covered_share >= 0.001 or (ukrainian is not None and cov.in_ukraine_km2 > 0)
    )
    if not cov.complete:
        assert any(
            "of this zone" in n and "lies in the area frontmap has settlement data for" in n for n in found.notes
        )
    assert found.to_json()["coverage"]["covered_share"] == pytest.approx(cov.covered_share, abs=1e-6)


def test_a_tiny_zone_inside_the_area_is_counted_and_a_tiny_half_has_a_note():
    # 30 m square round Sudzha's point: far below a hectare, all of it covered.
    lon, lat, d = 35.271944, 51.191944, 0.0002
    found = affected(zone_from_geojson({"type": "Polygon", "coordinates": [ring(lon - d, lat - d, lon + d, lat + d)]}))
    assert [s["id"] for s in found.settlements] == [SUDZHA] and found.notes == [] and found.coverage.complete
    # A 60 m square astride the border, about half in Ukraine: the note says so however small it is.
    from frontmap.border import load_border

    blon, blat = load_border().point_at(load_settlements().find("Sudzha").chainage_km)
    half = affected(
        zone_from_geojson(
            {"type": "Polygon", "coordinates": [ring(blon - 0.0004, blat - 0.0003, blon + 0.0004, blat + 0.0003)]}
        )
    )
    assert 0.2 < half.coverage.covered_share < 0.8 and not half.coverage.complete
    assert len(half.notes) == 1 and "of this zone" in half.notes[0] and "Ukraine" in half.notes[0]


def test_check_places_refuses_a_file_zone_outside_coverage():
    zone = zone_from_geojson((DATA / "kyiv.geojson").read_text(encoding="utf-8"), "zone file 'kyiv'")
    with pytest.raises(OutsideCoverageError, match="zone file 'kyiv' lies outside"):
        check_places(zone, ["30.5,50.45"])
    assert_no_traceback(invoke(["contains", "--zone", str(DATA / "kyiv.geojson"), "30.5,50.45"]))
