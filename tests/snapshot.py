"""A generated snapshot of the Dagster definitions: every asset with its group, what it reads, its blocking checks,
its grain and the assumptions it uses. tests/test_definitions.py compares the code location with it, so a change
to the graph shows up as a reviewed diff of tests/snapshots/definitions.txt instead of a hand-kept list.

    .venv/bin/python -m tests.snapshot      # regenerate after changing a source, a SQL model or a schema entry
"""
from pathlib import Path

SNAPSHOT = Path(__file__).resolve().parent / "snapshots" / "definitions.txt"


def render(defs) -> str:
    graph = defs.resolve_asset_graph()
    checks: dict[str, list[str]] = {}
    for check in graph.asset_check_keys:
        checks.setdefault(check.asset_key.to_user_string(), []).append(check.name)
    lines = []
    for key in sorted(graph.get_all_asset_keys(), key=lambda k: k.to_user_string()):
        node = graph.get(key)
        name = key.to_user_string()
        parents = sorted(p.to_user_string() for p in node.parent_keys)
        lines.append(f"{name} [{node.group_name}] <- {', '.join(parents) or '(payload)'}")
        for label, value in (("grain", node.metadata.get("grain")),
                             ("assumptions", node.metadata.get("assumptions_used")),
                             ("checks", ", ".join(sorted(checks.get(name, []))))):
            if value:
                lines.append(f"    {label}: {value}")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    from pipelines.definitions import defs

    SNAPSHOT.write_text(render(defs))
    print(f"wrote {SNAPSHOT}")
