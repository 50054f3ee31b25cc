"""The fit's fast paths give the answers the plain search gave (issue 13).

The expected values were computed with the search as it stood before the
sample grids were cached and narrowed and the search stopped sorting every
sample (commit 1cf8111): the fitted spec and the modelled numbers of every
claim of ``data/claims/kursk-2024.toml``, and of a few claims that exercise
the other paths (a window of 0, ``inhabited``, the Ukrainian side, a wide
window with one number).  Any change to them is a change of behaviour, not
of speed.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import shapely

from frontmap import fit as fit_module
from frontmap.claims import load_claim_file
from frontmap.fit import Claims, _samples, fit

KURSK = Path(__file__).resolve().parents[1] / "data" / "claims" / "kursk-2024.toml"

# (date, claimant, anchor, width, depth, profile, centre shift, settlements, area, depth reached, consistent)
KURSK_FITS = [
    ("2024-08-12", "Alexei Smirnov", "35.1248623,51.1658920", 40.0, 12.917, "salient", 5.0, 28, 345.041, 11.963, True),
    ("2024-08-12", "Oleksandr Syrskyi", "Sudzha", 65.849, 20.104, "flat", 0.0, 66, 999.551, 20.104, True),
    ("2024-08-13", "Oleksandr Syrskyi", "Sudzha", 70.47, 21.065, "flat", 0.0, 74, 1059.452, 21.065, True),
    (
        "2024-08-15",
        "Oleksandr Syrskyi",
        "34.9429377,51.2182251",
        48.138,
        35.307,
        "salient",
        -23.75,
        80,
        1152.015,
        34.849,
        True,
    ),
    (
        "2024-08-19",
        "Volodymyr Zelensky",
        "35.1304711,51.1846968",
        87.328,
        23.861,
        "salient",
        2.5,
        92,
        1249.947,
        23.677,
        True,
    ),
    (
        "2024-08-20",
        "Oleksandr Syrskyi",
        "35.0315206,51.2199014",
        35.743,
        32.408,
        "salient",
        -15.0,
        93,
        1254.254,
        31.182,
        True,
    ),
    (
        "2024-08-27",
        "Oleksandr Syrskyi",
        "35.1304711,51.1846968",
        53.183,
        27.027,
        "flat",
        2.5,
        100,
        1293.724,
        27.027,
        True,
    ),
]

# (claims, fit keywords, (anchor, width, depth, profile), centre shift, settlements, area, depth reached)
OTHER_FITS = [
    (
        {"area_km2": 1000, "depth_km": 12, "width_km": 40},
        {},
        ("35.0616984,51.2231953", 45.0, 12.466, "flat"),
        -10.0,
        41,
        578.97,
        12.466,
    ),
    (
        {"settlements": 28, "depth_km": 12, "width_km": 40},
        {"window_km": 0},
        ("Sudzha", 39.0, 11.835, "flat"),
        0.0,
        29,
        380.226,
        11.835,
    ),
    ({"area_km2": 500}, {}, ("35.1403770,51.2076708", 42.166, 12.797, "flat"), -0.5, 36, 500.062, 12.797),
    (
        {"settlements": 20, "depth_km": 12, "width_km": 40, "count": "inhabited"},
        {},
        ("35.1430436,51.1382755", 40.0, 14.421, "salient"),
        9.0,
        20,
        323.54,
        11.963,
    ),
    # (the UKR side models the mapped places inside since issue 14: 2, where it had no layer before)
    (
        {"area_km2": 300, "depth_km": 10},
        {"side": "UKR"},
        ("35.1357940,51.2270876", 53.183, 9.958, "flat"),
        -4.0,
        2,
        299.926,
        9.958,
    ),
    ({"depth_km": 15}, {"window_km": 60}, ("Sudzha", 48.914, 14.906, "flat"), 0.0, 46, 655.107, 14.906),
]


@pytest.mark.parametrize("index", range(len(KURSK_FITS)), ids=[f"{row[0]}-{row[1]}" for row in KURSK_FITS])
def test_every_kursk_claim_fits_as_before(index):
    claim_file = load_claim_file(KURSK)
    claim, expected = claim_file.claims[index], KURSK_FITS[index]
    assert (claim.date, claim.claimant) == expected[:2]
    window = claim.window_km if claim.window_km is not None else claim_file.window_km
    result = fit(Claims.from_claim(claim), anchor=claim.anchor or claim_file.anchor, window_km=window, side=claim.side)
    got = (
        result.spec.anchor,
        result.spec.width_km,
        result.spec.depth_km,
        result.spec.profile,
        result.centre_shift_km,
        result.modelled["settlements"],
        result.modelled["area_km2"],
        result.modelled["depth_km"],
        result.consistent,
    )
    assert got == expected[2:]
    assert result.modelled["width_km"] == expected[3]


def test_the_pins_cover_every_claim_of_the_file():
    claims = load_claim_file(KURSK).claims
    assert [(c.date, c.claimant) for c in claims] == [row[:2] for row in KURSK_FITS]


@pytest.mark.parametrize("numbers, keywords, spec, shift, settlements, area, depth", OTHER_FITS)
def test_other_claims_fit_as_before(numbers, keywords, spec, shift, settlements, area, depth):
    result = fit(Claims(**numbers), **keywords)
    s = result.spec
    assert (s.anchor, s.width_km, s.depth_km, s.profile) == spec
    assert result.centre_shift_km == shift
    assert (result.modelled["settlements"], result.modelled["area_km2"], result.modelled["depth_km"]) == (
        settlements,
        area,
        depth,
    )


def test_cached_samples_are_the_same_and_cannot_be_changed_in_place():
    first = _samples("RUS", 619.1, 590.0, 650.0, 20.0, 0.5)
    again = _samples("RUS", 619.1, 590.0, 650.0, 20.0, 0.5)
    for a, b in zip(first, again, strict=True):
        np.testing.assert_array_equal(a, b)
        with pytest.raises(ValueError):
            a[0] = 0.0
    assert np.all(np.diff(first[0]) >= 0)  # sorted by chainage


def test_the_sample_cache_is_bounded():
    fit_module._samples_cache_clear()
    for k in range(fit_module._SAMPLE_CACHE_SIZE + 3):
        _samples("RUS", 619.1, 600.0, 610.0 + k, 5.0, 1.0)
    assert fit_module._samples_cache_len() == fit_module._SAMPLE_CACHE_SIZE


def _full_lattice(gx, gy, *_):
    px, py = np.meshgrid(gx, gy)
    return px.ravel(), py.ravel(), shapely.points(px.ravel(), py.ravel())


@pytest.mark.parametrize(
    "args",
    [
        ("RUS", 619.1, 494.1, 744.1, 100.0, 1.77),  # a coarse pass over a wide window
        ("RUS", 619.1, 582.7, 660.5, 25.4, 0.5),
        ("UKR", 619.1, 590.0, 650.0, 30.0, 0.6),
        ("RUS", 20.0, 0.0, 40.0, 15.0, 0.5),  # at the line's start
        ("UKR", 1985.0, 1965.0, 2000.0, 20.0, 0.5),  # near its end
    ],
)
def test_sampling_only_within_reach_keeps_every_sample_of_the_whole_lattice(monkeypatch, args):
    narrowed = fit_module._build_samples(*args)
    monkeypatch.setattr(fit_module, "_lattice_within_reach", _full_lattice)
    whole = fit_module._build_samples(*args)
    pairs = [np.column_stack(sd)[np.lexsort(sd[::-1])] for sd in (narrowed, whole)]
    np.testing.assert_array_equal(pairs[0], pairs[1])
