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
        ("Oleshnya", "contested", "Defender", "2024-08-08"),
        ("Nikolayevo-Daryino", "contested", "Defender", "2024-08-08"),
    ]
    assert first.summary() == "2 places 2 contested"
    assert claim_file.claims[1].summary() == "74 settlements, 2 places 2 inside"
    assert claim_file.claims[1].to_properties()["places"] == [
        {"query": "Sudzha", "status": "inside"},
        {"query": "Martynivka", "status": "inside"},
    ]
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
        ("Oleshnya", "contested"),
        ("Nikolayevo-Daryino", "contested"),
        ("Sudzha", "inside"),
        ("Martynivka", "inside"),
    }
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


# -- the command line -----------------------------------------------------------------------------

import json  # noqa: E402

from clitools import assert_bad_input, invoke  # noqa: E402
from maptools import features_of_kind  # noqa: E402


def test_place_flags_fit_a_front_through_the_places():
    result = invoke(
        [
            "affected",
            "--inside",
            "Sudzha",
            "--inside",
            "Martynivka",
            "--contested",
            "Korenevo",
            "--outside",
            "Lgov",
            "--format",
            "json",
        ]
    )
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    places = {p["query"]: p for p in doc["zone"]["places"]}
    assert set(places) == {"Sudzha", "Martynivka", "Korenevo", "Lgov"}
    assert places["Sudzha"]["met"] and places["Lgov"]["met"]
    ids = {s["id"] for s in doc["settlements"]}
    assert places["Sudzha"]["settlement_id"] in ids and places["Lgov"]["settlement_id"] not in ids
    assert "zone fitted through 4 of 4 places" in result.stderr


def test_as_of_fuses_the_claims_up_to_a_date(tmp_path):
    path = tmp_path / "places.toml"
    path.write_text(FILE, encoding="utf-8")
    result = invoke(["zone", "--from-claims", str(path), "--as-of", "2024-08-15"])
    assert result.exit_code == 0, result.output
    props = json.loads(result.stdout)["features"][0]["properties"]
    assert props["evidence"]["as_of"] == "2024-08-15"
    assert [s["date"] for s in props["evidence"]["statements"]] == ["2024-08-08", "2024-08-15", "2024-08-15"]
    assert props["evidence"]["numbers"] == {"settlements": 78}


@pytest.mark.parametrize(
    "args, needles",
    [
        (["zone", "--as-of", "2024-08-15"], ["--as-of", "--from-claims FILE"]),
        (["zone", "--as-of", "15/08/2024", "--from-claims", "x.toml"], ["15/08/2024", "YYYY-MM-DD"]),
        (["affected", "--inside", "Sudzha🙂"], ["--inside", "U+1F642"]),
        (["affected", "--zone", "z.geojson", "--inside", "Sudzha"], ["--zone", "--inside"]),
        (["affected", "--outside", "Sudzha"], ["no ground inside"]),
    ],
)
def test_bad_evidence_input_is_one_line_exit_2(args, needles):
    assert_bad_input(invoke(args), needles)


def test_the_map_draws_each_named_place_and_marks_the_unmet(tmp_path):
    path = tmp_path / "places.toml"
    path.write_text(FILE, encoding="utf-8")
    out = tmp_path / "map.html"
    result = invoke(["map", "--from-claims", str(path), "--as-of", "2024-08-17", "-o", str(out)])
    assert result.exit_code == 0, result.output
    page = out.read_text(encoding="utf-8")
    drawn = features_of_kind(page, "evidence")
    (zone,) = features_of_kind(page, "zone")
    assert len(drawn) == 5  # Oleshnya, Nikolayevo-Daryino, Sudzha, Martynovka (superseded to outside), Korenevo
    statuses = sorted(f["properties"]["fm_status"] for f in drawn)
    assert statuses == ["contested", "contested", "contested", "inside", "outside"]
    assert all("Defender" in f["properties"]["fm_tip"] or "Attacker" in f["properties"]["fm_tip"] for f in drawn)
    assert "Fitted to" in zone["properties"]["fm_popup"] and "Named place: inside" in page


@pytest.mark.browser
def test_named_places_with_hostile_text_stay_text_in_the_browser(tmp_path):
    from maptools import OPEN_ALL, RecordedPage, browser_or_skip

    payload = '<img src=x onerror="window.__pwned=1;alert(1)">'
    path = tmp_path / "hostile.toml"
    path.write_text(
        f'[[claim]]\ndate = 2024-08-12\nclaimant = {json.dumps(payload)}\nanchor = "Sudzha"\n'
        f'inside = ["Sudzha", "Martynivka"]\nsource = {json.dumps(payload)}\n',
        encoding="utf-8",
    )
    out = tmp_path / "map.html"
    assert invoke(["map", "--from-claims", str(path), "-o", str(out)]).exit_code == 0
    with browser_or_skip() as browser:
        page = RecordedPage(browser, out)
        try:
            texts = "\n".join(page.page.evaluate(OPEN_ALL))
            assert texts.count(payload) >= 2  # in each named place's tooltip
            assert page.dialogs == [] and page.errors == [] and page.foreign_requests() == []
            assert page.page.evaluate("() => window.__pwned") is None
        finally:
            page.close()


def test_the_shipped_places_file_resolves_every_name_and_fits_a_front():
    from pathlib import Path

    from frontmap.places import resolve_places

    path = Path(__file__).resolve().parents[1] / "data" / "claims" / "kursk-2024-places.toml"
    claim_file = load_claim_file(path)
    assert all(c.source.startswith("https://") for c in claim_file.claims)
    places = [p for c in claim_file.claims for p in c.places]
    assert all(r.settlement is not None for r in resolve_places(places))
    ez = zone_from_evidence(gather(claim_file.claims, "2024-08-17"), anchor=claim_file.anchor)
    assert {c.name: c.met for c in ez.fit.places if c.status == "inside"} == {"Sudzha": True}


def test_timeline_steps_from_places_alone_and_cumulative(tmp_path):
    from clitools import assert_bad_input as bad

    path = tmp_path / "places.toml"
    path.write_text(FILE, encoding="utf-8")
    # The defender's first claim names only contested places 0.6 and 1.2 km from the border: fighting
    # there means ground is held there, so the front reaches at least half way to each.
    first = json.loads(invoke(["timeline", str(path), "--format", "geojson"]).stdout)["features"][0]["properties"]
    assert first["modelled"]["area_km2"] > 0 and [p["met"] for p in first["places"]] == [True, True]
    assert all(p["front_km"] >= p["offset_km"] / 2 - 1e-3 for p in first["places"])
    # A step whose evidence puts no ground inside names its claim.
    empty = tmp_path / "empty.toml"
    empty.write_text(
        FILE.replace('contested = ["Oleshnya", "Nikolayevo-Daryino"]', 'outside = ["Oleshnya"]'), encoding="utf-8"
    )
    bad(invoke(["timeline", str(empty), "--format", "geojson"]), ["2024-08-08 by Defender", "no ground inside"])
    later = tmp_path / "later.toml"
    later.write_text(
        FILE.replace('contested = ["Oleshnya", "Nikolayevo-Daryino"]', 'inside = ["Oleshnya"]'), encoding="utf-8"
    )
    own = json.loads(invoke(["timeline", str(later), "--format", "geojson"]).stdout)["features"]
    assert [("places" in f["properties"]) for f in own] == [True, True, False, True]
    result = invoke(["timeline", str(later), "--format", "geojson", "--cumulative"])
    assert result.exit_code == 0, result.output
    steps = [f["properties"] for f in json.loads(result.stdout)["features"]]
    assert [s["date"] for s in steps] == ["2024-08-08", "2024-08-15", "2024-08-15", "2024-08-17"]
    assert [len(s["evidence"]["statements"]) for s in steps] == [1, 3, 3, 4]
    assert steps[-1]["evidence"]["superseded"][0]["query"] == "Martynivka"


def test_an_ensemble_samples_around_the_front_fitted_through_places(tmp_path):
    places = ["--inside", "Sudzha", "--inside", "Martynovka", "--contested", "Korenevo", "--outside", "Lgov"]
    zone = json.loads(invoke(["affected", *places, "--format", "json"]).stdout)
    result = invoke(["affected", *places, "--ensemble", "300", "--seed", "4", "--format", "json"])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert doc["claim"] == {"profile": "fitted front"}
    assert doc["count_p05"] <= zone["count"] <= doc["count_p95"]
    probability = {s["id"]: s["probability"] for s in doc["settlements"]}
    sudzha = next(p["settlement_id"] for p in zone["zone"]["places"] if p["query"] == "Sudzha")
    lgov = next(p["settlement_id"] for p in zone["zone"]["places"] if p["query"] == "Lgov")
    assert probability[sudzha] > 0.5 and lgov not in probability
    # The same draws give the same members: the map shades the same probabilities.
    out = tmp_path / "ens.html"
    assert invoke(["map", *places, "--ensemble", "300", "--seed", "4", "-o", str(out)]).exit_code == 0
    drawn = {
        f["properties"]["id"]: f["properties"]["probability"]
        for f in features_of_kind(out.read_text(encoding="utf-8"), "probable")
    }
    assert drawn == probability


def test_fit_with_places_fits_the_front_through_them_and_the_numbers(tmp_path):
    result = invoke(
        [
            "fit",
            "--settlements",
            "80",
            "--inside",
            "Sudzha",
            "--contested",
            "Korenevo",
            "--outside",
            "Lgov",
            "--format",
            "json",
        ]
    )
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert doc["claimed"]["settlements"] == 80
    assert abs(doc["modelled"]["settlements"] - 80) <= 8 and doc["consistent"] is True
    assert [p["met"] for p in doc["places"]] == [True, True, True]
    # A claim file's places reach fit through --from-claims as well.
    path = tmp_path / "places.toml"
    path.write_text(FILE, encoding="utf-8")
    table = invoke(["fit", "--from-claims", str(path), "--claim-date", "2024-08-17"])
    assert table.exit_code == 0, table.output
    assert "Martynovka (outside)" in table.stdout and "Korenevo (contested)" in table.stdout


def test_a_number_older_than_the_newest_statement_is_a_floor(claim_file):
    # Up to 15 August the count of that day is exact; by 17 August a newer
    # statement (about places) exists, so the 15 August count is a floor.
    assert gather(claim_file.claims, "2024-08-15").numbers.floors == frozenset()
    later = gather(claim_file.claims, "2024-08-17")
    assert later.numbers.floors == {"settlements"}
    assert later.to_properties()["floors"] == ["settlements"]


def test_fit_as_of_fuses_the_claims_and_flags_override_their_numbers(tmp_path):
    path = tmp_path / "places.toml"
    path.write_text(FILE, encoding="utf-8")
    result = invoke(["fit", "--from-claims", str(path), "--as-of", "2024-08-17", "--format", "json"])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert doc["claimed"]["settlements"] == 78 and doc["floors"] == ["settlements"]
    if doc["modelled"]["settlements"] < 78 - 7.8:  # the places pull against it: a floor missed is named
        assert any("claimed at least 78" in n for n in doc["notes"]), doc["notes"]
    assert {p["query"] for p in doc["places"]} >= {"Sudzha", "Martynovka", "Korenevo"}
    assert "fused 4 claims dated up to 2024-08-17" in result.stderr
    table = invoke(["fit", "--from-claims", str(path), "--as-of", "2024-08-17"])
    assert "≥ 78" in table.stdout
    # A number given as a flag is the user's own: exact, not a floor.
    flagged = json.loads(
        invoke(
            ["fit", "--from-claims", str(path), "--as-of", "2024-08-17", "--settlements", "60", "--format", "json"]
        ).stdout
    )
    assert flagged["claimed"]["settlements"] == 60 and flagged["floors"] == []


@pytest.mark.parametrize(
    "args, needles",
    [
        (["fit", "--as-of", "2024-08-15"], ["--as-of", "--from-claims FILE"]),
        (["fit", "--as-of", "2024-13-45", "--from-claims", "x.toml"], ["2024-13-45"]),
    ],
)
def test_bad_fit_as_of_input_is_one_line_exit_2(args, needles):
    assert_bad_input(invoke(args), needles)


def test_fit_as_of_before_every_claim_is_one_line_exit_2(tmp_path):
    path = tmp_path / "places.toml"
    path.write_text(FILE, encoding="utf-8")
    assert_bad_input(invoke(["fit", "--from-claims", str(path), "--as-of", "2024-08-01"]), ["2024-08-01"])


def test_a_text_read_for_a_zone_on_the_ukrainian_side_puts_russian_captures_inside(tmp_path):
    from frontmap.claims import claims_from_text

    text = (
        "On 11 May 2024 the Russian Defence Ministry said its forces had captured Strilecha and were "
        "fighting near Lyptsi."
    )
    (claim,) = claims_from_text(text, "report", side="UKR")
    assert claim.side == "UKR" and {(p.query, p.status) for p in claim.places} == {
        ("Strilecha", "inside"),
        ("Lyptsi", "contested"),
    }
    (rus,) = claims_from_text(text, "report")  # read for a zone in Russia, a Russian capture is a retaking
    assert rus.side == "RUS" and ("Strilecha", "inside") not in {(p.query, p.status) for p in rus.places}
    path = tmp_path / "report.txt"
    path.write_text(text, encoding="utf-8")
    result = invoke(["zone", "--from-claims", str(path), "--side", "UKR"])
    assert result.exit_code == 0, result.output
    places = json.loads(result.stdout)["features"][0]["properties"]["places"]
    assert {p["query"]: p["met"] for p in places} == {"Strilecha": True, "Lyptsi": True}
    assert all(p["offset_km"] < 0 for p in places)
