"""The on-disk zone cache (frontmap.cache): same answers, and safe when damaged, stale,
unwritable or written by two processes at once."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import shapely
from clitools import invoke, run_frontmap

import frontmap
from frontmap import cache
from frontmap.zone import ZoneSpec, build_zone

PLACES = ["Sudzha", "Bolshoye Soldatskoye", "Kursk", "35.27,51.19", "34.5,51.0"]
SPEC = ZoneSpec("Sudzha", 30, 8, "flat")  # small: quick to build


@pytest.fixture
def cache_folder(tmp_path, monkeypatch):
    """An empty cache folder, the cache switched on, and a count of the zones really built."""
    monkeypatch.setenv(cache.CACHE_DIR_ENV, str(tmp_path))
    monkeypatch.delenv(cache.NO_CACHE_ENV, raising=False)
    monkeypatch.setattr(cache, "_enabled", True)
    built = []

    def counting_build(spec, *args, **kwargs):
        built.append(spec)
        return build_zone(spec, *args, **kwargs)

    monkeypatch.setattr("frontmap.zone.build_zone", counting_build)
    return tmp_path / "zones", built


def entries(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.zone")) if folder.exists() else []


def assert_same_zone(got, want) -> None:
    for name in ("geometry", "local", "front_local"):
        assert shapely.to_wkb(getattr(got, name)) == shapely.to_wkb(getattr(want, name)), name
    assert (got.spec, got.anchor, got.centre_chainage_km, got.centre_lon, got.centre_lat) == (
        want.spec,
        want.anchor,
        want.centre_chainage_km,
        want.centre_lon,
        want.centre_lat,
    )
    assert (got.crs.lon0, got.crs.lat0) == (want.crs.lon0, want.crs.lat0)
    assert got.depth_reached_km == want.depth_reached_km and got.warnings == want.warnings
    assert got.area_km2 == want.area_km2


def test_a_cached_zone_is_the_built_zone_and_the_second_call_builds_nothing(cache_folder):
    folder, built = cache_folder
    first = cache.cached_build_zone(SPEC)
    assert len(built) == 1 and len(entries(folder)) == 1
    again = cache.cached_build_zone(SPEC)
    assert len(built) == 1  # read back, not built
    assert_same_zone(again, first)
    assert_same_zone(again, build_zone(SPEC))


def test_a_zone_with_a_warning_keeps_it(cache_folder):
    spec = ZoneSpec("35.1248623,51.1658920", 40, 12.917, "salient")  # the border stops it short of its depth
    want = build_zone(spec)
    assert want.warnings
    cache.cached_build_zone(spec)
    assert_same_zone(cache.cached_build_zone(spec), want)


def _contains(*extra):
    result = invoke(["contains", *PLACES, "--json", *extra])
    assert result.exit_code in (0, 1), result.output
    return json.loads(result.stdout), result.exit_code


def test_contains_answers_the_same_with_and_without_the_cache(tmp_path, monkeypatch):
    monkeypatch.setenv(cache.CACHE_DIR_ENV, str(tmp_path))
    uncached = _contains("--no-cache")
    assert entries(tmp_path / "zones") == []  # --no-cache writes nothing
    first = _contains()  # builds and writes
    assert len(entries(tmp_path / "zones")) == 1
    second = _contains()  # reads
    assert first == second == uncached
    assert {a["inside"] for a in uncached[0]} == {True, False}  # the places test both answers
    for flags in (["--width-km", "30", "--profile", "flat"], ["--side", "UKR", "--depth-km", "10"]):
        result = invoke(["contains", "34.9,51.3", "35.4,51.1", "--json", *flags])
        fresh = invoke(["contains", "34.9,51.3", "35.4,51.1", "--json", "--no-cache", *flags])
        assert result.stdout == fresh.stdout and result.exit_code == fresh.exit_code


def test_the_environment_turns_the_cache_off(tmp_path):
    env = {**os.environ, cache.CACHE_DIR_ENV: str(tmp_path), cache.NO_CACHE_ENV: "1"}
    proc = run_frontmap(["contains", "Sudzha"], env=env)
    assert proc.returncode == 0, proc.stderr
    assert entries(tmp_path / "zones") == []
    env[cache.NO_CACHE_ENV] = "0"
    assert run_frontmap(["contains", "Sudzha"], env=env).returncode == 0
    assert len(entries(tmp_path / "zones")) == 1


def test_the_library_does_not_cache_unless_switched_on(tmp_path, monkeypatch):
    monkeypatch.setenv(cache.CACHE_DIR_ENV, str(tmp_path))
    monkeypatch.setattr(cache, "_enabled", False)
    cache.cached_build_zone(SPEC)
    assert entries(tmp_path / "zones") == []


def _damage(raw: bytes, how: str) -> bytes:
    middle = len(raw) // 2
    return {
        "empty": b"",
        "cut short": raw[:middle],
        "garbage": b"\x00\xff" * 500,
        "a flipped byte": raw[:middle] + bytes([raw[middle] ^ 0x01]) + raw[middle + 1 :],
        "a flipped header byte": raw[:40] + bytes([raw[40] ^ 0x04]) + raw[41:],
        "text": b"frontmap-zone\n" + b"not an entry",
        "more after it": raw + b"\x00",
    }[how]


@pytest.mark.parametrize(
    "how", ["empty", "cut short", "garbage", "a flipped byte", "a flipped header byte", "text", "more after it"]
)
def test_a_damaged_entry_is_ignored_and_rebuilt(cache_folder, how):
    folder, built = cache_folder
    want = cache.cached_build_zone(SPEC)
    (path,) = entries(folder)
    good = path.read_bytes()
    path.write_bytes(_damage(good, how))
    got = cache.cached_build_zone(SPEC)
    assert len(built) == 2  # rebuilt
    assert_same_zone(got, want)
    assert path.read_bytes() == good  # and replaced by a whole entry
    assert_same_zone(cache.cached_build_zone(SPEC), want)
    assert len(built) == 2


def test_an_entry_written_for_another_key_is_not_read(cache_folder):
    folder, built = cache_folder
    cache.cached_build_zone(SPEC)
    other = ZoneSpec("Sudzha", 31, 8, "flat")
    (path,) = entries(folder)
    path.rename(folder / f"{cache.entry_key(other)}.zone")  # the right name, another zone inside
    got = cache.cached_build_zone(other)
    assert len(built) == 2 and got.spec == other
    assert_same_zone(got, build_zone(other))


@pytest.mark.parametrize("change", ["data", "code", "version"])
def test_an_entry_of_other_data_code_or_version_is_stale(cache_folder, monkeypatch, change):
    folder, built = cache_folder
    cache.cached_build_zone(SPEC)
    old_key = cache.entry_key(SPEC)
    if change == "version":
        monkeypatch.setattr(frontmap, "__version__", frontmap.__version__ + ".post1")
    else:
        checksum = getattr(cache, f"{change}_checksum")()
        monkeypatch.setattr(cache, f"{change}_checksum", lambda: "0" * len(checksum))
    assert cache.entry_key(SPEC) != old_key
    cache.cached_build_zone(SPEC)
    assert len(built) == 2  # the old entry was not read
    assert len(entries(folder)) == 2


def test_the_data_checksum_follows_the_files(tmp_path, monkeypatch):
    from frontmap import data

    for name in data._FILES:
        (tmp_path / name).write_bytes((data.data_dir() / name).read_bytes())
    monkeypatch.setattr(data, "data_dir", lambda: tmp_path)
    cache.data_checksum.cache_clear()
    try:
        before = cache.data_checksum()
        cache.data_checksum.cache_clear()
        with open(tmp_path / "settlements.csv", "ab") as fh:
            fh.write(b"\n")
        assert cache.data_checksum() != before
    finally:
        cache.data_checksum.cache_clear()


def test_an_unwritable_cache_folder_leaves_the_zone_uncached(tmp_path, monkeypatch):
    blocker = tmp_path / "a file"
    blocker.write_text("not a folder")
    monkeypatch.setenv(cache.CACHE_DIR_ENV, str(blocker))  # zones/ cannot be made under a file
    monkeypatch.setattr(cache, "_enabled", True)
    assert_same_zone(cache.cached_build_zone(SPEC), build_zone(SPEC))
    proc = run_frontmap(["contains", "Sudzha"], env={**os.environ, cache.CACHE_DIR_ENV: str(blocker)})
    assert proc.returncode == 0 and proc.stderr == b"", proc.stderr
    assert b"inside" in proc.stdout


def test_a_read_only_cache_folder_is_read_but_not_written(cache_folder, monkeypatch):
    folder, built = cache_folder
    cache.cached_build_zone(SPEC)

    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(cache.tempfile, "mkstemp", refuse)
    cache.cached_build_zone(SPEC)
    assert len(built) == 1  # the entry there is read
    other = ZoneSpec("Sudzha", 31, 8, "flat")
    assert_same_zone(cache.cached_build_zone(other), build_zone(other))  # and a new one is built, not written
    assert len(entries(folder)) == 1 and not list(folder.glob(".tmp-*"))


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root writes to read-only folders")
def test_a_folder_without_write_permission(cache_folder):
    folder, built = cache_folder
    folder.mkdir(parents=True)
    folder.chmod(0o500)
    try:
        assert_same_zone(cache.cached_build_zone(SPEC), build_zone(SPEC))
        assert entries(folder) == []
    finally:
        folder.chmod(0o700)


WRITER = """
import sys, time
from pathlib import Path
from frontmap import cache
from frontmap.zone import ZoneSpec, build_zone
spec = ZoneSpec("Sudzha", 30, 8, "flat")
zone = build_zone(spec)
key = sys.argv[3]  # the test's key: the same entry whatever else changes meanwhile
path = cache.cache_dir() / f"{key}.zone"
go = Path(sys.argv[1])
while not go.exists():
    time.sleep(0.005)
for _ in range(int(sys.argv[2])):
    cache._write_entry(path, key, zone)
"""


def test_two_processes_writing_at_once_leave_one_whole_entry(tmp_path, monkeypatch):
    monkeypatch.setenv(cache.CACHE_DIR_ENV, str(tmp_path))
    go, rounds = tmp_path / "go", 40
    key = cache.entry_key(SPEC)
    writers = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, str(go), str(rounds), key],
            env={**os.environ, cache.CACHE_DIR_ENV: str(tmp_path)},
        )
        for _ in range(2)
    ]
    path = tmp_path / "zones" / f"{key}.zone"
    want = build_zone(SPEC)
    go.touch()
    damaged = 0
    try:
        while any(w.poll() is None for w in writers):  # a reader meanwhile sees a whole entry or none
            exists = path.exists()
            damaged += exists and cache._read_entry(path, key, SPEC) is None
    finally:
        codes = [w.wait(timeout=120) for w in writers]
    assert codes == [0, 0] and damaged == 0
    assert [p.name for p in entries(tmp_path / "zones")] == [path.name]
    assert not list((tmp_path / "zones").glob(".tmp-*"))  # no temporary file left behind
    assert_same_zone(cache._read_entry(path, key, SPEC), want)


def test_old_entries_are_pruned(cache_folder, monkeypatch):
    folder, _ = cache_folder
    monkeypatch.setattr(cache, "MAX_ENTRIES", 2)
    zone = build_zone(SPEC)
    for k in range(4):
        cache._write_entry(folder / f"{k:040d}.zone", f"{k:040d}", zone)
        os.utime(folder / f"{k:040d}.zone", (1000 + k, 1000 + k))
    assert [p.name for p in entries(folder)] == [f"{k:040d}.zone" for k in (2, 3)]


def test_the_cache_folder_is_the_environments_or_the_users(monkeypatch, tmp_path):
    monkeypatch.setenv(cache.CACHE_DIR_ENV, str(tmp_path))
    assert cache.cache_dir() == tmp_path / "zones"
    monkeypatch.delenv(cache.CACHE_DIR_ENV)
    assert cache.cache_dir().parts[-2:] == ("frontmap", "zones")


def test_checksums_are_remembered_and_a_damaged_memo_is_ignored(tmp_path, monkeypatch):
    monkeypatch.setenv(cache.CACHE_DIR_ENV, str(tmp_path))
    files = tmp_path / "files"
    files.mkdir()
    (files / "a.csv").write_text("1,2\n")
    want = cache._content_checksum([files / "a.csv"], files)
    assert cache._checksum([files / "a.csv"], files) == want
    memo = tmp_path / "zones" / cache._MEMO
    assert want in memo.read_text()
    for damage in (b"", b"{not json", b"[1, 2]", b'{"x": 1}'):
        memo.write_bytes(damage)
        assert cache._checksum([files / "a.csv"], files) == want
    (files / "a.csv").write_text("1,2,3\n")  # another size: read again
    assert cache._checksum([files / "a.csv"], files) == cache._content_checksum([files / "a.csv"], files) != want
