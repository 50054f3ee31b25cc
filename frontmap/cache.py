"""An on-disk cache of built zones.

Building a zone from its spec costs a few tenths of a second; a cold
``frontmap contains`` spends more on it than on anything else.  The command
line keeps each zone it builds from a spec in the user's cache folder and
reads it back next time:

* **where**: ``$FRONTMAP_CACHE_DIR`` if set, else the platform's user cache
  folder (``platformdirs.user_cache_dir("frontmap")``: ``~/.cache/frontmap``
  on Linux, or ``$XDG_CACHE_HOME/frontmap``), in a ``zones`` subfolder;
* **key**: the spec, a checksum of the shipped data (every file of
  :func:`frontmap.data.data_dir`) and of frontmap's own modules, and
  frontmap's version: new data or new code never reads an old zone;
* **safe**: an entry is written to a temporary file in the same folder and
  renamed into place, so a reader sees a whole entry or none, whoever
  writes at the same time; an entry that cannot be read back exactly (cut
  short, corrupt, written for another key) is ignored and rebuilt; a cache
  folder that cannot be written leaves the command working, uncached;
* **off**: ``--no-cache``, or ``FRONTMAP_NO_CACHE=1`` in the environment.

The library itself does not cache: :func:`frontmap.build_zone` always builds.
Only callers that switch it on (:func:`set_enabled`) go through the cache.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import struct
import tempfile
from functools import lru_cache
from pathlib import Path
from typing import Any

__all__ = ["cache_dir", "cached_arrays", "cached_build_zone", "cached_geometry", "enabled", "set_enabled"]

log = logging.getLogger(__name__)

#: Environment variables: the cache folder, and a switch that turns the cache off.
CACHE_DIR_ENV = "FRONTMAP_CACHE_DIR"
NO_CACHE_ENV = "FRONTMAP_NO_CACHE"
#: Bumped whenever the entry layout changes.
FORMAT = 1
#: An entry starts with these bytes, then the header's length (8 bytes, little-endian),
#: and ends with a digest of everything before it.
MAGIC = b"frontmap-zone\n"
_LENGTH = struct.Struct("<Q")
_DIGEST_SIZE = 32
#: Largest header read back (bytes); anything larger is not an entry of ours.
_MAX_HEADER = 1 << 20
#: Entries kept; the oldest go first once there are more.
MAX_ENTRIES = 64
_SUFFIX = ".zone"
#: The file remembering checksums by the files' sizes and times, and how many it keeps.
_MEMO = "checksums.json"
_MEMO_SIZE = 8

_enabled: bool = False


def set_enabled(on: bool) -> None:
    """Switch the cache on or off for this process.

    The command line switches it on unless ``--no-cache`` is given.

    Parameters
    ----------
    on : bool
        True to read and write zones through the cache, False (the library's default) to always build.

    Returns
    -------
    None

    Examples
    --------
    With ``FRONTMAP_NO_CACHE`` unset, the switch alone decides:

    >>> import os
    >>> from unittest import mock
    >>> with mock.patch.dict(os.environ, {"FRONTMAP_NO_CACHE": ""}):
    ...     set_enabled(True)
    ...     switched_on = enabled()
    ...     set_enabled(False)
    >>> switched_on, enabled()
    (True, False)
    """
    global _enabled
    _enabled = bool(on)


def enabled() -> bool:
    """Whether zones go through the cache.

    True when switched on and not turned off by ``FRONTMAP_NO_CACHE`` (any
    value but empty or ``0``).

    Returns
    -------
    bool
        Whether :func:`cached_build_zone` and the derived entries read and write the cache.

    Examples
    --------
    The environment variable wins over :func:`set_enabled`:

    >>> import os
    >>> from unittest import mock
    >>> with mock.patch.dict(os.environ, {"FRONTMAP_NO_CACHE": "1"}):
    ...     enabled()
    False
    """
    return _enabled and os.environ.get(NO_CACHE_ENV, "") in ("", "0")


def cache_dir() -> Path:
    """The folder entries go to (not created here).

    Returns
    -------
    pathlib.Path
        ``$FRONTMAP_CACHE_DIR/zones`` when that variable is set, else ``zones`` in the user's cache folder.

    Examples
    --------
    >>> import os
    >>> from unittest import mock
    >>> with mock.patch.dict(os.environ, {"FRONTMAP_CACHE_DIR": "/srv/frontmap-cache"}):
    ...     cache_dir().as_posix()
    '/srv/frontmap-cache/zones'
    """
    env = os.environ.get(CACHE_DIR_ENV)
    if env:
        return Path(env) / "zones"
    try:
        from platformdirs import user_cache_dir
    except ImportError:  # platformdirs is a dependency; a bare checkout may lack it
        base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
        return Path(base) / "frontmap" / "zones"
    return Path(user_cache_dir("frontmap", appauthor=False)) / "zones"


def cached_build_zone(spec):
    """:func:`frontmap.zone.build_zone` for ``spec``, read from the cache when an
    entry for it is there, and written to it when not (see the module's notes).

    The zone is the same as a fresh build's: the same polygons, coordinate for
    coordinate, anchor, centre, depth reached and warnings.

    Parameters
    ----------
    spec : frontmap.zone.ZoneSpec
        The zone to build; a spec with several anchors is always built, never cached.

    Returns
    -------
    frontmap.zone.Zone
        The zone, as :func:`frontmap.zone.build_zone` would return it.

    Raises
    ------
    InvalidSpecError, UnknownPlaceError, AmbiguousPlaceError
        As :func:`frontmap.zone.build_zone` does, for a spec it cannot build.

    Examples
    --------
    >>> from frontmap.zone import DEFAULT_SPEC, build_zone
    >>> cached_build_zone(DEFAULT_SPEC).area_km2 == build_zone(DEFAULT_SPEC).area_km2
    True
    """
    from .zone import build_zone

    if not enabled() or getattr(spec, "multi", False):  # several axes: a union of zones, each quick to build
        return build_zone(spec)
    key = entry_key(spec)
    path = cache_dir() / f"{key}{_SUFFIX}"
    zone = _read_entry(path, key, spec)
    if zone is not None:
        for text in zone.warnings:  # build_zone logs them; so does a hit
            logging.getLogger("frontmap.zone").warning(text)
        return zone
    zone = build_zone(spec)
    _write_entry(path, key, zone)
    return zone


#: A derived entry (:func:`cached_geometry`, :func:`cached_arrays`) starts with these bytes; its file name ends so.
GEOMETRY_MAGIC = b"frontmap-geometry\n"
ARRAYS_MAGIC = b"frontmap-arrays\n"
_GEOMETRY_SUFFIX = ".geom"
_ARRAYS_SUFFIX = ".arrays"
#: Derived entries kept (sample grids of fits); the oldest go first once there are more.
MAX_DERIVED_ENTRIES = 64


def cached_geometry(name: str, build):
    """The geometry ``build()`` returns, read from the cache when an entry for ``name`` is there.

    For geometries derived from the shipped data alone (the settlement
    layer's coverage, say): the entry is keyed by ``name``, the data and code
    checksums and the version, written and checked as a zone's entry is (see
    the module's notes), and holds the geometry's WKB, so a hit gives the same
    coordinates as a build.  With the cache off, ``build()`` is called.

    Parameters
    ----------
    name : str
        What the geometry is (one entry per name).
    build : callable
        Builds it: no arguments, returns a shapely geometry.

    Returns
    -------
    shapely.Geometry
        ``build()``'s geometry, or one read back from the cache with the same coordinates.

    Examples
    --------
    >>> import shapely
    >>> cached_geometry("a box", lambda: shapely.box(0, 0, 1, 1)).area
    1.0
    """
    import shapely

    if not enabled():
        return build()
    path, key = _derived_path(name, "geometry", _GEOMETRY_SUFFIX)
    found = _read_derived(path, key, GEOMETRY_MAGIC)
    if found is not None:
        try:
            return shapely.from_wkb(found[1])
        except (ValueError, shapely.errors.GEOSException) as exc:
            log.debug("ignoring the damaged cache entry %s: %s", path, exc)
    geometry = build()
    _write_derived(path, key, GEOMETRY_MAGIC, {}, shapely.to_wkb(geometry))
    return geometry


def cached_arrays(name: str, build) -> tuple:
    """The numpy arrays ``build()`` returns (a tuple), read from the cache when an entry for
    ``name`` is there: as :func:`cached_geometry`, for the sample grids of fits.

    A hit gives arrays equal to the built ones, element for element and of
    the same dtypes, read-only.

    Parameters
    ----------
    name : str
        What the arrays are (one entry per name).
    build : callable
        Builds them: no arguments, returns a sequence of numpy arrays.

    Returns
    -------
    tuple of numpy.ndarray
        The arrays, in ``build()``'s order.

    Examples
    --------
    >>> import numpy as np
    >>> cached_arrays("two", lambda: (np.arange(3.0), np.ones(2, int)))[0].tolist()
    [0.0, 1.0, 2.0]
    """
    import numpy as np

    if not enabled():
        return tuple(build())
    path, key = _derived_path(name, "arrays", _ARRAYS_SUFFIX)
    found = _read_derived(path, key, ARRAYS_MAGIC)
    if found is not None:
        header, payload = found
        try:
            read, at = [], 0
            for n, dtype in header["arrays"]:
                size = int(n) * np.dtype(dtype).itemsize
                read.append(np.frombuffer(payload, dtype=dtype, count=int(n), offset=at))
                at += size
            if at == len(payload):
                return tuple(read)
        except (ValueError, TypeError, KeyError) as exc:
            log.debug("ignoring the damaged cache entry %s: %s", path, exc)
    arrays = tuple(np.ascontiguousarray(a) for a in build())
    header = {"arrays": [[len(a), a.dtype.str] for a in arrays]}
    if _write_derived(path, key, ARRAYS_MAGIC, header, b"".join(a.tobytes() for a in arrays)):
        _prune(path.parent, _ARRAYS_SUFFIX, MAX_DERIVED_ENTRIES)
    return arrays


def _derived_path(name: str, kind: str, suffix: str) -> tuple[Path, str]:
    from . import __version__

    fields = [FORMAT, __version__, data_checksum(), code_checksum(), kind, name]
    key = hashlib.sha256(json.dumps(fields, ensure_ascii=True).encode()).hexdigest()[:40]
    return cache_dir() / f"{key}{suffix}", key


def _write_derived(path: Path, key: str, magic: bytes, header: dict, payload: bytes) -> bool:
    text = json.dumps({**header, "key": key}, ensure_ascii=True).encode()
    body = magic + _LENGTH.pack(len(text)) + text + payload
    return _write_atomically(path, body + _digest(body))


def _read_derived(path: Path, key: str, magic: bytes):
    """``(header, payload)`` of a whole entry written for ``key`` at ``path``, else None."""
    try:
        with open(path, "rb") as fh:
            raw = fh.read()
    except OSError:
        return None
    try:
        return _split_entry(raw, key, magic)
    except (ValueError, struct.error) as exc:
        log.debug("ignoring the damaged cache entry %s: %s", path, exc)
        return None


def _split_entry(raw: bytes, key: str, magic: bytes):
    """``(header, payload)`` of an entry's bytes (magic, header length, JSON header, payload,
    digest), or None unless they are whole and written for ``key``; a damaged header raises
    ValueError or struct.error.
    """
    start = len(magic) + _LENGTH.size
    if len(raw) < start + _DIGEST_SIZE or not raw.startswith(magic):
        return None
    raw, digest = raw[:-_DIGEST_SIZE], raw[-_DIGEST_SIZE:]
    if _digest(raw) != digest:  # cut short, or changed after it was written
        return None
    (size,) = _LENGTH.unpack_from(raw, len(magic))
    if size > _MAX_HEADER or start + size > len(raw):
        return None
    header = json.loads(raw[start : start + size].decode("ascii"))
    if not isinstance(header, dict) or header.get("key") != key:
        return None
    return header, raw[start + size :]


def entry_key(spec) -> str:
    """The key of ``spec``'s entry: a hash of the spec, the data and code checksums and the version."""
    from . import __version__

    fields = [
        FORMAT,
        __version__,
        data_checksum(),
        code_checksum(),
        spec.anchor,
        repr(float(spec.width_km)),
        repr(float(spec.depth_km)),
        spec.profile,
        spec.side,
    ]
    return hashlib.sha256(json.dumps(fields, ensure_ascii=True).encode()).hexdigest()[:40]


@lru_cache(maxsize=1)
def data_checksum() -> str:
    """A checksum of every file in the shipped data folder (names and contents)."""
    from .data import data_dir

    folder = data_dir()
    return _checksum(sorted(p for p in folder.iterdir() if p.is_file()), folder)


@lru_cache(maxsize=1)
def code_checksum() -> str:
    """A checksum of frontmap's modules: a changed checkout never reads an old entry."""
    here = Path(__file__).resolve().parent
    return _checksum(sorted(here.glob("*.py")), here)


def _checksum(paths, root: Path) -> str:
    """A checksum of the files' names and contents, remembered in the cache folder by
    their names, sizes and modification times (reading megabytes of data costs more
    than a cold command can spare).
    """
    paths = list(paths)
    signature = hashlib.blake2b(digest_size=16)
    for path in paths:
        st = path.stat()
        signature.update(f"{path.relative_to(root)}\0{st.st_size}\0{st.st_mtime_ns}\0".encode())
    memo_path = cache_dir() / _MEMO
    memo = _read_memo(memo_path)
    known = memo.get(signature.hexdigest())
    if isinstance(known, str):
        return known
    value = _content_checksum(paths, root)
    memo = {k: v for k, v in list(memo.items())[-(_MEMO_SIZE - 1) :]}
    memo[signature.hexdigest()] = value
    _write_atomically(memo_path, json.dumps(memo).encode())
    return value


def _read_memo(path: Path) -> dict:
    try:
        with open(path, "rb") as fh:
            memo = json.loads(fh.read(_MAX_HEADER))
    except (OSError, ValueError):
        return {}
    return memo if isinstance(memo, dict) else {}


def _content_checksum(paths, root: Path) -> str:
    digest = hashlib.blake2b(digest_size=16)
    for path in paths:
        digest.update(str(path.relative_to(root)).encode() + b"\0")
        with open(path, "rb") as fh:
            digest.update(fh.read())
        digest.update(b"\0")
    return digest.hexdigest()


# ---------------------------------------------------------------------------
# Entries: MAGIC, the header's length, a JSON header, the polygons' WKB, a digest


def _encode(key: str, zone) -> bytes:
    import shapely

    blobs = [shapely.to_wkb(g) for g in (zone.geometry, zone.local)]
    if zone.front_local is not None:
        blobs.append(shapely.to_wkb(zone.front_local))
    anchor = zone.anchor
    header = {
        "key": key,
        "blobs": [len(b) for b in blobs],
        "crs": [zone.crs.lon0, zone.crs.lat0],
        "spec": [zone.spec.anchor, zone.spec.width_km, zone.spec.depth_km, zone.spec.profile, zone.spec.side],
        "anchor": [
            anchor.query,
            anchor.label,
            anchor.lon,
            anchor.lat,
            anchor.chainage_km,
            anchor.offset_km,
            anchor.settlement_id,
        ],
        "centre": [zone.centre_chainage_km, zone.centre_lon, zone.centre_lat],
        "depth_reached_km": zone.depth_reached_km,
        "warnings": list(zone.warnings),
    }
    text = json.dumps(header, ensure_ascii=True).encode()
    body = MAGIC + _LENGTH.pack(len(text)) + text + b"".join(blobs)
    return body + _digest(body)


def _digest(body: bytes) -> bytes:
    return hashlib.blake2b(body, digest_size=_DIGEST_SIZE).digest()


def _decode(raw: bytes, key: str, spec):
    """The zone an entry holds, or None for anything but a whole entry written for ``key``."""
    import shapely

    from .anchor import Anchor
    from .crs import local_crs
    from .zone import Zone

    entry = _split_entry(raw, key, MAGIC)
    if entry is None:
        return None
    header, payload = entry
    lengths = header["blobs"]
    if sum(lengths) != len(payload):
        return None
    blobs, at = [], 0
    for n in lengths:
        blobs.append(shapely.from_wkb(payload[at : at + n]))
        at += n
    geometry, local = blobs[0], blobs[1]
    if shapely.get_type_id(geometry) not in (3, 6) or shapely.get_type_id(local) not in (3, 6):
        return None
    chainage, lon, lat = (float(v) for v in header["centre"])
    return Zone(
        geometry=geometry,
        local=local,
        crs=local_crs(*(float(v) for v in header["crs"])),
        spec=spec,
        anchor=Anchor(*header["anchor"]),
        centre_chainage_km=chainage,
        centre_lon=lon,
        centre_lat=lat,
        depth_reached_km=float(header["depth_reached_km"]),
        front_local=blobs[2] if len(blobs) > 2 else None,
        warnings=[str(w) for w in header["warnings"]],
    )


def _read_entry(path: Path, key: str, spec):
    import shapely

    try:
        with open(path, "rb") as fh:
            raw = fh.read()
    except OSError:
        return None
    try:
        return _decode(raw, key, spec)
    except (ValueError, KeyError, TypeError, IndexError, struct.error, shapely.errors.GEOSException) as exc:
        log.debug("ignoring the damaged cache entry %s: %s", path, exc)  # it is rebuilt and replaced
        return None


def _write_entry(path: Path, key: str, zone) -> None:
    """Write the entry through a temporary file renamed into place.

    A folder that cannot be written leaves the zone uncached.
    """
    if _write_atomically(path, _encode(key, zone)):
        _prune(path.parent)


def _write_atomically(path: Path, data: bytes) -> bool:
    """Write ``data`` to a temporary file in ``path``'s folder and rename it to ``path``:
    a reader sees the old file or the new one, whole.  False when the folder cannot be written.
    """
    tmp = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".tmp-", suffix=_SUFFIX, dir=path.parent)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
        tmp = None
        return True
    except OSError as exc:
        log.debug("nothing cached in %s: %s", path.parent, exc)
        return False
    finally:
        if tmp is not None:
            _remove(tmp)


def _prune(folder: Path, suffix: str = _SUFFIX, keep: int | None = None) -> None:
    """Remove the oldest entries (files ending in ``suffix``) beyond ``keep`` (:data:`MAX_ENTRIES`)."""
    keep = MAX_ENTRIES if keep is None else keep
    entries: list[Any] = []
    for path in folder.glob(f"*{suffix}"):
        if path.name.startswith(".tmp-"):  # another writer's entry on its way
            continue
        try:
            entries.append((path.stat().st_mtime, path))
        except OSError:
            continue
    entries.sort()
    for _, path in entries[: max(len(entries) - keep, 0)]:
        _remove(path)


def _remove(path) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass
