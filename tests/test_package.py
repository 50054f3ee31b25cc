"""The package's public names: each resolves, and importing frontmap stays cheap."""

import subprocess
import sys

import frontmap


def test_every_exported_name_resolves():
    for name in frontmap.__all__:
        assert getattr(frontmap, name) is not None, name


def test_import_frontmap_loads_no_heavy_module():
    code = "import sys, frontmap; print(','.join(m for m in ('folium', 'geopandas', 'shapely', 'tomllib') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert out == ""
