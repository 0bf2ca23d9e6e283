"""Interview transcripts: the questions and answers an article prints after its own report.

An interview's turns are talk ("my family rejected me", "they simply wanted to understand the
topic"), not events the article reports: parley codes the article around a transcript, not the
transcript. A transcript is a run of paragraphs that open with a speaker's turn, as Wikinews
prints them ("((WN))  What motivated you?", "((Zara Kay))  So initially I started it ...")
or as question and answer ("Q: ...", "A: ..."); it lasts to the end of the document. One
marked paragraph alone is no dialogue, and a language's code in the same brackets marks a
quotation in that language ("((es))Spanish language: ..."), not a turn.
"""

from __future__ import annotations

import re

# A paragraph that opens with a speaker's turn: "((Name))" (not a language code, two or three
# lower-case letters) or "Q:"/"A:"/"Question:"/"Answer:".
TURN = re.compile(
    r"(?:^|\n)[ \t]*(?P<turn>\(\((?![a-z]{2,3}\)\))[^()\n]{1,60}\)\)|(?:Q|A|Question|Answer):)"
)
# A dialogue has at least this many turns.
MIN_TURNS = 2


def transcript_start(text: str) -> int | None:
    """Where a document's interview transcript begins (a character offset), or None."""
    turns = list(TURN.finditer(text))
    if len(turns) < MIN_TURNS:
        return None
    return turns[0].start("turn")
