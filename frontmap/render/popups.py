"""What a zone's map says in words: popups, tooltips, the title box and the titles.

The HTML comes from the macros of ``templates/popups.html``; this module
picks the values.  Zone properties may come from a zone file, so only values
of the expected types are read and every text is escaped where it is placed.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from markupsafe import Markup

from ..zone import Zone
from .markup import html_lines, render_macro

if TYPE_CHECKING:
    from ..claims import Claim
    from ..ensemble import Ensemble
    from ..estimate import Affected
    from ..settlements import Settlement
    from ..ukraine import UkrPlace

__all__ = [
    "TYPE_NAMES",
    "default_title",
    "depth_label",
    "ensemble_html",
    "evidence_tip",
    "comparison_popup",
    "probability_popup",
    "reference_title",
    "settlement_popup",
    "settlement_tip",
    "spec_fields",
    "type_name",
    "zone_popup",
    "zone_summary",
    "zone_title_html",
]

Row = tuple[str, Any]

_POPUPS = "popups.html"

#: Register type codes in English.
TYPE_NAMES = {
    "г": "town",
    "пгт": "urban-type settlement",
    "рп": "work settlement",
    "с": "village (selo)",
    "д": "village (derevnya)",
    "п": "settlement (posyolok)",
    "х": "hamlet (khutor)",
    "сл": "sloboda",
    "ст": "station settlement",
    "мкр": "micro-district",
}

#: The keys of a spec in a zone's properties.
_SPEC_KEYS = ("anchor", "width_km", "depth_km", "profile", "side")
#: The keys a spec needs (the others may be missing).
_REQUIRED_SPEC_KEYS = _SPEC_KEYS[:3]
#: Properties the popup shows in its own rows, or not at all.
_ALWAYS_SHOWN = frozenset({"attribution", "area_km2", "warnings"})
_SPEC_SHOWN = frozenset(_SPEC_KEYS) | {"anchor_resolved", "depth_reached_km"}
_CLAIM_SHOWN = frozenset({"claim", "values_from"})
_FIT_SHOWN = frozenset({"fit", "evidence", "places", "consistent", "modelled", "notes", "profile", "name"})


def type_name(code: str) -> str:
    """A register type code in English (``"с"`` → ``"village (selo)"``); unknown codes as they are.

    Parameters
    ----------
    code : str
        A settlement's ``type`` as the register writes it (a Russian abbreviation).

    Returns
    -------
    str
        Its English name from :data:`TYPE_NAMES`, or the code with underscores as spaces.

    Examples
    --------
    >>> type_name("с"), type_name("г"), type_name("ж/д_ст")
    ('village (selo)', 'town', 'ж/д ст')
    """
    return TYPE_NAMES.get(code, code.replace("_", " "))


# ---------------------------------------------------------------------------
# Titles


def spec_fields(zone: Zone) -> dict | None:
    """The spec the zone was built from: its own, or the one a zone file records (None if neither).

    Parameters
    ----------
    zone : Zone
        A built zone, or one read from a file (whose properties may hold a spec).

    Returns
    -------
    dict or None
        ``anchor``, ``width_km``, ``depth_km``, ``profile`` and ``side``.

    Examples
    --------
    >>> from frontmap.zone import ZoneSpec, build_zone
    >>> zone = build_zone(ZoneSpec("Sudzha", width_km=10, depth_km=4))
    >>> spec_fields(zone)["width_km"], spec_fields(zone)["profile"]
    (10, 'salient')
    """
    if zone.spec is not None:
        return zone.spec.to_properties()
    props = zone.properties
    if all(k in props for k in _REQUIRED_SPEC_KEYS):
        return {k: props.get(k) for k in _SPEC_KEYS}
    return None


def default_title(zone: Zone) -> str:
    """The map's title when none is given: the spec in words, or the zone file's name.

    Parameters
    ----------
    zone : Zone
        A built zone, or one read from a file.

    Returns
    -------
    str
        The spec in words; for a zone without one its ``name`` or ``title`` property, else "Zone from file".

    Examples
    --------
    >>> from frontmap.zone import ZoneSpec, build_zone
    >>> zone = build_zone(ZoneSpec("Sudzha", width_km=10, depth_km=4))
    >>> default_title(zone)
    'Sudzha: 10 km front, 4 km deep (salient, RUS side)'
    >>> from frontmap.zone import zone_from_geojson
    >>> default_title(zone_from_geojson({"type": "Feature", "properties": {"name": "My zone"},
    ...     "geometry": {"type": "Polygon", "coordinates": [[[35, 51], [35.1, 51], [35.1, 51.1], [35, 51]]]}}))
    'My zone'
    """
    spec = spec_fields(zone)
    if spec is None:
        props = zone.properties
        return str(props.get("name") or props.get("title") or "Zone from file")
    title = f"{spec['anchor']}: {spec['width_km']:g} km front, {spec['depth_km']:g} km deep"
    if spec.get("profile"):
        title += f" ({spec['profile']}"
        title += f", {spec['side']} side)" if spec.get("side") else ")"
    return title


def zone_summary(zone: Zone) -> str:
    """The spec in a few words for the credits line, e.g. ``Sudzha, 40 km × 12 km, salient, RUS``.

    Parameters
    ----------
    zone : Zone
        A built zone, or one read from a file.

    Returns
    -------
    str
        Plain text (escaped where it is placed); a zone without a spec is a "zone from a file" or a
        "front fitted through named places".

    Examples
    --------
    >>> from frontmap.zone import ZoneSpec, build_zone
    >>> zone = build_zone(ZoneSpec("Sudzha", width_km=10, depth_km=4))
    >>> zone_summary(zone)
    'Sudzha, 10 km × 4 km, salient, RUS'
    """
    spec = spec_fields(zone)
    if spec is None:
        return "front fitted through named places" if zone.properties.get("fit") else "zone from a file"
    what = f"{spec['anchor']}, {spec['width_km']:g} km × {spec['depth_km']:g} km"
    return what + "".join(f", {spec[k]}" for k in ("profile", "side") if spec.get(k))


def zone_title_html(
    zone: Zone, title: str, result: Affected | None, claim: Claim | None, ensemble: Ensemble | None
) -> Markup:
    """The title box: the title, the area, the counts, the claim modelled and the ensemble's counts.

    Parameters
    ----------
    zone : Zone
        The zone mapped (its area is shown).
    title : str
        The heading (escaped here).
    result : frontmap.estimate.Affected or None
        The settlements inside; None where frontmap has no settlement layer.
    claim : frontmap.claims.Claim or None
        The shipped claim the zone models, if any.
    ensemble : frontmap.ensemble.Ensemble or None
        Members sampled around the zone, if any.

    Returns
    -------
    markupsafe.Markup
        The box's HTML.

    Examples
    --------
    >>> from frontmap.estimate import affected
    >>> from frontmap.zone import ZoneSpec, build_zone
    >>> zone = build_zone(ZoneSpec("Sudzha", width_km=10, depth_km=4))
    >>> str(zone_title_html(zone, "Sudzha <1>", affected(zone), None, None)).split("</h1>")[0]
    '<h1>Sudzha &lt;1&gt;'
    """
    members = None if ensemble is None else len(ensemble.members)
    doc = None if ensemble is None else ensemble.to_json()
    return render_macro(_POPUPS, "zone_title", title, zone.area_km2, result, claim, members, doc)


# ---------------------------------------------------------------------------
# The zone's popup


def ensemble_html(ensemble: Ensemble) -> Markup:
    """How an ensemble was sampled and the counts it gives, for a popup row.

    Parameters
    ----------
    ensemble : frontmap.ensemble.Ensemble
        The sampled members and their counts.

    Returns
    -------
    markupsafe.Markup
        Two lines: the sampling (members, seed, spreads, profiles) and the settlement counts.

    Examples
    --------
    >>> from frontmap.ensemble import ensemble
    >>> from frontmap.zone import ZoneSpec
    >>> sampled = ensemble(ZoneSpec("Sudzha", width_km=10, depth_km=4), n=8, seed=1)
    >>> str(ensemble_html(sampled)).split(":")[0]
    '8 zones sampled around the spec (seed 1)'
    """
    doc = ensemble.to_json()
    e = doc["ensemble"]
    around = "/".join(e["profiles"]) if ensemble.spec is not None else "the fitted front"
    return render_macro(_POPUPS, "ensemble", e, doc, around)


def _claim_used_html(claim: dict) -> Markup:
    """A claim's properties (see :meth:`frontmap.claims.Claim.to_properties`) as popup HTML."""
    from ..claims import Claim

    fields: dict[str, Any] = {k: (tuple(v) if isinstance(v, list) and k != "quotes" else v) for k, v in claim.items()}
    fields["quotes"] = tuple(fields.get("quotes") or ())
    try:
        summary = Claim(**fields).summary()
    except TypeError:  # a hand-edited file's odd claim: show what is there
        summary = ""
    who = ", ".join(str(claim[k]) for k in ("claimant", "role") if claim.get(k))
    quotes = [
        {
            "sentence": q.get("sentence", ""),
            "original": q.get("original", ""),
            "start": q.get("start"),
            "end": q.get("end"),
        }
        for q in claim.get("quotes") or ()
        if isinstance(q, dict)
    ]
    notes = [claim[key] for key in ("quote", "note") if claim.get(key)]
    return render_macro(_POPUPS, "claim_used", summary, who, claim.get("date"), quotes, notes, claim.get("source"))


def _spec_rows(zone: Zone, spec: dict) -> list[Row]:
    anchor = zone.anchor.label if zone.anchor is not None else zone.properties.get("anchor_resolved", spec["anchor"])
    rows: list[Row] = [
        ("Anchor", anchor),
        ("Front width", f"{spec['width_km']} km along the border"),
        ("Depth", f"{spec['depth_km']} km, {spec.get('profile') or '?'} profile"),
        ("Side", spec.get("side") or "?"),
    ]
    reached = zone.depth_reached_km if zone.spec is not None else zone.properties.get("depth_reached_km")
    if isinstance(reached, (int, float)):
        rows.append(("Depth reached", f"{reached:.2f} km"))
    return rows


def _claim_rows(zone: Zone, claim: Claim | None) -> list[Row]:
    """The shipped claim a zone from flags models, and the claim a zone was built from (its properties)."""
    rows: list[Row] = []
    if claim is not None:
        rows.append(("Claim modelled", render_macro(_POPUPS, "claim_modelled", claim)))
    read = zone.properties.get("claim")
    if isinstance(read, dict):
        rows.append(("Claim used", _claim_used_html(read)))
        sources = zone.properties.get("values_from") or {}
        if isinstance(sources, dict) and sources:
            rows.append(("Values from", ", ".join(f"{k}: {v}" for k, v in sources.items())))
    return rows


def _evidence_rows(props: dict) -> list[Row]:
    """Rows for a zone fitted through named places: what it used and whether it all holds."""
    if props.get("fit") is None or not isinstance(props.get("places"), list):
        return []
    places = [p for p in props["places"] if isinstance(p, dict)]
    met = sum(1 for p in places if p.get("met") is True)
    rows: list[Row] = [("Fitted to", f"{len(places)} named places ({met} met)")]
    evidence: dict[str, Any] = props["evidence"] if isinstance(props.get("evidence"), dict) else {}
    statements = [s for s in evidence.get("statements") or () if isinstance(s, dict)]
    if statements:
        lines = [f"{s.get('date') or 'undated'}, {s.get('claimant')}: {s.get('summary')}" for s in statements]
        as_of = evidence.get("as_of")
        rows.append((f"Statements up to {as_of}" if isinstance(as_of, str) else "Statements", html_lines(lines)))
    if isinstance(props.get("consistent"), bool):
        rows.append(("Consistent", "yes" if props["consistent"] else "no: see the notes"))
    notes = props.get("notes") if isinstance(props.get("notes"), list) else None
    rows += [("Note", render_macro(_POPUPS, "note", text)) for text in notes or ()]
    return rows


def _hidden_keys(zone: Zone, spec: dict | None, fitted: bool) -> frozenset:
    """The zone's properties its popup's own rows already show (or never shows)."""
    hidden = _ALWAYS_SHOWN
    if spec is not None:
        hidden |= _SPEC_SHOWN
    if isinstance(zone.properties.get("claim"), dict):
        hidden |= _CLAIM_SHOWN
    if fitted:
        hidden |= _FIT_SHOWN
    return hidden


def _own_rows(zone: Zone, hidden: frozenset) -> list[Row]:
    """The zone's other properties, as text (JSON for anything that is not a string)."""
    return [
        (k, v if isinstance(v, str) else json.dumps(v, ensure_ascii=False))
        for k, v in zone.properties.items()
        if k not in hidden
    ]


def zone_popup(
    zone: Zone, title: str, result: Affected | None, claim: Claim | None, ensemble: Ensemble | None = None
) -> Markup:
    """The zone's popup: spec, area, counts, claim, ensemble, evidence and the zone's own properties.

    Parameters
    ----------
    zone : Zone
        A built zone or one read from a file (its properties are shown as text).
    title : str
        The popup's heading.
    result : frontmap.estimate.Affected or None
        The settlements inside (None where frontmap has no settlement layer).
    claim : frontmap.claims.Claim or None
        The shipped claim the zone models.
    ensemble : frontmap.ensemble.Ensemble, optional
        Members sampled around the zone.

    Returns
    -------
    markupsafe.Markup
        The popup's HTML, every text escaped.

    Examples
    --------
    >>> from frontmap.zone import ZoneSpec, build_zone
    >>> zone = build_zone(ZoneSpec("Sudzha", width_km=10, depth_km=4))
    >>> popup = zone_popup(zone, "Sudzha & co", None, None)
    >>> "<h2>Sudzha &amp; co</h2>" in popup, "<th>Front width</th><td>10 km along the border</td>" in popup
    (True, True)
    """
    spec = spec_fields(zone)
    rows = _spec_rows(zone, spec) if spec is not None else []
    rows.append(("Area", f"{zone.area_km2:,.1f} km²"))
    if result is not None:
        counts = f"{result.count} ({result.inhabited} inhabited), population {result.population:,}"
        rows.append(("Settlements inside", counts))
    rows += _claim_rows(zone, claim)
    if ensemble is not None:
        rows.append(("Ensemble", ensemble_html(ensemble)))
    fitted = _evidence_rows(zone.properties)
    rows += fitted
    own = _own_rows(zone, _hidden_keys(zone, spec, bool(fitted)))
    heading = "From the zone file" if zone.spec is None else "Zone properties"
    notes = list(zone.warnings) or list(zone.properties.get("warnings") or [])
    notes += list(result.notes) if result is not None else []
    return render_macro(_POPUPS, "zone_popup", title, rows, heading, own, notes)


def reference_title(reference: Zone) -> str:
    """A reference zone's name: its file's ``name`` or ``title`` property, or "the reference".

    Parameters
    ----------
    reference : Zone
        The reference zone, usually read from a file.

    Returns
    -------
    str
        The first non-blank ``name`` or ``title`` string property, as it is (escaped where it is placed).

    Examples
    --------
    >>> from frontmap.zone import zone_from_geojson
    >>> square = {"type": "Polygon", "coordinates": [[[35, 51], [35.1, 51], [35.1, 51.1], [35, 51]]]}
    >>> reference_title(zone_from_geojson({"type": "Feature", "properties": {"title": "ISW"}, "geometry": square}))
    'ISW'
    >>> reference_title(zone_from_geojson({"type": "Feature", "properties": {"name": " "}, "geometry": square}))
    'the reference'
    """
    props = reference.properties
    for key in ("name", "title"):
        if isinstance(props.get(key), str) and props[key].strip():
            return props[key]
    return "the reference"


def _ratio_text(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.2f}"


def comparison_popup(doc: dict, model: str, reference: str) -> Markup:
    """The ``compare`` figures of a model and a reference (:meth:`frontmap.compare.Comparison.to_json`).

    Parameters
    ----------
    doc : dict
        The comparison as JSON.
    model, reference : str
        Their names (escaped here).

    Returns
    -------
    markupsafe.Markup
        A heading naming both and a table of the figures (ratios "n/a" where they are undefined).

    Examples
    --------
    A zone compared with itself:

    >>> from frontmap.compare import compare_zones
    >>> from frontmap.zone import ZoneSpec, build_zone
    >>> zone = build_zone(ZoneSpec("Sudzha", width_km=10, depth_km=4))
    >>> popup = comparison_popup(compare_zones(zone, zone).to_json(), "model <1>", "ISW")
    >>> "<h2>model &lt;1&gt; against ISW</h2>" in popup, "<th>IoU</th><td>1.000</td>" in popup
    (True, True)
    """
    rows: list[Row] = [
        ("IoU", f"{doc['iou']:.3f}"),
        ("Area, model", f"{doc['area_a_km2']:,.0f} km²"),
        ("Area, reference", f"{doc['area_b_km2']:,.0f} km²"),
        ("Both", f"{doc['intersection_km2']:,.0f} km²"),
        ("Model only", f"{doc['only_a_km2']:,.0f} km²"),
        ("Reference only", f"{doc['only_b_km2']:,.0f} km²"),
        (
            "Settlements",
            f"model {doc['settlements_a']}, reference {doc['settlements_b']}, both {doc['settlements_both']}",
        ),
        ("Precision", _ratio_text(doc["precision"])),
        ("Recall", _ratio_text(doc["recall"])),
        ("F1", _ratio_text(doc["f1"])),
    ]
    return render_macro(_POPUPS, "comparison_popup", model, reference, rows, doc.get("notes") or [])


def probability_popup(share: float, area_km2: float, ensemble: Ensemble) -> Markup:
    """The popup of the zone inside at least ``share`` of an ensemble's members.

    Parameters
    ----------
    share : float
        The share of members, in (0, 1] (0.5 and 0.9 on the map).
    area_km2 : float
        That zone's area (km²).
    ensemble : frontmap.ensemble.Ensemble
        The members it was drawn from.

    Returns
    -------
    markupsafe.Markup
        A heading giving the share in percent, the area and :func:`ensemble_html`'s row.

    Examples
    --------
    >>> from frontmap.ensemble import ensemble
    >>> from frontmap.zone import ZoneSpec
    >>> sampled = ensemble(ZoneSpec("Sudzha", width_km=10, depth_km=4), n=8, seed=1)
    >>> popup = probability_popup(0.9, 12.345, sampled)
    >>> "<h2>Inside at least 90% of the sampled zones</h2>" in popup, "<td>12.3 km²</td>" in popup
    (True, True)
    """
    return render_macro(_POPUPS, "probability_popup", share, area_km2, ensemble_html(ensemble))


# ---------------------------------------------------------------------------
# Tooltips


def settlement_tip(s: Settlement | UkrPlace, inside: bool, edge_km: float, probability: float | None = None) -> Markup:
    """A settlement's tooltip: names, type, district, population, distances (and probability inside).

    Parameters
    ----------
    s : frontmap.settlements.Settlement or frontmap.ukraine.UkrPlace
        The settlement.
    inside : bool
        Whether it is inside the zone.
    edge_km : float
        Its distance from the zone's edge (km, >= 0).
    probability : float, optional
        The share of an ensemble's members it is inside, in [0, 1].

    Returns
    -------
    markupsafe.Markup
        Lines joined by ``<br>``, every text escaped.

    Examples
    --------
    >>> from frontmap.settlements import load_settlements
    >>> sudzha = next(s for s in load_settlements() if s.name_latin == "Sudzha")
    >>> for line in str(settlement_tip(sudzha, True, 2.5)).split("<br>"):
    ...     print(line)
    <b>Sudzha</b> · Суджа
    town · Sudzhansky rayon
    population 5,657
    9.09 km from the border
    2.50 km inside the zone's edge
    """
    return render_macro(_POPUPS, "settlement_tip", s, type_name(s.type), inside, edge_km, probability)


def settlement_popup(s: Settlement | UkrPlace) -> Markup:
    """A settlement's popup: its names, id, coordinates, type, district and population, as selectable text.

    Parameters
    ----------
    s : frontmap.settlements.Settlement or frontmap.ukraine.UkrPlace
        The settlement (a Ukrainian place adds its Russian name and KATOTTG code).

    Returns
    -------
    markupsafe.Markup
        A heading and a table, every text escaped.

    Examples
    --------
    >>> from frontmap.settlements import load_settlements
    >>> sudzha = next(s for s in load_settlements() if s.name_latin == "Sudzha")
    >>> popup = settlement_popup(sudzha)
    >>> "<th>Register id</th><td>115637</td>" in popup, "<th>Lat, lon</th><td>51.19194, 35.27194</td>" in popup
    (True, True)
    """
    rows: list[Row] = [("Name", s.name_latin), ("Cyrillic", s.name)]
    other = getattr(s, "name_ru", "")
    if other and other != s.name:
        rows.append(("Russian", other))
    source = "GeoNames id" if hasattr(s, "katottg") else "Register id"
    rows += [
        (source, str(s.id)),
        ("Lat, lon", f"{s.lat:.5f}, {s.lon:.5f}"),
        ("Type", type_name(s.type)),
        ("District", s.district_latin or s.district),
        ("Region", s.region),
        ("Population", f"{s.population:,}" if s.population else "none recorded"),
    ]
    katottg = getattr(s, "katottg", "")
    if katottg:
        rows.append(("KATOTTG", katottg))
    return render_macro(_POPUPS, "settlement_popup", s.name_latin, s.name, rows)


def evidence_tip(place: dict, met: bool) -> Markup:
    """A named place's tooltip: name and status, the message, phrase and quote, who said it and when.

    Parameters
    ----------
    place : dict
        One of a fitted zone's ``places`` properties: ``status`` (required), and ``query``, ``message``,
        ``phrase``, ``quote``, ``claimant`` and ``date`` where given (non-strings are left out).
    met : bool
        Whether the zone meets the place's status.

    Returns
    -------
    markupsafe.Markup
        Lines joined by ``<br>``, every text escaped.

    Examples
    --------
    >>> place = {"query": "Sudzha", "status": "inside", "phrase": "entered", "claimant": "A", "date": "2024-08-14"}
    >>> str(evidence_tip(place, True))
    '<b>Sudzha</b>: inside<br>entered<br>A, 2024-08-14'
    """
    lines = [place[key] for key in ("message", "phrase", "quote") if isinstance(place.get(key), str)]
    said = ", ".join(place[k] for k in ("claimant", "date") if isinstance(place.get(k), str))
    if said:
        lines.append(said)
    return render_macro(_POPUPS, "evidence_tip", place.get("query", "?"), place["status"], met, lines)


def depth_label(depth_km: float) -> Markup:
    """The label of a depth guide, e.g. ``5 km``.

    Parameters
    ----------
    depth_km : float
        The guide's distance from the border (km).

    Returns
    -------
    markupsafe.Markup
        A small ``div`` holding the distance.

    Examples
    --------
    >>> str(depth_label(5)), str(depth_label(2.5))
    ("<div class='fm-depth'>5 km</div>", "<div class='fm-depth'>2.5 km</div>")
    """
    return render_macro(_POPUPS, "depth_label", depth_km)
