"""The yearly evidence pack of a council: its trainings' indicators and their trend, the
meetings held and their attendance, the recommendations and the answers they received."""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Prefetch
from django.utils import timezone

from accounts.models import User
from councils.models import Council
from documents.charts import Series, line_chart, number
from documents.csvfiles import safe_writer
from evaluation.models import Indicator, Value
from meetings.models import Answer, Meeting, academic_year_of
from recommendations.models import Recommendation, Routing
from sittings.models import Attendance

YEARS_SHOWN = 5

# Why the pack names the observatory: the INSPE's bylaws (CPER page, the seed), word for word.
OBSERVATORY_QUOTE = (
    "Un CPER a pour objectif de coordonner la mise en œuvre du plan de formation, "
    "l’évaluation de son exécution (en\u00a0collaboration avec l’observatoire des formations)"
)  # the page has a no-break space after "(en"
OBSERVATORY_SOURCE = "Règlement intérieur de l’Inspé, conseils de perfectionnement"


@dataclass
class IndicatorBlock:
    indicator: Indicator
    series: list[Series]
    years: list[str]
    chart: str

    def table(self) -> list[tuple[str, list[str]]]:
        """Rows: one per year; columns: one per track (the chart's data, as text)."""
        rows = []
        for year in self.years:
            cells = []
            for s in self.series:
                value = dict(s.points).get(year)
                cells.append("—" if value is None else _plain(value, self.indicator.unit))
            rows.append((year, cells))
        return rows


@dataclass
class MeetingLine:
    meeting: Meeting
    expected: int  # answered present or remote
    voting: int
    answered: int  # nobody answered: the rate is unknown, not zero
    recorded: bool = False  # taken in the room rather than announced

    @property
    def rate(self) -> int | None:
        return round(100 * self.expected / self.voting) if self.voting and self.answered else None


@dataclass
class Pack:
    council: Council
    year: str
    indicators: list[IndicatorBlock] = field(default_factory=list)
    meetings: list[MeetingLine] = field(default_factory=list)
    recommendations: list[Recommendation] = field(default_factory=list)
    observatory: list[User] = field(default_factory=list)
    observatory_quote: str = OBSERVATORY_QUOTE
    observatory_source: str = OBSERVATORY_SOURCE


def _plain(value: Decimal, unit: str) -> str:
    return number(value, unit, places=2)


def previous_years(year: str, n: int = YEARS_SHOWN) -> list[str]:
    start = int(year[:4])
    return [f"{y}-{y + 1}" for y in range(start - n + 1, start + 1)]


def current_year() -> str:
    return academic_year_of(timezone.localdate())


def build(council: Council, year: str) -> Pack:
    pack = Pack(council=council, year=year)
    pack.observatory = list(
        User.objects.filter(observatory_seats__institution=council.institution_id).order_by(
            "last_name", "first_name", "pk"
        )
    )
    tracks = list(council.tracks.all())
    years = previous_years(year)
    values = Value.objects.filter(track__in=tracks, academic_year__in=years).select_related(
        "indicator"
    )
    by_indicator: dict[int, list[Value]] = {}
    for v in values:
        by_indicator.setdefault(v.indicator_id, []).append(v)
    for indicator in Indicator.objects.filter(pk__in=by_indicator).order_by("pk"):
        series = []
        for track in tracks:
            points = sorted(
                (v.academic_year, v.value)
                for v in by_indicator[indicator.pk]
                if v.track_id == track.pk
            )
            if points:
                series.append(Series(track.name, points))
        shown = sorted({y for s in series for y, _v in s.points})
        chart = line_chart(f"ind-{indicator.pk}", indicator.label, series, indicator.unit)
        pack.indicators.append(IndicatorBlock(indicator, series, shown, chart))
    voting = sum(1 for m in council.current_memberships() if m.voting)
    meetings = (
        council.meetings.filter(academic_year=year)
        .exclude(status=Meeting.Status.CANCELLED)
        .filter(starts_at__lte=timezone.now())
        .prefetch_related(
            Prefetch("answers", queryset=Answer.objects.select_related("membership")),
            Prefetch("attendances", queryset=Attendance.objects.select_related("membership")),
        )
        .order_by("starts_at")
    )
    # Guests without a vote are not counted against the voting members (issue 10 §1.4): the
    # pack counts as the room does.
    non_voting = council.pack.non_voting
    for meeting in meetings:
        # The attendance taken in the room when there is one, else what members announced.
        recorded = [
            a.status for a in meeting.attendances.all() if a.membership.category not in non_voting
        ]
        reported = recorded or [
            a.response for a in meeting.answers.all() if a.membership.category not in non_voting
        ]
        expected = sum(1 for status in reported if status in ("present", "remote"))
        pack.meetings.append(
            MeetingLine(meeting, expected, voting, len(reported), recorded=bool(recorded))
        )
    pack.recommendations = list(
        Recommendation.objects.filter(council=council, meeting__academic_year=year)
        .prefetch_related(Prefetch("routings", queryset=Routing.objects.select_related("body")))
        .order_by("adopted_on")
    )
    return pack


def figures_csv(pack: Pack) -> str:
    out = io.StringIO()
    writer = safe_writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(["rubrique", "libelle", "parcours", "annee", "valeur"])
    for block in pack.indicators:
        for s in block.series:
            for year, value in s.points:
                writer.writerow(["indicateur", block.indicator.name, s.label, year, str(value)])
    for line in pack.meetings:
        writer.writerow(
            [
                "seance",
                line.meeting.starts_at.date().isoformat(),
                "",
                pack.year,
                "" if line.rate is None else line.rate,
            ]
        )
    return "\ufeff" + out.getvalue()
