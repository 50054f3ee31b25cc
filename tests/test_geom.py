"""frontmap.geom.clip_to_box: a box's cut of a country polygon is exact, even where GEOS's fast clip is not."""

from __future__ import annotations

import pytest
import shapely

from frontmap.countries import country
from frontmap.geom import clip_to_box

# Boxes whose edges cross Ukraine's Sea of Azov coast: shapely.clip_by_rect cuts
# the polygon into an invalid piece there (found by sampling boxes over the region).
AZOV_BOXES = [
    (35.867, 46.684, 36.732, 47.974),
    (35.855, 45.958, 37.689, 46.750),
    (35.713, 46.721, 37.930, 46.783),
]


@pytest.mark.parametrize("bounds", AZOV_BOXES)
def test_a_box_over_the_azov_coast_cuts_ukraine_exactly(bounds):
    exact = shapely.intersection(country("UKR"), shapely.box(*bounds))
    clipped = clip_to_box(country("UKR"), *bounds)
    assert clipped.is_valid
    assert clipped.area == pytest.approx(exact.area, rel=1e-9, abs=1e-12)
    assert shapely.symmetric_difference(clipped, exact).area < 1e-9


def test_the_fast_clip_is_kept_where_it_is_valid():
    part = clip_to_box(country("RUS"), 35.0, 51.0, 35.5, 51.5)  # round Sudzha, inland
    assert part.equals(shapely.clip_by_rect(country("RUS"), 35.0, 51.0, 35.5, 51.5))
