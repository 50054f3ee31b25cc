"""``frontmap timeline``: one modelled zone per dated claim, as GeoJSON and on a slider map."""

from __future__ import annotations

import json
from itertools import pairwise
from pathlib import Path

import pytest
from clitools import assert_bad_input, invoke
from maptools import FIND_MAP, RecordedPage, browser_or_skip, features_of_kind
from test_export import check_rfc7946

from frontmap.claims import load_claim_file
from frontmap.timeline import build_steps, timeline_geojson, timeline_html

ROOT = Path(__file__).resolve().parents[1]
KURSK = ROOT / "data" / "claims" / "kursk-2024.toml"

HOSTILE_TOML = """
[operation]
name = "test <b>operation</b>"
anchor = "Sudzha"

[[claim]]
date = 2024-08-12
claimant = "<img src=x onerror=alert(1)>"
depth_km = 8
width_km = 20
note = "${alert(2)}"
quote = "`+alert(3)+`"
source = "</script><script>alert(4)</script>"

[[claim]]
date = 2024-08-14
claimant = "Second claimant"
depth_km = 10
width_km = 24
source = "a report"
"""
HOSTILE = ("<img src=x onerror=alert(1)>", "${alert(2)}", "`+alert(3)+`", "</script><script>alert(4)</script>")


@pytest.fixture(scope="module")
def kursk():
    claims = load_claim_file(KURSK)
    return claims, build_steps(claims)


def test_one_step_per_dated_claim_in_date_order(kursk):
    claims, steps = kursk
    assert [s.claim.label for s in steps] == [c.label for c in claims.claims]
    assert [s.claim.date for s in steps] == sorted(s.claim.date for s in steps)
    starts = [s.start for s in steps]
    assert starts == sorted(starts) and len(set(starts)) == len(starts)  # the two 12 August claims are two steps
    assert all(a.end == b.start for a, b in pairwise(steps))


def test_fitted_steps_reproduce_the_claimed_area_within_10_percent(kursk):
    _, steps = kursk
    with_area = [s for s in steps if s.fitted and s.claim.area_km2 is not None]
    assert len(with_area) == 5
    for s in with_area:
        assert s.modelled["area_km2"] == pytest.approx(s.claim.area_km2, rel=0.10), s.claim.label
        assert s.zone.area_km2 == pytest.approx(s.modelled["area_km2"], abs=0.01)


def test_depth_and_width_build_the_zone_directly(kursk):
    _, steps = kursk
    first = steps[0]
    assert not first.fitted and first.claim.claimant == "Alexei Smirnov"
    assert first.spec.to_properties() == {
        "anchor": "Sudzha",
        "width_km": 40.0,
        "depth_km": 12.0,
        "profile": "salient",
        "side": "RUS",
    }
    assert first.modelled["settlements"] == 30


def test_a_depth_range_is_an_interval(kursk):
    _, steps = kursk
    step = next(s for s in steps if s.claim.depth_km == (28, 35))
    assert 28 - 0.01 <= step.modelled["depth_km"] <= 35 + 0.01
    assert step.consistent is True


def test_geojson_is_rfc7946_with_dated_features(kursk):
    claims, steps = kursk
    doc = check_rfc7946(json.dumps(timeline_geojson(steps, claims)))
    dates = [f["properties"]["date"] for f in doc["features"]]
    assert dates == [c.date for c in claims.claims]
    props = doc["features"][3]["properties"]
    assert props["claimed"] == {"settlements": 82, "area_km2": 1150, "depth_km": 35}
    assert set(props["modelled"]) == {"settlements", "area_km2", "depth_km", "width_km"}
    assert props["claim"]["source"].startswith("https://") and props["claim"]["claimant"] == "Oleksandr Syrskyi"
    assert "OpenStreetMap" in doc["properties"]["attribution"]


def test_html_popups_compare_claimed_and_modelled(kursk):
    claims, steps = kursk
    page = timeline_html(steps, claims)
    popups = [f["properties"]["fm_popup"] for f in features_of_kind(page, "step")]
    assert len(popups) == len(steps)
    assert (
        "2024-08-15" in popups[3]
        and "1,150 km²" in popups[3]
        and f"{steps[3].modelled['area_km2']:,.0f} km²" in popups[3]
    )
    assert "fitted to the claimed numbers" in popups[3] and "built from the claimed depth and width" in popups[0]
    assert len(page.encode()) < 3_000_000


def test_cli_geojson_to_stdout_and_html_to_a_file(tmp_path, monkeypatch):
    src = tmp_path / "ops.toml"
    src.write_text(HOSTILE_TOML.replace("<b>", "").replace("</b>", ""))
    result = invoke(["timeline", str(src), "--format", "geojson"])
    assert result.exit_code == 0, result.output
    doc = check_rfc7946(result.stdout)
    assert [f["properties"]["date"] for f in doc["features"]] == ["2024-08-12", "2024-08-14"]
    monkeypatch.chdir(tmp_path)
    result = invoke(["timeline", str(src)])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "ops.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert_bad_input(invoke(["timeline", str(src)]), ["ops.html", "--overwrite"])


@pytest.mark.parametrize(
    "content, needles",
    [
        ("[[claim]]\ndate = 2024-08-12\n", ["claim 1", "date and a claimant"]),
        ("not toml [", ["not valid TOML"]),
    ],
)
def test_bad_claim_files_are_one_line_exit_2(tmp_path, content, needles):
    src = tmp_path / "bad.toml"
    src.write_text(content)
    assert_bad_input(invoke(["timeline", str(src), "--format", "geojson"]), needles)
    assert_bad_input(invoke(["timeline", str(tmp_path / "missing.toml"), "--format", "geojson"]), ["missing.toml"])


@pytest.mark.browser
def test_hostile_claim_text_shows_as_text_on_the_timeline_map(tmp_path):
    src = tmp_path / "hostile.toml"
    src.write_text(HOSTILE_TOML)
    out = tmp_path / "hostile.html"
    result = invoke(["timeline", str(src), "-o", str(out)])
    assert result.exit_code == 0, result.output
    with browser_or_skip() as browser:
        page = RecordedPage(browser, out)
        try:
            p = page.page
            shown = p.locator(".fm-title").inner_text()
            # Walk the slider over both steps and open each step's popup.
            for k in range(2):
                shown += p.evaluate(
                    """(k) => {
                    const slider = Object.keys(window).filter(n => /^timeline_slider_/.test(n)).map(n => window[n])[0];
                    slider.setTime(slider.start + k * 2 * 86400000 + 3600000);
                    const texts = [];
                    (%s)[0].eachLayer(l => { if (l.feature && l.feature.properties.fm_kind === 'step' && l.getPopup()) {
                        l.openPopup(l.getBounds().getCenter()); texts.push(l.getPopup().getElement().innerText); l.closePopup(); } });
                    return texts.join('\\n');
                }"""
                    % FIND_MAP,
                    k,
                )
            for value in HOSTILE:
                assert value in shown, value
            assert "test <b>operation</b>" in p.title()
            assert p.locator("img[src=x]").count() == 0
            assert page.dialogs == [] and page.errors == [] and page.foreign_requests() == []
        finally:
            page.close()


@pytest.mark.browser
def test_the_slider_shows_one_claim_at_a_time(tmp_path, kursk):
    claims, steps = kursk
    out = tmp_path / "kursk.html"
    out.write_text(timeline_html(steps, claims), encoding="utf-8")
    with browser_or_skip() as browser:
        page = RecordedPage(browser, out)
        try:
            seen = page.page.evaluate(
                """(starts) => {
                const slider = Object.keys(window).filter(n => /^timeline_slider_/.test(n)).map(n => window[n])[0];
                const out = [];
                for (const t of starts) {
                    slider.setTime(t + 60000);
                    const labels = [];
                    (%s)[0].eachLayer(l => { if (l.feature && l.feature.properties.fm_kind === 'step') labels.push(l.feature.properties.fm_tip); });
                    out.push([labels, document.querySelector('.leaflet-timeline-control output, .leaflet-timeline-control .time-text') ? 1 : 0]);
                }
                return out.map(o => o[0]);
            }"""
                % FIND_MAP,
                [int(__import__("datetime").datetime.fromisoformat(s.start).timestamp() * 1000) for s in steps],
            )
            assert seen == [[s.claim.label] for s in steps]
            assert page.errors == [] and page.foreign_requests() == []
        finally:
            page.close()


def test_timeline_layers_have_one_geometry_type_and_any_vector_format(tmp_path):
    import pyogrio
    from clitools import invoke

    claims = str(Path(__file__).resolve().parents[1] / "data" / "claims" / "kursk-2024.toml")
    out = tmp_path / "steps.geojson"
    assert invoke(["timeline", claims, "-o", str(out)]).exit_code == 0  # a .geojson name writes GeoJSON
    assert pyogrio.read_info(out)["geometry_type"] == "MultiPolygon"
    gpkg = tmp_path / "steps.gpkg"
    result = invoke(["timeline", claims, "-o", str(gpkg)])
    assert result.exit_code == 0, result.output
    info = pyogrio.read_info(gpkg)
    assert info["geometry_type"] == "MultiPolygon" and info["features"] == 7
    assert {"date", "claim_claimant", "modelled_area_km2"} <= set(info["fields"])  # nested properties flattened
    fgb = tmp_path / "steps.bin"
    assert invoke(["timeline", claims, "-o", str(fgb), "--driver", "FlatGeobuf"]).exit_code == 0
    assert pyogrio.read_info(fgb)["features"] == 7
    html = tmp_path / "steps.html"
    assert invoke(["timeline", claims, "-o", str(html)]).exit_code == 0
    assert html.read_bytes().startswith(b"<!DOCTYPE html>")
