"""A Folium map as one self-contained, safe and reproducible HTML page.

- **Offline**: every script and stylesheet Folium would fetch from a CDN is
  inlined from the ``folium-offline`` package's copies, and nothing else
  may load (a page that would is refused).
- **Safe**: a Content-Security-Policy lets only the page's own scripts run,
  by their sha256 hashes, with no ``'unsafe-inline'``: an injected
  ``<script>`` or ``onerror=`` would not run even if an escape were missed.
- **Reproducible**: elements are numbered by their place in the tree instead
  of random ids, so the same map renders to the same bytes.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Iterable
from functools import cache
from typing import TYPE_CHECKING

from markupsafe import Markup

from ..errors import FrontmapError
from .controls import verbatim
from .internals import offline_asset, set_element_id, walk_elements
from .markup import render_template

if TYPE_CHECKING:
    import folium

__all__ = ["OSM_HOST", "content_security_policy", "page_html"]

#: The OpenStreetMap tile server, allowed as an image source with ``tiles="osm"``.
OSM_HOST = "https://tile.openstreetmap.org"

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

#: A ``url(...)`` in a stylesheet that is neither data nor a fragment: a request for a file that is not there.
_CSS_URL = re.compile(r"url\(\s*(['\"]?)(?!data:|#|['\"]data:|['\"]#)([^)'\"]*)\1\s*\)")
_SCRIPT_END = re.compile(r"</(script)", re.IGNORECASE)
_STYLE_END = re.compile(r"</style", re.IGNORECASE)
#: Every inline script of a page, as the browser hashes it for the CSP.
_SCRIPT = re.compile(r"<script\b[^>]*>(.*?)</script\s*>", re.IGNORECASE | re.DOTALL)
#: An element that would load something from the network.
_EXTERNAL = re.compile(r"<(script|link|img)\b[^>]*\b(src|href)\s*=\s*['\"]?(https?:)?//", re.IGNORECASE)
#: The policy's stand-in while the page renders: the hashes are known only after.
_CSP_PLACEHOLDER = "frontmap-content-security-policy"


@cache
def _inline(kind: str, url: str) -> Markup:
    """A ``<script>`` or ``<style>`` element holding the offline copy of ``url``."""
    text = offline_asset(url)
    if kind == "js":
        # "<\/script" is the same JavaScript and cannot end the element.
        text = _SCRIPT_END.sub(r"<\\/\1", text)
        return render_template("inline_asset.html", tag="script", url=url, text=Markup(text))
    # A relative url() would be a request for a file that is not there.
    text = _CSS_URL.sub("url(data:,)", text)
    if _STYLE_END.search(text):
        raise FrontmapError(f"the offline copy of {url} cannot be inlined")
    return render_template("inline_asset.html", tag="style", url=url, text=Markup(text))


def _sha256(code: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(code.encode("utf-8")).digest()).decode() + "'"


def content_security_policy(tiles: str, scripts: Iterable[str] = ()) -> str:
    """The page's Content-Security-Policy: its own ``scripts`` may run (by hash), nothing else.

    Parameters
    ----------
    tiles : {"none", "osm"}
        ``osm`` allows images from the OpenStreetMap tile server.
    scripts : iterable of str
        The text of every inline script of the page.

    Returns
    -------
    str
        The policy.  No ``'unsafe-inline'`` for scripts; ``'unsafe-eval'``
        stays because leaflet-measure compiles its templates with
        ``Function`` (no text from data or users reaches them).

    Examples
    --------
    >>> content_security_policy("none", ["1"]).split("; ")[:2]
    ["default-src 'none'", "script-src 'sha256-a4ayc/80/OGda4BO/1o/V0etpOqiLx1JwB5S3beHW0s=' 'unsafe-eval'"]
    """
    hashes = sorted({_sha256(code) for code in scripts})
    img = "data:" + (f" {OSM_HOST}" if tiles == "osm" else "")
    return (
        f"default-src 'none'; script-src {' '.join(hashes)} 'unsafe-eval'; script-src-attr 'none'; "
        f"style-src 'unsafe-inline'; img-src {img}; font-src data:; connect-src 'none'; base-uri 'none'; "
        "form-action 'none'; object-src 'none'"
    )


def _csp_meta(policy: str) -> str:
    return str(render_template("csp_meta.html", policy=Markup(policy)))


def _take_assets(m: folium.Map) -> dict[str, tuple[str, str]]:
    """Every CDN asset of the map's elements, in the order Folium would link them, as name → (kind, URL).

    The elements then link nothing (instance attributes: the classes stay untouched).
    """
    from folium.elements import JSCSSMixin

    assets: dict[str, tuple[str, str]] = {}
    for element in walk_elements(m):
        if isinstance(element, JSCSSMixin):
            for name, url in element.default_js:
                assets.setdefault(name, ("js", url))
            for name, url in element.default_css:
                assets.setdefault(name, ("css", url))
            element.default_js, element.default_css = [], []
    return assets


def _number_elements(m: folium.Map) -> None:
    """Number every element of the map by its place in the tree, not at random.

    The same map then renders to the same bytes.
    """
    for i, element in enumerate(walk_elements(m.get_root())):
        set_element_id(element, i)


def page_html(m: folium.Map, tiles: str = "none") -> str:
    """A Folium map as one self-contained page: assets inlined, requests forbidden, ids stable.

    Parameters
    ----------
    m : folium.Map
        A map made by :func:`frontmap.render.layers.base_map` (or any Folium
        map whose elements use only assets folium-offline has copies of).
    tiles : {"none", "osm"}
        Whether the page may load OpenStreetMap tiles.

    Returns
    -------
    str
        The page.

    Raises
    ------
    FrontmapError
        If an asset has no offline copy, the policy cannot be placed, or
        the page would load anything from the network.

    Examples
    --------
    >>> import shapely
    >>> from frontmap.render.layers import base_map
    >>> page = page_html(base_map(shapely.box(35.1, 51.1, 35.3, 51.3), "A box"))
    >>> page.startswith("<!DOCTYPE html>"), "default-src 'none'; script-src 'sha256-" in page
    (True, True)
    """
    from branca.element import Figure

    figure = m.get_root()
    if not isinstance(figure, Figure):
        raise TypeError(f"the map must belong to a branca Figure, not {type(figure).__name__}")
    header = figure.header
    placeholder = _csp_meta(_CSP_PLACEHOLDER)
    # The policy first, then the assets, then what the header held: inserted at the front in order.
    header.add_child(verbatim(placeholder), name="csp", index=0)
    used = [(name, asset) for name, asset in _take_assets(m).items() if name not in _UNUSED_ASSETS]
    for index, (name, (kind, url)) in enumerate(used, start=1):
        header.add_child(verbatim(_inline(kind, url)), name=name, index=index)
    _number_elements(m)
    page = figure.render()
    # Escaped text cannot hold the meta tag's quotes, so the placeholder tag is the page's own.
    if page.count(placeholder) != 1:
        raise FrontmapError("the map page's Content-Security-Policy could not be placed; refusing to write it")
    page = page.replace(placeholder, _csp_meta(content_security_policy(tiles, _SCRIPT.findall(page))))
    if _EXTERNAL.search(page):
        raise FrontmapError("the map page would load an external resource; refusing to write it")
    return page
