"""What a zone means on the ground: the settlements inside it.

:func:`affected` joins a zone with the settlement layer and returns the
settlements inside with their distances from the border and from the zone's
edge, the counts (all register entries, and inhabited ones with population
> 0), the population and counts per district.  :func:`check_places` answers
"is this place inside?" for names or coordinates.

frontmap's settlement layer is the Russian register: it has no Ukrainian
settlements.  A zone on the Ukrainian side gets a :class:`NoSettlementLayerError`
rather than a count of 0, and a drawn zone reaching into Ukraine says how much
of it lies there.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import shapely

from .errors import FrontmapError
from .settlements import SettlementLayer, load_settlements, parse_lonlat
from .zone import Zone, _country, geodesic_area_km2

__all__ = ["Affected", "NoSettlementLayerError", "PlaceCheck", "affected", "check_places", "require_settlement_layer"]

#: Columns of the affected-settlement table, in output order.
COLUMNS = [
    "id",
    "name",
    "name_latin",
    "type",
    "district",
    "district_latin",
    "population",
    "lon",
    "lat",
    "distance_to_border_km",
    "distance_to_edge_km",
    "oktmo",
]


class NoSettlementLayerError(FrontmapError, LookupError):
    """frontmap has no settlement layer for the zone's country."""


@dataclass
class Affected:
    """Settlements inside a zone and their totals."""

    zone: Zone
    settlements: list[dict]
    notes: list[str] = field(default_factory=list)

    @property
    def count(self) -> int:
        """Settlements inside (every register entry, abandoned ones too)."""
        return len(self.settlements)

    @property
    def inhabited(self) -> int:
        """Settlements inside with population > 0."""
        return sum(1 for s in self.settlements if s["population"] > 0)

    @property
    def population(self) -> int:
        """Total population of the settlements inside (register figures)."""
        return sum(s["population"] for s in self.settlements)

    @property
    def by_district(self) -> dict:
        """Per district: ``count``, ``inhabited`` and ``population``."""
        out: dict = {}
        for s in self.settlements:
            d = out.setdefault(s["district"], {"count": 0, "inhabited": 0, "population": 0})
            d["count"] += 1
            d["inhabited"] += s["population"] > 0
            d["population"] += s["population"]
        return dict(sorted(out.items(), key=lambda kv: (-kv[1]["count"], kv[0])))

    def to_json(self) -> dict:
        """The contract of ``frontmap affected --format json``."""
        return {
            "zone": self.zone.to_properties(),
            "count": self.count,
            "inhabited": self.inhabited,
            "population": self.population,
            "by_district": self.by_district,
            "notes": list(self.notes),
            "settlements": self.settlements,
        }


def settlement_row(s) -> dict:
    """A settlement's fields as the outputs list them, with its distance from the border."""
    return {
        "id": s.id,
        "name": s.name,
        "name_latin": s.name_latin,
        "type": s.type,
        "district": s.district,
        "district_latin": s.district_latin,
        "population": s.population,
        "lon": s.lon,
        "lat": s.lat,
        "distance_to_border_km": round(abs(s.offset_km), 3),
    }


def require_settlement_layer(side: str) -> None:
    """Raise :class:`NoSettlementLayerError` unless frontmap can count settlements on ``side``."""
    if side != "RUS":
        raise NoSettlementLayerError(
            "frontmap has no Ukrainian settlement layer yet, so it cannot list or count settlements "
            "in a zone on the UKR side (the count is unknown, not 0)"
        )


def affected(zone: Zone, layer: SettlementLayer | None = None) -> Affected:
    """The settlements inside ``zone``.

    Raises :class:`NoSettlementLayerError` for a zone built on the Ukrainian
    side: frontmap has no Ukrainian settlement layer yet, and a count of 0
    would be false.

    Examples
    --------
    >>> from frontmap.zone import build_zone
    >>> result = affected(build_zone())
    >>> result.count > 20 and all(s["distance_to_edge_km"] >= 0 for s in result.settlements)
    True
    """
    if zone.spec is not None:
        require_settlement_layer(zone.spec.side)
    layer = layer or load_settlements()
    inside = zone.contains(layer.lon, layer.lat)
    idx = np.flatnonzero(inside)
    edge = zone.distance_to_edge_km(layer.lon[idx], layer.lat[idx]) if len(idx) else np.array([])
    rows = []
    for k, i in enumerate(idx):
        s = layer.settlements[i]
        rows.append({**settlement_row(s), "distance_to_edge_km": round(float(edge[k]), 3), "oktmo": s.oktmo})
    rows.sort(key=lambda r: (r["distance_to_border_km"], r["id"]))
    notes = []
    if zone.spec is None:
        in_ukraine = _area_in_ukraine_km2(zone)
        if in_ukraine >= 0.01:
            notes.append(
                f"{in_ukraine:.1f} km² of this zone lies in Ukraine, where frontmap has no settlement "
                "layer yet: the counts cover its Russian part only"
            )
    return Affected(zone, rows, notes)


def _area_in_ukraine_km2(zone: Zone) -> float:
    ukr = _country("UKR")
    part = shapely.intersection(zone.geometry, shapely.clip_by_rect(ukr, *zone.geometry.bounds))
    return 0.0 if part.is_empty else geodesic_area_km2(part)


@dataclass(frozen=True)
class PlaceCheck:
    """The answer for one place: inside or not, and how far from the edge."""

    query: str
    id: int | None
    name: str | None
    name_latin: str | None
    district: str | None
    lon: float
    lat: float
    inside: bool
    distance_to_edge_km: float

    def to_json(self) -> dict:
        return {
            "query": self.query,
            "id": self.id,
            "name": self.name,
            "name_latin": self.name_latin,
            "district": self.district,
            "lon": self.lon,
            "lat": self.lat,
            "inside": self.inside,
            "distance_to_edge_km": round(self.distance_to_edge_km, 3),
        }


def check_places(zone: Zone, queries: list[str], layer: SettlementLayer | None = None) -> list[PlaceCheck]:
    """Inside or outside, for each place name or ``lon,lat``.

    Every query is resolved before anything is answered, so one unknown or
    ambiguous name raises its error (see :mod:`frontmap.settlements`) and no
    partial answer is given.
    """
    resolved = []
    for query in queries:
        lonlat = parse_lonlat(query)
        if lonlat is not None:
            resolved.append((query, None, lonlat))
        else:
            layer = layer or load_settlements()
            s = layer.find(query)
            resolved.append((query, s, (s.lon, s.lat)))
    if not resolved:
        return []
    lon = np.array([r[2][0] for r in resolved])
    lat = np.array([r[2][1] for r in resolved])
    inside = zone.contains(lon, lat)
    edge = zone.distance_to_edge_km(lon, lat)
    out = []
    for (query, s, (x, y)), ins, dist in zip(resolved, inside, edge):
        out.append(
            PlaceCheck(
                query,
                s.id if s else None,
                s.name if s else None,
                s.name_latin if s else None,
                s.district if s else None,
                float(x),
                float(y),
                bool(ins),
                float(dist),
            )
        )
    return out
