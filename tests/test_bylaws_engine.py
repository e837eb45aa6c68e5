"""The composition rules of a CPER, checked without Django."""

import copy
import json

import pytest

import bylaws

LEGAL = {
    "council_type": "cper",
    "name": "CPER de test",
    "components": ["INSPE", "AMU"],
    "members": [
        {"name": "Mention", "category": "head_of_mention", "component": "INSPE"},
        {"name": "Parcours", "category": "head_of_track", "component": "INSPE"},
        {"name": "Ens. Inspé", "category": "teacher", "component": "INSPE"},
        {"name": "Ens. AMU", "category": "teacher", "component": "AMU"},
        {"name": "Ens. AMU 2", "category": "teacher", "component": "AMU"},
        {"name": "IA-IPR", "category": "academy_representative", "president": True},
        {"name": "Pro", "category": "profession_representative"},
        {"name": "Étudiant 1", "category": "student_representative"},
        {"name": "Étudiant 2", "category": "student_representative"},
        {"name": "Invité", "category": "guest"},
    ],
}


def composition(changes=None, drop=(), add=()):
    data = copy.deepcopy(LEGAL)
    data["members"] = [m for m in data["members"] if m["name"] not in drop] + list(add)
    if changes:
        for m in data["members"]:
            m.update(changes.get(m["name"], {}))
    return bylaws.parse_composition(data)


def rule_ids(comp):
    return sorted(v.rule.id for v in bylaws.check(comp))


def test_a_legal_composition_has_no_violation():
    assert rule_ids(composition()) == []


def test_guests_never_count_towards_the_total():
    guests = [{"name": f"Invité {i}", "category": "guest"} for i in range(10)]
    assert rule_ids(composition(drop=["Étudiant 2"], add=guests)) == [
        "members.total",
        "student_representative.count",
    ]


def test_it_refuses_more_than_seventeen_voting_members():
    extra = [
        {"name": f"Adjoint {i}", "category": "deputy_head_of_track", "component": "AMU"}
        for i in range(9)
    ]
    violations = bylaws.check(composition(add=extra))
    assert [v.rule.id for v in violations] == ["members.total"]
    assert "18" in violations[0].message("fr")


@pytest.mark.parametrize(
    ("dropped", "rule"),
    [
        (["Mention"], "head_of_mention.required"),
        (["Parcours"], "head_of_track.required"),
        (["Pro"], "profession_representative.count"),
        (["Étudiant 1"], "student_representative.count"),
    ],
)
def test_each_required_category_is_checked(dropped, rule):
    assert rule in rule_ids(
        composition(drop=dropped, add=[{"name": "X", "category": "teacher", "component": "AMU"}])
    )


def test_six_teachers_are_too_many_and_are_named():
    extra = [{"name": f"Ens. {i}", "category": "teacher", "component": "AMU"} for i in range(3)]
    violation = next(
        v for v in bylaws.check(composition(add=extra)) if v.rule.id == "teacher.count"
    )
    assert len(violation.members) == 6


def test_every_engaged_component_needs_a_teacher():
    comp = composition(changes={"Ens. Inspé": {"component": "AMU"}})
    violation = next(v for v in bylaws.check(comp) if v.rule.id == "teacher.components")
    assert "INSPE" in violation.message("fr")


def test_two_presidents_are_refused_and_named():
    comp = composition(changes={"Pro": {"president": True, "employer_representative": True}})
    violation = next(v for v in bylaws.check(comp) if v.rule.id == "president.count")
    assert set(violation.members) == {"IA-IPR", "Pro"}


def test_a_student_cannot_preside():
    comp = composition(changes={"IA-IPR": {"president": False}, "Étudiant 1": {"president": True}})
    violation = next(v for v in bylaws.check(comp) if v.rule.id == "president.eligibility")
    assert violation.members == ("Étudiant 1",)


def test_an_employer_representative_may_preside_whatever_the_category():
    comp = composition(
        changes={
            "IA-IPR": {"president": False},
            "Pro": {"president": True, "employer_representative": True},
        }
    )
    assert rule_ids(comp) == []


def test_messages_exist_in_english():
    violation = bylaws.check(composition(drop=["Mention"]))[0]
    assert violation.message("en").startswith("The council must")


def test_an_unknown_council_type_is_an_input_error():
    with pytest.raises(bylaws.InputError) as err:
        bylaws.parse_composition({**LEGAL, "council_type": "senate"})
    assert err.value.field == "council_type"


@pytest.mark.parametrize(
    ("mutate", "field"),
    [
        (lambda d: d.pop("members"), "members"),
        (lambda d: d.update(name=3), "name"),
        (lambda d: d["members"][0].update(category="king"), "members[0].category"),
        (lambda d: d["members"][1].update(president="yes"), "members[1].president"),
        (lambda d: d["members"][2].pop("name"), "members[2].name"),
        (lambda d: d.update(components="INSPE"), "components"),
    ],
)
def test_bad_input_names_the_field(mutate, field):
    data = json.loads(json.dumps(LEGAL))
    mutate(data)
    with pytest.raises(bylaws.InputError) as err:
        bylaws.parse_composition(data)
    assert err.value.field == field


def test_the_engine_imports_nothing_from_django():
    import subprocess
    import sys

    code = (
        "import sys, bylaws; bylaws.load_pack('cper');"
        "print(any(m.startswith('django') for m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
