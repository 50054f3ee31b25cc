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
import math
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from .errors import ClaimFileError

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
    anchor: str | None = None
    side: str = "RUS"
    window_km: float | None = None
    note: str | None = None
    quote: str | None = None
    label: str | None = None
    #: For a claim read from text: each number's span (kind, original, start, end, sentence).
    quotes: tuple = ()

    def numbers(self) -> dict:
        """The numbers the claim gives, keyed like :data:`NUMBERS`."""
        return {k: getattr(self, k) for k in NUMBERS if getattr(self, k) is not None}

    def summary(self) -> str:
        """The numbers in one line, e.g. ``28 settlements, 12 km deep, 40 km front``."""
        words = {"settlements": "{} settlements", "area_km2": "{} km²", "depth_km": "{} km deep", "width_km": "{} km front"}
        return ", ".join(words[k].format(_fmt(v)) for k, v in self.numbers().items())

    def to_properties(self) -> dict:
        """The claim as JSON-ready properties (absent fields left out, ranges as [min, max])."""
        out = {}
        for name in self.__dataclass_fields__:
            value = getattr(self, name)
            if value is not None and value != "" and value != ():
                out[name] = list(value) if isinstance(value, tuple) else value
        return out


@dataclass(frozen=True)
class ClaimFile:
    """One operation's claims over time, in date order."""

    name: str
    claims: tuple[Claim, ...]
    region: str | None = None
    start: str | None = None
    anchor: str = "Sudzha"
    side: str = "RUS"
    window_km: float = 10.0
    path: str | None = None
    extra: dict = field(default_factory=dict)


def _number(value, where: str, key: str):
    def one(v):
        if isinstance(v, bool) or not isinstance(v, (int, float)) or not math.isfinite(v) or v <= 0:
            raise ClaimFileError(f"{where}: {key}={v!r} is not allowed: it must be a number > 0 or a [min, max] range")
        return v

    if isinstance(value, list):
        if len(value) != 2:
            raise ClaimFileError(f"{where}: {key}={value!r} is not allowed: a range is [min, max]")
        lo, hi = one(value[0]), one(value[1])
        if lo > hi:
            raise ClaimFileError(f"{where}: {key}={value!r} is not allowed: a range's min must not exceed its max")
        return (lo, hi)
    return one(value)


def _date(value, where: str) -> str:
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value).isoformat()
        except ValueError:
            pass
    raise ClaimFileError(f"{where}: date={value!r} is not allowed: give a date like 2024-08-12")


def load_claim_file(path: str | Path, text: str | None = None) -> ClaimFile:
    """Read a claim file (TOML).

    Schema: an optional ``[operation]`` table (``name``, ``region``,
    ``start``, ``anchor``, ``side``, ``window_km``) and one ``[[claim]]``
    table per claim with ``date`` and ``claimant`` (required), ``source``,
    ``role``, ``region``, ``anchor``, ``side``, ``window_km``, ``note``,
    ``quote``, and any of ``settlements``, ``area_km2``, ``depth_km``,
    ``width_km`` as a number or a ``[min, max]`` range.  Claims are
    returned in date order (file order within a date).
    """
    import tomllib

    name = f"claim file {str(path)!r}"
    try:
        raw = Path(path).read_text(encoding="utf-8") if text is None else text
        doc = tomllib.loads(raw)
    except OSError as exc:
        raise ClaimFileError(f"cannot read {name}: {exc.strerror or exc}") from None
    except UnicodeDecodeError:
        raise ClaimFileError(f"cannot read {name}: it is not UTF-8 text") from None
    except tomllib.TOMLDecodeError as exc:
        raise ClaimFileError(f"{name} is not valid TOML: {exc}") from None
    op = doc.get("operation", {})
    if not isinstance(op, dict):
        raise ClaimFileError(f"{name}: [operation] must be a table")
    entries = doc.get("claim")
    if not isinstance(entries, list) or not entries:
        raise ClaimFileError(f"{name} holds no [[claim]] entries")
    side = str(op.get("side", "RUS")).upper()
    window = op.get("window_km", 10.0)
    claims = []
    for k, entry in enumerate(entries, start=1):
        where = f"{name}, claim {k}"
        if not isinstance(entry, dict):
            raise ClaimFileError(f"{where} must be a table")
        unknown = set(entry) - {"date", *_TEXT_FIELDS, *NUMBERS, "window_km"}
        if unknown:
            raise ClaimFileError(f"{where}: unknown field {sorted(unknown)[0]!r}; allowed: date, {', '.join(_TEXT_FIELDS)}, "
                                 f"{', '.join(NUMBERS)}, window_km")
        if "date" not in entry or not str(entry.get("claimant", "")).strip():
            raise ClaimFileError(f"{where} needs a date and a claimant")
        numbers = {key: _number(entry[key], where, key) for key in NUMBERS if key in entry}
        if not numbers:
            raise ClaimFileError(f"{where} gives no number: give one of {', '.join(NUMBERS)}")
        texts = {key: str(entry[key]) for key in _TEXT_FIELDS if key in entry}
        texts["side"] = texts.get("side", side).upper()
        texts.setdefault("anchor", str(op.get("anchor", "Sudzha")))
        texts.setdefault("region", op.get("region"))
        claims.append(
            Claim(date=_date(entry["date"], where), window_km=float(entry.get("window_km", window)), **texts, **numbers)
        )
    order = sorted(range(len(claims)), key=lambda i: (claims[i].date, i))
    claims = [claims[i] for i in order]
    # Claims sharing a date are told apart by their claimant.
    for i, c in enumerate(claims):
        same = [o for o in claims if o.date == c.date]
        label = f"{c.date} · {c.claimant}" if len(same) > 1 else c.date
        claims[i] = Claim(**{**c.__dict__, "label": label})
    start = op.get("start")
    return ClaimFile(
        name=str(op.get("name", Path(str(path)).stem)),
        claims=tuple(claims),
        region=op.get("region"),
        start=_date(start, name) if start is not None else None,
        anchor=str(op.get("anchor", "Sudzha")),
        side=side,
        window_km=float(window),
        path=str(path),
    )


@lru_cache(maxsize=1)
def known_claims() -> tuple[Claim, ...]:
    """Every claim of the claim files frontmap ships (``data/claims/*.toml``)."""
    from .data import data_dir

    folder = data_dir() / "claims"
    out = []
    for path in sorted(folder.glob("*.toml")) if folder.is_dir() else ():
        out.extend(load_claim_file(path).claims)
    return tuple(out)


def claim_for(spec) -> Claim | None:
    """The shipped claim whose anchor, depth and width ``spec`` uses, if any.

    >>> from frontmap.zone import DEFAULT_SPEC
    >>> claim_for(DEFAULT_SPEC).settlements
    28
    """
    if spec is None:
        return None
    for claim in known_claims():
        if (
            claim.side == spec.side
            and claim.anchor is not None
            and claim.anchor.casefold() == spec.anchor.strip().casefold()
            and claim.depth_km == spec.depth_km
            and claim.width_km == spec.width_km
        ):
            return claim
    return None


#: Extracted kinds that are zone numbers, and the claim field each fills.
_KIND_FIELDS = {"depth": "depth_km", "width": "width_km", "settlements": "settlements", "area": "area_km2"}


def claims_from_text(text: str, source: str = "") -> list[Claim]:
    """The claims an English text makes (see :mod:`frontmap.extract`), one per
    claimant and date, in date order; each keeps the quote spans of its numbers."""
    from .extract import extract_claims

    found = extract_claims(text)
    region = next((c.value for c in found if c.kind == "region"), None)
    groups: dict = {}
    for c in found:
        key = _KIND_FIELDS.get(c.kind)
        if key is None or c.value is None:
            continue
        group = groups.setdefault((c.date or "", c.claimant or "unnamed"), {"numbers": {}, "quotes": []})
        if key in group["numbers"]:
            continue  # the first figure of a kind stands for the group
        ranged = c.min is not None and c.max is not None and c.min != c.max
        group["numbers"][key] = (c.min, c.max) if ranged else c.value
        group["quotes"].append(
            {"kind": c.kind, "original": c.original, "start": c.start, "end": c.end, "sentence": c.sentence}
        )
    claims = [
        Claim(date=date, claimant=claimant, source=source, region=region, quotes=tuple(g["quotes"]), **g["numbers"])
        for (date, claimant), g in groups.items()
    ]
    return sorted(claims, key=lambda c: c.date)


def read_claims(path: str, stdin_text: str | None = None) -> list[Claim]:
    """Claims from a claim file (``.toml``) or from English text (any other file, or ``-``)."""
    if str(path).endswith(".toml"):
        return list(load_claim_file(path, text=stdin_text).claims)
    if stdin_text is not None:
        return claims_from_text(stdin_text, "standard input")
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise ClaimFileError(f"cannot read claims from {str(path)!r}: {exc.strerror or exc}") from None
    except UnicodeDecodeError:
        raise ClaimFileError(f"cannot read claims from {str(path)!r}: it is not UTF-8 text") from None
    return claims_from_text(text, str(path))


def pick_claim(claims: list[Claim], date: str | None = None, claimant: str | None = None, where: str = "the file") -> Claim:
    """The claim to build a zone from: the latest (or the one on ``date``), by ``claimant`` if given."""
    usable = [c for c in claims if c.numbers()]
    if not usable:
        raise ClaimFileError(f"{where} holds no depth, width, settlement or area claim")
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
        names = "; ".join(c.claimant for c in chosen)
        raise ClaimFileError(
            f"{len(chosen)} claims in {where} are dated {latest or 'undated'} ({names}): pick one with --claimant"
        )
    return chosen[0]
