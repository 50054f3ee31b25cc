"""The package's public names: each resolves, and importing frontmap stays cheap."""

import subprocess
import sys

import pytest

import frontmap


def test_every_exported_name_resolves():
    for name in frontmap.__all__:
        assert getattr(frontmap, name) is not None, name


def test_import_frontmap_loads_no_heavy_module():
    code = (
        "import sys, frontmap; print(','.join(m for m in ('folium', 'geopandas', 'shapely', 'tomllib') if m in "
        "sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert out == ""


def _run(code: str) -> str:
    return subprocess.run(
        [sys.executable, "-W", "error", "-c", code], capture_output=True, text=True, check=True
    ).stdout.strip()


def test_fit_and_ensemble_are_the_same_object_before_and_after_importing_the_submodules():
    # A fresh process: in this one the submodules may be imported already.
    code = (
        "import frontmap, types\n"
        "before = (frontmap.fit, frontmap.ensemble)\n"
        "assert frontmap.fit is frontmap.fit and frontmap.ensemble is frontmap.ensemble\n"
        "import frontmap.fit, frontmap.ensemble\n"
        "assert (frontmap.fit, frontmap.ensemble) == before and frontmap.fit is before[0]\n"
        "from frontmap import fit\n"
        "assert fit is before[0] and isinstance(fit, types.ModuleType)\n"
        "print(frontmap.fit.__name__, frontmap.ensemble.__name__)\n"
    )
    assert _run(code) == "frontmap.fit frontmap.ensemble"


def test_a_submodule_imported_first_is_what_the_package_attribute_gives():
    code = (
        "import frontmap.fit as m, frontmap\nassert frontmap.fit is m is frontmap.fit\nprint(frontmap.fit_claim "
        "is m.fit)"
    )
    assert _run(code) == "True"


def test_exported_functions_are_resolved_once():
    assert frontmap.fit_claim is frontmap.fit_claim
    assert "fit_claim" in vars(frontmap)  # cached by __getattr__: the next read is a plain attribute


@pytest.mark.parametrize(("old", "new"), [("affected", "find_affected"), ("map_html", "render_map_html")])
def test_old_names_warn_and_give_the_new_function(old, new):
    with pytest.warns(DeprecationWarning, match=f"frontmap.{old} is deprecated.*frontmap.{new}"):
        value = getattr(frontmap, old)
    assert value is getattr(frontmap, new)
    with pytest.warns(DeprecationWarning):  # every read warns, not only the first
        getattr(frontmap, old)


def test_calling_the_fit_and_ensemble_modules_is_the_deprecated_function():
    claims = frontmap.Claims(depth_km=12, width_km=40)
    with pytest.warns(DeprecationWarning, match="frontmap.fit is deprecated.*frontmap.fit_claim"):
        old = frontmap.fit(claims)
    assert old.spec == frontmap.fit_claim(claims).spec
    with pytest.warns(DeprecationWarning, match="frontmap.ensemble is deprecated.*frontmap.sample_ensemble"):
        e = frontmap.ensemble(frontmap.DEFAULT_SPEC, n=5, seed=3)
    assert e.to_json() == frontmap.sample_ensemble(frontmap.DEFAULT_SPEC, n=5, seed=3).to_json()


def test_no_public_name_is_a_submodule_name():
    import pkgutil

    modules = {m.name for m in pkgutil.iter_modules(frontmap.__path__)}
    assert not modules & set(frontmap.__all__)


def _modules_after(args: list, tmp_path) -> set:
    """The heavy modules a fresh process has loaded once ``frontmap ARGS`` ran (its output to a file)."""
    code = (
        "import sys\nfrom frontmap.cli.main import cli\n"
        f"try:\n    cli.main({args!r}, standalone_mode=False)\nexcept SystemExit:\n    pass\n"
        "sys.stderr.write(','.join(m for m in ('numpy', 'shapely', 'pyproj', 'geopandas', 'folium') if m in "
        "sys.modules))\n"
    )
    with open(tmp_path / "stdout", "w") as out:
        done = subprocess.run([sys.executable, "-c", code], stdout=out, stderr=subprocess.PIPE, text=True, check=True)
    return set(filter(None, done.stderr.strip().split(",")))


def test_help_loads_no_geometry_library(tmp_path):
    assert _modules_after(["--help"], tmp_path) == set()
    assert "Build a zone and print it as GeoJSON." in (tmp_path / "stdout").read_text()


def test_claims_of_a_text_load_neither_shapely_nor_numpy(tmp_path):
    text = tmp_path / "report.txt"
    text.write_text("The Russian army advanced 12 km deep along a 40 km front on 12 August 2024, the governor said.\n")
    assert _modules_after(["claims", str(text)], tmp_path) == set()
    assert "12 August 2024" in (tmp_path / "stdout").read_text()


def test_the_help_list_says_what_each_command_says_of_itself():
    from frontmap.cli.main import COMMANDS, SHORT_HELP, cli

    assert set(SHORT_HELP) == set(COMMANDS)
    for name in COMMANDS:
        assert cli.get_command(None, name).short_help == SHORT_HELP[name], name


def _vector_modules_after(args: list, tmp_path) -> set:
    """Which of geopandas, pyogrio and pyarrow a fresh process has loaded once ``frontmap ARGS`` ran."""
    code = (
        "import sys\nfrom frontmap.cli.main import cli\n"
        f"try:\n    cli.main({args!r}, standalone_mode=False)\nexcept SystemExit:\n    pass\n"
        "sys.stderr.write(','.join(m for m in ('geopandas', 'pyogrio', 'pyarrow') if m in sys.modules))\n"
    )
    with open(tmp_path / "stdout", "w") as out:
        done = subprocess.run(
            [sys.executable, "-c", code], stdout=out, stderr=subprocess.PIPE, text=True, check=True, cwd=tmp_path
        )
    return set(filter(None, done.stderr.strip().rsplit("\n", 1)[-1].split(",")))


@pytest.mark.parametrize(
    "args",
    [
        ["zone", "-o", "new.geojson"],
        ["contains", "Sudzha", "--zone", "zone.geojson"],
        ["affected", "--zone", "zone.geojson", "--format", "csv"],
        ["affected", "--format", "json"],
        ["compare", "zone.geojson", "zone.geojson", "--json"],
    ],
)
def test_quick_paths_on_geojson_load_no_geodataframe_library(tmp_path, args):
    """geopandas, pyogrio and pyarrow cost a second or more to import: only the formats that need them do."""
    from frontmap.export import dump_json, zone_to_geojson

    (tmp_path / "zone.geojson").write_text(dump_json(zone_to_geojson(frontmap.build_zone()), compact=True))
    assert _vector_modules_after(args, tmp_path) == set()
    assert (tmp_path / "stdout").stat().st_size > 0 or args[0] == "zone"
