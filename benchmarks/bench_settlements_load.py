"""Settlement loading stays linear and lean: the register at 1x, 5x and 10x its size.

Times, in one process, on the shipped ``data/settlements.csv`` and on
registers five and ten times as long (its rows repeated with fresh ids):

* ``open``: :class:`frontmap.data.SettlementRegister` over the text (what
  ``load_settlements()`` does before a lookup);
* ``find``: that plus ``SettlementLayer.candidates("Sudzha")`` (the lookup
  ``contains Sudzha`` makes: a search of the text, the matching rows split);
* ``columns``: that plus every numpy column and the id index (what
  ``affected`` and ``map`` need);
* ``rows``: the plain reader, :func:`frontmap.data.read_settlement_rows`'s
  csv parse, for comparison.

and, for information, ``load_ukraine()`` (the Ukrainian layer, read only when
a name or a zone needs it).  Each figure is the median of ``--repeat`` runs.
Linear growth is a 10x / 5x ratio near 2 (quadratic is 4); the goal is
<= 2.6 for every phase.  (1x / 10x is shown too, but the 1x register fits in
the processor's cache and the larger ones do not, so that ratio runs above 10
even for a plain csv parse.)

Run by hand (not part of the test suite):
    python benchmarks/bench_settlements_load.py [--repeat 5]
Exit code: 0 when every 10x / 5x ratio is <= 2.6, 1 otherwise.
"""

from __future__ import annotations

import argparse
import csv
import io
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from frontmap import data  # noqa: E402
from frontmap.settlements import SettlementLayer  # noqa: E402

SIZES = (1, 5, 10)
GOAL_RATIO = 2.6
ID_STRIDE = 10_000_000  # added to the ids of each copy: no two rows share an id


def scaled_text(text: str, times: int) -> str:
    """The register with its rows repeated ``times`` times, each copy with fresh ids."""
    header, _, body = text.partition("\n")
    rows = body.rstrip("\n").split("\n")
    out = [header]
    for k in range(times):
        out += [f"{int(line[: line.index(',')]) + k * ID_STRIDE}{line[line.index(',') :]}" for line in rows]
    return "\n".join(out) + "\n"


def phases(text: str) -> dict:
    """Seconds of each phase on ``text``."""
    t0 = time.perf_counter()
    register = data.SettlementRegister(text)
    t1 = time.perf_counter()
    layer = SettlementLayer(register)
    layer.candidates("Sudzha")  # find() would call the copies ambiguous
    t2 = time.perf_counter()
    for name in ("ids", "population", "lon", "lat", "chainage_km", "offset_km", "_by_id"):
        getattr(layer, name)
    t3 = time.perf_counter()
    list(csv.DictReader(io.StringIO(text)))
    t4 = time.perf_counter()
    return {"open": t1 - t0, "find": t2 - t0, "columns": t3 - t0, "rows": t4 - t3}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="runs of each size (default 5)")
    args = parser.parse_args()
    text = (data.data_dir() / "settlements.csv").read_text(encoding="utf-8")
    texts = {size: scaled_text(text, size) for size in SIZES}
    runs: dict = {size: [] for size in texts}
    for _ in range(args.repeat):
        for size, body in texts.items():
            runs[size].append(phases(body))
    med = {size: {k: statistics.median(r[k] for r in rs) for k in rs[0]} for size, rs in runs.items()}
    stamp = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    print(f"{stamp}  python {sys.version.split()[0]}  repeat {args.repeat}")
    print(f"{'phase':8} {'1x ms':>8} {'5x ms':>8} {'10x ms':>8} {'10x/5x':>7} {'10x/1x':>7}")
    ok = True
    for phase in med[1]:
        ratio = med[10][phase] / med[5][phase]
        ok &= ratio <= GOAL_RATIO
        ms = " ".join(f"{med[size][phase] * 1000:8.1f}" for size in SIZES)
        print(f"{phase:8} {ms} {ratio:7.2f} {med[10][phase] / med[1][phase]:7.1f}")
    from frontmap.ukraine import load_ukraine

    t0 = time.perf_counter()
    load_ukraine()
    print(f"for information: load_ukraine() {1000 * (time.perf_counter() - t0):.0f} ms (first call)")
    print(f"linear (every 10x/5x ratio <= {GOAL_RATIO})" if ok else f"NOT linear: a 10x/5x ratio is above {GOAL_RATIO}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
