"""Tips, probes and skeletons quote the candidate; check_grounded catches invented facts."""

from __future__ import annotations

import json
import re
from itertools import combinations
from pathlib import Path

import pytest

from interview_coach.cli.card import format_card
from interview_coach.interview import probe_focus
from interview_coach.phrasing import FOCUS, PROBES
from interview_coach.star import evaluate
from interview_coach.star.coaching import quote, skeleton_text
from interview_coach.star.grounding import check_grounded
from interview_coach.web.cards import _facts

# The backlog story shows prioritisation (sorting by age and impact): told for "a time you fixed
# a recurring problem" the story model finds it does not show problem solving.
Q = "Tell me about a time you had more work than time and had to decide what came first."
SITUATION = (
    "Two years ago I was a support lead at a small software company, and our ticket backlog "
    "had grown to over 300 open cases."
)
TASK = "My manager asked me to get the backlog under 50 cases within two months."
ACTION = (
    "I sorted the backlog by age and customer impact, set up a daily triage meeting with two "
    "senior agents, and wrote macros for the five most common questions."
)
RESULT = (
    "Within six weeks the backlog was down to 40 cases and our first-response time fell from "
    "two days to four hours."
)
PARTS = (SITUATION, TASK, ACTION, RESULT)
LABELLED = Path(__file__).parent / "data" / "star_labelled.jsonl"


def quoted(text: str) -> list[str]:
    return [q.rstrip("\u2026") for q in re.findall("\u201c([^\u201d]+)\u201d", text)]


def test_we_tip_quotes_the_candidate_and_asks_for_their_part():
    answer = (
        f"{SITUATION} We had to clear it before the launch. We sorted the tickets, we set up a "
        f"triage meeting and we wrote macros. {RESULT}"
    )
    ev = evaluate(Q, answer)
    action_tip = next(t for t in ev.tips if "personally did" in t)
    assert quoted(action_tip) and all(q in answer for q in quoted(action_tip))
    assert "We sorted the tickets" in action_tip
    assert "personally" in ev.follow_up


def test_every_tip_quote_is_verbatim_from_the_answer():
    answer = (
        "So, um, at my last job things were pretty busy. I did a lot of stuff to help out. It "
        "went fine in the end I think."
    )
    ev = evaluate(Q, answer)
    assert len(ev.tips) >= 3
    for tip in ev.tips:
        for q in quoted(tip):
            if q != Q:
                assert q in answer, (q, tip)


@pytest.mark.parametrize(
    ("parts", "probe_words"),
    [
        ([SITUATION, TASK, RESULT], "personally do"),
        ([TASK, ACTION, RESULT], "where were you working"),
        ([SITUATION, ACTION, RESULT], "responsible for"),
        ([SITUATION, TASK, ACTION], "outcome"),
    ],
)
def test_probe_targets_the_missing_part(parts, probe_words):
    """A missing scene is asked for whether it reads as absent ("Can you set the scene: where
    were you working...") or as thin around the job ("You mentioned... Where were you
    working, and what was at stake?")."""
    ev = evaluate(Q, " ".join(parts))
    assert probe_words in ev.follow_up.lower()


@pytest.mark.parametrize(
    "question",
    [
        "Tell me about a time you settled a disagreement between two colleagues.",
        "Tell me about a time you resolved a conflict in your team.",
        "",
    ],
)
def test_views_with_no_event_are_asked_for_one_not_for_its_outcome(question: str) -> None:
    """The card's tip said "This doesn't describe a specific past event" while its probe asked
    "What was the outcome, and how did you know it had worked?": the outcome of no story."""
    views = (
        "Disagreements happen in every team. The best teams air them early, hear both sides "
        "and agree how they will decide. That keeps people working together."
    )
    ev = evaluate(question, views)
    assert not any(ev.scores.values())
    # with a question it may be read as telling no story, whose card asks the same way
    assert "specific past event" in ev.tips[0] or ev.no_story
    assert re.search("specific (?:time|example)", ev.follow_up), ev.follow_up
    assert "outcome" not in ev.follow_up


@pytest.mark.parametrize(
    ("answer", "said"),
    [
        (
            "I think a lead sets the example. I always try to be the first on site and the last "
            "to leave, and I make sure the crew feel listened to.",
            "what you usually do",
        ),
        (
            "I would sit both of them down, hear each side, and agree on how we would decide.",
            "what you would do",
        ),
    ],
)
def test_a_habit_is_called_a_habit_and_a_plan_a_plan(answer: str, said: str) -> None:
    """ "You describe what you would do ("I always try to be the first on site...")" answered
    a habit as if it were a plan: the candidate said what they do, not what they would."""
    ev = evaluate("", answer)  # with a question, a habit may be read as off topic instead
    assert ev.hypothetical
    assert any(t.startswith(f"You describe {said} (") for t in ev.tips), ev.tips


def test_a_habit_is_flagged_as_one_on_the_card_and_probed_as_one() -> None:
    """The web card said 'hypothetical ("I would…")' and the interviewer's brief "what they
    would do" for "I always..." answers, which say what the candidate does as a rule."""
    habit = evaluate("", "I always check the chart twice and I get a second nurse for anything.")
    plan = evaluate("", "I would check the chart twice and then I would ask a second nurse.")
    assert habit.hypothetical and habit.habit and plan.hypothetical and not plan.habit
    assert "a habit" in _facts(habit) and "I would" not in _facts(habit)
    assert "I would" in _facts(plan)
    assert probe_focus(habit) == "habit" and probe_focus(plan) == "hypothetical"
    assert "usually do" in FOCUS["habit"] and "usually do" in PROBES["habit"]


@pytest.mark.parametrize(
    ("question", "answer"),
    [
        (
            "How do you make sure you don't make mistakes with medication?",
            "i always double check everything i check the wristband and the chart and i get a "
            "second nurse for anything controlled",
        ),
        (
            "Tell me how you bring on a new apprentice.",
            "What I usually do with every apprentice is give them one job of their own from the "
            "first week, and I check it with them every morning before I say what I see.",
        ),
        (
            "What would you do if a colleague kept taking credit for your work?",
            "I would talk to them privately first, and if it kept happening I would raise it "
            "with my manager.",
        ),
    ],
)
def test_a_habit_or_plan_asked_for_is_not_faulted_for_being_one(question: str, answer: str):
    """ "You describe what you usually do..., not a time it happened" told a nurse who was
    asked how she avoids mistakes that her answer was the wrong kind."""
    ev = evaluate(question, answer)
    assert ev.hypothetical and not ev.off_topic
    assert "which answers the question" in ev.tips[0] and "not a time" not in ev.tips[0]
    # asked for one time, in the same opening words, the plan or habit does not answer it
    for asked in ("Can you tell me about a time that happened?", question + " Give me an example."):
        tip = evaluate(asked, answer).tips[0]
        assert "which answers the question" not in tip, (asked, tip)


def test_a_result_told_with_numbers_is_not_asked_for_a_number() -> None:
    """ "Your result is clear ("We had 14 shops and maybe 200 downloads..."); a number would make
    it stick" (80 labelled cards quoted a number so, and 62 probes asked for numbers the
    result gave): the quantified verdict may say the number does not measure the outcome, but
    the candidate told one."""
    answer = (
        "We launched a loyalty app at the bakery chain and nobody used it. We had 14 shops and "
        "maybe 200 downloads in three months. We thought people wanted points but they just "
        "wanted to order ahead. We learned to ask customers first."
    )
    ev = evaluate("Tell me about a time you failed.", answer)
    assert ev.scores["result"] == 2 and not ev.quantified_result  # the case at issue
    assert not [t for t in ev.tips if "a number would" in t]
    assert "numbers" not in ev.follow_up


def test_a_result_tip_quotes_the_outcome_not_the_step_in_its_clause() -> None:
    """ "You say "I coordinated the schedule and made sure everything…". Make the outcome
    concrete" quoted the step for the outcome that ended the same clause."""
    answer = (
        "Our team had 120 stores and a refit budget of about 2 million, and the deadline was the "
        "end of the financial year. I coordinated the schedule and made sure everything was on "
        "track and in the end it was a success."
    )
    ev = evaluate("Describe a time when you had to meet a tight deadline.", answer)
    assert ev.scores["result"] == 1
    tip = next(t for t in ev.tips if "Make the outcome concrete" in t)
    assert tip.startswith("You say \u201cin the end it was a success\u201d"), tip


def test_every_probe_asks_exactly_one_question() -> None:
    """The coach's probe is the interviewer's turn whenever the LLM is off or fails."""
    rows = [json.loads(line) for line in LABELLED.read_text(encoding="utf-8").splitlines()]
    probes = {
        evaluate(r["question"], r["answer"]).follow_up for r in rows[::3] if r["split"] == "dev"
    }
    probes |= {evaluate(Q, " ".join(p)).follow_up for p in combinations(PARTS, 2)}
    probes |= set(PROBES.values())
    assert len(probes) >= 12  # the row sample reaches most of the templates
    assert [p for p in probes if p.count("?") != 1] == []


def test_complete_unquantified_answer_is_probed_for_measurement():
    answer = " ".join([SITUATION, TASK, ACTION, "The support director adopted my triage process."])
    ev = evaluate(Q, answer)
    assert ev.missing == []
    assert "measure" in ev.follow_up


def test_skeleton_uses_their_sentences_and_marks_gaps():
    answer = " ".join([SITUATION, ACTION, RESULT])
    ev = evaluate(Q, answer)
    sk = ev.skeleton
    assert sk["task"].startswith("[missing \u2014") and "responsible" in sk["task"]
    assert SITUATION.split(",")[0] in sk["situation"]
    assert sk["action"].startswith("I sorted the backlog")
    assert RESULT.split(" and ")[0] in sk["result"]
    text = skeleton_text(sk)
    assert text.splitlines()[1].startswith("Task: [missing")


def test_quote_is_verbatim_and_skips_leading_fillers():
    answer = "So, um, I rebuilt the rota from scratch over a single weekend for everyone."
    q = quote(answer, 0, len(answer), max_words=5)
    assert q == "I rebuilt the rota from\u2026"
    assert q.rstrip("\u2026") in answer


@pytest.mark.parametrize(
    ("answer", "start"),
    [
        ("Right, so my head chef wanted to cut the lamb.", "my head chef"),
        ("Oh, um, the night porter rang me at two.", "the night porter"),
        ("Sure. We had one freezer for the whole ward.", "We had one freezer"),
        ("Right after the audit I rewrote the checklist.", "Right after the audit"),
    ],
)
def test_quote_skips_a_spoken_lead_in_but_not_a_word_of_the_sentence(answer: str, start: str):
    assert quote(answer, 0, len(answer), max_words=12).startswith(start)


def test_card_shows_scores_tips_and_probe():
    answer = " ".join([SITUATION, TASK, ACTION])
    ev = evaluate(Q, answer)
    card = format_card(ev, answer, Q)
    assert "Result     \u25cb\u25cb  missing" in card
    assert "Follow-up question: " + ev.follow_up in card
    assert "Task: My manager asked me" in card


# --- check_grounded ---------------------------------------------------------------------------

ANSWER = (
    "At Quaylift I cut the monthly close from 1,200 minutes to about 900, a 25 percent "
    "saving, and Priya in finance signed it off. It took four weeks and saved 1.2 million pounds."
)


def test_grounded_text_passes():
    text = (
        "I cut the close from 1200 minutes to 900, a 25% saving; Priya signed it off. "
        "It took 4 weeks and saved \u00a31,200,000 at Quaylift."
    )
    assert check_grounded(text, ANSWER) == []


def test_invented_number_and_name_are_caught():
    text = "I cut the close by 40% in four weeks, and my director Marcus Webb praised it."
    problems = check_grounded(text, ANSWER)
    assert "40%" in problems
    assert "Marcus" in problems and "Webb" in problems
    assert "four" not in problems


def test_sentence_start_capitals_are_not_names_but_acronyms_are():
    text = "Finally, the close was faster. Monthly reports were on time. The CFO was pleased."
    assert check_grounded(text, ANSWER) == ["CFO"]


def test_extra_allowed_sources_count():
    text = "Thank you, Dana, for the interview at Quaylift about the analyst role."
    assert check_grounded(text, ANSWER) == ["Dana"]
    assert check_grounded(text, ANSWER, extra_allowed=("Dana Okafor, Head of Finance",)) == []


def test_number_words_and_digits_match_both_ways():
    assert check_grounded("It took 4 weeks.", "It took four weeks.") == []
    assert check_grounded("It took four weeks.", "It took 4 weeks.") == []
    assert check_grounded("It took five weeks.", "It took 4 weeks.") == ["five"]
    assert check_grounded("It took 5 weeks.", "It took four weeks.") == ["5"]
    assert check_grounded("About two hundred people came.", "Around 200 came.") == []
    assert check_grounded("It cost £12k.", "It cost 12,000 pounds.") == []


def test_a_thin_scene_is_told_what_it_lacks_not_what_it_already_names():
    """A short answer that gives the shop, the year and the role earns situation 1 for want of
    a problem: telling its author to "name the place, your role and when" reads as unread."""
    named = (
        "In 2023 at Greggs in Cardiff. I was shift lead. I noticed the queue. I moved the coffee "
        "machine."
    )
    ev = evaluate("Tell me about a time you took the initiative.", named)
    assert ev.components["situation"]["score"] == 1
    tip = next(t for t in ev.tips if "scene-setting" in t)
    assert "name the place" not in tip and "going wrong or at stake" in tip
    vague = "One time we had an issue. I fixed the config and the site came back up in an hour."
    ev = evaluate("Tell me about a time you solved a problem.", vague)
    tip = next(t for t in ev.tips if "scene-setting" in t)
    assert "the place, your role and when it happened" in tip


def test_a_role_told_in_its_own_sentence_is_not_asked_for_again():
    """ "I was assistant manager." reads as the task, not the scene; the scene tip must not ask
    for the role the candidate has just given."""
    answer = (
        "At the garden centre last spring. I was assistant manager. We had a delivery of 400 "
        "bedding plants arrive a day early."
    )
    ev = evaluate("Describe a time you went above and beyond.", answer)
    tip = next(t for t in ev.tips if "scene-setting" in t)
    assert "role" not in tip


def test_every_competency_has_a_task_probe_that_asks_one_thing():
    """``knowledge/competency_task_probe.yaml`` covers the whole vocabulary, one "?" each."""
    import yaml

    from interview_coach.questions import DEFAULT_KNOWLEDGE, load_competencies

    probes = yaml.safe_load((DEFAULT_KNOWLEDGE / "competency_task_probe.yaml").read_text())
    assert set(probes) == set(load_competencies(DEFAULT_KNOWLEDGE))
    assert all(p.count("?") == 1 and p.endswith("?") for p in probes.values())


def test_the_task_probe_fits_the_kind_of_story_asked_for():
    """ "What were you asked to achieve?" after a story about a mistake reads as unread."""
    answer = (
        "Last winter I forgot to put the grit order in before the cold snap, so we ran out on "
        "the Tuesday and the car park froze. I phoned round three suppliers, got half a load "
        "from one that afternoon and gritted the entrances by hand. Nobody fell, and the order "
        "is now a reminder in my calendar every October."
    )
    ev = evaluate("Tell me about a mistake you made at work.", answer)
    assert ev.components["task"]["score"] == 0
    assert ev.follow_up == (
        "What were you meant to be doing when it went wrong, and what did you need to put right?"
    )


def test_the_task_probe_is_not_tailored_to_a_guess_at_the_question() -> None:
    """ "What's a time you went the extra mile?" names no competency; the question model guesses
    prioritisation, unsurely. The probe asked "...which deadline mattered most?" of a vet
    receptionist who drove a grieving owner home. An unsure reading gets the plain task probe."""
    answer = (
        "I work on the front desk at a vets in Leeds. One evening an elderly man came in with his "
        "dog, who had to be put to sleep. He had come by taxi and there were no taxis for an "
        "hour, and he was in bits. We were closing, so once I had cashed up I drove him home "
        "myself, and sat with him for ten minutes while he rang his daughter. A month later he "
        "sent the practice a card and a box of biscuits, and he still brings his new puppy to us."
    )
    ev = evaluate("What's a time you went the extra mile?", answer)
    assert ev.components["task"]["score"] == 0 and ev.topic["asks_sure"] is False
    assert ev.follow_up == (
        "What exactly were you responsible for there, and what were you asked to achieve?"
    )


def test_a_task_the_model_hears_with_no_word_of_a_job_is_not_quoted_back(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Dictated persuasion story: the learned layer gave the task 1, the rules find no clause
    that states one, and the clause it falls back on is the price ("it was like four grand").
    The tip said "Your task ('it was like four grand') is vague"; it now asks for the goal.

    The retrained layer no longer hears a task here, so its call is held at 1: what is tested
    is the card's handling of such a call, whichever answer the layer makes it on."""
    from interview_coach.star import model

    learned = model.score
    monkeypatch.setattr(model, "score", lambda *a, **k: {**learned(*a, **k), "task": 1})
    answer = (
        "um so yeah at the garage the owner didnt want to buy the new diagnostic machine cos it "
        "was like four grand. i'd been doing the old way for ages and we were sending maybe three "
        "cars a week to the main dealer. so i kept a tally for a month of every car we sent away "
        "and what we lost on it and it came to like nine hundred quid. showed him that on a bit "
        "of paper at the end of the month. he bought it the next week"
    )
    ev = evaluate("Tell me about a time you had to persuade someone.", answer)
    assert ev.components["task"]["score"] == 1
    text = " ".join(ev.tips) + " " + (ev.follow_up or "")
    assert "four grand" not in text
    assert any(t.startswith("Your goal is only implied.") for t in ev.tips)


BOILER_Q = "Tell me about a time you made a case for spending money."
BOILER = (
    "Last spring at the hostel I manage in Keswick, the boiler broke down three times in a "
    "month and guests were leaving bad reviews. It was my job to get a decision on replacing "
    "it before the summer season. I logged every breakdown, got three quotes, and wrote a "
    "two-page case for the owners comparing repair costs with a new condensing boiler. "
)


@pytest.mark.parametrize(
    "ending",
    ["We're still waiting to hear back from the owners.", "Honestly, too early to say yet."],
)
def test_an_outcome_the_speaker_says_is_not_known_is_no_result(ending: str) -> None:
    """Where the result would go the speaker says there is none yet: the rubric's 0, and the
    tip and the probe ask for what has happened so far, not for numbers."""
    ev = evaluate(BOILER_Q, BOILER + ending)
    assert ev.components["result"]["score"] == 0
    assert not ev.quantified_result
    assert any("isn't known yet" in t and "so far" in t for t in ev.tips)
    assert "so far" in ev.follow_up


def test_an_outcome_told_beside_one_still_awaited_is_a_result() -> None:
    ev = evaluate(
        BOILER_Q,
        BOILER + "We're still waiting on the final invoice, but the owners approved the new "
        "boiler within a week and we've had no breakdowns since.",
    )
    assert ev.components["result"]["score"] == 2
    assert not any("isn't known yet" in t for t in ev.tips)
