"""The house: imports point down (pipelines -> assets -> infra), no package imports one that imports it back,
inputs live under inputs/ and build outputs under the git-ignored build/."""
import ast
import subprocess
from graphlib import CycleError, TopologicalSorter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PACKAGES = ("infra", "assets.sources", "assets", "pipelines")  # most specific first: a module's package
LEVEL = {"infra": 0, "assets.sources": 1, "assets": 2, "pipelines": 3}


def _package(module: str) -> str | None:
    return next((p for p in PACKAGES if module == p or module.startswith(p + ".")), None)


def _imports() -> dict[str, set[str]]:
    """package -> the packages its modules import (absolute and relative imports, at any depth in a function)."""
    found: dict[str, set[str]] = {p: set() for p in PACKAGES}
    for path in sorted(REPO.glob("[aip]*/**/*.py")):
        module = ".".join(path.relative_to(REPO).with_suffix("").parts).removesuffix(".__init__")
        own = _package(module)
        if own is None:
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                if node.level:  # relative: resolve against the importing module's package
                    base = module.split(".")[: -node.level] if not path.name == "__init__.py" \
                        else module.split(".")[: len(module.split(".")) - node.level + 1]
                    names = [".".join(base + ([node.module] if node.module else []))]
                else:
                    names = [node.module or ""]
            for name in names:
                target = _package(name)
                if target and target != own:
                    found[own].add(target)
    return found


def test_imports_point_down_and_form_no_cycle():
    imports = _imports()
    upward = [f"{p} imports {t}" for p, ts in imports.items() for t in ts if LEVEL[t] > LEVEL[p]]
    assert upward == [], "a package imports one above it"
    try:
        list(TopologicalSorter(imports).static_order())
    except CycleError as exc:  # pragma: no cover - the assertion above catches it first
        raise AssertionError(f"import cycle: {exc.args[1]}") from exc
    assert imports["infra"] == set()


def test_inputs_in_one_tree_and_outputs_ignored():
    tracked = subprocess.run(["git", "ls-files"], cwd=REPO, capture_output=True, text=True).stdout.split()
    if not tracked:  # not a git checkout (a copied tree): nothing to check
        return
    data = [f for f in tracked if f.endswith((".csv", ".json", ".jsonl", ".html", ".xlsx"))]
    assert data and all(f.startswith(("inputs/", "tests/")) for f in data), sorted(f for f in data if not f.startswith(("inputs/", "tests/")))
    assert not [f for f in tracked if f.endswith(".duckdb") or f.startswith("build/")]
    ignored = subprocess.run(["git", "check-ignore", "build/aicompute.duckdb", "build/work/x.duckdb",
                              "build/reports/aicompute.html", "build/archive/x/y.json"],
                             cwd=REPO, capture_output=True, text=True).stdout.split()
    assert len(ignored) == 4
