"""Russian names in Latin letters, and the keys names are matched by.

Users type "Sudzha", "Bolshoye Soldatskoye", "Bol'shoye Soldatskoye" or
"Большое Солдатское".  Names are shown in the Wikipedia romanisation and
matched on *keys*: lower case, ё read as е, apostrophes and punctuation
dropped, and for Cyrillic each of several common romanisations, so that
any of them finds the name.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

__all__ = ["to_latin", "match_keys", "query_key"]

_SCHEMES = ("WIKIPEDIA", "BGN_PCGN", "MOSMETRO", "MVD_782", "ICAO_DOC_9303", "SCIENTIFIC", "YANDEX_MAPS")
_CYRILLIC = re.compile("[\u0400-\u04ff]")


@lru_cache(maxsize=1)
def _schemas():
    import iuliia

    return [getattr(iuliia, name) for name in _SCHEMES]


def to_latin(name: str) -> str:
    """``name`` in the Wikipedia romanisation.

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

    >>> query_key("Bol'shoye  SOLDATSKOYE") == query_key("bolshoye soldatskoye")
    True
    """
    return _fold(text)


def match_keys(name: str) -> set[str]:
    """Every key under which a Cyrillic ``name`` is found."""
    keys = {_fold(name)}
    if _CYRILLIC.search(name):
        for schema in _schemas():
            keys.add(_fold(schema.translate(name)))
    return keys
