"""Read rule packs (TOML files in ``packs/``) and check a composition against them."""

from __future__ import annotations

import json
import re
import sys
import tomllib
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from fractions import Fraction
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

PACKS_DIR = Path(__file__).parent / "packs"
SOURCES_DIR = Path(__file__).parent / "sources"


class UnknownCouncilType(ValueError):
    """No rule pack exists for this council type."""


class InputError(ValueError):
    """A composition cannot be read; ``field`` names the faulty part of the input."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


@dataclass(frozen=True, slots=True)
class Replaced:
    """The member a replacement succeeds, and the end of that member's mandate."""

    name: str
    mandate_end: date


@dataclass(frozen=True, slots=True)
class Member:
    name: str
    category: str
    component: str | None = None
    president: bool = False
    employer_representative: bool = False
    # Only the packs that need them read the fields below (the INSPE councils' packs).
    sex: str | None = None  # "F" or "M"
    establishment: str | None = None
    designated_by: str | None = None
    institute_hours: float | None = None
    service_share: float | None = None
    enrolled: bool | None = None
    mandate_start: date | None = None
    mandate_end: date | None = None
    consecutive_absences: int | None = None
    quality_lost: bool | None = None
    replaces: Replaced | None = None


@dataclass(frozen=True, slots=True)
class Composition:
    council_type: str
    name: str
    components: tuple[str, ...]
    members: tuple[Member, ...]
    establishment: str | None = None  # the institute's establishment (INSPE councils)
    partners: tuple[str, ...] = ()
    as_of: date | None = None

    def as_dict(self) -> dict[str, Any]:
        """The input format of `conseils compose check`, so that export then check round-trips.
        The fields of the INSPE councils appear only when set: a CPER exports as before."""
        data: dict[str, Any] = {
            "council_type": self.council_type,
            "name": self.name,
            "components": list(self.components),
        }
        if self.establishment is not None:
            data |= {"establishment": self.establishment, "partners": list(self.partners)}
        if self.as_of is not None:
            data["as_of"] = self.as_of.isoformat()
        data["members"] = [_member_dict(m) for m in self.members]
        return data


_OPTIONAL_FIELDS = (
    "sex",
    "establishment",
    "designated_by",
    "institute_hours",
    "service_share",
    "enrolled",
    "mandate_start",
    "mandate_end",
    "consecutive_absences",
    "quality_lost",
)


def _member_dict(m: Member) -> dict[str, Any]:
    data: dict[str, Any] = {
        "name": m.name,
        "category": m.category,
        "component": m.component,
        "president": m.president,
        "employer_representative": m.employer_representative,
    }
    for key in _OPTIONAL_FIELDS:
        value = getattr(m, key)
        if value is not None:
            data[key] = value.isoformat() if isinstance(value, date) else value
    if m.replaces is not None:
        data["replaces"] = {
            "name": m.replaces.name,
            "mandate_end": m.replaces.mandate_end.isoformat(),
        }
    return data


@dataclass(frozen=True, slots=True)
class Citation:
    source: str
    quote: str
    document: str | None = None  # a file of sources/ that holds the quote
    code_line: int | None = None  # or the source_line of an article of the Code de l'éducation

    def as_dict(self) -> dict[str, Any]:
        if self.code_line is None:
            return {"source": self.source, "quote": self.quote}
        return {"source": self.source, "source_line": self.code_line, "quote": self.quote}


@dataclass(frozen=True, slots=True)
class Rule:
    id: str
    kind: str
    messages: Mapping[str, str]
    citation: Citation
    categories: tuple[str, ...] = ()
    min: float | None = None
    max: float | None = None
    labels: Mapping[str, str] = field(default_factory=dict)
    values: tuple[int, ...] = ()  # `count`: the allowed counts, when they are not a range
    versus: tuple[str, ...] = ()  # `equal`: the categories counted against `categories`
    share: Fraction | None = None  # `share`: the share of the counted members
    exact: bool = False  # `share`: exactly that share, not at least
    member_field: str | None = None  # `field_range`, `flag`: the member field the rule reads
    value: Any = None  # `flag`: the value that breaks the rule
    years: int = 0  # `mandate_length`
    years_by_category: Mapping[str, int] = field(default_factory=dict)

    def label(self, lang: str = "fr") -> str:
        return self.labels.get(lang) or self.labels.get("fr") or self.id


@dataclass(frozen=True, slots=True)
class Violation:
    rule: Rule
    members: tuple[str, ...] = ()
    details: Mapping[str, str] = field(default_factory=dict)

    def message(self, lang: str = "fr") -> str:
        template = self.rule.messages.get(lang) or self.rule.messages["fr"]
        return template.format(**self.details)

    def as_dict(self, lang: str = "fr") -> dict[str, Any]:
        return {
            "rule": self.rule.id,
            "message": self.message(lang),
            "citation": self.rule.citation.as_dict(),
            "members": list(self.members),
        }


@dataclass(frozen=True, slots=True)
class RuleResult:
    """One rule applied to one composition: the UI shows each as green or red."""

    rule: Rule
    violation: Violation | None

    @property
    def ok(self) -> bool:
        return self.violation is None


@dataclass(frozen=True, slots=True)
class Pack:
    council_type: str
    names: Mapping[str, str]
    categories: Mapping[str, Mapping[str, str]]  # id -> {"fr": label, "en": label}
    non_voting: frozenset[str]
    rules: tuple[Rule, ...]
    # What the input must carry (the CPER's defaults: components, no sex, no establishment).
    components_required: bool = True
    sex_required: bool = False
    establishment_required: bool = False
    category_fields: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    # What `compose check` reports under "counts" (None: no counts, the CPER's format).
    count_groups: Mapping[str, tuple[str, ...]] | None = None
    counts_by_establishment: tuple[str, ...] = ()

    def name(self, lang: str = "fr") -> str:
        return self.names.get(lang) or self.names["fr"]

    def category_label(self, category: str, lang: str = "fr") -> str:
        labels = self.categories.get(category, {})
        return labels.get(lang) or labels.get("fr") or category


# --- rule kinds -------------------------------------------------------------------------------
# Each kind gets the rule, the composition and a precomputed view of it; it returns the
# violation or None.


@dataclass(slots=True)
class _View:
    voting: list[Member]
    by_category: dict[str, int]  # counted members by category (absent: none)
    presidents: list[Member]
    women: int
    men: int
    members_of: dict[str, list[Member]]  # counted members by category


def _out_of_range(rule: Rule, count: int) -> bool:
    return (rule.min is not None and count < rule.min) or (
        rule.max is not None and count > rule.max
    )


def _range_details(rule: Rule, count: int) -> dict[str, str]:
    return {"count": str(count), "min": str(rule.min), "max": str(rule.max)}


def _total(rule: Rule, comp: Composition, view: _View) -> Violation | None:
    count = len(view.voting)
    if not _out_of_range(rule, count):
        return None
    return Violation(rule, details=_range_details(rule, count))


def _sum(view: _View, categories: tuple[str, ...]) -> int:
    by = view.by_category
    if len(categories) == 1:
        return by.get(categories[0], 0)
    return sum(by.get(c, 0) for c in categories)


def _count(rule: Rule, comp: Composition, view: _View) -> Violation | None:
    categories = rule.categories
    if len(categories) == 1:
        count = view.by_category.get(categories[0], 0)
    else:
        count = _sum(view, categories)
    if rule.values:
        if count in rule.values:
            return None
        values = " ou ".join(str(v) for v in rule.values)
        return Violation(rule, details={"count": str(count), "values": values})
    if not _out_of_range(rule, count):
        return None
    involved = () if rule.max is None or count <= rule.max else _names(comp, rule.categories)
    return Violation(rule, members=involved, details=_range_details(rule, count))


def _each_component(rule: Rule, comp: Composition, view: _View) -> Violation | None:
    present = {m.component for m in comp.members if m.category in rule.categories}
    missing = [c for c in comp.components if c not in present]
    if not missing:
        return None
    return Violation(rule, details={"components": ", ".join(missing)})


def _president_count(rule: Rule, comp: Composition, view: _View) -> Violation | None:
    count = len(view.presidents)
    if not _out_of_range(rule, count):
        return None
    names = tuple(m.name for m in view.presidents) if count > 1 else ()
    return Violation(rule, members=names, details=_range_details(rule, count))


def _president_eligibility(rule: Rule, comp: Composition, view: _View) -> Violation | None:
    wrong = tuple(
        m.name
        for m in view.presidents
        if not (m.employer_representative or m.category in rule.categories)
    )
    if not wrong:
        return None
    return Violation(rule, members=wrong, details={"names": ", ".join(wrong)})


def _names(comp: Composition, categories: Iterable[str]) -> tuple[str, ...]:
    wanted = set(categories)
    return tuple(m.name for m in comp.members if m.category in wanted)


def _share(rule: Rule, comp: Composition, view: _View) -> Violation | None:
    """`categories` make at least (or, with `exact`, exactly) `share` of the counted members."""
    assert rule.share is not None
    count = _sum(view, rule.categories)
    total = len(view.voting)
    scaled, needed = count * rule.share.denominator, total * rule.share.numerator
    if scaled == needed or (scaled > needed and not rule.exact):
        return None
    details = {"count": str(count), "total": str(total), "share": f"{float(rule.share):.0%}"}
    return Violation(rule, details=details)


def _equal(rule: Rule, comp: Composition, view: _View) -> Violation | None:
    count = _sum(view, rule.categories)
    other = _sum(view, rule.versus)
    if count == other:
        return None
    return Violation(rule, details={"count": str(count), "other": str(other)})


def _parity(rule: Rule, comp: Composition, view: _View) -> Violation | None:
    women, men = view.women, view.men
    if women == men:
        return None
    return Violation(rule, details={"women": str(women), "men": str(men)})


def _partner(rule: Rule, comp: Composition, view: _View) -> Violation | None:
    """Members of `categories` are designated by a declared partner establishment."""
    wrong = tuple(
        m.name
        for m in _concerned(rule, view)
        if not comp.partners or (m.designated_by and m.designated_by not in comp.partners)
    )
    if not wrong:
        return None
    partners = ", ".join(comp.partners) or "—"
    return Violation(rule, members=wrong, details={"names": ", ".join(wrong), "partners": partners})


def _concerned(rule: Rule, view: _View) -> list[Member]:
    if not rule.categories:
        return view.voting
    if len(rule.categories) == 1:
        return view.members_of.get(rule.categories[0], [])
    return [m for c in rule.categories for m in view.members_of.get(c, ())]


def _field_range(rule: Rule, comp: Composition, view: _View) -> Violation | None:
    """A numeric member field, when given, lies within [min, max]."""
    assert rule.member_field is not None
    field_name, low, high = rule.member_field, rule.min, rule.max
    wrong = tuple(
        m.name
        for m in _concerned(rule, view)
        if (value := getattr(m, field_name)) is not None
        and ((low is not None and value < low) or (high is not None and value > high))
    )
    if not wrong:
        return None
    return Violation(rule, members=wrong, details={"names": ", ".join(wrong)})


def _flagged(rule: Rule, comp: Composition, view: _View) -> Violation | None:
    """A member field, when given, does not hold the value that breaks the rule."""
    assert rule.member_field is not None
    field_name = rule.member_field
    wrong = tuple(m.name for m in _concerned(rule, view) if getattr(m, field_name) == rule.value)
    if not wrong:
        return None
    return Violation(rule, members=wrong, details={"names": ", ".join(wrong)})


@lru_cache(maxsize=4096)
def add_years(day: date, years: int) -> date:
    """The same calendar day `years` later; 29 February becomes 28 February."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def _mandate_length(rule: Rule, comp: Composition, view: _View) -> Violation | None:
    years, by_category = rule.years, rule.years_by_category
    wrong = []
    for m in view.voting:
        end = m.mandate_end
        if end is None or (start := m.mandate_start) is None:
            continue
        term = by_category.get(m.category, years) if by_category else years
        # n calendar years last 365·n days plus one per 29 February crossed: between n // 4 and
        # (n + 3) // 4 of them. Only a length in between needs the calendar.
        days = (end - start).days
        if days <= 365 * term + term // 4:
            continue
        if days > 365 * term + (term + 3) // 4 or end > add_years(start, term):
            wrong.append(m.name)
    if not wrong:
        return None
    return Violation(rule, members=tuple(wrong), details={"names": ", ".join(wrong)})


def _remaining_term(rule: Rule, comp: Composition, view: _View) -> Violation | None:
    wrong = tuple(
        m.name
        for m in view.voting
        if m.replaces is not None and m.mandate_end != m.replaces.mandate_end
    )
    if not wrong:
        return None
    return Violation(rule, members=wrong, details={"names": ", ".join(wrong)})


def _establishments(comp: Composition) -> tuple[str, ...]:
    return ((comp.establishment,) if comp.establishment else ()) + comp.partners


def _balance(rule: Rule, comp: Composition, view: _View) -> Violation | None:
    """As many members of `categories` for the establishment as for each partner."""
    per = Counter(m.establishment for m in _concerned(rule, view))
    counts = [per[e] for e in _establishments(comp)]
    if len(set(counts)) <= 1:
        return None
    shown = ", ".join(f"{e} : {per[e]}" for e in _establishments(comp))
    return Violation(rule, details={"counts": shown})


def _member_establishment(rule: Rule, comp: Composition, view: _View) -> Violation | None:
    known = _establishments(comp)
    wrong = tuple(m.name for m in _concerned(rule, view) if m.establishment not in known)
    if not wrong:
        return None
    return Violation(rule, members=wrong, details={"names": ", ".join(wrong)})


KINDS: dict[str, Callable[[Rule, Composition, _View], Violation | None]] = {
    "total": _total,
    "count": _count,
    "each_component": _each_component,
    "president_count": _president_count,
    "president_eligibility": _president_eligibility,
    "share": _share,
    "equal": _equal,
    "parity": _parity,
    "partner": _partner,
    "field_range": _field_range,
    "flag": _flagged,
    "mandate_length": _mandate_length,
    "remaining_term": _remaining_term,
    "balance": _balance,
    "member_establishment": _member_establishment,
}


# --- loading ----------------------------------------------------------------------------------


def available_council_types() -> list[str]:
    return sorted(p.stem for p in PACKS_DIR.glob("*.toml"))


@cache
def load_pack(council_type: str) -> Pack:
    if council_type not in available_council_types():
        raise UnknownCouncilType(council_type)
    data = tomllib.loads((PACKS_DIR / f"{council_type}.toml").read_text(encoding="utf-8"))
    return _pack_from_data(council_type, data)


def _pack_from_data(council_type: str, data: dict[str, Any]) -> Pack:
    rules = []
    for raw in data["rule"]:
        if raw["kind"] not in KINDS:
            raise ValueError(f"pack {council_type}: rule {raw['id']}: unknown kind {raw['kind']}")
        cit = raw["citation"]
        rules.append(
            Rule(
                id=raw["id"],
                kind=raw["kind"],
                messages=raw["message"],
                labels=raw.get("label", {}),
                citation=Citation(
                    source=cit["source"],
                    quote=cit["quote"],
                    document=cit.get("document"),
                    code_line=cit.get("code_line"),
                ),
                categories=tuple(raw.get("categories", ())),
                min=raw.get("min"),
                max=raw.get("max"),
                values=tuple(raw.get("values", ())),
                versus=tuple(raw.get("versus", ())),
                share=Fraction(raw["share"]) if "share" in raw else None,
                exact=raw.get("exact", False),
                member_field=raw.get("field"),
                value=raw.get("value"),
                years=raw.get("years", 0),
                years_by_category=raw.get("years_by_category", {}),
            )
        )
    groups = data.get("counts")
    return Pack(
        council_type=council_type,
        names=data["name"],
        categories=data["categories"],
        non_voting=frozenset(data.get("non_voting", ())),
        rules=tuple(rules),
        components_required=data.get("components_required", True),
        sex_required=data.get("sex_required", False),
        establishment_required=data.get("establishment_required", False),
        category_fields={k: tuple(v) for k, v in data.get("category_fields", {}).items()},
        count_groups=None
        if groups is None
        else {k: tuple(v) for k, v in groups.get("groups", {}).items()},
        counts_by_establishment=tuple(groups.get("by_establishment", ())) if groups else (),
    )


# --- checking ---------------------------------------------------------------------------------


@cache
def _checks(
    council_type: str,
) -> list[tuple[Rule, Callable[[Rule, Composition, _View], Violation | None]]]:
    return [(rule, KINDS[rule.kind]) for rule in load_pack(council_type).rules]


def _view(comp: Composition, non_voting: frozenset[str]) -> _View:
    voting: list[Member] = []
    members_of: dict[str, list[Member]] = {}
    presidents: list[Member] = []
    women = men = 0
    for m in comp.members:
        if m.president:
            presidents.append(m)
        if m.category in non_voting:
            continue
        voting.append(m)
        group = members_of.get(m.category)
        if group is None:
            members_of[m.category] = [m]
        else:
            group.append(m)
        if m.sex == "F":
            women += 1
        elif m.sex == "M":
            men += 1
    by_category = {c: len(ms) for c, ms in members_of.items()}
    return _View(voting, by_category, presidents, women, men, members_of)


def evaluate(comp: Composition) -> list[RuleResult]:
    pack = load_pack(comp.council_type)
    view = _view(comp, pack.non_voting)
    return [RuleResult(rule, KINDS[rule.kind](rule, comp, view)) for rule in pack.rules]


def check(comp: Composition) -> list[Violation]:
    """The violations alone: what `evaluate` finds, without the rules that hold."""
    pack = load_pack(comp.council_type)
    view = _view(comp, pack.non_voting)
    found = []
    for rule, kind in _checks(comp.council_type):
        violation = kind(rule, comp, view)
        if violation is not None:
            found.append(violation)
    return found


def counts(comp: Composition) -> dict[str, Any] | None:
    """The figures `compose check` reports beside the violations (None for the CPER format)."""
    pack = load_pack(comp.council_type)
    if pack.count_groups is None:
        return None
    voting = [m for m in comp.members if m.category not in pack.non_voting]
    by_sex = Counter(m.sex for m in voting)
    out: dict[str, Any] = {
        "total": len(voting),
        "women": by_sex["F"],
        "men": by_sex["M"],
        "guests": len(comp.members) - len(voting),
    }
    by_category = Counter(m.category for m in comp.members)
    out.update({c: by_category[c] for c in pack.categories if by_category[c]})
    for group, categories in pack.count_groups.items():
        out[group] = sum(by_category[c] for c in categories)
    for category in pack.counts_by_establishment:
        per = Counter(m.establishment for m in voting if m.category == category)
        out[f"{category}_by_establishment"] = {e: per[e] for e in _establishments(comp)} | {
            e: n for e, n in per.items() if e is not None
        }
    return out


def read_json(name: str) -> Any:
    """Decoded JSON of a file ('-' for standard input), or InputError on the field "file"."""
    try:
        raw = sys.stdin.read() if name == "-" else Path(name).read_text(encoding="utf-8")
        return json.loads(raw)
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError("file", f"cannot read {name}: {exc}") from None
    except json.JSONDecodeError as exc:
        raise InputError("file", f"not JSON (line {exc.lineno}, column {exc.colno})") from None
    except (RecursionError, ValueError) as exc:
        # Nested too deep for the parser, or a number too long to read: unreadable input.
        raise InputError("file", f"unreadable JSON ({exc})") from None


def parse_composition(data: object) -> Composition:
    """Turn decoded JSON into a Composition, naming the first faulty field."""
    if not isinstance(data, dict):
        raise InputError("$", "an object is expected")
    council_type = _field(data, "council_type", str, "$")
    try:
        pack = load_pack(council_type)
    except UnknownCouncilType:
        known = ", ".join(available_council_types())
        raise InputError(
            "council_type", f"unknown council type {council_type!r} (known: {known})"
        ) from None
    if pack.components_required:
        name = _field(data, "name", str, "$")
        components = _field(data, "components", list, "$")
    else:
        name = _optional(data, "name", str, "$") or ""
        components = _optional(data, "components", list, "$") or []
    for i, c in enumerate(components):
        if not isinstance(c, str):
            raise InputError(f"components[{i}]", "a string is expected")
    establishment, partners = _establishment_and_partners(data, pack)
    as_of = _date(data, "as_of", "$")
    raw_members = _field(data, "members", list, "$")
    members = [_member(raw, f"members[{i}]", pack) for i, raw in enumerate(raw_members)]
    return Composition(
        council_type, name, tuple(components), tuple(members), establishment, partners, as_of
    )


def _establishment_and_partners(
    data: dict[str, Any], pack: Pack
) -> tuple[str | None, tuple[str, ...]]:
    if pack.establishment_required:
        establishment: str | None = _field(data, "establishment", str, "$")
    else:
        establishment = _optional(data, "establishment", str, "$")
    partners = _optional(data, "partners", list, "$") or []
    for i, p in enumerate(partners):
        if not isinstance(p, str):
            raise InputError(f"partners[{i}]", "a string is expected")
        if p == establishment or p in partners[:i]:
            raise InputError(f"partners[{i}]", f"{p!r} is already named")
    return establishment, tuple(partners)


def _member(raw: object, where: str, pack: Pack) -> Member:
    if not isinstance(raw, dict):
        raise InputError(where, "an object is expected")
    category = _field(raw, "category", str, where)
    if category not in pack.categories:
        raise InputError(f"{where}.category", f"unknown category {category!r}")
    component = raw.get("component")
    if component is not None and not isinstance(component, str):
        raise InputError(f"{where}.component", "a string or null is expected")
    sex = _field(raw, "sex", str, where) if pack.sex_required else _optional(raw, "sex", str, where)
    if sex is not None and sex not in ("F", "M"):
        raise InputError(f"{where}.sex", "F or M is expected")
    for key in pack.category_fields.get(category, ()):
        _field(raw, key, str, where)
    start, end = _date(raw, "mandate_start", where), _date(raw, "mandate_end", where)
    if start and end and end < start:
        raise InputError(f"{where}.mandate_end", "the end comes before the start")
    return Member(
        name=_field(raw, "name", str, where),
        category=category,
        component=component,
        president=_flag(raw, "president", where),
        employer_representative=_flag(raw, "employer_representative", where),
        sex=sex,
        establishment=_optional(raw, "establishment", str, where),
        designated_by=_optional(raw, "designated_by", str, where),
        institute_hours=_number(raw, "institute_hours", where, 0, None),
        service_share=_number(raw, "service_share", where, 0, 1),
        enrolled=_optional(raw, "enrolled", bool, where),
        mandate_start=start,
        mandate_end=end,
        consecutive_absences=_count_field(raw, "consecutive_absences", where),
        quality_lost=_optional(raw, "quality_lost", bool, where),
        replaces=_replaced(raw, where),
    )


def _field(data: dict[str, Any], key: str, kind: type, where: str) -> Any:
    path = key if where == "$" else f"{where}.{key}"
    if key not in data:
        raise InputError(path, "missing")
    value = data[key]
    if not isinstance(value, kind) or (kind is not bool and isinstance(value, bool)):
        raise InputError(path, f"{_kind_name(kind)} is expected")
    return value


def _optional(data: dict[str, Any], key: str, kind: type, where: str) -> Any:
    """The field's value, None when it is absent or null."""
    if data.get(key) is None:
        return None
    return _field(data, key, kind, where)


def _flag(data: dict[str, Any], key: str, where: str) -> bool:
    if key not in data:
        return False
    return bool(_field(data, key, bool, where))


def _number(
    data: dict[str, Any], key: str, where: str, low: float, high: float | None
) -> float | None:
    value = data.get(key)
    if value is None:
        return None
    path = key if where == "$" else f"{where}.{key}"
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise InputError(path, "a number is expected")
    if value < low or (high is not None and value > high):
        bounds = f"between {low} and {high}" if high is not None else f"at least {low}"
        raise InputError(path, f"a number {bounds} is expected")
    return value


def _count_field(data: dict[str, Any], key: str, where: str) -> int | None:
    value = _optional(data, key, int, where)
    if value is not None and value < 0:
        raise InputError(f"{where}.{key}", "an integer ≥ 0 is expected")
    return value


_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def parse_date(value: object, path: str) -> date:
    """A YYYY-MM-DD date, or InputError naming the path."""
    if not isinstance(value, str) or not _DATE.fullmatch(value):
        raise InputError(path, "a date YYYY-MM-DD is expected")
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise InputError(path, f"{value!r} is no calendar date") from None


def _date(data: dict[str, Any], key: str, where: str) -> date | None:
    if data.get(key) is None:
        return None
    return parse_date(data[key], key if where == "$" else f"{where}.{key}")


def _replaced(data: dict[str, Any], where: str) -> Replaced | None:
    raw = _optional(data, "replaces", dict, where)
    if raw is None:
        return None
    path = f"{where}.replaces"
    end = _date(raw, "mandate_end", path)
    if end is None:
        raise InputError(f"{path}.mandate_end", "missing")
    return Replaced(name=_field(raw, "name", str, path), mandate_end=end)


def _kind_name(kind: type) -> str:
    return {
        str: "a string",
        list: "a list",
        bool: "true or false",
        int: "an integer",
        dict: "an object",
    }.get(kind, "a value")
