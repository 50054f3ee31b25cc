"""frontmap.resolve_zone: the one decision from claims, values, places or a zone to the zone."""

from pathlib import Path

import pytest

import frontmap
from frontmap.claims import Claim
from frontmap.errors import ClaimFileError, ConflictingParametersError, InvalidSpecError

KURSK = str(Path(__file__).resolve().parents[1] / "data" / "claims" / "kursk-2024.toml")


def test_values_alone_fill_the_rest_from_the_seed_claim():
    r = frontmap.resolve_zone(depth_km=8.0, side="RUS")
    assert r.spec == frontmap.ZoneSpec("Sudzha", 40.0, 8.0, "salient", "RUS")
    assert (r.front, r.claim, r.fit, r.notes) == (None, None, None, [])


def test_a_claim_with_depth_and_width_is_its_spec_and_explicit_values_override_it():
    claim = Claim(date="2024-08-12", claimant="A", depth_km=12.0, width_km=40.0)
    r = frontmap.resolve_zone([claim], depth_km=5.0)
    assert (r.spec.depth_km, r.spec.width_km) == (5.0, 40.0)
    assert r.sources == {
        "depth_km": "flag",
        "width_km": "claim",
        "anchor": "default",
        "profile": "default",
        "side": "claim file",
    }  # a claim of a claim file has a side
    assert r.claim is claim and r.notes[0].startswith("zone from the claim of 2024-08-12 by A:")
    assert r.zone.properties["claim"]["claimant"] == "A" and r.zone.properties["values_from"] == r.sources


def test_a_claim_without_a_width_is_fitted_and_the_zone_is_the_fit():
    r = frontmap.resolve_zone(KURSK, claimant="Syrskyi", claim_date="2024-08-27")
    assert r.fit is not None and r.spec == r.fit.spec and r.sources["width_km"] == "fit"
    assert r.zone.area_km2 == pytest.approx(r.fit.zone.area_km2)


def test_named_places_give_a_fitted_front():
    r = frontmap.resolve_zone(inside=["Sudzha"], outside=["Lgov"])
    assert r.spec is None and r.front is not None and r.zone is r.front.zone
    assert r.notes[0].startswith("zone fitted through 2 of 2 places")
    assert r.sample_ensemble(5, seed=1).to_json()["ensemble"]["seed"] == 1


def test_a_given_zone_is_read_only_when_taken():
    calls = []
    zone = frontmap.build_zone()
    r = frontmap.resolve_zone(zone=lambda: calls.append(1) or zone)
    assert calls == []
    assert r.zone is zone and r.zone is zone and calls == [1]


@pytest.mark.parametrize(
    "kwargs, params, text",
    [
        (
            {"zone": object(), "depth_km": 5.0, "side": "RUS"},
            ("zone", "depth_km", "side"),
            "zone cannot be combined with depth_km, side: give a zone or its values",
        ),
        (
            {"zone": object(), "inside": ["Sudzha"]},
            ("zone", "inside", "contested", "outside", "as_of"),
            "zone cannot be combined with inside, contested, outside or as_of",
        ),
        ({"zone": object(), "claims": KURSK}, ("claims", "zone"), "claims cannot be combined with zone"),
        ({"claimant": "x"}, ("claim_date", "claimant", "claims"), "claim_date and claimant pick among"),
        ({"as_of": "2024-08-20"}, ("as_of", "claims"), "as_of fuses the claims of claims"),
        (
            {"as_of": "2024-08-20", "claims": KURSK, "claim_date": "2024-08-12"},
            ("as_of", "claim_date", "claimant"),
            "drop claim_date and claimant",
        ),
    ],
)
def test_conflicts_name_parameters_and_render_with_a_front_ends_names(kwargs, params, text):
    with pytest.raises(ConflictingParametersError) as info:
        frontmap.resolve_zone(**kwargs)
    assert text in str(info.value) and info.value.params == params
    assert "--" not in str(info.value)
    shown = info.value.format({p: f"<{p}>" for p in params})
    assert all(f"<{p}>" in shown for p in params)


def test_an_ensemble_of_a_given_zone_is_a_conflict():
    r = frontmap.resolve_zone(zone=frontmap.build_zone)
    with pytest.raises(ConflictingParametersError, match="members samples around a spec"):
        r.sample_ensemble(5, seed=1)


def test_a_bad_value_from_a_claim_blames_the_claim_and_an_explicit_one_the_parameter():
    claim = Claim(date="2024-08-12", claimant="A", depth_km=500.0, width_km=40.0)
    with pytest.raises(ClaimFileError, match="the claim of 2024-08-12 by A in the claims: depth_km=500"):
        frontmap.resolve_zone([claim])
    with pytest.raises(InvalidSpecError) as info:
        frontmap.resolve_zone([Claim(date="2024-08-12", claimant="A", depth_km=12.0, width_km=40.0)], depth_km=500.0)
    assert info.value.param == "depth_km"
