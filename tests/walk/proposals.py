from typing import Any

from django.core.files.base import ContentFile
from django.utils import timezone

from councils.models import CompositionProposal
from tests.people import World

# Nobody among the fixed people speaks for the COSP: the readers are refused the form.
PROPOSERS = {
    **{p: {403} for p in ("director", "head", "track_head", "president", "member", "student")},
    "outsider": {404},
    "anonymous": {302},
}

AUDIENCE = {
    "councils:proposals": "readers",
    "councils:propose": PROPOSERS,
    "councils:proposal": "readers",
    "councils:proposal_decide": "signed_in_post_only",
    "councils:proposal_pdf": "readers",
}


def kwargs(w: World) -> dict[str, dict[str, Any]]:
    proposal, created = CompositionProposal.objects.get_or_create(
        council=w.council,
        status="refused",
        defaults={
            "changes": {"remove": [], "add": []},
            "proposed_by": w.director,
            "proposed_at": timezone.now(),
            "decided_by": w.director,
            "decided_at": timezone.now(),
            "reason": "Test",
        },
    )
    if created:
        proposal.decision_pdf.save("decision.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"))
    args = {"pk": w.council.pk, "proposal_pk": proposal.pk}
    return {
        "councils:proposals": {"pk": w.council.pk},
        "councils:propose": {"pk": w.council.pk},
        "councils:proposal": args,
        "councils:proposal_decide": args,
        "councils:proposal_pdf": args,
    }
