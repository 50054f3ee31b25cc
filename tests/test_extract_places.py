"""Places from English text: names, statuses, spans, claimants, dates, and linear time."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from frontmap.extract_places import extract_places

sys.path.insert(0, str(Path(__file__).parent / "data" / "places"))
from sentences import CASES, FRESH  # noqa: E402

sys.path.pop(0)


def _found(text):
    return [
        (p.original, p.status, p.resolved.settlement.id if p.resolved.settlement else None)
        for p in extract_places(text)
    ]


@pytest.mark.parametrize(("sentence", "expected"), CASES + FRESH, ids=lambda v: v[:50] if isinstance(v, str) else "")
def test_sentence(sentence, expected):
    assert _found(sentence) == expected


def test_at_least_forty_sentences_with_places_of_each_status():
    assert len(CASES) + len(FRESH) >= 40
    statuses = {status for _, places in CASES for _, status, _ in places}
    assert statuses == {"inside", "contested", "outside"}


def test_spans_phrase_claimant_and_date():
    text = (
        "On 10 August 2024 acting governor Alexei Smirnov said Ukrainian troops had entered Sudzha.\n\n"
        '"Our troops repelled attacks near Tolpino," said Apti Alaudinov. Fighting continued at Guevo.'
    )
    found = extract_places(text)
    assert [p.original for p in found] == ["Sudzha", "Tolpino", "Guevo"]
    for p in found:
        assert text[p.start : p.end] == p.original
    sudzha, tolpino, guevo = found
    assert (sudzha.status, sudzha.phrase, sudzha.claimant, sudzha.date) == (
        "inside",
        "entered",
        "Alexei Smirnov",
        "2024-08-10",
    )
    assert (tolpino.status, tolpino.phrase, tolpino.claimant) == (
        "contested",
        "repelled attacks near",
        "Apti Alaudinov",
    )
    assert guevo.resolved.settlement.id == 148132 and guevo.status == "contested"
    assert tolpino.date is None  # a new paragraph and no date of its own


def test_json_has_the_settlement_or_candidates():
    sudzha, borki = extract_places("Ukrainian troops captured Sudzha. Russian troops retook Borki.")
    # Beside Sudzha, Borki is the one in Sudzhansky district; alone it is any of five (Rostov oblast has one).
    assert borki.resolved.settlement.id == 106750 and "nearest to the other places" in borki.resolved.how
    (borki,) = extract_places("Russian troops retook Borki.")
    doc = sudzha.to_json()
    assert doc["kind"] == "place" and doc["status"] == "inside" and doc["original"] == "Sudzha"
    assert doc["resolution"]["id"] == 115637 and doc["resolution"]["name"] == "Суджа"
    assert {"lon", "lat", "name_latin"} <= set(doc["resolution"])
    amb = borki.to_json()["resolution"]
    assert "id" not in amb and len(amb["candidates"]) == 5 and amb["how"].startswith("ambiguous")


def test_the_district_named_in_the_text_picks_a_namesake():
    (p,) = extract_places("Russian forces retook Borki in the Sudzha district.")
    assert p.resolved.settlement.id == 106750 and "Sudzha district" in p.resolved.how
    (q,) = extract_places("Fighting near Kozinka, Belgorod region, went on all day.")
    assert q.resolved.settlement.id == 101946


def test_places_become_place_statements():
    (p,) = extract_places("Ukrainian troops captured Sudzha.")
    place = p.to_place(source="report.txt")
    assert (place.query, place.status, place.phrase, place.source) == ("Sudzha", "inside", "captured", "report.txt")


@pytest.mark.parametrize(
    "text",
    [
        "captured " * 40_000,
        "Ukrainian troops captured " + "Sudzha, " * 30_000 + "and Guevo.",
        # Kept short: frontmap.extract's sentence attribution is quadratic in a chain of hyphenated
        # capitalised words (its _NAME_WORD is tried at every capital); reported to its owner.
        "fighting near " + "Aaaa-" * 1_500 + "Bbbb.",
        "fighting near " + "Aaaa-bbbb " * 20_000,
        "repelled " + "attacks " * 40_000 + "near Tolpino.",
        "Xxxx " * 40_000 + "was captured.",
        "The " + "Xxxx " * 40_000 + "has been has been has been retaken.",
        "near " * 40_000,
        ("Tolpino was " * 20_000) + "retaken.",
        "Ukrainian Russian " * 30_000 + "troops entered Sudzha.",
    ],
)
def test_pathological_texts_take_linear_time(text):
    # No timing assert (machines are noisy): quadratic behaviour makes this run for minutes.
    found = extract_places(text, resolve=False)
    assert len(found) <= len(text)
