"""frontmap.extract and ``frontmap claims``: figures, dates, claimants and regions from English text."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from clitools import assert_bad_input, invoke

from frontmap.extract import KINDS, KM2_PER_SQ_MILE, KM_PER_MILE, extract_claims

ROOT = Path(__file__).resolve().parents[1]
ARTICLE = Path(__file__).resolve().parents[2] / "shared" / "seeds" / "000_117d4477e5372e83.txt"
DIGEST = ROOT / "seeds" / "kursk-2024-08-12-digest.txt"
FIGURES = {"depth", "width", "settlements", "area", "evacuated", "to_evacuate", "population"}
JSON_KEYS = {
    "kind",
    "value",
    "unit",
    "min",
    "max",
    "qualifier",
    "original",
    "start",
    "end",
    "sentence",
    "claimant",
    "date",
    "increment",
    "retaken",
}


@pytest.fixture(scope="module")
def article() -> str:
    if not ARTICLE.is_file():
        pytest.skip(f"the source article is not at {ARTICLE} (../shared is absent on this machine)")
    return ARTICLE.read_text(encoding="utf-8")


def summary(claims) -> list[tuple]:
    return [(c.kind, c.value, c.min, c.max, c.qualifier, c.claimant) for c in claims]


def assert_offsets(text: str, claims) -> None:
    for c in claims:
        assert text[c.start : c.end] == c.original, c
        assert c.unit == KINDS[c.kind]
        assert " ".join(c.original.split()) in c.sentence
    assert [c.start for c in claims] == sorted(c.start for c in claims)


# -- the source article ----------------------------------------------------------------


def test_article_figures(article):
    claims = extract_claims(article)
    figures = [(c.kind, c.value, c.qualifier, c.claimant, c.original) for c in claims if c.kind in FIGURES]
    assert figures == [
        ("population", 180_000, "about", None, "180,000 residents"),
        ("evacuated", 121_000, None, "Alexei Smirnov", "121,000 individuals"),
        ("to_evacuate", 59_000, None, "Alexei Smirnov", "59,000"),
        ("settlements", 28, None, "Alexei Smirnov", "28 communities"),
        ("depth", 12, None, "Alexei Smirnov", "12 kilometers"),
        ("width", 40, None, "Alexei Smirnov", "40-kilometer"),
    ]
    assert all(c.min is None and c.max is None for c in claims)


def test_article_dates_and_region(article):
    claims = extract_claims(article)
    (start,) = [c for c in claims if c.kind == "date"]
    assert (start.value, start.original, start.date) == ("2024-08-06", "August 6, 2024", "2024-08-06")
    regions = [c for c in claims if c.kind == "region"]
    assert {c.value for c in regions} == {"Kursk"} and len(regions) == 4
    # The figures' paragraphs state no date; the start date is in an earlier paragraph.
    assert all(c.date is None for c in claims if c.kind in FIGURES)


def test_article_offsets(article):
    assert_offsets(article, extract_claims(article))


# -- the digest in seeds/ ----------------------------------------------------------------


def test_digest_claims():
    text = DIGEST.read_text(encoding="utf-8")
    claims = extract_claims(text)
    assert_offsets(text, claims)
    by_kind = {}
    for c in claims:
        by_kind.setdefault(c.kind, []).append(c)
    (depth,), (width,), (settlements,) = by_kind["depth"], by_kind["width"], by_kind["settlements"]
    assert (depth.value, width.value, settlements.value) == (12, 40, 28)
    assert {depth.claimant, width.claimant, settlements.claimant} == {"Alexei Smirnov"}
    assert {depth.date, width.date, settlements.date} == {"2024-08-12"}
    assert [(c.value, c.claimant) for c in by_kind["evacuated"]] == [(121_000, "Alexei Smirnov")]
    assert [c.value for c in by_kind["to_evacuate"]] == [59_000]
    assert [(c.value, c.qualifier) for c in by_kind["population"]] == [(180_000, "about")]
    assert [c.value for c in by_kind["date"]] == ["2024-08-06", "2024-08-12"]
    assert {c.value for c in by_kind["region"]} == {"Kursk"}


# -- sentences of our own ----------------------------------------------------------------

MI = round(KM_PER_MILE, 3)

POSITIVE = [
    # depth: context words, units, words, ranges, miles, metres
    (
        "Acting governor Alexei Smirnov said the enemy had pushed twelve kilometres into the region.",
        [("depth", 12, None, None, None, "Alexei Smirnov")],
    ),
    ("The troops advanced up to 35 km, according to Smirnov.", [("depth", 35, None, None, "up to", "Smirnov")]),
    ("Units are now 28–35 km deep into Russian territory.", [("depth", 35, 28, 35, None, None)]),
    ("They advanced between 28 and 35 km.", [("depth", 35, 28, 35, None, None)]),
    (
        "The column drove from 28 to 35 kilometers into Kursk Oblast.",
        [("depth", 35, 28, 35, None, None), ("region", "Kursk", None, None, None, None)],
    ),
    (
        "Ukraine has pushed 15-20 miles into Russia, Zelensky said.",
        [
            (
                "depth",
                round(20 * KM_PER_MILE, 3),
                round(15 * KM_PER_MILE, 3),
                round(20 * KM_PER_MILE, 3),
                None,
                "Zelensky",
            )
        ],
    ),
    ("The incursion pushed ten miles into Russia.", [("depth", round(10 * KM_PER_MILE, 3), None, None, None, None)]),
    ("Troops advanced 12 km from the border.", [("depth", 12, None, None, None, None)]),
    ("The push is up to 10 km in depth.", [("depth", 10, None, None, "up to", None)]),
    ("Scouts were already 500 metres deep.", [("depth", 0.5, None, None, None, None)]),
    ("The army penetrated a hundred kilometres deep.", [("depth", 100, None, None, None, None)]),
    # width
    ("The attack came along a 40 km front.", [("width", 40, None, None, None, None)]),
    ("The breach is 40 km wide, Syrskyi reported.", [("width", 40, None, None, None, "Syrskyi")]),
    (
        "They took nine villages along a stretch of border roughly 70 km long.",
        [("settlements", 9, None, None, None, None), ("width", 70, None, None, "about", None)],
    ),
    ("The front line is about 40 km long.", [("width", 40, None, None, "about", None)]),
    ("A column 5 km long moved towards the border.", []),  # no front's length
    ("A 30-mile-wide front opened.", [("width", round(30 * KM_PER_MILE, 3), None, None, None, None)]),
    ("The front line stretches for one mile.", [("width", MI, None, None, None, None)]),
    (
        "They advanced 10 km along a 40 km front.",
        [("depth", 10, None, None, None, None), ("width", 40, None, None, None, None)],
    ),
    # settlements
    (
        "Oleksandr Syrskyi, commander-in-chief, said Kyiv controls 74 settlements.",
        [("settlements", 74, None, None, None, "Oleksandr Syrskyi")],
    ),
    ("Twenty-eight villages are under Ukrainian control.", [("settlements", 28, None, None, None, None)]),
    ("More than 100 localities are under Kyiv's control.", [("settlements", 100, None, None, "more than", None)]),
    ("Between 20 and 30 villages are held.", [("settlements", 25, 20, 30, None, None)]),
    ("Troops took over 28 villages.", [("settlements", 28, None, None, None, None)]),
    (
        '"The enemy holds 28 border villages," said Governor Alexei Smirnov.',
        [("settlements", 28, None, None, None, "Alexei Smirnov")],
    ),
    # area
    ("Kyiv now holds 1,150 km² of Russian land.", [("area", 1150, None, None, None, None)]),
    ("Kyiv now holds 1,150 km2 of Russian land.", [("area", 1150, None, None, None, None)]),
    (
        "Ukraine controls about 1,000 square kilometres, the general staff said.",
        [("area", 1000, None, None, "about", "General Staff")],
    ),  # organisations count (issue 10)
    (
        "Ukrainian forces captured 386 sq mi of territory.",
        [("area", round(386 * KM2_PER_SQ_MILE, 3), None, None, None, None)],
    ),
    ("Nearly 1 000 square kilometers have been taken.", [("area", 1000, None, None, "nearly", None)]),
    ("The Ukrainians hold a 1,000-square-kilometre area.", [("area", 1000, None, None, None, None)]),
    ("Ukraine has taken 1.5 thousand square kilometres.", [("area", 1500, None, None, None, None)]),
    ("In a day they took 40 more square km.", [("area", 40, None, None, None, None)]),
    # evacuations and population
    ("Some 121,000 people have been evacuated so far.", [("evacuated", 121_000, None, None, "about", None)]),
    ("Another 59,000 still to be evacuated, officials said.", [("to_evacuate", 59_000, None, None, None, None)]),
    ("Gladkov said 3,000 people remain to be evacuated.", [("to_evacuate", 3000, None, None, None, "Gladkov")]),
    ("Authorities plan to evacuate 20,000 residents.", [("to_evacuate", 20_000, None, None, None, None)]),
    ("The district has a population of 20,000.", [("population", 20_000, None, None, None, None)]),
    ("11,000 people have already left, Gladkov said.", [("evacuated", 11_000, None, None, None, "Gladkov")]),
    ("About 2,000 people are left in the town.", [("population", 2000, None, None, "about", None)]),
    (
        "Approximately 180,000 residents live in the border districts.",
        [("population", 180_000, None, None, "about", None)],
    ),
    (
        "Belgorod governor Vyacheslav Gladkov said 11,000 residents were evacuated from Belgorod Oblast.",
        [
            ("evacuated", 11_000, None, None, None, "Vyacheslav Gladkov"),
            ("region", "Belgorod", None, None, None, "Vyacheslav Gladkov"),
        ],
    ),
    # claimants: title stripped, listener not taken, appositive, organisation taken
    (
        "Kursk Governor Alexei Smirnov told Putin that the enemy was 12 km deep.",
        [("depth", 12, None, None, None, "Alexei Smirnov")],
    ),
    (  # the listener of "reported to" is no claimant either
        "Commander-in-Chief Oleksandr Syrskyi reported to President Volodymyr Zelenskyy that 74 settlements are held.",
        [("settlements", 74, None, None, None, "Oleksandr Syrskyi")],
    ),
    (  # who published a recording claims only when nobody is named speaking
        "Oleksandr Syrskyi reported to the president on Tuesday evening that Ukrainian troops now hold"
        " 74 settlements, according to the video shared by Zelenskyy.",
        [("settlements", 74, None, None, None, "Oleksandr Syrskyi")],
    ),
    (
        "Ukrainian troops hold 74 settlements, according to a video posted by Volodymyr Zelenskyy.",
        [("settlements", 74, None, None, None, "Volodymyr Zelenskyy")],
    ),
    (  # a capital inside a name continues it
        "Russian units hold some 90 square kilometres, according to DeepState.",
        [("area", 90, None, None, "about", "DeepState")],
    ),
    (
        "Russian President Vladimir Putin said 12 villages were lost.",
        [("settlements", 12, None, None, None, "Vladimir Putin")],
    ),
    (
        "The regional head, Alexander Khinshtein, said 110,000 residents had been evacuated.",
        [("evacuated", 110_000, None, None, None, "Alexander Khinshtein")],
    ),
    (
        "Breitbart News reported that 180,000 people live in the area.",  # organisations count (issue 10)
        [("population", 180_000, None, None, None, "Breitbart News")],
    ),
    # dates and regions
    (
        "Ukraine advanced 12.5 km deep into Bryansk region on 2024-08-12.",
        [
            ("depth", 12.5, None, None, None, None),
            ("region", "Bryansk", None, None, None, None),
            ("date", "2024-08-12", None, None, None, None),
        ],
    ),
    (
        "Forty villages were taken on 6 August 2024 in Sumy oblast.",
        [
            ("settlements", 40, None, None, None, None),
            ("date", "2024-08-06", None, None, None, None),
            ("region", "Sumy", None, None, None, None),
        ],
    ),
    (
        "Ukraine's troops control 1,000 km² and 74 settlements, Syrskyi reported on August 12th, 2024.",
        [
            ("area", 1000, None, None, None, "Syrskyi"),
            ("settlements", 74, None, None, None, "Syrskyi"),
            ("date", "2024-08-12", None, None, None, "Syrskyi"),
        ],
    ),
]


@pytest.mark.parametrize("sentence, expected", POSITIVE, ids=[s[:40] for s, _ in POSITIVE])
def test_sentence(sentence, expected):
    claims = extract_claims(sentence)
    assert summary(claims) == expected
    assert_offsets(sentence, claims)


def test_there_are_enough_sentences():
    assert len(POSITIVE) >= 30


NEGATIVE = [
    "A 12-year-old boy was injured near the border.",
    "The drive to Kursk took 40 minutes.",
    "For help call +7 495 123-45-67 or call 112.",
    "In 2024 the war went on.",
    "The convoy moved at 12 km/h towards the front.",
    "The column advanced at 12 km/h.",
    "The village lies 40 km away from Kursk.",
    "Sudzha, a town 12 km from the border, was shelled.",
    "Troops advanced to a village 12 km from the border.",
    "Turnout was 12%, and 28 percent of residents voted.",
    "The aid package was $12 million, or 11 million euros, for 40 km of road.",
    "The 28th brigade took part.",
    "Twelve civilians were killed in the strike.",
    "Kyiv is 500 kilometres north of the front.",
    "The figure of 28 is wrong.",
]


@pytest.mark.parametrize("sentence", NEGATIVE, ids=[s[:40] for s in NEGATIVE])
def test_no_figure(sentence):
    claims = extract_claims(sentence)
    assert [c for c in claims if c.kind in FIGURES] == []
    assert_offsets(sentence, claims)


def test_day_month_is_a_date_not_a_count():
    (claim,) = extract_claims("On 28 August 2024 the shelling resumed.")
    assert (claim.kind, claim.value, claim.original) == ("date", "2024-08-28", "28 August 2024")
    (claim,) = extract_claims("On 28 August the shelling resumed.")
    assert (claim.kind, claim.value, claim.original) == ("date", None, "28 August")


def test_percent_and_money_leave_the_real_count():
    claims = extract_claims("Turnout in the 40 villages was 12%.")
    assert summary(claims) == [("settlements", 40, None, None, None, None)]


def test_a_day_without_a_year_takes_the_nearest_full_dates_year():
    text = "The raid began on 6 August 2024.\n\nBy Aug. 12 the troops were 30 km deep."
    claims = extract_claims(text)
    assert [(c.kind, c.value, c.date) for c in claims] == [
        ("date", "2024-08-06", "2024-08-06"),
        ("date", "2024-08-12", "2024-08-12"),
        ("depth", 30, "2024-08-12"),
    ]


def test_date_carries_over_within_a_paragraph_only():
    text = "On 6 August 2024 troops crossed the border. They advanced 10 km deep.\n\nLater they held 28 villages."
    claims = extract_claims(text)
    assert [(c.kind, c.date) for c in claims] == [
        ("date", "2024-08-06"),
        ("depth", "2024-08-06"),
        ("settlements", None),
    ]


def test_lines_are_paragraphs_when_there_are_no_blank_lines():
    text = "On 6 August 2024 troops crossed.\nThey advanced 10 km deep."
    assert [c.date for c in extract_claims(text)] == ["2024-08-06", None]


def test_surname_resolves_to_the_full_name_given_earlier():
    text = (
        "Oleksandr Syrskyi visited Sudzha, 10 km from the border. "
        "Syrskyi reported that his troops held 1,000 square kilometres."
    )
    assert summary(extract_claims(text)) == [("area", 1000, None, None, None, "Oleksandr Syrskyi")]


def test_a_quotation_over_several_sentences_keeps_its_speaker():
    text = '"We control 28 villages. We pushed 12 km deep," Syrskyi said on Telegram. Rain fell on 3 villages.'
    assert summary(extract_claims(text)) == [
        ("settlements", 28, None, None, None, "Syrskyi"),
        ("depth", 12, None, None, None, "Syrskyi"),
        ("settlements", 3, None, None, None, None),
    ]


def test_he_said_takes_the_person_last_named():
    text = "Syrskyi said his troops were 30 km deep. He added that 82 settlements were held."
    assert summary(extract_claims(text)) == [
        ("depth", 30, None, None, None, "Syrskyi"),
        ("settlements", 82, None, None, None, "Syrskyi"),
    ]


def test_json_and_no_claims():
    assert extract_claims("Nothing to see here.") == []
    (claim,) = extract_claims("They advanced about 28-35 km deep.")
    doc = claim.to_json()
    assert list(doc) == [
        "kind",
        "value",
        "unit",
        "min",
        "max",
        "qualifier",
        "original",
        "start",
        "end",
        "sentence",
        "claimant",
        "date",
        "increment",
        "retaken",
    ]
    assert doc == {
        "kind": "depth",
        "value": 35,
        "unit": "km",
        "min": 28,
        "max": 35,
        "qualifier": "about",
        "original": "28-35 km",
        "start": 20,
        "end": 28,
        "sentence": "They advanced about 28-35 km deep.",
        "claimant": None,
        "date": None,
        "increment": False,
        "retaken": False,
    }


# -- ground retaken by the defender -------------------------------------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Russian forces have retaken 32 settlements in Kursk region since September.", [("settlements", 32, True)]),
        ("The ministry said 801 km² had been recaptured.", [("area", 801, True)]),
        ("Russia regained control of 64 square kilometres.", [("area", 64, True)]),
        ("Россия вернула под свой контроль 32 населенных пункта.", [("settlements", 32, True)]),
        ("Ukrainian forces captured 74 settlements.", [("settlements", 74, False)]),
        # the verb governs another clause or another figure
        ("After Russia retook Sudzha, Ukraine held 400 km².", [("area", 400, False)]),
        (
            "Russia retook 5 villages while Ukraine held 90 villages.",
            [("settlements", 5, True), ("settlements", 90, False)],
        ),
        # each side says it "liberated" the ground it takes
        ("Russian troops liberated 801 square kilometres.", [("area", 801, False)]),
    ],
)
def test_ground_the_defender_took_back_is_marked_retaken(text, expected):
    figures = [(c.kind, c.value, c.retaken) for c in extract_claims(text) if c.kind in FIGURES]
    assert figures == expected


def test_retaken_ground_makes_no_claim_of_a_text():
    from frontmap.claims import claims_from_text

    (claim,) = claims_from_text("Russian forces retook 32 settlements; Ukraine holds 1,000 km² in Kursk region.")
    assert claim.numbers() == {"area_km2": 1000}


# -- the command line ----------------------------------------------------------------------


def test_cli_json(tmp_path):
    path = tmp_path / "report.txt"
    text = "On 12 August 2024 Smirnov said the enemy was 12 km deep along a 40 km front in Kursk region.\n"
    path.write_text(text, encoding="utf-8")
    result = invoke(["claims", str(path), "--json"])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert isinstance(doc, list) and all(set(c) == JSON_KEYS for c in doc)
    assert [(c["kind"], c["value"], c["claimant"], c["date"]) for c in doc] == [
        ("date", "2024-08-12", "Smirnov", "2024-08-12"),
        ("depth", 12, "Smirnov", "2024-08-12"),
        ("width", 40, "Smirnov", "2024-08-12"),
        ("region", "Kursk", "Smirnov", "2024-08-12"),
    ]
    assert all(text[c["start"] : c["end"]] == c["original"] for c in doc)


def test_cli_table_reads_stdin():
    result = invoke(["claims", "-"], input="Some 121,000 people have been evacuated, Smirnov said.\n")
    assert result.exit_code == 0, result.output
    header, row = result.stdout.splitlines()
    assert header.split() == ["kind", "value", "unit", "original", "claimant", "date"]
    assert row.split() == ["evacuated", "about", "121,000", "count", "121,000", "people", "Smirnov", "-"]


def test_cli_table_shows_ranges():
    result = invoke(["claims", "-"], input="Between 20 and 30 villages are held.")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[1].split()[:4] == ["settlements", "25", "(20–30)", "count"]


def test_cli_no_claims():
    result = invoke(["claims", "-"], input="Nothing to see here.\n")
    assert (result.exit_code, result.stdout) == (0, "no claims found\n")
    result = invoke(["claims", "-", "--json"], input="Nothing to see here.\n")
    assert (result.exit_code, json.loads(result.stdout)) == (0, [])


def test_cli_digest_table():
    result = invoke(["claims", str(DIGEST)])
    assert result.exit_code == 0, result.output
    depth = [line.split() for line in result.stdout.splitlines() if line.startswith("depth")]
    assert depth == [["depth", "12", "km", "12", "km", "Alexei", "Smirnov", "2024-08-12"]]


def test_cli_missing_file(tmp_path):
    missing = str(tmp_path / "missing.txt")
    assert_bad_input(invoke(["claims", missing]), [missing, "No such file"])


def test_cli_undecodable_file(tmp_path):
    path = tmp_path / "latin1.txt"
    path.write_bytes("Pokrovsk \xe9t\xe9 12 km deep".encode("latin-1"))
    assert_bad_input(invoke(["claims", str(path)]), [str(path), "not UTF-8"])


def test_cli_output_file(tmp_path):
    out = tmp_path / "claims.json"
    result = invoke(["claims", "-", "--json", "-o", str(out)], input="They hold 28 villages.")
    assert (result.exit_code, result.stdout) == (0, "")
    assert [c["value"] for c in json.loads(out.read_text(encoding="utf-8"))] == [28]
    assert_bad_input(invoke(["claims", "-", "-o", str(out)], input="x"), ["exists", "--overwrite"])
