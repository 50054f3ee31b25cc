"""GeoJSON, CSV and JSON output, and writing files safely.

GeoJSON follows RFC 7946: WGS84 longitude/latitude, exterior rings
counter-clockwise and holes clockwise, no ``crs`` member, a ``bbox``, and
coordinates rounded to 6 decimals (about 0.1 m).  Every document carries the
data's attribution.

Writing files (:func:`check_outputs`, :func:`write_outputs`) keeps these promises:

* Nothing is replaced without ``overwrite``: any existing directory entry
  counts, a dangling symbolic link included.
* A regular file is written to a temporary file beside it and renamed into
  place, so a failure or a signal leaves neither a half-written output nor
  a temporary file; a new file is linked into place, so a file that appears
  meanwhile is not clobbered.
* With ``overwrite`` a FIFO or a character device (``/dev/null``) is written
  as a stream and never replaced; a block device, a socket or a directory is
  refused.  A symbolic link is followed: the file it points to is written
  (replaced atomically, created, or streamed to) and the link stays.
* Several outputs are all checked, then all written to temporary files, and
  only then put in place, so one bad path leaves the others untouched.
* A problem with a path (missing or unwritable folder, name too long, exists,
  is a directory, the same file twice) is an :class:`~frontmap.errors.OutputError`;
  a write that fails part way (disk full, I/O error) is an
  :class:`~frontmap.errors.OutputWriteError`.  Both name the path.
"""

from __future__ import annotations

import contextlib
import csv
import errno
import io
import json
import os
import stat
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from .data import ATTRIBUTION
from .errors import FrontmapError, OutputError, OutputWriteError

__all__ = [
    "DECIMALS",
    "geometry_to_geojson",
    "zone_to_geojson",
    "settlements_to_geojson",
    "rows_to_csv",
    "dump_json",
    "check_output",
    "check_outputs",
    "write_output",
    "write_outputs",
]

DECIMALS = 6


def _round_coords(obj):
    if isinstance(obj, (list, tuple)):
        if obj and isinstance(obj[0], (int, float)):
            return [round(float(v), DECIMALS) for v in obj]
        return [_round_coords(v) for v in obj]
    return obj


def geometry_to_geojson(geom, multi: bool = False) -> dict:
    """A shapely geometry as an RFC 7946 geometry object (6 decimals, CCW shells);
    with ``multi``, a Polygon is written as a MultiPolygon of one, so that a layer
    of zones has one geometry type.

    Parameters
    ----------
    geom : shapely.Geometry
        A geometry in lon/lat (WGS84).
    multi : bool, default False
        Write a Polygon as a MultiPolygon of one.

    Returns
    -------
    dict
        A GeoJSON geometry object (``type`` and ``coordinates``), ready for
        :func:`json.dumps`.

    Examples
    --------
    >>> import shapely
    >>> geometry_to_geojson(shapely.Point(35.2719444, 51.1919444))
    {'type': 'Point', 'coordinates': [35.271944, 51.191944]}
    >>> geometry_to_geojson(shapely.box(35.2, 51.1, 35.3, 51.2), multi=True)["type"]
    'MultiPolygon'
    """
    import shapely  # here, not at the top: writing text outputs needs no geometry library

    if geom.geom_type in ("Polygon", "MultiPolygon"):
        # Snap to the output grid first so rounding cannot break validity,
        # then orient: counter-clockwise shells, clockwise holes.
        geom = shapely.set_precision(geom, 10.0**-DECIMALS)
        geom = shapely.orient_polygons(geom, exterior_cw=False)
    doc = json.loads(shapely.to_geojson(geom))
    doc["coordinates"] = _round_coords(doc["coordinates"])
    if multi and doc["type"] == "Polygon":
        doc = {"type": "MultiPolygon", "coordinates": [doc["coordinates"]]}
    return doc


def geojson_bbox(geoms) -> list[float]:
    """The RFC 7946 ``bbox`` of shapely geometries, as they are written (6 decimals)."""
    # Polygons are written snapped to the output grid (see geometry_to_geojson):
    # measure them the same way, or a bound can round to the other side.
    import shapely

    geoms = [
        shapely.set_precision(g, 10.0**-DECIMALS) if g.geom_type in ("Polygon", "MultiPolygon") else g for g in geoms
    ]
    xmin, ymin, xmax, ymax = shapely.total_bounds(geoms)
    return [round(float(v), DECIMALS) for v in (xmin, ymin, xmax, ymax)]


def _collection(features: list, geoms) -> dict:
    doc: dict[str, object] = {"type": "FeatureCollection"}
    if features:
        doc["bbox"] = geojson_bbox(geoms)
    doc["features"] = features
    doc["attribution"] = dict(ATTRIBUTION)
    return doc


def zone_to_geojson(zone) -> dict:
    """A zone as a FeatureCollection holding one Polygon/MultiPolygon feature.

    Parameters
    ----------
    zone : Zone, shapely geometry, GeoSeries, GeoDataFrame or pathlib.Path
        The zone (see :func:`~frontmap.zone.require_zone` for what holds one).

    Returns
    -------
    dict
        An RFC 7946 FeatureCollection with a ``bbox``, the zone's feature
        (its spec and measures as properties) and the data's ``attribution``.

    Raises
    ------
    TypeError
        When ``zone`` holds no zone.

    Examples
    --------
    >>> from frontmap.zone import build_zone
    >>> doc = zone_to_geojson(build_zone())
    >>> doc["type"], len(doc["features"]), doc["features"][0]["geometry"]["type"]
    ('FeatureCollection', 1, 'Polygon')
    """
    from .zone import require_zone

    zone = require_zone(zone)
    geometry = geometry_to_geojson(zone.geometry)
    feature = {
        "type": "Feature",
        "bbox": geojson_bbox([zone.geometry]),
        "properties": zone.to_properties(),
        "geometry": geometry,
    }
    return _collection([feature], [zone.geometry])


def settlements_to_geojson(rows: list[dict], properties: dict | None = None) -> dict:
    """Settlement rows (with ``lon``/``lat``) as a FeatureCollection of points.

    Parameters
    ----------
    rows : list of dict
        One per settlement, each with ``lon`` and ``lat``; the other keys
        become the feature's properties.
    properties : dict, optional
        Properties of the whole collection (totals, notes).

    Returns
    -------
    dict
        An RFC 7946 FeatureCollection of Point features, with a ``bbox`` when
        it has any, the data's ``attribution`` and ``properties`` if given.

    Examples
    --------
    >>> doc = settlements_to_geojson([{"id": 1, "name": "Суджа", "lon": 35.27, "lat": 51.19}], {"count": 1})
    >>> doc["features"][0]["properties"], doc["bbox"], doc["properties"]
    ({'id': 1, 'name': 'Суджа'}, [35.27, 51.19, 35.27, 51.19], {'count': 1})
    """
    import shapely

    features = []
    points = []
    for row in rows:
        point = shapely.Point(row["lon"], row["lat"])
        points.append(point)
        props = {k: v for k, v in row.items() if k not in ("lon", "lat")}
        features.append({"type": "Feature", "properties": props, "geometry": geometry_to_geojson(point)})
    doc = _collection(features, points)
    if properties:
        doc["properties"] = properties
    return doc


def rows_to_csv(rows: list[dict], columns: list[str]) -> str:
    """Rows as CSV text with a header.

    Parameters
    ----------
    rows : list of dict
        The rows; keys not in ``columns`` are left out, missing ones empty.
    columns : list of str
        The columns, in order.

    Returns
    -------
    str
        The header line and one line per row, each ending in ``\\n``.

    Examples
    --------
    >>> rows_to_csv([{"id": 1, "name": "Суджа", "extra": 3}], ["id", "name"])
    'id,name\\n1,Суджа\\n'
    """
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=columns, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buf.getvalue()


def dump_json(doc, compact: bool = False) -> str:
    """JSON text with UTF-8 names kept readable; ``compact`` for GeoJSON (no indentation).

    Parameters
    ----------
    doc : object
        Anything :func:`json.dumps` takes.
    compact : bool, default False
        No indentation and no spaces after separators; otherwise one space
        of indentation per level.

    Returns
    -------
    str
        The JSON text, ending in a newline.

    Examples
    --------
    >>> dump_json({"name": "Суджа", "n": 1}, compact=True)
    '{"name":"Суджа","n":1}\\n'
    """
    if compact:
        return json.dumps(doc, ensure_ascii=False, separators=(",", ":")) + "\n"
    return json.dumps(doc, ensure_ascii=False, indent=1) + "\n"


#: errno values of a write that failed part way although the path was fine.
WRITE_FAILURES = frozenset(
    getattr(errno, name) for name in ("ENOSPC", "EDQUOT", "EIO", "EFBIG", "EPIPE") if hasattr(errno, name)
)


def output_error(where: str, exc: OSError) -> FrontmapError:
    """``exc`` as an OutputError (a bad path) or an OutputWriteError (a failed write), naming ``where``."""
    reason = exc.strerror or str(exc)
    cls = OutputWriteError if exc.errno in WRITE_FAILURES else OutputError
    return cls(f"cannot write {where}: {reason}")


@dataclass
class _Target:
    given: str  # the path as given, for messages
    path: str  # where the bytes go: the path, or with overwrite the file a symlink points to
    kind: str  # "new", "replace" (a regular file) or "stream" (a FIFO or character device)
    mode: int | None = None  # permission bits to keep when replacing
    tmp: str | None = None

    @property
    def shown(self) -> str:
        return repr(self.given)

    @property
    def folder(self) -> str:
        return os.path.dirname(self.path) or "."

    @property
    def staged(self) -> str:
        """The temporary file :func:`_stage` wrote, to be put in place."""
        assert self.tmp is not None, "a file target is staged before it is committed"
        return self.tmp


def _name_max(folder: str) -> int:
    try:
        return os.pathconf(folder, "PC_NAME_MAX")
    except (OSError, ValueError):
        return 255


def _kind_name(mode: int) -> str:
    for test, name in (
        (stat.S_ISLNK, "a symbolic link"),
        (stat.S_ISFIFO, "a FIFO"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
        (stat.S_ISSOCK, "a socket"),
    ):
        if test(mode):
            return name
    return "a special file"


def _plan(given: str | os.PathLike, overwrite: bool, follow: bool = True) -> _Target:
    """Where and how an output would be written, or the OutputError saying why it cannot be."""
    text = os.fsdecode(os.fspath(given))
    shown = repr(text)
    _check_name(text, shown)
    _check_folder(text, shown)
    try:
        st = os.lstat(text)
    except FileNotFoundError:
        return _Target(text, text, "new")
    except OSError as exc:
        raise output_error(shown, exc) from None

    mode = st.st_mode
    if stat.S_ISDIR(mode):
        raise OutputError(f"cannot write {shown}: it is a directory")
    if stat.S_ISLNK(mode):
        return _plan_link(text, shown, overwrite, follow)
    if not overwrite:
        what = "" if stat.S_ISREG(mode) else f" ({_kind_name(mode)})"
        raise OutputError(f"{shown} exists{what}; pass --overwrite to replace it")
    if stat.S_ISREG(mode):
        return _Target(text, text, "replace", stat.S_IMODE(mode))
    if stat.S_ISFIFO(mode) or stat.S_ISCHR(mode):
        return _Target(text, text, "stream")
    raise OutputError(
        f"cannot write {shown}: it is {_kind_name(mode)}; frontmap writes regular files, FIFOs and character devices"
    )


def _check_name(text: str, shown: str) -> None:
    """An output name must be a file's: not empty, no NUL, encodable, not a directory's; a relative
    one needs a current directory.
    """
    if text == "":
        raise OutputError("the output file name is empty: give a file name")
    if "\0" in text:
        raise OutputError(f"cannot write {shown}: a file name cannot hold a NUL character")
    try:
        os.fsencode(text)
    except UnicodeEncodeError:
        raise OutputError(f"cannot write {shown}: the name cannot be encoded as a file name") from None
    if text.endswith(("/", "/.", "/..")) or text in (".", ".."):
        raise OutputError(f"cannot write {shown}: it names a directory, not a file")
    if not os.path.isabs(text):
        try:
            os.getcwd()
        except FileNotFoundError:
            raise OutputError(
                f"cannot write {shown}: the current directory no longer exists; give an absolute path"
            ) from None


def _check_folder(text: str, shown: str) -> None:
    """An output's folder must exist and be a directory whose names are long enough for it."""
    folder = os.path.dirname(text) or "."
    try:
        folder_mode = os.stat(folder).st_mode
    except FileNotFoundError:
        raise OutputError(f"cannot write {shown}: the directory {folder!r} does not exist") from None
    except NotADirectoryError:
        raise OutputError(f"cannot write {shown}: {folder!r} is not a directory") from None
    except OSError as exc:
        raise output_error(shown, exc) from None
    if not stat.S_ISDIR(folder_mode):
        raise OutputError(f"cannot write {shown}: {folder!r} is not a directory")
    name_bytes, limit = len(os.fsencode(os.path.basename(text))), _name_max(folder)
    if name_bytes > limit:
        raise OutputError(f"cannot write {shown}: the file name is {name_bytes} bytes long, the limit is {limit}")


def _plan_link(text: str, shown: str, overwrite: bool, follow: bool) -> _Target:
    """An output that is a symbolic link: written through it only with ``overwrite``, one level deep."""
    try:
        points_to = os.readlink(text)
    except OSError:
        points_to = "?"
    if not overwrite:
        raise OutputError(
            f"{shown} exists (a symbolic link to {points_to!r}); pass --overwrite to write to the file it points to"
        )
    if not follow:
        raise OutputError(f"cannot write {shown}: too many levels of symbolic links")
    try:
        final: int | None = os.stat(text).st_mode
    except FileNotFoundError:
        final = None  # dangling: the file it points to is created
    except OSError as exc:
        raise output_error(shown, exc) from None
    if final is not None and stat.S_ISDIR(final):
        raise OutputError(f"cannot write {shown}: it points to a directory")
    if final is not None and (stat.S_ISFIFO(final) or stat.S_ISCHR(final)):
        return _Target(text, text, "stream")  # opened through the link (/dev/stdout works)
    target = _plan(os.path.realpath(text), overwrite, follow=False)
    target.given = text
    return target


def _temp_prefix(target: _Target) -> str:
    # Short enough that a long (but legal) name still leaves room for the suffix.
    return f".{os.path.basename(target.path)[:40]}."


def _probe(target: _Target) -> None:
    """Create and remove a file beside the target: the only sure test that the folder takes new files
    (permissions, read-only mounts, /proc, and root, whom access() always answers yes).
    """
    if target.kind == "stream":
        return
    try:
        fd, tmp = tempfile.mkstemp(prefix=_temp_prefix(target), suffix=".tmp", dir=target.folder)
    except OSError as exc:
        error = output_error(target.shown, exc)
        raise type(error)(
            f"cannot write {target.shown}: the folder {target.folder!r} takes no new file ({exc.strerror})"
        ) from None
    os.close(fd)
    os.unlink(tmp)


def _same_file_key(target: _Target):
    try:
        st = os.stat(target.path)
        return ("inode", st.st_dev, st.st_ino)
    except OSError:
        return ("path", os.path.realpath(target.path))


def _check(paths: Sequence, overwrite: bool) -> list[_Target]:
    targets = [_plan(p, overwrite) for p in paths]
    seen: dict[tuple, _Target] = {}
    for target in targets:
        key = _same_file_key(target)
        if key in seen:
            first = seen[key]
            if first.given == target.given:
                raise OutputError(f"{target.shown} is given as two outputs: give each output its own file")
            raise OutputError(f"{first.shown} and {target.shown} are the same file: give each output its own file")
        seen[key] = target
    return targets


def check_outputs(paths: Sequence[str | os.PathLike], overwrite: bool = False) -> list[Path]:
    """Check output paths before any work; raise OutputError for the first that cannot be written.

    Each folder must exist and take new files, no entry may be in the way
    unless ``overwrite`` (a dangling symlink is in the way), no path may be a
    directory, and no two paths may name the same file.

    Parameters
    ----------
    paths : sequence of str or os.PathLike
        The outputs a run will write.
    overwrite : bool, default False
        Whether an existing entry may be replaced (or a stream written to).

    Returns
    -------
    list of pathlib.Path
        ``paths`` as paths, in order.

    Raises
    ------
    OutputError
        For the first path that cannot be written; the message names it and
        says why.

    Examples
    --------
    >>> check_outputs(["/no/such/folder/zone.geojson"])
    Traceback (most recent call last):
    ...
    frontmap.errors.OutputError: cannot write '/no/such/folder/zone.geojson': the directory ... does not exist
    >>> check_outputs(["/dev/null", "/dev/null"], overwrite=True)
    Traceback (most recent call last):
    ...
    frontmap.errors.OutputError: '/dev/null' is given as two outputs: give each output its own file
    """
    targets = _check(paths, overwrite)
    for target in targets:
        _probe(target)
    return [Path(p) for p in paths]


def check_output(path: str | os.PathLike, overwrite: bool = False) -> Path:
    """Check one output path before any work (see :func:`check_outputs`).

    Parameters
    ----------
    path : str or os.PathLike
        The output a run will write.
    overwrite : bool, default False
        Whether an existing entry may be replaced (or a stream written to).

    Returns
    -------
    pathlib.Path
        ``path`` as a path.

    Raises
    ------
    OutputError
        When ``path`` cannot be written.

    Examples
    --------
    >>> check_output("/no/such/folder/zone.geojson")
    Traceback (most recent call last):
    ...
    frontmap.errors.OutputError: cannot write '/no/such/folder/zone.geojson': the directory ... does not exist
    """
    return check_outputs([path], overwrite)[0]


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _as_bytes(data: str | bytes) -> bytes:
    return data if isinstance(data, bytes) else data.encode("utf-8")


def _stage(data: bytes, target: _Target, temps: list) -> None:
    """Write ``data`` to a temporary file beside the target (listed in ``temps`` at once)."""
    try:
        fd, target.tmp = tempfile.mkstemp(prefix=_temp_prefix(target), suffix=".tmp", dir=target.folder)
    except OSError as exc:
        raise output_error(target.shown, exc) from None
    temps.append(target.tmp)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        # mkstemp makes the file private (0600): keep the replaced file's mode, or the one open() would give.
        os.chmod(target.tmp, target.mode if target.mode is not None else 0o666 & ~_umask())
    except OSError as exc:
        raise output_error(target.shown, exc) from None


def _stream(data: bytes, target: _Target) -> None:
    """Write ``data`` into a FIFO or character device, as a shell's ``>`` would, without replacing it."""
    try:
        fd = os.open(target.path, os.O_WRONLY | os.O_NOCTTY | os.O_CLOEXEC)
    except OSError as exc:
        raise output_error(target.shown, exc) from None
    try:
        if stat.S_ISREG(os.fstat(fd).st_mode):
            raise OutputError(f"cannot write {target.shown}: it became a regular file while frontmap ran")
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
    except (FrontmapError, BrokenPipeError):  # a FIFO's reader that left is a closed pipe, as on stdout
        raise
    except OSError as exc:
        raise output_error(target.shown, exc) from None
    finally:
        os.close(fd)


def _commit(target: _Target, overwrite: bool) -> None:
    """Put a staged file in place: renamed over a regular file, linked as a new one."""
    try:
        if not overwrite:
            try:
                os.link(target.staged, target.path)  # fails if anything appeared meanwhile
            except FileExistsError:
                raise OutputError(
                    f"{target.shown} appeared while frontmap ran; pass --overwrite to replace it"
                ) from None
            except OSError as exc:
                if exc.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EMLINK, errno.EXDEV):
                    raise
                # No hard links here: check, then rename.
                if os.path.lexists(target.path):
                    raise OutputError(
                        f"{target.shown} appeared while frontmap ran; pass --overwrite to replace it"
                    ) from None
                os.replace(target.staged, target.path)
            else:
                os.unlink(target.staged)
            return
        try:
            mode = os.lstat(target.path).st_mode
        except FileNotFoundError:
            mode = None
        if mode is not None and not stat.S_ISREG(mode):
            raise OutputError(f"cannot write {target.shown}: it became {_kind_name(mode)} while frontmap ran")
        os.replace(target.staged, target.path)
    except FrontmapError:
        raise
    except OSError as exc:
        raise output_error(target.shown, exc) from None


def write_outputs(items: Sequence[tuple[str | bytes, str | os.PathLike]], overwrite: bool = False) -> list[Path]:
    """Write several outputs, ``(text or bytes, path)`` each, all or none as far as a file system allows.

    Every path is checked first (see :func:`check_outputs`); every regular
    file is then written to a temporary file beside it, streams (FIFOs,
    character devices) are written, and only then are the files put in
    place.  On any failure, or a signal the caller turns into an exception,
    the temporary files are removed and no existing file has changed.
    Strings are written as UTF-8.

    Parameters
    ----------
    items : sequence of (str or bytes, str or os.PathLike)
        Each output's content and path.
    overwrite : bool, default False
        Whether existing entries may be replaced (or streams written to).

    Returns
    -------
    list of pathlib.Path
        The paths written, in order.

    Raises
    ------
    OutputError
        When a path cannot be written (nothing is written then).
    OutputWriteError
        When a write fails part way (disk full, I/O error).

    Examples
    --------
    >>> write_outputs([(zone_text, "zone.geojson"), (rows_text, "zone.csv")])  # doctest: +SKIP
    [PosixPath('zone.geojson'), PosixPath('zone.csv')]
    """
    targets = _check([path for _, path in items], overwrite)
    temps: list[str] = []
    try:
        for (data, _), target in zip(items, targets, strict=True):
            if target.kind != "stream":
                _stage(_as_bytes(data), target, temps)
        for (data, _), target in zip(items, targets, strict=True):
            if target.kind == "stream":
                _stream(_as_bytes(data), target)
        for target in targets:
            if target.kind != "stream":
                _commit(target, overwrite)
                temps.remove(target.staged)
    finally:
        for tmp in temps:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
    return [Path(path) for _, path in items]


def write_output(text: str | bytes, path: str | os.PathLike, overwrite: bool = False) -> Path:
    """Write ``text`` (or bytes) to ``path`` safely; refuse to replace anything unless ``overwrite``.

    See the module docstring for what happens to regular files, FIFOs,
    devices, symlinks and directories.

    Parameters
    ----------
    text : str or bytes
        The content; a str is written as UTF-8.
    path : str or os.PathLike
        Where to write it.
    overwrite : bool, default False
        Whether an existing entry may be replaced (or a stream written to).

    Returns
    -------
    pathlib.Path
        ``path`` as a path.

    Raises
    ------
    OutputError
        When ``path`` cannot be written (nothing is written then).
    OutputWriteError
        When the write fails part way (disk full, I/O error).

    Examples
    --------
    >>> write_output(dump_json(zone_to_geojson(zone), compact=True), "zone.geojson")  # doctest: +SKIP
    PosixPath('zone.geojson')
    """
    return write_outputs([(text, path)], overwrite)[0]
