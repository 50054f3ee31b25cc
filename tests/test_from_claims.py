"""``--from-claims``: zones built from a claim file or a text, with the claim's provenance."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from clitools import assert_bad_input, invoke
from maptools import features_of_kind

ROOT = Path(__file__).resolve().parents[1]
KURSK = str(ROOT / "data" / "claims" / "kursk-2024.toml")
DIGEST = str(ROOT / "seeds" / "kursk-2024-08-12-digest.txt")


def zone_props(result) -> dict:
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)["features"][0]["properties"]


def test_a_text_gives_the_seed_claims_zone_with_its_quotes():
    result = invoke(["zone", "--from-claims", DIGEST])
    props = zone_props(result)
    assert (props["width_km"], props["depth_km"], props["anchor"]) == (40.0, 12.0, "Sudzha")
    claim = props["claim"]
    assert claim["claimant"] == "Alexei Smirnov" and claim["date"] == "2024-08-12"
    text = Path(DIGEST).read_text(encoding="utf-8")
    assert {q["kind"] for q in claim["quotes"]} == {"depth", "width", "settlements"}
    for quote in claim["quotes"]:
        assert text[quote["start"] : quote["end"]] == quote["original"]
    assert props["values_from"] == {
        "width_km": "claim",
        "depth_km": "claim",
        "anchor": "default",
        "profile": "default",
        "side": "default",
    }
    assert "note: zone from the claim of 2024-08-12 by Alexei Smirnov" in result.stderr


def test_flags_override_the_claim_and_say_so():
    props = zone_props(invoke(["zone", "--from-claims", DIGEST, "--depth-km", "10", "--profile", "flat"]))
    assert props["depth_km"] == 10.0 and props["profile"] == "flat" and props["width_km"] == 40.0
    assert props["values_from"]["depth_km"] == "flag" and props["values_from"]["width_km"] == "claim"


def test_the_latest_claim_is_used_unless_a_date_picks_another():
    latest = zone_props(invoke(["zone", "--from-claims", KURSK]))
    assert latest["claim"]["date"] == "2024-08-27" and latest["values_from"]["depth_km"] == "fit"
    assert latest["area_km2"] == pytest.approx(1294, rel=0.1)
    picked = zone_props(invoke(["zone", "--from-claims", KURSK, "--claim-date", "2024-08-12", "--claimant", "smirnov"]))
    assert picked["claim"]["claimant"] == "Alexei Smirnov" and picked["claim"]["source"].startswith("https://")
    assert (picked["width_km"], picked["depth_km"]) == (40.0, 12.0)


def test_affected_and_map_take_the_claim_too(tmp_path):
    result = invoke(["affected", "--from-claims", DIGEST, "--format", "json"])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert doc["count"] == 30 and doc["zone"]["claim"]["claimant"] == "Alexei Smirnov"
    out = tmp_path / "m.html"
    assert invoke(["map", "--from-claims", DIGEST, "-o", str(out)]).exit_code == 0
    (zone,) = features_of_kind(out.read_text(encoding="utf-8"), "zone")
    popup = zone["properties"]["fm_popup"]
    assert "Claim used" in popup and "characters" in popup and "Values from" in popup


def test_fit_takes_the_claims_numbers():
    result = invoke(["fit", "--from-claims", KURSK, "--claim-date", "2024-08-15", "--format", "json"])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert doc["claimed"] == {"settlements": 82, "area_km2": 1150, "depth_km": 35, "width_km": None}
    assert doc["claim"]["date"] == "2024-08-15" and doc["window_km"] == 25.0
    assert doc["consistent"] is True


def test_hostile_claim_text_is_escaped_in_the_popup(tmp_path):
    src = tmp_path / "c.toml"
    src.write_text(
        '[[claim]]\ndate = 2024-08-12\nclaimant = "<img src=x onerror=alert(1)>"\ndepth_km = 8\nwidth_km = 20\n'
        'note = "${alert(2)}"\nsource = "</script><script>alert(4)</script>"\n'
    )
    out = tmp_path / "m.html"
    assert invoke(["map", "--from-claims", str(src), "-o", str(out)]).exit_code == 0
    page = out.read_text(encoding="utf-8")
    assert "<img src=x" not in page and "alert(4)</script>" not in page and "${alert(2)}" not in page
    (zone,) = features_of_kind(page, "zone")
    assert "&lt;img src=x onerror=alert(1)&gt;" in zone["properties"]["fm_popup"]


@pytest.mark.parametrize(
    "args, needles",
    [
        (["--from-claims", KURSK, "--claim-date", "2024-08-12"], ["2 claims", "2024-08-12", "--claimant"]),
        (["--from-claims", KURSK, "--claim-date", "2024-09-01"], ["2024-09-01", "2024-08-27"]),
        (["--from-claims", KURSK, "--claimant", "Nobody"], ["'Nobody'", "Syrskyi"]),
        (["--claim-date", "2024-08-12"], ["--from-claims"]),
        (["--from-claims", "missing.txt"], ["missing.txt"]),
    ],
)
def test_bad_claim_choices_are_one_line_exit_2(args, needles):
    assert_bad_input(invoke(["zone", *args]), needles)


def test_a_text_without_zone_numbers_is_refused(tmp_path):
    src = tmp_path / "t.txt"
    src.write_text("Nothing happened on 3 May 2024 in Kursk region.")
    assert_bad_input(invoke(["zone", "--from-claims", str(src)]), ["no depth, width, settlement, area or place claim"])


def test_an_ensemble_samples_around_the_claims_spec():
    result = invoke(
        ["affected", "--from-claims", DIGEST, "--depth-km", "5", "--ensemble", "100", "--seed", "1", "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["claim"] == {
        "anchor": "Sudzha",
        "width_km": 40.0,
        "depth_km": 5.0,
        "profile": "salient",
        "side": "RUS",
    }
