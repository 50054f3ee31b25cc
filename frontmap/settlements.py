"""The settlement layer and how a typed place name finds a settlement.

This module owns the register's settlements of the Russian oblasts along
the border (Bryansk, Kursk, Belgorod, Voronezh and Rostov) as :class:`Settlement` records and as numpy columns
(:class:`SettlementLayer`, :func:`load_settlements`), turns what a user types
into exactly one settlement (:meth:`SettlementLayer.find`) or explains why it
cannot, and reads ``lon,lat`` strings (:func:`parse_lonlat`).

Query syntax
------------
``NAME``
    A settlement name in Cyrillic or Latin letters, in any case:
    ``Суджа``, ``Sudzha``, ``Bolshoye Soldatskoye``, ``Bol'shoye Soldatskoye``,
    ``bolshoe soldatskoe``.  Any common romanisation of Russian is accepted
    (Wikipedia, BGN/PCGN, Moscow metro, passport, ICAO, scholarly, Yandex);
    ё and е are the same letter (``Конышёвка`` = ``Конышевка``); apostrophes,
    hyphens and extra spaces are ignored.  A leading type word is understood
    when the name alone finds nothing (``с. Коренево``, ``pgt Korenevo``).
``NAME (TYPE)``
    Only settlements of that type: the register's abbreviation (``пгт``,
    ``рп``, ``с``, ``д``, ``п``, ``х``, ``г``, ``сл``, ``ст`` ...) or its Latin
    form or the full word (``pgt``, ``selo``/``s``, ``derevnya``/``d``,
    ``posyolok``/``p``, ``khutor``/``kh``, ``gorod``/``g``, ``село`` ...).
``NAME, PLACE[, PLACE]``
    Only settlements whose district or region matches each ``PLACE``, in
    Cyrillic or Latin, with or without ``район``/``rayon``/``district`` or
    ``область``/``oblast``/``region``; the start of a word is enough
    (``Коренево, Кореневский``, ``Korenevo, Korenevsky rayon``,
    ``Aleksandrovka, Belgorodsky``, ``Aleksandrovka, Kursk oblast``,
    ``Александровка, Курская``).  With ``район``/``district`` a place matches
    districts only, with ``область``/``oblast`` regions only.  A type may
    also be given as a place (``Korenevo, pgt``).  Type and places combine:
    ``Коренево (пгт), Кореневский``.
``id:N`` or ``#N``
    The settlement with register id ``N`` (``id:106393``).

A query holds letters, digits, spaces and ordinary name punctuation
(hyphens, apostrophes, quotes, ``. , ; : ( ) # / _``), at most 200
characters.  Anything else — an emoji or symbol, a control character, an
invisible formatting mark such as U+200F or a zero-width space, a byte that
was not UTF-8 or U+FFFD — raises :class:`~frontmap.errors.InvalidPlaceError`
naming the character, rather than being folded away so that junk around a
name silently finds it (:func:`check_place_text`).

A query that matches one settlement returns it; several raise
:class:`~frontmap.errors.AmbiguousPlaceError` listing them (and
:func:`disambiguator` gives, for each, the shortest query that picks it);
none raise :class:`~frontmap.errors.UnknownPlaceError` with the closest names
as suggestions.

The name index is built on the first lookup (about a second: every name is
romanised in seven schemes); loading the layer and importing this module stay
light (no pandas, and rapidfuzz only when suggestions are asked for).
"""

from __future__ import annotations

import functools
import logging
import math
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, fields
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    import numpy as np

from .data import SettlementRegister, read_settlement_register
from .errors import AmbiguousPlaceError, InvalidCoordinatesError, InvalidPlaceError, UnknownPlaceError
from .transliterate import match_keys, place_text_problem, query_key, quote_text, to_latin

__all__ = [
    "Settlement",
    "SettlementLayer",
    "disambiguator",
    "check_place_text",
    "load_settlements",
    "parse_lonlat",
    "split_type_suffix",
]

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Settlement:
    """One settlement of the register.

    ``chainage_km`` is the distance along the border line (from the Belarus
    tripoint) of the border point nearest to the settlement and
    ``offset_km`` the distance from the settlement to that point.
    """

    id: int
    name: str
    name_latin: str
    type: str
    district: str
    district_latin: str
    region: str
    population: int
    lon: float
    lat: float
    chainage_km: float
    offset_km: float
    oktmo: str

    @property
    def label(self) -> str:
        """A one-line description that tells namesakes apart.

        Examples
        --------
        >>> load_settlements().by_id(106393).label
        'Коренево (Korenevo), пгт, Кореневский район, pop. 5,325, id 106393'
        """
        return f"{self.name} ({self.name_latin}), {self.type}, {self.district}, pop. {self.population:,}, id {self.id}"

    def to_dict(self) -> dict:
        """The fields as a plain, JSON-ready dict."""
        return {f.name: getattr(self, f.name) for f in fields(self)}

    @classmethod
    def from_row(cls, row: Mapping) -> Settlement:
        """A settlement from a row of ``settlements.csv`` (strings or typed values)."""
        return cls(**{name: kind(row[name]) for name, kind in _settlement_converters()})


@functools.cache
def _settlement_converters() -> tuple:
    """Each :class:`Settlement` field's name and the type its text is read as."""
    return tuple((f.name, {"int": int, "float": float}.get(str(f.type), str)) for f in fields(Settlement))


# ---------------------------------------------------------------------------
# Settlement types

#: The register has one khutor typed with a Latin "x"; read it as "х".
_TYPE_FIXES = {"x": "х"}

#: Full words and Latin forms accepted for the register's type abbreviations,
#: on top of every romanisation of the abbreviation itself.
_TYPE_WORDS = {
    "с": ("село", "selo"),
    "д": ("деревня", "дер", "derevnya", "derevnia", "derevna", "village"),
    "п": ("посёлок", "пос", "posyolok", "poselok", "posiolok", "posjolok", "pos", "settlement"),
    "х": ("хутор", "khutor", "hutor", "chutor"),
    "г": ("город", "gorod", "town", "city"),
    "пгт": ("посёлок городского типа", "urban-type settlement"),
    "рп": ("рабочий посёлок", "rabochiy posyolok", "work settlement"),
    "сл": ("слобода", "sloboda"),
    "ст": ("станция", "stantsiya", "station"),
    "мкр": ("микрорайон", "mikrorayon"),
}

#: Latin forms used when a query is written for a Latin-script reader.
_TYPE_LATIN = {
    "с": "selo",
    "д": "derevnya",
    "п": "posyolok",
    "х": "khutor",
    "г": "gorod",
    "пгт": "pgt",
    "рп": "rp",
    "сл": "sloboda",
}


@functools.cache
def _type_keys(code: str) -> frozenset[str]:
    """Every key under which the type abbreviation ``code`` is found."""
    code = _TYPE_FIXES.get(code, code)
    keys = set(match_keys(code))
    for word in _TYPE_WORDS.get(code, ()):
        keys |= match_keys(word)
    return frozenset(keys)


def _latin_type(code: str) -> str:
    code = _TYPE_FIXES.get(code, code)
    return _TYPE_LATIN.get(code, to_latin(code))


# ---------------------------------------------------------------------------
# Districts and regions

_DISTRICT_WORDS = ("район", "р-н", "rayon", "raion", "rajon", "district", "r-n")
_REGION_WORDS = ("область", "обл", "oblast", "oblast'", "obl", "region")


@lru_cache(maxsize=1)
def _generic_words() -> tuple[frozenset[str], frozenset[str]]:
    return (
        frozenset(query_key(w) for w in _DISTRICT_WORDS),
        frozenset(query_key(w) for w in _REGION_WORDS),
    )


@dataclass(frozen=True)
class _Place:
    """A ``, PLACE`` qualifier: which kind of area it names and its key."""

    text: str
    kind: Literal["district", "region", "any"]
    key: str


def _parse_place(text: str) -> _Place:
    district_words, region_words = _generic_words()
    key = f" {query_key(text)} "
    kind: Literal["district", "region", "any"] = "any"
    kinds: tuple[tuple[Any, Literal["district", "region", "any"]], ...] = (
        (region_words, "region"),
        (district_words, "district"),
    )
    for words, word_kind in kinds:
        for word in words:
            if f" {word} " in key:
                key = key.replace(f" {word} ", " ")
                kind = word_kind
    return _Place(text=text, kind=kind, key=_compact(key))


@functools.cache
def _area_keys(name: str, name_latin: str = "") -> tuple[str, ...]:
    """Keys of a district or region: one per word start, spaces removed.

    A place key matches the area when it is a prefix of one of these, so
    "Белгород" finds "Городской округ Белгород" and "Kursk" finds
    "Курская область".
    """
    keys = set(match_keys(name)) | set(match_keys(name.replace("ё", "е")))
    if name_latin:
        keys.add(query_key(name_latin))
    out = set()
    for key in keys:
        words = key.split()
        for i in range(len(words)):
            out.add("".join(words[i:]))
    return tuple(sorted(out))


def _place_matches(s: Settlement, place: _Place) -> bool:
    if not place.key:
        return True
    areas = []
    if place.kind in ("district", "any"):
        areas.append(_area_keys(s.district, s.district_latin))
    if place.kind in ("region", "any"):
        areas.append(_area_keys(s.region))
    return any(k.startswith(place.key) for keys in areas for k in keys)


# ---------------------------------------------------------------------------
# Queries


def check_place_text(text: str) -> str:
    """``text`` if it can be a place query or ``lon,lat``; else raise.

    The check is about characters only: a text that passes may still name no
    settlement.

    Parameters
    ----------
    text : str
        A place name, a query such as ``"Sudzha (г)"``, or ``"lon,lat"``.

    Returns
    -------
    str
        ``text`` itself, unchanged.

    Raises
    ------
    InvalidPlaceError
        If ``text`` holds a character no place name has (see the module
        documentation); the message names it as ``U+XXXX``.

    Examples
    --------
    >>> check_place_text("Sudzha\U0001f642")
    Traceback (most recent call last):
    ...
    frontmap.errors.InvalidPlaceError: 'Sudzha🙂' is not a place name or lon,lat: it holds U+1F642 '🙂' ...
    >>> check_place_text("Sudzha"), check_place_text("35.27,51.19")
    ('Sudzha', '35.27,51.19')
    """
    problem = place_text_problem(text)
    if problem is not None:
        raise InvalidPlaceError(f"{quote_text(text)} is not a place name or lon,lat: {problem}")
    return text


_ID_QUERY = re.compile(r"^\s*(?:id\s*[:=#]?|#|№)\s*(\d+)\s*$", re.IGNORECASE)
_TYPE_SUFFIX = re.compile(r"^(?P<name>.*?)\s*\((?P<type>[^()]*)\)\s*$")


@dataclass(frozen=True)
class _Query:
    """A parsed ``NAME (TYPE), PLACE, ...`` query."""

    text: str
    name: str
    type_text: str | None
    places: tuple[_Place, ...]

    @property
    def type_key(self) -> str | None:
        return None if self.type_text is None else query_key(self.type_text)


def _known_type_key(key: str) -> bool:
    return any(key in _type_keys(code) for code in (*_TYPE_WORDS, *_TYPE_FIXES))


def query_id(text: str) -> int | None:
    """The register id a query names ("id:42", "#42", "№42"), or None for a name.

    Examples
    --------
    >>> query_id("id: 42"), query_id("№7"), query_id("Sudzha")
    (42, 7, None)
    """
    match = _ID_QUERY.match(text)
    return None if match is None else int(match[1])


def split_type_suffix(head: str) -> tuple[str, str | None]:
    """A query's name and the type written after it in brackets, if any.

    Examples
    --------
    >>> split_type_suffix(" Korenevo (pgt) "), split_type_suffix("Sudzha")
    (('Korenevo', 'pgt'), ('Sudzha', None))
    """
    name = head.strip()
    match = _TYPE_SUFFIX.match(name)
    if match:
        return match["name"].strip(), match["type"].strip()
    return name, None


def _parse_query(text: str) -> _Query:
    head, *rest = text.split(",")
    name, type_text = split_type_suffix(head)
    places = []
    for part in rest:
        part = part.strip()
        if not part:
            continue
        if type_text is None and _known_type_key(query_key(part)):
            type_text = part
        else:
            places.append(_parse_place(part))
    return _Query(text=text, name=name, type_text=type_text, places=tuple(places))


def _filter(settlements: Iterable[Settlement], query: _Query) -> list[Settlement]:
    type_key = query.type_key
    out = []
    for s in settlements:
        if type_key is not None and type_key not in _type_keys(s.type):
            continue
        if all(_place_matches(s, place) for place in query.places):
            out.append(s)
    return out


def _sort_key(s: Settlement) -> tuple:
    return (s.region, s.district, -s.population, s.id)


def _compact(key: str) -> str:
    return key.replace(" ", "")


def name_keys(name: str, name_latin: str) -> set[str]:
    """The keys a settlement name is found under (shipped in ``match_keys``)."""
    keys = set(match_keys(name))
    if "ё" in name or "Ё" in name:
        keys |= match_keys(name.replace("ё", "е").replace("Ё", "Е"))
    if name_latin:
        keys.add(query_key(name_latin))
    return {_compact(k) for k in keys}


def disambiguator(s: Settlement, among: list[Settlement], *, latin: bool = False) -> str:
    """The shortest query that picks ``s`` out of its namesakes ``among``.

    Tries, shortest first, the name with the type (``NAME (TYPE)``), with the
    district, with the region, and with the type and one of those; when
    namesakes share all of them (the register has a few), ``id:N``.

    Parameters
    ----------
    s : Settlement
        The settlement to pick.
    among : list of Settlement
        Every settlement the name matches, as in
        :attr:`AmbiguousPlaceError.candidates <frontmap.errors.AmbiguousPlaceError>`
        or :meth:`SettlementLayer.candidates`.  ``s`` may or may not be in it.
    latin : bool, default False
        Write the query in Latin letters (``Korenevo (selo)``) for a reader
        who typed the name that way.

    Returns
    -------
    str
        A query for :meth:`SettlementLayer.find`.

    Examples
    --------
    >>> layer = load_settlements()
    >>> group = layer.candidates("Коренево")
    >>> [disambiguator(s, group) for s in group]
    ['Коренево (пгт)', 'Коренево (с)']
    >>> disambiguator(group[1], group, latin=True)
    'Korenevo (selo)'
    """
    others = [o for o in among if o.id != s.id]
    name = s.name_latin if latin else s.name
    if not others:
        return name
    kind = _latin_type(s.type) if latin else _TYPE_FIXES.get(s.type, s.type)
    district = s.district_latin if latin else s.district
    region = to_latin(s.region) if latin else s.region
    options = [
        f"{name} ({kind})",
        f"{name}, {district}",
        f"{name}, {region}",
        f"{name} ({kind}), {district}",
        f"{name} ({kind}), {region}",
        f"{name}, {district}, {region}",
        f"{name} ({kind}), {district}, {region}",
    ]
    for option in sorted(options, key=len):
        picked = _filter([s, *others], _parse_query(option))
        if len(picked) == 1 and picked[0] is s:
            return option
    return f"id:{s.id}"


# ---------------------------------------------------------------------------
# The layer


class _RowTable:
    """Rows given as mappings, read through the interface of
    :class:`frontmap.data.SettlementRegister` (a row, a column, the rows of a key).
    """

    def __init__(self, rows: Iterable[Mapping]):
        self._rows = list(rows)

    def __len__(self) -> int:
        return len(self._rows)

    def row(self, i: int) -> Mapping:
        return self._rows[i]

    def column(self, name: str) -> list:
        return [row.get(name) for row in self._rows]

    rows_with_key = None  # no search: the layer builds its index


class _LazySettlements(Sequence):
    """A read-only sequence of Settlement records made from rows on first access."""

    def __init__(self, table):
        self._table = table
        self._made: list = [None] * len(table)

    def __len__(self) -> int:
        return len(self._made)

    def __getitem__(self, i):
        if isinstance(i, slice):
            return tuple(self[k] for k in range(*i.indices(len(self))))
        s = self._made[i]
        if s is None:
            row = self._table.row(i)
            if row["type"] in _TYPE_FIXES:
                row = {**row, "type": _TYPE_FIXES[row["type"]]}
            s = self._made[i] = Settlement.from_row(row)
        return s


class SettlementLayer:
    """The settlements as records and as numpy columns, with name lookup.

    Parameters
    ----------
    rows : iterable of mapping or SettlementRegister
        Rows with the columns of ``settlements.csv``, as returned by
        :func:`frontmap.data.read_settlement_rows`, or the register itself
        (:func:`frontmap.data.read_settlement_register`), whose rows are
        split only when used.

    Attributes
    ----------
    settlements : tuple of Settlement
        In file order; the arrays below are aligned with it.
    ids, population : numpy.ndarray of int64
    lon, lat, chainage_km, offset_km : numpy.ndarray of float64
        Read-only columns, made on first use.
    """

    def __init__(self, rows: Iterable[Mapping] | SettlementRegister):
        self._table = rows if isinstance(rows, SettlementRegister) else _RowTable(rows)
        # Settlement records are made on first use: a lookup needs a handful.
        self.settlements: Sequence[Settlement] = _LazySettlements(self._table)
        self._index: dict[str, tuple[int, ...]] | None = None

    @functools.cached_property
    def _shipped_keys(self) -> Sequence[str] | None:
        """Each row's ``match_keys`` (shipped with the data: they spare romanising
        every name), or None when some row has none.
        """
        shipped = self._table.column("match_keys")
        return shipped if all(shipped) else None

    def _column(self, name: str, dtype) -> np.ndarray:
        import numpy as np  # here: a text's claims are listed without loading numpy when they name no place

        values = np.array(self._table.column(name), dtype=dtype)
        values.setflags(write=False)
        return values

    @functools.cached_property
    def ids(self) -> np.ndarray:
        return self._column("id", "int64")

    @functools.cached_property
    def population(self) -> np.ndarray:
        return self._column("population", "int64")

    @functools.cached_property
    def lon(self) -> np.ndarray:
        return self._column("lon", "float64")

    @functools.cached_property
    def lat(self) -> np.ndarray:
        return self._column("lat", "float64")

    @functools.cached_property
    def chainage_km(self) -> np.ndarray:
        return self._column("chainage_km", "float64")

    @functools.cached_property
    def offset_km(self) -> np.ndarray:
        return self._column("offset_km", "float64")

    @functools.cached_property
    def _by_id(self) -> dict[int, int]:
        return {int(v): i for i, v in enumerate(self._table.column("id"))}

    def __len__(self) -> int:
        return len(self.settlements)

    def to_geodataframe(self):
        """Every settlement as a point in EPSG:4326 with the register's fields as columns."""
        from .geodataframe import layer_to_geodataframe

        return layer_to_geodataframe(self)

    def __iter__(self) -> Iterator[Settlement]:
        return iter(self.settlements)

    def __repr__(self) -> str:
        return f"<SettlementLayer of {len(self)} settlements>"

    # -- lookup -------------------------------------------------------------

    def by_id(self, id: int) -> Settlement:
        """The settlement with register id ``id``.

        Raises
        ------
        UnknownPlaceError
            If no settlement has that id.
        """
        try:
            return self.settlements[self._by_id[int(id)]]
        except (KeyError, ValueError, TypeError):
            raise UnknownPlaceError(f"no settlement has id {id!r}") from None

    def _key_index(self) -> dict[str, tuple[int, ...]]:
        if self._index is None:
            index: dict[str, list[int]] = {}
            keys_of: dict[tuple[str, str], set[str]] = {}
            if self._shipped_keys is not None:
                for i, keys in enumerate(self._shipped_keys):
                    for key in keys.split("|"):
                        index.setdefault(key, []).append(i)
            for i, s in enumerate(() if self._shipped_keys is not None else self.settlements):
                names = (s.name, s.name_latin)
                if names not in keys_of:
                    keys_of[names] = name_keys(*names)
                for key in keys_of[names]:
                    index.setdefault(key, []).append(i)
            self._index = {key: tuple(found) for key, found in index.items()}
            log.debug("indexed %d settlements under %d name keys", len(self), len(index))
        return self._index

    def _named(self, name: str) -> list[Settlement]:
        key = _compact(query_key(name))
        search = self._table.rows_with_key
        if self._index is None and search is not None:
            found: Sequence[int] = search(key)  # one name needs no index of every name
        else:
            found = self._key_index().get(key, ())
        return [self.settlements[i] for i in found]

    def _resolve(self, text: str) -> tuple[list[Settlement], list[Settlement], _Query | None]:
        """Settlements matching ``text``, settlements with its name, and the parse."""
        wanted = query_id(text)
        if wanted is not None:
            found = self._by_id.get(wanted)
            hits = [] if found is None else [self.settlements[found]]
            return hits, hits, None
        query = _parse_query(text)
        named = self._named(query.name)
        if not named:
            # "с. Коренево", "pgt Korenevo": a type word before the name.
            first, _, rest = query.name.strip().partition(" ")
            if rest and query.type_text is None and _known_type_key(query_key(first)):
                query = _Query(text, rest.strip(), first, query.places)
                named = self._named(query.name)
        hits = sorted(_filter(named, query), key=_sort_key)
        return hits, sorted(named, key=_sort_key), query

    def candidates(self, query: str) -> list[Settlement]:
        """Every settlement ``query`` matches, sorted by region, district, -population.

        Unlike :meth:`find` this never raises: a query matching nothing,
        or holding characters no name has, gives an empty list.

        Examples
        --------
        >>> [s.id for s in load_settlements().candidates("Korenevo")]
        [106393, 75939]
        """
        if place_text_problem(query) is not None:
            return []
        return self._resolve(query)[0]

    def find(self, query: str) -> Settlement:
        """The one settlement ``query`` names.

        Parameters
        ----------
        query : str
            A name, optionally qualified: see the module documentation for
            the syntax (``"Коренево (пгт), Кореневский"``, ``"id:106393"``).

        Returns
        -------
        Settlement

        Raises
        ------
        AmbiguousPlaceError
            If several settlements match; ``candidates`` lists them sorted by
            region, district and decreasing population.
        UnknownPlaceError
            If none matches; ``suggestions`` holds the closest ones.
        InvalidPlaceError
            (an UnknownPlaceError) If ``query`` holds a character no name has.

        Examples
        --------
        >>> layer = load_settlements()
        >>> layer.find("Bol'shoye Soldatskoye").id
        47086
        >>> layer.find("Korenevo (selo)").id
        75939
        >>> layer.find("Коренево")
        Traceback (most recent call last):
        ...
        frontmap.errors.AmbiguousPlaceError: 'Коренево' matches 2 settlements; add a district, a type or an id ...
        """
        check_place_text(query)
        hits, named, parsed = self._resolve(query)
        if len(hits) == 1:
            return hits[0]
        if hits:
            raise AmbiguousPlaceError(self._ambiguity_message(query, hits, parsed), hits)
        if parsed is None:
            raise UnknownPlaceError(f"no settlement matches {query!r}: no settlement has that id")
        if parsed.type_key is not None and not any(
            parsed.type_key in _type_keys(code) for code in {s.type for s in self.settlements}
        ):
            codes = sorted({s.type for s in self.settlements}, key=lambda c: (len(c), c))
            raise UnknownPlaceError(
                f"{parsed.type_text!r} in {query!r} is not a settlement type; use one of "
                + ", ".join(codes)
                + " (or pgt, selo, derevnya, posyolok, khutor, gorod)",
                named or self.suggest(parsed.name),
            )
        if named:
            what = []
            if parsed.type_text is not None:
                what.append(f"of type {parsed.type_text!r}")
            what += [f"in {place.text!r}" for place in parsed.places]
            raise UnknownPlaceError(
                f"no settlement matches {query!r}: {len(named)} named {parsed.name!r}, none {' and '.join(what)}",
                named,
            )
        raise UnknownPlaceError(f"no settlement matches {query!r}", self.suggest(query))

    def _ambiguity_message(self, query: str, hits: list[Settlement], parsed: _Query | None) -> str:
        top = max(hits, key=lambda s: (s.population, -s.id))
        latin = parsed is not None and not re.search("[\u0400-\u04ff]", parsed.name)
        namesakes = self.candidates(top.name_latin if latin else top.name)
        example = disambiguator(top, namesakes, latin=latin)
        examples = f"'id:{top.id}'"
        if not example.startswith("id:"):
            examples = f"{example!r} or {examples}"
        return f"{query!r} matches {len(hits)} settlements; add a district, a type or an id (e.g. {examples})"

    def suggest(self, query: str, limit: int = 5) -> list[Settlement]:
        """The settlements whose names are closest to ``query``, best first.

        Names are compared on their match keys (every romanisation) with
        rapidfuzz's ratio; ties go to the larger settlement.  A type or
        place in the query puts the settlements that satisfy it first.

        Parameters
        ----------
        query : str
            As for :meth:`find`.
        limit : int, default 5
            At most this many suggestions.

        Examples
        --------
        >>> [s.name for s in load_settlements().suggest("Sudzhaa", limit=1)]
        ['Суджа']
        """
        from rapidfuzz import fuzz, process

        if place_text_problem(query) is not None:
            return []
        wanted = query_id(query)
        if wanted is not None:
            found = self._by_id.get(wanted)
            return [] if found is None else [self.settlements[found]]
        parsed = _parse_query(query)
        key = _compact(query_key(parsed.name))
        if not key or limit <= 0:
            return []
        index = self._key_index()
        keys = list(index)
        best: dict[int, float] = {}
        for _, score, pos in process.extract(key, keys, scorer=fuzz.ratio, limit=None, score_cutoff=50):
            for i in index[keys[pos]]:
                best[i] = max(best.get(i, 0.0), score)
        ranked = [self.settlements[i] for i in best]
        if parsed.type_text is not None or parsed.places:
            fitting = {s.id for s in _filter(ranked, parsed)}
        else:
            fitting = set()
        ranked.sort(key=lambda s: (s.id not in fitting, -best[self._by_id[s.id]], -s.population, s.id))
        return ranked[:limit]


@lru_cache(maxsize=1)
def load_settlements() -> SettlementLayer:
    """The shipped settlement layer (read once per process).

    Later calls return the same object.  The register covers the Bryansk,
    Kursk, Belgorod, Voronezh and Rostov oblasts of Russia.

    Returns
    -------
    SettlementLayer
        Every settlement of the register, with name lookup
        (:meth:`~SettlementLayer.find`) and numpy columns (``lon``, ``lat``,
        ``chainage_km``, ``offset_km``, ``population``).

    Raises
    ------
    DataError
        When the shipped register cannot be read or has other columns.

    Examples
    --------
    >>> len(load_settlements())
    11106
    >>> sudzha = load_settlements().find("Sudzha")
    >>> sudzha.name, sudzha.population, load_settlements() is load_settlements()
    ('Суджа', 5657, True)
    """
    return SettlementLayer(read_settlement_register())


# ---------------------------------------------------------------------------
# Coordinates

_LONLAT_RANGES = ": give longitude in [-180, 180], then latitude in [-90, 90] (e.g. '35.27,51.19')"
_NUMBERISH = re.compile(r"^[\s0-9.,;:+\-]*$")
_NONFINITE = re.compile(r"\b(?:nan|infinity|inf)\b", re.IGNORECASE)
_EXPONENT = re.compile(r"(?<=[0-9.])e(?=[+-]?[0-9])", re.IGNORECASE)


def parse_lonlat(text: str) -> tuple[float, float] | None:
    """``(lon, lat)`` from a ``"lon,lat"`` string, or None if it is not one.

    Longitude comes first (as in GeoJSON), separated from latitude by a
    comma, a semicolon or spaces; decimal points, not decimal commas.

    Parameters
    ----------
    text : str
        What the user typed where a place or coordinates are accepted.

    Returns
    -------
    tuple of float or None
        None when ``text`` holds letters (other than ``nan``, ``inf`` or an
        exponent's ``e``), i.e. is a place name.

    Raises
    ------
    InvalidCoordinatesError
        If ``text`` looks like numbers but is not two finite numbers with
        longitude in [-180, 180] and latitude in [-90, 90].
    InvalidPlaceError
        If ``text`` holds a character that neither a place name nor
        ``lon,lat`` has (:func:`check_place_text`).

    Examples
    --------
    >>> parse_lonlat("35.27, 51.19")
    (35.27, 51.19)
    >>> parse_lonlat("Суджа") is None
    True
    >>> parse_lonlat("35.27,95")
    Traceback (most recent call last):
    ...
    frontmap.errors.InvalidCoordinatesError: latitude 95.0 in '35.27,95' is out of range: ...
    """
    stripped = check_place_text(text).strip()
    residue = _EXPONENT.sub("", _NONFINITE.sub("", stripped))
    if not _NUMBERISH.match(residue):
        return None
    if not re.search(r"[0-9]", stripped) and not _NONFINITE.search(stripped):
        return None
    if re.search(r"[,;]", stripped):
        parts = [p.strip() for p in re.split(r"[,;]", stripped)]
    else:
        parts = stripped.split()
    if len(parts) != 2 or not all(parts) or any(len(p.split()) != 1 for p in parts):
        raise InvalidCoordinatesError(
            f"{text!r} is not 'lon,lat': give two numbers, longitude first, separated by a "
            "comma or a space, with decimal points (e.g. '35.27,51.19')"
        )
    values = []
    for part in parts:
        try:
            value = float(part)
        except ValueError:
            raise InvalidCoordinatesError(f"{part!r} in {text!r} is not a number{_LONLAT_RANGES}") from None
        if not math.isfinite(value):
            raise InvalidCoordinatesError(f"{part!r} in {text!r} is not a finite number{_LONLAT_RANGES}")
        values.append(value)
    lon, lat = values
    if not -180.0 <= lon <= 180.0:
        raise InvalidCoordinatesError(f"longitude {lon} in {text!r} is out of range: longitude must be in [-180, 180]")
    if not -90.0 <= lat <= 90.0:
        raise InvalidCoordinatesError(
            f"latitude {lat} in {text!r} is out of range: latitude must be in [-90, 90] "
            "(give longitude first: 'lon,lat')"
        )
    return lon, lat
