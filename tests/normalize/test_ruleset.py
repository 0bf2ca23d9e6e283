"""The `extractor` column names the rule set by a digest of its files (normalize/ruleset.py)."""

from __future__ import annotations

import re

from normalize.ruleset import digest, extractor_name, rule_files


def _package(root, rule_text="verbs: [attack]"):
    (root / "data").mkdir(parents=True)
    (root / "rules.py").write_text("WORDS = ['attack']\n")
    (root / "data" / "verbs.yaml").write_text(rule_text)
    (root / "data" / "README.md").write_text("about the data")
    (root / "data" / "train.py").write_text("print('training')")
    return root


def test_the_rule_files_are_the_modules_and_data_not_readmes_or_training_scripts(tmp_path):
    root = _package(tmp_path / "pkg")
    assert sorted(p.name for p in rule_files([root])) == ["rules.py", "verbs.yaml"]


def test_any_change_to_a_rule_file_gives_a_new_name_and_nothing_else_does(tmp_path):
    root = _package(tmp_path / "pkg")
    before = digest(rule_files([root]))
    assert re.fullmatch(r"[0-9a-f]{8}", before)
    (root / "data" / "README.md").write_text("rewritten")
    assert digest(rule_files([root])) == before
    (root / "data" / "verbs.yaml").write_text("verbs: [attack, raid]")
    assert digest(rule_files([root])) != before
    # the same bytes under another package's name are another rule set's
    other = _package(tmp_path / "other", "verbs: [attack, raid]")
    assert digest(rule_files([other])) != digest(rule_files([root]))


def test_rows_name_the_installed_rule_set(code):
    [row] = code("Police arrested ten protesters in Nairobi on Monday.")
    assert row.extractor == extractor_name()
    assert re.fullmatch(r"parley-rules-[0-9a-f]{8}", row.extractor)
