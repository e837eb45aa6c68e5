"""Measure loading the Code de l'éducation into a fresh database, on SQLite and PostgreSQL.

    .venv/bin/python bench/law_load.py             # SQLite, then PostgreSQL if reachable
    .venv/bin/python bench/law_load.py --sqlite    # one database only
    .venv/bin/python bench/law_load.py --postgres

Each database is a throw-away one, as in bench/law_search.py: a temporary SQLite file, and
a PostgreSQL database `conseils_bench_load` (created and dropped; PG_URL overrides the server).
Performance is measured here, on demand; the unit tests only check what the load builds.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from law_search import PG_SERVER, ROOT, postgres  # the sibling bench script

DATABASE = "conseils_bench_load"


def child() -> None:
    """Runs inside a process whose DATABASE_URL points at the throw-away database."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "conseils.settings_test")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from law.loader import load

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    report = load(force=True)
    wall = time.perf_counter() - started
    print(
        f"[{connection.vendor}] {report.articles} articles loaded in {report.seconds:.1f} s "
        f"(loader's own figure), {wall:.1f} s wall clock"
    )


def run_on(database_url: str) -> int:
    env = {**os.environ, "DATABASE_URL": database_url}
    env["DJANGO_SETTINGS_MODULE"] = "conseils.settings_test"
    return subprocess.call([sys.executable, __file__, "--child"], env=env, cwd=ROOT)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--sqlite", action="store_true", help="SQLite only")
    parser.add_argument("--postgres", action="store_true", help="PostgreSQL only")
    args = parser.parse_args()
    if args.child:
        child()
        return 0
    status = 0
    if not args.postgres:
        with tempfile.TemporaryDirectory() as directory:
            status |= run_on(f"sqlite:///{directory}/bench.sqlite3")
    if not args.sqlite:
        if postgres(f"DROP DATABASE IF EXISTS {DATABASE}") and postgres(
            f"CREATE DATABASE {DATABASE}"
        ):
            try:
                status |= run_on(f"{PG_SERVER}/{DATABASE}")
            finally:
                postgres(f"DROP DATABASE IF EXISTS {DATABASE}")
        else:
            print("PostgreSQL not reachable: skipped.")
    return status


if __name__ == "__main__":
    raise SystemExit(main())
