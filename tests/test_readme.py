"""The README's data dictionary is the one storage/schema.py generates."""

from __future__ import annotations

from storage.schema import data_dictionary
from tests.conftest import REPO


def test_readme_data_dictionary_matches_the_schema():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    start = readme.index("<!-- data-dictionary:start -->\n") + len(
        "<!-- data-dictionary:start -->\n"
    )
    end = readme.index("<!-- data-dictionary:end -->")
    assert readme[start:end] == data_dictionary()


def test_readme_shows_the_two_commands():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert "make run" in readme and "make test" in readme
