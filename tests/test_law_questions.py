"""The benchmark's question sets point at real articles of the shipped Code."""

import tomllib
from pathlib import Path

import pytest

from law.source import shipped_lines

BENCH = Path(__file__).resolve().parents[1] / "bench"


def load(name: str) -> list[dict]:
    return tomllib.loads((BENCH / name).read_text(encoding="utf-8"))["question"]


@pytest.mark.parametrize(
    "name",
    [
        "law_questions.toml",
        "law_questions_dev.toml",
        "law_questions_dev2.toml",
        "law_questions_dev4.toml",
        "law_questions_dev5.toml",
        "law_questions_dev6.toml",
        "law_questions_dev7.toml",
        "law_questions_independent.toml",
    ],
)
def test_every_answer_is_the_first_line_of_an_article(name: str) -> None:
    lines = shipped_lines()
    wrong = [
        (question["text"], line)
        for question in load(name)
        for line in question["answers"]
        if not 1 <= line <= len(lines) or "•" not in lines[line - 1]
    ]
    assert wrong == []


def test_the_independent_set_holds_sixty_held_out_questions() -> None:
    questions = load("law_questions_independent.toml")
    assert len(questions) == 60
    assert all(question.get("heldout") for question in questions)
    assert len({question["text"] for question in questions}) == 60


@pytest.mark.parametrize(
    ("name", "size"),
    [
        ("law_questions_dev2.toml", 80),
        ("law_questions_dev4.toml", 80),
        ("law_questions_dev5.toml", 80),
        ("law_questions_dev6.toml", 80),
        ("law_questions_dev7.toml", 60),
    ],
)
def test_a_development_set_holds_its_number_of_distinct_questions(name: str, size: int) -> None:
    questions = load(name)
    assert len(questions) == size
    assert len({question["text"] for question in questions}) == size
