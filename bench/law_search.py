"""Measure law search: recall@1, recall@5, MRR@10 and latency, on SQLite and PostgreSQL.

    .venv/bin/python bench/law_search.py            # SQLite, then PostgreSQL if reachable
    .venv/bin/python bench/law_search.py --sqlite   # one database only
    .venv/bin/python bench/law_search.py --ablation # what each ranking addition buys

Each database is a throw-away one: a temporary SQLite file, and a PostgreSQL
database `conseils_bench` (created and dropped; PG_URL overrides the server).
The questions are in bench/law_questions.toml.
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
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
QUESTIONS = Path(__file__).with_name("law_questions.toml")
PG_SERVER = os.environ.get("PG_URL", "postgres://postgres@127.0.0.1:5432")
STEPS = [
    "acronyms",
    "synonyms",
    "fields",
    "coverage",
    "proximity",
    "overseas",
    "originals",
    "framing",
    "bodies",
]


def measure(options_name: str = "all", verbose: bool = False) -> dict[str, float]:
    from law.search import Options, search

    questions = tomllib.loads(QUESTIONS.read_text(encoding="utf-8"))["question"]
    if options_name == "all":
        options = Options()
    else:
        # plain, then the additions up to and including the named one
        options = Options.plain()
        for step in STEPS[: STEPS.index(options_name) + 1] if options_name in STEPS else []:
            options = replace(options, **{step: True})
    search("échauffement", options=options)  # load the in-process corpus once
    ranks: list[int | None] = []
    times: list[float] = []
    for question in questions:
        started = time.perf_counter()
        hits = search(question["text"], limit=10, options=options)
        times.append((time.perf_counter() - started) * 1000)
        lines = [h.source_line for h in hits]
        rank = next((i for i, line in enumerate(lines, 1) if line in question["answers"]), None)
        ranks.append(rank)
        if verbose and rank != 1:
            print(f"  rank {rank}: {question['text']} -> {lines[:3]} want {question['answers']}")
    n = len(questions)
    times.sort()
    return {
        "questions": n,
        "recall@1": sum(1 for r in ranks if r == 1) / n,
        "recall@5": sum(1 for r in ranks if r and r <= 5) / n,
        "mrr@10": sum(1 / r for r in ranks if r) / n,
        "p50_ms": statistics.median(times),
        "p95_ms": times[min(n - 1, int(0.95 * n))],
    }


def child(args: argparse.Namespace) -> None:
    """Runs inside a process whose DATABASE_URL points at the throw-away database."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "conseils.settings_test")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from law.loader import load

    call_command("migrate", verbosity=0)
    report = load(force=True)
    print(f"[{connection.vendor}] load: {report.articles} articles in {report.seconds:.1f} s")
    if args.ablation:
        for name in ["plain", *STEPS]:
            result = measure(name)
            label = "BM25 (stemmed)" if name == "plain" else f"+ {name}"
            print(f"  {label:<16} " + _format(result))
    result = measure("all", verbose=args.verbose)
    print(f"[{connection.vendor}] " + _format(result))


def _format(result: dict[str, float]) -> str:
    return (
        f"recall@1 {result['recall@1']:.2f}  recall@5 {result['recall@5']:.2f}  "
        f"MRR@10 {result['mrr@10']:.3f}  p50 {result['p50_ms']:.1f} ms  "
        f"p95 {result['p95_ms']:.1f} ms  ({result['questions']} questions)"
    )


def run_on(database_url: str, args: argparse.Namespace) -> int:
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DJANGO_SETTINGS_MODULE": "conseils.settings_test",
    }
    command = [sys.executable, __file__, "--child"]
    command += ["--ablation"] if args.ablation else []
    command += ["--verbose"] if args.verbose else []
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
    parser.add_argument("--verbose", action="store_true", help="list the questions missed at 1")
    args = parser.parse_args()
    if args.child:
        child(args)
        return 0
    status = 0
    if not args.postgres:
        with tempfile.TemporaryDirectory() as directory:
            status |= run_on(f"sqlite:///{directory}/bench.sqlite3", args)
    if not args.sqlite:
        if postgres("DROP DATABASE IF EXISTS conseils_bench") and postgres(
            "CREATE DATABASE conseils_bench"
        ):
            try:
                status |= run_on(f"{PG_SERVER}/conseils_bench", args)
            finally:
                postgres("DROP DATABASE IF EXISTS conseils_bench")
        else:
            print("PostgreSQL not reachable: skipped.")
    return status


if __name__ == "__main__":
    raise SystemExit(main())
