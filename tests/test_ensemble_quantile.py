"""Probability zones' depth profiles: the pruned selection gives exactly the full sort's answer.

``Members.quantile_profile(p)`` is the ceil(pN)-th deepest member at each
chainage.  It used to sort every member's depth at every chainage; it now
brackets the answer from a sample and compares only the members that could
be it.  These tests hold it to the full sort's answer, bit for bit.
"""

from __future__ import annotations

import math
from types import SimpleNamespace

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from frontmap import ensemble as ensemble_module
from frontmap.ensemble import Spread, sample_curve_members, sample_members
from frontmap.zone import ZoneSpec


def full_sort(members, p: float, step_km: float = 0.1):
    """The quantile profile as it was computed before: sort every member's depth at every chainage."""
    lo = float((members.centre_km - members.width_km / 2).min())
    hi = float((members.centre_km + members.width_km / 2).max())
    n = min(max(int(math.ceil((hi - lo) / step_km)) + 1, 2), ensemble_module._MAX_PROFILE_SAMPLES)
    s = np.linspace(lo, hi, n)
    depths = np.sort(members.depth_km_at(s), axis=0)[::-1]  # deepest member first, per chainage
    k = int(math.ceil(p * len(members) - 1e-9))
    return s, depths[k - 1]


def assert_same_profile(members, p: float, step_km: float = 0.1) -> None:
    s, q = members.quantile_profile(p, step_km)
    s0, q0 = full_sort(members, p, step_km)
    np.testing.assert_array_equal(s, s0)
    np.testing.assert_array_equal(q, q0)


@settings(max_examples=60, deadline=None)
@given(
    n=st.integers(1, 300),
    seed=st.integers(0, 2**32 - 1),
    p=st.floats(0.001, 1.0),
    depth=st.floats(0.0, 8.0),
    width=st.floats(0.0, 30.0),
    shift=st.floats(0.0, 20.0),
    profiles=st.sampled_from([("salient", "flat"), ("salient",), ("flat",)]),
    sample=st.integers(1, 300),
    block=st.integers(1, 40),
    sigmas=st.floats(0.0, 4.0),
)
def test_the_pruned_selection_is_the_full_sort(n, seed, p, depth, width, shift, profiles, sample, block, sigmas):
    members = sample_members(ZoneSpec("Sudzha", 40, 12), n, seed, Spread(depth, width, shift, profiles))
    with pytest.MonkeyPatch.context() as mp:  # prune at any size, with brackets narrow enough to miss
        mp.setattr(ensemble_module, "_PRUNE_MIN_MEMBERS", 1)
        mp.setattr(ensemble_module, "_BRACKET_SAMPLE", sample)
        mp.setattr(ensemble_module, "_PRUNE_BLOCK", block)
        mp.setattr(ensemble_module, "_BRACKET_SIGMAS", sigmas)
        mp.setattr(ensemble_module, "_BRACKET_SLACK", 0.0)
        assert_same_profile(members, p, step_km=0.5)


@pytest.mark.parametrize("bracket", [(0.0, 0.0), (5.0, 5.0), (11.0, 11.5), (-np.inf, 3.0), (13.0, np.inf)])
def test_a_bracket_that_misses_the_answer_still_gives_the_full_sorts(monkeypatch, bracket):
    members = sample_members(ZoneSpec("Sudzha", 40, 12), 5_000, 3)
    monkeypatch.setattr(ensemble_module, "_PRUNE_MIN_MEMBERS", 1)
    monkeypatch.setattr(
        type(members), "_bracket", lambda self, s, k: (np.full(len(s), bracket[0]), np.full(len(s), bracket[1]))
    )
    for p in (0.5, 0.9):
        assert_same_profile(members, p)


@pytest.mark.parametrize("spread", [Spread(), Spread(10.0, 30.0, 20.0), Spread(0.0, 0.0, 0.0)])
def test_a_large_ensemble_gives_the_full_sorts_zones(spread):
    members = sample_members(ZoneSpec("Sudzha", 40, 12), 12_000, 20240812, spread)
    assert len(members) >= ensemble_module._PRUNE_MIN_MEMBERS  # the pruned path
    for p in (0.5, 0.9, 1 / 12_000, 1.0):
        assert_same_profile(members, p)


def test_members_of_a_fitted_front_are_compared_in_full():
    front = SimpleNamespace(
        chainage_km=np.array([600.0, 610.0, 615.0, 630.0, 640.0]),
        depth_km=np.array([0.0, 8.0, 3.0, 9.0, 0.0]),
        side="RUS",
    )
    members = sample_curve_members(front, 5_000, 7)
    for p in (0.5, 0.9):
        assert_same_profile(members, p)
