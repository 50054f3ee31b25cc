"""``frontmap claims``: the figures, dates, claimants and regions in a text."""

from __future__ import annotations

import click

from .options import DateText, Number, OneOf, emit, note, output_options, read_input, translate_errors

#: The sides a zone lies on (as frontmap.spec.SIDES; spelled out so that --help imports no numpy).
_SIDES = ("RUS", "UKR")


@click.command(
    short_help="Extract depths, widths, settlement counts, areas, evacuations, dates and named places from "
    "English, Russian or Ukrainian text."
)
@click.argument("path", metavar="FILE|-")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON list of claims instead of a table.")
@click.option(
    "--date",
    "report_date",
    type=DateText(),
    metavar="YYYY-MM-DD",
    help="The report's date: figures the text dates nowhere take it, and days written without a year "
    "take the year that puts them on or before it.",
)
@click.option(
    "--year",
    type=Number(int, 1900, 2100, label="--year "),
    metavar="YYYY",
    help="The year of every day written without one (e.g. 'on 12 August').",
)
@click.option(
    "--side",
    type=OneOf(_SIDES, "side"),
    help="Country the zone lies in: on UKR Russia advances ('Russian forces captured X' is inside) and "
    "places are looked up in the Ukrainian layer first.  Default: the country whose regions the text "
    "names more often ('Kharkiv region': UKR), else RUS.",
)
@output_options
def claims(path, as_json, report_date, year, side, output, overwrite):
    """Read an English, Russian or Ukrainian text (a UTF-8 file of at most 64 MB, or stdin
    for '-') and list the claims in it, in text order: depths, front widths,
    settlement counts, areas, people evacuated, still to be evacuated or
    living there, dates and regions, each with who states it and when.
    Russian and Ukrainian sentences give settlement counts, depths, widths,
    areas, regions and dates (no claimant, evacuation or place yet).

    'no claims found' (exit 0) means a text frontmap reads held none; a
    text in another language or script gives no table, and a note on
    stderr says what it is written in (still exit 0; --json gives []).

    Places (kind 'place') are the villages a phrase gives a status: inside
    ("captured", "entered", "operating in"), contested ("fighting near",
    "repelled attacks near", "advancing towards") or outside ("retook",
    "did not reach").  Each is resolved to a settlement of the register in
    any common spelling (Russian or Ukrainian romanisation, Cyrillic); a
    name that fits several is shown as 'ambiguous: N candidates' and
    --json lists them.

    Ground gained as a further step or here and there ("a further 3 km",
    "1-2 km in some areas") is kind 'advance': no zone depth, and no fit
    uses it.  Ranges give min and max (value: the upper end for a depth or
    an advance, else the midpoint); miles become km.  A day's change ("1-3 km since the start of
    the day", "40 km² more than a day earlier") is marked increment (a + in
    the table), not a total; a count or an area the defender took back
    ("retook 32 settlements") is marked retaken: ground the advance lost.  --json gives every field, with the text as
    written, its character offsets and its sentence.

    \b
    Example: frontmap claims seeds/kursk-2024-08-12-digest.txt --json
             frontmap claims - < report.txt
    """
    with translate_errors():
        # frontmap.export only where it is needed: the table on stdout needs none of it.
        from ..extract import extract_claims, side_of_regions, unreadable_script
        from ..extract_places import extract_places

        if output is not None:
            from ..export import check_output

            check_output(output, overwrite)
        text = read_input(path, "the text")
        figures = extract_claims(text, date=report_date, year=year)
        named = side_of_regions(figures)
        places = extract_places(text, side=side or named or "RUS")
        if places and side is None and named == "UKR":
            note(
                "places are read for a zone in Ukraine, where Russia advances: the text names Ukrainian regions "
                "more often than Russian ones (--side RUS reads them for one in Russia)"
            )
        found = sorted([*figures, *places], key=lambda c: (c.start, c.kind == "place"))
        unread = None if found else unreadable_script(text)
        if unread is not None:  # "no claims found" would say the text was read
            note(f"no claims read: frontmap reads English, Russian and Ukrainian reporting; this text is {unread}")
        if as_json:
            from ..export import dump_json

            text = dump_json([c.to_json() for c in found])
        elif unread is not None:
            text = ""
        else:  # the table quotes the text: its control characters are shown as escapes
            from ..textsafe import terminal_text

            text = terminal_text(format_table(found), keep_newlines=True)
        emit(text, output, overwrite)


def _number(value) -> str:
    if isinstance(value, int):
        return f"{value:,}"
    return f"{value:,.3f}".rstrip("0").rstrip(".")


def _resolution(place) -> str:
    r = place.resolved
    if r.settlement is not None:
        return f"{r.settlement.name_latin} (id {r.settlement.id})"
    if r.how.startswith("ambiguous"):
        return f"ambiguous: {len(r.candidates)} candidates"
    return "unresolved"


def _value(claim) -> str:
    if claim.kind == "place":
        return claim.status
    if claim.value is None:
        return "?"
    if isinstance(claim.value, str):
        return claim.value
    text = ("+" if getattr(claim, "increment", False) else "") + _number(claim.value)
    if claim.min is not None:
        text += f" ({_number(claim.min)}–{_number(claim.max)})"
    text = f"{claim.qualifier} {text}" if claim.qualifier else text
    return f"{text} retaken" if getattr(claim, "retaken", False) else text


def format_table(found) -> str:
    """One line per claim: kind, value, unit, the text as written, claimant, date; for a
    place, its status and the settlement it resolves to in place of value and unit.
    """
    if not found:
        return "no claims found\n"
    header = ("kind", "value", "unit", "original", "claimant", "date")
    rows = [
        (
            c.kind,
            _value(c),
            _resolution(c) if c.kind == "place" else c.unit,
            c.original,
            c.claimant or "-",
            c.date or "-",
        )
        for c in found
    ]
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
    lines = ["  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip() for row in [header, *rows]]
    return "\n".join(lines) + "\n"
