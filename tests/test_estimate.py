"""Tests of frontmap.estimate (affected, check_places) on the shipped layers."""

from __future__ import annotations

import json
import warnings

import numpy as np
import pytest

from frontmap.errors import AmbiguousPlaceError, FrontmapError, UnknownPlaceError
from frontmap.estimate import NoSettlementLayerError, affected, check_places
from frontmap.export import dump_json, zone_to_geojson
from frontmap.settlements import load_settlements
from frontmap.zone import DEFAULT_SPEC, ZoneSpec, build_zone, zone_from_geojson

SUDZHA, KURSK, BOLSHOYE_SOLDATSKOYE = 115637, 90421, 47086
KORENEVO_PGT, KORENEVO_SELO = 106393, 75939


@pytest.fixture(scope="module")
def layer():
    return load_settlements()


@pytest.fixture(scope="module")
def zone():
    return build_zone()


@pytest.fixture(scope="module")
def result(zone):
    return affected(zone)


@pytest.fixture(scope="module")
def ids(result) -> list[int]:
    return [s["id"] for s in result.settlements]


@pytest.mark.filterwarnings("error")
def test_build_zone_emits_no_warnings():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert build_zone().spec == DEFAULT_SPEC


def test_sudzha_in_kursk_out(ids):
    assert SUDZHA in ids
    assert KURSK not in ids
    assert len(ids) == len(set(ids))


def test_distances_are_non_negative(result):
    assert result.count > 20
    assert all(s["distance_to_edge_km"] >= 0 for s in result.settlements)
    assert all(s["distance_to_border_km"] >= 0 for s in result.settlements)
    # A salient 12 km deep: nobody inside is farther than 12 km from the border,
    # nor farther than 12 km from the edge.
    assert max(s["distance_to_border_km"] for s in result.settlements) <= 12.0
    assert max(s["distance_to_edge_km"] for s in result.settlements) <= 12.0


def test_distance_to_border_is_the_layer_offset(result, layer):
    for s in result.settlements:
        assert s["distance_to_border_km"] == pytest.approx(abs(layer.by_id(s["id"]).offset_km), abs=5e-4)


def test_rows_are_the_register_records(result, layer):
    for s in result.settlements:
        record = layer.by_id(s["id"])
        assert (s["name"], s["name_latin"], s["type"], s["district"], s["population"], s["lon"], s["lat"]) == (
            record.name,
            record.name_latin,
            record.type,
            record.district,
            record.population,
            record.lon,
            record.lat,
        )


def test_rows_sorted_by_distance_to_border(result):
    keys = [(s["distance_to_border_km"], s["id"]) for s in result.settlements]
    assert keys == sorted(keys)


def test_membership_matches_the_zone_definition(zone, layer):
    """Every register entry is in the polygon exactly when its (chainage, offset) is in the zone."""
    polygon = zone.contains(layer.lon, layer.lat)
    definition = zone.contains_sd(layer.chainage_km, layer.offset_km)
    assert np.array_equal(polygon, definition)
    assert int(polygon.sum()) == affected(zone, layer).count


def test_totals_are_consistent(result):
    assert result.count == len(result.settlements)
    assert result.inhabited == sum(1 for s in result.settlements if s["population"] > 0)
    assert result.population == sum(s["population"] for s in result.settlements)
    by_district = result.by_district
    assert sum(d["count"] for d in by_district.values()) == result.count
    assert sum(d["inhabited"] for d in by_district.values()) == result.inhabited
    assert sum(d["population"] for d in by_district.values()) == result.population
    assert "Суджанский район" in by_district
    doc = result.to_json()
    assert (doc["count"], doc["inhabited"], doc["population"]) == (result.count, result.inhabited, result.population)
    assert doc["zone"]["anchor"] == "Sudzha" and doc["notes"] == []


def test_zone_read_back_from_geojson_has_the_same_settlements(zone, ids):
    text = dump_json(zone_to_geojson(zone))
    read = zone_from_geojson(text)
    assert read.spec is None
    assert read.area_km2 == pytest.approx(zone.area_km2, rel=1e-4)
    again = affected(read)
    assert [s["id"] for s in again.settlements] == ids
    # The exported polygon is rounded to 6 decimals (0.1 m) and both distances to 1 m: they agree to 2 m.
    for a, b in zip(again.settlements, affected(zone).settlements, strict=True):
        assert a["distance_to_edge_km"] == pytest.approx(b["distance_to_edge_km"], abs=2e-3)
    assert again.notes == []  # nothing of it lies in Ukraine


def test_drawn_zone_reaching_into_ukraine_gets_a_note():
    square = [[35.0, 51.0], [35.6, 51.0], [35.6, 51.4], [35.0, 51.4], [35.0, 51.0]]
    result = affected(zone_from_geojson(json.dumps({"type": "Polygon", "coordinates": [square]})))
    assert SUDZHA in [s["id"] for s in result.settlements]
    # Since issue 14 the Ukrainian part lists its mapped places, with a note of its own.
    assert len(result.notes) == 1 and "Ukraine" in result.notes[0] and "Ukrainian side" in result.notes[0]
    assert (
        result.to_json()["coverage"]["ukraine"]["mapped_places"] == sum("hromada" in s for s in result.settlements) > 0
    )


def test_ukrainian_side_counts_mapped_places_and_never_reads_as_complete():
    # Since issue 14 the UKR side lists mapped Ukrainian places, with a coverage record instead of a 0.
    found = affected(build_zone(ZoneSpec(side="UKR")))
    assert found.to_json()["coverage"]["complete"] is False and found.notes
    assert issubclass(NoSettlementLayerError, FrontmapError)
    assert issubclass(NoSettlementLayerError, LookupError)


def test_check_places(zone):
    answers = check_places(zone, ["Sudzha", "Kursk", "35.2719,51.1919", "Большое Солдатское"])
    assert [a.id for a in answers] == [SUDZHA, KURSK, None, BOLSHOYE_SOLDATSKOYE]
    assert [a.inside for a in answers] == [True, False, True, False]
    assert all(a.distance_to_edge_km >= 0 for a in answers)
    assert answers[2].query == "35.2719,51.1919" and (answers[2].lon, answers[2].lat) == (35.2719, 51.1919)
    # Kursk is 92 km from the border, the zone reaches 12 km.
    assert answers[1].distance_to_edge_km > 70
    json_row = answers[0].to_json()
    assert set(json_row) == {
        "query",
        "id",
        "name",
        "name_latin",
        "district",
        "lon",
        "lat",
        "inside",
        "distance_to_edge_km",
    }
    assert json_row["name"] == "Суджа" and json_row["name_latin"] == "Sudzha"


def test_check_places_ambiguous(zone):
    with pytest.raises(AmbiguousPlaceError) as info:
        check_places(zone, ["Коренево"])
    assert sorted(s.id for s in info.value.candidates) == sorted([KORENEVO_PGT, KORENEVO_SELO])
    (answer,) = check_places(zone, ["Коренево (пгт)"])
    assert answer.id == KORENEVO_PGT


def test_check_places_answers_nothing_when_one_query_fails(zone):
    with pytest.raises(UnknownPlaceError) as info:
        check_places(zone, ["Sudzha", "Sudzhaa"])
    assert SUDZHA in [s.id for s in info.value.suggestions]
