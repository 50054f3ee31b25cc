"""Text that is safe to print on a terminal.

Zone files, claim files and file names are data from anyone: a name may
hold an ANSI escape sequence (``ESC [ 2 J`` clears the screen, ``ESC ] 0 ;``
retitles the window, ``ESC ] 52 ;`` writes the clipboard), a carriage
return that overprints a line, or a bidirectional override that shows
``txt.exe`` as ``exe.txt``.  :func:`terminal_text` makes such text inert for
*text* output (tables, lines, notes): every control and formatting
character is replaced by a visible escape, so nothing is lost and nothing
is executed.  JSON, CSV and GeoJSON outputs keep the exact data: their
encoders escape what needs escaping and a reader must get the value back.
"""

from __future__ import annotations

__all__ = ["terminal_text"]


_SHORT = {0x09: "\\t", 0x0A: "\\n", 0x0D: "\\r"}


def _escape(code: int) -> str:
    if code in _SHORT:
        return _SHORT[code]
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def _table(keep_newlines: bool) -> dict[int, str]:
    codes = [*range(0x00, 0x20), 0x7F, *range(0x80, 0xA0)]  # C0, DEL, C1
    codes += [*range(0x202A, 0x202F), *range(0x2066, 0x206A)]  # bidi embeddings, overrides, isolates
    codes += [0x2028, 0x2029]  # line and paragraph separators
    table = {code: _escape(code) for code in codes}
    # Lone surrogates cannot be encoded as UTF-8: show the replacement character.
    table.update({code: "\ufffd" for code in range(0xD800, 0xE000)})
    if keep_newlines:
        del table[0x0A]
    return table


_ONE_LINE = _table(keep_newlines=False)
_MULTI_LINE = _table(keep_newlines=True)


def terminal_text(s: str, keep_newlines: bool = False) -> str:
    r"""``s`` with every terminal control character replaced by a visible escape.

    Replaced: C0 controls (tab and newline too, unless ``keep_newlines``
    keeps ``\n``), DEL, C1 controls, the bidirectional embeddings,
    overrides and isolates (U+202A–U+202E, U+2066–U+2069) and the Unicode
    line and paragraph separators, each by its ``\t``, ``\n``, ``\r``,
    ``\xNN`` or ``\uNNNN`` escape; lone surrogates by U+FFFD.  Everything else, Cyrillic included,
    is kept.  Use it on text output only; structured outputs keep the data.

    Parameters
    ----------
    s : str
        Any value (it is turned into text first).
    keep_newlines : bool
        Keep ``\n`` as a line break (default False: it is escaped, giving one line).

    Returns
    -------
    str
        The text, safe to print to a terminal.

    Examples
    --------
    >>> terminal_text("\x1b[31mred\x1b[0m")
    '\\x1b[31mred\\x1b[0m'
    >>> terminal_text("abc\u202etxt.exe")
    'abc\\u202etxt.exe'
    >>> terminal_text("Суджа\nline 2", keep_newlines=True)
    'Суджа\nline 2'
    """
    return str(s).translate(_MULTI_LINE if keep_newlines else _ONE_LINE)
