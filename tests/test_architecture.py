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


def _word_lists() -> dict[str, list[str]]:
    """Module-level collections of words (set/frozenset/list/tuple/dict literals of strings, or ``set("...".split())``)
    by name (leading underscores dropped), with the modules that define them."""

    def is_words(v: ast.AST) -> bool:
        if isinstance(v, (ast.Set, ast.List, ast.Tuple)):
            return bool(v.elts) and all(isinstance(e, ast.Constant) and isinstance(e.value, str) for e in v.elts)
        if isinstance(v, ast.Dict):
            return bool(v.keys) and all(isinstance(k, ast.Constant) and isinstance(k.value, str) for k in v.keys)
        if isinstance(v, ast.Call) and getattr(v.func, "id", "") in ("set", "frozenset", "tuple", "list") and v.args:
            arg = v.args[0]
            if isinstance(arg, ast.Call) and isinstance(arg.func, ast.Attribute) and arg.func.attr == "split":
                return True
            return is_words(arg)
        return False

    out: dict[str, list[str]] = defaultdict(list)
    for path in ROOT.rglob("*.py"):
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if isinstance(node, ast.Assign):
                targets, value = node.targets, node.value
            elif isinstance(node, ast.AnnAssign) and node.value is not None:
                targets, value = [node.target], node.value
            else:
                continue
            if is_words(value):
                for t in targets:
                    if isinstance(t, ast.Name) and not t.id.startswith("__"):
                        out[t.id.lstrip("_")].append(_module_name(path))
    return out


def test_every_word_list_is_defined_once():
    """Two lists with the same name in two modules have drifted apart before: each name is one list."""
    lists = _word_lists()
    assert len(lists) > 50, "too few word lists found: the check itself is broken"
    assert {name: mods for name, mods in lists.items() if len(mods) > 1} == {}
