"""Read rule packs (TOML files in ``packs/``) and check a composition against them."""

from __future__ import annotations

import tomllib
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
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
class Member:
    name: str
    category: str
    component: str | None = None
    president: bool = False
    employer_representative: bool = False


@dataclass(frozen=True, slots=True)
class Composition:
    council_type: str
    name: str
    components: tuple[str, ...]
    members: tuple[Member, ...]

    def as_dict(self) -> dict[str, Any]:
        """The input format of `conseils compose check`, so that export then check round-trips."""
        return {
            "council_type": self.council_type,
            "name": self.name,
            "components": list(self.components),
            "members": [
                {
                    "name": m.name,
                    "category": m.category,
                    "component": m.component,
                    "president": m.president,
                    "employer_representative": m.employer_representative,
                }
                for m in self.members
            ],
        }


@dataclass(frozen=True, slots=True)
class Citation:
    source: str
    quote: str
    document: str | None = None  # a file of sources/ that holds the quote
    code_line: int | None = None  # or the source_line of an article of the Code de l'éducation

    def as_dict(self) -> dict[str, Any]:
        return {"source": self.source, "quote": self.quote}


@dataclass(frozen=True, slots=True)
class Rule:
    id: str
    kind: str
    messages: Mapping[str, str]
    citation: Citation
    categories: tuple[str, ...] = ()
    min: int | None = None
    max: int | None = None
    labels: Mapping[str, str] = field(default_factory=dict)

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
    by_category: Counter[str]
    presidents: list[Member]


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


def _count(rule: Rule, comp: Composition, view: _View) -> Violation | None:
    count = sum(view.by_category[c] for c in rule.categories)
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


KINDS: dict[str, Callable[[Rule, Composition, _View], Violation | None]] = {
    "total": _total,
    "count": _count,
    "each_component": _each_component,
    "president_count": _president_count,
    "president_eligibility": _president_eligibility,
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
            )
        )
    return Pack(
        council_type=council_type,
        names=data["name"],
        categories=data["categories"],
        non_voting=frozenset(data.get("non_voting", ())),
        rules=tuple(rules),
    )


# --- checking ---------------------------------------------------------------------------------


def evaluate(comp: Composition) -> list[RuleResult]:
    pack = load_pack(comp.council_type)
    voting = [m for m in comp.members if m.category not in pack.non_voting]
    view = _View(
        voting=voting,
        by_category=Counter(m.category for m in voting),
        presidents=[m for m in comp.members if m.president],
    )
    return [RuleResult(rule, KINDS[rule.kind](rule, comp, view)) for rule in pack.rules]


def check(comp: Composition) -> list[Violation]:
    return [r.violation for r in evaluate(comp) if r.violation is not None]


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
    name = _field(data, "name", str, "$")
    components = _field(data, "components", list, "$")
    for i, c in enumerate(components):
        if not isinstance(c, str):
            raise InputError(f"components[{i}]", "a string is expected")
    raw_members = _field(data, "members", list, "$")
    members = []
    for i, raw in enumerate(raw_members):
        where = f"members[{i}]"
        if not isinstance(raw, dict):
            raise InputError(where, "an object is expected")
        category = _field(raw, "category", str, where)
        if category not in pack.categories:
            raise InputError(f"{where}.category", f"unknown category {category!r}")
        component = raw.get("component")
        if component is not None and not isinstance(component, str):
            raise InputError(f"{where}.component", "a string or null is expected")
        members.append(
            Member(
                name=_field(raw, "name", str, where),
                category=category,
                component=component,
                president=_flag(raw, "president", where),
                employer_representative=_flag(raw, "employer_representative", where),
            )
        )
    return Composition(council_type, name, tuple(components), tuple(members))


def _field(data: dict[str, Any], key: str, kind: type, where: str) -> Any:
    path = key if where == "$" else f"{where}.{key}"
    if key not in data:
        raise InputError(path, "missing")
    value = data[key]
    if not isinstance(value, kind) or (kind is not bool and isinstance(value, bool)):
        raise InputError(path, f"{_kind_name(kind)} is expected")
    return value


def _flag(data: dict[str, Any], key: str, where: str) -> bool:
    if key not in data:
        return False
    return bool(_field(data, key, bool, where))


def _kind_name(kind: type) -> str:
    return {str: "a string", list: "a list", bool: "true or false"}.get(kind, "a value")
