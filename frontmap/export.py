"""GeoJSON, CSV and JSON output, and writing files safely.

GeoJSON follows RFC 7946: WGS84 longitude/latitude, exterior rings
counter-clockwise and holes clockwise, no ``crs`` member, a ``bbox``, and
coordinates rounded to 6 decimals (about 0.1 m).  Every document carries the
data's attribution.  :func:`write_output` writes through a temporary file in
the target folder and renames it, so a failure leaves nothing half-written,
and it refuses to replace a file unless told to.
"""

from __future__ import annotations

import csv
import io
import json
import os
import tempfile
from pathlib import Path

import shapely

from .data import ATTRIBUTION
from .errors import OutputError

__all__ = [
    "DECIMALS",
    "geometry_to_geojson",
    "zone_to_geojson",
    "settlements_to_geojson",
    "rows_to_csv",
    "dump_json",
    "write_output",
]

DECIMALS = 6


def _round_coords(obj):
    if isinstance(obj, (list, tuple)):
        if obj and isinstance(obj[0], (int, float)):
            return [round(float(v), DECIMALS) for v in obj]
        return [_round_coords(v) for v in obj]
    return obj


def geometry_to_geojson(geom) -> dict:
    """A shapely geometry as an RFC 7946 geometry object (6 decimals, CCW shells)."""
    if geom.geom_type in ("Polygon", "MultiPolygon"):
        # Snap to the output grid first so rounding cannot break validity,
        # then orient: counter-clockwise shells, clockwise holes.
        geom = shapely.set_precision(geom, 10.0**-DECIMALS)
        geom = shapely.orient_polygons(geom, exterior_cw=False)
    doc = json.loads(shapely.to_geojson(geom))
    doc["coordinates"] = _round_coords(doc["coordinates"])
    return doc


def _bbox(geoms) -> list[float]:
    # Polygons are written snapped to the output grid (see geometry_to_geojson):
    # measure them the same way, or a bound can round to the other side.
    geoms = [
        shapely.set_precision(g, 10.0**-DECIMALS) if g.geom_type in ("Polygon", "MultiPolygon") else g for g in geoms
    ]
    xmin, ymin, xmax, ymax = shapely.total_bounds(geoms)
    return [round(float(v), DECIMALS) for v in (xmin, ymin, xmax, ymax)]


def _collection(features: list, geoms) -> dict:
    doc = {"type": "FeatureCollection"}
    if features:
        doc["bbox"] = _bbox(geoms)
    doc["features"] = features
    doc["attribution"] = dict(ATTRIBUTION)
    return doc


def zone_to_geojson(zone) -> dict:
    """A zone as a FeatureCollection holding one Polygon/MultiPolygon feature."""
    geometry = geometry_to_geojson(zone.geometry)
    feature = {
        "type": "Feature",
        "bbox": _bbox([zone.geometry]),
        "properties": zone.to_properties(),
        "geometry": geometry,
    }
    return _collection([feature], [zone.geometry])


def settlements_to_geojson(rows: list[dict], properties: dict | None = None) -> dict:
    """Settlement rows (with ``lon``/``lat``) as a FeatureCollection of points."""
    features = []
    points = []
    for row in rows:
        point = shapely.Point(row["lon"], row["lat"])
        points.append(point)
        props = {k: v for k, v in row.items() if k not in ("lon", "lat")}
        features.append({"type": "Feature", "properties": props, "geometry": geometry_to_geojson(point)})
    doc = _collection(features, points)
    if properties:
        doc["properties"] = properties
    return doc


def rows_to_csv(rows: list[dict], columns: list[str]) -> str:
    """Rows as CSV text with a header."""
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=columns, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buf.getvalue()


def dump_json(doc, compact: bool = False) -> str:
    """JSON text with UTF-8 names kept readable; ``compact`` for GeoJSON (no indentation)."""
    if compact:
        return json.dumps(doc, ensure_ascii=False, separators=(",", ":")) + "\n"
    return json.dumps(doc, ensure_ascii=False, indent=1) + "\n"


def check_output(path: str | os.PathLike, overwrite: bool = False) -> Path:
    """Check an output path before any work: its folder exists, no file is in the way."""
    path = Path(path)
    if not path.parent.is_dir():
        raise OutputError(f"cannot write {str(path)!r}: the directory {str(path.parent)!r} does not exist")
    if path.is_dir():
        raise OutputError(f"cannot write {str(path)!r}: it is a directory")
    if path.exists() and not overwrite:
        raise OutputError(f"{str(path)!r} exists; pass --overwrite to replace it")
    return path


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_output(text: str | bytes, path: str | os.PathLike, overwrite: bool = False) -> Path:
    """Write ``text`` (or bytes) to ``path`` atomically; refuse to replace a file unless ``overwrite``."""
    path = check_output(path, overwrite)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        if isinstance(text, bytes):
            with os.fdopen(fd, "wb") as fh:
                fh.write(text)
        else:
            with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
                fh.write(text)
        if not overwrite and path.exists():
            raise OutputError(f"{str(path)!r} appeared while writing; pass --overwrite to replace it")
        # mkstemp makes the file private (0600); give it the mode open() would.
        os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
    return path
