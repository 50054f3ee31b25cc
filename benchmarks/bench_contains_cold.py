"""Cold start of ``frontmap contains Sudzha`` against ``import shapely, pyproj``.

Every run is a fresh interpreter (no in-process cache) with the zone cache
turned off (``FRONTMAP_NO_CACHE=1``), so each run builds the default zone;
``bench_issue13.py`` times ``contains`` with the cache.  The OS page cache and the .pyc files are warm: one
discarded warm-up run of each command comes first.  The commands are run
round-robin, ``--repeat`` times each, so drift on a shared machine hits all of
them alike; the median and min wall time of each are printed, and ratios
against the baseline measured in the same run.

Goals:
  * contains / baseline (medians) <= 2.5x
  * the contains path imports neither geopandas nor folium

``frontmap zone`` and ``frontmap affected`` are timed for information only.

Run by hand (not part of the test suite):
    python benchmarks/bench_contains_cold.py [--repeat 5] [--goal 2.5]
Exit code: 0 when every goal is met, 1 otherwise.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time

CLI = "from frontmap.cli.main import cli; cli()"

# Runs the CLI and, at exit, reports which of the heavy modules were imported.
WATCHED = ("geopandas", "folium", "pandas", "matplotlib", "rapidfuzz")
CLI_WATCHED = (
    "import atexit, sys\n"
    "def _report():\n"
    f"    seen = [m for m in {WATCHED!r} if m in sys.modules]\n"
    "    sys.stderr.write('BENCH_MODULES=' + ','.join(seen) + '\\n')\n"
    "atexit.register(_report)\n" + CLI
)

# name -> (argv, exit codes that count as success)
COMMANDS = {
    "baseline: import shapely, pyproj": ([sys.executable, "-c", "import shapely, pyproj"], {0}),
    "frontmap contains Sudzha": ([sys.executable, "-c", CLI, "contains", "Sudzha"], {0}),
    "frontmap zone": ([sys.executable, "-c", CLI, "zone"], {0}),
    "frontmap affected": ([sys.executable, "-c", CLI, "affected"], {0}),
}
BASELINE = "baseline: import shapely, pyproj"
TARGET = "frontmap contains Sudzha"


#: Each run builds its zone: the zone cache (frontmap.cache) is off.
ENV = {**os.environ, "FRONTMAP_NO_CACHE": "1"}


def run_once(argv, ok_codes) -> float:
    t0 = time.perf_counter()
    proc = subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=ENV)
    elapsed = time.perf_counter() - t0
    if proc.returncode not in ok_codes:
        sys.exit(f"{argv[3:] or argv} exited {proc.returncode}:\n{proc.stderr.decode(errors='replace')}")
    return elapsed


def imported_heavy_modules() -> list[str]:
    proc = subprocess.run(
        [sys.executable, "-c", CLI_WATCHED, "contains", "Sudzha"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env=ENV,
    )
    for line in proc.stderr.decode(errors="replace").splitlines():
        if line.startswith("BENCH_MODULES="):
            value = line.split("=", 1)[1].strip()
            return value.split(",") if value else []
    sys.exit(f"could not read the module report (exit {proc.returncode}):\n{proc.stderr.decode(errors='replace')}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="runs of each command (default 5)")
    parser.add_argument(
        "--goal", type=float, default=2.5, help="greatest allowed contains/baseline ratio (default 2.5)"
    )
    args = parser.parse_args()

    print(f"python: {sys.executable}  repeat: {args.repeat}")
    for argv, ok in COMMANDS.values():  # warm-up, discarded
        run_once(argv, ok)
    times = {name: [] for name in COMMANDS}
    for _ in range(args.repeat):
        for name, (argv, ok) in COMMANDS.items():
            times[name].append(run_once(argv, ok))

    base_med = statistics.median(times[BASELINE])
    base_min = min(times[BASELINE])
    print(f"\n{'command':36} {'median s':>9} {'min s':>7} {'x base (med)':>13} {'x base (min)':>13}")
    for name, ts in times.items():
        med, low = statistics.median(ts), min(ts)
        print(f"{name:36} {med:9.3f} {low:7.3f} {med / base_med:12.2f}x {low / base_min:12.2f}x")

    ratio = statistics.median(times[TARGET]) / base_med
    speed_ok = ratio <= args.goal
    print(f"\ncontains/baseline = {ratio:.2f}x (goal <= {args.goal:g}x): {'PASS' if speed_ok else 'MISS'}")

    heavy = imported_heavy_modules()
    forbidden = [m for m in heavy if m in ("geopandas", "folium")]
    print(f"modules imported by the contains path (of {', '.join(WATCHED)}): {', '.join(heavy) or 'none'}")
    print(
        "contains imports neither geopandas nor folium: "
        + ("PASS" if not forbidden else "MISS (" + ", ".join(forbidden) + ")")
    )
    return 0 if speed_ok and not forbidden else 1


if __name__ == "__main__":
    sys.exit(main())
