"""frontmap: front-line claims as zones, settlements, GeoJSON and maps.

The public functions are loaded on first use, so ``import frontmap`` is
cheap and a quick question pays only for what it needs::

    >>> import frontmap
    >>> zone = frontmap.build_zone(frontmap.ZoneSpec("Sudzha", width_km=40, depth_km=12))
    >>> frontmap.affected(zone).count > 0
    True
"""

from __future__ import annotations

import importlib

__version__ = "0.1.0"

_EXPORTS = {
    "ZoneSpec": "zone",
    "Zone": "zone",
    "DEFAULT_SPEC": "zone",
    "build_zone": "zone",
    "zone_from_geojson": "zone",
    "affected": "estimate",
    "check_places": "estimate",
    "load_settlements": "settlements",
    "load_border": "border",
    "zone_to_geojson": "export",
    "zone_from_profile": "zone",
    "map_html": "render",
    "fit": "fit",
    "Claims": "fit",
    "ensemble": "ensemble",
    "Spread": "ensemble",
    "compare_zones": "compare",
    "extract_claims": "extract",
    "load_claim_file": "claims",
    "read_claims": "claims",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str):
    if name in _EXPORTS:
        module = importlib.import_module(f"frontmap.{_EXPORTS[name]}")
        return getattr(module, name)
    raise AttributeError(f"module 'frontmap' has no attribute {name!r}")


def __dir__():
    return sorted(list(globals()) + __all__)
