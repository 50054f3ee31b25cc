"""frontmap's defaults, in one home: the seed claim and the windows searches move within.

The seed claim is the Kursk governor's of 12 August 2024: the front was
12 km deep along a 40 km front at Sudzha, on the Russian side of the border.
A zone built with no flags, the ``fit`` search and a claim file without an
``[operation]`` anchor all start from it.  Every module and every command
reads these names rather than typing the values again.

The module imports nothing, so the command line can show the defaults in
its help without loading any geometry library.

>>> from frontmap import defaults
>>> defaults.DEFAULT_ANCHOR, defaults.DEFAULT_SIDE, defaults.DEFAULT_WINDOW_KM
('Sudzha', 'RUS', 10.0)
"""

from __future__ import annotations

from typing import Final

__all__ = [
    "CONTESTED_KM",
    "DEFAULT_ANCHOR",
    "DEFAULT_DEPTH_KM",
    "DEFAULT_PROFILE",
    "DEFAULT_SIDE",
    "DEFAULT_WIDTH_KM",
    "DEFAULT_WINDOW_KM",
    "EVIDENCE_WINDOW_KM",
]

#: The seed claim's place: its nearest border point is the default zone's centre.
DEFAULT_ANCHOR = "Sudzha"
#: The country a zone lies in unless told otherwise ("RUS" or "UKR").
DEFAULT_SIDE: Final = "RUS"
#: The seed claim's front width along the border, km.
DEFAULT_WIDTH_KM = 40.0
#: The seed claim's greatest depth, km.
DEFAULT_DEPTH_KM = 12.0
#: "Penetrated 12 km deep" states the greatest depth, which a salient reaches at one point only.
DEFAULT_PROFILE: Final = "salient"
#: How far (km) along the border a fitted zone's centre may move from the anchor's border point.
DEFAULT_WINDOW_KM = 10.0
#: The same window for a front fitted through named places: places spread wider than one number's zone.
EVIDENCE_WINDOW_KM = 20.0
#: How near (km) the front must pass a contested place.
CONTESTED_KM = 2.0
