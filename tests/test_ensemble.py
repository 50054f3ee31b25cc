"""Ensembles around a claim: probabilities, intervals, reproducibility, and
agreement of the vectorised membership with each member's exported polygon."""

from __future__ import annotations

import json

import numpy as np
import pytest
import shapely
from clitools import assert_bad_input, invoke

from frontmap.ensemble import Spread, ensemble, sample_members
from frontmap.export import zone_to_geojson
from frontmap.settlements import load_settlements
from frontmap.zone import DEFAULT_SPEC, ZoneSpec, build_zone, resolve_anchor


@pytest.fixture(scope="module")
def default_json() -> dict:
    result = invoke(["affected", "--ensemble", "1000", "--seed", "20240812", "--format", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_json_has_the_intervals_and_provenance(default_json):
    for name in ("count", "inhabited", "population"):
        lo, mean, hi = (default_json[f"{name}_{k}"] for k in ("p05", "mean", "p95"))
        assert lo <= mean <= hi, name
        assert lo < hi, name  # the spread makes the counts vary
    assert default_json["claim"] == DEFAULT_SPEC.to_properties()
    assert default_json["ensemble"] == {
        "members": 1000,
        "seed": 20240812,
        "depth_spread_km": 2.0,
        "width_spread_km": 5.0,
        "shift_km": 3.0,
        "profiles": ["salient", "flat"],
    }


def test_probabilities_lie_in_0_1_and_are_sorted(default_json):
    probs = [s["probability"] for s in default_json["settlements"]]
    assert all(0.0 < p <= 1.0 for p in probs)
    assert probs == sorted(probs, reverse=True)
    assert probs[0] == 1.0 and probs[-1] < 0.1


def test_the_claims_own_settlements_are_likely(default_json):
    by_id = {s["id"]: s["probability"] for s in default_json["settlements"]}
    sudzha = load_settlements().find("Sudzha")
    assert by_id[sudzha.id] > 0.9
    # The mean count sits near the single zone's 30.
    assert 25 <= default_json["count_mean"] <= 36


def test_kursk_city_has_probability_0(default_json):
    kursk = load_settlements().find("Kursk")
    assert kursk.id not in {s["id"] for s in default_json["settlements"]}
    members = sample_members(DEFAULT_SPEC, 1000, 20240812)
    assert not members.inside([kursk.chainage_km], [kursk.offset_km]).any()


def test_a_point_on_the_axis_1_km_in_is_inside_every_member():
    members = sample_members(DEFAULT_SPEC, 1000, 3)
    s0 = resolve_anchor("Sudzha").chainage_km
    assert members.inside([s0], [1.0]).all()
    assert not members.inside([s0], [-1.0]).any()  # the same point on the Ukrainian side


def test_seed_makes_runs_reproducible(default_json):
    again = invoke(["affected", "--ensemble", "1000", "--seed", "20240812", "--format", "json"])
    assert json.loads(again.stdout) == default_json
    other = json.loads(invoke(["affected", "--ensemble", "1000", "--seed", "1", "--format", "json"]).stdout)
    assert other["settlements"] != default_json["settlements"]


def test_without_a_seed_one_is_drawn_and_reported():
    first = json.loads(invoke(["affected", "--ensemble", "200", "--format", "json"]).stdout)
    seed = first["ensemble"]["seed"]
    assert isinstance(seed, int)
    again = json.loads(invoke(["affected", "--ensemble", "200", "--seed", str(seed), "--format", "json"]).stdout)
    assert again == first


def test_members_stay_within_the_spreads():
    spread = Spread(depth_km=1.0, width_km=4.0, shift_km=2.0, profiles=("flat",))
    members = sample_members(ZoneSpec("Sudzha", 40, 12), 500, 5, spread)
    assert np.all(np.abs(members.depth_km - 12) <= 1.0) and np.all(np.abs(members.width_km - 40) <= 4.0)
    assert np.all(np.abs(members.centre_km - resolve_anchor("Sudzha").chainage_km) <= 2.0 + 1e-9)
    assert not members.salient.any()


@pytest.mark.parametrize("k", [0, 1, 2, 3])
def test_membership_equals_contains_xy_on_each_members_exported_polygon(k):
    members = sample_members(DEFAULT_SPEC, 400, 99)
    i = [0, 101, 202, 303][k]
    zone = build_zone(members.spec(i))
    polygon = shapely.geometry.shape(zone_to_geojson(zone)["features"][0]["geometry"])
    layer = load_settlements()
    near = np.abs(layer.chainage_km - members.centre_km[i]) <= members.width_km[i]
    lon, lat = layer.lon[near], layer.lat[near]
    by_polygon = shapely.contains_xy(polygon, lon, lat)
    by_members = members.inside(layer.chainage_km[near], layer.offset_km[near])[i]
    edge_m = shapely.distance(shapely.boundary(zone.local), shapely.points(*zone.crs.forward(lon, lat)))
    clear = edge_m > 1.0
    assert by_polygon.sum() > 10
    assert np.array_equal(by_polygon[clear], by_members[clear]), np.flatnonzero(by_polygon != by_members)


def test_table_names_the_seed_and_the_intervals():
    result = invoke(["affected", "--ensemble", "300", "--seed", "11"])
    assert result.exit_code == 0, result.output
    head = result.stdout.splitlines()[:4]
    assert "300 zones around Sudzha" in head[0] and "seed 11" in head[0]
    assert head[1].startswith("count") and "5–95%" in head[1]


def test_library_call_matches_the_cli(default_json):
    result = ensemble(DEFAULT_SPEC, 1000, 20240812, Spread(profiles=("salient", "flat")))
    assert result.to_json()["settlements"] == default_json["settlements"]


@pytest.mark.parametrize(
    "args, needles",
    [
        (["--ensemble", "0"], ["ensemble size 0", "[1, 100000]"]),
        (["--ensemble", "10", "--profiles", "round"], ["'round'", "flat", "salient"]),
        (["--ensemble", "10", "--depth-spread-km", "-1"], ["-1", ">= 0"]),
        (["--seed", "3"], ["--seed", "--ensemble"]),
        (["--ensemble", "10", "--zone", "x.geojson"], ["--ensemble", "--zone"]),
        # (--side UKR is no longer bad input: since issue 14 it samples the mapped places; tests/test_ukraine_fit.py)
    ],
)
def test_bad_ensemble_input_is_one_line_exit_2(args, needles):
    result = invoke(["affected", *args])
    assert_bad_input(result, needles)


def test_the_readme_quotes_the_default_ensemble_truthfully():
    from pathlib import Path

    doc = json.loads(invoke(["affected", "--ensemble", "1000", "--seed", "7", "--format", "json"]).stdout)
    quoted = f"{doc['count_mean']:.1f} settlements on average, {doc['count_p05']:.0f}–{doc['count_p95']:.0f}"
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    assert quoted in " ".join(readme.split()), quoted
