"""Named places as evidence: a statement about a place, and the settlement it names.

A report says "Ukrainian troops entered Sudzha", "fighting near Korenevo" or
"the enemy did not reach Lgov".  Each such statement is a :class:`Place`: the
name as written and a status (:data:`STATUSES`):

``inside``
    held, entered, captured or operated in by the advancing side;
``contested``
    fought in or near, attacks repelled near, advanced towards: the front
    passes within a few km;
``outside``
    not reached, held or retaken by the defender.

:func:`resolve_place` finds the settlement a name means.  English reporting
spells one village many ways, and each is tried in turn; ``how`` says which
one matched:

1. ``exact``: any query :meth:`SettlementLayer.find
   <frontmap.settlements.SettlementLayer.find>` accepts (Cyrillic, the seven
   Russian romanisations of the shipped index, ``NAME (TYPE), DISTRICT``,
   ``id:N``); ``coordinates`` for ``lon,lat``.
2. ``spelling variant``: the name's *loose key* equals that of a Russian
   romanisation of a settlement.  The loose key (:func:`loose_key`) forgets
   what English spellings of one Cyrillic name disagree on: y/i/j and a
   soft sign (``Nikolaevo-Darino`` = ``Nikolayevo-Daryino``, ``Snyagost`` =
   ``Snagost``), h/g (``Hlushkovo``), doubled letters, kh/x, zh/ž, ts/c.
3. ``ukrainian spelling``: it equals the loose key of the name written the
   Ukrainian way (:func:`ukrainian_forms`: ``-овка`` → ``-івка``, ``-ово``
   → ``-ове``, ``-ое`` → ``-е``, ``-ая`` → ``-а``, ``ы`` → ``и``, ``и`` → ``і``
   ...) and romanised in Ukraine's national system (:func:`ukrainian_latin`):
   ``Martynivka`` = Мартыновка, ``Plekhove`` = Плехово, ``Mala Loknia`` =
   Малая Локня.  Ukrainian Cyrillic (``Мартинівка``) is read the same way.
4. Numbered namesakes: ``1st Knyazhy``, ``Knyazhy 2``, ``2-y Knyazhy``,
   ``Knyazhy-Pervy`` find ``Княжий`` and ``2-й Княжий`` by their number (the
   register writes the first of a pair without one: ``how`` says so).

A name that matches several settlements is narrowed by the district or
region given (``district=``, ``region=``, or ``NAME, DISTRICT``), then by
distance to the other places of the same report (``near=``;
:func:`resolve_places` does this for a list): one candidate within
:data:`NEAR_KM` of them while every other lies at least three times as far
and 20 km farther.
Namesakes that all lie within :data:`SAME_PLACE_KM` of each other (a
village and its station, an urban settlement and the selo beside it) make
no difference to a zone: the most populous is taken and ``how`` says so.
Nothing is picked silently: an unresolved or ambiguous name gives
``settlement=None``, its ``candidates`` (or, for an unknown name, the
closest spellings found by rapidfuzz, never picked) and ``how`` saying why.

The spelling index is built on the first lookup that needs it (every name
in a few Ukrainian forms); importing this module loads nothing.
"""

from __future__ import annotations

import logging
import math
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Literal

from .settlements import Settlement, SettlementLayer, check_place_text, load_settlements, parse_lonlat

__all__ = [
    "NEAR_KM",
    "SAME_PLACE_KM",
    "STATUSES",
    "Place",
    "ResolvedPlace",
    "Status",
    "loose_key",
    "resolve_place",
    "resolve_places",
    "ukrainian_forms",
    "ukrainian_latin",
]

log = logging.getLogger(__name__)

Status = Literal["inside", "contested", "outside"]
#: The statuses a place can have, from held to not reached.
STATUSES: tuple[str, ...] = ("inside", "contested", "outside")
#: A candidate this close to the other places of a report (km) is the one meant ...
NEAR_KM = 30.0
#: ... namesakes all within this distance of each other (km) count as one place.
SAME_PLACE_KM = 3.0
#: Fuzzy candidates for an unknown name: rapidfuzz ratio on loose keys, at least this.
FUZZY_CUTOFF = 85.0


@dataclass(frozen=True)
class Place:
    """One statement about one place: a name (or ``id:N``, ``lon,lat``) and its status."""

    query: str
    status: Status
    phrase: str | None = None
    quote: str | None = None
    claimant: str | None = None
    date: str | None = None
    source: str | None = None
    start: int | None = None
    end: int | None = None

    def __post_init__(self):
        if self.status not in STATUSES:
            raise ValueError(f"{self.status!r} is not a place status; use one of {', '.join(STATUSES)}")


@dataclass(frozen=True)
class ResolvedPlace:
    """A :class:`Place` and the settlement (or point) it names, with how it was found.

    ``settlement`` is None when the name is unknown or ambiguous; then
    ``candidates`` lists the settlements it may mean and ``lon``..``offset_km``
    are None unless the place was given as ``lon,lat``.  ``offset_km`` is
    signed: positive in Russia, negative in Ukraine.
    """

    place: Place
    settlement: Settlement | None
    candidates: tuple = ()
    how: str = "unresolved"
    lon: float | None = None
    lat: float | None = None
    chainage_km: float | None = None
    offset_km: float | None = None

    @property
    def resolved(self) -> bool:
        """Whether the place has a position (a settlement or coordinates)."""
        return self.lon is not None

    def to_json(self) -> dict:
        """The resolution as a JSON-ready dict: the settlement's id, names and position, or candidates."""
        doc: dict = {"how": self.how}
        s = self.settlement
        if s is not None:
            doc.update(id=s.id, name=s.name, name_latin=s.name_latin, type=s.type, district=s.district_latin)
        if (
            self.lon is not None
            and self.lat is not None
            and self.chainage_km is not None
            and self.offset_km is not None
        ):
            doc.update(
                lon=round(self.lon, 6),
                lat=round(self.lat, 6),
                chainage_km=round(self.chainage_km, 3),
                offset_km=round(self.offset_km, 3),
            )
        if self.candidates and s is None:
            doc["candidates"] = [
                {
                    "id": c.id,
                    "name": c.name,
                    "name_latin": c.name_latin,
                    "type": c.type,
                    "district": c.district_latin,
                    "lon": c.lon,
                    "lat": c.lat,
                }
                for c in self.candidates
            ]
        return doc


# ---------------------------------------------------------------------------
# Loose keys and Ukrainian forms

_APOSTROPHES = re.compile(r"[\'’ʹʼ`´‘ь]")
_DIGRAPHS = (
    ("shch", "Š"),
    ("sch", "Š"),
    ("šč", "Š"),
    ("ŝ", "Š"),
    ("kh", "X"),
    ("zh", "Ž"),
    ("ch", "Č"),
    ("sh", "Š"),
    ("ts", "C"),
    ("tc", "C"),
    ("gh", "g"),
    ("x", "X"),
    ("c", "C"),
    ("č", "Č"),
    ("š", "Š"),
    ("ž", "Ž"),
    ("h", "g"),
)
_VOWELS = "aeouAEOU"


def loose_key(text: str) -> str:
    """A key that English spellings of one Cyrillic name share.

    Lower case without accents, apostrophes, soft signs, spaces or hyphens;
    kh, zh, ch, sh, shch, ts and their one-letter forms (x, ž, č, š, c) each
    one symbol; h read as g (Ukrainian г); y and j read as i; an i before a
    vowel dropped (ya = ia = a, so Snyagost = Snagost); doubled letters
    single.  A Cyrillic name is romanised first (Ukrainian when it holds
    і, ї, є or ґ, else Russian).

    Parameters
    ----------
    text : str
        A place name in any spelling, Latin or Cyrillic.

    Returns
    -------
    str
        The key; two spellings match when their keys are equal.

    Examples
    --------
    >>> loose_key("Nikolayevo-Daryino") == loose_key("Nikolaevo-Darino")
    True
    >>> loose_key("Hlushkovo") == loose_key("Glushkovo") == loose_key("Glušqkovo".replace("q", ""))
    True
    """
    text = unicodedata.normalize("NFC", text.lower().replace("ё", "е"))
    if re.search("[\u0400-\u04ff]", text):
        text = ukrainian_latin(text) if re.search("[іїєґ]", text) else _russian_latin(text)
    text = _APOSTROPHES.sub("", text)
    for a, b in _DIGRAPHS:
        text = text.replace(a, b)
    text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    text = re.sub(r"[^a-zA-ZČŠŽ0-9]+", "", text).replace("y", "i").replace("j", "i")
    text = re.sub(r"(?<=[^aeoui])io", "e", text)  # ё after a consonant: Tyotkino = Tetkino
    text = re.sub(r"i+(?=[aeou])", "", text)
    return re.sub(r"(.)\1+", r"\1", text)


def _russian_latin(text: str) -> str:
    from .transliterate import to_latin

    return to_latin(text)


#: Ukraine's national romanisation (Cabinet of Ministers resolution 55 of 2010):
#: the first form at the start of a word, the second elsewhere.
_UA_LATIN: dict[str, str | tuple[str, str]] = {
    "а": "a",
    "б": "b",
    "в": "v",
    "г": "h",
    "ґ": "g",
    "д": "d",
    "е": "e",
    "є": ("ye", "ie"),
    "ж": "zh",
    "з": "z",
    "и": "y",
    "і": "i",
    "ї": ("yi", "i"),
    "й": ("y", "i"),
    "к": "k",
    "л": "l",
    "м": "m",
    "н": "n",
    "о": "o",
    "п": "p",
    "р": "r",
    "с": "s",
    "т": "t",
    "у": "u",
    "ф": "f",
    "х": "kh",
    "ц": "ts",
    "ч": "ch",
    "ш": "sh",
    "щ": "shch",
    "ь": "",
    "ю": ("yu", "iu"),
    "я": ("ya", "ia"),
    "'": "",
    "’": "",
    "ʼ": "",
    # Russian letters, should a Russian name come this way.
    "ы": "y",
    "э": "e",
    "ъ": "",
    "ё": ("yo", "io"),
}


def ukrainian_latin(text: str) -> str:
    """Ukrainian Cyrillic in Ukraine's national romanisation (2010).

    Letters with a word-initial form (є, ї, й, ю, я) take it at the start of a
    word; зг becomes zgh; other characters are kept as they are.

    Parameters
    ----------
    text : str
        Ukrainian Cyrillic text.

    Returns
    -------
    str
        The Latin transliteration, capitals kept.

    Examples
    --------
    >>> ukrainian_latin("Мартинівка"), ukrainian_latin("Мала Локня"), ukrainian_latin("Згурівка")
    ('Martynivka', 'Mala Loknia', 'Zghurivka')
    """
    out = []
    for i, ch in enumerate(text):
        low = ch.lower()
        rule = _UA_LATIN.get(low)
        if rule is None:
            out.append(ch)
            continue
        if isinstance(rule, tuple):
            rule = rule[0] if i == 0 or not text[i - 1].isalpha() else rule[1]
        if low == "г" and i > 0 and text[i - 1].lower() == "з":
            rule = "gh"
        out.append(rule.capitalize() if ch != low and rule else rule)
    return "".join(out)


#: Whole words Ukrainian writes differently, and name starts (Никола- → Микола-).
_UA_WORDS = {
    "большое": "велике",
    "большая": "велика",
    "большой": "великий",
    "большие": "великі",
    "малая": "мала",
    "малое": "мале",
    "малый": "малий",
    "малые": "малі",
    "новая": "нова",
    "новое": "нове",
    "новый": "новий",
    "новые": "нові",
    "старая": "стара",
    "старое": "старе",
    "старый": "старий",
    "старые": "старі",
    "красная": "червона",
    "красное": "червоне",
    "красный": "червоний",
    "верхняя": "верхня",
    "нижняя": "нижня",
    "первый": "перший",
    "второй": "другий",
}
_UA_STARTS = (("никола", "микола"), ("алекс", "олекс"), ("иван", "іван"), ("евген", "євген"))
_UA_ENDINGS = (
    ("овка", "івка"),
    ("евка", "івка"),
    ("ёвка", "івка"),
    ("ское", "ське"),
    ("ская", "ська"),
    ("ский", "ський"),
    ("цкое", "цьке"),
    ("цкая", "цька"),
    ("ово", "ове"),
    ("ево", "еве"),
    ("ено", "ене"),
    ("ино", "ине"),
    ("ыно", "ине"),
    ("ое", "е"),
    ("ее", "є"),
    ("ая", "а"),
    ("яя", "я"),
    ("ый", "ий"),
    ("ий", "ій"),
    ("ов", "ів"),
    ("ев", "ів"),
)


def _ukrainian_word(word: str, endings: bool, i_as: str) -> str:
    low = word.lower()
    if low in _UA_WORDS:
        out = _UA_WORDS[low]
    else:
        out = low
        for a, b in _UA_STARTS:
            if out.startswith(a):
                out = b + out[len(a) :]
                break
        if endings:
            for a, b in _UA_ENDINGS:
                if out.endswith(a) and len(out) > len(a) + 1:
                    out = out[: -len(a)] + b
                    break
        # Russian и is Ukrainian і (or, letter for letter, и); ы is и; э is е; е after a vowel is є.
        out = re.sub("ь[иі]", "'ї", out)
        out = out.replace("и", i_as).replace("ы", "и").replace("э", "е").replace("ъ", "'")
        out = re.sub(r"(?<=[аеоуяюиіы])е|^е", "є", out)
        out = re.sub(r"ь(?=[яюєї])", "'", out)
        out = re.sub(r"(?<=')и|(?<=')і", "ї", out)
    return out.capitalize() if word[:1].isupper() else out


def ukrainian_forms(name: str) -> set[str]:
    """Ways a Russian settlement name is written in Ukrainian Cyrillic.

    With and without the Ukrainian endings (``-овка`` → ``-івка``, ``-ово`` →
    ``-ове``, ``-ое`` → ``-е``, ``-ая`` → ``-а``, ``-ский`` → ``-ський``, ``-ов``
    → ``-ів``), Russian и as і and as и: reporters use both letter-for-letter
    forms (``Hlushkovo``) and Ukrainian ones (``Hlushkove``).

    Parameters
    ----------
    name : str
        A settlement name in Russian Cyrillic, as the register writes it.

    Returns
    -------
    set of str
        The Ukrainian Cyrillic forms (up to four; fewer when they coincide).

    Examples
    --------
    >>> {"Мартинівка", "Мартиновка"} <= ukrainian_forms("Мартыновка")
    True
    """
    words = re.split(r"([\s-]+)", name)
    forms = set()
    for endings in (True, False):
        for i_as in ("і", "и"):
            forms.add("".join(w if not w.strip(" -") else _ukrainian_word(w, endings, i_as) for w in words))
    return forms


# ---------------------------------------------------------------------------
# Numbered namesakes: "1st Knyazhy", "Knyazhy 2", "2-й Княжий", "Волчий-Первый"

_ORDINAL_WORDS = {
    1: (
        "первый",
        "первая",
        "первое",
        "первые",
        "перший",
        "перша",
        "перше",
        "pervy",
        "pervyy",
        "perviy",
        "pervyi",
        "pervaya",
        "pervoye",
        "pervoe",
        "pervye",
        "pershyi",
        "persha",
        "first",
        "1st",
        "i",
    ),
    2: (
        "второй",
        "вторая",
        "второе",
        "вторые",
        "другий",
        "друга",
        "друге",
        "vtoroy",
        "vtoroi",
        "vtoroj",
        "vtoraya",
        "vtoraia",
        "vtoroye",
        "vtoroe",
        "vtorye",
        "druhyi",
        "druha",
        "second",
        "2nd",
        "ii",
    ),
    3: ("третий", "третья", "третье", "tretiy", "tretya", "tretye", "third", "3rd", "iii"),
}
_ORDINAL_OF = {w: n for n, words in _ORDINAL_WORDS.items() for w in words}
# "2-й", "2-я", "2-е", "2-y", "2-ya", "2-ye", "2nd", "2" as a separate word
_NUMBERED = re.compile(r"^(\d)(?:-?(?:й|я|е|ое|ый|ая|y|ya|ye|yi|iy|j|ja|je|ia|i|e|st|nd|rd|th))?$", re.IGNORECASE)


def _split_ordinal(name: str) -> tuple[str, int | None]:
    """``(name without its number, number)``; the number is None when there is none.

    The number is a word of its own at either end (``1st Knyazhy``,
    ``Knyazhy 2``, ``2-й Княжий``, ``Новоселовка Вторая``) or the last part
    of a hyphenated name (``Волчий-Первый``, ``Knyazhy-2``).
    """
    words = name.split()
    if len(words) == 1 and "-" in name:
        head, _, tail = name.rpartition("-")
        words = [head, tail] if head else words
    if len(words) < 2:
        return name, None
    for pos in (0, len(words) - 1):
        word = words[pos]
        n = _ORDINAL_OF.get(word.lower())
        if n is None and (m := _NUMBERED.match(word)):
            n = int(m[1])
        if n is not None and n > 0:
            return " ".join(words[:pos] + words[pos + 1 :]), n
    return name, None


# ---------------------------------------------------------------------------
# The spelling index


@dataclass
class _Index:
    """Loose keys of every settlement: Russian romanisations, then Ukrainian forms."""

    russian: dict = field(default_factory=dict)  # loose key -> set of row indices
    ukrainian: dict = field(default_factory=dict)
    numbered: dict = field(default_factory=dict)  # loose key of the name without its number -> [(n, row)]


@lru_cache(maxsize=4)
def _spelling_index(layer: SettlementLayer) -> _Index:
    index = _Index()
    shipped = getattr(layer, "_shipped_keys", None)
    for i, s in enumerate(layer.settlements):
        keys = set(shipped[i].split("|")) if shipped is not None else set()
        keys.add(s.name_latin)
        for key in keys:
            if not re.search("[\u0400-\u04ff]", key):
                index.russian.setdefault(loose_key(key), set()).add(i)
        for form in ukrainian_forms(s.name):
            index.ukrainian.setdefault(loose_key(ukrainian_latin(form)), set()).add(i)
        base, n = _split_ordinal(s.name)
        if n is not None:
            for form in {base, *ukrainian_forms(base)}:
                latin = ukrainian_latin(form) if form != base else _russian_latin(base)
                index.numbered.setdefault(loose_key(latin), set()).add((n, i))
    log.debug("spelling index: %d Russian, %d Ukrainian loose keys", len(index.russian), len(index.ukrainian))
    return index


# ---------------------------------------------------------------------------
# Resolution

_TYPE_WORDS = re.compile(
    r"^(?:the\s+)?(?:(?:village|town|city|settlement|hamlet|selo|khutor|khutir|urban-type settlement)\s+of\s+|"
    r"(?:village|selo|khutor|khutir|settlement|town)\s+)",
    re.IGNORECASE,
)


def _km(a_lon: float, a_lat: float, b_lon: float, b_lat: float) -> float:
    """Great-circle distance in km (haversine; ample for choosing between namesakes)."""
    p1, p2 = math.radians(a_lat), math.radians(b_lat)
    dp, dl = p2 - p1, math.radians(b_lon - a_lon)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(h)))


#: Loose keys of area names whose Ukrainian form differs beyond spelling (Білгород).
_AREA_ALIASES = (("bilgorod", "belgorod"),)


def _area_stem(text: str) -> str:
    """Loose stem of a district or region name: 'Glushkovo district', 'Glushkovsky rayon',
    'Hlushkivskyi raion', 'Глушковский район' -> 'glušk...' without endings.
    """
    key = loose_key(
        re.sub(
            r"(?i)\b(?:district|raion|rayon|rajon|region|oblast|obl|район|область|"
            r"municipal|okrug|gorodskoy|городской|округ|municipality|community|hromada)\b\.?",
            " ",
            text,
        )
    )
    for ukrainian, russian in _AREA_ALIASES:
        if key.startswith(ukrainian):
            key = russian + key[len(ukrainian) :]
    key = re.sub(r"(ski|ska|ske|sk|ci|ca|ce|ovo|evo|ivo|ove|eve|ino|ine|o|a|e|i)$", "", key)
    return re.sub(r"(ov|ev|iv|in)$", "", key)


def _in_area(s: Settlement, stem: str) -> bool:
    if len(stem) < 3:
        return False
    from .transliterate import to_latin

    district = _area_stem(s.district_latin)
    region = _area_stem(to_latin(s.region))
    return any(a.startswith(stem) or (len(a) >= 4 and stem.startswith(a)) for a in (district, region) if a)


def _located(place: Place, s: Settlement | None, candidates, how: str) -> ResolvedPlace:
    if s is None:
        return ResolvedPlace(place, None, tuple(candidates), how)
    return ResolvedPlace(place, s, tuple(candidates), how, s.lon, s.lat, s.chainage_km, s.offset_km)


def _from_coordinates(place: Place, lon: float, lat: float) -> ResolvedPlace:
    from .border import load_border
    from .countries import in_ukraine

    (loc,) = load_border().locate([lon], [lat], side_of=in_ukraine)
    return ResolvedPlace(place, None, (), "coordinates", lon, lat, float(loc.chainage_km), float(loc.offset_km))


@lru_cache(maxsize=1)
def _ukrainian_loose_index() -> tuple[dict, dict]:
    """Loose keys (:func:`loose_key`) of the Ukrainian layer's names: mapped places, unmapped settlements."""
    from .ukraine import load_ukraine

    layer = load_ukraine()
    mapped: dict = {}
    unmapped: dict = {}
    for i, p in enumerate(layer.places):
        for name in {p.name_latin, ukrainian_latin(p.name), p.name_ru} - {""}:
            mapped.setdefault(loose_key(name), set()).add(i)
    for i, u in enumerate(layer.unmapped):
        for name in {u.name_latin, ukrainian_latin(u.name)} - {""}:
            unmapped.setdefault(loose_key(name), set()).add(i)
    return mapped, unmapped


def _loose_rows(table: dict, text: str) -> set:
    """Rows of a loose-key table a plain name (no qualifiers, no id) matches: 'Ogirtseve' = 'Ohirtseve'."""
    if "," in text or "(" in text or not text.strip():
        return set()
    return set(table.get(loose_key(_TYPE_WORDS.sub("", text.strip())), ()))


def _ukrainian_candidates(text: str) -> tuple[list, str]:
    """Mapped Ukrainian places a name may mean (as written, else by its loose key)."""
    from .ukraine import load_ukraine

    layer = load_ukraine()
    found = layer.candidates(text)
    if found:
        return found, "ukrainian layer"
    rows = _loose_rows(_ukrainian_loose_index()[0], text)
    found = sorted((layer.places[i] for i in rows), key=lambda p: (-p.population, p.id))
    return found, "ukrainian layer, spelling variant"


def _ukrainian_unmapped(text: str, stems: Sequence[str] = (), in_area: bool = False) -> str | None:
    """Why a name known only as a Ukrainian settlement without coordinates cannot be placed
    (namesakes narrowed to the areas ``stems`` when any lies there, only those with ``in_area``;
    several are all named).
    """
    from .ukraine import load_ukraine

    layer = load_ukraine()
    found = layer.unmapped_candidates(text)
    if not found:
        found = [layer.unmapped[i] for i in sorted(_loose_rows(_ukrainian_loose_index()[1], text))]
    for stem in stems:
        inside = [u for u in found if len(stem) >= 3 and _area_stem(_russian_latin(layer.where(u))).find(stem) >= 0]
        if inside:
            found = inside
            break
    else:
        if in_area:
            return None
    if not found:
        return None
    if len(found) > 1:
        shown = "; ".join(f"{u.name} ({layer.where(u)})" for u in found[:5])
        more = f" and {len(found) - 5} more" if len(found) > 5 else ""
        return (
            f"{len(found)} known Ukrainian settlements without coordinates have that name: {shown}{more}; "
            "give its lon,lat"
        )
    return (
        f"{found[0].name} ({layer.where(found[0])}) is a known Ukrainian settlement without coordinates; "
        "give its lon,lat"
    )


def _candidates(layer: SettlementLayer, text: str) -> tuple[list[Settlement], str]:
    """Settlements a name may mean and the spelling family that found them."""
    hits = layer.candidates(text)
    if hits:
        return hits, "exact"
    head, _, qualifiers = text.partition(",")
    name = _TYPE_WORDS.sub("", head.strip()).strip()
    if name != head.strip():
        hits = layer.candidates(name + ("," + qualifiers if qualifiers else ""))
        if hits:
            return hits, "exact"
    index = _spelling_index(layer)
    key = loose_key(name)
    rows: set = set()
    how = "unresolved"
    base, n = _split_ordinal(name)
    if n is not None:
        base_key = loose_key(base)
        pairs = index.numbered.get(base_key, set())
        rows = {i for m, i in pairs if m == n}
        how = "numbered name"
        if not rows and n == 1 and pairs:
            # The register writes the first of "Княжий" and "2-й Княжий" without a number.
            rows = set(index.russian.get(base_key, ())) | set(index.ukrainian.get(base_key, ()))
            how = "numbered name (the register's unnumbered namesake)"
    if not rows and key:
        rows = set(index.russian.get(key, ()))
        how = "spelling variant"
    if not rows and key:
        rows = set(index.ukrainian.get(key, ()))
        how = "ukrainian spelling"
    found = sorted((layer.settlements[i] for i in rows), key=lambda s: (-s.population, s.id))
    if found and qualifiers.strip():
        narrowed = [s for s in found if all(_in_area(s, _area_stem(q)) for q in qualifiers.split(",") if q.strip())]
        found = narrowed
    return found, how if found else "unresolved"


def _fuzzy(layer: SettlementLayer, name: str, limit: int = 5) -> list[Settlement]:
    from rapidfuzz import fuzz, process

    key = loose_key(_TYPE_WORDS.sub("", name.partition(",")[0].strip()))
    if len(key) < 4:
        return []
    index = _spelling_index(layer)
    keys = list(index.russian) + list(index.ukrainian)
    rows_of = [index.russian, index.ukrainian]
    best: dict[int, float] = {}
    for _, score, pos in process.extract(key, keys, scorer=fuzz.ratio, limit=20, score_cutoff=FUZZY_CUTOFF):
        table = rows_of[0] if pos < len(index.russian) else rows_of[1]
        for i in table[keys[pos]]:
            best[i] = max(best.get(i, 0.0), score)
    ranked = sorted(best, key=lambda i: (-best[i], -int(layer.population[i]), int(layer.ids[i])))
    return [layer.settlements[i] for i in ranked[:limit]]


def _narrow(found: list[Settlement], stems: Sequence[str]) -> tuple[list[Settlement], str | None]:
    for stem in stems:
        inside = [s for s in found if _in_area(s, stem)]
        if inside and len(inside) < len(found):
            return inside, stem
    return found, None


def _spread_km(found: Sequence[Settlement]) -> float:
    return max(_km(a.lon, a.lat, b.lon, b.lat) for a in found for b in found)


def _nearest_to(found: Sequence[Settlement], near: Sequence[tuple[float, float]]) -> tuple[Settlement | None, float]:
    """The one candidate within NEAR_KM of the points ``near`` while every other lies at least
    three times as far and 20 km farther.
    """
    if not near:
        return None, math.inf
    dist = [min(_km(s.lon, s.lat, lon, lat) for lon, lat in near) for s in found]
    order = sorted(range(len(found)), key=dist.__getitem__)
    best = order[0]
    far = max(3 * dist[best], dist[best] + 20.0)
    if dist[best] <= NEAR_KM and all(dist[k] >= far for k in order[1:]):
        return found[best], dist[best]
    return None, dist[best]


def resolve_place(
    place: Place | str,
    *,
    layer: SettlementLayer | None = None,
    region: str | None = None,
    district: str | None = None,
    near: Sequence[tuple[float, float]] = (),
    side: str = "RUS",
) -> ResolvedPlace:
    """The settlement (or point) a place names, and how it was found.

    Parameters
    ----------
    place : Place or str
        A statement about a place, or just its name (then status ``inside``).
        The name may be any spelling the module documentation lists, a
        ``contains`` query (``NAME (TYPE), DISTRICT``, ``id:N``) or ``lon,lat``.
    layer : SettlementLayer, optional
        The settlements to search; the shipped register by default.
    region, district : str, optional
        Areas named in the report ("Kursk", "Glushkovo district"), in any
        spelling: they narrow namesakes down.
    near : sequence of (lon, lat)
        Positions of the other places of the same report: a namesake close to
        them is taken when every other lies far away.
    side : {"RUS", "UKR"}
        The country the zone lies in.  On the ``UKR`` side a name is looked up
        in the Ukrainian layer of mapped places first (Ukrainian, Russian and
        Latin spellings), then in the Russian register; on the ``RUS`` side in
        the Russian register only.

    Returns
    -------
    ResolvedPlace
        ``settlement`` None when the name is unknown (``candidates``: the
        closest spellings) or ambiguous (``candidates``: every namesake).

    Raises
    ------
    InvalidPlaceError
        If the name holds characters no place name has (an emoji, a control
        character).
    InvalidCoordinatesError
        If it looks like ``lon,lat`` but is not valid coordinates.

    Examples
    --------
    "Martynivka" names a village in Kursk oblast and a farmstead in Rostov
    oblast; the region tells them apart:

    >>> resolve_place("Martynivka").how
    'ambiguous: 2 settlements have that name'
    >>> r = resolve_place("Martynivka", region="Kursk")
    >>> r.settlement.name, r.how
    ('Мартыновка', 'ukrainian spelling; the only one in Kursk')
    >>> r = resolve_place("Korenevo")
    >>> r.settlement.type, r.how
    ('пгт', 'namesakes within 1.9 km of each other: the most populous')
    """
    if isinstance(place, str):
        place = Place(place, "inside")
    text = check_place_text(place.query).strip()
    lonlat = parse_lonlat(text)
    if lonlat is not None:
        return _from_coordinates(place, *lonlat)
    layer = layer or load_settlements()
    found, how = _ukrainian_candidates(text) if side == "UKR" else ([], "")
    stems = [_area_stem(a) for a in (district, region) if a]
    if found and stems and not any(_in_area(s, stem) for s in found for stem in stems):
        # Mapped namesakes lie elsewhere: the one in the named area may be a settlement without coordinates.
        unmapped = _ukrainian_unmapped(text, stems, in_area=True)
        if unmapped:
            return _located(place, None, (), f"unresolved: {unmapped}")
    if not found and side == "UKR":  # a Ukrainian settlement without coordinates before a Russian namesake
        unmapped = _ukrainian_unmapped(text, stems)
        if unmapped:
            return _located(place, None, (), f"unresolved: {unmapped}")
    if not found:
        found, how = _candidates(layer, text)
    if not found:
        return _unknown_name(place, layer, text)
    return _among_namesakes(place, found, how, areas=(district, region), near=near)


def _unknown_name(place: Place, layer: SettlementLayer, text: str) -> ResolvedPlace:
    """An unresolved place, with the closest spellings the layer has."""
    suggestions = _fuzzy(layer, text)
    why = "unresolved: no settlement has that name"
    if suggestions:
        why += f"; closest spellings: {', '.join(s.name_latin for s in suggestions)}"
    return _located(place, None, suggestions, why)


def _among_namesakes(
    place: Place,
    found: list[Settlement],
    how: str,
    *,
    areas: tuple[str | None, str | None],
    near: Sequence[tuple[float, float]],
) -> ResolvedPlace:
    """The one of ``found`` that a place means: the only one, the only one in a named area
    (``areas``: district, region), one of namesakes close together, or the one near the others.
    """
    if len(found) == 1:
        return _located(place, found[0], found, how)
    district, region = areas
    stems = [_area_stem(a) for a in (district, region) if a]
    narrowed, stem = _narrow(found, stems)
    if stem is not None:
        area = district if stem == (_area_stem(district) if district else None) else region
        if len(narrowed) == 1:
            return _located(place, narrowed[0], found, f"{how}; the only one in {area}")
        found = narrowed
    spread = _spread_km(found)
    if spread <= SAME_PLACE_KM:
        top = max(found, key=lambda s: (s.population, -s.id))
        return _located(place, top, found, f"namesakes within {spread:.1f} km of each other: the most populous")
    s, dist = _nearest_to(found, near)
    if s is not None:
        return _located(place, s, found, f"{how}; nearest to the other places ({dist:.0f} km)")
    return _located(place, None, found, f"ambiguous: {len(found)} settlements have that name")


def resolve_places(
    places: Sequence[Place],
    *,
    layer: SettlementLayer | None = None,
    region: str | None = None,
    district: str | None = None,
    side: str = "RUS",
) -> list[ResolvedPlace]:
    """Resolve the places of one report, namesakes by distance to the others.

    Each place is resolved alone first; then each ambiguous one is resolved
    again ``near`` the positions of the places that were not ambiguous, and
    that repeats while it settles more of them.  A place resolved near the
    others says so in ``how``.

    Parameters
    ----------
    places : sequence of Place
        The places one report names, with their statuses.
    layer : SettlementLayer, optional
        The settlements to search; the shipped register by default.
    region, district : str, optional
        Areas named in the report, in any spelling: they narrow namesakes
        down (see :func:`resolve_place`).
    side : {"RUS", "UKR"}, default "RUS"
        The country the zone lies in (see :func:`resolve_place`).

    Returns
    -------
    list of ResolvedPlace
        One per place, in order; a place that stays unknown or ambiguous has
        ``settlement`` None and its ``candidates``.

    Raises
    ------
    InvalidPlaceError
        If a name holds characters no place name has.
    InvalidCoordinatesError
        If a name looks like ``lon,lat`` but is not valid coordinates.

    Examples
    --------
    "Lyubimovka" names five settlements; beside Korenevo and Snagost it is
    the one in Korenevsky district:

    >>> found = resolve_places([Place("Korenevo", "contested"), Place("Snagost", "contested"),
    ...                         Place("Lyubimovka", "inside")])
    >>> found[2].settlement.district_latin, found[2].how.split(";")[-1].strip()
    ('Korenevsky rayon', 'nearest to the other places (11 km)')
    """
    layer = layer or load_settlements()
    out = [resolve_place(p, layer=layer, region=region, district=district, side=side) for p in places]
    changed = True
    while changed:
        changed = False
        anchors = [(r.lon, r.lat) for r in out if r.lon is not None and r.lat is not None]
        for k, r in enumerate(out):
            if r.resolved or len(r.candidates) < 2 or r.how.startswith("unresolved"):
                continue
            again = resolve_place(r.place, layer=layer, region=region, district=district, near=anchors, side=side)
            if again.resolved:
                out[k] = again
                changed = True
    return out


def with_status(place: Place, status: Status) -> Place:
    """``place`` with another status."""
    return replace(place, status=status)
