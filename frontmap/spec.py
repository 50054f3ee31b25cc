"""Zone specs and the rule that says which border coordinates a zone holds.

A :class:`ZoneSpec` says where (an anchor place, whose nearest border point
is the zone's centre ``s0``), how wide along the border (``width_km``), how
deep (``depth_km``), with which depth profile and on which side.  In
border-relative coordinates a point at chainage ``s`` and offset ``d`` is in
the zone when it lies on the zone's side, ``|s - s0| <= W/2`` and
``|d| <= D(u)`` with ``u = (s - s0) / (W/2)``; ``D(u) = depth`` for a
``flat`` zone and ``depth * sqrt(1 - u**2)`` for a ``salient``.  That rule is
written here once (:func:`inside_zone`, :func:`entry_depth_km`) for the
zone, the ensembles and the fit.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

import numpy as np
from numpy.typing import ArrayLike

from .checks import check_positive_number, show_value
from .errors import InvalidSpecError

__all__ = [
    "DEFAULT_SPEC",
    "MAX_ANCHOR_CHARS",
    "MAX_DEPTH_KM",
    "PROFILES",
    "SIDES",
    "Profile",
    "Side",
    "ZoneSpec",
    "depth_into_side",
    "depth_profile",
    "entry_depth_km",
    "inside_zone",
    "side_sign",
]

Profile = Literal["flat", "salient"]
Side = Literal["RUS", "UKR"]
PROFILES: tuple[str, ...] = ("flat", "salient")
SIDES: tuple[str, ...] = ("RUS", "UKR")
MAX_DEPTH_KM = 100.0
#: Longest anchor text: no place name or 'lon,lat' is longer.
MAX_ANCHOR_CHARS = 200
#: The sign of a border offset on each side (offsets are > 0 in Russia, < 0 in Ukraine).
_SIDE_SIGNS = {"RUS": 1.0, "UKR": -1.0}


@dataclass(frozen=True)
class ZoneSpec:
    """What a claim says about a zone.

    Parameters
    ----------
    anchor : str
        A settlement (Latin or Cyrillic; see :mod:`frontmap.settlements` for
        qualifiers) or ``"lon,lat"``.  Its nearest border point is the
        zone's centre.
    width_km : float
        Length of the front measured along the border line, centred on the
        anchor's border point.
    depth_km : float
        Greatest distance from the border, in (0, 100] km.
    profile : {"salient", "flat"}
        ``salient``: full depth at the centre tapering to zero at the ends
        (a half-ellipse on a straight border); ``flat``: constant depth.
    side : {"RUS", "UKR"}
        The country the zone lies in.
    """

    anchor: str = "Sudzha"
    width_km: float = 40.0
    depth_km: float = 12.0
    profile: Profile = "salient"
    side: Side = "RUS"

    def validate(self) -> ZoneSpec:
        """Check every value that can be checked without the border.

        Returns
        -------
        ZoneSpec
            ``self``.

        Raises
        ------
        InvalidSpecError
            Naming the first value out of range in its ``param``.
        """
        self._validate_anchor()
        for name in ("width_km", "depth_km"):
            check_positive_number(getattr(self, name), name)
        if self.depth_km > MAX_DEPTH_KM:
            raise InvalidSpecError(
                f"depth_km={self.depth_km:g} is not allowed: it must be in (0, {MAX_DEPTH_KM:g}] km", "depth_km"
            )
        for name, allowed in (("profile", PROFILES), ("side", SIDES)):
            value = getattr(self, name)
            if not isinstance(value, str) or value not in allowed:
                raise InvalidSpecError(
                    f"{name}={show_value(value)} is not a valid option, must be one of {', '.join(allowed)}", name
                )
        return self

    def _validate_anchor(self) -> None:
        if not isinstance(self.anchor, str) or not self.anchor.strip():
            got = "an empty value" if isinstance(self.anchor, str) else (
                f"{type(self.anchor).__name__} {show_value(self.anchor)}")
            raise InvalidSpecError(f"anchor must be a place name or 'lon,lat', got {got}", "anchor")
        if len(self.anchor) > MAX_ANCHOR_CHARS:
            raise InvalidSpecError(
                f"anchor {show_value(self.anchor)} is {len(self.anchor):,} characters long: a place name or 'lon,lat' "
                f"has at most {MAX_ANCHOR_CHARS}",
                "anchor",
            )

    def to_properties(self) -> dict:
        """The spec as GeoJSON properties.

        Returns
        -------
        dict
            ``anchor``, ``width_km``, ``depth_km``, ``profile`` and ``side``.
        """
        return {
            "anchor": self.anchor,
            "width_km": self.width_km,
            "depth_km": self.depth_km,
            "profile": self.profile,
            "side": self.side,
        }

    @property
    def slug(self) -> str:
        """A file-name-safe label, e.g. ``sudzha-40km-12km-salient-rus``."""
        from .transliterate import to_latin

        anchor = re.sub(r"[^a-z0-9]+", "-", to_latin(self.anchor).lower()).strip("-") or "zone"
        return f"{anchor}-{self.width_km:g}km-{self.depth_km:g}km-{self.profile}-{self.side.lower()}"


#: The seed claim (Kursk oblast, 12 August 2024): 12 km deep along a 40 km
#: front at Sudzha.  "Penetrated 12 km deep" states the greatest depth, so
#: the default profile is the salient, which reaches it at one point only.
DEFAULT_SPEC = ZoneSpec()


def depth_profile(u: ArrayLike, depth_km: float, profile: str) -> np.ndarray:
    """Depth (km) at normalised position ``u`` in [-1, 1] along the front.

    Parameters
    ----------
    u : array_like
        ``(s - s0) / (W/2)``: -1 and 1 are the front's ends.
    depth_km : float
        The zone's greatest depth.
    profile : {"salient", "flat"}
        The depth profile.

    Returns
    -------
    numpy.ndarray
        The depth at each ``u``; 0 off the front (``|u| > 1``).

    Examples
    --------
    >>> float(depth_profile(0.0, 12.0, "salient")), float(depth_profile(1.0, 12.0, "salient"))
    (12.0, 0.0)
    >>> float(depth_profile(0.9, 12.0, "flat"))
    12.0
    """
    u = np.asarray(u, dtype=float)
    inside = np.abs(u) <= 1.0
    if profile == "flat":
        return np.where(inside, depth_km, 0.0)
    return np.where(inside, depth_km * np.sqrt(np.clip(1.0 - u * u, 0.0, 1.0)), 0.0)


def side_sign(side: str) -> float:
    """The sign border offsets have on ``side``: 1 for ``"RUS"``, -1 for ``"UKR"``.

    Parameters
    ----------
    side : {"RUS", "UKR"}
        A country.

    Returns
    -------
    float
        1.0 or -1.0.
    """
    return _SIDE_SIGNS[side]


def depth_into_side(offset_km: ArrayLike, side: str) -> np.ndarray:
    """Border offsets (km, > 0 in Russia) measured into ``side``: >= 0 on it, < 0 in the other country.

    Parameters
    ----------
    offset_km : array_like
        Signed offsets from the border, as :meth:`frontmap.border.Border.locate` gives them.
    side : {"RUS", "UKR"}
        The zone's side.

    Returns
    -------
    numpy.ndarray
        The offsets times the side's sign.

    Examples
    --------
    >>> depth_into_side([2.0, -3.0], "UKR").tolist()
    [-2.0, 3.0]
    """
    return np.asarray(offset_km, float) * side_sign(side)


def inside_zone(u: ArrayLike, depth_into_km: ArrayLike, reach_km: ArrayLike) -> np.ndarray:
    """The zone's membership rule in border coordinates.

    A point is inside when it lies on the zone's side, on the front
    (``|u| <= 1``) and no deeper than the zone reaches at its chainage.
    Arguments broadcast against each other (members × points for an ensemble).

    Parameters
    ----------
    u : array_like
        Normalised position along the front, ``(s - s0) / (W/2)``.
    depth_into_km : array_like
        The point's offset measured into the zone's side (:func:`depth_into_side`).
    reach_km : array_like
        The zone's depth at the point's chainage (:func:`depth_profile`).

    Returns
    -------
    numpy.ndarray of bool
        True where the point is inside.

    Examples
    --------
    >>> inside_zone([0.0, 0.0, 1.5], [3.0, -1.0, 1.0], [12.0, 12.0, 0.0]).tolist()
    [True, False, False]
    """
    d = np.asarray(depth_into_km, float)
    return (d >= 0) & (np.abs(np.asarray(u, float)) <= 1.0) & (d <= reach_km)


def entry_depth_km(u: ArrayLike, depth_into_km: ArrayLike, profile: str) -> np.ndarray:
    """The least zone depth (km) at which a point enters the zone: :func:`inside_zone` solved for the depth.

    A point at ``u`` and ``d`` km into the zone's side is inside a zone of
    depth ``D`` exactly when ``D >= d / g(u)``, ``g`` being the profile's
    shape (1 flat, ``sqrt(1 - u²)`` salient); sorting these once gives a
    count for every depth.

    Parameters
    ----------
    u : array_like
        Normalised position along the front.
    depth_into_km : array_like
        The point's offset into the zone's side, >= 0.
    profile : {"salient", "flat"}
        The depth profile.

    Returns
    -------
    numpy.ndarray
        ``d / g(u)``; infinite off the front (where ``g`` is 0).

    Examples
    --------
    >>> entry_depth_km([0.0, 2.0], [3.0, 1.0], "flat").tolist()
    [3.0, inf]
    """
    g = depth_profile(u, 1.0, profile)  # 0 off the front
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(g > 0, np.asarray(depth_into_km, float) / g, np.inf)
