"""The accuracy benchmark's own bookkeeping: each gold record's rows are its own."""

from __future__ import annotations

from bench.accuracy import code_texts, half


def test_two_records_under_one_id_keep_their_own_rows():
    # A gold set may hold two records under one id; their rows must not be pooled, or the most
    # confident event of one sentence is scored as the other's.
    records = [
        {"id": "same", "text": "Police arrested twelve protesters in Nairobi on Monday."},
        {"id": "same", "text": "The president praised the new trade agreement."},
        {"id": "other", "text": "The weather was mild."},
    ]
    rows = code_texts(records)
    assert [r.action_text for r in rows[0]] == ["arrested"]
    assert "praised" in [r.action_text for r in rows[1]]
    assert "arrested" not in [r.action_text for r in rows[1]]
    assert rows[2] == []


def test_the_split_is_fixed_by_the_id():
    # pinned: every figure the README and the closing notes give rests on this very split
    assert [half(i) for i in ("PLOVER-GSR01-COERCE-0004", "EVLOC-2", "EVLOC-3", "EVLOC-4")] == [
        "tune",
        "check",
        "tune",
        "check",
    ]
    assert {half(f"id-{n}") for n in range(20)} == {"tune", "check"}
