"""The composition of a CPER as an act: proposed by the COSP, decided by the director.

The seed page: « Le nombre et la composition des conseils de perfectionnement sont arrêtés par
le.la directeur.rice sur proposition du conseil d’orientation scientifique et pédagogique. »

A proposal lists changes to the council's current composition (seats to end, seats to add);
the director accepts it (keeping all or part of the changes) or refuses it with a reason. The
decision is a signed PDF; the seats change on the decision's effective date, each new seat
with its designation act. The states and the one transition live here:

    proposed → accepted | refused

The database allows one open proposal per council (a second one waits for the decision).
"""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from conseils.compiled import Compiled, first_of
from documents.storage import private_storage

# councils.models imports this module (so that Django finds the model): the council is named
# by its label here, never imported.

SEED_DOCUMENT = "inspe-aix-marseille-cper.fr.txt"
PROPOSAL_QUOTE = (
    "Le nombre et la composition des conseils de perfectionnement sont arrêtés par "
    "le.la directeur.rice sur proposition du conseil d’orientation scientifique et "
    "pédagogique."
)
PROPOSAL_SOURCE = "INSPE d'Aix-Marseille, conseils de perfectionnement"
# The council types whose composition the COSP proposes: the CPERs.
PROPOSED_BY_COSP = frozenset({"cper"})


def decision_path(instance: CompositionProposal, filename: str) -> str:
    return f"councils/{instance.council_id}/decisions/{uuid.uuid4().hex}.pdf"


class CompositionProposal(models.Model):
    class Status(models.TextChoices):
        PROPOSED = "proposed", gettext_lazy("proposée, en attente de la décision")
        ACCEPTED = "accepted", gettext_lazy("acceptée par décision de la direction")
        REFUSED = "refused", gettext_lazy("refusée par décision de la direction")

    council = models.ForeignKey(
        "councils.Council", on_delete=models.PROTECT, related_name="proposals"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PROPOSED)
    # {"remove": [membership pk…], "add": [{"person", "category", "component",
    #  "employer_representative"}…]}: what the COSP proposes, and what the director kept.
    changes = models.JSONField(default=dict)
    kept = models.JSONField(null=True, blank=True)
    motivation = models.TextField(gettext_lazy("motivation"), blank=True)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    proposed_at = models.DateTimeField()
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    effective_on = models.DateField(null=True, blank=True)
    reason = models.TextField(gettext_lazy("motif"), blank=True)
    decision_pdf = models.FileField(storage=private_storage, upload_to=decision_path, blank=True)
    decision_sha256 = models.CharField(max_length=64, blank=True)

    class Meta:
        verbose_name = gettext_lazy("proposition de composition")
        verbose_name_plural = gettext_lazy("propositions de composition")
        ordering = ["-proposed_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["council"],
                condition=Q(status="proposed"),
                name="one_open_composition_proposal_per_council",
            ),
            models.CheckConstraint(
                condition=Q(status="proposed") | Q(decided_at__isnull=False),
                name="composition_decision_has_a_date",
            ),
        ]

    def __str__(self) -> str:
        return _("Proposition de composition n° %(n)s — %(council)s") % {
            "n": self.pk,
            "council": self.council,
        }

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.PROPOSED

    def removed_ids(self, decided: bool = False) -> list[int]:
        source = self.kept if decided and self.kept is not None else self.changes
        return [int(pk) for pk in source.get("remove", [])]

    def additions(self, decided: bool = False) -> list[dict[str, Any]]:
        source = self.kept if decided and self.kept is not None else self.changes
        return list(source.get("add", []))


class DecisionRefused(Exception):
    """The proposal's state forbids deciding it; the message names that state (409)."""


def require_open(proposal: CompositionProposal) -> None:
    """The one transition: only a proposal awaiting its decision can be decided."""
    if not proposal.is_open:
        raise DecisionRefused(
            _("La proposition est %(state)s : elle ne peut plus être décidée.")
            % {"state": proposal.get_status_display()}
        )


# Compiled once a day (conseils.compiled): every council page built and compiled it anew.
_decision: Compiled[CompositionProposal] = Compiled(
    CompositionProposal,
    lambda council: first_of(
        CompositionProposal.objects.filter(council=council, status="accepted")
        .select_related("decided_by", "proposed_by")
        .order_by("-decided_at", "-pk")
    ),
)


def decision_followed(council: Any) -> CompositionProposal | None:
    """The latest accepted decision the council's composition follows, if any."""
    return _decision.first(council.pk)
