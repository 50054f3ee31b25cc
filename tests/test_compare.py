"""``frontmap compare`` and :mod:`frontmap.compare`: areas, IoU, depths, settlement precision/recall."""

from __future__ import annotations

import json
import math

import numpy as np
import pyproj
import pytest
from clitools import assert_bad_input, invoke

from frontmap.border import Border
from frontmap.compare import max_depth_km
from frontmap.zone import build_zone, zone_from_geojson

GEOD = pyproj.Geod(ellps="WGS84")


def box(lon0: float, lat0: float, lon1: float, lat1: float, **properties) -> dict:
    """A lon/lat rectangle as a GeoJSON Feature."""
    ring = [[lon0, lat0], [lon1, lat0], [lon1, lat1], [lon0, lat1], [lon0, lat0]]
    return {"type": "Feature", "properties": properties, "geometry": {"type": "Polygon", "coordinates": [ring]}}


def box_area_km2(lon0: float, lat0: float, lon1: float, lat1: float) -> float:
    area, _ = GEOD.polygon_area_perimeter([lon0, lon1, lon1, lon0], [lat0, lat0, lat1, lat1])
    return abs(area) / 1e6


def write(tmp_path, name: str, doc) -> str:
    path = tmp_path / name
    path.write_text(doc if isinstance(doc, str) else json.dumps(doc), encoding="utf-8")
    return str(path)


def compare_json(a: str, b: str, **kwargs) -> dict:
    result = invoke(["compare", a, b, "--json"], **kwargs)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def affected_ids(*flags) -> set[int]:
    result = invoke(["affected", *flags, "--format", "json"])
    assert result.exit_code == 0, result.output
    return {s["id"] for s in json.loads(result.stdout)["settlements"]}


@pytest.fixture(scope="module")
def zone_files(tmp_path_factory) -> dict:
    """The default (salient) and the flat-profile zone as ``frontmap zone`` prints them."""
    folder = tmp_path_factory.mktemp("zones")
    out = {}
    for name, flags in (("salient", []), ("flat", ["--profile", "flat"])):
        result = invoke(["zone", *flags])
        assert result.exit_code == 0, result.output
        out[name] = write(folder, f"{name}.geojson", result.stdout)
    return out


@pytest.fixture(scope="module")
def salient_vs_flat(zone_files) -> dict:
    return compare_json(zone_files["salient"], zone_files["flat"])


# -- a zone against itself and against a disjoint one ------------------------------


def test_zone_against_itself(zone_files):
    doc = compare_json(zone_files["salient"], zone_files["salient"])
    with open(zone_files["salient"], encoding="utf-8") as fh:
        area = json.load(fh)["features"][0]["properties"]["area_km2"]
    assert doc["area_a_km2"] == doc["area_b_km2"] == pytest.approx(area, abs=2e-3)
    assert doc["iou"] == pytest.approx(1.0, abs=1e-6)
    assert doc["only_a_km2"] == pytest.approx(0.0, abs=1e-3)
    assert doc["only_b_km2"] == pytest.approx(0.0, abs=1e-3)
    assert doc["max_depth_a_km"] == doc["max_depth_b_km"]
    assert doc["precision"] == doc["recall"] == doc["f1"] == 1.0
    assert doc["settlements_a"] == doc["settlements_b"] == doc["settlements_both"] > 20
    assert doc["only_a_ids"] == doc["only_b_ids"] == []
    assert doc["notes"] == []


def test_stdin_for_one_of_them(zone_files, salient_vs_flat):
    with open(zone_files["flat"], encoding="utf-8") as fh:
        doc = compare_json(zone_files["salient"], "-", input=fh.read())
    assert doc["reference"] == "-"
    assert {k: v for k, v in doc.items() if k != "reference"} == {
        k: v for k, v in salient_vs_flat.items() if k != "reference"
    }


def test_disjoint_zone(zone_files, tmp_path):
    belgorod = (36.55, 50.55, 36.65, 50.65)  # about 30 km from the border, 200 km from Sudzha
    far = write(tmp_path, "belgorod.geojson", box(*belgorod))
    doc = compare_json(zone_files["salient"], far)
    assert doc["iou"] == 0.0 and doc["intersection_km2"] == 0.0
    assert doc["only_a_km2"] == doc["area_a_km2"] > 300
    assert doc["only_b_km2"] == doc["area_b_km2"] == pytest.approx(box_area_km2(*belgorod), abs=1e-3)  # 3 decimals
    # Both hold settlements, none in common: the ratios are 0, not undefined.
    assert doc["settlements_a"] > 20 and doc["settlements_b"] > 0 and doc["settlements_both"] == 0
    assert doc["precision"] == doc["recall"] == doc["f1"] == 0.0
    assert len(doc["only_a_ids"]) == doc["settlements_a"] and len(doc["only_b_ids"]) == doc["settlements_b"]


# -- hand-built overlaps --------------------------------------------------------------


def test_half_overlap_gives_a_third(tmp_path):
    # Same latitude band, B shifted east by half A's width: A∩B is half of each.
    a, b = (35.20, 51.15, 35.30, 51.20), (35.25, 51.15, 35.35, 51.20)
    doc = compare_json(write(tmp_path, "a.geojson", box(*a)), write(tmp_path, "b.geojson", box(*b)))
    area = box_area_km2(*a)
    assert area == pytest.approx(7.0 * 5.6, rel=0.02)  # 0.1° of longitude × 0.05° of latitude at 51.2 N
    assert doc["area_a_km2"] == pytest.approx(area, abs=1e-3)  # JSON areas have 3 decimals
    assert doc["area_b_km2"] == pytest.approx(area, abs=1e-3)
    assert doc["iou"] == pytest.approx(1.0 / 3.0, abs=1e-3)
    assert doc["intersection_km2"] == pytest.approx(area / 2.0, rel=1e-3)
    assert doc["only_a_km2"] == pytest.approx(area / 2.0, rel=1e-3)
    assert doc["only_b_km2"] == pytest.approx(area / 2.0, rel=1e-3)
    assert doc["union_km2"] == pytest.approx(1.5 * area, rel=1e-3)


def test_contained_zone(tmp_path):
    small, big = (35.25, 51.15, 35.30, 51.20), (35.20, 51.10, 35.40, 51.25)
    doc = compare_json(write(tmp_path, "small.geojson", box(*small)), write(tmp_path, "big.geojson", box(*big)))
    area_small, area_big = box_area_km2(*small), box_area_km2(*big)
    assert doc["iou"] == pytest.approx(area_small / area_big, rel=1e-5)
    assert 0.05 < doc["iou"] < 0.1
    assert doc["only_a_km2"] == pytest.approx(0.0, abs=1e-3)
    assert doc["only_b_km2"] == pytest.approx(area_big - area_small, abs=2e-3)
    # Sudzha is in both: everything in the small box is in the big one.
    assert 115637 not in doc["only_a_ids"] + doc["only_b_ids"]
    assert doc["precision"] == 1.0 and doc["only_a_ids"] == []
    assert doc["recall"] == pytest.approx(doc["settlements_a"] / doc["settlements_b"])
    assert 0 < doc["recall"] < 1


# -- greatest depth -------------------------------------------------------------------


@pytest.mark.parametrize(
    "lon, lat", [(35.35, 51.30), (36.60, 50.60), (33.62, 52.28)], ids=["sudzha-16km", "belgorod-32km", "bryansk-near"]
)
def test_max_depth_of_a_small_square(lon, lat, tmp_path, nearest_on_border):
    half = 0.01
    corners = [(lon - half, lat - half), (lon + half, lat - half), (lon + half, lat + half), (lon - half, lat + half)]
    expected = max(nearest_on_border(x, y)[1] for x, y in corners)
    square = write(tmp_path, "square.geojson", box(lon - half, lat - half, lon + half, lat + half))
    doc = compare_json(square, square)
    assert doc["max_depth_a_km"] == pytest.approx(expected, abs=0.02)
    assert doc["max_depth_a_km"] >= expected - 0.002  # a maximum is never below a vertex's distance


def test_max_depth_of_the_default_zones(salient_vs_flat):
    from frontmap.zone import ZoneSpec

    assert salient_vs_flat["max_depth_a_km"] == pytest.approx(build_zone().depth_reached_km, abs=0.05)
    assert salient_vs_flat["max_depth_a_km"] == pytest.approx(11.96, abs=0.01)
    assert salient_vs_flat["max_depth_b_km"] == pytest.approx(
        build_zone(ZoneSpec(profile="flat")).depth_reached_km, abs=0.05
    )
    assert salient_vs_flat["max_depth_b_km"] == pytest.approx(12.0, abs=0.01)


def _geodesic_distance_km(lon, lat, border: Border, step_m: float = 2.0) -> float:
    """Distance from a point to a border sampled every ``step_m`` along its geodesic segments."""
    best = math.inf
    for i in range(len(border.lon) - 1):
        k = int(math.ceil(border.segment_m[i] / step_m)) + 1
        az, _, _ = GEOD.inv(border.lon[i], border.lat[i], border.lon[i + 1], border.lat[i + 1])
        slon, slat, _ = GEOD.fwd(
            np.full(k, border.lon[i]), np.full(k, border.lat[i]), np.full(k, az), np.linspace(0, border.segment_m[i], k)
        )
        _, _, dist = GEOD.inv(np.full(k, lon), np.full(k, lat), slon, slat)
        best = min(best, float(dist.min()))
    return best / 1000.0


def test_max_depth_inside_a_bay():
    # A border running round a point at 10 km, with a gap to the north: the
    # distance is greatest at the centre, inside the square, not on its edge.
    lon0, lat0 = 35.0, 51.0
    az = np.arange(30.0, 330.5, 1.0)
    blon, blat, _ = GEOD.fwd(np.full(len(az), lon0), np.full(len(az), lat0), az, np.full(len(az), 10_000.0))
    bay = Border(np.column_stack([blon, blat]))
    square = zone_from_geojson(box(lon0 - 0.015, lat0 - 0.01, lon0 + 0.015, lat0 + 0.01))
    at_centre = _geodesic_distance_km(lon0, lat0, bay)
    ring = np.asarray(square.geometry.exterior.coords)
    edge = [ring[i] + t * (ring[i + 1] - ring[i]) for i in range(4) for t in np.linspace(0, 1, 9)[:-1]]
    on_edge = max(_geodesic_distance_km(x, y, bay, step_m=20.0) for x, y in edge)
    assert at_centre == pytest.approx(10.0, abs=0.001) and on_edge < 9.5
    depth = max_depth_km(square, border=bay)
    assert at_centre - 0.001 <= depth <= 10.0 + 0.001


# -- settlements ------------------------------------------------------------------------


def test_salient_against_flat_settlements(salient_vs_flat):
    salient, flat = affected_ids(), affected_ids("--profile", "flat")
    assert salient < flat and len(salient) > 20 and len(flat - salient) >= 1
    doc = salient_vs_flat
    assert (doc["settlements_a"], doc["settlements_b"], doc["settlements_both"]) == (
        len(salient),
        len(flat),
        len(salient),
    )
    recall = len(salient) / len(flat)
    assert doc["precision"] == 1.0
    assert doc["recall"] == pytest.approx(recall, abs=1e-6) and doc["recall"] < 1.0
    assert doc["f1"] == pytest.approx(2 * recall / (1 + recall), abs=1e-6)
    assert doc["only_a_ids"] == [] and doc["only_b_ids"] == sorted(flat - salient)
    assert [s["id"] for s in doc["only_b_settlements"]] == doc["only_b_ids"]
    # The flat zone holds the salient one, up to the rounding of the files' coordinates.
    assert doc["only_a_km2"] == pytest.approx(0.0, abs=0.01)
    assert doc["iou"] == pytest.approx(doc["area_a_km2"] / doc["area_b_km2"], abs=1e-4)
    assert doc["notes"] == []


def test_table_names_the_settlements_in_one_only(zone_files, salient_vs_flat):
    result = invoke(["compare", zone_files["salient"], zone_files["flat"]])
    assert result.exit_code == 0, result.output
    text = result.stdout
    doc = salient_vs_flat
    assert f"IoU {doc['iou']:.3f}" in text
    assert f"precision {doc['precision']:.3f}, recall {doc['recall']:.3f}, F1 {doc['f1']:.3f}" in text
    assert f"{doc['area_b_km2']:,.1f}" in text and f"{doc['max_depth_a_km']:.2f}" in text
    assert f"only in B ({len(doc['only_b_ids'])}):" in text and "only in A" not in text
    for s in doc["only_b_settlements"]:
        assert f"{s['name_latin']} ({s['name']})" in text and f"id {s['id']}" in text
    assert "n/a" not in text


def test_undefined_ratios_are_null_and_explained(zone_files, tmp_path, nearest_on_border):
    # A square in Ukraine near Sumy: no mapped place there, and the notes say only larger places are mapped.
    sumy = write(tmp_path, "sumy.geojson", box(34.70, 50.80, 34.72, 50.81))
    doc = compare_json(sumy, zone_files["salient"])
    assert doc["settlements_a"] == 0 and doc["settlements_b"] > 20
    assert doc["precision"] is None and doc["recall"] == 0.0 and doc["f1"] == 0.0
    assert any(n.startswith("precision is undefined") for n in doc["notes"])
    assert any(n.startswith("zone A:") and "Ukrainian side" in n for n in doc["notes"])
    # Its depth is measured from the border all the same (its far corner: 41.3 km).
    assert doc["max_depth_a_km"] == pytest.approx(nearest_on_border(34.70, 50.80)[1], abs=0.02)

    both = compare_json(sumy, sumy)
    assert both["precision"] is None and both["recall"] is None and both["f1"] is None
    assert {n.split(" ")[0] for n in both["notes"] if "undefined" in n} == {"precision", "recall", "F1"}

    result = invoke(["compare", sumy, sumy])
    assert result.exit_code == 0, result.output
    assert "precision n/a, recall n/a, F1 n/a" in result.stdout
    assert "note: precision is undefined" in result.stderr


def test_zone_on_the_ukrainian_side_counts_mapped_places_and_says_so():
    from frontmap.compare import compare_zones
    from frontmap.zone import ZoneSpec

    ukr = build_zone(ZoneSpec(width_km=20, depth_km=5, side="UKR"))
    result = compare_zones(ukr, ukr)
    assert result.iou == pytest.approx(1.0, abs=1e-9)
    assert result.max_depth_a_km == pytest.approx(ukr.depth_reached_km, abs=0.01)
    doc = result.to_json()
    # Mapped Ukrainian places (about 500 people or more) are counted; the notes say the count is not complete.
    assert doc["settlements_a"] == doc["settlements_b"] == doc["settlements_both"] >= 1 and doc["f1"] == 1.0
    assert len(doc["notes"]) == 2 and all("only places of about 500 people or more" in n for n in doc["notes"])


# -- bad input ----------------------------------------------------------------------


POINT = {"type": "Feature", "properties": {}, "geometry": {"type": "Point", "coordinates": [35.27, 51.19]}}


def test_missing_file(zone_files, tmp_path):
    missing = str(tmp_path / "missing.geojson")
    assert_bad_input(invoke(["compare", zone_files["salient"], missing]), [missing, "cannot read"])
    assert_bad_input(invoke(["compare", missing, zone_files["salient"], "--json"]), [missing, "cannot read"])


def test_point_file(zone_files, tmp_path):
    point = write(tmp_path, "point.geojson", POINT)
    assert_bad_input(invoke(["compare", zone_files["salient"], point, "--json"]), ["point.geojson", "Polygon"])


def test_both_on_stdin():
    result = invoke(["compare", "-", "-"], input=json.dumps(box(35.2, 51.1, 35.3, 51.2)))
    assert_bad_input(result, ["'-'", "stdin"])


def test_not_geojson_on_stdin(zone_files):
    result = invoke(["compare", "-", zone_files["salient"]], input="hello")
    assert_bad_input(result, ["stdin", "not GeoJSON"])
