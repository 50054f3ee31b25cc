"""Huge zone files: `frontmap affected --zone` on a whole-world box and a 2,000,000-vertex ring.

Run by hand (see README.md).  Each case is a fresh process (`python -c 'from
frontmap.cli.main import cli; cli()' affected --zone FILE`, stdout discarded),
round-robin with the baseline, a 4 km box round Sudzha, after one warm-up
round; the median and min are printed with the ratio of medians.

Goals: the whole world (clipped to the data region) within --goal-world-s
seconds (default 5), the 2,000,000-vertex ring (45 MB) within --goal-ring-s
(default 30).  Before the zone was clipped to the data region, the hostile-input
review measured 176 s for the whole world.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np


def box(x0, y0, x1, y1) -> dict:
    return {"type": "Polygon", "coordinates": [[[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]]]}


def run(path: Path) -> float:
    code = "import sys; from frontmap.cli.main import cli; cli(sys.argv[1:], prog_name='frontmap')"
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", code, "affected", "--zone", str(path)], capture_output=True)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        sys.exit(f"affected --zone {path.name} failed: {done.stderr.decode()[-500:]}")
    return elapsed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--goal-world-s", type=float, default=5.0)
    parser.add_argument("--goal-ring-s", type=float, default=30.0)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        files = {
            "baseline (4 km box)": folder / "small.geojson",
            "whole world": folder / "world.geojson",
            "2,000,000-vertex ring": folder / "ring.geojson",
        }
        files["baseline (4 km box)"].write_text(json.dumps(box(35.25, 51.17, 35.30, 51.21)))
        files["whole world"].write_text(json.dumps(box(-180, -90, 180, 90)))
        t = np.linspace(0, 2 * np.pi, 2_000_000, endpoint=False)
        ring = np.column_stack([35.3 + 0.3 * np.cos(t), 51.2 + 0.2 * np.sin(t)]).round(6).tolist()
        files["2,000,000-vertex ring"].write_text(json.dumps({"type": "Polygon", "coordinates": [ring + [ring[0]]]}))
        times = {name: [] for name in files}
        for round_ in range(args.repeat + 1):
            for name, path in files.items():
                elapsed = run(path)
                if round_:
                    times[name].append(elapsed)
    base = statistics.median(times["baseline (4 km box)"])
    for name, values in times.items():
        med = statistics.median(values)
        print(f"{name:<24} median {med:7.2f} s  min {min(values):7.2f} s  ×{med / base:6.1f} of the baseline")
    world, ring_s = statistics.median(times["whole world"]), statistics.median(times["2,000,000-vertex ring"])
    ok = world <= args.goal_world_s and ring_s <= args.goal_ring_s
    print(f"goals: world ≤ {args.goal_world_s:g} s, ring ≤ {args.goal_ring_s:g} s: {'met' if ok else 'MISSED'}")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
