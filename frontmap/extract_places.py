"""Named places in English text: which villages a report says are held, fought over or not reached.

:func:`extract_places` reads the same prose as :func:`frontmap.extract.extract_claims`
and returns, in text order, each settlement name governed by a status phrase
as an :class:`ExtractedPlace`:

``inside``
    captured, took (control of), seized, entered, occupied, broke into,
    operating in, holding, advanced in/into ("advanced north of Y and into
    X" too), "came under Ukrainian control";
``contested``
    fighting in/near/for, clashes at/near, battles for, attacks (repelled)
    near, attempted to break through near, advancing towards, storming,
    "focusing the attack on", the outskirts of;
``outside``
    retook, recaptured, regained control of, liberated, pushed back from,
    did not reach, failed to reach, remains under Russian control, and a
    negated capture ("have not captured").

Who acts matters: the advancing side is the one whose zone is drawn (a
force in Russia: Ukrainian troops; with ``side="UKR"``, a force in
Ukraine: Russian troops).  An aim is no deed ("trying to capture X", "the
plan to take X": contested), "positions in the direction of X" holds no X,
and bomb or air attacks on X are no fighting there.  "Russian forces captured X" or
"Russian troops entered X" is ``outside`` (the defender holds X), and
"Ukrainian forces recaptured X" is ``inside``; the actor is the last of
*Ukrainian*/*Russian* (and their kin) said before the verb in its clause,
or after a passive verb ("was retaken by Russian forces").  Without one,
a capture is ``inside`` and a retaking ``outside``.

Names are capitalised words, hyphenated names and numbered names ("1st
Knyazhy"), alone or listed ("Tolpino and Kremyanoye", "X, Y and Z"),
after fillers such as "the villages of" or "southern".  A name followed by
*region*, *oblast* or *district* is an area, not a place; it narrows the
places of its sentence (or paragraph) to that area.  Months, weekdays,
countries and nationalities are never names.  Each name is resolved with
:func:`frontmap.places.resolve_place`; namesakes are told apart by the
other places of the text.

Claimant and date are found as for figures (the sentence's attribution,
the quotation's speaker, the sentence's or paragraph's date).  Time grows
linearly with the text: every phrase is matched in one pass and each name
list is read in a bounded window.
"""

from __future__ import annotations

import re
from array import array
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from . import extract as _x
from .lazyre import compile_later

if TYPE_CHECKING:  # imported where a place is found: a text naming none is read without the register's code
    from .places import Place, ResolvedPlace, Status

__all__ = ["ExtractedPlace", "extract_places"]


@dataclass(frozen=True)
class ExtractedPlace:
    """One place named in a text with the status a phrase gives it.

    ``original`` is the name as written (``text[start:end] == original``);
    ``phrase`` the words that set the status; ``resolved`` the settlement it
    names (or its candidates, ``resolved.settlement`` None).
    """

    original: str
    start: int
    end: int
    status: Status
    phrase: str
    sentence: str
    resolved: ResolvedPlace
    claimant: str | None = None
    date: str | None = None
    kind: str = "place"

    def to_place(self, source: str | None = None) -> Place:
        """The statement as a :class:`~frontmap.places.Place` (for a fit)."""
        from .places import Place

        return Place(
            self.original,
            self.status,
            self.phrase,
            self.sentence,
            self.claimant,
            self.date,
            source,
            self.start,
            self.end,
        )

    def to_json(self) -> dict:
        """A JSON-ready dict: kind, original, start, end, status, phrase, sentence, claimant, date, resolution."""
        return {
            "kind": self.kind,
            "original": self.original,
            "start": self.start,
            "end": self.end,
            "status": self.status,
            "phrase": self.phrase,
            "sentence": self.sentence,
            "claimant": self.claimant,
            "date": self.date,
            "resolution": self.resolved.to_json(),
        }


# -- names --------------------------------------------------------------------------------------

_UPPER = "A-ZА-ЯЁІЇЄҐ"
# Bounded, and starting only at a word's start, so that a run of hyphens or capitals costs linear time.
_WORD = rf"(?<![\w'’‐‑-])[{_UPPER}][\w'’]{{0,39}}(?:[-‐‑][\w'’]{{1,40}}){{0,4}}(?![\w'’])"
_ORDINAL = r"(?:(?:1st|2nd|3rd|First|Second|[123]-(?:y|ya|ye|yi|iy|i|e|j|й|я|е))\s+)"
_NAME = rf"(?:(?<![\w'’-]){_ORDINAL}?{_WORD}(?:[ \t]+{_WORD}){{0,2}}(?:[ \t-][123](?![\d.,]\d))?)"
_DIRECTION = (
    r"(?:north|south|east|west|north-?east|north-?west|south-?east|south-?west)(?:ern)?"
    r"|central|centre|center|outskirts|edge|suburbs|part|parts|area|vicinity|direction|areas"
)
_FILLER = compile_later(
    r"(?:(?:[\w'’-]{1,40},?\s+){0,6}?(?:including|such\s+as)\s+)?"
    r"(?:the\s+|a\s+)?"
    r"(?:(?:area|areas|vicinity|approaches)\s+(?:around|of|near|to)\s+(?:the\s+)?)?"
    r"(?:(?:two|three|four|five|six|several|some|\d+)\s+(?:\w{1,40}\s+)?)?"
    r"(?:(?:north|south|east|west|north-?east|north-?west|south-?east|south-?west)(?:ern)?\s+(?=border\s))?"
    r"(?:(?:border|nearby|neighbou?ring|frontline|front-line|key|small|strategic)\s+)?"
    r"(?:(?:Ukrainian|Russian)\s+(?=villages?\s|towns?\s|settlements?\s|city\s))?"
    rf"(?:(?:{_DIRECTION})\s+(?:(?:part|parts|area|areas|outskirts|edge|suburbs)\s+)?(?:of\s+)?(?:the\s+)?)?"
    r"(?:(?:villages?|settlements?|towns?|hamlets?|localit(?:y|ies)|city|selo|khutor|khutir|communit(?:y|ies)"
    r"|urban-type\s+settlement|district\s+cent(?:re|er)|railway\s+station)"
    r"(?:(?:,|\s+of|\s+called|\s+named)?\s+(?:including\s+|namely\s+)?|(?=\s*(?:--|–|—|:))))?"
    rf"(?:(?:{_DIRECTION})\s+)?",
    re.IGNORECASE,
)
_SIDE_OF = r"(?:(?:north|south|east|west|north-?east|north-?west|south-?east|south-?west)(?:ern)?\s+)"
# "X, Y and Z", "Ulanok and eastern Korenevo".
_LIST = compile_later(
    rf"(?P<first>{_NAME})(?P<more>(?:\s*,\s*{_SIDE_OF}?{_NAME})*"
    rf"(?:\s*,?\s+(?:and|or)\s+(?:the\s+(?:village|town|city|settlement)\s+of\s+)?{_SIDE_OF}?{_NAME})?)"
)
# A filler naming several places ("the villages of", "five villages"): its list needs no closing "and" ...
_PLURAL = compile_later(r"\b(?:villages|settlements|towns|hamlets|localities|communities)\b", re.IGNORECASE)
# ... and may follow a dash or colon: "five villages near the border -- X, Y and Z".
_DASH_LIST = compile_later(r"[^.;\n]{0,160}?\s*(?:--|–|—|:)\s*")
_ITEM = compile_later(_NAME)
_AREA_WORDS = frozenset("region regions oblast oblasts district districts raion raions rayon rayons province".split())
_AREA_AFTER = compile_later(
    r"['’]s\b|\s*[-\s](?:(?:region|oblast|district|raion|rayon|province|area|direction|axis"
    r"|sector)s?|border|frontier|governor|authorities|administration|operation|incursion"
    r"|offensive|NPP|nuclear)\b",
    re.IGNORECASE,
)
_SPEECH_AFTER = compile_later(rf"\s*(?:{_x._VERBS})\b")
#: Capitalised words that are never settlement names here.
_NOT_NAMES = frozenset(
    w.lower()
    for w in (
        "Ukraine Russia Russian Russians Ukrainian Ukrainians Belarus Kyiv Kiev Moscow Kremlin Europe European"
        " NATO US USA Western The A An This That These Those It He She They We His Her Their Its Our"
        " Monday Tuesday Wednesday Thursday Friday Saturday Sunday Today Yesterday"
        " North South East West Northern Southern Eastern Western Central Group Battlegroup"
        " Armed Forces General Staff Defence Defense Ministry MoD ISW Army Brigade Regiment Division"
        " President Governor Mr Ms Dr Telegram Facebook YouTube Twitter"
    ).split()
)
#: Regions named for their centres: alone, "Kursk" in reporting is the region far more often than the
#: city, so never a place; but "Kursk oblast" still narrows namesakes.
_REGIONS = frozenset(
    "sumy kharkiv chernihiv kursk belgorod bryansk voronezh rostov donetsk luhansk lugansk zaporizhzhia kherson"
    " crimea donbas donbass".split()
)
_NOT_NAMES = _NOT_NAMES | _REGIONS | {m.lower() for m in _x._MONTHS}

# -- phrases ------------------------------------------------------------------------------------

_W = r"(?:[\w'’-]{1,40}\s+)"  # one word
_INSIDE = (
    r"(?:secured|tightened|consolidated|strengthened)\s+(?:their|its|a|the)\s+(?:hold|grip|control)\s+(?:on|over|of)"
    r"|(?:gained|gain|gaining|established|assumed|seized)\s+(?:full\s+)?control\s+(?:of|over)"
    r"|secured|securing|captured|capture|capturing|seized|seize|seizing|took\s+(?:full\s+|complete\s+)?control\s+(?:of|over)"
    r"|taken\s+(?:full\s+)?control\s+(?:of|over)|take\s+control\s+(?:of|over)|taking\s+control\s+(?:of|over)"
    r"|took|taken|occupied|occupying|entered|entering|enter|broke\s+into|breaking\s+into|pushed\s+into"
    r"|moved\s+into|advanced\s+into|advancing\s+into|advanced\s+in|rolled\s+into|stormed\s+into|and\s+into"
    r"|raised\s+(?:the|a|their)\s+(?:\w{1,40}\s+)?flags?\s+(?:over|in|above)"
    r"|(?:is|are|were|was|remain|remains)\s+operating\s+in|operating\s+in|operate\s+in|operated\s+in"
    r"|(?:still\s+)?holding|(?:still\s+)?hold|holds|controls|controlling|control\s+(?:of|over)"
    r"|(?:now|still|fully|already|effectively)\s+control"
    r"|consolidat(?:ed|ing)\s+(?:\w{1,40}\s+)?(?:positions?\s+)?in|gained\s+a\s+foothold\s+in|dug\s+in\s+(?:at|in)"
    r"|established\s+(?:\w{1,40}\s+)?positions?\s+in|present\s+in|entrench(?:ed|ing)\s+(?:themselves\s+)?in"
    r"|fortif(?:ied|ying)\s+(?:\w{1,40}\s+)?positions?\s+in|positions\s+in"
)
_OUTSIDE = (
    r"(?:retook|retaken|retake|retaking|recaptured)\s+(?:full\s+)?control\s+(?:of|over)"
    r"|retook|retaken|retake|retaking|recaptured|recapture|recapturing|regained\s+control\s+(?:of|over)"
    r"|regain\s+control\s+(?:of|over)|restored\s+control\s+(?:of|over)|re-?established\s+control\s+(?:of|over)"
    r"|liberated|liberate|liberating|liberation\s+of|cleared|clearing"
    r"|(?:drove|driven|knocked|ousted|expelled|pushed|forced|threw|kicked)\s+(?:\w{1,40}\s+){1,3}?(?:out\s+of|back\s+from|from)"
)
# Said of the side that lost the place ("the Ukrainians were driven out of X").
_EXPELLED = (
    r"(?:driven|(?:were|was|been|being)\s+(?:pushed|forced|knocked|thrown|ousted|expelled|kicked))"
    r"\s+(?:out\s+of|back\s+from|from)"
)
# Said of the advancing side, whoever speaks: it is not there.
_NOT_REACHED = (
    r"pushed\s+back\s+from|(?:pushed|forced|thrown)\s+out\s+of|withdrew\s+from|withdrawn\s+from"
    r"|retreated\s+from|retreating\s+from|pulled\s+back\s+from|pulled\s+out\s+of"
    r"|(?:did|does|do|could)\s+not\s+reach|(?:didn['’]t|couldn['’]t|never|failed\s+to|unable\s+to)\s+reach"
    r"|(?:has|have|had)\s+not\s+reached|(?:stopped|halted)\s+(?:short\s+of|before|outside)"
)
_NEGATED = (
    r"(?:did|does|do|has|have|had)\s+not\s+(?:yet\s+)?(?:captured?|taken?|took|entered|enter|seized?|occupied|occupy)"
    r"|(?:didn['’]t|haven['’]t|hasn['’]t|never)\s+(?:captured?|taken?|entered|enter|seized?)"
    r"|denied\s+(?:capturing|taking|entering|seizing)|without\s+(?:taking|capturing|entering|seizing)"
    r"|(?:failed|fail|fails|unable)\s+to\s+(?:capture|take|enter|seize)"
)
# Where a fight or an attempt is aimed: near X, towards X, in the direction of X, aimed at X ...
_TOWARDS = (
    r"near|in|for|around|at|on|outside|towards?|toward|close\s+to|in\s+the\s+area\s+of|in\s+the\s+vicinity\s+of"
    r"|in\s+the\s+direction\s+of|aimed\s+at|directed\s+at|targeting|against"
)
_CONTESTED = (
    r"(?:heavy\s+|fierce\s+|intense\s+)?(?:fighting|fights?|battles?|clash(?:es)?|combat|skirmish(?:es)?"
    rf"|counter-?attacks?|counter-?attacked|counter-?attacking|counter-?offensive|assaults?|attacks?|hostilities"
    r"|defensive\s+(?:battles|actions|operations))"
    rf"\s+(?:{_W}){{0,6}}?(?:{_TOWARDS})"
    r"|(?:repelled|repelling|repulsed|repulsing|thwarted|fought\s+off|fending\s+off|beat\s+back|beaten\s+back"
    rf"|pushed\s+back|thrown\s+back|stopped|halted|blocked|foiled|defeated)\s+(?:{_W}){{0,8}}?(?:{_TOWARDS})"
    r"|(?:attempted|attempting|tried|trying|tries|try|sought|seeking|seek|attempts?|bids?|efforts?)"
    rf"\s+(?:by\s+(?:{_W}){{1,4}}?)?to\s+(?:break\s+through|advance|attack|assault|storm|cross"
    rf"|infiltrate|penetrate|raid|reach"
    rf"|push|break\s+into|enter|capture|seize|take|encircle)(?:\s+(?:{_W}){{0,5}}?(?:{_TOWARDS}|to|into))?"
    r"|(?:advancing|advanced|advance|advances|moving|moved|heading|headed|pushing|pushed|marching|pressing"
    r"|pressed|closing|closed|edging|edged|rolled|rolling|rolls|drove|driving)"
    rf"\s+(?:{_W}){{0,3}}?(?:in\s+)?(?:towards?|toward|on|near|in\s+the\s+direction\s+of)"
    r"|(?:broke|breached|broken|break|breaking)\s+(?:through\s+)?(?:[\w'’-]{1,40}\s+){0,3}?defen[cs]es?\s+(?:in|near|at|around|of)"
    r"|(?:operating|active|fighting|present|positioned)\s+(?:just\s+)?(?:to\s+the\s+)?"
    r"(?:north|south|east|west|north-?east|north-?west|south-?east|south-?west)\s+of"
    r"|(?<=\bto\s)attack|on\s+the\s+approaches\s+to|approaches\s+to"
    r"|(?:active\s+)?defen[cs]e\s+(?:near|around|in\s+the\s+area\s+of|in\s+the\s+vicinity\s+of)"
    r"|(?:advanced|advancing|pushed|moved|got)\s+(?:up\s+)?to|reached|reaching|approached|approaching"
    r"|cross(?:ed|ing)?\s+(?:the\s+)?(?:state\s+)?(?:border|frontier)\s+(?:near|at|close\s+to|by)"
    r"|advanced\s+to\s+the\s+outskirts\s+of|on\s+the\s+outskirts\s+of|outskirts\s+of"
    r"|(?:stormed|storming|storm|attacked|attacking|shelled\s+positions\s+in|encircled|encircling|surrounded|surrounding)"
    rf"|focus(?:ed|ing|es)?\s+(?:{_W}){{0,2}}?(?:(?:attacks?|efforts|offensive|assaults?)\s+)?on"
    r"|concentrated\s+(?:[\w'’-]{1,40}\s+)?(?:around|near|on|in)|contested\s+(?:village|town|settlement)?\s*(?:of)?"
)
_PHRASE = compile_later(
    rf"\b(?:(?P<expelled>{_EXPELLED})|(?P<negated>{_NEGATED})|(?P<unreached>{_NOT_REACHED})|(?P<outside>{_OUTSIDE})|(?P<contested>{_CONTESTED})|(?P<inside>{_INSIDE}))[\"”’]?\s+",
    re.IGNORECASE,
)
# "X was captured", "X and Y have been retaken", "X came under Ukrainian control", "X remains contested".
_PASSIVE = compile_later(
    r"\s+(?:(?:has|have|had)\s+)?(?:(?:been|was|were|is|are)\s+(?:now\s+|reportedly\s+|also\s+)?)"
    r"(?:(?P<inside>captured|taken|seized|occupied|entered|overrun)"
    r"|(?P<outside>retaken|recaptured|liberated|cleared)"
    r"|(?P<contested>contested|surrounded|encircled|attacked|stormed))\b"
    r"|\s+(?:(?:has|have|had)\s+)?(?:fell|fallen)\s+(?:to|into\s+the\s+hands\s+of)\s+(?:the\s+)?"
    r"(?P<fell>Ukrainian|Ukraine['’]s|Kyiv['’]s|Russian|Russia['’]s)\b"
    r"|\s+(?:(?:has|have|had)\s+)?(?:came\s+under|come\s+under|(?:is|are|was|were)\s+(?:now\s+)?under"
    r"|remains?\s+under|remained\s+under|(?:is|are)\s+still\s+under)\s+(?:the\s+)?(?:full\s+)?"
    r"(?P<side>Ukrainian|Ukraine['’]s|Kyiv['’]s|Russian|Russia['’]s|Moscow['’]s)?\s*(?:control)?",
    re.IGNORECASE,
)
_PASSIVE_HINT = compile_later(
    r"\b(?:has|have|had|been|was|were|is|are|fell|fallen|came|come|remains?|remained)\b", re.IGNORECASE
)
_UKRAINIAN = compile_later(r"\b(?:Ukrainian|Ukraine['’]s|Ukrainians|Kyiv['’]s|Kyiv|Kiev|AFU|ZSU|Ukraine)\b")
_RUSSIAN = compile_later(r"\b(?:Russian|Russia['’]s|Russians|Russia|Moscow['’]s|Chechen|Akhmat|Rosgvardia|Kadyrov)\b")
_CLAUSE_START = compile_later(r"[;:]|,\s+(?:while|but|whereas|as|and)\b|\b(?:while|but|whereas)\b|[\"“”]")
# A side's word that names what is acted on, not who acts: "broke Ukrainian defences and entered X",
# "repelled Ukrainian attacks near Korenevo and retook Krupets".
_OBJECT = compile_later(
    r"\s+(?:defen[cs]es|defen[cs]e\s+lines?|positions?|lines?|territory|soil|border|strongholds?|fortifications?|manpower|hardware"
    r"|equipment|rear|flank|attacks?|assaults?|counter-?attacks?|counter-?offensives?|offensives?|incursions?|raids?)\b",
    re.IGNORECASE,
)
# An aim, not a deed: "trying to capture X", "the plan to take X", "ordered the army to retake X".
_INTENT = compile_later(
    r"\b(?:try|tries|trying|tried|attempt(?:s|ed|ing)?|aim(?:s|ed|ing)?|plan(?:s|ned|ning)?|intend(?:s|ed|ing)?"
    r"|seek(?:s|ing)?|sought|want(?:s|ed)?|struggl(?:e|es|ed|ing)|bid|efforts?|order(?:s|ed)?(?:\s+[\w'’-]{1,40}){0,3})"
    r"\s+(?:to|on|at)\s+(?:[\w'’-]{1,40}\s+){0,10}$",
    re.IGNORECASE,
)
_MOVED = compile_later(
    r"\b(?:advanc(?:ed|ing)|push(?:ed|ing)|moved|moving|broke|breaking|penetrat(?:ed|ing)|drove|driving|marched)\b",
    re.IGNORECASE,
)
# Attacks from the air or by fire are no fighting on the ground: "bomb attacks on the town of X".
_BY_FIRE = compile_later(r"\b(?:bomb|bombs|air|aerial|missile|drone|artillery|rocket|mortar|glide)\s+$", re.IGNORECASE)
# Words between a phrase and its name that put the place ahead, not held: "positions in the direction of X".
_AHEAD = compile_later(r"\b(?:direction|approaches|vicinity|outskirts|edge)\b", re.IGNORECASE)
_BY_ACTOR = compile_later(r"\s+by\s+(?:the\s+)?(?P<side>Ukrainian|Ukraine['’]s|Russian|Russia['’]s)\b", re.IGNORECASE)
_AREA_HINT = compile_later(
    rf"\b(?P<name>{_WORD}(?:[ \t]+{_WORD})?)[\s-]+(?P<kind>(?i:district|raion|rayon|region|oblast|province))(?i:s)?\b"
)

# A region centre named alone after "in": "four towns in Kharkiv" (the region, as the centre never is a place here).
_IN_REGION = compile_later(r"\bin\s+(?:the\s+)?(?P<name>[A-Z][a-z]{3,20})\b(?![\s-]+(?:city|town)\b)")
_NEAR_AFTER = compile_later(
    r"(?:[\w'’-]{1,40}\s+){0,3}?(?:near|around|outside|towards?|toward|close\s+to|in|at|on)\s+", re.IGNORECASE
)

#: How far after a phrase (characters) its names are read, and how far back a passive verb's.
_WINDOW = 240
_BACK = 160


def _actor(text: str, start: int, floor: int) -> str | None:
    """'UKR' or 'RUS': who acts in the clause before ``start`` (the last side named)."""
    a = max(floor, start - _BACK)
    window = text[a:start].rstrip().rstrip('"“”‘’')  # a quote opening at the verb: 'its troops had "liberated"'
    cut = [m.end() for m in _CLAUSE_START.finditer(window)]
    if cut:
        window = window[cut[-1] :]
    last_ukr = max((m.end() for m in _UKRAINIAN.finditer(window) if not _OBJECT.match(window, m.end())), default=-1)
    last_rus = max((m.end() for m in _RUSSIAN.finditer(window) if not _OBJECT.match(window, m.end())), default=-1)
    if last_ukr < 0 and last_rus < 0:
        return None
    return "UKR" if last_ukr > last_rus else "RUS"


def _status(kind: str, actor: str | None, advancing: str = "UKR") -> Status:
    """The status a phrase of ``kind`` gives when ``actor`` acts and ``advancing`` is the side whose zone it is."""
    if kind == "contested":
        return "contested"
    if kind in ("negated", "unreached"):
        return "outside"
    by_defender = actor is not None and actor != advancing
    if kind == "expelled":
        return "inside" if by_defender else "outside"
    if kind == "inside":
        return "outside" if by_defender else "inside"
    return "inside" if actor == advancing else "outside"  # a retaking: by the defender unless the advancing side


def _names(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Spans of the place names listed from ``start`` (after fillers), at most to ``end``."""
    filler = _FILLER.match(text, start, end)
    pos = filler.end() if filler else start
    plural = bool(filler and _PLURAL.search(filler.group(0)))
    m = _LIST.match(text, pos, end)
    if m is None and plural and (dash := _DASH_LIST.match(text, pos, end)):
        m = _LIST.match(text, dash.end(), end)
    if m is None:
        return []
    first = (m.start("first"), m.end("first"))
    items = [first]
    more = m.group("more")
    if more:
        # "X, Y and Z": the commas count only when the list closes with "and"/"or" or a plural filler leads it.
        closes = plural or re.search(r"\s(?:and|or)\s", more) is not None
        for item in _ITEM.finditer(text, m.start("more"), m.end("more")):
            items.append(item.span())
        if not closes:
            items = items[:1]
    if _AREA_AFTER.match(text, items[-1][1], min(end + 40, len(text))) and len(items) > 1:
        return []  # "the Sudzha and Korenevo districts"
    out = []
    for a, b in items:
        a, b = _trim_name(text, a, b, end)
        if a < b:
            out.append((a, b))
    return out


def _trim_name(text: str, a: int, b: int, end: int) -> tuple[int, int]:
    """Drop words that are not part of a name: 'the', nationalities, months; an area or a speaker."""
    words = [(m.start(), m.end()) for m in re.finditer(r"\S+", text[a:b])]
    words = [(a + x, a + y) for x, y in words]
    kept = []
    for x, y in words:
        word = re.sub(r"['’]s$", "", text[x:y].lower()).strip("'’")
        if word in _AREA_WORDS:
            return a, a
        if word in _NOT_NAMES:
            break
        kept.append((x, y))
    if not kept:
        return a, a
    b = kept[-1][1]
    a = kept[0][0]
    if _AREA_AFTER.match(text, b, min(end + 40, len(text))) or _SPEECH_AFTER.match(text, b, min(b + 30, len(text))):
        return a, a
    if re.search(r"\w['’]s$", text[a:b]):
        b -= 2  # "Vovchansk's urban area": the place is Vovchansk
    return a, b


# -- context: sentences, claimants, dates (as frontmap.extract does for figures) -----------------


#: A sentence's (start, end, paragraph, claimant_at(pos), date).
_Context = tuple[int, int, int, Callable[[int], str | None], str | None]
#: A place's span, status, the span of the phrase giving it and its sentence.
_Claim = tuple[tuple[int, int], "Status", tuple[int, int], _Context]


def _contexts(text: str) -> list[_Context]:
    """(start, end, paragraph, claimant_at(pos), date) for every sentence, as figures get them."""
    sentences, quotes = _dated_sentences(text)
    return _claimants(sentences, _x._Spans(quotes))


def _dated_sentences(text: str) -> tuple[list[_x._Sentence], list[tuple[int, int]]]:
    """Every sentence (its attributions and date: its own first, else the paragraph's last before it)
    and every quote of the text.
    """
    dates = _x._resolve_dates(_x._find_dates(text))
    date_starts = array("q", (a for a, _, _ in dates))
    full_name = _x._FullNames(text, _x._Tokens(r"\S+", text))
    sentences: list[_x._Sentence] = []
    quotes: list[tuple[int, int]] = []
    for index, (p_start, p_end) in enumerate(_x._paragraphs(text)):
        paragraph_quotes = _x._quotes(text, p_start, p_end)
        quotes += paragraph_quotes
        in_paragraph = _x._Spans(paragraph_quotes)
        previous_date = None
        for s_start, s_end in _x._sentences(text, p_start, p_end):
            s = _x._Sentence(
                s_start,
                s_end,
                index,
                _x._attributions(text, s_start, s_end, in_paragraph, full_name),
                bool(_x._PRONOUN_ATTRIBUTION.search(text, s_start, s_end)),
            )
            own = [
                iso for _, _, iso in dates[bisect_left(date_starts, s_start) : bisect_left(date_starts, s_end)] if iso
            ]
            s.date = own[0] if own else previous_date
            if own:
                previous_date = own[-1]
            sentences.append(s)
    return sentences, quotes


def _claimants(sentences: list[_x._Sentence], all_quotes: _x._Spans) -> list[_Context]:
    """Each sentence's context, with who claims what it says at a position (its attribution,
    the speaker of the quote holding the position, or the last one named for a pronoun).
    """
    sentence_ends = array("q", (s.end for s in sentences))
    speakers: dict = {}

    def speaker_of(quote):
        if quote not in speakers:
            speakers[quote] = None
            for s in sentences[bisect_right(sentence_ends, quote[0]) :]:
                if s.start >= quote[1]:
                    break
                if s.attributions:
                    speakers[quote] = s.attributions[0][1]
                    break
        return speakers[quote]

    out: list[_Context] = []
    last_named = None
    for s in sentences:

        def claimant_at(pos: int, s=s, last_named=last_named) -> str | None:
            if s.attributions:
                return s.claimant_near(pos)
            quote = all_quotes.holding(pos)
            who = speaker_of(quote) if quote is not None else None
            if who is None and s.pronoun:
                who = last_named
            return who

        out.append((s.start, s.end, s.paragraph, claimant_at, s.date))
        if s.attributions:
            last_named = s.attributions[-1][1]
    return out


# -- the public function ------------------------------------------------------------------------


def extract_places(text: str, *, resolve: bool = True, side: str = "RUS") -> list[ExtractedPlace]:
    """The places an English text gives a status, in text order.

    Parameters
    ----------
    text : str
        Plain English prose.
    resolve : bool, default True
        Resolve each name to a settlement (namesakes by the sentence's or
        paragraph's district or region, then by the other places of the
        text); False leaves every ``resolved`` unresolved (faster, for tests
        of the grammar alone).
    side : {"RUS", "UKR"}, default "RUS"
        The country the zone lies in, as for :func:`frontmap.places.resolve_place`.
        On the ``RUS`` side Ukraine advances ("Ukrainian troops captured X":
        inside); on the ``UKR`` side Russia does ("Russian forces captured X":
        inside, "Ukrainian forces retook X": outside), and names are looked up
        in the Ukrainian layer first.

    Returns
    -------
    list of ExtractedPlace
        ``text[p.start:p.end] == p.original``; a name under two phrases is
        listed once, with the nearer phrase.

    Examples
    --------
    >>> found = extract_places("Ukrainian troops captured Sudzha; Russian forces retook Tolpino and "
    ...                        "repelled attacks near Martynivka.")
    >>> [(p.original, p.status, p.resolved.settlement.id) for p in found]
    [('Sudzha', 'inside', 115637), ('Tolpino', 'outside', 6209), ('Martynivka', 'contested', 37899)]
    """
    contexts = _contexts(text)
    starts = array("q", (c[0] for c in contexts))
    found: dict[tuple[int, int], tuple[Status, tuple[int, int], _Context, int]] = {}

    def sentence_of(pos: int) -> _Context | None:
        i = bisect_right(starts, pos) - 1
        return contexts[i] if i >= 0 and pos < contexts[i][1] else None

    # A name under two phrases keeps the nearer one (the first of equals).
    if side not in ("RUS", "UKR"):
        raise ValueError(f"{side!r} is not a side; use 'RUS' or 'UKR'")
    advancing = "UKR" if side == "RUS" else "RUS"
    claims = (*_active_claims(text, sentence_of, advancing), *_passive_claims(text, sentence_of, advancing))
    for span, status, phrase_span, ctx in claims:
        distance = abs(phrase_span[0] - span[0])
        old = found.get(span)
        if old is None or distance < old[3]:
            found[span] = (status, phrase_span, ctx, distance)
    places = _listed(text, found)
    if not places:
        return []
    if resolve:
        return _resolved(text, places, contexts, side)
    from .places import Place, ResolvedPlace

    return [
        ExtractedPlace(o, a, b, st, ph, se, ResolvedPlace(Place(o, st), None, (), "not resolved"), cl, d)
        for o, a, b, st, ph, se, cl, d, _ in places
    ]


def _active_claims(
    text: str, sentence_of: Callable[[int], _Context | None], advancing: str = "UKR"
) -> Iterator[_Claim]:
    """The names each status phrase governs ("captured X and Y"), with the status it gives them."""
    for m in _PHRASE.finditer(text):
        ctx = sentence_of(m.start())
        if ctx is None:
            continue
        kind = _kind(text, m, ctx[0])
        if kind is None:
            continue
        limit = min(ctx[1], m.end() + _WINDOW)
        spans = _names(text, m.end(), limit)
        if not spans and kind == "contested":  # "tried to cross into Russia near X"
            near = _NEAR_AFTER.match(text, m.end(), limit)
            spans = _names(text, near.end(), limit) if near else []
        if not spans:
            continue
        if kind == "inside" and _AHEAD.search(text, m.end(), spans[0][0]):
            kind = "contested"
        status = _status(kind, _actor(text, m.start(), ctx[0]), advancing)
        for span in spans:
            yield span, status, (m.start(), m.end()), ctx


def _kind(text: str, m: re.Match[str], floor: int) -> str | None:
    """The phrase's kind (a group of :data:`_PHRASE`), an aim made contested, or None for fire from afar."""
    kind = next(k for k in ("expelled", "negated", "unreached", "outside", "contested", "inside") if m.group(k))
    before = max(floor, m.start() - _BACK)
    if kind == "contested" and _BY_FIRE.search(text, max(floor, m.start() - 20), m.start()):
        return None
    if kind in ("inside", "outside") and _INTENT.search(text[before : m.start()]):
        return "contested"
    if kind == "inside" and m["inside"][:3].lower() == "and" and not _MOVED.search(text, before, m.start()):
        return None  # "and into X" enters X only after a verb of advancing: "advanced north of Y and into X"
    return kind


def _passive_claims(
    text: str, sentence_of: Callable[[int], _Context | None], advancing: str = "UKR"
) -> Iterator[_Claim]:
    """The names a list before a passive phrase holds ("X and Y were liberated"), with their status."""
    for m in _PASSIVE_HINT.finditer(text):
        p = _PASSIVE.match(text, m.start() - 1) if m.start() > 0 else None
        if p is None or not p.group(0).strip():
            continue
        ctx = sentence_of(m.start())
        if ctx is None:
            continue
        status = _passive_status(text, p, ctx, advancing)
        if status is None:
            continue
        a = max(ctx[0], m.start() - _BACK)
        window = text[a : m.start() - 1]
        lists = list(_LIST.finditer(window))
        if not lists or lists[-1].end() != len(window):
            continue
        last = lists[-1]
        for span in _names(text, a + last.start(), a + last.end()):
            yield span, status, (m.start(), p.end()), ctx


def _passive_status(text: str, p: re.Match[str], ctx: _Context, advancing: str = "UKR") -> Status | None:
    """The status a passive phrase gives (by whom, if it says), or None for a phrase that gives none."""
    if p.group("inside") or p.group("outside") or p.group("contested"):
        kind = "inside" if p.group("inside") else "outside" if p.group("outside") else "contested"
        by = _BY_ACTOR.match(text, p.end(), min(ctx[1], p.end() + 40))
        actor = None if by is None else ("UKR" if by["side"].lower().startswith("ukr") else "RUS")
        return _status(kind, actor, advancing)
    side = p.group("fell") or p.group("side")
    if side is None or (p.group("fell") is None and "control" not in p.group(0).lower()):
        return None
    holder = "UKR" if side.lower().startswith(("ukr", "kyiv")) else "RUS"
    return "inside" if holder == advancing else "outside"


def _listed(text: str, found: dict[tuple[int, int], tuple[Status, tuple[int, int], _Context, int]]) -> list[list]:
    """Each place in text order: [original, start, end, status, phrase, sentence, claimant, date, context]."""
    places = []
    for (a, b), (status, (pa, pb), ctx, _) in sorted(found.items()):
        phrase = " ".join(text[pa:pb].split())
        s_start, s_end, _, claimant_at, date = ctx
        sentence = text[s_start:s_end]
        sentence = (
            " ".join(sentence.split())
            if len(sentence) <= _x.MAX_SENTENCE
            else "… " + " ".join(text[max(s_start, a - 300) : min(s_end, b + 300)].split()) + " …"
        )
        places.append([text[a:b], a, b, status, phrase, sentence, claimant_at(a), date, ctx])
    return places


def _hints(text: str, contexts) -> tuple[dict, dict]:
    """Area names per sentence start and per paragraph: [(kind, name)]."""
    by_sentence: dict = {}
    by_paragraph: dict = {}
    starts = array("q", (c[0] for c in contexts))
    for m in _AREA_HINT.finditer(text):
        i = bisect_right(starts, m.start()) - 1
        if i < 0 or m.start() >= contexts[i][1]:
            continue
        name = m["name"]
        words = [w for w in name.split() if (k := re.sub(r"['’]s$", "", w.lower())) not in _NOT_NAMES or k in _REGIONS]
        if not words:
            continue
        kind = "district" if m["kind"].lower() in ("district", "raion", "rayon") else "region"
        hint = (kind, " ".join(words) + (" district" if kind == "district" else " region"))
        by_sentence.setdefault(contexts[i][0], []).append(hint)
        by_paragraph.setdefault(contexts[i][2], []).append(hint)
    for m in _IN_REGION.finditer(text):
        i = bisect_right(starts, m.start()) - 1
        if i >= 0 and m.start() < contexts[i][1] and m["name"].lower() in _REGIONS:
            hint = ("region", m["name"] + " region")
            by_sentence.setdefault(contexts[i][0], []).append(hint)
            by_paragraph.setdefault(contexts[i][2], []).append(hint)
    return by_sentence, by_paragraph


def _text_region(by_paragraph: dict) -> list[tuple[str, str]]:
    """The region the text names most (its first on a tie), for places whose paragraph names none."""
    regions = [hint for hints in by_paragraph.values() for hint in hints if hint[0] == "region"]
    if not regions:
        return []
    names = [name for _, name in regions]
    return [max(regions, key=lambda h: (names.count(h[1]), -names.index(h[1])))]


def _resolved(text: str, places: list, contexts, side: str = "RUS") -> list[ExtractedPlace]:
    from .places import Place, ResolvedPlace, resolve_place

    by_sentence, by_paragraph = _hints(text, contexts)
    by_text = _text_region(by_paragraph)
    cache: dict = {}

    def resolve(name, status, ctx, near=()):
        hints = by_sentence.get(ctx[0]) or by_paragraph.get(ctx[2]) or by_text
        district = next((n for k, n in hints if k == "district"), None)
        region = next((n for k, n in hints if k == "region"), None)
        key = (name, district, region, tuple(near))
        if key not in cache:
            cache[key] = resolve_place(Place(name, status), district=district, region=region, near=near, side=side)
        return cache[key]

    resolved = [resolve(p[0], p[3], p[8]) for p in places]
    anchors = tuple(sorted({(r.lon, r.lat) for r in resolved if r.settlement is not None}))
    if anchors:
        for k, r in enumerate(resolved):
            if r.settlement is None and len(r.candidates) > 1 and not r.how.startswith("unresolved"):
                resolved[k] = resolve(places[k][0], places[k][3], places[k][8], anchors)
    out = []
    for (original, a, b, status, phrase, sentence, claimant, date, _), r in zip(places, resolved, strict=True):
        r = ResolvedPlace(
            Place(original, status, phrase, sentence, claimant, date, None, a, b),
            r.settlement,
            r.candidates,
            r.how,
            r.lon,
            r.lat,
            r.chainage_km,
            r.offset_km,
        )
        out.append(ExtractedPlace(original, a, b, status, phrase, sentence, r, claimant, date))
    return out
