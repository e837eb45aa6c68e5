"""`conseils compose check|export`: the contract of DESIGN.md, exit codes included."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command

from tests.test_bylaws_engine import LEGAL

ROOT = Path(__file__).resolve().parents[1]


def run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "conseils.settings_test"}
    return subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), "compose", *args],
        capture_output=True,
        text=True,
        input=stdin,
        env=env,
        cwd=ROOT,
        check=False,
    )


def test_a_legal_file_exits_0(tmp_path: Path) -> None:
    path = tmp_path / "c.json"
    path.write_text(json.dumps(LEGAL))
    result = run("check", str(path))
    assert result.returncode == 0, result.stderr
    assert "Composition conforme" in result.stdout


def test_violations_exit_1_with_the_json_report(tmp_path: Path) -> None:
    data = {**LEGAL, "members": LEGAL["members"][1:]}  # no head of mention
    path = tmp_path / "c.json"
    path.write_text(json.dumps(data))
    result = run("check", str(path), "--json")
    assert result.returncode == 1
    report = json.loads(result.stdout)
    assert report["valid"] is False and report["council_type"] == "cper"
    by_rule = {v["rule"]: v for v in report["violations"]}
    assert set(by_rule) == {"members.total", "head_of_mention.required"}
    violation = by_rule["head_of_mention.required"]
    assert set(violation) == {"rule", "message", "citation", "members"}
    assert set(violation["citation"]) == {"source", "quote"}


@pytest.mark.parametrize(
    ("content", "field"),
    [
        ("not json", "file"),
        ('{"council_type": "cper"}', "name"),
        (json.dumps({**LEGAL, "council_type": "senate"}), "council_type"),
        (json.dumps({**LEGAL, "members": [{"name": "a"}]}), "members[0].category"),
        ("[1, 2]", "$"),
    ],
)
def test_unreadable_input_exits_2_with_one_line_naming_the_field(
    tmp_path: Path, content: str, field: str
) -> None:
    path = tmp_path / "c.json"
    path.write_text(content)
    result = run("check", str(path))
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and field in lines[0]
    assert "Traceback" not in result.stderr


def test_a_missing_file_exits_2() -> None:
    result = run("check", "/nonexistent.json")
    assert result.returncode == 2 and "Traceback" not in result.stderr


@pytest.mark.django_db
def test_export_then_check_round_trips(capsys: pytest.CaptureFixture[str]) -> None:
    from tests.people import build_world

    w = build_world()
    call_command("compose", "export", str(w.council.pk))
    exported = json.loads(capsys.readouterr().out)
    assert exported["council_type"] == "cper" and len(exported["members"]) == 10
    import bylaws

    assert bylaws.check(bylaws.parse_composition(exported)) == []
    with pytest.raises(SystemExit) as exit_:
        call_command("compose", "check", "--council", str(w.other_council.pk), "--json")
    assert exit_.value.code == 1
