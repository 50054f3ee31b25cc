"""Tests of frontmap.settlements on the shipped settlement register (no mocks)."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from collections import defaultdict

import numpy as np
import pytest

from frontmap.data import data_dir
from frontmap.errors import (
    AmbiguousPlaceError,
    FrontmapError,
    InvalidCoordinatesError,
    UnknownPlaceError,
)
from frontmap.settlements import (
    Settlement,
    SettlementLayer,
    disambiguator,
    load_settlements,
    parse_lonlat,
)

SUDZHA, KURSK, BOLSHOYE_SOLDATSKOYE = 115637, 90421, 47086
KORENEVO_PGT, KORENEVO_SELO = 106393, 75939


@pytest.fixture(scope="module")
def layer() -> SettlementLayer:
    return load_settlements()


@pytest.fixture(scope="module")
def csv_rows() -> list[dict]:
    with open(data_dir() / "settlements.csv", encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


# -- the layer --------------------------------------------------------------


def test_layer_matches_the_file(layer, csv_rows):
    assert len(layer) == len(csv_rows) == 11106
    assert [s.id for s in layer.settlements] == [int(r["id"]) for r in csv_rows]
    assert layer.ids.tolist() == [int(r["id"]) for r in csv_rows]
    assert layer.ids.dtype == np.int64 and layer.population.dtype == np.int64
    for column in ("lon", "lat", "chainage_km", "offset_km"):
        values = getattr(layer, column)
        assert values.dtype == np.float64
        np.testing.assert_allclose(values, [float(r[column]) for r in csv_rows])
    assert layer.population.tolist() == [int(r["population"]) for r in csv_rows]


def test_columns_are_read_only(layer):
    with pytest.raises(ValueError):
        layer.lon[0] = 0.0


def test_load_settlements_is_cached(layer):
    assert load_settlements() is layer


def test_settlement_fields_and_label(layer):
    s = layer.by_id(KORENEVO_PGT)
    assert (s.name, s.name_latin, s.type, s.district) == (
        "Коренево",
        "Korenevo",
        "пгт",
        "Кореневский район",
    )
    assert s.region == "Курская область" and s.population == 5325
    assert s.label == "Коренево (Korenevo), пгт, Кореневский район, pop. 5,325, id 106393"


def test_to_dict_is_json_ready_and_round_trips(layer, csv_rows):
    s = layer.by_id(SUDZHA)
    d = s.to_dict()
    assert list(d) == [
        "id", "name", "name_latin", "type", "district", "district_latin", "region",
        "population", "lon", "lat", "chainage_km", "offset_km", "oktmo",
    ]  # fmt: skip
    assert json.loads(json.dumps(d, ensure_ascii=False)) == d
    assert Settlement(**d) == s
    row = next(r for r in csv_rows if r["id"] == str(SUDZHA))
    assert d["oktmo"] == row["oktmo"] and isinstance(d["oktmo"], str)
    assert Settlement.from_row(row) == s


def test_settlement_is_frozen(layer):
    with pytest.raises(AttributeError):
        layer.by_id(SUDZHA).population = 0


def test_latin_x_type_is_read_as_cyrillic_kh(layer, csv_rows):
    (row,) = [r for r in csv_rows if r["type"] == "x"]
    s = layer.by_id(int(row["id"]))
    assert s.type == "х"
    assert layer.find(f"{s.name_latin} (khutor)") == s


def test_by_id_unknown(layer):
    with pytest.raises(UnknownPlaceError, match="no settlement has id 1"):
        layer.by_id(1)


# -- find -------------------------------------------------------------------


@pytest.mark.parametrize(
    "query, expected",
    [
        ("Sudzha", SUDZHA),
        ("Суджа", SUDZHA),
        ("SUDZHA", SUDZHA),
        ("  sudzha ", SUDZHA),
        ("Sudzha, Kursk oblast", SUDZHA),
        ("Bolshoye Soldatskoye", BOLSHOYE_SOLDATSKOYE),
        ("Bol'shoye Soldatskoye", BOLSHOYE_SOLDATSKOYE),
        ("bolshoe soldatskoe", BOLSHOYE_SOLDATSKOYE),
        ("Bolshoye-Soldatskoye", BOLSHOYE_SOLDATSKOYE),
        ("Bolshoye   soldatskoye", BOLSHOYE_SOLDATSKOYE),
        ("Большое Солдатское", BOLSHOYE_SOLDATSKOYE),
        ("Большое солдатское", BOLSHOYE_SOLDATSKOYE),
        ("Курск", KURSK),
        ("id:90421", KURSK),
        ("ID: 90421", KURSK),
        ("#90421", KURSK),
        ("Коренево (пгт)", KORENEVO_PGT),
        ("Korenevo (pgt)", KORENEVO_PGT),
        ("Коренево (пгт), Кореневский", KORENEVO_PGT),
        ("Korenevo (pgt), Korenevsky rayon", KORENEVO_PGT),
        ("Korenevo, pgt", KORENEVO_PGT),
        ("pgt Korenevo", KORENEVO_PGT),
        ("Korenevo (selo)", KORENEVO_SELO),
        ("Korenevo (s)", KORENEVO_SELO),
        ("Коренево (с)", KORENEVO_SELO),
        ("Коренево (село)", KORENEVO_SELO),
        ("с. Коренево", KORENEVO_SELO),
        ("id:106393", KORENEVO_PGT),
        ("Aleksandrovka (khutor), Shebekinsky", 84281),
        ("Aleksandrovka (selo), Shebekinsky district", 96277),
        ("Александровка (х), Шебекинский район", 84281),
        ("Aleksandrovka, Chernyansky", 143754),
        ("Aleksandrovka, Rakityansky r-n", 12616),
        ("Belgorod (gorod)", 125260),
        ("Belgorod, Gorodskoy okrug Belgorod", 125260),
    ],
)
def test_find(layer, query, expected):
    assert layer.find(query).id == expected


@pytest.mark.parametrize("query", ["Конышёвка", "Конышевка", "Konyshevka", "KONYSHEVKA"])
def test_find_treats_yo_as_ye(layer, query):
    # The register writes the village "Конышевка" and its district "Конышёвский район".
    s = layer.find(query)
    assert (s.id, s.name, s.district) == (146227, "Конышевка", "Конышёвский район")
    for qualified in (
        "Konyshevka, Konyshevsky",
        "Konyshevka, Konyshyovsky rayon",
        "Конышевка, Конышевский",
    ):
        assert layer.find(qualified) == s


@pytest.mark.parametrize("query", ["Коренево", "Korenevo", "korenevo", "Korenevo, Korenevsky"])
def test_korenevo_is_ambiguous(layer, query):
    with pytest.raises(AmbiguousPlaceError) as info:
        layer.find(query)
    assert [s.id for s in info.value.candidates] == [KORENEVO_PGT, KORENEVO_SELO]
    assert isinstance(info.value, LookupError) and isinstance(info.value, FrontmapError)
    assert "\n" not in str(info.value)
    assert "id:106393" in str(info.value)
    assert [s.id for s in layer.candidates(query)] == [KORENEVO_PGT, KORENEVO_SELO]


def test_ambiguity_message(layer):
    with pytest.raises(AmbiguousPlaceError) as info:
        layer.find("Коренево")
    assert str(info.value) == (
        "'Коренево' matches 2 settlements; add a district, a type or an id (e.g. 'Коренево (пгт)' or 'id:106393')"
    )
    with pytest.raises(AmbiguousPlaceError) as info:
        layer.find("Korenevo")
    assert "e.g. 'Korenevo (pgt)' or 'id:106393'" in str(info.value)


def test_aleksandrovka_candidates(layer, csv_rows):
    in_file = [r for r in csv_rows if r["name"] == "Александровка"]
    assert len(in_file) == 44  # 27 in Bryansk, Kursk and Belgorod oblasts, 17 in Voronezh and Rostov
    with pytest.raises(AmbiguousPlaceError) as info:
        layer.find("Александровка")
    candidates = info.value.candidates
    assert len(candidates) == len(in_file)
    assert {s.id for s in candidates} == {int(r["id"]) for r in in_file}
    order = [(s.region, s.district, -s.population) for s in candidates]
    assert order == sorted(order)
    assert [s.id for s in layer.candidates("Aleksandrovka")] == [s.id for s in candidates]


@pytest.mark.parametrize(
    "query, region",
    [
        ("Aleksandrovka, Kursk oblast", "Курская область"),
        ("Александровка, Курская", "Курская область"),
        ("Aleksandrovka, Belgorod oblast", "Белгородская область"),
        ("Aleksandrovka, Bryanskaya oblast", "Брянская область"),
        ("Aleksandrovka, Voronezh oblast", "Воронежская область"),
        ("Aleksandrovka, Rostov oblast", "Ростовская область"),
    ],
)
def test_region_qualifier(layer, csv_rows, query, region):
    expected = {int(r["id"]) for r in csv_rows if r["name"] == "Александровка" and r["region"] == region}
    assert len(expected) > 1
    assert {s.id for s in layer.candidates(query)} == expected


def test_district_qualifier_keeps_namesakes_of_the_same_district(layer):
    assert [s.id for s in layer.candidates("Aleksandrovka, Kursky rayon")] == [71852, 65638]


def test_qualifier_that_matches_nothing(layer):
    # The register has 44 Aleksandrovkas, none in Belgorodsky rayon.
    with pytest.raises(UnknownPlaceError) as info:
        layer.find("Aleksandrovka, Belgorodsky")
    assert str(info.value) == (
        "no settlement matches 'Aleksandrovka, Belgorodsky': 44 named 'Aleksandrovka', none in 'Belgorodsky'"
    )
    assert len(info.value.suggestions) == 44
    assert layer.candidates("Aleksandrovka, Belgorodsky") == []


def test_unknown_type(layer):
    with pytest.raises(UnknownPlaceError) as info:
        layer.find("Коренево (zz)")
    assert str(info.value).startswith("'zz' in 'Коренево (zz)' is not a settlement type; use one of ")
    assert "пгт" in str(info.value)
    assert [s.id for s in info.value.suggestions] == [KORENEVO_PGT, KORENEVO_SELO]


@pytest.mark.parametrize("query", ["Sudzhaa", "Sujda", "Sudja", "Судж"])
def test_unknown_name_suggests_sudzha(layer, query):
    with pytest.raises(UnknownPlaceError) as info:
        layer.find(query)
    assert str(info.value) == f"no settlement matches {query!r}"
    assert SUDZHA in [s.id for s in info.value.suggestions[:3]]
    assert len(info.value.suggestions) <= 5
    assert layer.candidates(query) == []


def test_suggest(layer):
    assert layer.suggest("Sudzhaa")[0].id == SUDZHA
    assert [s.id for s in layer.suggest("Bolshoe Soldatskoje", limit=1)] == [BOLSHOYE_SOLDATSKOYE]
    assert len(layer.suggest("Aleksandrovka", limit=3)) == 3
    assert layer.suggest("Korenevo (pgt)")[0].id == KORENEVO_PGT
    assert layer.suggest("Korenevo (selo)")[0].id == KORENEVO_SELO
    assert layer.suggest("qqqqqqqqqq") == []
    assert layer.suggest("Sudzha", limit=0) == []


def test_unknown_id(layer):
    with pytest.raises(UnknownPlaceError, match="no settlement has that id"):
        layer.find("id:1")


# -- disambiguator ------------------------------------------------------------


def test_disambiguator_examples(layer):
    group = layer.candidates("Коренево")
    pgt, selo = group
    assert disambiguator(pgt, group) == "Коренево (пгт)"
    assert disambiguator(selo, group) == "Коренево (с)"
    assert disambiguator(selo, group, latin=True) == "Korenevo (selo)"
    sudzha = layer.by_id(SUDZHA)
    assert disambiguator(sudzha, [sudzha]) == "Суджа"
    kursky = layer.candidates("Aleksandrovka, Kursky rayon")  # two villages, same type and district
    assert [disambiguator(s, layer.candidates("Александровка")) for s in kursky] == [
        "id:71852",
        "id:65638",
    ]


@pytest.mark.parametrize("latin", [False, True], ids=["cyrillic", "latin"])
def test_disambiguator_round_trips_over_every_ambiguous_name(layer, latin):
    groups: dict[str, list[Settlement]] = defaultdict(list)
    for s in layer.settlements:
        groups[s.name_latin if latin else s.name].append(s)
    checked = 0
    for name in groups:
        group = layer.candidates(name)
        assert set(s.id for s in groups[name]) <= {s.id for s in group}
        if len(group) < 2:
            assert layer.find(name) == group[0]
            continue
        for s in group:
            query = disambiguator(s, group, latin=latin)
            assert layer.find(query) == s, query
            checked += 1
    assert checked > 2000


# -- coordinates ----------------------------------------------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        ("35.27,51.19", (35.27, 51.19)),
        ("35.27, 51.19", (35.27, 51.19)),
        ("35.27 51.19", (35.27, 51.19)),
        ("  35.27   51.19 ", (35.27, 51.19)),
        ("35.27;51.19", (35.27, 51.19)),
        ("-180,-90", (-180.0, -90.0)),
        ("3.5e1,5.1e1", (35.0, 51.0)),
    ],
)
def test_parse_lonlat(text, expected):
    assert parse_lonlat(text) == expected


@pytest.mark.parametrize("text", ["Суджа", "Sudzha", "Korenevo, pgt", "618 км", "1-я Китаевка", "", " "])
def test_parse_lonlat_not_coordinates(text):
    assert parse_lonlat(text) is None


@pytest.mark.parametrize(
    "text, message",
    [
        ("35.27,", "'35.27,' is not 'lon,lat'"),
        ("35.27", "'35.27' is not 'lon,lat'"),
        ("35,27,51", "'35,27,51' is not 'lon,lat'"),
        ("200,51", "longitude 200.0 in '200,51' is out of range: longitude must be in [-180, 180]"),
        ("35.27,95", "latitude 95.0 in '35.27,95' is out of range: latitude must be in [-90, 90]"),
        ("nan,51", "'nan' in 'nan,51' is not a finite number"),
        ("inf,5", "'inf' in 'inf,5' is not a finite number"),
        ("35..2,51", "'35..2' in '35..2,51' is not a number"),
    ],
)
def test_parse_lonlat_invalid(text, message):
    with pytest.raises(InvalidCoordinatesError) as info:
        parse_lonlat(text)
    assert str(info.value).startswith(message)
    assert "\n" not in str(info.value)
    assert isinstance(info.value, ValueError)


# -- import cost ----------------------------------------------------------------


def test_import_is_light():
    # What frontmap.settlements itself pulls in, beyond the package's __init__.
    code = (
        "import sys, frontmap; before = set(sys.modules); import frontmap.settlements; "
        "print(sorted({'pandas', 'geopandas', 'rapidfuzz'} & (set(sys.modules) - before)))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
