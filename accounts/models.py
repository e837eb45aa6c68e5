from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> User:
        if not email:
            raise ValueError("email is required")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        if password:
            user.set_password(password)
        else:
            # People added to a council get an account they activate by resetting the password.
            user.set_unusable_password()
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self.create_user(email, password, **extra)

    def get_by_natural_key(self, username: str | None) -> User:
        return self.get(email__iexact=username or "")


class User(AbstractUser):
    """A person: signs in with an e-mail address. Roles come from data, never from a field."""

    username = None  # type: ignore[assignment]
    email = models.EmailField(_("adresse électronique"), unique=True)
    language = models.CharField(
        _("langue"), max_length=8, choices=settings.LANGUAGES, default="fr", blank=True
    )

    # The directory of people (issue 14 §2): who a person is, independent of any seat.
    class Sex(models.TextChoices):
        FEMALE = "F", _("femme")
        MALE = "M", _("homme")

    sex = models.CharField(
        _("sexe"),
        max_length=1,
        choices=Sex.choices,
        blank=True,
        help_text=_("Utile aux règles de parité ; facultatif ailleurs."),
    )
    organisation = models.CharField(
        _("composante ou organisme"),
        max_length=200,
        blank=True,
        help_text=_("Composante de l’université ou organisme extérieur."),
    )
    uid = models.CharField(_("identifiant universitaire (uid)"), max_length=150, blank=True)
    eppn = models.CharField(_("eduPersonPrincipalName"), max_length=254, blank=True)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []  # type: ignore[misc]

    objects = UserManager()  # type: ignore[assignment,misc]

    class Meta:
        verbose_name = _("utilisateur")
        verbose_name_plural = _("utilisateurs")
        ordering = ["last_name", "first_name", "email"]
        constraints = [
            models.UniqueConstraint(fields=["uid"], condition=~Q(uid=""), name="user_uid_unique"),
            models.UniqueConstraint(
                fields=["eppn"], condition=~Q(eppn=""), name="user_eppn_unique"
            ),
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        full = f"{self.first_name} {self.last_name}".strip()
        return full or self.email
