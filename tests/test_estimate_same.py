"""Counting's fast paths give the answers of the plain ones (issue 13).

:func:`frontmap.estimate.count_in_zone` counts a Russian-side zone's
settlements without building :func:`~frontmap.estimate.affected`'s rows or
measuring the zone's part in Ukraine, and :func:`~frontmap.estimate.zone_coverage`
works out a zone's areas in the covered area and in Ukraine once per zone.
Each is checked here against the plain computation.
"""

from __future__ import annotations

import dataclasses
import gc
import weakref

import pytest
import shapely

from frontmap import estimate
from frontmap.errors import OutsideCoverageError
from frontmap.estimate import COUNTS, affected, count_in_zone, settlement_coverage, zone_coverage
from frontmap.ukraine import MAPPED_MIN_POPULATION
from frontmap.zone import ZoneSpec, build_zone, zone_from_geojson, zone_from_profile


def _plain_count(zone, count: str) -> int:
    rows = [r for r in affected(zone).settlements if "hromada" not in r]
    if count == "all":
        return len(rows)
    least = 1 if count == "inhabited" else MAPPED_MIN_POPULATION
    return sum(1 for r in rows if r["population"] >= least)


@pytest.fixture(scope="module")
def zones():
    return [
        build_zone(ZoneSpec("Sudzha", 40, 12)),
        build_zone(ZoneSpec("Sudzha", 45, 30, "flat")),
        build_zone(ZoneSpec("Tetkino", 20, 4)),
        zone_from_profile([600, 610, 620, 630, 640], [0, 8, 15, 6, 0]),
    ]


@pytest.mark.parametrize("count", COUNTS)
def test_count_in_zone_as_affected_counts(zones, count):
    counts = [count_in_zone(zone, count) for zone in zones]
    assert counts == [_plain_count(zone, count) for zone in zones]
    assert min(counts) > 0


def test_count_outside_coverage_raises_as_affected():
    # A Russian-side zone moved to Moscow, far from the register's oblasts: no covered ground.
    far = dataclasses.replace(build_zone(ZoneSpec("Sudzha", 20, 5)), geometry=shapely.box(37.5, 55.6, 37.7, 55.8))
    with pytest.raises(OutsideCoverageError) as plain:
        affected(far)
    with pytest.raises(OutsideCoverageError) as fast:
        count_in_zone(far)
    assert str(fast.value) == str(plain.value)


def test_coverage_areas_as_plain_intersections(zones):
    from frontmap.countries import country

    for zone in zones:
        coverage = zone_coverage(zone)
        assert coverage.covered_area_km2 == min(
            estimate._intersection_km2(zone.geometry, settlement_coverage()), zone.area_km2
        )
        assert coverage.in_ukraine_km2 == estimate._intersection_km2(zone.geometry, country("UKR"))
        assert zone_coverage(zone) == coverage


def test_coverage_follows_a_new_polygon_and_forgets_dead_zones():
    zone = build_zone(ZoneSpec("Sudzha", 20, 5))
    first = zone_coverage(zone)
    # a zone file's polygon, half of it beyond the covered area, put in the same object
    half = shapely.box(33.5, 50.0, 36.0, 53.0).intersection(shapely.box(20.0, 40.0, 34.4, 60.0))
    other = zone_from_geojson(shapely.to_geojson(half))
    zone.geometry = other.geometry
    zone.__dict__.pop("area_km2", None)  # the cached area belongs to the old polygon
    assert zone_coverage(zone) == zone_coverage(other) != first
    refs = [weakref.ref(zone), weakref.ref(other)]
    del zone, other
    gc.collect()
    assert [r() for r in refs] == [None, None]  # nothing outside the zones keeps them


def test_settlements_inside_as_affected_rows(zones):
    ukr = build_zone(ZoneSpec("Vovchansk", 10, 5, "salient", "UKR"))
    drawn = zone_from_geojson(shapely.to_geojson(shapely.box(35.0, 51.1, 35.3, 51.3)))
    for zone in [*zones, ukr, drawn]:
        assert estimate.settlements_inside(zone) == affected(zone).settlements


def test_settlements_inside_outside_coverage_raises_as_affected():
    far = dataclasses.replace(build_zone(ZoneSpec("Sudzha", 20, 5)), geometry=shapely.box(37.5, 55.6, 37.7, 55.8))
    with pytest.raises(OutsideCoverageError) as plain:
        affected(far)
    with pytest.raises(OutsideCoverageError) as fast:
        estimate.settlements_inside(far)
    assert str(fast.value) == str(plain.value)


def test_a_settlement_well_inside_shows_covered_ground(monkeypatch, zones):
    # No coverage polygon is drawn where a settlement well inside the zone (and away from Ukraine) shows it.
    zones = [zone for zone in zones if zone.side == "RUS"]
    assert len(zones) == 3
    counts = [count_in_zone(zone) for zone in zones]

    def refuse():
        raise AssertionError("the coverage polygon was drawn")

    monkeypatch.setattr(estimate, "settlement_coverage", refuse)
    fresh = [dataclasses.replace(zone) for zone in zones]  # no areas remembered
    assert [count_in_zone(zone) for zone in fresh] == counts
    assert [len(estimate.settlements_inside(zone)) for zone in fresh] == counts


def test_a_zone_without_such_a_settlement_measures_its_coverage(monkeypatch):
    layer = estimate.load_settlements()
    zone = build_zone(ZoneSpec("Sudzha", 40, 12))
    idx, edge = estimate._inside_register(zone, layer)
    assert estimate._surely_covered(zone, layer, idx, edge)
    assert not estimate._surely_covered(zone, layer, idx[:0], edge[:0])
    assert not estimate._surely_covered(zone, layer, idx, edge * 0.0 + 0.1)  # none 200 m inside
    # a box about 140 m by 220 m around one settlement: within 0.003° of its edge
    lon, lat = float(layer.lon[idx[0]]), float(layer.lat[idx[0]])
    box = shapely.box(lon - 0.001, lat - 0.001, lon + 0.001, lat + 0.001)
    tiny = dataclasses.replace(zone, geometry=box, local=zone.crs.to_local(box))
    assert count_in_zone(tiny) == _plain_count(tiny, "all") == 1
    monkeypatch.setattr(estimate, "settlement_coverage", lambda: pytest.fail("drawn"))
    with pytest.raises(pytest.fail.Exception):
        count_in_zone(dataclasses.replace(tiny))
