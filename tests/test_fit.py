"""``frontmap fit``: zones fitted to claimed numbers, residuals and the consistency verdict."""

from __future__ import annotations

import json

import numpy as np
import pytest
from clitools import invoke

from frontmap.estimate import affected
from frontmap.fit import Claims, _samples, fit, rounding_tolerance
from frontmap.zone import ZoneSpec, build_zone, resolve_anchor

KEYS = ("settlements", "area_km2", "depth_km", "width_km")


def run_fit(*args) -> dict:
    result = invoke(["fit", *args, "--format", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


@pytest.fixture(scope="module")
def seed_fit() -> dict:
    return run_fit("--settlements", "28", "--depth-km", "12", "--width-km", "40")


def test_seed_claim_fits_within_2_of_28_and_is_consistent(seed_fit):
    assert abs(seed_fit["modelled"]["settlements"] - 28) <= 2
    assert seed_fit["claimed"] == {"settlements": 28, "area_km2": None, "depth_km": 12.0, "width_km": 40.0}
    assert seed_fit["consistent"] is True
    assert set(seed_fit["modelled"]) == set(KEYS) == set(seed_fit["residuals"])
    for key in ("settlements", "depth_km", "width_km"):
        assert seed_fit["residuals"][key] == pytest.approx(
            seed_fit["modelled"][key] - seed_fit["claimed"][key], abs=1e-3
        )
    assert seed_fit["residuals"]["area_km2"] is None
    assert seed_fit["tolerances"] == {"settlements": 2.8, "area_km2": None, "depth_km": 0.5, "width_km": 5.0}


def test_the_fitted_spec_is_a_zone_spec_and_reproduces_its_figures(seed_fit):
    spec = seed_fit["spec"]
    for key in ("anchor", "width_km", "depth_km", "profile", "side", "area_km2", "centre_chainage_km"):
        assert key in spec
    assert abs(spec["centre_shift_km"]) <= 10
    zone = build_zone(ZoneSpec(spec["anchor"], spec["width_km"], spec["depth_km"], spec["profile"], spec["side"]))
    assert affected(zone).count == seed_fit["modelled"]["settlements"]
    assert zone.area_km2 == pytest.approx(seed_fit["modelled"]["area_km2"], abs=0.01)
    assert spec["centre_chainage_km"] == pytest.approx(
        resolve_anchor("Sudzha").chainage_km + spec["centre_shift_km"], abs=0.01
    )


def test_an_impossible_combination_is_inconsistent_and_says_by_how_much():
    doc = run_fit("--area-km2", "1000", "--depth-km", "12", "--width-km", "40")
    assert doc["consistent"] is False
    gap = doc["residuals"]["area_km2"]
    assert gap < -300  # a 12 km × 40 km zone holds roughly 350–600 km² here, not 1,000
    assert 560 <= doc["modelled"]["area_km2"] <= 600  # the README says "about 580 km²"
    assert gap == pytest.approx(doc["modelled"]["area_km2"] - 1000, abs=1e-3)
    note = next(n for n in doc["notes"] if n.startswith("area_km2"))
    assert "cannot all hold" in note and "1,000 km²" in note and f"{gap:+,.3g}" in note


def test_the_window_bounds_the_centre():
    doc = run_fit("--settlements", "28", "--depth-km", "12", "--width-km", "40", "--window-km", "0")
    assert doc["spec"]["centre_shift_km"] == 0 and doc["spec"]["anchor"] == "Sudzha"
    assert doc["window_km"] == 0


def test_an_area_claim_alone_is_fitted_within_tolerance():
    doc = run_fit("--area-km2", "500")
    assert doc["consistent"] is True
    assert doc["modelled"]["area_km2"] == pytest.approx(500, rel=0.1)
    assert any("fitted freely" in n for n in doc["notes"])


def test_inhabited_count_compares_with_inhabited_settlements():
    doc = run_fit("--settlements", "20", "--depth-km", "12", "--width-km", "40", "--count", "inhabited")
    spec = doc["spec"]
    zone = build_zone(ZoneSpec(spec["anchor"], spec["width_km"], spec["depth_km"], spec["profile"], spec["side"]))
    assert doc["modelled"]["settlements"] == affected(zone).inhabited
    assert doc["count"] == "inhabited"
    assert any("inhabited settlements" in n for n in doc["notes"])


def test_user_tolerances_change_the_verdict():
    loose = run_fit("--area-km2", "700", "--depth-km", "12", "--width-km", "40", "--area-tolerance", "0.5")
    tight = run_fit("--area-km2", "700", "--depth-km", "12", "--width-km", "40", "--area-tolerance", "0.01")
    assert loose["tolerances"]["area_km2"] == pytest.approx(350) and loose["consistent"] is True
    assert tight["consistent"] is False


@pytest.mark.parametrize(
    "value, tol", [(12, 0.5), (40, 5.0), (12.5, 0.05), (100, 50.0), (1000, 500.0), (0.3, 0.05), (28, 0.5)]
)
def test_rounding_tolerance(value, tol):
    assert rounding_tolerance(value) == pytest.approx(tol)


def test_area_samples_measure_a_zone_like_its_polygon():
    # The fit's area comes from samples in border-relative coordinates; on a
    # built zone they must agree with the polygon's geodesic area.
    zone = build_zone(ZoneSpec("Sudzha", 40, 12, "flat"))
    s0 = zone.centre_chainage_km
    s, d = _samples("RUS", s0, s0 - 25, s0 + 25, 13.0, 0.1)
    inside = zone.contains_sd(s, d)
    assert inside.sum() * 0.01 == pytest.approx(zone.area_km2, rel=0.01)


def test_table_shows_claimed_modelled_and_the_verdict():
    result = invoke(["fit", "--settlements", "28", "--depth-km", "12", "--width-km", "40"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].startswith("Best fit:") and "Sudzha" in lines[0]
    row = next(line for line in lines if line.startswith("settlements"))
    assert row.split()[1] == "28" and row.rstrip().endswith("yes")
    assert "consistent: yes" in lines


@pytest.mark.parametrize(
    "args, needles",
    [
        ([], ["no claim to fit"]),
        (["--settlements", "-3"], ["settlements=-3", "> 0"]),
        (["--depth-km", "500"], ["depth_km=500", "(0, 100]"]),
        (["--settlements", "28", "--window-km", "-1"], ["window_km=-1", "[0, 100]"]),
        (["--settlements", "28", "--count", "people"], ["'people'", "all", "inhabited"]),
        (["--settlements", "28", "--anchor", "Nowhereville"], ["Nowhereville"]),
        (["--settlements", "28", "--area-tolerance", "0"], ["tolerance", "> 0"]),
    ],
)
def test_bad_input_is_one_line_exit_2(args, needles):
    result = invoke(["fit", *args])
    first = result.stderr.splitlines()[0] if result.stderr else ""
    assert result.exit_code == 2, result.output
    assert first.startswith("Error: ") and all(n in first for n in needles), first
    assert "Traceback" not in result.output


def test_samples_lie_within_reach_on_the_side():
    s0 = resolve_anchor("Sudzha").chainage_km
    s, d = _samples("RUS", s0, s0 - 10, s0 + 10, 5.0, 0.5)
    assert len(s) > 100 and np.all(d <= 5.0) and np.all(d >= 0)


def test_fit_library_call_agrees_with_the_cli(seed_fit):
    result = fit(Claims(settlements=28, depth_km=12, width_km=40))
    assert result.to_json()["modelled"] == seed_fit["modelled"]


def test_geojson_output_carries_the_fits_provenance():
    result = invoke(["fit", "--settlements", "28", "--depth-km", "12", "--width-km", "40", "--format", "geojson"])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    props = doc["features"][0]["properties"]
    assert props["claimed"] == {"settlements": 28, "area_km2": None, "depth_km": 12.0, "width_km": 40.0}
    assert props["consistent"] is True and props["modelled"]["settlements"] == 28
    assert "OpenStreetMap" in props["attribution"]
    # The fitted zone maps with its provenance in the popup.
    mapped = invoke(["map", "--zone", "-", "-o", "-"], input=result.stdout)
    assert mapped.exit_code == 0, mapped.output
    from maptools import features_of_kind

    (zone,) = features_of_kind(mapped.stdout, "zone")
    assert "claimed" in zone["properties"]["fm_popup"] and "consistent" in zone["properties"]["fm_popup"]
