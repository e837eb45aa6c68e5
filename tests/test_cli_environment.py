"""After `make run`, every documented command works with no variable set; a production web
process still refuses to start without SECRET_KEY."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CONSEILS = ROOT / ".venv" / "bin" / "conseils"


def _clean_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    keep = {"PATH", "HOME", "LANG", "LC_ALL", "TMPDIR"}
    env = {k: v for k, v in os.environ.items() if k in keep}
    env["CONSEILS_VAR_DIR"] = str(tmp_path / "var")
    env.update(extra)
    return env


def test_compose_check_runs_with_no_variable_set(tmp_path: Path) -> None:
    council = tmp_path / "council.json"
    council.write_text(
        json.dumps({"council_type": "cper", "name": "CPER", "components": ["INSPE"], "members": []})
    )
    result = subprocess.run(
        [str(CONSEILS), "compose", "check", str(council)],
        env=_clean_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert "Traceback" not in result.stderr
    assert result.returncode == 1, result.stderr  # an empty council breaks the rules


def test_the_cli_against_a_production_database_still_needs_the_key(tmp_path: Path) -> None:
    result = subprocess.run(
        [str(CONSEILS), "check"],
        env=_clean_env(tmp_path, DATABASE_URL=f"sqlite:///{tmp_path / 'prod.sqlite3'}"),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 2
    assert "SECRET_KEY" in result.stderr and "Traceback" not in result.stderr


def test_the_web_process_refuses_to_start_without_secret_key(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-c", "import conseils.wsgi"],
        env=_clean_env(tmp_path),
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr
