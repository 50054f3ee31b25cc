"""The only places frontmap reads or writes private attributes of branca and folium-offline.

Neither library offers these through a public API (branca 0.8, folium-offline
0.20); each is one short function so that an upgrade that breaks one breaks
it here, and the tests of the page (byte-identical output, no request) fail.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from ..errors import FrontmapError

if TYPE_CHECKING:
    from branca.element import Element

__all__ = ["offline_asset", "set_element_id", "walk_elements"]


def walk_elements(element: Element) -> Iterator[Element]:
    """``element`` and every element below it, depth first, in the order they render.

    branca keeps an element's children in ``_children`` and has no public
    way to list them (``to_dict`` gives names, not elements).

    Parameters
    ----------
    element : branca.element.Element
        The top of the tree (a map, a figure or any element).

    Yields
    ------
    branca.element.Element
        ``element`` first, then each child's subtree in the order the children were added.

    Examples
    --------
    >>> import folium
    >>> m = folium.Map(tiles=None)
    >>> _ = folium.Marker([51.19, 35.27]).add_to(m)
    >>> [type(e).__name__ for e in walk_elements(m)]
    ['Map', 'Marker']
    """
    yield element
    for child in element._children.values():
        yield from walk_elements(child)


def set_element_id(element: Element, number: int) -> None:
    """Give ``element`` the id ``number`` (32 hex digits, as branca's random ids have).

    branca draws ``_id`` from ``os.urandom`` when an element is made and
    names the element's JavaScript variable after it; there is no public
    setter, and a stable id is what makes the same map the same bytes.

    Parameters
    ----------
    element : branca.element.Element
        The element to rename.
    number : int
        Its new id, >= 0 and below 16**32.

    Returns
    -------
    None

    Examples
    --------
    >>> import folium
    >>> m = folium.Map(tiles=None)
    >>> set_element_id(m, 7)
    >>> m.get_name()
    'map_00000000000000000000000000000007'
    """
    element._id = f"{number:032x}"


def offline_asset(url: str) -> str:
    """The text of one of Folium's CDN assets, as folium-offline ships it.

    folium-offline keeps its copies in the module dictionary
    ``offlinefolium.elements._res`` (URL → text) and inlines them only
    through its own elements, which neither escape ``</script`` nor drop
    relative ``url()`` references; frontmap inlines them itself.

    Parameters
    ----------
    url : str
        The asset's CDN URL exactly as Folium names it (``folium.Map.default_js`` and the like).

    Returns
    -------
    str
        The asset's text (JavaScript or CSS).

    Raises
    ------
    FrontmapError
        Without folium-offline, or for a URL it has no copy of.

    Examples
    --------
    >>> import folium
    >>> "Leaflet 1.9" in offline_asset(dict(folium.Map.default_js)["leaflet"])[:60]
    True
    >>> offline_asset("https://example.org/x.js")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    frontmap.errors.FrontmapError: no offline copy of https://example.org/x.js: frontmap will not write a page ...
    """
    try:
        from offlinefolium.elements import _res as assets
    except ImportError as exc:  # pragma: no cover - a dependency
        raise FrontmapError("frontmap's maps need the folium-offline package: pip install folium-offline") from exc
    if url not in assets:
        raise FrontmapError(f"no offline copy of {url}: frontmap will not write a page that fetches it")
    return assets[url]
