"""Rule packs: the composition rules of each council type, as data with their citations.

Pure Python: nothing here imports Django, so the rules can be checked anywhere.
"""

from bylaws.engine import (
    Citation,
    Composition,
    InputError,
    Member,
    Pack,
    Rule,
    RuleResult,
    UnknownCouncilType,
    Violation,
    available_council_types,
    check,
    counts,
    evaluate,
    load_pack,
    parse_composition,
    read_json,
)

__all__ = [
    "Citation",
    "Composition",
    "InputError",
    "Member",
    "Pack",
    "Rule",
    "RuleResult",
    "UnknownCouncilType",
    "Violation",
    "available_council_types",
    "check",
    "counts",
    "evaluate",
    "load_pack",
    "parse_composition",
    "read_json",
]
