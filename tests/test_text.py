"""The one sentence splitter: offsets into the original text, and the cases that broke regexes."""

from __future__ import annotations

import pytest

from interview_coach.text import runs, sentence_spans, sentences


def test_spans_are_offsets_into_the_original_text() -> None:
    text = "  We had 3.5 days left.  So I called Dr. Osei at 9 a.m. on Monday!\n"
    spans = sentence_spans(text)
    assert [text[s:e] for s, e in spans] == [
        "We had 3.5 days left.",
        "So I called Dr. Osei at 9 a.m. on Monday!",
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # speech-to-text and quick typing: a lower-case sentence after a full stop
        ("I said ok. we had two days left.", ["I said ok.", "we had two days left."]),
        # a closing quote or bracket stays with its sentence
        ('She said "no." Then I asked why.', ['She said "no."', "Then I asked why."]),
        ("It worked (mostly.) The next week we shipped.", None),
        # e.g. and i.e. never end a sentence
        ("Small things, e.g. the rota. It helped.", ["Small things, e.g. the rota.", "It helped."]),
        # a clock time ends a sentence before a word that opens one, not before a day
        ("We called the vans at 5 a.m. After that nobody was late.",
         ["We called the vans at 5 a.m.", "After that nobody was late."]),
        ("We pulled the panels at 1 a.m. Sunday so the grass was dry.",
         ["We pulled the panels at 1 a.m. Sunday so the grass was dry."]),
        # notes: each line is its own sentence, bullets included
        ("Situation: stock ran out\nTask: fix ordering\n- rang suppliers\n- set min levels",
         ["Situation: stock ran out", "Task: fix ordering", "- rang suppliers",
          "- set min levels"]),
        # a hard-wrapped sentence is joined back
        ("We cut the backlog from 400\nto 90 tickets in a month.",
         ["We cut the backlog from 400\nto 90 tickets in a month."]),
    ],
)  # fmt: skip
def test_boundaries(text: str, expected: list[str] | None) -> None:
    got = sentences(text)
    if expected is None:  # only the count matters: two sentences
        assert len(got) == 2, got
    else:
        assert got == expected


def test_fragments_without_words_are_dropped() -> None:
    assert sentences("...\n\n-\n") == []


def test_a_spoken_answer_is_cut_into_readable_runs_at_joining_words() -> None:
    text = " ".join(["we checked the list"] * 10) + " so " + " ".join(["it was fine"] * 5)
    (whole,) = sentence_spans(text)
    pieces = runs(text, whole, longest=30, size=25, joiners={"so"})
    assert len(pieces) == 2
    assert text[pieces[1][0] : pieces[1][1]].startswith("so it was fine")
    assert pieces[0][1] < pieces[1][0] and pieces[-1][1] == whole[1]


def test_short_sentences_are_left_whole_and_plain_cuts_are_even() -> None:
    text = "one two three"
    assert runs(text, (0, len(text)), longest=5, size=2) == [(0, len(text))]
    long = " ".join(str(n) for n in range(60))
    pieces = runs(long, (0, len(long)), longest=25, size=25)
    assert [len(long[a:b].split()) for a, b in pieces] == [25, 25, 10]


def test_a_prose_sentence_is_read_as_the_list_it_is() -> None:
    from interview_coach.text import list_items

    asks = "We need someone who builds carrier relationships, improves processes with data, and "
    asks += "leads people through change."
    assert list_items(asks) == [
        "We need someone who builds carrier relationships",
        "improves processes with data",
        "leads people through change",
    ]
    # a piece of one word means the commas were not a list of asks
    assert list_items("Build, test and ship features weekly.") == [
        "Build, test and ship features weekly"
    ]


def test_a_question_title_is_the_question_without_what_the_interviewer_said_around_it() -> None:
    from interview_coach.models import question_title

    lead = (
        "Your research notes mention this (notes.md): “A new unit opens in April 2026 with 24 "
        "trolleys.” Tell me about a time you had to deliver under a tight deadline. This matters "
        "for the role because the job description asks for “Calm under pressure”."
    )
    assert question_title(lead) == "Tell me about a time you had to deliver under a tight deadline."
    skipped = "No problem, let's move on. Describe a time you changed your mind."
    assert question_title(skipped) == "Describe a time you changed your mind."
    intro = "Thank you. I'm Sam Reyes, Warehouse Manager. Why do you want to join?"
    assert question_title(intro, "Sam Reyes") == "Why do you want to join?"
    assert question_title("Why us?") == "Why us?"
