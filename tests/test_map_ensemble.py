"""``frontmap map --ensemble N``: settlements shaded by probability, the 50% and 90% zones."""

from __future__ import annotations

import json

import numpy as np
import pytest
import shapely
from clitools import invoke
from maptools import features_of_kind

from frontmap.ensemble import sample_members
from frontmap.settlements import load_settlements
from frontmap.zone import DEFAULT_SPEC, zone_from_profile

ARGS = ["--ensemble", "1000", "--seed", "7"]


@pytest.fixture(scope="module")
def page(tmp_path_factory) -> str:
    out = tmp_path_factory.mktemp("ens") / "ens.html"
    result = invoke(["map", *ARGS, "-o", str(out)])
    assert result.exit_code == 0, result.output
    return out.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def ensemble_json() -> dict:
    result = invoke(["affected", *ARGS, "--format", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_markers_carry_the_ensembles_probabilities(page, ensemble_json):
    probable = features_of_kind(page, "probable")
    expected = {s["id"]: s["probability"] for s in ensemble_json["settlements"]}
    assert {f["properties"]["id"]: f["properties"]["probability"] for f in probable} == expected
    assert features_of_kind(page, "inside") == []
    tip = next(f["properties"]["fm_tip"] for f in probable if f["properties"]["probability"] == 1.0)
    assert "probability inside: 100%" in tip


@pytest.mark.parametrize("p", [0.5, 0.9])
def test_the_probability_zones_hold_exactly_the_settlements_that_likely(page, ensemble_json, p):
    (feature,) = features_of_kind(page, f"p{round(p * 100)}")
    polygon = shapely.geometry.shape(feature["geometry"])
    layer = load_settlements()
    ids = [s["id"] for s in ensemble_json["settlements"]]
    probs = np.array([s["probability"] for s in ensemble_json["settlements"]])
    rows = [layer.by_id(i) for i in ids]
    lon, lat = np.array([s.lon for s in rows]), np.array([s.lat for s in rows])
    inside = shapely.contains_xy(polygon, lon, lat)
    # 50 m from the edge: the zone follows the quantile depth sampled every 100 m along the border.
    clear = shapely.distance(shapely.boundary(polygon), shapely.points(lon, lat)) * 111.0 > 0.05
    assert np.array_equal(inside[clear], (probs >= p)[clear])
    assert inside.sum() >= 10
    assert f"Inside at least {p:.0%} of the sampled zones" in feature["properties"]["fm_popup"]
    assert "seed 7" in feature["properties"]["fm_popup"]  # provenance


def test_the_90_zone_lies_within_the_50_zone(page):
    (p50,) = features_of_kind(page, "p50")
    (p90,) = features_of_kind(page, "p90")
    a, b = shapely.geometry.shape(p50["geometry"]), shapely.geometry.shape(p90["geometry"])
    assert shapely.area(shapely.difference(b, a)) < 1e-4 * shapely.area(b)
    assert shapely.area(b) < shapely.area(a)


def test_zone_popup_and_title_give_the_ensemble(page, ensemble_json):
    (zone,) = features_of_kind(page, "zone")
    assert "1,000 zones sampled around the spec (seed 7)" in zone["properties"]["fm_popup"]
    assert f"Ensemble of 1,000: {ensemble_json['count_mean']:,.1f} settlements inside on average" in page


def test_a_profile_zone_follows_its_depths():
    members = sample_members(DEFAULT_SPEC, 50, 1)
    s, q = members.quantile_profile(0.5)
    zone = zone_from_profile(s, q)
    assert zone.depth_reached_km == pytest.approx(q.max(), abs=0.05)
    with pytest.raises(ValueError):
        zone_from_profile([1.0, 0.5], [1.0, 1.0])
