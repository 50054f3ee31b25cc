"""frontmap.render's building blocks: templates, escaping, script JSON, the legend, and the house rules.

What the pages show is checked in test_cli_map.py (no browser) and
test_map_browser.py / test_hostile_pages.py (Chromium).
"""

from __future__ import annotations

import html.parser
import json
import re
from pathlib import Path

import pytest
from clitools import invoke
from hypothesis import given, settings
from hypothesis import strategies as st
from maptools import features_of_kind
from markupsafe import Markup

import frontmap
from frontmap.render import escape_text, legend_html, map_html, render_macro, script_json
from frontmap.render.legend import LEGEND_ORDER
from frontmap.render.markup import environment, html_lines, to_html

RENDER = Path(frontmap.__file__).parent / "render"

#: Texts that would run as script or break out of a string if they reached a page unescaped.
HOSTILE = (
    "<img src=x onerror=alert(1)>",
    "${alert(2)}",
    "`+alert(3)+`",
    "</script><script>alert(4)</script>",
    "\"'><b>",
    "\\u003c\u2028\u2029",
    "a & b",
)


class _Text(html.parser.HTMLParser):
    """The text and the tags of an HTML fragment."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.text, self.tags = [], []

    def handle_data(self, data):
        self.text.append(data)

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)


def parsed(fragment: str) -> _Text:
    parser = _Text()
    parser.feed(fragment)
    parser.close()
    return parser


def test_every_template_compiles():
    env = environment()
    names = env.list_templates()
    assert "popups.html" in names and "js/search.js" in names and "legend/zone.html" in names
    for name in names:
        env.get_template(name)


def test_the_templates_are_package_files_next_to_the_code():
    # hatch ships every file under frontmap/ in the wheel: the templates are found through the package.
    templates = RENDER / "templates"
    assert (templates / "popups.html").is_file()
    assert sorted(p.stem for p in (templates / "legend").glob("*.html")) == sorted(LEGEND_ORDER)


@pytest.mark.parametrize("text", HOSTILE)
def test_escape_text_leaves_no_markup_and_no_template_literal_syntax(text):
    out = escape_text(text)
    assert not set("<>\"'`$\\") & set(out)
    assert "".join(parsed(out).text) == text


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_a_text_in_a_popup_comes_back_as_the_same_text(text):
    out = render_macro("popups.html", "note", text)
    page = parsed(out)
    assert page.tags == ["span"]
    assert "".join(page.text) == text
    assert "`" not in out and "${" not in out


@settings(max_examples=200, deadline=None)
@given(
    st.recursive(
        st.none() | st.booleans() | st.integers() | st.text(),
        lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
        max_leaves=10,
    )
)
def test_script_json_is_the_same_value_and_cannot_close_a_script(value):
    out = script_json(value)
    assert json.loads(out) == value
    assert not set("<>&'\u2028\u2029") & set(out)
    assert all(ord(ch) < 128 for ch in out)


def test_script_json_refuses_nan():
    with pytest.raises(ValueError):
        script_json(float("nan"))


def test_markup_is_kept_and_text_is_escaped():
    assert to_html(Markup("<br>")) == "<br>"
    assert to_html("<br>") == "&lt;br&gt;"
    assert html_lines(["<i>", Markup("<b>x</b>")]) == "&lt;i&gt;<br><b>x</b>"


def test_the_legend_lists_entries_in_its_order_and_refuses_unknown_keys():
    out = legend_html(["countries", "zone", "border", "zone"])
    text = "".join(parsed(out).text)
    assert text.startswith("LegendZone") and text.endswith("Russia–Ukraine borderRussia Ukraine")
    assert text.count("Zone") == 1
    with pytest.raises(ValueError, match="no legend entry for nowhere"):
        legend_html(["nowhere"])


def test_every_legend_entry_renders():
    text = "".join(parsed(legend_html(LEGEND_ORDER)).text)
    for needle in (
        "Zone",
        "Named place: contested",
        "Probability inside: >0",
        "100%",
        "Settlement inside",
        "In no sampled zone (within 10 km)",
        "Front (stated width)",
        "every 5 km",
        "Ukraine",
    ):
        assert needle in text, needle


def _title_box(page: str) -> str:
    title_js = re.findall(r'div\.innerHTML = (".*?");\n', page)[0]
    return "".join(parsed(json.loads(title_js)).text)


def test_a_title_naming_the_map_or_a_template_tag_is_shown_as_given():
    # Scripts name the map when the page renders; a title is data and is neither rewritten nor run.
    zone = frontmap.build_zone(frontmap.ZoneSpec("Sudzha", width_km=10, depth_km=4))
    title = "__MAP__ {{ map }} {{ 7*7 }} {% if true %}X{% endif %} {# c #} __LAYERS__"
    page = map_html(zone, title=title)
    assert _title_box(page).startswith(title)
    assert "".join(parsed(re.search(r"<title>(.*?)</title>", page).group(1)).text) == title


TEMPLATE_TAGS = "{{ 7*7 }} {% if true %}X{% endif %} {{ lipsum.__globals__ }}"


def test_template_tags_in_a_zone_file_are_text_not_code(tmp_path):
    """branca renders Folium's scripts once more as Jinja templates: a zone file's text must not run there."""
    path = tmp_path / "zone.geojson"
    ring = [[35.1, 51.2], [35.3, 51.2], [35.3, 51.3], [35.1, 51.3], [35.1, 51.2]]
    path.write_text(
        json.dumps(
            {
                "type": "Feature",
                "properties": {"name": TEMPLATE_TAGS, "note": TEMPLATE_TAGS},
                "geometry": {"type": "Polygon", "coordinates": [ring]},
            }
        ),
        encoding="utf-8",
    )
    out = tmp_path / "m.html"
    result = invoke(["map", "--zone", str(path), "-o", str(out)])
    assert result.exit_code == 0, result.output
    page = out.read_text(encoding="utf-8")
    (zone,) = features_of_kind(page, "zone")
    popup = "".join(parsed(zone["properties"]["fm_popup"]).text)
    assert popup.startswith(TEMPLATE_TAGS) and f"note{TEMPLATE_TAGS}" in popup
    assert _title_box(page).startswith(TEMPLATE_TAGS)
    assert "49" not in popup and "function" not in popup


def _sources():
    return [p for p in (Path(frontmap.__file__).parent).rglob("*.py")]


def test_only_render_internals_reads_branca_and_folium_offline_privates():
    private = re.compile(r"\._children\b|\._id\b|\b_res\b|\._parent\b")
    readers = sorted(
        p.relative_to(RENDER.parent).as_posix() for p in _sources() if private.search(p.read_text("utf-8"))
    )
    assert readers == ["render/internals.py"]


def test_no_private_name_is_imported_from_render():
    pattern = re.compile(r"from (?:frontmap)?\.+render(?:\.\w+)? import [^\n]*\b_[a-z]")
    offenders = [p.name for p in _sources() if pattern.search(p.read_text("utf-8"))]
    offenders += [p.name for p in Path(__file__).parent.glob("*.py") if pattern.search(p.read_text("utf-8"))]
    assert offenders == []
