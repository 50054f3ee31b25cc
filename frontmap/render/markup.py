"""Text that reaches a page: HTML escaping, JSON for scripts and the Jinja2 templates.

Strings from data, zone files and users reach the page only through
:func:`escape_text`: the templates apply it to every ``{{ value }}`` that is
not :class:`markupsafe.Markup` (HTML frontmap built from escaped parts).
Folium does not escape, and some of its templates are JavaScript template
literals, so ``$``, backticks and backslashes are escaped as well as
markupsafe's ``& < > " '``.  Braces are escaped too: branca renders the
output of every Folium element's script once more as a Jinja template, so a
``{{ ... }}`` in a zone file's name would otherwise run in the renderer.
Values read by a script go through :func:`script_json`
(``jinja2.utils.htmlsafe_json_dumps``, with no ``{{``, ``{%`` or ``{#``
left) or the templates' ``|tojson`` filter.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

import jinja2
from jinja2.utils import htmlsafe_json_dumps
from markupsafe import Markup, escape

__all__ = [
    "TEMPLATE_FOLDER",
    "escape_text",
    "format_km",
    "html_lines",
    "render_macro",
    "render_template",
    "script_json",
    "to_html",
]

#: The templates' folder, inside this package (shipped in the wheel with it).
TEMPLATE_FOLDER = "templates"

#: Characters markupsafe leaves as they are that would run inside a JavaScript template literal
#: (backslash, dollar, backtick) or in the Jinja template branca makes of a script (braces).
_TEMPLATE_ESCAPES = str.maketrans({"\\": "&#92;", "$": "&#36;", "`": "&#96;", "{": "&#123;", "}": "&#125;"})
#: A brace that would open a Jinja tag; JSON has one only inside a string, where ``\u007b`` is the same.
_JINJA_OPEN = re.compile(r"\{(?=[{%#])")

#: Distances from this many km on are shown with one decimal, shorter ones with two.
_ONE_DECIMAL_FROM_KM = 10.0


def escape_text(value: object) -> str:
    """``value`` as HTML text that stays inert inside a JavaScript template literal.

    Parameters
    ----------
    value : object
        Any value; it is converted with ``str``.

    Returns
    -------
    str
        The text with ``& < > " '`` as HTML entities, and ``\\``, ``$``,
        backticks and braces too.

    Examples
    --------
    >>> escape_text("<b>${x}</b> `y`")
    '&lt;b&gt;&#36;&#123;x&#125;&lt;/b&gt; &#96;y&#96;'
    >>> escape_text("{{ 7*7 }}")
    '&#123;&#123; 7*7 &#125;&#125;'
    """
    return str(escape(str(value))).translate(_TEMPLATE_ESCAPES)


def to_html(value: object) -> Markup:
    """``value`` as page HTML: Markup as it is, anything else escaped as text.

    Parameters
    ----------
    value : object
        :class:`markupsafe.Markup` (or anything with ``__html__``) is kept;
        any other value is escaped with :func:`escape_text`.

    Returns
    -------
    markupsafe.Markup
        Safe to place in a page as it is.

    Examples
    --------
    >>> to_html("a<b") + to_html(Markup("<br>"))
    Markup('a&lt;b<br>')
    """
    if hasattr(value, "__html__"):
        return Markup(value)
    return Markup(escape_text(value))


def html_lines(items: Iterable[object]) -> Markup:
    """``items`` as lines of HTML (joined by ``<br>``), each escaped unless it is Markup.

    Parameters
    ----------
    items : iterable of object
        Texts (escaped) and Markup (kept).

    Returns
    -------
    markupsafe.Markup
        The lines joined by ``<br>`` ("" for no items).

    Examples
    --------
    >>> html_lines(["a & b", Markup("<b>c</b>")])
    Markup('a &amp; b<br><b>c</b>')
    """
    return Markup("<br>").join(to_html(item) for item in items)


def script_json(obj: Any) -> str:
    """``obj`` as JSON safe inside a ``<script>`` element.

    Parameters
    ----------
    obj : object
        Anything :func:`json.dumps` takes, without NaN or infinities.

    Returns
    -------
    str
        JSON (keys sorted, no NaN) with ``< > & '`` as ``\\u`` escapes and every other non-ASCII
        character too, so that no text can close the script or a string,
        and no ``{{``, ``{%`` or ``{#`` (a brace before them is ``\\u007b``).

    Examples
    --------
    >>> script_json(["</script>", "it's"])
    '["\\\\u003c/script\\\\u003e", "it\\\\u0027s"]'
    """
    return _JINJA_OPEN.sub(r"\\u007b", str(htmlsafe_json_dumps(obj, sort_keys=True, allow_nan=False)))


def format_km(value: float) -> str:
    """A distance in km for a reader: two decimals below 10 km, one from there.

    Parameters
    ----------
    value : float
        The distance in km.

    Returns
    -------
    str
        The number with thousands separators and its unit.

    Examples
    --------
    >>> format_km(3.14159), format_km(12345.678)
    ('3.14 km', '12,345.7 km')
    """
    return f"{value:,.1f} km" if value >= _ONE_DECIMAL_FROM_KM else f"{value:,.2f} km"


@lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    """The Jinja2 environment of frontmap's templates (built once).

    Every ``{{ value }}`` is escaped with :func:`escape_text` unless it is
    Markup; undefined names are errors; ``|fmt(spec)`` is Python's
    :func:`format`, ``|km`` is :func:`format_km` and ``|tojson`` is
    :func:`script_json`.
    """
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("frontmap.render", TEMPLATE_FOLDER),
        autoescape=True,
        finalize=to_html,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,  # the templates ship with the package
    )
    env.filters["fmt"] = format
    env.filters["km"] = format_km
    env.filters["tojson"] = lambda value: Markup(script_json(value))
    return env


def render_template(name: str, **context: Any) -> Markup:
    """The template ``name`` (a path in :data:`TEMPLATE_FOLDER`) rendered with ``context``.

    Parameters
    ----------
    name : str
        E.g. ``"zone_popup.html"`` or ``"js/scale.js"``.
    **context
        The template's values: text is escaped where it is placed, Markup is not.

    Returns
    -------
    markupsafe.Markup
        The rendered text (HTML, CSS or JavaScript) with no trailing newline.

    Examples
    --------
    >>> print(render_template("js/scale.js", map="map_1"))
    L.control.scale({position: 'bottomright', maxWidth: 160}).addTo(map_1);
    """
    return Markup(environment().get_template(name).render(**context))


def render_macro(name: str, macro: str, *args: Any, **kwargs: Any) -> Markup:
    """The macro ``macro`` of the template ``name`` called with ``args`` and ``kwargs``.

    Parameters
    ----------
    name : str
        A template holding macros, e.g. ``"popups.html"``.
    macro : str
        The macro's name.
    *args, **kwargs
        Its arguments: text is escaped where it is placed, Markup is not.

    Returns
    -------
    markupsafe.Markup
        The macro's output, every text argument escaped where it is placed.

    Examples
    --------
    >>> render_macro("popups.html", "note", "a < b")
    Markup("<span class='fm-note'>a &lt; b</span>")
    """
    return Markup(getattr(environment().get_template(name).module, macro)(*args, **kwargs))
