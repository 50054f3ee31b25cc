"""``frontmap contains`` through click's CliRunner: exit codes, --json, names, bad input."""

from __future__ import annotations

import json
import re

import pytest
from clitools import assert_bad_input, invoke

from frontmap.settlements import load_settlements

SUDZHA, KURSK, BOLSHOYE_SOLDATSKOYE = 115637, 90421, 47086
KORENEVO_PGT, KORENEVO_SELO = 106393, 75939
JSON_KEYS = {"query", "id", "name", "name_latin", "district", "lon", "lat", "inside", "distance_to_edge_km"}


def contains_json(*places, code=None) -> list[dict]:
    result = invoke(["contains", "--json", *places])
    assert result.exit_code in (0, 1), result.output
    answers = json.loads(result.stdout)
    assert [a["query"] for a in answers] == list(places)
    for a in answers:
        assert set(a) == JSON_KEYS
        assert a["distance_to_edge_km"] >= 0
    # The exit code agrees with the answers.
    assert result.exit_code == (0 if all(a["inside"] for a in answers) else 1)
    if code is not None:
        assert result.exit_code == code
    return answers


# -- answers ------------------------------------------------------------------------


def test_sudzha_is_inside():
    result = invoke(["contains", "Sudzha"])
    assert result.exit_code == 0, result.output
    (line,) = result.stdout.splitlines()
    assert line.startswith("inside") and "Суджа (Sudzha)" in line and "Суджанский район" in line
    distance = float(re.search(r"([0-9.]+) km from the zone's edge", line)[1])
    assert 0 < distance < 12


def test_kursk_is_outside():
    result = invoke(["contains", "Kursk"])
    assert result.exit_code == 1, result.output
    (line,) = result.stdout.splitlines()
    assert line.startswith("outside") and "Курск (Kursk)" in line
    # Kursk is 92 km from the border; the zone reaches 12 km into Russia.
    assert float(re.search(r"([0-9.]+) km from the zone's edge", line)[1]) > 70


def test_one_place_outside_makes_exit_1():
    result = invoke(["contains", "Sudzha", "Kursk"])
    assert result.exit_code == 1, result.output
    lines = result.stdout.splitlines()
    assert len(lines) == 2
    assert lines[0].startswith("inside") and "Sudzha" in lines[0]
    assert lines[1].startswith("outside") and "Kursk" in lines[1]


def test_coordinates():
    result = invoke(["contains", "35.2719,51.1919"])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("inside") and "35.27190,51.19190" in result.stdout


def test_json_answers():
    sudzha, kursk, point = contains_json("Sudzha", "Kursk", "35.2719,51.1919", code=1)
    assert (sudzha["id"], sudzha["name"], sudzha["name_latin"], sudzha["district"]) == (
        SUDZHA,
        "Суджа",
        "Sudzha",
        "Суджанский район",
    )
    assert sudzha["inside"] is True
    assert (sudzha["lon"], sudzha["lat"]) == pytest.approx((35.2719, 51.1919), abs=1e-3)
    assert (kursk["id"], kursk["inside"]) == (KURSK, False)
    assert kursk["distance_to_edge_km"] > 70
    assert (point["id"], point["name"], point["district"]) == (None, None, None)
    assert (point["lon"], point["lat"], point["inside"]) == (35.2719, 51.1919, True)


def test_spellings_resolve_to_the_same_settlement():
    queries = ["Bolshoye Soldatskoye", "Bol'shoye Soldatskoye", "Большое Солдатское", "bolshoe soldatskoe"]
    answers = contains_json(*queries)
    assert {a["id"] for a in answers} == {BOLSHOYE_SOLDATSKOYE}
    assert len({a["inside"] for a in answers}) == 1
    assert len({a["distance_to_edge_km"] for a in answers}) == 1
    assert answers[0]["name"] == "Большое Солдатское"


def test_zone_file(tmp_path):
    zone = tmp_path / "zone.geojson"
    assert invoke(["zone", "-o", str(zone)]).exit_code == 0
    result = invoke(["contains", "--json", "--zone", str(zone), "Sudzha", "Kursk"])
    assert result.exit_code == 1, result.output
    answers = json.loads(result.stdout)
    assert [(a["id"], a["inside"]) for a in answers] == [(SUDZHA, True), (KURSK, False)]
    by_flags = contains_json("Sudzha", "Kursk", code=1)
    for a, b in zip(answers, by_flags, strict=True):
        assert a["distance_to_edge_km"] == pytest.approx(b["distance_to_edge_km"], abs=2e-3)


# -- ambiguous and unknown places ------------------------------------------------------


@pytest.mark.parametrize("query", ["Коренево", "Korenevo"], ids=["cyrillic", "latin"])
def test_ambiguous_place_lists_candidates_and_how_to_pick_them(query):
    layer = load_settlements()
    result = invoke(["contains", query])
    lines = assert_bad_input(result, [repr(query), "2 settlements"], multiline=True)
    candidates = [line for line in lines[1:] if re.search(r"\bid \d+", line)]
    assert sorted(int(re.search(r"\bid (\d+)", line)[1]) for line in candidates) == sorted(
        [KORENEVO_PGT, KORENEVO_SELO]
    )
    picks = {}
    for line in candidates:
        settlement = layer.by_id(int(re.search(r"\bid (\d+)", line)[1]))
        assert settlement.district in line  # each candidate shows its district
        match = re.search(r"→ '([^']+)'", line)
        assert match, f"no query to pick the candidate in {line!r}"
        picks[match[1]] = settlement.id
    # Each shown query picks its candidate.
    answers = contains_json(*picks)
    assert [a["id"] for a in answers] == list(picks.values())


def test_qualified_name_works():
    (answer,) = contains_json("Коренево (пгт)")
    assert (answer["id"], answer["district"]) == (KORENEVO_PGT, "Кореневский район")
    (answer,) = contains_json("Korenevo (selo)")
    assert answer["id"] == KORENEVO_SELO


def test_unknown_place_suggests_the_closest_names():
    result = invoke(["contains", "Sudzhaa"])
    lines = assert_bad_input(result, ["'Sudzhaa'"], multiline=True)
    suggestions = [line for line in lines[1:] if re.search(r"\bid \d+", line)]
    assert suggestions and "Sudzha" in suggestions[0] and "Суджанский район" in suggestions[0]
    layer = load_settlements()
    for line in suggestions:
        assert layer.by_id(int(re.search(r"\bid (\d+)", line)[1])).district in line


def test_unknown_place_among_known_ones_answers_nothing():
    result = invoke(["contains", "--json", "Sudzha", "Sudzhaa"])
    assert_bad_input(result, ["'Sudzhaa'"], multiline=True)


# -- bad input: exit 2, exactly one line ---------------------------------------------


def _zone_file(tmp_path, text):
    path = tmp_path / "zone.geojson"
    path.write_text(text, encoding="utf-8")
    return str(path)


BAD_INPUT = {
    "lonlat-missing-lat": (["35.27,"], ["'35.27,'", "lon,lat"]),
    "lonlat-out-of-range": (["200,51"], ["200", "[-180, 180]"]),
    "lonlat-nan": (["nan,51"], ["nan", "finite"]),
    "depth-0": (["Sudzha", "--depth-km", "0"], ["--depth-km", "0", "> 0"]),
    "width-too-wide": (["Sudzha", "--width-km", "5000"], ["--width-km", "5000", "at most"]),
    "anchor-far": (["Sudzha", "--anchor", "Kursk"], ["--anchor", "Kursk", "50 km"]),
    "profile": (["Sudzha", "--profile", "round"], ["--profile", "round", "flat", "salient"]),
    "no-place": ([], ["PLACE"]),
}


@pytest.mark.parametrize("case", list(BAD_INPUT))
def test_bad_input(case):
    args, needles = BAD_INPUT[case]
    assert_bad_input(invoke(["contains", *args]), needles)


@pytest.mark.parametrize(
    "text, needles",
    [
        ("hello", ["zone.geojson", "not GeoJSON"]),
        (json.dumps({"type": "Point", "coordinates": [35.27, 51.19]}), ["zone.geojson", "Polygon"]),
    ],
    ids=["not-geojson", "point-only"],
)
def test_bad_zone_file(text, needles, tmp_path):
    zone = _zone_file(tmp_path, text)
    assert_bad_input(invoke(["contains", "--zone", zone, "Sudzha"]), needles)


def test_missing_zone_file(tmp_path):
    missing = str(tmp_path / "missing.geojson")
    assert_bad_input(invoke(["contains", "--zone", missing, "Sudzha"]), [missing, "cannot read"])


def test_zone_file_with_depth(tmp_path):
    zone = _zone_file(tmp_path, json.dumps({"type": "Point", "coordinates": [35.27, 51.19]}))
    assert_bad_input(invoke(["contains", "--zone", zone, "--depth-km", "5", "Sudzha"]), ["--zone", "--depth-km"])


@pytest.mark.parametrize(
    "args",
    [["contains", "51.19,35.27"], ["zone", "--anchor", "51.19,35.27"]],
    ids=["contains", "anchor"],
)
def test_a_point_typed_lat_lon_is_refused_with_the_swap_suggested(args):
    """Read as lon,lat the point lies in Iran; the other way round it is Sudzha's neighbourhood."""
    assert_bad_input(invoke(args), ["51.19,35.27", "did you mean 35.27,51.19?", "lon,lat"])


def test_a_far_point_that_is_not_a_swap_is_answered_outside():
    """Moscow is far from the border either way round: that is an answer, not an error."""
    result = invoke(["contains", "37.62,55.75"])
    assert result.exit_code == 1
    assert result.output.startswith("outside  37.62000,55.75000: ")
    assert float(result.output.split(": ")[1].split()[0]) > 400
