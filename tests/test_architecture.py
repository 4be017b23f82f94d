"""The package's shape, checked: imports point one way and never loop.

The layers, from the edge inwards: the web app and the CLI drive a ``session``, which uses the
domain packages, which use the shared models, settings and errors. Lazy imports inside
functions count too: a loop hidden in a function body is still a loop a reader has to untangle.
Imports under ``if TYPE_CHECKING:`` do not: they name a type for the reader and run nothing.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "interview_coach"

#: Lower numbers sit further in; a module may import only from its own layer or further in.
LAYERS: dict[str, int] = {
    "errors": 0,
    "config": 0,
    "models": 0,
    "tokens": 0,
    "text": 0,
    "untrusted": 0,
    "storage": 1,
    "knowledge": 1,
    "panel": 1,
    "llm": 2,
    "star": 3,
    "interview": 1,
    "questions": 3,
    "asking": 3,
    "phrasing": 4,
    "report": 4,
    "followup": 5,
    "criteria": 4,
    "voice": 1,
    "session": 6,
    "web": 7,
    "cli": 7,
}


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE).with_suffix("").parts
    return ".".join(p for p in parts if p != "__init__") or "__init__"


def imports_of(path: Path) -> set[str]:
    """Every interview_coach module ``path`` imports, at module level or inside functions."""
    here = module_name(path).split(".")
    package = here if path.name == "__init__.py" else here[:-1]
    found: set[str] = set()
    tree = ast.parse(path.read_text(encoding="utf-8"))
    typing_only = {
        id(inner)
        for node in ast.walk(tree)
        if isinstance(node, ast.If) and ast.unparse(node.test).endswith("TYPE_CHECKING")
        for inner in ast.walk(node)
    }
    for node in ast.walk(tree):
        if id(node) in typing_only:
            continue
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - (node.level - 1)]
                target = [*base, *(node.module.split(".") if node.module else [])]
            elif node.module and node.module.startswith("interview_coach"):
                target = node.module.split(".")[1:]
            else:
                continue
            for alias in node.names:  # ``from . import x`` names a module, not an attribute
                candidate = [*target, alias.name]
                if resolve(candidate):
                    found.add(resolve(candidate))
                elif resolve(target):
                    found.add(resolve(target))
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("interview_coach."):
                    found.add(resolve(alias.name.split(".")[1:]) or alias.name)
    found.discard(module_name(path))
    return found


def resolve(parts: list[str]) -> str | None:
    if not parts:
        return None
    if (PACKAGE.joinpath(*parts).with_suffix(".py")).exists():
        return ".".join(parts)
    if (PACKAGE.joinpath(*parts) / "__init__.py").exists():
        return ".".join(parts)
    return None


GRAPH = {module_name(p): imports_of(p) for p in PACKAGE.rglob("*.py")}


def test_there_are_no_import_loops() -> None:
    """Tarjan's strongly connected components: every component is a single module."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    loops: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for nxt in GRAPH.get(node, ()):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                top = stack.pop()
                component.append(top)
                if top == node:
                    break
            if len(component) > 1:
                loops.append(sorted(component))

    for node in GRAPH:
        if node not in index:
            visit(node)
    assert not loops, f"import loops: {loops}"


def layer_of(module: str) -> int | None:
    return LAYERS.get(module.split(".")[0])


@pytest.mark.parametrize("module", sorted(m for m in GRAPH if m != "__init__"))
def test_imports_point_inwards(module: str) -> None:
    mine = layer_of(module)
    assert mine is not None, f"{module} is in no layer: add its package to LAYERS"
    outward = [
        m
        for m in GRAPH[module]
        if m.split(".")[0] != module.split(".")[0] and (layer_of(m) or 0) > mine
    ]
    assert not outward, f"{module} imports outward: {outward}"


def test_only_the_web_package_imports_gradio() -> None:
    for path in PACKAGE.rglob("*.py"):
        if module_name(path).startswith("web"):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = (
                [a.name for a in node.names]
                if isinstance(node, ast.Import)
                else [node.module or ""]
                if isinstance(node, ast.ImportFrom)
                else []
            )
            assert not any(n.split(".")[0] == "gradio" for n in names), path
