"""frontmap: front-line claims as zones, settlements, GeoJSON and maps.

The public functions are loaded on first use, so ``import frontmap`` is
cheap and a quick question pays only for what it needs::

    >>> import frontmap
    >>> zone = frontmap.build_zone(frontmap.ZoneSpec("Sudzha", width_km=40, depth_km=12))
    >>> frontmap.find_affected(zone).count > 0
    True

Functions have verb names, none equal to a submodule's: ``frontmap.fit`` and
``frontmap.ensemble`` are the submodules, always (before and after
``import frontmap.fit``); the functions are :func:`fit_claim` and
:func:`sample_ensemble`.  The 0.1 names ``affected``, ``map_html`` and a call
of ``frontmap.fit(...)`` or ``frontmap.ensemble(...)`` still work until 0.3,
with a DeprecationWarning (see :mod:`frontmap._deprecated`).
"""

from __future__ import annotations

import importlib

__version__ = "0.1.0"

#: Public name → (submodule, the name there).
_EXPORTS = {
    "ZoneSpec": ("zone", "ZoneSpec"),
    "Zone": ("zone", "Zone"),
    "DEFAULT_SPEC": ("zone", "DEFAULT_SPEC"),
    "build_zone": ("zone", "build_zone"),
    "zone_from_geojson": ("zone", "zone_from_geojson"),
    "zone_from_profile": ("zone", "zone_from_profile"),
    "find_affected": ("estimate", "affected"),
    "check_places": ("estimate", "check_places"),
    "load_settlements": ("settlements", "load_settlements"),
    "load_border": ("border", "load_border"),
    "zone_to_geojson": ("export", "zone_to_geojson"),
    "render_map_html": ("render", "map_html"),
    "fit_claim": ("fit", "fit"),
    "Claims": ("fit", "Claims"),
    "sample_ensemble": ("ensemble", "ensemble"),
    "Spread": ("ensemble", "Spread"),
    "compare_zones": ("compare", "compare_zones"),
    "extract_claims": ("extract", "extract_claims"),
    "load_claim_file": ("claims", "load_claim_file"),
    "read_claims": ("claims", "read_claims"),
    "resolve_zone": ("resolve", "resolve_zone"),
    "Resolution": ("resolve", "Resolution"),
}

#: Submodules reachable as attributes without an import of their own (0.1 code reads them so).
_SUBMODULES = ("fit", "ensemble")

__all__ = sorted(_EXPORTS)


def __getattr__(name: str):
    if name in _EXPORTS:
        module, attribute = _EXPORTS[name]
        value = getattr(importlib.import_module(f"frontmap.{module}"), attribute)
        globals()[name] = value  # resolved once: later reads are plain attribute reads
        return value
    if name in _SUBMODULES:
        # The import stores the module as this package's attribute, as any import of it would.
        return importlib.import_module(f"frontmap.{name}")
    from ._deprecated import RENAMED, warn_renamed

    if name in RENAMED:  # not cached: every read of an old name warns
        warn_renamed(name)
        return __getattr__(RENAMED[name])
    raise AttributeError(f"module 'frontmap' has no attribute {name!r}")


def __dir__():
    return sorted(set(globals()) | set(__all__) | set(_SUBMODULES))
