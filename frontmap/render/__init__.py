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

The package, by concern:

- :mod:`~frontmap.render.markup`: escaping, JSON for scripts, the Jinja2
  templates (``templates/``);
- :mod:`~frontmap.render.popups` and :mod:`~frontmap.render.legend`: what
  the map says in words;
- :mod:`~frontmap.render.style`: colours and layer styles;
- :mod:`~frontmap.render.features` and :mod:`~frontmap.render.layers`: what
  is drawn (one place to add a layer: ``layers.ZONE_LAYERS``);
- :mod:`~frontmap.render.controls`: the controls (one place to add one:
  ``controls.add_controls``);
- :mod:`~frontmap.render.page`: the page (assets inlined, CSP by hashes,
  stable ids), with :mod:`~frontmap.render.internals` holding the only reads
  of branca's and folium-offline's private attributes;
- :mod:`~frontmap.render.maps`: a zone's map and page.

Strings from data, zone files and users are escaped before they reach
Folium, which does not escape (some of its templates are JavaScript template
literals, where ``${...}`` and backticks run).
"""

from __future__ import annotations

from .controls import add_controls, attribution_html, folium_parts
from .features import (
    CONTEXT_KM,
    GUIDE_STEP_KM,
    MAX_GUIDE_BORDER_KM,
    MAX_GUIDE_KM,
    NEARBY_KM,
    depth_guides,
    geojson_feature,
)
from .layers import BIND_JS, TILES, add_geojson, base_map
from .legend import legend_html
from .maps import map_html, render_map, settlements_for_map
from .markup import escape_text, render_macro, render_template, script_json
from .page import content_security_policy, page_html

__all__ = [
    "BIND_JS",
    "CONTEXT_KM",
    "GUIDE_STEP_KM",
    "MAX_GUIDE_BORDER_KM",
    "MAX_GUIDE_KM",
    "NEARBY_KM",
    "TILES",
    "add_controls",
    "add_geojson",
    "attribution_html",
    "base_map",
    "content_security_policy",
    "depth_guides",
    "escape_text",
    "folium_parts",
    "geojson_feature",
    "legend_html",
    "map_html",
    "page_html",
    "render_macro",
    "render_map",
    "render_template",
    "script_json",
    "settlements_for_map",
]
