"""The fit's and the timeline's fast paths give the answers of the plain ones (issue 13).

The search bins a flat front's points by their offsets once per pass, computes
the salient thresholds without the generic profile's intermediate arrays, and
locates the area samples on a tree of another node capacity after a cheaper
"nearer the line beyond" test; a timeline's refits share their claim's coarse
pass (:func:`frontmap.fit.shared_passes`) and a step whose neighbours have not
moved is not refitted.  Each is checked against the plain computation here,
and the timeline of ``data/claims/kursk-2024.toml`` against the steps it had
before these changes (commit b458ef3).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import shapely

from frontmap import fit as fit_module
from frontmap import timeline as timeline_module
from frontmap.claims import load_claim_file
from frontmap.fit import Claims, fit, shared_passes
from frontmap.spec import depth_profile, entry_depth_km
from frontmap.timeline import build_steps

KURSK = Path(__file__).resolve().parents[1] / "data" / "claims" / "kursk-2024.toml"

# The kursk timeline fitted together, as before the fast paths: (anchor, width, depth,
# profile, settlements, area, depth reached, consistent, what continuity moved).
KURSK_STEPS = [
    ("Sudzha", 40.0, 12.0, "salient", 30, 366.19, 11.963, None, None),
    (
        "35.1226622,51.2306665",
        45.032,
        20.104,
        "flat",
        64,
        921.232,
        20.104,
        True,
        {"centre_km": -5.0, "width_km": -20.817, "depth_km": 0.0},
    ),
    (
        "35.0578760,51.2136063",
        48.914,
        23.492,
        "salient",
        79,
        1071.728,
        23.349,
        True,
        {"centre_km": -11.25, "width_km": -21.556, "depth_km": 2.427},
    ),
    (
        "34.9628554,51.2304247",
        45.032,
        34.605,
        "salient",
        86,
        1219.752,
        34.541,
        True,
        {"centre_km": 2.5, "width_km": -3.106, "depth_km": -0.702},
    ),
    (
        "34.9902654,51.2296126",
        45.809,
        32.581,
        "salient",
        93,
        1297.903,
        32.542,
        True,
        {"centre_km": -21.25, "width_km": -41.519, "depth_km": 8.72},
    ),
    (
        "35.0445652,51.2067731",
        42.846,
        29.645,
        "salient",
        100,
        1309.465,
        29.138,
        True,
        {"centre_km": 2.5, "width_km": 7.103, "depth_km": -2.763},
    ),
    (
        "35.1391129,51.2262467",
        45.032,
        28.764,
        "salient",
        100,
        1247.606,
        28.764,
        True,
        {"centre_km": -6.25, "width_km": -8.151, "depth_km": 1.737},
    ),
]


@pytest.fixture(scope="module")
def kursk_fits():
    """The kursk timeline fitted together, and every fit it asked for (claim date, near)."""
    calls = []
    plain = timeline_module.fit

    def counted(claims, *args, **kwargs):
        calls.append(kwargs.get("near", ()))
        return plain(claims, *args, **kwargs)

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(timeline_module, "fit", counted)
        steps = build_steps(load_claim_file(KURSK))
    return steps, calls


def test_the_kursk_timeline_fits_together_as_before(kursk_fits):
    steps, _ = kursk_fits
    got = []
    for step in steps:
        spec, m = step.spec, step.modelled
        moved = None if step.continuity is None else step.continuity["moved"]
        got.append(
            (
                spec.anchor,
                spec.width_km,
                spec.depth_km,
                spec.profile,
                m["settlements"],
                m["area_km2"],
                m["depth_km"],
                step.consistent,
                moved,
            )
        )
    assert got == KURSK_STEPS


def test_a_step_whose_neighbours_stayed_put_is_not_refitted(kursk_fits):
    _, calls = kursk_fits
    # six own fits, six refits forward; backward the last step's neighbour has not
    # moved since its forward refit, so five more
    assert [len(near) for near in calls] == [0] * 6 + [2] * 5 + [1] + [2] * 5
    assert len(set(calls[6:])) == len(calls[6:])


def test_refits_inside_shared_passes_are_the_fits_outside():
    claims = Claims(settlements=74)
    near = ((619.104, 54.956, 20.104), (595.354, 48.138, 35.307))
    alone = [fit(claims, window_km=25), fit(claims, window_km=25, near=near)]
    with shared_passes():
        shared = [fit(claims, window_km=25), fit(claims, window_km=25, near=near)]
        nested_memo = fit_module._PASSES.get()
        with shared_passes():  # nested: the same passes
            assert fit_module._PASSES.get() is nested_memo
        assert nested_memo  # the passes were kept
    assert fit_module._PASSES.get() is None  # and dropped after
    for a, b in zip(alone, shared, strict=True):
        assert (a.spec, a.centre_shift_km, a.modelled) == (b.spec, b.centre_shift_km, b.modelled)
    assert alone[0].spec != alone[1].spec  # the neighbours did move the fit


def _edge_positions():
    one = 1.0
    values = [0.0, one, -one, np.nextafter(one, 2), np.nextafter(one, 0), -np.nextafter(one, 2), 0.5, 2.0]
    rng = np.random.default_rng(13)
    return np.concatenate([values, rng.uniform(-1.5, 1.5, 5000)])


@pytest.mark.parametrize("salient", [True, False])
def test_thresholds_are_entry_depths(salient):
    u = _edge_positions()
    d = np.random.default_rng(1).uniform(0.0, 40.0, len(u))
    d[:3] = 0.0
    half = 23.7
    s0 = 612.3
    s = s0 + u * half
    got = fit_module._thresholds(s, d, s0, half, salient)
    # the plain definition: d over the profile's shape, infinite where the shape is 0
    g = depth_profile((s - s0) / half, 1.0, "salient" if salient else "flat")
    with np.errstate(divide="ignore", invalid="ignore"):
        expected = np.where(g > 0, d / g, np.inf)
    np.testing.assert_array_equal(got, expected)
    np.testing.assert_array_equal(entry_depth_km((s - s0) / half, d, "salient" if salient else "flat"), expected)


def test_flat_fronts_binned_by_offset_are_the_searched_bins():
    rng = np.random.default_rng(7)
    s = np.sort(rng.uniform(560.0, 680.0, 20000))
    d = rng.uniform(0.0, 45.0, len(s))
    depths = np.union1d(np.linspace(10.0, 30.0, 400), [20.0, 44.0, d[5]])
    halves = np.array([5.0, 12.5, 20.0, 33.3, 40.0])
    d_bins = fit_module._depth_bins(d, depths)
    for s0 in (600.0, 619.104, 641.7):
        binned = fit_module._front_thresholds(s, d, s0, halves, False, d_bins)
        searched = fit_module._front_thresholds(s, d, s0, halves, False)
        for a, b in zip(fit_module._bins(binned, depths), fit_module._bins(searched, depths), strict=True):
            np.testing.assert_array_equal(a, b)
        for a, b in zip(
            fit_module._area_and_reach(binned, depths, 0.2),
            fit_module._area_and_reach(searched, depths, 0.2),
            strict=True,
        ):
            np.testing.assert_array_equal(a, b)


def _plain_samples(side, anchor_s, lo_s, hi_s, max_d, step):
    """The samples as first written: every lattice point, the default tree, max_distance."""
    from frontmap.border import load_border, segment_lines
    from frontmap.countries import country
    from frontmap.crs import local_crs

    border = load_border()
    clon, clat = border.point_at(anchor_s)
    crs = local_crs(round(clon, 7), round(clat, 7))
    chain = border.chainage_m / 1000.0
    lo_i = max(int(np.searchsorted(chain, lo_s - max_d - 1)) - 1, 0)
    hi_i = min(int(np.searchsorted(chain, hi_s + max_d + 1)) + 1, len(chain) - 1)
    x, y = crs.forward(border.lon[lo_i : hi_i + 1], border.lat[lo_i : hi_i + 1])
    mx = (max_d + 1) * 1000.0
    px, py = (
        v.ravel()
        for v in np.meshgrid(
            np.arange(x.min() - mx, x.max() + mx, step * 1000.0), np.arange(y.min() - mx, y.max() + mx, step * 1000.0)
        )
    )
    lon, lat = crs.inverse(px, py)
    on_side = shapely.contains_xy(country(side), lon, lat)
    px, py = px[on_side], py[on_side]
    tree = shapely.STRtree(segment_lines(x, y))
    (hit, seg), dist = tree.query_nearest(
        shapely.points(px, py), max_distance=max_d * 1000.0, return_distance=True, all_matches=False
    )
    px, py = px[hit], py[hit]
    ax, ay, bx, by = x[seg], y[seg], x[seg + 1], y[seg + 1]
    dx, dy = bx - ax, by - ay
    len2 = np.where(dx * dx + dy * dy > 0, dx * dx + dy * dy, 1.0)
    t = np.clip(((px - ax) * dx + (py - ay) * dy) / len2, 0.0, 1.0)
    i = lo_i + seg
    s = chain[i] + t * (chain[i + 1] - chain[i])
    keep = (s >= lo_s - 1e-6) & (s <= hi_s + 1e-6)
    return s[keep], dist[keep] / 1000.0


@pytest.mark.parametrize(
    "args",
    [
        ("RUS", 619.1039, 582.8386415395729, 625.369158460427, 40.46052631578947, 0.6),  # a kursk fine pass, coarser
        ("RUS", 619.1039, 494.10389999999995, 744.1039, 100.0, 1.7677669529663689),  # a kursk coarse pass
        ("UKR", 619.1, 590.0, 650.0, 30.0, 0.6),
        ("RUS", 20.0, 0.0, 40.0, 15.0, 0.5),  # at the line's start
        ("UKR", 1985.0, 1965.0, 2000.0, 20.0, 0.5),  # near its end
    ],
)
def test_samples_are_those_of_the_plain_construction(args):
    fast, plain = fit_module._build_samples(*args), _plain_samples(*args)
    assert len(fast[0]) > 100
    for a, b in zip(fast, plain, strict=True):
        np.testing.assert_array_equal(a, b)  # the same samples in the same order
