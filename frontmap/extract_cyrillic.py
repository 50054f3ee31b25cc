"""Claims in Russian and Ukrainian text: the figures :mod:`frontmap.extract` reads in English.

:func:`frontmap.extract.extract_claims` hands each sentence that holds
Cyrillic letters to :func:`figures`, and a text that holds any to
:func:`find_dates`; the claims come out with the same kinds, values and
fields as those read in English, ``original`` the text as written.

- ``settlements``: a count with its noun ("28 населённых пунктов", "28 н.п.",
  "3 села", "12 деревень", "28 населених пунктів", "5 сіл", "2 громади"),
  an adjective or two between them allowed ("28 приграничных сёл"); the count
  may be spelled out in up to three words ("три села", "двадцять вісім
  населених пунктів", "сто два населённых пункта").
- ``depth``: km with a depth word ("на глубину 12 км", "12 км вглубь", "вглиб на
  5 км", "на глибину до 3 км", "глубина проникновения 12 км") or after an advance
  verb ("продвинулись на 5 км", "просунувся на 2 км"); a distance ("в 12 км от
  границы", "за 5 км від кордону"), ground lost ("отошли на 2 км") or a speed
  ("5 км в сутки") is none.
- ``advance``: a further step ("ещё на 2 км", "ще на 3 км") or a local gain
  ("на 1-2 км на отдельных участках", "місцями на 2 км"), as in English.
- ``width``: "по фронту 40 км", "40 км по фронту", "ширина фронта 40 км",
  "шириной 40 км", "шириною 10 км", "на участке 10 км", "на ділянці 10 км",
  "протяжённостью 40 км".
- ``area``: km² in any usual spelling ("1000 кв. км", "1 000 км²", "км2",
  "квадратных километров", "квадратних кілометрів"); an oblast's own size is none.
- ``region``: an oblast ("Курской области", "Харківська обл.", "Сумщина"),
  ``value`` its English name.
- ``date``: "12 августа 2024", "12 серпня 2024", "12.08.2024", or a day without a year.

Numbers take spaces, no-break or narrow no-break spaces between thousands
("1 000"), a decimal comma or point ("1,5 км" is 1.5 km; "1,000" with three
digits after the comma is a thousand) and "тыс."/"тис." ("1,2
тыс. кв. км"); ranges are "5-10", "5–10", "от 5 до 10", "від 5 до 10".  A word
before the figure sets the qualifier: "около", "примерно", "близько" (about),
"почти", "майже" (nearly), "до" (up to), "более", "свыше", "понад" (more than),
"не менее", "щонайменше" (at least), "менее", "менше" (less than).  A figure for
a day or a week ("за сутки", "за минулу добу", "ежедневно") is an increment.

Every pattern is compiled on first use and every look-back spans a few
words, so a sentence costs time linear in its length.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from .extract import _OTHER_CYRILLIC  # a letter of neither alphabet (nor Latin): "ј" in a Serbian sentence
from .lazyre import compile_later

if TYPE_CHECKING:
    from .extract import _Sentence, _Text

__all__ = ["figures", "find_dates"]


# -- dates ------------------------------------------------------------------------------------------

_MONTHS = {
    **{
        name: i + 1
        for i, name in enumerate(
            "января февраля марта апреля мая июня июля августа сентября октября ноября декабря".split()
        )
    },
    **{
        name: i + 1
        for i, name in enumerate(
            "січня лютого березня квітня травня червня липня серпня вересня жовтня листопада грудня".split()
        )
    },
}
_DATE_PATTERNS = (
    compile_later(
        rf"(?<![\w-])(?P<d>\d{{1,2}})\s+(?P<mon>{'|'.join(_MONTHS)})(?![\w])(?:\s+(?P<y>\d{{4}})(?!\d))?",
        re.IGNORECASE,
    ),
    compile_later(r"(?<![\w.,])(?P<d>\d{1,2})\.(?P<m>\d{1,2})\.(?P<y>\d{4})(?![\w]|[.,]\d)"),
)


def find_dates(text: str) -> list[tuple[int, int, int | None, int, int]]:
    """(start, end, year or None, month, day) for every Russian or Ukrainian date in a text.

    Parameters
    ----------
    text : str
        Any text.

    Returns
    -------
    list of tuple
        In the order the patterns find them; invalid days (31 April) are left out
        by the caller.

    Examples
    --------
    >>> find_dates("12 августа 2024 и 3 вересня, 14.08.2024")
    [(0, 15, 2024, 8, 12), (18, 27, None, 9, 3), (29, 39, 2024, 8, 14)]
    """
    found = []
    for pattern in _DATE_PATTERNS:
        for m in pattern.finditer(text):
            month = int(m["m"]) if "m" in pattern.groupindex else _MONTHS[m["mon"].lower()]
            found.append((m.start(), m.end(), int(m["y"]) if m["y"] else None, month, int(m["d"])))
    return found


# -- numbers ----------------------------------------------------------------------------------------

_SCALE = r"(?:\s*(?P<{0}>тыс\.|тыс(?![\w])|тысяч[аи]?(?![\w])|тис\.|тис(?![\w])|тисяч[аі]?(?![\w])))?"
_NUM = r"(?:\d{1,3}(?:[ \u00a0\u202f\u2009]\d{3})+(?!\d)|\d+)(?:[.,]\d+)?"
_QUANTITY = compile_later(
    r"(?<![\w.,$€£₽₴+/#:№\-])(?:"
    rf"(?:от|від|з)\s+(?P<lo1>{_NUM}){_SCALE.format('s1')}\s+до\s+(?P<hi1>{_NUM}){_SCALE.format('s2')}"
    rf"|(?P<lo2>{_NUM})\s*[-–—]\s*(?P<hi2>{_NUM}){_SCALE.format('s3')}"
    rf"|(?P<one>{_NUM}){_SCALE.format('s4')}"
    r")(?![\d])",
    re.IGNORECASE,
)
_SPACES = compile_later(r"[ \u00a0\u202f\u2009]")


_THOUSANDS_COMMA = compile_later(r"[1-9]\d{0,2},\d{3}")


def _parse(number: str, scale: str | None) -> float:
    """'1 000' → 1000, '1,5' → 1.5 (a decimal comma), '1,2' with 'тыс.' → 1200.

    A comma before exactly three digits after a whole number ('1,000', '12,500')
    separates thousands, as in English-style figures quoted in a Cyrillic text:
    a decimal comma with three decimals is not how distances or areas are written.
    """
    text = _SPACES.sub("", number)
    if not scale and _THOUSANDS_COMMA.fullmatch(text):
        return float(text.replace(",", ""))
    value = float(text.replace(",", "."))
    return value * 1000 if scale else value


def _bounds(m: re.Match) -> tuple[float, float] | None:
    for lo, hi, s_lo, s_hi in (("lo1", "hi1", "s1", "s2"), ("lo2", "hi2", None, "s3")):
        if m[lo] is not None:
            scale = m[s_hi]
            low = _parse(m[lo], (m[s_lo] if s_lo else None) or scale)
            high = _parse(m[hi], scale)
            return (low, high) if high > low else None
    value = _parse(m["one"], m["s4"])
    return value, value


# -- units, nouns and qualifiers --------------------------------------------------------------------

_KM = r"(?:км|километр\w*|кілометр\w*)"
_UNIT = compile_later(
    r"[ \u00a0\u202f]*+(?:-[ \u00a0]*+)?(?P<unit>"
    rf"(?P<area>кв\.?\s*{_KM}|{_KM}\s*кв\.?|км[²2]|квадратн\w*\s+{_KM})"
    rf"|(?P<km>{_KM})|(?P<m>метр\w*|м)"
    r")(?![\w²])",
    re.IGNORECASE,
)
_ADJECTIVE = r"[а-яёіїєґ'’-]{2,30}(?:ых|их|ие|ые|ій|ий|ый|ой|ого|ое|ая|ні|ні|і)"
_SETTLEMENT = compile_later(
    rf"(?:\s++{_ADJECTIVE}){{0,2}}?\s++(?:(?:населённ|населенн|населен)\w*\s+пункт\w*|н\.\s?п\.|нп(?![\w])"
    r"|с[её]л(?:а|о|ам|ами|ах)?(?![\w])|сіл(?![\w])|деревн(?:я|и|ю|е|ям|ями|ях)(?![\w])|деревень(?![\w])"
    r"|пос[её]лк(?:а|ов|и|ам|ах)(?![\w])|пос[её]лок(?![\w])|селищ(?:е|а|ам|ах)?(?![\w])"
    r"|хутор(?:а|ов|ів|и)?(?![\w])|громад(?:а|и|ам|ах)?(?![\w]))",
    re.IGNORECASE,
)
_QUALIFIERS = {
    "около": "about",
    "примерно": "about",
    "приблизительно": "about",
    "порядка": "about",
    "ориентировочно": "about",
    "близько": "about",
    "приблизно": "about",
    "орієнтовно": "about",
    "почти": "nearly",
    "практически": "nearly",
    "майже": "nearly",
    "практично": "nearly",
    "до": "up to",
    "вплоть до": "up to",
    "аж до": "up to",
    "более чем": "more than",
    "более": "more than",
    "больше чем": "more than",
    "больше": "more than",
    "свыше": "more than",
    "понад": "more than",
    "більш ніж": "more than",
    "більше ніж": "more than",
    "більше": "more than",
    "не менее": "at least",
    "не меньше": "at least",
    "по меньшей мере": "at least",
    "как минимум": "at least",
    "щонайменше": "at least",
    "не менше": "at least",
    "принаймні": "at least",
    "менее чем": "less than",
    "менее": "less than",
    "меньше": "less than",
    "менш ніж": "less than",
    "менше ніж": "less than",
    "менше": "less than",
}
_QUALIFIER = "|".join(sorted((q.replace(" ", r"\s+") for q in _QUALIFIERS), key=len, reverse=True))
# What stands just before a figure: a qualifier and a preposition in either order ("почти на 5 км",
# "на глубину до 12 км", "более чем на 5 км").
_BEFORE_NUMBER = compile_later(
    rf"(?:(?<![\w])(?P<q1>{_QUALIFIER})\s+)?(?:(?<![\w])(?P<prep>на|в|у|за)\s+)?(?:(?<![\w])(?P<q2>{_QUALIFIER})\s+)?$",
    re.IGNORECASE,
)

# -- context words ----------------------------------------------------------------------------------

_ADVANCE = compile_later(
    r"(?<![\w])(?:продвин|продвиг|продвиж|просун|просув|прорв|прорыв|прорив|вклин|зашл|зайшл|заш[её]л|зайшов"
    r"|углуб|заглиб|вторг|вторж|вдерл|наступ|пройд|прошл|пройш|вошл|увійш|ввійш|проник|глубин|глибин|вглубь"
    r"|вглиб|углиб)\w*",
    re.IGNORECASE,
)
_RETREAT = compile_later(
    r"(?<![\w])(?:отступ|отош|отход|отвед|отвел|отброс|отброш|оттесн|откат|відступ|відійш|відход|відкин"
    r"|відтісн|відвед|відкот)\w*",
    re.IGNORECASE,
)
_FURTHER_BEFORE = compile_later(
    r"(?<![\w])(?:ещ[её]|ще|дополнительно|додатково|очередные|чергові)\s*$",
    re.IGNORECASE,
)
_DEPTH_AFTER = compile_later(
    r"\s*(?:вглубь|вглиб|углиб|вглибину|в\s+глубину|у\s+глибину|в\s+глиб|в\s+тыл|у\s+тил|внутрь|всередину"
    r"|за\s+лини\w*|за\s+лінію|на\s+территори[юи]|на\s+територі[юї])(?![\w])",
    re.IGNORECASE,
)
_DEPTH_BEFORE = compile_later(
    r"(?<![\w])(?:глубин\w*|глибин\w*|вглубь|вглиб|углиб)(?:\s+[\w-]+){0,2}?"
    r"\s*(?:[—–:-]|составля\w*|составил\w*|становить|становила|сягає|сягнула|достига\w*|достигл\w*)?\s*$",
    re.IGNORECASE,
)
_WIDTH_AFTER = compile_later(
    r"\s*(?:по\s+фронту|вдоль\s+(?:линии\s+)?(?:фронта|границы)|вздовж\s+(?:лінії\s+)?(?:фронту|кордону)"
    r"|в\s+ширину|у\s+ширину|завширшки|шириной|шириною|фронт\w*|участ\w*|ділянк\w*|ділянц\w*|полос\w*|смуг\w*"
    r"|смуз\w*)(?![\w])",
    re.IGNORECASE,
)
_WIDTH_BEFORE = compile_later(
    r"(?<![\w])(?:по\s+фронту|ширин\w*(?:\s+[\w-]+)?|протяж[её]нност\w*|протяжност\w*|протяжніст\w*"
    r"|(?:на\s+)?(?:участк\w*|ділянц\w*|ділянк\w*|отрезк\w*|відрізк\w*|фронт\w*|полос\w*|смуз\w*|смуг\w*)"
    r"(?:\s+фронт\w*)?)"
    r"\s*(?:[—–:-]|составля\w*|составил\w*|становить|становила)?\s*(?:в|у)?\s*$",
    re.IGNORECASE,
)
_FROM_AFTER = compile_later(r"\s*(?:от|від|до|к)(?![\w])", re.IGNORECASE)
_DISTANCE_BEFORE = compile_later(
    r"(?<![\w])(?:в|у)\s+(?:радиусе|радіусі|пределах|межах|зоне|зоні)\s*$|(?<![\w])(?:расстояни\w*|відстан\w*)\s*$",
    re.IGNORECASE,
)
_SPEED = compile_later(
    r"\s*(?:/\s*(?:ч|час|сут|год)(?![\w])|в\s+(?:час|сутки|день|добу)(?![\w])|за\s+годину(?![\w])"
    r"|на\s+добу(?![\w])|в\s+среднем\s+в\s+сутки)",
    re.IGNORECASE,
)
_LOCAL = (
    r"(?:на|в|у)\s+(?:отдельных|некоторых|ряде|нескольких|разных|окремих|деяких|кількох|ряді|різних)"
    r"(?:\s+[\w-]+)?\s+(?:участк\w*|направлени\w*|ділянк\w*|ділянц\w*|напрямк\w*|напрям\w*|мест\w*|місц\w*"
    r"|район\w*|сектор\w*)"
    r"|местами|місцями|кое-где|подекуди|локально"
)
_LOCAL_AFTER = compile_later(rf"[\s,]*(?:{_LOCAL})(?![\w])", re.IGNORECASE)
_LOCAL_BEFORE = compile_later(rf"(?<![\w])(?:{_LOCAL})(?![\w])", re.IGNORECASE)
_REGION_SIZE = compile_later(
    r"(?<![\w])площад\w*\s+(?:[\w-]+\s+){0,2}?(?:област|регион|район|края|країн|стран|громад|территори\w*\s+област)"
    r"|(?<![\w])(?:область|регион|район|край)\s+(?:занимает|имеет\s+площадь|займає|має\s+площу)",
    re.IGNORECASE,
)
_CONTROL = compile_later(
    r"(?<![\w])(?:контрол|захват|захоп|заня|зайня|освобо|звільн|оккуп|окуп|удержива|утрима|отвоев|відвою)\w*",
    re.IGNORECASE,
)
_PERIOD = compile_later(
    r"(?<![\w])(?:за\s+(?:(?:последн|минувш|прошедш|прошл|истекш|минул|останн)\w*\s+)?(?:сутки|суток|день|неделю"
    r"|добу|тиждень|ночь|ніч|24\s+час\w*|24\s+годин\w*)|ежедневно|ежесуточно|щодня|щодоби"
    r"|с\s+начала\s+(?:суток|дня)|з\s+початку\s+(?:доби|дня)|в\s+течение\s+(?:суток|дня|недели)"
    r"|протягом\s+(?:доби|дня|тижня)|впродовж\s+(?:доби|дня|тижня)|минулої\s+доби|накануне)(?![\w])",
    re.IGNORECASE,
)
_DIGIT = compile_later(r"\d")

# -- regions ----------------------------------------------------------------------------------------

_REGIONS = {
    "курск": "Kursk",
    "курськ": "Kursk",
    "белгородск": "Belgorod",
    "бєлгородськ": "Belgorod",
    "брянск": "Bryansk",
    "брянськ": "Bryansk",
    "воронежск": "Voronezh",
    "воронезьк": "Voronezh",
    "ростовск": "Rostov",
    "ростовськ": "Rostov",
    "сумск": "Sumy",
    "сумськ": "Sumy",
    "харьковск": "Kharkiv",
    "харківськ": "Kharkiv",
    "черниговск": "Chernihiv",
    "чернігівськ": "Chernihiv",
    "луганск": "Luhansk",
    "луганськ": "Luhansk",
    "донецк": "Donetsk",
    "донецьк": "Donetsk",
    "запорожск": "Zaporizhzhia",
    "запорізьк": "Zaporizhzhia",
    "херсонск": "Kherson",
    "херсонськ": "Kherson",
}
_REGIONS_COLLOQUIAL = {
    "курщин": "Kursk",
    "белгородчин": "Belgorod",
    "бєлгородщин": "Belgorod",
    "брянщин": "Bryansk",
    "сумщин": "Sumy",
    "харьковщин": "Kharkiv",
    "харківщин": "Kharkiv",
    "черниговщин": "Chernihiv",
    "чернігівщин": "Chernihiv",
    "луганщин": "Luhansk",
    "донеччин": "Donetsk",
    "херсонщин": "Kherson",
}
_REGION = compile_later(
    rf"(?<![\w])(?P<name>{'|'.join(sorted(_REGIONS, key=len, reverse=True))})(?:ая|ой|ую|ою|а|ої|у|ій)"
    r"\s+(?:област\w*|обл\.)"
    rf"|(?<![\w])(?P<colloquial>{'|'.join(sorted(_REGIONS_COLLOQUIAL, key=len, reverse=True))})(?:а|ы|и|е|і|у|ою|ой)"
    r"(?![\w])",
    re.IGNORECASE,
)

# -- figures ----------------------------------------------------------------------------------------


class _Figure:
    """A number in a sentence and the words around it (see :class:`frontmap.extract._Spot`)."""

    def __init__(self, doc: _Text, sentence: _Sentence, m: re.Match, previous: tuple | None):
        self.doc, self.sentence, self.m, self.previous = doc, sentence, m, previous
        masked, start = doc.masked, sentence.start
        before = _BEFORE_NUMBER.search(masked, doc.words.back(m.start(), 4, start), m.start())
        self.qualifier = None
        self.prep = None
        self.before_end = m.start()
        if before is not None and before.start() < before.end():
            q = before["q1"] or before["q2"]
            if q:
                self.qualifier = _QUALIFIERS[" ".join(q.lower().split())]
            self.prep = before["prep"] and before["prep"].lower()
            self.before_end = before.start()
        self.clause_start = doc.breaks.last_end(self.before_end, start)

    def after(self, pattern: re.Pattern, pos: int) -> re.Match | None:
        return pattern.match(self.doc.masked, pos, self.sentence.end)

    def tail(self, words: int, clause: bool = True) -> str:
        floor = self.clause_start if clause else self.sentence.start
        return self.doc.tail(self.before_end, words, floor)


def _length_kind(f: _Figure, after: int) -> str | None:
    """The kind of a length ending at ``after``: depth, advance, width, or None (a distance, a speed, ground lost)."""
    recent = f.tail(8)
    if f.after(_SPEED, after) or _DISTANCE_BEFORE.search(f.tail(3)) or _retreat_last(recent):
        return None
    if _FURTHER_BEFORE.search(recent):
        return "advance"  # "ещё на 2 км"
    if f.after(_DEPTH_AFTER, after) or _DEPTH_BEFORE.search(recent):
        return "depth"
    if f.after(_WIDTH_AFTER, after) or _WIDTH_BEFORE.search(recent):
        return "width"
    advancing = _ADVANCE.search(recent) is not None
    if f.after(_FROM_AFTER, after):
        # "продвинулись на 12 км от границы" is a depth; "в 12 км от границы" a distance.
        return "depth" if advancing and f.prep == "на" else None
    local = f.qualifier != "up to" and (f.after(_LOCAL_AFTER, after) or _LOCAL_BEFORE.search(f.tail(8, False)))
    if advancing:
        return "advance" if local else "depth"
    if f.previous and f.previous[0] in ("depth", "advance") and _coordinated(f):
        return f.previous[0]  # "на 12 км на севере и на 5 км на юге"
    return None


_AND = compile_later(r"(?<![\w])(?:и|і|та|а|й)(?![\w])", re.IGNORECASE)
_STOP = compile_later(r"[.;:!?]")


def _coordinated(f: _Figure) -> bool:
    """Whether a length follows the one before it in a parallel phrase, within a few words."""
    between = f.doc.masked[f.previous[1] : f.before_end] if f.previous else ""
    return len(between) <= 80 and not _STOP.search(between) and _AND.search(between) is not None


def _retreat_last(words: str) -> bool:
    retreat = [m.end() for m in _RETREAT.finditer(words)]
    if not retreat:
        return False
    advance = [m.start() for m in _ADVANCE.finditer(words)]
    return not advance or retreat[-1] > advance[-1]


def _area_kind(f: _Figure) -> str | None:
    """The kind of an area: "area", or None for a region's own size ("площадь Курской области — 30 000 кв. км")."""
    words = f.tail(10, False)
    return None if _REGION_SIZE.search(words) and not _CONTROL.search(words) else "area"


def _kind(f: _Figure) -> tuple[str, float, int] | None:
    """(kind, factor to km or km², end of the original) for a figure, or None."""
    m = f.m
    unit = f.after(_UNIT, m.end())
    if unit is None:
        noun = f.after(_SETTLEMENT, m.end())
        return ("settlements", 1.0, noun.end()) if noun else None
    if unit["area"]:
        kind = _area_kind(f)
        return (kind, 1.0, unit.end()) if kind else None
    kind = _length_kind(f, unit.end())
    return (kind, 0.001 if unit["m"] else 1.0, unit.end()) if kind else None


def _increment(f: _Figure, end: int) -> bool:
    """Whether the figure is a day's or a week's change: a period phrase after it (before the next
    number) or before it (back to the figure before it).
    """
    masked, sentence = f.doc.masked, f.sentence
    stop = min(sentence.end, end + 120)
    digit = _DIGIT.search(masked, end, stop)
    period = _PERIOD.search(masked, end, stop)
    if period and (digit is None or period.start() <= digit.start() or masked.startswith("24", digit.start())):
        return True
    floor = f.doc.words.back(f.m.start(), 16, max(sentence.start, f.previous[1] if f.previous else 0))
    return _PERIOD.search(masked, floor, f.m.start()) is not None


# -- counts in words ("три села", "двадцять вісім населених пунктів") --------------------------------

# Each stem reads its usual cases ("пять", "пяти"; "п'ять", "п'яти"); the tens take the units after them.
_UNIT_WORDS = {
    r"од(?:ин|на|но|ного|ной|ному|не|нієї)": 1,
    r"дв(?:а|е|ух|ум|ома|і|ох|ом)": 2,
    r"тр(?:и|[её]х|[её]м|емя|ьох|ьом)": 3,
    r"четыр(?:е|[её]х|[её]м|ьмя)|чотир(?:и|ьох|ьом)": 4,
    r"пят(?:ь|и|ью)|п[’'ʼ]?ят(?:ь|и|ьма)": 5,
    r"шест(?:ь|и|ью)|шіст(?:ь)|шост(?:и|ьма)": 6,
    r"сем(?:ь|и|ью)|сім|сімох|сьом(?:и|ома)": 7,
    r"вос(?:емь|ьми|емью)|вісім|вісьм(?:и|ох|ома)": 8,
    r"девят(?:ь|и|ью)|дев[’'ʼ]?ят(?:ь|и|ьма)": 9,
}
_TEEN_WORDS = {
    r"десят(?:ь|и|ью|ьма|ьох)": 10,
    r"один+адцат(?:ь|и)|один+адцят(?:ь|и)": 11,
    r"двенадцат(?:ь|и)|дванадцят(?:ь|и)": 12,
    r"тринадцат(?:ь|и)|тринадцят(?:ь|и)": 13,
    r"четырнадцат(?:ь|и)|чотирнадцят(?:ь|и)": 14,
    r"пятнадцат(?:ь|и)|п[’'ʼ]?ятнадцят(?:ь|и)": 15,
    r"шестнадцат(?:ь|и)|шістнадцят(?:ь|и)": 16,
    r"семнадцат(?:ь|и)|сімнадцят(?:ь|и)": 17,
    r"восемнадцат(?:ь|и)|вісімнадцят(?:ь|и)": 18,
    r"девятнадцат(?:ь|и)|дев[’'ʼ]?ятнадцят(?:ь|и)": 19,
}
_TENS_WORDS = {
    r"двадцат(?:ь|и|ью)|двадцят(?:ь|и|ьма)": 20,
    r"тридцат(?:ь|и|ью)|тридцят(?:ь|и|ьма)": 30,
    r"сорок(?:а|у)?": 40,
    r"пятьдесят|пятидесяти|п[’'ʼ]?ятдесят(?:и|ьох)?": 50,
    r"шестьдесят|шестидесяти|шістдесят(?:и|ьох)?": 60,
    r"семьдесят|семидесяти|сімдесят(?:и|ьох)?": 70,
    r"восемьдесят|восьмидесяти|вісімдесят(?:и|ьох)?": 80,
    r"девяносто|девяноста|дев[’'ʼ]?яносто": 90,
}
_HUNDRED_WORDS = {r"сто|ста": 100}


_NUMBER_WORDS = {**_UNIT_WORDS, **_TEEN_WORDS, **_TENS_WORDS, **_HUNDRED_WORDS}
_NUMBER_WORD = "|".join(f"(?:{w})" for w in sorted(_NUMBER_WORDS, key=len, reverse=True))
# Up to three words, hundreds then tens then units ("сто двадцать восемь").
_WORD_COUNT = compile_later(
    rf"(?<![\w’'ʼ-])(?:{_NUMBER_WORD})(?:\s+(?:{_NUMBER_WORD})){{0,2}}(?![\w’'ʼ-])", re.IGNORECASE
)


def _word_value(words: str) -> int | None:
    """The number a run of number words spells ("двадцать восемь" → 28), or None if they spell none
    ("три пять").
    """
    total, last_class = 0, 3
    for word in words.split():
        value = next(v for w, v in _NUMBER_WORDS.items() if re.fullmatch(w, word, re.IGNORECASE))
        size = 2 if value >= 100 else 1 if value >= 10 else 0
        if size >= last_class:
            return None
        total += value
        last_class = 0 if 10 <= value < 20 else size  # nothing follows a teen
    return total


def figures(doc: _Text, sentence: _Sentence) -> list[tuple]:
    """The regions and figures of a Russian or Ukrainian sentence.

    Parameters
    ----------
    doc : frontmap.extract._Text
        The text and its masked copy (dates blanked out).
    sentence : frontmap.extract._Sentence
        The sentence's span.

    Returns
    -------
    list of tuple
        ``(kind, low, high, qualifier, start, end, increment)`` per figure and
        ``("region", name, None, None, start, end, False)`` per oblast, in text order;
        lengths in km, areas in km².
    """
    found: list[tuple] = []
    for m in _REGION.finditer(doc.text, sentence.start, sentence.end):
        stem = (m["name"] or m["colloquial"]).lower()
        name = _REGIONS.get(stem) or _REGIONS_COLLOQUIAL[stem]
        found.append(("region", name, None, None, m.start(), m.end(), False))
    previous = None
    for m in _QUANTITY.finditer(doc.masked, sentence.start, sentence.end):
        bounds = _bounds(m)
        if bounds is None:
            continue
        f = _Figure(doc, sentence, m, previous)
        kind = _kind(f)
        if kind is None:
            continue
        name, factor, end = kind
        previous = (name, end)
        low, high = bounds
        found.append((name, low * factor, high * factor, f.qualifier, m.start(), end, _increment(f, end)))
    taken = {x[4] for x in found}
    if _OTHER_CYRILLIC.search(doc.text, sentence.start, sentence.end):
        return sorted(found, key=lambda x: x[4])  # Serbian "три села" is no Russian or Ukrainian count
    for m in _WORD_COUNT.finditer(doc.masked, sentence.start, sentence.end):
        noun = _SETTLEMENT.match(doc.masked, m.end(), sentence.end)
        count = _word_value(m.group()) if noun is not None else None
        if noun is None or count is None or m.start() in taken:
            continue
        f = _Figure(doc, sentence, m, None)
        found.append(
            ("settlements", float(count), float(count), f.qualifier, m.start(), noun.end(), _increment(f, noun.end()))
        )
    return sorted(found, key=lambda x: x[4])
