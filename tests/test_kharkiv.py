"""The second worked case (issue 14): data/claims/kharkiv-2024.toml, the Russian offensive north
of Kharkiv in May-June 2024, on the Ukrainian side of the border.

What the file must be: it loads; every claim is dated within the offensive's first weeks, in
order, attributed and sourced; every place and anchor it names is a mapped place of the
Ukrainian layer in Kharkiv oblast; the villages it keeps in "# unmapped:" comments are known
(unmapped) Kharkiv-oblast settlements; and the zones that can be built today lie in Ukraine.

Every claim is modelled on the UKR side: anchors and named places resolve in the
Ukrainian layer, and counts compare with its mapped places.
"""

from __future__ import annotations

import ast
import datetime as dt
import re
import tomllib
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from frontmap.claims import load_claim_file
from frontmap.countries import in_ukraine
from frontmap.estimate import affected_ukraine, find_place
from frontmap.ukraine import UkrPlace, UnmappedPlaceError, load_ukraine

FILE = Path(__file__).resolve().parents[1] / "data" / "claims" / "kharkiv-2024.toml"
OBLAST = "Харківська область"
FIRST_DAY, LAST_DAY = dt.date(2024, 5, 10), dt.date(2024, 6, 30)
AXES_COMMENT = "# axes: Lyptsi, Vovchansk"
#: A quotation stays a few words, never a paragraph.
MAX_QUOTE_WORDS = 8
EARTH_RADIUS_KM = 6371.0


@pytest.fixture(scope="module")
def claim_file():
    return load_claim_file(FILE)


@pytest.fixture(scope="module")
def raw():
    return tomllib.loads(FILE.read_text(encoding="utf-8"))


def _blocks() -> list[str]:
    """The text of each [[claim]] table, comments included, in file order."""
    return FILE.read_text(encoding="utf-8").split("[[claim]]")[1:]


def _ukrainian(name: str) -> UkrPlace:
    place = find_place(name, side="UKR")
    assert isinstance(place, UkrPlace), (name, place)
    assert place.region == OBLAST, (name, place.region)
    return place


def test_file_loads_on_the_ukrainian_side(claim_file):
    assert claim_file.side == "UKR" and claim_file.region == "Kharkiv oblast"
    assert claim_file.start == "2024-05-10"
    assert len(claim_file.claims) >= 15
    assert {c.side for c in claim_file.claims} == {"UKR"}
    # one axis, or both (claims of numbers about both: one front per axis)
    assert {c.anchor for c in claim_file.claims} == {"Lyptsi", "Vovchansk", ("Lyptsi", "Vovchansk")}
    # the figures the issue quotes are there, as their claimants gave them
    numbers = [c.numbers() for c in claim_file.claims]
    assert {"depth_km": 5, "width_km": 10} in numbers
    assert {"settlements": 12} in numbers
    assert {"area_km2": 300} in numbers
    assert any(n.get("depth_km") == (5, 10) for n in numbers)


def test_dates_are_in_may_and_june_2024_and_in_file_order(raw):
    dates = [entry["date"] for entry in raw["claim"]]
    assert all(isinstance(d, dt.date) for d in dates)
    assert dates == sorted(dates)
    assert FIRST_DAY == raw["operation"]["start"] <= dates[0]
    assert dates[-1] <= LAST_DAY


def test_every_claim_is_attributed_and_sourced(claim_file):
    for c in claim_file.claims:
        assert c.claimant.strip() and c.role, c.label
        assert re.fullmatch(r"https://\S+", c.source), (c.label, c.source)
        assert c.note, c.label
        if c.quote is not None:
            assert 0 < len(c.quote.split()) <= MAX_QUOTE_WORDS, (c.label, c.quote)
    labels = [c.label for c in claim_file.claims]
    assert len(labels) == len(set(labels))  # --claimant can pick every claim of a date


def test_every_named_place_is_a_mapped_place_in_kharkiv_oblast(claim_file):
    names = {p.query for c in claim_file.claims for p in c.places}
    assert {"Strilecha", "Lukiantsi", "Vovchansk", "Lyptsi"} <= names
    for name in names:
        _ukrainian(name)


def _km(a, b) -> float:
    """Great-circle distance between two places, km."""
    lon1, lat1, lon2, lat2 = map(np.radians, (a.lon, a.lat, b.lon, b.lat))
    h = np.sin((lat2 - lat1) / 2) ** 2 + np.cos(lat1) * np.cos(lat2) * np.sin((lon2 - lon1) / 2) ** 2
    return float(2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(h)))


def test_anchors_are_mapped_places_near_the_border(claim_file):
    vovchansk, lyptsi = _ukrainian("Vovchansk"), _ukrainian("Lyptsi")
    anchors = {claim_file.anchor} | {c.anchor for c in claim_file.claims}
    assert anchors == {"Vovchansk", "Lyptsi", ("Lyptsi", "Vovchansk")}
    for place in (vovchansk, lyptsi):
        assert in_ukraine([place.lon], [place.lat]).all(), place
        assert 0 < abs(place.offset_km) < 15, place  # a few km from the border
    # the two axes lie about 30-40 km apart as the crow flies (the border line between them is
    # longer: it winds, so one anchor's window cannot reach the other axis)
    assert 25 < _km(vovchansk, lyptsi) < 50
    assert abs(vovchansk.chainage_km - lyptsi.chainage_km) > claim_file.window_km


def test_unmapped_villages_are_known_kharkiv_settlements():
    """Each name in a "# unmapped:" comment is one known Kharkiv-oblast settlement without
    coordinates; once the layer maps it, this fails: move it into the claim's list."""
    layer = load_ukraine()
    lists = re.findall(
        r"^# unmapped: (inside|contested|outside) = (\[.*\])$", FILE.read_text(encoding="utf-8"), flags=re.MULTILINE
    )
    names = {name for _, text in lists for name in ast.literal_eval(text)}
    assert {"Pylna", "Ohirtseve", "Pletenivka", "Hlyboke, Lypetska"} <= names
    for name in names:
        with pytest.raises(UnmappedPlaceError):
            find_place(name, side="UKR")
        (found,) = layer.unmapped_candidates(name)
        assert layer.where(found).endswith(OBLAST), (name, layer.where(found))


def test_claims_without_their_own_anchor_are_marked_as_two_axis():
    for block in _blocks():
        if not re.search(r"^anchor = ", block, flags=re.MULTILINE):
            assert AXES_COMMENT in block, block[:120]


def _lonlat_anchor(claim):
    """The claim with its anchor (or each of its axes' anchors) given as the Ukrainian place's lon,lat."""

    def lonlat(name):
        place = _ukrainian(name)
        return f"{place.lon},{place.lat}"

    anchor = tuple(lonlat(a) for a in claim.anchor) if isinstance(claim.anchor, tuple) else lonlat(claim.anchor)
    return replace(claim, anchor=anchor)


def _number_claims(claim_file):
    """The claims built from numbers alone (no places, no settlement count)."""
    return [c for c in claim_file.claims if not c.places and c.settlements is None]


def test_zones_that_can_be_built_lie_in_ukraine(claim_file):
    from frontmap.settlements import load_settlements
    from frontmap.timeline import build_steps

    claims = [_lonlat_anchor(c) for c in _number_claims(claim_file)]
    assert len(claims) >= 8
    steps = build_steps(replace(claim_file, claims=tuple(claims)))
    russian = load_settlements()
    for step in steps:
        zone, c = step.zone, step.claim
        assert zone.side == "UKR" and zone.area_km2 > 0, c.label
        found = affected_ukraine(zone)  # may be empty: most border villages are unmapped
        assert found.to_json()["coverage"]["side"] == "UKR", c.label
        assert all(row["hromada"].endswith("громада") for row in found.settlements), c.label
        assert {_ukrainian(f"id:{row['id']}").region for row in found.settlements} <= {OBLAST}, c.label
        assert not np.any(zone.contains(russian.lon, russian.lat)), c.label
        if isinstance(c.area_km2, (int, float)):
            assert zone.area_km2 == pytest.approx(c.area_km2, rel=0.10), c.label  # a fit's default tolerance
    assert sum(affected_ukraine(s.zone).count for s in steps) > 0
    # Butusov's first-day foothold north of Lyptsi takes in Strilecha, as Ukrainska Pravda reported
    first = affected_ukraine(steps[0].zone)
    assert "Strilecha" in {row["name_latin"] for row in first.settlements}


def test_anchor_names_resolve_as_zone_anchors():
    from frontmap.anchor import resolve_anchor

    # a Ukrainian place found by resolve_anchor's fallback to the Ukrainian layer (offsets < 0 in Ukraine)
    assert resolve_anchor("Vovchansk").offset_km < 0 and resolve_anchor("Vovchansk", side="UKR").settlement_id == 689304


def test_named_places_resolve_for_a_fitted_front():
    from frontmap.places import Place, resolve_places

    found = resolve_places([Place("Strilecha", "inside"), Place("Lyptsi", "outside")], side="UKR")
    assert all(r.resolved for r in found) and all(r.offset_km < 0 for r in found)


def test_the_whole_timeline_builds(claim_file):
    from frontmap.timeline import build_steps

    steps = build_steps(claim_file)
    assert len(steps) == len(claim_file.claims)
    # Every step lies in Ukraine, and every step fitted through places meets its inside places.
    from frontmap.countries import country

    ukraine = country("UKR")
    for step in steps:
        assert step.zone.geometry.intersection(ukraine).area >= 0.99 * step.zone.geometry.area, step.claim.label
        for place in step.zone.properties.get("places", []):
            if place["status"] == "inside" and place["used"]:
                assert place["met"], (step.claim.label, place["message"])
