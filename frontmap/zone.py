"""Zones: the incursion polygon a spec describes, and the names to work with zones.

:func:`build_zone` draws the polygon of exactly the set a
:class:`~frontmap.spec.ZoneSpec` describes in border coordinates, and
:func:`zone_from_profile` the polygon of a depth sampled along the border;
both leave the geometry to :mod:`frontmap.construct`.  The rest lives in
rooms of its own and is re-exported here, so ``from frontmap.zone import
...`` keeps working:

- :mod:`frontmap.spec`: :class:`ZoneSpec`, its limits and the membership rule;
- :mod:`frontmap.anchor`: :class:`Anchor` and :func:`resolve_anchor`;
- :mod:`frontmap.zonemodel`: the :class:`Zone` object and geodesic areas;
- :mod:`frontmap.zonefile`: :func:`zone_from_geojson` and its limits;
- :mod:`frontmap.countries`: the country layer and :func:`data_region`.
"""

from __future__ import annotations

import logging

import numpy as np
import shapely
from numpy.typing import ArrayLike

from .anchor import MAX_ANCHOR_KM, Anchor, resolve_anchor
from .border import Border, load_border
from .construct import construct_zone, sampled_profile, spec_profile
from .countries import country, data_region, in_ukraine, outside_coverage_message
from .crs import LocalCRS, local_crs
from .errors import InvalidSpecError
from .spec import (
    DEFAULT_SPEC,
    MAX_ANCHOR_CHARS,
    MAX_DEPTH_KM,
    PROFILES,
    SIDES,
    Profile,
    Side,
    ZoneSpec,
    depth_profile,
)
from .zonefile import MAX_ZONE_FILE_BYTES, MAX_ZONE_POLYGONS, zone_from_geojson
from .zonemodel import Zone, geodesic_area_km2, require_zone

log = logging.getLogger(__name__)

__all__ = [
    "DEFAULT_SPEC",
    "MAX_ANCHOR_CHARS",
    "MAX_ANCHOR_KM",
    "MAX_DEPTH_KM",
    "MAX_ZONE_FILE_BYTES",
    "MAX_ZONE_POLYGONS",
    "MIN_ZONE_AREA_M2",
    "PROFILES",
    "SIDES",
    "Anchor",
    "Profile",
    "Side",
    "Zone",
    "ZoneSpec",
    "build_zone",
    "country",
    "data_region",
    "depth_profile",
    "geodesic_area_km2",
    "in_ukraine",
    "outside_coverage_message",
    "require_zone",
    "resolve_anchor",
    "zone_from_geojson",
    "zone_from_profile",
]

#: The 0.1 private names of :func:`country` and :func:`in_ukraine`, still read by old tests and benchmarks.
_country = country
_in_ukraine = in_ukraine

#: A built zone smaller than this (m²) covers no ground: refused, not written with NaN bounds.
MIN_ZONE_AREA_M2 = 1.0
#: A zone reaching less than this share of its spec's depth (the border's shape
#: stopped its nearest-point region short) gets a warning.
DEPTH_SHORTFALL_WARNING = 0.99
#: Outputs round coordinates to this (degrees, 6 decimals: about 0.1 m).
OUTPUT_PRECISION_DEG = 1e-6
#: A zone with a point this far (degrees) from its edge keeps ground at the outputs' precision.
_SURE_GROUND_DEG = 10 * OUTPUT_PRECISION_DEG
#: A zone's edges are densified to this (m) before they go to WGS84.
WGS84_DENSIFY_M = 100.0
#: Decimals of a degree a zone's local CRS centre is rounded to (the CRS cache's key).
_CENTRE_DECIMALS = 7
#: A depth profile may pass :data:`MAX_DEPTH_KM` by a solver's rounding error (km).
_DEPTH_ROUNDING_KM = 1e-6


def build_zone(
    spec: ZoneSpec = DEFAULT_SPEC, border: Border | None = None, countries: dict[str, shapely.Geometry] | None = None
) -> Zone:
    """Build the zone a spec describes.

    Parameters
    ----------
    spec : ZoneSpec
        Where, how wide, how deep, which profile and side.
    border : Border, optional
        The border line; the shipped one by default (pass another to build
        on a synthetic border).
    countries : dict, optional
        ``"RUS"``/``"UKR"`` to WGS84 polygons; the shipped layer by default.

    Returns
    -------
    Zone
        The polygon, the resolved anchor, the depth reached and any warning
        (logged as well) that the border's shape kept it from the full depth.
        For a spec with several anchors, the union of one front per axis
        (:func:`frontmap.axes.build_axes_zone`).

    Raises
    ------
    InvalidSpecError
        For a value out of range (the error's ``param`` names it), a front
        running past the border line's ends or a zone covering no ground.
    UnknownPlaceError, AmbiguousPlaceError
        From :mod:`frontmap.settlements` for an unknown or ambiguous anchor.

    Examples
    --------
    >>> zone = build_zone(ZoneSpec("Sudzha", width_km=40, depth_km=12, profile="flat"))
    >>> round(zone.depth_reached_km, 1), bool(zone.contains([35.2719], [51.1919])[0])
    (12.0, True)
    """
    if not isinstance(spec, ZoneSpec):
        raise TypeError(f"build_zone needs a ZoneSpec, not {type(spec).__name__}")
    spec.validate()
    if spec.multi:
        from .axes import build_axes_zone

        return build_axes_zone(spec, border, countries)
    border = border or load_border()
    anchor_name, width_km, depth_km = spec.axis_values()
    anchor = resolve_anchor(anchor_name, border, spec.side)
    s0 = anchor.chainage_km * 1000.0
    half = width_km * 500.0
    _check_front_fits(spec, anchor, border, s0, half)
    clon, clat = border.point_at(s0 / 1000.0)
    crs = _centred_crs(clon, clat)
    side_geom = countries[spec.side] if countries is not None else country(spec.side)
    local, depth_reached, front = construct_zone(border, crs, spec_profile(s0, half, spec), side_geom)
    geometry = _wgs84_geometry(local, crs)
    if _no_ground(local, geometry):  # 1e-6 km deep: an empty polygon, NaN bounds in the GeoJSON
        small = "depth_km" if depth_km <= width_km else "width_km"
        raise InvalidSpecError(
            f"{small}={getattr(spec, small):g} is too small: a front {spec.width_km:g} km wide and "
            f"{spec.depth_km:g} km deep at {anchor.label} covers no ground (under {MIN_ZONE_AREA_M2:g} m², "
            f"or thinner than the outputs' 6 decimals of a degree); give a larger {small}",
            small,
        )
    return Zone(
        geometry=geometry,
        local=local,
        crs=crs,
        spec=spec,
        anchor=anchor,
        centre_chainage_km=s0 / 1000.0,
        centre_lon=clon,
        centre_lat=clat,
        depth_reached_km=depth_reached,
        front_local=front,
        warnings=_depth_warnings(spec, depth_reached),
    )


def _check_front_fits(spec: ZoneSpec, anchor: Anchor, border: Border, s0: float, half: float) -> None:
    """A front ``2 * half`` m wide centred at chainage ``s0`` (m) must lie on the border line."""
    if s0 - half < 0 or s0 + half > border.chainage_m[-1]:
        most = 2.0 * min(s0, border.chainage_m[-1] - s0) / 1000.0
        raise InvalidSpecError(
            f"width_km={spec.width_km:g} runs past the end of the border line: centred on {anchor.label} "
            f"(chainage {s0 / 1000:.1f} of {border.length_km:.1f} km) the front can be at most {most:.1f} km wide",
            "width_km",
        )


def _depth_warnings(spec: ZoneSpec, depth_reached: float) -> list[str]:
    """A warning (also logged) when the zone falls short of its spec's depth."""
    if not depth_reached < DEPTH_SHORTFALL_WARNING * spec.axis_values()[2]:
        return []
    msg = (
        f"the border's shape keeps this zone from reaching {spec.depth_km:g} km: its nearest-point region "
        f"reaches {depth_reached:.2f} km (widen the front or reduce the depth)"
    )
    log.warning(msg)
    return [msg]


def _centred_crs(lon: float, lat: float) -> LocalCRS:
    """The local CRS centred on a zone's middle (rounded, so the CRS cache can answer)."""
    return local_crs(round(lon, _CENTRE_DECIMALS), round(lat, _CENTRE_DECIMALS))


def _no_ground(local: shapely.Geometry, geometry: shapely.Geometry) -> bool:
    """Whether a zone covers no ground, in local metres or at the outputs' 6 decimals of a
    degree (a sliver a millimetre deep survives in metres and vanishes in the GeoJSON).
    """
    if local is None or local.is_empty or not local.area >= MIN_ZONE_AREA_M2:
        return True
    if geometry.is_empty or not np.isfinite(geometry.bounds).all():
        return True
    # Outputs round to 6 decimals (about 0.1 m): a zone thinner than that would be written empty.
    # Rounding moves the edge by less than a grid cell: a disc ten cells wide inside the zone survives it.
    inner = shapely.point_on_surface(geometry)
    if shapely.contains(geometry, inner) and shapely.distance(shapely.boundary(geometry), inner) >= _SURE_GROUND_DEG:
        return False
    return shapely.set_precision(geometry, OUTPUT_PRECISION_DEG).is_empty


def _wgs84_geometry(local: shapely.Geometry, crs: LocalCRS) -> shapely.Geometry:
    """A local polygon in WGS84, edges densified to 100 m first, made valid."""
    geometry = crs.to_wgs84(shapely.segmentize(local, WGS84_DENSIFY_M))
    if not shapely.is_valid(geometry):
        geometry = shapely.make_valid(geometry)
    return geometry


def _profile_samples(chainage_km: ArrayLike, depth_km: ArrayLike) -> tuple[np.ndarray, np.ndarray]:
    """A depth profile's samples as arrays (km), or the :class:`InvalidSpecError` saying what is wrong."""
    try:
        s = np.asarray(chainage_km, dtype=float)
        d = np.asarray(depth_km, dtype=float)
    except (TypeError, ValueError, OverflowError):
        raise InvalidSpecError(
            "a depth profile is two equally long lists of numbers (chainages and depths, km)", "chainage_km"
        ) from None
    if s.ndim != 1 or s.shape != d.shape or len(s) < 2 or not np.isfinite(s).all() or np.any(np.diff(s) <= 0):
        raise InvalidSpecError(
            "a depth profile needs two or more samples at finite, increasing chainages", "chainage_km"
        )
    # (a solver's depth may pass the bound by a rounding error; 5,000 km gave a zone 0 km deep)
    if not np.isfinite(d).all() or (d < 0).any() or not (d > 0).any() or d.max() > MAX_DEPTH_KM + _DEPTH_ROUNDING_KM:
        raise InvalidSpecError(
            f"a depth profile's depths must be finite, in [0, {MAX_DEPTH_KM:g}] km and not all 0", "depth_km"
        )
    return s, d


def _front_of_samples(s: np.ndarray, d: np.ndarray, border: Border) -> tuple[float, float]:
    """The chainages (m) of a sampled profile's front: from the sample before its first
    depth > 0 to the one after its last; refused if they run past the border line.
    """
    positive = np.flatnonzero(d > 0)
    s_a, s_b = s[max(positive[0] - 1, 0)], s[min(positive[-1] + 1, len(s) - 1)]
    if s_a < 0 or s_b > border.chainage_m[-1]:
        raise InvalidSpecError("the depth profile runs past the end of the border line", "chainage_km")
    return s_a, s_b


def zone_from_profile(
    chainage_km: ArrayLike,
    depth_km: ArrayLike,
    side: Side = "RUS",
    border: Border | None = None,
    countries: dict[str, shapely.Geometry] | None = None,
    properties: dict | None = None,
) -> Zone:
    """A zone whose depth (km) at each chainage (km) is given.

    The depth runs linearly between the samples and is 0 outside them; the
    construction is :func:`build_zone`'s, with this profile in place of a
    salient or flat one.  Ensembles build their probability zones so.

    Parameters
    ----------
    chainage_km, depth_km : array_like
        Two or more samples at finite, increasing chainages; depths in
        [0, :data:`MAX_DEPTH_KM`], not all 0.
    side : {"RUS", "UKR"}
        The country the zone lies in.
    border : Border, optional
        The border line; the shipped one by default.
    countries : dict, optional
        ``"RUS"``/``"UKR"`` to WGS84 polygons; the shipped layer by default.
    properties : dict, optional
        The zone's properties.

    Returns
    -------
    Zone
        A zone with ``spec=None``, centred on the front's middle.

    Raises
    ------
    InvalidSpecError
        For samples that are not such lists, a profile running past the
        border line or covering no ground, or an unknown side.

    Examples
    --------
    >>> zone = zone_from_profile([100, 105, 110], [0, 4, 0])
    >>> 0 < zone.depth_reached_km <= 4.0
    True
    """
    s, d = _profile_samples(chainage_km, depth_km)
    s, d = s * 1000.0, d * 1000.0
    if side not in SIDES:
        raise InvalidSpecError(f"side={side!r} is not a valid option, must be one of {', '.join(SIDES)}", "side")
    if properties is not None and not isinstance(properties, dict):
        raise TypeError(f"properties must be a dict, not {type(properties).__name__}")
    border = border or load_border()
    s_a, s_b = _front_of_samples(s, d, border)
    profile = sampled_profile(s, d, s_a, s_b)
    mid = (s_a + s_b) / 2.0
    clon, clat = border.point_at(mid / 1000.0)
    crs = _centred_crs(clon, clat)
    side_geom = countries[side] if countries is not None else country(side)
    local, depth_reached, front = construct_zone(border, crs, profile, side_geom)
    geometry = _wgs84_geometry(local, crs)
    if _no_ground(local, geometry):
        raise InvalidSpecError(
            f"a depth profile at most {d.max() / 1000:g} km deep covers no ground "
            f"(under {MIN_ZONE_AREA_M2:g} m²): give larger depths",
            "depth_km",
        )
    return Zone(
        geometry=geometry,
        local=local,
        crs=crs,
        centre_chainage_km=mid / 1000.0,
        centre_lon=clon,
        centre_lat=clat,
        depth_reached_km=depth_reached,
        front_local=front,
        properties=dict(properties or {}),
    )
