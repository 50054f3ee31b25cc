"""The GeoJSON features a zone's map draws: settlements, named places, depth guides.

Each feature carries its tooltip (``fm_tip``) and popup (``fm_popup``) as
escaped HTML (see :mod:`frontmap.render.popups`) and its kind (``fm_kind``),
which the page's script and the tests read.  Properties that may come from a
zone file are checked for type and range before they are drawn.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from difflib import SequenceMatcher
from typing import TYPE_CHECKING, Any

import numpy as np
import shapely

from ..errors import FrontmapError
from ..export import geometry_to_geojson
from ..zone import Zone
from .markup import escape_text, render_macro
from .popups import evidence_tip, settlement_popup, settlement_tip
from .style import EVIDENCE_STYLE

if TYPE_CHECKING:
    from ..settlements import Settlement, SettlementLayer
    from ..ukraine import UkraineLayer, UkrPlace

__all__ = [
    "CONTEXT_KM",
    "GUIDE_STEP_KM",
    "MAX_GUIDE_BORDER_KM",
    "MAX_GUIDE_KM",
    "NEARBY_KM",
    "context_box",
    "depth_guides",
    "evidence_features",
    "cyrillic_name",
    "geojson_feature",
    "label_record",
    "settlement_features",
    "town_features",
]

Feature = dict[str, Any]

#: Settlements outside the zone drawn when within this distance (km) of it.
NEARBY_KM = 10.0
#: Spacing (km) of the depth guides.
GUIDE_STEP_KM = 5.0
#: Depth guides stop here (km): the greatest depth a spec allows.
MAX_GUIDE_KM = 100.0
#: No depth guides for a zone whose box, grown by its greatest depth, holds more
#: border than this (km): they would cost a minute and read as clutter at that scale.
MAX_GUIDE_BORDER_KM = 600.0
#: How far (km) beyond the zone the border and countries are drawn.
CONTEXT_KM = 80.0

_M_PER_KM = 1000.0
#: Kilometres in a degree of latitude (and of longitude at the equator).
_KM_PER_DEGREE = 111.0
#: The cosine of the latitude is kept above this, so a box near a pole stays finite.
_MIN_COS_LATITUDE = 0.2
#: Settlements are first picked in the zone's box grown by this many degrees: NEARBY_KM at
#: 60 km a degree (a degree of longitude is longer south of 57°N), with half as much again.
_NEARBY_PAD_DEGREES = NEARBY_KM / 60.0 * 1.5
#: The zone's depth is measured at about this many of its vertices.
_DEPTH_SAMPLE_VERTICES = 500
#: Added to the sampled depth (km): a guide the zone does not reach costs only an empty pass.
_DEPTH_MARGIN_KM = 1.0
#: The border is clipped this far (m) beyond the reach of each guide.
_CLIP_MARGIN_M = 1000.0
#: Arc segments per quarter circle of the buffers the guides are cut from.
_GUIDE_QUAD_SEGS = 64
#: Pieces of a guide shorter than this (m) are slivers of the cut, not lines.
_MIN_GUIDE_PIECE_M = 1.0
#: Guides get a vertex at least every this many metres, so they bend with the projection.
_GUIDE_SEGMENT_M = 200.0
#: Numerical slack (km) so the deepest guide is kept when the depth is a multiple of the step.
_STEP_SLACK_KM = 1e-9
#: Coordinates of named places are rounded to this many decimals (about 0.1 m).
_DECIMALS = 6
#: Ukrainian letters in Latin for matching a town's Cyrillic names to its Latin one.
_UKRAINIAN_LETTERS = str.maketrans({"і": "i", "ї": "i", "є": "e", "ґ": "g", "І": "I", "Ї": "I", "Є": "E", "Ґ": "G"})
#: A Cyrillic town name of only Russian and Ukrainian letters, spaces and hyphens.
_PLAIN_CYRILLIC = re.compile(r"[А-Яа-яЁёІіЇїЄєҐґ'’ -]+")
#: Names of districts and regions among GeoNames' alternate names.
_NOT_A_TOWN = re.compile(r"район|область|округ", re.IGNORECASE)
#: A Cyrillic name must read at least this much like the Latin one (difflib ratio of their Latin forms).
_MIN_NAME_LIKENESS = 0.6


def geojson_feature(geom: shapely.Geometry, **props: Any) -> Feature:
    """A GeoJSON feature of ``geom`` (WGS84) with ``props`` as its properties.

    Parameters
    ----------
    geom : shapely.Geometry
        Longitude/latitude coordinates.
    **props
        The feature's properties, e.g. ``fm_tip`` (escaped HTML).

    Returns
    -------
    dict
        An RFC 7946 feature (6 decimals, counter-clockwise shells).

    Examples
    --------
    >>> geojson_feature(shapely.Point(35.123456789, 51.2), fm_kind="anchor")["geometry"]
    {'type': 'Point', 'coordinates': [35.123457, 51.2]}
    """
    return {"type": "Feature", "properties": props, "geometry": geometry_to_geojson(geom)}


def context_box(geometry: shapely.Geometry) -> tuple[float, float, float, float]:
    """A lon/lat box reaching :data:`CONTEXT_KM` beyond ``geometry``.

    Parameters
    ----------
    geometry : shapely.Geometry
        Longitude/latitude coordinates.

    Returns
    -------
    tuple of float
        ``(min_lon, min_lat, max_lon, max_lat)``.

    Examples
    --------
    80 km is 0.72° of latitude, and 1.15° of longitude at 51°N:

    >>> [round(float(v), 2) for v in context_box(shapely.Point(35.27, 51.19))]
    [34.12, 50.47, 36.42, 51.91]
    """
    minx, miny, maxx, maxy = geometry.bounds
    dlat = CONTEXT_KM / _KM_PER_DEGREE
    dlon = CONTEXT_KM / (_KM_PER_DEGREE * max(np.cos(np.radians((miny + maxy) / 2)), _MIN_COS_LATITUDE))
    return minx - dlon, miny - dlat, maxx + dlon, maxy + dlat


# ---------------------------------------------------------------------------
# Named places


def _position(place: dict) -> tuple[float, float] | None:
    """A named place's finite lon/lat in range, or None."""
    lon, lat = place.get("lon"), place.get("lat")
    for value in (lon, lat):
        if not isinstance(value, (int, float)) or isinstance(value, bool) or not math.isfinite(value):
            return None
    assert isinstance(lon, (int, float)) and isinstance(lat, (int, float))
    if not (-180 <= lon <= 180 and -90 <= lat <= 90):
        return None
    return lon, lat


def evidence_features(places: object) -> list[Feature]:
    """Point features for the named places a zone was fitted through (its ``places`` property).

    Parameters
    ----------
    places : object
        The property, which may come from a zone file: an entry without a
        known status, a finite position in range or a name is left out.

    Returns
    -------
    list of dict
        Features with ``fm_kind="evidence"``, ``fm_status``, ``fm_met`` and an escaped ``fm_tip``.

    Examples
    --------
    >>> [f["properties"]["fm_status"] for f in evidence_features(
    ...     [{"query": "A", "status": "inside", "lon": 35.0, "lat": 51.0}, {"status": "nowhere"}, "x"])]
    ['inside']
    """
    features = []
    for place in places if isinstance(places, list) else ():
        if not isinstance(place, dict) or place.get("status") not in EVIDENCE_STYLE:
            continue
        position = _position(place)
        if position is None:
            continue
        met = place.get("met") is not False
        props = {
            "fm_kind": "evidence",
            "fm_status": place["status"],
            "fm_met": met,
            "fm_tip": str(evidence_tip(place, met)),
        }
        point = {"type": "Point", "coordinates": [round(position[0], _DECIMALS), round(position[1], _DECIMALS)]}
        features.append({"type": "Feature", "properties": props, "geometry": point})
    return features


# ---------------------------------------------------------------------------
# Settlements


def _nearby_candidates(zone: Zone, layer: SettlementLayer | UkraineLayer, probable_ids: set[int] | None) -> np.ndarray:
    """Indices into ``layer`` of settlements in the zone's box grown by a margin (and the probable ones)."""
    lon, lat = layer.lon, layer.lat
    minx, miny, maxx, maxy = zone.geometry.bounds
    pad = _NEARBY_PAD_DEGREES
    box = (lon > minx - pad) & (lon < maxx + pad) & (lat > miny - pad) & (lat < maxy + pad)
    if probable_ids is not None:  # an ensemble's members can reach beyond the central zone's box
        box |= np.isin(layer.ids, np.fromiter(probable_ids, np.int64, len(probable_ids)))
    return np.flatnonzero(box)


def _search_labels(settlements: Sequence[Settlement | UkrPlace]) -> list[str]:
    """Unique search labels: Latin · Cyrillic name, then the district for namesakes, then the id."""

    def district(s: Settlement | UkrPlace) -> str:
        return s.district_latin or s.district

    names = Counter(f"{s.name_latin} · {s.name}" for s in settlements)
    with_district = Counter(f"{s.name_latin} · {s.name} ({district(s)})" for s in settlements)
    labels = []
    for s in settlements:
        label = f"{s.name_latin} · {s.name}"
        if names[label] > 1:
            label += f" ({district(s)})"
            if with_district[label] > 1:
                label = f"{label[:-1]}, id {s.id})"
        labels.append(label)
    return labels


def _settlement_kind(is_in: bool, probability: dict | None) -> str:
    if not is_in:
        return "nearby"
    return "inside" if probability is None else "probable"


def settlement_features(
    zone: Zone, layer: SettlementLayer | UkraineLayer, inside_ids: set[int], probability: dict[int, float] | None = None
) -> tuple[list[Feature], list[Feature]]:
    """Features for the settlements inside the zone and for those within :data:`NEARBY_KM` of it.

    Parameters
    ----------
    zone : Zone
        The zone drawn.
    layer : frontmap.settlements.SettlementLayer or frontmap.ukraine.UkraineLayer
        The Russian register, or the mapped Ukrainian places.
    inside_ids : set of int
        The ids of the settlements inside (``Affected.settlements``).
    probability : dict, optional
        Id → share of an ensemble's members the settlement is inside: the
        first list then holds every settlement with a probability above 0.

    Returns
    -------
    (list of dict, list of dict)
        The settlements inside (or probable) and those nearby.

    Raises
    ------
    frontmap.errors.FrontmapError
        When a settlement of ``inside_ids`` is not among the layer's near the zone (the layer and the
        result disagree).

    Examples
    --------
    >>> from frontmap.estimate import affected
    >>> from frontmap.settlements import load_settlements
    >>> from frontmap.zone import ZoneSpec, build_zone
    >>> zone = build_zone(ZoneSpec("Sudzha", width_km=10, depth_km=4))
    >>> inside_ids = {s["id"] for s in affected(zone).settlements}
    >>> inside, nearby = settlement_features(zone, load_settlements(), inside_ids)
    >>> [f["properties"]["fm_kind"] for f in inside], len(nearby) > 0
    (['inside'], True)
    """
    if probability is not None:
        inside_ids = set(probability)
    idx = _nearby_candidates(zone, layer, None if probability is None else inside_ids)
    lon, lat = layer.lon[idx], layer.lat[idx]
    edge = zone.distance_to_edge_km(lon, lat) if len(idx) else np.array([])
    in_zone = zone.contains(lon, lat)
    shown = [k for k, i in enumerate(idx) if layer.ids[i] in inside_ids or edge[k] <= NEARBY_KM]
    settlements = [layer.settlements[idx[k]] for k in shown]
    inside: list[Feature] = []
    nearby: list[Feature] = []
    for k, s, label in zip(shown, settlements, _search_labels(settlements), strict=True):
        is_in = s.id in inside_ids
        p = None if probability is None else probability.get(s.id, 0.0)
        props: dict[str, Any] = {
            "id": s.id,
            "fm_kind": _settlement_kind(is_in, probability),
            "fm_label": escape_text(label),
            "fm_tip": str(settlement_tip(s, bool(in_zone[k]), float(edge[k]), p)),
            "fm_popup": str(settlement_popup(s)),
            "inhabited": s.population > 0,
        }
        if p is not None:
            props["probability"] = p
        feature = {"type": "Feature", "properties": props, "geometry": {"type": "Point", "coordinates": [s.lon, s.lat]}}
        (inside if is_in else nearby).append(feature)
    _check_all_drawn(inside_ids, inside)
    return inside, nearby


def _check_all_drawn(inside_ids: set[int], inside: Iterable[Feature]) -> None:
    missing = inside_ids - {f["properties"]["id"] for f in inside}
    if missing:  # cannot happen unless the layer and the result disagree
        raise FrontmapError(f"settlements {sorted(missing)} are inside the zone but not on the map")


# ---------------------------------------------------------------------------
# Labels and towns


def label_record(lon: float, lat: float, latin: str, cyrillic: str, rank: float, kind: str) -> dict:
    """A name the page keeps drawn (see ``templates/js/labels.js``); the script sets its text as text.

    Parameters
    ----------
    lon, lat : float
        Where the name goes (degrees; rounded to 6 decimals).
    latin, cyrillic : str
        The name in Latin letters, and in Cyrillic ("" when not known).
    rank : float
        Larger ranks are drawn first when labels collide (a population, say).
    kind : str
        What the name is (``"town"``, ``"inside"`` ...), which picks its style.

    Returns
    -------
    dict
        ``lon``, ``lat``, ``latin``, ``cyrillic``, ``rank`` and ``kind``.

    Examples
    --------
    >>> label_record(35.27, 51.19, "Sudzha", "Суджа", 5, "inside")["latin"]
    'Sudzha'
    """
    return {
        "lon": round(lon, _DECIMALS),
        "lat": round(lat, _DECIMALS),
        "latin": latin,
        "cyrillic": cyrillic,
        "rank": rank,
        "kind": kind,
    }


def _ukrainian_latin(text: str) -> str:
    from ..transliterate import to_latin

    return to_latin(text.translate(_UKRAINIAN_LETTERS))


def cyrillic_name(latin: str, candidates: Sequence[str]) -> str:
    """The one of GeoNames' untagged Cyrillic ``candidates`` that reads most like ``latin`` ("" if none does).

    Parameters
    ----------
    latin : str
        A town's name in Latin letters.
    candidates : sequence of str
        Its alternate names; only plain Cyrillic ones that name no district or region count.

    Returns
    -------
    str
        The best candidate whose Latin form is at least 0.6 alike (difflib ratio), else "".

    Examples
    --------
    >>> cyrillic_name("Kharkiv", ["Харков", "Харків", "Харьков"]), cyrillic_name("Kyiv", ["Кейӳ", "Киев ош"])
    ('Харків', '')
    """
    best, best_score = "", _MIN_NAME_LIKENESS
    target = latin.lower()
    for name in candidates:
        if not isinstance(name, str) or not _PLAIN_CYRILLIC.fullmatch(name) or _NOT_A_TOWN.search(name):
            continue
        score = max(
            SequenceMatcher(None, target, form.lower()).ratio()
            for form in (_ukrainian_latin(name), _ukrainian_latin(name.replace("и", "ы")))
        )
        if score > best_score:
            best, best_score = name, score
    return best


def town_features(towns: Sequence[dict], box: tuple[float, float, float, float]) -> tuple[list[Feature], list[dict]]:
    """The basemap's towns within ``box`` as features with a tooltip, and their labels (ranked by population).

    Parameters
    ----------
    towns : sequence of dict
        GeoJSON point features of :func:`frontmap.basemap.load_basemap`'s ``towns`` layer.
    box : tuple of float
        ``(min_lon, min_lat, max_lon, max_lat)``.

    Returns
    -------
    (list of dict, list of dict)
        Features (``fm_kind="town"``) and label records.

    Examples
    --------
    >>> from frontmap.basemap import load_basemap
    >>> towns = load_basemap()["towns"]["features"]
    >>> features, labels = town_features(towns, (36.0, 49.8, 36.5, 50.2))
    >>> features[0]["properties"]["fm_kind"], labels[0]["latin"], labels[0]["cyrillic"]
    ('town', 'Kharkiv', 'Харків')
    """
    features, labels = [], []
    for town in towns:
        lon, lat = town["geometry"]["coordinates"][:2]
        if not (box[0] <= lon <= box[2] and box[1] <= lat <= box[3]):
            continue
        props = town.get("properties", {})
        latin = str(props.get("name", ""))
        cyrillic = cyrillic_name(latin, props.get("names_cyrillic") or ())
        population = int(props.get("population") or 0)
        tip = render_macro("popups.html", "town_tip", latin, cyrillic, population, props.get("country", ""))
        features.append(
            {
                "type": "Feature",
                "properties": {"fm_kind": "town", "fm_tip": str(tip)},
                "geometry": {"type": "Point", "coordinates": [lon, lat]},
            }
        )
        labels.append(label_record(lon, lat, latin, cyrillic, population, "town"))
    return features, labels


# ---------------------------------------------------------------------------
# Depth guides


def _clip_around(geom: shapely.Geometry, zone: Zone, margin_m: float) -> shapely.Geometry:
    """``geom`` (local CRS) clipped to the zone's box grown by ``margin_m``."""
    minx, miny, maxx, maxy = zone.local.bounds
    return shapely.clip_by_rect(geom, minx - margin_m, miny - margin_m, maxx + margin_m, maxy + margin_m)


def _deepest_km(zone: Zone, border: shapely.Geometry) -> float:
    """How deep the zone goes (km), from a sample of its vertices, plus a margin, at most MAX_GUIDE_KM."""
    coords = shapely.get_coordinates(zone.local)
    sample = shapely.points(coords[:: max(1, len(coords) // _DEPTH_SAMPLE_VERTICES)])
    return min(float(shapely.distance(border, sample).max()) / _M_PER_KM + _DEPTH_MARGIN_KM, MAX_GUIDE_KM)


def _guide(zone: Zone, border: shapely.Geometry, depth_km: float) -> shapely.Geometry | None:
    """The line inside the zone ``depth_km`` from the border (local CRS), or None."""
    minx, miny, maxx, maxy = zone.local.bounds
    # The border point nearest to a zone point d away lies within d of the zone's box.
    near = _clip_around(border, zone, depth_km * _M_PER_KM + _CLIP_MARGIN_M)
    ring = shapely.clip_by_rect(
        shapely.boundary(shapely.buffer(near, depth_km * _M_PER_KM, quad_segs=_GUIDE_QUAD_SEGS)),
        minx - 1,
        miny - 1,
        maxx + 1,
        maxy + 1,
    )
    pieces = shapely.get_parts(shapely.line_merge(shapely.intersection(ring, zone.local)))
    lines = [g for g in pieces if g.geom_type == "LineString" and g.length > _MIN_GUIDE_PIECE_M]
    if not lines:
        return None
    return shapely.MultiLineString(lines) if len(lines) > 1 else lines[0]


def depth_guides(zone: Zone, step_km: float = GUIDE_STEP_KM) -> list[tuple[float, shapely.Geometry]]:
    """Lines inside the zone at every ``step_km`` from the border, in WGS84.

    Parameters
    ----------
    zone : Zone
        A built zone or one read from a file.
    step_km : float
        The spacing of the guides (km, > 0; default :data:`GUIDE_STEP_KM`).

    Returns
    -------
    list of (float, shapely.Geometry)
        ``(depth_km, lines)`` pairs, shallowest first; depths the zone does
        not reach are left out.  A zone with no border near it, or with more
        than :data:`MAX_GUIDE_BORDER_KM` of border within reach, gets none.

    Examples
    --------
    >>> from frontmap.zone import build_zone
    >>> [(depth_km, lines.geom_type) for depth_km, lines in depth_guides(build_zone())]
    [(5.0, 'LineString'), (10.0, 'LineString')]
    """
    from ..border import load_border

    border = _clip_around(zone.crs.to_local(load_border().line), zone, _M_PER_KM * MAX_GUIDE_KM)
    if border.is_empty:
        return []
    deepest = _deepest_km(zone, border)
    if _clip_around(border, zone, deepest * _M_PER_KM + _CLIP_MARGIN_M).length > _M_PER_KM * MAX_GUIDE_BORDER_KM:
        return []
    out = []
    for d in np.arange(step_km, deepest + _STEP_SLACK_KM, step_km):
        geom = _guide(zone, border, float(d))
        if geom is not None:
            out.append((float(d), zone.crs.to_wgs84(shapely.segmentize(geom, _GUIDE_SEGMENT_M))))
    return out
