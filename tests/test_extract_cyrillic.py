"""frontmap.extract_cyrillic through frontmap.extract: figures, dates and regions in Russian and Ukrainian text.

The sentences are our own, written in the style of Telegram posts and official statements.
"""

from __future__ import annotations

import re
import subprocess
import sys

import pytest
from clitools import invoke
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from frontmap import extract_cyrillic
from frontmap.claims import claims_from_text
from frontmap.extract import KINDS, extract_claims


def figures(text: str, **kwargs) -> list[tuple]:
    """(kind, value, min, max, qualifier, increment, original) of every claim but dates and regions."""
    return [
        (c.kind, c.value, c.min, c.max, c.qualifier, c.increment, c.original)
        for c in extract_claims(text, **kwargs)
        if c.kind not in ("date", "region")
    ]


def F(kind, value, original, qualifier=None, *, lo=None, hi=None, increment=False):
    return (kind, value, lo, hi, qualifier, increment, original)


CASES = [
    # settlements, Russian and Ukrainian, with ё or е, an adjective between, the usual abbreviation
    ("Противник контролирует 28 населённых пунктов.", [F("settlements", 28, "28 населённых пунктов")]),
    ("Под контролем ВСУ остаются 28 населенных пунктов.", [F("settlements", 28, "28 населенных пунктов")]),
    ("Освобождены ещё 3 приграничных села.", [F("settlements", 3, "3 приграничных села")]),
    ("Армия заняла 12 деревень и 2 посёлка.", [F("settlements", 12, "12 деревень"), F("settlements", 2, "2 посёлка")]),
    ("Под контролем уже 74 н.п. в районе.", [F("settlements", 74, "74 н.п.")]),
    ("Сили оборони контролюють 28 населених пунктів.", [F("settlements", 28, "28 населених пунктів")]),
    ("Ворог окупував 5 сіл громади.", [F("settlements", 5, "5 сіл")]),
    ("Звільнено понад 40 прикордонних сіл.", [F("settlements", 40, "40 прикордонних сіл", "more than")]),
    ("Евакуйовано мешканців 2 громад.", [F("settlements", 2, "2 громад")]),
    # a count in words, up to three of them
    ("Противник занял три села.", [F("settlements", 3, "три села")]),
    ("Освобождены двадцать восемь населённых пунктов.", [F("settlements", 28, "двадцать восемь населённых пунктов")]),
    ("Под контролем остаются сто два населенных пункта.", [F("settlements", 102, "сто два населенных пункта")]),
    ("Ворог окупував п'ять сіл.", [F("settlements", 5, "п'ять сіл")]),
    ("ЗСУ звільнили дванадцять населених пунктів.", [F("settlements", 12, "дванадцять населених пунктів")]),
    ("Около десяти сёл заняты.", [F("settlements", 10, "десяти сёл", "about")]),
    ("Три дня шли бои, сім'я виїхала.", []),
    ("Три пять сёл.", []),  # no number
    # depth
    ("Войска вошли на глубину 12 км.", [F("depth", 12, "12 км")]),
    ("Подразделения продвинулись на 8 км вглубь обороны.", [F("depth", 8, "8 км")]),
    ("Глубина проникновения составляет 15 километров.", [F("depth", 15, "15 километров")]),
    ("Штурмовики зайшли вглиб на 5 км.", [F("depth", 5, "5 км")]),
    ("Бригада просунулася на глибину до 3 км.", [F("depth", 3, "3 км", "up to")]),
    ("Противник вклинился в оборону почти на 4 км.", [F("depth", 4, "4 км", "nearly")]),
    ("Колонна продвинулась на 5–7 км.", [F("depth", 7, "5–7 км", lo=5, hi=7)]),
    ("Штурмовые группы продвинулись от 3 до 5 км.", [F("depth", 5, "от 3 до 5 км", lo=3, hi=5)]),
    ("Розвідники просунулися на 1,5 км.", [F("depth", 1.5, "1,5 км")]),
    ("Танки прошли 800 метров вглубь.", [F("depth", 0.8, "800 метров")]),
    # advance: a further step, a local gain; a day's gain is an increment
    ("Противник продвинулся ещё на 2 км.", [F("advance", 2, "2 км")]),
    ("Ворог просунувся ще на 3 км.", [F("advance", 3, "3 км")]),
    ("Армия продвинулась на 1-2 км на отдельных участках.", [F("advance", 2, "1-2 км", lo=1, hi=2)]),
    ("Місцями ворог просунувся на 2 км.", [F("advance", 2, "2 км")]),
    ("За сутки противник продвинулся на 1,5 км.", [F("depth", 1.5, "1,5 км", increment=True)]),
    ("Ворог просунувся на 700 метрів за минулу добу.", [F("depth", 0.7, "700 метрів", increment=True)]),
    # width
    ("Наступление ведётся по фронту 40 км.", [F("width", 40, "40 км")]),
    ("Прорыв шириной 40 км.", [F("width", 40, "40 км")]),
    ("Ширина фронта 40 км.", [F("width", 40, "40 км")]),
    ("Бої тривають на ділянці 10 км.", [F("width", 10, "10 км")]),
    ("Атака велася на 30 км по фронту.", [F("width", 30, "30 км")]),
    ("Участок протяжённостью около 25 км.", [F("width", 25, "25 км", "about")]),
    ("Прорив шириною до 10 км.", [F("width", 10, "10 км", "up to")]),
    # area, numbers with spaces, no-break and narrow no-break spaces, thousands in words
    ("Под контролем 1000 кв. км территории.", [F("area", 1000, "1000 кв. км")]),
    ("Под контролем 1 000 км² территории.", [F("area", 1000, "1 000 км²")]),
    ("Под контролем 1\u00a0000 км2.", [F("area", 1000, "1\u00a0000 км2")]),
    ("Контролюємо 1\u202f150 квадратних кілометрів.", [F("area", 1150, "1\u202f150 квадратних кілометрів")]),
    ("Захвачено более 1 000 квадратных километров.", [F("area", 1000, "1 000 квадратных километров", "more than")]),
    ("Занято около 1,2 тыс. кв. км.", [F("area", 1200, "1,2 тыс. кв. км", "about")]),
    ("Площадь Курской области составляет 29 997 кв. км.", []),
    # a comma before exactly three digits separates thousands; before one, two or four it is decimal
    ("Под контролем 1,000 кв. км.", [F("area", 1000, "1,000 кв. км")]),
    ("Контролюємо 1,25 тис. кв. км.", [F("area", 1250, "1,25 тис. кв. км")]),
    ("Розвідники просунулися на 0,125 км.", [F("depth", 0.125, "0,125 км")]),
    # no claim: distances, ground lost, speeds, bare numbers
    ("Село находится в 12 км от границы.", []),
    ("Обстріл за 5 км від кордону.", []),
    ("Бой идёт на расстоянии 3 км от города.", []),
    ("ВСУ отошли на 2 км.", []),
    ("Колонна шла со скоростью 50 км в сутки.", []),
    ("В операции участвуют 12 бригад.", []),
]


@pytest.mark.parametrize("text, expected", CASES, ids=[t[:40] for t, _ in CASES])
def test_cyrillic_sentence(text, expected):
    assert figures(text) == expected


def test_the_three_kinds_of_the_reported_post():
    text = "Противник контролирует 28 населённых пунктов, глубина проникновения 12 км, ширина фронта 40 км."
    claims = extract_claims(text)
    assert [(c.kind, c.value, c.unit) for c in claims] == [
        ("settlements", 28, "count"),
        ("depth", 12, "km"),
        ("width", 40, "km"),
    ]
    for c in claims:
        assert text[c.start : c.end] == c.original
        assert c.sentence == text
        assert c.unit == KINDS[c.kind]


def test_a_ukrainian_post_with_depth_width_and_villages():
    text = "Ворог просунувся на 5 км вглиб на ділянці фронту шириною 10 км біля Вовчанська, захопивши 3 села."
    assert figures(text) == [F("depth", 5, "5 км"), F("width", 10, "10 км"), F("settlements", 3, "3 села")]


@pytest.mark.parametrize(
    "text, dates",
    [
        ("12 августа 2024 года ВСУ вошли в область.", ["2024-08-12"]),
        ("12 серпня 2024 року бригада просунулася.", ["2024-08-12"]),
        ("Сводка за 14.08.2024: без изменений.", ["2024-08-14"]),
        ("С 6 августа по 12 августа 2024 года.", ["2024-08-06", "2024-08-12"]),
        ("31 апреля 2024 года ничего не было.", []),
    ],
)
def test_cyrillic_dates(text, dates):
    assert [c.value for c in extract_claims(text) if c.kind == "date"] == dates


def test_a_figure_takes_its_sentences_cyrillic_date_and_a_day_without_year_the_reports():
    text = "6 августа 2024 года началось наступление. Армия заняла 12 деревень.\n\n15 августа взяты 3 села."
    claims = [(c.kind, c.value, c.date) for c in extract_claims(text, date="2024-08-20")]
    assert claims == [
        ("date", "2024-08-06", "2024-08-06"),
        ("settlements", 12, "2024-08-06"),
        ("date", "2024-08-15", "2024-08-15"),
        ("settlements", 3, "2024-08-15"),
    ]


@pytest.mark.parametrize(
    "text, region",
    [
        ("Бои идут в Курской области.", "Kursk"),
        ("Ситуация в Харківській області.", "Kharkiv"),
        ("Обстріли на Сумщині.", "Sumy"),
        ("Наступ на Курщині триває.", "Kursk"),
        ("Белгородская обл. под обстрелом.", "Belgorod"),
    ],
)
def test_cyrillic_regions(text, region):
    assert [(c.kind, c.value) for c in extract_claims(text)] == [("region", region)]


def test_sentences_end_before_a_cyrillic_capital():
    text = "Противник продвинулся ещё на 2 км. Глубина проникновения 12 км."
    claims = extract_claims(text)
    assert [(c.kind, c.sentence) for c in claims] == [
        ("advance", "Противник продвинулся ещё на 2 км."),
        ("depth", "Глубина проникновения 12 км."),
    ]
    # "г." and single initials do not end a sentence
    assert len({c.sentence for c in extract_claims("В г. Суджа 3 села. Взяты 2 деревни.")}) == 2


def test_a_cyrillic_claim_reaches_a_fit_as_an_english_one_does():
    text = "12 августа 2024 года противник контролирует 28 населённых пунктов, на глубину 12 км по фронту 40 км."
    (claim,) = claims_from_text(text)
    assert claim.date == "2024-08-12"
    assert claim.numbers() == {"settlements": 28, "depth_km": 12, "width_km": 40}
    assert [q["original"] for q in claim.quotes] == ["28 населённых пунктов", "12 км", "40 км"]


def test_a_mixed_text_reads_both_languages_once():
    text = "Syrskyi said troops held 74 settlements. Противник продвинулся на 3 км вглубь."
    assert figures(text) == [F("settlements", 74, "74 settlements"), F("depth", 3, "3 км")]
    # a Cyrillic name in an English sentence adds nothing
    assert figures("Ukrainian forces advanced 12 km deep near Суджа.") == [F("depth", 12, "12 km")]


def test_the_cli_table_shows_the_text_as_written():
    result = invoke(["claims", "-"], input="Сили оборони контролюють 1 000 км² та 74 населені пункти.\n")
    assert result.exit_code == 0, result.output
    rows = result.stdout.splitlines()
    assert rows[1].split() == ["area", "1,000", "km2", "1", "000", "км²", "-", "-"]
    assert rows[2].split() == ["settlements", "74", "count", "74", "населені", "пункти", "-", "-"]
    assert result.stderr == ""


# -- cheap and linear ------------------------------------------------------------------------------


def test_the_module_holds_no_compiled_pattern():
    for name, value in vars(extract_cyrillic).items():
        values = value if isinstance(value, tuple) else (value,)
        assert not any(isinstance(v, re.Pattern) for v in values), name


def test_an_english_text_does_not_load_the_cyrillic_reader():
    code = (
        "import sys\nfrom frontmap.extract import extract_claims\n"
        "extract_claims('Troops held 28 villages, 12 km deep, on 12 August 2024.')\n"
        "print('frontmap.extract_cyrillic' in sys.modules)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"


def test_a_cyrillic_sentence_of_thousands_of_figures_gives_every_figure():
    text = "Противник продвинулся " + ", ".join(f"на {i + 1} км вглубь" for i in range(2_000)) + "."
    claims = extract_claims(text)
    assert [c.value for c in claims] == list(range(1, 2_001))
    assert {c.kind for c in claims} == {"depth"}
    assert all(text[c.start : c.end] == c.original for c in claims)


@pytest.mark.parametrize(
    "text, count",
    [
        ("1" + " " * 20_000 + "км вглубь", 1),  # a run of spaces between a figure and its unit
        ("глубина" + " " * 20_000 + "12 км", 1),
        ("5 сел " * 2_000, 2_000),
        ("на " * 20_000 + "5 км вглубь", 1),
        ("до " * 20_000 + "5 км вглубь", 1),
        ("1 000 " * 10_000 + "км²", 1),
        ("г. " * 5_000 + "5 сел.", 1),
        ("12 августа 2024 " * 1_000, 0),
        ("ж" * 100_000 + " 28 сел.", 1),
        ("ширина " * 10_000 + "40 км.", 1),
    ],
    ids=range(10),
)
def test_pathological_cyrillic_runs(text, count):
    claims = [c for c in extract_claims(text) if c.kind not in ("date", "region")]
    assert len(claims) == count
    assert all(text[c.start : c.end] == c.original for c in claims)


_PIECES = [
    "на глубину",
    "до",
    "12 км",
    "1,5 км",
    "1 000 кв. км",
    "28 населённых пунктов",
    "3 села",
    "вглубь",
    "по фронту",
    "шириною",
    "12 августа 2024",
    "14.08.2024",
    "ещё",
    "за сутки",
    "от 5 до",
    "Курской области",
    ".",
    "  ",
    "\n\n",
    "«",
    "»",
]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(st.text(max_size=20), st.sampled_from(_PIECES)), max_size=40))
def test_cyrillic_extraction_never_raises_and_spans_are_the_text(parts):
    text = " ".join(parts)
    claims = extract_claims(text)
    assert [c.start for c in claims] == sorted(c.start for c in claims)
    for c in claims:
        assert 0 <= c.start < c.end <= len(text)
        assert text[c.start : c.end] == c.original
        assert c.unit == KINDS[c.kind]
        c.to_json()


# -- texts frontmap cannot read: an honest empty result -----------------------------------------------

NOTE = "note: no claims read: frontmap reads English, Russian and Ukrainian reporting; this text is "


@pytest.mark.parametrize(
    "text, script",
    [
        ("استولت القوات على ثلاث قرى قرب الحدود", "mostly Arabic"),
        ("部队占领了边境附近的三个村庄", "mostly CJK (Chinese or Japanese)"),
        ("Τα στρατεύματα κατέλαβαν τρία χωριά κοντά στα σύνορα", "mostly Greek"),
        (
            "Wojska zajęły trzy wsie przy granicy, podał w piątek rano sztab generalny armii polskiej.",
            "mostly Latin-script but does not read as English",
        ),
        (
            "Руске снаге заузеле су три села у области, саопштио је генералштаб данас ујутру.",
            "mostly Cyrillic but not Russian or Ukrainian",
        ),
    ],
    ids=["arabic", "cjk", "greek", "polish", "serbian"],
)
def test_a_text_in_another_language_is_said_to_be_unread(text, script):
    result = invoke(["claims", "-"], input=text + "\n")
    assert result.exit_code == 0, result.output
    assert result.stdout == ""  # not "no claims found": nothing was read
    assert result.stderr == NOTE + script + "\n"
    result = invoke(["claims", "-", "--json"], input=text + "\n")
    assert (result.exit_code, result.stdout, result.stderr) == (0, "[]\n", NOTE + script + "\n")


@pytest.mark.parametrize(
    "text",
    [
        "Nothing to see here.",
        "Rain fell over the city all afternoon and the streets of the old town were flooded again.",
        "Сегодня в городе шёл дождь, улицы затопило.",
        "Сьогодні в місті йшов дощ.",
        "12 34 !!",
        "\x00" * 10,
    ],
    ids=["english", "english-long", "russian", "ukrainian", "no-letters", "nul"],
)
def test_a_readable_text_without_claims_says_no_claims_found(text):
    result = invoke(["claims", "-"], input=text)
    assert (result.exit_code, result.stdout, result.stderr) == (0, "no claims found\n", "")


def test_a_text_with_claims_gets_no_note_whatever_else_it_holds():
    result = invoke(["claims", "-"], input="قرى. Troops held 28 villages. 部队占领了边境附近的三个村庄")
    assert result.exit_code == 0 and result.stderr == ""
    assert result.stdout.splitlines()[1].split()[:2] == ["settlements", "28"]


@pytest.mark.parametrize(
    "text, script",
    [
        ("Troops held 28 villages.", None),
        ("Ukrainian troops advance deep, capture villages, shell Belgorod, Kursk governor reports on Tuesday", None),
        ("Противник контролирует населённые пункты, глубина проникновения растёт, ширина фронта прежняя.", None),
        ("", None),
        ("ا" * 30_000 + " The troops held the villages of the region.", "mostly Arabic"),  # judged on its start
    ],
    ids=range(5),
)
def test_unreadable_script(text, script):
    from frontmap.extract import unreadable_script

    assert unreadable_script(text) == script
