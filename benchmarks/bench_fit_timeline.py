"""Issue 13's fit and timeline rows on a user's first run: no zone cache at all.

``bench_issue13.py`` times ``fit`` and ``timeline`` with the cache filled by a
warm-up round; this times them with ``--no-cache`` (``FRONTMAP_NO_CACHE=1`` for
the timeline, which has no such flag), as a first run sees them, against the
same baselines.  Every run is a fresh interpreter writing into a temporary
folder; one discarded warm-up round fills the OS page cache and the bytecode; then the commands
run round-robin, ``--repeat`` times each, and the ratios are of medians.

| row | command | baseline | goal |
|---|---|---|---|
| fit | ``fit --no-cache --settlements 28 --depth-km 12 --width-km 40`` | ``zone --no-cache`` | <= 1.5x |
| timeline | ``timeline data/claims/kursk-2024.toml`` with ``FRONTMAP_NO_CACHE=1`` | ``map --no-cache`` | <= 2x |

Run by hand (not part of the test suite):
    python benchmarks/bench_fit_timeline.py [--repeat 3]
Exit code: 0 when both goals are met, 1 otherwise.
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
ZONE = "frontmap zone --no-cache"
MAP = "frontmap map --no-cache"
FIT = "frontmap fit --no-cache (28, 12 km, 40 km)"
TIMELINE = "frontmap timeline (FRONTMAP_NO_CACHE=1)"
# row -> (command, baseline, goal ratio)
ROWS = {"fit": (FIT, ZONE, 1.5), "timeline": (TIMELINE, MAP, 2.0)}


def commands(out: str) -> dict:
    """name -> argv (everything writes into ``out``)."""
    py = [sys.executable, "-c", CLI]
    return {
        ZONE: py + ["zone", "--no-cache", "-o", f"{out}/zone.geojson", "--overwrite"],
        FIT: py + ["fit", "--no-cache", "--settlements", "28", "--depth-km", "12", "--width-km", "40"],
        MAP: py + ["map", "--no-cache", "-o", f"{out}/map.html", "--overwrite"],
        TIMELINE: py + ["timeline", KURSK, "-o", f"{out}/timeline.html", "--overwrite"],
    }


def run_once(argv: list[str], env: dict) -> float:
    """Wall time (s) of one run; exits with the command's error if it fails."""
    t0 = time.perf_counter()
    proc = subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env, cwd=ROOT, check=False)
    elapsed = time.perf_counter() - t0
    if proc.returncode != 0:
        sys.exit(f"{' '.join(argv[3:])} exited {proc.returncode}:\n{proc.stderr.decode(errors='replace')}")
    return elapsed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="timed runs of each command (default 3)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as out:
        # The cache folder is a temporary one (never the user's), and off besides.
        env = {**os.environ, "FRONTMAP_CACHE_DIR": os.path.join(out, "cache"), "FRONTMAP_NO_CACHE": "1"}
        # Bytecode as an installed frontmap has it (see bench_issue13.py).
        env["PYTHONPYCACHEPREFIX"] = os.path.join(out, "pycache")
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        argv = commands(out)
        print(
            f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}  python {sys.version.split()[0]}  "
            f"{os.cpu_count()} cores  repeat {args.repeat}  (plus one warm-up round)  no zone cache"
        )
        for name in argv:  # warm-up: the OS page cache
            run_once(argv[name], env)
        times: dict = {name: [] for name in argv}
        for _ in range(args.repeat):
            for name in argv:
                times[name].append(run_once(argv[name], env))
    med = {n: statistics.median(t) for n, t in times.items()}
    print(f"\n{'command':42} {'median s':>9} {'min s':>7}")
    for n, t in times.items():
        print(f"{n:42} {med[n]:9.3f} {min(t):7.3f}")
    print(f"\n{'row':9} {'ratio':>7} {'goal':>6}  verdict  against")
    ok = True
    for row, (name, base, goal) in ROWS.items():
        ratio = med[name] / med[base]
        ok &= ratio <= goal
        print(f"{row:9} {ratio:6.2f}x {goal:5.1f}x  {'MET ' if ratio <= goal else 'MISS'}     {base}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
