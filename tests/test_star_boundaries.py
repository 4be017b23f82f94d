"""Sentence breaks restored in unpunctuated answers (``star/boundaries.py``): the outcome at the
end of a phone-typed story is read and quoted as its own sentence, punctuated writing keeps its
own sentences, and the shipped weights are what the training script writes."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import numpy as np
import pytest

from interview_coach.star import boundaries, evaluate
from interview_coach.star.features import split_sentences

ROOT = Path(__file__).resolve().parents[1]

GARDEN_CENTRE = (
    "so this was at the garden centre two summers ago the irrigation in the big glasshouse "
    "failed on a friday afternoon with thirty degrees forecast for the weekend i was the duty "
    "manager so it was on me to save the stock i rang our engineer who couldnt come till monday "
    "so i got four staff to stay late and we hand watered every bench in rotation every three "
    "hours i also rigged temporary hoses from the outside tap we lost about twenty plants out "
    "of two thousand and the engineer fixed the valve on monday morning"
)
DEPOT = (
    "i was the shift lead at the depot last winter one of our drivers got stuck in snow on the "
    "a66 my job was to get the load delivered on time i rang the customer and arranged a later "
    "slot then i sent a second van with two staff we delivered by 4pm and the customer renewed "
    "the contract"
)


def _texts(text: str) -> list[str]:
    return [text[a:b] for a, b in split_sentences(text)]


def test_a_phone_typed_story_is_cut_where_its_sentences_end():
    assert _texts(DEPOT) == [
        "i was the shift lead at the depot",
        "last winter one of our drivers got stuck in snow on the a66",
        "my job was to get the load delivered on time",
        "i rang the customer and arranged a later slot",
        "then i sent a second van with two staff",
        "we delivered by 4pm",
        "and the customer renewed the contract",
    ]


def test_the_outcome_after_the_last_step_is_quoted_as_the_result_not_as_a_step():
    """Before the breaks were restored, "we lost about twenty plants out of two thousand" was
    quoted inside a step ("i also rigged temporary hoses ... we lost about twenty plants")."""
    ev = evaluate("Tell me about a time you solved a problem under pressure.", GARDEN_CENTRE)
    action = [e["text"] for e in ev.components["action"]["evidence"]]
    result = [e["text"] for e in ev.components["result"]["evidence"]]
    assert "i also rigged temporary hoses from the outside tap" in action
    assert not any("we lost" in t for t in action)
    assert any(t.startswith("we lost about twenty plants") for t in result)
    for span in ev.components["result"]["evidence"] + ev.components["action"]["evidence"]:
        assert GARDEN_CENTRE[span["start"] : span["end"]] == span["text"]


def test_punctuated_writing_keeps_its_own_sentences():
    text = (
        "Last winter one of our drivers got stuck in snow on the A66 with a full load. My job "
        "was to get it delivered on time, so I rang the customer and arranged a later slot. I "
        "sent a second van with two staff. We delivered by 4pm and the customer renewed."
    )
    assert len(_texts(text)) == 4
    assert all(t.endswith(".") for t in _texts(text))


@pytest.mark.parametrize("text", [GARDEN_CENTRE, DEPOT, DEPOT.upper(), "ok " * 3, ""])
def test_cuts_only_split_the_text_in_order(text):
    spans = split_sentences(text)
    assert all(a < b <= c for (a, b), (c, _) in zip(spans, spans[1:], strict=False))
    words = [w for a, b in spans for w in text[a:b].split()]
    assert words == text.split()


def test_no_piece_is_shorter_than_the_minimum():
    starts = boundaries.sentence_starts(GARDEN_CENTRE, 0, len(GARDEN_CENTRE))
    edges = [0, *starts, len(GARDEN_CENTRE)]
    sizes = [len(GARDEN_CENTRE[a:b].split()) for a, b in zip(edges, edges[1:], strict=False)]
    assert min(sizes[:-1]) >= boundaries.MIN_BEFORE and sizes[-1] >= boundaries.MIN_AFTER


def test_normalising_keeps_numbers_and_drops_punctuation():
    assert boundaries.normalise("3.5%,") == "3.5%"
    assert boundaries.normalise("\u201cDone.\u201d") == "done"
    assert boundaries.normalise("didn\u2019t") == "didn't"
    assert re.fullmatch(r"\w+", boundaries.normalise("Monday?!"))


def test_retraining_reproduces_the_shipped_boundary_weights():
    sys.path.insert(0, str(ROOT / "benchmarks"))
    import train_boundary_model as trainer

    feats, ends, _ = trainer.gaps(trainer.training_texts())
    assert 0.03 < ends.mean() < 0.08  # about one word in twenty ends a sentence
    assert np.array_equal(trainer.fit(feats, ends), boundaries.weights().astype(np.float32))
