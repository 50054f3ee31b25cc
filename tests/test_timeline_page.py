"""The timeline page as a reader uses it (issue 12): one zone at a time, a slider that steps,
dated ticks, controls that do not overlap, rounded popups, settlements gained and lost, and
steps of one operation fitted together."""

from __future__ import annotations

import datetime as dt
import json
import re
from itertools import pairwise
from pathlib import Path

import pytest
from maptools import FIND_MAP, RecordedPage, browser_or_skip, features_of_kind

from frontmap.claims import load_claim_file
from frontmap.render.timeline import FAILS_SUFFIX, tick_label
from frontmap.timeline import build_steps, timeline_html

KURSK = Path(__file__).resolve().parents[1] / "data" / "claims" / "kursk-2024.toml"
SIZES = [(1280, 800), (1024, 768)]

SLIDER = "Object.keys(window).filter(n => /^timeline_slider_/.test(n)).map(n => window[n])[0]"
#: Sets the slider to each time and returns, per time, the fm_step of every drawn step zone and the label.
DRAWN_AT = """(times) => {
    const slider = %s, map = (%s)[0];
    return times.map(t => {
        slider.setTime(t);
        const drawn = [];
        map.eachLayer(l => { if (l.feature && l.feature.properties.fm_kind === 'step') drawn.push(l.feature.properties.fm_step); });
        return [drawn, slider._output.textContent];
    });
}""" % (SLIDER, FIND_MAP)


def _ms(iso: str) -> int:
    return int(dt.datetime.fromisoformat(iso).timestamp() * 1000)


@pytest.fixture(scope="module")
def kursk():
    claims = load_claim_file(KURSK)
    return claims, build_steps(claims)


@pytest.fixture(scope="module")
def kursk_page(kursk, tmp_path_factory):
    claims, steps = kursk
    out = tmp_path_factory.mktemp("timeline") / "kursk.html"
    out.write_text(timeline_html(steps, claims), encoding="utf-8")
    return out


@pytest.fixture(scope="module")
def browser():
    with browser_or_skip() as b:
        yield b


def _open(browser, path, size=(1280, 800)):
    page = RecordedPage(browser, path, size=size)
    return page


@pytest.mark.browser
def test_exactly_one_zone_is_drawn_at_every_stop_and_between(browser, kursk, kursk_page):
    _, steps = kursk
    starts = [_ms(s.start) for s in steps]
    times, expected = [], []
    for i, t in enumerate(starts):
        following = starts[i + 1] if i + 1 < len(starts) else t
        for moment in (t, t + 1, (t + following) // 2, max(following - 1, t)):
            times.append(moment)
            expected.append(i)
    page = _open(browser, kursk_page)
    try:
        seen = page.page.evaluate(DRAWN_AT, times)
        slider_end = page.page.evaluate(f"{SLIDER}.end")
        assert slider_end == starts[-1]  # the slider stops at the last step: no moment without a zone
        assert [drawn for drawn, _ in seen] == [[i] for i in expected]
        labels = [s.claim.label or s.claim.date for s in steps]
        assert [label for _, label in seen] == [labels[i] for i in expected]
        assert page.errors == [] and page.foreign_requests() == []
    finally:
        page.close()


@pytest.mark.browser
def test_arrow_keys_move_the_slider_one_step(browser, kursk, kursk_page):
    _, steps = kursk
    starts = [_ms(s.start) for s in steps]
    page = _open(browser, kursk_page)
    try:
        p = page.page
        p.locator(".leaflet-timeline-control input.time-slider").focus()
        values = []
        for key in ("ArrowRight", "ArrowRight", "ArrowRight", "ArrowLeft", "End", "ArrowLeft", "Home"):
            p.keyboard.press(key)
            values.append(int(float(p.locator(".leaflet-timeline-control input.time-slider").input_value())))
        assert values == [starts[1], starts[2], starts[3], starts[2], starts[-1], starts[-2], starts[0]]
        p.keyboard.press("ArrowRight")
        assert p.evaluate(DRAWN_AT, [int(float(p.locator("input.time-slider").input_value()))])[0][0] == [1]
    finally:
        page.close()


@pytest.mark.browser
@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_every_tick_carries_its_date_and_the_scale_bar_clears_the_slider(browser, kursk, kursk_page, size):
    _, steps = kursk
    page = _open(browser, kursk_page, size)
    try:
        boxes = page.page.evaluate("""() => {
            const box = e => { const r = e.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; };
            return {ticks: Array.from(document.querySelectorAll('.fm-tick')).map(e => [e.textContent, box(e),
                        getComputedStyle(e).visibility]),
                    slider: box(document.querySelector('.leaflet-timeline-control')),
                    input: box(document.querySelector('.leaflet-timeline-control input.time-slider')),
                    scale: box(document.querySelector('.leaflet-control-scale')),
                    attribution: box(document.querySelector('.leaflet-control-attribution'))};
        }""")
        ticks = boxes["ticks"]
        assert [t[0] for t in ticks] == [tick_label(s.claim.date) for s in steps]
        width, height = size
        for text, (left, top, right, bottom), visibility in ticks:
            assert visibility == "visible" and right - left > 10 and bottom - top > 8, text
            assert 0 <= left and right <= width and 0 <= top and bottom <= height, text
            assert boxes["input"][0] - 30 <= (left + right) / 2 <= boxes["input"][2] + 30, text
        for a, b in ((i, j) for i in range(len(ticks)) for j in range(i + 1, len(ticks))):
            assert _disjoint(ticks[a][1], ticks[b][1]), (ticks[a][0], ticks[b][0])
        centres = [(t[1][0] + t[1][2]) / 2 for t in ticks]
        assert centres == sorted(centres)
        assert _disjoint(boxes["scale"], boxes["slider"])
        assert _disjoint(boxes["attribution"], boxes["slider"])
    finally:
        page.close()


def _disjoint(a, b) -> bool:
    return a[2] <= b[0] or b[2] <= a[0] or a[3] <= b[1] or b[3] <= a[1]


#: Opens the drawn step's popup at each time; returns its text and its table's cell boxes and font sizes.
POPUP_AT = """(times) => {
    const slider = %s, map = (%s)[0];
    return times.map(t => {
        slider.setTime(t);
        let out = null;
        map.eachLayer(l => { if (l.feature && l.feature.properties.fm_kind === 'step') {
            l.openPopup(l.getBounds().getCenter());
            const el = l.getPopup().getElement();
            const cells = Array.from(el.querySelectorAll('table tr')).map(tr => Array.from(tr.children).map(c => {
                const range = document.createRange(); range.selectNodeContents(c);
                const r = range.getBoundingClientRect(); return [c.innerText, r.left, r.right]; }));
            const sizes = Array.from(el.querySelectorAll('p, td, th, summary')).map(e => getComputedStyle(e).fontSize);
            out = [el.innerText, cells, sizes];
            l.closePopup();
        } });
        return out;
    });
}""" % (SLIDER, FIND_MAP)


@pytest.mark.browser
def test_popups_round_their_numbers_in_separate_columns_and_list_gains_and_losses(browser, kursk, kursk_page):
    _, steps = kursk
    page = _open(browser, kursk_page)
    try:
        shown = page.page.evaluate(POPUP_AT, [_ms(s.start) + 60_000 for s in steps])
    finally:
        page.close()
    for step, (text, cells, sizes) in zip(steps, shown, strict=True):
        assert not re.search(r"\d\.\d\d+ km", text), text  # "27.027 km" is not for people
        table = " ".join(c[0] for row in cells for c in row)
        assert not re.search(r"\d\.\d", table) and "km²" in table, table  # whole km and km² (10 km and more)
        assert len(set(sizes)) == 1, sizes  # one font size in the popup's text
        for row in cells[1:]:
            claimed, modelled = row[1], row[2]
            assert modelled[1] - claimed[2] >= 8, row  # the texts of the two columns stand apart
        area = step.modelled["area_km2"]
        assert f"{area:,.0f} km²" in text
        if step.gained is not None:
            assert "Gained since" in text and f"+{len(step.gained)}" in text
            assert f"−{len(step.lost)}" in text
            for s in step.gained:
                assert (s["name_latin"] or s["name"]) in text
        assert f"Inside: {len(step.inside)} settlements" in text
    last_text = shown[-1][0]
    assert "1,294 km²" in last_text and "100" in last_text


@pytest.mark.browser
def test_the_map_marks_each_steps_settlements_gained_and_lost(browser, kursk, kursk_page):
    _, steps = kursk
    page = _open(browser, kursk_page)
    try:
        marked = page.page.evaluate(
            """(times) => {
            const slider = %s, map = (%s)[0];
            return times.map(t => { slider.setTime(t); const n = {inside: 0, gained: 0, lost: 0};
                map.eachLayer(l => { if (l.feature && l.feature.properties.fm_kind === 'step_settlement') n[l.feature.properties.fm_change]++; });
                return n; });
        }"""
            % (SLIDER, FIND_MAP),
            [_ms(s.start) + 60_000 for s in steps],
        )
    finally:
        page.close()
    for step, n in zip(steps, marked, strict=True):
        gained, lost = len(step.gained or ()), len(step.lost or ())
        assert n == {"inside": len(step.inside) - gained, "gained": gained, "lost": lost}
    assert any(n["lost"] for n in marked) and all(n["gained"] for n in marked[1:3])


def test_steps_gained_and_lost_are_the_difference_of_the_settlements_inside(kursk):
    _, steps = kursk
    assert steps[0].gained is None and steps[0].lost is None
    for before, step in pairwise(steps):
        ids_before, ids_now = {s["id"] for s in before.inside}, {s["id"] for s in step.inside}
        assert {s["id"] for s in step.gained} == ids_now - ids_before
        assert {s["id"] for s in step.lost} == ids_before - ids_now
        assert len(step.inside) == step.modelled["settlements"] or not step.fitted


def test_fitted_steps_stay_near_their_neighbours_and_meet_their_claims(kursk):
    claims, steps = kursk
    alone = build_steps(claims, together=False)

    def jumps(seq, k):
        fitted = [s.position[k] for s in seq if s.fitted]
        return [abs(b - a) for a, b in pairwise(fitted)]

    for k in range(3):  # centre, width, depth: the largest jump shrinks
        assert max(jumps(steps, k)) < max(jumps(alone, k)), k
    widths = [s.position[1] for s in steps if s.fitted]
    assert max(jumps(steps, 1)) <= 10 and max(widths) - min(widths) <= 15, widths
    for step, own in zip(steps, alone, strict=True):
        if step.fitted:
            assert step.consistent and not step.fails, step.claim.label
            moved = step.continuity["moved"]
            assert moved == pytest.approx(
                {
                    "centre_km": step.position[0] - own.position[0],
                    "width_km": step.position[1] - own.position[1],
                    "depth_km": step.position[2] - own.position[2],
                },
                abs=1e-3,
            )
            assert step.continuity["own_fit"]["modelled"] == own.modelled
        else:
            assert step.continuity is None


FAILING = """
[operation]
name = "numbers that cannot hold"
anchor = "Sudzha"

[[claim]]
date = 2024-08-12
claimant = "A"
depth_km = 8
width_km = 20

[[claim]]
date = 2024-08-14
claimant = "B"
settlements = 3
area_km2 = 3000
depth_km = 5
"""


def test_a_step_missing_its_claims_numbers_says_so_on_the_slider_and_in_its_popup():
    claims = load_claim_file("failing.toml", text=FAILING)
    steps = build_steps(claims)
    assert not steps[0].fails and steps[1].fails
    page = timeline_html(steps, claims)
    popups = [f["properties"]["fm_popup"] for f in features_of_kind(page, "step")]
    tips = [f["properties"]["fm_tip"] for f in features_of_kind(page, "step")]
    assert "misses the claimed numbers" in popups[1] and "misses the claimed numbers" not in popups[0]
    assert tips[1].endswith(FAILS_SUFFIX) and not tips[0].endswith(FAILS_SUFFIX)
    stops = json.loads(re.search(r"var stops = (\[.*?\]\]);", page).group(1))  # the slider's labels
    assert [label.endswith(FAILS_SUFFIX) for _, label in stops] == [False, True]


def test_the_geojson_export_keeps_full_precision_and_the_settlement_ids(kursk):
    from frontmap.timeline import timeline_geojson

    claims, steps = kursk
    doc = timeline_geojson(steps, claims)
    props = doc["features"][-1]["properties"]
    assert props["modelled"] == steps[-1].modelled and props["modelled"]["depth_km"] != round(
        props["modelled"]["depth_km"]
    )
    assert props["settlements_inside"] == [s["id"] for s in steps[-1].inside]
    assert props["settlements_gained"] == [s["id"] for s in steps[-1].gained]
    assert set(props["continuity"]) == {"own_fit", "moved"}


def test_the_legend_lists_the_basemap_and_each_marker_of_the_page(kursk_page):
    page = kursk_page.read_text(encoding="utf-8")
    from frontmap.render.style import TIMELINE_STYLE

    boxes = [json.loads(m) for m in re.findall(r'div\.innerHTML = ("(?:[^"\\]|\\.)*");', page)]
    (legend,) = [box for box in boxes if box.startswith("<b>Legend</b>")]
    needles = (
        "The claim at the slider's date",
        "gained since",
        "lost since",
        "Settlement inside",
        "Every claim",
        "Russia–Ukraine border",
        "River",
        "Oblast boundary",
        "Town of 5,000",
        "Russia",
        "Ukraine",
    )
    for needle in needles:
        assert needle in legend, needle
    for kind in ("gained", "lost", "inside"):  # the markers and their legend share one style
        assert TIMELINE_STYLE[kind]["color"] in legend or TIMELINE_STYLE[kind].get("fillColor", "") in legend
