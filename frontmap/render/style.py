"""How frontmap's maps look: colours, each layer's Leaflet style and the probability ramp.

The layers (:mod:`frontmap.render.layers`) and the legend
(``templates/legend/``) both read these, so a colour changes in one place.
"""

from __future__ import annotations

from typing import Any

__all__ = [
    "ANCHOR_MARKER",
    "BORDER_STYLE",
    "CENTRE_MARKER",
    "COLOURS",
    "COUNTRY_OPACITY",
    "COUNTRY_STYLE",
    "EVIDENCE_MARKER",
    "EVIDENCE_STYLE",
    "FRONT_STYLE",
    "GUIDE_STYLE",
    "INSIDE_MARKER",
    "NEARBY_MARKER",
    "NEARBY_STYLE",
    "NOT_MET_STYLE",
    "OBLAST_STYLE",
    "RIVER_STYLE",
    "TIMELINE_STYLE",
    "TOWN_MARKER",
    "TOWN_STYLE",
    "BASEMAP_MAX_ZOOM",
    "PROBABILITY_RAMP",
    "PROBABLE_MARKER",
    "REFERENCE_PART_STYLES",
    "REFERENCE_STYLE",
    "PROBABILITY_ZONES",
    "ZONE_STYLE",
    "evidence_style",
    "inside_style",
    "probability_colour",
    "probability_zone_style",
    "probable_style",
]

Style = dict[str, Any]

COLOURS = {
    "zone": "#c0392b",
    "inside": "#b2182b",
    "nearby": "#7f7f7f",
    "border": "#222222",
    "front": "#e67e22",
    "guide": "#8e1b10",
    "land": "#f2efe9",
    # Both countries' land is neutral; Ukraine's a shade apart, never water-like (the border tells them apart).
    "RUS": "#f2efe9",
    "UKR": "#ecebe4",
    "oblast": "#8a8a8a",
    "river": "#4f8fc9",
    "town": "#555555",
}

ZONE_STYLE: Style = {
    "color": COLOURS["zone"],
    "weight": 2.0,
    "fillColor": COLOURS["zone"],
    "fillOpacity": 0.22,
    "className": "fm-zone",
}

#: The shares of an ensemble's members a drawn zone is inside, with the outline's dashes.
PROBABILITY_ZONES: tuple[tuple[float, str | None], ...] = ((0.5, "8 4"), (0.9, None))


def probability_zone_style(dash: str | None) -> Style:
    """The zone inside a share of an ensemble's members, its outline dashed as ``dash`` (SVG dasharray).

    Parameters
    ----------
    dash : str or None
        An SVG ``stroke-dasharray`` such as ``"8 4"``; None draws a solid outline.

    Returns
    -------
    Style
        A new Leaflet path style (a dict) each call.

    Examples
    --------
    >>> style = probability_zone_style("8 4")
    >>> style["dashArray"], style["fillOpacity"], probability_zone_style(None)["dashArray"]
    ('8 4', 0.08, None)
    """
    return {"color": "#4a1486", "weight": 2.5, "dashArray": dash, "fillColor": "#6a51a3", "fillOpacity": 0.08}


GUIDE_STYLE: Style = {"color": COLOURS["guide"], "weight": 1.5, "dashArray": "5 5", "opacity": 0.9}
FRONT_STYLE: Style = {"color": COLOURS["front"], "weight": 5, "opacity": 0.85}
BORDER_STYLE: Style = {"color": COLOURS["border"], "weight": 2.0, "opacity": 0.9}
#: The two countries; their fill is the country's colour, faint over tiles.
COUNTRY_STYLE: Style = {"color": "#b8b8b8", "weight": 0.5}
COUNTRY_OPACITY = {"none": 1.0, "osm": 0.25}
#: A reference zone (``map --reference``): its outline, and the parts where model and reference agree or differ.
REFERENCE_STYLE: Style = {
    "color": "#08306b",
    "weight": 2.5,
    "dashArray": "10 5",
    "fill": False,
    "className": "fm-reference",
}
REFERENCE_PART_STYLES: dict[str, Style] = {
    "both": {"stroke": False, "fillColor": "#7b3294", "fillOpacity": 0.35, "className": "fm-ref-both"},
    "model-only": {"stroke": False, "fillColor": "#e66101", "fillOpacity": 0.35, "className": "fm-ref-model-only"},
    "reference-only": {
        "stroke": False,
        "fillColor": "#2c7bb6",
        "fillOpacity": 0.35,
        "className": "fm-ref-reference-only",
    },
}
#: The basemap (coarse sources: thin lines, hidden past BASEMAP_MAX_ZOOM by the ``fm-coarse`` class).
OBLAST_STYLE: Style = {
    "color": COLOURS["oblast"],
    "weight": 1.0,
    "dashArray": "6 4",
    "opacity": 0.8,
    "className": "fm-coarse",
}
RIVER_STYLE: Style = {"color": COLOURS["river"], "weight": 1.3, "opacity": 0.85, "className": "fm-coarse"}
TOWN_STYLE: Style = {
    "color": "#fff",
    "weight": 1.0,
    "fillColor": COLOURS["town"],
    "fillOpacity": 0.9,
    "className": "fm-town",
}
TOWN_MARKER: Style = {"radius": 3, "fill": True}
#: The basemap's lines are good to about a kilometre: beyond this zoom (about 40 m a pixel) they are hidden.
BASEMAP_MAX_ZOOM = 12

#: Circle markers (radius in pixels) of the anchor, the front's centre, settlements and named places.
ANCHOR_MARKER: Style = {
    "radius": 7,
    "color": "#111",
    "weight": 3,
    "fill": True,
    "fill_color": "#fff",
    "fill_opacity": 1.0,
}
CENTRE_MARKER: Style = {
    "radius": 4,
    "color": "#111",
    "weight": 1,
    "fill": True,
    "fill_color": "#111",
    "fill_opacity": 1.0,
}
NEARBY_MARKER: Style = {"radius": 3.5, "weight": 0.5, "fill": True}
INSIDE_MARKER: Style = {"radius": 6, "weight": 1.5, "fill": True}
PROBABLE_MARKER: Style = {"radius": 6, "weight": 1, "fill": True}
EVIDENCE_MARKER: Style = {"radius": 8, "fill": True}

#: Settlements outside the zone, near it.
NEARBY_STYLE: Style = {"color": "#555", "fillColor": COLOURS["nearby"], "fillOpacity": 0.6, "className": "fm-nearby"}

#: How a named place of each status is drawn.
EVIDENCE_STYLE: dict[str, Style] = {
    "inside": {"color": "#67000d", "weight": 2.5, "fillColor": "#ef3b2c", "fillOpacity": 0.95},
    "contested": {"color": "#7f2704", "weight": 2.5, "fillColor": "#fdae6b", "fillOpacity": 0.95},
    "outside": {"color": "#08306b", "weight": 2.5, "fillColor": "#9ecae1", "fillOpacity": 0.95},
}
#: Drawn over a named place's style when the zone does not meet it.
NOT_MET_STYLE: Style = {"color": "#000", "weight": 3.5, "dashArray": "3 3"}

#: Probability bins (lower bounds) and their colours, light to dark.
#: The timeline page: the zone at the slider's date, every claim's outline, and a step's settlements
#: (inside, gained and lost since the step before) as circle markers.
TIMELINE_STYLE: dict[str, Style] = {
    "zone": {"color": "#b30000", "weight": 2, "fillColor": "#e34a33", "fillOpacity": 0.3},
    "outline": {"color": "#7a0177", "weight": 1.0, "opacity": 0.5, "fill": False, "dashArray": "3 4"},
    "gained": {"radius": 5, "color": "#1a7a3a", "weight": 2, "fillColor": "#4dac26", "fillOpacity": 0.9},
    "lost": {"radius": 5, "color": "#2c5aa0", "weight": 2, "dashArray": "2 2", "fill": False},
    "inside": {"radius": 3, "color": "#7f0000", "weight": 1, "fillColor": "#b30000", "fillOpacity": 0.8},
}
PROBABILITY_RAMP = ((0.0, "#fdd49e"), (0.25, "#fc8d59"), (0.5, "#e34a33"), (0.75, "#b30000"), (1.0, "#5c0000"))


def probability_colour(p: float) -> str:
    """The ramp's colour for a probability ``p`` in [0, 1].

    Parameters
    ----------
    p : float
        A probability in [0, 1]; each bin of :data:`PROBABILITY_RAMP` starts at its lower bound.

    Returns
    -------
    str
        A ``#rrggbb`` colour, lighter for lower probabilities.

    Examples
    --------
    >>> probability_colour(0.6), probability_colour(1.0)
    ('#e34a33', '#5c0000')
    """
    return [colour for lower, colour in PROBABILITY_RAMP if p >= lower][-1]


def inside_style(inhabited: bool) -> Style:
    """A settlement inside the zone: filled, or a ring where no population is recorded.

    Parameters
    ----------
    inhabited : bool
        Whether the register records a population for it.

    Returns
    -------
    Style
        A new Leaflet path style (a dict) with the ``fm-inside`` class.

    Examples
    --------
    >>> inside_style(True)["fillColor"] == inside_style(False)["color"], inside_style(False)["fillColor"]
    (True, '#fff')
    """
    return {
        "color": "#fff" if inhabited else COLOURS["inside"],
        "weight": 1.5 if inhabited else 2.5,
        "fillColor": COLOURS["inside"] if inhabited else "#fff",
        "fillOpacity": 1.0,
        "className": "fm-inside",
    }


def probable_style(probability: float) -> Style:
    """A settlement shaded by the probability that it is inside (an ensemble's share of members).

    Parameters
    ----------
    probability : float
        The share of members it is inside, in [0, 1].

    Returns
    -------
    Style
        A new Leaflet path style (a dict) filled with :func:`probability_colour`.

    Examples
    --------
    >>> probable_style(0.6)["fillColor"], probable_style(0.6)["className"]
    ('#e34a33', 'fm-probable')
    """
    return {
        "color": "#333",
        "weight": 1.0,
        "fillColor": probability_colour(probability),
        "fillOpacity": 1.0,
        "className": "fm-probable",
    }


def evidence_style(status: str, met: bool) -> Style:
    """A named place of ``status``, dashed black where the zone does not meet it.

    Parameters
    ----------
    status : str
        ``"inside"``, ``"contested"`` or ``"outside"`` (a key of :data:`EVIDENCE_STYLE`; any other is a KeyError).
    met : bool
        Whether the zone meets the status.

    Returns
    -------
    Style
        A new dict: the status's style, with :data:`NOT_MET_STYLE` over it when not met.

    Examples
    --------
    >>> evidence_style("inside", True)["color"], evidence_style("inside", False)["color"]
    ('#67000d', '#000')
    """
    return EVIDENCE_STYLE[status] | ({} if met else NOT_MET_STYLE)
