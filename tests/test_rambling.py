"""Rambling: repetition and length far past three minutes cap what an answer earns."""

from __future__ import annotations

import json
from pathlib import Path

from interview_coach.star import evaluate, length

Q = "Tell me about a time you reduced customer churn."
STORY = (
    "At Fieldnote, a software company, in Q2 2023 I managed 52 accounts and my goal was to cut "
    "churn before renewals. I called every account at risk, built a health score from usage "
    "data and set up monthly check-ins with the ten weakest. Churn fell from 9% to 5% that year."
)
AGAIN = [
    "I called every account at risk, I called them all, and I built the health score for them.",
    "Honestly the health score was the key thing and I built the health score myself.",
    "So yeah I called every account at risk and I built a health score, that's what I did.",
]


def test_a_repetitive_answer_cannot_be_complete_and_leads_with_be_concise() -> None:
    answer = STORY + " " + " ".join(AGAIN * 5)
    ev = evaluate(Q, answer)
    assert ev.rambling["rambling"] and len(ev.rambling["repeats"]) >= 3
    assert all(ev.score(c) <= 1 for c in ev.components)  # no 8/8 for a ramble
    assert ev.tips[0].startswith("Be concise") and "repeats" in ev.tips[0]
    for rep in ev.rambling["repeats"]:
        assert answer[rep["start"] : rep["end"]].strip() == rep["text"]
    assert "two or three sentences" in ev.follow_up


def test_far_too_long_is_rambling_even_without_repeats() -> None:
    words = " ".join(f"Then on day {n} I checked account number {n} by hand." for n in range(90))
    ev = evaluate(Q, STORY + " " + words)
    assert ev.word_count > length.FAR_TOO_LONG and ev.rambling["too_long"]
    assert "minutes" in ev.tips[0]


def test_ordinary_answers_do_not_ramble() -> None:
    """The team's 294 labelled answers (up to ~370 words, some wandering) are never flagged."""
    path = Path(__file__).parent / "data" / "star_labelled.jsonl"
    rows = [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines() if x]
    checks = {r["id"]: length.check(r["answer"], len(r["answer"].split())) for r in rows}
    flagged = [rid for rid, check in checks.items() if check.rambling]
    assert flagged == []
    assert not evaluate(Q, STORY).rambling["rambling"]


def test_the_report_puts_be_concise_first_and_gives_off_topic_answers_no_strengths() -> None:
    from datetime import UTC, datetime

    from sample_session import COMPANY, PANEL, ROLE, _turns
    from test_relevance import HIKE, PERSUADE

    from interview_coach.models import SessionRecord, SessionSetup
    from interview_coach.report.model import build_report

    ramble = STORY + " " + " ".join(AGAIN * 5)
    items = [
        ("interviewer", "question", Q, "q-1", None),
        ("candidate", "answer", ramble, "q-1", evaluate(Q, ramble).to_dict()),
        ("interviewer", "question", PERSUADE, "q-2", None),
        ("candidate", "answer", HIKE, "q-2", evaluate(PERSUADE, HIKE).to_dict()),
    ]
    when = datetime(2026, 12, 1, 10, tzinfo=UTC)
    setup = SessionSetup(role=ROLE, company=COMPANY, interviewers=[PANEL[0]], num_questions=2)
    turns = _turns(when, items)
    record = SessionRecord("s-ramble", "alex", setup, "done", "finished", when, when, turns)
    report = build_report(record)
    assert report.practise[0].startswith("Q1: be concise") and "minutes" in report.practise[0]
    assert any(p.startswith("Q2: the story did not answer") for p in report.practise)
    assert not [s for s in report.strengths if s.startswith("Q2")]
    assert not any("complete STAR answer" in s for s in report.strengths)


def test_an_off_topic_first_answer_does_not_shift_the_strengths_of_the_rest() -> None:
    """Strengths are found per answer, not by position among those that fit (it raised)."""
    from datetime import UTC, datetime

    from sample_session import COMPANY, PANEL, ROLE, _turns
    from test_relevance import HIKE, PERSUADE

    from interview_coach.models import SessionRecord, SessionSetup
    from interview_coach.report.model import build_report

    items = [
        ("interviewer", "question", PERSUADE, "q-1", None),
        ("candidate", "answer", HIKE, "q-1", evaluate(PERSUADE, HIKE).to_dict()),
    ]
    for n in (2, 3):
        items += [
            ("interviewer", "question", Q, f"q-{n}", None),
            ("candidate", "answer", STORY, f"q-{n}", evaluate(Q, STORY).to_dict()),
        ]
    when = datetime(2026, 12, 1, 10, tzinfo=UTC)
    setup = SessionSetup(role=ROLE, company=COMPANY, interviewers=[PANEL[0]], num_questions=3)
    record = SessionRecord(
        "s-shift", "alex", setup, "done", "finished", when, when, _turns(when, items)
    )
    report = build_report(record)
    assert report.strengths and not [s for s in report.strengths if "Q1" in s]
    assert any(s.startswith("Q2") for s in report.strengths)


#: A long answer whose length is all steps: one sentence of scene, then fourteen different ones.
LONG_STEPS = (
    "In March 2023 the bottling plant I worked at kept losing pressure on three lines. "
    "First I pulled six months of stoppage reports from the maintenance system and sorted them "
    "by line, by shift and by the product that was running when the pressure dropped. "
    "That showed most stops happened on the night shift during the sparkling water runs, which "
    "use the highest carbonation setting we have. "
    "I asked the night fitters to call me whenever it happened, and I came in at two in the "
    "morning three times that week to watch the gauges myself. "
    "On the second visit I noticed the regulator on line four hunting up and down by nearly half "
    "a bar every few seconds. "
    "I borrowed a data logger from the quality lab, clipped it to the manifold and left it "
    "recording for five nights in a row. "
    "The trace matched the stoppages almost minute for minute, so I was fairly sure the "
    "regulator was the cause rather than the fillers. "
    "Before spending money I rang the supplier's technical line and described the pattern to "
    "an engineer called Priya. "
    "She said that model has a known diaphragm weakness when it runs cold, and our night "
    "temperature in that corner drops to about six degrees. "
    "I wrote a one-page case for my manager with the logger trace, the cost of the lost hours "
    "and the price of two replacement regulators. "
    "He approved it the same afternoon, and I booked the fitting for a Sunday so that no "
    "production time would be lost. "
    "While the line was down I also lagged the pipework in that corner and added a small heater "
    "on a thermostat, which the site engineer signed off. "
    "For the next fortnight I checked the logger every morning and shared a short summary with "
    "the night team so they knew what had changed. "
    "I also added a weekly regulator check to the planned maintenance list, with a photo of the "
    "correct gauge reading for whoever does it. "
    "When the quality manager asked how we would know it had not just moved somewhere else, I "
    "set the logger up on the other two lines for a week each and compared the traces. "
    "Both were steady, so I wrote the findings into the line handbook and walked the day "
    "supervisors through them at their Monday briefing. "
    "The fitters suggested a spare regulator on the shelf, which I ordered, labelled and logged "
    "in the stores system with its part number and the supplier's reference. "
    "I also sent Priya our logger traces, and her company later added a cold-running note to "
    "the installation guide for that model, which was a nice surprise. "
    "Finally I presented the whole thing at the monthly engineering meeting in ten minutes, "
    "with the before and after charts, so the other sites could check their own regulators. "
    "By April the three lines ran a full month without a single pressure stoppage, against "
    "eleven stoppages in the month before."
)


def test_a_long_answer_is_told_to_trim_the_part_that_is_long() -> None:
    """ "Trim the scene-setting" went to every long answer, including one whose scene was a
    sentence and whose length was all steps: the candidate would cut the wrong part."""
    ev = evaluate("Tell me about a time you fixed a recurring fault.", LONG_STEPS)
    assert ev.length_flag == "too_long" and not ev.rambles
    said = " ".join(ev.tips)
    assert "runs long. Keep the two or three steps that mattered most" in said
    assert "scene-setting" not in said
