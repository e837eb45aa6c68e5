"""Indicator values from a CSV file: preview, then applied all at once."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User
from audit.log import record
from councils import roles
from councils.models import Council
from documents.csvfiles import CsvError, dict_rows
from evaluation.models import Indicator, Value

COLUMNS = ["indicateur", "parcours", "annee", "valeur", "source"]
REQUIRED = ["indicateur", "parcours", "annee", "valeur"]
YEAR = re.compile(r"^(\d{4})-(\d{4})$")


@dataclass(frozen=True)
class Row:
    line: int
    indicator: Indicator
    track_id: int
    track_name: str
    year: str
    value: Decimal
    source: str
    replaces: Decimal | None


def read(council: Council, data: bytes) -> list[Row]:
    indicators = {i.code: i for i in Indicator.objects.filter(institution=council.institution_id)}
    indicators.update({i.name.lower(): i for i in indicators.values()})
    tracks = {t.name.lower(): t for t in council.tracks.all()}
    existing = {
        (v.indicator_id, v.track_id, v.academic_year): v.value
        for v in Value.objects.filter(track__in=tracks.values())
    }
    rows: list[Row] = []
    seen: dict[tuple[int, int, str], int] = {}
    for line, values in dict_rows(data, REQUIRED):
        indicator = indicators.get(values["indicateur"]) or indicators.get(
            values["indicateur"].lower()
        )
        if indicator is None:
            raise CsvError(
                _("indicateur inconnu « %(v)s »") % {"v": values["indicateur"]}, line, "indicateur"
            )
        track = tracks.get(values["parcours"].lower())
        if track is None:
            raise CsvError(
                _("parcours inconnu de ce conseil « %(v)s »") % {"v": values["parcours"]},
                line,
                "parcours",
            )
        match = YEAR.match(values["annee"])
        if not match or int(match.group(2)) != int(match.group(1)) + 1:
            raise CsvError(_("année universitaire attendue sous la forme 2025-2026"), line, "annee")
        try:
            value = Decimal(values["valeur"].replace(",", ".").replace(" ", "").rstrip("%"))
        except InvalidOperation:
            raise CsvError(_("nombre attendu"), line, "valeur") from None
        if not value.is_finite() or abs(value) >= Decimal("1e8"):
            raise CsvError(_("nombre hors limites"), line, "valeur")
        if indicator.unit == Indicator.Unit.PERCENT and not (0 <= value <= 100):
            raise CsvError(_("un pourcentage est compris entre 0 et 100"), line, "valeur")
        key = (indicator.pk, track.pk, values["annee"])
        if key in seen:
            raise CsvError(_("valeur déjà donnée ligne %(n)s") % {"n": seen[key]}, line)
        seen[key] = line
        rows.append(
            Row(
                line,
                indicator,
                track.pk,
                track.name,
                values["annee"],
                value,
                values.get("source", ""),
                existing.get(key),
            )
        )
    return rows


@transaction.atomic
def apply(council: Council, data: bytes, *, by: User) -> list[Row]:
    if not roles.may_enter_indicators(by, council):
        raise PermissionDenied
    rows = read(council, data)
    for row in rows:
        Value.objects.update_or_create(
            indicator=row.indicator,
            track_id=row.track_id,
            academic_year=row.year,
            defaults={"value": row.value, "source": row.source, "entered_by": by},
        )
    record(by, "indicators.imported", council, council_id=council.pk, summary={"rows": len(rows)})
    return rows
