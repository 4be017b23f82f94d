"""What the story is about against every competency, not only the asked one; new texts.

A neighbouring-question story fits another competency clearly better than the asked one;
"talk about the theme, then a story I'm proud of" tells a story picked for another reason;
a question the bank does not know is flagged only when the story clearly belongs elsewhere.
"""

from __future__ import annotations

from interview_coach.star import evaluate, relevance
from interview_coach.star.scorer import analyse

MENTOR_Q = "Describe a time you helped a new colleague get up to speed."
#: A mentoring answer with none of the question's words ("colleague", "speed", "helped").
MENTORED = (
    "When Aisha joined our dental practice as a trainee nurse she had never used the charting "
    "software. For her first fortnight she sat in on my surgeries, then I let her chart while I "
    "checked each entry, and I wrote her a one-page list of the shortcuts. By her fourth week "
    "she was charting alone for two dentists."
)
#: Theme talk, then a story chosen because it went well.
DRIFT = (
    "Bringing new people on is part of every good team, and I think patience is essential. "
    "Something I'm really proud of is the charity quiz I organised last spring: I booked the "
    "hall, wrote the questions and sold ninety tickets, and we raised eleven hundred pounds."
)
#: A disagreement story, for the same question.
ARGUMENT = (
    "Our two receptionists had a row about who covered the late shift and stopped speaking, "
    "sniping at each other in front of patients. I sat them down together, let each say what "
    "annoyed them, and we agreed a compromise rota. The tension eased within a week."
)


def test_a_fitting_answer_with_none_of_the_question_s_words_is_not_flagged() -> None:
    ev = evaluate(MENTOR_Q, MENTORED)
    assert not ev.off_topic and ev.topic["asks"] == "mentoring"


def test_theme_talk_then_a_proud_story_is_off_topic() -> None:
    ev = evaluate(MENTOR_Q, DRIFT)
    assert ev.off_topic
    # the same story for a question that invites the proudest story is not
    assert not relevance.judge(
        "Tell me about an achievement you are proud of.", analyse(DRIFT)
    ).off_topic


def test_a_story_that_clearly_shows_another_competency_is_flagged_and_named() -> None:
    ev = evaluate(MENTOR_Q, ARGUMENT)
    assert ev.off_topic and ev.topic["shows"] == "conflict"
    assert ev.follow_up.startswith("That's a good example of handling a conflict")
    assert evaluate(MENTOR_Q, MENTORED).relevance > ev.relevance


def test_the_margin_compares_with_competencies_the_question_does_not_ask_about() -> None:
    feats, asks, z, _ = relevance.features(MENTOR_Q, analyse(ARGUMENT))
    others = max(z[c] for c, w in asks.items() if w == 0)
    assert feats["margin"] == max(z[c] for c, w in asks.items() if w >= 1) - others
    assert feats["margin"] < 0 < relevance.features(MENTOR_Q, analyse(MENTORED))[0]["margin"]
