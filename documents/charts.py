"""Charts drawn on the server as accessible SVG: a title, a description that states the
trend in words, and always a data table beside them (the template's job)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_CEILING, Decimal

from django.utils.html import escape
from django.utils.translation import get_language
from django.utils.translation import gettext as _

WIDTH, HEIGHT = 520, 240
LEFT, RIGHT, TOP, BOTTOM = 56, 40, 20, 40
COLOURS = ["#5b1f69", "#1b6b35", "#a4161a", "#1f4e99", "#7a5200"]  # ≥ 4.5:1 on white


@dataclass(frozen=True)
class Series:
    label: str
    points: list[tuple[str, Decimal]]  # (academic year, value), in order


def number(value: Decimal, unit: str, places: int = 1) -> str:
    """A value as the reader's language writes it: "12,5 %" in French, "12.5%" in English."""
    text = f"{value:.{places}f}".rstrip("0").rstrip(".")
    if (get_language() or "fr").startswith("fr"):
        return text.replace(".", ",") + (" %" if unit == "percent" else "")
    return text + ("%" if unit == "percent" else "")


def axis(top: Decimal, intervals: int = 4) -> list[Decimal]:
    """The scale's round values, from 0 to at least `top`: steps of 1, 2, 2.5 or 5 times a
    power of ten, so that the labels read 0, 10, 20, 30, 40, never 0, 10,2, 20,4 (issue 10 §2)."""
    if top <= 0:
        return [Decimal(i) for i in range(intervals + 1)]
    rough = top / intervals
    power = Decimal(10) ** (rough.adjusted())
    step = next(
        f * power
        for f in (Decimal(1), Decimal(2), Decimal("2.5"), Decimal(5), Decimal(10))
        if f * power >= rough
    )
    count = (top / step).to_integral_value(rounding=ROUND_CEILING)  # the top is inside
    return [step * i for i in range(int(count) + 1)]


def describe(series: list[Series], unit: str) -> str:
    """The trend in words, for screen readers and for anyone who prefers text."""
    parts = []
    for s in series:
        if not s.points:
            continue
        (y0, v0), (y1, v1) = s.points[0], s.points[-1]
        if len(s.points) == 1:
            parts.append(
                _("%(label)s : %(value)s en %(year)s")
                % {"label": s.label, "value": number(v1, unit), "year": y1}
            )
            continue
        trend = _("en hausse") if v1 > v0 else _("en baisse") if v1 < v0 else _("stable")
        parts.append(
            _("%(label)s : %(first)s en %(y0)s, %(last)s en %(y1)s (%(trend)s)")
            % {
                "label": s.label,
                "first": number(v0, unit),
                "y0": y0,
                "last": number(v1, unit),
                "y1": y1,
                "trend": trend,
            }
        )
    return _(" ; ").join(parts) + "." if parts else _("Aucune donnée.")


def line_chart(chart_id: str, title: str, series: list[Series], unit: str) -> str:
    years = sorted({y for s in series for y, _v in s.points})
    values = [v for s in series for _y, v in s.points]
    desc = describe(series, unit)
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'class="chart" role="img" aria-labelledby="{chart_id}-t {chart_id}-d">'
        f'<title id="{chart_id}-t">{escape(title)}</title>'
        f'<desc id="{chart_id}-d">{escape(desc)}</desc>'
    )
    if not years:
        return head + "</svg>"
    highest = max(values) if values else Decimal(1)
    scale = axis(Decimal(100) if unit == "percent" and highest <= 100 else highest)
    top = scale[-1]
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def x(year: str) -> float:
        return LEFT + (plot_w * years.index(year) / max(len(years) - 1, 1))

    def y(value: Decimal) -> float:
        return TOP + plot_h * (1 - float(value / top))

    parts = [head]
    for level in scale:  # horizontal grid with its round values
        parts.append(
            f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y(level):.1f}" y2="{y(level):.1f}" '
            'stroke="#d6d3da" stroke-width="1"/>'
            f'<text x="{LEFT - 6}" y="{y(level) + 4:.1f}" text-anchor="end" font-size="11" '
            f'fill="#4d4d55">{escape(number(level, unit))}</text>'
        )
    for year in years:
        parts.append(
            f'<text x="{x(year):.1f}" y="{HEIGHT - BOTTOM + 18}" text-anchor="middle" '
            f'font-size="11" fill="#4d4d55">{escape(year)}</text>'
        )
    for n, s in enumerate(series):
        colour = COLOURS[n % len(COLOURS)]
        coords = " ".join(f"{x(yr):.1f},{y(v):.1f}" for yr, v in s.points)
        parts.append(
            f'<polyline points="{coords}" fill="none" stroke="{colour}" stroke-width="2.5"/>'
        )
        for yr, v in s.points:
            parts.append(
                f'<circle cx="{x(yr):.1f}" cy="{y(v):.1f}" r="4" fill="{colour}">'
                f"<title>{escape(s.label)}, {escape(yr)} : "
                f"{escape(number(v, unit))}</title></circle>"
            )
        parts.append(
            f'<text x="{LEFT + 4 + 160 * n}" y="{HEIGHT - 6}" font-size="11" fill="{colour}">'
            f"■ {escape(s.label)}</text>"
        )
    return "".join(parts) + "</svg>"
