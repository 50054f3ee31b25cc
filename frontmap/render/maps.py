"""A zone's map: the basemap, the zone's layers, the legend and the controls, and the page.

:func:`render_map` gives the :class:`folium.Map`; :func:`map_html` the
self-contained page (:func:`frontmap.render.page.page_html`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import shapely

from ..claims import claim_for
from ..zone import Zone
from .controls import add_controls
from .layers import ZONE_LAYERS, MapContent, base_map, basemap_legend
from .legend import legend_html
from .page import page_html
from .popups import default_title, zone_summary, zone_title_html

if TYPE_CHECKING:
    import folium

    from ..ensemble import Ensemble
    from ..estimate import Affected

__all__ = ["map_html", "render_map", "settlements_for_map"]


def settlements_for_map(zone: Zone) -> Affected | None:
    """The settlements a map of ``zone`` draws, or None on the side where frontmap has no settlement layer.

    Parameters
    ----------
    zone : Zone
        A built zone or one read from a file, on either side of the border.

    Returns
    -------
    frontmap.estimate.Affected or None
        :func:`frontmap.estimate.affected` of the zone; None where that finds no
        settlement layer for the zone's side (the map then says so).

    Examples
    --------
    >>> from frontmap.zone import ZoneSpec, build_zone
    >>> result = settlements_for_map(build_zone(ZoneSpec("Sudzha", width_km=10, depth_km=4)))
    >>> result.count, [s["name_latin"] for s in result.settlements]
    (1, ['Gogolevka'])
    """
    from ..estimate import NoSettlementLayerError, affected

    try:
        return affected(zone)
    except NoSettlementLayerError:
        return None


def render_map(
    zone: Zone,
    *,
    result: Affected | None = None,
    tiles: str = "none",
    title: str | None = None,
    ensemble: Ensemble | None = None,
    reference: Zone | None = None,
) -> folium.Map:
    """A :class:`folium.Map` of ``zone`` with its settlements and context.

    The map shows the border and the two countries as a light vector
    basemap, the zone, the settlements inside (prominent) and nearby
    (muted), the anchor and the front, named places a zone was fitted
    through, and depth guides every 5 km; it has a layer control, a legend,
    a scale bar, a measure tool in km and km², fullscreen and a settlement search.

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
    reference : Zone, optional
        A reference zone (e.g. read with :func:`frontmap.vector.read_zone`):
        drawn outlined, with the parts both cover and each side's surplus in
        their own colours; its popup gives :func:`frontmap.compare.compare_zones`'s figures.
        A swipe (a range control and a line) shows the reference and the
        comparison right of the line and the model alone left of it.

    Returns
    -------
    folium.Map
        Use :func:`map_html` for the self-contained page.

    Raises
    ------
    frontmap.errors.InvalidSpecError
        For a ``tiles`` value other than ``"none"`` or ``"osm"``.

    Examples
    --------
    >>> from frontmap.zone import ZoneSpec, build_zone
    >>> m = render_map(build_zone(ZoneSpec("Sudzha", width_km=10, depth_km=4)))
    >>> type(m).__name__, "Sudzha" in m.get_root().render()
    ('Map', True)
    """
    if result is None:
        result = settlements_for_map(zone)
    title = title if title is not None else default_title(zone)
    # Provenance comes only from what the user gave: a zone file's or a claim's
    # own properties.  Only a zone built from flags is matched to a shipped claim.
    claim = claim_for(zone.spec) if zone.spec is not None and "claim" not in zone.properties else None
    content = MapContent(zone, title, tiles, result, ensemble, claim, reference)
    shown = zone.geometry if reference is None else shapely.union_all([zone.geometry, reference.geometry])
    m = base_map(shown, title, tiles)
    drawn = [add_layer(m, content) for add_layer in ZONE_LAYERS]
    legend = legend_html(basemap_legend(tiles) + tuple(key for d in drawn for key in d.legend))
    search = [layer for d in drawn for layer in d.search]
    swipe = [layer for d in drawn for layer in d.swipe]
    add_controls(m, zone_title_html(zone, title, result, claim, ensemble), legend, zone_summary(zone), search, swipe)
    return m


def _check_type(name: str, value: Any, kind: type, hint: str) -> None:
    if value is not None and not isinstance(value, kind):
        raise TypeError(f"{name} must be {hint} or None, not {type(value).__name__}")


def map_html(
    zone: Zone,
    *,
    result: Affected | None = None,
    tiles: str = "none",
    title: str | None = None,
    ensemble: Ensemble | None = None,
    reference: Zone | None = None,
) -> str:
    """The map of ``zone`` as one self-contained HTML page (see :func:`render_map`).

    Parameters
    ----------
    zone, result, tiles, title, ensemble, reference
        As for :func:`render_map`.

    Returns
    -------
    str
        The page: no request leaves it (with ``tiles="none"``), only its own
        scripts run, and the same input gives the same bytes.

    Raises
    ------
    TypeError
        For arguments of the wrong type.
    frontmap.errors.InvalidSpecError
        For a ``tiles`` value other than ``"none"`` or ``"osm"``.

    Examples
    --------
    >>> import frontmap
    >>> zone = frontmap.build_zone(frontmap.ZoneSpec("Sudzha", width_km=10, depth_km=4))
    >>> page = map_html(zone)
    >>> page.startswith("<!DOCTYPE html>"), "'unsafe-inline'" in page.split("script-src")[1].split(";")[0]
    (True, False)
    """
    from ..ensemble import Ensemble
    from ..estimate import Affected
    from ..zone import require_zone

    require_zone(zone)
    if reference is not None:
        require_zone(reference, "reference")
    _check_type("result", result, Affected, "an Affected (frontmap.find_affected(zone))")
    _check_type("ensemble", ensemble, Ensemble, "an Ensemble (frontmap.sample_ensemble(...))")
    _check_type("title", title, str, "a str")
    m = render_map(zone, result=result, tiles=tiles, title=title, ensemble=ensemble, reference=reference)
    return page_html(m, tiles)
