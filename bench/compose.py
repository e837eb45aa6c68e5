"""Compositions checked per second on one core (goal: ≥ 20,000/s for 11-member councils).

Run: .venv/bin/python bench/compose.py [--seconds 3]
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import bylaws

CATEGORIES = [
    ("head_of_mention", "INSPE"),
    ("head_of_track", "INSPE"),
    ("teacher", "INSPE"),
    ("teacher", "AMU"),
    ("teacher", "AU"),
    ("academy_representative", None),
    ("profession_representative", None),
    ("student_representative", "INSPE"),
    ("student_representative", "AMU"),
    ("teacher", "AMU"),
    ("guest", None),
]


def councils(n: int, seed: int = 1) -> list[bylaws.Composition]:
    """n 11-member councils, some legal and some not, so that every rule does its work."""
    rng = random.Random(seed)
    out = []
    for i in range(n):
        members = []
        for j, (category, component) in enumerate(CATEGORIES):
            if rng.random() < 0.05:  # now and then a seat of another kind
                category = rng.choice(CATEGORIES)[0]
            members.append(
                bylaws.Member(
                    name=f"P{i}-{j}",
                    category=category,
                    component=component,
                    president=category == "academy_representative",
                )
            )
        out.append(bylaws.Composition("cper", f"C{i}", ("INSPE", "AMU", "AU"), tuple(members)))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=3.0)
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core, as the goal says
    sample = councils(1000)
    bylaws.check(sample[0])  # load the pack outside the timing
    checked = illegal = 0
    start = time.perf_counter()
    while (elapsed := time.perf_counter() - start) < args.seconds:
        for comp in sample:
            illegal += bool(bylaws.check(comp))
        checked += len(sample)
    rate = checked / elapsed
    print(f"compositions checked: {checked} in {elapsed:.2f} s on one core")
    print(f"illegal among them: {illegal / checked:.0%}")
    print(f"rate: {rate:,.0f} compositions/s (goal ≥ 20,000/s)")


if __name__ == "__main__":
    main()
