"""The shape of the code: no import cycle, no module using another's private names, lists defined once."""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1] / "src" / "tidings"


def _module_name(path: Path) -> str:
    return ".".join(("tidings", *path.relative_to(ROOT).with_suffix("").parts)).removesuffix(".__init__")


def _imports() -> dict[str, list[tuple[str, str]]]:
    """Module → (imported module, imported name) for every ``from tidings... import`` in it, lazy ones too."""
    out: dict[str, list[tuple[str, str]]] = defaultdict(list)
    modules = {_module_name(p) for p in ROOT.rglob("*.py")}
    for path in ROOT.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("tidings"):
                for alias in node.names:
                    target = f"{node.module}.{alias.name}"
                    out[_module_name(path)].append((target if target in modules else node.module, alias.name))
    return out


def test_no_module_imports_another_modules_private_name():
    found = [
        (mod, target, name)
        for mod, imports in _imports().items()
        for target, name in imports
        if name.startswith("_") and not name.startswith("__")
    ]
    assert _imports(), "no imports found: the check itself is broken"
    assert found == []


def test_there_is_no_import_cycle_between_modules():
    # The package's __init__ imports its parts lazily (on first attribute use), so edges to it are not
    # dependencies; every other import counts, including those inside functions.
    graph = {m: {t for t, _ in imports if t != "tidings" and t != m} for m, imports in _imports().items()}
    assert graph, "no module graph: the check itself is broken"
    cycles: list[list[str]] = []
    state: dict[str, int] = {}

    def visit(node: str, stack: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                cycles.append([*stack[stack.index(nxt) :], nxt])
            elif nxt not in state:
                visit(nxt, [*stack, nxt])
        state[node] = 2

    for start in sorted(graph):
        if start not in state:
            visit(start, [start])
    assert cycles == []
