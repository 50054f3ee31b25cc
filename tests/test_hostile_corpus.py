"""Every hostile file of ``tests/data/hostile/`` through every command that reads such a file.

The corpus is shared by the ``test_hostile_*.py`` modules (each folder's
README says what each file breaks).  Here each file goes through each command
that takes it, in a folder holding an output file that must survive, and every
run must keep the contract: exit 0, or exit 2 with one ``Error:`` line and
nothing on stdout; never a traceback; a refused run creates, truncates or
replaces nothing, and a run that succeeds creates its output and nothing else.
Files made on the spot (empty, binary, a folder) join the corpus.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from clitools import assert_bad_input, assert_no_traceback, invoke, snapshot

HOSTILE = Path(__file__).resolve().parent / "data" / "hostile"

#: The runs that must succeed; every other corpus file is bad input (exit 2).
READABLE = {
    "zones/bom.geojson",
    "zones/escape-name.geojson",
    "zones/sudzha-half-in-ukraine.geojson",
    "zones/world.geojson",
    "flags/zone-bom.geojson",
    "claims/bom.toml",
    "flags/claim-bom.toml",
    # Outside the settlement layer's area, compare still measures the geometry
    # (its counts are null, "unknown", never 0); NUL bytes are text with no figure in it.
    "zones/kyiv.geojson:compare",
    # Rostov oblast joined the register with the whole border: a zone there is answered in full.
    "zones/rostov.geojson",
    "texts/nul:claims",
}

#: Command lines for each kind of file; ``{f}`` is the file, ``{o}`` the output.
ZONE_COMMANDS = (
    ["affected", "--zone", "{f}", "--format", "json", "-o", "{o}"],
    ["contains", "--zone", "{f}", "--json", "Sudzha"],
    ["map", "--zone", "{f}", "-o", "{o}"],
    ["compare", "{f}", "{f}", "--json"],
)
CLAIM_COMMANDS = (
    ["zone", "--from-claims", "{f}", "-o", "{o}"],
    ["timeline", "{f}", "--format", "geojson", "-o", "{o}"],
)
TEXT_COMMANDS = (["claims", "{f}", "--json", "-o", "{o}"],)


def _made_on_the_spot(folder: Path) -> dict[str, Path]:
    empty = folder / "empty.geojson"
    empty.write_bytes(b"")
    binary = folder / "binary.toml"
    binary.write_bytes(bytes(range(256)) * 4)
    nul = folder / "nul.txt"
    nul.write_bytes(b"\x00" * 64)
    not_a_file = folder / "a-folder.geojson"
    not_a_file.mkdir()
    return {"zones/empty": empty, "claims/binary": binary, "texts/nul": nul, "zones/folder": not_a_file}


def _cases():
    for path in sorted(HOSTILE.rglob("*")):
        if path.suffix == ".geojson":
            yield from ((path.relative_to(HOSTILE).as_posix(), c) for c in ZONE_COMMANDS)
        elif path.suffix == ".toml":
            yield from ((path.relative_to(HOSTILE).as_posix(), c) for c in CLAIM_COMMANDS)
        elif path.suffix == ".txt":
            yield from ((path.relative_to(HOSTILE).as_posix(), c) for c in TEXT_COMMANDS)
    yield from (("zones/empty", c) for c in ZONE_COMMANDS[:2])
    yield from (("zones/folder", c) for c in ZONE_COMMANDS[:2])
    yield from (("claims/binary", c) for c in CLAIM_COMMANDS)
    yield ("texts/nul", TEXT_COMMANDS[0])


@pytest.mark.parametrize("name, command", list(_cases()), ids=lambda v: v if isinstance(v, str) else v[0])
def test_each_hostile_file_is_answered_cleanly_and_harms_no_file(tmp_path, monkeypatch, name, command):
    work = tmp_path / "work"
    work.mkdir()
    spot = _made_on_the_spot(tmp_path)
    source = spot.get(name) or HOSTILE / name
    keep = work / "kept.txt"
    keep.write_text("an analyst's file that must survive\n", encoding="utf-8")
    monkeypatch.chdir(work)
    out = work / "out.data"
    args = [a.replace("{f}", str(source)).replace("{o}", str(out)) for a in command]
    before = snapshot(work)

    result = invoke(args)

    assert_no_traceback(result)
    if name in READABLE or f"{name}:{command[0]}" in READABLE:
        # contains exits 1 when the place is outside; the others 0.
        assert result.exit_code in ((0, 1) if command[0] == "contains" else (0,)), result.output
        made = set(snapshot(work)) - set(before)
        assert made <= {"out.data"}, made
        assert snapshot(work)["kept.txt"] == before["kept.txt"]
    else:
        assert_bad_input(result, [])
        assert snapshot(work) == before


@pytest.mark.parametrize(
    "command", [ZONE_COMMANDS[0], ZONE_COMMANDS[2], CLAIM_COMMANDS[0], CLAIM_COMMANDS[1]], ids=lambda c: c[0]
)
def test_an_existing_output_is_refused_and_untouched_whatever_the_input(tmp_path, monkeypatch, command):
    source = HOSTILE / ("zones/bom.geojson" if "{f}" in command[2] or command[1] == "--zone" else "claims/bom.toml")
    out = tmp_path / "out.data"
    out.write_bytes(b"precious")
    monkeypatch.chdir(tmp_path)
    before = snapshot(tmp_path)
    result = invoke([a.replace("{f}", str(source)).replace("{o}", str(out)) for a in command])
    assert_bad_input(result, [str(out), "--overwrite"])
    assert snapshot(tmp_path) == before
