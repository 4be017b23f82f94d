"""The Feedback tab's headline: one line on how it went and the answers worth another go."""

from __future__ import annotations

from types import SimpleNamespace

from interview_coach.report.model import QuestionReport
from interview_coach.web.summary import summary_html, weak_questions

FULL = {"situation": 2, "task": 2, "action": 2, "result": 2}


def _q(number: int, off_topic: bool = False, no_story: bool = False, **scores: int):
    return QuestionReport(
        number=number,
        question_id=f"q{number}",
        question=f"Tell me about a time number {number} happened.",
        parts=[],
        scores={**FULL, **scores},
        evidence={c: [] for c in FULL},
        quantified_result=False,
        ownership="i",
        hypothetical=False,
        word_count=120,
        speaking_seconds=48.0,
        fillers={},
        tips=[],
        follow_up="",
        missing=[],
        off_topic=off_topic,
        no_story=no_story,
    )


def _report(*questions):
    return SimpleNamespace(questions=list(questions), practise=["one thing"], openers=[])


def test_a_well_built_answer_to_another_question_is_not_called_strong_and_is_practised_again():
    """A story told for another question scored 8/8 on its structure: the headline said
    "Strong, well-structured answers" and "Worth another go" left it out."""
    report = _report(_q(1), _q(2, off_topic=True), _q(3, result=1))
    html = summary_html(report)
    assert "Strong, well-structured" not in html
    assert "1 of 3 answers did not answer the question asked" in html
    assert [q.number for q in weak_questions(report)] == [2]  # 7/8 is not weak; the miss is
    assert "Question 2 (a different question)" in html


def test_no_time_told_is_practised_again_and_all_fitting_answers_are_strong():
    assert [q.number for q in weak_questions(_report(_q(1), _q(2, no_story=True)))] == [2]
    assert "(no specific time)" in summary_html(_report(_q(1), _q(2, no_story=True)))
    strong = summary_html(_report(_q(1), _q(2, action=1)))
    assert "Strong, well-structured answers." in strong and "Worth another go" not in strong
