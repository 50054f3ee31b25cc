"""Regular expressions compiled on first use.

Compiling a regular expression is pure-Python work in CPython's :mod:`re`
(parsing the pattern, then generating its program): the text extractors
(:mod:`frontmap.extract`, :mod:`frontmap.extract_places`) define about ninety
patterns, and compiling them all was most of what ``frontmap claims`` spent
before reading a word.  :func:`compile_later` gives an object that stands for
the compiled pattern and compiles it the first time one of its methods or
attributes is used, so a text pays only for the patterns its sentences need.
"""

from __future__ import annotations

import re
from typing import Any, cast

__all__ = ["compile_later"]

#: The methods a deferred pattern hands over to its compiled pattern once compiled.
_METHODS = ("search", "match", "fullmatch", "finditer", "findall", "sub", "subn", "split", "scanner")


class _Deferred:
    """Stands for ``re.compile(pattern, flags)``, compiled on first use.

    ``pattern`` is readable without compiling (a pattern built from
    another's ``.pattern`` costs nothing); any other attribute compiles it
    once, and from then on the compiled pattern's bound methods are plain
    attributes of this object, found without a further indirection.
    """

    def __init__(self, pattern: str, flags: int = 0):
        self.pattern = pattern
        self._flags = flags

    def __getattr__(self, name: str) -> Any:
        # Only called for names not set yet: the first use of the pattern.
        if name.startswith("__"):
            raise AttributeError(name)
        compiled = re.compile(self.pattern, self._flags)
        for method in _METHODS:
            setattr(self, method, getattr(compiled, method))
        self.flags, self.groups, self.groupindex = compiled.flags, compiled.groups, compiled.groupindex
        return getattr(compiled, name)

    def __repr__(self) -> str:
        return f"compile_later({self.pattern!r}, {self._flags!r})"


def compile_later(pattern: str, flags: int | re.RegexFlag = 0) -> re.Pattern[str]:
    """A regular expression that is compiled the first time it is used.

    Parameters
    ----------
    pattern : str
        The regular expression, as for :func:`re.compile`.
    flags : int, default 0
        Its flags, as for :func:`re.compile`.

    Returns
    -------
    re.Pattern
        An object with the methods and attributes of ``re.compile(pattern,
        flags)`` that compiles it on first use (an error in the pattern is
        raised then).  It is not an instance of :class:`re.Pattern`: pass it
        to its own methods, not to :func:`re.search` and the like.

    Examples
    --------
    >>> number = compile_later(r"(?P<n>\\d+) km", re.IGNORECASE)
    >>> number.pattern
    '(?P<n>\\\\d+) km'
    >>> number.search("advanced 12 KM").group("n")
    '12'
    >>> [m.span() for m in number.finditer("3 km, 4 km")]
    [(0, 4), (6, 10)]
    """
    return cast("re.Pattern[str]", _Deferred(pattern, int(flags)))
