"""Compositions checked per second on one core (goal: ≥ 20,000/s), for each council type:
11-member CPERs, 23-member conseils d'institut and 9-member COSPs of an INSPE.

Run: .venv/bin/python bench/compose.py [--seconds 3]
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from datetime import date
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


# The smallest legal conseil d'institut (22 members) and a guest; sexes alternate.
INSTITUTE = [
    *[
        c
        for c in ("professor", "lecturer", "other_teacher", "school_staff", "other_staff")
        for _ in "12"
    ],
    *["user"] * 4,
    "establishment_representative",
    "local_authority_representative",
    *["rector_appointee"] * 5,
    "coopted_personality",
    "guest",
]
COSP = [*["ex_officio"] * 4, "rector_appointee", "rector_appointee"]
COSP += ["institute_council_appointee"] * 2 + ["guest"]


def inspe_councils(n: int, seed: int = 1) -> list[bylaws.Composition]:
    """n conseils d'institut and n COSPs with every optional field, some legal and some not."""
    rng = random.Random(seed)
    start, end = date(2024, 9, 1), date(2029, 8, 31)
    out = []
    for i in range(n):
        members = []
        for j, category in enumerate(INSTITUTE):
            if rng.random() < 0.05:
                category = rng.choice(INSTITUTE)
            members.append(
                bylaws.Member(
                    name=f"I{i}-{j}",
                    category=category,
                    president=j == 17,
                    sex="FM"[j % 2],
                    institute_hours=40 if rng.random() < 0.01 else 64,
                    service_share=0.2 if rng.random() < 0.01 else 0.5,
                    enrolled=rng.random() > 0.01,
                    mandate_start=start,
                    mandate_end=date(2026, 8, 31) if category == "user" else end,
                    consecutive_absences=3 if rng.random() < 0.01 else 0,
                )
            )
        out.append(
            bylaws.Composition(
                "inspe_institute_council", f"I{i}", (), tuple(members), "AMU", ("AU",)
            )
        )
        cosp = [
            bylaws.Member(
                name=f"S{i}-{j}",
                category=category,
                president=j == 4,
                sex="FM"[j % 2],
                establishment=("AMU", "AU")[j % 2] if category == "ex_officio" else None,
                consecutive_absences=3 if rng.random() < 0.05 else 0,
                mandate_start=start,
                mandate_end=end,
            )
            for j, category in enumerate(COSP)
        ]
        out.append(bylaws.Composition("inspe_cosp", f"S{i}", (), tuple(cosp), "AMU", ("AU",)))
    return out


def rate(sample: list[bylaws.Composition], seconds: float) -> tuple[int, int, float, float, float]:
    """Compositions checked, illegal among them, CPU seconds, wall-clock seconds, and the best
    rate over batches of 100 (the least disturbed by the other processes of a shared machine)."""
    bylaws.check(sample[0])  # load the pack outside the timing
    checked = illegal = 0
    best = 0.0
    wall, cpu = time.perf_counter(), time.process_time()
    while time.perf_counter() - wall < seconds:
        for i in range(0, len(sample), 100):
            batch = sample[i : i + 100]
            started = time.perf_counter()
            for comp in batch:
                illegal += bool(bylaws.check(comp))
            best = max(best, len(batch) / (time.perf_counter() - started))
        checked += len(sample)
    return checked, illegal, time.process_time() - cpu, time.perf_counter() - wall, best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=3.0)
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core, as the goal says
    inspe = inspe_councils(500)
    samples = {
        "cper": councils(1000),
        "inspe_institute_council": [c for c in inspe if c.council_type != "inspe_cosp"],
        "inspe_cosp": [c for c in inspe if c.council_type == "inspe_cosp"],
    }
    for council_type, sample in samples.items():
        checked, illegal, cpu, wall, best = rate(sample, args.seconds)
        members = len(sample[0].members)
        print(f"{council_type} ({members} members):")
        print(f"  compositions checked: {checked} in {cpu:.2f} s of CPU ({wall:.2f} s wall clock)")
        print(f"  illegal among them: {illegal / checked:.0%}")
        print(
            f"  rate: {checked / cpu:,.0f} compositions/s of CPU on one core, "
            f"{checked / wall:,.0f}/s wall clock, {best:,.0f}/s in the best batch of 100 "
            "(goal ≥ 20,000/s)"
        )


if __name__ == "__main__":
    main()
