"""The COSP proposes a CPER's composition; the director decides it, in one signed act.

Each step checks who may (councils.roles), runs in one transaction, locks the row whose state
changes and writes one audit entry; a second click on a decision changes nothing.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

import bylaws
from accounts.models import User
from accounts.notify import notify
from audit.log import record
from councils import mandates, roles
from councils.models import Component, Council, Designation, Membership
from councils.proposals import (
    PROPOSAL_QUOTE,
    PROPOSAL_SOURCE,
    CompositionProposal,
    require_open,
)
from documents import signing
from documents.pdf import render_pdf


class ProposalIllegal(Exception):
    """The composition the changes lead to breaks the council's rules: nothing is saved."""

    def __init__(self, violations: list[bylaws.Violation]) -> None:
        super().__init__(", ".join(v.rule.id for v in violations))
        self.violations = violations


@dataclass(frozen=True)
class Addition:
    person: User
    category: str
    component: Component | None
    employer_representative: bool = False

    def as_json(self) -> dict[str, Any]:
        return {
            "person": self.person.pk,
            "category": self.category,
            "component": self.component.pk if self.component else None,
            "employer_representative": self.employer_representative,
        }


@dataclass(frozen=True)
class Change:
    """One line of a proposal as pages and the decision show it."""

    kind: str  # "remove" or "add"
    key: str  # the membership's pk (remove) or the addition's index (add)
    person: User
    category: str
    component: Component | None
    employer_representative: bool = False


def _additions(council: Council, raw: list[dict[str, Any]]) -> list[Addition]:
    people = User.objects.in_bulk([a["person"] for a in raw])
    components = Component.objects.in_bulk([a["component"] for a in raw if a["component"]])
    return [
        Addition(
            people[a["person"]],
            a["category"],
            components.get(a["component"]) if a["component"] else None,
            bool(a.get("employer_representative")),
        )
        for a in raw
    ]


def changes_of(proposal: CompositionProposal, *, decided: bool = False) -> list[Change]:
    """The proposal's lines (or, once accepted, those the director kept), names resolved."""
    removed = (
        Membership.objects.filter(pk__in=proposal.removed_ids(decided))
        .select_related("person", "component")
        .order_by("category", "person__last_name")
    )
    lines = [
        Change("remove", str(m.pk), m.person, m.category, m.component, m.employer_representative)
        for m in removed
    ]
    raw = proposal.additions(decided)
    for index, addition in enumerate(_additions(proposal.council, raw)):
        key = str(raw[index].get("index", index))
        lines.append(
            Change(
                "add",
                key,
                addition.person,
                addition.category,
                addition.component,
                addition.employer_representative,
            )
        )
    return lines


def check_changes(
    council: Council, remove: set[int], add: list[Addition], on: dt.date
) -> list[bylaws.Violation]:
    """Refuse what cannot be a change of this council (ValidationError); return the rules the
    composition after the changes would break."""
    current = council.current_memberships()
    if not remove <= {m.pk for m in current}:
        raise ValidationError(_("Un siège à retirer ne fait pas partie de la composition."))
    staying = {m.person_id for m in current if m.pk not in remove}
    seen: set[int] = set()
    for addition in add:
        if addition.category not in council.pack.categories:
            raise ValidationError(_("Catégorie inconnue pour ce type de conseil."))
        component = addition.component
        if component is not None and component.institution_id != council.institution_id:
            raise ValidationError(_("Cette composante n’appartient pas à l’établissement."))
        if addition.person.pk in staying or addition.person.pk in seen:
            raise ValidationError(
                _("%(name)s siège déjà dans ce conseil.") % {"name": addition.person.display_name}
            )
        seen.add(addition.person.pk)
    after = [m for m in current if m.pk not in remove] + [
        Membership(
            council=council,
            person=a.person,
            category=a.category,
            component=a.component,
            employer_representative=a.employer_representative,
            start_date=on,
        )
        for a in add
    ]
    return bylaws.check(council.composition(after))


@transaction.atomic
def propose(
    council: Council,
    *,
    remove: set[int],
    add: list[Addition],
    motivation: str,
    by: User,
) -> CompositionProposal:
    if not roles.may_propose_composition(by, council):
        raise PermissionDenied
    Council.objects.select_for_update().filter(pk=council.pk).first()  # one proposal at a time
    if CompositionProposal.objects.filter(council=council, status="proposed").exists():
        raise ValidationError(
            _("Une proposition attend déjà la décision de la direction pour ce conseil.")
        )
    if not remove and not add:
        raise ValidationError(_("La proposition ne change rien à la composition actuelle."))
    violations = check_changes(council, remove, add, timezone.localdate())
    if violations:
        raise ProposalIllegal(violations)
    proposal = CompositionProposal.objects.create(
        council=council,
        changes={"remove": sorted(remove), "add": [a.as_json() for a in add]},
        motivation=motivation.strip(),
        proposed_by=by,
        proposed_at=timezone.now(),
    )
    record(
        by,
        "composition.proposed",
        proposal,
        council_id=council.pk,
        summary={"remove": sorted(remove), "add": len(add)},
    )
    director = council.institution.director
    if director is not None:
        notify(
            [director],
            gettext_lazy("Proposition de composition du COSP à décider"),
            "councils/emails/composition_proposed.txt",
            {"proposal": proposal, "council": council, "link": _link(proposal)},
        )
    return proposal


def _kept(proposal: CompositionProposal, remove: set[int], add: set[int]) -> dict[str, Any]:
    """The director's modification: the lines of the proposal kept (never new ones)."""
    removed = [pk for pk in proposal.removed_ids() if pk in remove]
    added = [{**a, "index": i} for i, a in enumerate(proposal.additions()) if i in add]
    return {"remove": removed, "add": added}


def _apply(proposal: CompositionProposal, on: dt.date, *, by: User) -> None:
    """End the removed seats and open the added ones on the effective date, each new seat
    with its designation act."""
    council = proposal.council
    seats = Membership.objects.select_for_update().filter(pk__in=proposal.removed_ids(True))
    for seat in seats:
        if seat.start_date >= on:
            raise ValidationError(
                _("Le mandat de %(name)s commence le jour de la décision ou après.")
                % {"name": seat.person.display_name}
            )
        if seat.end_date is None or seat.end_date > on:
            seat.end_date = on
            seat.save(update_fields=["end_date"])
    policy = mandates.policy(council.council_type)
    reference = _("Décision n° %(n)s du %(date)s") % {
        "n": proposal.pk,
        "date": on.strftime("%d/%m/%Y"),
    }
    for addition in _additions(council, proposal.additions(True)):
        term_end = policy.term_end(addition.category, on)
        seat = Membership.objects.create(
            council=council,
            person=addition.person,
            category=addition.category,
            component=addition.component,
            employer_representative=addition.employer_representative,
            start_date=on,
            term_end=term_end,
            end_date=mandates.planned_end(council, term_end),
        )
        Designation.objects.create(
            council=council,
            membership=seat,
            kind=Designation.Kind.FIRST,
            designated_by=(
                _("La directrice de l’institut, sur proposition du COSP")
                if by.sex == "F"
                else _("Le directeur de l’institut, sur proposition du COSP")
            ),
            designated_on=on,
            basis=f"{PROPOSAL_SOURCE} : « {PROPOSAL_QUOTE} »",
            reference=reference,
            recorded_by=by,
        )


def _sign(proposal: CompositionProposal, *, by: User) -> None:
    try:
        identity = signing.configured_identity()
    except signing.SigningNotConfigured as exc:
        raise ValidationError(exc.for_users()) from exc
    pdf = render_pdf(
        "councils/proposals/decision_pdf.html",
        {
            "proposal": proposal,
            "council": proposal.council,
            "changes": changes_of(proposal, decided=True),
            "quote": PROPOSAL_QUOTE,
            "source": PROPOSAL_SOURCE,
            "demo": identity.is_demo,
            "brand_logo": settings.BRAND_LOGO,
            "director_title": _("directrice de l’institut")
            if by.sex == "F"
            else _("directeur de l’institut"),
        },
    )
    signed = signing.sign_pdf(
        pdf,
        identity=identity,
        name=by.display_name,
        reason=f"Décision sur la composition — {proposal.council.name}",
        location=proposal.council.institution.name,
    )
    proposal.decision_pdf.save(f"decision-{proposal.pk}.pdf", ContentFile(signed), save=False)
    proposal.decision_sha256 = hashlib.sha256(signed).hexdigest()


@transaction.atomic
def decide(
    proposal: CompositionProposal,
    *,
    accept: bool,
    by: User,
    keep_remove: set[int] | None = None,
    keep_add: set[int] | None = None,
    reason: str = "",
    effective_on: dt.date | None = None,
) -> tuple[CompositionProposal, bool]:
    """Accept (keeping all the changes, or those given) or refuse with a reason, sign, apply.
    Returns the proposal and whether this call decided it (False: already decided so)."""
    if not roles.may_decide_composition(by, proposal.council):
        raise PermissionDenied
    proposal = (
        CompositionProposal.objects.select_for_update()
        .select_related("council__institution")
        .get(pk=proposal.pk)
    )
    wanted = CompositionProposal.Status.ACCEPTED if accept else CompositionProposal.Status.REFUSED
    if proposal.status == wanted:
        return proposal, False  # a second click: decided once
    require_open(proposal)
    today = timezone.localdate()
    on = effective_on or today
    if on < today:
        raise ValidationError(_("La décision ne peut pas prendre effet dans le passé."))
    if not accept and not reason.strip():
        raise ValidationError(_("Indiquez le motif du refus."))
    proposal.status = wanted
    proposal.decided_by = by
    proposal.decided_at = timezone.now()
    proposal.reason = reason.strip()
    if accept:
        proposal.effective_on = on
        proposal.kept = _kept(
            proposal,
            set(proposal.removed_ids()) if keep_remove is None else keep_remove,
            set(range(len(proposal.additions()))) if keep_add is None else keep_add,
        )
        if not proposal.kept["remove"] and not proposal.kept["add"]:
            raise ValidationError(_("Gardez au moins un changement, ou refusez la proposition."))
        remove = set(proposal.removed_ids(True))
        add = _additions(proposal.council, proposal.additions(True))
        violations = check_changes(proposal.council, remove, add, on)
        if violations:
            raise ProposalIllegal(violations)
        _apply(proposal, on, by=by)
    _sign(proposal, by=by)
    proposal.save()
    record(
        by,
        "composition.decided",
        proposal,
        council_id=proposal.council_id,
        summary={
            "decision": proposal.status,
            "kept": proposal.kept,
            "reason": proposal.reason,
            "sha256": proposal.decision_sha256,
        },
    )
    notify(
        [proposal.proposed_by],
        gettext_lazy("Décision de la direction sur la composition proposée"),
        "councils/emails/composition_decided.txt",
        {"proposal": proposal, "council": proposal.council, "link": _link(proposal)},
    )
    return proposal, True


def _link(proposal: CompositionProposal) -> str:
    return settings.SITE_URL + reverse("councils:proposal", args=[proposal.council_id, proposal.pk])
