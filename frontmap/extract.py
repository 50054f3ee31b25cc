"""Claims in English text: the figures a report gives, who gives them, and when.

:func:`extract_claims` reads plain English prose (a news report, a digest)
and returns every figure it recognises as an :class:`ExtractedClaim`, in
text order.  A sentence that holds Cyrillic letters is read in Russian and
Ukrainian too (:mod:`frontmap.extract_cyrillic`: counts of settlements,
depths, advances, widths, areas, regions and dates, with no claimant).  Kinds:

- ``depth``: how far a force went in ("penetrated 12 kilometers deep",
  "advanced up to 35 km", "28–35 km deep into", "inroads of up to 10 km"),
  km.  A length counts as a depth only with a context word: *deep*, *into*,
  *inside*, *behind*, *beyond*, *forward* after it, or a word such as
  *advanced*, *penetrated*, *pushed*, *gained*, *inroads*, *depth* before it
  in the same clause, or when it parallels a depth ("nearly 15 km in the
  north and up to 10 km in the south"); a distance ("40 km away from
  Kursk", "a village 12 km from the border", "just 10 km from the city's
  outskirts", "within 7 km of Pokrovsk"), ground lost ("pushed back by
  2 km") or a speed ("12 km/h") is none.
- ``advance``: ground gained, not the depth reached ("advanced a further
  3 km", "another 2 km", "2 more km", "1-2 km in some areas", "in places",
  "on several sectors"), km.  A gain stated as a further step or a local one
  is no depth of the zone, and no fit uses it; a greatest reach is a depth
  ("up to 20 km in some areas", "up to 35 km deep in some areas").  A gain for a day or a week ("advanced 2 km
  over the past day") keeps its kind and is marked ``increment`` (below).
- ``width``: the front's width ("a 40-kilometer-wide frontline", "along a
  40 km front", "a front of 40 km", "40 km wide", "a stretch of border
  70 km long"), km.
- ``settlements``: a count of villages, communities, settlements,
  localities, towns... ("controls 28 communities", "74 settlements").
- ``area``: km² ("about 1,000 square kilometres", "1,150 km²", "386 sq mi");
  a region's size ("the oblast covers nearly 30,000 km²") is none.
- ``evacuated``, ``to_evacuate``: people already evacuated, or who have
  left or fled ("121,000 individuals have already been evacuated",
  "residents of the border villages were evacuated", "650 residents left
  the border areas"), and people still to be evacuated ("59,000 still to
  be evacuated", "are subject to evacuation", "will be evacuated", "should
  leave", "the total planned number of evacuations is 59,000", "an
  additional 59,000 to follow" in a sentence about an evacuation).
- ``population``: other counts of residents, people, civilians... ("some
  180,000 residents"); counts of the killed or wounded are left out.
- ``date``: a day ("6 August 2024", "August 6, 2024", "Aug. 12",
  "2024-08-12"), ``value`` in ISO ``YYYY-MM-DD``.  A day without a year
  takes the year given (``year=``), else the year that puts it on or just
  before the report's date (``date=``), else that of the nearest full date
  in the text; with none, its ``value`` is None.
- ``region``: an oblast named with *region*/*oblast* ("Kursk region",
  "Belgorod Oblast"), ``value`` its name ("Kursk").

Numbers may be written in digits ("1,000", "1 000", "12.5"), in words
("twelve", "twenty-eight", "a hundred", "a dozen") or as ranges ("28–35", "28-35",
"between 28 and 35", "from 28 to 35", "28 to 35"): a range sets ``min`` and
``max``, and ``value`` is the upper end for a depth (a zone's depth is its
greatest depth) and the midpoint for every other kind.  Miles and square
miles become km (1 mi = 1.609344 km) and km² (1 sq mi = 2.589988110336 km²),
rounded to 0.001; metres become km.  ``original`` keeps the figure and its
unit as written, and ``text[start:end] == original``.  A word before the
figure such as "about", "approximately", "up to", "more than", "over",
"nearly", "at least", "upwards of" or "no fewer than" sets ``qualifier`` to
one of :data:`QUALIFIERS` ("control over 93 settlements" is "more than").
A figure for a day, a night or a week ("1-3 km since the start of the
day", "40 km² more than a day earlier", "over the past 24 hours, 650
people left") has ``increment`` True: it is a change, not a total.  Ages ("a 12-year-old"), durations, phone numbers,
years, percentages, money and ordinals ("the 28th brigade") give no claim.

``claimant`` is the person or organisation the sentence attributes the
figure to ("acting governor Alexei Smirnov said", "according to Smirnov",
"Syrskyi reported", "Oleksandr Syrskyi, commander-in-chief, said", "the
Russian Defence Ministry said", "Breitbart News reported"), without titles
("Acting Governor of Kursk Oblast Alexey Smirnov" is "Alexey Smirnov").  An
organisation is named in one form: "the Institute for the Study of War" is
"ISW", "Russia's defence ministry" and "the Ministry of Defence of the
Russian Federation" are "Russian Defence Ministry".  A figure in a
quotation that runs over several sentences takes the quotation's speaker,
and a quotation without one that of the quotation just before it; "he
said", "she pointed out" or "the ministry added" take the person or
organisation last named (or introduced: "Irina Tolmacheva, a spokeswoman,
..."). A surname alone becomes the full name given earlier in the text.
``date`` is the first date stated in the claim's sentence, else the last
one stated before it in the same paragraph (paragraphs are separated by
blank lines or, in a text without any, by line breaks), else the report's
date when one is given (``extract_claims(text, date=...)``).
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import unicodedata
from array import array
from bisect import bisect_left, bisect_right
from dataclasses import asdict, dataclass

from .errors import InvalidSpecError
from .lazyre import compile_later

__all__ = [
    "KINDS",
    "KM2_PER_SQ_MILE",
    "KM_PER_MILE",
    "MAX_YEAR",
    "MIN_YEAR",
    "QUALIFIERS",
    "ExtractedClaim",
    "extract_claims",
    "side_of_regions",
    "unreadable_script",
]

#: Every kind of claim, with its unit.
KINDS = {
    "depth": "km",
    "advance": "km",
    "width": "km",
    "settlements": "count",
    "area": "km2",
    "evacuated": "count",
    "to_evacuate": "count",
    "population": "count",
    "date": "date",
    "region": "name",
}
#: The qualifiers a claim can carry.
QUALIFIERS = ("about", "nearly", "up to", "more than", "at least", "less than")
KM_PER_MILE = 1.609344
KM2_PER_SQ_MILE = 2.589988110336


@dataclass(frozen=True)
class ExtractedClaim:
    """One figure, date or region found in a text.

    ``value`` is in km, km² or a count (a float or an int), an ISO date
    string or a region name; ``min``/``max`` are a range's ends (None for a
    single figure).  ``increment`` is True for a day's (or a week's)
    change, which is no total; ``retaken`` for a count or an area the
    defender says it took back, which is ground the advancing side lost,
    not ground it holds.  ``original`` is the figure as written and
    ``text[start:end] == original``; ``sentence`` is its sentence with
    whitespace collapsed.
    """

    kind: str
    value: float | int | str | None
    unit: str
    original: str
    start: int
    end: int
    sentence: str
    min: float | int | None = None
    max: float | int | None = None
    qualifier: str | None = None
    claimant: str | None = None
    date: str | None = None
    increment: bool = False
    retaken: bool = False

    def to_json(self) -> dict:
        """The claim as a JSON-ready dict (keys in a fixed order)."""
        doc = asdict(self)
        return {key: doc[key] for key in _JSON_KEYS}


_JSON_KEYS = (
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
)

# -- numbers ---------------------------------------------------------------------

# The words a number may be written in; the scanner below finds them, text2num reads them.
_ONES = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
_TEENS = ("ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen")
_TENS = ("twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
_SCALES = {"hundred": 100, "thousand": 1_000, "million": 1_000_000}

_W_ONES = "|".join(w for w in _ONES if w != "zero")
_W_UNDER_100 = rf"(?:(?:{'|'.join(_TENS)})(?:[\s-]+(?:{_W_ONES}))?|{'|'.join(_TEENS)}|{_W_ONES}|zero)"
_W_UNDER_1000 = rf"(?:(?:a|{_W_ONES})\s+hundred(?:\s+(?:and\s+)?{_W_UNDER_100})?|{_W_UNDER_100})"
_WORDS = (
    rf"(?:(?:{_W_UNDER_1000}|a)\s+(?:thousand|million)(?:\s+(?:and\s+)?{_W_UNDER_1000})?"
    rf"|a\s+dozen|{_W_UNDER_1000})\b"
)
# Digits with comma or (thin/no-break) space thousands separators, or plain, then decimals.
_DIGITS = r"(?:\d{1,3}(?:,\d{3})+(?!\d)|\d{1,3}(?:[ \u00a0\u202f\u2009]\d{3})+(?!\d)|\d+)(?:\.\d+)?"
_DIGIT_NUM = rf"{_DIGITS}(?:\s+(?:thousand|million))?"
# A match of _WORDS holds one of these, whole: a sentence without any needs no pattern for words.
_NUMBER_WORD = compile_later(rf"\b(?:{'|'.join((*_ONES, *_TEENS, *_TENS, *_SCALES, 'dozen'))})\b", re.IGNORECASE)


@functools.cache
def _quantity(words: bool) -> re.Pattern[str]:
    """The pattern of a number or a range of numbers, in digits or in words; with ``words``
    False, in digits only.

    Every match of :data:`_WORDS` holds a whole number word (:data:`_NUMBER_WORD`), so in a
    sentence without one both patterns find the same.  The pattern for digits alone is a
    tenth of the size: a text that writes every number in digits never compiles the full one,
    which took longer than all the other patterns of this module together.
    """
    num = rf"(?:{_DIGIT_NUM}|{_WORDS})" if words else rf"(?:{_DIGIT_NUM})"
    return re.compile(
        r"(?<![\w.,$€£₽₴+/#:\-])(?:"
        rf"between\s+(?P<lo1>{num})\s+and\s+(?P<hi1>{num})"
        rf"|from\s+(?P<lo2>{num})\s+to\s+(?P<hi2>{num})"
        rf"|(?P<lo3>{_DIGITS})\s*[-–—]\s*(?P<hi3>{_DIGITS})"
        rf"|(?P<lo4>{num})\s+to\s+(?P<hi4>{num})"
        rf"|(?P<one>{num})"
        r")(?![\d:])(?!(?:st|nd|rd|th)\b)",
        re.IGNORECASE,
    )


_LEADING_DIGITS = compile_later(r"[\d., \u00a0\u202f\u2009]+")
_SEPARATORS = compile_later(r"[, \u00a0\u202f\u2009]")
_WORD_BREAK = compile_later(r"[\s-]+")
_ARTICLE = compile_later(r"\ba\b")
_ZERO_AFTER = compile_later(r" (?:and )?zero\b")  # "a hundred and zero" is 100
_YEAR = compile_later(r"(?:19|20)\d\d")


def _parse_number(text: str) -> float:
    """'1,000' → 1000, '1.5 million' → 1500000, 'twenty-eight' → 28, 'a hundred and five' → 105."""
    text = text.lower()
    digits = _LEADING_DIGITS.match(text)
    if digits and digits.group().strip():
        value = float(_SEPARATORS.sub("", digits.group()))
        rest = text[digits.end() :].strip()
        return value * _SCALES.get(rest, 1)
    words = " ".join(w for w in _WORD_BREAK.split(text) if w)
    return float(_word_number(_ZERO_AFTER.sub("", words)))


def _word_number(words: str) -> int:
    """A number in words, as :data:`_WORDS` matches it (split at spaces and hyphens): text2num reads it once
    the article is a numeral ("a hundred" is "one hundred"); "a dozen" is the one idiom it lacks.

    >>> _word_number("a hundred and twenty-eight thousand"), _word_number("a dozen")
    (128000, 12)
    """
    from text_to_num import text2num

    if words == "a dozen":
        return 12
    return text2num(_ARTICLE.sub("one", words), "en")


def _tidy(value: float | None) -> float | int | None:
    if value is None:
        return None
    value = round(value, 3)
    return int(value) if value.is_integer() else value


# -- units, nouns and context words -------------------------------------------------

_UNIT = compile_later(
    r"(?:\s++(?P<more>more|additional|further|extra))?[ \u00a0]*+(?:-[ \u00a0]*+)?"
    r"(?P<unit>square[\s-]+kilomet(?:er|re)s?|square[\s-]+km|sq\.?\s*km|km2|km²"
    r"|square[\s-]+miles?|sq\.?\s*mi(?:les?)?|mi2|mi²|kilomet(?:er|re)s?|kms?|miles?|mi|met(?:er|re)s?)(?![\w²])",
    re.IGNORECASE,
)
_SETTLEMENT_NOUN = (
    r"settlements?|communit(?:y|ies)|villages?|localit(?:y|ies)|towns?|hamlets?|municipalit(?:y|ies)"
    r"|(?:populated|inhabited)\s+(?:areas?|localit(?:y|ies)|places?|points?)|population\s+cent(?:er|re)s?"
)
_PEOPLE_NOUN = (
    r"residents?|people|persons?|inhabitants?|civilians?|individuals?|citizens?|locals|evacuees|children"
    r"|famil(?:y|ies)|households|pensioners|patients|refugees"
)
_GAP_STOP = (
    r"of|the|a|an|in|on|at|from|to|and|or|by|for|with|than|per|were|was|are|is|have|has|had|been|be|that"
    r"|which|who|km|kms|mi|miles?|kilomet\w*|percent|per|years?|days?|hours?|minutes?|weeks?|months?"
)
_NOUN = compile_later(
    rf"(?P<gap>(?:\s++(?!(?:{_GAP_STOP})\b)[A-Za-z][\w'’-]*){{0,2}}?)\s++"
    rf"(?:(?P<settlements>{_SETTLEMENT_NOUN})|(?P<people>{_PEOPLE_NOUN}))\b",
    re.IGNORECASE,
)
_QUALIFIER = compile_later(
    r"(?<![\w])(?P<q>about|around|approximately|approx\.|roughly|some|an\s+estimated|circa|nearly|almost"
    r"|close\s+to|just\s+under|up\s+to|as\s+many\s+as|as\s+much\s+as|at\s+most|more\s+than|over|just\s+over"
    r"|in\s+excess\s+of|at\s+least|less\s+than|fewer\s+than|under|~|upwards?\s+of|well\s+over|well\s+above"
    r"|a\s+little\s+over|slightly\s+more\s+than|no\s+(?:fewer|less)\s+than|not\s+(?:fewer|less)\s+than"
    r"|a\s+minimum\s+of|a\s+maximum\s+of|a\s+total\s+of\s+up\s+to)\s*$",
    re.IGNORECASE,
)
_CANONICAL_QUALIFIER = {
    "about": "about",
    "around": "about",
    "approximately": "about",
    "approx.": "about",
    "roughly": "about",
    "some": "about",
    "an estimated": "about",
    "circa": "about",
    "~": "about",
    "nearly": "nearly",
    "almost": "nearly",
    "close to": "nearly",
    "just under": "nearly",
    "up to": "up to",
    "as many as": "up to",
    "as much as": "up to",
    "at most": "up to",
    "more than": "more than",
    "over": "more than",
    "just over": "more than",
    "in excess of": "more than",
    "at least": "at least",
    "less than": "less than",
    "fewer than": "less than",
    "under": "less than",
    "upwards of": "more than",
    "upward of": "more than",
    "well over": "more than",
    "well above": "more than",
    "a little over": "more than",
    "slightly more than": "more than",
    "no fewer than": "at least",
    "no less than": "at least",
    "not fewer than": "at least",
    "not less than": "at least",
    "a minimum of": "at least",
    "a maximum of": "up to",
    "a total of up to": "up to",
}
_PHRASAL_OVER = compile_later(r"\b(?:took|take|takes|taken|taking|hand|handed|handing|won|win)\s+$", re.IGNORECASE)

_NOT_A_FIGURE_AFTER = compile_later(
    r"\s*(?:%|percent\b|per\s+cent\b|(?:dollars|euros|rubles|roubles|hryvnias?|usd|eur|rub|uah)\b)", re.IGNORECASE
)
_MONEY_BEFORE = compile_later(r"(?:[$€£₽₴]|\bUS\$|\b(?:USD|EUR|RUB|UAH))\s*$")
_SPEED = compile_later(r"\s*(?:/\s*h\b|/\s*hr\b|per\s+hour|an\s+hour|a\s+day|per\s+day|ph\b)", re.IGNORECASE)
_DEPTH_AFTER = compile_later(
    r"[\s-]*(?:deep|deeper|in\s+depth|into|inside|behind|beyond|within|forward|ahead|past\s+the\s+border"
    r"|across\s+the\s+border)\b",
    re.IGNORECASE,
)
_WIDTH_AFTER = compile_later(
    r"[\s-]*(?:wide|broad|across)\b|[\s-]*(?:long[\s-]+)?front(?:[\s-]?lines?|s)?\b"
    r"|\s+(?:stretch|section|sector|strip|segment)\s+of\s+(?:the\s+)?(?:front|frontline|front\s+line|border)\b"
    r"|\s+along\s+(?:the\s+)?(?:front|frontline|front\s+line|border)\b",
    re.IGNORECASE,
)
_WIDTH_BEFORE = compile_later(
    r"\b(?:front(?:[\s-]?line)?s?|width|breadth)\s+(?:\w+\s+){0,3}?"
    r"(?:of|spanning|stretching|measuring|extending|running|runs|spans|stretches|measures|extends|is|was)"
    r"(?:\s+for)?\s*$",
    re.IGNORECASE,
)
_LONG_AFTER = compile_later(r"[\s-]*long\b", re.IGNORECASE)
_FRONT_WORD = compile_later(
    r"\b(?:front(?:[\s-]?lines?|s)?|border|frontier|stretch|section|sector|segment)\b", re.IGNORECASE
)
_DISTANCE_AFTER = compile_later(
    r"[\s-]*(?:away|off|outside|short\s+of|(?:north|south|east|west)(?:-?(?:east|west))?(?:wards?)?\s+of"
    r"|(?:from|of)\s+(?:the\s+)?(?:[\w-]+['’]s?\s+)?(?:outskirts|edge|centre|center|city\s+limits|limits))\b",
    re.IGNORECASE,
)
_ADVANCE = compile_later(
    r"\b(?:advanc|penetrat|push|drove|drive|driv|progress|thrust|wedg|broke|break|incursion|depth|deep|march"
    r"|inroad|gain|forg|swept|sweep|forward)\w*",
    re.IGNORECASE,
)
_FROM_AFTER = compile_later(r"[\s-]*from\b", re.IGNORECASE)
# A step beyond ground already held: "advanced a further 3 km", "another 2 km", "an additional 5 km".
_FURTHER_BEFORE = compile_later(
    r"\b(?:a\s+further|a\s+farther|further|another|yet\s+another|an\s+additional|additional|an\s+extra)\s*$",
    re.IGNORECASE,
)
# A gain made only here and there: "1-2 km in some areas", "in places", "on several sectors of the front".
_LOCAL = (
    r"(?:in|on|at|along|across)\s+(?:(?:some|certain|several|a\s+few|a\s+number\s+of|individual|separate"
    r"|various|isolated|particular|specific|many|different|a\s+couple\s+of)\s+)"
    r"(?:(?:of\s+the\s+)?(?:[\w-]+\s+)?(?:areas?|places?|sectors?|sections?|directions?|axes|parts?|spots?|points?"
    r"|locations?|segments?|stretches|locales|positions)\b)"
    r"|in\s+(?:places|parts|spots)\b|locally\b"
)
_LOCAL_AFTER = compile_later(rf"[\s,]+(?:{_LOCAL})", re.IGNORECASE)
_LOCAL_BEFORE = compile_later(rf"\b(?:{_LOCAL})", re.IGNORECASE)

_EVACUATION = compile_later(r"\b(?:evacuat|relocat)\w*", re.IGNORECASE)
# After a count of people, the words before the verb: "of the border villages", "who stayed behind",
# "in the 10-kilometre zone" (a few words, none an auxiliary).
_AUXILIARY = r"have|has|had|were|was|are|is|will|would|should|must|may|might|can|could|be|been|being|to|need|needs"
_PEOPLE_PHRASE = (
    rf"(?:(?:\s*+,)?\s++(?:of|from|in|at|near|living|who|that|across|along|inside|within)\b"
    rf"(?:\s+(?!(?:{_AUXILIARY})\b)[\w'’-]+){{0,6}}?(?:\s*+,)?)?"
)
_EVACUATED_AFTER = compile_later(
    _PEOPLE_PHRASE
    + r"(?:\s+(?:have|has|had|were|was|are|is|been|being|already|now|so\s+far|reportedly|successfully|safely"
    r"|also|all|since|then|just|recently|temporarily|reportedly))*"
    r"\s+(?:evacuated|relocated|resettled|fled|escaped|departed|leaving|fleeing"
    r"|(?:moved|taken|brought)\s+(?:to\s+safety|out|away|to\s+safer)"
    r"|(?:(?<=\bhave\s)|(?<=\bhas\s)|(?<=\bhad\s)|(?<=\balready\s)|(?<=\bnow\s))left"
    r"|left(?=\s+(?:the|their|his|her|its|home|homes|for|border|frontline|[A-Z])\b))\b",
    re.IGNORECASE,
)
# Still to leave: no mention of an evacuation needed ("should leave", "are subject to evacuation").
_TO_EVACUATE_AFTER = compile_later(
    _PEOPLE_PHRASE
    + r"(?:(?:\s+(?:are|is|were|was|still|yet|remain|remaining|left|due|more|set|scheduled|planned|expected|waiting"
    r"|will|would|should|must|need|needs|have|has|also|now|going|about|soon|likely|being|currently))*"
    r"\s+(?:(?:to\s+)?be\s+(?:evacuated|relocated|resettled|moved|taken\s+out|taken\s+to\s+safety)"
    r"|subject\s+to\s+(?:\w+\s+)?(?:evacuation|relocation|resettlement)"
    r"|awaiting\s+(?:evacuation|relocation)|waiting\s+for\s+(?:evacuation|relocation|transport))\b"
    r"|(?:\s+(?:are|is|still|also|now|soon|yet))*\s+(?:should|must|will|would|need\s+to|needs\s+to|have\s+to|has\s+to"
    r"|are\s+to|is\s+to|ought\s+to|are\s+due\s+to|are\s+set\s+to|are\s+expected\s+to|are\s+told\s+to"
    r"|were\s+told\s+to|are\s+being\s+urged\s+to|were\s+urged\s+to|are\s+urged\s+to)"
    r"(?:\s+(?:still|now|also|soon|yet|immediately))?\s+leave\b)",
    re.IGNORECASE,
)
# In a sentence about an evacuation only: "an additional 59,000 to follow".
_TO_FOLLOW_AFTER = compile_later(
    r"(?:\s+(?:are|is|still|yet|remain|remaining|left|due|more|set|scheduled|planned|expected|waiting))*"
    r"\s+(?:to\s+follow|to\s+go)\b",
    re.IGNORECASE,
)
_EVACUATED_BEFORE = compile_later(
    r"\b(?:evacuated|relocated|resettled|evacuating|evacuation\s+of|relocation\s+of|resettlement\s+of)\s*$",
    re.IGNORECASE,
)
_PLANNED_BEFORE = compile_later(
    r"\b(?:planned|expected|projected|intended|scheduled)\s+(?:(?:total|overall)\s+)?(?:number|total|figure)\s+"
    r"of\s+(?:evacuations|evacuees|people\s+to\s+(?:be\s+)?(?:evacuated|relocated))"
    r"\s+(?:is|was|stands\s+at|reaches|of|at|will\s+be|amounts\s+to)\s*$"
    r"|\b(?:evacuations?|evacuees)\s+(?:planned|expected|scheduled)\s+(?:is|was|stands\s+at|at|of|totals?)\s*$",
    re.IGNORECASE,
)
_TO_EVACUATE_BEFORE = compile_later(
    r"\b(?:(?:to|will|would|must|plans?\s+to|planned\s+to|needs?\s+to|intends?\s+to|intend\s+to)\s+"
    r"(?:\w+\s+)?(?:evacuate|relocate|resettle)"
    r"|additional|another|further|remaining)\s*$",
    re.IGNORECASE,
)
_POPULATION_BEFORE = compile_later(r"\b(?:population\s+of|home\s+to|inhabited\s+by)\s*$", re.IGNORECASE)
_CASUALTY = compile_later(
    r"\b(?:killed|wounded|injured|dead|died|captured|detained|missing|hurt|casualties)\b", re.IGNORECASE
)

# -- dates ---------------------------------------------------------------------------

_MONTHS = {
    name: i + 1
    for i, names in enumerate(
        [
            ("January", "Jan"),
            ("February", "Feb"),
            ("March", "Mar"),
            ("April", "Apr"),
            ("May",),
            ("June", "Jun"),
            ("July", "Jul"),
            ("August", "Aug"),
            ("September", "Sept", "Sep"),
            ("October", "Oct"),
            ("November", "Nov"),
            ("December", "Dec"),
        ]
    )
    for name in names
}
_MONTH = "|".join(sorted(_MONTHS, key=len, reverse=True))
_DATE_PATTERNS = (
    compile_later(r"(?<![\w-])(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})(?![\w-])"),
    compile_later(
        rf"\b(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<mon>{_MONTH})"
        rf"(?:\.?,?\s+(?P<y>\d{{4}})(?!\d)|(?![A-Za-z]))"
    ),
    compile_later(
        rf"\b(?P<mon>{_MONTH})\.?\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?(?![\d:])(?!\s*(?:km|kilomet|mi\b|miles))"
        rf"(?:,?\s+(?P<y>\d{{4}})(?!\d))?"
    ),
)
#: A Cyrillic letter: a sentence that holds one is read in Russian and Ukrainian too (frontmap.extract_cyrillic).
_CYRILLIC = compile_later(r"[\u0400-\u04ff]")
_PHONES = (
    compile_later(r"(?<![\w+])\+\d[\d\s().-]{5,}\d"),
    compile_later(r"(?<![\w-])\(?\d{2,5}\)?[\s-]\d{2,3}-\d{2}-\d{2}\b"),
    compile_later(r"(?<![\w-])\d{3}-\d{2}-\d{2}\b"),
)

# -- regions -------------------------------------------------------------------------

_REGIONS = {
    **{
        name: name
        for name in (
            "Kursk",
            "Belgorod",
            "Bryansk",
            "Voronezh",
            "Rostov",
            "Smolensk",
            "Oryol",
            "Orel",
            "Krasnodar",
            "Sumy",
            "Kharkiv",
            "Chernihiv",
            "Luhansk",
            "Donetsk",
            "Zaporizhzhia",
            "Zaporizhia",
            "Kherson",
            "Dnipropetrovsk",
            "Mykolaiv",
            "Kyiv",
            "Poltava",
            "Odesa",
            "Odessa",
        )
    },
    "Kurskaya": "Kursk",
    "Belgorodskaya": "Belgorod",
    "Bryanskaya": "Bryansk",
    "Voronezhskaya": "Voronezh",
    "Sumska": "Sumy",
    "Kharkivska": "Kharkiv",
    "Chernihivska": "Chernihiv",
    "Kharkov": "Kharkiv",
    "Chernigov": "Chernihiv",
    "Lugansk": "Luhansk",
}
#: The regions of :data:`_REGIONS` (as claims name them) that lie in Russia; the others lie in Ukraine.
RUSSIAN_REGIONS = frozenset(
    ("Kursk", "Belgorod", "Bryansk", "Voronezh", "Rostov", "Smolensk", "Oryol", "Orel", "Krasnodar")
)


def side_of_regions(claims) -> str | None:
    """The country whose regions the claims name more often: "RUS", "UKR", or None (a tie, or none named).

    A report on an incursion names the region fought in more often than the
    one the attack came from.

    Parameters
    ----------
    claims : iterable of ExtractedClaim
        What :func:`extract_claims` found.

    Returns
    -------
    str or None

    Examples
    --------
    >>> side_of_regions(extract_claims("Russian troops seized four villages in Kharkiv region."))
    'UKR'
    >>> side_of_regions(extract_claims("Fighting in Kursk region, launched from Sumy region, reached Kursk oblast."))
    'RUS'
    >>> side_of_regions(extract_claims("Troops advanced 12 km.")) is None
    True
    """
    russian = ukrainian = 0
    for claim in claims:
        if claim.kind == "region":
            if claim.value in RUSSIAN_REGIONS:
                russian += 1
            else:
                ukrainian += 1
    if russian == ukrainian:
        return None
    return "RUS" if russian > ukrainian else "UKR"


_REGION = compile_later(
    rf"\b(?P<name>{'|'.join(sorted(_REGIONS, key=len, reverse=True))})[\s-]+(?i:region|oblast|province)\b"
)

# -- people --------------------------------------------------------------------------


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# A capital inside a word continues it ("DeepState", "McCarthy").
_NAME_WORD = r"(?<![\w'’-])[A-Z][a-z]{1,40}(?:[A-Z][a-z]{1,40}){0,2}(?:[-'’][A-Z]?[a-z]{2,40}){0,4}"
_NAME = rf"{_NAME_WORD}(?:[ \t]++{_NAME_WORD}){{0,3}}"
_VERBS = (
    r"said|says|say|reported|reports|stated|states|told|tells|claimed|claims|announced|announces|wrote|writes"
    r"|added|adds|noted|notes|confirmed|confirms|estimated|estimates|declared|declares|insisted|insists"
    r"|acknowledged|admitted|warned|warns|explained|posted|asserted|asserts|indicated|revealed|disclosed"
    r"|stressed|highlighted|briefed|informed|pointed\s+out|specified|emphasi[sz]ed|clarified|underlined|observed"
    r"|assessed|assesses|reiterated|mentioned|commented|concluded|recalled|remarked|announced|detailed|cited"
)
_INVERTED_VERBS = r"said|says|reported|stated|claimed|announced|wrote|added|noted|confirmed|declared|asserted"
_ABBREVIATIONS = r"Gen|Gov|Col|Lt|Maj|Capt|Sgt|Mr|Mrs|Ms|Dr|St|Sen|Rep|Adm"
_ATTRIBUTIONS = (
    compile_later(
        rf"(?P<name>{_NAME})(?:\s*+,\s*[^,.;:!?\"“”]{{2,80}}?\s*,)?\s*+(?:,\s++|(?<=\s))"
        rf"(?:(?:has|had|have|also|later|then|further)\s+)?(?:{_VERBS})\b"
    ),
    # "said Smirnov"; not "told Putin" nor "reported to Zelenskyy", whose name is the listener's.
    compile_later(rf"\b(?:{_INVERTED_VERBS})\s+(?:(?!to\s)[a-z][\w-]*\s+){{0,3}}?(?P<name>{_NAME})"),
    compile_later(
        r"\b[Aa]ccording\s+to\s+(?P<clause>(?:[^,.;:!?\"“”]|(?:"
        + "|".join(f"(?<=\\b{a})" for a in _ABBREVIATIONS.split("|"))
        + r")\.){1,100})"
    ),
)
_MENTION_TITLE = (
    r"spokes(?:man|woman|person)|governor|minister|commander(?:-in-chief)?|head|mayor|chief|official|president"
    r"|general|adviser|advisor|representative|deputy|secretary|envoy|ombudsman|analyst|director|spokes\w*"
)
_MENTIONS = (
    compile_later(
        rf"(?P<name>{_NAME_WORD}(?:[ \t]+{_NAME_WORD}){{1,2}})\s*+,\s++(?:an?|the|its|his|her)\s+"
        rf"[^,.;:!?\"“”]{{0,60}}?\b(?i:{_MENTION_TITLE})\b"
    ),
    compile_later(rf"\b(?i:{_MENTION_TITLE})[ \t]+(?P<name>{_NAME_WORD}(?:[ \t]+{_NAME_WORD}){{1,2}})"),
)
_PRONOUN_ATTRIBUTION = compile_later(
    rf"\b(?:he|she)\s+(?:also\s+|later\s+|further\s+)?(?:{_VERBS})\b|\b(?:{_VERBS})\s+(?:he|she)\b"
    rf"|\bthe\s+(?:acting\s+|regional\s+)?(?:governor|commander|general|minister|official|spokes(?:man|woman|person)"
    rf"|president|mayor|head|ministry|institute|think\s+tank|agency|general\s+staff)\s+(?:also\s+)?(?:{_VERBS})\b",
    re.IGNORECASE,
)
_TITLES = _words(
    "governor gov president prime minister general gen colonel col lieutenant lt major maj commander"
    " commander-in-chief chief mayor mr mrs ms dr acting spokesman spokeswoman spokesperson secretary senator"
    " deputy head sergeant sgt captain capt admiral adm marshal regional defence defense foreign"
    " commander-in-chief ombudsman envoy adviser advisor representative director"
)
# Words of a title that names a place or an office: "Acting Governor of Kursk Oblast Alexey Smirnov".
_OFFICE_WORDS = _words("oblast region province district city state military civil civilian administration of the for")
_NOT_PEOPLE = (
    _words(
        # nationalities and places
        "russian ukrainian american british belarusian german french polish european western ukraine russia"
        " belarus kyiv kiev moscow kremlin sudzha korenevo crimea washington nato pentagon"
        # pronouns, determiners and words that open sentences
        " the a an this that these those it he she they we i you his her their our its then but and however"
        " also meanwhile later earlier on in at as so yet now today yesterday currently according while after"
        " before when officials authorities residents witnesses sources analysts experts reports troops"
        " soldiers police locals media observers critics forces military army"
        # days
        " monday tuesday wednesday thursday friday saturday sunday"
    )
    | {m.lower() for m in _MONTHS}
    | {r.lower() for r in _REGIONS}
)
_ORGANISATION_WORDS = _words(
    "news ministry staff forces agency army office service guard council government administration command"
    " headquarters institute telegram kremlin pentagon reuters tass interfax ria bbc cnn breitbart post times"
    " journal press committee department university center centre group brigade battalion regiment division"
    " corps federation union republic parliament duma rada directorate intelligence emercom"
)


def _person(name: str) -> str | None:
    """A person's name without titles, or None for a place, an organisation or a common word."""
    words = name.split()
    while words and (
        (lower := words[0].lower()) in _TITLES
        or lower in _NOT_PEOPLE
        or lower in _OFFICE_WORDS
        or lower in _ORGANISATION_WORDS
    ):
        words.pop(0)
    if not words:
        return None
    if any(w.lower() in _ORGANISATION_WORDS or w.lower() in _NOT_PEOPLE or w.lower() in _TITLES for w in words):
        return None
    return " ".join(words)


# -- organisations -----------------------------------------------------------------------

_MEDIA = (
    " independent pravda guardian telegraph insider bloomberg politico axios izvestia vedomosti rbc unian"
    " suspilne ukrinform yahoo euronews aljazeera economist"
)
#: The words an organisation's name ends on ("the Russian Defence Ministry", "Breitbart News"),
#: or on which its "of ..." part hangs ("the General Staff of the Armed Forces of Ukraine").
_ORGANISATION_HEADS = _words(
    "ministry staff institute agency office service council government administration command headquarters"
    " committee department directorate news press post times journal guard forces reuters tass interfax ria"
    " novosti bbc cnn afp ukrinform kommersant meduza emercom mod centre center bureau" + _MEDIA
)
_CONNECTORS = _words("of for the")
#: Heads that are names on their own ("Reuters reported"), unlike "the ministry".
_NAMED_HEADS = _words("reuters tass interfax ria novosti bbc cnn afp ukrinform kommersant meduza emercom" + _MEDIA)
_ANY_HEAD = compile_later(rf"\b(?i:{'|'.join(sorted(_ORGANISATION_HEADS))})\b|\b[A-Z]{{3,6}}\b|\bMoD\b")
# An organisation's name: capitalised words and acronyms, "of", "for", "the", and the lower-case
# words of offices ("Russia's defence ministry").
_ORG_TOKEN = (
    r"(?:[A-Z][\w'’.&-]*+|of|for|the"
    r"|(?i:defen[cs]e|emergenc(?:y|ies)|foreign|interior|internal|general|ministry|staff|intelligence|institute"
    r"|agency|service|office|administration|regional|state|border|press)(?![\w'’-]))"
)
_ORG_PHRASE = rf"(?P<org>{_ORG_TOKEN}(?:[ \t]+{_ORG_TOKEN}){{0,9}})"
_ORG_ATTRIBUTIONS = (
    compile_later(
        rf"{_ORG_PHRASE}(?:\s*\([A-Z]{{2,6}}\))?(?:\s+(?:in|based\s+in)\s+[A-Z][\w'’-]*)?"
        rf"(?:\s*+,\s*[^,.;:!?\"“”]{{2,80}}?\s*,)?\s*+(?:,\s++|(?<=\s))"
        rf"(?:(?:has|had|have|also|later|then|further)\s+)?(?:{_VERBS})\b"
    ),
    compile_later(rf"\b(?:{_INVERTED_VERBS}|assessed|estimated|reports|says)\s+{_ORG_PHRASE}"),
)
_NATIONS = {
    "russia": "Russian",
    "russian": "Russian",
    "moscow": "Russian",
    "russian federation": "Russian",
    "ukraine": "Ukrainian",
    "ukrainian": "Ukrainian",
    "kyiv": "Ukrainian",
    "kiev": "Ukrainian",
    "britain": "British",
    "british": "British",
    "uk": "British",
    "belarus": "Belarusian",
    "belarusian": "Belarusian",
    "israel": "Israeli",
    "israeli": "Israeli",
}
_ACRONYM = compile_later(r"[A-Z]{3,6}|MoD")
_POSSESSIVE = compile_later(r"(?P<owner>\w+)['’]s$")
_MINISTRY_OF = compile_later(
    r"^(?:(?P<adj>\w+)\s+)?Ministry\s+of\s+(?P<what>[A-Z]\w+)(?:\s+of\s+(?:the\s+)?(?P<nation>[A-Z][\w ]+))?$"
)
_ISW = compile_later(r"\bstudy\s+of\s+(?:the\s+)?war\b|^isw$", re.IGNORECASE)


def _organisation(phrase: str) -> str | None:
    """An organisation's name as a claimant ("Russian Defence Ministry", "ISW", "Breitbart News"),
    or None if ``phrase`` names none, or ends on a person after a title ("Military Administration
    Oleh Syniehubov").
    """
    segments: list[list[str]] = []
    current: list[str] = []
    for token in phrase.split():
        if token == "and":
            segments.append(current)
            current = []
        else:
            current.append(token)
    segments.append(current)
    for tokens in reversed(segments):
        heads = [i for i, t in enumerate(tokens) if _is_head(t)]
        if not heads:
            continue
        j = heads[-1]
        if j + 1 < len(tokens) and tokens[j + 1].lower() not in ("of", "for"):
            return None  # a title before a name
        return _organisation_name(_without_lead(tokens))
    return None


def _is_head(token: str) -> bool:
    return token.lower() in _ORGANISATION_HEADS or bool(_ACRONYM.fullmatch(token))


def _without_lead(tokens: list[str]) -> list[str]:
    """The tokens without the connectors, titles and common words before the name."""
    while tokens and (
        (lower := tokens[0].lower()) in _CONNECTORS
        or lower in _TITLES
        and lower not in ("defence", "defense", "foreign", "general", "regional")
        or (lower in _NOT_PEOPLE and lower not in _NATIONS and not _is_head(tokens[0]))
    ):
        tokens = tokens[1:]
    return tokens


def _organisation_name(tokens: list[str]) -> str | None:
    """The organisation's name in one form ("ISW", "Russian Defence Ministry"), or None if the
    tokens hold no head or only a bare one ("the ministry said": which one, the text said before;
    see _PRONOUN_ATTRIBUTION).
    """
    if not tokens or not any(_is_head(t) for t in tokens):
        return None
    if len(tokens) == 1 and tokens[0].lower() in _ORGANISATION_HEADS and tokens[0].lower() not in _NAMED_HEADS:
        return None
    name = " ".join(t if t in _CONNECTORS else t[:1].upper() + t[1:] for t in tokens)
    if _ISW.search(name):
        return "ISW"
    owner = _POSSESSIVE.fullmatch(tokens[0])
    if owner and owner.group("owner").lower() in _NATIONS:
        name = " ".join([_NATIONS[owner.group("owner").lower()], *name.split()[1:]])
    ministry = _MINISTRY_OF.match(name)
    if ministry:
        nation = ministry.group("adj") or ""
        if ministry.group("nation") and ministry.group("nation").lower() in _NATIONS:
            nation = _NATIONS[ministry.group("nation").lower()]
        name = " ".join(w for w in (nation, ministry.group("what"), "Ministry") if w)
    return name


class _Tokens:
    """Where the runs of a pattern start and end in a text, to look a few words back in O(log n).

    Every look-back of the figure code is a regex anchored at the end of the text before a figure
    (``...\\s*$``) whose match spans at most a few words: searching only from the start of the
    k-th last word before the figure finds what a search from the sentence's start finds, and
    keeps extraction linear in the length of the sentence.
    """

    def __init__(self, pattern: str, text: str):
        self.starts, self.ends = array("q"), array("q")
        for m in re.finditer(pattern, text):
            self.starts.append(m.start())
            self.ends.append(m.end())

    def back(self, pos: int, k: int, floor: int) -> int:
        """The start of the k-th last run that starts before ``pos``, but not before ``floor``."""
        i = bisect_left(self.starts, pos) - k
        return max(floor, self.starts[i]) if i >= 0 else floor

    def last_end(self, pos: int, floor: int) -> int:
        """Where the last run that starts before ``pos`` ends (cut at ``pos``), but not before ``floor``."""
        i = bisect_left(self.starts, pos) - 1
        return max(floor, min(self.ends[i], pos)) if i >= 0 else floor


#: The longest surname looked up for a full name (a longer one is no name).
_MAX_SURNAME = 100
_NAME_WORD_RE = compile_later(_NAME_WORD)
_NAME_AFTER_SPACE = compile_later(rf"(?<=[ \t]){_NAME_WORD}")
_BLANKS = compile_later(r"[ \t]+")
_CAPITAL = compile_later(r"[A-Z][a-z]")


def _is_word_char(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


class _FullNames:
    """The full name a surname stands for: the last 'First Surname' written before a position.

    Equivalent to scanning ``((?:Name[ \\t]+){1,3})Surname\\b`` over the text before the
    position, but each occurrence of a surname is examined once, from six words before it,
    whatever the number of attributions and of distinct surnames.
    """

    def __init__(self, text: str, words: _Tokens):
        self.text, self.words = text, words
        self._occurrences: dict | None = None
        self._resolved: dict = {}

    def _index(self) -> dict:
        # Every name-shaped word after a blank, and each of its prefixes that ends before a
        # hyphen or apostrophe ("Smirnov" in "Smirnov-Ivanov"): the strings "Surname\b" can match.
        text = self.text
        found: dict[str, list[tuple[int, int, bool]]] = {}
        for m in _NAME_AFTER_SPACE.finditer(text):
            word, q = m.group(), m.start()
            cut = 0
            while True:
                cut = min(
                    (i for i in (word.find("-", cut + 1), word.find("'", cut + 1), word.find("’", cut + 1)) if i > 0),
                    default=len(word),
                )
                if cut > _MAX_SURNAME:
                    break
                if cut == len(word):
                    bounded = m.end() == len(text) or not _is_word_char(text[m.end()])
                    found.setdefault(word, []).append((q, m.end(), bounded))
                    break
                found.setdefault(word[:cut], []).append((q, q + cut, True))
        return found

    def _match_ending_at(self, surname: str, q: int, end: int) -> str | None:
        """The last match of ``(?:Name[ \\t]+){1,3}surname\\b`` scanned over a few words before
        ``q`` with the text cut at ``end``, if it ends at ``end``.
        """
        text, pos, last = self.text, self.words.back(q, 6, 0), None
        while pos < end:
            start = _CAPITAL.search(text, pos, end)
            if start is None:
                break
            p, match_end = start.start(), None
            # The chain of words from p, each followed by blanks: greedy, 3 words before 2 before 1.
            chain: list[int] = []
            cursor = p
            while len(chain) < 3:
                word = _NAME_WORD_RE.match(text, cursor, end)
                blanks = word and _BLANKS.match(text, word.end(), end)
                if not blanks:
                    break
                cursor = blanks.end()
                chain.append(cursor)
            for after in reversed(chain):
                tail = after + len(surname)
                if text.startswith(surname, after) and tail <= end and (tail == end or not _is_word_char(text[tail])):
                    match_end = tail
                    break
            if match_end is None:
                pos = p + 1
            else:
                last = (p, match_end)
                pos = match_end
        if last is None or last[1] != end:
            return None
        return text[last[0] : last[1]]

    def __call__(self, surname: str, before: int) -> str:
        if len(surname) > _MAX_SURNAME:
            return surname
        if self._occurrences is None:
            self._occurrences = self._index()
        resolved = self._resolved.get(surname)
        if resolved is None:
            ends, names, at_end = array("q"), [], {}
            for q, end, bounded in self._occurrences.get(surname, ()):
                match = self._match_ending_at(surname, q, end)
                candidate = _person(match) if match else None
                if candidate and len(candidate.split()) > 1:
                    at_end[end] = candidate
                    if bounded:
                        ends.append(end)
                        names.append(candidate)
            resolved = self._resolved[surname] = (ends, names, at_end)
        ends, names, at_end = resolved
        if before in at_end:  # cut at ``before``, the surname needs no boundary after it
            return at_end[before]
        i = bisect_left(ends, before) - 1
        return names[i] if i >= 0 else surname


# -- text structure ------------------------------------------------------------------


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _paragraphs(text: str) -> list[tuple[int, int]]:
    separator = re.compile(r"\n[ \t]*\n\s*" if re.search(r"\n[ \t]*\n", text) else r"\n")
    spans, pos = [], 0
    for m in separator.finditer(text):
        spans.append(_trimmed(text, pos, m.start()))
        pos = m.end()
    spans.append(_trimmed(text, pos, len(text)))
    return [(a, b) for a, b in spans if a < b]


# Only from the first mark of a run ("...."): a later start ends where the first does, so it cannot match
# where the first did not, and trying each would be quadratic in the run's length.
_SENTENCE_END = compile_later(r"(?<![.!?…])[.!?…]++[\"”’»)\]]*+(?=\s+[\"“‘«(\[]?[A-Z0-9А-ЯЁІЇЄҐ])")
_ABBREVIATION_BEFORE = compile_later(
    rf"(?:\b(?:{_ABBREVIATIONS}|{'|'.join(m for m in _MONTHS if len(m) <= 4)}|No|approx|sq|vs|e\.g|i\.e"
    r"|гг|обл|тыс|тис|млн|кв|пгт|смт|им|ул|вул|ген|тов)"
    r"|\b[A-ZА-ЯЁІЇЄҐ])$",
    re.IGNORECASE,
)
#: The longest match of _ABBREVIATION_BEFORE ("approx"), with room to spare.
_ABBREVIATION_REACH = 12


def _sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    spans, pos = [], start
    for m in _SENTENCE_END.finditer(text, start, end):
        if text[m.start()] == "." and _ABBREVIATION_BEFORE.search(
            text, max(pos, m.start() - _ABBREVIATION_REACH), m.start()
        ):
            continue
        spans.append(_trimmed(text, pos, m.end()))
        pos = m.end()
    spans.append(_trimmed(text, pos, end))
    return [(a, b) for a, b in spans if a < b]


def _quotes(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Quotation spans in a paragraph: its double quote marks taken in pairs."""
    marks = [m.start() for m in re.finditer(r"[\"“”«»]", text[start:end])]
    return [(start + marks[i], start + marks[i + 1] + 1) for i in range(0, len(marks) - 1, 2)]


class _Spans:
    """Sorted, non-overlapping spans and the one holding a position, by bisection."""

    def __init__(self, spans):
        self.spans = list(spans)
        self.starts = array("q", (a for a, _ in self.spans))

    def holding(self, pos: int) -> tuple[int, int] | None:
        i = bisect_right(self.starts, pos) - 1
        if i >= 0 and pos < self.spans[i][1]:
            return self.spans[i]
        return None


@dataclass
class _Sentence:
    start: int
    end: int
    paragraph: int
    attributions: list  # (position, name), outside quotations
    pronoun: bool
    date: str | None = None
    named_before: str | None = None  # the person or organisation last named before it
    evacuation: bool | None = None  # whether it speaks of an evacuation; found on first use
    positions: list | None = None  # the attributions' positions, listed on first use

    def claimant_near(self, pos: int) -> str:
        """The attribution nearest ``pos`` (the first of equals)."""
        if self.positions is None:
            self.positions = [a for a, _ in self.attributions]
        positions = self.positions
        i = bisect_left(positions, pos)
        if i == len(positions) or (i > 0 and pos - positions[i - 1] <= positions[i] - pos):
            i = bisect_left(positions, positions[i - 1])
        return self.attributions[i][1]


def _attributions(text: str, start: int, end: int, quotes: _Spans, full_name: _FullNames) -> list[tuple[int, str]]:
    """(position, person or organisation) for each attribution in a sentence, outside its quotations."""
    found: set[tuple[int, str]] = set()
    relayed: set[tuple[int, str]] = set()  # who published a recording: the speaker, if named, claims
    taken: list[tuple[int, int]] = []
    patterns = _ORG_ATTRIBUTIONS if _ANY_HEAD.search(text, start, end) else ()
    for m in (m for pattern in patterns for m in pattern.finditer(text, start, end)):
        organisation = _organisation(m["org"])
        if organisation and quotes.holding(m.start("org")) is None:
            found.add((m.start("org"), organisation))
            taken.append(m.span("org"))
    for m in (m for pattern in _ATTRIBUTIONS for m in pattern.finditer(text, start, end)):
        candidates: list[tuple[int, str | None]]
        if "clause" in m.re.groupindex:  # "according to ...": an organisation, else the last name in the clause
            clause_start = m.start("clause")
            organisations: list[tuple[int, str | None]] = [
                (clause_start + o.start(), name)
                for o in re.finditer(_ORG_PHRASE, m["clause"])
                if (name := _organisation(o.group()))
            ]
            names: list[tuple[int, str | None]] = [
                (clause_start + n.start(), _person(n.group())) for n in re.finditer(_NAME, m["clause"])
            ]
            candidates = organisations[-1:] or [n for n in names if n[1]][-1:]
        else:
            if any(a <= m.start("name") < b for a, b in taken):
                continue  # a word of an organisation's name ("War" in "the Institute for the Study of War")
            candidates = [(m.start("name"), _person(m["name"]))]
        into = relayed if "clause" in m.re.groupindex and _RELAYED.match(m["clause"]) else found
        for pos, name in candidates:
            if name and quotes.holding(pos) is None:
                # A surname alone becomes the full name given earlier; an organisation's name stays.
                into.add((pos, name if " " in name or _is_organisation_name(name) else full_name(name, pos)))
    return sorted(found or relayed)


# "According to the video shared by Zelenskyy": whoever published a recording, not who speaks in it.
_RELAYED = compile_later(
    r"(?:the|a|an)\s+(?:[\w-]+\s+){0,2}?(?:video|footage|clip|recording|post|broadcast)s?\s+"
    r"(?:shared|posted|published|released|circulated|aired)\b",
    re.IGNORECASE,
)


def _is_organisation_name(name: str) -> bool:
    return name == "ISW" or name.split()[-1].lower() in _ORGANISATION_HEADS


def _mentions(text: str, start: int, end: int, quotes: _Spans) -> list[tuple[int, str]]:
    """(position, person) for each person a sentence introduces with a title or an appositive
    ("Irina Tolmacheva, a spokeswoman for the governor, ..."): whom a later "she said" means.
    """
    found = []
    for pattern in _MENTIONS:
        for m in pattern.finditer(text, start, end):
            name = _person(m["name"])
            if name and " " in name and quotes.holding(m.start("name")) is None:
                found.append((m.start("name"), name))
    return sorted(found)


# -- dates and masks ------------------------------------------------------------------


def _find_dates(text: str) -> list[tuple[int, int, int | None, int, int]]:
    """(start, end, year or None, month, day) for every date, text order, no overlaps; Russian
    and Ukrainian dates too in a text that holds Cyrillic letters.
    """
    found = []
    if _CYRILLIC.search(text):
        from .extract_cyrillic import find_dates

        found += find_dates(text)
    for pattern in _DATE_PATTERNS:
        for m in pattern.finditer(text):
            month = int(m.group("m")) if "m" in pattern.groupindex else _MONTHS[m.group("mon")]
            year = int(m.group("y")) if m.group("y") else None
            found.append((m.start(), m.end(), year, month, int(m.group("d"))))
    found.sort(key=lambda d: (d[0], -d[1]))
    kept: list[tuple[int, int, int | None, int, int]] = []
    for d in found:
        try:
            dt.date(d[2] or 2000, d[3], d[4])
        except ValueError:
            continue
        if not kept or d[0] >= kept[-1][1]:
            kept.append(d)
    return kept


#: A day without a year, read against a report's date, is taken as up to this many days after it
#: (a plan, a deadline); later than that, it is a day of the year before ("28 December" in January).
_DAYS_AHEAD = 62


def _year_near(report: dt.date, month: int, day: int) -> int:
    """The year of the day ``month``/``day`` nearest before ``report`` (or a little after it)."""
    for year in (report.year + 1, report.year, report.year - 1):
        try:
            if (dt.date(year, month, day) - report).days <= _DAYS_AHEAD:
                return year
        except ValueError:  # 29 February
            continue
    return report.year


def _resolve_dates(dates, year: int | None = None, report: dt.date | None = None) -> list[tuple[int, int, str | None]]:
    """Each date as (start, end, ISO date or None); a day without a year takes ``year`` if given,
    else the year that puts it nearest before the ``report`` date, else the year of the nearest
    full date: the last one before it or the first one after it, the earlier on a tie.
    """
    full = [d for d in dates if d[2] is not None]
    full_starts = array("q", (d[0] for d in full))
    resolved = []
    for start, end, stated, month, day in dates:
        found = stated
        if found is None and year is not None:
            found = year
        elif found is None and report is not None:
            found = _year_near(report, month, day)
        elif found is None and full:
            i = bisect_left(full_starts, start)  # dates do not overlap: full[:i] lie before this one
            before = full[i - 1] if i > 0 else None
            after = full[i] if i < len(full) else None
            if before is not None and (after is None or start - before[1] <= after[0] - end):
                found = before[2]
            elif after is not None:
                found = after[2]
        iso = None
        if found is not None:
            try:
                iso = dt.date(found, month, day).isoformat()
            except ValueError:
                iso = None
        resolved.append((start, end, iso))
    return resolved


def _masked(text: str, spans) -> str:
    chars = list(text)
    for a, b in spans:
        chars[a:b] = "\x00" * (b - a)
    return "".join(chars)


# -- figures -------------------------------------------------------------------------

_ADVANCE_BEFORE = compile_later(rf"{_ADVANCE.pattern}\s+$", re.IGNORECASE)
_SIZE_BEFORE = compile_later(
    r"\b(?:covers?|covering|spans?|spanning|measures?|measuring|occupies|occupying|extends\s+over|totals?"
    r"|(?:total|land|surface)\s+area(?:\s+of)?|area\s+of|size\s+of)\b",
    re.IGNORECASE,
)
_SIZE_AFTER = compile_later(r"\s+(?:in\s+(?:size|area)|large|in\s+total\s+area)\b", re.IGNORECASE)
_CONTROL = compile_later(
    r"\b(?:control|hold|held|captur|seiz|took|tak|liberat|gain|retak|recaptur|occupied|lost|los|advanc|grab|won|win"
    r"|clear|free)\w*",
    re.IGNORECASE,
)
_RETREAT = compile_later(
    r"\b(?:pushed|driven|forced|thrown|knocked|beaten|fell|falling|fallen|pulled|moved)\s+back\b"
    r"|\b(?:retreat|withdr[ae]w|pull(?:ed|ing)?\s+out)\w*",
    re.IGNORECASE,
)


def _retreat_last(masked: str, start: int, end: int) -> bool:
    """Whether a retreat is the last movement named in masked[start:end] (a few words)."""
    retreat = [m.end() for m in _RETREAT.finditer(masked, start, end)]
    if not retreat:
        return False
    advance = [m.start() for m in _ADVANCE.finditer(masked, start, end) if not _RETREAT.match(masked, m.start(), end)]
    return not advance or retreat[-1] > advance[-1]


_WITHIN_BEFORE = compile_later(r"\b(?:within|close\s+to|closer\s+to|near)\s*$", re.IGNORECASE)
_OF_AFTER = compile_later(r"[\s-]*of\b", re.IGNORECASE)
# Between two lengths: a parallel phrase ("in the north and", ", and", "while elsewhere"), no distance word.
_COORDINATED = compile_later(
    r"(?=[^.;:!?]{0,80}$)(?!.*\b(?:from|away|lies|lie|lay|located|situated|is|are|was|were)\b)"
    r"(?:\s*+,?\s*+(?!and\b|or\b|while\b|whereas\b)[\w'’-]+){0,6}?\s*+,?\s*+"
    r"(?:and|or|while|whereas|but|with)\b(?:\s+(?:only|just|another|a\s+further|further|some)\b)?\s*+",
    re.IGNORECASE | re.DOTALL,
)
_CLAUSE_BREAKS = r"[,;:()\"“”\d]+"


class _Text:
    """A text, its masked copy (dates and phone numbers blanked out) and what the figure code
    looks up in them, built once so that each figure costs time for its own few words only.
    """

    def __init__(self, text: str, masked: str):
        self.text, self.masked = text, masked
        self.words = _Tokens(r"\S+", masked)
        self.breaks = _Tokens(_CLAUSE_BREAKS, masked)
        self.cyrillic = _CYRILLIC.search(text) is not None

    def tail(self, end: int, words: int, floor: int) -> str:
        """The masked text before ``end``: its last ``words`` words, or from ``floor`` if nearer."""
        return self.masked[self.words.back(end, words, floor) : end]


@dataclass
class _Spot:
    """Where a number stands: its text, its sentence, its qualifier and the words before it.

    ``before_end`` is where the words before the figure end (before its qualifier, if any);
    ``clause_start`` is the last clause break or figure before that.  Every look-back pattern
    is anchored at ``before_end`` and spans a few words, so each reads only that many words
    (see :class:`_Tokens`).
    """

    doc: _Text
    sentence: _Sentence
    m: re.Match
    before_end: int
    clause_start: int
    qualifier: str | None
    previous: tuple | None

    def tail(self, words: int) -> str:
        """The last ``words`` words before the figure (and its qualifier), within the sentence."""
        return self.doc.tail(self.before_end, words, self.sentence.start)

    def clause_tail(self, words: int) -> str:
        """The same, within the figure's clause: "12 km deep along 40 km" makes 40 km no depth."""
        return self.doc.tail(self.before_end, words, self.clause_start)

    def after(self, pattern: re.Pattern, pos: int) -> re.Match | None:
        """``pattern`` matched at ``pos``, within the sentence."""
        return pattern.match(self.doc.masked, pos, self.sentence.end)

    def recent(self) -> str:
        """The clause's last 60 characters before the figure."""
        return self.doc.masked[max(self.clause_start, self.before_end - 60) : self.before_end]


def _bounds(m: re.Match) -> tuple[float, float] | None:
    """(low, high) of a number or a range; None for a year or a range that does not rise."""
    for i in range(1, 5):
        lo, hi = m.group(f"lo{i}"), m.group(f"hi{i}")
        if lo is not None:
            low, high = _parse_number(lo), _parse_number(hi)
            return (low, high) if high > low else None
    raw = m.group("one")
    if _YEAR.fullmatch(raw):
        return None
    return _parse_number(raw), _parse_number(raw)


def _spot(doc: _Text, sentence: _Sentence, m: re.Match, previous: tuple | None) -> _Spot | None:
    """The figure's :class:`_Spot`, or None for money or a percentage."""
    masked, start = doc.masked, sentence.start
    before_end = m.start()
    if _MONEY_BEFORE.search(doc.tail(before_end, 3, start)) or _NOT_A_FIGURE_AFTER.match(masked, m.end(), sentence.end):
        return None
    qualifier = None
    q = _QUALIFIER.search(masked, doc.words.back(before_end, 5, start), before_end)
    if q and not (q.group("q").lower() == "over" and _PHRASAL_OVER.search(doc.tail(q.start(), 3, start))):
        qualifier = _CANONICAL_QUALIFIER[re.sub(r"\s+", " ", q.group("q").lower())]
        before_end = q.start()
    return _Spot(doc, sentence, m, before_end, doc.breaks.last_end(before_end, start), qualifier, previous)


def _figure(doc: _Text, sentence: _Sentence, m: re.Match, previous: tuple | None = None) -> tuple | None:
    """(kind, low, high, qualifier, end of original) for a number match, or None.

    ``previous`` is (kind, end, ...) of the figure before it in the sentence, if any.  A unit
    after the number makes it an area (:func:`_area`) or a length (:func:`_length_kind`); else
    a noun or the words around it make it a count (:func:`_count_kind`).
    """
    bounds = _bounds(m)
    spot = _spot(doc, sentence, m, previous) if bounds else None
    if spot is None or bounds is None:
        return None
    low, high = bounds
    unit = spot.after(_UNIT, m.end())
    if unit is None:
        counted = _count_kind(spot)
        return None if counted is None else (counted[0], low, high, spot.qualifier, counted[1])
    name = unit.group("unit").lower()
    if "sq" in name or name.endswith(("2", "²")):
        kind, factor = _area(spot, unit.end()), KM2_PER_SQ_MILE if "mi" in name else 1.0
    else:
        kind = _length_kind(spot, unit)
        factor = KM_PER_MILE if name.startswith("mi") else 0.001 if name.startswith("met") else 1.0
    return None if kind is None else (kind, low * factor, high * factor, spot.qualifier, unit.end())


def _area(spot: _Spot, after: int) -> str | None:
    """The kind "area" for km² taken or held; None for a region's size ("the oblast covers 30,000 km²")."""
    size = _SIZE_BEFORE.search(spot.clause_tail(8)) or spot.after(_SIZE_AFTER, after)
    return None if size and not _CONTROL.search(spot.tail(15)) else "area"


def _length_kind(spot: _Spot, unit: re.Match) -> str | None:
    """The kind "depth", "advance", "width" or None (a distance, a speed, ground lost) for a length
    whose unit is ``unit``.
    """
    after = unit.end()
    if _not_a_reach(spot, after):
        return None
    if _FURTHER_BEFORE.search(spot.clause_tail(3)) or unit.group("more"):
        return "advance"  # "a further 3 km", "2 more km": a step, wherever it ends
    if spot.after(_DEPTH_AFTER, after):
        return "depth"
    if spot.after(_WIDTH_AFTER, after) or _WIDTH_BEFORE.search(spot.clause_tail(10)):
        return "width"
    if spot.after(_LONG_AFTER, after) and _FRONT_WORD.search(spot.clause_tail(8)):
        return "width"  # "along a stretch of border roughly 70 km long"
    if spot.after(_DISTANCE_AFTER, after):
        return None
    if spot.after(_FROM_AFTER, after):
        # "advanced 12 km from the border" is a depth; "a village 12 km from the border" is not.
        return "depth" if _ADVANCE_BEFORE.search(spot.clause_tail(3)) else None
    # A local gain ("1-2 km in some areas"); "up to 20 km in some areas" gives the greatest reach, a depth.
    local = spot.qualifier != "up to" and (spot.after(_LOCAL_AFTER, after) or _LOCAL_BEFORE.search(spot.tail(8)))
    if _ADVANCE.search(spot.recent()):
        return "advance" if local else "depth"  # "advanced 1-2 km in some areas" is a local gain
    previous = spot.previous
    if (
        previous
        and previous[0] in ("depth", "advance")
        and _COORDINATED.fullmatch(spot.doc.masked, previous[1], spot.before_end)
    ):
        return previous[0]  # "nearly 15 km in the north and up to 10 km in the south"
    return "advance" if local and _ADVANCE.search(spot.tail(8)) else None


def _not_a_reach(spot: _Spot, after: int) -> bool:
    """Whether a length is a speed ("12 km/h"), a distance ("within 7 km of Pokrovsk") or ground
    lost ("pushed back by up to 2 km"): none is a depth or a width.
    """
    if spot.after(_SPEED, after):
        return True
    if _WITHIN_BEFORE.search(spot.clause_tail(3)) and spot.after(_OF_AFTER, after):
        return True
    return _retreat_last(spot.doc.masked, max(spot.clause_start, spot.before_end - 60), spot.before_end)


def _count_kind(spot: _Spot) -> tuple[str, int] | None:
    """(kind, end of original) for a count: settlements by their noun ("28 villages"), else people
    (:func:`_people_kind`).
    """
    noun = spot.after(_NOUN, spot.m.end())
    end = noun.end() if noun else spot.m.end()
    if noun and noun.group("settlements"):
        return "settlements", end
    kind = _people_kind(spot, end, noun)
    return (kind, end) if kind else None


def _people_kind(spot: _Spot, end: int, noun: re.Match | None) -> str | None:
    """The kind "to_evacuate", "evacuated", "population" or None (no people, or the killed and wounded)
    for a count ending at ``end``.
    """
    sentence, masked = spot.sentence, spot.doc.masked
    if sentence.evacuation is None:
        sentence.evacuation = bool(_EVACUATION.search(masked, sentence.start, sentence.end))
    if spot.after(_TO_EVACUATE_AFTER, end) or (sentence.evacuation and spot.after(_TO_FOLLOW_AFTER, end)):
        return "to_evacuate"
    is_evacuees = noun is not None and (noun.group("people") or "").lower() == "evacuees"
    if spot.after(_EVACUATED_AFTER, end) or is_evacuees or _EVACUATED_BEFORE.search(spot.tail(4)):
        return "evacuated"
    if _PLANNED_BEFORE.search(spot.tail(10)) or (sentence.evacuation and _TO_EVACUATE_BEFORE.search(spot.tail(6))):
        return "to_evacuate"
    if not (noun or _POPULATION_BEFORE.search(spot.tail(4))):
        return None
    near = masked[max(sentence.start, spot.m.start() - 40) : min(sentence.end, end + 40)]
    return None if _CASUALTY.search(near) else "population"


# -- increments ------------------------------------------------------------------------

_DAY = r"(?:day|24\s+hours|twenty-four\s+hours|48\s+hours|night|week|two\s+days|three\s+days)"
# A figure for a day (or a night, a week) is a change, not a total: "1-3 km since the start of the day",
# "40 km² more than a day earlier", "over the past 24 hours, 650 people left".
_PERIOD = (
    rf"\b(?:since\s+the\s+(?:start|beginning)\s+of\s+the\s+day|since\s+(?:yesterday|the\s+previous\s+day"
    rf"|the\s+day\s+before|this\s+morning|last\s+night)"
    rf"|(?:in|over|during|within|for|across)\s+(?:the\s+|a\s+|one\s+|a\s+single\s+)?(?:past\s+|last\s+|previous\s+"
    rf"|preceding\s+)?{_DAY}|overnight|daily|per\s+day|a\s+day\b(?!\s+(?:earlier|before|later|after))"
    rf"|than\s+(?:a|the|one)\s+(?:day|week)\s+(?:earlier|before)|than\s+(?:on\s+)?the\s+previous\s+(?:day|week)"
    rf"|than\s+yesterday|(?:on|from|since)\s+the\s+(?:previous|preceding)\s+(?:day|week)"
    rf"|compared\s+(?:with|to)\s+(?:the\s+)?(?:previous\s+day|day\s+before|yesterday))\b"
)
_PERIOD_RE = compile_later(_PERIOD, re.IGNORECASE)
# Words that make a figure after a day's change a total again: "and now hold 1,150 km²".
_TOTAL = compile_later(
    r"\b(?:now|total|overall|altogether|in\s+all|so\s+far|to\s+date|since\s+the\s+(?:start|beginning)\s+of\s+the"
    r"\s+(?:operation|offensive|incursion|war|invasion|evacuation))\b",
    re.IGNORECASE,
)
_DIGIT = compile_later(r"\d")
_INCREMENT_WORDS = 16
_INCREMENT_REACH = 120


def _increment(doc: _Text, sentence: _Sentence, start: int, end: int, previous: tuple | None) -> tuple:
    """Whether the figure at [start, end) is a day's change, as (increment, how, reach).

    A period phrase after the figure, before the next number ("40 km² more than a day earlier";
    how "after", reach the phrase's end), or before it, back to the sentence's start ("Over the
    past 24 hours, 650 people left"; how "before").  ``previous`` is the (kind, end, increment,
    how, reach) of the figure before it in the sentence: the search back stops at that figure
    and at its own period phrase, or goes through it when it took its phrase from before and no
    word marks a total between them ("within a day, 2 km and 5 km²", not "... and now 1,263 km²").
    """
    masked = doc.masked
    stop = min(sentence.end, end + _INCREMENT_REACH)
    cut = stop
    digit = _DIGIT.search(masked, end, stop)  # the next number ("24 hours" may start at it)
    semicolon = masked.find(";", end, stop)
    for at in (digit.start() if digit else -1, semicolon):
        if at != -1:
            cut = min(cut, at)
    period = _PERIOD_RE.search(masked, end, stop)
    if period and period.start() <= cut:
        return True, "after", period.end()
    floor = sentence.start
    if previous is not None and not (previous[3] == "before" and not _TOTAL.search(masked, previous[1], start)):
        floor = max(previous[1], min(previous[4], start))
    floor = doc.words.back(start, _INCREMENT_WORDS, floor)
    semicolon = masked.rfind(";", floor, start)
    if semicolon != -1:
        floor = semicolon + 1
    if _PERIOD_RE.search(masked, floor, start):
        return True, "before", end
    return False, None, end


# -- retaken ground -----------------------------------------------------------------------

# A count or an area that the defender took back: "Russian forces have retaken 32 settlements",
# "regained control of 801 km²", "вернула под свой контроль 32 населенных пункта" (a verb in the words
# before the figure, after any other number or comma), or "801 km² were recaptured" (a passive after it).
# "Liberated" is left out: each side says it of the ground it takes.
_RETAKE = (
    r"re-?t(?:ook|aken?|aking)|re-?captur(?:ed?|ing)|re-?gain(?:ed|ing|s)?|reclaim(?:ed|ing|s)?"
    r"|w[oi]n(?:ning)?\s+back|t(?:ook|aken?|aking)\s+back|return(?:ed|ing)?\s+(?:\w+\s+){0,2}?under"
    r"|вернул[аио]?\s+под|возвращен[оыа]?\s+под|отбил[аио]?|повернул[аио]?\s+під|відбил[аио]?"
)
_RETAKEN_BEFORE = compile_later(rf"(?<!\w)(?:{_RETAKE})(?!\w)", re.IGNORECASE)
_RETAKEN_AFTER = compile_later(
    rf"^[^\d;,.]{{0,40}}?\b(?:been|were|was|are|is|being)\s+(?:\w+\s+)?(?:{_RETAKE})(?!\w)", re.IGNORECASE
)
_RETAKEN_WORDS = 7
_RETAKEN_REACH = 60


def _retaken(doc: _Text, sentence: _Sentence, kind: str, start: int, end: int) -> bool:
    """Whether the count or area at [start, end) is ground the defender took back."""
    if kind not in ("settlements", "area"):
        return False
    masked = doc.masked
    floor = doc.words.back(start, _RETAKEN_WORDS, max(sentence.start, start - 2 * _RETAKEN_REACH))  # bounded
    floor = max([floor] + [masked.rfind(mark, floor, start) + 1 for mark in (",", ";")])
    floor = max((m.end() for m in _DIGIT.finditer(masked, floor, start)), default=floor)  # after another number
    if _RETAKEN_BEFORE.search(masked, floor, start):
        return True
    return _RETAKEN_AFTER.search(masked[end : min(sentence.end, end + _RETAKEN_REACH)]) is not None


#: A sentence longer than this is quoted only around each figure.
MAX_SENTENCE = 1_000
_SENTENCE_CONTEXT = 300


def _sentence_text(text: str, sentence: _Sentence, whole: str | None, start: int, end: int) -> str:
    """The sentence with whitespace collapsed; for a very long one, the words around [start, end)."""
    if whole is not None:
        return whole
    a, b = max(sentence.start, start - _SENTENCE_CONTEXT), min(sentence.end, end + _SENTENCE_CONTEXT)
    snippet = " ".join(text[a:b].split())
    return ("… " if a > sentence.start else "") + snippet + (" …" if b < sentence.end else "")


# -- the public function -------------------------------------------------------------


def _report_options(text: str, date: str | None, year: int | None) -> tuple[dt.date | None, int | None]:
    """``date`` as a date and ``year`` checked, or InvalidSpecError naming the parameter and value
    (a ``text`` that is no str is a TypeError).
    """
    if not isinstance(text, str):
        raise TypeError(f"text must be a str, not {type(text).__name__}")
    report = None
    if date is not None:
        if not isinstance(date, str) or not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", date):
            raise InvalidSpecError(f"date={date!r} is not a date: give YYYY-MM-DD, e.g. 2024-08-12", param="date")
        try:
            report = dt.date.fromisoformat(date)
        except ValueError:
            raise InvalidSpecError(
                f"date={date!r} is not a calendar date: give YYYY-MM-DD, e.g. 2024-08-12", param="date"
            ) from None
    if year is not None and (isinstance(year, bool) or not isinstance(year, int) or not MIN_YEAR <= year <= MAX_YEAR):
        raise InvalidSpecError(f"year={year!r} is not allowed: give a year from {MIN_YEAR} to {MAX_YEAR}", param="year")
    return report, year


#: The years ``extract_claims(year=...)`` accepts.
MIN_YEAR, MAX_YEAR = 1900, 2100


def extract_claims(text: str, *, date: str | None = None, year: int | None = None) -> list[ExtractedClaim]:
    """The depths, widths, settlement counts, areas, evacuation and population
    figures, dates and regions stated in an English text, in text order.

    Time grows linearly with the text's length, whatever it holds (a
    sentence of thousands of figures, runs of spaces or full stops).

    Parameters
    ----------
    text : str
        Plain text: a report, a digest, a social-media post.
    date : str, optional
        The report's date, ``YYYY-MM-DD``: a figure the text dates nowhere takes it, and a day
        written without a year takes the year that puts it on or before this date (up to two
        months after it, for plans and deadlines).
    year : int, optional
        The year of every day written without one (it overrides ``date`` for those days).

    Returns
    -------
    list of ExtractedClaim
        One claim per figure, date or region mention; ``text[c.start:c.end] == c.original``.

    Examples
    --------
    A distance is not a depth; a surname takes the full name given earlier:

    >>> text = ("Oleksandr Syrskyi visited Sudzha, 10 km from the border, on 12 August 2024. "
    ...         "Syrskyi said troops had advanced up to 35 km into the Kursk region.")
    >>> [(c.kind, c.value, c.qualifier, c.claimant) for c in extract_claims(text)][1:]
    [('depth', 35, 'up to', 'Oleksandr Syrskyi'), ('region', 'Kursk', None, 'Oleksandr Syrskyi')]

    A range's ``value`` is its upper end for a depth and its midpoint otherwise:

    >>> [(c.kind, c.value, c.min, c.max) for c in extract_claims("They hold 20-30 villages, 28–35 km deep.")]
    [('settlements', 25, 20, 30), ('depth', 35, 28, 35)]
    """
    report, year = _report_options(text, date, year)
    report_date = report.isoformat() if report else None
    dates = _resolve_dates(_find_dates(text), year, report)
    phones = [m.span() for p in _PHONES for m in p.finditer(text)]
    doc = _Text(text, _masked(text, [(a, b) for a, b, _ in dates] + phones))
    layout = _Layout(text, dates)
    speakers = _Speakers(layout)
    claims: list[ExtractedClaim] = []
    for s in layout.sentences:
        whole = " ".join(text[s.start : s.end].split()) if s.end - s.start <= MAX_SENTENCE else None
        for kind, value, low, high, qualifier, start, end, own_date, increment in _found(doc, s, layout):
            claims.append(
                ExtractedClaim(
                    kind=kind,
                    value=value,
                    unit=KINDS[kind],
                    original=text[start:end],
                    start=start,
                    end=end,
                    sentence=_sentence_text(text, s, whole, start, end),
                    min=low,
                    max=high,
                    qualifier=qualifier,
                    claimant=speakers.claimant(s, start),
                    date=own_date or s.date or report_date,
                    increment=increment,
                    retaken=_retaken(doc, s, kind, start, end),
                )
            )
    return claims


class _Layout:
    """A text's sentences, in text order, each with its attributions, the person last named
    before it and its date (see :func:`extract_claims`), and its quotations with their paragraphs.
    """

    def __init__(self, text: str, dates: list[tuple[int, int, str | None]]):
        self.dates = dates
        self.date_starts = array("q", (a for a, _, _ in dates))
        self.sentences: list[_Sentence] = []
        self.quotes: list[tuple[int, int]] = []
        self.quote_paragraphs: list[int] = []
        full_name = _FullNames(text, _Tokens(r"\S+", text))
        last_named = None  # the person or organisation last named: whom "he said" or "the ministry said" means
        for index, (p_start, p_end) in enumerate(_paragraphs(text)):
            last_named = self._paragraph(text, index, p_start, p_end, full_name, last_named)
        self.sentence_ends = array("q", (s.end for s in self.sentences))

    def dates_in(self, start: int, end: int) -> list[tuple[int, int, str | None]]:
        """The dates that start in [start, end)."""
        return self.dates[bisect_left(self.date_starts, start) : bisect_left(self.date_starts, end)]

    def _paragraph(
        self, text: str, index: int, p_start: int, p_end: int, full_name: _FullNames, last_named: str | None
    ) -> str | None:
        """Add a paragraph's quotations and sentences; return the person or organisation last named."""
        paragraph_quotes = _quotes(text, p_start, p_end)
        self.quotes += paragraph_quotes
        self.quote_paragraphs += [index] * len(paragraph_quotes)
        in_paragraph = _Spans(paragraph_quotes)
        previous_date = None
        for s_start, s_end in _sentences(text, p_start, p_end):
            sentence = _Sentence(
                s_start,
                s_end,
                index,
                _attributions(text, s_start, s_end, in_paragraph, full_name),
                bool(_PRONOUN_ATTRIBUTION.search(text, s_start, s_end)),
            )
            sentence.named_before = last_named
            named = sentence.attributions + _mentions(text, s_start, s_end, in_paragraph)
            if named:
                last_named = max(named)[1]
            own = [iso for _, _, iso in self.dates_in(s_start, s_end) if iso]
            sentence.date = own[0] if own else previous_date
            if own:
                previous_date = own[-1]
            self.sentences.append(sentence)
        return last_named


class _Speakers:
    """Who states a figure: its sentence's nearest attribution, else its quotation's speaker,
    else (after "he said") the person last named.
    """

    def __init__(self, layout: _Layout):
        self.layout = layout
        self.all_quotes = _Spans(layout.quotes)
        self.quote_index = {quote: i for i, quote in enumerate(layout.quotes)}
        self.speakers: dict = {}

    def claimant(self, sentence: _Sentence, pos: int) -> str | None:
        """The claimant of a figure at ``pos`` in ``sentence``."""
        claimant = None
        if sentence.attributions:
            claimant = sentence.claimant_near(pos)
        elif (quote := self.all_quotes.holding(pos)) is not None:
            claimant = self.speaker_of(quote)
        if claimant is None and sentence.pronoun:
            claimant = sentence.named_before
        return claimant

    def own_speaker(self, quote: tuple[int, int]) -> str | None:
        """The first attribution of the first sentence that overlaps the quotation and has one,
        or the person last named before a sentence of it that says "he said".
        """
        sentences = self.layout.sentences
        i = bisect_right(self.layout.sentence_ends, quote[0])
        while i < len(sentences) and sentences[i].start < quote[1]:
            s = sentences[i]
            if s.attributions:
                return s.attributions[0][1]
            if s.pronoun and s.named_before:
                return s.named_before
            i += 1
        return None

    def speaker_of(self, quote: tuple[int, int]) -> str | None:
        """The quotation's own speaker, else that of the quotation before it, in the same
        paragraph or the one before: a speaker carries across consecutive quotations.
        """
        quotes, speakers = self.layout.quotes, self.speakers
        i = self.quote_index[quote]
        first = i
        while first > 0 and quotes[first] not in speakers:
            first -= 1
        for j in range(first, i + 1):  # each quotation is looked at once, whatever the order of calls
            if quotes[j] not in speakers:
                speakers[quotes[j]] = self._carried(j)
        return speakers[quote]

    def _carried(self, j: int) -> str | None:
        """Quotation j's own speaker, else that of quotation j - 1 (looked at already) when it is
        in the same paragraph or the one before and nobody else was named in between.
        """
        layout = self.layout
        speaker = self.own_speaker(layout.quotes[j])
        if speaker is None and j > 0 and layout.quote_paragraphs[j] - layout.quote_paragraphs[j - 1] <= 1:
            before = self.speakers[layout.quotes[j - 1]]
            at = min(bisect_right(layout.sentence_ends, layout.quotes[j][0]), len(layout.sentences) - 1)
            if layout.sentences[at].named_before in (None, before):
                speaker = before
        return speaker


def _found(doc: _Text, s: _Sentence, layout: _Layout) -> list[tuple]:
    """(kind, value, min, max, qualifier, start, end, own date, increment) for each date,
    region and figure of a sentence, in text order.
    """
    found: list[tuple] = [
        ("date", iso, None, None, None, a, b, iso, False) for a, b, iso in layout.dates_in(s.start, s.end)
    ]
    for m in _REGION.finditer(doc.text, s.start, s.end):
        found.append(("region", _REGIONS[m.group("name")], None, None, None, m.start(), m.end(), None, False))
    previous = None  # (kind, end, increment, how, reach) of the sentence's last figure (see _increment)
    quantity = _quantity(_NUMBER_WORD.search(doc.masked, s.start, s.end) is not None)
    for m in quantity.finditer(doc.masked, s.start, s.end):
        figure = _figure(doc, s, m, previous)
        if figure is None:
            continue
        kind, low, high, qualifier, end = figure
        increment, how, reach = _increment(doc, s, m.start(), end, previous)
        previous = (kind, end, increment, how, reach)
        found.append(_valued(kind, low, high, qualifier, m.start(), end, increment))
    if doc.cyrillic and _CYRILLIC.search(doc.masked, s.start, s.end):
        found += _cyrillic_found(doc, s, found)
    return sorted(found, key=lambda f: f[5])


def _valued(kind: str, low: float, high: float, qualifier: str | None, start: int, end: int, increment: bool) -> tuple:
    """The tuple :func:`_found` gives for a figure: a range's value is its upper end for a depth or an
    advance, its midpoint otherwise.
    """
    is_range = low != high
    value = (high if kind in ("depth", "advance") else (low + high) / 2) if is_range else low
    return (
        kind,
        _tidy(value),
        _tidy(low) if is_range else None,
        _tidy(high) if is_range else None,
        qualifier,
        start,
        end,
        None,
        increment,
    )


def _cyrillic_found(doc: _Text, s: _Sentence, found: list[tuple]) -> list[tuple]:
    """The figures and regions :mod:`frontmap.extract_cyrillic` reads in a sentence, except where
    the English reading found one already.
    """
    from .extract_cyrillic import figures

    taken = [(f[5], f[6]) for f in found]
    more = []
    for kind, low, high, qualifier, start, end, increment in figures(doc, s):
        if any(a < end and start < b for a, b in taken):
            continue
        if kind == "region":
            more.append((kind, low, None, None, None, start, end, None, False))
        else:
            more.append(_valued(kind, low, high, qualifier, start, end, increment))
    return more


# -- what a text is written in ---------------------------------------------------------------

#: The letters of a text looked at to tell its script and language (its start: enough for a post or a report).
_SCRIPT_SAMPLE = 20_000
#: Fewer words than this are too few to tell a language by its common words: such a text counts as readable.
_FEW_WORDS = 12
#: The share of a Latin-script text's words that common English words must reach at least.
_COMMON_SHARE = 0.06
_ENGLISH_WORDS = _words(
    "the a an of and or to in on at by for from with as is are was were be been has have had it its this that"
    " these those he she they we his her their said says not but after before over into than which who will"
    " would can could also more about up out there here what when where while near"
    # and the words of the reporting frontmap reads, which a terse headline keeps
    " troops forces army military russian ukrainian russia ukraine village villages region oblast km front"
    " attack attacks governor reported reports war border town city advance advanced captured"
)
_LATIN_WORD = compile_later(r"[A-Za-z]+(?:['’][A-Za-z]+)?")
#: Cyrillic letters of neither Russian nor Ukrainian (Serbian ђ ј љ њ ћ џ, Kazakh ә қ ң ө ұ ү, Belarusian ў...).
_OTHER_CYRILLIC = compile_later(r"[^\W\dа-яёіїєґА-ЯЁІЇЄҐ_a-zA-Z]")
#: The share of a Cyrillic text's letters that may be of other alphabets (a name, a quotation).
_OTHER_SHARE = 0.02
_SCRIPT_NAMES = {"CJK": "CJK (Chinese or Japanese)", "HANGUL": "Hangul (Korean)", "HIRAGANA": "Japanese"}


def unreadable_script(text: str) -> str | None:
    """What a text is written in, when it is not English, Russian or Ukrainian: the words that
    complete "this text is ...", or None for a text :func:`extract_claims` can read (or one
    without letters: nothing in it could be read in any language).

    The script is that of most of the letters of the text's start.  A Latin-script text of a
    dozen words or more must hold some common English words ("the", "of", "said"); a Cyrillic
    one must be written in the Russian or Ukrainian alphabet.

    Parameters
    ----------
    text : str
        Any text.

    Returns
    -------
    str or None
        e.g. ``"mostly Arabic"``, ``"mostly Latin-script but does not read as English"``.

    Examples
    --------
    >>> unreadable_script("Troops held 28 villages."), unreadable_script("Взяты 3 села."), unreadable_script("12")
    (None, None, None)
    >>> unreadable_script("استولت القوات على ثلاث قرى")
    'mostly Arabic'
    >>> unreadable_script("Wojska zajęły pięć wsi w obwodzie kurskim, podał w piątek rano sztab generalny armii.")
    'mostly Latin-script but does not read as English'
    """
    counts: dict[str, int] = {}
    seen, end = 0, len(text)
    for i, ch in enumerate(text):
        if ch.isalpha():
            script = unicodedata.name(ch, "?").split(" ", 1)[0]
            counts[script] = counts.get(script, 0) + 1
            seen += 1
            if seen >= _SCRIPT_SAMPLE:
                end = i + 1
                break
    if not counts:
        return None
    script = max(counts, key=lambda k: counts[k])
    sample = text[:end]
    if script == "LATIN":
        words = [w.lower() for w in _LATIN_WORD.findall(sample)]
        if len(words) < _FEW_WORDS or sum(w in _ENGLISH_WORDS for w in words) >= _COMMON_SHARE * len(words):
            return None
        return "mostly Latin-script but does not read as English"
    if script == "CYRILLIC":
        other = len(_OTHER_CYRILLIC.findall(sample))
        return None if other <= _OTHER_SHARE * counts[script] else "mostly Cyrillic but not Russian or Ukrainian"
    return "mostly " + _SCRIPT_NAMES.get(script, script.title())
