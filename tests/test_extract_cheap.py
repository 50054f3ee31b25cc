"""The cheap paths of text extraction: patterns compiled on first use, numbers in words looked for
only where a sentence holds one, frontmap.places imported only when a place is found, and
``frontmap claims FILE`` loading no geometry library.  Each must give what the full path gives.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from frontmap import extract
from frontmap.lazyre import compile_later

ROOT = Path(__file__).resolve().parents[1]
KURSK = ROOT / "data" / "claims" / "kursk-2024.toml"

# -- compile_later ----------------------------------------------------------------------------


def test_a_deferred_pattern_compiles_on_first_use_only():
    pattern = compile_later(r"(?P<n>\d+)\s*km", re.IGNORECASE)
    assert pattern.pattern == r"(?P<n>\d+)\s*km"
    assert "search" not in vars(pattern)  # reading .pattern compiled nothing
    assert pattern.search("advanced 12 KM").group("n") == "12"
    assert vars(pattern)["search"].__self__ is vars(pattern)["finditer"].__self__  # one compiled pattern
    assert pattern.groupindex == {"n": 1}


def test_a_bad_deferred_pattern_fails_when_used():
    pattern = compile_later(r"(unclosed")
    with pytest.raises(re.error):
        pattern.search("x")


@pytest.mark.parametrize("flags", [0, re.IGNORECASE, re.IGNORECASE | re.DOTALL])
@pytest.mark.parametrize("text", ["", "12 km and 3 KM", "a\nb 7 km\n", "ſ 5 km"])
def test_a_deferred_pattern_answers_as_the_compiled_one(flags, text):
    source = r"(?<!\w)(?P<n>\d+)\s*km|.\n|ſ"
    deferred, compiled = compile_later(source, flags), re.compile(source, flags)
    assert [m.span() for m in deferred.finditer(text)] == [m.span() for m in compiled.finditer(text)]
    assert [m.span() for m in deferred.finditer(text, 1, max(1, len(text) - 1))] == [
        m.span() for m in compiled.finditer(text, 1, max(1, len(text) - 1))
    ]
    assert deferred.sub("#", text) == compiled.sub("#", text)
    assert deferred.split(text) == compiled.split(text)
    assert (deferred.flags, deferred.groups) == (compiled.flags, compiled.groups)
    for method in ("search", "match", "fullmatch"):
        got, want = getattr(deferred, method)(text), getattr(compiled, method)(text)
        assert (got and got.span()) == (want and want.span())


def test_the_extractors_hold_no_compiled_pattern():
    from frontmap import extract_places

    for module in (extract, extract_places):
        for name, value in vars(module).items():
            values = value if isinstance(value, tuple) else (value,)
            assert not any(isinstance(v, re.Pattern) for v in values), f"{module.__name__}.{name}"


# -- numbers in digits only --------------------------------------------------------------------

_TOKENS = [
    "1", "12", "1,000", "1 000", "12.5", "2024", "3rd", "th", "st", "to", "and", "between", "from",
    "thousand", "million", "km", "a", "A", "x", "$", "ſ", "tens", "someone", "often", "tenth", "twentyfold",
]  # fmt: skip
_SEPARATORS = [" ", " ", " ", "  ", "-", "–", ":", ",", ".", "\n", "#", "/", ""]
_NUMBER_WORDS = [*extract._ONES, *extract._TEENS, *extract._TENS, *extract._SCALES, "dozen"]


@pytest.mark.parametrize("word", _NUMBER_WORDS)
@settings(max_examples=80, deadline=None)
@given(data=st.data())
def test_without_a_number_word_the_digits_pattern_finds_what_the_full_one_finds(word, data):
    # The texts mix digits and one number word ("seven", "Seven", "a SEVEN"); those in which the
    # detector finds none must give the same matches with either pattern.
    words = [word, word.title(), word.upper(), f"a {word}", f"A {word.title()}"]
    tokens = data.draw(st.lists(st.sampled_from(_TOKENS + words), max_size=8))
    separators = data.draw(st.lists(st.sampled_from(_SEPARATORS), min_size=len(tokens), max_size=len(tokens)))
    text = "".join(t + s for t, s in zip(tokens, separators, strict=True))
    start, end = 0, len(text)
    if data.draw(st.booleans()):  # a sentence within the text, as extract_claims reads it
        start = data.draw(st.integers(0, len(text)))
        end = data.draw(st.integers(start, len(text)))
    if extract._NUMBER_WORD.search(text, start, end):
        return
    digits, full = extract._quantity(False), extract._quantity(True)
    assert [(m.span(), m.groupdict()) for m in digits.finditer(text, start, end)] == [
        (m.span(), m.groupdict()) for m in full.finditer(text, start, end)
    ]


@pytest.mark.parametrize(
    "text",
    ["twenty km", "Between one and 3 km", "a Dozen villages", "A hundred people", "a thousand", "SEVENTEEN", "zero"],
)
def test_every_number_in_words_holds_a_number_word(text):
    assert extract._quantity(True).search(text) is not None
    assert extract._NUMBER_WORD.search(text) is not None


def test_numbers_in_digits_and_in_words_in_one_text_are_both_read():
    found = extract.extract_claims("They took 28 villages. Later they took thirty villages.")
    assert [(c.kind, c.value) for c in found] == [("settlements", 28), ("settlements", 30)]


# -- frontmap claims in a fresh process --------------------------------------------------------

_WATCHED = (
    "numpy",
    "shapely",
    "pyproj",
    "frontmap.places",
    "frontmap.settlements",
    "frontmap.export",
    "frontmap.vector",
    "text_to_num",
)


def _claims_run(args: list[str], tmp_path) -> tuple[set[str], bool, str]:
    """Which watched modules a fresh ``frontmap claims ARGS`` loaded, whether it compiled the
    pattern for numbers in words, and its stdout.
    """
    code = (
        "import sys\nfrom frontmap.cli.main import cli\n"
        f"try:\n    cli.main({['claims', *args]!r}, standalone_mode=False)\nexcept SystemExit:\n    pass\n"
        "import frontmap.extract as x\n"
        f"sys.stderr.write(','.join(m for m in {_WATCHED!r} if m in sys.modules) + '\\n')\n"
        "n = x._quantity.cache_info().currsize\n"
        "x._quantity(True)  # a new entry: the run had not compiled the pattern for words\n"
        "sys.stderr.write(str(x._quantity.cache_info().currsize == n) + '\\n')\n"
    )
    with open(tmp_path / "stdout", "w", encoding="utf-8") as out:
        done = subprocess.run([sys.executable, "-c", code], stdout=out, stderr=subprocess.PIPE, text=True, check=True)
    modules, patterns = done.stderr.splitlines()[-2:]
    return set(filter(None, modules.split(","))), patterns == "True", (tmp_path / "stdout").read_text(encoding="utf-8")


def test_claims_of_the_kursk_claim_file_take_the_cheap_path(tmp_path):
    modules, words, table = _claims_run([str(KURSK)], tmp_path)
    assert modules == set()  # no geometry, no register code (it names no place), no number words
    assert not words
    assert "depth       3 (1–3)      km     1 to 3 km" in table
    assert "area        about 1,000  km2    1,000 square kilometres" in table


def test_claims_as_json_load_no_geometry(tmp_path):
    modules, _, doc = _claims_run(["--json", str(KURSK)], tmp_path)
    assert modules == {"frontmap.export"}
    assert ("depth", 3, 1, 3) in [(c["kind"], c["value"], c.get("min"), c.get("max")) for c in json.loads(doc)]


def test_claims_of_a_text_with_places_and_words_take_the_full_path(tmp_path):
    text = tmp_path / "report.txt"
    text.write_text("Ukrainian troops captured Sudzha and took twenty-eight villages, the governor said.\n")
    modules, words, table = _claims_run([str(text)], tmp_path)
    assert modules == {"frontmap.places", "frontmap.settlements", "text_to_num"}
    assert words
    rows = [line.split() for line in table.splitlines()]
    assert rows[1][:5] == ["place", "inside", "Sudzha", "(id", "115637)"]
    assert rows[2][:2] == ["settlements", "28"]
