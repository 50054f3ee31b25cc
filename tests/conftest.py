"""Shared fixtures: the shipped layers, loaded once per session."""

from __future__ import annotations

import math

import numpy as np
import pyproj
import pytest
import shapely

from frontmap import data
from frontmap.border import Border, load_border

GEOD = pyproj.Geod(ellps="WGS84")


@pytest.fixture(scope="session")
def border() -> Border:
    return load_border()


@pytest.fixture(scope="session")
def countries() -> dict:
    """The shipped RUS and UKR polygons (WGS84), prepared for point tests."""
    out = {code: data.read_country(code) for code in ("RUS", "UKR")}
    for geom in out.values():
        shapely.prepare(geom)
    return out


@pytest.fixture(scope="session")
def in_ukraine(countries):
    """A ``side_of`` callable for :meth:`Border.locate`."""
    return lambda lon, lat: shapely.contains_xy(countries["UKR"], lon, lat)


@pytest.fixture(scope="session")
def settlement_rows() -> tuple:
    return data.read_settlement_rows()


@pytest.fixture(scope="session")
def nearest_on_border(border):
    """Brute-force geodesic nearest border point: ``f(lon, lat) -> (chainage_km, distance_km)``.

    Independent of :meth:`Border.locate`: candidate segments are found from
    geodesic distances to every vertex, walked geodesically every ~2 m, and
    the closest sample wins (distance error < 1 cm beyond 100 m from the line).
    """

    def nearest(lon: float, lat: float, step_m: float = 2.0) -> tuple[float, float]:
        n = len(border.lon)
        _, _, to_vertex = GEOD.inv(np.full(n, lon), np.full(n, lat), border.lon, border.lat)
        reach = np.min(to_vertex) + border.segment_m
        best = (math.inf, math.nan)
        for i in np.flatnonzero(np.minimum(to_vertex[:-1], to_vertex[1:]) <= reach):
            k = int(math.ceil(border.segment_m[i] / step_m)) + 1
            t = np.linspace(0.0, 1.0, k)
            az, _, _ = GEOD.inv(border.lon[i], border.lat[i], border.lon[i + 1], border.lat[i + 1])
            slon, slat, _ = GEOD.fwd(
                np.full(k, border.lon[i]), np.full(k, border.lat[i]), np.full(k, az), t * border.segment_m[i]
            )
            _, _, dist = GEOD.inv(np.full(k, lon), np.full(k, lat), slon, slat)
            j = int(np.argmin(dist))
            if dist[j] < best[0]:
                best = (float(dist[j]), float(border.chainage_m[i] + t[j] * border.segment_m[i]))
        return best[1] / 1000.0, best[0] / 1000.0

    return nearest


@pytest.fixture(scope="session", autouse=True)
def _zone_cache_of_its_own(tmp_path_factory):
    """The suite's commands cache zones in a folder of their own, never the user's."""
    import os

    os.environ["FRONTMAP_CACHE_DIR"] = str(tmp_path_factory.mktemp("zone-cache"))
    os.environ.pop("FRONTMAP_NO_CACHE", None)
