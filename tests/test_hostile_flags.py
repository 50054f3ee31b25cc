"""Hostile flags, numbers, place names and inputs (issue 9): one line, exit 2, nothing written.

Every numeric flag has a documented range checked as it is read; a bad value
is refused with one line naming the flag as given, the value and the range.
Text flags refuse bytes that were not UTF-8 and control characters; place
names refuse characters no name has instead of folding them away; files and
stdin are read by one reader that says why it cannot read them.
"""

from __future__ import annotations

import json
import math
import os
import threading
from pathlib import Path

import numpy as np
import pytest
from clitools import assert_bad_input, assert_no_traceback, assert_one_line_error, invoke, run_frontmap, snapshot
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from frontmap.cli import options
from frontmap.ensemble import MAX_SEED, Spread, ensemble, sample_members
from frontmap.errors import InvalidPlaceError, InvalidSpecError, UnknownPlaceError
from frontmap.settlements import check_place_text, load_settlements, parse_lonlat
from frontmap.zone import DEFAULT_SPEC

DATA = Path(__file__).parent / "data" / "hostile" / "flags"
ZONE_BOM = str(DATA / "zone-bom.geojson")
CLAIM_BOM = str(DATA / "claim-bom.toml")
KURSK = str(Path(__file__).parent.parent / "data" / "claims" / "kursk-2024.toml")
FIT = ["fit", "--settlements", "28", "--depth-km", "12", "--width-km", "40"]
ENSEMBLE = ["affected", "--ensemble", "10", "--seed", "1"]


# -- 1. numbers: a documented range, checked early, the flag named ------------------------------

NUMBERS = [
    # fit's claimed numbers
    (["fit", "--settlements"], "1e30", ["--settlements", "1e30", "integer", "(0, 10000]"]),
    (["fit", "--settlements"], str(10**29), ["--settlements", str(10**29), "<= 10000"]),
    (["fit", "--settlements"], "9" * 5000, ["--settlements", "5,000 characters", "<= 10000"]),
    (["fit", "--settlements"], "0", ["--settlements", "> 0"]),
    (["fit", "--area-km2"], "1e30", ["--area-km2", "1e30", "(0, 100000] km²"]),
    (["fit", "--area-km2"], "inf", ["--area-km2", "inf", "finite"]),
    (["fit", "--area-km2"], "-0", ["--area-km2", "-0", "> 0"]),
    (["fit", "--depth-km"], "1e308", ["--depth-km", "1e308", "(0, 100] km"]),
    (["fit", "--depth-km"], "nan", ["--depth-km", "nan", "finite"]),
    (["fit", "--depth-km"], "-0", ["--depth-km", "-0", "> 0"]),
    (["fit", "--width-km"], "inf", ["--width-km", "inf", "finite"]),
    (["fit", "--width-km"], "-0", ["--width-km", "-0", "> 0"]),
    (["fit", "--width-km"], "1e308", ["--width-km", "end of the border line"]),
    ([*FIT, "--window-km"], "1e300", ["--window-km", "1e300", "[0, 100] km"]),
    ([*FIT, "--window-km"], "nan", ["--window-km", "nan", "finite"]),
    ([*FIT, "--settlements-tolerance"], "1e300", ["--settlements-tolerance", "1e300", "(0, 10]"]),
    ([*FIT, "--area-tolerance"], "-1", ["--area-tolerance", "-1", "> 0"]),
    ([*FIT, "--depth-tolerance-km"], "nan", ["--depth-tolerance-km", "nan", "finite"]),
    ([*FIT, "--width-tolerance-km"], "1e9", ["--width-tolerance-km", "1e9", "(0, 1000] km"]),
    # zone flags
    (["zone", "--depth-km"], "1e308", ["--depth-km", "1e308", "(0, 100] km"]),
    (["zone", "--depth-km"], "-0", ["--depth-km", "-0", "> 0"]),
    (["zone", "--depth-km"], "-inf", ["--depth-km", "-inf", "finite"]),
    (["zone", "--width-km"], "nan", ["--width-km", "nan", "finite"]),
    (["zone", "--width-km"], "1e-400", ["--width-km", "1e-400", "> 0"]),
    (["zone", "--width-km"], "12km", ["--width-km", "12km", "float"]),
    # the ensemble
    (["affected", "--ensemble"], "0", ["--ensemble", "ensemble size 0", "[1, 100000]"]),
    (["affected", "--ensemble"], "-1", ["--ensemble", "-1", "[1, 100000]"]),
    (["affected", "--ensemble"], str(10**9), ["--ensemble", str(10**9), "<= 100000"]),
    (["affected", "--ensemble"], "1.5", ["--ensemble", "1.5", "integer"]),
    (["affected", "--ensemble", "10", "--seed"], "-1", ["--seed", "-1", f"[0, {MAX_SEED}]"]),
    (["affected", "--ensemble", "10", "--seed"], str(2**32), ["--seed", str(2**32), f"[0, {MAX_SEED}]"]),
    (["affected", "--ensemble", "10", "--seed"], str(2**64 + 1), ["--seed", f"<= {MAX_SEED}"]),
    (["affected", "--ensemble", "10", "--depth-spread-km"], "1e6", ["--depth-spread-km", "1e6", "[0, 100] km"]),
    (["affected", "--ensemble", "10", "--depth-spread-km"], "nan", ["--depth-spread-km", "nan", "finite"]),
    (["affected", "--ensemble", "10", "--width-spread-km"], "nan", ["--width-spread-km", "nan", "finite"]),
    (["affected", "--ensemble", "10", "--width-spread-km"], "5000", ["--width-spread-km", "5000", "[0, 1000] km"]),
    (["affected", "--ensemble", "10", "--shift-km"], "-1", ["--shift-km", "-1", ">= 0"]),
    (["map", "--ensemble", "10", "--depth-spread-km"], "1e6", ["--depth-spread-km", "1e6", "[0, 100] km"]),
]


@pytest.mark.parametrize("args, value, needles", NUMBERS, ids=[f"{' '.join(a)} {v[:12]}" for a, v, _ in NUMBERS])
def test_a_number_out_of_range_names_the_flag_value_and_range(args, value, needles, tmp_path):
    before = snapshot(tmp_path)
    result = invoke([*args, value, "-o", str(tmp_path / "out")])
    assert_bad_input(result, needles)
    assert snapshot(tmp_path) == before


def test_the_range_is_in_each_flags_help():
    for command, flag, text in [
        ("fit", "--settlements", "[1, 10,000]"),
        ("fit", "--area-km2", "(0, 100,000]"),
        ("fit", "--window-km", "[0, 100] km"),
        ("zone", "--depth-km", "(0, 100]"),
        ("affected", "--ensemble", "[1, 100000]"),
        ("affected", "--seed", f"[0, {MAX_SEED}]"),
        ("affected", "--depth-spread-km", "[0, 100] km"),
    ]:
        out = " ".join(invoke([command, "--help"]).stdout.split())
        start = out.index(f"{flag} ", out.index("Options:"))
        assert text in out[start : start + 300], (command, flag)


def test_limits_of_the_ranges_are_accepted():
    assert invoke(["affected", "--ensemble", "5", "--seed", str(MAX_SEED), "--format", "json"]).exit_code == 0
    doc = json.loads(invoke(["affected", "--ensemble", "5", "--seed", "0", "--format", "json"]).stdout)
    assert doc["ensemble"]["seed"] == 0


def test_a_tiny_tolerance_does_not_overflow_the_fit():
    # Residuals are divided by the tolerance: 1e-300 used to overflow (a RuntimeWarning, an error here).
    result = invoke(
        ["fit", "--depth-km", "12", "--width-km", "40", "--depth-tolerance-km", "1e-300", "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert doc["tolerances"]["depth_km"] == 0 and doc["modelled"]["depth_km"] == pytest.approx(12, abs=0.5)


def test_minus_zero_window_reads_as_zero():
    result = invoke([*FIT, "--window-km", "-0", "--format", "json"])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert doc["window_km"] == 0 and math.copysign(1, doc["window_km"]) == 1


# -- 2. ensemble spreads: bounded, members clipped, errors name the spread flag --------------------


@pytest.mark.parametrize(
    "field, param",
    [("depth_km", "depth_spread_km"), ("width_km", "width_spread_km"), ("shift_km", "shift_km")],
)
@pytest.mark.parametrize("value", [math.nan, math.inf, -1.0, 1e6])
def test_spread_validate_names_the_spread(field, param, value):
    with pytest.raises(InvalidSpecError) as info:
        Spread(**{field: value}).validate()
    assert info.value.param == param and param in str(info.value)


def test_members_of_a_wide_spread_are_clipped_to_what_a_zone_may_be(border):
    members = sample_members(DEFAULT_SPEC, 2000, 3, Spread(depth_km=100, width_km=1000, shift_km=1000))
    assert members.depth_km.min() >= 0.1 and members.depth_km.max() <= 100.0
    assert members.width_km.max() <= border.length_km + 1e-9
    assert np.all(members.centre_km - members.width_km / 2 >= -1e-9)
    assert np.all(members.centre_km + members.width_km / 2 <= border.length_km + 1e-9)
    assert 0 < members.clipped < 2000
    result = ensemble(DEFAULT_SPEC, 200, 3, Spread(depth_km=100, width_km=1000, shift_km=1000))
    assert any("clipped" in note for note in result.notes)
    assert 0.0 < max(r["probability"] for r in result.settlements) <= 1.0


def test_affected_with_the_widest_spreads_answers(tmp_path):
    args = [
        *ENSEMBLE,
        "--depth-spread-km",
        "100",
        "--width-spread-km",
        "1000",
        "--shift-km",
        "1000",
        "--format",
        "json",
    ]
    result = invoke(args)
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert doc["ensemble"]["depth_spread_km"] == 100 and any("clipped" in n for n in doc["notes"])


def test_chunked_membership_gives_the_same_answer(monkeypatch):
    from frontmap import ensemble as ensemble_module

    whole = ensemble(DEFAULT_SPEC, 300, 11).to_json()
    monkeypatch.setattr(ensemble_module, "_CHUNK_CELLS", 1000)
    assert ensemble(DEFAULT_SPEC, 300, 11).to_json() == whole


def test_quantile_profile_is_the_kth_deepest_member(monkeypatch):
    from frontmap import ensemble as ensemble_module

    members = sample_members(DEFAULT_SPEC, 101, 4, Spread())
    monkeypatch.setattr(ensemble_module, "_CHUNK_CELLS", 500)
    for p in (0.01, 0.5, 0.9, 1.0):
        s, q = members.quantile_profile(p, step_km=0.5)
        k = math.ceil(p * len(members) - 1e-9)
        expected = np.sort(members.depth_km_at(s), axis=0)[::-1][k - 1]
        assert np.array_equal(q, expected), p


@pytest.mark.parametrize(
    "value, needles",
    [
        ("salient,,foo", ["--profiles", "'salient,,foo'", "'foo'", "flat, salient"]),
        ("", ["--profiles", "flat, salient"]),
        ("round", ["--profiles", "'round'", "flat, salient"]),
        ("flat\x00", ["--profiles", "\\x00", "flat, salient"]),
    ],
)
def test_profiles_junk_lists_the_valid_profiles(value, needles):
    assert_bad_input(invoke([*ENSEMBLE, "--profiles", value]), needles)


def test_profiles_in_any_case_are_read():
    result = invoke([*ENSEMBLE, "--profiles", " SALIENT ", "--format", "json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["ensemble"]["profiles"] == ["salient"]


# -- 6. choices ------------------------------------------------------------------------------------


@pytest.mark.parametrize("command", [["zone"], ["fit", "--depth-km", "12"], ["affected"]])
@pytest.mark.parametrize("value", ["rus\x00", "", "RUS UKR", "POL"])
def test_side_junk_lists_rus_and_ukr(command, value):
    lines = assert_bad_input(invoke([*command, "--side", value]), ["--side", "RUS, UKR"])
    assert "\x00" not in lines[0]


def test_side_in_any_case_is_read():
    result = invoke(["zone", "--side", " rus "])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["features"][0]["properties"]["side"] == "RUS"


@pytest.mark.parametrize("value", ["2024-13-01", "12 August", "", "2024-08-12\n"])
def test_claim_date_must_be_a_date(value):
    assert_bad_input(invoke(["zone", "--from-claims", KURSK, "--claim-date", value]), ["--claim-date", "YYYY-MM-DD"])


# -- 3. text flags and paths with bytes that are not UTF-8 -----------------------------------------


def test_a_title_that_is_not_utf8_is_refused_in_a_fresh_process(tmp_path):
    out = tmp_path / "t.html"
    proc = run_frontmap([b"timeline", KURSK.encode(), b"--title", b"\xff\xfe", b"-o", bytes(out)])
    assert proc.returncode == 2, proc.stderr
    assert_one_line_error(proc.stderr, "--title", "\\xff", "UTF-8")
    assert not out.exists()


def test_map_title_that_is_not_utf8_is_refused(tmp_path):
    out = tmp_path / "m.html"
    proc = run_frontmap([b"map", b"--title", b"\xff\xfe", b"-o", bytes(out)])
    assert proc.returncode == 2, proc.stderr
    assert_one_line_error(proc.stderr, "--title", "\\xff")
    assert not out.exists()


@pytest.mark.parametrize(
    "args, needles",
    [
        ([b"zone", b"--anchor", b"Sudzha\xff"], ["--anchor", "\\xff", "UTF-8"]),
        ([b"zone", b"--from-claims", KURSK.encode(), b"--claimant", b"\xffGov"], ["--claimant", "\\xff"]),
        ([b"claims", b"no-such-\xff.txt"], ["no-such-\\xff.txt", "No such file"]),
        ([b"affected", b"--zone", b"no-such-\xff.geojson"], ["no-such-\\xff.geojson", "No such file"]),
    ],
)
def test_bytes_that_are_not_utf8_in_flags_and_paths(args, needles, tmp_path):
    proc = run_frontmap(args, cwd=tmp_path)
    assert proc.returncode == 2, proc.stderr
    assert_one_line_error(proc.stderr, *needles)
    assert proc.stdout == b""


def test_a_file_whose_name_is_not_utf8_is_read(tmp_path):
    name = tmp_path.joinpath(os.fsdecode(b"report-\xff.txt"))
    name.write_text("Ukrainian forces advanced 12 km on 12 August 2024.", encoding="utf-8")
    proc = run_frontmap([b"claims", b"--json", os.fsencode(name)])
    assert proc.returncode == 0, proc.stderr
    assert any(c["kind"] == "depth" and c["value"] == 12 for c in json.loads(proc.stdout))


@pytest.mark.parametrize("value", ["line\none", "tab\there", "nul\x00", "\x1b[31mred", "a" * 301])
def test_a_title_is_one_line_of_text(value, tmp_path):
    result = invoke(["timeline", KURSK, "--title", value, "-o", str(tmp_path / "t.html")])
    assert_bad_input(result, ["--title"])
    assert list(tmp_path.iterdir()) == []


# -- 4. one reader for files and stdin -------------------------------------------------------------

STDIN_READERS = [
    (["claims", "-"], "the text"),
    (["map", "--zone", "-", "-o", "{out}"], "the zone"),
    (["affected", "--zone", "-"], "the zone"),
    (["contains", "--zone", "-", "Sudzha"], "the zone"),
    (["zone", "--from-claims", "-"], "the claims"),
    (["fit", "--from-claims", "-"], "the claims"),
    (["timeline", "-", "-o", "{out}"], "the claim file"),
    (["compare", "-", ZONE_BOM], "the zone"),
]


@pytest.mark.parametrize("args, what", STDIN_READERS, ids=[" ".join(a[:2]) for a, _ in STDIN_READERS])
def test_closed_stdin_is_one_line(args, what, tmp_path):
    args = [a.format(out=tmp_path / "out.html") for a in args]
    proc = run_frontmap(args, preexec_fn=lambda: os.close(0), cwd=tmp_path)
    assert proc.returncode == 2, proc.stderr
    assert_one_line_error(proc.stderr, f"cannot read {what} from standard input: it is closed")
    assert proc.stdout == b"" and list(tmp_path.iterdir()) == []


FILE_READERS = [
    (["claims", "{path}"], "the text"),
    (["affected", "--zone", "{path}"], "the zone"),
    (["zone", "--from-claims", "{path}"], "the claims"),
    (["timeline", "{path}", "--format", "geojson"], "the claim file"),
]


def _bad_inputs(tmp_path: Path) -> dict:
    (tmp_path / "folder.toml").mkdir()
    (tmp_path / "dangling.toml").symlink_to(tmp_path / "nowhere")
    with open(tmp_path / "huge.toml", "wb") as fh:  # sparse: no disk used
        fh.truncate(65 * 2**20)
    (tmp_path / "file").write_text("x")
    return {
        "missing.toml": "No such file or directory",
        "folder.toml": "Is a directory",
        "dangling.toml": "broken symbolic link",
        "huge.toml": "at most 64 MB",
        "file/below.toml": "Not a directory",
        str(DATA / "latin1.txt"): "not UTF-8 text (byte 0xe0 at offset 63)",
    }


@pytest.mark.parametrize(
    "args, what", FILE_READERS, ids=[a[0] + (" " + a[1] if a[1].startswith("-") else "") for a, _ in FILE_READERS]
)
def test_a_file_that_cannot_be_read_says_why(args, what, tmp_path):
    for name, reason in _bad_inputs(tmp_path).items():
        before = snapshot(tmp_path)
        path = name if os.path.isabs(name) else str(tmp_path / name)
        result = invoke([a.format(path=path) for a in args])
        assert_bad_input(result, [f"cannot read {what} from", reason])
        assert snapshot(tmp_path) == before


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their mode")
def test_permission_denied(tmp_path):
    path = tmp_path / "secret.txt"
    path.write_text("12 km")
    path.chmod(0)
    assert_bad_input(invoke(["claims", str(path)]), ["Permission denied"])


def test_stdin_beyond_the_size_bound_is_refused(monkeypatch):
    monkeypatch.setattr(options, "MAX_INPUT_BYTES", 1000)
    result = invoke(["claims", "-"], input="Troops advanced 12 km. " * 100)
    assert_bad_input(result, ["standard input", "at most"])


def test_a_fifo_is_read(tmp_path):
    fifo = tmp_path / "report.fifo"
    os.mkfifo(fifo)

    def write():
        with open(fifo, "w", encoding="utf-8") as fh:
            fh.write("Ukrainian forces advanced 12 km on 12 August 2024.")

    writer = threading.Thread(target=write)
    writer.start()
    result = invoke(["claims", "--json", str(fifo)])
    writer.join(timeout=30)
    assert result.exit_code == 0, result.output
    assert any(c["kind"] == "depth" and c["value"] == 12 for c in json.loads(result.stdout))


def test_a_leading_bom_is_dropped_everywhere():
    plain = Path(ZONE_BOM).read_bytes()[3:].decode("utf-8")
    with_bom = invoke(["contains", "--zone", ZONE_BOM, "--json", "Sudzha"])
    without = invoke(["contains", "--zone", "-", "--json", "Sudzha"], input=plain)
    assert with_bom.exit_code == 0 and with_bom.stdout == without.stdout
    zone = invoke(["zone", "--from-claims", CLAIM_BOM])
    assert zone.exit_code == 0, zone.output
    assert json.loads(zone.stdout)["features"][0]["properties"]["depth_km"] == 12
    timeline = invoke(["timeline", CLAIM_BOM, "--format", "geojson"])
    assert timeline.exit_code == 0, timeline.output
    text = invoke(["claims", "--json", "-"], input="\ufeffTroops advanced 12 km on 12 August 2024.")
    assert json.loads(text.stdout)[0]["start"] == 16  # offsets count from after the BOM


def test_timeline_reads_stdin():
    result = invoke(["timeline", "-", "--format", "geojson"], input=Path(CLAIM_BOM).read_text(encoding="utf-8-sig"))
    assert result.exit_code == 0, result.output
    assert len(json.loads(result.stdout)["features"]) == 1


def test_a_value_from_a_claim_file_names_the_claim_not_a_flag():
    for command in (["zone"], ["fit"], ["affected", "--ensemble", "10"]):
        lines = assert_bad_input(
            invoke([*command, "--from-claims", str(DATA / "claim-depth-500.toml")]),
            ["claim-depth-500.toml", "depth_km=500", "at most 100"],
        )
        assert "--depth-km" not in lines[0]


# -- 5. junk around a name never matches silently --------------------------------------------------

JUNK = {
    "emoji": ("Sudzha\U0001f642", "U+1F642"),
    "rtl mark": ("\u200fSudzha", "U+200F"),
    "lrm": ("Sudzha\u200e", "U+200E"),
    "zero-width space": ("Sud\u200bzha", "U+200B"),
    "zero-width joiner": ("Sudzha\u200d", "U+200D"),
    "bom": ("\ufeffSudzha", "U+FEFF"),
    "soft hyphen": ("Sud\u00adzha", "U+00AD"),
    "replacement char": ("Sudzha\ufffd", "U+FFFD"),
    "surrogate byte": ("Sudzha\udcff", "0xff"),
    "nul": ("Sudzha\x00", "U+0000"),
    "newline": ("Sudzha\n", "U+000A"),
    "escape": ("\x1b[1mSudzha", "U+001B"),
    "bold letter": ("\U0001d412udzha", "U+1D412"),
    "fullwidth": ("\uff33udzha", "U+FF33"),
    "overlay mark": ("S\u0337udzha", "U+0337"),
    "symbol": ("Sudzha\u2122", "U+2122"),
    "cyrillic + emoji": ("Суджа\U0001f525", "U+1F525"),
    "lonlat + emoji": ("35.1,51.2\U0001f642", "U+1F642"),
    "too long": ("Sudzha " * 40, "characters long"),
}


@pytest.mark.parametrize("query, needle", JUNK.values(), ids=list(JUNK))
def test_junk_in_a_place_is_refused_naming_the_character(query, needle):
    assert_bad_input(invoke(["contains", "--zone", ZONE_BOM, "--", query]), [needle, "not a place name"])
    assert_bad_input(invoke(["zone", "--anchor", query]), ["--anchor", needle])
    with pytest.raises(InvalidPlaceError, match=needle.replace("+", r"\+")):
        load_settlements().find(query)
    assert load_settlements().candidates(query) == []


@pytest.mark.parametrize(
    "query, needles",
    [
        ("nan,nan", ["'nan'", "finite", "[-180, 180]"]),
        ("1e400,5", ["'1e400'", "finite", "[-180, 180]"]),
        ("35,51,7", ["'35,51,7'", "lon,lat"]),
        ("35.1,51.2\U0001f642", ["U+1F642"]),
        ("inf 51", ["'inf'", "finite"]),
    ],
)
def test_lonlat_junk_is_one_line(query, needles):
    assert_bad_input(invoke(["contains", "--zone", ZONE_BOM, "--", query]), needles)


def test_invalid_place_is_an_unknown_place_and_a_value_error():
    with pytest.raises(UnknownPlaceError):
        parse_lonlat("Sudzha\u200f")
    with pytest.raises(ValueError):
        check_place_text("\x00")


def test_every_register_name_and_label_passes_the_check():
    for s in load_settlements():
        for text in (s.name, s.name_latin, f"{s.name} ({s.type}), {s.district}", f"{s.name_latin}, {s.district_latin}"):
            check_place_text(text)


@pytest.mark.parametrize(
    "query, expected",
    [
        ("Sudzha", 0),
        ("Bol'shoye Soldatskoye", 1),
        ("Суджа, Суджанский", 0),
        ("Sudzha (g)", 0),
        ("id:106393", 1),
        ("Sudzha\u00a0", 0),
        ("«Суджа»", 0),
        ("35.27,51.19", 0),
    ],
)
def test_ordinary_names_still_match(query, expected):
    assert invoke(["contains", "--zone", ZONE_BOM, "--", query]).exit_code == expected


# -- hypothesis: numbers on every numeric flag, text on contains -----------------------------------

NUMBER_TEXT = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
    st.sampled_from(["nan", "-inf", "1e400", "-0", "1e-400", "0x10", "", " ", "1_0", "٣", "1e30", "2**32"]),
)

#: (command and the flags it needs, the flag under test, examples): flags whose valid values
#: build a zone or a fit get fewer examples.
NUMERIC_FLAGS = [
    (["zone"], "--width-km", 6),
    (["zone"], "--depth-km", 6),
    (["fit", "--depth-km", "12"], "--settlements", 4),
    (["fit"], "--area-km2", 4),
    (["fit"], "--depth-km", 4),
    (["fit"], "--width-km", 4),
    (["fit", "--depth-km", "12"], "--window-km", 4),
    (FIT, "--settlements-tolerance", 4),
    (FIT, "--area-tolerance", 4),
    (FIT, "--depth-tolerance-km", 4),
    (FIT, "--width-tolerance-km", 4),
    (["affected", "--format", "json"], "--ensemble", 12),
    (["affected", "--ensemble", "5", "--format", "json"], "--seed", 12),
    (["affected", "--ensemble", "5", "--seed", "1", "--format", "json"], "--depth-spread-km", 12),
    (["affected", "--ensemble", "5", "--seed", "1", "--format", "json"], "--width-spread-km", 12),
    (["affected", "--ensemble", "5", "--seed", "1", "--format", "json"], "--shift-km", 12),
]


@pytest.mark.parametrize("args, flag, examples", NUMERIC_FLAGS, ids=[f"{a[0]} {f}" for a, f, _ in NUMERIC_FLAGS])
def test_any_number_on_any_numeric_flag_runs_or_is_refused_naming_the_flag(args, flag, examples):
    @settings(max_examples=examples, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
    @given(value=NUMBER_TEXT)
    def check(value):
        result = invoke([*args, flag, value])
        assert_no_traceback(result)
        if result.exit_code != 0:
            assert_bad_input(result, [flag])

    check()


NAMES = st.sampled_from(["Sudzha", "Суджа", "Bol'shoye Soldatskoye", "Korenevo (pgt)", "id:47086", "35.27,51.19"])
JUNK_CHARS = st.sampled_from(
    [
        "\U0001f642",
        "\u200f",
        "\u200b",
        "\ufeff",
        "\u00ad",
        "\x00",
        "\x07",
        "\n",
        "\ufffd",
        "\udcff",
        "\u2122",
        "!",
        "\U0001d412",
        "\u0337",
        "\u2028",
    ]
)


@st.composite
def junk_names(draw):
    name = draw(NAMES)
    at = draw(st.integers(0, len(name)))
    return name[:at] + draw(JUNK_CHARS) + name[at:]


@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
@given(query=st.one_of(junk_names(), st.text(max_size=25)))
def test_any_text_on_contains_matches_only_without_junk(query):
    from frontmap.transliterate import place_text_problem

    result = invoke(["contains", "--zone", ZONE_BOM, "--json", "--", query])
    assert_no_traceback(result)
    if result.exit_code in (0, 1):
        assert place_text_problem(query) is None, (query, result.stdout)
        assert len(json.loads(result.stdout)) == 1
    else:
        assert result.exit_code == 2 and result.stdout == "", result.output
        assert result.stderr.startswith("Error: ")
        if place_text_problem(query) is not None:
            assert_bad_input(result, ["not a place name"])


@pytest.mark.parametrize(
    "args",
    [
        ["zone", "--anchor", "x" * 10_000],
        ["zone", "--anchor", "id:" + "9" * 5000],
        ["affected", "--ensemble", "3", "--profiles", "flat," * 1000],
        ["contains", "y" * 10_000],
        ["zone", "--from-claims", "/nonexistent/" + "z" * 3000],
        ["map", "--title", "t" * 100_000, "-o", "{tmp}/t.html"],
    ],
)
def test_a_huge_value_is_cut_short_in_its_one_line_error(tmp_path, args):
    """A 10,000-character value was echoed whole: one 'line' of 10 KB.  Messages keep its
    start and say how long it was."""
    before = snapshot(tmp_path)
    result = invoke([arg.replace("{tmp}", str(tmp_path)) for arg in args])
    lines = assert_bad_input(result, ["characters"])
    assert len(lines[0]) < 400, len(lines[0])
    assert snapshot(tmp_path) == before


@pytest.mark.parametrize("value", ["1_000", "1_0", "\u0665", "\uff15", "\u0663.5", "1e1_0"])
@pytest.mark.parametrize(
    "args, flag",
    [
        (["zone"], "--depth-km"),
        (["zone"], "--width-km"),
        (["fit", "--depth-km", "12"], "--settlements"),
        (["affected", "--format", "json"], "--ensemble"),
        (["affected", "--ensemble", "3", "--format", "json"], "--seed"),
    ],
)
def test_numbers_python_reads_but_people_do_not_write_are_refused(args, flag, value):
    """float() and int() take '1_000', Arabic-Indic '٥' and full-width '５': they were read as
    1000 and 5 without a word."""
    assert_bad_input(invoke([*args, flag, value]), [flag, "is not"])


@pytest.mark.parametrize("value, expected", [(" 5 ", 5.0), ("+5", 5.0), ("5.", 5.0), (".5", 0.5), ("5E0", 5.0)])
def test_plain_ways_of_writing_a_number_are_still_read(value, expected):
    result = invoke(["zone", "--depth-km", value])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["features"][0]["properties"]["depth_km"] == expected
