"""Exceptions raised by frontmap.

Every error is a :class:`FrontmapError`; most also inherit the builtin that
describes them best, so callers may catch ``ValueError`` or ``LookupError``
without knowing frontmap's classes.  Only the command line turns these into
exit codes.
"""

from __future__ import annotations


class FrontmapError(Exception):
    """Base class of every frontmap error."""


class InvalidSpecError(FrontmapError, ValueError):
    """A zone parameter is out of range or not a valid choice.

    ``param`` names the parameter (``"depth_km"``, ``"width_km"`` ...) so a
    command line can point at the flag that caused it.
    """

    def __init__(self, message: str, param: str | None = None):
        super().__init__(message)
        self.param = param


class UnknownPlaceError(FrontmapError, LookupError):
    """No settlement matches a name; ``suggestions`` holds the closest ones."""

    def __init__(self, message: str, suggestions: list | None = None):
        super().__init__(message)
        self.suggestions = suggestions or []


class AmbiguousPlaceError(FrontmapError, LookupError):
    """A name matches several settlements; ``candidates`` lists them all."""

    def __init__(self, message: str, candidates: list | None = None):
        super().__init__(message)
        self.candidates = candidates or []


class InvalidCoordinatesError(FrontmapError, ValueError):
    """A ``lon,lat`` string is malformed or out of range."""


class ZoneFileError(FrontmapError, ValueError):
    """A zone file is not GeoJSON or holds no polygon."""


class DataError(FrontmapError, OSError):
    """The shipped data is missing, corrupt, or an input's checksum is wrong."""


class OutputError(FrontmapError, OSError):
    """An output file cannot be written (missing directory, exists already)."""


class ClaimFileError(FrontmapError, ValueError):
    """A claim file that cannot be read or breaks the schema, or no claim to pick."""


class OutputWriteError(FrontmapError, OSError):
    """Writing an output failed part way (disk full, I/O error) although its path was fine.

    Nothing is left behind: no temporary file, no half-written output.  Not an
    :class:`OutputError`, so the command line treats it as a runtime failure
    (exit 1), not as bad input (exit 2).
    """


class InvalidPlaceError(UnknownPlaceError, ValueError):
    """A typed place holds characters no place name or ``lon,lat`` has (an emoji,
    a control or invisible formatting character, a byte that was not UTF-8).

    An :class:`UnknownPlaceError` (no settlement can match it) that is also a
    ``ValueError``; it carries no suggestions.
    """


class OutsideCoverageError(ZoneFileError, LookupError):
    """A zone has no part where frontmap has settlement data (the Russian oblasts
    along the border: Bryansk, Kursk, Belgorod, Voronezh and Rostov; or the
    mapped places of Ukraine), so its settlement count is unknown, not 0.

    A :class:`ZoneFileError` (bad input, exit 2 on the command line) that is
    also a ``LookupError``: the data looked for is not there.
    """


class ConflictingParametersError(FrontmapError, ValueError):
    """Parameters that cannot be given together, or one given without another it needs.

    The message is a template naming each parameter as ``{name}``: ``str()``
    shows the parameter names (``zone cannot be combined with depth_km``), and
    :meth:`format` lets a front end show its own names for them (the command
    line's flags).
    """

    def __init__(self, template: str, *params: str):
        self.template, self.params = template, params
        super().__init__(self.format({}))

    def format(self, names) -> str:
        """The message with each parameter shown as ``names[param]`` (its own name when absent)."""
        return self.template.format_map({p: names.get(p, p) for p in self.params})


class EvidenceFitError(FrontmapError, ValueError):
    """Named places and numbers that no front can be fitted to (nothing locates it, or no ground is inside)."""


class AmbiguousClaimError(ClaimFileError):
    """Several claims fit the date (or the latest date): ``param`` names what picks one."""

    def __init__(self, message: str, param: str = "claimant"):
        super().__init__(message)
        self.param = param
