"""Dated public claims that frontmap's zones model.

A :class:`Claim` is what one side said on one day: who said it, where it
was reported, and the numbers (settlements, depth, front width, area).
:func:`claim_for` finds the known claim a zone spec reproduces, so a map or
an export can say which statement it models.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

__all__ = ["Claim", "KNOWN_CLAIMS", "claim_for"]


@dataclass(frozen=True)
class Claim:
    """A dated quantitative claim about a front."""

    date: str
    claimant: str
    region: str
    source: str
    settlements: int | None = None
    depth_km: float | None = None
    width_km: float | None = None
    area_km2: float | None = None
    anchor: str | None = None

    def summary(self) -> str:
        """The numbers in one line, e.g. ``28 settlements, 12 km deep, 40 km front``."""
        parts = []
        if self.settlements is not None:
            parts.append(f"{self.settlements} settlements")
        if self.depth_km is not None:
            parts.append(f"{self.depth_km:g} km deep")
        if self.width_km is not None:
            parts.append(f"{self.width_km:g} km front")
        if self.area_km2 is not None:
            parts.append(f"{self.area_km2:,g} km²")
        return ", ".join(parts)

    def to_properties(self) -> dict:
        """The claim as JSON-ready properties (absent numbers left out)."""
        return {k: v for k, v in asdict(self).items() if v is not None}


#: Claims frontmap ships; the first is the seed claim its default zone models
#: (see ``seeds/kursk-2024-08-12.md``).
KNOWN_CLAIMS = (
    Claim(
        date="2024-08-12",
        claimant="Alexei Smirnov, acting governor of Kursk oblast, at a meeting with Vladimir Putin",
        region="Kursk oblast",
        source="https://www.uawire.org/ukrainian-forces-capture-28-settlements-in-russia-s-kursk-region-acting-governor-reports-to-putin",
        settlements=28,
        depth_km=12.0,
        width_km=40.0,
        anchor="Sudzha",
    ),
)


def claim_for(spec) -> Claim | None:
    """The known claim whose anchor, depth and width ``spec`` uses, if any.

    >>> from frontmap.zone import DEFAULT_SPEC
    >>> claim_for(DEFAULT_SPEC).settlements
    28
    """
    if spec is None or spec.side != "RUS":
        return None
    for claim in KNOWN_CLAIMS:
        if (
            claim.anchor is not None
            and claim.anchor.casefold() == spec.anchor.strip().casefold()
            and claim.depth_km == spec.depth_km
            and claim.width_km == spec.width_km
        ):
            return claim
    return None
