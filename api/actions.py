"""Workflow steps on API tokens: each runs in one transaction and is audited."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from api.models import SHOWN_CHARS, ApiToken, hash_secret, new_secret
from audit.log import record

# Enough for every script a person runs; a bound stops a runaway loop from filling the table.
MAX_ACTIVE_TOKENS = 20


@transaction.atomic
def create_token(user: User, name: str) -> tuple[ApiToken, str]:
    """Return the token and its secret: the caller shows the secret once, it is never stored."""
    name = name.strip()
    if not name:
        raise ValidationError(_("Donnez un nom au jeton."))
    # Lock the person's row so two simultaneous creations cannot both pass the bound.
    User.objects.select_for_update().filter(pk=user.pk).first()
    if ApiToken.objects.active().filter(user=user).count() >= MAX_ACTIVE_TOKENS:
        raise ValidationError(
            _("Vous avez déjà %(n)d jetons actifs : révoquez-en un d’abord.")
            % {"n": MAX_ACTIVE_TOKENS}
        )
    secret = new_secret()
    token = ApiToken.objects.create(
        user=user, name=name, prefix=secret[:SHOWN_CHARS], secret_hash=hash_secret(secret)
    )
    record(user, "api_token.created", token, summary={"name": name, "prefix": token.prefix})
    return token, secret


@transaction.atomic
def revoke_token(token: ApiToken, *, by: User) -> ApiToken:
    if token.user_id != by.pk:
        raise PermissionDenied
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        record(by, "api_token.revoked", token, summary={"name": token.name, "prefix": token.prefix})
    return token
