"""The stages import one way: the extractor reads a parse and knows nothing of coding or
storage; of the coder, only the module that builds rows (coding) and the batch that returns
them know the row type, so no later stage rewrites a built row."""

from __future__ import annotations

import ast
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def test_the_extractor_imports_neither_coding_nor_storage():
    for path in (REPO / "extractors").glob("*.py"):
        found = {n for n in _imports(path) if n.split(".")[0] in {"normalize", "storage", "flows"}}
        assert not found, f"{path.name} imports {sorted(found)}"


def test_only_coding_and_the_batch_know_the_row_type():
    knowing = {
        path.name
        for path in (REPO / "normalize").glob("*.py")
        if "storage.schema.EventRecord" in _imports(path)
    }
    assert knowing == {"coding.py", "batch.py"}
