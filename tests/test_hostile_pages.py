"""Hostile text on frontmap's pages, checked in a real browser, and pages that are byte-identical.

Every text field a user, a zone file or a claim file can fill is set to
payloads that would run script if any sink (popup, tooltip, title box,
legend, attribution, the timeline slider's ``innerHTML`` label, the search
list) took it as HTML or as a template literal.  The pages are then opened in
Chromium with dialogs, requests, console errors and CSP violations recorded;
every layer is switched on, every tooltip and popup opened, and the timeline
slider stepped through every step.  Searching the HTML for the payload would
prove nothing: the payload is there either way, escaped or not.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from clitools import invoke
from maptools import FIND_MAP, OPEN_ALL, RecordedPage, browser_or_skip

#: Each payload would set ``window.__pwned`` (and open a dialog) if it ran.
PAYLOADS = (
    '<img src=x onerror="window.__pwned=1;alert(1)">',
    "<svg onload=window.__pwned=2;alert(2)>",
    "${(window.__pwned=3, alert(3))}",
    "`+(window.__pwned=4, alert(4))+`",
    "</script><script>window.__pwned=5;alert(5)</script>",
    "\"'><img src=x onerror=window.__pwned=6>",
    "\\u003cimg src=x onerror=window.__pwned=7\\u003e \\`${alert(7)}",
    '<a href="javascript:window.__pwned=8">link</a> <iframe srcdoc="<script>parent.__pwned=9</script>"></iframe>',
)

#: Records CSP violations before any of the page's own scripts run.
WATCH = """
window.__violations = [];
document.addEventListener('securitypolicyviolation',
    e => window.__violations.push(e.violatedDirective + ' ' + (e.blockedURI || e.sample || '')));
"""

#: Switches every overlay on; returns the text of every control and the page's title.
CONTROLS = """() => {
    document.querySelectorAll('.leaflet-control-layers-overlays input[type=checkbox]').forEach(box => {
        if (!box.checked) box.click();
    });
    return [...document.querySelectorAll('.leaflet-control')].map(c => c.innerText).concat([document.title]);
}"""


def exercise(page: RecordedPage) -> str:
    """Every layer switched on, every tooltip and popup opened: the text of it all."""
    controls = page.page.evaluate(CONTROLS)
    return "\n".join(page.page.evaluate(OPEN_ALL) + controls)


#: Puts the slider at a time (ms) and returns the steps drawn and the slider's label.
SLIDE = (
    """(t) => {
    const slider = Object.keys(window).filter(n => /^timeline_slider_/.test(n)).map(n => window[n])[0];
    slider.setTime(t);
    const drawn = [];
    (%s)[0].eachLayer(l => { if (l.feature && l.feature.properties.fm_kind === 'step') drawn.push(l.feature.properties.fm_step); });
    return [drawn, document.querySelector('.leaflet-control output.time-text').innerText];
}"""
    % FIND_MAP
)


def _toml(value: str) -> str:
    """``value`` as a TOML basic string (JSON's escapes are TOML's)."""
    return json.dumps(value, ensure_ascii=False)


def hostile_claim_file(path, *, single: bool = False):
    """A claim file whose every text field holds a payload.  Unless ``single``: two
    claims share a date (labelled by claimant) and two share a date and a claimant."""
    p = PAYLOADS
    claims = [
        ("2024-08-12", p[0], 8, 20),
        ("2024-08-12", p[1], 10, 24),
        ("2024-08-14", "Same claimant", 6, 16),
        ("2024-08-14", "Same claimant", 12, 30),
    ][: 1 if single else 4]
    text = f'[operation]\nname = {_toml(p[2])}\nregion = {_toml(p[3])}\nanchor = "Sudzha"\n'
    for i, (date, claimant, depth, width) in enumerate(claims):
        text += (
            f"\n[[claim]]\ndate = {date}\nclaimant = {_toml(claimant)}\nrole = {_toml(p[(i + 4) % 8])}\n"
            f"depth_km = {depth}\nwidth_km = {width}\nnote = {_toml(p[(i + 5) % 8])}\n"
            f"quote = {_toml(p[(i + 6) % 8])}\nsource = {_toml(p[(i + 7) % 8])}\n"
        )
    path.write_text(text, encoding="utf-8")
    return path


def hostile_zone_file(path):
    """A plain polygon near Sudzha whose properties (keys and values) hold payloads."""
    # Nested values are shown as JSON (quotes and backslashes escaped), so they hold
    # payloads without either.
    props = {
        "name": PAYLOADS[0],
        "description": PAYLOADS[2],
        "source": PAYLOADS[4],
        PAYLOADS[1]: PAYLOADS[3],
        "note": PAYLOADS[6],
        "comment": PAYLOADS[7],
        "nested": {"list": [PAYLOADS[5][3:], PAYLOADS[1]], "k": 1},
    }
    ring = [[35.15, 51.2], [35.4, 51.2], [35.4, 51.35], [35.15, 51.35], [35.15, 51.2]]
    doc = {"type": "Feature", "properties": props, "geometry": {"type": "Polygon", "coordinates": [ring]}}
    path.write_text(json.dumps(doc), encoding="utf-8")
    return path


def assert_inert(page: RecordedPage) -> None:
    """No payload ran, nothing was refused by the CSP, nothing was fetched, no error."""
    p = page.page
    assert page.dialogs == []
    assert p.evaluate("() => [window.__pwned, window.__violations]") == [None, []]
    assert p.locator("img[src=x], svg[onload], iframe, .leaflet-container a[href^=javascript]").count() == 0
    assert page.errors == [] and page.foreign_requests() == []


@pytest.fixture(scope="module")
def browser():
    with browser_or_skip() as b:
        yield b


@pytest.mark.browser
def test_timeline_labels_popups_and_tooltips_stay_text_at_every_step(browser, tmp_path):
    src = hostile_claim_file(tmp_path / "hostile.toml")
    out = tmp_path / "hostile.html"
    result = invoke(["timeline", str(src), "-o", str(out)])
    assert result.exit_code == 0, result.output
    doc = json.loads(invoke(["timeline", str(src), "--format", "geojson"]).stdout)
    starts = [f["properties"]["start"] for f in doc["features"]]
    page = RecordedPage(browser, out, init_script=WATCH)
    try:
        shown, labels = [], []
        for i, start in enumerate(starts):
            t = int(__import__("datetime").datetime.fromisoformat(start).timestamp() * 1000) + 60_000
            drawn, label = page.page.evaluate(SLIDE, t)
            # One zone at each step, and the step's own (two steps share a date and a claimant).
            assert drawn == [i], (i, drawn)
            labels.append(label)
            shown.append(exercise(page))
        # The slider's label (innerHTML in leaflet.timeline) shows the claimants as text.
        assert labels[0] == f"2024-08-12 · {PAYLOADS[0]}" and labels[1] == f"2024-08-12 · {PAYLOADS[1]}"
        text = "\n".join(shown)
        for payload in PAYLOADS[:3] + PAYLOADS[4:]:  # the region (PAYLOADS[3]) is not drawn
            assert payload in text, payload
        assert_inert(page)
    finally:
        page.close()


@pytest.mark.browser
@pytest.mark.parametrize("source", ["zone file", "claim file"])
def test_map_of_a_hostile_zone_or_claim_stays_text_everywhere(browser, tmp_path, source):
    out = tmp_path / "hostile.html"
    if source == "zone file":
        args = ["--zone", str(hostile_zone_file(tmp_path / "zone.geojson"))]
        expected = (*PAYLOADS[:5], PAYLOADS[5][3:], *PAYLOADS[6:])
    else:
        args = ["--from-claims", str(hostile_claim_file(tmp_path / "claim.toml", single=True))]
        expected = (PAYLOADS[0], *PAYLOADS[4:8])  # claimant, role, note, quote, source
    result = invoke(["map", *args, "--title", PAYLOADS[3], "-o", str(out)])
    assert result.exit_code == 0, result.output
    page = RecordedPage(browser, out, init_script=WATCH)
    try:
        text = exercise(page)
        for payload in (*expected, PAYLOADS[3]):
            assert payload in text, payload
        # The search list is built with innerHTML too: type into it.
        page.page.fill(".leaflet-control-search input", PAYLOADS[0][:6])
        page.page.wait_for_timeout(300)
        assert_inert(page)
    finally:
        page.close()


@pytest.mark.browser
def test_the_csp_stops_markup_that_an_escape_missed(browser, tmp_path):
    """Defence in depth: raw markup pasted into a page runs nothing, and the map still works."""
    out = tmp_path / "default.html"
    assert invoke(["map", "-o", str(out)]).exit_code == 0
    page_text = out.read_text(encoding="utf-8")
    injected = (
        '<img src=x onerror="window.__pwned=1;alert(1)"><script>window.__pwned=2;alert(2)</script>'
        '<div onmouseover="window.__pwned=3" id=trap style="position:fixed;inset:0;z-index:9999">x</div>'
    )
    out.write_text(page_text.replace("<body>", "<body>" + injected, 1), encoding="utf-8")
    page = RecordedPage(browser, out, init_script=WATCH)
    try:
        page.page.mouse.move(300, 300)
        page.page.wait_for_timeout(200)
        assert page.dialogs == []
        pwned, violations = page.page.evaluate("() => [window.__pwned, window.__violations]")
        assert pwned is None
        assert any(v.startswith("script-src") for v in violations), violations
        assert page.page.evaluate(f"() => (({FIND_MAP.replace('()', '')}).length)") == 1
    finally:
        page.close()


def _render_in_fresh_process(args, out):
    """Run ``frontmap ARGS -o OUT`` in a new interpreter (its own hash seed and random ids)."""
    code = "import sys; from frontmap.cli.main import cli; cli(sys.argv[1:])"
    proc = subprocess.run(
        [sys.executable, "-c", code, *args, "-o", str(out)], capture_output=True, text=True, timeout=300
    )
    assert proc.returncode == 0, proc.stderr
    return out.read_bytes()


@pytest.mark.parametrize(
    "args",
    [
        ["map", "--width-km", "12", "--depth-km", "4"],
        ["map", "--ensemble", "50", "--seed", "3", "--width-km", "12", "--depth-km", "4"],
    ],
    ids=["map", "ensemble-map"],
)
def test_the_same_map_gives_the_same_bytes(tmp_path, args):
    a = _render_in_fresh_process(args, tmp_path / "a.html")
    b = _render_in_fresh_process(args, tmp_path / "b.html")
    assert a == b
    # The ids are numbered, not drawn at random.
    assert not re.search(rb"_(?!0{16})[0-9a-f]{32}\b", a)


_ROOT = Path(__file__).resolve().parent.parent
_DIGEST = str(_ROOT / "seeds" / "kursk-2024-08-12-digest.txt")
_ZONE_FILE = str(_ROOT / "tests" / "data" / "hostile" / "zones" / "escape-name.geojson")


@pytest.mark.parametrize(
    "args",
    [
        ["map", "--zone", _ZONE_FILE],
        ["map", "--from-claims", _DIGEST],
        ["map", "--ensemble", "30", "--seed", "5", "--from-claims", _DIGEST],
    ],
    ids=["zone-file", "from-claims-text", "ensemble-from-claims"],
)
def test_the_same_input_gives_the_same_page_from_files_and_texts(tmp_path, args):
    """A zone file (with its own name and properties), a text's claims (with quotes and spans in
    the popup) and an ensemble around them: byte-identical pages from two fresh processes."""
    assert _render_in_fresh_process(args, tmp_path / "a.html") == _render_in_fresh_process(args, tmp_path / "b.html")


def test_a_timeline_with_fitted_steps_and_a_shared_date_gives_the_same_bytes(tmp_path):
    src = tmp_path / "claims.toml"
    src.write_text(
        '[[claim]]\ndate = 2024-08-12\nclaimant = "A"\ndepth_km = 12\nwidth_km = 40\n'
        '[[claim]]\ndate = 2024-08-12\nclaimant = "B"\nsettlements = 28\n'
        '[[claim]]\ndate = 2024-08-13\nclaimant = "A"\narea_km2 = [800, 1000]\n',
        encoding="utf-8",
    )
    a = _render_in_fresh_process(["timeline", str(src)], tmp_path / "a.html")
    assert a == _render_in_fresh_process(["timeline", str(src)], tmp_path / "b.html")


def test_the_same_timeline_gives_the_same_bytes(tmp_path):
    src = hostile_claim_file(tmp_path / "claims.toml", single=True)
    a = _render_in_fresh_process(["timeline", str(src)], tmp_path / "a.html")
    b = _render_in_fresh_process(["timeline", str(src)], tmp_path / "b.html")
    assert a == b


def test_no_depth_guides_where_no_border_is_near():
    from frontmap.render import depth_guides
    from frontmap.zone import zone_from_geojson

    # East of Voronezh: inside the data's region, ~250 km from the border.
    ring = [[41.5, 52.5], [41.7, 52.5], [41.7, 52.6], [41.5, 52.6], [41.5, 52.5]]
    assert depth_guides(zone_from_geojson({"type": "Polygon", "coordinates": [ring]})) == []


def test_a_whole_world_zone_is_drawn_clipped_and_without_depth_guides(tmp_path):
    from maptools import page_features

    world = tmp_path / "world.geojson"
    world.write_text(
        json.dumps({"type": "Polygon", "coordinates": [[[-179, -89], [179, -89], [179, 89], [-179, 89], [-179, -89]]]})
    )
    out = tmp_path / "world.html"
    result = invoke(["map", "--zone", str(world), "-o", str(out)])
    assert result.exit_code == 0, result.output
    # Said on stderr as affected says it, and in the zone's popup.
    notes = [line for line in result.stderr.splitlines() if line.startswith("note: ")]
    assert any("was clipped to it" in n for n in notes) and any("settlement data for" in n for n in notes)
    features = page_features(out.read_text(encoding="utf-8"))
    assert [f for f in features if "depth_km" in f["properties"]] == []
    (zone,) = [f for f in features if f["properties"].get("fm_kind") == "zone"]
    assert "was clipped to it" in zone["properties"]["fm_popup"]
    import shapely.geometry

    minx, miny, maxx, maxy = shapely.geometry.shape(zone["geometry"]).bounds
    assert (
        25 < minx and maxx < 46 and 40 < miny and maxy < 60
    )  # the data region (to 45.87 E with Rostov oblast), not the world


def test_an_ensemble_wider_than_its_central_zone_draws_every_probable_settlement(tmp_path):
    from maptools import features_of_kind

    spread = [
        "--ensemble",
        "100",
        "--seed",
        "1",
        "--width-spread-km",
        "100",
        "--shift-km",
        "100",
        "--depth-spread-km",
        "50",
    ]
    out = tmp_path / "wide.html"
    result = invoke(["map", *spread, "-o", str(out)])
    assert result.exit_code == 0, result.output
    probable = json.loads(invoke(["affected", *spread, "--format", "json"]).stdout)["settlements"]
    drawn = features_of_kind(out.read_text(encoding="utf-8"), "probable")
    assert len(probable) > 100 and sorted(f["properties"]["id"] for f in drawn) == sorted(s["id"] for s in probable)


def test_notes_and_errors_show_control_characters_as_escapes(tmp_path):
    """Claimants reach stderr in notes and errors: an escape sequence must not reach the terminal."""
    claimant = "A\x1b[2J\x1b]0;pwn\x07 \u202egnp.exe"
    src = tmp_path / "esc.toml"
    src.write_text(
        f"[[claim]]\ndate = 2024-08-12\nclaimant = {_toml(claimant)}\ndepth_km = 5\nwidth_km = 10\n", encoding="utf-8"
    )
    ok = invoke(["zone", "--from-claims", str(src), "-o", str(tmp_path / "z.geojson")])
    assert ok.exit_code == 0, ok.output
    assert "A\\x1b[2J\\x1b]0;pwn\\x07 \\u202egnp.exe" in ok.stderr
    src.write_text(
        src.read_text(encoding="utf-8") * 2, encoding="utf-8"
    )  # two claims on one date: an error naming them
    bad = invoke(["zone", "--from-claims", str(src)])
    assert bad.exit_code == 2 and "A\\x1b[2J" in bad.stderr
    for result in (ok, bad):
        assert not any(ch in result.stderr for ch in "\x1b\x07\u202e"), result.stderr
