"""`conseils setup`: a real install starts here, on an empty database.

Interactive (prompts in French) or with flags for scripts. The password never goes on the
command line: it is read from `--password-file`, from `CONSEILS_DIRECTOR_PASSWORD`, or typed.
"""

from __future__ import annotations

import getpass
import os
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_email
from django.urls import reverse

from councils.setup_actions import InstitutionExists, create_institution

PASSWORD_ENV = "CONSEILS_DIRECTOR_PASSWORD"  # noqa: S105 (the variable's name)


class Command(BaseCommand):
    help = (
        "Create the institution and its director's account on an empty database. "
        f"Password from --password-file, ${PASSWORD_ENV} or a prompt (never a flag)."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--institution", help='full name, e.g. "INSPE d\'Aix-Marseille"')
        parser.add_argument("--short-name", help="short name, e.g. INSPE")
        parser.add_argument("--director-email")
        parser.add_argument(
            "--director-name", help='"First Last": the first word is the first name'
        )
        parser.add_argument("--director-first-name")
        parser.add_argument("--director-last-name")
        parser.add_argument("--director-title", default="", help="e.g. Directrice de l'Inspé")
        parser.add_argument("--password-file", type=Path, help="a file whose first line is it")
        parser.add_argument(
            "--allow-existing",
            action="store_true",
            help="add an institution although one exists already",
        )
        parser.add_argument(
            "--no-input",
            "--noinput",
            action="store_false",
            dest="interactive",
            help="never prompt: fail (exit 2) when something is missing",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        interactive = options["interactive"]
        first, last = options["director_first_name"], options["director_last_name"]
        if options["director_name"]:
            given, _sep, family = options["director_name"].strip().partition(" ")
            first, last = first or given, last or family
        values = {
            "name": self._value(options["institution"], "Nom de l’établissement", interactive),
            "short_name": self._value(options["short_name"], "Sigle", interactive),
            "director_email": self._email(options["director_email"], interactive),
            "director_first_name": self._value(first, "Prénom de la direction", interactive),
            "director_last_name": self._value(last, "Nom de la direction", interactive),
        }
        password = self._password(options["password_file"], interactive)
        try:
            institution = create_institution(
                **values,
                password=password,
                director_title=options["director_title"],
                allow_existing=options["allow_existing"],
            )
        except InstitutionExists:
            raise CommandError(
                "Un établissement existe déjà : rien n’a été créé "
                "(--allow-existing pour en ajouter un autre).",
                returncode=2,
            ) from None
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages), returncode=2) from None
        self.stdout.write(
            f"Établissement « {institution.name} » créé. "
            f"La direction ({values['director_email']}) se connecte sur "
            f"{reverse('accounts:login')} et met l’établissement en place depuis "
            f"{reverse('setup:index')}."
        )

    def _value(self, given: str | None, prompt: str, interactive: bool) -> str:
        while not (given or "").strip():
            if not interactive:
                raise CommandError(f"{prompt} : valeur manquante.", returncode=2)
            given = input(f"{prompt} : ")
        return (given or "").strip()

    def _email(self, given: str | None, interactive: bool) -> str:
        while True:
            email = self._value(given, "Adresse électronique de la direction", interactive)
            try:
                validate_email(email)
            except ValidationError:
                if not interactive:
                    raise CommandError(
                        f"Adresse électronique invalide : {email}", returncode=2
                    ) from None
                self.stderr.write("Adresse électronique invalide.")
                given = None
                continue
            return email.lower()

    def _password(self, path: Path | None, interactive: bool) -> str:
        if path is not None:
            try:
                lines = path.read_text(encoding="utf-8").splitlines()
            except OSError as exc:
                raise CommandError(
                    f"Fichier du mot de passe illisible : {exc.strerror}", returncode=2
                ) from None
            return lines[0] if lines else ""
        if os.environ.get(PASSWORD_ENV):
            return os.environ[PASSWORD_ENV]
        if not interactive:
            raise CommandError(
                f"Mot de passe manquant : --password-file ou {PASSWORD_ENV}.", returncode=2
            )
        while True:
            first = getpass.getpass("Mot de passe de la direction : ")
            if first and first == getpass.getpass("Mot de passe (encore) : "):
                return first
            self.stderr.write("Les deux saisies diffèrent ou sont vides ; recommencez.")
