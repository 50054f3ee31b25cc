"""Benchmark: claim extraction is linear in the text's length, whatever the text holds.

Baseline, measured in the same run: the normal digest (seeds/kursk-2024-08-12-digest.txt)
repeated to the size under test; its time per KB is the yardstick.  Each pathological text
of the same size is reported as a ratio to it, and each is timed at SIZE and 2 x SIZE:
a linear extractor takes about twice as long (a quadratic one four times).

Run by hand:  python benchmarks/bench_extract.py [--size-kb 500] [--repeat 3] [--goal-growth 2.6] [--goal-s 10]
Exits 1 when a text grows worse than --goal-growth x per doubling or 2 x SIZE takes over --goal-s.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

from frontmap.extract import extract_claims

ROOT = Path(__file__).resolve().parents[1]
DIGEST = (ROOT / "seeds" / "kursk-2024-08-12-digest.txt").read_text(encoding="utf-8")


def _fit(unit: str, size: int) -> str:
    return (unit * (size // len(unit) + 1))[:size]


def _numbers(size: int, unit: str = " km") -> str:
    parts, total, i = [], 0, 0
    while total < size:
        part = f"{i}{unit} "
        parts.append(part)
        total += len(part)
        i += 1
    return "".join(parts)[: size - 1] + "."


def _random(size: int) -> str:
    rnd = random.Random(20240812)
    words = [
        "village",
        "km",
        "deep",
        "Smirnov",
        "said",
        "front",
        "Aug",
        "12",
        "1,000",
        "28",
        "-",
        "“",
        '"',
        ".",
        ",",
        "Mr.",
        "up to",
        "evacuated",
        "\n",
        "\n\n",
        "  ",
        "😀",
        "\u2028",
    ]
    out, total = [], 0
    while total < size:
        w = rnd.choice(words) if rnd.random() < 0.7 else str(rnd.randint(0, 99_999))
        out.append(w)
        total += len(w) + 1
    return " ".join(out)[:size]


TEXTS = {
    "digest (baseline)": lambda n: _fit(DIGEST + "\n\n", n),
    "one sentence of numbers '0 km 1 km ...'": _numbers,
    "one sentence of figures '0 km deep ...'": lambda n: _numbers(n, " km deep"),
    "random words, digits, punctuation": _random,
    "no full stop ('word word ...')": lambda n: _fit("word ", n),
    "newlines only": lambda n: "\n" * n,
    "spaces between a number and x": lambda n: "1" + " " * (n - 2) + "x",
    "full stops": lambda n: _fit(".", n - 2) + " x",
    "'Mr. ' repeated": lambda n: _fit("Mr. ", n),
    "quotations '\"5 villages\" '": lambda n: _fit('"5 villages" ', n),
    "attributions 'Smirnov said 5 villages, '": lambda n: _fit("Smirnov said 5 villages, ", n),
}


def _time(text: str) -> float:
    start = time.perf_counter()
    extract_claims(text)
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size-kb", type=int, default=500, help="size of each text (and twice it)  [default: 500]")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--goal-growth", type=float, default=2.6, help="worst time(2x)/time(x) allowed")
    parser.add_argument("--goal-s", type=float, default=10.0, help="worst time for 2 x SIZE allowed")
    args = parser.parse_args()
    size = args.size_kb * 1000
    texts = {name: (make(size), make(2 * size)) for name, make in TEXTS.items()}
    _time(texts["digest (baseline)"][0][:20_000])  # warm-up: regex compilation
    times = {name: ([], []) for name in texts}
    for _ in range(args.repeat):  # round-robin, so drift hits every text alike
        for name, (small, big) in texts.items():
            times[name][0].append(_time(small))
            times[name][1].append(_time(big))
    base = statistics.median(times["digest (baseline)"][0]) / (size / 1000)
    print(f"extract_claims, {args.size_kb} KB and {2 * args.size_kb} KB texts, median of {args.repeat}")
    print(f"baseline: the digest repeated, {base * 1000:.3f} ms per KB")
    print(f"{'text':44s} {'x s':>8s} {'2x s':>8s} {'ms/KB':>8s} {'vs base':>8s} {'2x/x':>6s}")
    ok = True
    for name, (small, big) in times.items():
        t1, t2 = statistics.median(small), statistics.median(big)
        growth = t2 / max(t1, 1e-9)
        per_kb = t2 / (2 * size / 1000)
        bad = (growth > args.goal_growth and t2 > 0.05) or t2 > args.goal_s
        ok &= not bad
        print(
            f"{name:44s} {t1:8.3f} {t2:8.3f} {per_kb * 1000:8.3f} {per_kb / base:7.2f}x {growth:6.2f}"
            + ("  MISS" if bad else "")
        )
    print(
        f"goals: 2x/x <= {args.goal_growth:g} (linear is 2), 2 x SIZE <= {args.goal_s:g} s: {'PASS' if ok else 'MISS'}"
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
