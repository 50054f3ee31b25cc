"""Counting and finding places on the Ukrainian side (issue 14): coverage said, unmapped settlements named."""

from __future__ import annotations

import json

import pytest
from clitools import assert_bad_input, invoke

from frontmap.errors import AmbiguousPlaceError
from frontmap.estimate import affected, check_places, find_place
from frontmap.ukraine import UnmappedPlaceError, load_ukraine
from frontmap.zone import ZoneSpec, build_zone

VOVCHANSK = ["--anchor", "36.94,50.29", "--side", "UKR", "--width-km", "20", "--depth-km", "8"]


def _unmapped_only_name() -> str:
    from frontmap.settlements import load_settlements

    layer, russian = load_ukraine(), load_settlements()
    for u in layer.unmapped:
        alone = len(layer.unmapped_candidates(u.name)) == 1
        if alone and not layer.candidates(u.name) and not russian.candidates(u.name):
            return u.name
    raise AssertionError("no unmapped name without namesakes")


def test_affected_on_the_ukrainian_side_lists_mapped_places_and_says_what_is_left_out():
    found = affected(build_zone(ZoneSpec("36.94,50.29", 20, 8, side="UKR")))
    doc = found.to_json()
    assert [s["name"] for s in doc["settlements"]] == ["Вовчанськ"]
    assert doc["population"] == doc["coverage"]["mapped_population"] == 17459
    cov = doc["coverage"]
    assert cov["side"] == "UKR" and cov["complete"] is False and cov["mapped_min_population"] == 500
    layer = load_ukraine()
    expected = sum(1 for u in layer.unmapped if u.hromada_code == layer.find("Vovchansk").hromada_code)
    assert cov["unmapped_in_hromadas"] == expected > 0 and cov["hromadas"] == 1
    assert any("about 500 people or more" in n and f"{expected} more settlements" in n for n in doc["notes"])


def test_cli_affected_ukr_json_carries_coverage():
    result = invoke(["affected", *VOVCHANSK, "--format", "json"])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert doc["coverage"]["side"] == "UKR" and doc["count"] == doc["coverage"]["mapped_places"] == 1
    assert "500 people or more" in result.stderr


@pytest.mark.parametrize("query", ["Vovchansk", "Волчанск", "Вовчанськ", "Vovchans'k, Kharkivska oblast"])
def test_contains_finds_a_ukrainian_place_in_every_script(query):
    zone = build_zone(ZoneSpec("36.94,50.29", 20, 8, side="UKR"))
    (answer,) = check_places(zone, [query])
    assert answer.name == "Вовчанськ" and answer.inside


def test_contains_on_an_ambiguous_ukrainian_name_lists_the_candidates():
    with pytest.raises(AmbiguousPlaceError) as info:
        find_place("Oleksandrivka", side="UKR")
    assert len(info.value.candidates) >= 2
    result = invoke(["contains", *VOVCHANSK, "Oleksandrivka"])
    assert result.exit_code == 2 and result.stdout == "" and "Traceback" not in result.output
    assert result.stderr.startswith("Error: 'Oleksandrivka' matches") and "candidates:" in result.stderr


def test_contains_on_a_known_unmapped_settlement_asks_for_lon_lat():
    name = _unmapped_only_name()
    with pytest.raises(UnmappedPlaceError):
        find_place(name, side="UKR")
    with pytest.raises(UnmappedPlaceError):
        find_place(name)  # a Russian-side zone falls back to the Ukrainian register too
    assert_bad_input(invoke(["contains", *VOVCHANSK, name]), [name, "no coordinates", "lon,lat"])


def test_a_russian_side_zone_still_answers_russian_names_first():
    zone = build_zone(ZoneSpec("Sudzha", 20, 8))
    (answer,) = check_places(zone, ["Sudzha"])
    assert answer.id == 115637
