"""Measure law search: recall@1, recall@5, MRR@10 and latency, on SQLite and PostgreSQL.

    .venv/bin/python bench/law_search.py            # SQLite, then PostgreSQL if reachable
    .venv/bin/python bench/law_search.py --sqlite   # one database only
    .venv/bin/python bench/law_search.py --ablation # what each ranking addition buys
    .venv/bin/python bench/law_search.py --verbose  # the training and dev questions missed at 1
    .venv/bin/python bench/law_search.py --fit      # search the feature weights again
    .venv/bin/python bench/law_search.py --no-independent  # while tuning: never read it

Each database is a throw-away one: a temporary SQLite file, and a PostgreSQL
database `conseils_bench` (created and dropped; PG_URL overrides the server,
LAW_BENCH_DATABASE the database's name, so that two people on one server do not drop
each other's).
The questions are in bench/law_questions.toml; those marked `heldout` are never
used to tune the ranking (not by --fit either) and are reported apart.
bench/law_questions_dev.toml, bench/law_questions_dev2.toml, bench/law_questions_dev3.toml,
bench/law_questions_dev4.toml, bench/law_questions_dev5.toml, bench/law_questions_dev6.toml
and bench/law_questions_dev7.toml hold development questions in everyday words (no accents,
typos, slang, article numbers, overseas places), the first six written from the Code's text,
the seventh from users' needs first (personas), then the article (the second to seventh by
other helpers than the one tuning, the fourth to seventh blind: without reading the ranking
code nor the other sets' questions): tuned on like the training questions, each reported on
its own line.
A last set, bench/law_questions_independent.toml, was written once by someone who did not read
the ranking code nor the team's questions: nobody tunes on it (not --fit, not
--verbose, which lists training and dev misses only); it is reported on its own line, next to
plain BM25 on the same questions.

Search groups parallel articles (a copy in a special establishment's chapter, an
adaptation overseas) into one answer that carries its variants. Recall is printed both
ways, so nothing is hidden: "strict" counts a question found at rank k only when the
hit at rank k is itself an answer line; "grouped" also counts it when an answer is one
of the variants grouped under the hit at rank k. Latency (p50, p95) is printed for
each set, wall-clock and CPU time of the searching thread (the one to read on a
shared machine).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
import tomllib
from dataclasses import fields, replace
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
QUESTIONS = Path(__file__).with_name("law_questions.toml")
DEV = Path(__file__).with_name("law_questions_dev.toml")
DEV2 = Path(__file__).with_name("law_questions_dev2.toml")
DEV3 = Path(__file__).with_name("law_questions_dev3.toml")
# The development sets, each reported on its own line (a missing file is skipped).
DEV_SETS = {
    "dev": DEV,
    "dev2": DEV2,
    "dev3": DEV3,
    "dev4": Path(__file__).with_name("law_questions_dev4.toml"),
    "dev5": Path(__file__).with_name("law_questions_dev5.toml"),
    "dev6": Path(__file__).with_name("law_questions_dev6.toml"),
    "dev7": Path(__file__).with_name("law_questions_dev7.toml"),
}
INDEPENDENT = Path(__file__).with_name("law_questions_independent.toml")
PG_SERVER = os.environ.get("PG_URL", "postgres://postgres@127.0.0.1:5432")
PG_DATABASE = os.environ.get("LAW_BENCH_DATABASE", "conseils_bench")
SKIP_INDEPENDENT = "LAW_BENCH_NO_INDEPENDENT"  # set by --no-independent, read by the child
LATENCY_ROUNDS = 1  # each question timed once, cold: its articles not yet seen


def questions(heldout: bool | str) -> list[dict[str, Any]]:
    """The training questions (False), the team's held-out ones (True), the development
    sets (DEV_SETS) or the independent set ("independent", empty when
    --no-independent)."""
    if isinstance(heldout, str):
        path = {**DEV_SETS, "independent": INDEPENDENT}[heldout]
        if not path.exists() or (heldout == "independent" and os.environ.get(SKIP_INDEPENDENT)):
            return []
        return list(tomllib.loads(path.read_text(encoding="utf-8"))["question"])
    every = tomllib.loads(QUESTIONS.read_text(encoding="utf-8"))["question"]
    return [q for q in every if bool(q.get("heldout")) == heldout]


def steps() -> list[str]:
    from law.search import Options

    return [f.name for f in fields(Options)]


def options_up_to(step: str | None) -> Any:
    """Plain BM25, then the additions in their order up to and including `step`."""
    from law.search import Options

    options = Options.plain()
    names = steps()
    for name in names[: names.index(step) + 1] if step else []:
        options = replace(options, **{name: True})
    return options


def rank_of(hits: list[int], answers: list[int]) -> int | None:
    return next((i for i, line in enumerate(hits, 1) if line in answers), None)


def grouped_rank_of(hits: list[tuple[int, ...]], answers: list[int]) -> int | None:
    """The rank of the first hit that is an answer or has one among its variants."""
    return next((i for i, lines in enumerate(hits, 1) if set(lines) & set(answers)), None)


def _recall(ranks: list[int | None], n: int, prefix: str = "") -> dict[str, float]:
    return {
        f"{prefix}recall@1": sum(1 for r in ranks if r == 1) / n,
        f"{prefix}recall@5": sum(1 for r in ranks if r and r <= 5) / n,
        f"{prefix}mrr@10": sum(1 / r for r in ranks if r) / n,
    }


def measure(options: Any, heldout: bool | str, verbose: bool = False) -> dict[str, float]:
    from law.search import search

    asked = questions(heldout)
    ranks: list[int | None] = []
    grouped: list[int | None] = []
    times: list[float] = []
    cpu: list[float] = []
    for question in asked:
        for _ in range(LATENCY_ROUNDS):
            started, started_cpu = time.perf_counter(), time.thread_time()
            hits = search(question["text"], limit=10, options=options)
            times.append((time.perf_counter() - started) * 1000)
            cpu.append((time.thread_time() - started_cpu) * 1000)
        lines = [h.source_line for h in hits]
        rank = rank_of(lines, question["answers"])
        ranks.append(rank)
        grouped.append(grouped_rank_of([h.lines for h in hits], question["answers"]))
        if verbose and rank != 1:
            print(f"  rank {rank}: {question['text']} -> {lines[:3]} want {question['answers']}")
    n = max(1, len(asked))
    times.sort()
    cpu.sort()
    if not times:
        times = cpu = [0.0]
    return {
        "questions": n,
        **_recall(ranks, n),
        **_recall(grouped, n, "grouped_"),
        "p50_ms": statistics.median(times),
        "p95_ms": times[min(len(times) - 1, int(0.95 * len(times)))],
        # CPU time of the searching thread: what a query costs, whatever else the machine
        # runs (the wall-clock figures above grow with the load of a shared machine).
        "cpu_p50_ms": statistics.median(cpu),
        "cpu_p95_ms": cpu[min(len(cpu) - 1, int(0.95 * len(cpu)))],
    }


# The questions --fit fits the weights on: the training set and the development sets but
# the newest, dev5, which is kept to check what a fit buys on questions it did not see (with
# the held-out questions).
FIT_SETS = ("dev", "dev2", "dev3", "dev4")


def fit() -> dict[str, float]:
    """Coordinate ascent on the feature weights, on the training questions and FIT_SETS,
    maximising recall@1 + recall@5 + MRR@10 / 2."""
    from law.query import parse_query
    from law.ranking import WEIGHTS, Options, combine
    from law.search import _load

    corpus = _load().corpus
    cases = []
    for question in [*questions(heldout=False), *(q for name in FIT_SETS for q in questions(name))]:
        query = parse_query(
            question["text"],
            corpus.prefixed,
            correct=corpus.correct_word,
            known=corpus.df.__contains__,
            frequency=corpus.df.__getitem__,
            spell=corpus.correct_spelling,
        )
        cases.append((question["answers"], corpus.features(query, Options())))

    def objective(weights: dict[str, float]) -> float:
        total = 0.0
        for answers, features in cases:
            ranked = sorted(features, key=lambda line: (-combine(features[line], weights), line))
            rank = rank_of(ranked[:10], answers)
            if rank:
                total += (rank == 1) + (rank <= 5) + 0.5 / rank
        return total / len(cases)

    weights = dict(WEIGHTS)
    best = objective(weights)
    for _round in range(4):
        improved = False
        for name in weights:
            current = weights[name]
            for delta in (-0.5, -0.2, -0.1, 0.1, 0.2, 0.5):
                weights[name] = round(current + delta, 2)
                score = objective(weights)
                if score > best + 1e-9:
                    best, current, improved = score, weights[name], True
            weights[name] = current
        if not improved:
            break
    return weights


def child(args: argparse.Namespace) -> None:
    """Runs inside a process whose DATABASE_URL points at the throw-away database."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "conseils.settings_test")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from law.loader import load
    from law.search import Options, search

    call_command("migrate", verbosity=0)
    report = load(force=True)
    vendor = connection.vendor
    print(f"[{vendor}] load: {report.articles} articles in {report.seconds:.1f} s")
    started = time.perf_counter()
    search("échauffement")  # build the in-process corpus once
    print(f"[{vendor}] first search (corpus built): {time.perf_counter() - started:.2f} s")
    if args.fit:
        print(f"[{vendor}] fitted weights: {fit()}")
        return
    if args.ablation:
        sets: list[bool | str] = [
            False,
            True,
            *(name for name in DEV_SETS if questions(name)),
            *(["independent"] if questions("independent") else []),
        ]
        print(
            "  each line adds one ranking addition to the ones above ("
            + " | ".join(s if isinstance(s, str) else "held-out" if s else "training" for s in sets)
            + "; strict r@1 r@5)"
        )
        for step in [None, *steps()]:
            options = options_up_to(step)
            label = "BM25 (stemmed)" if step is None else f"+ {step}"
            print(f"  {label:<16} " + " | ".join(_short(measure(options, which)) for which in sets))
    print(
        f"[{vendor}] strict: the hit at rank k is an answer line; grouped: the answer is that "
        "hit or one of its grouped variants (copies, overseas adaptations)"
    )
    print(f"[{vendor}] training     " + _format(measure(Options(), False, args.verbose)))
    print(f"[{vendor}] held-out     " + _format(measure(Options(), True)))
    for name in DEV_SETS:
        if questions(name):
            print(f"[{vendor}] {name:<12} " + _format(measure(Options(), name, args.verbose)))
    if questions("independent"):
        print(f"[{vendor}] independent  " + _format(measure(Options(), "independent")))
        plain = measure(Options.plain(), "independent")
        print(f"[{vendor}] independent, plain BM25  " + _format(plain))


def _short(result: dict[str, float]) -> str:
    return f"{result['recall@1']:.2f} {result['recall@5']:.2f}"


def _format(result: dict[str, float]) -> str:
    """Strict recall (the hit itself), then grouped (the hit or one of its variants)."""
    quality = "  ".join(
        f"{label} r@1 {result[p + 'recall@1']:.2f} r@5 {result[p + 'recall@5']:.2f} "
        f"MRR@10 {result[p + 'mrr@10']:.3f}"
        for label, p in (("strict", ""), ("grouped", "grouped_"))
    )
    return (
        f"{quality}  p50 {result['p50_ms']:.1f} ms  p95 {result['p95_ms']:.1f} ms  "
        f"(CPU p50 {result['cpu_p50_ms']:.1f} ms  p95 {result['cpu_p95_ms']:.1f} ms)  "
        f"({result['questions']} questions)"
    )


def run_on(database_url: str, args: argparse.Namespace) -> int:
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DJANGO_SETTINGS_MODULE": "conseils.settings_test",
    }
    command = [sys.executable, __file__, "--child"]
    for flag in ("ablation", "verbose", "fit"):
        if getattr(args, flag):
            command.append(f"--{flag}")
    return subprocess.call(command, env=env, cwd=ROOT)


def postgres(sql: str) -> bool:
    try:
        import psycopg
    except ImportError:
        return False
    try:
        with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True, connect_timeout=3) as c:
            c.execute(sql.encode())
    except psycopg.Error as error:
        print(f"PostgreSQL: {error}")
        return False
    return True


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--sqlite", action="store_true", help="SQLite only")
    parser.add_argument("--postgres", action="store_true", help="PostgreSQL only")
    parser.add_argument("--ablation", action="store_true", help="measure each ranking addition")
    parser.add_argument(
        "--verbose", action="store_true", help="list the training and dev questions missed"
    )
    parser.add_argument("--fit", action="store_true", help="search the feature weights")
    parser.add_argument(
        "--no-independent",
        action="store_true",
        help="leave the independent set out (while tuning: not even its figures are read)",
    )
    args = parser.parse_args()
    if args.no_independent:
        os.environ[SKIP_INDEPENDENT] = "1"
    if args.child:
        child(args)
        return 0
    status = 0
    if not args.postgres:
        with tempfile.TemporaryDirectory() as directory:
            status |= run_on(f"sqlite:///{directory}/bench.sqlite3", args)
    if not args.sqlite:
        if postgres(f'DROP DATABASE IF EXISTS "{PG_DATABASE}"') and postgres(
            f'CREATE DATABASE "{PG_DATABASE}"'
        ):
            try:
                status |= run_on(f"{PG_SERVER}/{PG_DATABASE}", args)
            finally:
                postgres(f'DROP DATABASE IF EXISTS "{PG_DATABASE}"')
        else:
            print("PostgreSQL not reachable: skipped.")
    return status


if __name__ == "__main__":
    raise SystemExit(main())
