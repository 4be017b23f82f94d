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


def _task_probes() -> set[str]:
    import yaml

    from interview_coach.questions import DEFAULT_KNOWLEDGE

    path = DEFAULT_KNOWLEDGE / "competency_task_probe.yaml"
    return set(yaml.safe_load(path.read_text(encoding="utf-8")).values())


def test_a_task_given_in_reply_counts_and_is_not_asked_for_again() -> None:
    before = evaluate(Q, ANSWER)
    # the probe asks for the task in the words of the kind of story asked for (innovation)
    assert before.score("task") == 0 and before.follow_up in _task_probes()
    _, after = exchange(TASK)
    assert after.score("task") == 2
    assert after.follow_up not in _task_probes() and "responsible" not in after.follow_up


def test_the_joined_text_alone_would_have_missed_it() -> None:
    """Why :mod:`.exchange` exists: scored as one text, the late scene does not count."""
    assert evaluate(Q, ANSWER + " " + SCENE).score("situation") == 1
    assert exchange(SCENE)[1].score("situation") == 2


def test_a_reply_to_a_dictated_answer_is_not_run_into_its_last_clause(tmp_path) -> None:
    """Dictated answers end without a full stop: the session joins answer and reply as two
    paragraphs, so the reply's task is quoted on its own, not glued to the answer's outcome."""
    from interview_coach.config import Settings
    from interview_coach.models import SessionSetup
    from interview_coach.session import Coach

    coach = Coach(Settings(llm_backend="none", data_dir=tmp_path / "data"))
    setup = SessionSetup(role="Maintenance Supervisor", company="Harbourside Homes",
                         num_questions=1, mix="behavioural")  # fmt: skip
    step = coach.start(setup)
    answer = (
        "so last winter we had the big freeze and on the saturday night i get eleven calls in "
        "two hours so i rang round the tenants and told them how to shut the stopcock off then "
        "i went to the worst ones first and i capped the pipe on the third floor in twenty "
        "minutes and by sunday lunchtime every single one was fixed and nobody had to move out"
    )
    step = coach.answer(step.session_id, answer)
    assert step.state == "awaiting_probe_answer"
    reply = "my job that weekend was to keep every tenant safe and get every leak stopped by monday"
    step = coach.answer(step.session_id, reply)
    ev = next(t.evaluation for t in reversed(step.turns) if t.kind == "answer")
    text = answer + "\n\n" + reply
    for c in ("task", "result"):
        for span in ev.components[c]["evidence"]:
            assert text[span["start"] : span["end"]] == span["text"]
            inside = span["start"] >= len(answer) or span["end"] <= len(answer)
            assert inside, (c, span["text"])  # no quote straddles answer and reply
    assert ev.components["task"]["score"] == 2
