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

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import shapely
import shapely.geometry
from shapely.ops import polylabel

from ..countries import country
from ..errors import InvalidSpecError
from ..geom import clip_to_box
from ..zone import Zone
from .controls import MapExtras, folium_parts, verbatim
from .features import (
    GUIDE_STEP_KM,
    Feature,
    context_box,
    depth_guides,
    evidence_features,
    geojson_feature,
    label_record,
    settlement_features,
    town_features,
)
from .markup import escape_text, render_template
from .popups import comparison_popup, depth_label, probability_popup, reference_title, zone_popup
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
    OBLAST_STYLE,
    PROBABILITY_ZONES,
    PROBABLE_MARKER,
    REFERENCE_PART_STYLES,
    REFERENCE_STYLE,
    RIVER_STYLE,
    TOWN_MARKER,
    TOWN_STYLE,
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
#: Country names go inside the view: the zone's box grown by this share of its size on each side.
_VIEW_GROW = 0.25
#: polylabel's tolerance (degrees) for the country names.
_LABEL_TOLERANCE_DEGREES = 0.01
#: An anchor's label: its Cyrillic name, then its Latin one in brackets.
_ANCHOR_LABEL = re.compile(r"(.+) \((.+)\)")
#: Label ranks: the anchor's comes first, then the settlements inside, then towns (by population).
_ANCHOR_RANK = 1e12
_INSIDE_RANK = 1e9
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
    reference : Zone or None
        A reference zone to compare the model with (``frontmap map --reference``).
    """

    zone: Zone
    title: str
    tiles: str
    result: Affected | None = None
    ensemble: Ensemble | None = None
    claim: Claim | None = None
    reference: Zone | None = None


@dataclass(frozen=True)
class Drawn:
    """What a layer drew: its legend keys, the layers the settlement search looks in, and those the swipe clips."""

    legend: tuple[str, ...] = ()
    search: tuple[Any, ...] = ()
    swipe: tuple[Any, ...] = ()


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
        The layer, already added to ``parent``.

    Examples
    --------
    >>> import shapely
    >>> m = base_map(shapely.box(35.1, 51.1, 35.3, 51.3), "A box")
    >>> point = {"type": "Point", "coordinates": [35.2, 51.2]}
    >>> point = {"type": "Feature", "properties": {"fm_tip": "a point"}, "geometry": point}
    >>> add_geojson(m, point, {"color": "#000"}, name="Dots & more").layer_name
    'Dots &amp; more'
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


def _country_label_point(part: shapely.Geometry, view: tuple[float, float, float, float]) -> shapely.Point | None:
    """Where a country's name goes: inside its largest piece within the view, or None if it has none there."""
    within = clip_to_box(part, *view)
    pieces = [g for g in shapely.get_parts(within) if g.geom_type == "Polygon" and g.area > 0]
    if not pieces:
        return None
    return polylabel(max(pieces, key=lambda g: g.area), tolerance=_LABEL_TOLERANCE_DEGREES)


def _add_countries(m: folium.Map, box: tuple[float, float, float, float], tiles: str, extras: MapExtras) -> None:
    countries = []
    view = _view_box(extras.bounds)
    for code, name in (("RUS", "Russia"), ("UKR", "Ukraine")):
        part = shapely.simplify(shapely.clip_by_rect(country(code), *box), _COUNTRY_SIMPLIFY_DEGREES)
        if not part.is_empty:
            countries.append(geojson_feature(part, fm_tip=name, fm_kind=code))
            point = _country_label_point(part, view)
            if point is not None:
                extras.countries.append({"lat": round(point.y, 4), "lon": round(point.x, 4), "latin": name})

    def style(feature: dict) -> Style:
        fill = {"fillColor": COLOURS[feature["properties"]["fm_kind"]], "fillOpacity": COUNTRY_OPACITY[tiles]}
        return fill | COUNTRY_STYLE

    add_geojson(m, _collection(countries), style, name="Countries (vector basemap)", show=tiles == "none")


def _view_box(bounds: list) -> tuple[float, float, float, float]:
    """The fitted view's lon/lat box, grown by a share on each side."""
    (south, west), (north, east) = bounds
    dx, dy = (east - west) * _VIEW_GROW, (north - south) * _VIEW_GROW
    return west - dx, south - dy, east + dx, north + dy


def _clipped_lines(collection: dict, box: tuple[float, float, float, float]) -> list[Feature]:
    """The lines of a basemap layer clipped to ``box``."""
    out = []
    for feature in collection["features"]:
        geom = shapely.clip_by_rect(shapely.geometry.shape(feature["geometry"]), *box)
        if not geom.is_empty:
            out.append(geojson_feature(geom))
    return out


def _add_basemap(m: folium.Map, box: tuple[float, float, float, float], extras: MapExtras) -> None:
    """Oblast boundaries, rivers and towns (:func:`frontmap.basemap.load_basemap`) within ``box``."""
    from ..basemap import load_basemap

    basemap = load_basemap()
    folium = folium_parts()[0]
    boundaries = _clipped_lines(basemap["oblast_boundaries"], box)
    if boundaries:
        add_geojson(m, _collection(boundaries), OBLAST_STYLE, name="Oblast boundaries (Natural Earth 1:10m)")
    rivers = _clipped_lines(basemap["rivers"], box)
    if rivers:
        add_geojson(m, _collection(rivers), RIVER_STYLE, name="Rivers (World Data Bank II)")
    towns, labels = town_features(basemap["towns"]["features"], box)
    if towns:
        layer = add_geojson(
            m,
            _collection(towns),
            TOWN_STYLE,
            name=f"Towns of 5,000 people or more ({len(towns)})",
            marker=folium.CircleMarker(**TOWN_MARKER),
        )
        extras.groups.append((layer, labels))
    extras.credit = basemap.attribution


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

    Examples
    --------
    >>> import shapely
    >>> m = base_map(shapely.box(35.1, 51.1, 35.3, 51.3), "A <box>")
    >>> m.get_root().title
    'A &lt;box&gt;'
    >>> base_map(shapely.box(35.1, 51.1, 35.3, 51.3), "A box", tiles="satellite")
    Traceback (most recent call last):
    ...
    frontmap.errors.InvalidSpecError: tiles='satellite' is not a valid option, must be one of none, osm
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
    extras = MapExtras(bounds=[[miny, minx], [maxy, maxx]])
    m.fm_extras = extras
    _add_countries(m, box, tiles, extras)
    if tiles == "none":  # OpenStreetMap's tiles show all this, and better
        _add_basemap(m, box, extras)
    _add_border(m, box)
    return m


def basemap_legend(tiles: str) -> tuple[str, ...]:
    """The legend keys of what :func:`base_map` draws: the border, and the countries without tiles.

    Parameters
    ----------
    tiles : {"none", "osm"}
        The map's background, as given to :func:`base_map`.

    Returns
    -------
    tuple of str
        Keys for :func:`frontmap.render.legend.legend_html`.

    Examples
    --------
    >>> basemap_legend("none"), basemap_legend("osm")
    (('border', 'countries', 'basemap'), ('border',))
    """
    return ("border", "countries", "basemap") if tiles == "none" else ("border",)


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


def _anchor_names(label: str) -> tuple[str, str]:
    """An anchor's label ``Суджа (Sudzha)`` as (Latin, Cyrillic); another label as it is.

    Examples
    --------
    >>> _anchor_names("Суджа (Sudzha)"), _anchor_names("51.2,35.3")
    (('Sudzha', 'Суджа'), ('51.2,35.3', ''))
    """
    match = _ANCHOR_LABEL.fullmatch(label)
    return (match.group(2), match.group(1)) if match else (label, "")


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
    extras = getattr(m, "fm_extras", None)
    if extras is not None:
        extras.groups.append((group, [label_record(a.lon, a.lat, *_anchor_names(a.label), _ANCHOR_RANK, "anchor")]))
    centre = f"Front centre: the anchor's nearest border point (km {zone.centre_chainage_km:,.1f} along the border)"
    centre_tip = folium.Tooltip(escape_text(centre))
    folium.CircleMarker([zone.centre_lat, zone.centre_lon], tooltip=centre_tip, **CENTRE_MARKER).add_to(group)
    group.add_to(m)
    return Drawn(legend=("front",))


def _settlement_layers(content: MapContent) -> tuple[list[Feature], list[Feature], list[dict]]:
    """Features of the settlements inside (or probable) and nearby, of both layers.

    The Russian register and the mapped Ukrainian places are both drawn and
    searched; an ensemble's probabilities are those of the layer on its side.
    """
    from ..settlements import load_settlements
    from ..ukraine import load_ukraine

    result, ensemble = content.result, content.ensemble
    assert result is not None
    probability = None if ensemble is None else {r["id"]: r["probability"] for r in ensemble.settlements}
    ensemble_side = None if ensemble is None else ensemble.members.side
    inside: list[Feature] = []
    nearby: list[Feature] = []
    labels: list[dict] = []
    for layer, ukrainian in ((load_settlements(), False), (load_ukraine(), True)):
        ids = {s["id"] for s in result.settlements if ("hromada" in s) == ukrainian}
        shares = probability if probability is not None and (ensemble_side == "UKR") == ukrainian else None
        if probability is not None and shares is None:
            ids = set()  # this layer is not the ensemble's: its places are context
        more_inside, more_nearby = settlement_features(content.zone, layer, ids, shares)
        inside, nearby = inside + more_inside, nearby + more_nearby
        labels += _settlement_labels(layer, more_inside)
    return inside, nearby, labels


def _settlement_labels(layer: Any, inside: Sequence[Feature]) -> list[dict]:
    """Labels of the settlements inside, the most probable, then the most populous, ranked first."""
    share = {f["properties"]["id"]: f["properties"].get("probability", 1.0) for f in inside}
    labels = []
    for s in (s for s in layer.settlements if s.id in share):
        rank = _INSIDE_RANK * (1.0 + share[s.id]) + s.population
        labels.append(label_record(s.lon, s.lat, s.name_latin, s.name, rank, "inside"))
    return labels


def add_settlements(m: folium.Map, content: MapContent) -> Drawn:
    """The settlements inside (or shaded by the probability of being inside) and those nearby, of both layers."""
    if content.result is None:
        return Drawn()
    folium = folium_parts()[0]
    inside, nearby, labels = _settlement_layers(content)
    nearby_name = f"Settlements nearby, outside ({len(nearby)})"
    marker = folium.CircleMarker(**NEARBY_MARKER)
    nearby_layer = add_geojson(m, _collection(nearby), NEARBY_STYLE, name=nearby_name, marker=marker)
    if content.ensemble is None:
        name, key = f"Settlements inside ({len(inside)})", "settlements"
        marker = folium.CircleMarker(**INSIDE_MARKER)
        inside_layer = add_geojson(
            m, _collection(inside), lambda f: inside_style(f["properties"]["inhabited"]), name=name, marker=marker
        )
    else:
        name, key = f"Settlements by probability of being inside ({len(inside)})", "probable-settlements"
        marker = folium.CircleMarker(**PROBABLE_MARKER)
        inside_layer = add_geojson(
            m, _collection(inside), lambda f: probable_style(f["properties"]["probability"]), name=name, marker=marker
        )
    extras = getattr(m, "fm_extras", None)
    if extras is not None:
        extras.groups.append((inside_layer, labels))
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


def add_reference(m: folium.Map, content: MapContent) -> Drawn:
    """A reference zone: both sides' surplus and their intersection in their own colours, its outline, the figures."""
    from ..compare import compare_zones

    reference = content.reference
    if reference is None:
        return Drawn()
    comparison = compare_zones(content.zone, reference)
    popup = str(comparison_popup(comparison.to_json(), content.title, reference_title(reference)))
    folium = folium_parts()[0]
    group = folium.FeatureGroup(name="Reference: agreement and each side's surplus")
    model, ref = shapely.make_valid(content.zone.geometry), shapely.make_valid(reference.geometry)
    parts = (
        ("both", shapely.intersection(model, ref)),
        ("model-only", shapely.difference(model, ref)),
        ("reference-only", shapely.difference(ref, model)),
    )
    for kind, geom in parts:
        polygons = shapely.get_parts(geom)
        polygons = [g for g in polygons if g.geom_type in ("Polygon", "MultiPolygon") and not g.is_empty]
        if polygons:
            feature = geojson_feature(shapely.union_all(polygons), fm_kind=f"ref-{kind}", fm_popup=popup)
            add_geojson(group, feature, REFERENCE_PART_STYLES[kind])
    add_geojson(group, geojson_feature(ref, fm_kind="reference", fm_popup=popup), REFERENCE_STYLE)
    group.add_to(m)
    return Drawn(legend=("reference",), swipe=(group,))


#: A zone's layers, drawn in this order (each above the ones before).
ZONE_LAYERS: tuple[Callable[[Any, MapContent], Drawn], ...] = (
    add_zone,
    add_reference,
    add_probability_zones,
    add_depth_guides,
    add_anchor_and_front,
    add_settlements,
    add_evidence,
)
