"""Zone files: a zone from GeoJSON polygons someone drew or downloaded.

:func:`zone_from_geojson` reads GeoJSON text, bytes or a parsed object,
checks every position, ring and property it reads back, bounds the file's
size, nesting and polygon count, merges the polygons (repairing invalid
ones) and clips them to the region frontmap has data for.  Every refusal is
a one-line :class:`~frontmap.errors.ZoneFileError` naming what is wrong and
where.  Other vector formats are read by :mod:`frontmap.vector`.
"""

from __future__ import annotations

import json
import math
import re
from typing import Any, NoReturn

import numpy as np
import shapely

from .checks import show_value
from .countries import data_region, outside_coverage_message
from .crs import local_crs
from .errors import InvalidSpecError, OutsideCoverageError, ZoneFileError
from .geom import clip_to_box
from .spec import ZoneSpec
from .zonemodel import Zone, geodesic_area_km2

__all__ = ["MAX_ZONE_FILE_BYTES", "MAX_ZONE_POLYGONS", "zone_from_geojson"]

#: Largest zone file read, in bytes (characters for text already decoded).
MAX_ZONE_FILE_BYTES = 64 * 1024 * 1024
#: Most polygons a zone file may hold (each Polygon, and each part of a MultiPolygon).
MAX_ZONE_POLYGONS = 10_000
#: Deepest nesting of GeometryCollections, and of objects and lists in properties.
_MAX_NESTING = 32
#: The keys a zone file written by ``frontmap zone`` records its spec under.
_SPEC_KEYS = ("anchor", "width_km", "depth_km", "profile", "side")
_GEOMETRY_TYPES = (
    "Point",
    "MultiPoint",
    "LineString",
    "MultiLineString",
    "Polygon",
    "MultiPolygon",
    "GeometryCollection",
)
#: shapely's type ids of a Polygon and a MultiPolygon.
_POLYGON, _MULTIPOLYGON = 3, 6
#: Longest error text quoted from the JSON parser or a spec check.
_QUOTED_CHARS = 300
#: Edges of a file's polygons are densified to this (degrees) before they go to the local CRS.
_FILE_DENSIFY_DEG = 0.001
#: Tiles (degrees) a polygon too large for one geodesic area is measured in, and their edges' densification.
_AREA_TILE_DEG = 10.0
_AREA_TILE_DENSIFY_DEG = 0.5
_MIB = 2**20
_RING_RULE = "a linear ring is a list of 4 or more [lon, lat] positions, the last repeating the first (RFC 7946)"


def _kind(value: object) -> str:
    """The JSON name of a value's type, for messages."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, (list, tuple)):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__


def _one_line(text: str) -> str:
    from .textsafe import terminal_text

    return terminal_text(text)[:_QUOTED_CHARS]


def _parse_json(doc: str | bytes | bytearray, name: str) -> Any:
    """Text or bytes as JSON; a one-line :class:`ZoneFileError` for anything else."""
    if len(doc) > MAX_ZONE_FILE_BYTES:
        raise ZoneFileError(
            f"{name} is larger than {MAX_ZONE_FILE_BYTES // _MIB} MB ({len(doc) / _MIB:,.1f} MB): "
            "frontmap reads zone files up to that size (simplify the polygons)"
        )
    if isinstance(doc, (bytes, bytearray)):
        try:
            doc = bytes(doc).decode(json.detect_encoding(doc))
        except (UnicodeDecodeError, LookupError):
            raise ZoneFileError(f"{name} is not GeoJSON: it is not UTF-8 text") from None
    doc = doc.removeprefix("\ufeff")

    def constant(word: str) -> NoReturn:
        raise ValueError(f"{word} is not a JSON number (RFC 8259); coordinates and values must be finite")

    # A number too large for a double (1e400) reads as inf: the checks of
    # positions and properties refuse it.
    try:
        return json.loads(doc, parse_constant=constant)
    except RecursionError:
        raise ZoneFileError(f"{name} is not GeoJSON: it nests arrays or objects too deeply") from None
    except ValueError as exc:  # JSONDecodeError, and our refusals above
        raise ZoneFileError(f"{name} is not GeoJSON: {_one_line(str(exc))}") from None


class _PropertyCleaner:
    """A feature's properties as plain JSON: finite numbers, string keys, lone surrogates replaced."""

    def __init__(self, name: str, where: str):
        self.name = name
        self.where = where

    def fail(self, message: str) -> NoReturn:
        raise ZoneFileError(f"{self.name}: {self.where} {message}")

    def clean(self, value: Any, depth: int) -> Any:
        if depth > _MAX_NESTING:
            self.fail(f"has properties nested deeper than {_MAX_NESTING} levels")
        if value is None or isinstance(value, bool):
            return value
        if isinstance(value, (int, float)):
            if isinstance(value, float) and not math.isfinite(value):
                self.fail(f"has a property value {value!r}: JSON numbers are finite (and at most about 1.8e308)")
            return value
        if isinstance(value, str):
            return _utf8_text(value)
        if isinstance(value, (list, tuple)):
            return [self.clean(v, depth + 1) for v in value]
        if isinstance(value, dict):
            return self._clean_object(value, depth)
        self.fail(f"has a property value of type {type(value).__name__}: not JSON")

    def _clean_object(self, value: dict, depth: int) -> dict:
        out = {}
        for k, v in value.items():
            if not isinstance(k, str):
                self.fail(f"has a property key {show_value(k)}: JSON keys are strings")
            out[self.clean(k, depth + 1)] = self.clean(v, depth + 1)
        return out


def _utf8_text(text: str) -> str:
    """``text`` with lone surrogates (which UTF-8 cannot encode) replaced by U+FFFD."""
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        return re.sub("[\ud800-\udfff]", "\ufffd", text)


def _check_properties(props: object, name: str, where: str) -> dict:
    """A feature's properties as a plain JSON object (finite numbers, string keys,
    lone surrogates replaced), or a :class:`ZoneFileError`.
    """
    if props is None:
        return {}
    if not isinstance(props, dict):
        raise ZoneFileError(
            f"{name}: {where} has properties that are {_kind(props)}: GeoJSON properties are an object or null"
        )
    cleaned = _PropertyCleaner(name, where).clean(props, 0)
    _check_recorded_spec(cleaned, name, where)
    return cleaned


def _check_recorded_spec(props: dict, name: str, where: str) -> None:
    """The values frontmap writes into a zone's properties and reads back must be what it wrote.

    ``anchor``, ``width_km`` and ``depth_km`` together (with ``profile`` and
    ``side`` when given) are read back as the zone's spec (map titles, the
    table's heading, default file names): they must form a valid
    :class:`ZoneSpec`.  ``warnings`` must be a list and ``claim`` an object.
    Other properties are the file's own data, kept as they are.
    """
    if all(k in props for k in _SPEC_KEYS[:3]):
        values = {k: props[k] for k in _SPEC_KEYS if k in props}
        try:
            ZoneSpec(**values).validate()
        except InvalidSpecError as exc:
            bad = exc.param or "anchor"
            raise ZoneFileError(
                f"{name}: {where} records a zone spec in its properties ({', '.join(values)}) with "
                f"{bad}={show_value(values.get(bad))}, which frontmap cannot read back: {_one_line(str(exc))} "
                f"(fix or remove the property)"
            ) from None
    for key, kind, allowed in (("warnings", list, "a list of strings"), ("claim", dict, "an object")):
        if key in props and props[key] is not None and not isinstance(props[key], kind):
            raise ZoneFileError(
                f"{name}: {where} has {key}={show_value(props[key])} in its properties: frontmap reads it back "
                f"as {allowed}"
            )
    claim = props.get("claim")
    if isinstance(claim, dict) and claim.get("quotes") is not None and not isinstance(claim["quotes"], list):
        raise ZoneFileError(
            f"{name}: {where} has a claim whose quotes are {_kind(claim['quotes'])}: they must be a list"
        )


class _Reader:
    """Walks a GeoJSON object and collects its polygons, checking every position."""

    def __init__(self, name: str):
        self.name = name
        self.polygons: list = []
        self.positions = 0

    def fail(self, message: str) -> NoReturn:
        raise ZoneFileError(f"{self.name}: {message}")

    def geometry(self, geom: object, where: str, depth: int = 0) -> int:
        """Add the polygons of a geometry object; return how many were added."""
        if geom is None:
            return 0
        if not isinstance(geom, dict):
            self.fail(f"{where} has a geometry that is {_kind(geom)}: a GeoJSON geometry is an object or null")
        kind = geom.get("type")
        if kind not in _GEOMETRY_TYPES:
            self.fail(
                f"{where} has a geometry of type {show_value(kind)}: GeoJSON geometry types are "
                f"{', '.join(_GEOMETRY_TYPES)}"
            )
        if kind == "GeometryCollection":
            return self._collection(geom, where, depth)
        if kind not in ("Polygon", "MultiPolygon"):
            return 0  # points and lines enclose no ground
        return self._polygons(geom, kind, where)

    def _collection(self, geom: dict, where: str, depth: int) -> int:
        members = geom.get("geometries")
        if not isinstance(members, list):
            self.fail(f"{where} has a GeometryCollection whose geometries are {_kind(members)}, not a list")
        if depth >= _MAX_NESTING:
            self.fail(f"{where} nests GeometryCollections deeper than {_MAX_NESTING} levels")
        return sum(self.geometry(g, f"{where}, geometry {i}", depth + 1) for i, g in enumerate(members))

    def _polygons(self, geom: dict, kind: str, where: str) -> int:
        coords = geom.get("coordinates")
        if not isinstance(coords, list):
            self.fail(f"{where} has a {kind} whose coordinates are {_kind(coords)}, not a list")
        polygons = [coords] if kind == "Polygon" else coords
        added = 0
        for k, rings in enumerate(polygons):
            label = where if kind == "Polygon" else f"{where}, polygon {k}"
            if not isinstance(rings, list):
                self.fail(f"{label} has a polygon that is {_kind(rings)}: a polygon is a list of rings")
            if not rings:
                continue  # an empty polygon
            arrays = [self.ring(r, f"{label}, ring {j}") for j, r in enumerate(rings)]
            self.polygons.append(shapely.Polygon(arrays[0], arrays[1:]))
            added += 1
            if len(self.polygons) > MAX_ZONE_POLYGONS:
                raise ZoneFileError(
                    f"{self.name} holds more than {MAX_ZONE_POLYGONS:,} polygons: frontmap reads at most that many "
                    "(merge or simplify them)"
                )
        return added

    def ring(self, ring: object, where: str) -> np.ndarray:
        """A linear ring as an (n, 2) array of lon/lat, or a one-line error saying what is wrong."""
        if not isinstance(ring, (list, tuple)) or not (
            {type(p) for p in ring} <= {list, tuple} or all(isinstance(p, (list, tuple)) for p in ring)
        ):
            self.fail(f"{where} is not a list of positions: {_RING_RULE}")
        if len(ring) < 4:
            self.fail(f"{where} has {len(ring)} position{'s' if len(ring) != 1 else ''}: {_RING_RULE}")
        xy = self._positions(ring, where)
        if not np.array_equal(xy[0], xy[-1]):
            self.fail(
                f"{where} is not closed: its last position {show_value(ring[-1])} differs from its first "
                f"{show_value(ring[0])}; {_RING_RULE}"
            )
        self.positions += len(xy)
        return xy

    def _positions(self, ring: list | tuple, where: str) -> np.ndarray:
        """A ring's positions as lon/lat numbers in range, or a one-line error."""
        lengths = {len(p) for p in ring}
        types = {type(v) for p in ring for v in p}
        if min(lengths) < 2 or not all(issubclass(t, (int, float)) and not issubclass(t, bool) for t in types):
            p = next(p for p in ring if len(p) < 2 or not all(_is_number(v) for v in p))
            self.fail(
                f"{where} has the position {show_value(p)}: a position is [lon, lat] numbers (an altitude may follow)"
            )
        try:
            xy = np.array(ring if lengths == {2} else [p[:2] for p in ring], dtype=float)
        except OverflowError:
            self.fail(f"{where} has a coordinate too large for a number: positions are lon,lat in degrees")
        lon, lat = xy[:, 0], xy[:, 1]
        bad = np.flatnonzero(~np.isfinite(xy).all(axis=1) | (np.abs(lon) > 180) | (np.abs(lat) > 90))
        if len(bad):
            message = (
                f"{where} has the position {show_value(ring[bad[0]])}, outside longitude [-180, 180] / latitude "
                "[-90, 90]: GeoJSON positions are lon,lat in WGS84 degrees (RFC 7946)"
            )
            if np.all(np.abs(lat) <= 180) and np.all(np.abs(lon) <= 90):
                message += "; its coordinates may be lat/lon swapped"
            self.fail(message)
        return xy


def _is_number(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _disjoint_polygons(geom: shapely.Geometry) -> shapely.Geometry:
    """The polygons of ``geom`` with area as one geometry, for polygon parts that do not
    overlap (a union's or a valid geometry's): no second union needed.
    """
    parts = shapely.get_parts(geom)
    parts = parts[(shapely.get_type_id(parts) == _POLYGON) & (shapely.area(parts) > 0)]
    if len(parts) == 0:
        return shapely.Polygon()
    return parts[0] if len(parts) == 1 else shapely.multipolygons(parts)


def _features(doc: object, name: str) -> tuple[list, list[str]]:
    """The features of a GeoJSON object (a bare geometry as one feature) and their labels for messages."""
    if not isinstance(doc, dict) or not isinstance(doc.get("type"), str):
        raise ZoneFileError(f"{name} is not GeoJSON: expected an object with a 'type' member")
    kind = doc["type"]
    if kind == "FeatureCollection":
        features = doc.get("features")
        if features is None:
            features = []
        if not isinstance(features, list):
            raise ZoneFileError(
                f"{name}: its features are {_kind(features)}: a FeatureCollection's features are a list"
            )
        return features, [f"feature {i}" for i in range(len(features))]
    if kind == "Feature":
        return [doc], ["its feature"]
    if kind in _GEOMETRY_TYPES:
        return [{"type": "Feature", "properties": None, "geometry": doc}], ["its geometry"]
    raise ZoneFileError(
        f"{name} is not GeoJSON: its type is {show_value(kind)}; expected FeatureCollection, Feature or a geometry type"
    )


def _read_polygons(doc: object, name: str) -> tuple[_Reader, dict | None]:
    """Every polygon of a GeoJSON object, and the first polygon feature's properties."""
    features, labels = _features(doc, name)
    reader = _Reader(name)
    properties = None
    for feature, label in zip(features, labels, strict=True):
        if not isinstance(feature, dict):
            raise ZoneFileError(f"{name}: {label} is {_kind(feature)}: a GeoJSON feature is an object")
        props = _check_properties(feature.get("properties"), name, label)
        if reader.geometry(feature.get("geometry"), label) and properties is None:
            properties = props
    if not reader.polygons:
        raise ZoneFileError(f"{name} holds no Polygon or MultiPolygon: a zone must be an area")
    return reader, properties


def _merged(polygons: list) -> shapely.Geometry:
    """Polygons merged into one geometry, invalid ones repaired first."""
    array = np.asarray(polygons)
    invalid = ~shapely.is_valid(array)
    if invalid.any():
        array[invalid] = shapely.make_valid(array[invalid])
    parts = shapely.get_parts(array)
    parts = parts[np.isin(shapely.get_type_id(parts), (_POLYGON, _MULTIPOLYGON))]
    return _disjoint_polygons(shapely.disjoint_subset_union_all(parts)) if len(parts) else shapely.Polygon()


def _clip_to_data_region(geometry: shapely.Geometry, name: str) -> tuple[shapely.Geometry, float | None]:
    """The part of ``geometry`` in :func:`~frontmap.countries.data_region` and, if that is not
    all of it, the area (km²) as given.
    """
    region = data_region()
    if shapely.contains(shapely.box(*region), geometry):
        return geometry, None
    given_area = _area_by_tiles_km2(geometry)
    clipped = _disjoint_polygons(shapely.make_valid(clip_to_box(geometry, *region)))
    if clipped.is_empty or clipped.area == 0:
        raise OutsideCoverageError(outside_coverage_message(name, geometry, shapely.box(*region)))
    return clipped, given_area


def zone_from_geojson(doc: str | bytes | bytearray | dict, name: str = "zone file") -> Zone:
    """A zone from any GeoJSON holding polygons (a drawn or downloaded area).

    ``doc`` is GeoJSON text (a leading byte-order mark is ignored), UTF-8 (or
    UTF-16/32) bytes or a parsed object: a FeatureCollection, a Feature or a
    bare geometry.  All Polygon and MultiPolygon geometries, also inside
    GeometryCollections, are merged (invalid ones repaired with
    ``make_valid``: a bowtie becomes two triangles); points and lines are
    ignored.  The first polygon feature's properties (name, description,
    source ...) are kept as data; those frontmap itself writes and reads
    back (a spec's ``anchor``, ``width_km``, ``depth_km``, ``profile``,
    ``side``; ``warnings``; ``claim``) must hold what frontmap writes.

    The polygons are clipped to :func:`~frontmap.countries.data_region`
    (beyond it frontmap has no data); ``Zone.given_area_km2`` is then the
    area as given, and areas, memberships and distances to the edge are
    those of the part inside.

    Parameters
    ----------
    doc : str, bytes or dict
        The GeoJSON.
    name : str
        What it is, for messages (``"zone file 'x.geojson'"``).

    Returns
    -------
    Zone
        A zone with ``spec=None``, ``source=name`` and the file's properties.

    Raises
    ------
    ZoneFileError
        Naming what is wrong and where, when it is not GeoJSON (or not UTF-8,
        or larger than :data:`MAX_ZONE_FILE_BYTES`, or nested too deeply),
        when a position is not two finite numbers in lon/lat range, a ring has
        fewer than 4 positions or is not closed, when it holds more than
        :data:`MAX_ZONE_POLYGONS` polygons, or no polygon with area.
    OutsideCoverageError
        (a ZoneFileError) when nothing of it lies in the data region.

    Examples
    --------
    >>> zone = zone_from_geojson('\\ufeff{"type": "Polygon", "coordinates": '
    ...                          '[[[35.2, 51.1], [35.3, 51.1], [35.3, 51.2], [35.2, 51.1]]]}')
    >>> round(zone.area_km2, 1), zone.given_area_km2
    (39.0, None)
    """
    if isinstance(doc, (str, bytes, bytearray)):
        doc = _parse_json(doc, name)
    reader, properties = _read_polygons(doc, name)
    geometry = _merged(reader.polygons)
    if geometry.is_empty or geometry.area == 0:
        raise ZoneFileError(f"{name} holds polygons with no area: a zone must enclose some ground")
    geometry, given_area = _clip_to_data_region(geometry, name)
    centre = geometry.representative_point()
    crs = local_crs(round(centre.x, 7), round(centre.y, 7))
    local = crs.to_local(shapely.segmentize(geometry, _FILE_DENSIFY_DEG))
    props = {k: v for k, v in (properties or {}).items() if k != "attribution"}
    return Zone(geometry=geometry, local=local, crs=crs, properties=props, source=name, given_area_km2=given_area)


def _area_by_tiles_km2(geometry: shapely.Geometry) -> float:
    """Geodesic area (km²) of a polygon of any size, edges straight in lon/lat.

    pyproj's area of a polygon spanning half the globe is meaningless (a
    whole-world box gives 0): measure it in 10° tiles, edges cut to 0.5°.
    """
    total = 0.0
    minx, miny, maxx, maxy = geometry.bounds
    tile = _AREA_TILE_DEG
    for x0 in np.arange(math.floor(minx / tile) * tile, maxx, tile):
        for y0 in np.arange(math.floor(miny / tile) * tile, maxy, tile):
            part = _disjoint_polygons(shapely.make_valid(clip_to_box(geometry, x0, y0, x0 + tile, y0 + tile)))
            if not part.is_empty:
                total += geodesic_area_km2(shapely.segmentize(part, _AREA_TILE_DENSIFY_DEG))
    return total
