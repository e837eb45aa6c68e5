"""List elections allocated per second on one core (goal: ≥ 10,000/s).

A mix of the three elections of bylaws/elections.py: conseils d'institut (colleges a–f, with the
parity repair), EPSCP councils with users and their substitutes, and university boards with the
bonus and the threshold; 2 to 6 lists each, random votes. Parsed once; `allocate` is timed, from
the list rules to the JSON-ready result.

Run: .venv/bin/python bench/allocations.py [--seconds 3]
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bylaws.elections import Election, allocate, parse_election


def _list(rng: random.Random, name: str, size: int) -> dict[str, Any]:
    first = rng.choice("FM")
    other = "M" if first == "F" else "F"
    return {
        "name": name,
        "votes": rng.randint(0, 400),
        "candidates": [
            {
                "name": f"{name}-{j}",
                "sex": (first, other)[j % 2],
                "birth_date": f"19{rng.randint(50, 99)}-0{rng.randint(1, 9)}-{rng.randint(10, 28)}",
            }
            for j in range(size)
        ],
    }


def elections(n: int, seed: int = 1) -> list[Election]:
    rng = random.Random(seed)
    out = []
    for i in range(n):
        kind = ("inspe_institute_council", "epscp_council", "university_board_academics")[i % 3]
        extra: dict[str, Any] = {}
        if kind == "inspe_institute_council":
            college = rng.choice("abcdef")
            seats = rng.choice((4, 6)) if college == "f" else 2
            sizes = (seats, 2 * seats) if college == "f" else (1, seats)
            extra = {"college": college, "parity_draw": "L0"}
        elif kind == "epscp_council":
            seats = rng.randint(2, 16)
            extra = {"users": rng.random() < 0.5}
            sizes = (seats, 2 * seats) if extra["users"] else (1, seats)
        else:
            seats = rng.choice((6, 8, 12, 14))
            sizes = ((seats + 1) // 2, seats)
        lists = [_list(rng, f"L{j}", rng.randint(*sizes)) for j in range(rng.randint(2, 6))]
        out.append(parse_election({"election": kind, "seats": seats, "lists": lists, **extra}))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=3.0)
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core, as the goal says
    sample = elections(600)
    statuses: Counter[str] = Counter()
    done = 0
    best = 0.0
    wall, cpu = time.perf_counter(), time.process_time()
    while time.perf_counter() - wall < args.seconds:
        for i in range(0, len(sample), 100):
            started = time.perf_counter()
            for e in sample[i : i + 100]:
                statuses[allocate(e).get("status", "violations")] += 1
            best = max(best, 100 / (time.perf_counter() - started))
        done += len(sample)
    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    print(f"allocations: {done} in {cpu:.2f} s of CPU ({wall:.2f} s wall clock)")
    print("statuses: " + ", ".join(f"{k} {v / done:.0%}" for k, v in statuses.most_common()))
    print(
        f"rate: {done / cpu:,.0f} allocations/s of CPU on one core, {done / wall:,.0f}/s wall "
        f"clock, {best:,.0f}/s in the best batch of 100 (goal ≥ 10,000/s)"
    )


if __name__ == "__main__":
    main()
