from typing import Any

from councils.models import Site, SubCouncil
from tests.people import World

KINDS = ["component", "site", "programme", "track", "council", "subcouncil"]

AUDIENCE: dict[str, Any] = {
    "setup:index": "director",
    "setup:import": "director",
    "setup:export_xlsx": "director",
    "setup:export_csv": "director",
    "setup:council_settings": "director",
    "setup:subcouncil_members": "director",
    **{f"setup:{kind}_{page}": "director" for kind in KINDS for page in ("add", "edit", "retire")},
}


def kwargs(w: World) -> dict[str, dict[str, Any]]:
    site, _created = Site.objects.get_or_create(institution=w.institution, name="Site de test")
    subcouncil, _created = SubCouncil.objects.get_or_create(
        council=w.council, site=site, defaults={"name": "Sous-conseil de test"}
    )
    objects = {
        "component": w.inspe,
        "site": site,
        "programme": w.programme,
        "track": w.track,
        "council": w.council,
        "subcouncil": subcouncil,
    }
    return {
        "setup:export_csv": {"sheet": "conseils"},
        "setup:council_settings": {"pk": w.council.pk},
        "setup:subcouncil_members": {"pk": subcouncil.pk},
        **{
            f"setup:{kind}_{page}": {"pk": obj.pk}
            for kind, obj in objects.items()
            for page in ("edit", "retire")
        },
    }
