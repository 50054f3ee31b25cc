"""Ensembles of zones around a claim: how likely each settlement is inside.

"12 km deep along a 40 km front" is rounded, and says nothing of where along
the border the front sits to the kilometre.  :func:`ensemble` samples zone
specs around a claim — depth and width within a spread, the centre shifted
along the border, either profile — and reports for every settlement the
share of members that contain it, and the spread of the counts.

Membership is the zone's definition in border-relative coordinates
(:mod:`frontmap.zone`): a point at chainage ``s`` and offset ``d`` is inside
a member when it lies on the member's side, ``|s - s0| <= W/2`` and
``|d| <= D(u)``.  The settlements' ``s`` and ``d`` ship with the data, so a
thousand members cost one vectorised comparison, not a thousand polygons.
"""

from __future__ import annotations

import math
import secrets
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from . import _deprecated
from .checks import is_finite_number
from .errors import InvalidSpecError
from .spec import Profile, Side, depth_into_side, inside_zone
from .zone import MAX_DEPTH_KM, PROFILES, ZoneSpec, depth_profile, resolve_anchor

__all__ = ["Ensemble", "Members", "Spread", "ensemble", "sample_members"]

#: Most members an ensemble may have.
MAX_MEMBERS = 100_000
#: Seeds are integers in [0, MAX_SEED] (32 bits, as the drawn ones).
MAX_SEED = 2**32 - 1
#: Largest spread of the width and shift of the centre (km): half the border line.
MAX_WIDTH_SPREAD_KM = 1000.0
MAX_SHIFT_KM = 1000.0
#: The depth and width no member goes below (km).
MIN_MEMBER_KM = 0.1
#: Most cells (members × points) one membership comparison holds at once.
_CHUNK_CELLS = 2_000_000
#: Most chainages a probability zone's depth profile is sampled at.
_MAX_PROFILE_SAMPLES = 5001
#: Quantile profiles of at least this many members prune the comparison (:meth:`Members._kth_deepest`):
#: members sampled to bracket the answer, chainages per block, and the bracket's half-width in
#: standard deviations of a sampled quantile's rank.
_PRUNE_MIN_MEMBERS = 4_000
_BRACKET_SAMPLE = 4_096
_PRUNE_BLOCK = 16
_BRACKET_SIGMAS = 4.0
_BRACKET_SLACK = 2.0


@dataclass(frozen=True)
class Spread:
    """How far members stray from the claim.

    Each member draws, independently and uniformly: a depth in
    ``depth ± depth_km``, a width in ``width ± width_km``, a centre within
    ``± shift_km`` along the border of the anchor's border point, and one of
    ``profiles``.  The defaults read "12 km" as 10–14 km and "40 km" as
    35–45 km, and let the front slide 3 km either way.

    The depth spread is at most :data:`~frontmap.zone.MAX_DEPTH_KM` (100 km),
    the width spread and the shift at most 1,000 km.  A wide spread can draw
    a member beyond what a zone may be; such members are clipped, not
    redrawn: depth to [0.1, 100] km, width to [0.1 km, the border line's
    length], centre so that the front stays on the line (the ensemble's
    notes say how many were clipped).
    """

    depth_km: float = 2.0
    width_km: float = 5.0
    shift_km: float = 3.0
    profiles: tuple[str, ...] = ("salient", "flat")

    def validate(self) -> Spread:
        """Check the spreads; ``InvalidSpecError.param`` names the spread
        (``depth_spread_km``, ``width_spread_km``, ``shift_km``, ``profiles``).
        """
        limits = {
            "depth_km": ("depth_spread_km", MAX_DEPTH_KM),
            "width_km": ("width_spread_km", MAX_WIDTH_SPREAD_KM),
            "shift_km": ("shift_km", MAX_SHIFT_KM),
        }
        for name, (param, high) in limits.items():
            value = getattr(self, name)
            if not is_finite_number(value) or not 0 <= value <= high:
                raise InvalidSpecError(
                    f"{param}={value!r} is not allowed: it must be a finite number in [0, {high:g}] km", param
                )
        if not isinstance(self.profiles, tuple) or not self.profiles or any(p not in PROFILES for p in self.profiles):
            raise InvalidSpecError(
                f"profiles={self.profiles!r} is not allowed: give one or more of {', '.join(PROFILES)}",
                "profiles",
            )
        return self

    def to_properties(self) -> dict:
        return {
            "depth_spread_km": self.depth_km,
            "width_spread_km": self.width_km,
            "shift_km": self.shift_km,
            "profiles": list(self.profiles),
        }


@dataclass
class Members:
    """Zone specs as arrays: centre chainage, width, depth (km) and profile."""

    centre_km: np.ndarray
    width_km: np.ndarray
    depth_km: np.ndarray
    salient: np.ndarray
    side: Side
    #: How many members were clipped to a zone's limits (see :class:`Spread`).
    clipped: int = 0

    def __len__(self) -> int:
        return len(self.centre_km)

    def _along(self, chainage_km) -> tuple[np.ndarray, np.ndarray]:
        """Each member's normalised position ``u`` of each chainage and its depth (km) there,
        0 off its front (members × points).
        """
        s = np.asarray(chainage_km, float)[None, :]
        u = (s - self.centre_km[:, None]) / (self.width_km[:, None] / 2.0)
        shape = np.where(self.salient[:, None], depth_profile(u, 1.0, "salient"), depth_profile(u, 1.0, "flat"))
        return u, shape * self.depth_km[:, None]

    def inside(self, chainage_km, offset_km) -> np.ndarray:
        """Boolean matrix (members × points): which member contains which point."""
        u, reach = self._along(chainage_km)
        return inside_zone(u, depth_into_side(offset_km, self.side)[None, :], reach)

    def _chunks(self, n_points: int):
        """Slices of the points such that members × points stays below a few million cells."""
        step = max(1, _CHUNK_CELLS // max(len(self), 1))
        for start in range(0, n_points, step):
            yield slice(start, min(start + step, n_points))

    def depth_km_at(self, chainage_km) -> np.ndarray:
        """Each member's depth (km) at each chainage: a members × points matrix, 0 off its front."""
        return self._along(chainage_km)[1]

    def quantile_profile(self, p: float, step_km: float = 0.1) -> tuple[np.ndarray, np.ndarray]:
        """Chainages (every ``step_km``) and the depth (km) that a share ``p`` of members reach there.

        A point at ``(s, d)`` is inside at least a share ``p`` of the members
        exactly when ``d`` is at most this depth at ``s``: membership only
        grows as ``d`` shrinks.
        """
        if not 0.0 < p <= 1.0:
            raise ValueError(f"p={p!r} must be in (0, 1]")
        lo = float((self.centre_km - self.width_km / 2).min())
        hi = float((self.centre_km + self.width_km / 2).max())
        n = min(max(int(math.ceil((hi - lo) / step_km)) + 1, 2), _MAX_PROFILE_SAMPLES)
        s = np.linspace(lo, hi, n)
        k = int(math.ceil(p * len(self) - 1e-9))
        return s, self._kth_deepest(s, k)

    #: Whether a member's depth only falls as it strays from its centre (so that its
    #: least and greatest depth over a run of chainages come from three of them).
    _unimodal = True

    def _kth_deepest(self, s: np.ndarray, k: int) -> np.ndarray:
        """The ``k``-th deepest member's depth at each chainage ``s``: exactly what sorting
        every member's depth there would give, without computing most of them.

        A sample of the members brackets the answer at each chainage.  Over a
        block of chainages, members that are deeper than the bracket all along
        the block, or shallower all along it, need only be counted; the rest
        are compared in full.  Where the answer falls outside the bracket after
        all, every member is compared.
        """
        if not self._unimodal or len(self) < _PRUNE_MIN_MEMBERS:
            return self._kth_deepest_full(s, k)
        low, high = self._bracket(s, k)
        # Every member's depth at the blocks' first and last chainages (shared by neighbours).
        starts = np.arange(0, len(s), _PRUNE_BLOCK)
        bounds = np.append(starts, len(s) - 1)
        at_bounds = np.empty((len(self), len(bounds)))
        rows = max(1, _CHUNK_CELLS // len(bounds))
        for first in range(0, len(self), rows):  # a few million cells at a time
            at_bounds[first : first + rows] = self._depths_of(np.arange(first, min(first + rows, len(self))), s[bounds])
        out = np.empty(len(s))
        for i, a in enumerate(starts.tolist()):
            b = min(a + _PRUNE_BLOCK, len(s) - 1) + 1  # the block ends on the next one's first chainage
            ends = (at_bounds[:, i], at_bounds[:, i + 1])
            out[a:b] = self._kth_deepest_in_block(s[a:b], k, (low[a:b].min(), high[a:b].max()), ends)
        return out

    def _kth_deepest_full(self, s: np.ndarray, k: int) -> np.ndarray:
        """:meth:`_kth_deepest` by comparing every member, a chunk of chainages at a time."""
        n = len(self)
        out = np.empty(len(s))
        for part in self._chunks(len(s)):
            out[part] = np.partition(self.depth_km_at(s[part]), n - k, axis=0)[n - k]
        return out

    def _bracket(self, s: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        """Depths at each chainage that the ``k``-th deepest almost surely lies between,
        from an evenly spread sample of the members (their order is random).
        """
        n = len(self)
        m = min(n, _BRACKET_SAMPLE)
        picked = np.linspace(0, n - 1, m).round().astype(np.intp)
        deepest_first = -np.sort(-self._depths_of(picked, s), axis=0)
        rank, q = k * m / n, k / n
        spread = _BRACKET_SIGMAS * math.sqrt(m * q * (1.0 - q)) + _BRACKET_SLACK
        upper, lower = int(math.floor(rank - spread)), int(math.ceil(rank + spread))
        high = deepest_first[upper - 1] if upper >= 1 else np.full(len(s), np.inf)
        low = deepest_first[lower - 1] if lower <= m else np.full(len(s), -np.inf)
        return low, high

    def _kth_deepest_in_block(self, s: np.ndarray, k: int, bracket, ends) -> np.ndarray:
        """:meth:`_kth_deepest` over a run of chainages ``s`` given a bracket (low, high)
        and every member's depth at the run's first and last chainage.
        """
        low, high = float(bracket[0]), float(bracket[1])
        # A member's depth falls with |u|, which falls and then rises along the run: its
        # least depth is at an end of the run, its greatest at an end too unless its centre
        # lies within the run, where it is at one of the two chainages around the centre.
        least, peak = np.minimum(*ends), np.maximum(*ends)
        within = np.flatnonzero((self.centre_km > s[0]) & (self.centre_km < s[-1]))
        if len(within):
            j = np.searchsorted(s, self.centre_km[within])
            mid = self._subset(within)
            peak[within] = np.maximum(mid._depth_each(s[j]), mid._depth_each(s[j - 1]))
        # Members that are 0 all along the run are never deeper than the answer (>= 0).
        if np.count_nonzero(peak > 0) < k:
            return np.zeros(len(s))
        deeper = int(np.count_nonzero(least > high))
        compared = np.flatnonzero((least <= high) & (peak >= low) & (peak > 0))
        rank = k - deeper  # the answer's rank among the compared members, deepest first
        out = np.full(len(s), np.nan)
        if 1 <= rank <= len(compared):
            depths = self._depths_of(compared, s)
            found = np.partition(depths, len(compared) - rank, axis=0)[len(compared) - rank]
            ok = (found >= low) & (found <= high)
            out[ok] = found[ok]
        missed = np.isnan(out)
        if missed.any():
            out[missed] = self._kth_deepest_full(s[missed], k)
        return out

    def _depths_of(self, members: np.ndarray, s: np.ndarray) -> np.ndarray:
        """Depth (km) of the given members at each chainage (members × chainages), computed
        as :meth:`depth_km_at` computes it.
        """
        return self._subset(members).depth_km_at(s)

    def _subset(self, members: np.ndarray) -> Members:
        return Members(
            self.centre_km[members], self.width_km[members], self.depth_km[members], self.salient[members], self.side
        )

    def _depth_each(self, s: np.ndarray) -> np.ndarray:
        """Each member's depth (km) at its own chainage ``s[i]``, computed as :meth:`depth_km_at` does."""
        u = (s - self.centre_km) / (self.width_km / 2.0)
        shape = np.where(self.salient, depth_profile(u, 1.0, "salient"), depth_profile(u, 1.0, "flat"))
        return shape * self.depth_km

    def probability_zone(self, p: float, step_km: float = 0.1, border=None):
        """The zone inside at least a share ``p`` of the members (a :class:`~frontmap.zone.Zone`), or None."""
        from .zone import zone_from_profile

        s, q = self.quantile_profile(p, step_km)
        if not (q > 0).any():
            return None
        props = {"probability_at_least": p, "profile_step_km": step_km}
        return zone_from_profile(s, q, self.side, border=border, properties=props)

    def spec(self, i: int, border=None) -> ZoneSpec:
        """Member ``i`` as a ZoneSpec (anchored on its centre's border point)."""
        from .border import load_border

        lon, lat = (border or load_border()).point_at(float(self.centre_km[i]))
        profile: Profile = "salient" if self.salient[i] else "flat"
        return ZoneSpec(f"{lon:.7f},{lat:.7f}", float(self.width_km[i]), float(self.depth_km[i]), profile, self.side)


@dataclass
class CurveMembers(Members):
    """Members that share one front's shape (a curve fitted through named places,
    :class:`frontmap.front.FrontFit`), each moved along the border, stretched and
    deepened: ``shape_d`` (0..1) at ``shape_u`` (-1..1 across the front) times
    the member's depth.  ``salient`` is unused.
    """

    shape_u: np.ndarray = field(default_factory=lambda: np.array([-1.0, 1.0]))
    shape_d: np.ndarray = field(default_factory=lambda: np.zeros(2))

    #: A fitted front's shape may rise and fall more than once: every member is compared.
    _unimodal = False

    def _along(self, chainage_km) -> tuple[np.ndarray, np.ndarray]:
        s = np.asarray(chainage_km, float)[None, :]
        u = (s - self.centre_km[:, None]) / (self.width_km[:, None] / 2.0)
        return u, np.interp(u, self.shape_u, self.shape_d, left=0.0, right=0.0) * self.depth_km[:, None]

    def spec(self, i: int, border=None) -> ZoneSpec:
        raise NotImplementedError("a member of a fitted front has no ZoneSpec: use depth_km_at or probability_zone")


def _draw(centre_km: float, width_km: float, depth_km: float, n: int, seed: int, spread: Spread, border):
    """Members' centres, widths and depths drawn around one front, clipped to what a zone may be
    with every member's front on the line: ``(rng, centre, width, depth, clipped)``.  The
    generator is returned so that a caller draws more from the same seed.
    """
    spread.validate()
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or not 1 <= n <= MAX_MEMBERS:
        raise InvalidSpecError(
            f"ensemble size {n!r} is not allowed: it must be an integer in [1, {MAX_MEMBERS}]", "ensemble"
        )
    n = int(n)
    _check_seed(seed)
    rng = np.random.default_rng(seed)
    depth = depth_km + rng.uniform(-spread.depth_km, spread.depth_km, n)
    width = width_km + rng.uniform(-spread.width_km, spread.width_km, n)
    shift = rng.uniform(-spread.shift_km, spread.shift_km, n)
    clipped = (depth < MIN_MEMBER_KM) | (depth > MAX_DEPTH_KM) | (width < MIN_MEMBER_KM) | (width > border.length_km)
    depth = np.clip(depth, MIN_MEMBER_KM, MAX_DEPTH_KM)
    width = np.clip(width, MIN_MEMBER_KM, border.length_km)
    centre = np.clip(centre_km + shift, width / 2.0, border.length_km - width / 2.0)
    return rng, centre, width, depth, int(clipped.sum())


def sample_curve_members(front, n: int, seed: int, spread: Spread = Spread(), border=None) -> CurveMembers:
    """``n`` members around a fitted front (:class:`frontmap.front.FrontFit`): its curve moved
    ± ``spread.shift_km`` along the border, its width ± ``spread.width_km`` and its greatest depth
    ± ``spread.depth_km`` (``spread.profiles`` does not apply).
    """
    from .border import load_border

    s, d = np.asarray(front.chainage_km, float), np.asarray(front.depth_km, float)
    if not (d > 0).any():
        raise InvalidSpecError("the fitted front puts no ground inside: there is nothing to sample around")
    centre0, width0, depth0 = (s[0] + s[-1]) / 2.0, float(s[-1] - s[0]), float(d.max())
    _, centre, width, depth, clipped = _draw(centre0, width0, depth0, n, seed, spread, border or load_border())
    return CurveMembers(
        centre,
        width,
        depth,
        np.zeros(len(centre), bool),
        front.side,
        clipped,
        shape_u=(s - centre0) / (width0 / 2.0),
        shape_d=d / depth0,
    )


def sample_members(spec: ZoneSpec, n: int, seed: int, spread: Spread = Spread(), border=None) -> Members:
    """``n`` member specs drawn around ``spec`` (reproducible for a given ``seed``).

    Parameters
    ----------
    spec : ZoneSpec
        The claimed zone, with one anchor (one axis).
    n : int
        How many members to draw, in [1, 100000].
    seed : int
        Seeds the random draws: the same seed draws the same members.
    spread : Spread, optional
        How far members stray from ``spec`` (by default depth ± 2 km, width
        ± 5 km, centre ± 3 km, either profile).
    border : Border, optional
        The border line; the bundled one when None.

    Returns
    -------
    Members
        The members' centre chainages, widths, depths (km) and profiles as
        arrays of length ``n``, and how many were clipped to a zone's limits.

    Raises
    ------
    InvalidSpecError
        When ``spec`` or ``spread`` is not valid, ``spec`` has several
        anchors, or ``n`` is out of range.
    UnknownPlaceError, AmbiguousPlaceError
        When the anchor names no settlement or several.

    Examples
    --------
    >>> members = sample_members(ZoneSpec("Sudzha", 40, 12), n=5, seed=7)
    >>> len(members), members.side
    (5, 'RUS')
    >>> bool(((members.depth_km >= 10) & (members.depth_km <= 14)).all())
    True
    """
    from .border import load_border

    spec.validate()
    _check_one_axis(spec)
    anchor_name, width_km, depth_km = spec.axis_values()
    border = border or load_border()
    anchor = resolve_anchor(anchor_name, border)
    rng, centre, width, depth, clipped = _draw(anchor.chainage_km, width_km, depth_km, n, seed, spread, border)
    picks = rng.integers(0, len(spread.profiles), len(centre))
    salient = np.array([p == "salient" for p in spread.profiles])[picks]
    return Members(centre, width, depth, salient, spec.side, clipped)


def _check_one_axis(spec: ZoneSpec) -> None:
    if spec.multi:
        raise InvalidSpecError(
            "an ensemble samples zones around one axis: give one anchor (sample each axis of a "
            "claim with several on its own)",
            "anchor",
        )


def _check_seed(seed) -> None:
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or not 0 <= seed <= MAX_SEED:
        raise InvalidSpecError(f"seed={seed!r} is not allowed: it must be an integer in [0, {MAX_SEED}]", "seed")


@dataclass
class Ensemble:
    """What an ensemble says about the settlements: probabilities and count intervals."""

    spec: ZoneSpec | None  # None around a front fitted through named places
    members: Members
    seed: int
    spread: Spread
    settlements: list[dict]
    counts: np.ndarray
    inhabited: np.ndarray
    population: np.ndarray
    notes: list[str] = field(default_factory=list)

    @staticmethod
    def _stats(name: str, values: np.ndarray) -> dict:
        p05, p95 = np.percentile(values, [5, 95])
        return {f"{name}_mean": round(float(values.mean()), 3), f"{name}_p05": float(p05), f"{name}_p95": float(p95)}

    def to_json(self) -> dict:
        """The contract of ``frontmap affected --ensemble N --format json``."""
        out: dict[str, Any] = {
            "claim": self.spec.to_properties() if self.spec is not None else {"profile": "fitted front"},
            "ensemble": {"members": len(self.members), "seed": self.seed, **self.spread.to_properties()},
        }
        out.update(self._stats("count", self.counts))
        out.update(self._stats("inhabited", self.inhabited))
        out.update(self._stats("population", self.population))
        out["notes"] = list(self.notes)
        out["settlements"] = self.settlements
        return out

    def to_geodataframe(self):
        """The settlements with their probability as points in EPSG:4326, the columns of ``--format csv``."""
        from .estimate import COLUMNS
        from .geodataframe import rows_to_geodataframe

        return rows_to_geodataframe(self.settlements, [*COLUMNS, "probability"])


def ensemble(
    spec: ZoneSpec,
    n: int = 1000,
    seed: int | None = None,
    spread: Spread = Spread(),
    layer=None,
) -> Ensemble:
    """Sample ``n`` zones around ``spec`` and join them with the settlements.

    ``seed`` makes the run reproducible; without one a seed is drawn and
    reported.  Settlements inside at least one member are listed with the
    ``probability`` (share of members) that they are inside.

    On the Ukrainian side the probabilities are those of the mapped places.

    Parameters
    ----------
    spec : ZoneSpec
        The claimed zone, with one anchor (one axis).
    n : int, default 1000
        How many members to draw, in [1, 100000].
    seed : int, optional
        An integer in [0, 2**32 - 1]; None draws one (kept in the result's
        ``seed``).
    spread : Spread, optional
        How far members stray from ``spec`` (see :class:`Spread`).
    layer : SettlementLayer, optional
        The settlements joined with the members; by default the layer of
        ``spec.side``.

    Returns
    -------
    Ensemble
        The members, the settlements inside any of them with their
        ``probability``, each member's count, inhabited count and population,
        the seed used and notes.

    Raises
    ------
    InvalidSpecError
        When ``spec``, ``spread``, ``n`` or ``seed`` is not allowed or ``spec``
        has several anchors; :class:`~frontmap.estimate.NoSettlementLayerError`
        (one) when frontmap has no settlements on ``spec.side``.
    UnknownPlaceError, AmbiguousPlaceError
        When the anchor names no settlement or several.

    Examples
    --------
    >>> e = ensemble(ZoneSpec("Sudzha", 40, 12), n=200, seed=1)
    >>> e.to_json()["count_p05"] <= e.to_json()["count_mean"] <= e.to_json()["count_p95"]
    True
    >>> e.seed, len(e.counts), e.settlements[0]["probability"]
    (1, 200, 1.0)
    """
    from .estimate import layer_for_side, require_settlement_layer

    _check_one_axis(spec)
    require_settlement_layer(spec.side, mapped_ok=True)
    seed = secrets.randbits(32) if seed is None else seed
    _check_seed(seed)
    seed = int(seed)
    return _join(spec, sample_members(spec, n, seed, spread), seed, spread, layer or layer_for_side(spec.side))


def ensemble_front(front, n: int = 1000, seed: int | None = None, spread: Spread = Spread(), layer=None) -> Ensemble:
    """Sample ``n`` zones around a front fitted through named places (:func:`frontmap.front.fit_front`):
    its curve moved, stretched and deepened within ``spread``; each settlement's probability
    then reflects the evidence the front was fitted to.
    """
    from .estimate import layer_for_side, require_settlement_layer

    require_settlement_layer(front.side, mapped_ok=True)
    seed = secrets.randbits(32) if seed is None else seed
    _check_seed(seed)
    seed = int(seed)
    members = sample_curve_members(front, n, seed, spread)
    return _join(None, members, seed, spread, layer or layer_for_side(front.side))


def _join(spec, members: Members, seed: int, spread: Spread, layer=None) -> Ensemble:
    """The members joined with the settlements: probabilities and count intervals."""
    from .estimate import settlement_row
    from .settlements import load_settlements

    layer = layer or load_settlements()
    # Only settlements some member could reach need the comparison.
    lo = float((members.centre_km - members.width_km / 2).min())
    hi = float((members.centre_km + members.width_km / 2).max())
    reach = (layer.chainage_km >= lo) & (layer.chainage_km <= hi) & (np.abs(layer.offset_km) <= members.depth_km.max())
    idx = np.flatnonzero(reach)
    counts = np.zeros(len(members), np.int64)
    inhabited = np.zeros(len(members), np.int64)
    population = np.zeros(len(members), np.int64)
    share = np.zeros(len(idx))
    for part in members._chunks(len(idx)):  # a few million cells at a time, however wide the spread
        inside = members.inside(layer.chainage_km[idx[part]], layer.offset_km[idx[part]])
        pop = layer.population[idx[part]]
        counts += inside.sum(axis=1)
        inhabited += inside[:, pop > 0].sum(axis=1)
        population += inside.astype(np.int64) @ pop
        share[part] = inside.mean(axis=0)
    notes = []
    if members.clipped:
        notes.append(
            f"{members.clipped} of {len(members)} members drawn beyond a zone's limits were clipped to them "
            f"(depth in [{MIN_MEMBER_KM:g}, {MAX_DEPTH_KM:g}] km, width at most the border line)"
        )
    if members.side == "UKR":
        from .ukraine import MAPPED_NOTE

        notes.append(f"Ukrainian side: the counts and probabilities are of mapped places; {MAPPED_NOTE}")
    rows = []
    for k in np.flatnonzero(share > 0):
        rows.append({**settlement_row(layer.settlements[idx[k]]), "probability": round(float(share[k]), 4)})
    rows.sort(key=lambda r: (-r["probability"], r["distance_to_border_km"], r["id"]))
    return Ensemble(spec, members, seed, spread, rows, counts, inhabited, population, notes)


# ``frontmap.ensemble`` is this module; calling it runs ensemble() with a DeprecationWarning until 0.3.
_deprecated.make_module_callable(__name__)
