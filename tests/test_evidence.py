"""Places in claim files, and evidence up to a date fused in one fit (issue 10, items 1 and 4)."""

from __future__ import annotations

import pytest
import shapely

from frontmap.claims import load_claim_file, pick_claim
from frontmap.errors import ClaimFileError
from frontmap.evidence import gather, zone_from_evidence

FILE = """
[operation]
name = "test"
anchor = "Sudzha"

[[claim]]
date = 2024-08-08
claimant = "Defender"
contested = ["Oleshnya", "Nikolayevo-Daryino"]

[[claim]]
date = 2024-08-15
claimant = "Attacker"
inside = ["Sudzha", "Martynivka"]
settlements = 74
source = "a report"

[[claim]]
date = 2024-08-15
claimant = "Second attacker"
settlements = 82

[[claim]]
date = 2024-08-17
claimant = "Defender"
outside = ["Martynovka"]
contested = ["Korenevo"]
"""


@pytest.fixture
def claim_file(tmp_path):
    path = tmp_path / "places.toml"
    path.write_text(FILE, encoding="utf-8")
    return load_claim_file(path)


def test_a_claim_may_hold_places_and_no_numbers(claim_file):
    first = claim_file.claims[0]
    assert first.numbers() == {}
    assert [(p.query, p.status, p.claimant, p.date) for p in first.places] == [
        ("Oleshnya", "contested", "Defender", "2024-08-08"), ("Nikolayevo-Daryino", "contested", "Defender", "2024-08-08")]
    assert first.summary() == "2 places 2 contested"
    assert claim_file.claims[1].summary() == "74 settlements, 2 places 2 inside"
    assert claim_file.claims[1].to_properties()["places"] == [{"query": "Sudzha", "status": "inside"},
                                                              {"query": "Martynivka", "status": "inside"}]
    assert pick_claim(list(claim_file.claims), date="2024-08-08").claimant == "Defender"


@pytest.mark.parametrize(
    "entry, needles",
    [
        ('inside = "Sudzha"', ["inside=", "must be a list of place names"]),
        ("inside = []", ["inside=[]", "must be a list"]),
        ("outside = [12]", ["outside holds 12", "1 to 200 characters"]),
        ('contested = ["  "]', ["contested holds", "1 to 200 characters"]),
        ('contested = ["' + "x" * 201 + '"]', ["contested holds", "1 to 200 characters"]),
        ('near = ["Sudzha"]', ["unknown field 'near'", "inside, contested, outside"]),
        ("", ["gives no number and no place"]),
    ],
)
def test_bad_places_in_a_claim_file_are_one_line_errors(tmp_path, entry, needles):
    path = tmp_path / "bad.toml"
    path.write_text(f'[[claim]]\ndate = 2024-08-12\nclaimant = "X"\n{entry}\n', encoding="utf-8")
    with pytest.raises(ClaimFileError) as err:
        load_claim_file(path)
    message = str(err.value)
    assert "\n" not in message
    for needle in needles:
        assert needle in message, (needle, message)


def test_evidence_up_to_a_date_keeps_the_latest_word_on_each_place(claim_file):
    ev = gather(claim_file.claims, "2024-08-15")
    assert [c.date for c in ev.claims] == ["2024-08-08", "2024-08-15", "2024-08-15"]
    assert {(p.query, p.status) for p in ev.places} == {
        ("Oleshnya", "contested"), ("Nikolayevo-Daryino", "contested"), ("Sudzha", "inside"), ("Martynivka", "inside")}
    # Two claimants of the same day disagree: the fit aims between them, within reach of both.
    assert ev.numbers.settlements == 78
    assert ev.numbers.tolerance("settlements") == pytest.approx(7.8)  # its own 10 %, which reaches 74 and 82
    # On the 17th the defender says Martynovka (Martynivka, the same village) is outside: that supersedes.
    later = gather(claim_file.claims, "2024-08-17")
    assert ("Martynovka", "outside") in {(p.query, p.status) for p in later.places}
    assert "Martynivka" not in {p.query for p in later.places}
    assert [(old.query, new.query) for old, new in later.superseded] == [("Martynivka", "Martynovka")]


def test_no_claim_up_to_the_date_is_an_error(claim_file):
    with pytest.raises(ClaimFileError, match="no claim is dated on or before 2024-08-01"):
        gather(claim_file.claims, "2024-08-01")
    with pytest.raises(ClaimFileError, match="not a date"):
        gather(claim_file.claims, "15 August")


def test_the_zone_from_evidence_holds_its_inside_places_and_says_what_it_used(claim_file):
    from frontmap.settlements import load_settlements

    ez = zone_from_evidence(gather(claim_file.claims, "2024-08-15"), anchor="Sudzha")
    layer = load_settlements()
    for name in ("Sudzha", "Martynovka"):
        s = layer.find(name) if name == "Sudzha" else layer.find("Мартыновка, Суджанский")
        assert shapely.contains_xy(ez.zone.geometry, s.lon, s.lat), name
    props = ez.zone.properties
    assert [s["claimant"] for s in props["evidence"]["statements"]] == ["Defender", "Attacker", "Second attacker"]
    assert {p["query"]: p["met"] for p in props["places"]}["Sudzha"] is True
    assert props["consistent"] == ez.fit.consistent
