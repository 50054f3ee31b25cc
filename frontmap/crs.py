"""The local metric coordinate systems frontmap measures in.

frontmap measures in metres in an azimuthal equidistant (AEQD) projection on
the WGS84 ellipsoid, centred where the work is: on a zone's centre, or on a
settlement's nearest border point.  Distances from the centre are exact
geodesic distances; within 100 km of it other distances are off by less than
5e-5 of their length.  Transformers are built from PROJ pipelines, which
costs tens of microseconds, so making one per question is cheap.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import pyproj

__all__ = ["LocalCRS", "local_crs"]


class LocalCRS:
    """An AEQD projection centred on ``(lon0, lat0)`` with both directions.

    Examples
    --------
    >>> crs = local_crs(35.0, 51.0)
    >>> x, y = crs.forward([35.0], [51.0])
    >>> float(abs(x[0])) < 1e-6 and float(abs(y[0])) < 1e-6
    True
    """

    def __init__(self, lon0: float, lat0: float):
        self.lon0 = float(lon0)
        self.lat0 = float(lat0)
        pipeline = (
            "+proj=pipeline +step +proj=unitconvert +xy_in=deg +xy_out=rad "
            f"+step +proj=aeqd +lat_0={self.lat0!r} +lon_0={self.lon0!r} +ellps=WGS84"
        )
        self._fwd = pyproj.Transformer.from_pipeline(pipeline)

    def forward(self, lon, lat) -> tuple[np.ndarray, np.ndarray]:
        """Longitude/latitude in degrees to x/y in metres."""
        x, y = self._fwd.transform(np.asarray(lon, dtype=float), np.asarray(lat, dtype=float))
        return np.asarray(x, dtype=float), np.asarray(y, dtype=float)

    def inverse(self, x, y) -> tuple[np.ndarray, np.ndarray]:
        """x/y in metres to longitude/latitude in degrees."""
        lon, lat = self._fwd.transform(np.asarray(x, dtype=float), np.asarray(y, dtype=float), direction="INVERSE")
        return np.asarray(lon, dtype=float), np.asarray(lat, dtype=float)

    def to_local(self, geom):
        """A shapely geometry from WGS84 to this CRS."""
        import shapely

        return shapely.transform(geom, lambda xy: np.column_stack(self.forward(xy[:, 0], xy[:, 1])))

    def to_wgs84(self, geom):
        """A shapely geometry from this CRS to WGS84."""
        import shapely

        return shapely.transform(geom, lambda xy: np.column_stack(self.inverse(xy[:, 0], xy[:, 1])))


@lru_cache(maxsize=64)
def local_crs(lon0: float, lat0: float) -> LocalCRS:
    """The AEQD projection centred on ``(lon0, lat0)`` (cached).

    Parameters
    ----------
    lon0, lat0 : float
        The centre in degrees (WGS84): longitude in [-180, 180], latitude in [-90, 90].

    Returns
    -------
    LocalCRS
        The projection; the same object for the same centre while it stays among the 64 most recently used.

    Examples
    --------
    Sudzha lies about 90 km south-west of Kursk:

    >>> crs = local_crs(36.19, 51.73)
    >>> crs is local_crs(36.19, 51.73)
    True
    >>> x, y = crs.forward([35.27], [51.19])
    >>> round(float(x[0]) / 1000), round(float(y[0]) / 1000)
    (-64, -60)
    """
    return LocalCRS(lon0, lat0)
