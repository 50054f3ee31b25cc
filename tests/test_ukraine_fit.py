"""Fit and ensemble on the Ukrainian side (issue 14): counts of mapped places, said so; --count
population; probabilities of mapped places; zone files read back on the Ukrainian side."""

from __future__ import annotations

import json

import pytest
from clitools import invoke

from frontmap.ensemble import ensemble
from frontmap.estimate import affected, count_in_zone, counted_points
from frontmap.fit import Claims, fit
from frontmap.ukraine import load_ukraine
from frontmap.zone import ZoneSpec, build_zone, zone_from_geojson

VOVCHANSK_ID = 689304


def test_fit_on_the_ukrainian_side_counts_mapped_places_and_says_so():
    result = fit(Claims(settlements=2, depth_km=5), anchor="Vovchansk", side="UKR")
    assert result.spec.side == "UKR" and result.consistent
    assert result.modelled["settlements"] == 2
    assert result.modelled["settlements"] == affected(result.zone).count  # the mapped places inside
    assert any("mapped Ukrainian places only" in n and "upper bound" in n for n in result.notes)


def test_count_population_compares_with_places_of_500_people_or_more():
    ukr = fit(Claims(settlements=2, depth_km=5, count="population"), anchor="Vovchansk", side="UKR")
    assert ukr.modelled["settlements"] == 2
    assert any("about 500 people or more" in n for n in ukr.notes)
    assert not any("upper bound" in n for n in ukr.notes)
    # On the Russian side the same count leaves out the smaller register entries.
    zone = build_zone(ZoneSpec("Sudzha", 40, 12))
    rows = affected(zone).settlements
    assert count_in_zone(zone, "population") == sum(r["population"] >= 500 for r in rows) < len(rows)
    s_all, _, _ = counted_points("RUS", "all")
    s_pop, _, _ = counted_points("RUS", "population")
    assert 0 < len(s_pop) < len(s_all)
    # Every count on the Ukrainian side is of the mapped places.
    assert len(counted_points("UKR", "population")[0]) == len(counted_points("UKR", "all")[0])


def test_fit_command_on_the_ukrainian_side():
    result = invoke(
        ["fit", "--settlements", "2", "--depth-km", "5", "--side", "UKR", "--anchor", "Волчанск", "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert doc["modelled"]["settlements"] == 2 and doc["consistent"] is True
    assert any("mapped Ukrainian places only" in n for n in doc["notes"])
    population = invoke(
        [
            "fit",
            "--settlements",
            "2",
            "--depth-km",
            "5",
            "--side",
            "UKR",
            "--anchor",
            "Vovchansk",
            "--count",
            "population",
            "--format",
            "json",
        ]
    )
    assert population.exit_code == 0 and json.loads(population.stdout)["count"] == "population"


def test_ensemble_on_the_ukrainian_side_gives_probabilities_for_mapped_places():
    found = ensemble(ZoneSpec("Vovchansk", 20, 8, side="UKR"), n=300, seed=1)
    ids = {p.id for p in load_ukraine().places}
    probability = {r["id"]: r["probability"] for r in found.settlements}
    assert probability and set(probability) <= ids
    assert probability[VOVCHANSK_ID] > 0.5  # the town 6 km from the border
    assert all(0 < p <= 1 for p in probability.values())
    assert any("mapped places" in n for n in found.notes)
    doc = found.to_json()
    assert doc["count_p05"] <= doc["count_mean"] <= doc["count_p95"]
    result = invoke(
        [
            "affected",
            "--anchor",
            "Vovchansk",
            "--side",
            "UKR",
            "--width-km",
            "20",
            "--depth-km",
            "8",
            "--ensemble",
            "100",
            "--seed",
            "1",
            "--format",
            "json",
        ]
    )
    assert result.exit_code == 0, result.output
    assert VOVCHANSK_ID in {r["id"] for r in json.loads(result.stdout)["settlements"]}


def test_a_ukrainian_zone_file_lists_its_mapped_places_with_coverage():
    zone = build_zone(ZoneSpec("Lyptsi", 10, 5, side="UKR"))
    written = invoke(["zone", "--anchor", "Lyptsi", "--side", "UKR", "--width-km", "10", "--depth-km", "5"])
    read = zone_from_geojson(written.stdout)
    assert read.spec is None and read.side == "UKR"
    doc = affected(read).to_json()
    assert {r["id"] for r in doc["settlements"]} == {r["id"] for r in affected(zone).settlements}
    assert "Strilecha" in {r["name_latin"] for r in doc["settlements"]}
    assert doc["coverage"]["side"] == "UKR" and doc["coverage"]["complete"] is False


def test_a_zone_file_across_the_border_lists_both_countries():
    square = [[35.0, 51.0], [35.6, 51.0], [35.6, 51.4], [35.0, 51.4], [35.0, 51.0]]
    found = affected(zone_from_geojson(json.dumps({"type": "Polygon", "coordinates": [square]})))
    doc = found.to_json()
    ukrainian = [r for r in doc["settlements"] if "hromada" in r]
    assert ukrainian and len(ukrainian) < len(doc["settlements"])
    cov = doc["coverage"]
    assert 0.5 < cov["covered_share"] < 0.99
    assert cov["ukraine"]["mapped_places"] == len(ukrainian)
    assert cov["ukraine"]["mapped_population"] == sum(r["population"] for r in ukrainian)


@pytest.mark.parametrize("count", ["everything", ""])
def test_an_unknown_count_is_refused(count):
    result = invoke(["fit", "--settlements", "2", "--side", "UKR", "--anchor", "Vovchansk", "--count", count])
    assert result.exit_code == 2 and "Traceback" not in result.output
