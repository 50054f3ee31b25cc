"""The context drawn under a map: oblast boundaries, rivers and towns (``data/basemap.geojson``).

The file is built by :mod:`frontmap.basemap_build` from pinned packages; this module only
reads it.  The sources are small-scale (about 1:10 million for the boundaries, World Data
Bank II for the rivers): good to about a kilometre, so draw them thin and never as if they
were survey lines.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache

from .data import data_dir
from .errors import DataError

__all__ = ["BASEMAP_FILE", "LAYERS", "Basemap", "load_basemap"]

BASEMAP_FILE = "basemap.geojson"
#: The layers, in drawing order (bottom first).
LAYERS = ("oblast_boundaries", "rivers", "towns")


@dataclass(frozen=True)
class Basemap:
    """The basemap's layers as GeoJSON FeatureCollections, and the credit line.

    Attributes
    ----------
    layers : dict
        Layer name (see :data:`LAYERS`) to a GeoJSON FeatureCollection.
    attribution : str
        The credit every page that draws the basemap must show.
    """

    layers: dict
    attribution: str

    def __getitem__(self, name: str) -> dict:
        return self.layers[name]


@lru_cache(maxsize=1)
def load_basemap() -> Basemap:
    """Read the shipped basemap once.

    Returns
    -------
    Basemap
        Its layers and attribution.

    Raises
    ------
    DataError
        If the file is missing or unreadable.

    Examples
    --------
    >>> basemap = load_basemap()
    >>> sorted(basemap.layers)
    ['oblast_boundaries', 'rivers', 'towns']
    """
    path = data_dir() / BASEMAP_FILE
    try:
        with open(path, encoding="utf-8") as fh:
            doc = json.load(fh)
    except (OSError, ValueError) as exc:
        raise DataError(f"cannot read {path}: {exc}") from exc
    layers: dict = {name: {"type": "FeatureCollection", "features": []} for name in LAYERS}
    for feature in doc.get("features", []):
        layer = feature.get("properties", {}).get("layer")
        if layer in layers:
            layers[layer]["features"].append(feature)
    return Basemap(layers=layers, attribution=doc.get("properties", {}).get("attribution", ""))
