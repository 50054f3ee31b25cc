"""Dated public claims about a front, and the claim files that hold them.

A :class:`Claim` is what one side said on one day: who said it, where it
was reported, and the numbers (settlements, area, depth, front width; any
of them may be a range).  A claim file (TOML, see :func:`load_claim_file`
and the README) holds one operation's claims over time.  frontmap ships
``data/claims/kursk-2024.toml``; :func:`claim_for` finds the shipped claim
a zone spec reproduces, so a map or an export can say which statement it
models.
"""

from __future__ import annotations

import datetime as dt
import reprlib
from collections import Counter
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import Literal

from .defaults import DEFAULT_ANCHOR, DEFAULT_SIDE, DEFAULT_WINDOW_KM
from .errors import AmbiguousClaimError, ClaimFileError

__all__ = [
    "Claim",
    "ClaimFile",
    "ClaimFileError",
    "NUMBERS",
    "claim_for",
    "claims_from_text",
    "known_claims",
    "load_claim_file",
    "pick_claim",
    "read_claims",
]

#: The numbers a claim can give, with their units.
NUMBERS = {"settlements": "", "area_km2": " km²", "depth_km": " km", "width_km": " km"}
_TEXT_FIELDS = ("claimant", "role", "source", "region", "anchor", "note", "quote", "side")


def _fmt(value) -> str:
    if isinstance(value, tuple):
        return f"{value[0]:,g}–{value[1]:,g}"
    return f"{value:,g}"


@dataclass(frozen=True)
class Claim:
    """A dated quantitative claim about a front.

    Numbers are None when not given, a number, or a ``(min, max)`` range.
    """

    date: str
    claimant: str
    source: str = ""
    region: str | None = None
    role: str | None = None
    settlements: float | tuple | None = None
    area_km2: float | tuple | None = None
    depth_km: float | tuple | None = None
    width_km: float | tuple | None = None
    #: One place, or several (one axis each: the zone is the union of their fronts).
    anchor: str | tuple[str, ...] | None = None
    side: str = DEFAULT_SIDE
    window_km: float | None = None
    note: str | None = None
    quote: str | None = None
    label: str | None = None
    #: For a claim read from text: each number's span (kind, original, start, end, sentence).
    quotes: tuple = ()
    #: Named places with a status (:class:`frontmap.places.Place`), in the order given.
    places: tuple = ()

    def numbers(self) -> dict:
        """The numbers the claim gives, keyed like :data:`NUMBERS`."""
        return {k: getattr(self, k) for k in NUMBERS if getattr(self, k) is not None}

    def summary(self) -> str:
        """The numbers and places in one line, e.g. ``28 settlements, 12 km deep, 40 km front``
        or ``2 places inside, 1 contested``.
        """
        words = {
            "settlements": "{} settlements",
            "area_km2": "{} km²",
            "depth_km": "{} km deep",
            "width_km": "{} km front",
        }
        parts = [words[k].format(_fmt(v)) for k, v in self.numbers().items()]
        counts = Counter(p.status for p in self.places)
        shown = [f"{counts[s]} {s}" for s in PLACE_STATUSES if counts[s]]
        if shown:
            n = len(self.places)
            parts.append(f"{n} place{'s' if n != 1 else ''} " + ", ".join(shown))
        return ", ".join(parts)

    def to_properties(self) -> dict:
        """The claim as JSON-ready properties (absent fields left out, ranges as [min, max])."""
        out = {}
        for name in self.__dataclass_fields__:
            value = getattr(self, name)
            if value is not None and value != "" and value != ():
                out[name] = list(value) if isinstance(value, tuple) else value
        if self.places:
            out["places"] = [_place_properties(p) for p in self.places]
        return out


def _place_properties(place) -> dict:
    return {
        k: v
        for k, v in (
            ("query", place.query),
            ("status", place.status),
            ("phrase", place.phrase),
            ("start", place.start),
            ("end", place.end),
        )
        if v is not None
    }


@dataclass(frozen=True)
class ClaimFile:
    """One operation's claims over time, in date order."""

    name: str
    claims: tuple[Claim, ...]
    region: str | None = None
    start: str | None = None
    anchor: str = DEFAULT_ANCHOR
    side: str = DEFAULT_SIDE
    window_km: float = DEFAULT_WINDOW_KM
    path: str | None = None
    extra: dict = field(default_factory=dict)


#: What a claim file may hold, and why these bounds:
#: a count or an area past a million is no front line's; a depth past the zone's own limit
#: (``zone.MAX_DEPTH_KM``) cannot be modelled; a front wider than the whole border line
#: (about 2,005 km) cannot either; ``window_km`` is what :func:`frontmap.fit.fit` accepts;
#: dates stay within the years a press report can carry and a timeline can add a day to.
MAX_COUNT = 1_000_000
MAX_AREA_KM2 = 1_000_000.0
MAX_WIDTH_KM = 2_500.0
MAX_WINDOW_KM = 100.0
FIRST_DATE = dt.date(1900, 1, 1)
LAST_DATE = dt.date(2100, 12, 31)
#: A claim file is a few hundred lines written by hand; these keep a hostile one from
#: running the timeline (one zone per claim) for hours or filling memory.
MAX_CLAIMS = 1_000
MAX_FILE_BYTES = 10_000_000

#: Place statuses, as claim-file keys (``inside = ["Sudzha", ...]``); see :mod:`frontmap.places`.
PLACE_STATUSES: tuple[Literal["inside", "contested", "outside"], ...] = ("inside", "contested", "outside")
#: At most this many places a claim, each name at most this long.
MAX_PLACES = 500
MAX_PLACE_CHARS = 200

_OPERATION_FIELDS = ("name", "region", "start", "anchor", "side", "window_km")
_REPR = reprlib.Repr()  # bounded in depth and length: a value nested 10,000 deep prints as "[[...]]"
_REPR.maxlevel, _REPR.maxstring, _REPR.maxother, _REPR.maxlist, _REPR.maxdict = 2, 60, 60, 4, 4


def _shown(value) -> str:
    """A value as it appears in an error: its repr, cut to about 60 characters."""
    if isinstance(value, (dt.date, dt.time)):  # dt.datetime is a dt.date
        return value.isoformat()
    text = _REPR.repr(value)
    return text if len(text) <= 64 else text[:60] + "…"


@dataclass(frozen=True)
class _Rule:
    """A claim-file field: the msgspec type its value must convert to, and, for errors, what it allows."""

    type: object
    allowed: str


@lru_cache(maxsize=1)
def _schema() -> dict[str, _Rule]:
    """The claim-file schema, field by field: msgspec checks each value against its type
    (numbers and their bounds, ranges of two, text, dates, sides), so an error can name the
    field, the claim and the value (see :func:`_checked`).
    """
    from typing import Annotated

    from msgspec import Meta

    from .spec import MAX_AXES
    from .zone import MAX_DEPTH_KM, SIDES

    def number(kind: type, what: str, most: float) -> _Rule:
        one = Annotated[kind, Meta(gt=0, le=most)]  # type: ignore[valid-type]
        # A list of two, not tuple[one, one]: msgspec 0.22-0.23 misreads the bounds of such a union.
        pair = Annotated[list[one], Meta(min_length=2, max_length=2)]
        return _Rule(one | pair, f"must be {what} > 0 and at most {most:,.0f}, or a [min, max] range of them")

    text = _Rule(str, "must be text (a quoted string)")
    named = _Rule(Annotated[str, Meta(pattern=r"\S")], "must be non-empty text (a quoted string)")
    place = Annotated[str, Meta(pattern=r"\S", max_length=MAX_PLACE_CHARS)]
    places = _Rule(
        Annotated[list[place], Meta(min_length=1)],
        'must be a list of place names, e.g. ["Sudzha", "Korenevo, Korenevsky", "id:106393", "35.2,51.2"]',
    )
    return {
        "date": _Rule(dt.date, f"must be a date like 2024-08-12, from {FIRST_DATE} to {LAST_DATE}"),
        **{key: text for key in ("role", "source", "region", "note", "quote", "name")},
        "claimant": named,
        "anchor": named,
        "anchors": _Rule(
            Annotated[
                list[Annotated[str, Meta(pattern=r"\S", max_length=MAX_PLACE_CHARS)]],
                Meta(min_length=1, max_length=MAX_AXES),
            ],
            f'must be a place name, or a list of 1 to {MAX_AXES} (one per axis), e.g. ["Lyptsi", "Vovchansk"]',
        ),
        "side": _Rule(Literal[SIDES], f"must be text, one of {', '.join(SIDES)}"),
        "window_km": _Rule(
            Annotated[float, Meta(ge=0, le=MAX_WINDOW_KM)], f"must be a number of km from 0 to {MAX_WINDOW_KM:g}"
        ),
        "settlements": number(int, "a whole number", MAX_COUNT),
        "area_km2": number(float, "a number of km²", MAX_AREA_KM2),
        "depth_km": number(float, "a number of km", MAX_DEPTH_KM),
        "width_km": number(float, "a number of km", MAX_WIDTH_KM),
        **{status: places for status in PLACE_STATUSES},
        "place": _Rule(place, f"must be a name of 1 to {MAX_PLACE_CHARS} characters (a quoted string)"),
    }


def _checked(value, where: str, key: str, shown=None, field: str | None = None):
    """``value`` if it converts to field ``key``'s type, else a one-line ClaimFileError naming
    the field, the value (``shown``, if given, stands for it) and what the field allows.
    """
    import msgspec

    rule = _schema()[key]
    try:
        msgspec.convert(value, rule.type)
    except msgspec.ValidationError:
        what = f"{key}={_shown(value)} is not allowed" if shown is None else shown
        raise ClaimFileError(f"{where}: {what}: {field or key} {rule.allowed}") from None
    return value


def _number(value, where: str, key: str):
    """A claim's number (or (min, max) range); a whole float counts as a whole number."""
    if isinstance(value, list) and len(value) != 2:
        raise ClaimFileError(f"{where}: {key}={_shown(value)} is not allowed: a range is [min, max], two numbers")
    if key == "settlements":
        value = [_whole(v) for v in value] if isinstance(value, list) else _whole(value)
    shown = f"{key}={_shown(value)} is not allowed"
    _checked(value, where, key, shown)
    if not isinstance(value, list):
        return value
    lo, hi = value
    if lo > hi:
        raise ClaimFileError(f"{where}: {shown}: a range's min must not exceed its max")
    return (lo, hi)


def _whole(v):
    return int(v) if isinstance(v, float) and v.is_integer() else v


def _window(value, where: str) -> float:
    return float(_checked(value, where, "window_km"))


def _date(value, where: str, key: str = "date") -> str:
    """A date (a TOML date, a date-time, or text like 2024-08-12) within FIRST_DATE..LAST_DATE, in ISO form."""
    import msgspec

    day = value.date() if isinstance(value, dt.datetime) else value  # a time or a time zone says nothing more
    day = day.strip() if isinstance(day, str) else day
    try:
        day = msgspec.convert(day, dt.date) if isinstance(day, (str, dt.date)) else None
    except msgspec.ValidationError:
        day = None
    if day is None or not FIRST_DATE <= day <= LAST_DATE:
        raise ClaimFileError(f"{where}: {key}={_shown(value)} is not allowed: {key} {_schema()['date'].allowed}")
    return day.isoformat()


def _places(entry: dict, where: str, claim: dict) -> tuple:
    """The ``inside``/``contested``/``outside`` lists of a claim as Places carrying the claim's provenance."""
    from .places import Place

    out = []
    for status in (s for s in PLACE_STATUSES if s in entry):
        names = entry[status]
        if not isinstance(names, list) or not names:
            _checked(names, where, status)
        for name in names:
            _checked(name, where, "place", f"{status} holds {_shown(name)}, which is not allowed")
            out.append(
                Place(
                    name.strip(),
                    status,
                    claimant=claim.get("claimant"),
                    date=claim.get("date"),
                    source=claim.get("source"),
                    quote=claim.get("quote"),
                )
            )
    if len(out) > MAX_PLACES:
        raise ClaimFileError(f"{where} names {len(out):,} places: a claim may name at most {MAX_PLACES:,}")
    return tuple(out)


def _anchor(value, where: str):
    """A claim's anchor: a place name, or a list of them (one per axis; a list of one is that name)."""
    if not isinstance(value, list):
        return _checked(value, where, "anchor")
    names = _checked(value, where, "anchors", f"anchor={_shown(value)} is not allowed", field="anchor")
    return names[0] if len(names) == 1 else tuple(names)


def _side(value, where: str) -> str:
    return _checked(
        value.strip().upper() if isinstance(value, str) else value,
        where,
        "side",
        f"side={_shown(value)} is not allowed",
    )


#: Largest text :func:`read_claims` reads (64 MB, as the command line).
MAX_TEXT_BYTES = 64 * 1024 * 1024


def _check_path_and_text(path, text) -> None:
    """A path is a str or os.PathLike (an int would be taken for an open file descriptor,
    which reading then closes: ``True`` closed standard output); text is a str or None.
    """
    import os

    if isinstance(path, (bool, int)) or not isinstance(path, (str, os.PathLike)):
        raise TypeError(f"path must be a str or os.PathLike, not {type(path).__name__}")
    if text is not None and not isinstance(text, str):
        raise TypeError(f"text must be a str or None, not {type(text).__name__}")


def _read_utf8(path, name: str, limit: int, too_large: str) -> str:
    """A UTF-8 file's text (a leading BOM dropped), read bounded: /dev/zero or a huge file
    must not fill the memory.  Every failure is a one-line ClaimFileError naming ``name``.
    """
    try:
        with open(path, "rb") as fh:
            data = fh.read(limit + 1)
        if len(data) > limit:
            raise ClaimFileError(too_large)
        return data.decode("utf-8").removeprefix("\ufeff")
    except OSError as exc:
        raise ClaimFileError(f"cannot read {name}: {exc.strerror or exc}") from None
    except UnicodeDecodeError as exc:
        raise ClaimFileError(f"cannot read {name}: it is not UTF-8 text (byte {exc.start})") from None
    except ClaimFileError:  # too large (a ValueError too)
        raise
    except ValueError:  # a NUL in the name
        raise ClaimFileError(f"cannot read {name}: a file name cannot hold a NUL character") from None


def _read_toml(path, text: str | None) -> dict:
    import tomllib

    _check_path_and_text(path, text)
    name = f"claim file {str(path)!r}"
    too_large = f"{name} is too large: a claim file may hold at most {MAX_FILE_BYTES:,} bytes"
    if text is None:
        text = _read_utf8(path, name, MAX_FILE_BYTES, too_large)
    elif len(text) > MAX_FILE_BYTES:
        raise ClaimFileError(too_large)
    try:
        return tomllib.loads(text.removeprefix("\ufeff"))
    except tomllib.TOMLDecodeError as exc:
        raise ClaimFileError(f"{name} is not valid TOML: {' '.join(str(exc).split())}") from None
    except RecursionError:
        raise ClaimFileError(f"{name} is not valid TOML: its tables or arrays nest too deeply") from None


def load_claim_file(path: str | Path, text: str | None = None) -> ClaimFile:
    """Read a claim file (TOML).

    Schema: an optional ``[operation]`` table (``name``, ``region``,
    ``start``, ``anchor``, ``side``, ``window_km``) and one ``[[claim]]``
    table per claim with ``date`` and ``claimant`` (required), ``source``,
    ``role``, ``region``, ``anchor``, ``side``, ``window_km``, ``note``,
    ``quote``, and any of ``settlements``, ``area_km2``, ``depth_km``,
    ``width_km`` as a number or a ``[min, max]`` range.  Claims are
    returned in date order (file order within a date).

    Every value is checked as it is read: a wrong one raises a one-line
    :class:`ClaimFileError` naming the file, the claim, the key, the value and
    what is allowed (numbers > 0 up to :data:`MAX_COUNT`, :data:`MAX_AREA_KM2`,
    ``zone.MAX_DEPTH_KM``, :data:`MAX_WIDTH_KM`; ``window_km`` from 0 to
    :data:`MAX_WINDOW_KM`; dates from :data:`FIRST_DATE` to :data:`LAST_DATE`;
    text fields as strings; ``side`` one of RUS, UKR).  A leading BOM is allowed.

    Parameters
    ----------
    path : str or pathlib.Path
        The file to read; with ``text``, only its name (used in messages and
        as the operation's name when ``[operation]`` gives none).
    text : str, optional
        The file's content when it is already in memory (standard input).

    Returns
    -------
    ClaimFile
        The operation's name, region, start, anchor, side and window, and its
        claims in date order, each labelled by its date (and its claimant
        where several share a date).

    Raises
    ------
    ClaimFileError
        When the file cannot be read, is not UTF-8 TOML, holds no claim or
        too many, or a value breaks the schema.
    TypeError
        When ``path`` is not a str or path, or ``text`` not a str.

    Examples
    --------
    >>> claims = load_claim_file("x.toml", text="[[claim]]\\ndate = 2024-08-12\\nclaimant = 'X'\\ndepth_km = 12\\n")
    >>> claims.name, claims.anchor, claims.claims[0].depth_km, claims.claims[0].label
    ('x', 'Sudzha', 12, '2024-08-12')
    >>> load_claim_file("x.toml", text="[[claim]]\\ndate = 2024-08-12\\nclaimant = 'X'\\ndepth_km = 120\\n")
    ... # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    frontmap.errors.ClaimFileError: claim file 'x.toml', claim 1 (2024-08-12): depth_km=120 is not allowed: ...
    """
    name = f"claim file {str(path)!r}"
    doc = _read_toml(path, text)
    operation = _operation(doc.get("operation", {}), name, Path(str(path)).stem)
    entries = doc.get("claim")
    if not isinstance(entries, list) or not entries:
        raise ClaimFileError(f"{name} holds no [[claim]] entries")
    if len(entries) > MAX_CLAIMS:
        raise ClaimFileError(f"{name} holds {len(entries):,} claims: a claim file may hold at most {MAX_CLAIMS:,}")
    claims = [_claim(entry, f"{name}, claim {k}", operation) for k, entry in enumerate(entries, start=1)]
    order = sorted(range(len(claims)), key=lambda i: (claims[i].date, i))
    claims = [claims[i] for i in order]
    # Claims sharing a date are told apart by their claimant.
    per_date = Counter(c.date for c in claims)
    claims = [replace(c, label=f"{c.date} · {c.claimant}" if per_date[c.date] > 1 else c.date) for c in claims]
    return ClaimFile(claims=tuple(claims), path=str(path), **operation)


def _unknown(table: dict, allowed, where: str) -> None:
    unknown = set(table) - set(allowed)
    if unknown:
        raise ClaimFileError(f"{where}: unknown field {_shown(sorted(unknown)[0])}; allowed: {', '.join(allowed)}")


def _operation(op, name: str, stem: str) -> dict:
    """The ``[operation]`` table checked, as ClaimFile fields (defaults for what it leaves out)."""
    if not isinstance(op, dict):
        raise ClaimFileError(f"{name}: operation={_shown(op)} is not allowed: [operation] must be a table")
    where = f"{name}, [operation]"
    _unknown(op, _OPERATION_FIELDS, where)
    return {
        "name": _checked(op["name"], where, "name") if "name" in op else stem,
        "region": _checked(op["region"], where, "region") if "region" in op else None,
        "anchor": _anchor(op.get("anchor", DEFAULT_ANCHOR), where),
        "side": _side(op.get("side", DEFAULT_SIDE), where),
        "window_km": _window(op.get("window_km", DEFAULT_WINDOW_KM), where),
        "start": _date(op["start"], where, "start") if "start" in op else None,
    }


_CLAIM_FIELDS = ("date", *_TEXT_FIELDS, *NUMBERS, *PLACE_STATUSES, "window_km")


def _claim(entry, where: str, operation: dict) -> Claim:
    """One ``[[claim]]`` table checked field by field against :func:`_schema`."""
    if not isinstance(entry, dict):
        raise ClaimFileError(f"{where} must be a table ([[claim]]), not {_shown(entry)}")
    _unknown(entry, _CLAIM_FIELDS, where)
    if "date" not in entry or "claimant" not in entry:
        raise ClaimFileError(f"{where} needs a date and a claimant")
    date = _date(entry["date"], where)
    where = f"{where} ({date})"
    texts = {
        key: _checked(entry[key], where, key) for key in _TEXT_FIELDS if key in entry and key not in ("side", "anchor")
    }
    if "anchor" in entry:
        texts["anchor"] = _anchor(entry["anchor"], where)
    texts["side"] = _side(entry["side"], where) if "side" in entry else operation["side"]
    texts.setdefault("anchor", operation["anchor"])
    texts.setdefault("region", operation["region"])
    numbers = {key: _number(entry[key], where, key) for key in NUMBERS if key in entry}
    places = _places(entry, where, {**texts, "date": date})
    if not numbers and not places:
        raise ClaimFileError(
            f"{where} gives no number and no place: give one of {', '.join(NUMBERS)}, "
            f"or places as {', '.join(PLACE_STATUSES)} lists"
        )
    window = _window(entry["window_km"], where) if "window_km" in entry else operation["window_km"]
    return Claim(date=date, window_km=window, places=places, **texts, **numbers)


@lru_cache(maxsize=1)
def known_claims() -> tuple[Claim, ...]:
    """Every claim of the claim files frontmap ships (``data/claims/*.toml``).

    Returns
    -------
    tuple of Claim
        The claims file by file (in file-name order), each file's in date
        order; empty when no claim files are shipped.

    Raises
    ------
    ClaimFileError
        When a shipped claim file is damaged.

    Examples
    --------
    >>> claims = known_claims()
    >>> any(c.claimant == "Alexei Smirnov" and c.depth_km == 12 for c in claims)
    True
    """
    from .data import data_dir

    folder = data_dir() / "claims"
    out: list[Claim] = []
    for path in sorted(folder.glob("*.toml")) if folder.is_dir() else ():
        out.extend(load_claim_file(path).claims)
    return tuple(out)


def claim_for(spec) -> Claim | None:
    """The shipped claim whose anchor, depth and width ``spec`` uses, if any.

    Anchors are compared without case or surrounding spaces; the side must
    match too.

    Parameters
    ----------
    spec : ZoneSpec or None
        A zone spec; None gives None.

    Returns
    -------
    Claim or None
        The first shipped claim (:func:`known_claims`) with the spec's side,
        anchor, depth and width, or None when no claim has them.

    Examples
    --------
    >>> from frontmap.zone import DEFAULT_SPEC
    >>> claim_for(DEFAULT_SPEC).settlements
    28
    >>> from dataclasses import replace
    >>> claim_for(replace(DEFAULT_SPEC, depth_km=13.5)) is None
    True
    """
    if spec is None:
        return None

    def key(anchor) -> tuple:
        return tuple(a.strip().casefold() for a in ((anchor,) if isinstance(anchor, str) else anchor))

    for claim in known_claims():
        if (
            claim.side == spec.side
            and claim.anchor is not None
            and key(claim.anchor) == key(spec.anchor)
            and claim.depth_km == spec.depth_km
            and claim.width_km == spec.width_km
        ):
            return claim
    return None


#: Extracted kinds that are zone numbers, and the claim field each fills.
_KIND_FIELDS = {"depth": "depth_km", "width": "width_km", "settlements": "settlements", "area": "area_km2"}


def claims_from_text(text: str, source: str = "", side: str = "RUS") -> list[Claim]:
    """The claims an English text makes (see :mod:`frontmap.extract`), one per
    claimant and date, in date order; each keeps the quote spans of its numbers.

    ``side`` is the country the zone lies in (``RUS`` or ``UKR``): it says which
    side advances when the text names places ("Russian forces captured X" puts
    X inside a zone on the UKR side) and becomes each claim's side.

    Only the first figure of each kind counts for a claimant and date; a
    day's change ("40 km² more than a day earlier") is skipped.

    Parameters
    ----------
    text : str
        English text, such as a press report.
    source : str, default ""
        Where the text came from; becomes each claim's ``source``.
    side : {"RUS", "UKR"}, default "RUS"
        The country the zone lies in.

    Returns
    -------
    list of Claim
        One claim per claimant and date (claimant ``"unnamed"`` when the text
        names none), in date order; empty when the text makes no claim.

    Examples
    --------
    >>> text = "On 12 August 2024 Ukrainian forces held 28 settlements, 12 km deep along a 40 km front."
    >>> [claim] = claims_from_text(text, "example")
    >>> claim.date, claim.claimant, claim.numbers()
    ('2024-08-12', 'unnamed', {'settlements': 28, 'depth_km': 12, 'width_km': 40})
    >>> [q["original"] for q in claim.quotes]
    ['28 settlements', '12 km', '40 km']
    """
    from .extract import extract_claims

    found = extract_claims(text)
    region = next((str(c.value) for c in found if c.kind == "region"), None)
    groups: dict = {}
    for c in found:
        key = _KIND_FIELDS.get(c.kind)
        if key is None or c.value is None or getattr(c, "increment", False) or getattr(c, "retaken", False):
            continue  # a day's change ("40 km² more than a day earlier"), or ground retaken, is no total for a zone
        group = groups.setdefault((c.date or "", c.claimant or "unnamed"), {"numbers": {}, "quotes": []})
        if key in group["numbers"]:
            continue  # the first figure of a kind stands for the group
        ranged = c.min is not None and c.max is not None and c.min != c.max
        group["numbers"][key] = (c.min, c.max) if ranged else c.value
        group["quotes"].append(
            {"kind": c.kind, "original": c.original, "start": c.start, "end": c.end, "sentence": c.sentence}
        )
    # Named places with a status ("entered Sudzha", "fighting near Korenevo") join their claimant's claim.
    from .extract_places import extract_places

    for p in extract_places(text, resolve=False, side=side):
        group = groups.setdefault((p.date or "", p.claimant or "unnamed"), {"numbers": {}, "quotes": []})
        group.setdefault("places", []).append(p.to_place(source or None))
    claims = [
        Claim(
            date=date,
            claimant=claimant,
            source=source,
            region=region,
            quotes=tuple(g["quotes"]),
            places=tuple(g.get("places", ())),
            side=side,
            **g["numbers"],
        )
        for (date, claimant), g in groups.items()
    ]
    return sorted(claims, key=lambda c: c.date)


def read_claims(path: str, stdin_text: str | None = None, side: str = "RUS") -> list[Claim]:
    """Claims from a claim file (``.toml``) or from English text (any other file, or ``-``);
    ``side`` is the zone's side for a text (see :func:`claims_from_text`).

    Parameters
    ----------
    path : str or os.PathLike
        A claim file (``.toml``), a text file, or ``-`` for standard input;
        with ``stdin_text``, only its name.
    stdin_text : str, optional
        The content already read from standard input.
    side : {"RUS", "UKR"}, default "RUS"
        The country the zone lies in, for a text.

    Returns
    -------
    list of Claim
        In date order.

    Raises
    ------
    ClaimFileError
        When the file cannot be read, is not UTF-8, is larger than texts may
        be, or (a claim file) breaks the schema.
    TypeError
        When ``path`` is not a str or path, or ``stdin_text`` not a str.

    Examples
    --------
    >>> text = "On 12 August 2024 the Kursk governor said Ukrainian forces held 28 settlements."
    >>> [(c.date, c.settlements, c.source) for c in read_claims("-", stdin_text=text)]
    [('2024-08-12', 28, 'standard input')]
    """
    _check_path_and_text(path, stdin_text)
    if str(path).endswith(".toml"):
        return list(load_claim_file(path, text=stdin_text).claims)
    if stdin_text is not None:
        return claims_from_text(stdin_text, "standard input", side)
    mb = MAX_TEXT_BYTES // 2**20
    name = f"claims from {str(path)!r}"
    too_large = f"cannot read {name}: it holds more than {mb} MB; texts are at most {mb} MB"
    text = _read_utf8(path, name, MAX_TEXT_BYTES, too_large)
    return claims_from_text(text, str(path), side)


def pick_claim(
    claims: list[Claim], date: str | None = None, claimant: str | None = None, where: str = "the file"
) -> Claim:
    """The claim to build a zone from: the latest (or the one on ``date``), by ``claimant`` if given.

    Only claims that give a number or a place are considered.

    Parameters
    ----------
    claims : list of Claim
        The claims to pick from, in any order.
    date : str, optional
        An ISO date (``"2024-08-12"``); the latest date when None.
    claimant : str, optional
        Part of the claimant's name, matched without case.
    where : str, default "the file"
        Names the claims' origin in messages.

    Returns
    -------
    Claim
        The one claim left.

    Raises
    ------
    ClaimFileError
        When no claim gives a number or a place, or none is by ``claimant``
        or on ``date``; :class:`~frontmap.errors.AmbiguousClaimError` (one)
        when several are left.

    Examples
    --------
    >>> from frontmap.data import data_dir
    >>> claims = list(load_claim_file(data_dir() / "claims" / "kursk-2024.toml").claims)
    >>> claim = pick_claim(claims, date="2024-08-12", claimant="smirnov")
    >>> claim.claimant, claim.numbers()
    ('Alexei Smirnov', {'settlements': 28, 'depth_km': 12, 'width_km': 40})
    >>> pick_claim(claims, date="2024-08-12")
    Traceback (most recent call last):
    ...
    frontmap.errors.AmbiguousClaimError: 2 claims in the file are dated 2024-08-12 (...): pick one by claimant
    """
    usable = [c for c in claims if c.numbers() or c.places]
    if not usable:
        raise ClaimFileError(f"{where} holds no depth, width, settlement, area or place claim")
    if claimant:
        usable = [c for c in usable if claimant.casefold() in c.claimant.casefold()]
        if not usable:
            names = sorted({c.claimant for c in claims})
            raise ClaimFileError(f"no claim by {claimant!r} in {where}; claimants: {', '.join(names)}")
    if date:
        on_date = [c for c in usable if c.date == date]
        if not on_date:
            dates = sorted({c.date or "undated" for c in usable})
            raise ClaimFileError(f"no claim dated {date!r} in {where}; dates: {', '.join(dates)}")
        usable = on_date
    latest = max(c.date for c in usable)
    chosen = [c for c in usable if c.date == latest]
    if len(chosen) > 1:
        claimants = "; ".join(c.claimant for c in chosen)
        raise AmbiguousClaimError(
            f"{len(chosen)} claims in {where} are dated {latest or 'undated'} ({claimants}): pick one by claimant"
        )
    return chosen[0]
