"""frontmap's results as GeoDataFrames, and GeoDataFrames as GeoJSON again.

Every result that is a table of places or zones converts to a
:class:`geopandas.GeoDataFrame` in EPSG:4326 whose columns are those of the
CSV and JSON outputs: a zone (one row: its GeoJSON properties), the
settlements a zone holds (:class:`~frontmap.estimate.Affected`), an
ensemble's probabilities, a timeline's steps, the places a text names and
the settlement layer itself.  The classes' ``to_geodataframe()`` methods
call the functions here.

Nested properties (a timeline step's ``claim``, ``claimed``, ``modelled`` and
``spec`` objects) become plain columns joined with ``_``
(``modelled_area_km2``), lists become JSON text, so that any GeoDataFrame
made here can be written to any format (``gdf.to_file("zones.gpkg")``).
Integer and boolean columns with gaps keep their type (pandas' nullable
``Int64`` and ``boolean``).

geopandas is imported only when a function here runs: ``import frontmap``
and the commands that need no GeoDataFrame stay quick.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    import geopandas

__all__ = [
    "WGS84",
    "flatten_properties",
    "rows_to_geodataframe",
    "features_to_geodataframe",
    "zone_to_geodataframe",
    "steps_to_geodataframe",
    "places_to_geodataframe",
    "layer_to_geodataframe",
    "geodataframe_to_rows",
    "geodataframe_to_features",
    "to_geodataframe",
    "to_wgs84",
]

#: The CRS of every GeoDataFrame frontmap makes, and of GeoJSON (RFC 7946).
WGS84 = "EPSG:4326"
#: Joins the keys of a nested property into one column name (``modelled`` + ``area_km2``).
SEPARATOR = "_"
#: Geometry types that are promoted to their multi type when a layer mixes both.
_MULTI = {"Polygon": "MultiPolygon", "LineString": "MultiLineString", "Point": "MultiPoint"}


def flatten_properties(properties: Mapping[str, Any], sep: str = SEPARATOR) -> dict[str, Any]:
    """Nested objects as plain columns: ``{"a": {"b": 1}}`` → ``{"a_b": 1}``; lists as JSON text.

    Parameters
    ----------
    properties : mapping
        A GeoJSON feature's properties.
    sep : str
        What joins a parent key and a child key.

    Returns
    -------
    dict
        Scalars only (None, bool, int, float, str); a key that would repeat
        one already there gets ``_2``, ``_3`` ... appended.

    Examples
    --------
    >>> flatten_properties({"date": "2024-08-12", "claimed": {"depth_km": [28, 35], "settlements": 28}})
    {'date': '2024-08-12', 'claimed_depth_km': '[28, 35]', 'claimed_settlements': 28}
    """
    out: dict[str, Any] = {}

    def put(key: str, value: Any) -> None:
        name, n = key, 1
        while name in out:
            n += 1
            name = f"{key}{sep}{n}"
        out[name] = value

    def walk(prefix: str, value: Any) -> None:
        if isinstance(value, Mapping):
            if not value:
                put(prefix, None)
            for k, v in value.items():
                walk(f"{prefix}{sep}{k}" if prefix else str(k), v)
        elif isinstance(value, (list, tuple)):
            put(prefix, json.dumps(value, ensure_ascii=False, default=str))
        else:
            put(prefix, _scalar(value))

    for key, value in properties.items():
        walk(str(key), value)
    return out


def _scalar(value: Any) -> Any:
    """A plain Python scalar for a value from numpy or pandas (NaN and NA as None)."""
    if value is None or isinstance(value, (bool, str)):
        return value
    item = getattr(value, "item", None)
    if callable(item) and not isinstance(value, (int, float)):
        try:
            value = item()  # numpy scalars
        except (TypeError, ValueError):
            pass
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, (bool, int, float, str)):
        return value
    try:
        import pandas as pd

        if value is pd.NA or value is pd.NaT:
            return None
    except ImportError:  # pragma: no cover - pandas comes with geopandas
        pass
    isoformat = getattr(value, "isoformat", None)
    if callable(isoformat):
        return isoformat()  # dates and timestamps
    if isinstance(value, (bytes, bytearray)):
        return bytes(value).hex()
    return str(value)


def _column(values: list) -> Any:
    """A column with the narrowest type that holds its values: nullable ints and booleans stay so."""
    import pandas as pd

    kinds = {type(v) for v in values if v is not None}
    if not kinds:
        return pd.array(values, dtype=object)
    if kinds == {bool}:
        return pd.array(values, dtype="boolean")
    if kinds == {int}:
        return pd.array(values, dtype="Int64")
    if kinds <= {int, float}:
        return pd.array([math.nan if v is None else float(v) for v in values], dtype="float64")
    if kinds == {str}:
        return pd.array(values, dtype=object)
    # Mixed kinds (a number in one feature, a [low, high] range in another): all as text.
    return pd.array([v if v is None or isinstance(v, str) else json.dumps(v) for v in values], dtype=object)


def _frame(records: Sequence[Mapping[str, Any]], geometries: Sequence, columns: Sequence[str] | None = None):
    """A GeoDataFrame in EPSG:4326 from flat records and their geometries, columns in order."""
    import geopandas as gpd

    order = list(columns or [])
    for record in records:
        order += [k for k in record if k not in order]
    data = {name: _column([_scalar(r.get(name)) for r in records]) for name in order}
    if "geometry" in data:  # a property called geometry would be lost in the geometry column
        data["geometry_property"] = data.pop("geometry")
    return gpd.GeoDataFrame(data, geometry=gpd.GeoSeries(list(geometries), crs=WGS84), crs=WGS84)


def rows_to_geodataframe(
    rows: Iterable[Mapping[str, Any]], columns: Sequence[str] | None = None, lon: str = "lon", lat: str = "lat"
) -> geopandas.GeoDataFrame:
    """Rows with longitude and latitude as a GeoDataFrame of points in EPSG:4326.

    Parameters
    ----------
    rows : iterable of mapping
        The rows of a table output (``frontmap affected --format csv``).
    columns : sequence of str, optional
        Column order: these first (those any row has, or all of them when
        there is no row), then any other key in the order met.
    lon, lat : str
        The keys of the coordinates; they stay columns, as in the CSV.

    Returns
    -------
    geopandas.GeoDataFrame
        One point a row in EPSG:4326 (no geometry where a coordinate is missing), nested values flattened.

    Examples
    --------
    >>> gdf = rows_to_geodataframe([{"id": 1, "lon": 35.2, "lat": 51.2}])
    >>> gdf.crs.to_epsg(), list(gdf.columns), gdf.geometry.iloc[0].wkt
    (4326, ['id', 'lon', 'lat', 'geometry'], 'POINT (35.2 51.2)')
    """
    import shapely

    rows = [flatten_properties(r) for r in rows]
    if rows:
        columns = [c for c in columns or [] if any(c in r for r in rows)]
    points = [
        shapely.Point(r[lon], r[lat]) if r.get(lon) is not None and r.get(lat) is not None else None for r in rows
    ]
    return _frame(rows, points, columns)


def _promote(geometries: list) -> list:
    """One geometry type per layer: Polygons become MultiPolygons when the layer mixes both
    (and likewise for points and lines).
    """
    import shapely

    kinds = {g.geom_type for g in geometries if g is not None}
    single = {k for k in kinds if k in _MULTI}
    if not single or not any(_MULTI[k] in kinds for k in single):
        return geometries
    makers = {"Polygon": shapely.MultiPolygon, "LineString": shapely.MultiLineString, "Point": shapely.MultiPoint}
    return [makers[g.geom_type]([g]) if g is not None and g.geom_type in single else g for g in geometries]


def features_to_geodataframe(doc: Mapping[str, Any] | Sequence[Mapping[str, Any]]) -> geopandas.GeoDataFrame:
    """A GeoJSON FeatureCollection (or a list of features) as a flat GeoDataFrame in EPSG:4326.

    Properties are flattened (:func:`flatten_properties`); a layer mixing
    Polygons and MultiPolygons gets MultiPolygons only, so that formats with
    one geometry type per layer can hold it.

    Parameters
    ----------
    doc : mapping or sequence of mapping
        A FeatureCollection or its features (lon/lat, as GeoJSON is).

    Returns
    -------
    geopandas.GeoDataFrame
        One row a feature in EPSG:4326, a property a column; no geometry where a feature has none.

    Examples
    --------
    >>> gdf = features_to_geodataframe({"type": "FeatureCollection", "features": [
    ...     {"type": "Feature", "properties": {"spec": {"depth_km": 12}},
    ...      "geometry": {"type": "Point", "coordinates": [35.2, 51.2]}}]})
    >>> list(gdf.columns), int(gdf["spec_depth_km"].iloc[0])
    (['spec_depth_km', 'geometry'], 12)
    """
    import shapely.geometry

    features = doc.get("features", []) if isinstance(doc, Mapping) else doc
    records = [flatten_properties(f.get("properties") or {}) for f in features]
    geometries = [shapely.geometry.shape(f["geometry"]) if f.get("geometry") else None for f in features]
    return _frame(records, _promote(geometries))


def zone_to_geodataframe(zone) -> geopandas.GeoDataFrame:
    """A zone as a one-row GeoDataFrame: its polygon and its GeoJSON properties as columns.

    Parameters
    ----------
    zone : frontmap.zone.Zone
        A built zone, or one read from a file.

    Returns
    -------
    geopandas.GeoDataFrame
        EPSG:4326, the polygon as the zone holds it (not rounded), the
        properties of ``frontmap zone``'s feature flattened.

    Examples
    --------
    >>> from frontmap.zone import build_zone
    >>> gdf = zone_to_geodataframe(build_zone())
    >>> len(gdf), gdf.crs.to_epsg(), float(gdf["depth_km"].iloc[0])
    (1, 4326, 12.0)
    """
    from .zone import require_zone

    zone = require_zone(zone)
    return _frame([flatten_properties(zone.to_properties())], [zone.geometry])


def steps_to_geodataframe(steps: Iterable) -> geopandas.GeoDataFrame:
    """A timeline's steps (:func:`frontmap.timeline.build_steps`), one row each, in date order.

    The columns are those of ``frontmap timeline --format geojson``'s
    properties flattened: ``date``, ``claim_claimant``, ``claimed_settlements``,
    ``modelled_area_km2``, ``spec_depth_km`` ...

    Parameters
    ----------
    steps : iterable of frontmap.timeline.Step
        The steps of a timeline, in the order their rows should have.

    Returns
    -------
    geopandas.GeoDataFrame
        One row a step in EPSG:4326, its zone as the geometry (all promoted to the multi type when the steps mix
        Polygons and MultiPolygons).

    Examples
    --------
    >>> from frontmap.claims import load_claim_file
    >>> from frontmap.timeline import build_steps
    >>> claim_file = load_claim_file(
    ...     "op.toml", text="[[claim]]\\ndate = 2024-08-12\\nclaimant = 'A'\\ndepth_km = 12\\nwidth_km = 40\\n"
    ... )
    >>> gdf = steps_to_geodataframe(build_steps(claim_file))
    >>> gdf.loc[0, "date"], gdf.loc[0, "claim_claimant"], float(gdf.loc[0, "spec_depth_km"])
    ('2024-08-12', 'A', 12.0)
    """
    steps = list(steps)
    return _frame([flatten_properties(s.to_properties()) for s in steps], _promote([s.zone.geometry for s in steps]))


def places_to_geodataframe(places: Iterable) -> geopandas.GeoDataFrame:
    """Places named in a text (:func:`frontmap.extract_places.extract_places`), one row each.

    The columns are those of the JSON output, ``resolution`` flattened
    (``resolution_id``, ``resolution_name`` ...); the geometry is the
    settlement a name resolved to, or empty (None) for a name that resolved
    to none or to several.

    Parameters
    ----------
    places : iterable of frontmap.extract_places.ExtractedPlace
        The places, in the order their rows should have (text order, as extracted).

    Returns
    -------
    geopandas.GeoDataFrame
        One row a place in EPSG:4326: a point where the name resolved to one settlement, else no geometry.

    Examples
    --------
    >>> from frontmap.extract_places import extract_places
    >>> gdf = places_to_geodataframe(extract_places("Russian forces captured Sudzha."))
    >>> gdf.loc[0, "original"], gdf.loc[0, "status"], gdf.loc[0, "resolution_name_latin"]
    ('Sudzha', 'outside', 'Sudzha')
    >>> point = gdf.geometry.iloc[0]
    >>> round(point.x, 3), round(point.y, 3)
    (35.272, 51.192)
    """
    import shapely

    records, points = [], []
    for place in places:
        records.append(flatten_properties(place.to_json()))
        settlement = getattr(place.resolved, "settlement", None)
        points.append(None if settlement is None else shapely.Point(settlement.lon, settlement.lat))
    return _frame(records, points)


def layer_to_geodataframe(layer) -> geopandas.GeoDataFrame:
    """A settlement layer (:func:`frontmap.settlements.load_settlements`) as points, one row a settlement.

    Parameters
    ----------
    layer : frontmap.settlements.SettlementLayer
        The settlements, each becoming one point at its lon/lat.

    Returns
    -------
    geopandas.GeoDataFrame
        The register's fields (``id``, ``name``, ``name_latin``, ``type``,
        ``district``, ... ``chainage_km``, ``offset_km``, ``oktmo``).

    Examples
    --------
    >>> from frontmap.settlements import load_settlements
    >>> gdf = layer_to_geodataframe(load_settlements())
    >>> gdf.crs.to_epsg(), list(gdf.columns[:3]), bool((gdf.geometry.geom_type == "Point").all())
    (4326, ['id', 'name', 'name_latin'], True)
    """
    from dataclasses import fields

    from .settlements import Settlement

    names = [f.name for f in fields(Settlement)]
    return rows_to_geodataframe((s.to_dict() for s in layer), names)


def to_geodataframe(result) -> geopandas.GeoDataFrame:
    """Any frontmap result that is a table of places or zones as a GeoDataFrame in EPSG:4326.

    Parameters
    ----------
    result
        A :class:`~frontmap.zone.Zone`, an :class:`~frontmap.estimate.Affected`,
        an :class:`~frontmap.ensemble.Ensemble`, a
        :class:`~frontmap.settlements.SettlementLayer`, a list of timeline
        steps or of extracted places, or anything with ``to_geodataframe()``.

    Returns
    -------
    geopandas.GeoDataFrame
        In EPSG:4326, with the columns of the result's CSV or JSON output.

    Raises
    ------
    TypeError
        For anything else.

    Examples
    --------
    >>> from frontmap.zone import build_zone
    >>> to_geodataframe(build_zone()).geometry.iloc[0].geom_type
    'Polygon'
    """
    from .ensemble import Ensemble
    from .estimate import COLUMNS, Affected
    from .settlements import SettlementLayer
    from .zone import Zone

    if isinstance(result, Zone):
        return zone_to_geodataframe(result)
    if isinstance(result, Affected):
        return rows_to_geodataframe(result.settlements, COLUMNS)
    if isinstance(result, Ensemble):
        return rows_to_geodataframe(result.settlements, [*COLUMNS, "probability"])
    if isinstance(result, SettlementLayer):
        return layer_to_geodataframe(result)
    if isinstance(result, (list, tuple)) and result:
        kind = type(result[0]).__name__
        if kind == "Step":
            return steps_to_geodataframe(result)
        if kind == "ExtractedPlace":
            return places_to_geodataframe(result)
    method = getattr(result, "to_geodataframe", None)
    if callable(method):
        return method()
    raise TypeError(
        f"cannot make a GeoDataFrame of {type(result).__name__}: give a Zone, an Affected, an "
        "Ensemble, a SettlementLayer, or a list of timeline steps or extracted places"
    )


def to_wgs84(data, name: str = "the data"):
    """A GeoSeries or GeoDataFrame in EPSG:4326: reprojected from its CRS, or taken as lon/lat
    when it has none (as GeoJSON is).

    Parameters
    ----------
    data : geopandas.GeoSeries or geopandas.GeoDataFrame
        The geometries, in any CRS or none.
    name : str
        Names the data in the error message (default ``"the data"``).

    Returns
    -------
    geopandas.GeoSeries or geopandas.GeoDataFrame
        The same kind of object in EPSG:4326 (``data`` itself when it is already in lon/lat).

    Raises
    ------
    frontmap.errors.ZoneFileError
        When the CRS cannot be turned into lon/lat.

    Examples
    --------
    A point in UTM zone 36N, 500 km east (the zone's central meridian, 33°E):

    >>> import geopandas
    >>> import shapely
    >>> series = to_wgs84(geopandas.GeoSeries([shapely.Point(500_000, 5_650_000)], crs="EPSG:32636"))
    >>> series.crs.to_epsg(), round(series.iloc[0].x, 6), round(series.iloc[0].y, 3)
    (4326, 33.0, 51.002)
    """
    from .errors import ZoneFileError

    if data.crs is None:
        return data.set_crs(WGS84)
    if data.crs.equals(WGS84) or data.crs.to_epsg() == 4326:
        return data
    try:
        return data.to_crs(WGS84)
    except (RuntimeError, ValueError, TypeError) as exc:  # pyproj's CRSError and ProjError are RuntimeErrors
        raise ZoneFileError(
            f"{name}: its CRS {data.crs.name!r} cannot be reprojected to EPSG:4326 ({_one_line(exc)})"
        ) from None


def _one_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    return text[:300] + ("…" if len(text) > 300 else "")


def geodataframe_to_rows(gdf, geometry: bool = False) -> list[dict[str, Any]]:
    """A GeoDataFrame's rows as plain dicts (Python scalars, None for gaps).

    Parameters
    ----------
    gdf : geopandas.GeoDataFrame
        Any GeoDataFrame; its CRS is not looked at.
    geometry : bool
        Keep the geometry column (shapely geometries) in each row (default False).

    Returns
    -------
    list of dict
        One dict a row, keyed by column in the frame's order; numpy scalars as Python ones.

    Examples
    --------
    >>> geodataframe_to_rows(rows_to_geodataframe([{"id": 1, "pop": None, "lon": 35.0, "lat": 51.0}]))
    [{'id': 1, 'pop': None, 'lon': 35.0, 'lat': 51.0}]
    """
    name = gdf.geometry.name
    columns = [c for c in gdf.columns if geometry or c != name]
    rows = []
    for values in gdf[columns].itertuples(index=False, name=None):
        rows.append({c: (v if c == name else _scalar(v)) for c, v in zip(columns, values, strict=True)})
    return rows


def geodataframe_to_features(gdf, name: str = "the data") -> dict[str, Any]:
    """A GeoDataFrame (any CRS) as a GeoJSON FeatureCollection in lon/lat with JSON-ready properties.

    Rows without a geometry keep a null geometry.

    Parameters
    ----------
    gdf : geopandas.GeoDataFrame
        The rows, in any CRS (none is taken as lon/lat).
    name : str
        Names the data in an error message (default ``"the data"``).

    Returns
    -------
    dict
        A GeoJSON FeatureCollection, one feature a row, the other columns as its properties.

    Raises
    ------
    frontmap.errors.ZoneFileError
        When the CRS cannot be reprojected to lon/lat (see :func:`to_wgs84`).

    Examples
    --------
    >>> gdf = rows_to_geodataframe([{"id": 7, "lon": 35.27, "lat": 51.19}])
    >>> feature = geodataframe_to_features(gdf)["features"][0]
    >>> feature["properties"]["id"], feature["geometry"]
    (7, {'type': 'Point', 'coordinates': [35.27, 51.19]})
    """
    import shapely

    gdf = to_wgs84(gdf, name)
    features = []
    for row, geom in zip(geodataframe_to_rows(gdf), gdf.geometry, strict=True):
        # Lists, as GeoJSON text reads (shapely's mapping() gives tuples), at full precision.
        shape = None if geom is None or geom.is_empty else json.loads(shapely.to_geojson(geom))
        features.append({"type": "Feature", "properties": row, "geometry": shape})
    return {"type": "FeatureCollection", "features": features}
