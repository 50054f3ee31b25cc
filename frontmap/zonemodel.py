"""The :class:`Zone` object: a zone's polygon, what it was built from, and membership in it.

A zone is built from a spec (:func:`frontmap.zone.build_zone`), from a depth
profile (:func:`frontmap.zone.zone_from_profile`) or read from a file
(:func:`frontmap.zonefile.zone_from_geojson`); whichever made it, a
:class:`Zone` answers membership, distances to its edge, its geodesic area
and its GeoJSON properties.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from functools import cached_property

import numpy as np
import pyproj
import shapely
from numpy.typing import ArrayLike

from . import data
from .anchor import Anchor
from .countries import data_region
from .crs import LocalCRS
from .errors import InvalidSpecError
from .spec import SIDES, ZoneSpec, depth_into_side, depth_profile, inside_zone

__all__ = ["Zone", "edge_segments", "geodesic_area_km2", "require_zone"]

_GEOD = pyproj.Geod(ellps="WGS84")
#: shapely's type id of a Polygon.
_POLYGON = 3
#: Width (m) either side of the front's stretch of border within which the zone's edge counts as contact.
_CONTACT_TOLERANCE_M = 1.0
#: Below this many point × edge-vertex pairs, distances to the whole edge are cheaper than building a tree.
_WHOLE_EDGE_PAIRS = 50_000_000
#: Decimals the outputs round km figures to.
_KM_DECIMALS = 3
#: Decimals of a degree the outputs round coordinates to.
_DEGREE_DECIMALS = 6


def geodesic_area_km2(geom: shapely.Geometry) -> float:
    """Area (km²) of a WGS84 (multi)polygon on the WGS84 ellipsoid.

    Each ring is measured from its coordinate array (shells add, holes
    subtract): pyproj's geometry_area_perimeter reads them point by point,
    which takes seconds for a million vertices.

    Parameters
    ----------
    geom : shapely.Geometry
        Polygons in lon/lat; other parts count for nothing.

    Returns
    -------
    float
        The area, >= 0.

    Examples
    --------
    >>> round(geodesic_area_km2(shapely.box(35.0, 51.0, 35.1, 51.1)), 1)
    78.0
    """
    total = 0.0
    for poly in shapely.get_parts(geom):
        if shapely.get_type_id(poly) != _POLYGON or poly.is_empty:
            continue
        holes = shapely.get_interior_ring(poly, range(shapely.get_num_interior_rings(poly)))
        for k, ring in enumerate([shapely.get_exterior_ring(poly), *holes]):
            xy = shapely.get_coordinates(ring)
            area, _ = _GEOD.polygon_area_perimeter(xy[:, 0], xy[:, 1])
            total += abs(area) if k == 0 else -abs(area)
    return abs(total) / 1e6


def edge_segments(lines: shapely.Geometry) -> np.ndarray:
    """Each two-point segment of a (multi)line string, as an array of LineStrings.

    Parameters
    ----------
    lines : shapely.Geometry
        A LineString, LinearRing or multi-part line (a polygon's boundary).

    Returns
    -------
    numpy.ndarray of shapely.LineString
        The segments of every part, in order; none spans two parts.

    Examples
    --------
    >>> len(edge_segments(shapely.box(0, 0, 1, 1).boundary))
    4
    """
    xy, part = shapely.get_coordinates(shapely.get_parts(lines), return_index=True)
    same = part[1:] == part[:-1]
    return shapely.linestrings(np.stack([xy[:-1][same], xy[1:][same]], axis=1))


@dataclass
class Zone:
    """A zone polygon with what it was built from and what it measured.

    ``geometry`` is in WGS84; ``local`` is the same polygon in ``crs`` (metres).
    Zones read from a file have ``spec=None`` and answer membership from the
    polygon alone; so does the union of several axes
    (:func:`frontmap.axes.build_axes_zone`), which keeps each axis's zone in
    ``axes`` and what they were built from in its properties.
    """

    geometry: shapely.Geometry
    local: shapely.Geometry
    crs: LocalCRS
    spec: ZoneSpec | None = None
    anchor: Anchor | None = None
    centre_chainage_km: float | None = None
    centre_lon: float | None = None
    centre_lat: float | None = None
    depth_reached_km: float | None = None
    front_local: shapely.Geometry | None = None
    warnings: list[str] = field(default_factory=list)
    properties: dict = field(default_factory=dict)
    #: What the zone was read from (``"zone file 'x.geojson'"``), for messages; None for a built zone.
    source: str | None = None
    #: Area (km²) of a zone file's polygons as given, when they reached beyond
    #: :func:`~frontmap.countries.data_region` and were clipped to it; None when nothing was clipped.
    given_area_km2: float | None = None
    #: The zones of a spec's several axes, whose union this zone is; empty for one axis or a zone file.
    axes: tuple = ()

    @property
    def side(self) -> str | None:
        """The country the zone was built in (its spec's side, or a ``side`` its properties
        record, as the union of several axes and zone files written by frontmap do); None if unknown.
        """
        if self.spec is not None:
            return self.spec.side
        side = self.properties.get("side")
        return side if isinstance(side, str) and side in SIDES else None

    @property
    def label(self) -> str:
        """The zone for a message: its source, or its spec."""
        if self.source is not None:
            return self.source
        if self.axes:
            where = " and ".join(a.anchor.label if a.anchor is not None else "?" for a in self.axes)
            return f"the zone of {len(self.axes)} axes at {where} ({self.side} side)"
        if self.spec is not None:
            where = self.anchor.label if self.anchor is not None else str(self.spec.anchor)
            return f"the zone at {where} ({self.spec.side} side)"
        return "the zone"

    @cached_property
    def recorded_spec(self) -> ZoneSpec | None:
        """The spec the zone was built from or, for a zone file, the one its
        properties record (as ``frontmap zone`` writes them); None if neither.
        """
        if self.spec is not None:
            return self.spec
        try:
            return ZoneSpec(**{f.name: self.properties[f.name] for f in fields(ZoneSpec)}).validate()
        except (KeyError, TypeError, InvalidSpecError):
            return None

    @cached_property
    def contact_km(self) -> float | None:
        """Length (km) of the zone's edge that runs along the front's stretch of border."""
        if self.front_local is None:
            return None
        near = shapely.buffer(self.front_local, _CONTACT_TOLERANCE_M)
        return float(shapely.length(shapely.intersection(shapely.boundary(self.local), near))) / 1000.0

    @cached_property
    def area_km2(self) -> float:
        """Geodesic area in km²."""
        return geodesic_area_km2(self.geometry)

    @cached_property
    def _prepared(self) -> shapely.Geometry:
        geom = shapely.from_wkb(shapely.to_wkb(self.geometry))
        shapely.prepare(geom)
        return geom

    def contains(self, lon: ArrayLike, lat: ArrayLike) -> np.ndarray:
        """True where lon/lat points lie in the zone (vectorised).

        Parameters
        ----------
        lon, lat : array_like
            WGS84 degrees.

        Returns
        -------
        numpy.ndarray of bool
            One value per point.
        """
        return shapely.contains_xy(self._prepared, np.asarray(lon, float), np.asarray(lat, float))

    def distance_to_edge_km(self, lon: ArrayLike, lat: ArrayLike) -> np.ndarray:
        """Distance (km, ≥ 0) from each point to the zone's edge.

        Parameters
        ----------
        lon, lat : array_like
            WGS84 degrees.

        Returns
        -------
        numpy.ndarray
            One distance per point, shaped as ``lon``.
        """
        x, y = self.crs.forward(lon, lat)
        points = shapely.points(x, y)
        n = len(np.atleast_1d(x))
        if n == 0:
            return np.zeros(np.shape(x))
        if "_edge_tree" not in self.__dict__ and n * shapely.get_num_coordinates(self.local) <= _WHOLE_EDGE_PAIRS:
            # Few points: measuring against the whole edge is cheaper than building the tree.
            return shapely.distance(shapely.boundary(self.local), points) / 1000.0
        _, dist = self._edge_tree.query_nearest(np.atleast_1d(points), return_distance=True, all_matches=False)
        return dist.reshape(np.shape(x)) / 1000.0

    @cached_property
    def _edge_tree(self) -> shapely.STRtree:
        """The edge's segments in ``local``: a nearest-segment query per point is
        O(log n), where a distance to the whole boundary is O(n).
        """
        return shapely.STRtree(edge_segments(shapely.boundary(self.local)))

    def depth_at(self, chainage_km: ArrayLike) -> np.ndarray:
        """The zone's depth (km) at each chainage; 0 outside the front.

        Parameters
        ----------
        chainage_km : array_like
            Chainages along the border.

        Returns
        -------
        numpy.ndarray
            The depth of the spec's profile.

        Raises
        ------
        ValueError
            For a zone read from a file, which has no depth profile.
        """
        spec = self._built_spec()
        return depth_profile(self._along(chainage_km), spec.axis_values()[2], spec.profile)

    def _along(self, chainage_km: ArrayLike) -> np.ndarray:
        """Normalised position ``u`` of each chainage on the spec's front."""
        spec, centre = self._built_spec(), self.centre_chainage_km
        assert centre is not None, "build_zone sets the centre of every zone with a spec"
        return (np.asarray(chainage_km, float) - centre) / (spec.axis_values()[1] / 2.0)

    def _built_spec(self) -> ZoneSpec:
        if self.spec is None:
            raise ValueError("a zone read from a file has no depth profile")
        return self.spec

    def contains_sd(self, chainage_km: ArrayLike, offset_km: ArrayLike) -> np.ndarray:
        """Membership from border-relative coordinates (the zone's definition).

        Parameters
        ----------
        chainage_km, offset_km : array_like
            Border coordinates (offsets signed, > 0 in Russia).

        Returns
        -------
        numpy.ndarray of bool
            :func:`~frontmap.spec.inside_zone` for the zone's spec.
        """
        return inside_zone(
            self._along(chainage_km), depth_into_side(offset_km, self._built_spec().side), self.depth_at(chainage_km)
        )

    def to_geodataframe(self):
        """The zone as a one-row GeoDataFrame in EPSG:4326, its GeoJSON properties as columns
        (see :func:`frontmap.geodataframe.zone_to_geodataframe`).
        """
        from .geodataframe import zone_to_geodataframe

        return zone_to_geodataframe(self)

    def to_properties(self) -> dict:
        """Properties for the zone's GeoJSON feature.

        Returns
        -------
        dict
            The file's own properties, or the spec and what the construction
            measured; the area, what clipping left out, warnings and attribution.
        """
        props = dict(self.properties)
        if self.spec is not None:
            props.update(self.spec.to_properties())
            props.update(self._built_properties())
        props["area_km2"] = round(self.area_km2, _KM_DECIMALS)
        if self.given_area_km2 is not None:
            props["clipped"] = {
                "given_area_km2": round(self.given_area_km2, _KM_DECIMALS),
                "left_out_km2": round(max(self.given_area_km2 - self.area_km2, 0.0), _KM_DECIMALS),
                "region": list(data_region()),
            }
        if self.warnings:
            props["warnings"] = list(self.warnings)
        props["attribution"] = data.ATTRIBUTION_LINE
        return props

    def _built_properties(self) -> dict:
        anchor, lon, lat, contact = self.anchor, self.centre_lon, self.centre_lat, self.contact_km
        chainage, reached = self.centre_chainage_km, self.depth_reached_km
        assert (
            anchor is not None
            and lon is not None
            and lat is not None
            and contact is not None
            and chainage is not None
            and reached is not None
        ), "build_zone sets these for every zone with a spec"
        return {
            "anchor_resolved": anchor.label,
            "centre": [round(lon, _DEGREE_DECIMALS), round(lat, _DEGREE_DECIMALS)],
            "centre_chainage_km": round(chainage, _KM_DECIMALS),
            "depth_reached_km": round(reached, _KM_DECIMALS),
            "contact_km": round(contact, _KM_DECIMALS),
            "width_note": "width is measured along the shipped border line (OSM, 10 m simplified)",
        }


def require_zone(zone: object, what: str = "zone") -> Zone:
    """``zone`` as a :class:`Zone`; a TypeError naming ``what`` for anything that holds none.

    Parameters
    ----------
    zone : object
        A :class:`Zone`, or what :func:`frontmap.vector.as_zone` turns into
        one: a shapely (Multi)Polygon in lon/lat, a GeoSeries or GeoDataFrame
        in any CRS (reprojected), a file as a :class:`pathlib.Path`.  A spec,
        a GeoJSON dict, a string or None are the usual mistakes.
    what : str
        The parameter's name, for the message.

    Returns
    -------
    Zone
        ``zone`` itself, or the zone it holds.

    Raises
    ------
    TypeError
        When ``zone`` holds no zone.

    Examples
    --------
    >>> import shapely
    >>> zone = require_zone(shapely.box(35.2, 51.1, 35.3, 51.2))
    >>> type(zone).__name__, round(zone.area_km2, 1), require_zone(zone) is zone
    ('Zone', 77.8, True)
    >>> require_zone({"type": "Polygon"}, "reference")
    Traceback (most recent call last):
    ...
    TypeError: reference must be a Zone, not dict (build one with build_zone or zone_from_geojson)
    """
    if isinstance(zone, Zone):
        return zone
    if isinstance(zone, (ZoneSpec, dict, str)) or zone is None:
        hint = " (build one with build_zone or zone_from_geojson)" if zone is not None else ""
        raise TypeError(f"{what} must be a Zone, not {type(zone).__name__}{hint}")
    from .vector import as_zone  # a shapely geometry, a GeoSeries or GeoDataFrame, a pathlib.Path

    return as_zone(zone, what)
