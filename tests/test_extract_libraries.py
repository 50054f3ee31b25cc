"""What frontmap.extract and frontmap.claims hand to libraries: number words to text2num,
claim-file fields to a msgspec schema.  The results and the one-line errors stay frontmap's."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from frontmap.claims import ClaimFileError, load_claim_file
from frontmap.errors import InvalidSpecError
from frontmap.extract import extract_claims

_ONES = ["", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]
_TEENS = ["ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"]
_TENS = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]


def _under_100(n: int, hyphen: bool) -> str:
    if n < 10:
        return _ONES[n]
    if n < 20:
        return _TEENS[n - 10]
    tens, ones = divmod(n, 10)
    return _TENS[tens] + (("-" if hyphen else " ") + _ONES[ones] if ones else "")


def _under_1000(n: int, hyphen: bool, article: bool, conjunction: bool) -> str:
    hundreds, rest = divmod(n, 100)
    if not hundreds:
        return _under_100(rest, hyphen)
    head = ("a" if article and hundreds == 1 else _ONES[hundreds]) + " hundred"
    return head + ((" and " if conjunction else " ") + _under_100(rest, hyphen) if rest else "")


def _words(n: int, hyphen: bool, article: bool, conjunction: bool) -> str:
    """``n`` (1 to 999,999) in English words, in one of the ways reports write them."""
    thousands, rest = divmod(n, 1000)
    low = _under_1000(rest, hyphen, article, conjunction) if rest else ""
    if not thousands:
        return low
    head = "a" if article and thousands == 1 else _under_1000(thousands, hyphen, article, conjunction)
    return f"{head} thousand" + ((" and " if conjunction and rest < 100 else " ") + low if low else "")


@settings(max_examples=300, deadline=None)
@given(st.integers(1, 999_999), st.booleans(), st.booleans(), st.booleans())
def test_a_count_in_words_is_read_as_its_number(n, hyphen, article, conjunction):
    words = _words(n, hyphen, article, conjunction)
    (claim,) = extract_claims(f"Ukrainian forces control {words} settlements.")
    assert (claim.kind, claim.value, claim.original) == ("settlements", n, f"{words} settlements")


@pytest.mark.parametrize(
    "text, value",
    [
        ("They took a dozen villages.", 12),
        ("They took A Hundred villages.", 100),
        ("They took twenty -  eight villages.", 28),
        ("They took twenty \t eight villages.", 28),
        ("They took a hundred and zero villages.", 100),
        ("They took 1.5 thousand villages.", 1500),
        ("They took zero villages.", 0),
    ],
)
def test_number_word_edge_cases(text, value):
    (claim,) = extract_claims(text)
    assert claim.value == value


def test_report_options_name_the_parameter():
    with pytest.raises(InvalidSpecError, match=r"^date='2024-13-01' is not a calendar date") as bad_date:
        extract_claims("12 km deep.", date="2024-13-01")
    assert bad_date.value.param == "date"
    with pytest.raises(InvalidSpecError, match=r"^year=3000 is not allowed: give a year from 1900 to 2100") as bad_year:
        extract_claims("12 km deep.", year=3000)
    assert bad_year.value.param == "year"
    for text in (None, b"12 km deep", 12):
        with pytest.raises(TypeError, match="^text must be a str"):
            extract_claims(text)


HEAD = "[[claim]]\ndate = 2024-08-12\nclaimant = 'Smirnov'\n"


@pytest.mark.parametrize(
    "body, expected",
    [
        ("settlements = 28.0", {"settlements": 28}),
        ("settlements = [20.0, 30]", {"settlements": (20, 30)}),
        ("depth_km = 12", {"depth_km": 12}),
        ("depth_km = [28, 35.5]", {"depth_km": (28, 35.5)}),
        ("area_km2 = 1000000", {"area_km2": 1_000_000}),
        ("width_km = 2500.0", {"width_km": 2500.0}),
    ],
)
def test_numbers_keep_the_value_written(body, expected):
    (claim,) = load_claim_file("x.toml", text=HEAD + body + "\n").claims
    assert claim.numbers() == expected
    assert {k: type(v) for k, v in claim.numbers().items()} == {k: type(v) for k, v in expected.items()}


@pytest.mark.parametrize(
    "head, value",
    [
        ("[[claim]]\ndate = ' 2024-08-12 '\nclaimant = 'X'\ndepth_km = 3\n", "2024-08-12"),
        ("[[claim]]\ndate = 2024-08-12T23:30:00+03:00\nclaimant = 'X'\ndepth_km = 3\n", "2024-08-12"),
        ("[[claim]]\ndate = 1900-01-01\nclaimant = 'X'\ndepth_km = 3\n", "1900-01-01"),
    ],
)
def test_dates_in_every_form_a_claim_file_may_use(head, value):
    (claim,) = load_claim_file("x.toml", text=head).claims
    assert claim.date == value


def test_side_is_read_in_any_case_and_window_as_a_float():
    (claim,) = load_claim_file("x.toml", text=HEAD + "depth_km = 3\nside = ' ukr '\nwindow_km = 0\n").claims
    assert (claim.side, claim.window_km, type(claim.window_km)) == ("UKR", 0.0, float)


@pytest.mark.parametrize(
    "body, needles",
    [
        ("settlements = [1, 2000000]", ["claim 1 (2024-08-12)", "settlements=[1, 2000000]", "at most 1,000,000"]),
        ("settlements = [20.5, 30]", ["settlements=[20.5, 30]", "whole number"]),
        ("depth_km = [true, 3]", ["depth_km=[True, 3]", "a number of km"]),
        ("depth_km = [[1, 2], [3, 4]]", ["depth_km=[[1, 2], [3, 4]]", "[min, max]"]),
        ("width_km = 0.0", ["width_km=0.0", "> 0"]),
        ("depth_km = 3\nwindow_km = nan", ["window_km=nan", "from 0 to 100"]),
        ("depth_km = 3\nwindow_km = -0.0001", ["window_km=-0.0001", "from 0 to 100"]),
        ("depth_km = 3\nside = ['RUS']", ["side=['RUS']", "RUS, UKR"]),
        ("depth_km = 3\nrole = 2024-08-12", ["role=2024-08-12", "role must be text"]),
        ("inside = []", ["inside=[]", "list of place names"]),
        ("inside = 'Sudzha'", ["inside='Sudzha'", "list of place names"]),
        ("contested = ['Sudzha', ' ']", ["contested holds ' '", "1 to 200 characters"]),
        ("outside = ['Sudzha', 5]", ["outside holds 5", "1 to 200 characters"]),
        ("outside = ['" + "x" * 201 + "']", ["outside holds 'xxx", "1 to 200 characters"]),
    ],
)
def test_each_field_error_is_one_line_naming_claim_field_value_and_rule(body, needles):
    with pytest.raises(ClaimFileError) as caught:
        load_claim_file("x.toml", text=HEAD + body + "\n")
    message = str(caught.value)
    assert "\n" not in message and message.startswith("claim file 'x.toml', claim 1")
    for needle in needles:
        assert needle in message, message


@pytest.mark.parametrize(
    "head, needles",
    [
        ("[operation]\nanchor = ' '\n" + HEAD + "depth_km = 3\n", ["[operation]", "anchor=' '", "non-empty text"]),
        ("[operation]\nside = 'NATO'\n" + HEAD + "depth_km = 3\n", ["[operation]", "side='NATO'", "RUS, UKR"]),
        (
            "[operation]\nstart = '2024-08'\n" + HEAD + "depth_km = 3\n",
            ["[operation]", "start='2024-08'", "start must be a date like 2024-08-12"],
        ),
    ],
)
def test_operation_errors_name_the_table(head, needles):
    with pytest.raises(ClaimFileError) as caught:
        load_claim_file("x.toml", text=head)
    message = str(caught.value)
    assert "\n" not in message
    for needle in needles:
        assert needle in message, message


def test_reading_a_claim_file_does_not_import_extraction_libraries_it_does_not_need():
    import subprocess
    import sys

    code = (
        "import sys; from frontmap.claims import load_claim_file; "
        "load_claim_file('x.toml', text=\"[[claim]]\\ndate = 2024-08-12\\nclaimant = 'X'\\ndepth_km = 3\\n\"); "
        "print(sorted(m for m in ('text_to_num', 'pydantic', 'dateparser', 'pysbd') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
