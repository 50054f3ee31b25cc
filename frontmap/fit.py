"""Fit a zone to the numbers a claim gives.

A claim may give any of: how many settlements, how much area, how deep, how
wide.  :func:`fit` searches zone specs — width, depth, profile, and the
centre's position along the border within ``± window_km`` of the anchor's
border point — for the one that reproduces the claimed numbers best, and
says whether they can all hold at once.

Each claimed number has a tolerance.  By default: ±10 % for a settlement
count and an area; for a depth or a width, half a unit of the stated
figure's last significant digit (``12`` km → ±0.5 km, ``40`` km → ±5 km,
``12.5`` km → ±0.05 km), which is how far rounding can have moved it.
The fit minimises the sum of squared residuals in units of tolerance; the
claims are *consistent* when every residual lies within its tolerance.

The search is fast because zone membership is a comparison in
border-relative coordinates (chainage ``s``, offset ``d``): a settlement
or an area sample at ``(s, d)`` enters a zone of width ``W`` centred at
``s0`` once the depth reaches ``d / g(u)``, ``u = (s - s0)/(W/2)``
(``g = 1`` flat, ``sqrt(1 - u²)`` salient).  Sorting those thresholds once
per (profile, centre, width) gives the count and the area for every depth.
Areas come from a regular grid of samples in the zone's local projection;
the reported figures come from the polygon built for the best spec.
"""

from __future__ import annotations

import contextlib
import contextvars
import functools
import math
from collections.abc import Iterator
from dataclasses import dataclass, field

import numpy as np
import shapely

from . import _deprecated
from .anchor import Anchor
from .checks import check_positive_number, is_finite_number
from .countries import country
from .defaults import DEFAULT_ANCHOR, DEFAULT_SIDE, DEFAULT_WINDOW_KM
from .errors import InvalidSpecError
from .spec import entry_depth_km, is_side
from .zone import MAX_DEPTH_KM, SIDES, Zone, ZoneSpec, resolve_anchor

__all__ = ["Claims", "FitResult", "KEYS", "fit", "rounding_tolerance", "shared_passes"]

#: The numbers a claim can give, in output order.
KEYS = ("settlements", "area_km2", "depth_km", "width_km")
#: Default relative tolerance of a claimed count or area.
RELATIVE_TOLERANCE = 0.10
#: Widest front (km) the fit considers when no width is claimed.
MAX_WIDTH_KM = 200.0
#: Ranges of the claimed numbers (the border line bounds a claimed width, the
#: zone its depth: (0, MAX_DEPTH_KM] km).  The register holds some 7,000 settlements.
MAX_SETTLEMENTS = 10_000
MAX_AREA_KM2 = 100_000.0
#: Ranges of the tolerances: a fraction for a count or an area, km for a depth or a width.
MAX_TOLERANCE = {"settlements": 10.0, "area_km2": 10.0, "depth_km": 100.0, "width_km": 1000.0}
#: Largest window (km) the centre may move within.
MAX_WINDOW_KM = 100.0
#: The search divides residuals by tolerances no smaller than this (no overflow).
_MIN_SEARCH_TOLERANCE = 1e-9
#: How each tolerance is named where it is given (the parameter behind a flag).
TOLERANCE_PARAMS = {
    "settlements": "settlements_tolerance",
    "area_km2": "area_tolerance",
    "depth_km": "depth_tolerance_km",
    "width_km": "width_tolerance_km",
}
#: Weight of the preferences that settle free parameters (centre at the
#: anchor, the seed claim's width:depth ratio); tiny beside any residual.
_PREFERENCE = 1e-3
_SEED_RATIO = math.log(40.0 / 12.0)
#: A fit near its neighbours (``fit(near=...)``) keeps every residual within this
#: fraction of its tolerance (the search's areas are estimates; the polygon's may
#: differ a little); when no spec does, its cost stays within NEAR_SLACK of the least.
NEAR_MARGIN = 0.8
NEAR_SLACK = 1.0
#: Area samples over the searched region in the coarse and the fine pass.
_COARSE_SAMPLES = 8_000
_FINE_SAMPLES = 40_000


def rounding_tolerance(value: float) -> float:
    """Half a unit of ``value``'s last significant digit.

    A number given as 12 stands for anything that rounds to 12, so it is met
    within 0.5; 40 (one significant digit, a round figure) within 5; 12.5
    within 0.05.  Digits past the sixth decimal are ignored.

    Parameters
    ----------
    value : float
        A claimed number, as written (its sign is ignored).

    Returns
    -------
    float
        Half a unit of the last non-zero digit, always > 0.

    Examples
    --------
    >>> rounding_tolerance(12), rounding_tolerance(40), rounding_tolerance(12.5), rounding_tolerance(0.3)
    (0.5, 5.0, 0.05, 0.05)
    """
    text = f"{abs(float(value)):.6f}".rstrip("0").rstrip(".")
    if "." in text:
        return 0.5 * 10.0 ** -len(text.split(".")[1])
    digits = text.lstrip("0") or "0"
    return 0.5 * 10.0 ** (len(digits) - len(digits.rstrip("0")))


@dataclass(frozen=True)
class Claims:
    """The numbers a claim gives (None where it gives none) and their tolerances.

    ``count`` says which settlements a claimed number counts: ``all``
    register entries or only ``inhabited`` ones (population > 0).
    ``tolerances`` may override the defaults, keyed like :data:`KEYS`
    (a count's and an area's as a fraction, a depth's and a width's in km).
    """

    settlements: int | None = None
    area_km2: float | None = None
    depth_km: float | None = None
    width_km: float | None = None
    count: str = "all"
    tolerances: dict = field(default_factory=dict)
    #: Keys whose claimed value is a floor (the zone may exceed it): an older
    #: statement in fused evidence, made before the front moved on.  Only
    #: :func:`frontmap.front.fit_front` honours it.
    floors: frozenset = frozenset()

    @classmethod
    def from_claim(cls, claim) -> Claims:
        """The numbers of a :class:`frontmap.claims.Claim`; a range counts as its middle,
        within half its width.
        """
        values, tolerances = {}, {}
        for key, value in claim.numbers().items():
            if isinstance(value, tuple):
                lo, hi = value
                values[key] = (lo + hi) / 2.0
                half = (hi - lo) / 2.0
                if half > 0 and values[key] > 0:
                    tolerances[key] = half / values[key] if key in ("settlements", "area_km2") else half
            else:
                values[key] = value
        return cls(**values, tolerances=tolerances)

    def given(self) -> dict:
        return {k: getattr(self, k) for k in KEYS if getattr(self, k) is not None}

    def within(self, key: str, value: float) -> bool:
        """Whether a modelled ``value`` meets claimed ``key`` within its tolerance (or above it, for a floor)."""
        gap = value - getattr(self, key)
        if key in self.floors:
            gap = min(gap, 0.0)
        return abs(gap) <= self.tolerance(key) + 1e-9

    def tolerance(self, key: str) -> float:
        """The tolerance of claimed ``key`` in its own unit (count, km², km)."""
        value = getattr(self, key)
        if key in ("settlements", "area_km2"):
            return abs(value) * self.tolerances.get(key, RELATIVE_TOLERANCE)
        return self.tolerances.get(key, rounding_tolerance(value))

    def validate(self) -> Claims:
        """Check the numbers and tolerances are in range.

        Ranges: settlements in (0, 10,000], area_km2 in (0, 100,000] km²,
        depth_km in (0, 100] km, width_km > 0 (the border line bounds it);
        tolerances in (0, 10] as a fraction (count, area), (0, 100] km
        (depth), (0, 1,000] km (width).  ``InvalidSpecError.param`` names the
        number (``depth_km``) or the tolerance (``depth_tolerance_km``).
        """
        if not self.given():
            raise InvalidSpecError(
                "no claim to fit: give at least one of --settlements, --area-km2, --depth-km, --width-km"
            )
        highs = {
            "settlements": MAX_SETTLEMENTS,
            "area_km2": MAX_AREA_KM2,
            "depth_km": MAX_DEPTH_KM,
            "width_km": math.inf,
        }
        for key, value in self.given().items():
            check_positive_number(value, key)
            if value > highs[key]:
                raise InvalidSpecError(
                    f"{key}={value:g} is not allowed: it must be in (0, {highs[key]:g}]"
                    + ("" if key == "settlements" else " km²" if key == "area_km2" else " km"),
                    key,
                )
        from .estimate import COUNTS

        if self.count not in COUNTS:
            raise InvalidSpecError(
                f"count={self.count!r} is not a valid option, must be one of {', '.join(COUNTS)}", "count"
            )
        for key, value in self.tolerances.items():
            if key not in KEYS:
                raise InvalidSpecError(f"tolerance of {key!r} is not allowed: tolerances are of {', '.join(KEYS)}")
            high = MAX_TOLERANCE[key]
            if not is_finite_number(value) or not 0 < value <= high:
                raise InvalidSpecError(
                    f"tolerance of {key}={value!r} is not allowed: it must be a number in (0, {high:g}]",
                    TOLERANCE_PARAMS[key],
                )
        return self


@dataclass
class FitResult:
    """The best spec, what it models against what was claimed, and the verdict."""

    spec: ZoneSpec
    zone: Zone
    claims: Claims
    centre_shift_km: float
    modelled: dict
    notes: list[str]
    window_km: float
    anchor: Anchor | None = None

    @property
    def residuals(self) -> dict:
        return {
            k: (None if v is None else round(self.modelled[k] - v, 3))
            for k, v in ((k, getattr(self.claims, k)) for k in KEYS)
        }

    @property
    def consistent(self) -> bool:
        return all(abs(self.modelled[k] - v) <= self.claims.tolerance(k) + 1e-9 for k, v in self.claims.given().items())

    def to_json(self) -> dict:
        """The contract of ``frontmap fit --format json``."""
        spec = self.zone.to_properties()
        spec["centre_shift_km"] = round(self.centre_shift_km, 3)
        return {
            "spec": spec,
            "claimed": {k: getattr(self.claims, k) for k in KEYS},
            "modelled": dict(self.modelled),
            "residuals": self.residuals,
            "tolerances": {k: (round(self.claims.tolerance(k), 6) if k in self.claims.given() else None) for k in KEYS},
            "consistent": self.consistent,
            "count": self.claims.count,
            "window_km": self.window_km,
            "anchor": None
            if self.anchor is None
            else {
                "query": self.anchor.query,
                "label": self.anchor.label,
                "chainage_km": round(self.anchor.chainage_km, 3),
            },
            "notes": list(self.notes),
        }


# ---------------------------------------------------------------------------
# Border-relative samples

#: Sample grids kept for reuse: a timeline fits several claims over the same
#: ground, and a coarse grid often comes back for the next claim.
_SAMPLE_CACHE_SIZE = 16
#: Extra reach (km) of the region sampled past the searched stretch's ends;
#: samples that fall beyond the stretch are dropped afterwards.
_STRETCH_MARGIN_KM = 1.0
#: Segments a buffer's quarter circle is drawn with, and the slack (km) added
#: to it so that the region sampled holds every point within reach.
_BUFFER_QUAD_SEGS = 8
_REACH_SLACK_KM = 0.05
#: How far (m) the line is simplified to tell whether a point is nearer the stretch or the line beyond.
_BEYOND_TOLERANCE_M = 1000.0
#: Chainages (km) within this of a front's end are kept for the exact test.
_SLICE_MARGIN_KM = 1e-6
#: Children per node of the tree of border segments the samples are located on
#: (shapely's default is 10; 2 finds the nearest segment of a lattice point faster).
_TREE_NODE_CAPACITY = 2


def _samples(side: str, anchor_s: float, lo_s: float, hi_s: float, max_d: float, step: float):
    """A grid of points (spacing ``step`` km) near the border between chainages
    ``lo_s`` and ``hi_s`` and within ``max_d`` of it on ``side``, as (s, d) in km.

    The arrays are sorted by chainage, read-only, and shared between calls
    with the same arguments (the last :data:`_SAMPLE_CACHE_SIZE` are kept).
    """
    return _cached_samples(str(side), float(anchor_s), float(lo_s), float(hi_s), float(max_d), float(step))


@functools.lru_cache(maxsize=_SAMPLE_CACHE_SIZE)
def _cached_samples(side: str, anchor_s: float, lo_s: float, hi_s: float, max_d: float, step: float):
    from .cache import cached_arrays

    args = (side, anchor_s, lo_s, hi_s, max_d, step)
    # On disk too when the command line has the cache on: a timeline's fits come back run after run.
    s, d = cached_arrays(f"fit samples {args!r}", lambda: _sorted_samples(*args))
    s.flags.writeable = False
    d.flags.writeable = False
    return s, d


def _sorted_samples(side: str, anchor_s: float, lo_s: float, hi_s: float, max_d: float, step: float):
    s, d = _build_samples(side, anchor_s, lo_s, hi_s, max_d, step)
    order = np.argsort(s, kind="stable")
    s, d = s[order], d[order]
    s.flags.writeable = False
    d.flags.writeable = False
    return s, d


def _samples_cache_clear() -> None:
    _cached_samples.cache_clear()


def _samples_cache_len() -> int:
    return _cached_samples.cache_info().currsize


def _build_samples(side: str, anchor_s: float, lo_s: float, hi_s: float, max_d: float, step: float):
    """The samples of :func:`_samples`, unsorted.

    The lattice is laid over the stretch of line and its surroundings; only
    its points within reach of the stretch between ``lo_s`` and ``hi_s`` are
    located on the line (the others could never lie on a searched front).
    """
    from .border import load_border, segment_lines
    from .crs import local_crs

    border = load_border()
    clon, clat = border.point_at(anchor_s)
    crs = local_crs(round(clon, 7), round(clat, 7))
    chain = border.chainage_m / 1000.0
    lo_i = max(int(np.searchsorted(chain, lo_s - max_d - 1)) - 1, 0)
    hi_i = min(int(np.searchsorted(chain, hi_s + max_d + 1)) + 1, len(chain) - 1)
    x, y = crs.forward(border.lon[lo_i : hi_i + 1], border.lat[lo_i : hi_i + 1])
    segments = segment_lines(x, y)
    # The lattice covers the stretch of line and its surroundings.
    mx = (max_d + 1) * 1000.0
    gx = np.arange(x.min() - mx, x.max() + mx, step * 1000.0)
    gy = np.arange(y.min() - mx, y.max() + mx, step * 1000.0)
    px, py, *_ = _lattice_within_reach(gx, gy, x, y, chain[lo_i : hi_i + 1], (lo_s, hi_s), max_d, step)
    lon, lat = crs.inverse(px, py)
    on_side = shapely.contains_xy(country(side), lon, lat)
    px, py = px[on_side], py[on_side]
    # The nearest segment of every point, then those within reach: the same distances
    # as query_nearest(max_distance=...) on the default tree, in a third of its time.
    # Where a point is as near two segments (at their shared vertex) the tree may
    # name either; the chainage is the vertex's either way.
    tree = shapely.STRtree(segments, node_capacity=_TREE_NODE_CAPACITY)
    (hit, seg), dist = tree.query_nearest(shapely.points(px, py), return_distance=True, all_matches=False)
    within = dist <= max_d * 1000.0
    hit, seg, dist = hit[within], seg[within], dist[within]
    px, py = px[hit], py[hit]
    ax, ay, bx, by = x[seg], y[seg], x[seg + 1], y[seg + 1]
    dx, dy = bx - ax, by - ay
    len2 = np.where(dx * dx + dy * dy > 0, dx * dx + dy * dy, 1.0)
    t = np.clip(((px - ax) * dx + (py - ay) * dy) / len2, 0.0, 1.0)
    i = lo_i + seg
    s = chain[i] + t * (chain[i + 1] - chain[i])
    # A sample beyond the stretch's ends lies on no searched front.
    keep = (s >= lo_s - _SLICE_MARGIN_KM) & (s <= hi_s + _SLICE_MARGIN_KM)
    return s[keep], dist[keep] / 1000.0


def _lattice_within_reach(gx, gy, x, y, chain, stretch, max_d: float, step: float):
    """The lattice points (``gx`` × ``gy``, metres) that may lie within ``max_d`` km
    of the line ``x``, ``y`` between the chainages ``stretch`` (km), nearer it than the
    rest of the line, as their coordinates ``px``, ``py``.

    Points left out are those no sample can come from: farther from the stretch
    than ``max_d``, or surely nearer the line beyond it.
    """
    lo_s, hi_s = stretch
    a = max(int(np.searchsorted(chain, lo_s - _STRETCH_MARGIN_KM)) - 1, 0)
    b = min(int(np.searchsorted(chain, hi_s + _STRETCH_MARGIN_KM, "right")), len(chain) - 1)
    region = _reach_region(x[a : b + 1], y[a : b + 1], max_d * 1000.0, step * 1000.0)
    x0, y0, x1, y1 = shapely.bounds(region)
    c0, c1 = int(np.searchsorted(gx, x0)), int(np.searchsorted(gx, x1, "right"))
    r0, r1 = int(np.searchsorted(gy, y0)), int(np.searchsorted(gy, y1, "right"))
    ci, ri = (v.ravel() for v in np.meshgrid(np.arange(c0, c1), np.arange(r0, r1)))
    px, py = gx[ci], gy[ri]
    shapely.prepare(region)
    inside = shapely.contains_xy(region, px, py)
    ci, ri = ci[inside], ri[inside]
    keep = _not_nearer_beyond(gx, gy, ci, ri, x, y, (a, b))
    return gx[ci[keep]], gy[ri[keep]]


def _reach_region(x, y, reach_m: float, step_m: float):
    """A region holding every point within ``reach_m`` of the line ``x``, ``y``.

    The line is simplified to half a lattice step and buffered with round
    caps (GEOS's flat caps drop ground where a line folds back), its radius
    grown by the simplification and by the sagitta of the chords that draw
    the buffer's arcs: no point within reach is left out.
    """
    tolerance = step_m / 2.0
    radius = (reach_m + tolerance) / math.cos(math.pi / (4 * _BUFFER_QUAD_SEGS)) + step_m + _REACH_SLACK_KM * 1000.0
    line = shapely.linestrings(x, y) if len(x) > 1 else shapely.points(x[0], y[0])
    return shapely.buffer(
        shapely.simplify(line, tolerance, preserve_topology=False), radius, quad_segs=_BUFFER_QUAD_SEGS
    )


#: Lattice points per side of the blocks :func:`_not_nearer_beyond` measures distances from.
_BLOCK = 5


def _not_nearer_beyond(gx, gy, ci, ri, x, y, stretch) -> np.ndarray:
    """False where a lattice point (``gx[ci]``, ``gy[ri]``) is surely nearer the line
    beyond the vertices ``stretch`` (first, last) than the stretch itself: its nearest
    point lies beyond the stretch.

    Both are simplified by :data:`_BEYOND_TOLERANCE_M`, which moves a distance to
    them by at most as much; a point is dropped only when the gap is wider.  The
    distances are measured from the middle of blocks of :data:`_BLOCK` × :data:`_BLOCK`
    lattice points, and a block's points are dropped only when the gap is wider than
    that by the block's half diagonal on either side (a distance moves no more than
    the point does).
    """
    a, b = stretch
    beyond = [shapely.linestrings(x[i : j + 1], y[i : j + 1]) for i, j in ((0, a), (b, len(x) - 1)) if j > i]
    if not beyond or b <= a or len(ci) == 0:
        return np.ones(len(ci), bool)
    tolerance = _BEYOND_TOLERANCE_M
    near = shapely.simplify(shapely.linestrings(x[a : b + 1], y[a : b + 1]), tolerance, preserve_topology=False)
    far = shapely.simplify(shapely.multilinestrings(beyond), tolerance, preserve_topology=False)
    # Every block over the points' columns and rows: its first and last lattice
    # column and row, its middle and its half diagonal.
    bc, br = ci // _BLOCK, ri // _BLOCK
    bc0, br0 = int(bc.min()), int(br.min())
    cols, rows = np.arange(bc0, int(bc.max()) + 1), np.arange(br0, int(br.max()) + 1)
    first_c, first_r = (v.ravel() * _BLOCK for v in np.meshgrid(cols, rows))
    last_c = np.minimum(first_c + _BLOCK - 1, len(gx) - 1)
    last_r = np.minimum(first_r + _BLOCK - 1, len(gy) - 1)
    mx, my = (gx[first_c] + gx[last_c]) / 2.0, (gy[first_r] + gy[last_r]) / 2.0
    half = np.hypot(gx[last_c] - gx[first_c], gy[last_r] - gy[first_r]) / 2.0 + 1.0  # + 1 m for rounding
    middles = shapely.points(mx, my)
    dropped = shapely.distance(near, middles) - half > (
        shapely.distance(far, middles) + half + 2.0 * tolerance + _REACH_SLACK_KM * 1000.0
    )
    return ~dropped[(br - br0) * len(cols) + (bc - bc0)]


def _thresholds(s, d, s0, half, salient: bool) -> np.ndarray:
    """The depth (km) at which each (s, d) point enters a zone centred at ``s0`` (unsorted)."""
    return entry_depth_km((s - s0) / half, d, "salient" if salient else "flat")


def _front_thresholds(s, d, s0, halves, salient: bool, d_bins=None):
    """The thresholds (:func:`_thresholds`) of the points (sorted by chainage ``s``)
    for fronts of each half width in ``halves`` centred at ``s0``: one row per front,
    with the points' offsets ``d`` (one row for all).

    Only the points along the widest front (a slice of the sorted chainages) can
    enter; the narrower fronts' rows are infinite where a point lies beyond them.
    With ``d_bins`` (each point's bin by its offset, :func:`_depth_bins`) a flat
    front's thresholds, which are the offsets, come back as a mask of the points
    along each front and the slice of ``d_bins``.
    """
    widest = float(halves.max())
    lo = int(np.searchsorted(s, s0 - widest - _SLICE_MARGIN_KM, "left"))
    hi = int(np.searchsorted(s, s0 + widest + _SLICE_MARGIN_KM, "right"))
    if d_bins is not None and not salient:
        return np.abs((s[lo:hi][None, :] - s0) / halves[:, None]) <= 1.0, d[lo:hi], d_bins[lo:hi]
    return _thresholds(s[lo:hi][None, :], d[lo:hi][None, :], s0, halves[:, None], salient), d[lo:hi], None


def _depth_bins(d, depths) -> np.ndarray:
    """Each offset's bin among ``depths`` (ascending): the index of the first depth it is
    within, ``len(depths)`` past the deepest: where a flat front's point enters.
    """
    return np.searchsorted(depths, d, "left")


def _bins(front, depths) -> tuple[np.ndarray, int, np.ndarray]:
    """Where the points of each row of thresholds enter (a front of
    :func:`_front_thresholds`): for each point inside at some of ``depths``
    (ascending), the index of the first such depth plus an offset per row
    (``len(depths) + 1`` bins a row), and which points those are.
    """
    need, _, d_bins = front
    per_row = len(depths) + 1
    if d_bins is not None:  # a flat front: ``need`` says which points lie along each row
        enter = need & (d_bins < len(depths))[None, :]
        rows = np.broadcast_to(per_row * np.arange(len(need))[:, None], need.shape)[enter]
        return np.broadcast_to(d_bins, need.shape)[enter] + rows, per_row, enter
    enter = need <= depths[-1]
    rows = np.broadcast_to(per_row * np.arange(len(need))[:, None], need.shape)[enter]
    return np.searchsorted(depths, need[enter], "left") + rows, per_row, enter


def _counts(bins, per_row: int, rows: int):
    """How many points of each of ``rows`` rows are inside at each depth (:func:`_bins`)."""
    hist = np.bincount(bins, minlength=rows * per_row).reshape(rows, per_row)
    return np.cumsum(hist[:, :-1], axis=1)


def _area_and_reach(front, depths, step: float):
    """Area (km²) inside each row's zone at each of ``depths`` (ascending), and the
    depth it reaches there, from the samples along the fronts (:func:`_front_thresholds`).
    """
    need, d, _ = front
    bins, per_row, enter = _bins(front, depths)
    inside = _counts(bins, per_row, len(need))
    deepest = np.full(len(need) * per_row, -np.inf)
    np.maximum.at(deepest, bins, np.broadcast_to(d[None, :], need.shape)[enter])
    reached = np.maximum.accumulate(deepest.reshape(len(need), per_row)[:, :-1], axis=1)
    return inside * step * step, np.where(inside > 0, reached + step / 2, 0.0)


# ---------------------------------------------------------------------------
# The search


#: The passes searched within :func:`shared_passes` (None outside it).
_PASSES: contextvars.ContextVar[dict | None] = contextvars.ContextVar("frontmap_fit_passes", default=None)


@contextlib.contextmanager
def shared_passes() -> Iterator[None]:
    """Within it, fits of the same claims search each grid once.

    A timeline refits each claim near its neighbours (``fit(near=...)``): the
    coarse pass then covers the same grid with the same samples as the claim's
    own fit, and only the choice among its fronts changes.  Inside this context
    such a pass is scanned once and the scan kept (in memory, until the
    context ends), so a refit costs its fine pass alone.  The fits are the same
    with it and without it.

    Yields
    ------
    None

    Examples
    --------
    >>> claims, near = Claims(settlements=28), ((610.0, 30.0, 9.0),)
    >>> with shared_passes():
    ...     own = fit(claims, window_km=2)
    ...     refit = fit(claims, window_km=2, near=near)  # the coarse pass is own's
    >>> refit.spec == fit(claims, window_km=2, near=near).spec != own.spec
    True
    """
    token = _PASSES.set({} if _PASSES.get() is None else _PASSES.get())
    try:
        yield
    finally:
        _PASSES.reset(token)


def _search_grid(value, tol, lo, hi, n, claimed_span=3.0):
    """Candidate values: around a claimed value, or log-spaced over [lo, hi]."""
    if value is not None:
        span = max(claimed_span * tol, 0.5 * value)
        return np.union1d(np.linspace(max(lo, value - span), min(hi, value + span), n), [value])
    return np.geomspace(lo, hi, n)


def fit(
    claims: Claims,
    anchor: str | tuple[str, ...] = DEFAULT_ANCHOR,
    window_km: float = DEFAULT_WINDOW_KM,
    side: str = DEFAULT_SIDE,
    *,
    near: tuple = (),
) -> FitResult:
    """The zone spec that best reproduces ``claims`` near ``anchor``.

    ``near`` (a timeline's neighbouring steps, each as ``(centre chainage km,
    width km, depth km)``) changes the choice: among the specs that meet every
    claimed number within :data:`NEAR_MARGIN` of its tolerance (or, when none
    does, those within :data:`NEAR_SLACK` of the least cost), the one nearest
    them (sum of squared km).  Without it the fit is the plain best.

    Several anchors (a tuple) fit one front per axis sharing the claimed
    totals (:func:`frontmap.axes.fit_axes`).  On the Ukrainian side a claimed
    settlement count is compared with the mapped places (the notes say so).

    Parameters
    ----------
    claims : Claims
        The claimed numbers (settlements, area, depth, width; at least one)
        and their tolerances.
    anchor : str or tuple of str, default "Sudzha"
        A settlement name or ``"lon,lat"`` the front is centred near; a tuple
        of several gives one axis each.
    window_km : float, default 10.0
        How far (km, in [0, 100]) along the border the centre may move from
        the anchor's nearest border point; 0 keeps it there.
    side : {"RUS", "UKR"}, default "RUS"
        The country the zone lies in.
    near : tuple of (float, float, float), optional
        Neighbouring timeline steps as ``(centre chainage km, width km,
        depth km)``, to prefer the good spec closest to them.

    Returns
    -------
    FitResult
        The best spec, its zone, what it models against each claimed number
        (``modelled``, ``residuals``, ``consistent``) and notes.

    Raises
    ------
    InvalidSpecError
        When ``side`` or ``window_km`` is not allowed, ``claims`` gives no
        number or one out of range, or the width runs past the end of the
        border; :class:`~frontmap.estimate.NoSettlementLayerError` (one) when
        a settlement count is claimed where frontmap has no settlement layer.
    UnknownPlaceError, AmbiguousPlaceError
        When ``anchor`` names no settlement or several.

    Examples
    --------
    >>> r = fit(Claims(settlements=28, depth_km=12, width_km=40))
    >>> abs(r.modelled["settlements"] - 28) <= 2
    True
    >>> r.spec.side, r.spec.profile in ("flat", "salient")
    ('RUS', True)
    """
    from .estimate import counted_points, require_settlement_layer

    if not is_side(side):
        raise InvalidSpecError(f"side={side!r} is not a valid option, must be one of {', '.join(SIDES)}", "side")
    if isinstance(anchor, (tuple, list)) and len(anchor) > 1:
        from .axes import fit_axes

        return fit_axes(claims, tuple(anchor), side, window_km=window_km)
    text = anchor[0] if isinstance(anchor, (tuple, list)) and len(anchor) == 1 else anchor
    claims.validate()
    if not is_finite_number(window_km) or not 0 <= window_km <= MAX_WINDOW_KM:
        raise InvalidSpecError(
            f"window_km={window_km!r} is not allowed: it must be in [0, {MAX_WINDOW_KM:g}] km", "window_km"
        )
    if claims.settlements is not None:
        require_settlement_layer(side, mapped_ok=True)
    a = resolve_anchor(str(text), side=side)
    _check_width_fits(claims.width_km, a, window_km)
    given = claims.given()
    # Residuals are divided by these: a tiny tolerance must not overflow the costs.
    tol = {k: max(claims.tolerance(k), _MIN_SEARCH_TOLERANCE) for k in given}

    widths = _search_grid(claims.width_km, tol.get("width_km"), 1.0, MAX_WIDTH_KM, 41)
    depths = _search_grid(claims.depth_km, tol.get("depth_km"), 0.2, MAX_DEPTH_KM, 400)
    # Coarse steps of 1 km, or a tenth of a wide window; the fine pass refines them.
    n_shifts = 2 * min(int(math.ceil(window_km)), 10) + 1
    shifts = np.linspace(-window_km, window_km, n_shifts) if window_km > 0 else np.zeros(1)

    # Settlements (their s, d ship with the data; mapped places on the Ukrainian side) and area samples.
    set_s, set_d, _ = counted_points(side, claims.count)

    search = _Search(given, tol, a.chainage_km, side, window_km, set_s, set_d, tuple(near), claims.count)
    # Coarse over the whole space, then fine around the best (areas need finer
    # samples, and a wide window coarser steps along the border).
    salient, c, w, depth = search.best((True, False), shifts, widths, depths, _COARSE_SAMPLES)
    dc = shifts[1] - shifts[0] if len(shifts) > 1 else 0.0
    if "area_km2" in given or dc > 1.0:
        fine = _fine_grid((c, w, depth), dc, window_km, widths, depths)
        salient, c, w, depth = search.best((salient,), *fine, _FINE_SAMPLES)

    # Build the polygon for the best spec and measure it.
    from .border import load_border

    lon, lat = load_border().point_at(a.chainage_km + c)
    anchor_text = text if c == 0 else f"{lon:.7f},{lat:.7f}"
    spec = ZoneSpec(anchor_text, round(w, 3), round(depth, 3), "salient" if salient else "flat", side)
    zone, modelled = _measure(spec, claims.count)
    notes = _notes(claims, modelled, tol, given, c, window_km, zone, a)
    return FitResult(spec, zone, claims, c, modelled, notes, window_km, a)


@dataclass
class _Search:
    """The grid search: which numbers are claimed, their tolerances, the anchor's
    chainage, the side and window, and the settlements' (s, d) on that side.
    """

    given: dict
    tol: dict
    anchor_s: float
    side: str
    window_km: float
    set_s: np.ndarray
    set_d: np.ndarray
    near: tuple = ()
    #: What else decides the passes (the count the settlements are of): with the
    #: fields above but ``near``, the key a pass is shared under (:func:`shared_passes`).
    count: str = "all"

    @property
    def identity(self) -> tuple:
        given, tol = tuple(self.given.items()), tuple(self.tol.items())
        return (given, tol, self.anchor_s, self.side, self.window_km, self.count)

    def best(self, salients, shifts, widths, depths, samples_per_km2) -> tuple[bool, float, float, float]:
        """The best (salient, shift, width, depth) over a grid: least cost, then least |shift|, then salient.

        Within :func:`shared_passes` a pass over the same grid for the same claims
        is searched once: a refit near other neighbours only chooses again.
        """
        memo = _PASSES.get()
        key = None
        if memo is not None:
            grid = tuple(np.asarray(v, float).tobytes() for v in (shifts, widths, depths))
            key = (self.identity, tuple(salients), grid, samples_per_km2)
        found = None if memo is None else memo.get(key)
        if found is None:
            found = self._scan(
                salients, shifts, widths, depths, samples_per_km2, keep=bool(self.near) or memo is not None
            )
            if memo is not None:
                memo[key] = found
        best, kept = found
        return self._nearest(kept, depths) if self.near else best

    def _scan(self, salients, shifts, widths, depths, samples_per_km2, keep: bool):
        """The plain best over a grid (:meth:`best`), and with ``keep`` every front's
        (salient, shift, width, claims' cost, worst residual) for :meth:`_nearest`.
        """
        lo_s = self.anchor_s + shifts.min() - widths.max() / 2
        hi_s = self.anchor_s + shifts.max() + widths.max() / 2
        deepest = float(depths.max())
        near = (self.set_s >= lo_s) & (self.set_s <= hi_s) & (self.set_d <= deepest)
        order = np.argsort(self.set_s[near], kind="stable")
        place_s, place_d = self.set_s[near][order], self.set_d[near][order]
        places = (place_s, place_d, _depth_bins(place_d, depths))
        # Area samples give the area, and the depth a spec really reaches: where
        # the border bends, a spec's nearest-point region may stop short of it.
        area = None
        if "area_km2" in self.given or "depth_km" in self.given:
            step = max(0.1, math.sqrt((hi_s - lo_s) * deepest / samples_per_km2))
            area_s, area_d = _samples(self.side, self.anchor_s, lo_s, hi_s, deepest, step)
            area = (area_s, area_d, _depth_bins(area_d, depths), step)
        best, kept = None, []
        column = widths[:, None]  # one row per width: every width in one array operation
        ratio = (np.log(column / depths) - _SEED_RATIO) ** 2  # the same for every shift
        for salient in salients:
            for c in shifts:
                model = self._model(places, area, self.anchor_s + c, column, salient, depths)
                cost = self._cost(model, c, ratio)
                if keep:
                    terms = self._claim_terms(model)
                    kept += [(salient, float(c), float(w), *(t[k] for t in terms)) for k, w in enumerate(widths)]
                # The first least cost in (width, depth) order, as a loop over the widths would find it.
                k, j = np.unravel_index(int(np.argmin(cost)), cost.shape)
                key = (float(cost[k, j]), abs(float(c)), not salient)
                if best is None or key < best[0]:
                    best = (key, salient, float(c), float(widths[k]), float(depths[j]))
        assert best is not None, "a search grid is never empty"
        return best[1:], kept

    def _claim_terms(self, model: dict):
        """The claims' cost at each depth, and the largest residual in units of its tolerance."""
        ratios = [np.abs(model[k] - v) / self.tol[k] for k, v in self.given.items()]
        return sum(r * r for r in ratios), np.max(ratios, axis=0)

    def _nearest(self, kept: list, depths) -> tuple[bool, float, float, float]:
        """Of the fronts ``kept`` (salient, shift, width, claims' cost, worst residual), the
        admissible (salient, shift, width, depth) nearest the specs of :attr:`near`.
        """
        salient = np.array([k[0] for k in kept])[:, None]
        s0 = self.anchor_s + np.array([k[1] for k in kept])[:, None]
        w = np.array([k[2] for k in kept])[:, None]
        cost, worst = np.array([k[3] for k in kept]), np.array([k[4] for k in kept])
        admissible = worst <= NEAR_MARGIN
        if not admissible.any():
            admissible = cost <= cost.min() + NEAR_SLACK
        gap = sum((s0 - ns) ** 2 + (w - nw) ** 2 + (depths[None, :] - nd) ** 2 for ns, nw, nd in self.near)
        i, j = np.unravel_index(int(np.argmin(np.where(admissible, gap + _PREFERENCE * cost, np.inf))), cost.shape)
        return bool(salient[i, 0]), float(kept[i][1]), float(kept[i][2]), float(depths[j])

    def _model(
        self, places: tuple[np.ndarray, np.ndarray, np.ndarray], area, s0: float, w, salient: bool, depths
    ) -> dict:
        """The modelled numbers of fronts of the widths ``w`` (a column) centred at ``s0``,
        at each of ``depths`` (ascending): one row per width.
        """
        model = {
            "depth_km": np.broadcast_to(depths, (len(w), len(depths))),
            "width_km": np.broadcast_to(w, (len(w), len(depths))),
        }
        if "settlements" in self.given:
            bins, per_row, _ = _bins(_front_thresholds(*places[:2], s0, w[:, 0] / 2, salient, places[2]), depths)
            model["settlements"] = _counts(bins, per_row, len(w))
        if area is not None:
            area_s, area_d, area_bins, step = area
            front = _front_thresholds(area_s, area_d, s0, w[:, 0] / 2, salient, area_bins)
            model["area_km2"], model["depth_km"] = _area_and_reach(front, depths, step)
        return model

    def _cost(self, model: dict, c: float, ratio):
        """The cost of each (width, depth): the claims' squared residuals in units of their
        tolerance, and the preferences (``ratio``: the width:depth ratio's, per front and depth).
        """
        cost = sum(((model[k] - v) / self.tol[k]) ** 2 for k, v in self.given.items())
        return cost + _PREFERENCE * ((c / max(self.window_km, 1.0)) ** 2 + ratio)


def _fine_grid(best, dc: float, window_km: float, widths, depths) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Shifts, widths and depths around the coarse pass's best (shift, width, depth)."""
    c, w, depth = best
    fine_shifts = np.clip(c + np.linspace(-dc, dc, 5), -window_km, window_km)
    fine_widths = widths[(widths >= w * 0.93) & (widths <= w * 1.07)]
    fine_widths = np.union1d(fine_widths, np.clip(w * np.linspace(0.95, 1.05, 7), 1.0, MAX_WIDTH_KM))
    fine_depths = depths[(depths >= depth * 0.8) & (depths <= depth * 1.25)]
    return np.unique(fine_shifts), fine_widths, fine_depths


def _measure(spec: ZoneSpec, count: str):
    """The zone of ``spec`` and what it models: its area, the depth it reaches (which can
    fall short of the spec's where the border bends), its width, and its settlements.
    """
    from .cache import cached_build_zone
    from .estimate import count_in_zone

    zone = cached_build_zone(spec)  # build_zone unless the command line has the cache on
    modelled = {
        "settlements": None,
        "area_km2": round(zone.area_km2, 3),
        "depth_km": round(min(zone.depth_reached_km, spec.depth_km), 3),
        "width_km": spec.width_km,
    }
    modelled["settlements"] = count_in_zone(zone, count)
    return zone, modelled


def _check_width_fits(width_km, anchor, window_km: float) -> None:
    """A claimed width must fit on the border line with the centre somewhere in the window."""
    from .border import load_border

    if width_km is None:
        return
    length = load_border().length_km
    s0 = anchor.chainage_km
    most = min(length, 2.0 * min(s0 + window_km, length - s0 + window_km))
    if width_km > most:
        raise InvalidSpecError(
            f"width_km={width_km:g} runs past the end of the border line: with the centre within ±{window_km:g} km of "
            f"{anchor.label}'s border point (chainage {s0:.1f} of {length:.1f} km) the front can be at most "
            f"{most:.1f} km wide",
            "width_km",
        )


def _notes(claims, modelled, tol, given, c, window_km, zone, anchor) -> list[str]:
    notes = []
    units = {"settlements": "", "area_km2": " km²", "depth_km": " km", "width_km": " km"}
    for k, v in given.items():
        gap = modelled[k] - v
        if abs(gap) > tol[k] + 1e-9:
            notes.append(
                f"{k}: modelled {modelled[k]:,g}{units[k]} against the claimed {v:,g}{units[k]}, "
                f"off by {gap:+,.3g}{units[k]} "
                f"({gap / v:+.0%}), beyond the ±{tol[k]:,.3g}{units[k]} tolerance: the claims cannot all hold"
            )
    free = [k for k in ("depth_km", "width_km") if k not in given]
    if free:
        notes.append(
            f"not claimed, so fitted freely: {', '.join(k.removesuffix('_km') for k in free)} "
            "(ties go to the seed claim's width:depth ratio of 10:3)"
        )
    if abs(c) > 0:
        notes.append(f"the centre sits {c:+g} km along the border from {anchor.label}'s border point")
    if window_km > 0 and abs(abs(c) - window_km) < 1e-9:
        notes.append(f"the centre reached the edge of the ±{window_km:g} km window: a wider --window-km may fit better")
    if zone.warnings:
        notes.extend(zone.warnings)
    if "settlements" in given:
        from .estimate import count_note

        notes.append(count_note(zone.side or "RUS", claims.count))
    return notes


# ``frontmap.fit`` is this module; calling it runs fit() with a DeprecationWarning until 0.3.
_deprecated.make_module_callable(__name__)
