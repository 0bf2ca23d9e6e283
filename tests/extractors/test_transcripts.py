"""Interview transcripts: where a document's questions and answers begin."""

from __future__ import annotations

from extractors.transcripts import transcript_start

ARTICLE = (
    "Mayor Ana Ruiz spoke to Wikinews about the flood defences of Riverton.\n\n"
    "((WN))  Why did the council delay the new dam?\n\n"
    "((Ana Ruiz))  The engineers asked for another survey.\n\n"
    "They will finish it in May."
)


def test_a_dialogue_of_marked_turns_is_a_transcript_to_the_end():
    start = transcript_start(ARTICLE)
    assert ARTICLE[start:].startswith("((WN))  Why did the council")


def test_questions_and_answers_are_turns():
    text = "The minister met reporters.\nQ: Will you resign?\nA: No."
    assert text[transcript_start(text) :].startswith("Q: Will you resign?")


def test_one_marked_paragraph_is_no_dialogue():
    assert transcript_start("The mayor answered.\n\n((WN))  Thank you.") is None


def test_a_quotation_in_another_language_is_no_turn():
    text = (
        "The governor resigned.\n((es))Spanish language: Renuncio hoy.\n"
        "((es))Spanish language: Gracias."
    )
    assert transcript_start(text) is None


def test_a_marker_inside_a_line_is_no_turn():
    assert transcript_start("He wrote ((sic)) twice, and ((sic)) again.") is None
