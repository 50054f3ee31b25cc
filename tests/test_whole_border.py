"""The Russian register extract along the whole land border (issue 14): Voronezh and Rostov oblasts too."""

from __future__ import annotations

import pytest

from frontmap.estimate import COVERAGE_NAME, affected, zone_coverage
from frontmap.settlements import load_settlements
from frontmap.zone import ZoneSpec, build_zone


@pytest.mark.parametrize(
    "anchor, region",
    [("Kantemirovka", "Воронежская область"), ("Chertkovo", "Ростовская область"), ("38.3,47.3", "Ростовская область")],
)
def test_a_zone_on_the_voronezh_or_rostov_border_lists_their_settlements(anchor, region):
    zone = build_zone(ZoneSpec(anchor, 20, 8))
    found = affected(zone)
    layer = load_settlements()
    regions = {layer.by_id(s["id"]).region for s in found.settlements}
    assert found.count > 3 and region in regions
    assert zone_coverage(zone).complete and not found.notes


def test_the_coverage_names_the_five_oblasts():
    assert COVERAGE_NAME == "Bryansk, Kursk, Belgorod, Voronezh and Rostov oblasts of Russia"


def test_the_layer_reaches_the_sea_of_azov():
    layer = load_settlements()
    assert layer.chainage_km.max() == pytest.approx(2004.7, abs=1.0)
    assert len(layer.candidates("Kantemirovka, Voronezh oblast")) == 1
    assert layer.find("Rostov-na-Donu").population > 1_000_000
