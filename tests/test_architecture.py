"""The apps' imports follow the direction DESIGN.md documents, and no module imports itself
back through another: bylaws and law know nothing of the others; councils uses bylaws;
meetings uses councils; convocations and sittings use meetings; minutes and recommendations
come after; home and api sit on top. A lower app reacts to a higher one through a documented
signal (minutes.signals.minutes_published), never an import.

Who may do what is decided in councils/roles.py only: the access helpers, views, API, home
page and actions ask it.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# Lower numbers are lower in the stack; an app imports only apps of a lower level.
LEVELS = {
    "bylaws": 0,
    "law": 1,  # shows the product rules (bylaws) that cite each article
    "documents": 0,
    "audit": 0,  # knows people only through settings.AUTH_USER_MODEL
    "accounts": 1,  # records in the audit trail who was pseudonymised
    "conseils": 2,  # the project's shared pieces: widgets, template tags, context, backups
    "councils": 3,
    "meetings": 4,
    "convocations": 5,
    "sittings": 5,
    "elections": 5,  # councils' elections: meetings' refusals (409), councils' seats
    "minutes": 6,
    "recommendations": 7,
    "evaluation": 8,
    "home": 9,
    "api": 9,
    "legal": 10,  # the person's data export reads every app's records, API tokens included
}
# The project package's entry points import every app (URLs, WSGI): they stand above all.
ENTRY_POINTS = {"conseils.urls", "conseils.wsgi", "conseils.startup", "conseils.cli"}
# Known upward imports, each with its reason; the list may only shrink.
KNOWN_UPWARD: set[tuple[str, str]] = set()


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _sources() -> dict[str, Path]:
    modules = {}
    for app in LEVELS:
        for path in (ROOT / app).rglob("*.py"):
            if "migrations" not in path.parts:
                modules[_module_name(path)] = path
    return modules


def _imports(path: Path, known: set[str]) -> set[str]:
    """First-party modules the file imports, anywhere in it (deferred imports count too)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module] + [f"{node.module}.{alias.name}" for alias in node.names]
        for name in names:
            # The longest known module the name designates (a package or one of its modules).
            while name and name not in known:
                name = name.rpartition(".")[0]
            if name:
                found.add(name)
    return found


def _graph() -> dict[str, set[str]]:
    sources = _sources()
    known = set(sources)
    return {module: _imports(path, known) - {module} for module, path in sources.items()}


def test_the_graph_sees_every_app_and_their_imports() -> None:
    graph = _graph()
    assert {m.split(".")[0] for m in graph} == set(LEVELS)
    # A known downward edge, found: the check below would otherwise pass on an empty graph.
    assert "meetings.models" in graph["convocations.models"]
    assert "councils.roles" in graph["meetings.access"]


def test_every_app_of_the_project_has_a_level() -> None:
    apps = {path.parent.name for path in ROOT.glob("*/apps.py")}
    assert apps - set(LEVELS) == set()


def test_apps_import_only_the_apps_below_them() -> None:
    upward = sorted(
        (module, target)
        for module, targets in _graph().items()
        if module not in ENTRY_POINTS
        for target in targets
        if (app := module.split(".")[0]) != (other := target.split(".")[0])
        and LEVELS[other] >= LEVELS[app]
        and (module, other) not in KNOWN_UPWARD
    )
    assert upward == []


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Groups of modules that import one another (Tarjan's strongly connected components)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    cycles: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(graph.get(node, ())):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                cycles.append(sorted(component))

    for module in sorted(graph):
        if module not in index:
            visit(module)
    return cycles


def test_no_module_imports_itself_back() -> None:
    assert _cycles(_graph()) == []


def test_a_cycle_is_caught_when_there_is_one() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert _cycles(graph) == [["a", "b", "c"]]
    # The cycle the split removed: convocations.actions enqueued convocations.tasks, which
    # called back into convocations.actions.
    before = _graph() | {"convocations.tasks": {"convocations.actions"}}
    assert ["convocations.actions", "convocations.tasks"] in _cycles(before)


WHO_MAY = (
    "def can_",
    "def is_visible_to",
    "def is_directed_by",
    "def is_director",
    "def is_head",
    "def is_president",
    "def is_organiser",
    "def is_respondent",
    "def may_",
)


def test_who_may_is_decided_in_councils_roles_only() -> None:
    """No module but councils/roles.py defines a who-may predicate (by the team's names)."""
    allowed = {
        "councils.roles",
        # Not about people: whether the sitting may deliberate, whether a convocation may be
        # signed in its meeting's state, whether a member may hold one more proxy.
        "bylaws.sittings",
        "convocations.actions",
        "sittings.actions.room",
    }
    offenders = sorted(
        module
        for module, path in _sources().items()
        if module not in allowed
        and any(line.lstrip().startswith(WHO_MAY) for line in path.read_text().splitlines())
    )
    assert offenders == []


COUNCIL_CHECKS = (
    ".can_edit(",
    ".is_directed_by(",
    ".is_visible_to(",
    "Council.objects.visible_to(",
    "Council.objects.editable_by(",
)


def test_no_module_asks_the_councils_old_checks() -> None:
    """can_edit, is_directed_by, is_visible_to, visible_to and editable_by were the council's
    and the institution's own methods; they live in roles now (may_edit_council, directs,
    may_read_council, councils_readable_by, councils_editable_by) and nobody calls the old."""
    callers = sorted(
        module
        for module, path in _sources().items()
        if any(check in path.read_text() for check in COUNCIL_CHECKS)
    )
    assert callers == []
