"""``frontmap affected`` through click's CliRunner: every format, --zone, and bad input."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest
from clitools import assert_bad_input, invoke

from frontmap.estimate import COLUMNS

SUDZHA, KURSK = 115637, 90421
SUDZHA_SQUARE = {
    "type": "Feature",
    "properties": {"name": "drawn around Sudzha"},
    "geometry": {
        "type": "Polygon",
        "coordinates": [
            [[35.2519, 51.1719], [35.2919, 51.1719], [35.2919, 51.2119], [35.2519, 51.2119], [35.2519, 51.1719]]
        ],
    },
}
CYRILLIC = re.compile("[\u0400-\u04ff]")


def ids_of(doc: dict) -> list[int]:
    return [s["id"] for s in doc["settlements"]]


@pytest.fixture(scope="module")
def as_json() -> dict:
    result = invoke(["affected", "--format", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


@pytest.fixture(scope="module")
def zone_file(tmp_path_factory) -> str:
    """The default zone as written by ``frontmap zone -o``."""
    path = tmp_path_factory.mktemp("zone") / "zone.geojson"
    result = invoke(["zone", "-o", str(path)])
    assert result.exit_code == 0, result.output
    return str(path)


def test_json_lists_sudzha_not_kursk(as_json):
    ids = ids_of(as_json)
    assert SUDZHA in ids and KURSK not in ids
    assert len(ids) == len(set(ids))
    sudzha = next(s for s in as_json["settlements"] if s["id"] == SUDZHA)
    assert (sudzha["name"], sudzha["name_latin"], sudzha["type"], sudzha["district"]) == (
        "Суджа",
        "Sudzha",
        "г",
        "Суджанский район",
    )
    assert sudzha["population"] > 5000
    assert (sudzha["lon"], sudzha["lat"]) == pytest.approx((35.2719, 51.1919), abs=1e-3)
    assert sudzha["distance_to_border_km"] == pytest.approx(9.09, abs=0.01)


def test_json_settlement_fields(as_json):
    required = {
        "id",
        "name",
        "name_latin",
        "type",
        "district",
        "population",
        "lon",
        "lat",
        "distance_to_border_km",
        "distance_to_edge_km",
    }
    for s in as_json["settlements"]:
        assert required <= set(s), required - set(s)
        assert isinstance(s["id"], int) and isinstance(s["population"], int) and s["population"] >= 0
        assert CYRILLIC.search(s["name"]), s["name"]
        assert s["name_latin"] and not CYRILLIC.search(s["name_latin"]), s["name_latin"]
        assert 0 <= s["distance_to_edge_km"] <= 12
        assert 0 <= s["distance_to_border_km"] <= 12
        assert 34.5 < s["lon"] < 35.8 and 50.9 < s["lat"] < 51.6


def test_json_totals_are_consistent(as_json):
    settlements = as_json["settlements"]
    assert as_json["count"] == len(settlements) > 20
    assert as_json["inhabited"] == sum(1 for s in settlements if s["population"] > 0)
    assert as_json["inhabited"] < as_json["count"]  # the register keeps abandoned places
    assert as_json["population"] == sum(s["population"] for s in settlements)
    by_district = as_json["by_district"]
    assert sum(d["count"] for d in by_district.values()) == as_json["count"]
    assert sum(d["inhabited"] for d in by_district.values()) == as_json["inhabited"]
    assert sum(d["population"] for d in by_district.values()) == as_json["population"]
    for district, d in by_district.items():
        assert d["count"] == sum(1 for s in settlements if s["district"] == district)
    assert set(by_district) == {s["district"] for s in settlements}
    assert as_json["zone"]["anchor"] == "Sudzha" and as_json["zone"]["depth_km"] == 12


def test_csv_has_the_same_rows(as_json):
    result = invoke(["affected", "--format", "csv"])
    assert result.exit_code == 0, result.output
    reader = csv.DictReader(io.StringIO(result.stdout))
    assert reader.fieldnames == COLUMNS
    rows = list(reader)
    assert [int(r["id"]) for r in rows] == ids_of(as_json)
    for row, s in zip(rows, as_json["settlements"], strict=True):
        assert row["name"] == s["name"] and int(row["population"]) == s["population"]
        assert float(row["distance_to_edge_km"]) == s["distance_to_edge_km"]


def test_geojson_has_one_point_per_settlement(as_json):
    result = invoke(["affected", "--format", "geojson"])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert doc["type"] == "FeatureCollection" and "crs" not in doc
    features = doc["features"]
    assert len(features) == as_json["count"]
    assert [f["properties"]["id"] for f in features] == ids_of(as_json)
    for f, s in zip(features, as_json["settlements"], strict=True):
        assert f["geometry"] == {"type": "Point", "coordinates": [round(s["lon"], 6), round(s["lat"], 6)]}
        assert f["properties"]["name"] == s["name"]
    lons = [s["lon"] for s in as_json["settlements"]]
    lats = [s["lat"] for s in as_json["settlements"]]
    assert doc["bbox"] == [min(lons), min(lats), max(lons), max(lats)]
    assert doc["properties"]["count"] == as_json["count"]
    assert doc["properties"]["population"] == as_json["population"]


def test_table_reports_the_totals(as_json):
    result = invoke(["affected"])
    assert result.exit_code == 0, result.output
    assert (
        f"{as_json['count']} settlements inside ({as_json['inhabited']} inhabited), "
        f"population {as_json['population']:,}"
    ) in result.stdout
    assert "Суджа" in result.stdout and "Sudzha" in result.stdout
    body = [line for line in result.stdout.splitlines() if re.match(r"^\s*\d+\s{2}", line)]
    assert [int(line.split()[0]) for line in body] == ids_of(as_json)


def test_output_file(tmp_path, as_json):
    out = tmp_path / "inside.csv"
    result = invoke(["affected", "--format", "csv", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert [int(r["id"]) for r in rows] == ids_of(as_json)


@pytest.mark.parametrize("fmt", ["json", "table"])
def test_ukrainian_side_says_what_is_mapped(fmt):
    # Since issue 14: mapped Ukrainian places, and a note that the count is not complete.
    result = invoke(["affected", "--side", "UKR", "--format", fmt])
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    assert "only places of about 500 people or more are mapped" in result.stderr


def test_zone_file_gives_the_same_settlements(zone_file, as_json):
    result = invoke(["affected", "--zone", zone_file, "--format", "json"])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert doc["count"] == as_json["count"]
    assert ids_of(doc) == ids_of(as_json)
    assert doc["population"] == as_json["population"]


def test_zone_on_stdin_gives_the_same_settlements(zone_file, as_json):
    with open(zone_file, encoding="utf-8") as fh:
        text = fh.read()
    result = invoke(["affected", "--zone", "-", "--format", "json"], input=text)
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert doc["count"] == as_json["count"]
    assert ids_of(doc) == ids_of(as_json)


def test_drawn_square_around_sudzha(tmp_path):
    path = tmp_path / "drawn.geojson"
    path.write_text(json.dumps(SUDZHA_SQUARE), encoding="utf-8")
    result = invoke(["affected", "--zone", str(path), "--format", "json"])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert SUDZHA in ids_of(doc)
    assert doc["count"] == len(doc["settlements"])
    for s in doc["settlements"]:
        assert 35.2519 <= s["lon"] <= 35.2919 and 51.1719 <= s["lat"] <= 51.2119
        assert s["distance_to_edge_km"] >= 0
    sudzha = next(s for s in doc["settlements"] if s["id"] == SUDZHA)
    # Sudzha is at the square's centre, 0.02° (1.4 km of longitude, 2.2 km of latitude) from its sides.
    assert sudzha["distance_to_edge_km"] == pytest.approx(0.02 * 111.32 * 0.6269, abs=0.05)
    assert doc["zone"]["name"] == "drawn around Sudzha"
    assert doc["notes"] == []


# -- bad input: exit 2, one line, no output file ---------------------------------


def _write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


BAD_ZONE_FILES = {
    "not-geojson": ("hello.geojson", "hello", ["hello.geojson", "not GeoJSON"]),
    "point-only": (
        "point.geojson",
        json.dumps({"type": "Feature", "properties": {}, "geometry": {"type": "Point", "coordinates": [35.27, 51.19]}}),
        ["point.geojson", "Polygon"],
    ),
    "not-lonlat": (
        "mercator.geojson",
        json.dumps(
            {"type": "Polygon", "coordinates": [[[3.9e6, 6.6e6], [4.0e6, 6.6e6], [4.0e6, 6.7e6], [3.9e6, 6.6e6]]]}
        ),
        ["mercator.geojson", "[-180, 180]"],
    ),
}


@pytest.mark.parametrize("case", sorted(BAD_ZONE_FILES))
def test_bad_zone_file(case, tmp_path):
    name, text, needles = BAD_ZONE_FILES[case]
    zone = _write(tmp_path, name, text)
    out = tmp_path / "out.json"
    result = invoke(["affected", "--zone", zone, "--format", "json", "-o", str(out)])
    assert_bad_input(result, needles)
    assert not out.exists()


def test_zero_area_polygon_is_not_called_out_of_range(tmp_path):
    flat = {"type": "Polygon", "coordinates": [[[35.0, 51.0], [35.1, 51.0], [35.2, 51.0], [35.0, 51.0]]]}
    zone = _write(tmp_path, "flat.geojson", json.dumps(flat))
    out = tmp_path / "out.json"
    result = invoke(["affected", "--zone", zone, "-o", str(out)])
    assert_bad_input(result, ["flat.geojson"])
    assert not out.exists()
    message = result.stderr.strip()
    assert "outside longitude" not in message
    assert re.search(r"area|empty", message), message


def test_bad_zone_on_stdin(tmp_path):
    out = tmp_path / "out.json"
    result = invoke(["affected", "--zone", "-", "-o", str(out)], input="hello")
    assert_bad_input(result, ["stdin", "not GeoJSON"])
    assert not out.exists()


def test_missing_zone_file(tmp_path):
    missing = str(tmp_path / "missing.geojson")
    out = tmp_path / "out.json"
    result = invoke(["affected", "--zone", missing, "-o", str(out)])
    assert_bad_input(result, [missing, "cannot read"])
    assert not out.exists()


@pytest.mark.parametrize(
    "flags, named",
    [(["--depth-km", "5"], "--depth-km"), (["--anchor", "Sudzha", "--side", "RUS"], "--anchor, --side")],
    ids=["depth", "anchor-side"],
)
def test_zone_file_with_zone_flags(flags, named, tmp_path):
    zone = _write(tmp_path, "drawn.geojson", json.dumps(SUDZHA_SQUARE))
    out = tmp_path / "out.json"
    result = invoke(["affected", "--zone", zone, *flags, "-o", str(out)])
    assert_bad_input(result, ["--zone", named])
    assert not out.exists()


@pytest.mark.parametrize(
    "args, needles",
    [
        (["--format", "xml"], ["--format", "xml", "table", "csv", "json", "geojson"]),
        (["--depth-km", "101"], ["--depth-km", "101", "(0, 100]"]),
        (["--width-km", "5000"], ["--width-km", "5000", "at most"]),
        (["--profile", "round"], ["--profile", "round", "flat", "salient"]),
    ],
    ids=["format", "depth", "width", "profile"],
)
def test_bad_flags(args, needles, tmp_path):
    out = tmp_path / "out.json"
    result = invoke(["affected", *args, "-o", str(out)])
    assert_bad_input(result, needles)
    assert not out.exists()


def test_output_into_a_missing_directory(tmp_path):
    out = tmp_path / "nope" / "out.csv"
    result = invoke(["affected", "-o", str(out)])
    assert_bad_input(result, [str(out), "does not exist"])
    assert not out.parent.exists()


def test_existing_output_without_and_with_overwrite(tmp_path, as_json):
    out = tmp_path / "out.json"
    out.write_text("precious", encoding="utf-8")
    result = invoke(["affected", "--format", "json", "-o", str(out)])
    assert_bad_input(result, [str(out), "--overwrite"])
    assert out.read_text(encoding="utf-8") == "precious"
    result = invoke(["affected", "--format", "json", "-o", str(out), "--overwrite"])
    assert result.exit_code == 0, result.output
    assert ids_of(json.loads(out.read_text(encoding="utf-8"))) == ids_of(as_json)
