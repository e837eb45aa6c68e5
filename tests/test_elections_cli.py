"""The commands of the INSPE councils' spec, run for real: `conseils elections allocate|president`
and `conseils compose check` with the INSPE council types. Inputs and outputs are the spec's
examples (specs/inspe-councils-and-elections.md §4), copied here."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]


def run(tmp_path: Path, command: str, data: object, *args: str) -> subprocess.CompletedProcess[str]:
    path = tmp_path / "input.json"
    path.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "conseils.settings_test"}
    return subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *command.split(), str(path), *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        check=False,
    )


ALLOCATE_INPUT = {
    "election": "inspe_institute_council",
    "council": "Conseil de l'INSPE d'Aix-Marseille",
    "college": "c",
    "seats": 2,
    "users": False,
    "ballots": {"blank": 3, "void": 1},
    "parity_draw": None,
    "lists": [
        {
            "name": "A",
            "votes": 60,
            "candidates": [
                {"name": "A1", "sex": "M", "birth_date": "1971-03-02"},
                {"name": "A2", "sex": "F", "birth_date": "1980-11-20"},
            ],
        },
        {
            "name": "B",
            "votes": 40,
            "candidates": [{"name": "B1", "sex": "M"}, {"name": "B2", "sex": "F"}],
        },
    ],
}

ALLOCATE_OUTPUT = {
    "valid": True,
    "status": "complete",
    "election": "inspe_institute_council",
    "college": "c",
    "seats": 2,
    "users": False,
    "ballots": {"lists": 100, "blank": 3, "void": 1, "total": 104},
    "suffrages_exprimes": 100,
    "quotient": "50",
    "lists": [
        {
            "name": "A",
            "votes": 60,
            "admitted": True,
            "bonus_seats": 0,
            "quotient_seats": 1,
            "remainder": "10",
            "remainder_seat": 0,
            "seats": 1,
            "filled": 1,
            "unfilled": 0,
            "next_in_line": ["A2"],
        },
        {
            "name": "B",
            "votes": 40,
            "admitted": True,
            "bonus_seats": 0,
            "quotient_seats": 0,
            "remainder": "40",
            "remainder_seat": 1,
            "seats": 1,
            "filled": 1,
            "unfilled": 0,
            "next_in_line": [],
        },
    ],
    "elected": [
        {"list": "A", "name": "A1", "sex": "M", "substitute": None},
        {"list": "B", "name": "B2", "sex": "F", "substitute": None},
    ],
    "unfilled_seats": 0,
    "partial_election_required": False,
    "ties": [],
    "parity": {
        "applied": True,
        "replacements": [{"list": "B", "out": "B1", "in": "B2"}],
        "achieved": True,
    },
    "seat_order": [{"list": "A", "kind": "quotient"}, {"list": "B", "kind": "remainder"}],
    "violations": [],
}

PRESIDENT_INPUT = {
    "council_type": "inspe_institute_council",
    "candidates": [
        {"name": "Xavier", "category": "rector_appointee", "birth_date": "1968-02-14"},
        {"name": "Yasmine", "category": "rector_appointee", "birth_date": "1975-06-01"},
    ],
    "rounds": [
        {"votes": {"Xavier": 10, "Yasmine": 10}, "blank": 1, "void": 0},
        {"votes": {"Xavier": 10, "Yasmine": 10}},
    ],
}

PRESIDENT_OUTPUT = {
    "valid": True,
    "status": "elected",
    "elected": "Yasmine",
    "round": 2,
    "decided_by": "youngest",
    "rounds": [
        {
            "round": 1,
            "suffrages_exprimes": 20,
            "blank": 1,
            "void": 0,
            "absolute_majority": 11,
            "results": [{"name": "Xavier", "votes": 10}, {"name": "Yasmine", "votes": 10}],
        },
        {
            "round": 2,
            "suffrages_exprimes": 20,
            "blank": 0,
            "void": 0,
            "absolute_majority": 11,
            "results": [{"name": "Xavier", "votes": 10}, {"name": "Yasmine", "votes": 10}],
        },
    ],
    "citation": {
        "source": "Code de l’éducation, art. D. 721-2",
        "source_line": 34815,
        "quote": "En cas d'égalité de voix à l'issue du second tour, "
        "le candidat le plus jeune est élu.",
    },
    "violations": [],
}


def test_allocate_gives_the_spec_s_example_output(tmp_path: Path) -> None:
    result = run(tmp_path, "elections allocate", ALLOCATE_INPUT, "--json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == ALLOCATE_OUTPUT


def test_president_gives_the_spec_s_example_output(tmp_path: Path) -> None:
    result = run(tmp_path, "elections president", PRESIDENT_INPUT, "--json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == PRESIDENT_OUTPUT


def test_without_json_the_commands_print_a_french_summary_with_the_same_exit(
    tmp_path: Path,
) -> None:
    allocation = run(tmp_path, "elections allocate", ALLOCATE_INPUT)
    assert allocation.returncode == 0
    assert "B2 remplace B1" in allocation.stdout
    president = run(tmp_path, "elections president", PRESIDENT_INPUT)
    assert president.returncode == 0 and "Personne élue : Yasmine" in president.stdout


def test_a_broken_list_rule_exits_1_with_only_the_violations(tmp_path: Path) -> None:
    data = {**ALLOCATE_INPUT, "seats": 3}
    result = run(tmp_path, "elections allocate", data, "--json")
    assert result.returncode == 1
    report = json.loads(result.stdout)
    assert report["valid"] is False and set(report) == {"valid", "violations"}
    (violation,) = report["violations"]
    assert violation["rule"] == "college.seats"
    assert violation["citation"]["source_line"] == 34787
    ineligible = {**PRESIDENT_INPUT, "candidates": [{"name": "Xavier", "category": "user"}]}
    ineligible["rounds"] = [{"votes": {"Xavier": 3}}]
    result = run(tmp_path, "elections president", ineligible, "--json")
    assert result.returncode == 1
    assert [v["rule"] for v in json.loads(result.stdout)["violations"]] == ["president.eligibility"]


@pytest.mark.parametrize(
    ("command", "data", "field"),
    [
        ("elections allocate", "not json", "file"),
        ("elections allocate", {**ALLOCATE_INPUT, "college": "z"}, "college"),
        (
            "elections president",
            {**PRESIDENT_INPUT, "rounds": [{"votes": {"Nobody": 1}}]},
            "rounds[0].votes",
        ),
        (
            "compose check",
            {
                "council_type": "inspe_cosp",
                "establishment": "AMU",
                "members": [{"name": "U", "category": "user", "sex": "F"}],
            },
            "members[0].category",
        ),
    ],
)
def test_unreadable_input_exits_2_with_one_line_and_no_traceback(
    tmp_path: Path, command: str, data: object, field: str
) -> None:
    result = run(tmp_path, command, data, "--json")
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and field in lines[0]
    assert result.stdout == ""


# The spec's compose examples (§4.3): extracts, not whole councils.
INSTITUTE_EXTRACT: dict[str, Any] = {
    "council_type": "inspe_institute_council",
    "name": "Conseil de l'INSPE d'Aix-Marseille",
    "establishment": "AMU",
    "partners": ["AU"],
    "as_of": "2025-01-15",
    "members": [
        {
            "name": "P1",
            "category": "professor",
            "sex": "F",
            "institute_hours": 64,
            "mandate_start": "2024-09-01",
            "mandate_end": "2029-08-31",
            "consecutive_absences": 0,
        },
        {"name": "E1", "category": "other_staff", "sex": "F", "service_share": 0.5},
        {"name": "U1", "category": "user", "sex": "M", "enrolled": True},
        {"name": "RA1", "category": "rector_appointee", "sex": "F", "president": True},
        {"name": "PA1", "category": "partner_appointee", "sex": "M", "designated_by": "AU"},
        {
            "name": "RA4",
            "category": "rector_appointee",
            "sex": "M",
            "mandate_start": "2026-03-01",
            "mandate_end": "2029-08-31",
            "replaces": {"name": "Ancien", "mandate_end": "2029-08-31"},
        },
        {"name": "G1", "category": "guest", "sex": "M"},
    ],
}

COSP_EXAMPLE = {
    "council_type": "inspe_cosp",
    "name": "COSP de l'INSPE d'Aix-Marseille",
    "establishment": "AMU",
    "partners": ["AU"],
    "members": [
        {"name": "D1", "category": "ex_officio", "establishment": "AMU", "sex": "F"},
        {"name": "X1", "category": "rector_appointee", "sex": "F", "president": True},
        {"name": "Y1", "category": "institute_council_appointee", "sex": "M"},
    ],
}


def test_compose_check_of_the_spec_s_institute_extract(tmp_path: Path) -> None:
    result = run(tmp_path, "compose check", INSTITUTE_EXTRACT, "--json")
    assert result.returncode == 1
    report = json.loads(result.stdout)
    # Every field is read, and only the counts of an extract are wrong.
    assert {v["rule"] for v in report["violations"]} == {
        "professor.count",
        "lecturer.count",
        "other_teacher.count",
        "school_staff.count",
        "other_staff.count",
        "user.count",
        "establishment_representative.count",
        "local_authority_representative.count",
        "rector_appointee.count",
    }
    counts = report["counts"]
    assert (counts["total"], counts["women"], counts["men"], counts["guests"]) == (6, 3, 3, 1)
    assert (counts["elected"], counts["external"]) == (3, 3)
    citation = report["violations"][0]["citation"]
    assert citation == {
        "source": "Code de l’éducation, art. D. 721-1",
        "source_line": 34787,
        "quote": "a) Deux représentants des professeurs des universités "
        "et personnels assimilés au sens de l'article D. 719-4 ;",
    }


def test_compose_check_of_the_spec_s_cosp_example(tmp_path: Path) -> None:
    result = run(tmp_path, "compose check", COSP_EXAMPLE, "--json")
    assert result.returncode == 1
    report = json.loads(result.stdout)
    assert {v["rule"] for v in report["violations"]} == {
        "ex_officio.share",
        "ex_officio.balance",
        "parity.gap",
    }
    assert report["counts"]["ex_officio_by_establishment"] == {"AMU": 1, "AU": 0}


def test_a_legal_cosp_exits_0(tmp_path: Path) -> None:
    legal = json.loads(json.dumps(COSP_EXAMPLE))
    legal["members"].append(
        {"name": "D2", "category": "ex_officio", "establishment": "AU", "sex": "M"}
    )
    result = run(tmp_path, "compose check", legal, "--json")
    assert result.returncode == 0, result.stdout
    assert json.loads(result.stdout)["valid"] is True
