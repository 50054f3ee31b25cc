"""The controls of frontmap's maps: title box, layer control, scale, legend, fullscreen,
measure tool, settlement search and credits.

Every control is added in :func:`add_controls`, the one place to add another.
Their scripts are the templates in ``templates/js/``, rendered when the page
is (so that they name the map and layers by their final ids).  Leaflet
plugins bring their assets as Folium's do; :mod:`frontmap.render.page`
inlines them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from types import ModuleType
from typing import TYPE_CHECKING, Any

from markupsafe import Markup

from .markup import render_template
from .style import BASEMAP_MAX_ZOOM

if TYPE_CHECKING:
    import folium

__all__ = ["MapExtras", "add_controls", "attribution_html", "folium_parts", "verbatim"]

Assets = dict[str, list[tuple[str, str]]]

#: Plugin assets, named and addressed as Folium 0.20 does (the keys of the offline copies).
SEARCH_ASSETS: Assets = {
    "js": [("Leaflet.Search.js", "https://cdn.jsdelivr.net/npm/leaflet-search@2.9.7/dist/leaflet-search.min.js")],
    "css": [("Leaflet.Search.css", "https://cdn.jsdelivr.net/npm/leaflet-search@2.9.7/dist/leaflet-search.min.css")],
}
FULLSCREEN_ASSETS: Assets = {
    "js": [
        ("Control.Fullscreen.js", "https://cdn.jsdelivr.net/npm/leaflet.fullscreen@3.0.0/Control.FullScreen.min.js")
    ],
    "css": [("Control.FullScreen.css", "https://cdn.jsdelivr.net/npm/leaflet.fullscreen@3.0.0/Control.FullScreen.css")],
}
MEASURE_ASSETS: Assets = {
    "js": [
        ("leaflet_measure_js", "https://cdn.jsdelivr.net/gh/ljagis/leaflet-measure@2.1.7/dist/leaflet-measure.min.js")
    ],
    "css": [
        ("leaflet_measure_css", "https://cdn.jsdelivr.net/gh/ljagis/leaflet-measure@2.1.7/dist/leaflet-measure.min.css")
    ],
}

#: The swipe's control: where it goes, its ends' words, its label for screen readers and where its line starts (%).
SWIPE_TEXT: dict[str, Any] = {
    "position": "topleft",
    "left": "Model",
    "right": "+ reference",
    "aria": "Swipe: the reference and the comparison are drawn right of the line, the model alone left of it",
    "start": 50,
}


def verbatim(text: str) -> Any:
    """A branca element that renders as ``text``, character for character.

    A plain ``branca.element.Element(text)`` is a Jinja template: its text
    is rendered, and a ``{{`` in it would run.

    Parameters
    ----------
    text : str
        HTML (escaped where it holds data) or the text of a script or stylesheet.

    Returns
    -------
    branca.element.Element
        A new element holding ``text``; add it where the text belongs (a header, a script).

    Examples
    --------
    >>> verbatim("{{ 7*7 }}").render()
    '{{ 7*7 }}'
    """
    return _verbatim_class()(text)


@lru_cache(maxsize=1)
def _verbatim_class() -> type:
    from branca.element import Element

    class Verbatim(Element):
        def __init__(self, text: str):
            super().__init__("{{ this.text }}")
            self.text = text

    return Verbatim


@lru_cache(maxsize=1)
def folium_parts() -> tuple[ModuleType, type, type]:
    """Folium, and the two elements frontmap adds to its maps (built on first use: folium is slow to import).

    Returns
    -------
    (module, type, type)
        ``folium``; ``Script(template, layers=(), **context)``, JavaScript
        from ``templates/<template>`` run after the map exists, where any
        Folium element in ``context`` or ``layers`` stands for its name; and
        ``Plugin(template, js=(), css=(), layers=(), **context)``, a Script
        with the assets of a Leaflet plugin (name, URL pairs).

    Notes
    -----
    frontmap does not import ``folium.plugins``: it loads every plugin, and
    compiling their templates costs a third of a second.

    Examples
    --------
    >>> folium, Script, Plugin = folium_parts()
    >>> folium.__name__, issubclass(Plugin, Script), folium_parts() is folium_parts()
    ('folium', True, True)
    """
    import folium
    from branca.element import Element, Figure, MacroElement
    from folium.elements import JSCSSMixin

    def name_of(value: Any) -> Any:
        return value.get_name() if isinstance(value, Element) else value

    class Script(MacroElement):
        def __init__(self, template: str, layers: Sequence = (), **context: Any):
            super().__init__()
            self._name = "FrontmapScript"
            self.js_template = template
            self.js_layers = tuple(layers)
            self.js_context = context

        def code(self) -> Markup:
            """The script, naming elements by the ids they have when the page is rendered."""
            context = {key: name_of(value) for key, value in self.js_context.items()}
            return render_template(self.js_template, layers=[name_of(v) for v in self.js_layers], **context)

        def render(self, **kwargs: Any) -> str:
            # MacroElement.render would add the script as a Jinja template (see verbatim).
            figure = self.get_root()
            if not isinstance(figure, Figure):
                raise TypeError("a frontmap script renders only in a map on a branca Figure")
            figure.script.add_child(verbatim(self.code()), name=self.get_name())
            return ""

    class Plugin(JSCSSMixin, Script):
        def __init__(self, template: str, js: Sequence = (), css: Sequence = (), layers: Sequence = (), **context: Any):
            super().__init__(template, layers, **context)
            self.default_js, self.default_css = list(js), list(css)

    return folium, Script, Plugin


@dataclass
class MapExtras:
    """What :func:`frontmap.render.layers.base_map` leaves for the controls: the view, labels and credits.

    Attributes
    ----------
    bounds : list
        ``[[south, west], [north, east]]``: the page's layout keeps the controls off it.
    groups : list of (folium layer, list of dict)
        Labels (``lat``, ``lon``, ``latin``, ``cyrillic``, ``rank``, ``kind``) shown while their layer is.
    countries : list of dict
        Faint country names (``lat``, ``lon``, ``latin``), always drawn.
    credit : str
        A credit line for what the basemap draws (plain text), or "".
    """

    bounds: list
    groups: list = field(default_factory=list)
    countries: list = field(default_factory=list)
    credit: str = ""


def attribution_html(what: str, basemap: str = "") -> Markup:
    """The map's credits: the border's and the register's sources and licences, and frontmap with ``what`` it shows.

    Parameters
    ----------
    what : str
        What the map shows, in a few words (escaped).
    basemap : str, optional
        The credit of the basemap's sources (escaped), when it is drawn.

    Returns
    -------
    markupsafe.Markup
        One line of credits with links to the sources, ending with frontmap's version and ``what``.

    Examples
    --------
    >>> credits = attribution_html("a <zone>", basemap="Natural Earth")
    >>> credits.startswith("Border © <a href="), "· Natural Earth ·" in credits, credits.endswith(": a &lt;zone&gt;")
    (True, True, True)
    """
    from .. import __version__

    return render_template("attribution.html", version=__version__, what=what, basemap=basemap)


def add_controls(
    m: folium.Map,
    title_html: str,
    legend_html: str,
    shows: str,
    search_layers: Sequence = (),
    swipe_layers: Sequence = (),
) -> None:
    """Add the title box, layer control, scale, legend, fullscreen, measure tool, search, swipe and credits.

    Parameters
    ----------
    m : folium.Map
        The map.
    title_html, legend_html : str
        The title box's and the legend's HTML, every text in them escaped
        (:class:`markupsafe.Markup` from :mod:`frontmap.render.popups` and
        :func:`frontmap.render.legend.legend_html`).
    shows : str
        What the map shows, in a few words, for the credits line.
    search_layers : sequence of folium layers
        The layers whose features (their ``fm_label``) the settlement search
        finds; no search without them.
    swipe_layers : sequence of folium layers
        The layers a swipe shows only right of its line (the reference of
        ``map --reference`` and its comparison); no swipe without them.

    Returns
    -------
    None
        The controls are added to ``m``.

    Examples
    --------
    >>> import shapely
    >>> from frontmap.render.layers import base_map
    >>> m = base_map(shapely.box(35.1, 51.1, 35.3, 51.3), "A box", "none")
    >>> add_controls(m, "<h1>A box</h1>", "<div>legend</div>", "a box")
    >>> html = m.get_root().render()
    >>> "L.control.layers" in html, "fm-legend" in html
    (True, True)
    """
    folium, Script, Plugin = folium_parts()
    controls = [
        Script("js/html_control.js", map=m, html=title_html, position="topright", css_class="fm-box fm-title"),
        folium.LayerControl(position="topright", collapsed=False),
        Script("js/scale.js", map=m),
        Script("js/html_control.js", map=m, html=legend_html, position="bottomleft", css_class="fm-box fm-legend"),
        Plugin("js/fullscreen.js", map=m, **FULLSCREEN_ASSETS),
        Plugin("js/measure.js", map=m, **MEASURE_ASSETS),
    ]
    if search_layers:
        controls.append(Plugin("js/search.js", map=m, layers=search_layers, **SEARCH_ASSETS))
    if swipe_layers:
        controls.append(Script("js/swipe.js", map=m, layers=swipe_layers, **SWIPE_TEXT))
    labels = getattr(m, "fm_extras", None)
    credit = labels.credit if labels is not None else ""
    controls.append(Script("js/attribution.js", map=m, html=attribution_html(shows, credit)))
    if labels is not None and (labels.groups or labels.countries):
        controls.append(
            Script(
                "js/labels.js",
                map=m,
                layers=[layer for layer, _ in labels.groups],
                groups=[items for _, items in labels.groups],
                countries=labels.countries,
                max_zoom=BASEMAP_MAX_ZOOM,
            )
        )
    if labels is not None:  # the layout goes last: it measures the other controls
        controls.append(Script("js/layout.js", map=m, bounds=labels.bounds))
    for control in controls:
        m.add_child(control)
