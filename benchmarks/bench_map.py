"""``frontmap map`` end to end (default spec) against ``frontmap zone`` in the same run.

Every run is a fresh interpreter writing to a fresh file in a temporary
folder; one discarded warm-up run of each command comes first, then the two
alternate ``--repeat`` times so drift on a shared machine hits both alike.
Prints the median and min wall time of each, their ratio, and the size of
the HTML page.

Goals:
  * frontmap map <= 3 s wall (median)
  * the page <= 3 MB

Run by hand (not part of the test suite):
    python benchmarks/bench_map.py [--repeat 5] [--goal-s 3] [--goal-mb 3]
Exit code: 0 when every goal is met, 1 otherwise.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time

CLI = "from frontmap.cli.main import cli; cli()"


def run_once(args: list[str], out: str) -> float:
    if os.path.exists(out):
        os.unlink(out)
    t0 = time.perf_counter()
    env = {**os.environ, "FRONTMAP_NO_CACHE": "1"}  # each run builds its zone
    proc = subprocess.run(
        [sys.executable, "-c", CLI, *args, "-o", out], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env
    )
    elapsed = time.perf_counter() - t0
    if proc.returncode != 0:
        sys.exit(f"frontmap {' '.join(args)} exited {proc.returncode}:\n{proc.stderr.decode(errors='replace')}")
    return elapsed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="runs of each command (default 5)")
    parser.add_argument("--goal-s", type=float, default=3.0, help="greatest allowed median wall time of map, s")
    parser.add_argument("--goal-mb", type=float, default=3.0, help="greatest allowed page size, MB (10^6 bytes)")
    args = parser.parse_args()

    print(f"python: {sys.executable}  repeat: {args.repeat}")
    with tempfile.TemporaryDirectory() as tmp:
        commands = {
            "frontmap zone": (["zone"], os.path.join(tmp, "zone.geojson")),
            "frontmap map": (["map"], os.path.join(tmp, "map.html")),
        }
        for argv, out in commands.values():  # warm-up, discarded
            run_once(argv, out)
        times: dict[str, list[float]] = {name: [] for name in commands}
        for _ in range(args.repeat):
            for name, (argv, out) in commands.items():
                times[name].append(run_once(argv, out))
        size = os.path.getsize(commands["frontmap map"][1])

    for name, values in times.items():
        print(f"{name:<16} median {statistics.median(values):6.3f} s   min {min(values):6.3f} s")
    med_map, med_zone = statistics.median(times["frontmap map"]), statistics.median(times["frontmap zone"])
    print(f"map / zone (medians): {med_map / med_zone:.2f}x")
    print(f"page size: {size:,} bytes ({size / 1e6:.2f} MB)")
    ok_time, ok_size = med_map <= args.goal_s, size <= args.goal_mb * 1e6
    print(f"goal map <= {args.goal_s:g} s: {'MET' if ok_time else 'MISSED'} ({med_map:.3f} s)")
    print(f"goal page <= {args.goal_mb:g} MB: {'MET' if ok_size else 'MISSED'} ({size / 1e6:.2f} MB)")
    return 0 if ok_time and ok_size else 1


if __name__ == "__main__":
    sys.exit(main())
