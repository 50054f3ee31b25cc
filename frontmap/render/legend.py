"""The legend of a map: one entry for each kind of thing its layers drew.

Each layer reports the legend keys of what it drew (see
:mod:`frontmap.render.layers`); the entries are ``templates/legend/<key>.html``
and appear in :data:`LEGEND_ORDER`.  To give a new layer an entry, add its
template and its key here.
"""

from __future__ import annotations

from collections.abc import Iterable

from markupsafe import Markup

from .features import GUIDE_STEP_KM, NEARBY_KM
from .markup import render_template
from .style import COLOURS, EVIDENCE_STYLE, PROBABILITY_RAMP, TIMELINE_STYLE

__all__ = ["LEGEND_ORDER", "legend_html"]

#: Every legend entry, in the order the legend lists them.
LEGEND_ORDER = (
    "zone",
    "timeline",
    "reference",
    "evidence",
    "ensemble",
    "settlements",
    "probable-settlements",
    "border",
    "front",
    "guides",
    "basemap",
    "countries",
)


def legend_html(keys: Iterable[str]) -> Markup:
    """The legend's HTML with the entries named by ``keys`` (in :data:`LEGEND_ORDER`).

    Parameters
    ----------
    keys : iterable of str
        Keys of :data:`LEGEND_ORDER`; repeats count once.

    Returns
    -------
    markupsafe.Markup
        A heading and one line per entry, in :data:`LEGEND_ORDER`.

    Raises
    ------
    ValueError
        For a key that has no entry.

    Examples
    --------
    >>> print(legend_html(["border"]))
    <b>Legend</b><div><span class='fm-line' style='border-top:2px solid #222222'></span>Russia–Ukraine border</div>
    """
    wanted = set(keys)
    unknown = wanted - set(LEGEND_ORDER)
    if unknown:
        raise ValueError(f"no legend entry for {', '.join(sorted(unknown))}; the entries are {', '.join(LEGEND_ORDER)}")
    shown = [key for key in LEGEND_ORDER if key in wanted]
    return render_template(
        "legend.html",
        keys=shown,
        c=COLOURS,
        evidence=EVIDENCE_STYLE,
        ramp=PROBABILITY_RAMP,
        timeline=TIMELINE_STYLE,
        nearby_km=NEARBY_KM,
        guide_step_km=GUIDE_STEP_KM,
    )
