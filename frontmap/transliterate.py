"""Russian names in Latin letters, and the keys names are matched by.

Users type "Sudzha", "Bolshoye Soldatskoye", "Bol'shoye Soldatskoye" or
"Большое Солдатское".  Names are shown in the Wikipedia romanisation and
matched on *keys*: lower case, ё read as е, apostrophes and punctuation
dropped, and for Cyrillic each of several common romanisations, so that
any of them finds the name.

Folding drops punctuation and accents, so what a typed place may hold is
checked first (:func:`place_text_problem`): letters, digits, spaces and
ordinary name punctuation only, so that an emoji, an invisible mark or a
byte that was not UTF-8 around a name is refused rather than folded away.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

__all__ = ["char_name", "match_keys", "place_text_problem", "query_key", "quote_text", "to_latin"]

_SCHEMES = ("WIKIPEDIA", "BGN_PCGN", "MOSMETRO", "MVD_782", "ICAO_DOC_9303", "SCIENTIFIC", "YANDEX_MAPS")
_CYRILLIC = re.compile("[\u0400-\u04ff]")


@lru_cache(maxsize=1)
def _schemas():
    import iuliia

    return [getattr(iuliia, name) for name in _SCHEMES]


def to_latin(name: str) -> str:
    """``name`` in the Wikipedia romanisation.

    Parameters
    ----------
    name : str
        A Russian name in Cyrillic; Latin letters, digits and punctuation pass through.

    Returns
    -------
    str
        The romanised name, with its capitals kept.

    Examples
    --------
    >>> to_latin("Большое Солдатское")
    'Bolshoye Soldatskoye'
    """
    return _schemas()[0].translate(name)


def _fold(text: str) -> str:
    text = text.replace("ё", "е").replace("Ё", "Е")
    text = unicodedata.normalize("NFKD", text.lower())
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = re.sub(r"[\'’ʹʼ`·\"]", "", text)
    text = re.sub(r"[^0-9a-zа-я]+", " ", text)
    return " ".join(text.split())


def query_key(text: str) -> str:
    """The key a user's query is matched by.

    Parameters
    ----------
    text : str
        What the user typed: a name in Cyrillic or Latin letters, in any case and spacing.

    Returns
    -------
    str
        Lower case; accents, apostrophes and quotes dropped; ё as е; every run of characters other than
        letters and digits one space; no leading or trailing space.

    Examples
    --------
    >>> query_key("  Sudzha, Sudzhansky ")
    'sudzha sudzhansky'
    >>> query_key("Bol'shoye  SOLDATSKOYE") == query_key("bolshoye soldatskoye")
    True
    """
    return _fold(text)


def match_keys(name: str) -> set[str]:
    """Every key under which a Cyrillic ``name`` is found.

    Parameters
    ----------
    name : str
        A settlement's name as the register writes it (Cyrillic), or any other text.

    Returns
    -------
    set of str
        The :func:`query_key` of the name itself and, for a name holding Cyrillic, of each romanisation
        frontmap knows.

    Examples
    --------
    >>> sorted(match_keys("Суджа")), sorted(match_keys("Sudzha"))
    (['sudza', 'sudzha', 'суджа'], ['sudzha'])
    """
    keys = {_fold(name)}
    if _CYRILLIC.search(name):
        for schema in _schemas():
            keys.add(_fold(schema.translate(name)))
    return keys


# ---------------------------------------------------------------------------
# What a typed place may hold

#: Punctuation a place query may hold besides letters, digits and spaces:
#: hyphens and dashes, apostrophes and quotes, and the separators of
#: ``NAME (TYPE), PLACE``, ``id:N``/``#N`` and ``lon,lat`` (the register
#: itself writes ``ж/д_ст`` and ``К.Либкнехта``).
NAME_PUNCTUATION = "-‐‑‒–—'’‘ʹʼ`´\"«»“”„.,;:()#№=+/_"
#: Longest place query, in characters.
MAX_QUERY_CHARS = 200
_ALLOWED_SHOWN = "- ' . , ( ) : # / _"


#: Longest text :func:`quote_text` quotes whole; longer ones keep their first QUOTE_MAX_CHARS_CUT characters.
QUOTE_MAX_CHARS = 200
QUOTE_MAX_CHARS_CUT = 60


def quote_text(text: str, max_chars: int = QUOTE_MAX_CHARS) -> str:
    """``text`` quoted for a one-line message: printable characters as they
    are, a byte that was not UTF-8 (a lone surrogate from the command line)
    as ``\\xff``, any other invisible or control character as ``\\uXXXX``.
    Text longer than ``max_chars`` is cut, saying how long it was, so that a
    10,000-character value still gives a message of one readable line.

    Parameters
    ----------
    text : str
        Any value (it is turned into text first).
    max_chars : int
        Longest text quoted whole (default :data:`QUOTE_MAX_CHARS`); a longer one keeps its first
        :data:`QUOTE_MAX_CHARS_CUT` characters.

    Returns
    -------
    str
        The text in single quotes (double quotes when it holds a ``'`` and no ``"``), on one line.

    Examples
    --------
    >>> quote_text("Sudzha\\u200f\\udcff")
    "'Sudzha\\\\u200f\\\\xff'"
    >>> quote_text("x" * 5000)
    "'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx…' (5,000 characters)"
    """
    text = str(text)
    if len(text) > max_chars:
        head = quote_text(text[:QUOTE_MAX_CHARS_CUT], max_chars)
        return f"{head[:-1]}…{head[-1]} ({len(text):,} characters)"
    quote = '"' if "'" in text and '"' not in text else "'"
    out = []
    for ch in text:
        code = ord(ch)
        if 0xDC80 <= code <= 0xDCFF:  # os.fsdecode's escape of a byte >= 0x80
            out.append(f"\\x{code - 0xDC00:02x}")
        elif ch in ("\\", quote):
            out.append("\\" + ch)
        elif ch.isprintable():
            out.append(ch)
        elif code <= 0xFF:
            out.append(f"\\x{code:02x}")
        elif code <= 0xFFFF:
            out.append(f"\\u{code:04x}")
        else:
            out.append(f"\\U{code:08x}")
    return quote + "".join(out) + quote


def char_name(ch: str) -> str:
    """``U+XXXX`` and the character's Unicode name, e.g. ``U+200F RIGHT-TO-LEFT MARK``.

    Parameters
    ----------
    ch : str
        One character (a lone surrogate from :func:`os.fsdecode` stands for a byte that was not UTF-8).

    Returns
    -------
    str
        The code point, the character itself when it is visible, and its name when Unicode gives one;
        for an escaped byte, the byte.

    Examples
    --------
    >>> char_name("ж")
    "U+0436 'ж' CYRILLIC SMALL LETTER ZHE"
    >>> char_name("\\udcff")
    'the byte 0xff, which is not UTF-8'
    """
    code = ord(ch)
    if 0xDC80 <= code <= 0xDCFF:
        return f"the byte 0x{code - 0xDC00:02x}, which is not UTF-8"
    name = unicodedata.name(ch, "")
    shown = f" '{ch}'" if ch.isprintable() and not unicodedata.category(ch).startswith(("M", "Z")) else ""
    return f"U+{code:04X}{shown}" + (f" {name}" if name else "")


def place_text_problem(text: str) -> str | None:
    """Why ``text`` cannot be a place name, a qualified query or ``lon,lat``; None when it can.

    A query holds letters, digits, spaces and :data:`NAME_PUNCTUATION`, at
    most :data:`MAX_QUERY_CHARS` characters.  Anything else would be folded
    away by :func:`query_key` and let junk match a name silently, so it is
    refused: control characters, invisible formatting marks (RTL and LTR
    marks, zero-width spaces and joiners, BOM, soft hyphen), bytes that
    were not UTF-8 and U+FFFD, symbols and emoji, styled letters
    (mathematical, full-width), and combining marks that do not compose
    with their letter.

    Parameters
    ----------
    text : str
        A place query as the user gave it; anything but a str is a problem too.

    Returns
    -------
    str or None
        One clause naming the first offending character (code point and name) and what is allowed, or None.

    Examples
    --------
    >>> place_text_problem("x" * 201)
    'it is 201 characters long; a place is at most 200'
    >>> place_text_problem("Bol'shoye Soldatskoye (selo), Sudzhansky")
    >>> print(place_text_problem("Sudzha\\u200b").replace(" (", "\\n("))
    it holds U+200B ZERO WIDTH SPACE, an invisible formatting character
    (text copied from a web page often carries one): remove it
    """
    if not isinstance(text, str):
        return f"it is a {type(text).__name__}, not text"
    if len(text) > MAX_QUERY_CHARS:
        return f"it is {len(text):,} characters long; a place is at most {MAX_QUERY_CHARS}"
    for ch in unicodedata.normalize("NFC", text):
        if ch in NAME_PUNCTUATION or ch == " ":
            continue
        problem = _char_problem(ch)
        if problem is not None:
            return problem
    return None


def _char_problem(ch: str) -> str | None:
    """Why a character other than a space or :data:`NAME_PUNCTUATION` cannot be in a place; None when it can."""
    allowed = f"a place holds letters, digits, spaces and {_ALLOWED_SHOWN} only"
    cat = unicodedata.category(ch)
    if cat == "Cs":
        return f"it holds {char_name(ch)}: give UTF-8 text"
    if cat == "Cf":
        return (
            f"it holds {char_name(ch)}, an invisible formatting character "
            "(text copied from a web page often carries one): remove it"
        )
    if cat == "Cc":
        return f"it holds {char_name(ch)}, a control character; {allowed}"
    if ch == "\ufffd":
        return f"it holds {char_name(ch)}, which stands for bytes that were not UTF-8; {allowed}"
    if cat[0] in "LN" and cat not in ("Nd", "Lu", "Ll", "Lt", "Lm", "Lo"):
        return f"it holds {char_name(ch)}; {allowed}"
    if cat[0] in "LN":
        plain = unicodedata.normalize("NFKC", ch)
        if plain != ch:
            return f"it holds {char_name(ch)}, a styled form of {plain!r}: type the plain character"
        return None
    if cat == "Zs":
        return None
    if cat[0] == "M":
        return f"it holds {char_name(ch)}, a combining mark that forms no letter with the one before it; {allowed}"
    return f"it holds {char_name(ch)}; {allowed}"
