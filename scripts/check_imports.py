"""Check the import rules of docs/ARCHITECTURE.md: no cycles, no imports hidden in functions, layers one way.

Reads the source with `ast` (nothing is imported or run), builds the graph of module-level imports
between the project's own modules and exits non-zero with one line per broken rule.
"""

import ast
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("config", "registry", "workflows")

# Layers, lowest first: a module may import its own layer and the layers below it, never one above.
# The first matching prefix decides a module's layer.
LAYERS = [
    ("registry.rules", 0),
    ("registry.choices", 0),
    ("registry.models", 1),
    ("registry.signals", 1),
    # Adapters to the outside (search, queue, PDF, SMS, files) and reads.
    ("registry.search", 2),
    ("registry.background", 2),
    ("registry.rendering", 2),
    ("registry.sms", 2),
    ("registry.signing", 2),
    ("registry.import_files", 2),
    ("registry.xlsx_reader", 2),
    ("registry.opendata", 2),
    ("registry.spreadsheets", 2),
    ("registry.selectors", 2),
    ("registry.services", 3),
    ("registry.tasks", 3),
    ("registry", 4),
    ("workflows.models", 5),
    ("workflows.engine", 6),
    ("workflows.flows", 7),
    ("workflows", 8),
    ("config", 9),
]

# Django's way to connect signals once every app is loaded: the one place an import may sit in a function.
ALLOWED_FUNCTION_IMPORTS = {("registry.apps", "ready"), ("workflows.apps", "ready")}


def module_name(path: Path, root: Path) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def layer_of(module: str) -> int:
    for prefix, layer in LAYERS:
        if module == prefix or module.startswith(prefix + "."):
            return layer
    raise ValueError(module)


def project_modules(root: Path) -> dict[str, Path]:
    found = {}
    for package in PACKAGES:
        for path in (root / package).rglob("*.py"):
            if "migrations" in path.relative_to(root).parts:
                continue
            found[module_name(path, root)] = path
    return found


def imported(node, current: str, is_package: bool, modules) -> list[str]:
    """The project modules an import statement loads (a `from pkg import submodule` counts as the submodule)."""
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names if alias.name.split(".")[0] in PACKAGES]
    if node.level:
        base = current.split(".")
        base = base[: len(base) - node.level + (1 if is_package else 0)]
        target = ".".join(base + ([node.module] if node.module else []))
    else:
        target = node.module or ""
    if target.split(".")[0] not in PACKAGES:
        return []
    names = [f"{target}.{alias.name}" for alias in node.names]
    submodules = [name for name in names if name in modules]
    return submodules if len(submodules) == len(names) else [target, *submodules]


def scan(modules, root: Path):
    graph: dict[str, set[str]] = {name: set() for name in modules}
    problems = []
    for name, path in modules.items():
        tree = ast.parse(path.read_text(), filename=str(path))
        is_package = path.name == "__init__.py"
        for node in tree.body:
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                for target in imported(node, name, is_package, modules):
                    graph[name].add(target)
        for func in ast.walk(tree):
            if not isinstance(func, (ast.FunctionDef, ast.AsyncFunctionDef)):
                continue
            for node in ast.walk(func):
                if isinstance(node, (ast.Import, ast.ImportFrom)) and (name, func.name) not in ALLOWED_FUNCTION_IMPORTS:
                    targets = imported(node, name, is_package, modules)
                    if targets:
                        problems.append(
                            f"{path.relative_to(root)}:{node.lineno}: import of {', '.join(targets)} inside "
                            f"{func.name}(); import at the top of the module"
                        )
    return graph, problems


def layer_problems(graph) -> list[str]:
    problems = []
    for source, targets in sorted(graph.items()):
        for target in sorted(targets):
            if source.startswith("registry") and target.startswith("workflows"):
                problems.append(f"{source} imports {target}: registry/ never imports workflows/")
            elif layer_of(target) > layer_of(source):
                problems.append(f"{source} imports {target}, a layer above it")
    return problems


def cycles(graph) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan), each one cycle or more."""
    index, low, stack, on_stack, found = {}, {}, [], set(), []
    counter = [0]

    def visit(node):
        index[node] = low[node] = counter[0]
        counter[0] += 1
        stack.append(node)
        on_stack.add(node)
        for target in graph.get(node, ()):
            if target not in graph:
                continue
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
                found.append(sorted(component))

    sys.setrecursionlimit(10000)
    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def problems_in(root: Path) -> tuple[int, list[str]]:
    """The number of project modules under `root` and every broken import rule among them."""
    modules = project_modules(root)
    graph, problems = scan(modules, root)
    problems += layer_problems(graph)
    problems += [f"import cycle: {' -> '.join(component)}" for component in cycles(graph)]
    return len(modules), problems


def main() -> int:
    count, problems = problems_in(ROOT)
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        print(f"{len(problems)} import rule(s) broken; see docs/ARCHITECTURE.md", file=sys.stderr)
        return 1
    print(f"imports: {count} modules, no cycles, layers respected")
    return 0


if __name__ == "__main__":
    sys.exit(main())
