"""The layers of frontmap's maps: the basemap (countries, border) and a zone's layers.

:func:`base_map` makes a map with the context every page shares (the
timeline's too).  A zone's map then adds each layer of :data:`ZONE_LAYERS`
in turn: a function ``(map, content) -> Drawn`` that draws what it can from
the :class:`MapContent` and says what it drew (legend keys, layers the
settlement search looks in).  To add a layer, write such a function, list it
in :data:`ZONE_LAYERS` and give its legend key an entry
(:mod:`frontmap.render.legend`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import shapely

from ..countries import country
from ..errors import InvalidSpecError
from ..zone import Zone
from .controls import folium_parts, verbatim
from .features import (
    GUIDE_STEP_KM,
    Feature,
    context_box,
    depth_guides,
    evidence_features,
    geojson_feature,
    settlement_features,
)
from .markup import escape_text, render_template
from .popups import depth_label, probability_popup, zone_popup
from .style import (
    ANCHOR_MARKER,
    BORDER_STYLE,
    CENTRE_MARKER,
    COLOURS,
    COUNTRY_OPACITY,
    COUNTRY_STYLE,
    EVIDENCE_MARKER,
    FRONT_STYLE,
    GUIDE_STYLE,
    INSIDE_MARKER,
    NEARBY_MARKER,
    NEARBY_STYLE,
    PROBABILITY_ZONES,
    PROBABLE_MARKER,
    ZONE_STYLE,
    Style,
    evidence_style,
    inside_style,
    probability_zone_style,
    probable_style,
)

if TYPE_CHECKING:
    import folium

    from ..claims import Claim
    from ..ensemble import Ensemble
    from ..estimate import Affected

__all__ = [
    "BIND_JS",
    "TILES",
    "ZONE_LAYERS",
    "Drawn",
    "MapContent",
    "add_geojson",
    "base_map",
    "basemap_legend",
]

#: Values of ``tiles``: no tiles (self-contained) or OpenStreetMap tiles.
TILES = ("none", "osm")

#: Binds each feature's pre-escaped ``fm_tip`` / ``fm_popup`` HTML (``on_each_feature`` of every GeoJson layer).
BIND_JS = str(render_template("js/bind_feature.js"))

_OSM_TILES = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
_OSM_MAX_ZOOM = 19
#: Padding (pixels) around the zone when the map is fitted to it.
_FIT_PADDING = (24, 24)
#: Country outlines are simplified to this tolerance (degrees, about 50 m): they are context.
_COUNTRY_SIMPLIFY_DEGREES = 0.0005
#: A depth guide's label: size and anchor (pixels).
_DEPTH_LABEL_SIZE = (40, 14)
_DEPTH_LABEL_ANCHOR = (20, 7)


@dataclass(frozen=True)
class MapContent:
    """What a zone's map shows: the zone and what is known about it.

    Attributes
    ----------
    zone : Zone
    title : str
        The title (plain text).
    tiles : {"none", "osm"}
    result : frontmap.estimate.Affected or None
        The settlements inside; None where frontmap has no settlement layer.
    ensemble : frontmap.ensemble.Ensemble or None
    claim : frontmap.claims.Claim or None
        The shipped claim a zone built from flags models.
    """

    zone: Zone
    title: str
    tiles: str
    result: Affected | None = None
    ensemble: Ensemble | None = None
    claim: Claim | None = None


@dataclass(frozen=True)
class Drawn:
    """What a layer drew: its legend keys, and the layers the settlement search looks in."""

    legend: tuple[str, ...] = ()
    search: tuple[Any, ...] = ()


def _collection(features: Sequence[Feature]) -> dict:
    return {"type": "FeatureCollection", "features": list(features)}


def add_geojson(
    parent: Any, data: dict, style: Style | Callable[[dict], Style], name: str | None = None, **kwargs: Any
) -> folium.GeoJson:
    """Add a GeoJson layer whose features bind their ``fm_tip`` and ``fm_popup``.

    Parameters
    ----------
    parent : folium.Map or folium.FeatureGroup
        Where the layer goes.
    data : dict
        A GeoJSON feature or feature collection (every text in it escaped).
    style : dict or callable
        The Leaflet style of every feature, or a function of the feature giving it.
    name : str, optional
        The name in the layer control (escaped here); None keeps it out of the control.
    **kwargs
        More arguments for :class:`folium.GeoJson` (``marker``, ``show``).

    Returns
    -------
    folium.GeoJson
    """
    folium = folium_parts()[0]
    style_function = style if callable(style) else (lambda feature: dict(style))
    layer = folium.GeoJson(
        data,
        name=None if name is None else escape_text(name),
        style_function=style_function,
        on_each_feature=folium.JsCode(BIND_JS),
        **kwargs,
    )
    layer.add_to(parent)
    return layer


# ---------------------------------------------------------------------------
# The basemap


def _add_countries(m: folium.Map, box: tuple[float, float, float, float], tiles: str) -> None:
    countries = []
    for code, name in (("RUS", "Russia"), ("UKR", "Ukraine")):
        part = shapely.simplify(shapely.clip_by_rect(country(code), *box), _COUNTRY_SIMPLIFY_DEGREES)
        if not part.is_empty:
            countries.append(geojson_feature(part, fm_tip=name, fm_kind=code))

    def style(feature: dict) -> Style:
        fill = {"fillColor": COLOURS[feature["properties"]["fm_kind"]], "fillOpacity": COUNTRY_OPACITY[tiles]}
        return fill | COUNTRY_STYLE

    add_geojson(m, _collection(countries), style, name="Countries (vector basemap)", show=tiles == "none")


def _add_border(m: folium.Map, box: tuple[float, float, float, float]) -> None:
    from ..border import load_border

    border_near = shapely.clip_by_rect(load_border().line, *box)
    if not border_near.is_empty:  # a zone far from the border has none near it
        feature = geojson_feature(border_near, fm_tip="Russia–Ukraine border (OpenStreetMap)")
        add_geojson(m, feature, BORDER_STYLE, name="Border")


def base_map(geometry: shapely.Geometry, title: str, tiles: str = "none") -> folium.Map:
    """A Folium map fitted to ``geometry`` with frontmap's style and the context every page shares.

    Parameters
    ----------
    geometry : shapely.Geometry
        What the map shows (WGS84); the map is fitted to it.
    title : str
        The page's title (plain text; escaped here).
    tiles : {"none", "osm"}
        ``none``: the two countries as a vector basemap, the page needs no
        network; ``osm``: OpenStreetMap tiles under them.

    Returns
    -------
    folium.Map
        With the countries and the border within CONTEXT_KM of ``geometry``.

    Raises
    ------
    InvalidSpecError
        For a ``tiles`` value not in :data:`TILES`.
    """
    if not isinstance(tiles, str) or tiles not in TILES:
        raise InvalidSpecError(f"tiles={tiles!r} is not a valid option, must be one of {', '.join(TILES)}", "tiles")
    folium = folium_parts()[0]
    minx, miny, maxx, maxy = geometry.bounds
    m = folium.Map(tiles=None, prefer_canvas=False, zoom_control=True)
    m.fit_bounds([[miny, minx], [maxy, maxx]], padding=_FIT_PADDING)
    m.get_root().title = escape_text(title)
    m.get_root().header.add_child(verbatim(render_template("page_style.html")), name="frontmap_css")
    if tiles == "osm":
        attribution = str(render_template("osm_attribution.html"))
        folium.TileLayer(_OSM_TILES, name="OpenStreetMap tiles", attr=attribution, max_zoom=_OSM_MAX_ZOOM).add_to(m)
    box = context_box(geometry)
    _add_countries(m, box, tiles)
    _add_border(m, box)
    return m


def basemap_legend(tiles: str) -> tuple[str, ...]:
    """The legend keys of what :func:`base_map` draws: the border, and the countries without tiles."""
    return ("border", "countries") if tiles == "none" else ("border",)


# ---------------------------------------------------------------------------
# A zone's layers


def add_zone(m: folium.Map, content: MapContent) -> Drawn:
    """The zone, with its popup."""
    zone = content.zone
    popup = zone_popup(zone, content.title, content.result, content.claim, content.ensemble)
    add_geojson(m, geojson_feature(zone.geometry, fm_popup=str(popup), fm_kind="zone"), ZONE_STYLE, name="Zone")
    return Drawn(legend=("zone",))


def add_probability_zones(m: folium.Map, content: MapContent) -> Drawn:
    """The zones inside at least 50% and 90% of an ensemble's members."""
    ensemble = content.ensemble
    if ensemble is None:
        return Drawn()
    n = len(ensemble.members)
    for share, dash in PROBABILITY_ZONES:
        pz = ensemble.members.probability_zone(share)
        if pz is None:
            continue
        popup = str(probability_popup(share, pz.area_km2, ensemble))
        feature = geojson_feature(pz.geometry, fm_popup=popup, fm_kind=f"p{round(share * 100)}")
        add_geojson(m, feature, probability_zone_style(dash), name=f"Inside ≥ {share:.0%} of {n:,} sampled zones")
    return Drawn(legend=("ensemble",))


def add_depth_guides(m: folium.Map, content: MapContent) -> Drawn:
    """Lines every GUIDE_STEP_KM from the border, labelled at the middle of their longest piece."""
    guides = depth_guides(content.zone)
    if not guides:
        return Drawn()
    folium = folium_parts()[0]
    group = folium.FeatureGroup(name=escape_text(f"Depth guides (every {GUIDE_STEP_KM:g} km)"))
    features = [geojson_feature(g, fm_tip=escape_text(f"{d:g} km from the border"), depth_km=d) for d, g in guides]
    add_geojson(group, _collection(features), GUIDE_STYLE)
    for d, g in guides:
        longest = max(shapely.get_parts(g), key=lambda part: part.length)
        mid = shapely.line_interpolate_point(longest, 0.5, normalized=True)
        icon = folium.DivIcon(html=str(depth_label(d)), icon_size=_DEPTH_LABEL_SIZE, icon_anchor=_DEPTH_LABEL_ANCHOR)
        folium.Marker([mid.y, mid.x], icon=icon).add_to(group)
    group.add_to(m)
    return Drawn(legend=("guides",))


def add_anchor_and_front(m: folium.Map, content: MapContent) -> Drawn:
    """The front along the border and the anchor (a zone built from a spec only)."""
    zone = content.zone
    if zone.spec is None or zone.front_local is None or zone.anchor is None:
        return Drawn()
    folium = folium_parts()[0]
    group = folium.FeatureGroup(name="Anchor and front")
    front = zone.crs.to_wgs84(zone.front_local)
    tip = escape_text(f"Front: {zone.spec.width_km:g} km along the border")
    add_geojson(group, geojson_feature(front, fm_tip=tip), FRONT_STYLE)
    a = zone.anchor
    anchor_tip = folium.Tooltip(escape_text(f"Anchor: {a.label}"))
    folium.CircleMarker([a.lat, a.lon], tooltip=anchor_tip, **ANCHOR_MARKER).add_to(group)
    centre = f"Front centre: the anchor's nearest border point (km {zone.centre_chainage_km:,.1f} along the border)"
    centre_tip = folium.Tooltip(escape_text(centre))
    folium.CircleMarker([zone.centre_lat, zone.centre_lon], tooltip=centre_tip, **CENTRE_MARKER).add_to(group)
    group.add_to(m)
    return Drawn(legend=("front",))


def add_settlements(m: folium.Map, content: MapContent) -> Drawn:
    """The settlements inside (or shaded by the probability of being inside) and those nearby."""
    from ..settlements import load_settlements

    result, ensemble = content.result, content.ensemble
    if result is None:
        return Drawn()
    folium = folium_parts()[0]
    probability = None if ensemble is None else {r["id"]: r["probability"] for r in ensemble.settlements}
    inside_ids = {s["id"] for s in result.settlements if "hromada" not in s}
    inside, nearby = settlement_features(content.zone, load_settlements(), inside_ids, probability)
    ukrainian = {s["id"] for s in result.settlements if "hromada" in s}  # mapped Ukrainian places (issue 14)
    if ukrainian and probability is None:
        from ..ukraine import load_ukraine

        more_inside, more_nearby = settlement_features(content.zone, load_ukraine(), ukrainian)
        inside, nearby = inside + more_inside, nearby + more_nearby
    nearby_name = f"Settlements nearby, outside ({len(nearby)})"
    marker = folium.CircleMarker(**NEARBY_MARKER)
    nearby_layer = add_geojson(m, _collection(nearby), NEARBY_STYLE, name=nearby_name, marker=marker)
    if probability is None:
        name, key = f"Settlements inside ({len(inside)})", "settlements"
        marker = folium.CircleMarker(**INSIDE_MARKER)
        inside_layer = add_geojson(m, _collection(inside), lambda f: inside_style(f["properties"]["inhabited"]),
                                   name=name, marker=marker)
    else:
        name, key = f"Settlements by probability of being inside ({len(inside)})", "probable-settlements"
        marker = folium.CircleMarker(**PROBABLE_MARKER)
        inside_layer = add_geojson(m, _collection(inside), lambda f: probable_style(f["properties"]["probability"]),
                                   name=name, marker=marker)
    return Drawn(legend=(key,), search=(inside_layer, nearby_layer))


def add_evidence(m: folium.Map, content: MapContent) -> Drawn:
    """The named places a zone was fitted through (a zone file may carry them too), above the settlements."""
    evidence = evidence_features(content.zone.properties.get("places"))
    if not evidence:
        return Drawn()
    folium = folium_parts()[0]

    def style(feature: dict) -> Style:
        return evidence_style(feature["properties"]["fm_status"], feature["properties"]["fm_met"])

    name = f"Named places, the evidence ({len(evidence)})"
    add_geojson(m, _collection(evidence), style, name=name, marker=folium.CircleMarker(**EVIDENCE_MARKER))
    return Drawn(legend=("evidence",))


#: A zone's layers, drawn in this order (each above the ones before).
ZONE_LAYERS: tuple[Callable[[Any, MapContent], Drawn], ...] = (
    add_zone,
    add_probability_zones,
    add_depth_guides,
    add_anchor_and_front,
    add_settlements,
    add_evidence,
)
