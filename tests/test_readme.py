"""The README stays true: its data dictionary, its commands, its dictionary example."""

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


def test_readme_dictionary_example_loads(tmp_path):
    from normalize.lexicon import load_lexicon

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    example = readme.split("### Your own dictionaries", 1)[1].split("```yaml\n", 1)[1]
    path = tmp_path / "mine.yaml"
    path.write_text(example.split("```", 1)[0])
    lexicon = load_lexicon([path])
    assert lexicon.verbs["lambast"] == "111"
    assert lexicon.organizations["Watchful Eye"] == "NGOHRIXYZ"
