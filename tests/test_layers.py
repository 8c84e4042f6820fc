"""The package's imports go one way, have no cycles, and the CLI uses only the public API.

Read from the source with `ast` (nothing is imported), so the test runs even when a module is broken.
Layers, lowest first; a module may import its own layer and those below it, never one above:

    base (errors, models, settings, testing) <- knowledge <- ratings <- ingest <- index <- query
        <- library (library, evaluate) <- api (yjs_qa/__init__) <- cli

`ratings` is the ratings subsystem: the ingest pipeline runs its reading, the query steps its
selection and answers, and it imports neither.

`yjs_qa.testing` sits in the base layer because it imports nothing from yjs_qa: so the one package
module that may import it, `yjs_qa.index.embed` (YJS_QA_MODEL=hash), imports down, with no cycle.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "yjs_qa"

LAYERS: list[tuple[str, tuple[str, ...]]] = [
    # (layer, the modules in it: a name, or a package whose every module is in it)
    ("base", ("yjs_qa.errors", "yjs_qa.models", "yjs_qa.settings", "yjs_qa.testing")),
    ("knowledge", ("yjs_qa.knowledge",)),
    ("ratings", ("yjs_qa.ratings",)),
    ("ingest", ("yjs_qa.ingest",)),
    ("index", ("yjs_qa.index",)),
    ("query", ("yjs_qa.query",)),
    ("library", ("yjs_qa.library", "yjs_qa.library_ratings", "yjs_qa.evaluate")),
    ("api", ("yjs_qa",)),  # the package's __init__: the public names
    # The front ends: the CLI, the web server, the MCP server and the framework retrievers.
    ("cli", ("yjs_qa.cli", "yjs_qa.server", "yjs_qa.mcp_server", "yjs_qa.integrations")),
]
# Only these package modules may import the test doubles: the YJS_QA_MODEL=hash hook.
TESTING_IMPORTERS = {"yjs_qa.index.embed"}
# What the CLI may import from the package besides itself: the public API.
CLI_ALLOWED = {"yjs_qa", "yjs_qa.models", "yjs_qa.errors"}


@dataclass(frozen=True)
class Import:
    source: str  # the importing module
    target: str  # the imported yjs_qa module
    names: tuple[str, ...]  # the names taken from it ("from target import names"); () for "import target"
    line: int
    top_level: bool  # runs when the module is imported (not inside a function, not TYPE_CHECKING only)

    def __str__(self) -> str:
        where = "" if self.top_level else " (inside a function)"
        return f"{self.source}:{self.line} imports {self.target}{where}"


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


@cache
def modules() -> dict[str, Path]:
    return {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _walk(node: ast.AST, top_level: bool) -> Iterator[tuple[ast.Import | ast.ImportFrom, bool]]:
    """Every import under `node`, with whether it runs at import time."""
    for child in ast.iter_child_nodes(node):
        if isinstance(child, ast.Import | ast.ImportFrom):
            yield child, top_level
        elif isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
            yield from _walk(child, False)
        elif isinstance(child, ast.If) and _is_type_checking(child.test):
            for stmt in child.body:
                yield from _walk(ast.Module(body=[stmt], type_ignores=[]), False)
            for stmt in child.orelse:
                yield from _walk(ast.Module(body=[stmt], type_ignores=[]), top_level)
        else:
            yield from _walk(child, top_level)


@cache
def imports() -> list[Import]:
    """Every import of a yjs_qa module by a yjs_qa module, function-level ones included."""
    known = modules()
    found: list[Import] = []
    for name, path in known.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node, top_level in _walk(tree, True):
            if isinstance(node, ast.Import):
                for alias in node.names:
                    if alias.name.split(".")[0] == "yjs_qa":
                        found.append(Import(name, alias.name, (), node.lineno, top_level))
                continue
            base = node.module or ""
            if node.level:  # relative: resolve against this module's package
                anchor = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                base = ".".join([*anchor, *([base] if base else [])])
            if base.split(".")[0] != "yjs_qa":
                continue
            taken: list[str] = []
            for alias in node.names:
                sub = f"{base}.{alias.name}"
                if sub in known:  # "from yjs_qa.index import store" imports the module store
                    found.append(Import(name, sub, (), node.lineno, top_level))
                else:
                    taken.append(alias.name)
            if taken or not node.names:
                found.append(Import(name, base, tuple(taken), node.lineno, top_level))
    return found


def layer_of(module: str) -> int:
    """The rank of the module's layer: the most specific entry of LAYERS that holds it."""
    best: tuple[int, int] | None = None  # (length of the matching entry, rank)
    for rank, (_, members) in enumerate(LAYERS):
        for member in members:
            matches = module == member or (member != "yjs_qa" and module.startswith(member + "."))
            if matches and (best is None or len(member) > best[0]):
                best = (len(member), rank)
    assert best is not None, f"{module} is in no layer: add it to LAYERS in {Path(__file__).name}"
    return best[1]


def test_the_module_list_is_read() -> None:
    assert {"yjs_qa", "yjs_qa.library", "yjs_qa.cli.app", "yjs_qa.index.embed"} <= set(modules())
    assert any(i.source == "yjs_qa.library" for i in imports())


def test_every_module_is_in_a_layer() -> None:
    missing = []
    for module in modules():
        try:
            layer_of(module)
        except AssertionError as exc:
            missing.append(str(exc))
    assert not missing, "\n".join(missing)


def test_imports_go_down_the_layers_only() -> None:
    upward = [
        f"{i} ({LAYERS[layer_of(i.source)][0]} -> {LAYERS[layer_of(i.target)][0]})"
        for i in imports()
        if layer_of(i.target) > layer_of(i.source)
    ]
    assert not upward, "imports that point up the layers:\n" + "\n".join(upward)


def test_imports_name_modules_that_exist() -> None:
    missing = [str(i) for i in imports() if i.target not in modules()]
    assert not missing, "\n".join(missing)


def test_only_the_model_hook_imports_the_test_doubles() -> None:
    importers = {i.source for i in imports() if i.target == "yjs_qa.testing"}
    assert importers <= TESTING_IMPORTERS
    assert not [str(i) for i in imports() if i.source == "yjs_qa.testing"], "testing must import nothing"
    assert not [str(i) for i in imports() if i.target == "yjs_qa.testing" and i.top_level]


def _cycles(top_level_only: bool) -> list[list[str]]:
    """The import cycles among yjs_qa modules: each strongly connected set of two or more, or a self-loop."""
    graph: dict[str, set[str]] = {m: set() for m in modules()}
    for i in imports():
        if i.target in graph and (i.top_level or not top_level_only):
            graph[i.source].add(i.target)
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(v: str) -> None:  # Tarjan's strongly connected components
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component: list[str] = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1 or v in graph[v]:
                found.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return found


def _describe(cycles: list[list[str]], top_level_only: bool) -> str:
    lines = []
    for component in cycles:
        members = set(component)
        edges = [
            str(i)
            for i in imports()
            if i.source in members and i.target in members and (i.top_level or not top_level_only)
        ]
        lines.append(" <-> ".join(component) + "\n    " + "\n    ".join(edges))
    return "\n".join(lines)


def test_no_import_cycles_at_import_time() -> None:
    cycles = _cycles(top_level_only=True)
    assert not cycles, "import cycles:\n" + _describe(cycles, True)


def test_no_cycle_held_together_by_a_function_level_import() -> None:
    # An import moved into a function hides a cycle from Python, not from the design (issue #14).
    cycles = _cycles(top_level_only=False)
    assert not cycles, "import cycles through function-level imports:\n" + _describe(cycles, False)


@cache
def public_names() -> set[str]:
    """yjs_qa.__all__, read from yjs_qa/__init__.py."""
    tree = ast.parse((PACKAGE / "__init__.py").read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == "__all__" for t in node.targets
        ):
            return set(ast.literal_eval(node.value))
    raise AssertionError("yjs_qa/__init__.py has no __all__")


def test_the_cli_imports_only_the_public_api() -> None:
    private = [
        str(i)
        for i in imports()
        if layer_of(i.source) == len(LAYERS) - 1
        and layer_of(i.target) != len(LAYERS) - 1
        and i.target not in CLI_ALLOWED
    ]
    assert not private, "the CLI imports internals:\n" + "\n".join(private)


def test_the_cli_takes_only_public_names_from_the_package() -> None:
    taken = [
        f"{i}: {name}"
        for i in imports()
        if layer_of(i.source) == len(LAYERS) - 1 and i.target == "yjs_qa"
        for name in i.names
        if name not in public_names()
    ]
    assert not taken, "the CLI takes names outside yjs_qa.__all__:\n" + "\n".join(taken)


def test_no_module_takes_another_modules_private_names() -> None:
    # A leading underscore says "not part of this module's interface": another module that needs it
    # should get it made public, in the module where it belongs.
    taken = [
        f"{i}: {name}"
        for i in imports()
        for name in i.names
        if name.startswith("_") and not name.startswith("__") and i.target != i.source
    ]
    assert not taken, "imports of another module's private names:\n" + "\n".join(taken)


def test_ratings_live_in_one_package() -> None:
    # The ratings subsystem: no rating_* module outside yjs_qa/ratings/ (the models are the
    # public contract, in models/), and no query module
    # reaches into ingest.
    stray = [
        m
        for m in modules()
        if m.rpartition(".")[2].startswith("rating") and not m.startswith(("yjs_qa.ratings", "yjs_qa.models"))
    ]
    assert not stray, f"rating modules outside yjs_qa/ratings/: {stray}"
    into_ingest = [
        str(i)
        for i in imports()
        if i.source.startswith("yjs_qa.query") and i.target.startswith("yjs_qa.ingest")
    ]
    assert not into_ingest, "\n".join(into_ingest)


def _code_strings(path: Path) -> Iterator[tuple[int, str]]:
    """The string constants of a module that are code, not docstrings: (line, text)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings:
            yield node.lineno, node.value


def test_rating_words_are_written_only_in_the_knowledge_tables() -> None:
    # One table of ratings (knowledge/scale.py): a list of rating names, a style keyed by one, or a
    # pattern alternative ('good|outstanding') written elsewhere would drift from it. Examples in
    # descriptions and comments are prose, not a list, and are not checked.
    from yjs_qa.knowledge.scale import RATINGS

    words = {w for r in RATINGS for w in r.wordings}
    written = [
        f"{path.relative_to(PACKAGE.parent)}:{line}: {text!r}"
        for path in sorted(PACKAGE.rglob("*.py"))
        if "knowledge" not in path.relative_to(PACKAGE).parts
        for line, text in _code_strings(path)
        if text.strip().lower() in words
        or any(f"|{w}" in text.lower() or f"{w}|" in text.lower() for w in words)
    ]
    assert not written, "rating words written outside knowledge/:\n" + "\n".join(written)


FILTER_NAMES = {"service", "domain", "standard", "kind"}
# The one place the four are made into one value: the public model's constructor from keywords.
FILTER_BUILDERS = {"yjs_qa.models.answers:FilterSpec.of"}


def test_below_the_front_ends_filters_travel_as_one_value() -> None:
    # Threaded by hand, the four filters drift apart (a retriever once lost `kind`): below the
    # Library and the front ends they travel as a FilterSpec.
    below = {m: p for m, p in modules().items() if layer_of(m) < layer_of("yjs_qa.library")}
    threaded = []
    for name, path in below.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for owner in ast.walk(tree):
            body = getattr(owner, "body", [])
            for node in body if isinstance(body, list) else []:
                if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                    continue
                args = node.args
                params = {a.arg for a in (*args.posonlyargs, *args.args, *args.kwonlyargs)}
                qualified = f"{name}:{owner.name}.{node.name}" if isinstance(owner, ast.ClassDef) else ""
                if params >= FILTER_NAMES and qualified not in FILTER_BUILDERS:
                    threaded.append(f"{name}:{node.lineno} {node.name}")
    assert not threaded, "functions that take the four filters one by one:\n" + "\n".join(threaded)
