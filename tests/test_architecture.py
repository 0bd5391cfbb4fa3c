"""The seams a newcomer relies on (docs/architecture.md): the pipeline's steps import the core and the
steps before them, never the ones after them or the shell; the core imports no step; nothing is wired
by a "module:function" string; and no two modules import each other, directly or round a circle."""

from __future__ import annotations

import ast
import graphlib
from pathlib import Path

import grimp
import pytest

from tests.conftest import ROOT

PACKAGES = ("ipwatch", "crawlers", "nlp", "scoring", "alerts", "reports")
STEPS = ("crawlers", "nlp", "scoring", "alerts", "reports")   # in pipeline order: page → … → alert → report


@pytest.fixture(scope="module")
def graph() -> grimp.ImportGraph:
    return grimp.build_graph(*PACKAGES, include_external_packages=False)


def _layer(module: str) -> str:
    if module in ("ipwatch.shell", "ipwatch.__main__") or module.startswith("ipwatch.shell."):
        return "shell"
    return module.split(".")[0] if module.split(".")[0] in STEPS else "core"


def test_no_module_imports_itself_round_a_circle(graph: grimp.ImportGraph) -> None:
    order = graphlib.TopologicalSorter({m: graph.find_modules_directly_imported_by(m) for m in graph.modules})
    try:
        order.prepare()
    except graphlib.CycleError as exc:
        pytest.fail(f"import cycle: {' -> '.join(exc.args[1])}")


def test_steps_import_only_the_core_and_earlier_steps(graph: grimp.ImportGraph) -> None:
    rank = {"core": 0, **{s: i + 1 for i, s in enumerate(STEPS)}, "shell": len(STEPS) + 1}
    wrong = []
    for m in sorted(graph.modules):
        for imported in sorted(graph.find_modules_directly_imported_by(m)):
            a, b = _layer(m), _layer(imported)
            if a != b and rank[b] > rank[a]:
                wrong.append(f"{m} ({a}) imports {imported} ({b})")
    assert wrong == []


def test_the_console_is_the_outermost_part_of_the_shell(graph: grimp.ImportGraph) -> None:
    """The web console (ipwatch/shell/console/) sits on top of the shell: it may use everything below
    it (the core, every step, the shell's helpers), but only the CLI and the daemon's HTTP start-up reach
    into it, and it never imports them back (it serves pages; it does not start daemons or demos)."""
    console = "ipwatch.shell.console"
    allowed_importers = {"ipwatch.shell.cli", "ipwatch.shell.health"}
    wrong = []
    for m in sorted(graph.modules):
        inside = m == console or m.startswith(console + ".")
        for imported in sorted(graph.find_modules_directly_imported_by(m)):
            into = imported == console or imported.startswith(console + ".")
            if into and not inside and m not in allowed_importers:
                wrong.append(f"{m} imports {imported}")
            if inside and imported in ("ipwatch.shell.cli", "ipwatch.shell.daemon", "ipwatch.shell.demo"):
                wrong.append(f"{m} imports {imported}")
    assert wrong == []


def test_nothing_is_wired_by_a_module_string() -> None:
    found = []
    for pkg in PACKAGES:
        for path in (ROOT / pkg).rglob("*.py"):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            for node in ast.walk(tree):
                if isinstance(node, ast.Attribute) and node.attr in ("import_module", "find_spec"):
                    found.append(f"{path.relative_to(ROOT)}:{node.lineno} {node.attr}")
                if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "__import__":
                    found.append(f"{path.relative_to(ROOT)}:{node.lineno} __import__")
    assert found == []


def test_modules_stay_small_or_say_why() -> None:
    """Over 400 lines a module must say why in its docstring (the word "long")."""
    big = []
    for pkg in (*PACKAGES, "tests", "benchmarks"):
        for path in (ROOT / pkg).rglob("*.py"):
            text = path.read_text(encoding="utf-8")
            if text.count("\n") > 400 and "long" not in (ast.get_docstring(ast.parse(text)) or ""):
                big.append(f"{path.relative_to(ROOT)} ({text.count(chr(10))} lines)")
    assert big == []
