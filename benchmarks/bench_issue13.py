"""Issue 13's table in one run: each command's wall time against its baseline, measured side by side.

Every run is a fresh interpreter (``python -c "from frontmap.cli.main import
cli; cli()" ...``), outputs go to files in a temporary folder, and the zone
cache lives in a temporary folder too (``FRONTMAP_CACHE_DIR``), never the
user's.  Bytecode is written to that folder too (``PYTHONPYCACHEPREFIX``,
``PYTHONDONTWRITEBYTECODE`` unset): an installed frontmap has its ``.pyc``
files, like the baseline's packages, while a source checkout run with
``PYTHONDONTWRITEBYTECODE`` would recompile frontmap on every run.  One
discarded warm-up round comes first: it fills the zone cache (so
``contains`` is timed as a user's second and later runs see it), the
bytecode and the OS page cache.  Then the commands run round-robin, ``--repeat`` times each,
so drift on a shared machine hits a command and its baseline alike; the
ratios are of medians.

| row | command | baseline | goal |
|---|---|---|---|
| contains | ``contains Sudzha`` (zone cache filled) | ``python -c "import shapely, pyproj"`` | <= 1.5x |
| help | ``--help``, and which of numpy/shapely/pyproj it imports | the same import | <= 1.0x, none |
| claims | ``claims data/claims/kursk-2024.toml``, and which of numpy/shapely it imports | the same | <= 0.6x, none |
| fit | ``fit --settlements 28 --depth-km 12 --width-km 40`` | ``zone --no-cache`` | <= 1.5x |
| timeline | ``timeline data/claims/kursk-2024.toml`` | ``map --no-cache`` | <= 2x |
| ensemble | ``map --ensemble 100000 --seed 1``, and its peak RSS | ``map --no-cache`` | <= 2.5x, <= 500 MB |

For information: ``contains Sudzha --no-cache`` (the zone built afresh).

Run by hand (not part of the test suite):
    python benchmarks/bench_issue13.py [--repeat 3] [--skip ROW ...]
Exit code: 0 when every goal measured is met, 1 otherwise.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
KURSK = str(ROOT / "data" / "claims" / "kursk-2024.toml")
CLI = "from frontmap.cli.main import cli; cli()"
# The CLI, and at exit a line naming which of the watched modules it imported.
WATCHED = ("numpy", "shapely", "pyproj")
CLI_WATCHED = (
    "import atexit, sys\n"
    "atexit.register(lambda: sys.stderr.write('BENCH_MODULES=' + ','.join("
    f"m for m in {WATCHED!r} if m in sys.modules) + '\\n'))\n" + CLI
)
IMPORT_FLOOR = "baseline: import shapely, pyproj"
MAP = "frontmap map --no-cache"
ZONE = "frontmap zone --no-cache"
MB = 1024.0  # ru_maxrss is in KiB on Linux


def commands(out: str) -> dict:
    """name -> argv (everything writes into ``out``)."""
    py = [sys.executable, "-c"]
    return {
        IMPORT_FLOOR: py + ["import shapely, pyproj"],
        "frontmap contains Sudzha": py + [CLI, "contains", "Sudzha"],
        "frontmap contains Sudzha --no-cache": py + [CLI, "contains", "Sudzha", "--no-cache"],
        "frontmap --help": py + [CLI_WATCHED, "--help"],
        "frontmap claims FILE": py + [CLI_WATCHED, "claims", KURSK],
        ZONE: py + [CLI, "zone", "--no-cache", "-o", f"{out}/zone.geojson", "--overwrite"],
        "frontmap fit (28, 12 km, 40 km)": py
        + [CLI, "fit", "--settlements", "28", "--depth-km", "12", "--width-km", "40"],
        MAP: py + [CLI, "map", "--no-cache", "-o", f"{out}/map.html", "--overwrite"],
        "frontmap timeline kursk-2024.toml": py + [CLI, "timeline", KURSK, "-o", f"{out}/timeline.html", "--overwrite"],
        "frontmap map --ensemble 100000": py
        + [
            CLI,
            "map",
            "--ensemble",
            "100000",
            "--seed",
            "1",
            "--no-cache",
            "-o",
            f"{out}/ensemble.html",
            "--overwrite",
        ],
    }


# row -> (command, baseline, goal ratio, check of the loaded modules, RSS goal in MB)
ROWS = {
    "contains": ("frontmap contains Sudzha", IMPORT_FLOOR, 1.5, False, None),
    "help": ("frontmap --help", IMPORT_FLOOR, 1.0, True, None),
    "claims": ("frontmap claims FILE", IMPORT_FLOOR, 0.6, True, None),
    "fit": ("frontmap fit (28, 12 km, 40 km)", ZONE, 1.5, False, None),
    "timeline": ("frontmap timeline kursk-2024.toml", MAP, 2.0, False, None),
    "ensemble": ("frontmap map --ensemble 100000", MAP, 2.5, False, 500.0),
}
INFO = {"contains": "frontmap contains Sudzha --no-cache"}


class _Popen(subprocess.Popen):
    """Popen that keeps the child's resource usage (its own peak RSS, not the maximum over children)."""

    def _try_wait(self, wait_flags):
        try:
            pid, status, self.rusage = os.wait4(self.pid, wait_flags)
        except ChildProcessError:
            pid, status = self.pid, 0
        return pid, status


def run_once(argv: list[str], env: dict) -> tuple[float, float, str]:
    """Wall time (s), peak RSS (MB) and the modules line of one run."""
    t0 = time.perf_counter()
    proc = _Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env, cwd=ROOT)
    _, stderr = proc.communicate()
    elapsed = time.perf_counter() - t0
    rss = _peak_rss_mb(proc)
    if proc.returncode not in (0, 1):  # contains exits 1 when a place is outside
        sys.exit(f"{' '.join(argv[2:])} exited {proc.returncode}:\n{stderr.decode(errors='replace')}")
    modules = next(
        (
            line.split("=", 1)[1]
            for line in stderr.decode(errors="replace").splitlines()
            if line.startswith("BENCH_MODULES=")
        ),
        "",
    )
    return elapsed, rss, modules


def _peak_rss_mb(proc) -> float:
    usage = getattr(proc, "rusage", None)
    return usage.ru_maxrss / MB if usage is not None else float("nan")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="timed runs of each command (default 3)")
    parser.add_argument("--skip", nargs="*", default=[], choices=sorted(ROWS), help="rows not to measure")
    args = parser.parse_args()
    rows = {k: v for k, v in ROWS.items() if k not in args.skip}
    names = list(dict.fromkeys([n for r in rows.values() for n in r[:2]] + [INFO[k] for k in rows if k in INFO]))

    with tempfile.TemporaryDirectory() as out:
        env = {**os.environ, "FRONTMAP_CACHE_DIR": os.path.join(out, "cache")}
        env["PYTHONPYCACHEPREFIX"] = os.path.join(out, "pycache")
        env.pop("FRONTMAP_NO_CACHE", None)
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        argv = commands(out)
        print(
            f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}  python {sys.version.split()[0]}  "
            f"{os.cpu_count()} cores  repeat {args.repeat}  (plus one warm-up round)"
        )
        for name in names:  # warm-up: fills the zone cache and the page cache
            run_once(argv[name], env)
        times: dict = {n: [] for n in names}
        rss: dict = {n: [] for n in names}
        modules: dict = {}
        for _ in range(args.repeat):
            for name in names:
                t, peak, loaded = run_once(argv[name], env)
                times[name].append(t)
                rss[name].append(peak)
                modules[name] = loaded
    return report(rows, names, times, rss, modules)


def report(rows: dict, names: list, times: dict, rss: dict, modules: dict) -> int:
    med = {n: statistics.median(times[n]) for n in names}
    print(f"\n{'command':40} {'median s':>9} {'min s':>7} {'peak MB':>8}")
    for n in names:
        print(f"{n:40} {med[n]:9.3f} {min(times[n]):7.3f} {max(rss[n]):8.0f}")
    print(f"\n{'row':9} {'ratio':>7} {'goal':>6}  verdict  against")
    ok = True
    for row, (name, base, goal, watch, rss_goal) in rows.items():
        ratio = med[name] / med[base]
        met = ratio <= goal
        extra = ""
        if watch:
            loaded = modules.get(name, "")
            met = met and not loaded
            extra += f"; imports {loaded or 'none of ' + '/'.join(WATCHED)}"
        if rss_goal is not None:
            met = met and max(rss[name]) <= rss_goal
            extra += f"; peak {max(rss[name]):.0f} MB (goal <= {rss_goal:.0f})"
        if row in INFO:
            extra += f"; {INFO[row]}: {med[INFO[row]] / med[base]:.2f}x"
        ok &= met
        print(f"{row:9} {ratio:6.2f}x {goal:5.1f}x  {'MET ' if met else 'MISS'}     {base}{extra}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
