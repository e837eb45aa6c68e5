"""`conseils setup`: the first run of a real install, on an empty database."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.management import ManagementUtility, call_command
from django.core.management.base import CommandError

from accounts.models import User
from audit.models import AuditEntry
from councils.models import Institution

pytestmark = pytest.mark.django_db
PASSWORD = "Un-mot-de-passe-solide-2026"
FLAGS = [
    "--institution",
    "INSPE d'Aix-Marseille",
    "--short-name",
    "INSPE",
    "--director-email",
    "Claire.Martin@univ.example",
    "--director-name",
    "Claire Martin-Dubois",
    "--no-input",
]


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("setup", *args, stdout=out)
    return out.getvalue()


def test_it_creates_the_institution_and_its_director_who_can_sign_in(tmp_path: Path) -> None:
    secret = tmp_path / "password"
    secret.write_text(PASSWORD + "\n", encoding="utf-8")
    out = run(*FLAGS, "--password-file", str(secret))
    institution = Institution.objects.get()
    assert institution.name == "INSPE d'Aix-Marseille" and institution.short_name == "INSPE"
    director = institution.director
    assert director is not None
    assert director.email == "claire.martin@univ.example"
    assert (director.first_name, director.last_name) == ("Claire", "Martin-Dubois")
    assert director.check_password(PASSWORD)
    assert not director.is_staff and not director.is_superuser
    assert "/mise-en-place/" in out
    assert AuditEntry.objects.filter(action="institution.created").count() == 1


def test_it_reads_the_password_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CONSEILS_DIRECTOR_PASSWORD", PASSWORD)
    run(*FLAGS)
    assert User.objects.get().check_password(PASSWORD)


def test_it_refuses_with_exit_2_when_an_institution_exists(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("CONSEILS_DIRECTOR_PASSWORD", PASSWORD)
    Institution.objects.create(name="Déjà là", short_name="DL")
    with pytest.raises(CommandError, match="existe déjà") as refused:
        run(*FLAGS)
    assert refused.value.returncode == 2
    assert Institution.objects.count() == 1 and not User.objects.exists()


def test_it_adds_another_institution_when_told_to(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CONSEILS_DIRECTOR_PASSWORD", PASSWORD)
    Institution.objects.create(name="Déjà là", short_name="DL")
    run(*FLAGS, "--allow-existing")
    assert Institution.objects.count() == 2


def test_without_a_password_and_without_prompts_it_stops_with_exit_2(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("CONSEILS_DIRECTOR_PASSWORD", raising=False)
    with pytest.raises(CommandError, match="Mot de passe manquant") as refused:
        run(*FLAGS)
    assert refused.value.returncode == 2
    assert not Institution.objects.exists()


def test_a_weak_password_is_refused_and_nothing_is_created(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("CONSEILS_DIRECTOR_PASSWORD", "1234")
    with pytest.raises(CommandError) as refused:
        run(*FLAGS)
    assert refused.value.returncode == 2
    assert not Institution.objects.exists() and not User.objects.exists()


def test_a_missing_value_without_prompts_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CONSEILS_DIRECTOR_PASSWORD", PASSWORD)
    with pytest.raises(CommandError, match="Sigle"):
        call_command(
            "setup",
            "--institution",
            "X",
            "--director-email",
            "a@b.example",
            "--director-name",
            "A B",
            "--no-input",
        )


def test_the_interactive_mode_asks_in_french(monkeypatch: pytest.MonkeyPatch) -> None:
    asked: list[str] = []
    answers = iter(["INSPE de Test", "INSPE", "pas-une-adresse", "dir@test.example", "Dana", "Dir"])

    def answer(prompt: str) -> str:
        asked.append(prompt)
        return next(answers)

    monkeypatch.delenv("CONSEILS_DIRECTOR_PASSWORD", raising=False)
    monkeypatch.setattr("builtins.input", answer)
    monkeypatch.setattr("getpass.getpass", lambda prompt: PASSWORD)
    run()
    assert asked[0] == "Nom de l’établissement : "
    assert asked.count("Adresse électronique de la direction : ") == 2  # the bad one is asked again
    assert Institution.objects.get().director.email == "dir@test.example"  # type: ignore[union-attr]


def test_the_command_line_exits_2_with_the_message_when_an_institution_exists(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """What the `conseils` script runs: Django's command line, which turns the error into
    the process's exit status."""
    monkeypatch.setenv("CONSEILS_DIRECTOR_PASSWORD", PASSWORD)
    Institution.objects.create(name="Déjà là", short_name="DL")
    with pytest.raises(SystemExit) as exit_:
        ManagementUtility(["conseils", "setup", *FLAGS]).execute()
    assert exit_.value.code == 2
    assert "existe déjà" in capsys.readouterr().err
