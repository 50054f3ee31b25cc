"""frontmap.vector: zones and references from every vector format pyogrio reads, results to every
format frontmap writes, and hostile files (KMZ bombs, traversal names, broken XML) as one-line errors."""

from __future__ import annotations

import io
import json
import os
import zipfile
from pathlib import Path

import geopandas as gpd
import pyogrio
import pytest
import shapely
from clitools import assert_bad_input, assert_no_traceback, invoke, snapshot

from frontmap.compare import compare_zones
from frontmap.errors import InvalidSpecError, OutputError, ZoneFileError
from frontmap.vector import (
    MAX_KMZ_ENTRIES,
    MAX_VECTOR_BYTES,
    as_zone,
    check_vector_output,
    output_files,
    read_vector,
    read_zone,
    read_zone_bytes,
    write_geojson_text,
    write_vector,
)
from frontmap.zone import build_zone

#: Three areas near Sudzha, as a reference map lays them out in layers.
OCCUPIED = shapely.box(35.10, 51.10, 35.30, 51.25)
LIBERATED = shapely.box(35.30, 51.10, 35.50, 51.25)
UNKNOWN = shapely.box(35.00, 51.00, 35.10, 51.10)


def _same(a, b) -> bool:
    """The same polygon to a centimetre (rings may start elsewhere or turn the other way)."""
    return shapely.hausdorff_distance(a, b) < 1e-7


def _frame(crs="EPSG:4326"):
    gdf = gpd.GeoDataFrame(
        {"Name": ["occupied", "liberated", "unknown"], "status": ["ru", "ua", "?"]},
        geometry=[OCCUPIED, LIBERATED, UNKNOWN],
        crs="EPSG:4326",
    )
    return gdf.to_crs(crs)


def _kml(folders: dict[str, list[tuple[str, shapely.Polygon]]]) -> str:
    def placemark(name, poly):
        ring = " ".join(f"{x},{y}" for x, y in poly.exterior.coords)
        return (
            f"<Placemark><name>{name}</name><Polygon><outerBoundaryIs><LinearRing><coordinates>{ring}"
            "</coordinates></LinearRing></outerBoundaryIs></Polygon></Placemark>"
        )

    body = "".join(
        f"<Folder><name>{folder}</name>{''.join(placemark(n, p) for n, p in marks)}</Folder>"
        for folder, marks in folders.items()
    )
    return f'<?xml version="1.0" encoding="UTF-8"?><kml xmlns="http://www.opengis.net/kml/2.2"><Document>{body}</Document></kml>'


LAYERS = {"Occupied": [("north", OCCUPIED), ("south", UNKNOWN)], "Liberated": [("east", LIBERATED)]}


def _kmz(path: Path, entries: dict[str, bytes | str]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return path


@pytest.fixture
def kmz(tmp_path):
    return _kmz(tmp_path / "reference.kmz", {"doc.kml": _kml(LAYERS), "files/icon.png": b"\x89PNG"})


# ---------------------------------------------------------------------------
# Reading each format


@pytest.mark.parametrize(
    "suffix, driver",
    [
        (".gpkg", "GPKG"),
        (".fgb", "FlatGeobuf"),
        (".shp", "ESRI Shapefile"),
        (".geojsonl", "GeoJSONSeq"),
        (".geojson", "GeoJSON"),
        (".kml", "KML"),
    ],
)
def test_each_format_reads_back_the_same_polygons(tmp_path, suffix, driver):
    path = tmp_path / f"ref{suffix}"
    pyogrio.write_dataframe(_frame(), path, driver=driver)
    gdf = read_vector(path)
    assert gdf.crs.to_epsg() == 4326 and len(gdf) == 3
    assert shapely.union_all(gdf.geometry.values).equals(shapely.union_all([OCCUPIED, LIBERATED, UNKNOWN]))
    zone = read_zone(path, where="Name = 'occupied'")
    assert zone.geometry.equals(OCCUPIED) and zone.properties["Name"] == "occupied"


def test_geoparquet_in_a_projected_crs(tmp_path):
    path = tmp_path / "ref.parquet"
    _frame("EPSG:32636").to_parquet(path)
    gdf = read_vector(path)
    assert gdf.crs.to_epsg() == 4326
    assert [round(v, 6) for v in gdf.total_bounds] == [35.0, 51.0, 35.5, 51.25]
    assert _same(read_zone(path, where="status = 'ua'").geometry, LIBERATED)
    with pytest.raises(InvalidSpecError, match="no layers") as info:
        read_vector(path, layer="x")
    assert info.value.param == "layer"


@pytest.mark.parametrize("crs", ["EPSG:3857", "EPSG:32636", "EPSG:28406"])
def test_a_source_crs_is_honoured(tmp_path, crs):
    path = tmp_path / "projected.gpkg"
    _frame(crs).to_file(path)
    zone = read_zone(path, where="Name = 'occupied'")
    assert _same(zone.geometry, OCCUPIED), zone.geometry.wkt
    assert abs(zone.area_km2 - as_zone(OCCUPIED).area_km2) < 1e-3


def test_a_shapefile_without_prj_is_lon_lat(tmp_path):
    path = tmp_path / "plain.shp"
    _frame().to_file(path)
    os.remove(tmp_path / "plain.prj")
    assert _same(read_zone(path, where="Name = 'unknown'").geometry, UNKNOWN)


def test_gpkg_with_layers(tmp_path):
    path = tmp_path / "layers.gpkg"
    gdf = _frame()
    gdf.iloc[:1].to_file(path, layer="occupied")
    gdf.iloc[1:].to_crs("EPSG:3857").to_file(path, layer="other", mode="a")
    assert read_zone(path, layer="occupied").geometry.equals(OCCUPIED)
    assert len(read_vector(path)) == 3  # every layer
    assert len(read_vector(path, layer="other", where="status = 'ua'")) == 1
    with pytest.raises(InvalidSpecError, match="'occupied', 'other'") as info:
        read_vector(path, layer="nope")
    assert info.value.param == "layer"


def test_kmz_with_several_layers_and_a_where_filter(kmz):
    assert sorted(read_vector(kmz)["Name"]) == ["east", "north", "south"]
    assert sorted(read_vector(kmz, layer="Occupied")["Name"]) == ["north", "south"]
    assert read_zone(kmz, where="Name = 'east'").geometry.equals(LIBERATED)
    both = read_zone(kmz, layer="Occupied", where="Name <> 'east'")
    assert both.geometry.equals(shapely.union_all([OCCUPIED, UNKNOWN]))


def test_kmz_without_doc_kml_takes_the_first_kml(tmp_path):
    path = _kmz(tmp_path / "x.kmz", {"readme.txt": "hi", "maps/areas.kml": _kml({"A": [("a", OCCUPIED)]})})
    assert read_zone(path).geometry.equals(OCCUPIED)


def test_a_where_that_keeps_nothing(kmz):
    with pytest.raises(ZoneFileError, match="no feature matches where"):
        read_zone(kmz, where="Name = 'nowhere'")


@pytest.mark.parametrize("where", ["nosuch = 1", "Name = ", "'", "Name = 'x'; DROP TABLE x"])
def test_a_bad_where_names_the_fields(kmz, where):
    with pytest.raises(InvalidSpecError, match="Name") as info:
        read_vector(kmz, where=where)
    assert info.value.param == "where" and "\n" not in str(info.value)


@pytest.mark.parametrize("where", ["", "   ", "a\x00b", "x" * 1001, "a\x1bb"])
def test_a_where_that_is_not_text_is_refused_before_reading(tmp_path, where):
    with pytest.raises(InvalidSpecError) as info:
        read_vector(tmp_path / "missing.gpkg", where=where)
    assert info.value.param == "where"


def test_geojson_keeps_its_own_reader(tmp_path):
    path = tmp_path / "zone.txt"  # any name frontmap does not know is GeoJSON, as before
    path.write_text(
        json.dumps({"type": "Polygon", "coordinates": [[[35.2, 51.1], [35.3, 51.1], [35.3, 51.2], [35.2, 51.1]]]})
    )
    assert round(read_zone(path).area_km2, 1) == 39.0
    with pytest.raises(ZoneFileError, match="the zone on stdin cannot be read as GeoJSON: GDAL does not recognise"):
        read_zone_bytes(b"{nope", "the zone on stdin", where="1 = 1")


# ---------------------------------------------------------------------------
# Anything in: geometries, GeoSeries, GeoDataFrames, paths


def test_as_zone_takes_geometries_frames_series_and_paths(tmp_path):
    path = tmp_path / "z.fgb"
    _frame("EPSG:3857").iloc[:1].to_file(path)
    zones = [
        as_zone(OCCUPIED),
        as_zone(_frame("EPSG:3857").iloc[:1]),
        as_zone(_frame("EPSG:32636").geometry.iloc[:1]),
        as_zone(path),
    ]
    for zone in zones:
        assert _same(zone.geometry, OCCUPIED)
    with pytest.raises(TypeError, match="Zone"):
        as_zone(str(path))  # a str could be a path or GeoJSON: say which
    with pytest.raises(ZoneFileError, match="empty"):
        as_zone(shapely.Polygon())


def test_compare_zones_takes_a_geodataframe_in_any_crs():
    zone = build_zone()
    reference = gpd.GeoDataFrame(geometry=[zone.geometry], crs="EPSG:4326").to_crs("EPSG:3857")
    result = compare_zones(zone, reference)
    assert result.iou == pytest.approx(1.0, abs=1e-9) and result.precision == 1.0


# ---------------------------------------------------------------------------
# Hostile files


def test_kmz_bomb_stops_at_the_bound(tmp_path):
    bomb = _kmz(tmp_path / "bomb.kmz", {"doc.kml": b"<" + b" " * (MAX_VECTOR_BYTES + 10)})
    assert bomb.stat().st_size < 1_000_000
    with pytest.raises(ZoneFileError, match="unpacks to") as info:
        read_vector(bomb)
    assert "\n" not in str(info.value) and "bomb.kmz" in str(info.value)


def test_kmz_lying_about_its_size_stops_at_the_bound(tmp_path):
    """The header's size is the archive's word: the real bytes are counted as they are unpacked."""
    path = _kmz(tmp_path / "liar.kmz", {"doc.kml": b"<" + b" " * (MAX_VECTOR_BYTES + 10)})
    data = bytearray(path.read_bytes())
    for header, offset in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):  # uncompressed size fields
        at = data.find(header)
        data[at + offset : at + offset + 4] = (100).to_bytes(4, "little")
    path.write_bytes(bytes(data))
    with pytest.raises(ZoneFileError, match="liar.kmz"):
        read_vector(path)


@pytest.mark.parametrize("entry", ["../evil.kml", "/etc/passwd.kml", "a/../../b.kml", "C:/x.kml", "a\\..\\b.kml"])
def test_kmz_entries_outside_the_archive_are_refused(tmp_path, entry):
    path = _kmz(tmp_path / "t.kmz", {entry: _kml(LAYERS)})
    with pytest.raises(ZoneFileError, match="outside the archive"):
        read_vector(path)
    assert sorted(os.listdir(tmp_path)) == ["t.kmz"]


@pytest.mark.parametrize(
    "entries, needle",
    [
        ({"readme.txt": "no kml"}, "holds no .kml"),
        ({"doc.kml": "<kml><Document><Folder>"}, "cannot be read as KML"),
        ({"doc.kml": "not xml at all"}, "is not KML"),
        ({"doc.kml": '<!DOCTYPE kml [<!ENTITY a "aaaa">]><kml>&a;</kml>'}, "DTD"),
        ({f"f{i}.png": b"" for i in range(MAX_KMZ_ENTRIES + 1)}, "entries"),
    ],
)
def test_hostile_kmz_is_one_line(tmp_path, entries, needle):
    path = _kmz(tmp_path / "h.kmz", entries)
    with pytest.raises(ZoneFileError, match=needle) as info:
        read_vector(path)
    assert "\n" not in str(info.value) and "h.kmz" in str(info.value)


@pytest.mark.parametrize(
    "suffix, content, needle",
    [
        (".kmz", b"PK\x03\x04garbage", "not a readable KMZ"),
        (".kmz", b"plain text", "is not KMZ"),
        (
            ".gpkg",
            b"<OGRVRTDataSource><OGRVRTLayer name='x'><SrcDataSource>/etc/passwd</SrcDataSource>"
            b"</OGRVRTLayer></OGRVRTDataSource>",
            "is not GeoPackage",
        ),
        (".gpkg", b"SQLite format 3\x00" + b"\x00" * 200, "cannot be read as GeoPackage"),
        (".fgb", b"fgb\x03\x00\x00\x00\x00", "cannot be read as FlatGeobuf"),
        (".parquet", b"PAR1 not parquet PAR1", "cannot be read as GeoParquet"),
        (".shp", b"\x00\x00\x27\x0a" + b"\x00" * 96, "lacks its .shx or .dbf"),
        (".geojsonl", b"\x00\x01", "is not GeoJSON text sequence"),
        (".kml", b"", "is not KML"),
    ],
)
def test_broken_files_are_one_line_errors(tmp_path, suffix, content, needle):
    path = tmp_path / f"bad{suffix}"
    path.write_bytes(content)
    with pytest.raises(ZoneFileError, match=needle) as info:
        read_zone(path)
    assert "\n" not in str(info.value) and "bad" + suffix in str(info.value), info.value
    assert "/tmp/frontmap-" not in str(info.value)


def test_missing_and_huge_files(tmp_path):
    with pytest.raises(ZoneFileError, match="No such file"):
        read_zone(tmp_path / "missing.gpkg")
    with pytest.raises(ZoneFileError, match="at most 64 MB"):
        read_zone("/dev/zero.gpkg" if os.path.exists("/dev/zero.gpkg") else _devzero(tmp_path))


def _devzero(tmp_path) -> Path:
    link = tmp_path / "zero.gpkg"
    link.symlink_to("/dev/zero")
    return link


def test_a_nul_in_the_name(tmp_path):
    with pytest.raises(ZoneFileError, match="NUL"):
        read_zone(str(tmp_path / "a\0b.gpkg"))


# ---------------------------------------------------------------------------
# Writing each format


@pytest.mark.parametrize("suffix", [".gpkg", ".fgb", ".parquet", ".shp", ".kml", ".kmz", ".geojsonl", ".csv"])
def test_write_and_read_back_each_format(tmp_path, suffix):
    zone = build_zone()
    path = tmp_path / f"zone{suffix}"
    written = write_vector(zone, path)
    assert [p.name for p in written] == [Path(f).name for f in output_files(path)]
    if suffix == ".csv":
        text = path.read_text()
        assert text.startswith("WKT,") and "depth_km" in text.splitlines()[0]
        return
    back = {".parquet": gpd.read_parquet, ".kmz": read_vector}.get(suffix, pyogrio.read_dataframe)(path)
    assert len(back) == 1 and back.crs.to_epsg() == 4326
    assert shapely.symmetric_difference(back.geometry.iloc[0], zone.geometry).area < 1e-6 * zone.geometry.area
    if suffix != ".shp":  # shapefile field names are cut to 10 characters
        assert float(back["depth_km"].iloc[0]) == 12.0 and back["anchor"].iloc[0] == "Sudzha"
    again = read_zone(path).geometry  # GeoJSONSeq has 7 decimals: the same area to a millionth
    assert shapely.symmetric_difference(again, zone.geometry).area < 1e-6 * zone.geometry.area


def test_shapefile_is_all_or_nothing(tmp_path):
    path = tmp_path / "zone.shp"
    (tmp_path / "zone.dbf").write_text("someone's")
    before = snapshot(tmp_path)
    with pytest.raises(OutputError, match="zone.dbf"):
        check_vector_output(path)
    with pytest.raises(OutputError, match="zone.dbf"):
        write_vector(build_zone(), path)
    assert snapshot(tmp_path) == before
    write_vector(build_zone(), path, overwrite=True)
    assert sorted(os.listdir(tmp_path)) == ["zone.cpg", "zone.dbf", "zone.prj", "zone.shp", "zone.shx"]


def test_existing_output_is_kept_without_overwrite(tmp_path):
    path = tmp_path / "zone.gpkg"
    path.write_bytes(b"mine")
    with pytest.raises(OutputError, match="--overwrite"):
        write_vector(build_zone(), path)
    assert path.read_bytes() == b"mine" and os.listdir(tmp_path) == ["zone.gpkg"]


def test_timeline_style_nesting_is_flattened_and_one_geometry_type(tmp_path):
    poly, multi = OCCUPIED, shapely.MultiPolygon([LIBERATED, UNKNOWN])
    doc = {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "properties": {
                    "date": "2024-08-12",
                    "claimed": {"settlements": 28, "depth_km": [28, 35]},
                    "modelled": {"area_km2": 400.5},
                    "spec": {"profile": "salient"},
                },
                "geometry": json.loads(shapely.to_geojson(poly)),
            },
            {
                "type": "Feature",
                "properties": {
                    "date": "2024-08-20",
                    "claimed": {"settlements": None, "depth_km": 12},
                    "modelled": {"area_km2": 800.0},
                    "spec": {"profile": "flat"},
                },
                "geometry": json.loads(shapely.to_geojson(multi)),
            },
        ],
    }
    path = tmp_path / "timeline.gpkg"
    write_vector(doc, path)
    info = pyogrio.read_info(path)
    assert info["geometry_type"] == "MultiPolygon"
    assert set(info["fields"]) == {
        "date",
        "claimed_settlements",
        "claimed_depth_km",
        "modelled_area_km2",
        "spec_profile",
    }
    back = pyogrio.read_dataframe(path)
    assert list(back["claimed_depth_km"]) == ["[28, 35]", "12"]
    assert list(back["modelled_area_km2"]) == [400.5, 800.0]


@pytest.mark.parametrize("driver, name", [("GPKG", "out.data"), ("geopackage", "out"), ("FlatGeobuf", "x.geojson")])
def test_driver_wins_over_the_extension(tmp_path, driver, name):
    write_vector(build_zone(), tmp_path / name, driver=driver)
    head = (tmp_path / name).read_bytes()[:16]
    assert head == b"SQLite format 3\x00" if driver != "FlatGeobuf" else head.startswith(b"fgb\x03")


def test_unknown_driver_and_shapefile_name(tmp_path):
    with pytest.raises(InvalidSpecError, match="GPKG") as info:
        write_vector(build_zone(), tmp_path / "x.gpkg", driver="Excel")
    assert info.value.param == "driver"
    with pytest.raises(OutputError, match=r"ends in \.shp"):
        write_vector(build_zone(), tmp_path / "x.dat", driver="ESRI Shapefile")
    assert os.listdir(tmp_path) == []


def test_geojson_output_stays_rfc7946(tmp_path):
    gdf = _frame("EPSG:3857")
    path = tmp_path / "out.geojson"
    write_vector(gdf, path)
    doc = json.loads(path.read_text())
    assert "crs" not in doc and doc["bbox"] == [35.0, 51.0, 35.5, 51.25] and "attribution" in doc
    ring = doc["features"][0]["geometry"]["coordinates"][0]
    assert shapely.LinearRing(ring).is_ccw and all(len(str(v).split(".")[-1]) <= 6 for p in ring for v in p)


def test_write_geojson_text_refuses_text_that_is_not_geojson(tmp_path):
    with pytest.raises(OutputError, match="not GeoJSON"):
        write_geojson_text("id,name\n1,a\n", tmp_path / "x.gpkg")
    write_geojson_text("id,name\n1,a\n", tmp_path / "x.csv")  # a CSV table goes to .csv as it is
    assert (tmp_path / "x.csv").read_text() == "id,name\n1,a\n"
    assert sorted(os.listdir(tmp_path)) == ["x.csv"]


# ---------------------------------------------------------------------------
# The command line: compare with any format, one-line errors, exit 2


def test_cli_compare_kmz_layer_and_where(tmp_path, kmz):
    zone_path = tmp_path / "zone.gpkg"
    gpd.GeoDataFrame(geometry=[OCCUPIED], crs="EPSG:4326").to_crs("EPSG:3857").to_file(zone_path)
    result = invoke(["compare", str(zone_path), str(kmz), "--layer", "Occupied", "--where", "Name = 'north'", "--json"])
    assert_no_traceback(result)
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["iou"] == pytest.approx(1.0, abs=1e-6)
    result = invoke(["compare", str(zone_path), str(kmz), "--where", "Name = 'east'", "--json"])
    assert json.loads(result.stdout)["iou"] == 0.0


@pytest.mark.parametrize(
    "args, needles",
    [
        (["--layer", "nope"], ["--layer", "'Occupied', 'Liberated'"]),
        (["--where", "nosuch = 1"], ["--where", "nosuch", "Name"]),
        (["--zone-where", "x = 1"], ["--zone-where"]),
        (["--where", "Name = 'nowhere'"], ["no feature matches"]),
    ],
)
def test_cli_compare_bad_layer_or_where_is_exit_2(kmz, args, needles):
    first = ["compare", str(kmz), str(kmz)] if "--zone-where" in args else ["compare", str(kmz), str(kmz)]
    result = invoke(first + args)
    assert_bad_input(result, needles)


def test_cli_compare_hostile_kmz_is_exit_2(tmp_path, kmz):
    bad = _kmz(tmp_path / "evil.kmz", {"../../x.kml": _kml(LAYERS)})
    before = snapshot(tmp_path)
    assert_bad_input(invoke(["compare", str(kmz), str(bad)]), ["evil.kmz", "outside the archive"])
    assert snapshot(tmp_path) == before


def test_cli_compare_reads_stdin_with_a_filter(kmz):
    doc = {
        "type": "FeatureCollection",
        "features": [
            {"type": "Feature", "properties": {"Name": "north"}, "geometry": json.loads(shapely.to_geojson(OCCUPIED))},
            {"type": "Feature", "properties": {"Name": "other"}, "geometry": json.loads(shapely.to_geojson(UNKNOWN))},
        ],
    }
    result = invoke(
        ["compare", "-", str(kmz), "--zone-where", "Name = 'north'", "--where", "Name = 'north'", "--json"],
        input=json.dumps(doc),
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["iou"] == pytest.approx(1.0, abs=1e-6)


def test_bytes_reader_refuses_a_shapefile():
    with pytest.raises(ZoneFileError, match="give a file"):
        read_zone_bytes(b"", "stdin", suffix=".shp")


def test_kmz_in_memory_only(tmp_path, kmz, monkeypatch):
    """Nothing of the archive lands beside it or in the working folder."""
    monkeypatch.chdir(tmp_path)
    before = snapshot(tmp_path)
    read_vector(kmz)
    assert snapshot(tmp_path) == before


def test_read_bytes_of_a_kmz():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("doc.kml", _kml(LAYERS))
    zone = read_zone_bytes(buffer.getvalue(), "the reference on stdin", suffix=".kmz", layer="Liberated")
    assert zone.geometry.equals(LIBERATED)


def test_zone_flag_reads_a_layer_and_a_filter_of_any_format(tmp_path):
    """--zone takes any vector format, with --zone-layer and --zone-where picking the polygons."""
    import geopandas as gpd
    from shapely.geometry import box

    path = tmp_path / "reference.gpkg"
    occupied = gpd.GeoDataFrame(
        {"Name": ["occupied", "liberated"]},
        geometry=[box(35.1, 51.1, 35.3, 51.25), box(34.6, 51.3, 34.7, 51.35)],
        crs=4326,
    )
    occupied.to_file(path, layer="areas", driver="GPKG")
    occupied.iloc[:1].to_file(path, layer="other", driver="GPKG")
    both = invoke(["affected", "--zone", str(path), "--zone-layer", "areas", "--format", "json"])
    one = invoke(
        [
            "affected",
            "--zone",
            str(path),
            "--zone-layer",
            "areas",
            "--zone-where",
            "Name = 'occupied'",
            "--format",
            "json",
        ]
    )
    assert both.exit_code == 0 and one.exit_code == 0, (both.output, one.output)
    import json

    area_both, area_one = (json.loads(r.stdout)["zone"]["area_km2"] for r in (both, one))
    assert area_one < area_both
    assert_bad_input(
        invoke(["affected", "--zone", str(path), "--zone-layer", "nope"]), ["--zone-layer", "nope", "areas"]
    )
    assert_bad_input(
        invoke(["affected", "--zone", str(path), "--zone-layer", "areas", "--zone-where", "Name = 'x'"]),
        ["no feature matches"],
    )
