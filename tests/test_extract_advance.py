"""Advances are not depths: a gain stated as a further step or made here and there is kind ``advance``,
shown by ``frontmap claims`` and never taken as a zone's depth by ``--from-claims``, fit or timeline.
"""

from __future__ import annotations

import pytest
from clitools import invoke

from frontmap.claims import claims_from_text
from frontmap.extract import KINDS, extract_claims


def lengths(text: str) -> list[tuple]:
    """(kind, value, min, max, qualifier, increment) of each depth or advance in a text."""
    return [
        (c.kind, c.value, c.min, c.max, c.qualifier, c.increment)
        for c in extract_claims(text)
        if c.kind in ("depth", "advance")
    ]


ADVANCES = [
    # a further step, wherever it ends
    ("Russian troops advanced a further 3 km towards the railway junction.", [("advance", 3, None, None, None, False)]),
    ("The brigade pushed another 2 kilometres on Tuesday.", [("advance", 2, None, None, None, False)]),
    ("Assault groups gained 2 more km near the reservoir.", [("advance", 2, None, None, None, False)]),
    ("The tanks advanced a further 10 km into the region.", [("advance", 10, None, None, None, False)]),
    ("Marines moved forward an additional 800 metres.", [("advance", 0.8, None, None, None, False)]),
    ("Paratroopers advanced yet another 1.5 miles.", [("advance", 2.414, None, None, None, False)]),
    # here and there
    ("The defenders said the attackers had advanced 1-2 km in some areas.", [("advance", 2, 1, 2, None, False)]),
    ("The enemy advanced 700 metres on several sectors of the front.", [("advance", 0.7, None, None, None, False)]),
    ("In certain directions the assault units progressed 4 km.", [("advance", 4, None, None, None, False)]),
    ("Our units advanced about 3 km in places.", [("advance", 3, None, None, "about", False)]),
    ("The column pushed 5 km, in individual sectors, past the river.", [("advance", 5, None, None, None, False)]),
    (
        "Infantry advanced 1 km in some areas and 2 km in others.",
        [("advance", 1, None, None, None, False), ("advance", 2, None, None, None, False)],
    ),
    # a day's or a week's gain stays marked as a change (kept out of fits as before)
    ("The attackers advanced 2 km daily.", [("depth", 2, None, None, None, True)]),
    ("Over the past week the enemy pushed up to 4 km.", [("depth", 4, None, None, "up to", True)]),
    ("Troops advanced 3 km in a day.", [("depth", 3, None, None, None, True)]),
    ("The enemy advanced a further 2 km over the past 24 hours.", [("advance", 2, None, None, None, True)]),
    # a speed is no claim at all
    ("The enemy advanced 2 km per day.", []),
]

DEPTHS = [
    ("Ukrainian troops advanced 10 km into Russia.", [("depth", 10, None, None, None, False)]),
    ("The assault group pushed 30 km deep.", [("depth", 30, None, None, None, False)]),
    ("The spearhead was 25 km inside the border.", [("depth", 25, None, None, None, False)]),
    ("They advanced up to 35 km deep in some areas.", [("depth", 35, None, None, "up to", False)]),
    ("The raid has progressed up to 20 km in some sectors.", [("depth", 20, None, None, "up to", False)]),
    ("Troops advanced 12 km from the border.", [("depth", 12, None, None, None, False)]),
    (
        "Mechanised units advanced 6 km near the river and 4 km further south.",
        [
            ("depth", 6, None, None, None, False),
            ("depth", 4, None, None, None, False),
        ],
    ),  # fmt: skip
]


@pytest.mark.parametrize("text, expected", ADVANCES + DEPTHS, ids=[t[:50] for t, _ in ADVANCES + DEPTHS])
def test_advance_or_depth(text, expected):
    assert lengths(text) == expected


def test_an_advance_has_its_own_kind_in_km():
    assert KINDS["advance"] == "km"
    (claim,) = [c for c in extract_claims("Scouts moved a further 2 km.") if c.kind == "advance"]
    assert (claim.value, claim.unit, claim.original) == (2, "km", "2 km")
    assert claim.to_json()["kind"] == "advance"


SYRSKYI_LIKE = (
    "On 14 August 2024 Syrskyi said the brigades had advanced 1-2 km in some areas of the Kursk region "
    "and now held 74 settlements over 1,000 square kilometres."
)


def test_a_local_advance_does_not_reach_a_claims_depth():
    (claim,) = claims_from_text(SYRSKYI_LIKE)
    assert claim.numbers() == {"settlements": 74, "area_km2": 1000}
    assert claim.depth_km is None
    assert [q["kind"] for q in claim.quotes] == ["settlements", "area"]


def test_an_advance_does_not_shadow_the_depth_of_its_group():
    text = "On 3 May 2024 the ministry said troops advanced a further 2 km and were now 15 km deep."
    (claim,) = claims_from_text(text)
    assert claim.depth_km == 15


def test_the_table_shows_an_advance():
    result = invoke(["claims", "-"], input=SYRSKYI_LIKE)
    assert result.exit_code == 0, result.output
    rows = [line.split() for line in result.stdout.splitlines()]
    assert ["advance", "2", "(1–2)", "km", "1-2", "km", "Syrskyi", "2024-08-14"] in rows
    assert not any(row[0] == "depth" for row in rows)


def test_fit_from_a_text_with_only_an_advance_has_no_depth(tmp_path):
    # A text whose only length is an advance gives no number a zone could be drawn from.
    src = tmp_path / "advance.txt"
    src.write_text("On 3 May 2024 the ministry said troops advanced a further 4 km in some areas.", encoding="utf-8")
    result = invoke(["zone", "--from-claims", str(src)])
    assert result.exit_code == 2
    assert "no depth, width, settlement, area or place claim" in result.stderr
