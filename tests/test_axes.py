"""Several axes in one claim (issue 14): anchor lists in claim files, a repeated --anchor, per-axis
widths and depths, a fit sharing the claimed totals, and anchors with Ukrainian names."""

from __future__ import annotations

import json

import pytest
from clitools import assert_bad_input, invoke

from frontmap.claims import load_claim_file
from frontmap.errors import AmbiguousPlaceError, ClaimFileError, InvalidSpecError
from frontmap.estimate import affected
from frontmap.fit import Claims, fit
from frontmap.resolve import resolve_zone
from frontmap.zone import ZoneSpec, build_zone

#: Two Russian anchors about 166 km apart along the border: their fronts cannot overlap.
FAR = ("Sudzha", "Graivoron")
VOVCHANSK_ID = 689304

CLAIM = """
[operation]
side = "RUS"

[[claim]]
date = 2024-08-12
claimant = "Test"
anchor = ["Sudzha", "Graivoron"]
depth_km = 5
width_km = 10
"""


def _ids(result) -> set[int]:
    return {row["id"] for row in result.settlements}


@pytest.fixture(scope="module")
def single_zones():
    return [build_zone(ZoneSpec(a, 10, 5)) for a in FAR]


def test_a_claim_file_with_two_anchors_builds_the_union_of_two_fronts(tmp_path, single_zones):
    path = tmp_path / "two.toml"
    path.write_text(CLAIM, encoding="utf-8")
    (claim,) = load_claim_file(path).claims
    assert claim.anchor == FAR
    zone = resolve_zone(path).zone
    assert [a.anchor.query for a in zone.axes] == list(FAR)
    assert zone.area_km2 == pytest.approx(sum(z.area_km2 for z in single_zones), rel=1e-3)
    found = affected(zone)
    per_axis = [_ids(affected(z)) for z in single_zones]
    assert all(per_axis) and _ids(found) == per_axis[0] | per_axis[1]
    props = zone.to_properties()
    assert [axis["anchor"] for axis in props["axes"]] == list(FAR) and props["side"] == "RUS"


def test_repeated_anchor_on_the_command_line(single_zones):
    result = invoke(["zone", "--anchor", FAR[0], "--anchor", FAR[1], "--width-km", "10", "--depth-km", "5"])
    assert result.exit_code == 0, result.output
    props = json.loads(result.stdout)["features"][0]["properties"]
    assert props["area_km2"] == pytest.approx(sum(z.area_km2 for z in single_zones), rel=1e-3)
    assert len(props["axes"]) == 2 and props["name"].startswith("2 axes: ")
    listed = invoke(
        ["affected", "--anchor", FAR[0], "--anchor", FAR[1], "--width-km", "10", "--depth-km", "5", "--format", "json"]
    )
    assert listed.exit_code == 0, listed.output
    ids = {row["id"] for row in json.loads(listed.stdout)["settlements"]}
    assert ids == _ids(affected(single_zones[0])) | _ids(affected(single_zones[1]))


def test_width_and_depth_per_axis():
    spec = ZoneSpec(("Lyptsi", "Vovchansk"), (10, 8), (5, 4), side="UKR").validate()
    zone = build_zone(spec)
    assert [(a.spec.width_km, a.spec.depth_km) for a in zone.axes] == [(10, 5), (8, 4)]
    assert zone.depth_reached_km == pytest.approx(5.0, abs=0.05)
    with pytest.raises(InvalidSpecError) as info:
        ZoneSpec(("Lyptsi", "Vovchansk"), (10, 8, 6), 5, side="UKR").validate()
    assert info.value.param == "width_km" and "3 values for 2 anchors" in str(info.value)


def test_a_fit_shares_the_claimed_totals_between_the_axes():
    result = fit(Claims(area_km2=100, depth_km=5), anchor=("Lyptsi", "Vovchansk"), side="UKR")
    assert result.consistent
    assert result.modelled["area_km2"] == pytest.approx(100, rel=0.1)
    widths, depths = result.spec.width_km, result.spec.depth_km
    assert widths[0] == widths[1] and depths[0] == depths[1]  # one scale for every axis
    axes = result.zone.axes
    assert len(axes) == 2 and all(a.area_km2 > 10 for a in axes)
    assert sum(a.area_km2 for a in axes) == pytest.approx(result.modelled["area_km2"], rel=1e-3)
    assert any("share the claimed totals" in n for n in result.notes)
    doc = result.to_json()
    assert doc["spec"]["width_km_each"] == list(widths) and doc["anchor"]["query"] == "Lyptsi + Vovchansk"


def test_a_fit_shares_a_settlement_count_between_axes_on_the_russian_side():
    result = fit(Claims(settlements=6, depth_km=5), anchor=FAR)
    assert result.modelled["settlements"] == pytest.approx(6, abs=1)
    assert all(affected(a).count > 0 for a in result.zone.axes)  # each axis takes a share


@pytest.mark.parametrize("query", ["Vovchansk", "Волчанск", "Вовчанськ"])
def test_anchors_with_ukrainian_names_in_three_spellings(query):
    zone = build_zone(ZoneSpec(query, 10, 5, side="UKR"))
    assert zone.anchor.settlement_id == VOVCHANSK_ID and zone.anchor.offset_km < 0
    result = invoke(["zone", "--anchor", query, "--side", "UKR", "--width-km", "10", "--depth-km", "5"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["features"][0]["properties"]["anchor_resolved"] == "Вовчанськ (Vovchansk)"


def test_an_ambiguous_ukrainian_anchor_is_exit_2_with_candidates():
    with pytest.raises(AmbiguousPlaceError) as info:
        build_zone(ZoneSpec("Oleksandrivka", 10, 5, side="UKR"))
    assert len(info.value.candidates) >= 2
    result = invoke(["zone", "--anchor", "Oleksandrivka", "--side", "UKR"])
    assert result.exit_code == 2 and result.stdout == "" and "Traceback" not in result.output
    assert result.stderr.startswith("Error: 'Oleksandrivka' matches") and "candidates:" in result.stderr


def test_a_bad_anchor_list_in_a_claim_file_names_the_field():
    bad = CLAIM.replace('anchor = ["Sudzha", "Graivoron"]', 'anchor = ["Sudzha", ""]')
    with pytest.raises(ClaimFileError, match=r"anchor=\['Sudzha', ''\] is not allowed: anchor must be"):
        load_claim_file("bad.toml", text=bad)


def test_an_ensemble_of_several_axes_is_refused_as_bad_input():
    result = invoke(["affected", "--anchor", FAR[0], "--anchor", FAR[1], "--ensemble", "10", "--seed", "1"])
    assert_bad_input(result, ["one axis"])
