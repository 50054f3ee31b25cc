"""Batch point-in-zone: ``Zone.contains`` against ``shapely.contains_xy`` and ``geopandas.sjoin``.

1,000,000 random lon/lat points (seed fixed), uniform in the bounding box of
the default zone (``build_zone()``: Sudzha, 40 km, 12 km, salient, RUS)
grown by 50% in width and height about its centre (25% margin each side).

Timed, each ``--repeat`` times, round-robin, median and min:
  * library:     ``zone.contains(lon, lat)``
  * baseline:    ``shapely.contains_xy(g, lon, lat)`` with ``g`` a copy of
                 ``zone.geometry`` prepared by ``shapely.prepare``
  * sjoin:       ``geopandas.sjoin(points_gdf, zone_gdf, predicate="within")``
                 (the points GeoDataFrame is built once, outside the timing)

One-time costs (the zone's own preparation on its first ``contains`` call,
shapely.prepare, building the GeoDataFrame) are done before timing and printed
separately.  The three must agree on the number of points inside.

Goal: library throughput / contains_xy throughput >= 0.5x (medians).

Run by hand (not part of the test suite):
    python benchmarks/bench_batch_points.py [--repeat 5] [--points 1000000] [--seed 20240812]
Exit code: 0 when the goal is met and the counts agree, 1 otherwise.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time

import numpy as np
import shapely


def timed(func):
    t0 = time.perf_counter()
    result = func()
    return time.perf_counter() - t0, result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="runs of each method (default 5)")
    parser.add_argument("--points", type=int, default=1_000_000, help="number of points (default 1,000,000)")
    parser.add_argument("--seed", type=int, default=20240812, help="random seed (default 20240812)")
    parser.add_argument(
        "--goal", type=float, default=0.5, help="least library/contains_xy throughput ratio (default 0.5)"
    )
    args = parser.parse_args()

    import geopandas

    from frontmap.zone import build_zone

    t_build, zone = timed(build_zone)
    xmin, ymin, xmax, ymax = zone.geometry.bounds
    cx, cy, hw, hh = (xmin + xmax) / 2, (ymin + ymax) / 2, (xmax - xmin) * 0.75, (ymax - ymin) * 0.75
    rng = np.random.default_rng(args.seed)
    lon = rng.uniform(cx - hw, cx + hw, args.points)
    lat = rng.uniform(cy - hh, cy + hh, args.points)

    print(f"python: {sys.executable}  repeat: {args.repeat}  points: {args.points:,}  seed: {args.seed}")
    print(
        f"zone: {zone.geometry.geom_type}, {shapely.get_num_coordinates(zone.geometry):,} vertices, "
        f"bbox {xmin:.4f},{ymin:.4f},{xmax:.4f},{ymax:.4f}; points box {cx - hw:.4f},{cy - hh:.4f},"
        f"{cx + hw:.4f},{cy + hh:.4f}"
    )

    # One-time set-up, not in the timings.
    t_lib_first, _ = timed(lambda: zone.contains(lon[:1], lat[:1]))
    g = shapely.from_wkb(shapely.to_wkb(zone.geometry))
    t_prep, _ = timed(lambda: shapely.prepare(g))
    t_gdf, points = timed(lambda: geopandas.GeoDataFrame(geometry=geopandas.points_from_xy(lon, lat), crs="EPSG:4326"))
    polygon = geopandas.GeoDataFrame({"zone": ["default"]}, geometry=[zone.geometry], crs="EPSG:4326")
    print(
        f"set-up (untimed below): build_zone {t_build:.3f} s; zone.contains first call (prepares) "
        f"{t_lib_first * 1000:.1f} ms; shapely.prepare {t_prep * 1000:.1f} ms; points GeoDataFrame {t_gdf:.3f} s"
    )

    methods = {
        "library zone.contains": lambda: int(np.count_nonzero(zone.contains(lon, lat))),
        "shapely.contains_xy (prepared)": lambda: int(np.count_nonzero(shapely.contains_xy(g, lon, lat))),
        "geopandas.sjoin within": lambda: int(
            geopandas.sjoin(points, polygon, how="inner", predicate="within").index.nunique()
        ),
    }
    times = {name: [] for name in methods}
    counts = {name: set() for name in methods}
    for name, func in methods.items():  # warm-up, discarded
        counts[name].add(func())
    for _ in range(args.repeat):
        for name, func in methods.items():
            t, n = timed(func)
            times[name].append(t)
            counts[name].add(n)

    base = "shapely.contains_xy (prepared)"
    base_med = statistics.median(times[base])
    base_min = min(times[base])
    print(
        f"\n{'method':32} {'median s':>9} {'min s':>7} {'Mpts/s (med)':>13} {'Mpts/s (max)':>13} "
        f"{'thr. x base (med)':>18} {'inside':>9}"
    )
    for name, ts in times.items():
        med, low = statistics.median(ts), min(ts)
        n_inside = ", ".join(str(c) for c in sorted(counts[name]))
        print(
            f"{name:32} {med:9.3f} {low:7.3f} {args.points / med / 1e6:13.2f} {args.points / low / 1e6:13.2f} "
            f"{base_med / med:17.2f}x {n_inside:>9}"
        )

    lib = "library zone.contains"
    ratio = base_med / statistics.median(times[lib])
    ratio_best = base_min / min(times[lib])
    goal_ok = ratio >= args.goal
    print(
        f"\nlibrary/contains_xy throughput = {ratio:.2f}x (min-based {ratio_best:.2f}x; goal >= {args.goal:g}x): "
        f"{'PASS' if goal_ok else 'MISS'}"
    )

    all_counts = set().union(*counts.values())
    agree = len(all_counts) == 1
    print("points inside: " + "; ".join(f"{name} {sorted(c)}" for name, c in counts.items()))
    assert agree, f"the methods disagree on the number of points inside: {counts}"
    print(f"counts agree: PASS ({all_counts.pop():,} of {args.points:,})")
    return 0 if goal_ok else 1


if __name__ == "__main__":
    sys.exit(main())
