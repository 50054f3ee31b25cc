"""The timeline page: every step's zone on a time slider, one at a time.

Each step is drawn from its start up to (not including) the next step's
start, and the slider runs from the first step's start to the last's, so at
every moment exactly one zone is drawn.  The slider's stops are the steps;
the arrow keys move one step, and each stop carries its date under the
slider.  A second layer on the same slider marks the settlements inside the
step's zone and those gained and lost since the previous step.  Each step's
popup compares the claimed and modelled numbers, rounded for reading (the
GeoJSON export keeps every decimal), and lists the settlements.

Every text from a claim file is escaped (:func:`~frontmap.render.markup.escape_text`),
including the slider's label, which leaflet.timeline writes with ``innerHTML``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from .layers import basemap_legend
from .legend import legend_html
from .markup import escape_text, render_template, script_json
from .style import TIMELINE_STYLE

if TYPE_CHECKING:
    from ..claims import ClaimFile
    from ..timeline import Step

__all__ = ["MONTHS", "step_popup", "tick_label", "timeline_page"]

#: Month abbreviations of the tick labels (not the locale's).
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
#: What a step whose zone misses its claim's numbers says after its label.
FAILS_SUFFIX = " · misses the claimed numbers"
#: Simplification (degrees, about half a metre) of the drawn zones; the GeoJSON keeps every vertex.
_SIMPLIFY_DEG = 5e-6
#: Distances from this many km on are shown in whole km, shorter ones with one decimal.
_WHOLE_KM_FROM = 10.0
#: The rows of a step's table: key, label, unit.
_ROWS = (
    ("settlements", "Settlements", ""),
    ("area_km2", "Area", " km²"),
    ("depth_km", "Depth", " km"),
    ("width_km", "Front width", " km"),
)
#: The step's zone and every claim's outline (their settlements' markers are TIMELINE_STYLE's too).
ZONE_STYLE = TIMELINE_STYLE["zone"]
OUTLINE_STYLE = TIMELINE_STYLE["outline"]


def tick_label(date: str) -> str:
    """A step's date as its tick shows it.

    Parameters
    ----------
    date : str
        An ISO date, ``YYYY-MM-DD``.

    Returns
    -------
    str
        The day without a leading zero and the month's English abbreviation.

    Examples
    --------
    >>> tick_label("2024-08-05")
    '5 Aug'
    """
    day = dt.date.fromisoformat(date)
    return f"{day.day} {MONTHS[day.month - 1]}"


def _number(value: float, unit: str) -> str:
    """A modelled or claimed number rounded for reading: counts and areas whole, km whole from 10 km."""
    if unit == " km" and abs(value) < _WHOLE_KM_FROM:
        return f"{value:,.1f}{unit}"
    return f"{value:,.0f}{unit}"


def _claimed(value: Any, unit: str) -> str:
    if value is None:
        return "–"
    if isinstance(value, tuple):
        return f"{value[0]:,g}–{value[1]:,g}{unit}"
    return f"{value:,g}{unit}"


def _modelled(step: Step, key: str, unit: str) -> str:
    spec_value = step.spec.to_properties().get(key) if step.spec is not None else None
    if isinstance(spec_value, list):  # several axes: each axis's value
        return ", ".join(_number(v, "") for v in spec_value) + unit
    value = step.modelled.get(key)
    return "–" if value is None else _number(value, unit)


def _table(step: Step) -> str:
    claimed, checks = step.claim.numbers(), step.checks()
    rows = []
    for key, label, unit in _ROWS:
        mark = "" if key not in checks else ("<td>✓</td>" if checks[key] else "<td class='fm-fail'>✗</td>")
        rows.append(
            f"<tr><th>{label}</th><td>{_claimed(claimed.get(key), unit)}</td>"
            f"<td>{_modelled(step, key, unit)}</td>{mark or '<td></td>'}</tr>"
        )
    head = "<thead><tr><th></th><th>claimed</th><th>modelled</th><th></th></tr></thead>"
    return f"<table class='fm-compare'>{head}<tbody>{''.join(rows)}</tbody></table>"


def _misses(step: Step) -> str:
    """What a step that misses its claim's numbers says, or ''."""
    if not step.fails:
        return ""
    claimed = step.claim.numbers()
    missed = [
        f"{label.lower()} {_modelled(step, key, unit)} against {_claimed(claimed[key], unit)}"
        for key, label, unit in _ROWS
        if step.checks().get(key) is False
    ]
    detail = ": " + "; ".join(missed) if missed else ""
    return f"<p class='fm-fail'>This zone misses the claimed numbers{detail}.</p>"


def _how(step: Step) -> str:
    if step.spec is None:
        return f"<p>Front fitted through {len(step.zone.properties.get('places', []))} named places.</p>"
    how = "fitted to the claimed numbers" if step.fitted else "built from the claimed depth and width"
    anchor = step.spec.anchor if isinstance(step.spec.anchor, str) else " and ".join(step.spec.anchor)
    text = f"<p>Zone {how}: {escape_text(step.spec.profile)}, centre at {escape_text(anchor)}.</p>"
    if step.continuity is not None:
        moved, own = step.continuity["moved"], step.continuity["own_fit"]
        text += (
            "<p>Fitted together with the steps beside it: from the claim's own best fit "
            f"(width {_number(own['width_km'], ' km')}, depth {_number(own['depth_km'], ' km')}) the centre moved "
            f"{moved['centre_km']:+.1f} km along the border, the width {moved['width_km']:+.1f} km, "
            f"the depth {moved['depth_km']:+.1f} km.</p>"
        )
    return text


def _names(settlements: Sequence[dict]) -> str:
    return ", ".join(
        escape_text(s["name_latin"] or s["name"]) + (f" ({escape_text(s['name'])})" if s["name_latin"] else "")
        for s in settlements
    )


def _settlement_lists(step: Step, previous: str | None) -> str:
    if step.inside is None:
        return "<p>The settlements inside cannot be listed here (outside the register's coverage).</p>"
    parts = []
    if step.gained is not None and step.lost is not None:
        since = escape_text(previous or "the previous step")
        for what, rows, css in (("Gained", step.gained, "fm-gained"), ("Lost", step.lost, "fm-lost")):
            sign = "+" if what == "Gained" else "−"
            names = _names(rows) if rows else "none"
            parts.append(f"<p class='{css}'><b>{what} since {since}: {sign}{len(rows)}</b> <span>{names}</span></p>")
    parts.append(
        f"<details><summary>Inside: {len(step.inside)} settlements</summary>"
        f"<div class='fm-names'>{_names(step.inside) or 'none'}</div></details>"
    )
    return "".join(parts)


def step_popup(step: Step, previous: str | None = None) -> str:
    """A step's popup: the claim, its numbers against the model's (rounded), and its settlements.

    Parameters
    ----------
    step : frontmap.timeline.Step
        The step.
    previous : str, optional
        The previous step's label (for "gained since ...").

    Returns
    -------
    str
        HTML, every text from the claim escaped.

    Examples
    --------
    >>> from frontmap.claims import load_claim_file
    >>> from frontmap.timeline import build_steps
    >>> claim_file = load_claim_file(
    ...     "op.toml", text="[[claim]]\\ndate = 2024-08-12\\nclaimant = 'A & B'\\ndepth_km = 12\\nwidth_km = 40\\n"
    ... )
    >>> steps = build_steps(claim_file)
    >>> popup = step_popup(steps[0])
    >>> popup.startswith("<div class='fm-popup fm-step'><h2>2024-08-12</h2><p>A &amp; B</p>")
    True
    """
    c = step.claim
    parts = [
        f"<div class='fm-popup fm-step'><h2>{escape_text(c.label or c.date)}</h2>",
        f"<p>{escape_text(c.claimant)}" + (f", {escape_text(c.role)}" if c.role else "") + "</p>",
        _table(step),
        _misses(step),
        _how(step),
        _settlement_lists(step, previous),
    ]
    if c.quote:
        parts.append(f"<p>“{escape_text(c.quote)}”</p>")
    if c.note:
        parts.append(f"<p>{escape_text(c.note)}</p>")
    parts.append(f"<p class='fm-source'>Source: {escape_text(c.source or 'not given')}</p></div>")
    return "".join(parts)


def _label(step: Step) -> str:
    return (step.claim.label or step.claim.date) + (FAILS_SUFFIX if step.fails else "")


def _ms(iso: str) -> int:
    return int(dt.datetime.fromisoformat(iso).timestamp() * 1000)


def _settlement_features(steps: Sequence[Step]) -> list[dict]:
    """Points for each step's settlements inside (gained ones told apart) and lost, on the step's interval."""
    import shapely

    from .features import geojson_feature

    features = []
    for step in steps:
        gained = {(s["id"], s["lon"], s["lat"]) for s in step.gained or ()}
        marked = [(s, "gained" if (s["id"], s["lon"], s["lat"]) in gained else "inside") for s in step.inside or ()]
        marked += [(s, "lost") for s in step.lost or ()]
        for s, change in marked:
            name = escape_text(s["name_latin"] or s["name"])
            features.append(
                geojson_feature(
                    shapely.Point(s["lon"], s["lat"]),
                    start=step.start,
                    end=step.end,
                    endExclusive=True,
                    fm_kind="step_settlement",
                    fm_change=change,
                    fm_tip=f"{name}: {change}",
                )
            )
    return features


def _legend(tiles: str) -> str:
    """The timeline's legend: the step's zone, every claim's outline, the settlements' changes, and the basemap."""
    return str(legend_html(("timeline", *basemap_legend(tiles))))


def timeline_page(steps: list[Step], claim_file: ClaimFile, tiles: str = "none", title: str | None = None) -> str:
    """One self-contained page: every step's zone on a time slider.

    Parameters
    ----------
    steps : list of frontmap.timeline.Step
        The steps (:func:`frontmap.timeline.build_steps`), in slider order.
    claim_file : frontmap.claims.ClaimFile
        Their claim file (the operation's name).
    tiles : {"none", "osm"}
        The basemap.
    title : str, optional
        The title; the operation's name and the number of claims by default.

    Returns
    -------
    str
        The page (no request leaves it with ``tiles="none"``).

    Raises
    ------
    frontmap.errors.InvalidSpecError
        For a ``tiles`` value other than ``"none"`` or ``"osm"``.

    Examples
    --------
    >>> from frontmap.claims import load_claim_file
    >>> from frontmap.timeline import build_steps
    >>> claim_file = load_claim_file(
    ...     "op.toml", text="[[claim]]\\ndate = 2024-08-12\\nclaimant = 'A & B'\\ndepth_km = 12\\nwidth_km = 40\\n"
    ... )
    >>> steps = build_steps(claim_file)
    >>> page = timeline_page(steps, claim_file, title="Kursk <2024>")
    >>> page.startswith("<!DOCTYPE html>"), "<title>Kursk &lt;2024&gt;</title>" in page
    (True, True)
    """
    import shapely
    from branca.element import Figure
    from folium.plugins import Timeline, TimelineSlider

    from .controls import add_controls, folium_parts, verbatim
    from .features import geojson_feature
    from .layers import BIND_JS, base_map
    from .page import page_html

    folium, Script, _ = folium_parts()
    title = title if title is not None else f"{claim_file.name}: {len(steps)} dated claims"
    m = base_map(shapely.union_all([s.zone.geometry for s in steps]), title, tiles)

    # Steps are told apart by position: two claims may share a date, a claimant and so a label.
    shown = [shapely.simplify(s.zone.geometry, _SIMPLIFY_DEG) for s in steps]
    labels = [escape_text(_label(s)) for s in steps]
    outlines = [geojson_feature(g, fm_tip=label, fm_kind="outline") for g, label in zip(shown, labels, strict=True)]
    folium.GeoJson(
        {"type": "FeatureCollection", "features": outlines},
        name="Every claim's zone (outlines)",
        style_function=lambda f: OUTLINE_STYLE,
        on_each_feature=folium.JsCode(BIND_JS),
    ).add_to(m)

    previous = [None] + [s.claim.label or s.claim.date for s in steps[:-1]]
    features = [
        geojson_feature(
            g,
            start=s.start,
            end=s.end,
            endExclusive=True,
            fm_kind="step",
            fm_step=i,
            fm_popup=step_popup(s, prev),
            fm_tip=label,
            fm_fails=s.fails,
        )
        for i, (s, g, label, prev) in enumerate(zip(steps, shown, labels, previous, strict=True))
    ]
    zones = Timeline(
        {"type": "FeatureCollection", "features": features},
        style=folium.JsCode(f"function (f) {{ return {script_json(ZONE_STYLE)}; }}"),
        on_each_feature=folium.JsCode(BIND_JS),
    )
    zones.add_to(m)
    zones.layer_name = "The claim at the slider's date"
    places = Timeline(
        {"type": "FeatureCollection", "features": _settlement_features(steps)},
        point_to_layer=folium.JsCode(str(render_template("timeline/settlement_marker.js", styles=TIMELINE_STYLE))),
        on_each_feature=folium.JsCode(BIND_JS),
    )
    places.add_to(m)
    places.layer_name = "Its settlements: inside, gained, lost"

    # The slider ends at the last step's start: its stops are the steps' starts, one zone each.
    # leaflet.timeline writes the label with innerHTML: it goes in escaped, like every text.
    starts = [_ms(s.start) for s in steps]
    stops = [[start, label] for start, label in zip(starts, labels, strict=True)]
    slider = TimelineSlider(
        auto_play=False,
        show_ticks=True,
        enable_keyboard_controls=True,
        steps=len(steps) * 24,
        end=starts[-1] if len(steps) > 1 else _ms(steps[-1].end),
    )
    slider.options["format_output"] = folium.JsCode(str(render_template("timeline/format_output.js", stops=stops)))
    slider.add_timelines(zones, places).add_to(m)
    figure = m.get_root()
    if not isinstance(figure, Figure):  # base_map's maps are on one
        raise TypeError(f"the map must belong to a branca Figure, not {type(figure).__name__}")
    figure.header.add_child(verbatim(str(render_template("timeline/timeline_css.html"))), name="frontmap_timeline_css")

    summary = "<br>".join(f"{label}: {escape_text(s.claim.summary())}" for s, label in zip(steps, labels, strict=True))
    add_controls(m, f"<h1>{escape_text(title)}</h1>{summary}", _legend(tiles), claim_file.name)
    ticks = [[_ms(s.start), tick_label(s.claim.date), s.claim.date, bool(s.fails)] for s in steps]
    m.add_child(Script("timeline/slider.js", map=m, slider=slider, ticks=ticks))
    return page_html(m, tiles)
