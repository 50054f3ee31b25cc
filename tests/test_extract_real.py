"""frontmap.extract on the wordings of real reporting (issue 10, item 6).

Every sentence here is our own, written after reading how agencies, officials and analysts word
evacuations, advances, areas and attributions, on the Kursk incursion and on other fronts.  Each
lists every figure it holds with all its fields: kind, value, min, max, qualifier, claimant,
date and whether it is a day's increment rather than a total (the unit follows from the kind).

``HELD_BACK`` was written with ``SENTENCES``, before the rules were tuned, and left alone while
tuning: ``python tests/test_extract_real.py`` prints precision, recall and F1 on it.
"""

from __future__ import annotations

import json
import sys

import pytest
from clitools import assert_bad_input, invoke

from frontmap.claims import claims_from_text
from frontmap.extract import KINDS, extract_claims

FIGURES = {"depth", "width", "settlements", "area", "evacuated", "to_evacuate", "population"}
ISW = "ISW"
RU_MOD = "Russian Defence Ministry"


def figures(text: str, **options) -> list[tuple]:
    """(kind, value, min, max, qualifier, claimant, date, increment) for each figure in a text."""
    found = extract_claims(text, **options)
    for c in found:
        assert text[c.start : c.end] == c.original and c.unit == KINDS[c.kind]
    return [
        (c.kind, c.value, c.min, c.max, c.qualifier, c.claimant, c.date, c.increment)
        for c in found
        if c.kind in FIGURES
    ]


def F(kind, value, qualifier=None, claimant=None, *, lo=None, hi=None, date=None, increment=False):
    return (kind, value, lo, hi, qualifier, claimant, date, increment)


SENTENCES = [
    # -- evacuated, not population ---------------------------------------------------------------
    (
        "About 3,200 people from border villages were evacuated overnight, Governor Vyacheslav Gladkov said.",
        [F("evacuated", 3200, "about", "Vyacheslav Gladkov", increment=True)],
    ),
    (
        "Some 8,000 residents of Vovchansk and nearby villages have been evacuated since the offensive began.",
        [F("evacuated", 8000, "about")],
    ),
    (
        "Over the past 24 hours, 650 residents left the border areas on their own or in organised convoys.",
        [F("evacuated", 650, increment=True)],
    ),
    (
        "Roughly 20,000 civilians fled the town of Pokrovsk in August, local officials estimated.",
        [F("evacuated", 20_000, "about")],
    ),
    ("Officials said 1,100 children had been moved to safety from the district.", [F("evacuated", 1100)]),
    (
        "Nearly 9,900 people have now been evacuated from three districts of Kharkiv Oblast, "
        "Oleh Syniehubov wrote on Telegram.",
        [F("evacuated", 9900, "nearly", "Oleh Syniehubov")],
    ),
    ("In the Belgorod region, 1,500 residents were relocated to temporary shelters.", [F("evacuated", 1500)]),
    (
        "The city is home to about 30,000 people, of whom 12,000 have already left.",
        [F("population", 30_000, "about"), F("evacuated", 12_000)],
    ),
    (
        "More than 76,000 people had been moved away from the border areas by Saturday, the Emergencies Ministry said.",
        [F("evacuated", 76_000, "more than", "Emergencies Ministry")],
    ),
    ("Since Tuesday 2,400 residents of the frontline towns have left for Kharkiv.", [F("evacuated", 2400)]),
    # -- still to be evacuated -------------------------------------------------------------------
    (
        "A further 6,000 residents of the Rylsk and Khomutovka districts are subject to evacuation, Smirnov said.",
        [F("to_evacuate", 6000, None, "Smirnov")],
    ),
    ("Another 2,300 people will be evacuated from the 15-kilometre zone next week.", [F("to_evacuate", 2300)]),
    (
        "About 11,000 residents of the border villages should leave their homes, the governor warned.",
        [F("to_evacuate", 11_000, "about")],
    ),
    ("The total planned number of evacuations is 59,000, officials told reporters.", [F("to_evacuate", 59_000)]),
    ("Authorities intend to relocate 3,500 people from frontline communities by Friday.", [F("to_evacuate", 3500)]),
    (
        "Some 1,600 people are expected to be moved out of the area on Monday, Syniehubov said.",
        [F("to_evacuate", 1600, "about", "Syniehubov")],
    ),
    (
        "Roughly 400 residents who stayed behind must still leave, the head of the district said.",
        [F("to_evacuate", 400, "about")],
    ),
    # -- population --------------------------------------------------------------------------------
    ("Before the war the town had 17,000 inhabitants.", [F("population", 17_000)]),
    ("About 150 people remain in the village, according to local volunteers.", [F("population", 150, "about")]),
    # -- depths --------------------------------------------------------------------------------------
    (
        "Ukrainian units made inroads of up to 10 km into Russian territory, the Institute for the Study of War said.",
        [F("depth", 10, "up to", ISW)],
    ),
    ("The depth of the advance is up to 5-6 km, Syrskyi said.", [F("depth", 6, "up to", "Syrskyi", lo=5, hi=6)]),
    (
        "Russian forces progressed nearly 15 km in the north and up to 10 km in the south.",
        [F("depth", 15, "nearly"), F("depth", 10, "up to")],
    ),
    ("The troops are now just 10 km from the city's outskirts.", []),
    (
        "The breakthrough reached a depth of 8 km, according to the Russian Defence Ministry.",
        [F("depth", 8, None, RU_MOD)],
    ),
    ("Israeli troops pushed some 5 km into southern Lebanon, the army said.", [F("depth", 5, "about")]),
    ("Armoured columns advanced 3 km near Robotyne and 2 km further east.", [F("depth", 3), F("depth", 2)]),
    ("Russian troops came within 7 km of Pokrovsk.", []),
    ("The forward units gained about 4 kilometres on the southern flank.", [F("depth", 4, "about")]),
    ("Kyiv's forces have penetrated Russian defences to a depth of 12 km.", [F("depth", 12)]),
    (
        "Ukrainian troops pushed 1-3 km forward since the start of the day, the commander-in-chief reported.",
        [F("depth", 3, lo=1, hi=3, increment=True)],
    ),
    ("The village of Tetkino lies 2 km from the border.", []),
    ("Russian units were stopped 3 kilometres short of the town.", []),
    # -- areas ----------------------------------------------------------------------------------------
    ("Kursk oblast covers nearly 30,000 km², roughly the size of Belgium.", []),
    (
        "Ukraine now controls 1,150 km² of Russian territory, 40 km² more than a day earlier, Syrskyi said.",
        [F("area", 1150, None, "Syrskyi"), F("area", 40, None, "Syrskyi", increment=True)],
    ),
    ("The Donetsk region spans about 26,500 square kilometres.", []),
    ("Kyiv's troops took control of another 5 square kilometres within a day.", [F("area", 5, increment=True)]),
    ("Russia says it has captured more than 200 sq km in the Kharkiv region since May.", [F("area", 200, "more than")]),
    # -- qualifiers ----------------------------------------------------------------------------------
    (
        "Ukrainian forces have established control over 93 settlements, Syrskyi said.",
        [F("settlements", 93, "more than", "Syrskyi")],
    ),
    (
        "They hold over 1,000 square kilometres and control over 80 villages.",
        [F("area", 1000, "more than"), F("settlements", 80, "more than")],
    ),
    ("Russia claims to have retaken upwards of 10 villages.", [F("settlements", 10, "more than")]),
    ("Ukrainian troops captured no fewer than 12 settlements.", [F("settlements", 12, "at least")]),
    ("The offensive has seized well over 100 square kilometres.", [F("area", 100, "more than")]),
    # -- claimants -------------------------------------------------------------------------------------
    (
        "Acting Governor of Kursk Oblast Alexey Smirnov said 121,000 people had been evacuated.",
        [F("evacuated", 121_000, None, "Alexey Smirnov")],
    ),
    ("Russia's Defence Ministry said its forces had retaken 5 villages.", [F("settlements", 5, None, RU_MOD)]),
    ("Ukrainian forces advanced up to 35 km, the ISW assessed.", [F("depth", 35, "up to", ISW)]),
    (
        "Irina Tolmacheva, a spokeswoman for the acting governor, gave the latest figures. "
        "She said more than 800 people were evacuated during the day.",
        [F("evacuated", 800, "more than", "Irina Tolmacheva", increment=True)],
    ),
    (
        '"We control 74 settlements," Syrskyi said. "Our troops have advanced 2 km over the day."',
        [F("settlements", 74, None, "Syrskyi"), F("depth", 2, None, "Syrskyi", increment=True)],
    ),
    (
        "Syrskyi said the operation continued. He pointed out that troops held 1,000 square kilometres.",
        [F("area", 1000, None, "Syrskyi")],
    ),
    ("The Russian Defence Ministry reported that 3 villages had been liberated.", [F("settlements", 3, None, RU_MOD)]),
    (
        "According to the General Staff of the Armed Forces of Ukraine, 28 settlements are under control.",
        [F("settlements", 28, None, "General Staff of the Armed Forces of Ukraine")],
    ),
    (
        "Kharkiv Oblast Governor Oleh Syniehubov said 5,700 residents had been evacuated.",
        [F("evacuated", 5700, None, "Oleh Syniehubov")],
    ),
    (
        "Breitbart News reported that 180,000 people live in the area.",
        [F("population", 180_000, None, "Breitbart News")],
    ),
    ("The Kyiv Independent reported that 300 people had fled.", [F("evacuated", 300, None, "Kyiv Independent")]),
    ("Bloomberg reported that troops advanced 3 km.", [F("depth", 3, None, "Bloomberg")]),
    (
        '"The enemy has advanced 3 km," said Gladkov.\n\n"Some 1,200 people have left the villages."',
        [F("depth", 3, None, "Gladkov"), F("evacuated", 1200, "about", "Gladkov")],
    ),
    # -- increments --------------------------------------------------------------------------------------
    ("In the last 24 hours Ukrainian troops advanced 1.5 km.", [F("depth", 1.5, increment=True)]),
    (
        "Within a day, troops moved forward up to two kilometres and took control of five square kilometres.",
        [F("depth", 2, "up to", increment=True), F("area", 5, increment=True)],
    ),
    (
        "More than 121,000 people have been evacuated since the start, with 500 leaving over the past day.",
        [F("evacuated", 121_000, "more than"), F("evacuated", 500, increment=True)],
    ),
    (
        "Syrskyi said troops had advanced 1-3 km since the start of the day and now control 1,263 km², "
        "40 km² more than a day earlier, and 93 settlements.",
        [
            F("depth", 3, None, "Syrskyi", lo=1, hi=3, increment=True),
            F("area", 1263, None, "Syrskyi"),
            F("area", 40, None, "Syrskyi", increment=True),
            F("settlements", 93, None, "Syrskyi"),
        ],
    ),
    # ground lost is no depth reached; a retreat before the advance does not count
    ("The ministry added that Ukrainian units had been pushed back by up to 2 km.", []),
    ("Russian troops withdrew and Ukrainian units advanced 5 km.", [F("depth", 5)]),
    ("Troops were forced to retreat 3 km behind the river.", []),
]

#: (text, options for extract_claims, figures)
DATED = [
    ("On 12 August the troops were 30 km deep.", {"year": 2024}, [F("depth", 30, date="2024-08-12")]),
    ("Troops hold 28 villages.", {"date": "2024-08-15"}, [F("settlements", 28, date="2024-08-15")]),
    ("On 28 December, 1,200 people were evacuated.", {"date": "2025-01-03"}, [F("evacuated", 1200, date="2024-12-28")]),
    (
        "On 6 August 2023 the raid began. By 12 August troops held 20 villages.",
        {"date": "2024-08-20"},
        [F("settlements", 20, date="2024-08-12")],
    ),
    (
        "By Aug. 9 some 76,000 people had been evacuated.",
        {"year": 2024, "date": "2025-08-20"},
        [F("evacuated", 76_000, "about", date="2024-08-09")],
    ),
]

#: Written with SENTENCES, before tuning; never tuned on.
HELD_BACK = [
    (
        "By Thursday evening 2,700 residents of the Sumy border strip had been evacuated, "
        "Sumy governor Volodymyr Artiukh said.",
        [F("evacuated", 2700, None, "Volodymyr Artiukh")],
    ),
    (
        "Around 5,000 more people are subject to mandatory evacuation from the Krasnaya Yaruga district.",
        [F("to_evacuate", 5000, "about")],
    ),
    ("Soldiers made inroads of about 3 kilometres near Vovchansk.", [F("depth", 3, "about")]),
    (
        "The offensive has progressed up to 20 km in some areas and about 7 km elsewhere, "
        "the Institute for the Study of War reported.",
        [F("depth", 20, "up to", ISW), F("depth", 7, "about", ISW)],
    ),
    ("The village sits only 4 km from the outskirts of Kupiansk.", []),
    ("Zaporizhzhia oblast covers about 27,000 square kilometres.", []),
    (
        "Russian forces have seized control over 40 settlements since the spring, the Russian Defence Ministry "
        "claimed.",
        [F("settlements", 40, "more than", RU_MOD)],
    ),
    (
        "Governor of Belgorod Oblast Vyacheslav Gladkov announced that 900 residents had left their homes.",
        [F("evacuated", 900, None, "Vyacheslav Gladkov")],
    ),
    (
        "Commander-in-chief Oleksandr Syrskyi said troops advanced 1.5 km in the past 24 hours.",
        [F("depth", 1.5, None, "Oleksandr Syrskyi", increment=True)],
    ),
    (
        '"We have evacuated 600 people over the past day," said Smirnov. "Another 400 will be evacuated tomorrow."',
        [F("evacuated", 600, None, "Smirnov", increment=True), F("to_evacuate", 400, None, "Smirnov")],
    ),
    (
        "Ukraine's troops now hold 1,263 km², up 18 km² on the previous day.",
        [F("area", 1263), F("area", 18, increment=True)],
    ),
    ("The military said the enemy had driven a wedge up to 4 km deep.", [F("depth", 4, "up to")]),
    (
        "Maria Zakharova, the foreign ministry spokeswoman, spoke on Wednesday. She noted that 300 civilians had fled.",
        [F("evacuated", 300, None, "Maria Zakharova")],
    ),
    ("Roughly 4,000 people in the 10-kilometre zone will be moved out this week.", [F("to_evacuate", 4000, "about")]),
    (
        "Kyiv says its forces have advanced 2-3 km since the start of the day on the Pokrovsk axis.",
        [F("depth", 3, lo=2, hi=3, increment=True)],
    ),
    ("The think tank estimated that Russian forces made gains of up to 6 km near Kurakhove.", [F("depth", 6, "up to")]),
    (
        "Upwards of 70 settlements are under Ukrainian control, according to Zelensky.",
        [F("settlements", 70, "more than", "Zelensky")],
    ),
]


#: Written after the rules, as a second held-out check, and scored once before the fixes they led to
#: (F1 0.864, then 0.955: see the report of issue 10).
FRESH = [
    (
        "More than 1,400 people had been evacuated from Sudzha district by Sunday evening, the regional government "
        "said.",
        [F("evacuated", 1400, "more than")],
    ),
    (
        "Around 2,000 residents of Krasnopillia community are to be evacuated, Sumy regional administration head "
        "Volodymyr Artiukh said.",
        [F("to_evacuate", 2000, "about", "Volodymyr Artiukh")],
    ),
    (
        "The general staff in Kyiv said its units had pushed 3 to 5 km into enemy lines near Tokmak.",
        [F("depth", 5, None, "General Staff", lo=3, hi=5)],
    ),
    (
        "The Azerbaijani army advanced roughly 8 km into the disputed enclave on the first day.",
        [F("depth", 8, "about")],
    ),
    ("Belgorod, a city of some 340,000 people, lies about 40 km from the border.", [F("population", 340_000, "about")]),
    (
        "Over the past day Russian forces gained up to 1.5 km near Kupiansk, the ISW said.",
        [F("depth", 1.5, "up to", ISW, increment=True)],
    ),
    (
        "Ukraine's commander-in-chief Oleksandr Syrskyi reported that his troops controlled 1,294 sq km and 100 "
        "settlements.",
        [F("area", 1294, None, "Oleksandr Syrskyi"), F("settlements", 100, None, "Oleksandr Syrskyi")],
    ),
    (
        "The district covers an area of roughly 1,100 square kilometres and had 20,000 residents before the war.",
        [F("population", 20_000)],
    ),
    (
        "According to Russia's Ministry of Defence, more than 30 villages had been retaken by October.",
        [F("settlements", 30, "more than", RU_MOD)],
    ),
    (
        '"Around 200 people are still in Vovchansk," said regional governor Oleh Syniehubov. "We urge them to leave."',
        [F("population", 200, "about", "Oleh Syniehubov")],
    ),
    ("Russian troops have advanced to within 3 km of the town of Chasiv Yar.", []),
    (
        "The incursion zone spans about 40 km along the border and reaches up to 30 km deep.",
        [F("width", 40, "about"), F("depth", 30, "up to")],
    ),
    (
        "Since the start of the day, Ukrainian units have moved 2-4 km deeper, Zelensky said.",
        [F("depth", 4, None, "Zelensky", lo=2, hi=4, increment=True)],
    ),
    (
        "Governor Vyacheslav Gladkov said 1,200 residents of Shebekino had been relocated. He added that 300 more "
        "would be moved out on Friday.",
        [F("evacuated", 1200, None, "Vyacheslav Gladkov"), F("to_evacuate", 300, None, "Vyacheslav Gladkov")],
    ),
    ("Some 60,000 people live in the 20-kilometre border strip, officials said.", [F("population", 60_000, "about")]),
    ("By 20 August Ukrainian troops held 1,263 square kilometres, up from 1,150 a week earlier.", [F("area", 1263)]),
    # "taken over" is read as the phrasal verb, as test_extract's "took over 28 villages" (scored as a miss below)
    (
        "Russian forces have taken over 70 square kilometres in the Kharkiv region in the past week, the think tank "
        "estimated.",
        [F("area", 70, increment=True)],
    ),
    (
        "The Israeli military said its troops had penetrated about 6 kilometres into Gaza City.",
        [F("depth", 6, "about")],
    ),
    (
        "The ministry said 24 settlements were under Ukrainian control, the Russian Defence Ministry admitted.",
        [F("settlements", 24, None, RU_MOD)],
    ),
    (
        "About 9,000 people left the town within a day, local authorities said.",
        [F("evacuated", 9000, "about", increment=True)],
    ),
]


def test_there_are_enough_new_sentences():
    assert len(SENTENCES) + len(DATED) + len(HELD_BACK) + len(FRESH) >= 60
    assert len(HELD_BACK) >= 15


@pytest.mark.parametrize(
    "text, expected", SENTENCES + HELD_BACK + FRESH, ids=[t[:50] for t, _ in SENTENCES + HELD_BACK + FRESH]
)
def test_sentence(text, expected):
    assert figures(text) == expected


@pytest.mark.parametrize("text, options, expected", DATED, ids=[t[:40] for t, _, _ in DATED])
def test_report_date_and_year(text, options, expected):
    assert figures(text, **options) == expected


def test_a_yearless_date_takes_the_year_given():
    (claim,) = extract_claims("On 28 August the shelling resumed.", year=2024)
    assert (claim.kind, claim.value, claim.date) == ("date", "2024-08-28", "2024-08-28")
    (claim,) = extract_claims("On 28 August the shelling resumed.", date="2024-09-02")
    assert (claim.value, claim.date) == ("2024-08-28", "2024-08-28")


def test_the_report_date_does_not_replace_a_stated_one():
    text = "On 9 August 2024 troops held 20 villages."
    assert figures(text, date="2024-08-20") == [F("settlements", 20, date="2024-08-09")]


@pytest.mark.parametrize("options", [{"date": "2024-02-30"}, {"date": "12 August"}, {"year": 24}, {"year": "2024"}])
def test_bad_date_options_are_refused(options):
    with pytest.raises((ValueError, TypeError)):
        extract_claims("Troops hold 28 villages.", **options)


def test_a_report():
    text = (
        "KURSK, August 19. More than 800 people left the border districts over the past day, "
        "Irina Tolmacheva, a spokeswoman for the acting governor, said.\n\n"
        '"Since the evacuation began, more than 121,000 people have been moved out of nine districts. '
        'Another 20,000 are subject to evacuation," she said in a video address.\n\n'
        "Meanwhile, the Russian Defence Ministry said its forces had stopped the enemy 10 km from the outskirts "
        "of Lgov. The ministry added that its units had advanced up to 2 km near Korenevo.\n\n"
        "The Kursk region covers nearly 30,000 km² and is home to over a million people."
    )
    assert figures(text, year=2024) == [
        F("evacuated", 800, "more than", "Irina Tolmacheva", date="2024-08-19", increment=True),
        F("evacuated", 121_000, "more than", "Irina Tolmacheva"),
        F("to_evacuate", 20_000, None, "Irina Tolmacheva"),
        F("depth", 2, "up to", RU_MOD),
        F("population", 1_000_000, "more than"),
    ]


def test_increment_in_json():
    (total, day) = extract_claims("Ukraine controls 1,150 km², 40 km² more than a day earlier.")
    assert (total.to_json()["increment"], day.to_json()["increment"]) == (False, True)


def test_increments_are_not_zone_totals():
    text = (
        "On 16 August 2024 Syrskyi said troops held 1,150 km², 40 km² more than a day earlier, and were 1-3 km "
        "deeper since the start of the day."
    )
    (claim,) = claims_from_text(text)
    assert claim.area_km2 == 1150
    assert claim.depth_km is None
    day_only = "Syrskyi said troops took 5 square kilometres in a day."
    assert [c.numbers() for c in claims_from_text(day_only)] == []


# -- the command line ---------------------------------------------------------------------------


def test_cli_date_and_year():
    result = invoke(
        ["claims", "-", "--json", "--date", "2024-08-20"],
        input="On 12 August troops held 28 villages. They pushed 30 km deep.\n\nRain fell on 3 villages.",
    )
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert [(c["kind"], c["value"], c["date"], c["increment"]) for c in doc] == [
        ("date", "2024-08-12", "2024-08-12", False),
        ("settlements", 28, "2024-08-12", False),
        ("depth", 30, "2024-08-12", False),
        ("settlements", 3, "2024-08-20", False),
    ]
    result = invoke(["claims", "-", "--json", "--year", "2023"], input="On 12 August troops held 28 villages.")
    assert result.exit_code == 0, result.output
    assert [c["date"] for c in json.loads(result.stdout)] == ["2023-08-12", "2023-08-12"]


@pytest.mark.parametrize(
    "args, needles",
    [
        (["--date", "2024-13-01"], ["--date", "2024-13-01", "YYYY-MM-DD"]),
        (["--date", "yesterday"], ["--date", "yesterday", "YYYY-MM-DD"]),
        (["--year", "24x"], ["--year", "24x"]),
        (["--year", "99999"], ["--year", "99999"]),
    ],
)
def test_cli_bad_date_or_year(args, needles):
    assert_bad_input(invoke(["claims", "-", *args], input="Troops hold 28 villages."), needles)


# -- scoring: python tests/test_extract_real.py -----------------------------------------------------


def score(cases) -> tuple[float, float, float]:
    """Precision, recall and F1 over figures; a figure counts as found only with every field right."""
    found = expected = right = 0
    for text, want in cases:
        got = figures(text)
        found, expected = found + len(got), expected + len(want)
        remaining = list(want)
        for g in got:
            if g in remaining:
                remaining.remove(g)
                right += 1
    precision, recall = right / found if found else 1.0, right / expected if expected else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


if __name__ == "__main__":
    for name, cases in (("tuning", SENTENCES), ("held back", HELD_BACK), ("fresh", FRESH)):
        p, r, f = score(cases)
        print(f"{name:10} {len(cases):3} sentences  precision {p:.3f}  recall {r:.3f}  F1 {f:.3f}")
    if "-v" in sys.argv:
        for text, want in HELD_BACK + SENTENCES + FRESH:
            got = figures(text)
            if got != want:
                print("\n" + text + "\n  want", want, "\n  got ", got)
