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

A spec may give several anchors, one **axis** each (an offensive opening on
two axes at once): its zone is the union of one front per axis
(:meth:`ZoneSpec.axes`), each axis with the spec's width and depth or its own
(``width_km=(10, 8)``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Literal, TypeGuard

import numpy as np
from numpy.typing import ArrayLike

from .checks import check_positive_number, show_value
from .errors import InvalidSpecError

__all__ = [
    "DEFAULT_SPEC",
    "MAX_ANCHOR_CHARS",
    "MAX_AXES",
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
    "is_side",
    "side_sign",
]

Profile = Literal["flat", "salient"]
Side = Literal["RUS", "UKR"]
PROFILES: tuple[str, ...] = ("flat", "salient")
SIDES: tuple[str, ...] = ("RUS", "UKR")
MAX_DEPTH_KM = 100.0
#: Longest anchor text: no place name or 'lon,lat' is longer.
MAX_ANCHOR_CHARS = 200
#: Most axes (anchors) one spec may have.
MAX_AXES = 12
#: The per-axis values of a spec with several anchors.
_AXIS_VALUES = ("width_km", "depth_km")
#: The sign of a border offset on each side (offsets are > 0 in Russia, < 0 in Ukraine).
_SIDE_SIGNS = {"RUS": 1.0, "UKR": -1.0}


def is_side(value: object) -> TypeGuard[Side]:
    """Whether ``value`` names a side, one of :data:`SIDES`.

    The test is exact: case matters and only a ``str`` passes.

    Parameters
    ----------
    value : object
        Anything.

    Returns
    -------
    bool
        True for ``"RUS"`` and ``"UKR"``; for a type checker, ``value`` is a
        :data:`Side` after a true answer.

    Examples
    --------
    >>> is_side("UKR"), is_side("ukr"), is_side(None)
    (True, False, False)
    """
    return isinstance(value, str) and value in SIDES


@dataclass(frozen=True)
class ZoneSpec:
    """What a claim says about a zone.

    Parameters
    ----------
    anchor : str or tuple of str
        A settlement (Latin or Cyrillic; see :mod:`frontmap.settlements` for
        qualifiers; a Ukrainian place in Ukrainian, Russian or Latin letters)
        or ``"lon,lat"``.  Its nearest border point is the zone's centre.
        Several anchors (2 to :data:`MAX_AXES`) give one axis each; the zone
        is their union.  (A list is kept as a tuple, one anchor as itself.)
    width_km : float or tuple of float
        Length of the front measured along the border line, centred on the
        anchor's border point: one value for every axis, or one per anchor.
    depth_km : float or tuple of float
        Greatest distance from the border, in (0, 100] km: one value for
        every axis, or one per anchor.
    profile : {"salient", "flat"}
        ``salient``: full depth at the centre tapering to zero at the ends
        (a half-ellipse on a straight border); ``flat``: constant depth.
    side : {"RUS", "UKR"}
        The country the zone lies in.
    """

    anchor: str | tuple[str, ...] = "Sudzha"
    width_km: float | tuple[float, ...] = 40.0
    depth_km: float | tuple[float, ...] = 12.0
    profile: Profile = "salient"
    side: Side = "RUS"

    def __post_init__(self) -> None:
        # Lists become tuples (a spec is hashable and compares by value); one anchor in a list is that anchor.
        for name in ("anchor", *_AXIS_VALUES):
            value = getattr(self, name)
            if isinstance(value, list):
                object.__setattr__(self, name, tuple(value))
        if isinstance(self.anchor, tuple) and len(self.anchor) == 1:
            object.__setattr__(self, "anchor", self.anchor[0])
            for name in _AXIS_VALUES:
                value = getattr(self, name)
                if isinstance(value, tuple) and len(value) == 1:
                    object.__setattr__(self, name, value[0])

    @property
    def multi(self) -> bool:
        """Whether the spec has several anchors (axes)."""
        return isinstance(self.anchor, tuple)

    def axes(self) -> tuple[ZoneSpec, ...]:
        """One single-anchor spec per axis (the spec itself when it has one anchor).

        Examples
        --------
        >>> [(a.anchor, a.width_km) for a in ZoneSpec(("Lyptsi", "Vovchansk"), (10, 8), 5, side="UKR").axes()]
        [('Lyptsi', 10), ('Vovchansk', 8)]
        """
        if not isinstance(self.anchor, tuple):
            return (self,)
        n = len(self.anchor)

        def at(value, i):
            return value[i] if isinstance(value, tuple) and len(value) == n else value

        return tuple(
            replace(self, anchor=a, width_km=at(self.width_km, i), depth_km=at(self.depth_km, i))
            for i, a in enumerate(self.anchor)
        )

    def axis_values(self) -> tuple[str, float, float]:
        """The anchor, width and depth of a spec with one anchor.

        Returns
        -------
        tuple of (str, float, float)
            ``(anchor, width_km, depth_km)``.

        Raises
        ------
        ValueError
            For a spec with several anchors or per-axis values (see :meth:`axes`).

        Examples
        --------
        >>> ZoneSpec("Sudzha", 40, 12).axis_values()
        ('Sudzha', 40, 12)
        """
        anchor, width_km, depth_km = self.anchor, self.width_km, self.depth_km
        if isinstance(anchor, tuple) or isinstance(width_km, tuple) or isinstance(depth_km, tuple):
            raise ValueError("a spec with several anchors has one anchor, width and depth per axis: see axes()")
        return anchor, width_km, depth_km

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
        if self._validate_axes():
            for axis in self.axes():
                axis.validate()
            return self
        self._validate_anchor()
        for name in ("width_km", "depth_km"):
            check_positive_number(getattr(self, name), name)
        depth_km = self.axis_values()[2]
        if depth_km > MAX_DEPTH_KM:
            raise InvalidSpecError(
                f"depth_km={depth_km:g} is not allowed: it must be in (0, {MAX_DEPTH_KM:g}] km", "depth_km"
            )
        for name, allowed in (("profile", PROFILES), ("side", SIDES)):
            value = getattr(self, name)
            if not isinstance(value, str) or value not in allowed:
                raise InvalidSpecError(
                    f"{name}={show_value(value)} is not a valid option, must be one of {', '.join(allowed)}", name
                )
        return self

    def _validate_axes(self) -> bool:
        """Check the number of anchors and of per-axis values; True for a spec with several anchors."""
        if not isinstance(self.anchor, tuple):
            for name in _AXIS_VALUES:
                if isinstance(getattr(self, name), (tuple, list)):
                    raise InvalidSpecError(
                        f"{name}={show_value(getattr(self, name))} gives several values for "
                        "one anchor: give one number, or one anchor per value",
                        name,
                    )
            return False
        n = len(self.anchor)
        if not 2 <= n <= MAX_AXES:
            raise InvalidSpecError(f"anchor gives {n} places: a zone has 1 to {MAX_AXES} anchors (axes)", "anchor")
        for name in _AXIS_VALUES:
            value = getattr(self, name)
            if isinstance(value, tuple) and len(value) != n:
                raise InvalidSpecError(
                    f"{name}={show_value(value)} gives {len(value)} values for {n} anchors: "
                    "give one value for every axis, or one per anchor",
                    name,
                )
        return True

    def _validate_anchor(self) -> None:
        if not isinstance(self.anchor, str) or not self.anchor.strip():
            got = (
                "an empty value"
                if isinstance(self.anchor, str)
                else (f"{type(self.anchor).__name__} {show_value(self.anchor)}")
            )
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
            ``anchor``, ``width_km``, ``depth_km``, ``profile`` and ``side``
            (lists for several anchors and per-axis values).
        """

        def plain(value):
            return list(value) if isinstance(value, tuple) else value

        return {
            "anchor": plain(self.anchor),
            "width_km": plain(self.width_km),
            "depth_km": plain(self.depth_km),
            "profile": self.profile,
            "side": self.side,
        }

    @property
    def slug(self) -> str:
        """A file-name-safe label, e.g. ``sudzha-40km-12km-salient-rus`` (``lyptsi-vovchansk-10-8km-...``
        for several anchors).
        """
        from .transliterate import to_latin

        anchors = self.anchor if isinstance(self.anchor, tuple) else (self.anchor,)
        anchor = "-".join(re.sub(r"[^a-z0-9]+", "-", to_latin(a).lower()).strip("-") for a in anchors).strip("-")
        return (
            f"{anchor or 'zone'}-{_km_label(self.width_km)}km-{_km_label(self.depth_km)}km-{self.profile}-"
            f"{self.side.lower()}"
        )


def _km_label(value: float | Sequence[float]) -> str:
    """``12`` or ``10-8`` (per-axis values) for a slug."""
    return "-".join(f"{v:g}" for v in value) if isinstance(value, tuple) else f"{value:g}"


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

    Examples
    --------
    >>> side_sign("RUS"), side_sign("UKR")
    (1.0, -1.0)
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
    # depth_profile(u, 1.0, profile) as g, without its intermediate arrays (a fit calls this
    # for every sample of every front it tries).
    u = np.asarray(u, dtype=float)
    d = np.asarray(depth_into_km, dtype=float)
    inside = np.abs(u) <= 1.0
    if profile == "flat":
        return np.where(inside, d, np.inf)
    g = np.sqrt(np.clip(1.0 - u * u, 0.0, 1.0))
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(inside & (g > 0), d / g, np.inf)
