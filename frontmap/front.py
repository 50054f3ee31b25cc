"""Zones through places: a free front curve fitted to named places and numbers.

A report's numbers (depth, width, area, settlement count) say how big a zone
is; the places it names say where.  :func:`fit_front` fits a free front
curve ``D(s)`` — the zone's depth (km) at each chainage ``s`` (km along the
border line) — to both, and builds the zone with
:func:`frontmap.zone.zone_from_profile` (the nearest-point engine), so a
point at border coordinates ``(s, d)`` is inside exactly when ``d <= D(s)``
on the zone's side.

The model
---------
``D`` is piecewise linear on knots ``h`` km apart (1 km, coarser for a very
long stretch) over a window: the places' chainages plus ``window_km`` either
side (and an anchor's border point ± ``window_km`` when one is given).
``D >= 0`` and ``D = 0`` at both ends of the window.  Each place at
``(s_i, d_i)`` (``d`` measured into the zone's side) asks:

* ``inside``: ``D(s_i) >= d_i``;
* ``outside``: ``D(s_i) < d_i`` (kept 100 m clear);
* ``contested``: ``|D(s_i) - d_i| <= tolerance`` (``contested_tolerance_km``).

Places with no border coordinates (unresolved or ambiguous names) are left
out and reported.

The fit is a linear program (scipy's HiGHS) that minimises, all in km:

* the places' violations, each times its weight (L1, so an outlier costs in
  proportion to how far it is off and never drags the front by its square).
  A contested place also pulls lightly (a quarter weight) towards its own
  distance within the tolerance, so the front passes through it;
* a weight per place from how many other places lie within ~20 km along the
  border (a Gaussian kernel): the best-supported place weighs 1 and an
  isolated one as little as its share, down to 0.05 — a lone "repelled near
  X" 80 km from the rest cannot pull a front out to it alone;
* the numbers, each as its residual in units of its tolerance: a slope of
  ``number_weight`` (3 km of place violation per tolerance unit) beyond
  the tolerance and a tenth of that within it, so a claimed depth outweighs
  one place that lies beyond it, and the priors below do not overrule a
  claimed width.  The depth is an upper-bound variable ``M >= D_k``
  (its excess) and the depth at the front's deepest knot (its shortfall);
  the settlement count and the area, not linear in ``D``, are linearised
  about the current curve (their derivative per knot is the number of
  settlements, or area samples, near the curve there) and refined in a few
  sequential steps inside a trust region, each step's curve measured
  exactly (counts from the settlements' ``(s, d)``, area from a grid of
  ``(s, d)`` samples as :mod:`frontmap.fit` does) and the best kept;
* robust rounds: a place the fit misses by more than ``ROBUST_KM`` (4 km)
  is refitted with its weight times ``4 / gap`` (a Cauchy-like loss; up to
  two rounds), so a raid 20 km beyond the front, once plainly an outlier,
  stops dragging it; the reported weight is the final one;
* priors: the L1 norm of the curve's second differences (smoothness) and its
  area (parsimony).  Together they give a lone inside place a bulge about
  ``smoothness_km`` wide either side and cost 0.3 km per km of reach, so a
  place of weight < 0.3 alone is not worth bulging for, and nothing bulges
  beyond what some evidence asks.

The width (the length where ``D > 0``) is not linear either: without a width
claim the support is what the program makes of the evidence; with one, the
fit also tries supports of exactly the claimed width at centres around the
free fit's and keeps whichever costs least in total (a support of the
claimed width that misses places pays for them; the free fit pays for the
width's residual).

The result reports each place (met or not, the gap in km, its weight, a
sentence with the sizes), the numbers the built zone models, and whether
places and numbers all hold (:attr:`FrontFit.consistent`); notes name each
conflict in plain words.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Protocol

import numpy as np

from .checks import is_finite_number
from .defaults import CONTESTED_KM, DEFAULT_SIDE, EVIDENCE_WINDOW_KM
from .errors import InvalidSpecError
from .fit import KEYS, Claims
from .spec import Side, depth_into_side, is_side, side_sign
from .zone import MAX_DEPTH_KM, SIDES, Zone

if TYPE_CHECKING:
    from .border import Border

__all__ = ["FrontFit", "PlaceCheck", "fit_front"]

#: Spacing (km) of the curve's knots, and the most knots a curve has.
KNOT_SPACING_KM = 1.0
MAX_KNOTS = 400
#: An outside place must stay this far (km) beyond the fitted front.
OUTSIDE_MARGIN_KM = 0.1
#: Interior depth (km) that keeps a claimed width's support positive.
_MIN_SUPPORT_DEPTH_KM = 0.05
#: Depths (km) below this are 0 in the result (the solver's round-off).
_ZERO_KM = 1e-4
#: Cost per km of reach a lone place's bulge has (with the default priors).
_REACH_COST = 0.3
#: A contested place's pull within its tolerance, as a share of its weight.
_CONTESTED_PULL = 0.25
#: A number's pull within its tolerance, as a share of ``number_weight``.
_NUMBER_PULL = 0.1
#: Lowest weight of an isolated place; kernel scale (km) of "near along the border".
_MIN_WEIGHT = 0.05
_NEIGHBOUR_KM = 20.0
#: Sequential steps of the count/area linearisation and their trust region (km).
_STEPS = 3
_TRUST_KM = 4.0
#: A place missed by more than this (km) is weighed down by ROBUST_KM / gap, in up to this many rounds.
ROBUST_KM = 4.0
_ROBUST_ROUNDS = 2
#: Area samples over the fitted window.
_AREA_SAMPLES = 6_000
#: A place checks as met when within this (km) of its bound: the solver's round-off.
_MET_SLACK_KM = 1e-6


def contested_below(d, tol: float):
    """How far (km) short of a contested place the front may stop: the
    tolerance, but at most half the place's distance from the border, so
    that fighting at a place near the border still puts ground inside.
    """
    return np.minimum(tol, np.maximum(d, 0.0) / 2.0)


class PlaceLike(Protocol):
    """What :func:`fit_front` reads of a statement about a place (:class:`frontmap.places.Place`)."""

    @property
    def query(self) -> str: ...

    @property
    def status(self) -> str: ...


class ResolvedPlaceLike(Protocol):
    """What :func:`fit_front` reads of a resolved place (:class:`frontmap.places.ResolvedPlace`)."""

    @property
    def place(self) -> PlaceLike: ...

    @property
    def settlement(self) -> object | None: ...

    @property
    def chainage_km(self) -> float | None: ...

    @property
    def offset_km(self) -> float | None: ...


@dataclass
class PlaceCheck:
    """How the fitted front meets one place.

    ``gap_km`` is how far the place is from meeting its status (0 when met;
    for a contested place, how far beyond the tolerance); None for a place
    left out of the fit.  ``front_km`` is the fitted depth at the place's
    chainage and ``distance_km`` its own distance into the zone's side.
    """

    resolved: ResolvedPlaceLike
    met: bool
    gap_km: float | None
    weight: float
    message: str
    used: bool = True
    front_km: float | None = None
    distance_km: float | None = None

    @property
    def name(self) -> str:
        return _name(self.resolved)

    @property
    def status(self) -> str:
        return self.resolved.place.status

    def to_json(self) -> dict:
        r = self.resolved
        settlement = getattr(r, "settlement", None)
        return {
            "query": r.place.query,
            "status": r.place.status,
            "settlement_id": getattr(settlement, "id", None),
            "chainage_km": _round(r.chainage_km),
            "offset_km": _round(r.offset_km),
            "used": self.used,
            "met": self.met,
            "gap_km": _round(self.gap_km),
            "front_km": _round(self.front_km),
            "weight": round(self.weight, 3),
            "message": self.message,
        }


@dataclass
class FrontFit:
    """The fitted front curve, its zone, and how it meets the evidence.

    ``chainage_km``/``depth_km`` are the curve's knots over its support (0 at
    both ends; zeros between the lobes of a front in pieces).  ``zone`` is
    :func:`~frontmap.zone.zone_from_profile` of that curve (built on first
    use), or None when the evidence puts no ground inside.  ``modelled``
    holds the numbers the curve models (keys of :data:`frontmap.fit.KEYS`),
    measured in border coordinates as the zone's definition has it: the
    settlements with ``d <= D(s)`` (None on the UKR side, which has no
    settlement layer), the area from a grid of ``(s, d)`` samples (within a
    percent or two of ``zone.area_km2``), the greatest ``D`` and the length
    where ``D > 0``.
    """

    chainage_km: np.ndarray
    depth_km: np.ndarray
    claims: Claims | None
    modelled: dict
    places: list[PlaceCheck]
    notes: list[str] = field(default_factory=list)
    side: Side = DEFAULT_SIDE
    contested_tolerance_km: float = 2.0
    border: Border | None = field(default=None, repr=False)

    @cached_property
    def zone(self) -> Zone | None:
        """The zone of the fitted curve, built on first use (the nearest-point
        engine takes longer than the fit); None when the curve is 0 everywhere.
        """
        if not (self.depth_km > 0).any():
            return None
        from .zone import zone_from_profile

        return zone_from_profile(
            self.chainage_km, self.depth_km, self.side, border=self.border, properties={"profile": "fitted front"}
        )

    @property
    def numbers_consistent(self) -> bool:
        if self.claims is None:
            return True
        return all(
            self.modelled.get(k) is not None and self.claims.within(k, self.modelled[k]) for k in self.claims.given()
        )

    @property
    def consistent(self) -> bool:
        """Every place used is met and every number lies within its tolerance."""
        return all(c.met for c in self.places if c.used) and self.numbers_consistent

    @property
    def unmet(self) -> list[PlaceCheck]:
        return [c for c in self.places if c.used and not c.met]

    def depth_at(self, chainage_km) -> np.ndarray:
        """The fitted depth (km) at each chainage; 0 off the support."""
        return np.interp(np.asarray(chainage_km, float), self.chainage_km, self.depth_km, left=0.0, right=0.0)

    def contains_sd(self, chainage_km, offset_km) -> np.ndarray:
        """Membership from border coordinates (offset signed, > 0 in Russia)."""
        d = depth_into_side(offset_km, self.side)
        return (d >= 0) & (d <= self.depth_at(chainage_km))

    def to_json(self) -> dict:
        claimed = {k: (getattr(self.claims, k) if self.claims is not None else None) for k in KEYS}
        tolerances = {
            k: (round(self.claims.tolerance(k), 6) if self.claims is not None and claimed[k] is not None else None)
            for k in KEYS
        }
        return {
            "side": self.side,
            "curve": {
                "chainage_km": [round(float(v), 3) for v in self.chainage_km],
                "depth_km": [round(float(v), 3) for v in self.depth_km],
            },
            "claimed": claimed,
            "modelled": dict(self.modelled),
            "tolerances": tolerances,
            "floors": sorted(self.claims.floors) if self.claims is not None else [],
            "contested_tolerance_km": self.contested_tolerance_km,
            "places": [c.to_json() for c in self.places],
            "consistent": self.consistent,
            "notes": list(self.notes),
        }


# ---------------------------------------------------------------------------
# Helpers


def _round(v, nd: int = 3):
    return None if v is None or not math.isfinite(v) else round(float(v), nd)


def _name(r) -> str:
    return str(r.place.query)


def _km(v: float) -> str:
    """A distance for a sentence: 23 km, 11.8 km, 0.4 km."""
    v = abs(float(v))
    return f"{v:.0f} km" if v >= 20 and abs(v - round(v)) < 0.05 else f"{v:.1f} km"


def _check_number(value, name: str, lo: float, hi: float, *, open_low: bool = True) -> float:
    ok = is_finite_number(value)
    if ok:
        ok = (lo < value if open_low else lo <= value) and value <= hi
    if not ok:
        bracket = "(" if open_low else "["
        raise InvalidSpecError(
            f"{name}={value!r} is not allowed: it must be a number in {bracket}{lo:g}, {hi:g}]", name
        )
    return float(value)


def _place_weights(s: np.ndarray, scale_km: float = _NEIGHBOUR_KM) -> np.ndarray:
    """Support of each place by the others near it along the border, in (0.05, 1]."""
    if len(s) == 0:
        return np.zeros(0)
    density = np.exp(-(((s[:, None] - s[None, :]) / scale_km) ** 2)).sum(axis=1)
    return np.clip(density / density.max(), _MIN_WEIGHT, 1.0)


def _interp_rows(s_pts: np.ndarray, lo: float, h: float, K: int):
    """Indices and weights: D(s) = (1-t) D[k] + t D[k+1] for each point."""
    u = np.clip((s_pts - lo) / h, 0.0, K - 1 - 1e-9)
    k = np.floor(u).astype(int)
    t = u - k
    return k, t


def _curve_at(D: np.ndarray, k: np.ndarray, t: np.ndarray) -> np.ndarray:
    return (1.0 - t) * D[k] + t * D[np.minimum(k + 1, len(D) - 1)]


# ---------------------------------------------------------------------------
# The fitting problem


class _LinearProgram:
    """An LP built up row by row: the curve's ``n_curve`` knots first, then each
    variable :meth:`var` adds, with its cost and bounds; rows ``A x <= b`` and ``A x = b``.
    """

    def __init__(self, n_curve: int) -> None:
        self.n_curve = n_curve
        self.cost: list[float] = []
        self.bounds: list[tuple[float, float | None]] = []
        self.rows: list[int] = []
        self.cols: list[int] = []
        self.vals: list[float] = []
        self.rhs: list[float] = []
        self.eq_rows: list[int] = []
        self.eq_cols: list[int] = []
        self.eq_vals: list[float] = []
        self.eq_rhs: list[float] = []

    @property
    def n(self) -> int:
        return self.n_curve + len(self.cost)

    def var(self, c: float, lo: float = 0.0, hi: float | None = None) -> int:
        """A new variable of cost ``c`` in [lo, hi]; its index."""
        self.cost.append(c)
        self.bounds.append((lo, hi))
        return self.n - 1

    def variables(self, c: float, count: int) -> np.ndarray:
        """``count`` new variables of cost ``c`` in [0, ∞); their indices."""
        first = self.n
        self.cost.extend([c] * count)
        self.bounds.extend([(0.0, None)] * count)
        return first + np.arange(count)

    def le(self, terms: list[tuple[int, float]], b: float) -> None:
        """A row sum(v * x_j) <= b."""
        row = len(self.rhs)
        for j, v in terms:
            self.rows.append(row)
            self.cols.append(j)
            self.vals.append(v)
        self.rhs.append(b)

    def eq(self, terms: list[tuple[int, float]], b: float) -> None:
        """A row sum(v * x_j) = b."""
        row = len(self.eq_rhs)
        for j, v in terms:
            self.eq_rows.append(row)
            self.eq_cols.append(j)
            self.eq_vals.append(v)
        self.eq_rhs.append(b)

    def le_block(self, cols: np.ndarray, vals: np.ndarray) -> None:
        """One row sum(vals[i] * x[cols[i]]) <= 0 for each row ``i`` of ``cols``."""
        m, width = cols.shape
        self.rows.extend(np.repeat(len(self.rhs) + np.arange(m), width).tolist())
        self.cols.extend(cols.ravel().tolist())
        self.vals.extend(vals.ravel().tolist())
        self.rhs.extend([0.0] * m)

    def solve(self, curve_cost: np.ndarray, curve_lo: np.ndarray, curve_hi: np.ndarray) -> np.ndarray | None:
        """The LP's solution (scipy's HiGHS), the curve's knots costing ``curve_cost`` within
        [curve_lo, curve_hi]; None when it fails.
        """
        from scipy.optimize import linprog
        from scipy.sparse import coo_matrix

        K, n, n_le, n_eq = self.n_curve, self.n, len(self.rhs), len(self.eq_rhs)
        c = np.zeros(n)
        c[:K] = curve_cost
        c[K:] = self.cost
        bounds = [(float(curve_lo[k]), float(curve_hi[k])) for k in range(K)] + self.bounds
        A_ub = coo_matrix((self.vals, (self.rows, self.cols)), shape=(n_le, n)).tocsr() if n_le else None
        A_eq = coo_matrix((self.eq_vals, (self.eq_rows, self.eq_cols)), shape=(n_eq, n)).tocsr() if n_eq else None
        res = linprog(
            c,
            A_ub=A_ub,
            b_ub=self.rhs if n_le else None,
            A_eq=A_eq,
            b_eq=self.eq_rhs if n_eq else None,
            bounds=bounds,
            method="highs",
        )
        if res.status != 0 or res.x is None:
            return None
        return res.x


@dataclass
class _Problem:
    """Everything one fit needs, in arrays; its LPs and its exact cost."""

    lo: float
    h: float
    K: int
    # places used: knot index/weight, signed distance, status code (0 in, 1 contested, 2 out), weights
    pk: np.ndarray
    pt: np.ndarray
    pd: np.ndarray
    code: np.ndarray
    w: np.ndarray
    tol_contested: float
    lam_curv: float
    lam_area: float
    number_weight: float
    claims: Claims | None
    # exact measures: settlements' (s, d) and area samples' (s, d), with knot rows
    set_k: np.ndarray | None = None
    set_t: np.ndarray | None = None
    set_d: np.ndarray | None = None
    area_k: np.ndarray | None = None
    area_t: np.ndarray | None = None
    area_d: np.ndarray | None = None
    area_cell: float = 0.0
    area_span: tuple = (0.0, -1.0, 0.0)  # chainages and depth the samples cover
    side: str = DEFAULT_SIDE
    border: object = None

    def cover(self, D: np.ndarray) -> None:
        """Area samples covering the curve's support (± 20 km) and depth."""
        pos = np.flatnonzero(D > 0)
        if not len(pos):
            return
        s_lo, s_hi = self.lo + self.h * max(pos[0] - 1, 0), self.lo + self.h * min(pos[-1] + 1, self.K - 1)
        a, b, depth = self.area_span
        if a <= s_lo and s_hi <= b and D.max() <= depth:
            return
        a, b = max(s_lo - 20.0, self.lo), min(s_hi + 20.0, self.lo + self.h * (self.K - 1))
        depth = min(max(float(D.max()) * 1.3, 5.0) + 1.0, MAX_DEPTH_KM)
        self.area_k, self.area_t, self.area_d, self.area_cell = _area_grid(
            self.side, a, b, depth, self.h, self.K, self.lo, self.border
        )
        self.area_span = (a, b, depth)

    count_density: float = 0.0
    anchor_k: int | None = None

    @property
    def s(self) -> np.ndarray:
        return self.lo + self.h * np.arange(self.K)

    def given(self) -> dict:
        return self.claims.given() if self.claims is not None else {}

    @property
    def claimed(self) -> Claims:
        """The claims, asked for only where a number is given (so never None there)."""
        assert self.claims is not None, "a number is given only with claims"
        return self.claims

    def tol(self, key: str) -> float:
        return max(self.claimed.tolerance(key), 1e-9)

    def settlement_samples(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The settlements' knot rows and distances (set by :func:`fit_front` for a count claim)."""
        assert self.set_k is not None and self.set_t is not None and self.set_d is not None, "no count claim"
        return self.set_k, self.set_t, self.set_d

    def area_samples(self, D: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, float]:
        """The area samples' knot rows and distances, and their cell area (km²), covering ``D``."""
        self.cover(D)
        assert self.area_k is not None and self.area_t is not None and self.area_d is not None, "a curve with no ground"
        return self.area_k, self.area_t, self.area_d, self.area_cell

    # -- exact measures of a curve
    def measure(self, D: np.ndarray) -> dict:
        out = {}
        given = self.given()
        if "settlements" in given:
            set_k, set_t, set_d = self.settlement_samples()
            out["settlements"] = float(np.count_nonzero(set_d <= _curve_at(D, set_k, set_t) + 1e-9))
        if "area_km2" in given:
            area_k, area_t, area_d, cell = self.area_samples(D)
            out["area_km2"] = float(np.count_nonzero(area_d <= _curve_at(D, area_k, area_t))) * cell
        if "depth_km" in given:
            out["depth_km"] = float(D.max())
        if "width_km" in given:
            out["width_km"] = _support_length(D, self.h)
        return out

    def cost(self, D: np.ndarray) -> float:
        """The objective the LPs approximate, measured exactly."""
        at = _curve_at(D, self.pk, self.pt)
        gap = _violations(at, self.pd, self.code, self.tol_contested)
        total = float(np.sum(self.w * gap))
        c = self.code == 1
        off = at[c] - self.pd[c]
        band = np.where(off > 0, self.tol_contested, contested_below(self.pd[c], self.tol_contested))
        total += float(np.sum(_CONTESTED_PULL * self.w[c] * np.minimum(np.abs(off), band)))
        total += self.lam_curv * float(np.abs(np.diff(D, 2)).sum()) + self.lam_area * self.h * float(D.sum())
        for key, value in self.measure(D).items():
            r = value - getattr(self.claimed, key)
            r = abs(min(r, 0.0) if key in self.claimed.floors else r)
            t = self.tol(key)
            total += self.number_weight * (_NUMBER_PULL * min(r, t) + max(r - t, 0.0) * (1.0 + _NUMBER_PULL)) / t
        return total

    # -- gradients of the count and the area about a curve
    def _mass_gradient(self, k, t, d, D, cell, band):
        """d(mass)/d(D_j): points within ``band`` km of the curve, spread on their knots."""
        near = np.abs(d - _curve_at(D, k, t)) <= band
        g = np.zeros(self.K)
        np.add.at(g, k[near], (1.0 - t[near]) * cell / (2 * band))
        np.add.at(g, np.minimum(k[near] + 1, self.K - 1), t[near] * cell / (2 * band))
        return g

    def linear_models(self, D0: np.ndarray | None) -> dict:
        """For count and area: (gradient, offset) with value ≈ gradient·D + offset."""
        models = {}
        given = self.given()
        trap = np.full(self.K, self.h)
        trap[[0, -1]] = self.h / 2
        for key in ("settlements", "area_km2"):
            if key not in given:
                continue
            if D0 is None or D0.max() <= 0:
                g = trap * (self.count_density if key == "settlements" else 1.0)
                models[key] = (g, 0.0)
                continue
            if key == "settlements":
                k, t, d = self.settlement_samples()
                cell = 1.0
            else:
                k, t, d, cell = self.area_samples(D0)
            g = self._mass_gradient(k, t, d, D0, cell, band=max(1.0, 2 * self.h))
            if g.sum() <= 0:  # no point near the curve: fall back on the density
                g = trap * (self.count_density if key == "settlements" else 1.0)
            value = self.measure(D0)[key]
            models[key] = (g, value - float(g @ D0))
        return models

    def solve(
        self, D0: np.ndarray | None, *, support: tuple[int, int] | None, peak: int | None, trust: float | None
    ) -> np.ndarray | None:
        """One LP: the curve minimising the linearised cost, or None when it fails."""
        K = self.K
        lp = _LinearProgram(K)
        d_lo, d_hi = self._curve_bounds(D0, support, trust)
        self._add_smoothness(lp)
        self._add_places(lp)
        self._add_numbers(lp, D0, peak)
        x = lp.solve(np.full(K, self.lam_area * self.h), d_lo, d_hi)  # the area prior on the knots
        if x is None:
            return None
        D = np.clip(x[:K], 0.0, None)
        D[D < _ZERO_KM] = 0.0
        if support is not None:
            a, b = support
            D[a + 1 : b] = np.maximum(D[a + 1 : b], _MIN_SUPPORT_DEPTH_KM)
        return D

    def _curve_bounds(
        self, D0: np.ndarray | None, support: tuple[int, int] | None, trust: float | None
    ) -> tuple[np.ndarray, np.ndarray]:
        """Each knot's bounds: 0 at the window's ends and off a support, within ``trust`` of ``D0``."""
        K = self.K
        d_lo = np.zeros(K)
        d_hi = np.full(K, MAX_DEPTH_KM)
        d_hi[[0, -1]] = 0.0
        if support is not None:
            a, b = support
            d_hi[: a + 1] = 0.0
            d_hi[b:] = 0.0
            d_lo[a + 1 : b] = _MIN_SUPPORT_DEPTH_KM
        if trust is not None and D0 is not None:
            d_lo = np.maximum(d_lo, D0 - trust)
            d_hi = np.minimum(d_hi, D0 + trust)
            d_lo = np.minimum(d_lo, d_hi)
        return d_lo, d_hi

    def _add_smoothness(self, lp: _LinearProgram) -> None:
        """Smoothness: c_k >= |D[k-1] - 2 D[k] + D[k+1]|, as blocks of rows."""
        ks = np.arange(1, self.K - 1)
        cv = lp.variables(self.lam_curv, len(ks))
        for sign in (1.0, -1.0):
            lp.le_block(
                np.column_stack([ks - 1, ks, ks + 1, cv]), np.tile([sign, -2.0 * sign, sign, -1.0], (len(ks), 1))
            )

    def _add_places(self, lp: _LinearProgram) -> None:
        """Each place's violation, weighed; a contested place's pull within its tolerance."""
        K = self.K
        for k, t, d, code, w in zip(self.pk.tolist(), self.pt, self.pd, self.code, self.w, strict=True):
            terms = [(k, 1.0 - t), (min(k + 1, K - 1), t)]
            if code == 0:  # inside: D >= d
                e = lp.var(w)
                lp.le([(j, -v) for j, v in terms] + [(e, -1.0)], -d)
            elif code == 2:  # outside: D <= d - margin
                e = lp.var(w)
                lp.le(terms + [(e, -1.0)], d - OUTSIDE_MARGIN_KM)
            else:  # contested: D - d = p - q; excess e >= p - tol and e >= q - (the band below)
                p, q = lp.var(_CONTESTED_PULL * w), lp.var(_CONTESTED_PULL * w)
                e = lp.var(w * (1.0 + _CONTESTED_PULL))
                lp.eq(terms + [(p, -1.0), (q, 1.0)], d)
                lp.le([(p, 1.0), (e, -1.0)], self.tol_contested)
                lp.le([(q, 1.0), (e, -1.0)], float(contested_below(d, self.tol_contested)))

    def _add_numbers(self, lp: _LinearProgram, D0: np.ndarray | None, peak: int | None) -> None:
        """The numbers: count and area linearised about ``D0``; the depth as an upper bound ``M >= D_k``
        (its excess) and the depth at the knot ``peak`` (its shortfall).
        """
        for key, (g, off) in self.linear_models(D0).items():
            terms = [(j, float(g[j])) for j in np.flatnonzero(g).tolist()]
            self._add_number(lp, key, (terms, off), (terms, off))
        if "depth_km" in self.given():
            K = self.K
            m = lp.var(0.0)
            lp.le_block(np.column_stack([np.arange(K), np.full(K, m)]), np.tile([1.0, -1.0], (K, 1)))
            reach = [(peak, 1.0)] if peak is not None else []
            self._add_number(lp, "depth_km", ([(m, 1.0)], 0.0), (reach, 0.0))

    def _add_number(
        self, lp: _LinearProgram, key: str, high: tuple[list[tuple[int, float]], float], low: tuple[list, float]
    ) -> None:
        """Value - claim = p - q (the value as terms + constant: ``high`` bounds it from above, ``low``
        from below); excess e >= p + q - tol.
        """
        (pos_terms, pos_const), (neg_terms, neg_const) = high, low
        mu = self.number_weight
        claim, t = float(getattr(self.claimed, key)), self.tol(key)
        above = 0.0 if key in self.claimed.floors else 1.0  # a floor costs nothing when exceeded
        p = lp.var(above * mu * _NUMBER_PULL / t)
        q = lp.var(mu * _NUMBER_PULL / t)
        ep = lp.var(above * mu / t)
        eqv = lp.var(mu / t)
        lp.le(pos_terms + [(p, -1.0)], claim - pos_const)
        lp.le([(j, -v) for j, v in neg_terms] + [(q, -1.0)], neg_const - claim)
        lp.le([(p, 1.0), (ep, -1.0)], t)
        lp.le([(q, 1.0), (eqv, -1.0)], t)

    def fit(self, support: tuple[int, int] | None = None) -> tuple[np.ndarray, float]:
        """Sequential LPs: the best curve found and its exact cost."""
        nonlinear = any(k in self.given() for k in ("settlements", "area_km2"))
        # A first pass without the depth's shortfall finds where the front is deepest.
        D = self.solve(None, support=support, peak=None, trust=None)
        if D is None:
            D = np.zeros(self.K)
        best, best_cost = D, self.cost(D)
        if "depth_km" in self.given() or nonlinear:
            prev = D
            for step in range(_STEPS if nonlinear else 1):
                peak = _peak(prev, self, support)
                trust = None if step == 0 else max(_TRUST_KM / step, 0.5)
                D = self.solve(
                    prev if step else (prev if nonlinear and prev.max() > 0 else None),
                    support=support,
                    peak=peak,
                    trust=trust,
                )
                if D is None:
                    break
                cost = self.cost(D)
                if cost < best_cost - 1e-9:
                    best, best_cost = D, cost
                if np.max(np.abs(D - prev)) < 0.01:
                    break
                prev = D
        return best, best_cost


def _peak(D: np.ndarray, prob: _Problem, support) -> int:
    """The knot where the front should reach its claimed depth."""
    if D.max() > 0:
        return int(np.argmax(D))
    if support is not None:
        return (support[0] + support[1]) // 2
    inside = prob.code == 0
    if inside.any():
        i = int(np.argmax(np.where(inside, prob.w * prob.pd, -np.inf)))
        return int(prob.pk[i])
    if prob.anchor_k is not None:
        return prob.anchor_k
    return prob.K // 2


def _area_grid(side: str, s_lo: float, s_hi: float, max_d: float, h: float, K: int, lo: float, border):
    """Area samples (knot rows, distances, cell area) between chainages ``s_lo`` and ``s_hi``."""
    step = max(0.1, math.sqrt((s_hi - s_lo) * max_d / _AREA_SAMPLES))
    s, d = _samples(side, s_lo, s_hi, max_d, step, border)
    keep = (s >= s_lo) & (s <= s_hi)
    k, t = _interp_rows(s[keep], lo, h, K)
    return k, t, d[keep], step * step


def _samples(side: str, lo_s: float, hi_s: float, max_d: float, step: float, border):
    """A grid of points (spacing ``step`` km) within ``max_d`` km of the border between
    chainages ``lo_s`` and ``hi_s``, on ``side``, as border coordinates (s, d) in km.

    As :func:`frontmap.fit._samples`, with the nearest border point found among
    points every 50 m along the line (a k-d tree: tens of ms where nearest
    segments take a second); s and d are then good to 25 m, ample for cells of
    hundreds of metres.
    """
    import shapely
    from scipy.spatial import cKDTree

    from .countries import country
    from .crs import local_crs

    clon, clat = border.point_at((lo_s + hi_s) / 2.0)
    crs = local_crs(round(clon, 7), round(clat, 7))
    chain = border.chainage_m / 1000.0
    lo_i = max(int(np.searchsorted(chain, lo_s - max_d - 1)) - 1, 0)
    hi_i = min(int(np.searchsorted(chain, hi_s + max_d + 1)) + 1, len(chain) - 1)
    x, y = crs.forward(border.lon[lo_i : hi_i + 1], border.lat[lo_i : hi_i + 1])
    c = chain[lo_i : hi_i + 1]
    fine = np.union1d(np.arange(c[0], c[-1], 0.05), c)
    fx, fy = np.interp(fine, c, x), np.interp(fine, c, y)
    tree = cKDTree(np.column_stack([fx, fy]))
    # Blocks of n × n grid points, kept where some of their points can be near the line.
    cell = step * 1000.0
    n = max(int(max_d * 1000.0 / 2.0 / cell), 1)
    block = n * cell
    margin = (max_d + 1) * 1000.0
    bx = np.arange(x.min() - margin, x.max() + margin, block)
    by = np.arange(y.min() - margin, y.max() + margin, block)
    cx, cy = (a.ravel() for a in np.meshgrid(bx, by))
    reach, _ = tree.query(
        np.column_stack([cx + block / 2, cy + block / 2]), distance_upper_bound=max_d * 1000.0 + block * 0.75
    )
    keep = np.isfinite(reach)
    offs = np.arange(n) * cell
    ox, oy = (a.ravel() for a in np.meshgrid(offs, offs))
    px = (cx[keep][:, None] + ox[None, :]).ravel()
    py = (cy[keep][:, None] + oy[None, :]).ravel()
    dist, j = tree.query(np.column_stack([px, py]), distance_upper_bound=max_d * 1000.0)
    near = np.isfinite(dist)
    px, py, dist, j = px[near], py[near], dist[near], j[near]
    lon, lat = crs.inverse(px, py)
    on_side = shapely.contains_xy(country(side), lon, lat)
    return fine[j[on_side]], dist[on_side] / 1000.0


def _support_length(D: np.ndarray, h: float) -> float:
    """Length (km) where the piecewise-linear curve is > 0."""
    pos = D > 0
    return float(h * np.count_nonzero(pos[:-1] | pos[1:]))


def _violations(at, d, code, tol) -> np.ndarray:
    """How far (km) each place is from its status being met by depth ``at``."""
    gap = np.zeros(len(d))
    inside, contested, outside = code == 0, code == 1, code == 2
    gap[inside] = np.maximum(d[inside] - at[inside], 0.0)
    gap[outside] = np.maximum(at[outside] - (d[outside] - OUTSIDE_MARGIN_KM), 0.0)
    off = at[contested] - d[contested]
    gap[contested] = np.maximum(np.maximum(off - tol, -off - contested_below(d[contested], tol)), 0.0)
    return gap


# ---------------------------------------------------------------------------
# The public function

_CODES = {"inside": 0, "contested": 1, "outside": 2}


def fit_front(
    places: Sequence[ResolvedPlaceLike],
    claims: Claims | None = None,
    *,
    side: str = DEFAULT_SIDE,
    contested_tolerance_km: float = CONTESTED_KM,
    smoothness_km: float = 12.0,
    number_weight: float = 3.0,
    anchor: str | Sequence[str] | None = None,
    window_km: float = EVIDENCE_WINDOW_KM,
) -> FrontFit:
    """The front curve that best passes the places and reproduces the numbers.

    Parameters
    ----------
    places : sequence of ResolvedPlace
        Each with ``.place.status`` (inside, contested, outside),
        ``.place.query`` and border coordinates ``.chainage_km``,
        ``.offset_km`` (signed: > 0 in Russia); places without coordinates
        (unresolved, ambiguous) are left out and reported.
    claims : Claims, optional
        Numbers (settlements, area_km2, depth_km, width_km) joined to the fit
        within their tolerances.
    side : {"RUS", "UKR"}
        The country the zone lies in.
    contested_tolerance_km : float
        How near (km) the front must pass a contested place, in (0, 50].
    smoothness_km : float
        How far (km) either side of a lone place its bulge spreads, in
        [1, 200]: larger gives smoother, wider fronts.
    number_weight : float
        Cost (km of place violation) of a number one tolerance beyond its
        tolerance, in (0, 1000].
    anchor : str or sequence of str, optional
        A place or ``lon,lat`` whose border point ± ``window_km`` the front
        may use (needed when no place locates it); several, one per axis.
    window_km : float
        How far (km) beyond the outermost place along the border (or either
        side of the anchor) the front may reach, in [0, 500].

    Raises :class:`~frontmap.errors.InvalidSpecError` for a value out of
    range or when nothing locates the front (no usable place and no anchor).

    Examples
    --------
    >>> from types import SimpleNamespace as NS
    >>> at = lambda q, st, s, d: NS(place=NS(query=q, status=st), settlement=None, chainage_km=s, offset_km=d)
    >>> f = fit_front([at("A", "inside", 600.0, 8.0), at("B", "contested", 610.0, 10.0),
    ...                at("C", "outside", 605.0, 25.0)])
    >>> f.consistent, [c.met for c in f.places]
    (True, [True, True, True])
    """
    if not is_side(side):
        raise InvalidSpecError(f"side={side!r} is not a valid option, must be one of {', '.join(SIDES)}", "side")
    tol = _check_number(contested_tolerance_km, "contested_tolerance_km", 0.0, 50.0)
    smooth = _check_number(smoothness_km, "smoothness_km", 1.0, 200.0, open_low=False)
    mu = _check_number(number_weight, "number_weight", 0.0, 1000.0)
    window = _check_number(window_km, "window_km", 0.0, 500.0, open_low=False)
    if claims is not None:
        if claims.given():
            claims.validate()
        else:
            claims = None
    if claims is not None and claims.settlements is not None:
        from .estimate import require_settlement_layer

        require_settlement_layer(side, mapped_ok=True)
    from .border import load_border

    border = load_border()
    length = border.length_km
    sign = side_sign(side)

    places = list(places)
    _check_statuses(places)
    usable, s_all, offsets = _positions(places)
    d_all = offsets * sign
    codes_all = np.array([_CODES[places[i].place.status] for i in usable], dtype=np.int_)
    # Places across the border from the zone: an inside one can never be met,
    # an outside one always is; they take no part in the program.
    in_lp = ~((d_all < 0) & (codes_all != 1))
    anchor_s, anchors_s = None, []
    if anchor is not None:  # one anchor, or one per axis: the front may reach each
        from .zone import resolve_anchor

        anchors = (anchor,) if isinstance(anchor, str) else tuple(anchor)
        anchors_s = [resolve_anchor(a, border, side=side).chainage_km for a in anchors]
        anchor_s = anchors_s[0]
    if not len(s_all) and anchor_s is None:
        raise InvalidSpecError(
            "nothing locates the front: no place has border coordinates (all unresolved or ambiguous) and no anchor "
            "was given",
            "places",
        )
    weights_all = _place_weights(s_all)

    # The window and its knots.
    width_claim = claims.width_km if claims is not None else None
    pad = max(window, (width_claim or 0.0) / 2.0 + 2.0, 2.0)
    spans = [(s_all.min() - pad, s_all.max() + pad)] if len(s_all) else []
    reach = max(window, (width_claim or 0.0) / 2.0 + 2.0)
    spans += [(s - reach, s + reach) for s in anchors_s]
    lo = max(min(a for a, _ in spans), 0.0)
    hi = min(max(b for _, b in spans), length)
    h = max(KNOT_SPACING_KM, (hi - lo) / (MAX_KNOTS - 1))
    K = max(int(math.ceil((hi - lo) / h)) + 1, 3)
    h = (hi - lo) / (K - 1)

    sel = in_lp
    pk, pt = _interp_rows(s_all[sel], lo, h, K)
    lam_area = _REACH_COST / (2.0 * smooth)
    lam_curv = _REACH_COST * smooth / (8.0 * h)
    prob = _Problem(lo, h, K, pk, pt, d_all[sel], codes_all[sel], weights_all[sel], tol, lam_curv, lam_area, mu, claims)
    if anchor_s is not None:
        prob.anchor_k = int(round((anchor_s - lo) / h))
    if claims is not None and "settlements" in claims.given():
        # Exact measures for the numbers.
        deepest = max([float(d_all.max()) if len(d_all) else 0.0, claims.given().get("depth_km", 0.0)]) + tol
        _count_settlements(prob, side, claims.count, hi, deepest)
    # Area samples (for an area claim and the modelled area) are laid over the
    # curve's support when first needed, and again only when it outgrows them.
    prob.side, prob.border = side, border

    D = _solve(prob, claims, anchor_s)
    # Robust rounds: a place the fit misses by more than ROBUST_KM weighs
    # ROBUST_KM / gap of its weight (a Cauchy-like loss), so a raid far beyond
    # the front stops pulling it once it is plainly an outlier.
    base = prob.w.copy()
    for _ in range(_ROBUST_ROUNDS):
        gap = _violations(_curve_at(D, prob.pk, prob.pt), prob.pd, prob.code, tol)
        factor = np.minimum(1.0, ROBUST_KM / np.maximum(gap, 1e-9))
        if np.allclose(base * factor, prob.w):
            break
        prob.w = base * factor
        D = _solve(prob, claims, anchor_s)
    weights_all = weights_all.copy()
    weights_all[np.flatnonzero(in_lp)] = prob.w
    return _result(D, prob, places, usable, in_lp, s_all, d_all, codes_all, weights_all, claims, side, tol, border)


def _check_statuses(places: Sequence[ResolvedPlaceLike]) -> None:
    for r in places:
        status = getattr(getattr(r, "place", None), "status", None)
        if status not in _CODES:
            raise InvalidSpecError(
                f"place {getattr(getattr(r, 'place', None), 'query', r)!r} has status={status!r}: "
                "a status is one of inside, contested, outside",
                "status",
            )


def _positions(places: Sequence[ResolvedPlaceLike]) -> tuple[list[int], np.ndarray, np.ndarray]:
    """The places with finite border coordinates: their indices, chainages and offsets (km)."""
    usable, chainages, offsets = [], [], []
    for i, r in enumerate(places):
        s, d = r.chainage_km, r.offset_km
        if s is not None and d is not None and math.isfinite(s) and math.isfinite(d):
            usable.append(i)
            chainages.append(s)
            offsets.append(d)
    return usable, np.array(chainages, dtype=np.float64), np.array(offsets, dtype=np.float64)


def _count_settlements(prob: _Problem, side: str, count: str, hi: float, deepest: float) -> None:
    """The settlements (or mapped places) the count claim counts, near the window, and their density."""
    from .estimate import counted_points

    lo, h, K = prob.lo, prob.h, prob.K
    ss, sd, _ = counted_points(side, count)
    near = (ss >= lo) & (ss <= hi)
    ss, sd = ss[near], sd[near]
    prob.set_k, prob.set_t = _interp_rows(ss, lo, h, K)
    prob.set_d = sd
    band = max(deepest, 10.0)
    prob.count_density = float(np.count_nonzero(sd <= band)) / ((hi - lo) * band)


def _solve(prob: _Problem, claims: Claims | None, anchor_s: float | None) -> np.ndarray:
    """The free fit and, for a claimed width it misses, supports of exactly that width."""
    K, h, lo = prob.K, prob.h, prob.lo
    D, best_cost = prob.fit()
    if claims is None or claims.width_km is None:
        return D
    width_claim = claims.width_km
    if abs(_support_length(D, h) - width_claim) <= claims.tolerance("width_km"):
        return D
    n_w = max(int(round(width_claim / h)), 1)
    if D.max() > 0:
        centre = float(np.sum(np.arange(K) * D) / D.sum())
    elif anchor_s is not None:
        centre = (anchor_s - lo) / h
    else:
        centre = (K - 1) / 2.0
    for off in np.unique(np.round(np.linspace(-n_w / 4.0, n_w / 4.0, 7)).astype(int)):
        a = min(max(int(round(centre - n_w / 2.0)) + int(off), 0), K - 1 - n_w)
        if a < 0:
            continue
        cand, cost = prob.fit(support=(a, a + n_w))
        if cost < best_cost - 1e-9:
            D, best_cost = cand, cost
    return D


def _result(
    D, prob, places, usable, in_lp, s_all, d_all, codes_all, weights_all, claims, side, tol, border
) -> FrontFit:
    """Measure the curve, check every place, write the notes."""
    K, h, lo = prob.K, prob.h, prob.lo
    s_knots = prob.s
    pos = np.flatnonzero(D > 0)
    if len(pos):
        a, b = max(pos[0] - 1, 0), min(pos[-1] + 1, K - 1)
        curve_s, curve_d = s_knots[a : b + 1], D[a : b + 1].copy()
    else:
        curve_s, curve_d = np.array([lo, lo + h * (K - 1)]), np.zeros(2)
    at_all = np.interp(s_all, curve_s, curve_d, left=0.0, right=0.0) if len(s_all) else np.zeros(0)

    modelled = {
        "settlements": None,
        "area_km2": 0.0,
        "depth_km": round(float(D.max()), 3),
        "width_km": round(_support_length(D, h), 3),
    }
    if len(pos):
        prob.cover(D)
        k, t, d, cell = prob.area_k, prob.area_t, prob.area_d, prob.area_cell
        modelled["area_km2"] = round(float(np.count_nonzero(d <= _curve_at(D, k, t))) * cell, 3)
    from .estimate import counted_points

    ss, sd, _ = counted_points(side, claims.count if claims is not None else "all")
    inside = sd <= np.interp(ss, curve_s, curve_d, left=0.0, right=0.0)
    modelled["settlements"] = int(np.count_nonzero(inside)) if len(pos) else 0

    checks: list[PlaceCheck] = []
    where = {i: j for j, i in enumerate(usable)}
    for i, r in enumerate(places):
        if i not in where:
            how = getattr(r, "how", None) or "unresolved"
            n_cand = len(getattr(r, "candidates", ()) or ())
            why = f"{how}" + (f", {n_cand} candidates" if how == "ambiguous" and n_cand else "")
            checks.append(
                PlaceCheck(
                    r,
                    False,
                    None,
                    0.0,
                    f"{_name(r)} ({r.place.status}) is left out of the fit: it has no border position ({why})",
                    used=False,
                )
            )
            continue
        j = where[i]
        checks.append(
            _check_place(
                r,
                float(d_all[j]),
                float(at_all[j]),
                int(codes_all[j]),
                float(weights_all[j]),
                tol,
                side,
                bool(in_lp[j]),
            )
        )
    fit = FrontFit(curve_s, curve_d, claims, modelled, checks, side=side, contested_tolerance_km=tol, border=border)
    fit.notes = _notes(fit, s_all, d_all, codes_all, usable, places, bool(len(pos)))
    return fit


def _check_place(r, d: float, at: float, code: int, w: float, tol: float, side: str, in_lp: bool) -> PlaceCheck:
    name = _name(r)
    other = "Ukraine" if side == "RUS" else "Russia"
    if d < 0 and code != 1:
        if code == 0:
            return PlaceCheck(
                r,
                False,
                -d,
                w,
                f"{name} (inside) lies {_km(-d)} into {other}, across the border from "
                f"a {side} zone: no front on this side can include it",
                True,
                at,
                d,
            )
        return PlaceCheck(
            r,
            True,
            0.0,
            w,
            f"{name} (outside) lies {_km(-d)} into {other}, across the border: outside any zone on this side",
            True,
            at,
            d,
        )
    where = f"{name} is {_km(d)} from the border: the fitted front reaches {_km(at)} there"
    if code == 0:
        gap = max(d - at, 0.0)
        met = gap <= _MET_SLACK_KM
        msg = (
            f"{where}, {_km(gap)} short"
            if not met
            else f"{where}, so it is inside"
            + (f" ({_km(at - d)} behind the front)" if at - d >= 0.05 else " (on the front)")
        )
    elif code == 2:
        gap = max(at - d, 0.0)
        met = at < d
        if met:
            msg = f"{name} (outside) is {_km(d)} from the border: the fitted front stops {_km(d - at)} short of it"
        else:
            msg = (
                f"{name} (outside) is {_km(gap)} inside the fitted front "
                f"({_km(d)} from the border, the front reaches {_km(at)})"
            )
    else:
        off = at - d
        band = tol if off > 0 else float(contested_below(d, tol))
        gap = max(abs(off) - band, 0.0)
        met = gap <= _MET_SLACK_KM
        rel = f"{_km(off)} {'beyond' if off > 0 else 'short of'} it"
        if met:
            msg = (
                f"{name} (contested) is {_km(d)} from the border: the fitted front reaches {_km(at)} there, "
                f"{rel}, within the {_km(band)} tolerance"
            )
        else:
            msg = (
                f"{name} (contested) is {_km(d)} from the border: the fitted front reaches {_km(at)} there, "
                f"{rel}: {_km(gap)} beyond the {_km(band)} tolerance"
            )
    return PlaceCheck(r, bool(met), float(gap), w, msg, True, at, d)


def _notes(fit: FrontFit, s_all, d_all, codes_all, usable, places, any_ground: bool) -> list[str]:
    claims = fit.claims
    notes: list[str] = []
    if claims is not None:
        notes += _number_notes(fit.modelled, claims)
        # Conflicts between places and numbers, in plain words.
        inside = [j for j in range(len(usable)) if codes_all[j] == 0 and d_all[j] >= 0]
        notes += _conflict_notes(claims, inside, [_name(places[i]) for i in usable], s_all, d_all)
    notes += _place_notes(fit.places)
    if not any_ground:
        notes.append("the evidence puts no ground inside: the fitted front is empty")
    if claims is not None and "settlements" in claims.given():
        from .estimate import count_note

        notes.append(count_note(fit.side, claims.count))
    return notes


_UNITS = {"settlements": "", "area_km2": " km²", "depth_km": " km", "width_km": " km"}


def _number_notes(modelled: dict, claims: Claims) -> list[str]:
    """Each number the fitted front misses beyond its tolerance."""
    notes = []
    for k, v in claims.given().items():
        got = modelled.get(k)
        if got is None:
            continue
        gap, t = got - v, claims.tolerance(k)
        if not claims.within(k, got):
            at_least = "at least " if k in claims.floors else ""
            unit = _UNITS[k]
            notes.append(
                f"{k}: the fitted front models {got:,g}{unit} against the claimed {at_least}{v:,g}{unit}, "
                f"off by {gap:+,.3g}{unit}, beyond the ±{t:,.3g}{unit} tolerance"
            )
    return notes


def _conflict_notes(claims: Claims, inside: list[int], names: list[str], s_all, d_all) -> list[str]:
    """Inside places (indices ``inside`` of the usable ones, named ``names``) that no front of the
    claimed depth or width can include.
    """
    notes = []
    given = claims.given()
    if "depth_km" in given:
        most = given["depth_km"] + claims.tolerance("depth_km")
        for j in inside:
            if d_all[j] > most + 1e-9:
                notes.append(
                    f"{names[j]} is {_km(d_all[j])} from the border: a {given['depth_km']:g} km depth cannot include it"
                )
    if "width_km" in given and len(inside) >= 2:
        most = given["width_km"] + claims.tolerance("width_km")
        js = sorted(inside, key=lambda j: s_all[j])
        a, b = js[0], js[-1]
        if s_all[b] - s_all[a] > most + 1e-9:
            notes.append(
                f"{names[a]} and {names[b]} are {_km(s_all[b] - s_all[a])} apart "
                f"along the border: a {given['width_km']:g} km wide front cannot include both"
            )
    return notes


def _place_notes(checks: list[PlaceCheck]) -> list[str]:
    """Places unmet, left out, or weighed down as isolated."""
    notes = [f"unmet: {c.message} (weight {c.weight:.2f})" for c in checks if c.used and not c.met]
    left = [c for c in checks if not c.used]
    if left:
        notes.append(f"left out of the fit (no border position): {', '.join(c.name for c in left)}")
    isolated = [c for c in checks if c.used and c.weight < 0.3]
    if isolated:
        notes.append(
            "weighed down as isolated along the border from the other places: "
            + ", ".join(f"{c.name} ({c.weight:.2f})" for c in isolated)
        )
    return notes
