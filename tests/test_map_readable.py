"""Maps read at a glance (issue 12): names drawn, context underneath, controls clear of the zone,
search on Enter, copyable popups, no focus rectangle, both settlement layers, a reference compared.

Browser tests use Debian's chromium through playwright (skipped without them).
"""

from __future__ import annotations

import json

import pytest
from clitools import invoke
from maptools import FIND_MAP, RecordedPage, browser_or_skip, features_of_kind

SIZES = [(1280, 800), (1024, 768)]
MAX_PAGE_BYTES = 3_000_000


def write_map(folder, name: str, *args: str):
    out = folder / name
    result = invoke(["map", *args, "-o", str(out)])
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture(scope="module")
def maps(tmp_path_factory):
    folder = tmp_path_factory.mktemp("readable")
    reference = folder / "reference.geojson"
    result = invoke(["zone", "--depth-km", "18", "--width-km", "34", "--profile", "flat", "-o", str(reference)])
    assert result.exit_code == 0, result.output
    return {
        "default": write_map(folder, "default.html"),
        "ensemble": write_map(folder, "ensemble.html", "--ensemble", "500", "--seed", "3"),
        "reference": write_map(folder, "reference.html", "--reference", str(reference)),
    }


@pytest.fixture(scope="module")
def browser():
    with browser_or_skip() as b:
        yield b


@pytest.fixture
def opened(browser):
    pages = []

    def open_page(path, size=(1280, 800)):
        page = RecordedPage(browser, path, size=size)
        pages.append(page)
        return page

    yield open_page
    for page in pages:
        assert page.foreign_requests() == [] and page.errors == [] and page.dialogs == []
        page.close()


# ---------------------------------------------------------------------------
# The page (no browser)


def test_pages_stay_small_and_carry_the_basemap_and_its_credit(maps):
    for path in maps.values():
        assert path.stat().st_size < MAX_PAGE_BYTES
    page = maps["default"].read_text(encoding="utf-8")
    assert features_of_kind(page, "town"), "no towns drawn"
    assert "fm-coarse" in page  # rivers and oblast boundaries, hidden past their precision
    for credit in ("Natural Earth", "World Data Bank II", "GeoNames (CC BY 4.0)"):
        assert credit in page
    assert "Kursk" in page or "Sudzha" in page


def test_land_is_neutral_not_water_blue(maps):
    page = maps["default"].read_text(encoding="utf-8")
    from frontmap.render.style import COLOURS

    for code in ("RUS", "UKR"):
        r, g, b = (int(COLOURS[code][i : i + 2], 16) for i in (1, 3, 5))
        assert r >= b and g >= b, f"{code}'s land {COLOURS[code]} reads as water"
    assert '"#e9eef4"' not in page


def test_the_same_input_gives_the_same_bytes_with_the_basemap_and_labels(maps, tmp_path):
    again = write_map(tmp_path, "again.html")
    assert again.read_bytes() == maps["default"].read_bytes()


def test_ensemble_on_the_ukrainian_side_draws_the_ukrainian_places(tmp_path):
    args = ["--anchor", "36.94,50.29", "--side", "UKR", "--width-km", "20", "--depth-km", "8"]
    page = write_map(tmp_path, "ukr.html", *args, "--ensemble", "100", "--seed", "1").read_text(encoding="utf-8")
    doc = json.loads(invoke(["affected", *args, "--ensemble", "100", "--seed", "1", "--format", "json"]).stdout)
    expected = {s["id"] for s in doc["settlements"]}
    assert expected, "the ensemble found no mapped place"
    probable = {f["properties"]["id"] for f in features_of_kind(page, "probable")}
    assert probable == expected


def test_a_zone_on_the_russian_side_also_draws_ukrainian_places_nearby(maps):
    from frontmap.ukraine import load_ukraine

    ukrainian = set(map(int, load_ukraine().ids))
    page = maps["default"].read_text(encoding="utf-8")
    nearby = {f["properties"]["id"] for f in features_of_kind(page, "nearby")}
    assert nearby & ukrainian


def test_reference_is_drawn_with_the_compare_figures(maps):
    page = maps["reference"].read_text(encoding="utf-8")
    for kind in ("reference", "ref-both", "ref-model-only", "ref-reference-only"):
        assert features_of_kind(page, kind), kind
    popup = features_of_kind(page, "reference")[0]["properties"]["fm_popup"]
    for needle in ("IoU", "Precision", "Recall", "F1", "km²"):
        assert needle in popup


def test_a_bad_reference_is_bad_input(tmp_path):
    missing = tmp_path / "nope.geojson"
    result = invoke(["map", "--reference", str(missing), "-o", str(tmp_path / "m.html")])
    assert result.exit_code == 2, result.output
    assert "nope.geojson" in result.output and "Traceback" not in result.output
    assert not (tmp_path / "m.html").exists()


# ---------------------------------------------------------------------------
# In the browser

ZONE_BOX = (
    "() => { const r = document.querySelector('path.fm-zone').getBoundingClientRect(); "
    "return {x: r.x, y: r.y, w: r.width, h: r.height}; }"
)
CONTROL_BOXES = """() => Array.from(document.querySelectorAll('.leaflet-control')).map(el => {
    const r = el.getBoundingClientRect();
    return {name: el.className, x: r.x, y: r.y, w: r.width, h: r.height};
}).filter(b => b.w > 0 && b.h > 0)"""


def overlap(a, b) -> bool:
    across = a["x"] < b["x"] + b["w"] and b["x"] < a["x"] + a["w"]
    return across and a["y"] < b["y"] + b["h"] and b["y"] < a["y"] + a["h"]


@pytest.mark.browser
@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("which", ["default", "ensemble", "reference"])
def test_no_control_overlaps_another_or_the_zone(opened, maps, which, size):
    page = opened(maps[which], size)
    zone = page.page.evaluate(ZONE_BOX)
    controls = page.page.evaluate(CONTROL_BOXES)
    assert len(controls) >= 8
    for i, a in enumerate(controls):
        assert not overlap(a, zone), f"{a['name']} covers the zone"
        assert a["x"] >= 0 and a["x"] + a["w"] <= size[0] + 0.5, f"{a['name']} is cut at the edge"
        for b in controls[i + 1 :]:
            assert not overlap(a, b), f"{a['name']} overlaps {b['name']}"
    if which != "reference":  # (that view is fitted to the zone and the reference together)
        assert zone["w"] * zone["h"] > 0.08 * size[0] * size[1]  # the zone stays large


@pytest.mark.browser
@pytest.mark.parametrize("target", ["basemap", "zone"])
def test_a_click_leaves_no_focus_rectangle(opened, maps, target):
    page = opened(maps["default"])
    p = page.page
    if target == "zone":
        box = p.locator("path.fm-zone").bounding_box()
        p.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] * 0.45)
        p.wait_for_timeout(200)
        p.keyboard.press("Escape")
    else:
        p.mouse.click(1000, 700)
    p.wait_for_timeout(200)
    outline = p.evaluate("""() => { const el = document.activeElement; const s = getComputedStyle(el);
        return {tag: el.tagName, style: s.outlineStyle, width: s.outlineWidth}; }""")
    assert outline["style"] == "none" or outline["width"] == "0px", outline


@pytest.mark.browser
def test_enter_on_a_full_name_flies_to_it(opened, maps):
    page = opened(maps["default"])
    p = page.page
    p.evaluate("() => { const m = (MAPS)[0]; m.setView([51.5, 35.9], 9, {animate: false}); }".replace("MAPS", FIND_MAP))
    box = p.locator(".leaflet-control-search input")
    box.fill("Sudzha")
    box.press("Enter")  # before the tips (400 ms) appear
    p.wait_for_timeout(1500)
    centre = p.evaluate("() => { const c = (MAPS)[0].getCenter(); return [c.lng, c.lat]; }".replace("MAPS", FIND_MAP))
    assert centre == pytest.approx([35.27, 51.19], abs=0.01)


@pytest.mark.browser
def test_enter_on_a_name_not_on_the_map_says_so(opened, maps):
    page = opened(maps["default"])
    p = page.page
    box = p.locator(".leaflet-control-search input")
    box.fill("Zzyzx")
    box.press("Enter")
    p.wait_for_timeout(300)
    alert = p.locator(".leaflet-control-search .search-alert")
    assert alert.is_visible() and "Not among the settlements" in alert.inner_text()


@pytest.mark.browser
def test_name_matches_come_before_district_matches(opened, maps):
    page = opened(maps["default"])
    p = page.page
    box = p.locator(".leaflet-control-search input")
    box.press_sequentially("sudz", delay=30)
    p.wait_for_selector(".leaflet-control-search .search-tip", timeout=5000)
    tips = p.locator(".leaflet-control-search .search-tip").all_inner_texts()
    assert tips[0] == "Sudzha · Суджа", tips


@pytest.mark.browser
def test_a_settlement_popup_is_selectable_and_copyable(opened, maps):
    page = opened(maps["default"])
    p = page.page
    info = p.evaluate(
        """() => {
        let target = null;
        (MAPS)[0].eachLayer(l => {
            if (!target && l.feature && l.feature.properties.fm_kind === 'inside') target = l;
        });
        target.openPopup();
        const content = target.getPopup().getElement().querySelector('.leaflet-popup-content');
        const range = document.createRange(); range.selectNodeContents(content);
        const sel = window.getSelection(); sel.removeAllRanges(); sel.addRange(range);
        return {id: target.feature.properties.id, text: sel.toString(),
                select: getComputedStyle(content.querySelector('td')).userSelect,
                lat: target.getLatLng().lat};
    }""".replace("MAPS", FIND_MAP)
    )
    assert info["select"] != "none"
    assert str(info["id"]) in info["text"] and f"{info['lat']:.5f}" in info["text"]
    assert "Cyrillic" in info["text"]
    # A real click on a settlement opens it too.
    p.keyboard.press("Escape")
    p.evaluate("() => (MAPS)[0].closePopup()".replace("MAPS", FIND_MAP))
    dot = p.locator("path.fm-inside").first.bounding_box()
    p.mouse.click(dot["x"] + dot["width"] / 2, dot["y"] + dot["height"] / 2)
    p.wait_for_timeout(300)
    assert p.locator(".leaflet-popup .fm-settlement").count() == 1


@pytest.mark.browser
@pytest.mark.parametrize("zoom_by", [0, -2, 2])
def test_names_stay_drawn_without_hover_and_never_pile_up(opened, maps, zoom_by):
    page = opened(maps["default"])
    p = page.page
    if zoom_by:
        zoom = "(d) => { const m = (MAPS)[0]; m.setZoom(m.getZoom() + d, {animate: false}); }"
        p.evaluate(zoom.replace("MAPS", FIND_MAP), zoom_by)
        p.wait_for_timeout(300)
    labels = p.evaluate("""() => Array.from(document.querySelectorAll('.fm-label')).filter(el =>
        el.style.display !== 'none' && el.offsetParent !== null).map(el => {
            const r = el.getBoundingClientRect();
            return {text: el.innerText, x: r.x, y: r.y, w: r.width, h: r.height};
        })""")
    assert len(labels) >= 3, labels
    for i, a in enumerate(labels):
        for b in labels[i + 1 :]:
            assert not overlap(a, b), (a["text"], b["text"])
    if zoom_by == 0:
        shown = "\n".join(label["text"] for label in labels)
        assert "Sudzha" in shown and "Суджа" in shown


@pytest.mark.browser
def test_basemap_layers_and_country_names_are_drawn(opened, maps):
    page = opened(maps["default"])
    p = page.page
    counts = p.evaluate("""() => ({coarse: document.querySelectorAll('path.fm-coarse').length,
        towns: document.querySelectorAll('path.fm-town').length,
        countries: Array.from(document.querySelectorAll('.fm-country-label')).map(el => el.innerText)})""")
    assert counts["coarse"] >= 2 and counts["towns"] >= 1
    assert sorted(c.upper() for c in counts["countries"]) == ["RUSSIA", "UKRAINE"]
    attribution = p.locator(".leaflet-control-attribution").inner_text()
    assert "Natural Earth" in attribution and "GeoNames" in attribution


@pytest.mark.browser
def test_the_reference_popup_gives_the_figures(opened, maps):
    page = opened(maps["reference"])
    p = page.page
    text = p.evaluate(
        """() => {
        let target = null;
        (MAPS)[0].eachLayer(l => {
            if (!target && l.feature && l.feature.properties.fm_kind === 'reference') target = l;
        });
        target.openPopup(target.getBounds().getCenter());
        return target.getPopup().getElement().innerText;
    }""".replace("MAPS", FIND_MAP)
    )
    for needle in ("IoU", "Precision", "Recall", "F1"):
        assert needle in text
    assert p.locator("path.fm-ref-both").count() >= 1


#: Points on a grid over the reference's parts, with the class of the element drawn there.
REFERENCE_HITS = """() => {
    const box = document.querySelector('path.fm-reference').getBoundingClientRect();
    const hits = [];
    for (let i = 1; i < 24; i++) {
        for (let j = 1; j < 24; j++) {
            const x = box.x + box.width * i / 24, y = box.y + box.height * j / 24;
            const el = document.elementFromPoint(x, y);
            const cls = el && el.getAttribute('class') || '';
            hits.push({x: x, y: y, ref: /fm-ref-/.test(cls)});
        }
    }
    const line = document.querySelector('.fm-swipe-line').getBoundingClientRect();
    return {hits: hits, line: line.x};
}"""


def swipe_to(p, *keys: str):
    box = p.locator(".fm-swipe input")
    box.focus()
    for key in keys:
        box.press(key)
    p.wait_for_timeout(100)
    return p.evaluate(REFERENCE_HITS)


@pytest.mark.browser
def test_the_swipe_shows_the_reference_right_of_its_line_only(opened, maps):
    page = opened(maps["reference"])
    p = page.page
    slider = p.locator(".fm-swipe input")
    assert slider.get_attribute("type") == "range" and slider.get_attribute("aria-label")
    everywhere = swipe_to(p, "Home")
    shown = {(h["x"], h["y"]) for h in everywhere["hits"] if h["ref"]}
    assert len(shown) >= 20, "the reference's parts are not drawn with the line at the left edge"
    nowhere = swipe_to(p, "End")
    assert not any(h["ref"] for h in nowhere["hits"]), "the reference is drawn left of the line"
    # The keyboard moves the line step by step; the reference shows right of it only.
    xs = sorted(x for x, _ in shown)
    for _ in range(100):
        state = swipe_to(p, "ArrowLeft")
        if state["line"] < xs[len(xs) // 2]:
            break
    line = state["line"]
    assert xs[0] < line < xs[-1], (xs[0], line, xs[-1])
    for h in state["hits"]:
        if (h["x"], h["y"]) in shown:
            assert h["ref"] == (h["x"] > line + 1) or abs(h["x"] - line) <= 1, h
    # Panning the map keeps the clip at the line.
    p.evaluate("() => (MAPS)[0].panBy([-60, 0], {animate: false})".replace("MAPS", FIND_MAP))
    p.wait_for_timeout(100)
    moved = p.evaluate(REFERENCE_HITS)
    assert moved["line"] == line
    refs = [h for h in moved["hits"] if h["ref"]]
    assert refs and all(h["x"] > line - 1 for h in refs)
    assert any(h["x"] < line and not h["ref"] for h in moved["hits"])


def test_only_a_reference_map_has_a_swipe(maps):
    assert "fm-swipe-clip" not in maps["default"].read_text(encoding="utf-8")
    assert "fm-swipe-clip" in maps["reference"].read_text(encoding="utf-8")
