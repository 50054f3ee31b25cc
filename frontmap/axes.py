"""Several axes in one claim: the zone of a spec with several anchors, and its fit.

An offensive may open on several axes at once (north of Kharkiv in May 2024:
Lyptsi and Vovchansk, about 30 km apart).  A :class:`~frontmap.spec.ZoneSpec`
with several anchors describes one front per axis, each centred on its
anchor's border point with the spec's width and depth or its own
(:meth:`~frontmap.spec.ZoneSpec.axes`).  :func:`build_axes_zone` builds each
front with the single-axis construction (:func:`frontmap.zone.build_zone`)
and returns their union; its properties say the axes.

:func:`fit_axes` fits such a zone to a claim's numbers.  The axes share the
claimed totals: one width scale and one depth scale are searched for all
axes together (an axis given a relative width or depth keeps it), and the
settlements and the area are those of the union, so an axis that reaches
more settlements takes more of the claimed count without a split being
guessed beforehand.  A claimed depth is the deepest axis's, a claimed width
the widest axis's (one value for every axis, as in the spec).
"""

from __future__ import annotations

import math
from dataclasses import replace

import numpy as np
import shapely

from .fit import FitResult
from .spec import MAX_DEPTH_KM, Side, ZoneSpec, entry_depth_km

__all__ = ["AxesFitResult", "build_axes_zone", "fit_axes"]

#: Decimals of a degree the union's local CRS centre is rounded to.
_CENTRE_DECIMALS = 7


def build_axes_zone(spec: ZoneSpec, border=None, countries=None):
    """The union of one front per axis of ``spec`` (a :class:`~frontmap.zonemodel.Zone`).

    Parameters
    ----------
    spec : ZoneSpec
        A spec with several anchors (validated).
    border : Border, optional
        The border line; the shipped one by default.
    countries : dict, optional
        ``"RUS"``/``"UKR"`` to WGS84 polygons; the shipped layer by default.

    Returns
    -------
    Zone
        ``spec=None`` (the union has no single profile), ``axes`` holding each
        axis's zone, properties naming the axes with what each was built from
        and measured; ``side`` the spec's.

    Examples
    --------
    >>> zone = build_axes_zone(ZoneSpec(("Lyptsi", "Vovchansk"), 10, 5, side="UKR"))
    >>> len(zone.axes), zone.side, round(zone.area_km2) == round(sum(a.area_km2 for a in zone.axes))
    (2, 'UKR', True)
    """
    from .crs import local_crs
    from .zone import build_zone
    from .zonemodel import Zone

    zones = tuple(build_zone(axis, border, countries) for axis in spec.axes())
    lon = float(np.mean([z.centre_lon for z in zones]))
    lat = float(np.mean([z.centre_lat for z in zones]))
    crs = local_crs(round(lon, _CENTRE_DECIMALS), round(lat, _CENTRE_DECIMALS))
    geometry = shapely.union_all([z.geometry for z in zones])
    if not shapely.is_valid(geometry):
        geometry = shapely.make_valid(geometry)
    fronts = [crs.to_local(z.crs.to_wgs84(z.front_local)) for z in zones if z.front_local is not None]
    labels = [z.anchor.label for z in zones if z.anchor is not None]
    properties = {
        "name": f"{len(zones)} axes: {' + '.join(labels)}",
        "profile": spec.profile,
        "side": spec.side,
        "axes": [axis_properties(z) for z in zones],
    }
    return Zone(
        geometry=geometry,
        local=crs.to_local(geometry),
        crs=crs,
        centre_lon=lon,
        centre_lat=lat,
        depth_reached_km=max(z.depth_reached_km or 0.0 for z in zones),
        front_local=shapely.union_all(fronts) if fronts else None,
        warnings=[w for z in zones for w in z.warnings],
        properties=properties,
        axes=zones,
    )


def axis_properties(zone) -> dict:
    """One axis's spec and what its construction measured (its GeoJSON properties less the attribution)."""
    props = zone.to_properties()
    props.pop("attribution", None)
    props.pop("width_note", None)
    return props


# ---------------------------------------------------------------------------
# The fit

#: Relative scales of the width and the depth searched (times the claimed or a first guess).
_WIDTH_STEPS = 41
_DEPTH_STEPS = 400
#: Area samples over the searched region.
_AREA_SAMPLES = 20_000
#: Widest front (km) of one axis the fit considers when no width is claimed.
_MAX_WIDTH_KM = 100.0
#: Weight of the preference for the seed claim's width:depth ratio (settles free parameters).
_PREFERENCE = 1e-3
_SEED_RATIO = math.log(40.0 / 12.0)


def _relative(value, n: int) -> np.ndarray:
    """Per-axis values as shares of the largest (all 1 for one value for every axis)."""
    if isinstance(value, tuple):
        v = np.asarray(value, float)
        return v / v.max()
    return np.ones(n)


def _per_axis(value: float | tuple[float, ...], n: int) -> tuple[float, ...]:
    """A spec's per-axis values (one value for every axis repeated ``n`` times)."""
    return value if isinstance(value, tuple) else (value,) * n


def fit_axes(
    claims,
    anchors: tuple[str, ...],
    side: Side = "RUS",
    profile_weights: ZoneSpec | None = None,
    window_km: float = 0.0,
):
    """The multi-axis zone that best reproduces ``claims``: one width and one depth scale for every axis.

    Parameters
    ----------
    claims : frontmap.fit.Claims
        The claimed numbers: settlements and area are totals over the axes,
        a depth the deepest axis's, a width the widest axis's.
    anchors : tuple of str
        One anchor per axis (2 to :data:`~frontmap.spec.MAX_AXES`).
    side : {"RUS", "UKR"}
        The country the zone lies in.
    profile_weights : ZoneSpec, optional
        A spec whose per-axis widths and depths (tuples) give the axes'
        relative sizes; all axes alike by default.
    window_km : float
        Accepted for :func:`frontmap.fit.fit`'s signature: each axis stays
        centred on its anchor (a note says so when it is > 0).

    Returns
    -------
    frontmap.fit.FitResult
        ``spec`` has the anchors and per-axis widths and depths; ``zone`` is
        their union; ``centre_shift_km`` is 0.

    Examples
    --------
    >>> from frontmap.fit import Claims
    >>> r = fit_axes(Claims(area_km2=100, depth_km=5), ("Lyptsi", "Vovchansk"), side="UKR")
    >>> abs(r.modelled["area_km2"] - 100) <= 10, len(r.spec.anchor)
    (True, 2)
    """
    from .anchor import resolve_anchor
    from .border import load_border
    from .errors import InvalidSpecError
    from .zone import SIDES

    claims.validate()
    if side not in SIDES:
        raise InvalidSpecError(f"side={side!r} is not a valid option, must be one of {', '.join(SIDES)}", "side")
    base = profile_weights or ZoneSpec(tuple(anchors), side=side)
    base = replace(base, anchor=tuple(anchors), side=side)
    base.validate()
    border = load_border()
    resolved = [resolve_anchor(a, border, side) for a in anchors]
    a_rel, b_rel = _relative(base.width_km, len(anchors)), _relative(base.depth_km, len(anchors))
    search = _AxesSearch(claims, np.array([r.chainage_km for r in resolved]), a_rel, b_rel, side)
    salient, w, d = search.best()
    widths = tuple(round(float(w * a), 3) for a in a_rel)
    depths = tuple(round(float(d * b), 3) for b in b_rel)
    spec = ZoneSpec(tuple(anchors), widths, depths, "salient" if salient else "flat", side).validate()
    zone = build_axes_zone(spec)
    modelled = _measure_axes(zone, claims.count)
    notes = _axes_notes(claims, modelled, search.tol, zone, window_km, len(anchors))
    label = " + ".join(r.label for r in resolved)
    anchor = replace(resolved[0], query=" + ".join(anchors), label=label)
    return AxesFitResult(spec, zone, claims, 0.0, modelled, notes, window_km, anchor)


class AxesFitResult(FitResult):
    """A :class:`~frontmap.fit.FitResult` of several axes: its ``spec`` record gives each
    axis's width and depth (``width_km_each``, ``depth_km_each``) and the widest and deepest.
    """

    def to_json(self) -> dict:
        doc = super().to_json()
        n = len(self.spec.axes())
        widths, depths = _per_axis(self.spec.width_km, n), _per_axis(self.spec.depth_km, n)
        doc["spec"].update(
            {
                "width_km": max(widths),
                "depth_km": max(depths),
                "width_km_each": list(widths),
                "depth_km_each": list(depths),
                "anchor": list(self.spec.anchor),
            }
        )
        return doc


class _AxesSearch:
    """A grid search over (profile, width scale, depth scale) of a multi-axis zone."""

    def __init__(self, claims, centres, a_rel, b_rel, side: str):
        from .fit import _search_grid

        self.claims, self.centres, self.a_rel, self.b_rel, self.side = claims, centres, a_rel, b_rel, side
        self.given = claims.given()
        self.tol = {k: max(claims.tolerance(k), 1e-9) for k in self.given}
        self.widths = _search_grid(claims.width_km, self.tol.get("width_km"), 1.0, _MAX_WIDTH_KM, _WIDTH_STEPS)
        self.depths = _search_grid(claims.depth_km, self.tol.get("depth_km"), 0.2, MAX_DEPTH_KM, _DEPTH_STEPS)
        self.depths = self.depths[self.depths * b_rel.max() <= MAX_DEPTH_KM]
        self.places = None
        if "settlements" in self.given:
            from .estimate import counted_points

            s, d, _ = counted_points(side, claims.count)
            self.places = (s, d)
        self.area = self._area_samples() if "area_km2" in self.given else None

    def _area_samples(self):
        from .fit import _samples

        half = self.widths.max() * self.a_rel.max() / 2.0
        lo, hi = float(self.centres.min() - half), float(self.centres.max() + half)
        deepest = float(self.depths.max() * self.b_rel.max())
        step = max(0.1, math.sqrt(len(self.centres) * 2 * half * deepest / _AREA_SAMPLES))
        s, d = _samples(self.side, float(self.centres.mean()), lo, hi, deepest, step)
        return s, d, step

    def _entry(self, s, d, w: float, salient: bool) -> np.ndarray:
        """The depth scale at which each point (s, d) enters the union: the least over the axes."""
        need = np.full(len(s), np.inf)
        for c, a, b in zip(self.centres, self.a_rel, self.b_rel, strict=True):
            u = (s - c) / (w * a / 2.0)
            near = np.abs(u) <= 1.0
            if near.any():
                e = entry_depth_km(u[near], d[near], "salient" if salient else "flat") / b
                need[near] = np.minimum(need[near], e)
        return need

    def _model(self, w: float, salient: bool) -> dict:
        model = {"depth_km": self.depths, "width_km": np.full(len(self.depths), w)}
        if self.places is not None:
            need = np.sort(self._entry(*self.places, w, salient))
            model["settlements"] = np.searchsorted(need, self.depths, "right")
        if self.area is not None:
            s, d, step = self.area
            need = np.sort(self._entry(s, d, w, salient))
            model["area_km2"] = np.searchsorted(need, self.depths, "right") * step * step
        return model

    def best(self) -> tuple[bool, float, float]:
        """(salient, width scale, depth scale) of least cost; ties to the salient."""
        best = None
        for salient in (True, False):
            for w in self.widths:
                model = self._model(float(w), salient)
                cost = sum(((model[k] - v) / self.tol[k]) ** 2 for k, v in self.given.items())
                cost = cost + _PREFERENCE * (np.log(w / self.depths) - _SEED_RATIO) ** 2
                j = int(np.argmin(cost))
                key = (float(cost[j]), not salient)
                if best is None or key < best[0]:
                    best = (key, salient, float(w), float(self.depths[j]))
        assert best is not None, "a search grid is never empty"
        return best[1], best[2], best[3]


def _measure_axes(zone, count: str) -> dict:
    """What the union models: its settlements (on its side's layer), area, deepest reach and widest axis."""
    from .estimate import count_in_zone

    axes = [a.spec for a in zone.axes]
    return {
        "settlements": count_in_zone(zone, count),
        "area_km2": round(zone.area_km2, 3),
        "depth_km": round(max(min(a.depth_reached_km, a.spec.depth_km) for a in zone.axes), 3),
        "width_km": max(s.width_km for s in axes),
    }


def _axes_notes(claims, modelled, tol, zone, window_km: float, n: int) -> list[str]:
    from .estimate import count_note

    notes = [
        f"{n} axes share the claimed totals: one width and one depth scale for every axis; the settlements "
        "and the area are the union's, the depth the deepest axis's, the width the widest axis's"
    ]
    units = {"settlements": "", "area_km2": " km²", "depth_km": " km", "width_km": " km"}
    for k, v in claims.given().items():
        gap = modelled[k] - v
        if abs(gap) > tol[k] + 1e-9:
            notes.append(
                f"{k}: modelled {modelled[k]:,g}{units[k]} against the claimed {v:,g}{units[k]}, off by "
                f"{gap:+,.3g}{units[k]}, beyond the ±{tol[k]:,.3g}{units[k]} tolerance: the claims cannot "
                "all hold"
            )
    if window_km > 0:
        notes.append("each axis stays centred on its anchor's border point (the window does not move axes)")
    notes.extend(zone.warnings)
    if "settlements" in claims.given():
        notes.append(count_note(zone.side or "RUS", claims.count))
    return notes
