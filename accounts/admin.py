from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from accounts.models import User
from accounts.pseudonymise import pseudonymise
from audit.log import record


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "first_name", "last_name", "is_staff", "is_active"]
    search_fields = ["email", "first_name", "last_name", "uid", "eppn"]
    actions = ["pseudonymise"]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Identité"), {"fields": ("first_name", "last_name", "language")}),
        (_("Annuaire"), {"fields": ("sex", "organisation", "uid", "eppn")}),
        (_("Droits"), {"fields": ("is_active", "is_staff", "is_superuser", "groups")}),
        (_("Dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "password1", "password2")}),)

    @admin.action(description=_("Désactiver et pseudonymiser (à la place d’une suppression)"))
    def pseudonymise(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        """A person who acted cannot be deleted (the audit trail names them): they are
        deactivated, their name and address replaced, and they can no longer sign in."""
        with transaction.atomic():
            for user in queryset.select_for_update():
                pseudonymise(user)
                record(request.user, "person.pseudonymised", user)
        count = queryset.count()
        self.message_user(
            request,
            ngettext(
                "%(n)s compte désactivé et pseudonymisé.",
                "%(n)s comptes désactivés et pseudonymisés.",
                count,
            )
            % {"n": count},
            messages.SUCCESS,
        )
