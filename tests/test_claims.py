"""Claim files: the shipped Kursk file, the schema's checks, and the claim a spec models."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from frontmap.claims import ClaimFileError, claim_for, known_claims, load_claim_file
from frontmap.zone import DEFAULT_SPEC, ZoneSpec

ROOT = Path(__file__).resolve().parents[1]
KURSK = ROOT / "data" / "claims" / "kursk-2024.toml"
PRESS = ROOT.parent / "shared" / "reference" / "press-claims-kursk-2024.csv"


def test_the_kursk_file_holds_seven_dated_claims_in_order():
    f = load_claim_file(KURSK)
    assert f.anchor == "Sudzha" and f.side == "RUS" and f.start == "2024-08-06"
    assert [c.date for c in f.claims] == sorted(c.date for c in f.claims)
    assert len(f.claims) == 7
    first, second = f.claims[:2]
    assert (first.claimant, first.settlements, first.depth_km, first.width_km) == ("Alexei Smirnov", 28, 12, 40)
    assert first.label == "2024-08-12 · Alexei Smirnov" and second.label == "2024-08-12 · Oleksandr Syrskyi"
    assert f.claims[2].label == "2024-08-13"
    assert f.claims[5].depth_km == (28, 35)
    assert all(c.source for c in f.claims)


@pytest.mark.skipif(not PRESS.is_file(), reason=f"the press claims table is not at {PRESS} (../shared is absent)")
def test_the_kursk_file_gives_the_press_tables_numbers():
    with PRESS.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    claims = load_claim_file(KURSK).claims
    assert len(rows) == len(claims)
    for row, claim in zip(sorted(rows, key=lambda r: r["date"]), claims, strict=True):
        assert row["date"] == claim.date
        assert claim.claimant in row["claimant"]
        for column, key in (("settlements", "settlements"), ("area_km2", "area_km2"), ("front_width_km", "width_km")):
            assert (float(row[column]) if row[column] else None) == getattr(claim, key), (claim.label, key)
        depth = row["depth_km"]
        expected = tuple(float(v) for v in depth.split("-")) if "-" in depth else (float(depth) if depth else None)
        assert claim.depth_km == expected, claim.label


def test_the_default_spec_models_the_seed_claim():
    claim = claim_for(DEFAULT_SPEC)
    assert claim is not None and claim.claimant == "Alexei Smirnov" and claim.date == "2024-08-12"
    assert claim_for(ZoneSpec("Sudzha", 40, 12, "flat")) is claim
    assert claim_for(ZoneSpec("Sudzha", 40, 13)) is None
    assert claim in known_claims()


@pytest.mark.parametrize(
    "text, needles",
    [
        ("[[claim]]\ndate = 2024-08-12\nsettlements = 3\n", ["claim 1", "date and a claimant"]),
        ("[[claim]]\ndate = 2024-08-12\nclaimant = 'X'\n", ["gives no number"]),
        ("[[claim]]\ndate = 2024-08-12\nclaimant = 'X'\ndepth_km = -4\n", ["depth_km=-4", "> 0"]),
        ("[[claim]]\ndate = 2024-08-12\nclaimant = 'X'\ndepth_km = [35, 28]\n", ["min must not exceed"]),
        ("[[claim]]\ndate = 'August'\nclaimant = 'X'\ndepth_km = 4\n", ["date='August'", "2024-08-12"]),
        ("[[claim]]\ndate = 2024-08-12\nclaimant = 'X'\ndepth = 4\n", ["unknown field 'depth'"]),
        ("[operation]\nname = 'x'\n", ["no [[claim]]"]),
        ("[[claim]\n", ["not valid TOML"]),
    ],
)
def test_schema_errors_name_the_claim_and_the_value(text, needles):
    with pytest.raises(ClaimFileError) as err:
        load_claim_file("x.toml", text=text)
    message = str(err.value)
    assert "\n" not in message
    for needle in needles:
        assert needle in message, message
