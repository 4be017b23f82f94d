"""A reply to a follow-up completes its answer: the part supplied counts, the tip changes."""

from __future__ import annotations

from interview_coach.star import evaluate

Q = "Tell me about a time you improved a process."
ANSWER = (
    "I noticed our invoices were going out late, so I built a shared tracker, set a weekly "
    "review with the finance team and automated the reminders. Late invoices dropped from 30% "
    "to 5% within two months."
)
SCENE = (
    "This was at Harlow Logistics in 2022, where I was the billing coordinator and late "
    "invoices were costing us about 40k a year in delayed cash."
)
TASK = "It was my job to get invoices out within five days of delivery, my manager set that target."


def exchange(reply: str):
    text = ANSWER + " " + reply
    return text, evaluate(Q, text, reply_from=len(ANSWER) + 1)


def test_a_scene_given_in_reply_counts_and_the_scene_tip_goes() -> None:
    before = evaluate(Q, ANSWER)
    assert before.score("situation") == 1 and "scene-setting" in before.tips[0]
    text, after = exchange(SCENE)
    assert after.score("situation") == 2
    assert not any("scene-setting" in t for t in after.tips)
    assert any("follow-up answer added the situation" in n for n in after.notes)
    for span in after.components["situation"]["evidence"]:
        assert text[span["start"] : span["end"]] == span["text"]
    assert "Harlow Logistics" in after.skeleton["situation"]


def test_a_task_given_in_reply_counts_and_is_not_asked_for_again() -> None:
    before = evaluate(Q, ANSWER)
    assert before.score("task") == 0 and "responsible" in before.follow_up
    _, after = exchange(TASK)
    assert after.score("task") == 2
    assert "responsible" not in after.follow_up


def test_the_joined_text_alone_would_have_missed_it() -> None:
    """Why :mod:`.exchange` exists: scored as one text, the late scene does not count."""
    assert evaluate(Q, ANSWER + " " + SCENE).score("situation") == 1
    assert exchange(SCENE)[1].score("situation") == 2
