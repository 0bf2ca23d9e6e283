"""The PETRARCH2 verb patterns of `petrarch_verbs.csv`: used after parley's own verbs, with
less confidence, and only as patterns (two words or more), but for the bare verbs of force."""

from __future__ import annotations

from dataclasses import replace

from extractors.mentions import extract_mentions
from normalize.actors import Registry
from normalize.coding import IMPORTED_PENALTY, _code_mention, _Coded, _confidence, code_action
from normalize.known import FORCEFUL_CODES


def _actions(nlp, lexicon, text):
    found = extract_mentions(nlp(text), lexicon.event_nouns)
    return {m.trigger_text: code_action(m, lexicon) for m in found.mentions}


def test_an_imported_pattern_codes_an_event_parley_has_no_key_for(code, nlp, lexicon):
    text = "The European Union froze the assets of three Iranian banks on Tuesday."
    cameo, key, imported = _actions(nlp, lexicon, text)["froze"]
    assert (cameo.code, key, imported) == ("163", "freeze asset", True)
    [row] = code(text)
    assert (row.cameo_code, row.actor1_code, row.actor2_code) == ("163", "IGOEEC", "IRNBUS")


def test_parleys_own_key_wins_over_an_imported_one(nlp, lexicon):
    # both list "hold talk": parley 040, PETRARCH2 046
    assert lexicon.verbs["hold talk"] == "040" and lexicon.verbs_known["hold talk"] == "046"
    cameo, key, imported = _actions(
        nlp, lexicon, "Officials of Japan and China held talks in Beijing on Monday."
    )["held"]
    assert (cameo.code, imported) == ("040", False)


def test_a_bare_petrarch_verb_is_not_used_but_of_force(lexicon):
    # "ACCORD" is a verb of PETRARCH2's 060 block; alone it coded "according to" as an event
    assert "accord" not in lexicon.verbs_known
    bare = {key: code for key, code in lexicon.verbs_known.items() if " " not in key}
    assert bare and all(code.startswith(FORCEFUL_CODES) for code in bare.values())
    assert len(lexicon.verbs_known) > 50_000


def test_an_imported_event_is_less_sure_than_the_same_event_of_parleys_own(nlp, lexicon, gazetteer):
    text = "The European Union froze the assets of three Iranian banks on Tuesday."
    [mention] = extract_mentions(nlp(text), lexicon.event_nouns).mentions
    item = _code_mention(mention, lexicon, Registry(), gazetteer, set())
    assert isinstance(item, _Coded) and item.imported
    own = replace(item, imported=False)
    assert round(_confidence(own) - _confidence(item), 3) == IMPORTED_PENALTY


def test_a_bare_petrarch_verb_of_force_is_used(code, lexicon):
    # PETRARCH2's 171 and 180 blocks; parley's own verbs have neither word
    assert lexicon.verbs_known["steal"] == "171" and "steal" not in lexicon.verbs
    assert lexicon.verbs_known["rampage"] == "180"
    [row] = code("Armed men stole medical supplies from a clinic in Natiaboani on Monday.")
    assert (row.action_text, row.cameo_code) == ("stole", "171")


def test_a_bare_verb_of_force_with_a_common_other_sense_is_not(lexicon):
    # "took" (171), "die" (190) and "reside" (192) are PETRARCH2 verbs of force too
    assert not {"take", "die", "reside", "target"} & set(lexicon.verbs_known)


def test_parleys_own_key_tells_an_event_told_twice_in_a_sentence(code):
    # "stole" (imported, 171) and "set fire" (parley's own, 171): one row, the surer one
    [row] = code("Bandits stole 200 cattle and set fire to houses in a village near Birnin Gwari.")
    assert (row.cameo_code, row.action_text) == ("171", "set")
