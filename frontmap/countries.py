"""The two countries' land near the border, and the region frontmap has data for.

:func:`country` reads a country's polygon from the shipped layer once and
keeps it prepared for fast point-in-polygon tests; :func:`in_ukraine` signs
border offsets; :func:`data_region` is the lon/lat box beyond which frontmap
has no border, no countries and no settlements, and
:func:`outside_coverage_message` says so for a zone that lies beyond it.
"""

from __future__ import annotations

import math
from functools import lru_cache

import numpy as np
import shapely
from numpy.typing import ArrayLike

from . import data
from .spec import SIDES

__all__ = ["country", "data_region", "in_ukraine", "outside_coverage_message", "swapped_point_hint"]

#: Margin (degrees of latitude; longitude scaled) of the data region beyond the layers' extent.
REGION_MARGIN_DEG = 1.0
#: Decimals the data region's bounds are rounded to.
_REGION_DECIMALS = 2

_COUNTRIES: dict[str, shapely.Geometry] = {}


def country(code: str) -> shapely.Geometry:
    """A country's land near the border (WGS84), prepared for point-in-polygon tests.

    Parameters
    ----------
    code : {"RUS", "UKR"}
        ISO 3166 alpha-3 code.

    Returns
    -------
    shapely.Geometry
        The (Multi)Polygon, read once and cached.

    Examples
    --------
    >>> bool(shapely.contains_xy(country("RUS"), 35.2719, 51.1919))
    True
    """
    if code not in _COUNTRIES:
        geom = data.read_country(code)
        shapely.prepare(geom)
        _COUNTRIES[code] = geom
    return _COUNTRIES[code]


def in_ukraine(lon: ArrayLike, lat: ArrayLike) -> np.ndarray:
    """True where lon/lat points lie in Ukraine's land near the border (vectorised).

    Parameters
    ----------
    lon, lat : array_like
        WGS84 degrees.

    Returns
    -------
    numpy.ndarray of bool
        One value per point; this is the ``side_of`` that
        :meth:`frontmap.border.Border.locate` signs offsets with.

    Examples
    --------
    >>> in_ukraine([35.27, 36.23], [51.19, 49.99]).tolist()  # Sudzha, Kharkiv
    [False, True]
    """
    return shapely.contains_xy(country("UKR"), np.asarray(lon), np.asarray(lat))


@lru_cache(maxsize=1)
def data_region() -> tuple[float, float, float, float]:
    """The lon/lat box frontmap has any data for: its layers' extent plus a margin.

    The countries layer (Russia and Ukraine within 130 km of the border) and
    the settlements (which reach 354 km from it in Rostov oblast), widened
    by 1° of latitude (111 km) and the same distance in longitude.  A zone
    file's polygons are clipped to this box: beyond it frontmap has no
    border, no countries and no settlements.

    Returns
    -------
    tuple of float
        ``(min_lon, min_lat, max_lon, max_lat)``, rounded to 0.01°; the same
        tuple on every call.

    Examples
    --------
    >>> data_region()
    (28.47, 44.95, 45.87, 55.01)
    """
    from .settlements import load_settlements

    layer = load_settlements()
    boxes = [shapely.bounds(country(code)) for code in SIDES]
    boxes.append((float(layer.lon.min()), float(layer.lat.min()), float(layer.lon.max()), float(layer.lat.max())))
    extent = np.asarray(boxes)
    minx, miny = extent[:, 0].min(), extent[:, 1].min()
    maxx, maxy = extent[:, 2].max(), extent[:, 3].max()
    dlon = REGION_MARGIN_DEG / math.cos(math.radians(max(abs(miny), abs(maxy))))
    return (
        round(float(minx) - dlon, _REGION_DECIMALS),
        round(float(miny) - REGION_MARGIN_DEG, _REGION_DECIMALS),
        round(float(maxx) + dlon, _REGION_DECIMALS),
        round(float(maxy) + REGION_MARGIN_DEG, _REGION_DECIMALS),
    )


def swapped_point_hint(lon: float, lat: float) -> str | None:
    """A "did you mean" for a point typed lat,lon where lon,lat belongs, or None.

    The hint is given only when the point as read lies beyond
    :func:`data_region` and the same numbers the other way round lie in it.

    Parameters
    ----------
    lon, lat : float
        The point as read (longitude first).

    Returns
    -------
    str or None
        ``"did you mean 35.2,51.2? frontmap reads lon,lat"``, or None.

    Examples
    --------
    >>> swapped_point_hint(51.2, 35.2)
    'did you mean 35.2,51.2? frontmap reads lon,lat'
    >>> swapped_point_hint(35.2, 51.2) is None, swapped_point_hint(37.6, 55.8) is None
    (True, True)
    """
    minx, miny, maxx, maxy = data_region()

    def inside(x: float, y: float) -> bool:
        return minx <= x <= maxx and miny <= y <= maxy

    if inside(lon, lat) or not inside(lat, lon):
        return None
    return f"did you mean {lat:g},{lon:g}? frontmap reads lon,lat"


def _swap_xy(geom: shapely.Geometry) -> shapely.Geometry:
    return shapely.transform(geom, lambda xy: xy[:, ::-1])


def outside_coverage_message(where: str, geometry: shapely.Geometry, near: shapely.Geometry) -> str:
    """The message of :class:`~frontmap.errors.OutsideCoverageError` for a zone outside the data.

    Parameters
    ----------
    where : str
        What the zone is, for the message (``"zone file 'x.geojson'"``).
    geometry : shapely.Geometry
        The zone's polygons (WGS84).
    near : shapely.Geometry
        The region frontmap has data for.

    Returns
    -------
    str
        One line; it adds a lat/lon hint when ``geometry`` with its axes
        swapped meets ``near``.

    Examples
    --------
    >>> near = shapely.box(35.0, 50.0, 36.0, 52.0)
    >>> outside_coverage_message("the zone", shapely.box(10.0, 10.0, 11.0, 11.0), near).endswith("not 0")
    True
    >>> swapped = shapely.box(51.1, 35.2, 51.2, 35.3)  # lat/lon where lon/lat belongs
    >>> outside_coverage_message("the zone", swapped, near).endswith("(GeoJSON is lon,lat)")
    True
    """
    message = (
        f"{where} lies outside the area frontmap has settlement data for "
        f"(Bryansk, Kursk, Belgorod, Voronezh and Rostov oblasts of Russia): the count is unknown, not 0"
    )
    try:
        swapped = _swap_xy(geometry)
        if not swapped.is_empty and shapely.intersects(swapped, near):
            message += "; its coordinates may be lat/lon swapped (GeoJSON is lon,lat)"
    except shapely.errors.GEOSException:
        pass
    return message
