"""The border line and border-relative coordinates.

Every point gets a *chainage* ``s`` (km along the border from the Belarus
tripoint to the point's nearest border point) and an *offset* ``d`` (its
geodesic distance from the line, positive in Russia and negative in
Ukraine).  Chainage is the sum of the segments' geodesic lengths; the nearest
point is found in an azimuthal equidistant projection centred on it, where
distances from the centre are exact.  Zones are defined in these coordinates
(see :mod:`frontmap.zone`).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property, lru_cache

import numpy as np
import pyproj
import shapely
from numpy.typing import ArrayLike

from . import data
from .crs import local_crs

__all__ = ["Border", "BorderPoint", "load_border", "segment_lines"]

_GEOD = pyproj.Geod(ellps="WGS84")


@dataclass(frozen=True)
class BorderPoint:
    """Where a point sits relative to the border.

    ``chainage_km`` is measured from the Belarus tripoint; ``offset_km`` is
    positive in Russia and negative in Ukraine; ``foot_lon``/``foot_lat`` is
    the nearest border point.
    """

    chainage_km: float
    offset_km: float
    foot_lon: float
    foot_lat: float


class Border:
    """The Russia–Ukraine land border as a polyline with geodesic chainage.

    Parameters
    ----------
    coords : array_like of shape (n, 2)
        Longitude/latitude vertices in order along the border.
    """

    def __init__(self, coords):
        xy = np.asarray(coords, dtype=float)
        if xy.ndim != 2 or xy.shape[1] != 2 or len(xy) < 2:
            raise ValueError("a border needs at least two lon/lat vertices")
        self.lon = xy[:, 0]
        self.lat = xy[:, 1]
        _, _, seg = _GEOD.inv(self.lon[:-1], self.lat[:-1], self.lon[1:], self.lat[1:])
        self.segment_m = np.asarray(seg, dtype=float)
        self.chainage_m = np.concatenate([[0.0], np.cumsum(self.segment_m)])

    @property
    def length_km(self) -> float:
        """The line's geodesic length in km."""
        return float(self.chainage_m[-1] / 1000.0)

    @cached_property
    def line(self) -> shapely.LineString:
        """The line in WGS84."""
        return shapely.linestrings(np.column_stack([self.lon, self.lat]))

    @cached_property
    def _rough(self):
        # A single AEQD over the whole border is good to ~0.5 % at its ends:
        # enough to pick candidate segments, which are then measured exactly.
        crs = local_crs(float(np.mean(self.lon)), float(np.mean(self.lat)))
        x, y = crs.forward(self.lon, self.lat)
        return crs, shapely.STRtree(segment_lines(x, y))

    def point_at(self, chainage_km: float) -> tuple[float, float]:
        """The lon/lat of the border point at ``chainage_km``."""
        s = float(np.clip(chainage_km * 1000.0, 0.0, self.chainage_m[-1]))
        i = int(np.clip(np.searchsorted(self.chainage_m, s, side="right") - 1, 0, len(self.segment_m) - 1))
        frac = (s - self.chainage_m[i]) / self.segment_m[i] if self.segment_m[i] > 0 else 0.0
        az, _, _ = _GEOD.inv(self.lon[i], self.lat[i], self.lon[i + 1], self.lat[i + 1])
        lon, lat, _ = _GEOD.fwd(self.lon[i], self.lat[i], az, frac * self.segment_m[i])
        return float(lon), float(lat)

    def locate(self, lon, lat, side_of=None) -> list[BorderPoint]:
        """Chainage and offset of each lon/lat point.

        ``side_of`` is a callable taking lon/lat arrays and returning True where
        a point lies in Ukraine; without it offsets are unsigned.
        """
        lon = np.atleast_1d(np.asarray(lon, dtype=float))
        lat = np.atleast_1d(np.asarray(lat, dtype=float))
        crs, tree = self._rough
        px, py = crs.forward(lon, lat)
        points = shapely.points(px, py)
        _, rough = tree.query_nearest(points, return_distance=True, all_matches=False)
        in_ukraine = side_of(lon, lat) if side_of is not None else np.zeros(len(lon), bool)
        out = []
        for k in range(len(lon)):
            # Every segment that could be nearest under the exact metric.
            cand = tree.query(points[k], predicate="dwithin", distance=rough[k] * 1.01 + 50.0)
            out.append(self._refine(lon[k], lat[k], np.unique(cand), bool(in_ukraine[k])))
        return out

    def _refine(self, lon: float, lat: float, segments: np.ndarray, in_ukraine: bool) -> BorderPoint:
        first = self._foot(lon, lat, segments, (lon, lat))
        # Measure again centred on the foot, where the metric is exact.
        i, t, flon, flat = self._foot(lon, lat, segments, (first[2], first[3]))
        _, _, d = _GEOD.inv(lon, lat, flon, flat)
        s = self.chainage_m[i] + t * self.segment_m[i]
        sign = -1.0 if in_ukraine else 1.0
        return BorderPoint(s / 1000.0, sign * d / 1000.0, flon, flat)

    def _foot(
        self, lon: float, lat: float, segments: np.ndarray, centre: tuple[float, float]
    ) -> tuple[int, float, float, float]:
        """The nearest point to ``lon, lat`` on ``segments``, measured in the AEQD centred on ``centre``:
        its segment, its fraction along it and its lon/lat.
        """
        crs = local_crs(*centre)
        i0, i1 = segments, segments + 1
        ax, ay = crs.forward(self.lon[i0], self.lat[i0])
        bx, by = crs.forward(self.lon[i1], self.lat[i1])
        qx, qy = crs.forward([lon], [lat])
        dx, dy = bx - ax, by - ay
        len2 = dx * dx + dy * dy
        t = np.where(len2 > 0, ((qx - ax) * dx + (qy - ay) * dy) / np.where(len2 > 0, len2, 1), 0.0)
        t = np.clip(t, 0.0, 1.0)
        fx, fy = ax + t * dx, ay + t * dy
        dist = np.hypot(qx - fx, qy - fy)
        j = int(np.argmin(dist))
        flon, flat = crs.inverse(fx[j : j + 1], fy[j : j + 1])
        return int(i0[j]), float(t[j]), float(flon[0]), float(flat[0])


def segment_lines(x: ArrayLike, y: ArrayLike, start: ArrayLike | None = None) -> np.ndarray:
    """A polyline's segments as two-point LineStrings, for nearest-segment queries.

    Parameters
    ----------
    x, y : array_like
        The polyline's vertices (any CRS; the border's in local metres, say).
    start : array_like of int, optional
        Indices of the segments' first vertices (segment ``i`` runs from
        vertex ``i`` to ``i + 1``); every segment by default.

    Returns
    -------
    numpy.ndarray of shapely.LineString
        One per segment, in the order of ``start``.

    Examples
    --------
    >>> [line.wkt for line in segment_lines([0, 1, 1], [0, 0, 2])]
    ['LINESTRING (0 0, 1 0)', 'LINESTRING (1 0, 1 2)']
    """
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    i = np.arange(len(x) - 1) if start is None else np.asarray(start, dtype=np.intp)
    return shapely.linestrings(np.stack([np.column_stack([x[i], y[i]]), np.column_stack([x[i + 1], y[i + 1]])], axis=1))


@lru_cache(maxsize=1)
def load_border() -> Border:
    """The shipped border line.

    It is read once and cached: later calls return the same object.

    Returns
    -------
    Border
        The Russia–Ukraine land border from the Belarus tripoint south-east,
        about 2,000 km long.

    Raises
    ------
    DataError
        When the shipped border file is damaged (not one LineString feature).

    Examples
    --------
    >>> border = load_border()
    >>> round(border.length_km, -2), load_border() is border
    (2000.0, True)
    >>> point = border.locate(35.0, 51.2)[0]
    >>> round(float(point.chainage_km), 1), round(point.offset_km, 2)
    (606.1, 2.75)
    """
    return Border(data.read_border_coords())
