"""The cache of geometries derived from the shipped data (issue 13): the settlement coverage.

``frontmap.cache.cached_geometry`` keeps a geometry's WKB keyed by its name,
the data and code checksums and the version; a hit gives the same
coordinates as a build, a damaged or stale entry is rebuilt, a folder that
cannot be written leaves the caller working, and two writers at once leave
one whole entry.
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
import shapely

from frontmap import cache, estimate

BOX = shapely.Polygon([(0, 0), (1.1, 0), (1.1, 0.3), (0, 1)])


@pytest.fixture
def cache_on(tmp_path, monkeypatch):
    monkeypatch.setenv(cache.CACHE_DIR_ENV, str(tmp_path))
    monkeypatch.delenv(cache.NO_CACHE_ENV, raising=False)
    cache.set_enabled(True)
    yield tmp_path / "zones"
    cache.set_enabled(False)


def _counting(geometry):
    calls = []

    def build():
        calls.append(1)
        return geometry

    return build, calls


def _entries(folder):
    return sorted(folder.glob("*.geom"))


def test_a_hit_gives_the_built_coordinates_without_building(cache_on):
    build, calls = _counting(BOX)
    first = cache.cached_geometry("box", build)
    second = cache.cached_geometry("box", build)
    assert len(calls) == 1
    assert shapely.to_wkb(first) == shapely.to_wkb(second) == shapely.to_wkb(BOX)
    assert len(_entries(cache_on)) == 1


def test_the_settlement_coverage_from_the_cache_is_the_built_one(cache_on):
    estimate.settlement_coverage.cache_clear()
    try:
        built = estimate.settlement_coverage()
        estimate.settlement_coverage.cache_clear()
        read = estimate.settlement_coverage()
    finally:
        estimate.settlement_coverage.cache_clear()
    assert read is not built
    assert shapely.to_wkb(read) == shapely.to_wkb(built) == shapely.to_wkb(estimate._build_settlement_coverage())
    assert shapely.is_prepared(read)
    assert len(_entries(cache_on)) == 1


def test_off_always_builds(tmp_path, monkeypatch):
    monkeypatch.setenv(cache.CACHE_DIR_ENV, str(tmp_path))
    cache.set_enabled(False)
    build, calls = _counting(BOX)
    cache.cached_geometry("box", build)
    cache.cached_geometry("box", build)
    assert len(calls) == 2
    assert not (tmp_path / "zones").exists()


@pytest.mark.parametrize("damage", ["flip", "truncate", "empty", "other magic"])
def test_a_damaged_entry_is_rebuilt_and_replaced(cache_on, damage):
    cache.cached_geometry("box", lambda: BOX)
    (path,) = _entries(cache_on)
    raw = path.read_bytes()
    damaged = {
        "flip": raw[:-40] + bytes([raw[-40] ^ 1]) + raw[-39:],
        "truncate": raw[: len(raw) // 2],
        "empty": b"",
        "other magic": b"frontmap-zone\n" + raw[len(cache.GEOMETRY_MAGIC) :],
    }[damage]
    path.write_bytes(damaged)
    build, calls = _counting(BOX)
    again = cache.cached_geometry("box", build)
    assert calls == [1]
    assert shapely.to_wkb(again) == shapely.to_wkb(BOX)
    assert path.read_bytes() == raw


def test_new_data_or_code_reads_no_old_entry(cache_on, monkeypatch):
    cache.cached_geometry("box", lambda: BOX)
    monkeypatch.setattr(cache, "data_checksum", lambda: "another data checksum")
    build, calls = _counting(shapely.box(5, 5, 6, 6))
    assert cache.cached_geometry("box", build).bounds == (5.0, 5.0, 6.0, 6.0)
    monkeypatch.setattr(cache, "code_checksum", lambda: "another code checksum")
    assert cache.cached_geometry("box", build).bounds == (5.0, 5.0, 6.0, 6.0)
    assert len(calls) == 2
    assert len(_entries(cache_on)) == 3


def test_an_entry_of_another_name_is_not_read(cache_on):
    cache.cached_geometry("box", lambda: BOX)
    (path,) = _entries(cache_on)
    build, calls = _counting(shapely.box(5, 5, 6, 6))
    cache.cached_geometry("other", build)
    (other,) = [p for p in _entries(cache_on) if p != path]
    other.write_bytes(path.read_bytes())  # a whole entry, written for another key
    assert cache.cached_geometry("other", build).bounds == (5.0, 5.0, 6.0, 6.0)
    assert len(calls) == 2


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root writes to read-only folders")
def test_a_read_only_folder_leaves_the_caller_working(cache_on):
    cache_on.mkdir(parents=True)
    cache_on.chmod(0o500)
    try:
        build, calls = _counting(BOX)
        assert cache.cached_geometry("box", build).equals(BOX)
        assert cache.cached_geometry("box", build).equals(BOX)
        assert len(calls) == 2
    finally:
        cache_on.chmod(0o700)


def test_a_folder_that_is_a_file_leaves_the_caller_working(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    monkeypatch.setenv(cache.CACHE_DIR_ENV, str(blocker))
    cache.set_enabled(True)
    try:
        assert cache.cached_geometry("box", lambda: BOX).equals(BOX)
    finally:
        cache.set_enabled(False)


WRITER = """
import sys, shapely
from frontmap import cache
cache.set_enabled(True)
big = shapely.Point(0, 0).buffer(1.0, quad_segs=20000)
for _ in range(5):
    g = cache.cached_geometry(sys.argv[1], lambda: big)
    assert shapely.to_wkb(g) == shapely.to_wkb(big)
"""


def test_two_writers_at_once_leave_one_whole_entry(cache_on, tmp_path):
    env = {**os.environ, cache.CACHE_DIR_ENV: str(tmp_path)}
    env.pop(cache.NO_CACHE_ENV, None)
    procs = [subprocess.Popen([sys.executable, "-c", WRITER, "circle"], env=env) for _ in range(2)]
    assert [p.wait(timeout=120) for p in procs] == [0, 0]
    (path,) = _entries(cache_on)
    assert not list(cache_on.glob(".tmp-*"))
    build, calls = _counting(BOX)
    assert shapely.get_num_coordinates(cache.cached_geometry("circle", build)) > 30_000
    assert calls == []


def test_arrays_from_the_cache_equal_the_built_ones(cache_on):
    import numpy as np

    built = (np.linspace(0.1, 7.3, 1001), np.arange(5, dtype=np.int64))
    build, calls = _counting(built)
    first = cache.cached_arrays("grid", build)
    second = cache.cached_arrays("grid", build)
    assert calls == [1]
    for a, b in zip(built, second, strict=True):
        assert a.dtype == b.dtype
        assert np.array_equal(a, b)
        assert not b.flags.writeable
    assert [a.tobytes() for a in first] == [a.tobytes() for a in built]
    (path,) = sorted(cache_on.glob("*.arrays"))
    path.write_bytes(path.read_bytes()[:-3])  # cut short: rebuilt
    assert np.array_equal(cache.cached_arrays("grid", build)[0], built[0])
    assert calls == [1, 1]


def test_a_fit_through_the_cache_is_the_fit_without_it(cache_on):
    from frontmap import fit as fit_module
    from frontmap.fit import Claims, fit

    claims = Claims(settlements=74, area_km2=1000)
    cache.set_enabled(False)
    fit_module._samples_cache_clear()
    plain = fit(claims)
    cache.set_enabled(True)
    for _ in range(2):  # the first writes the entries, the second reads them
        fit_module._samples_cache_clear()
        cached = fit(claims)
        assert (cached.spec, cached.modelled, cached.notes) == (plain.spec, plain.modelled, plain.notes)
        assert shapely.to_wkb(cached.zone.geometry) == shapely.to_wkb(plain.zone.geometry)
    assert len(list(cache_on.glob("*.arrays"))) == 2
    assert len(list(cache_on.glob("*.zone"))) == 1
