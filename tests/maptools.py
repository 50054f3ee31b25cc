"""Helpers shared by the map tests: the data a page embeds, and a recording browser."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

_ADD = re.compile(r"^\s*geo_json_[0-9a-f]+_add\((.*)\);\s*$|L\.timeline\(\s*\n\s*(\{.*\}),\s*$", re.M)


def page_features(page: str) -> list[dict]:
    """Every GeoJSON feature the page's GeoJson and Timeline layers add, in page order."""
    features = []
    for match in _ADD.finditer(page):
        doc = json.loads(match.group(1) or match.group(2))
        features += doc["features"] if doc["type"] == "FeatureCollection" else [doc]
    return features


def features_of_kind(page: str, kind: str) -> list[dict]:
    return [f for f in page_features(page) if f["properties"].get("fm_kind") == kind]


def require_browser() -> None:
    """Skip, saying how to get them, unless playwright and a Chromium are here."""
    pytest.importorskip("playwright", reason="the browser tests need playwright: pip install -e '.[test]'")
    from frontmap.browser import INSTALL_HINT, find_chromium

    if find_chromium() is None:
        pytest.skip(f"no Chromium for the browser tests: {INSTALL_HINT}")


def browser_or_skip():
    """A context manager for the system's Chromium, or a skip saying how to get one."""
    require_browser()
    from frontmap.browser import chromium

    return chromium()


class RecordedPage:
    """A page opened with every request, console error, page error and dialog recorded."""

    def __init__(self, browser, path: Path, size=(1280, 800), init_script: str | None = None):
        self.requests: list[str] = []
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        self.page = browser.new_page(viewport={"width": size[0], "height": size[1]})
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.on(
            "console", lambda m: self.errors.append(f"console.{m.type}: {m.text}") if m.type == "error" else None
        )
        self.page.on("pageerror", lambda e: self.errors.append(f"page error: {e}"))
        self.page.on("dialog", self._dialog)
        if init_script:
            self.page.add_init_script(init_script)
        self.page.goto(Path(path).resolve().as_uri(), wait_until="load")
        self.page.wait_for_timeout(300)

    def _dialog(self, dialog):
        self.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    def foreign_requests(self) -> list[str]:
        return [u for u in self.requests if not u.startswith(("file:", "data:", "about:"))]

    def close(self):
        self.page.close()


#: JavaScript returning the page's Leaflet map (folium names it map_<hex>).
FIND_MAP = "Object.keys(window).filter(k => /^map_[0-9a-f]+$/.test(k)).map(k => window[k])"


#: Opens every tooltip, then every popup in turn; returns the text each showed.
OPEN_ALL = (
    """() => {
    const map = (%s)[0];
    const texts = [];
    const layers = [];
    map.eachLayer(l => layers.push(l));
    for (const l of layers) {
        if (l.getTooltip && l.getTooltip()) {
            l.openTooltip(l.getLatLng ? l.getLatLng() : l.getBounds().getCenter());
            texts.push(l.getTooltip().getElement().innerText);
        }
    }
    for (const l of layers) {
        if (l.getPopup && l.getPopup()) {
            l.openPopup(l.getLatLng ? l.getLatLng() : l.getBounds().getCenter());
            texts.push(l.getPopup().getElement().innerText);
            l.closePopup();
        }
    }
    return texts;
}"""
    % FIND_MAP
)
