"""Anchors: the place a zone is centred on, found on the border.

An anchor is a settlement's name or ``lon,lat``; its nearest border point
(chainage and offset from :meth:`frontmap.border.Border.locate`, or the ones
the settlement layer ships) is where a zone's front is centred.
"""

from __future__ import annotations

from dataclasses import dataclass

from .border import Border, load_border
from .countries import in_ukraine, swapped_point_hint
from .errors import InvalidSpecError

__all__ = ["MAX_ANCHOR_KM", "Anchor", "resolve_anchor"]

#: An anchor farther than this from the border is almost surely a mistake.
MAX_ANCHOR_KM = 50.0


@dataclass(frozen=True)
class Anchor:
    """A resolved anchor: what the user typed, where it is, its border point."""

    query: str
    label: str
    lon: float
    lat: float
    chainage_km: float
    offset_km: float
    settlement_id: int | None = None


def resolve_anchor(text: str, border: Border | None = None, side: str = "RUS") -> Anchor:
    """A place name or ``lon,lat`` as an :class:`Anchor` on the border.

    Parameters
    ----------
    text : str
        A settlement (any form :meth:`frontmap.settlements.SettlementLayer.find`
        takes), a mapped Ukrainian place (in Ukrainian, Russian or Latin
        letters, any form :meth:`frontmap.ukraine.UkraineLayer.find` takes) or
        ``"lon,lat"``.
    border : Border, optional
        The border line; the shipped one by default.
    side : {"RUS", "UKR"}
        The zone's side: its country's layer is asked first, the other's
        when the first does not know the name
        (:func:`frontmap.estimate.find_place`).

    Returns
    -------
    Anchor
        The place, its label for messages and its border coordinates.

    Raises
    ------
    InvalidSpecError
        When the place lies more than :data:`MAX_ANCHOR_KM` from the border
        (``param`` is ``"anchor"``).
    UnknownPlaceError, AmbiguousPlaceError
        For a name no layer knows, or one naming several places (never a
        silent pick); :class:`~frontmap.ukraine.UnmappedPlaceError` for a
        Ukrainian settlement known without coordinates (give its lon,lat).

    Examples
    --------
    >>> anchor = resolve_anchor("Sudzha")
    >>> anchor.settlement_id, round(anchor.offset_km)
    (115637, 9)
    >>> resolve_anchor("Волчанск", side="UKR").label
    'Вовчанськ (Vovchansk)'
    """
    from .estimate import find_place
    from .settlements import parse_lonlat

    border = border or load_border()
    lonlat = parse_lonlat(text)
    if lonlat is not None:
        lon, lat = lonlat
        (loc,) = border.locate([lon], [lat], side_of=in_ukraine)
        anchor = Anchor(text, f"{lon:.5f},{lat:.5f}", lon, lat, loc.chainage_km, loc.offset_km)
    else:
        s = find_place(text, side=side)
        anchor = Anchor(text, f"{s.name} ({s.name_latin})", s.lon, s.lat, s.chainage_km, s.offset_km, s.id)
    if abs(anchor.offset_km) > MAX_ANCHOR_KM:
        hint = swapped_point_hint(anchor.lon, anchor.lat) if lonlat is not None else None
        raise InvalidSpecError(
            f"anchor {text!r} is {abs(anchor.offset_km):.1f} km from the border; "
            f"an anchor must lie within {MAX_ANCHOR_KM:g} km of it" + (f"; {hint}" if hint else ""),
            "anchor",
        )
    return anchor
