"""``frontmap zone`` through click's CliRunner: output, files, and bad input."""

from __future__ import annotations

import json

import pytest
from clitools import assert_bad_input, invoke


def zone_doc(text: str) -> dict:
    doc = json.loads(text)
    assert doc["type"] == "FeatureCollection" and len(doc["features"]) == 1
    return doc


@pytest.fixture(scope="module")
def default_text() -> str:
    result = invoke(["zone"])
    assert result.exit_code == 0, result.output
    return result.stdout


def test_default_zone_is_the_seed_claim(default_text):
    props = zone_doc(default_text)["features"][0]["properties"]
    assert {k: props[k] for k in ("anchor", "width_km", "depth_km", "profile", "side")} == {
        "anchor": "Sudzha",
        "width_km": 40.0,
        "depth_km": 12.0,
        "profile": "salient",
        "side": "RUS",
    }
    assert 300 < props["area_km2"] < 450
    assert "OpenStreetMap" in props["attribution"] and "ODbL" in props["attribution"]
    assert "register" in props["attribution"] and "GPL" in props["attribution"]


def test_explicit_flags_give_the_same_zone(default_text):
    result = invoke(
        ["zone", "--anchor", "Суджа", "--width-km", "40", "--depth-km", "12", "--profile", "salient", "--side", "rus"]
    )
    assert result.exit_code == 0, result.output
    doc, default = zone_doc(result.stdout), zone_doc(default_text)
    assert doc["features"][0]["geometry"] == default["features"][0]["geometry"]
    assert doc["bbox"] == default["bbox"]
    assert doc["features"][0]["properties"]["anchor"] == "Суджа"
    assert doc["features"][0]["properties"]["side"] == "RUS"


def test_flags_change_the_zone(default_text):
    result = invoke(["zone", "--depth-km", "20", "--width-km", "60", "--profile", "flat"])
    assert result.exit_code == 0, result.output
    props = zone_doc(result.stdout)["features"][0]["properties"]
    assert (props["width_km"], props["depth_km"], props["profile"]) == (60.0, 20.0, "flat")
    default_area = zone_doc(default_text)["features"][0]["properties"]["area_km2"]
    # A flat 60 x 20 km zone is up to 1,200 km² (less where the border bulges out),
    # a 40 x 12 salient about 377 km².
    assert 2 * default_area < props["area_km2"] <= 1200


def test_lonlat_anchor_at_sudzha_gives_the_default_zone(default_text):
    result = invoke(["zone", "--anchor", "35.271944,51.191944"])
    assert result.exit_code == 0, result.output
    props = zone_doc(result.stdout)["features"][0]["properties"]
    default = zone_doc(default_text)["features"][0]["properties"]
    assert props["anchor"] == "35.271944,51.191944"
    assert props["area_km2"] == pytest.approx(default["area_km2"], rel=1e-3)


def test_output_file(tmp_path, default_text):
    out = tmp_path / "zone.geojson"
    result = invoke(["zone", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert out.read_text(encoding="utf-8") == default_text
    assert [p.name for p in tmp_path.iterdir()] == ["zone.geojson"]  # no temporary left behind


def test_existing_output_is_kept_without_overwrite(tmp_path):
    out = tmp_path / "zone.geojson"
    out.write_text("precious", encoding="utf-8")
    result = invoke(["zone", "-o", str(out)])
    assert_bad_input(result, [str(out), "--overwrite"])
    assert out.read_text(encoding="utf-8") == "precious"


def test_existing_output_is_replaced_with_overwrite(tmp_path, default_text):
    out = tmp_path / "zone.geojson"
    out.write_text("precious", encoding="utf-8")
    result = invoke(["zone", "-o", str(out), "--overwrite"])
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert out.read_text(encoding="utf-8") == default_text


def test_output_into_a_missing_directory(tmp_path):
    out = tmp_path / "nope" / "zone.geojson"
    result = invoke(["zone", "-o", str(out)])
    assert_bad_input(result, [str(out), "does not exist"])
    assert not (tmp_path / "nope").exists()


@pytest.mark.parametrize("verbosity", [["-v"], ["-vv"]], ids=["v", "vv"])
def test_stdout_is_data_even_when_verbose(verbosity, default_text):
    result = invoke([*verbosity, "zone"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == json.loads(default_text)


def test_warnings_go_to_stderr():
    # On the Ukrainian side the border's shape stops the salient short of 12 km: a warning.
    result = invoke(["-v", "zone", "--side", "ukr"])
    assert result.exit_code == 0, result.output
    props = zone_doc(result.stdout)["features"][0]["properties"]
    assert props["side"] == "UKR"
    assert len(props["warnings"]) == 1 and "12 km" in props["warnings"][0]
    assert "WARNING" in result.stderr and "12 km" in result.stderr
    assert "WARNING" not in result.stdout


def test_quiet_silences_warnings():
    result = invoke(["-q", "zone", "--side", "UKR"])
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    assert zone_doc(result.stdout)["features"][0]["properties"]["side"] == "UKR"


@pytest.mark.parametrize("command", ["zone", "affected", "contains"])
def test_help_shows_the_zone_flags(command):
    result = invoke([command, "--help"])
    assert result.exit_code == 0, result.output
    for flag in ("--anchor", "--width-km FLOAT", "--depth-km FLOAT", "--profile [flat|salient]", "--side"):
        assert flag in result.stdout, flag


def test_help_shows_side_choices_as_documented():
    result = invoke(["zone", "--help"])
    assert result.exit_code == 0
    assert "--side [RUS|UKR]" in result.stdout


# -- bad input: exit 2, one line naming the value and what is allowed, no output file --

BAD_INPUT = [
    (["--depth-km", "0"], ["--depth-km", "0", "> 0"]),
    (["--depth-km", "-1"], ["--depth-km", "-1", "> 0"]),
    (["--depth-km", "nan"], ["--depth-km", "nan", "finite"]),
    (["--depth-km", "101"], ["--depth-km", "101", "(0, 100]"]),
    (["--depth-km", "deep"], ["--depth-km", "deep", "float"]),
    (["--width-km", "0"], ["--width-km", "0", "> 0"]),
    (["--width-km", "-5"], ["--width-km", "-5", "> 0"]),
    (["--width-km", "nan"], ["--width-km", "nan", "finite"]),
    (["--width-km", "5000"], ["--width-km", "5000", "end of the border", "at most"]),
    (["--anchor", "Kursk"], ["--anchor", "Kursk", "50 km"]),
    (["--anchor", "35.27,"], ["35.27,", "lon,lat"]),
    (["--anchor", "200,51"], ["200", "[-180, 180]"]),
    (["--anchor", "35.27,95"], ["95", "[-90, 90]"]),
    (["--profile", "round"], ["--profile", "round", "flat", "salient"]),
    (["--side", "POL"], ["--side", "POL", "RUS, UKR"]),
    (["--zone", "drawn.geojson"], ["--zone"]),
]


@pytest.mark.parametrize("args, needles", BAD_INPUT, ids=[" ".join(args) for args, _ in BAD_INPUT])
def test_bad_input(args, needles, tmp_path):
    out = tmp_path / "zone.geojson"
    result = invoke(["zone", *args, "-o", str(out)])
    assert_bad_input(result, needles)
    assert not out.exists()
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    "anchor, needle",
    [("Sudzhaa", "Sudzha"), ("Коренево", "Кореневский район")],
    ids=["unknown", "ambiguous"],
)
def test_bad_anchor_lists_places(anchor, needle, tmp_path):
    out = tmp_path / "zone.geojson"
    result = invoke(["zone", "--anchor", anchor, "-o", str(out)])
    lines = assert_bad_input(result, [anchor], multiline=True)
    assert any(needle in line for line in lines[1:])
    assert not out.exists()
