"""Places as evidence: statuses, and the settlement each spelling of a name resolves to."""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from frontmap.errors import InvalidCoordinatesError, InvalidPlaceError
from frontmap.places import (
    Place,
    loose_key,
    resolve_place,
    resolve_places,
    ukrainian_forms,
    ukrainian_latin,
)
from frontmap.settlements import load_settlements

SPELLINGS = Path(__file__).parent / "data" / "places" / "spellings.csv"


def _spellings() -> list[dict]:
    with open(SPELLINGS, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


@pytest.mark.parametrize("row", _spellings(), ids=lambda r: r["spelling"])
def test_every_spelling_family_resolves(row):
    r = resolve_place(row["spelling"])
    assert r.settlement is not None, r.how
    assert r.settlement.id == int(row["id"]), (r.settlement.label, r.how)
    assert (r.lon, r.lat) == (r.settlement.lon, r.settlement.lat)
    assert r.offset_km == r.settlement.offset_km > 0


def test_the_spelling_list_covers_every_family_of_the_issue():
    families = Counter(row["family"] for row in _spellings())
    assert len(_spellings()) >= 40
    for family in (
        "russian romanisation",
        "ukrainian transliteration",
        "ukrainian cyrillic",
        "cyrillic",
        "soft sign and doubled letters",
        "numbered",
    ):
        assert families[family] >= 1, family
    regions = {load_settlements().by_id(int(row["id"])).region for row in _spellings()}
    assert regions == {"Курская область", "Белгородская область", "Брянская область"}


@pytest.mark.parametrize(
    ("query", "how"),
    [
        ("Sudzha", "exact"),
        ("Snyagost", "spelling variant"),
        ("Martynivka, Kursk oblast", "ukrainian spelling"),  # Rostov oblast has a Martynovka too
        ("2nd Knyazhy", "numbered name"),
        ("1st Knyazhy", "numbered name (the register's unnumbered namesake)"),
    ],
)
def test_how_names_the_spelling_family(query, how):
    assert resolve_place(query).how == how


def test_loose_key_forgets_what_spellings_disagree_on():
    assert loose_key("Nikolayevo-Daryino") == loose_key("Nikolaevo-Darino") == loose_key("Nikolaevo Dar'ino")
    assert loose_key("Hlushkovo") == loose_key("Glushkovo")
    assert loose_key("Snyagost") == loose_key("Snagost'")
    # ... but not what tells names apart: kh is not h, zh is not z.
    assert loose_key("Khotkino") != loose_key("Gotkino")
    assert loose_key("Zhuravka") != loose_key("Zuravka")


def test_ukrainian_national_romanisation():
    assert ukrainian_latin("Мартинівка") == "Martynivka"
    assert ukrainian_latin("Мала Локня") == "Mala Loknia"
    assert ukrainian_latin("Згурівка") == "Zghurivka"
    assert ukrainian_latin("Євгенівка") == "Yevhenivka"
    assert ukrainian_latin("Гнідинці") == "Hnidyntsi"
    assert "Плехове" in ukrainian_forms("Плехово")
    assert "Мала Локня" in ukrainian_forms("Малая Локня")
    assert "Кремяне" in ukrainian_forms("Кремяное")


# -- namesakes ------------------------------------------------------------------------------


def test_an_ambiguous_name_is_never_picked_silently():
    r = resolve_place("Kozinka")
    assert r.settlement is None and r.lon is None
    assert r.how == "ambiguous: 3 settlements have that name"
    assert {c.id for c in r.candidates} == {101946, 95521, 43478}


def test_ukrainian_spelling_of_two_names_is_ambiguous():
    # Климово and Климовое are both Клімове in Ukrainian.
    r = resolve_place("Klymove")
    assert r.settlement is None
    assert {c.id for c in r.candidates} == {109571, 63427}


@pytest.mark.parametrize(
    ("kwargs", "query"),
    [
        ({"region": "Belgorod region"}, "Kozinka"),
        ({"region": "Bilhorod oblast"}, "Kozinka"),
        ({"district": "Grayvoron district"}, "Kozinka"),
        ({"district": "Hraivoronskyi raion"}, "Kozinka"),
        ({}, "Kozinka, Grayvoronsky district"),
        ({}, "Kozinka, Belgorod oblast"),
    ],
)
def test_a_district_or_region_picks_a_namesake(kwargs, query):
    r = resolve_place(query, **kwargs)
    assert r.settlement is not None and r.settlement.id == 101946, r.how


def test_a_region_that_holds_no_namesake_leaves_it_ambiguous():
    r = resolve_place("Kozinka", region="Kursk")
    assert r.settlement is None and len(r.candidates) == 3


def test_namesakes_a_stone_throw_apart_are_one_place():
    r = resolve_place("Korenevo")
    assert r.settlement.id == 106393
    assert r.how.startswith("namesakes within") and r.how.endswith("the most populous")
    assert {c.id for c in r.candidates} == {106393, 75939}


def test_namesakes_are_told_apart_by_the_other_places_of_the_report():
    found = resolve_places(
        [
            Place("Lyubimovka", "inside"),
            Place("Korenevo", "contested"),
            Place("Snagost", "contested"),
        ]
    )
    assert found[0].settlement.id == 39015
    assert "nearest to the other places" in found[0].how
    near_grayvoron = resolve_places([Place("Kozinka", "contested"), Place("Glotovo", "contested")])
    assert near_grayvoron[0].settlement.id == 101946


def test_far_from_the_others_a_name_stays_ambiguous():
    # Lyubimovka beside Shebekino (Belgorod): no namesake is near.
    found = resolve_places([Place("Lyubimovka", "inside"), Place("Shebekino", "contested")])
    assert found[0].settlement is None and len(found[0].candidates) == 5


def test_unknown_names_list_close_spellings_and_pick_none():
    r = resolve_place("Cherkaske Porichne")
    assert r.settlement is None and r.how.startswith("unresolved")
    assert [c.id for c in r.candidates][:1] == [21798]
    nothing = resolve_place("Qwertyuiop")
    assert nothing.settlement is None and nothing.candidates == ()


# -- other forms ----------------------------------------------------------------------------


def test_id_and_coordinates():
    assert resolve_place("id:115637").settlement.id == 115637
    russia = resolve_place("35.27,51.19")
    assert russia.how == "coordinates" and russia.settlement is None
    assert russia.offset_km > 0 and 600 < russia.chainage_km < 640
    ukraine = resolve_place("34.80,50.91")  # Sumy
    assert ukraine.offset_km < 0


def test_bad_text_raises():
    with pytest.raises(InvalidPlaceError, match=r"U\+1F642"):
        resolve_place("Sudzha\U0001f642")
    with pytest.raises(InvalidCoordinatesError):
        resolve_place("35.2,95")


def test_a_place_status_is_one_of_three():
    with pytest.raises(ValueError, match="inside, contested, outside"):
        Place("Sudzha", "captured")


def test_to_json():
    doc = resolve_place(Place("Martynivka, Kursk oblast", "inside")).to_json()
    assert doc["id"] == 37899 and doc["name_latin"] == "Martynovka" and doc["how"] == "ukrainian spelling"
    amb = resolve_place("Kozinka").to_json()
    assert "id" not in amb and len(amb["candidates"]) == 3


_IDS = st.sampled_from([int(i) for i in load_settlements().ids])


@settings(max_examples=60, deadline=None)
@given(_IDS)
def test_every_settlement_is_found_under_its_own_spellings(sid):
    s = load_settlements().by_id(sid)
    for spelling in (s.name, s.name_latin, *(ukrainian_latin(f) for f in ukrainian_forms(s.name))):
        r = resolve_place(spelling)
        found = {c.id for c in r.candidates} | ({r.settlement.id} if r.settlement else set())
        assert sid in found, (spelling, r.how)
        if r.settlement is not None and r.settlement.id != sid:
            assert r.how.startswith("namesakes within"), (spelling, r.how)


if __name__ == "__main__":  # the resolution rate by spelling family
    rows, hits = Counter(), Counter()
    for row in _spellings():
        r = resolve_place(row["spelling"])
        rows[row["family"]] += 1
        hits[row["family"]] += r.settlement is not None and r.settlement.id == int(row["id"])
    for family in rows:
        print(f"{family:32} {hits[family]:3}/{rows[family]:<3}")
    print(f"{'all':32} {sum(hits.values()):3}/{sum(rows.values()):<3}")


def test_on_the_ukrainian_side_names_resolve_in_the_ukrainian_layer():
    from frontmap.places import resolve_places

    for spelling in ("Vovchansk", "Вовчанськ", "Волчанск"):
        r = resolve_place(Place(spelling, "inside"), side="UKR")
        assert r.settlement is not None and r.settlement.name == "Вовчанськ", (spelling, r.how)
        assert r.how == "ukrainian layer" and r.offset_km < 0  # in Ukraine: negative offset
    # The Russian side keeps to the Russian register.
    assert resolve_place("Vovchansk").settlement is None
    # A settlement known only without coordinates is left out with the reason.
    from frontmap.ukraine import load_ukraine

    unmapped = load_ukraine().unmapped[0]
    r = resolve_place(Place(unmapped.name, "inside"), side="UKR")
    if not load_ukraine().candidates(unmapped.name):
        assert r.settlement is None and "without coordinates" in r.how and "lon,lat" in r.how
    both = resolve_places([Place("Vovchansk", "inside"), Place("Strilecha", "contested")], side="UKR")
    assert [b.settlement.name_latin for b in both] == ["Vovchansk", "Strilecha"]


def test_a_fit_on_the_ukrainian_side_goes_through_ukrainian_places():
    from clitools import invoke

    result = invoke(
        ["zone", "--side", "UKR", "--inside", "Vovchansk", "--inside", "Strilecha", "--contested", "Lyptsi"]
    )
    assert result.exit_code == 0, result.output
    import json

    props = json.loads(result.stdout)["features"][0]["properties"]
    assert [p["met"] for p in props["places"]] == [True, True, True]
    assert all(p["offset_km"] < 0 for p in props["places"])
