"""Zones over time: one modelled zone per dated claim, on a map with a time slider.

Each claim of a claim file becomes a step: built directly from its depth and
width when it gives both (salient profile, like the default claim), or
fitted (:func:`frontmap.fit.fit`) to every number it gives — a range such as
28–35 km counts as an interval: its middle, within half its width.  Steps
sharing a date are told apart by claimant and placed in file order within
that day on the slider.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from .claims import Claim, ClaimFile
from .defaults import EVIDENCE_WINDOW_KM
from .errors import ClaimFileError, InvalidSpecError
from .fit import Claims, fit
from .zone import Zone, ZoneSpec, build_zone

__all__ = ["Step", "build_steps", "timeline_geojson", "timeline_html"]


@dataclass
class Step:
    """One dated claim and the zone that models it."""

    claim: Claim
    zone: Zone
    spec: ZoneSpec | None  # None for a front fitted through named places
    fitted: bool
    modelled: dict
    start: str
    end: str
    consistent: bool | None = None
    notes: list[str] = field(default_factory=list)

    def to_properties(self) -> dict:
        c = self.claim
        props = {
            "date": c.date,
            "label": c.label or c.date,
            "start": self.start,
            "end": self.end,
            "claim": c.to_properties(),
            "claimed": {k: (list(v) if isinstance(v, tuple) else v) for k, v in c.numbers().items()},
            "modelled": dict(self.modelled),
            "fitted": self.fitted,
            "spec": self.spec.to_properties() if self.spec is not None else {"profile": "fitted front"},
        }
        if self.spec is None:
            for key in ("evidence", "places"):
                if key in self.zone.properties:
                    props[key] = self.zone.properties[key]
        if self.consistent is not None:
            props["consistent"] = self.consistent
        if self.notes:
            props["notes"] = list(self.notes)
        return props


def _slots(claims) -> list[tuple[str, str]]:
    """Start and end (ISO timestamps) of each claim's step on the slider."""
    from collections import Counter

    days = [dt.date.fromisoformat(c.date) for c in claims]
    per_day, seen = Counter(days), Counter()
    starts = []
    for day in days:  # the k-th of n claims of a day starts k/n of the way through it
        k, seen[day] = seen[day], seen[day] + 1
        starts.append(dt.datetime.combine(day, dt.time(), dt.timezone.utc) + dt.timedelta(hours=24 * k / per_day[day]))
    ends = starts[1:] + [dt.datetime.combine(days[-1], dt.time(), dt.timezone.utc) + dt.timedelta(days=1)]
    return [(s.isoformat(), e.isoformat()) for s, e in zip(starts, ends)]


def build_steps(claim_file: ClaimFile, cumulative: bool = False) -> list[Step]:
    """One modelled zone per claim of ``claim_file``, in date order.

    A claim that names places gets a front fitted through them (and its
    numbers).  With ``cumulative`` every step is fitted to the evidence of
    every claim up to its date (:func:`frontmap.evidence.gather`): numbers
    and places from every claimant, a later word on a place superseding an
    earlier one.

    A value out of range that a claim gave (a spec error) is a :class:`ClaimFileError`
    naming the claim, not a spec error that a command line would pin on a flag."""
    steps = []
    for claim, (start, end) in zip(claim_file.claims, _slots(claim_file.claims)):
        try:
            if cumulative or claim.places:
                evidence = (claim_file.claims, claim.date) if cumulative else ([claim], None)
                steps.append(_evidence_step(claim_file, claim, *evidence, start, end))
            else:
                steps.append(_step(claim_file, claim, start, end))
        except InvalidSpecError as exc:  # a value the claim gave, not a flag: name the claim
            where = f"claim file {claim_file.path!r}" if claim_file.path else "the claim file"
            raise ClaimFileError(f"{where}, the claim of {claim.date} by {claim.claimant}: {exc}") from None
    return steps


def _evidence_step(claim_file: ClaimFile, claim: Claim, claims, as_of, start: str, end: str) -> Step:
    """A step whose zone is a front fitted through the places and numbers of ``claims`` up to ``as_of``."""
    from .evidence import gather, zone_from_evidence

    window = claim.window_km if claim.window_km is not None else claim_file.window_km
    result = zone_from_evidence(gather(claims, as_of), side=claim.side, anchor=claim.anchor or claim_file.anchor,
                                window_km=max(window, EVIDENCE_WINDOW_KM))
    modelled = {k: (round(v, 3) if isinstance(v, float) else v) for k, v in result.fit.modelled.items()}
    return Step(claim, result.zone, None, True, modelled, start, end, result.fit.consistent, list(result.notes))


def _step(claim_file: ClaimFile, claim: Claim, start: str, end: str) -> Step:
    """The modelled zone of one claim."""
    from .estimate import affected

    anchor = claim.anchor or claim_file.anchor
    window = claim.window_km if claim.window_km is not None else claim_file.window_km
    depth, width = claim.depth_km, claim.width_km
    if isinstance(depth, (int, float)) and isinstance(width, (int, float)):
        spec = ZoneSpec(anchor, float(width), float(depth), "salient", claim.side)
        zone = build_zone(spec)
        reached = round(min(zone.depth_reached_km, spec.depth_km), 3)
        modelled = {"settlements": None, "area_km2": round(zone.area_km2, 3), "depth_km": reached, "width_km": spec.width_km}
        if claim.side == "RUS":
            modelled["settlements"] = affected(zone).count
        return Step(claim, zone, spec, False, modelled, start, end, notes=list(zone.warnings))
    result = fit(Claims.from_claim(claim), anchor=anchor, window_km=window, side=claim.side)
    return Step(claim, result.zone, result.spec, True, dict(result.modelled), start, end, result.consistent,
                list(result.notes))


def timeline_geojson(steps: list[Step], claim_file: ClaimFile) -> dict:
    """The steps as one RFC 7946 FeatureCollection with ``date`` properties."""
    from . import data
    from .export import geojson_bbox, geometry_to_geojson

    features = [
        {"type": "Feature", "bbox": geojson_bbox([s.zone.geometry]), "properties": s.to_properties(),
         "geometry": geometry_to_geojson(s.zone.geometry, multi=True)}  # one geometry type for GIS readers
        for s in steps
    ]
    return {
        "type": "FeatureCollection",
        "bbox": geojson_bbox([s.zone.geometry for s in steps]),
        "properties": {
            "operation": claim_file.name,
            "region": claim_file.region,
            "claim_file": claim_file.path,
            "attribution": data.ATTRIBUTION_LINE,
        },
        "features": features,
    }


def _step_popup(step: Step) -> str:
    from .render import escape_text

    c = step.claim
    rows = []

    def num(key):
        v = c.numbers().get(key)
        return "–" if v is None else (f"{v[0]:,g}–{v[1]:,g}" if isinstance(v, tuple) else f"{v:,g}")

    for key, label, unit in (("settlements", "Settlements", ""), ("area_km2", "Area", " km²")):
        modelled = step.modelled.get(key)
        shown = "–" if modelled is None else (f"{modelled:,}" if isinstance(modelled, int) else f"{modelled:,.1f}")
        rows.append(f"<tr><th>{label}</th><td>{num(key)}{unit if num(key) != '–' else ''}</td><td>{shown}{unit}</td></tr>")
    for key, label in (("depth_km", "Depth"), ("width_km", "Front width")):
        shown = step.spec.to_properties()[key] if step.spec is not None else step.modelled.get(key)
        if isinstance(shown, list):  # one value per axis
            shown = ", ".join(f"{v:g}" for v in shown) + " km"
        else:
            shown = "–" if shown is None else f"{shown:g} km"
        rows.append(f"<tr><th>{label}</th><td>{num(key)}{' km' if num(key) != '–' else ''}</td><td>{shown}</td></tr>")
    how = "fitted to the claimed numbers" if step.fitted else "built from the claimed depth and width"
    verdict = "" if step.consistent is None else (" (consistent)" if step.consistent else " (the numbers cannot all hold)")
    parts = [
        f"<div class='fm-popup'><h2>{escape_text(c.label or c.date)}</h2>",
        f"<p>{escape_text(c.claimant)}" + (f", {escape_text(c.role)}" if c.role else "") + "</p>",
        f"<table><tr><th></th><th>claimed</th><th>modelled</th></tr>{''.join(rows)}</table>",
        (f"<p>Zone {how}{verdict}: {escape_text(step.spec.profile)}, centre at {escape_text(_anchor_text(step.spec.anchor))}.</p>"
         if step.spec is not None else
         f"<p>Front fitted through {len(step.zone.properties.get('places', []))} named places{verdict}.</p>"),
    ]
    if c.quote:
        parts.append(f"<p>“{escape_text(c.quote)}”</p>")
    if c.note:
        parts.append(f"<p>{escape_text(c.note)}</p>")
    parts.append(f"<p style='word-break:break-all'>Source: {escape_text(c.source or 'not given')}</p></div>")
    return "".join(parts)


def _anchor_text(anchor) -> str:
    """An anchor, or the anchors of several axes joined, for a popup."""
    return anchor if isinstance(anchor, str) else " and ".join(anchor)


def timeline_html(steps: list[Step], claim_file: ClaimFile, tiles: str = "none", title: str | None = None) -> str:
    """One self-contained page: every step's zone on a time slider."""
    import shapely
    from folium.plugins import Timeline, TimelineSlider

    from .render import BIND_JS, add_controls, base_map, escape_text, folium_parts, geojson_feature, page_html, script_json

    folium, _, _ = folium_parts()
    title = title if title is not None else f"{claim_file.name}: {len(steps)} dated claims"
    union = shapely.union_all([s.zone.geometry for s in steps])
    m = base_map(union, title, tiles)

    # Half a metre of simplification keeps the page small; the GeoJSON export keeps every vertex.
    # Steps are told apart by position: two claims may share a date, a claimant and so a label.
    shown = [shapely.simplify(s.zone.geometry, 5e-6) for s in steps]
    labels = [escape_text(s.claim.label or s.claim.date) for s in steps]
    outlines = [geojson_feature(g, fm_tip=label, fm_kind="outline") for g, label in zip(shown, labels)]
    folium.GeoJson(
        {"type": "FeatureCollection", "features": outlines},
        name="Every claim's zone (outlines)",
        style_function=lambda f: {"color": "#7a0177", "weight": 1.0, "opacity": 0.5, "fill": False, "dashArray": "3 4"},
        on_each_feature=folium.JsCode(BIND_JS),
    ).add_to(m)

    features = [
        geojson_feature(g, start=s.start, end=s.end, fm_kind="step", fm_step=i, fm_popup=_step_popup(s), fm_tip=label)
        for i, (s, g, label) in enumerate(zip(steps, shown, labels))
    ]
    timeline = Timeline(
        {"type": "FeatureCollection", "features": features},
        style=folium.JsCode("function (f) { return {color: '#b30000', weight: 2, fillColor: '#e34a33', fillOpacity: 0.3}; }"),
        on_each_feature=folium.JsCode(BIND_JS),
    ).add_to(m)
    timeline.layer_name = "The claim at the slider's date"
    # The slider shows the step's label (date, and claimant where a date has two).
    # leaflet.timeline writes it with innerHTML: it goes in escaped, like every text.
    stops = [[dt.datetime.fromisoformat(s.start).timestamp() * 1000, label] for s, label in zip(steps, labels)]
    slider = TimelineSlider(auto_play=False, show_ticks=True, enable_keyboard_controls=True, steps=len(steps) * 24)
    slider.options["format_output"] = folium.JsCode(
        "function (date) { var labels = " + script_json(stops) + "; var out = labels[0][1];"
        " for (var i = 0; i < labels.length; i++) { if (date >= labels[i][0]) { out = labels[i][1]; } } return out; }"
    )
    slider.add_timelines(timeline).add_to(m)
    m.get_root().header.add_child(
        folium.Element("<style>.leaflet-bottom.leaflet-right .leaflet-control-scale { margin-bottom: 72px; }</style>"),
        name="frontmap_timeline_css",
    )

    summary = "<br>".join(
        f"{escape_text(s.claim.label or s.claim.date)}: {escape_text(s.claim.summary())}" for s in steps
    )
    legend = (
        "<b>Legend</b><div><span class='fm-sw' style='background:#e34a33;opacity:.5;border:2px solid #b30000'></span>"
        "The claim at the slider's date</div><div><span class='fm-line' style='border-top:1.5px dashed #7a0177'></span>"
        "Every claim's zone</div><div><span class='fm-line' style='border-top:2px solid #222'></span>Russia–Ukraine border</div>"
    )
    add_controls(m, f"<h1>{escape_text(title)}</h1>{summary}", legend, claim_file.name)
    return page_html(m, tiles)
