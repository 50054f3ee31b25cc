"""Zones and references from any vector format; results to any vector format.

Reading (:func:`read_vector`, :func:`read_zone`, :func:`as_zone`) takes the
formats pyogrio reads: GeoJSON, GeoJSON text sequences, GeoPackage (with a
``layer``), Shapefile, FlatGeobuf, GeoParquet, KML and KMZ (a zip holding a
KML, as DeepStateMap publishes).  Every layer is read unless ``layer``
names one (a KML's folders are its layers); ``where`` keeps the features an
OGR SQL filter keeps (``"Name = 'Occupied'"``).  A source CRS is honoured:
everything is reprojected to EPSG:4326.  A zone read this way goes through
:func:`frontmap.zone.zone_from_geojson`, so its polygons are checked, repaired
and clipped exactly as a GeoJSON zone's are.  GeoJSON files (``.geojson``,
``.json`` and any name this module does not know) are read by
``zone_from_geojson`` itself, as before.

Hostile files are bounded: a file is read into memory up to
:data:`MAX_VECTOR_BYTES` (64 MB) and its first bytes must be those of the
format its name gives (so a ``.gpkg`` that is a GDAL VRT pointing elsewhere
is refused); a KMZ is unpacked in memory, never on disk, with a bound on
entries and on the KML's unpacked size (a zip bomb stops at the bound),
and an entry whose name climbs out of the archive (``../``, ``/etc``) is
refused; a KML may not declare a DTD (entity expansion); at most
:data:`MAX_FEATURES` features and :data:`MAX_LAYERS` layers are read.  Every
failure is a :class:`~frontmap.errors.ZoneFileError` (or, for a ``layer``
or ``where`` the file cannot take, an :class:`~frontmap.errors.InvalidSpecError`
naming the parameter) with one line naming the file and what is allowed.

Writing (:func:`write_vector`) picks the format from the file's extension
(``.geojson`` — the default, RFC 7946 — ``.gpkg``, ``.fgb``, ``.parquet``,
``.shp``, ``.csv``, ``.kml``, ``.kmz``, ``.geojsonl``) or from ``driver``.
Nested properties become plain columns and each layer has one geometry
type (:func:`frontmap.geodataframe.features_to_geodataframe`).  Files are
written through :func:`frontmap.export.write_outputs`: nothing is replaced
without ``overwrite``, nothing is left half-written, and a shapefile's five
files are written all or none.

geopandas, pyogrio and pyarrow are imported only inside the functions that
use them.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import re
import stat
import tempfile
import warnings
import zipfile
import zlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any

from .errors import FrontmapError, InvalidSpecError, OutputError, OutputWriteError, ZoneFileError

if TYPE_CHECKING:  # pragma: no cover
    import geopandas

    from .zone import Zone

__all__ = [
    "FORMATS",
    "MAX_VECTOR_BYTES",
    "MAX_FEATURES",
    "MAX_LAYERS",
    "VectorFormat",
    "as_zone",
    "check_vector_output",
    "input_format",
    "is_geojson_path",
    "output_files",
    "output_format",
    "read_vector",
    "read_vector_bytes",
    "read_zone",
    "read_zone_bytes",
    "write_geojson_text",
    "write_vector",
    "zone_from_geodataframe",
]

log = logging.getLogger(__name__)

#: Largest file read (and largest KML unpacked from a KMZ), in bytes; a shapefile's files together.
MAX_VECTOR_BYTES = 64 * 1024 * 1024
#: Most features read from one source, over all its layers.
MAX_FEATURES = 100_000
#: Most layers read from one source.
MAX_LAYERS = 100
#: Most entries a KMZ may hold.
MAX_KMZ_ENTRIES = 1_000
#: Longest ``where`` filter, in characters.
MAX_WHERE_CHARS = 1_000
#: Longest ``layer`` name, in characters.
MAX_LAYER_CHARS = 300
#: Largest unpacked size of a GeoParquet file's row groups (a bound on a parquet bomb).
MAX_PARQUET_UNPACKED_BYTES = 4 * MAX_VECTOR_BYTES
#: The grid (degrees) of GDAL's GeoJSONSeq coordinates (7 decimals, RFC 7946).
_SEQ_GRID_DEG = 1e-7
#: Most field names a message lists.
_MAX_FIELDS_SHOWN = 20
#: How much of a library's message goes into ours.
_MESSAGE_CHARS = 300
#: The bytes a shapefile's main file starts with (file code 9994, big-endian).
_SHP_MAGIC = b"\x00\x00\x27\x0a"
#: A shapefile's files; the first is the one named.
_SHAPEFILE_PARTS = (".shp", ".shx", ".dbf", ".prj", ".cpg")


@dataclass(frozen=True)
class VectorFormat:
    """A vector format frontmap reads or writes.

    ``driver`` is the GDAL driver that writes it (``"Parquet"`` is written by
    geopandas and pyarrow); ``suffixes`` the file extensions that pick it,
    the first being the one it writes.
    """

    name: str
    driver: str
    suffixes: tuple[str, ...]
    readable: bool = True
    aliases: tuple[str, ...] = ()

    @property
    def files(self) -> tuple[str, ...]:
        """The suffixes of the files one output consists of."""
        return _SHAPEFILE_PARTS if self.driver == "ESRI Shapefile" else (self.suffixes[0],)


GEOJSON = VectorFormat("GeoJSON", "GeoJSON", (".geojson", ".json"))
GEOJSONSEQ = VectorFormat("GeoJSON text sequence", "GeoJSONSeq", (".geojsonl", ".geojsons", ".geojsonseq", ".ndjson"))
GPKG = VectorFormat("GeoPackage", "GPKG", (".gpkg",), aliases=("geopackage",))
SHAPEFILE = VectorFormat("Shapefile", "ESRI Shapefile", (".shp",), aliases=("shapefile", "shp"))
FLATGEOBUF = VectorFormat("FlatGeobuf", "FlatGeobuf", (".fgb",), aliases=("fgb",))
PARQUET = VectorFormat("GeoParquet", "Parquet", (".parquet", ".geoparquet"), aliases=("geoparquet",))
KML = VectorFormat("KML", "KML", (".kml",))
KMZ = VectorFormat("KMZ", "LIBKML", (".kmz",), aliases=("kmz",))
CSV = VectorFormat("CSV", "CSV", (".csv",), readable=False)

#: Every format, in the order messages list them.
FORMATS = (GEOJSON, GEOJSONSEQ, GPKG, SHAPEFILE, FLATGEOBUF, PARQUET, KML, KMZ, CSV)


def _suffix(path: str) -> str:
    return os.path.splitext(path)[1].lower()


def _format_by_suffix(path: str) -> VectorFormat | None:
    suffix = _suffix(path)
    return next((f for f in FORMATS if suffix in f.suffixes), None)


def is_geojson_path(path: str | os.PathLike) -> bool:
    """True when ``path`` is read as GeoJSON: ``.geojson``, ``.json``, ``-`` (stdin) or any
    extension of no other format frontmap reads.

    Parameters
    ----------
    path : str or os.PathLike
        A file name; only its extension (any case) counts, and the file need not exist.

    Returns
    -------
    bool
        False only for an extension of another format frontmap reads (``.gpkg``, ``.kmz``, ``.shp`` ...).

    Examples
    --------
    >>> is_geojson_path("zone.geojson"), is_geojson_path("drawn.txt"), is_geojson_path("ref.KMZ")
    (True, True, False)
    """
    fmt = _format_by_suffix(os.fsdecode(os.fspath(path)))
    return fmt is None or fmt is GEOJSON or not fmt.readable


def input_format(path: str | os.PathLike) -> VectorFormat:
    """The format a file is read as, from its extension (GeoJSON when none other fits).

    Parameters
    ----------
    path : str or os.PathLike
        A file name; only its extension (any case) counts, and the file need not exist.

    Returns
    -------
    VectorFormat
        One of :data:`FORMATS`: the one whose extensions hold the path's, else :data:`GEOJSON`.

    Examples
    --------
    >>> input_format("ukraine.gpkg").name, input_format("drawn").name
    ('GeoPackage', 'GeoJSON')
    """
    return GEOJSON if is_geojson_path(path) else _format_by_suffix(os.fsdecode(os.fspath(path)))  # type: ignore[return-value]


def _quote(text: str) -> str:
    from .transliterate import quote_text

    return quote_text(text)


def _one_line(exc: BaseException | str, *replace: tuple[str, str]) -> str:
    """A library's message on one line, cut; temporary paths replaced by what the user knows."""
    text = str(exc)
    for old, new in replace:
        if old:
            text = text.replace(old, new)
    text = " ".join(text.split())
    return text if len(text) <= _MESSAGE_CHARS else text[: _MESSAGE_CHARS - 1] + "…"


def _file_name(path: str) -> str:
    return f"zone file {_quote(path)}"


# ---------------------------------------------------------------------------
# Parameters


def _check_layer(layer: str | None) -> None:
    if layer is None:
        return
    if not isinstance(layer, str):
        raise TypeError(f"layer must be a str or None, not {type(layer).__name__}")
    if not layer or len(layer) > MAX_LAYER_CHARS or any(ord(c) < 0x20 or c == "\x7f" for c in layer):
        raise InvalidSpecError(
            f"layer {_quote(layer)} is not a layer name: give the name of one of the "
            f"file's layers (1 to {MAX_LAYER_CHARS} characters, no control character)",
            "layer",
        )


def _check_where(where: str | None) -> None:
    if where is None:
        return
    if not isinstance(where, str):
        raise TypeError(f"where must be a str or None, not {type(where).__name__}")
    if not where.strip() or len(where) > MAX_WHERE_CHARS or any(ord(c) < 0x20 and c not in "\t\n" for c in where):
        raise InvalidSpecError(
            f"where {_quote(where)} is not a filter: give an OGR SQL condition on the file's fields of "
            f"1 to {MAX_WHERE_CHARS:,} characters, e.g. \"Name = 'Occupied'\"",
            "where",
        )


# ---------------------------------------------------------------------------
# Reading bytes, bounded


def _read_bounded(path: str, name: str, limit: int = MAX_VECTOR_BYTES) -> bytes:
    """The bytes of ``path`` (a file, FIFO or device), at most ``limit``; one-line ZoneFileErrors."""
    try:
        with open(path, "rb") as fh:
            st = os.fstat(fh.fileno())
            if stat.S_ISREG(st.st_mode) and st.st_size > limit:
                raise ZoneFileError(
                    f"{name} is {st.st_size / 2**20:,.1f} MB: frontmap reads vector files of "
                    f"at most {limit // 2**20} MB"
                )
            data = fh.read(limit + 1)
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise ZoneFileError(f"cannot read {name}: {reason}") from None
    except ValueError:  # a NUL in the name
        raise ZoneFileError(f"cannot read {name}: a file name cannot hold a NUL character") from None
    if len(data) > limit:
        raise ZoneFileError(
            f"{name} holds more than {limit // 2**20} MB: frontmap reads vector files of at most {limit // 2**20} MB"
        )
    return data


def _looks_like_text_json(data: bytes) -> bool:
    head = data.lstrip(b"\xef\xbb\xbf \t\r\n\x1e")[:1]
    return head in (b"{", b"[")


def _looks_like_xml(data: bytes) -> bool:
    return data.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] == b"<"


#: What the first bytes of each format must be, and how a message describes them.
_MAGIC: dict[str, tuple[Any, str]] = {
    "GeoJSON": (_looks_like_text_json, "a JSON object"),
    "GeoJSONSeq": (_looks_like_text_json, "a JSON object"),
    "GPKG": (lambda d: d.startswith(b"SQLite format 3\x00"), "an SQLite database"),
    "ESRI Shapefile": (lambda d: d.startswith(_SHP_MAGIC), "a shapefile's header"),
    "FlatGeobuf": (lambda d: d.startswith(b"fgb\x03"), "FlatGeobuf's 'fgb' header"),
    "Parquet": (lambda d: d.startswith(b"PAR1") and d.endswith(b"PAR1"), "Parquet's 'PAR1' header"),
    "KML": (_looks_like_xml, "XML"),
    "LIBKML": (lambda d: d.startswith(b"PK\x03\x04"), "a zip archive"),
}


def _sniff(data: bytes, fmt: VectorFormat, name: str) -> None:
    test, what = _MAGIC[fmt.driver]
    if not test(data):
        raise ZoneFileError(
            f"{name} is not {fmt.name}: it does not start as {what} does "
            f"(frontmap reads {_readable_list()}, by extension)"
        )
    if fmt is KML and re.search(rb"<!(DOCTYPE|ENTITY)", data[:65536], re.IGNORECASE):
        raise ZoneFileError(
            f"{name} declares a DTD (<!DOCTYPE or <!ENTITY): KML needs none, and frontmap reads no KML that has one"
        )


def _readable_list() -> str:
    return ", ".join(f"{f.name} ({'/'.join(f.suffixes)})" for f in FORMATS if f.readable)


# ---------------------------------------------------------------------------
# KMZ


def _safe_entry_name(entry: str) -> bool:
    """False for a zip entry name that climbs out of the archive or names an absolute path."""
    if not entry or "\x00" in entry or "\\" in entry or entry.startswith("/") or re.match(r"[A-Za-z]:", entry):
        return False
    return ".." not in PurePosixPath(entry).parts


def _kml_from_kmz(data: bytes, name: str) -> bytes:
    """The KML inside a KMZ, unpacked in memory: ``doc.kml`` at the top, else the first ``.kml``."""
    import io

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            entries = archive.infolist()
            if len(entries) > MAX_KMZ_ENTRIES:
                raise ZoneFileError(
                    f"{name} holds {len(entries):,} entries: a KMZ holds at most "
                    f"{MAX_KMZ_ENTRIES:,} (a KML and its images)"
                )
            for info in entries:
                if not _safe_entry_name(info.filename):
                    raise ZoneFileError(
                        f"{name} holds an entry named {_quote(info.filename)}, outside the archive: "
                        "entries of a KMZ are relative names without '..'"
                    )
            kmls = [i for i in entries if i.filename.lower().endswith(".kml") and not i.is_dir()]
            if not kmls:
                raise ZoneFileError(f"{name} holds no .kml file: a KMZ is a zip archive holding a KML (doc.kml)")
            info = next((i for i in kmls if i.filename.lower() == "doc.kml"), kmls[0])
            if info.flag_bits & 0x1:
                raise ZoneFileError(
                    f"{name}: its KML {_quote(info.filename)} is encrypted: frontmap reads unencrypted KMZ files"
                )
            if info.file_size > MAX_VECTOR_BYTES:
                raise ZoneFileError(
                    f"{name}: its KML {_quote(info.filename)} unpacks to {info.file_size / 2**20:,.1f} "
                    f"MB: frontmap reads KML of at most {MAX_VECTOR_BYTES // 2**20} MB"
                )
            with archive.open(info) as fh:
                kml = fh.read(MAX_VECTOR_BYTES + 1)  # the real size, whatever the header says
    except FrontmapError:
        raise
    except (
        zipfile.BadZipFile,
        zipfile.LargeZipFile,
        NotImplementedError,
        EOFError,
        OSError,
        ValueError,
        RuntimeError,
        zlib.error,
    ) as exc:
        raise ZoneFileError(f"{name} is not a readable KMZ (a zip archive holding a KML): {_one_line(exc)}") from None
    if len(kml) > MAX_VECTOR_BYTES:
        raise ZoneFileError(
            f"{name}: its KML {_quote(info.filename)} unpacks to more than "
            f"{MAX_VECTOR_BYTES // 2**20} MB: frontmap reads KML of at most that size"
        )
    return kml


# ---------------------------------------------------------------------------
# Reading with pyogrio


def _pyogrio_errors() -> tuple[type[BaseException], ...]:
    """The exceptions of pyogrio itself for a source or a layer GDAL cannot handle."""
    import pyogrio.errors

    return (
        pyogrio.errors.DataSourceError,
        pyogrio.errors.DataLayerError,
        pyogrio.errors.FieldError,
        pyogrio.errors.GeometryError,
        pyogrio.errors.FeatureError,
        pyogrio.errors.CRSError,
    )


def _read_errors() -> tuple[type[BaseException], ...]:
    """The exceptions GDAL, pyogrio, pyarrow and shapely raise for a file they cannot read."""
    import shapely.errors

    return (
        *_pyogrio_errors(),
        shapely.errors.GEOSException,
        ValueError,
        TypeError,
        KeyError,
        IndexError,
        OSError,
        RuntimeError,
        MemoryError,
        OverflowError,
        UnicodeError,
    )


@contextlib.contextmanager
def _quiet() -> Iterator[None]:
    """GDAL's and pyogrio's warnings (laundered field names, extensions) go to the debug log."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        yield
    for warning in caught:
        log.debug("%s", warning.message)


@dataclass
class _Source:
    """A file copied into a private folder under a plain name, so that GDAL reads our bounded copy."""

    folder: str
    path: str
    name: str
    fmt: VectorFormat

    def shown(self, exc: BaseException | str) -> str:
        return _one_line(exc, (self.path, self.name), (self.folder + os.sep, ""))


def _plain_stem(path: str) -> str:
    stem = os.path.splitext(os.path.basename(path))[0]
    ok = stem and len(stem) <= 100 and stem.isprintable() and stem not in (".", "..") and "\x00" not in stem
    try:
        stem.encode("utf-8")
    except UnicodeEncodeError:
        ok = False
    return stem if ok else "data"


def _shapefile_parts(path: str, name: str) -> dict[str, bytes]:
    """A shapefile's files (``.shp`` and its companions found beside it), read bounded."""
    base, suffix = os.path.splitext(path)
    parts: dict[str, bytes] = {}
    total = 0
    for part in _SHAPEFILE_PARTS:
        found = next((base + s for s in (part, part.upper()) if os.path.exists(base + s)), None)
        if part == ".shp":
            found = path
        if found is None:
            continue
        data = _read_bounded(found, _file_name(found) if part != ".shp" else name, MAX_VECTOR_BYTES - total)
        total += len(data)
        parts[part] = data
    return parts


def _copy_in(folder: str, path: str, name: str, fmt: VectorFormat, data: bytes | None) -> _Source:
    """Copy the source into ``folder``: the bytes given, or a shapefile's parts."""
    stem = _plain_stem(path)
    if fmt is SHAPEFILE:
        parts = _shapefile_parts(path, name)
        _sniff(parts[".shp"], fmt, name)
        if ".shx" not in parts or ".dbf" not in parts:
            raise ZoneFileError(
                f"{name} lacks its .shx or .dbf file: a shapefile is a .shp with a .shx and a "
                ".dbf beside it (and a .prj for its CRS)"
            )
        for part, blob in parts.items():
            Path(folder, stem + part).write_bytes(blob)
        return _Source(folder, os.path.join(folder, stem + ".shp"), name, fmt)
    assert data is not None
    if fmt is KMZ:
        _sniff(data, fmt, name)
        data, fmt = _kml_from_kmz(data, name), KML
    _sniff(data, fmt, name)
    target = os.path.join(folder, stem + fmt.suffixes[0])
    Path(target).write_bytes(data)
    return _Source(folder, target, name, fmt)


def _layers(source: _Source, layer: str | None) -> list[str | None]:
    """The layers to read: the one named (checked), or all of them."""
    import pyogrio

    if source.fmt is PARQUET:
        if layer is not None:
            raise InvalidSpecError(
                f"{source.name} is GeoParquet, which has no layers: leave out layer (got {_quote(layer)})", "layer"
            )
        return [None]
    names = [str(n) for n in pyogrio.list_layers(source.path)[:, 0]]
    if layer is not None:
        if layer not in names:
            shown = ", ".join(_quote(n) for n in names[:20]) + (" …" if len(names) > 20 else "")
            raise InvalidSpecError(f"{source.name} has no layer {_quote(layer)}; its layers are {shown}", "layer")
        return [layer]
    if len(names) > MAX_LAYERS:
        raise ZoneFileError(
            f"{source.name} holds {len(names):,} layers: frontmap reads at most {MAX_LAYERS} "
            "at once (name one with layer)"
        )
    return list(names)


def _read_layer(source: _Source, layer: str | None, where: str | None, budget: int):
    """One layer as a GeoDataFrame in EPSG:4326, at most ``budget`` features (else an error)."""
    import pyogrio

    from .geodataframe import to_wgs84

    try:
        gdf = pyogrio.read_dataframe(source.path, layer=layer, where=where, force_2d=True, max_features=budget + 1)
    except ValueError as exc:
        if where is not None and "SQL" in str(exc):
            fields = [str(f) for f in pyogrio.read_info(source.path, layer=layer)["fields"]]
            shown = ", ".join(fields[:_MAX_FIELDS_SHOWN]) + (" …" if len(fields) > _MAX_FIELDS_SHOWN else "")
            raise InvalidSpecError(
                f"where {_quote(where)} is not an OGR SQL condition on the fields of {source.name}"
                + (f", layer {_quote(layer)}" if layer is not None else "")
                + f"; its fields are {shown or 'none'}",
                "where",
            ) from None
        raise
    if len(gdf) > budget:
        raise ZoneFileError(
            f"{source.name} holds more than {MAX_FEATURES:,} features: frontmap reads at most "
            "that many (filter them with where, or name a layer)"
        )
    return to_wgs84(gdf, source.name)


def _read_parquet(source: _Source, where: str | None):
    """A GeoParquet file (pyarrow), its size checked before it is unpacked; ``where`` through GDAL."""
    import geopandas as gpd
    import pyarrow.parquet as pq

    from .geodataframe import to_wgs84

    meta = pq.ParquetFile(source.path).metadata
    unpacked = sum(meta.row_group(i).total_byte_size for i in range(meta.num_row_groups))
    if meta.num_rows > MAX_FEATURES or unpacked > MAX_PARQUET_UNPACKED_BYTES:
        raise ZoneFileError(
            f"{source.name} holds {meta.num_rows:,} rows, {unpacked / 2**20:,.0f} MB unpacked: "
            f"frontmap reads at most {MAX_FEATURES:,} features and "
            f"{MAX_PARQUET_UNPACKED_BYTES // 2**20} MB"
        )
    gdf = to_wgs84(gpd.read_parquet(source.path), source.name)
    if where is None:
        return gdf
    # GDAL here has no Parquet driver: filter a FlatGeobuf copy, so that where means what it means elsewhere.
    import pyogrio

    copy = _Source(source.folder, os.path.join(source.folder, "filtered.fgb"), source.name, FLATGEOBUF)
    pyogrio.write_dataframe(gdf, copy.path, driver="FlatGeobuf")
    return _read_layer(copy, None, where, MAX_FEATURES)


def _read_source(source: _Source, layer: str | None, where: str | None):
    import geopandas as gpd
    import pandas as pd

    if source.fmt is PARQUET:
        _layers(source, layer)
        return _read_parquet(source, where)
    frames, budget = [], MAX_FEATURES
    for name in _layers(source, layer):
        frame = _read_layer(source, name, where, budget)
        budget -= len(frame)
        frames.append(frame)
    if len(frames) == 1:
        return frames[0]
    return gpd.GeoDataFrame(pd.concat(frames, ignore_index=True), geometry="geometry", crs="EPSG:4326")


def read_vector(
    source: str | os.PathLike, *, layer: str | None = None, where: str | None = None, name: str | None = None
) -> geopandas.GeoDataFrame:
    """The features of a vector file as a GeoDataFrame in EPSG:4326.

    Parameters
    ----------
    source : str or os.PathLike
        A GeoJSON, GeoJSON text sequence, GeoPackage, Shapefile, FlatGeobuf,
        GeoParquet, KML or KMZ file; the extension says which.
    layer : str, optional
        The layer to read (a GeoPackage's table, a KML folder).  Without it
        every layer is read, one after the other.
    where : str, optional
        An OGR SQL condition on the fields: only the features it keeps are
        read (``"Name = 'Occupied'"``).
    name : str, optional
        How messages name the file; ``zone file '<path>'`` by default.

    Returns
    -------
    geopandas.GeoDataFrame
        Every feature kept, any geometry type, reprojected from the file's
        CRS (lon/lat assumed where it has none).

    Raises
    ------
    frontmap.errors.ZoneFileError
        A file that cannot be read, is not the format its name gives, is too
        large, or holds too many features or layers.
    frontmap.errors.InvalidSpecError
        A ``layer`` the file does not have or a ``where`` it cannot apply
        (``param`` is ``"layer"`` or ``"where"``).

    Examples
    --------
    >>> import geopandas, shapely, tempfile, os
    >>> folder = tempfile.mkdtemp()
    >>> path = os.path.join(folder, "ref.gpkg")
    >>> geopandas.GeoDataFrame({"Name": ["Occupied", "Liberated"]},
    ...     geometry=[shapely.box(35.1, 51.1, 35.3, 51.25), shapely.box(35.3, 51.1, 35.5, 51.25)],
    ...     crs="EPSG:4326").to_crs("EPSG:3857").to_file(path)
    >>> gdf = read_vector(path, where="Name = 'Occupied'")
    >>> list(gdf["Name"]), gdf.crs.to_epsg(), [round(float(v), 6) for v in gdf.total_bounds]
    (['Occupied'], 4326, [35.1, 51.1, 35.3, 51.25])
    """
    path = os.fsdecode(os.fspath(source))
    name = name or _file_name(path)
    _check_layer(layer)
    _check_where(where)
    fmt = input_format(path)
    data = None if fmt is SHAPEFILE else _read_bounded(path, name)
    return _read(path, name, fmt, data, layer, where)


def _read(path: str, name: str, fmt: VectorFormat, data: bytes | None, layer: str | None, where: str | None):
    with tempfile.TemporaryDirectory(prefix="frontmap-") as folder:
        source = _copy_in(folder, path, name, fmt, data)
        try:
            with _quiet():
                return _read_source(source, layer, where)
        except FrontmapError:
            raise
        except _read_errors() as exc:
            reason = source.shown(exc)
            if "not recognized as being in a supported file format" in reason:
                reason = f"GDAL does not recognise it as {source.fmt.name}"
            raise ZoneFileError(f"{name} cannot be read as {source.fmt.name}: {reason}") from None


def read_vector_bytes(
    data: bytes, name: str, *, suffix: str = ".geojson", layer: str | None = None, where: str | None = None
) -> geopandas.GeoDataFrame:
    """:func:`read_vector` for bytes already read (standard input), the format given by ``suffix``.

    Parameters
    ----------
    data : bytes
        The whole content of a vector file, at most :data:`MAX_VECTOR_BYTES`.
    name : str
        How messages name the data (``"the zone on stdin"``).
    suffix : str
        An extension of a format frontmap reads (``".gpkg"``); not ``.shp``. Default ``".geojson"``.
    layer, where : str, optional
        As for :func:`read_vector`.

    Returns
    -------
    geopandas.GeoDataFrame
        The features read, in EPSG:4326.

    Raises
    ------
    ZoneFileError
        When the format cannot be read from bytes (a Shapefile), the data is too large or cannot be read.

    Examples
    --------
    >>> text = (
    ...     '{"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {"name": "a"}, '
    ...     '"geometry": {"type": "Point", "coordinates": [35.2, 51.2]}}]}'
    ... )
    >>> gdf = read_vector_bytes(text.encode(), "the zone on stdin")
    >>> list(gdf["name"]), gdf.crs.to_epsg()
    (['a'], 4326)
    >>> read_vector_bytes(b"", "the zone on stdin", suffix=".shp")
    Traceback (most recent call last):
    ...
    frontmap.errors.ZoneFileError: the zone on stdin: a Shapefile cannot be read from bytes; give a file
    """
    _check_layer(layer)
    _check_where(where)
    fmt = _format_by_suffix("x" + suffix) or GEOJSON
    if fmt is SHAPEFILE or not fmt.readable:
        raise ZoneFileError(f"{name}: a {fmt.name} cannot be read from bytes; give a file")
    if len(data) > MAX_VECTOR_BYTES:
        raise ZoneFileError(
            f"{name} holds more than {MAX_VECTOR_BYTES // 2**20} MB: frontmap reads vector data of at most that size"
        )
    return _read("data" + fmt.suffixes[0], name, fmt, bytes(data), layer, where)


# ---------------------------------------------------------------------------
# Zones


def _restore(properties: dict) -> dict:
    """Properties a flat format had to write as text, read back as what frontmap reads them as."""
    for key, kind in (("warnings", list), ("claim", dict)):
        value = properties.get(key)
        if isinstance(value, str):
            try:
                parsed = json.loads(value)
            except ValueError:
                parsed = None
            if isinstance(parsed, kind):
                properties[key] = parsed
            elif kind is list:
                properties[key] = [value]
            else:
                properties.pop(key)
    return properties


def zone_from_geodataframe(gdf, name: str = "the GeoDataFrame") -> Zone:
    """A zone from the polygons of a GeoDataFrame or GeoSeries in any CRS.

    The polygons are reprojected to lon/lat and read as
    :func:`frontmap.zone.zone_from_geojson` reads a file: merged, repaired,
    clipped to the region frontmap has data for, and the first polygon
    row's columns kept as the zone's properties.

    Parameters
    ----------
    gdf : geopandas.GeoDataFrame or geopandas.GeoSeries
        Polygons in any CRS (none is taken as lon/lat); rows of other geometry types are not part of the zone.
    name : str
        How messages name it.

    Returns
    -------
    frontmap.zone.Zone
        The zone with no spec, its properties those of the first polygon row.

    Examples
    --------
    >>> import geopandas, shapely
    >>> gdf = geopandas.GeoDataFrame({"name": ["box"]}, geometry=[shapely.box(35.2, 51.1, 35.3, 51.2)],
    ...                              crs="EPSG:4326").to_crs("EPSG:32636")
    >>> zone = zone_from_geodataframe(gdf)
    >>> zone.properties["name"], round(zone.area_km2, 1)
    ('box', 77.8)
    """
    import geopandas as gpd

    from .geodataframe import geodataframe_to_features
    from .zone import zone_from_geojson

    if isinstance(gdf, gpd.GeoSeries):
        gdf = gpd.GeoDataFrame(geometry=gdf)
    doc = geodataframe_to_features(gdf, name)
    for feature in doc["features"]:
        feature["properties"] = _restore(feature["properties"])
    return zone_from_geojson(doc, name)


def read_zone(
    source: str | os.PathLike, *, layer: str | None = None, where: str | None = None, name: str | None = None
) -> Zone:
    """The zone in a file of any vector format :func:`read_vector` reads.

    GeoJSON without ``layer`` or ``where`` is read by
    :func:`frontmap.zone.zone_from_geojson` as it always was; every other
    file is read by :func:`read_vector` and then checked, merged and clipped
    the same way.

    Parameters
    ----------
    source : str or os.PathLike
        The file.
    layer, where : str, optional
        See :func:`read_vector`.
    name : str, optional
        How messages name the file.

    Returns
    -------
    frontmap.zone.Zone
        The zone with no spec, its properties those of the file's first polygon feature.

    Raises
    ------
    frontmap.errors.ZoneFileError
        See :func:`read_vector` and :func:`frontmap.zone.zone_from_geojson`.

    Examples
    --------
    >>> import json, os, tempfile
    >>> path = os.path.join(tempfile.mkdtemp(), "drawn.geojson")
    >>> with open(path, "w") as f:
    ...     _ = f.write(json.dumps({"type": "Polygon", "coordinates":
    ...         [[[35.2, 51.1], [35.3, 51.1], [35.3, 51.2], [35.2, 51.1]]]}))
    >>> round(read_zone(path).area_km2, 1)
    39.0
    """
    from .zone import zone_from_geojson

    if isinstance(source, (bytes, bytearray)) or not isinstance(source, (str, os.PathLike)):
        raise TypeError(f"source must be a path (str or os.PathLike), not {type(source).__name__}")
    path = os.fsdecode(os.fspath(source))
    name = name or _file_name(path)
    if is_geojson_path(path) and layer is None and where is None:
        return zone_from_geojson(_read_bounded(path, name), name)
    if is_geojson_path(path):
        gdf = _read(path, name, GEOJSON, _read_bounded(path, name), layer, where)
    else:
        gdf = read_vector(path, layer=layer, where=where, name=name)
    _no_features(gdf, name, where)
    return zone_from_geodataframe(gdf, name)


def read_zone_bytes(
    data: bytes, name: str, *, suffix: str = ".geojson", layer: str | None = None, where: str | None = None
) -> Zone:
    """:func:`read_zone` for bytes already read (standard input), the format given by ``suffix``.

    Parameters
    ----------
    data : bytes
        The whole content of a vector file, at most :data:`MAX_VECTOR_BYTES`.
    name : str
        How messages name the data (``"the zone on stdin"``).
    suffix : str
        An extension of a format frontmap reads; ``.geojson`` by default.
    layer, where : str, optional
        See :func:`read_vector`.

    Returns
    -------
    frontmap.zone.Zone
        The zone with no spec, as :func:`read_zone` gives it for a file.

    Raises
    ------
    frontmap.errors.ZoneFileError
        See :func:`read_vector_bytes` and :func:`frontmap.zone.zone_from_geojson`; also when no feature is
        left (the data holds none, or ``where`` keeps none).

    Examples
    --------
    >>> doc = b'{"type": "Polygon", "coordinates": [[[35.2, 51.1], [35.3, 51.1], [35.3, 51.2], [35.2, 51.1]]]}'
    >>> round(read_zone_bytes(doc, "the zone on stdin", where="1 = 1").area_km2, 1)
    39.0
    """
    gdf = read_vector_bytes(data, name, suffix=suffix, layer=layer, where=where)
    _no_features(gdf, name, where)
    return zone_from_geodataframe(gdf, name)


def _no_features(gdf, name: str, where: str | None) -> None:
    if len(gdf) == 0:
        raise ZoneFileError(
            f"{name}: "
            + (f"no feature matches where {_quote(where)}" if where is not None else "it holds no feature")
            + ": a zone needs a polygon"
        )


def _is_geopandas(value: Any) -> bool:
    return type(value).__module__.split(".")[0] == "geopandas" and hasattr(value, "crs")


def as_zone(value: Any, what: str = "zone", *, layer: str | None = None, where: str | None = None) -> Zone:
    """A :class:`~frontmap.zone.Zone` from anything that holds one.

    Parameters
    ----------
    value : Zone, shapely geometry, GeoSeries, GeoDataFrame or os.PathLike
        A zone as it is; a shapely (Multi)Polygon in lon/lat; a GeoSeries or
        GeoDataFrame in any CRS (reprojected); a file as a
        :class:`pathlib.Path` (read by :func:`read_zone`).  A ``str`` is
        refused: it could be a path or GeoJSON text, so say which
        (``Path(text)`` or :func:`frontmap.zone.zone_from_geojson`).
    what : str
        Names the value in messages (``"a"``, ``"reference"``).
    layer, where : str, optional
        For a file: see :func:`read_vector`.

    Returns
    -------
    frontmap.zone.Zone
        ``value`` itself when it is a Zone, else a new zone with no spec.

    Raises
    ------
    TypeError
        For any other kind of value.
    frontmap.errors.ZoneFileError
        For a file or geometries that hold no usable zone (see :func:`read_zone`).

    Examples
    --------
    >>> import shapely
    >>> round(as_zone(shapely.box(35.2, 51.1, 35.3, 51.2)).area_km2, 1)
    77.8
    """
    import shapely

    from .zone import Zone, zone_from_geojson

    if isinstance(value, Zone):
        return value
    if isinstance(value, os.PathLike):
        return read_zone(value, layer=layer, where=where)
    if isinstance(value, shapely.Geometry):
        if value.is_empty:
            raise ZoneFileError(f"{what} is an empty {value.geom_type}: a zone must enclose some ground")
        return zone_from_geojson(json.loads(shapely.to_geojson(value)), f"{what} ({value.geom_type})")
    if _is_geopandas(value):
        return zone_from_geodataframe(value, f"{what} ({type(value).__name__})")
    hint = " (a path as pathlib.Path, GeoJSON text through zone_from_geojson)" if isinstance(value, (str, dict)) else ""
    raise TypeError(
        f"{what} must be a Zone, a shapely geometry, a GeoSeries, a GeoDataFrame or a pathlib.Path, "
        f"not {type(value).__name__}{hint}"
    )


# ---------------------------------------------------------------------------
# Writing


def output_format(path: str | os.PathLike, driver: str | None = None) -> VectorFormat:
    """The format an output is written in: ``driver`` (a GDAL driver name or a format's name,
    any case), else the extension, else GeoJSON.

    Parameters
    ----------
    path : str or os.PathLike
        The output's name; its extension picks the format when ``driver`` is None.
    driver : str or None, optional
        A GDAL driver name (``"GPKG"``) or a format's name or alias, any case; None (the default) goes by ``path``.

    Returns
    -------
    VectorFormat
        One of :data:`FORMATS`.

    Raises
    ------
    InvalidSpecError
        When ``driver`` names no format frontmap writes (the message lists those it does).

    Examples
    --------
    >>> output_format("zones.gpkg").driver, output_format("out.txt").driver, output_format("x", "shapefile").driver
    ('GPKG', 'GeoJSON', 'ESRI Shapefile')
    """
    if driver is not None:
        key = str(driver).strip().lower()
        for fmt in FORMATS:
            if key in {fmt.driver.lower(), fmt.name.lower(), *fmt.aliases}:
                return fmt
        raise InvalidSpecError(
            f"driver {_quote(str(driver))} is not one frontmap writes: give one of "
            f"{', '.join(f.driver for f in FORMATS)}",
            "driver",
        )
    return _format_by_suffix(os.fsdecode(os.fspath(path))) or GEOJSON


def output_files(path: str | os.PathLike, driver: str | None = None) -> list[str]:
    """Every file an output to ``path`` writes: one, or a shapefile's five (``.shp``, ``.shx``,
    ``.dbf``, ``.prj``, ``.cpg``).

    Parameters
    ----------
    path : str or os.PathLike
        The output's name (a shapefile's ends in ``.shp``).
    driver : str or None, optional
        As for :func:`output_format`.

    Returns
    -------
    list of str
        ``path`` first, then a shapefile's other parts, in the case of its ``.shp``.

    Raises
    ------
    OutputError
        When a Shapefile is asked for under a name that does not end in ``.shp``.
    InvalidSpecError
        When ``driver`` names no format frontmap writes.

    Examples
    --------
    >>> output_files("out/zones.shp")
    ['out/zones.shp', 'out/zones.shx', 'out/zones.dbf', 'out/zones.prj', 'out/zones.cpg']
    """
    text = os.fsdecode(os.fspath(path))
    fmt = output_format(text, driver)
    if fmt is not SHAPEFILE:
        return [text]
    base, suffix = os.path.splitext(text)
    if suffix.lower() != ".shp":
        raise OutputError(
            f"cannot write {_quote(text)} as a Shapefile: a shapefile's name ends in .shp "
            "(it is written with its .shx, .dbf, .prj and .cpg)"
        )
    upper = suffix == ".SHP"
    return [text] + [base + (s.upper() if upper else s) for s in _SHAPEFILE_PARTS[1:]]


def check_vector_output(path: str | os.PathLike, overwrite: bool = False, driver: str | None = None) -> list[Path]:
    """Check, before any work, every file an output to ``path`` would write
    (see :func:`frontmap.export.check_outputs`).

    Parameters
    ----------
    path : str or os.PathLike
        The output's name (see :func:`output_files` for the files it stands for).
    overwrite : bool
        Whether existing files may be replaced (default False).
    driver : str, optional
        See :func:`output_format`.

    Returns
    -------
    list of pathlib.Path
        Every file the output would write, ``path`` first.

    Raises
    ------
    OutputError
        For the first file that cannot be written: a missing folder, a file in the way without ``overwrite``, ...

    Examples
    --------
    A check that fails creates nothing:

    >>> check_vector_output("no-such-folder/zones.gpkg")
    Traceback (most recent call last):
    ...
    frontmap.errors.OutputError: cannot write 'no-such-folder/zones.gpkg': the directory 'no-such-folder' does not exist
    """
    from .export import check_outputs

    return check_outputs(output_files(path, driver), overwrite)


def _features(data: Any, name: str) -> dict:
    """``data`` as a GeoJSON FeatureCollection: a dict as it is, a GeoDataFrame or a result converted."""
    from .geodataframe import geodataframe_to_features

    if isinstance(data, dict):
        if data.get("type") != "FeatureCollection" or not isinstance(data.get("features"), list):
            raise TypeError(f"{name}: a dict to write must be a GeoJSON FeatureCollection")
        return data
    if not _is_geopandas(data):
        from .geodataframe import to_geodataframe

        data = to_geodataframe(data)
    if _is_geopandas(data):
        import geopandas as gpd

        if isinstance(data, gpd.GeoSeries):
            data = gpd.GeoDataFrame(geometry=data)
        return geodataframe_to_features(data, name)
    raise TypeError(
        f"{name}: cannot write {type(data).__name__}: give a GeoDataFrame, a GeoSeries, a GeoJSON "
        "FeatureCollection or a result with to_geodataframe()"
    )


def _geojson_text(doc: dict) -> str:
    """A FeatureCollection as RFC 7946 text: lon/lat rounded to 6 decimals, CCW shells, bbox, attribution."""
    import shapely.geometry

    from . import data as _data
    from .export import dump_json, geojson_bbox, geometry_to_geojson

    if "attribution" in doc:  # frontmap's own documents are written as they are
        return dump_json(doc, compact=True)
    features, geoms = [], []
    for feature in doc["features"]:
        geom = shapely.geometry.shape(feature["geometry"]) if feature.get("geometry") else None
        out = {
            "type": "Feature",
            "properties": feature.get("properties") or {},
            "geometry": None if geom is None else geometry_to_geojson(geom),
        }
        features.append(out)
        if geom is not None:
            geoms.append(geom)
    result: dict[str, Any] = {"type": "FeatureCollection"}
    if geoms:
        result["bbox"] = geojson_bbox(geoms)
    result["features"] = features
    result["attribution"] = dict(_data.ATTRIBUTION)
    return dump_json(result, compact=True)


def _render(doc: dict, fmt: VectorFormat, layer: str) -> list[bytes]:
    """The bytes of each file of ``fmt`` holding ``doc``'s features, written in a private folder."""
    from .geodataframe import features_to_geodataframe

    gdf = features_to_geodataframe(doc)
    if fmt is GEOJSONSEQ:  # GDAL writes it with 7 decimals: snap first, so that rounding keeps polygons valid
        import shapely

        gdf = gdf.set_geometry(shapely.set_precision(gdf.geometry.values, _SEQ_GRID_DEG))
    with tempfile.TemporaryDirectory(prefix="frontmap-") as folder:
        target = os.path.join(folder, "out" + fmt.suffixes[0])
        with _quiet():
            if fmt is PARQUET:
                gdf.to_parquet(target)
            else:
                import pyogrio

                options: dict[str, Any] = {}
                if fmt is CSV:
                    options["layer_options"] = {"GEOMETRY": "AS_WKT"}
                if fmt is KMZ:  # one doc.kml in a zip, as Google Earth writes it (LIBKML's KMZ links layer files)
                    kml = os.path.join(folder, "doc.kml")
                    pyogrio.write_dataframe(gdf, kml, layer=layer, driver="KML")
                    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
                        archive.write(kml, "doc.kml")
                else:
                    pyogrio.write_dataframe(gdf, target, layer=layer, driver=fmt.driver, **options)
        return [Path(folder, "out" + suffix).read_bytes() for suffix in fmt.files]


def write_vector(
    data: Any, path: str | os.PathLike, *, driver: str | None = None, overwrite: bool = False, layer: str | None = None
) -> list[Path]:
    """Write features to a file in the format its extension (or ``driver``) names.

    Parameters
    ----------
    data : GeoDataFrame, GeoSeries, dict or result
        A GeoDataFrame or GeoSeries in any CRS (written in EPSG:4326), a
        GeoJSON FeatureCollection, or any frontmap result with
        ``to_geodataframe()`` (a zone, affected settlements ...).
    path : str or os.PathLike
        The file; ``.geojson`` (RFC 7946, also the default for an unknown
        extension), ``.gpkg``, ``.fgb``, ``.parquet``, ``.shp`` (with its
        ``.shx``, ``.dbf``, ``.prj`` and ``.cpg``), ``.csv`` (geometry as
        WKT), ``.kml``, ``.kmz`` or ``.geojsonl``.
    driver : str, optional
        The format whatever the extension: a GDAL driver name (``"GPKG"``,
        ``"ESRI Shapefile"``) or a format's name (``"GeoPackage"``), any case.
    overwrite : bool
        Replace existing files; without it an existing file is an
        :class:`~frontmap.errors.OutputError` and nothing is written.
    layer : str, optional
        The layer's name in formats that have one; the file's stem by default.

    Returns
    -------
    list of pathlib.Path
        The files written.

    Raises
    ------
    frontmap.errors.OutputError
        A path that cannot be written (see :func:`frontmap.export.write_outputs`).
    frontmap.errors.OutputWriteError
        A write that failed part way, or a format that cannot hold the data.

    Examples
    --------
    >>> import os, tempfile, geopandas
    >>> from frontmap.zone import build_zone
    >>> path = os.path.join(tempfile.mkdtemp(), "zone.gpkg")
    >>> [p.name for p in write_vector(build_zone(), path)]
    ['zone.gpkg']
    >>> float(geopandas.read_file(path)["depth_km"].iloc[0])
    12.0
    """
    from .export import write_outputs

    text = os.fsdecode(os.fspath(path))
    fmt = output_format(text, driver)
    files = output_files(text, driver)
    _check_layer(layer)
    doc = _features(data, _quote(text))
    if fmt is GEOJSON:
        return write_outputs([(_geojson_text(doc), text)], overwrite)
    layer = layer or _plain_stem(text)
    try:
        blobs = _render(doc, fmt, layer)
    except FrontmapError:
        raise
    except _write_errors() as exc:
        raise OutputWriteError(f"cannot write {_quote(text)} as {fmt.name}: {_one_line(exc)}") from None
    return write_outputs(list(zip(blobs, files, strict=True)), overwrite)


def _write_errors() -> tuple[type[BaseException], ...]:
    """The exceptions GDAL and pyogrio raise for a layer they cannot write."""
    return (
        *_pyogrio_errors(),
        ValueError,
        TypeError,
        OSError,
        RuntimeError,
    )


def write_geojson_text(
    text: str, path: str | os.PathLike, overwrite: bool = False, driver: str | None = None, what: str = "this output"
) -> list[Path]:
    """Write a command's GeoJSON text to ``path`` in the format ``path`` or ``driver`` names.

    GeoJSON is written as it is; any other format gets the features of the
    FeatureCollection ``text`` holds (see :func:`write_vector`).  Text that
    is not a FeatureCollection goes to a ``.csv`` or an unknown extension
    as it is, and is refused for any other format.

    Parameters
    ----------
    text : str
        The command's output: GeoJSON text, or other text for a ``.csv`` or an unknown extension.
    path : str or os.PathLike
        Where to write; its extension (or ``driver``) picks the format.
    overwrite : bool
        Whether existing files may be replaced (default False).
    driver : str, optional
        See :func:`output_format`.
    what : str
        Names the output in the error for text that is not GeoJSON.

    Returns
    -------
    list of pathlib.Path
        Every file written (a shapefile's five), ``path`` first.

    Raises
    ------
    OutputError
        When a file cannot be written, or ``text`` is not a FeatureCollection and the format needs one.

    Examples
    --------
    The call's shape (it writes a file):

    >>> write_geojson_text(zone_to_geojson(build_zone()), "zone.gpkg", overwrite=True)  # doctest: +SKIP
    [PosixPath('zone.gpkg')]
    """
    from .export import write_outputs

    target = os.fsdecode(os.fspath(path))
    fmt = output_format(target, driver)
    doc = None
    if fmt is not GEOJSON and _looks_like_text_json(text[:64].encode("utf-8", "replace")):
        with contextlib.suppress(ValueError):
            doc = json.loads(text)
    if fmt is GEOJSON or (fmt is CSV and driver is None and not _is_collection(doc)):
        return write_outputs([(text, target)], overwrite)
    if not _is_collection(doc):
        raise OutputError(
            f"cannot write {_quote(target)} as {fmt.name}: {what} is not GeoJSON "
            "(give --format geojson, or a .geojson, .csv or .txt name)"
        )
    return write_vector(doc, target, driver=driver, overwrite=overwrite)


def _is_collection(doc: Any) -> bool:
    return isinstance(doc, dict) and doc.get("type") == "FeatureCollection" and isinstance(doc.get("features"), list)


def vector_suffixes(readable: bool = True) -> Sequence[str]:
    """Every extension of a format frontmap reads (or, with ``readable=False``, writes)."""
    return [s for f in FORMATS if f.readable or not readable for s in f.suffixes]
