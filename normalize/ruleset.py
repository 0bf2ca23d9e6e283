"""The name of the rule set that wrote a row: `parley-rules-` and a digest of every file that
decides what a row says (the extraction and coding modules, their dictionaries, tables and
learned weights). Two datasets with the same `extractor` were coded by the same rules; a change
to any rule, dictionary entry or model gives a new name, with no version to bump by hand.

User dictionaries are not part of it: the lexicon adds `+dict:` and their own digest.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Iterable
from pathlib import Path

PREFIX = "parley-rules-"
# The packages whose modules and data files are the rules.
PACKAGES = ("extractors", "normalize")
# The data files that hold rules, dictionaries and weights (not training scripts or READMEs).
DATA_SUFFIXES = frozenset({".yaml", ".csv", ".npz", ".txt"})
# Modules that move rows without deciding what they say.
NOT_RULES = frozenset({"batch.py", "ruleset.py"})


def rule_files(roots: Iterable[Path]) -> list[Path]:
    """The rule files under each package folder: its modules and the data files beside them,
    in a fixed order."""
    found = []
    for root in roots:
        files = [p for p in root.glob("*.py") if p.name not in NOT_RULES]
        files += [p for p in (root / "data").glob("*") if p.suffix in DATA_SUFFIXES]
        found += sorted(files, key=lambda p: p.relative_to(root).as_posix())
    return found


def digest(files: Iterable[Path]) -> str:
    """The first eight hex digits of a SHA-256 over the files' names and bytes."""
    sha = hashlib.sha256()
    for path in files:
        sha.update(f"{path.parent.name}/{path.name}\0".encode())
        sha.update(path.read_bytes())
        sha.update(b"\0")
    return sha.hexdigest()[:8]


@functools.lru_cache(maxsize=1)
def extractor_name() -> str:
    """`parley-rules-<digest>` of the installed rule set, computed once per process."""
    base = Path(__file__).resolve().parent.parent
    return PREFIX + digest(rule_files(base / name for name in PACKAGES))
