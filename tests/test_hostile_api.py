"""Hostile Python values through the public API (issue 9): a FrontmapError, or a TypeError
for a plainly wrong type, never an AttributeError, IndexError, OverflowError or a GEOS error
from deep inside, and never a side effect such as a closed standard stream."""

from __future__ import annotations

import math
import os
import subprocess
import sys

import pytest

import frontmap
from frontmap.errors import ClaimFileError, FrontmapError, InvalidSpecError

ODD = [None, math.nan, math.inf, -1, 0, "12", [1], True, 10**400, 1e308, 1j, {}, b"x"]
ODD_IDS = ["None", "nan", "inf", "-1", "0", "str", "list", "bool", "huge-int", "1e308", "complex", "dict", "bytes"]


@pytest.fixture(scope="module")
def zone():
    return frontmap.build_zone()


def _fails_cleanly(call):
    """The call raises a FrontmapError or a TypeError; returns it."""
    with pytest.raises((FrontmapError, TypeError)) as info:
        call()
    return info.value


@pytest.mark.parametrize("value", ODD, ids=ODD_IDS)
@pytest.mark.parametrize(
    "function", ["affected", "map_html", "zone_to_geojson", "compare_a", "compare_b", "check_places"]
)
def test_a_zone_argument_that_is_not_a_zone_is_a_type_error(zone, function, value):
    call = {
        "affected": lambda: frontmap.find_affected(value),
        "map_html": lambda: frontmap.render_map_html(value),
        "zone_to_geojson": lambda: frontmap.zone_to_geojson(value),
        "compare_a": lambda: frontmap.compare_zones(value, zone),
        "compare_b": lambda: frontmap.compare_zones(zone, value),
        "check_places": lambda: frontmap.check_places(value, ["Sudzha"]),
    }[function]
    error = _fails_cleanly(call)
    assert isinstance(error, TypeError) and "Zone" in str(error), error


@pytest.mark.parametrize("value", ODD, ids=ODD_IDS)
def test_build_zone_of_something_not_a_spec_is_a_type_error(value):
    error = _fails_cleanly(lambda: frontmap.build_zone(value))
    assert isinstance(error, TypeError) and "ZoneSpec" in str(error)


@pytest.mark.parametrize("value", ODD, ids=ODD_IDS)
def test_map_html_options_of_the_wrong_kind(zone, value):
    assert isinstance(_fails_cleanly(lambda: frontmap.render_map_html(zone, tiles=value)), InvalidSpecError)
    assert isinstance(_fails_cleanly(lambda: frontmap.render_map_html(zone, result=value or 5)), TypeError)
    assert isinstance(_fails_cleanly(lambda: frontmap.render_map_html(zone, ensemble=value or 5)), TypeError)


@pytest.mark.parametrize("path", [0, 1, 2, True, False, -1, 3.5, None, b"x.toml"])
def test_claim_readers_refuse_a_path_that_is_not_a_path(path):
    """An int was taken for a file descriptor and closed after reading: load_claim_file(True)
    closed standard output."""
    for call in (lambda: frontmap.load_claim_file(path), lambda: frontmap.read_claims(path)):
        assert isinstance(_fails_cleanly(call), TypeError)
    os.fstat(0), os.fstat(1), os.fstat(2)  # all still open


def test_load_claim_file_true_leaves_stdout_open():
    code = (
        "import frontmap, os\ntry:\n    frontmap.load_claim_file(True)\nexcept TypeError:\n    pass\n"
        "print('still here')"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0 and done.stdout == "still here\n", done


@pytest.mark.parametrize("text", [[], {}, b"[[claim]]", 5])
def test_claim_text_of_the_wrong_kind_is_a_type_error(text):
    assert isinstance(_fails_cleanly(lambda: frontmap.load_claim_file("x.toml", text=text)), TypeError)


def test_read_claims_reads_a_bounded_amount():
    """/dev/zero was read to the end of memory; now the first 64 MB and a one-line error."""
    with pytest.raises(ClaimFileError, match="at most 64 MB"):
        frontmap.read_claims("/dev/zero")


def test_a_name_with_a_nul_is_a_claim_file_error():
    for call in (lambda: frontmap.read_claims("a\0b.txt"), lambda: frontmap.load_claim_file("a\0b.toml")):
        with pytest.raises(ClaimFileError, match="NUL"):
            call()


@pytest.mark.parametrize(
    "chainage, depth",
    [
        (None, [1, 2]),
        ([0, 10], None),
        ([0, 10], [1, "x"]),
        ([0, 10**400], [1, 1]),
        ([0, 10], [1, 10**400]),
        ([0, math.nan], [1, 1]),
        ([0, 10, 20], [0, 1e308, 0]),
        ([0, 10, 20], [0, 5000, 0]),
        ([0, 10], [1]),
        ([], []),
        ([20, 10], [1, 1]),
        ([0, 10, 20], [0, [1], 0]),
        ([0, 10, 20], [0, 1e-9, 0]),
    ],
)
def test_zone_from_profile_refuses_bad_profiles_with_a_spec_error(chainage, depth):
    """These were plain ValueErrors, OverflowErrors, or a GEOS 'Could not locate vertex' (1e308 km)."""
    error = _fails_cleanly(lambda: frontmap.zone_from_profile(chainage, depth))
    assert isinstance(error, InvalidSpecError) and error.param in ("chainage_km", "depth_km"), error


def test_zone_from_profile_still_builds_a_sound_profile():
    zone = frontmap.zone_from_profile([100, 110, 120], [0, 5, 0])
    assert 0 < zone.area_km2 < 200


@pytest.mark.parametrize("depth_km", [1e-300, 1e-9, 1e-6])
def test_a_zone_too_thin_to_write_is_a_spec_error_not_nan_bounds(depth_km):
    """A front 1e-6 km deep was built as a sliver that the 6-decimal output rounds away:
    GeoJSON with a NaN bbox (not JSON), exit 0."""
    with pytest.raises(InvalidSpecError, match="too small") as info:
        frontmap.build_zone(frontmap.ZoneSpec("Sudzha", 40, depth_km))
    assert info.value.param == "depth_km"


def test_a_front_too_narrow_to_write_names_the_width():
    with pytest.raises(InvalidSpecError, match="too small") as info:
        frontmap.build_zone(frontmap.ZoneSpec("Sudzha", 1e-300, 12))
    assert info.value.param == "width_km"


def test_a_claim_file_too_large_says_so(tmp_path):
    big = tmp_path / "big.toml"
    big.write_bytes(b"#" * 10_000_001)
    with pytest.raises(ClaimFileError, match="too large"):
        frontmap.load_claim_file(str(big))
