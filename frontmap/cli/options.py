"""Options shared by frontmap's commands, their types, input reading and the error translation.

Used by: ``zone`` (zone flags, output), ``affected`` (zone flags or
``--zone``, ensemble flags, output), ``contains`` (zone flags or
``--zone``), ``map`` (zone flags or ``--zone``, ensemble flags), ``fit``
(claim flags, output), ``claims`` and ``timeline`` (:func:`read_input`),
``compare`` (:func:`read_zone_file`).  Each shared option is defined once here.

Every flag is checked as it is read, so bad input stops the run before any
work with one line naming the flag as given, the value and what is allowed:
numbers by :class:`Number` (a documented range; nan, inf and overflow are
refused), names of places by :class:`PlaceText`, choices by :class:`OneOf`,
free text (titles, claimants) by :class:`SafeText` (valid UTF-8, no control
characters).  Files and stdin are read by :func:`read_input` only.
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import math
import os
import re
import stat
import sys

import click

from ..defaults import CONTESTED_KM
from ..errors import (
    AmbiguousClaimError,
    AmbiguousPlaceError,
    ClaimFileError,
    ConflictingParametersError,
    DataError,
    EvidenceFitError,
    FrontmapError,
    InvalidCoordinatesError,
    InvalidSpecError,
    OutputError,
    UnknownPlaceError,
    ZoneFileError,
)
from ..transliterate import place_text_problem, quote_text


class InputError(click.ClickException):
    """Bad input: printed as ``Error: ...`` with exit code 2."""

    exit_code = 2


# ---------------------------------------------------------------------------
# Parameter types: each refuses bad input with one line naming the flag


def _fmt(x) -> str:
    if isinstance(x, float) and x.is_integer() and abs(x) < 1e15:
        x = int(x)
    return f"{x:g}" if isinstance(x, float) else str(x)


def _shown_number(text: str) -> str:
    """What the user typed, as it goes into a message (long values cut)."""
    if len(text) > 40:
        return quote_text(text[:20]) + f"… ({len(text):,} characters)"
    return text if re.fullmatch(r"[0-9A-Za-z.+\-]+", text) else quote_text(text)


#: What a number flag accepts: ASCII digits, an optional sign, point and exponent, spaces
#: around.  Python's own int() and float() also take '1_000', '٥' (Arabic-Indic) and '５'
#: (full-width), which a typo or a pasted text should not turn into a number silently.
_INTEGER = re.compile(r"\s*[+-]?[0-9]+\s*")
_FLOAT = re.compile(
    r"\s*[+-]?(?:(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?|inf(?:inity)?|nan)\s*", re.IGNORECASE
)


class Number(click.ParamType):
    """A float or an integer in a documented range, checked as the flag is read.

    ``low``/``high`` bound the range (None: unbounded), ``*_open`` leaves the
    bound out; nan and inf are refused.  Messages read
    ``depth_km=500 is not allowed: it must be <= 100; allowed: (0, 100] km``.
    """

    def __init__(
        self, kind=float, low=None, high=None, *, low_open=False, high_open=False, unit="", label=None, note=""
    ):
        self.kind, self.low, self.high = kind, low, high
        self.low_open, self.high_open, self.unit, self.label, self.note = low_open, high_open, unit, label, note
        self.name = "integer" if kind is int else "float"

    @property
    def allowed(self) -> str:
        """The range as text, e.g. ``(0, 100] km`` or ``> 0 km``."""
        if self.high is None:
            text = f"{'>' if self.low_open else '>='} {_fmt(self.low)}{self.unit}"
        else:
            text = (
                f"{'(' if self.low_open else '['}{_fmt(self.low)}, {_fmt(self.high)}"
                f"{')' if self.high_open else ']'}{self.unit}"
            )
        return text + (f", {self.note}" if self.note else "")

    def get_metavar(self, param, ctx=None) -> str:
        return "N" if self.kind is int else "FLOAT"

    def convert(self, value, param, ctx):
        what = self.label or f"{param.name if param is not None else 'value'}="
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            text = str(value)
            try:
                if self.kind is int:
                    if not _INTEGER.fullmatch(text):
                        raise ValueError(text)
                    if len(text) > 100:  # int() refuses > 4300 digits: out of range either way
                        number = -math.inf if text.strip().startswith("-") else math.inf
                    else:
                        number = int(text)
                else:
                    if not _FLOAT.fullmatch(text):
                        raise ValueError(text)
                    number = float(text)
            except ValueError:
                kind = "an integer" if self.kind is int else "a float"
                self.fail(f"{what}{_shown_number(text)} is not {kind}: give a number in {self.allowed}", param, ctx)
        else:
            number, text = value, _fmt(value)
        shown = _shown_number(text)
        if isinstance(number, float) and not math.isfinite(number) and self.kind is not int:
            self.fail(f"{what}{shown} is not allowed: it must be a finite number; allowed: {self.allowed}", param, ctx)
        if self.low is not None and (number < self.low or (self.low_open and number == self.low)):
            rule = f"{'>' if self.low_open else '>='} {_fmt(self.low)}"
            self.fail(f"{what}{shown} is not allowed: it must be {rule}; allowed: {self.allowed}", param, ctx)
        if self.high is not None and (number > self.high or (self.high_open and number == self.high)):
            rule = f"{'<' if self.high_open else '<='} {_fmt(self.high)}"
            self.fail(f"{what}{shown} is not allowed: it must be {rule}; allowed: {self.allowed}", param, ctx)
        return int(number) if self.kind is int else float(number) + 0.0  # -0.0 reads as 0.0


class OneOf(click.Choice):
    """One of a few words (``--side``, ``--profile``): a ``click.Choice(case_sensitive=False)``
    that also takes spaces around the word, returns it as written in ``choices`` and says
    what it is in its message (``'POL' is not a side: give one of RUS, UKR``).
    """

    def __init__(self, choices, what: str):
        super().__init__(tuple(choices), case_sensitive=False)
        self.what = what

    def get_metavar(self, param, ctx=None) -> str:
        return "[" + "|".join(self.choices) + "]"

    def convert(self, value, param, ctx):
        if isinstance(value, str):
            with contextlib.suppress(click.BadParameter):
                return super().convert(value.strip(), param, ctx)
        self.fail(f"{quote_text(value)} is not a {self.what}: give one of {', '.join(self.choices)}", param, ctx)


class ProfileList(click.ParamType):
    """A comma-separated list of zone profiles, e.g. ``salient,flat``."""

    name = "profiles"

    def convert(self, value, param, ctx):
        from ..zone import PROFILES

        if isinstance(value, tuple):
            return value
        items = [item.strip().casefold() for item in str(value).split(",")]
        bad = [item for item in items if item not in PROFILES]
        if bad:
            listed = " and ".join(quote_text(b) for b in dict.fromkeys(bad))
            verb = "is not a profile" if len(set(bad)) == 1 else "are not profiles"
            self.fail(
                f"{quote_text(value)} is not a list of profiles ({listed} {verb}): "
                f"give one or more of {', '.join(PROFILES)}, separated by commas",
                param,
                ctx,
            )
        return tuple(dict.fromkeys(items))


def text_problem(value: str, *, max_chars: int, what: str) -> str | None:
    """Why ``value`` cannot be a one-line text (not UTF-8, a control character, too long); None if it can."""
    from ..transliterate import char_name

    for ch in value:
        if 0xD800 <= ord(ch) <= 0xDFFF:
            return f"{quote_text(value)} is not UTF-8 text: it holds {char_name(ch)}; give UTF-8 text"
        if ch.isspace() and ch != " " or ord(ch) < 0x20 or 0x7F <= ord(ch) < 0xA0 or ch in "\u2028\u2029":
            return f"{quote_text(value)} holds {char_name(ch)}, a control character: {what} is one line of text"
    if len(value) > max_chars:
        return f"{what} is at most {max_chars:,} characters; this one is {len(value):,}"
    return None


def argument_text(value: str) -> str:
    """A command-line text as the user typed it: under a C or POSIX locale without UTF-8
    mode, Python decodes arguments as ASCII and keeps each byte >= 0x80 as a lone
    surrogate, so a UTF-8 'Суджа' arrives as '\\udcd0\\udca1...'.  Such text is decoded
    again as UTF-8; text that is not UTF-8 stays as it came, for the checks to refuse.
    """
    if isinstance(value, str) and any("\udc80" <= ch <= "\udcff" for ch in value):
        try:
            return os.fsencode(value).decode("utf-8")
        except (UnicodeError, ValueError):
            return value
    return value


class SafeText(click.ParamType):
    """One line of UTF-8 text: refuses bytes that were not UTF-8 (lone surrogates
    from ``os.fsdecode``), control characters and more than ``max_chars``.
    """

    name = "text"

    def __init__(self, what: str = "the value", max_chars: int = 300):
        self.what, self.max_chars = what, max_chars

    def convert(self, value, param, ctx):
        value = argument_text(str(value))
        problem = text_problem(value, max_chars=self.max_chars, what=self.what)
        if problem:
            self.fail(problem, param, ctx)
        return value


class PlaceText(click.ParamType):
    """A place name, qualified query or ``lon,lat`` (see :mod:`frontmap.settlements`):
    refuses characters no name has (an emoji, an invisible mark, a control character).
    """

    name = "place"

    def convert(self, value, param, ctx):
        value = argument_text(value)
        problem = place_text_problem(value)
        if problem:
            self.fail(f"{quote_text(value)} is not a place name or lon,lat: {problem}", param, ctx)
        return value


class DateText(click.ParamType):
    """A calendar date written YYYY-MM-DD."""

    name = "date"

    def convert(self, value, param, ctx):
        text = str(value)
        try:
            if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", text):
                raise ValueError
            _dt.date.fromisoformat(text)
        except ValueError:
            self.fail(f"{quote_text(text)} is not a date: give YYYY-MM-DD, e.g. 2024-08-12", param, ctx)
        return text


#: A title on a map (``map --title``, ``timeline --title``).
TITLE = SafeText("a title", max_chars=300)
#: A claimant's name (``--claimant``).
CLAIMANT = SafeText("a claimant", max_chars=200)


# ---------------------------------------------------------------------------
# Reading files and stdin

#: Largest input read from a file or stdin (64 MB): zones, claim files and texts are far smaller.
MAX_INPUT_BYTES = 64 * 1024 * 1024


def read_input(path: str, what: str) -> str:
    """The UTF-8 text of file ``path``, or of stdin for ``'-'``; a leading BOM is dropped.

    ``what`` names the input in messages ("the zone", "the claims").  Every
    failure is an :class:`InputError` of one line saying why: stdin closed,
    no such file, a directory, permission denied, larger than
    :data:`MAX_INPUT_BYTES`, not UTF-8 (with the byte offset).  FIFOs and
    devices are read like files, up to the size bound.
    """
    limit = MAX_INPUT_BYTES
    if path == "-":
        where = "standard input"
        stream = sys.stdin
        if stream is None or getattr(stream, "closed", False):
            raise InputError(f"cannot read {what} from standard input: it is closed")
        try:
            binary = getattr(stream, "buffer", None)
            data = binary.read(limit + 1) if binary is not None else stream.read(limit + 1)
        except (OSError, ValueError) as exc:
            reason = getattr(exc, "strerror", None) or "it is closed"
            raise InputError(f"cannot read {what} from standard input: {reason}") from None
        if isinstance(data, str):  # a text stream without a buffer (embedded use)
            data = data.encode("utf-8", "surrogateescape")
    else:
        where = quote_text(path)
        try:
            with open(path, "rb") as fh:
                mode = os.fstat(fh.fileno())
                if stat.S_ISREG(mode.st_mode) and mode.st_size > limit:
                    raise InputError(
                        f"cannot read {what} from {where}: it is {mode.st_size / 1e6:,.0f} MB; "
                        f"inputs are at most {limit // 2**20} MB"
                    )
                data = fh.read(limit + 1)
        except OSError as exc:  # the system's own words: "No such file or directory", "Is a directory" ...
            reason = exc.strerror or str(exc)
            if isinstance(exc, FileNotFoundError) and os.path.islink(path):
                reason += " (a broken symbolic link)"
            raise InputError(f"cannot read {what} from {where}: {reason}") from None
        except ValueError:  # a NUL in the name
            raise InputError(f"cannot read {what} from {where}: a file name cannot hold a NUL character") from None
    if len(data) > limit:
        raise InputError(
            f"cannot read {what} from {where}: it holds more than {limit // 2**20} MB; "
            f"inputs are at most {limit // 2**20} MB"
        )
    skip = 3 if data.startswith(b"\xef\xbb\xbf") else 0  # a BOM is not part of the text
    try:
        return data[skip:].decode("utf-8")
    except UnicodeDecodeError as exc:
        at = skip + exc.start
        raise InputError(
            f"cannot read {what} from {where}: it is not UTF-8 text (byte 0x{data[at]:02x} at offset {at:,})"
        ) from None


class ZoneSource:
    """A zone file named by --zone FILE|- (GeoJSON; '-' reads stdin), read when the command takes it."""

    def __init__(self, path: str):
        self.path = path

    def __repr__(self) -> str:
        return f"ZoneSource({self.path!r})"

    def read(self):
        """The zone (see :func:`read_zone_file`), from the layer and features --zone-layer and
        --zone-where pick when they are given.
        """
        ctx = click.get_current_context(silent=True)
        meta = ctx.meta if ctx is not None else {}
        layer, where = meta.get("frontmap.zone_layer"), meta.get("frontmap.zone_where")
        if layer is None and where is None:
            return read_zone_file(self.path)
        from .compare import read_vector_zone

        return read_vector_zone(self.path, layer, where, flags="zone_")


class ZoneSourceType(click.ParamType):
    """--zone FILE|-: a :class:`ZoneSource`."""

    name = "zone"

    def convert(self, value, param, ctx):
        return value if isinstance(value, ZoneSource) else ZoneSource(str(value))


def input_name(path: str) -> str:
    """How messages name an input: ``standard input`` or the quoted path."""
    return "standard input" if path == "-" else quote_text(path)


_ZONE_FLAGS = ("anchor", "width_km", "depth_km", "profile", "side")


def zone_options(func=None, *, with_file: bool = True):
    """The zone flags (--anchor, --width-km, --depth-km, --profile, --side), the
    claim flags and, unless ``with_file=False``, --zone FILE.
    """
    if func is None:
        return lambda f: zone_options(f, with_file=with_file)
    from ..zone import DEFAULT_SPEC, MAX_DEPTH_KM, PROFILES, SIDES

    options = [
        click.option(
            "--anchor",
            type=PlaceText(),
            multiple=True,
            callback=anchors_option,
            metavar="PLACE|LON,LAT",
            help=f"Settlement (Latin or Cyrillic, a Ukrainian place in Ukrainian, Russian or Latin letters; "
            f"'NAME, DISTRICT', 'NAME (TYPE)' or 'id:N' to pick one of several) or lon,lat; its nearest border "
            f"point is the zone's centre.  Repeat it for several axes: the zone is the union of one front per "
            f"anchor.  [default: {DEFAULT_SPEC.anchor}]",
        ),
        click.option(
            "--width-km",
            type=WIDTH_KM,
            help=f"Front width measured along the border line, km, > 0 (the front must fit on the border line "
            f"around the anchor).  [default: {DEFAULT_SPEC.width_km:g}]",
        ),
        click.option(
            "--depth-km",
            type=Number(float, 0, MAX_DEPTH_KM, low_open=True, unit=" km"),
            help=f"Greatest depth from the border, km, in (0, {MAX_DEPTH_KM:g}].  [default: {DEFAULT_SPEC.depth_km:g}]",
        ),
        click.option(
            "--profile",
            type=OneOf(PROFILES, "profile"),
            help="salient: full depth at the centre tapering to 0 at the ends; flat: constant depth.  "
            f"[default: {DEFAULT_SPEC.profile}]",
        ),
        click.option(
            "--side",
            type=OneOf(SIDES, "side"),
            help=f"Country the zone lies in (any case).  [default: {DEFAULT_SPEC.side}]",
        ),
    ]
    options += claim_option_list()
    options += evidence_option_list()
    options.append(no_cache_option())
    if with_file:
        options.append(
            click.option(
                "--zone",
                "zone_file",
                type=ZoneSourceType(),
                metavar="FILE|-",
                help="A polygon to use as the zone instead of the flags: GeoJSON ('-' reads stdin; at most "
                "64 MB), or any vector format compare reads (.gpkg .shp .fgb .parquet .kml .kmz ...).",
            )
        )
        for what, help_text in (
            ("layer", "With --zone: the layer to read (a GeoPackage's table, a KML folder).  [default: all]"),
            ("where", "With --zone: keep the features this OGR SQL condition keeps, e.g. \"Name LIKE '%occupied%'\"."),
        ):
            options.append(
                click.option(
                    f"--zone-{what}",
                    expose_value=False,
                    callback=_keep_meta(f"zone_{what}"),
                    metavar="NAME" if what == "layer" else "SQL",
                    help=help_text,
                )
            )
    for option in reversed(options):
        func = option(func)
    return func


def _keep_meta(key: str):
    """A callback keeping an option's value in ``ctx.meta`` (for values read later, such as --zone's layer)."""

    def keep(ctx, param, value):
        ctx.meta[f"frontmap.{key}"] = value
        return value

    return keep


def anchors_option(ctx, param, values):
    """A repeatable --anchor as the spec takes it: None when not given, the place for one, a tuple for several."""
    values = tuple(values or ())
    if not values:
        return None
    return values[0] if len(values) == 1 else values


def no_cache_option():
    """--no-cache: the command builds zones, samples and fits afresh (see :mod:`frontmap.cache`)."""
    return click.option(
        "--no-cache",
        is_flag=True,
        expose_value=False,
        callback=_switch_zone_cache,
        help="Build zones and fits afresh, neither reading nor writing the cache (also FRONTMAP_NO_CACHE=1; "
        "the cache is in $FRONTMAP_CACHE_DIR or the user cache folder, see the README).",
    )


def _switch_zone_cache(ctx, param, no_cache: bool) -> None:
    """A zone built from flags goes through the on-disk cache (:mod:`frontmap.cache`) unless --no-cache."""
    from ..cache import set_enabled

    set_enabled(not no_cache)


#: --width-km of zone and fit: > 0; the border line (about 2,005 km) bounds it
#: around each anchor, which the zone checks with the anchor's own limit.
WIDTH_KM = Number(float, 0, None, low_open=True, unit=" km", note="and the front must fit on the border line")


def claim_options(func):
    """--from-claims FILE, --claim-date and --claimant (part of zone_options; alone for fit)."""
    for option in reversed(claim_option_list()):
        func = option(func)
    return func


def claim_option_list() -> list:
    """--from-claims FILE, --claim-date and --claimant."""
    return [
        click.option(
            "--from-claims",
            metavar="FILE|-",
            help="Build the zone from the claims in a claim file (.toml) or an English text; "
            "flags given as well override them.",
        ),
        click.option(
            "--claim-date",
            type=DateText(),
            metavar="YYYY-MM-DD",
            help="With --from-claims: the claim of this date.  [default: the latest]",
        ),
        click.option(
            "--claimant",
            type=CLAIMANT,
            metavar="NAME",
            help="With --from-claims: the claim of this claimant (any part of the name).",
        ),
    ]


_PLACE_FLAGS = ("inside", "contested", "outside")


def place_options(func):
    """--inside/--contested/--outside NAME and --contested-km (fit's; zone_options adds --as-of)."""
    for option in reversed(place_option_list()):
        func = option(func)
    return func


def evidence_option_list() -> list:
    """The place flags and --as-of DATE: zones through named places."""
    return place_option_list() + [
        click.option(
            "--as-of",
            type=DateText(),
            metavar="YYYY-MM-DD",
            help="With --from-claims FILE: fuse every claim dated up to this date, numbers and places from every "
            "claimant (a later statement about a place supersedes an earlier one), in one fit.",
        )
    ]


def place_option_list() -> list:
    """--inside/--contested/--outside NAME (repeatable) and --contested-km."""
    statuses = {
        "inside": "held, entered or captured by the advancing side: the front lies beyond it",
        "contested": "fought in or near: the front passes within --contested-km of it",
        "outside": "not reached, or held by the defender: the front stops short of it",
    }
    options = [
        click.option(
            f"--{status}",
            type=PlaceText(),
            multiple=True,
            metavar="PLACE",
            help=f"A place {meaning} (repeatable; any form --anchor takes).  The zone is then a front "
            "curve fitted through the places and any numbers given.",
        )
        for status, meaning in statuses.items()
    ]
    options.append(
        click.option(
            "--contested-km",
            type=Number(float, 0, 50, low_open=True, unit=" km"),
            default=CONTESTED_KM,
            show_default=True,
            help="How near (km) the front must pass a contested place, in (0, 50].",
        )
    )
    return options


def _read_claim_list(path: str, side: str | None = None) -> tuple[list, str]:
    """Every claim of --from-claims FILE|- (a claim file, or an English text read for the zone on
    ``side``) and its name for messages.
    """
    from ..claims import claims_from_text, load_claim_file

    text = read_input(path, "the claims")
    where = input_name(path)
    if str(path).endswith(".toml"):
        return list(load_claim_file(path, text=text).claims), where
    return claims_from_text(text, "standard input" if path == "-" else str(path), side or "RUS"), where


def claim_from_options(params: dict):
    """The claim --from-claims picks and how messages name its file: ``(claim, where)``, or
    ``(None, None)`` without the flag; takes the claim flags out of ``params``.

    ``fit``'s (zone, affected, contains and map resolve their claim with :func:`resolve_options`).
    """
    path, date, claimant = (params.pop(k, None) for k in ("from_claims", "claim_date", "claimant"))
    if path is None:
        if date is not None or claimant is not None:
            raise InputError("--claim-date and --claimant pick among the claims of --from-claims FILE: give the file")
        return None, None
    if params.get("zone_file") is not None:
        raise InputError("--from-claims cannot be combined with --zone: give a claim file or a zone file")
    from ..claims import pick_claim

    found, where = _read_claim_list(path, params.get("side"))
    return pick_claim(found, date, claimant, where=where), where


def output_options(func):
    """-o/--output, --overwrite and --driver (kept in ``ctx.meta`` for :func:`emit`)."""
    func = click.option(
        "--driver",
        expose_value=False,
        callback=_keep_driver,
        metavar="DRIVER",
        help="Output format whatever -o's extension: GeoJSON, GPKG, FlatGeobuf, Parquet, "
        "'ESRI Shapefile', CSV, KML, LIBKML (KMZ), GeoJSONSeq.  [default: from -o's extension: "
        ".gpkg .fgb .parquet .shp .csv .kml .kmz .geojsonl, else GeoJSON]",
    )(func)
    func = click.option("--overwrite", is_flag=True, help="Replace an existing output file.")(func)
    func = click.option(
        "-o", "--output", type=click.Path(dir_okay=False), help="Write to FILE (atomically) instead of stdout."
    )(func)
    return func


_ENSEMBLE_FLAGS = ("members", "seed", "depth_spread_km", "width_spread_km", "shift_km", "profiles")


def ensemble_options(func):
    """--ensemble N, --seed and the spreads an ensemble draws within."""
    from ..ensemble import MAX_MEMBERS, MAX_SEED, MAX_SHIFT_KM, MAX_WIDTH_SPREAD_KM, Spread
    from ..zone import MAX_DEPTH_KM

    default = Spread()
    options = [
        click.option(
            "--ensemble",
            "members",
            type=Number(int, 1, MAX_MEMBERS, label="ensemble size "),
            metavar="N",
            help=f"Sample N zones around the flags' spec, N in [1, {MAX_MEMBERS}]: each settlement's probability "
            "of being inside.",
        ),
        click.option(
            "--seed",
            type=Number(int, 0, MAX_SEED),
            help=f"Seed of the ensemble's draws, in [0, {MAX_SEED}] (reported when not given).",
        ),
        click.option(
            "--depth-spread-km",
            type=Number(float, 0, MAX_DEPTH_KM, unit=" km"),
            default=default.depth_km,
            show_default=True,
            help=(
                f"Ensemble: depth ± this, in [0, {MAX_DEPTH_KM:g}] km (members stay in (0, {MAX_DEPTH_KM:g}] km deep)."
            ),
        ),
        click.option(
            "--width-spread-km",
            type=Number(float, 0, MAX_WIDTH_SPREAD_KM, unit=" km"),
            default=default.width_km,
            show_default=True,
            help=f"Ensemble: width ± this, in [0, {MAX_WIDTH_SPREAD_KM:g}] km (members stay on the border line).",
        ),
        click.option(
            "--shift-km",
            type=Number(float, 0, MAX_SHIFT_KM, unit=" km"),
            default=default.shift_km,
            show_default=True,
            help=f"Ensemble: centre ± this along the border, in [0, {MAX_SHIFT_KM:g}] km.",
        ),
        click.option(
            "--profiles",
            type=ProfileList(),
            default=",".join(default.profiles),
            show_default=True,
            help="Ensemble: the profiles members draw from (comma-separated: salient, flat).",
        ),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def ensemble_request(params: dict):
    """``(n, seed, spread)`` that --ensemble asks for, or None without it; takes its flags out of ``params``."""
    from ..ensemble import Spread

    members, seed, depth, width, shift, profiles = (params.pop(k) for k in _ENSEMBLE_FLAGS)
    if members is None:
        if seed is not None:
            raise InputError("--seed is for --ensemble N: give both or neither")
        return None
    return members, seed, Spread(depth, width, shift, tuple(profiles))


def resolve_options(params: dict):
    """What the zone options describe, decided by :func:`frontmap.resolve.resolve_zone` (a
    :class:`~frontmap.resolve.Resolution`), its notes on stderr.

    The claims of --from-claims are read by :func:`read_input` (a file or stdin)
    once the flags are known to go together; a --zone file when the command
    takes the zone.
    """
    from ..resolve import resolve_zone

    path = params.get("from_claims")
    source = params.get("zone_file")
    resolution = resolve_zone(
        None if path is None else (lambda: _read_claim_list(path, params.get("side"))[0]),
        claim_date=params.get("claim_date"),
        claimant=params.get("claimant"),
        as_of=params.get("as_of"),
        anchor=params.get("anchor"),
        width_km=params.get("width_km"),
        depth_km=params.get("depth_km"),
        profile=params.get("profile"),
        side=params.get("side"),
        inside=params.get("inside") or (),
        contested=params.get("contested") or (),
        outside=params.get("outside") or (),
        contested_km=params.get("contested_km", CONTESTED_KM),
        zone=None if source is None else source.read,
        where=None if path is None else input_name(path),
    )
    for text in resolution.notes:
        note(text)
    return resolution


def _zone_from_evidence(evidence, anchor, side, window_km, where, contested_km: float = CONTESTED_KM):
    """The front fitted through the evidence's places and numbers (an EvidenceZone), with notes on stderr."""
    from ..evidence import zone_from_evidence

    try:
        result = zone_from_evidence(
            evidence, side=side, anchor=anchor, window_km=window_km, contested_tolerance_km=contested_km
        )
    except InvalidSpecError as exc:
        raise InputError(f"cannot fit a front to the evidence of {where}: {exc}") from None
    fit = result.fit
    used = [c for c in fit.places if c.used]
    note(
        f"zone fitted through {len(used)} of {len(fit.places)} places"
        + (f" and {', '.join(evidence.numbers.given())}" if evidence.numbers is not None else "")
        + (f" from {len(evidence.claims)} statements up to {evidence.as_of}" if evidence.as_of else "")
        + f": {'consistent' if fit.consistent else 'not all of it can hold'}"
    )
    for text in result.notes:
        note(text)
    result.zone.properties.setdefault(
        "name", f"Front through {len(used)} named places" + (f", as of {evidence.as_of}" if evidence.as_of else "")
    )
    return result


def read_zone_file(path: str):
    """The zone in a GeoJSON file, or stdin for '-' (read by :func:`read_input`); a file of another
    vector format (.gpkg, .shp, .fgb, .parquet, .kml, .kmz ...) by :func:`frontmap.vector.read_zone`.
    """
    from ..vector import is_geojson_path
    from ..zone import zone_from_geojson

    if path != "-" and not is_geojson_path(path):
        from ..vector import read_zone

        return read_zone(path, name=f"zone file {quote_text(path)}")

    text = read_input(path, "the zone")
    name = "the zone on stdin" if path == "-" else f"zone file {quote_text(path)}"
    return zone_from_geojson(text, name)


def _candidate_lines(query: str, settlements: list, heading: str) -> str:
    from ..settlements import disambiguator

    latin = not any("\u0400" <= ch <= "\u04ff" for ch in query)
    lines = [heading]
    for s in settlements:
        pick = disambiguator(s, settlements, latin=latin) if heading.startswith("candidates") else None
        lines.append(f"  {s.label}" + (f"   → {pick!r}" if pick else ""))
    return "\n".join(lines)


#: How the command line names a library parameter, where not ``--`` and the name with hyphens.
_FLAG_NAMES = {"zone": "--zone", "claims": "--from-claims FILE", "members": "--ensemble"}


def flag_name(param: str) -> str:
    """The flag for a library parameter: ``depth_km`` → ``--depth-km``, ``claims`` → ``--from-claims FILE``."""
    return _FLAG_NAMES.get(param, "--" + param.replace("_", "-"))


@contextlib.contextmanager
def translate_errors():
    """Turn frontmap's errors into click errors with the right exit codes."""
    try:
        yield
    except InvalidSpecError as exc:
        hint = f"'{flag_name(exc.param)}'" if exc.param else None
        raise click.BadParameter(str(exc), param_hint=hint) from None
    except ConflictingParametersError as exc:  # the library names parameters; the command line, its flags
        raise InputError(exc.format({p: flag_name(p) for p in exc.params})) from None
    except EvidenceFitError as exc:
        raise InputError(str(exc)) from None
    except AmbiguousPlaceError as exc:
        raise InputError(f"{exc}\n{_candidate_lines(str(exc), exc.candidates, 'candidates:')}") from None
    except UnknownPlaceError as exc:
        message = str(exc)
        if exc.suggestions:
            message += "\n" + _candidate_lines(str(exc), exc.suggestions, "closest names:")
        raise InputError(message) from None
    except AmbiguousClaimError as exc:  # the library names the parameter that picks one; here, its flag
        raise InputError(f"{exc} ({flag_name(exc.param)})") from None
    except (InvalidCoordinatesError, ZoneFileError, ClaimFileError, OutputError) as exc:
        raise InputError(str(exc)) from None
    except DataError as exc:
        raise click.ClickException(str(exc)) from None
    except FrontmapError as exc:
        raise click.ClickException(str(exc)) from None


def note(text: str) -> None:
    """``note: TEXT`` on stderr, its control characters shown as escapes (text from files
    and flags reaches it: claimants, zone names).
    """
    from ..textsafe import terminal_text

    click.echo(f"note: {terminal_text(text)}", err=True)


def _keep_driver(ctx, param, value):
    if value is not None:
        from ..vector import output_format

        try:
            output_format("-", value)
        except InvalidSpecError as exc:
            raise click.BadParameter(str(exc), ctx, param) from None
    ctx.meta["frontmap.driver"] = value
    return value


def emit(text: str, output: str | None, overwrite: bool) -> None:
    """Write command output to stdout or, atomically, to a file in the format -o's extension
    or --driver names (:func:`frontmap.vector.write_geojson_text`).
    """
    ctx = click.get_current_context(silent=True)
    driver = ctx.meta.get("frontmap.driver") if ctx is not None else None
    if output is None and driver is None:  # plain stdout: no need to load the vector writers
        click.echo(text, nl=False)
        return
    from ..vector import GEOJSON, output_format, write_geojson_text

    if output is None:
        if driver is not None and output_format("-", driver) is not GEOJSON:
            raise InputError(f"--driver {driver} needs -o FILE: standard output gets GeoJSON or text")
        click.echo(text, nl=False)
    else:
        write_geojson_text(text, output, overwrite, driver)
