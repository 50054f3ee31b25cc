"""From what a user states to the zone: claims, explicit values, named places or a zone.

A zone can be described four ways, and :func:`resolve_zone` decides which
one a set of arguments means, for the command line and for Python alike:

* **a zone** given as such (read from a file): used as it is, and nothing
  else may be given with it;
* **named places** (``inside``, ``contested``, ``outside``), a claim that
  names places, or every claim up to ``as_of``: a free front curve fitted
  through the places and the numbers together
  (:func:`frontmap.evidence.zone_from_evidence`);
* **a claim** picked among ``claims`` by ``claim_date`` and ``claimant``:
  its depth and width make the spec (explicit values override them); when
  it lacks one of them the zone is fitted to every number it gives
  (:func:`frontmap.fit.fit`);
* **explicit values** alone (``anchor``, ``width_km``, ``depth_km``,
  ``profile``, ``side``), the seed claim's (:mod:`frontmap.defaults`)
  filling what is not given.

The answer, a :class:`Resolution`, holds the spec or the fitted front, the
claim used, where each value came from and the notes to show; it builds the
zone on first use, and samples an ensemble around the same spec or front.

Errors name parameters, never command-line flags: values that cannot go
together raise :class:`~frontmap.errors.ConflictingParametersError`, whose
message a front end can render with its own names for them.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import Any

from .defaults import CONTESTED_KM, DEFAULT_SIDE, DEFAULT_WINDOW_KM, EVIDENCE_WINDOW_KM
from .errors import ClaimFileError, ConflictingParametersError, EvidenceFitError, InvalidSpecError

__all__ = ["Resolution", "resolve_zone", "blame_claim", "SPEC_PARAMS", "PLACE_PARAMS"]

#: The values of a zone spec, as :class:`frontmap.zone.ZoneSpec` names them.
SPEC_PARAMS = ("anchor", "width_km", "depth_km", "profile", "side")
#: Named places by status.
PLACE_PARAMS = ("inside", "contested", "outside")


@dataclass
class Resolution:
    """What :func:`resolve_zone` decided: a spec, a fitted front or a given zone, and why.

    Exactly one of ``spec``, ``front`` and a given zone describes the zone.
    ``zone`` builds it on first use (the ensemble of an ``affected
    --ensemble`` needs the spec alone).
    """

    #: The spec the zone is built from (None for a front through places or a given zone).
    spec: Any = None
    #: The front fitted through named places (a :class:`frontmap.evidence.EvidenceZone`), or None.
    front: Any = None
    #: The claim the spec or the front came from (a :class:`frontmap.claims.Claim`), or None.
    claim: Any = None
    #: The fit that supplied a depth or a width the claim lacks (a :class:`frontmap.fit.FitResult`), or None.
    fit: Any = None
    #: Where each spec value came from: ``"flag"`` (given explicitly), ``"claim"``, ``"claim file"``,
    #: ``"default"`` or ``"fit"``; empty when no claim was used.
    sources: dict = field(default_factory=dict)
    #: What a user should be told about how the zone was made.
    notes: list = field(default_factory=list)
    #: How messages name the claims (a quoted path, ``standard input``).
    where: str = "the claims"
    given: dict = field(default_factory=dict)
    _zone_source: Any = None

    @cached_property
    def zone(self):
        """The zone (a :class:`frontmap.zone.Zone`), built or read once."""
        if self.front is not None:
            return self.front.zone
        if self._zone_source is not None:
            return self._zone_source() if callable(self._zone_source) else self._zone_source
        from .zone import build_zone

        if self.claim is None:
            from .cache import cached_build_zone  # the zone cache, when the caller switched it on

            return cached_build_zone(self.spec)
        with blame_claim(self.claim, self.where, self.given):
            zone = self.fit.zone if self.fit is not None and self.fit.spec == self.spec else build_zone(self.spec)
        zone.properties["claim"] = self.claim.to_properties()
        zone.properties["values_from"] = self.sources
        return zone

    def sample_ensemble(self, n: int, seed: int | None = None, spread=None):
        """``n`` zones sampled around this spec or fitted front (see :mod:`frontmap.ensemble`).

        Raises :class:`~frontmap.errors.ConflictingParametersError` for a given
        zone: an ensemble varies a spec, and a zone read from a file has none.
        """
        from .ensemble import Spread, ensemble, ensemble_front

        spread = Spread() if spread is None else spread
        if self._zone_source is not None:
            raise ConflictingParametersError(
                "{members} samples around a spec: give its values, not {zone}", "members", "zone"
            )
        if self.front is not None:
            return ensemble_front(self.front.fit, n, seed, spread)
        return ensemble(self.spec, n, seed, spread)


def resolve_zone(
    claims=None,
    *,
    claim_date: str | None = None,
    claimant: str | None = None,
    as_of: str | None = None,
    anchor: str | None = None,
    width_km: float | None = None,
    depth_km: float | None = None,
    profile: str | None = None,
    side: str | None = None,
    inside: Sequence[str] = (),
    contested: Sequence[str] = (),
    outside: Sequence[str] = (),
    contested_km: float = CONTESTED_KM,
    zone=None,
    where: str | None = None,
) -> Resolution:
    """Decide which zone the arguments describe (see the module's docstring).

    Parameters
    ----------
    claims : path, Claim, sequence of Claim or callable returning claims, optional
        A claim file (``.toml``) or an English text to read claims from,
        claims already read, or a function reading them (called once the
        other arguments are checked).
    claim_date, claimant : str, optional
        Pick the claim of this date (YYYY-MM-DD; default: the latest) and of
        this claimant (any part of the name) among ``claims``.
    as_of : str, optional
        Fuse every claim of ``claims`` dated up to this date in one fit.
    anchor, width_km, depth_km, profile, side : optional
        Explicit spec values; they override a claim's.  None: not given.
    inside, contested, outside : sequence of str
        Named places (any form an anchor takes) with their status.
    contested_km : float
        How near the front must pass a contested place.
    zone : Zone or callable returning a Zone, optional
        A zone given as such (a callable is called once the other arguments
        are checked, so a file is read only when it is to be used).
    where : str, optional
        How messages name ``claims`` (default: its path, or "the claims").

    Returns
    -------
    Resolution

    Examples
    --------
    >>> r = resolve_zone(depth_km=8)
    >>> r.spec.anchor, r.spec.depth_km, r.front is None
    ('Sudzha', 8, True)
    >>> resolve_zone(claim_date="2024-08-12")
    Traceback (most recent call last):
    ...
    frontmap.errors.ConflictingParametersError: claim_date and claimant pick among the claims of claims: give claims too
    """
    values = {"anchor": anchor, "width_km": width_km, "depth_km": depth_km, "profile": profile, "side": side}
    given: dict[str, Any] = {k: v for k, v in values.items() if v is not None}
    places = {"inside": tuple(inside or ()), "contested": tuple(contested or ()), "outside": tuple(outside or ())}
    if zone is not None and (any(places.values()) or as_of is not None):
        raise ConflictingParametersError(
            "{zone} cannot be combined with {inside}, {contested}, {outside} or {as_of}: give a zone or the evidence",
            "zone",
            "inside",
            "contested",
            "outside",
            "as_of",
        )
    if as_of is not None:
        if claims is None:
            raise ConflictingParametersError(
                "{as_of} fuses the claims of {claims} up to a date: give {claims} too", "as_of", "claims"
            )
        if claim_date is not None or claimant is not None:
            raise ConflictingParametersError(
                "{as_of} uses every claim up to its date: drop {claim_date} and {claimant}",
                "as_of",
                "claim_date",
                "claimant",
            )
        found, where = _claim_list(claims, where)
        usable = [c for c in found if c.numbers() or c.places]
        return _from_evidence(usable, usable[-1:], as_of, places, given, contested_km, where)
    if claims is None and (claim_date is not None or claimant is not None):
        raise ConflictingParametersError(
            "{claim_date} and {claimant} pick among the claims of {claims}: give {claims} too",
            "claim_date",
            "claimant",
            "claims",
        )
    if zone is not None:
        _check_zone_alone(given, claims)
    claim = None
    if claims is not None:
        found, where = _claim_list(claims, where)
        from .claims import pick_claim

        claim = pick_claim(found, claim_date, claimant, where=where)
    if any(places.values()) or (claim is not None and claim.places):
        chosen = [] if claim is None else [claim]
        return _from_evidence(chosen, chosen, None, places, given, contested_km, where or "the flags")
    if zone is not None:
        return Resolution(given=given, _zone_source=zone)
    if claim is not None:
        return _from_claim(claim, given, where or "the claims")
    from .zone import DEFAULT_SPEC

    return Resolution(spec=replace(DEFAULT_SPEC, **given).validate(), given=given)


def _check_zone_alone(given: dict, claims) -> None:
    """A zone given as such admits no claims and no spec values."""
    if claims is not None:
        raise ConflictingParametersError(
            "{claims} cannot be combined with {zone}: give claims or a zone", "claims", "zone"
        )
    if given:
        names = [k for k in SPEC_PARAMS if k in given]
        listed = ", ".join("{" + k + "}" for k in names)
        raise ConflictingParametersError(
            f"{{zone}} cannot be combined with {listed}: give a zone or its values", "zone", *names
        )


def _claim_list(claims, where: str | None) -> tuple[list, str]:
    """Claims as a list, and how messages name them."""
    from .claims import Claim, read_claims

    if isinstance(claims, Claim):
        return [claims], where or "the claims"
    if callable(claims):
        return list(claims()), where or "the claims"
    if isinstance(claims, (str, os.PathLike)):
        from .transliterate import quote_text

        return read_claims(os.fspath(claims)), where or quote_text(os.fspath(claims))
    return list(claims), where or "the claims"


@contextlib.contextmanager
def blame_claim(claim, where: str, given) -> Iterator[None]:
    """A value out of range that the claim gave (not one in ``given``, the parameters given
    explicitly) is the claim's error, a :class:`~frontmap.errors.ClaimFileError` naming it.

    A context manager: wrap the code that builds a spec from a claim's values.
    An :class:`~frontmap.errors.InvalidSpecError` whose ``param`` is among
    ``given`` passes through unchanged (the caller's own value was wrong);
    any other becomes a :class:`~frontmap.errors.ClaimFileError` that names the
    claim's date, its claimant and ``where`` it came from.

    Parameters
    ----------
    claim : Claim
        The claim whose values are being used; its ``date`` and ``claimant``
        name it in the message.
    where : str
        Where the claim came from (a file name, ``"the claims"``).
    given : collection of str
        The names of the parameters the caller gave explicitly (a dict's keys
        do).

    Yields
    ------
    None

    Raises
    ------
    ClaimFileError
        When the block raises an InvalidSpecError about a value the claim gave.
    InvalidSpecError
        When the block raises one about a parameter in ``given``.

    Examples
    --------
    >>> from frontmap.claims import Claim
    >>> from frontmap.errors import ClaimFileError, InvalidSpecError
    >>> claim = Claim(date="2024-08-10", claimant="someone")
    >>> try:
    ...     with blame_claim(claim, "claims.toml", given={}):
    ...         raise InvalidSpecError("depth_km must be > 0, not -3", param="depth_km")
    ... except ClaimFileError as exc:
    ...     print(exc)
    the claim of 2024-08-10 by someone in claims.toml: depth_km must be > 0, not -3
    >>> try:
    ...     with blame_claim(claim, "claims.toml", given={"depth_km": -3}):
    ...         raise InvalidSpecError("depth_km must be > 0, not -3", param="depth_km")
    ... except InvalidSpecError as exc:
    ...     print(type(exc).__name__)
    InvalidSpecError
    """
    try:
        yield
    except InvalidSpecError as exc:
        if exc.param is not None and exc.param in given:
            raise
        raise ClaimFileError(
            f"the claim of {claim.date or 'an undated text'} by {claim.claimant} in {where}: {exc}"
        ) from None


def _from_claim(claim, given: dict, where: str) -> Resolution:
    """The spec a claim gives, explicit values overriding it; fitted when it lacks a depth or a width."""
    with blame_claim(claim, where, given):
        spec, sources, fitted = _spec_from_claim(claim, given)
    what = ", ".join(f"{k}={getattr(spec, k)!r} ({v})" for k, v in sources.items())
    note = f"zone from the claim of {claim.date or 'an undated text'} by {claim.claimant}: {what}"
    return Resolution(spec=spec, claim=claim, fit=fitted, sources=sources, notes=[note], where=where, given=given)


def _spec_from_claim(claim, given: dict):
    from .zone import DEFAULT_SPEC

    values, sources = {}, {}
    for key in SPEC_PARAMS:
        claimed = getattr(claim, key, None)
        if key in given:
            values[key], sources[key] = given[key], "flag"
        elif key in ("width_km", "depth_km") and isinstance(claimed, (int, float)):
            values[key], sources[key] = float(claimed), "claim"
        elif key in ("anchor", "side") and claimed and claim.quotes == ():
            values[key], sources[key] = claimed, "claim file"
    if "width_km" in values and "depth_km" in values:
        spec = replace(DEFAULT_SPEC, **values).validate()
        sources.update({k: "default" for k in SPEC_PARAMS if k not in sources})
        return spec, sources, None
    # A depth or a width is missing: fit the zone to every number the claim gives.
    from .fit import Claims, fit

    numbers = replace(claim, **{k: values[k] for k in ("width_km", "depth_km") if k in values})
    window = claim.window_km if claim.window_km is not None else DEFAULT_WINDOW_KM
    anchor = values.get("anchor", DEFAULT_SPEC.anchor)
    side = values.get("side", DEFAULT_SPEC.side)
    result = fit(Claims.from_claim(numbers), anchor=anchor, window_km=window, side=side)
    spec = result.spec
    if "profile" in given:
        spec = replace(spec, profile=given["profile"]).validate()
    if spec.anchor != anchor:
        sources["anchor"] = f"fit (centre {result.centre_shift_km:+g} km along the border)"
    for key in SPEC_PARAMS:
        sources.setdefault(key, "fit")
    return spec, sources, result


def _from_evidence(
    claims: list, latest: list, as_of, places: dict, given: dict, contested_km: float, where: str
) -> Resolution:
    """A front fitted through the places and numbers of ``claims`` (up to ``as_of``) and of ``places``."""
    from .evidence import gather, zone_from_evidence
    from .places import Place

    anchor, side, window = given.get("anchor"), given.get("side", DEFAULT_SIDE), EVIDENCE_WINDOW_KM
    for claim in latest:
        anchor = anchor or (claim.anchor if claim.quotes == () else None)
        side = given.get("side", claim.side)
        window = claim.window_km if claim.window_km is not None else window
    extra = [Place(q, status) for status in PLACE_PARAMS for q in places[status]]  # type: ignore[arg-type]
    evidence: Any = gather(claims, as_of, extra)
    numbers = {k: given[k] for k in ("depth_km", "width_km") if k in given}
    if numbers:  # explicit numbers join (and override) the claims'
        from .fit import Claims

        evidence = replace(
            evidence, numbers=replace(evidence.numbers, **numbers) if evidence.numbers else Claims(**numbers)
        )
    try:
        result = zone_from_evidence(
            evidence, side=side, anchor=anchor, window_km=window, contested_tolerance_km=contested_km
        )
    except InvalidSpecError as exc:
        raise EvidenceFitError(f"cannot fit a front to the evidence of {where}: {exc}") from None
    fitted: Any = result.fit
    used = [c for c in fitted.places if c.used]
    notes = [
        f"zone fitted through {len(used)} of {len(fitted.places)} places"
        + (f" and {', '.join(evidence.numbers.given())}" if evidence.numbers is not None else "")
        + (f" from {len(evidence.claims)} statements up to {evidence.as_of}" if evidence.as_of else "")
        + f": {'consistent' if fitted.consistent else 'not all of it can hold'}",
        *result.notes,
    ]
    result.zone.properties.setdefault(
        "name", f"Front through {len(used)} named places" + (f", as of {evidence.as_of}" if evidence.as_of else "")
    )
    claim = claims[-1] if len(claims) == 1 and as_of is None else None
    return Resolution(front=result, claim=claim, notes=notes, where=where, given=given)
