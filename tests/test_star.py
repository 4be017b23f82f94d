"""The rules scorer on concrete answers, plus the labelled dev split as a regression gate."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from interview_coach.knowledge import embeddings
from interview_coach.star import COMPONENTS, EmptyAnswerError, evaluate, pieces
from interview_coach.star.scorer import analyse

ROOT = Path(__file__).resolve().parents[1]
Q = "Tell me about a time you improved a process."

S = (
    "Last spring I was the shift lead at a busy garden centre, and our click-and-collect "
    "orders were often not ready when customers arrived."
)
T = "My manager asked me to get the ready-on-arrival rate above 95% before the summer peak."
A1 = (
    "I mapped how orders moved from the website to the shop floor and found that nobody "
    "owned printing the pick lists."
)
A2 = (
    "I set up a printer at the tills, gave one person per shift the job of picking orders "
    "every hour, and added a shelf by the entrance for finished orders."
)
R = (
    "Within six weeks 98% of orders were ready on arrival, and complaints about collection "
    "dropped from about twenty a week to two."
)
COMPLETE = " ".join([S, T, A1, A2, R])
WE_ONLY = (
    "At the garden centre where I worked, click-and-collect orders were often late. We had to "
    "fix it before the summer. We mapped the process, we set up a printer at the tills and we "
    "added a shelf by the entrance. Things got better after that and customers were happier."
)
HYPOTHETICAL = (
    "I would start by finding out why the orders were late. Then I'd talk to the team and "
    "probably set up a clearer process. I always think communication is the key in "
    "situations like this."
)


def sentence_of(answer: str, sentence: str) -> tuple[int, int]:
    start = answer.index(sentence)
    return start, start + len(sentence)


def inside(span: dict, bounds: tuple[int, int]) -> bool:
    return bounds[0] <= span["start"] < span["end"] <= bounds[1]


def test_complete_answer_scores_two_everywhere_with_evidence_in_the_right_sentences():
    ev = evaluate(Q, COMPLETE)
    assert {c: ev.score(c) for c in COMPONENTS} == dict.fromkeys(COMPONENTS, 2)
    expected = {"situation": [S], "task": [T], "action": [A1, A2], "result": [R]}
    for c, sentences in expected.items():
        spans = ev.components[c]["evidence"]
        assert spans, c
        for span in spans:
            assert span["text"] == COMPLETE[span["start"] : span["end"]]
            assert any(inside(span, sentence_of(COMPLETE, s)) for s in sentences), (c, span)
    assert ev.quantified_result and ev.ownership == "i" and not ev.hypothetical
    assert ev.missing == [] and ev.scorer == "rules"


def test_removing_the_result_drops_it_to_zero_and_the_probe_asks_for_the_outcome():
    answer = " ".join([S, T, A1, A2])
    ev = evaluate(Q, answer)
    assert ev.score("result") == 0 and ev.components["result"]["evidence"] == []
    assert ev.missing == ["result"]
    assert not ev.quantified_result
    assert "outcome" in ev.follow_up.lower()
    assert ev.skeleton["result"].startswith("[missing")


def test_hypothetical_answer_is_flagged_and_the_probe_asks_for_a_real_time():
    ev = evaluate("Tell me about a time orders kept going out late.", HYPOTHETICAL)
    assert ev.hypothetical
    assert ev.score("situation") == 0 and ev.score("task") == 0 and ev.score("result") == 0
    assert ev.score("action") == 1
    assert "specific time" in ev.follow_up and "actually happened" in ev.follow_up
    assert "would do" in ev.tips[0]


def test_we_only_answer_is_owned_by_we_and_action_is_capped():
    ev = evaluate("Tell me about a time you fixed a problem with late orders.", WE_ONLY)
    assert ev.ownership == "we"
    assert ev.score("action") <= 1 and ev.score("task") <= 1
    assert "personally" in ev.follow_up


def test_mixed_ownership():
    answer = (
        "At a bakery where I worked, our wholesale orders kept going out short. I counted every "
        "tray for a week. We changed the packing list and we trained the early shift. Short "
        "orders stopped within a month."
    )
    assert analyse(answer).ownership == "mixed"


def test_fillers_are_counted_but_like_as_a_verb_is_not():
    answer = (
        "Um, so I was, like, running the front desk at a hotel, you know, and basically a guest "
        "was upset. I'd like to say I handled it well. It looked like a billing error, uh, so I "
        "fixed the bill and I mean he left happy."
    )
    ev = evaluate("Tell me about a difficult customer.", answer)
    # um, like (filler), you know, basically, uh, I mean = 6; "I'd like to", "looked like" are not
    assert ev.fillers["count"] == 6
    assert ev.fillers["per_100_words"] == round(600 / ev.word_count, 1)
    assert ev.fillers["words"]["um"] == 1 and ev.fillers["words"]["like"] == 1


@pytest.mark.parametrize("blank", ["", "   ", "\n\t "])
def test_empty_answer_raises(blank):
    with pytest.raises(EmptyAnswerError, match="empty"):
        evaluate(Q, blank)


def test_very_long_answer_is_truncated_with_a_note():
    answer = COMPLETE + " " + " ".join(["The shop was very busy that week."] * 900)
    assert len(answer.split()) > 5000
    ev = evaluate(Q, answer)
    assert any("only the first 5,000 were scored" in n for n in ev.notes)
    assert ev.word_count > 5000 and ev.length_flag == "too_long"
    # Its parts are all there, but buried: a rambling answer earns no "clear" part.
    assert ev.rambling["rambling"] and ev.rambling["too_long"]
    assert ev.score("situation") == 1 and ev.score("task") == 1
    assert ev.tips[0].startswith("Be concise") and "minutes" in ev.tips[0]
    for comp in ev.components.values():
        for span in comp["evidence"]:
            assert span["text"] == answer[span["start"] : span["end"]]


@pytest.mark.parametrize("mash", ["asdf qwer zxcv hjkl uiop", "sdfg sdfg sdfg lkjh lkjh"])
def test_gibberish_is_a_valid_all_zero_result_with_a_note(mash):
    ev = evaluate(Q, mash)
    assert all(ev.score(c) == 0 for c in COMPONENTS)
    assert "this doesn't read as an answer" in " ".join(ev.notes).lower()
    assert ev.follow_up and ev.tips


def test_length_flags_and_speaking_time():
    short = evaluate(Q, "I fixed the rota at the cafe where I worked, and nobody missed a shift.")
    assert short.length_flag == "too_short"
    assert short.word_count == 15 and short.speaking_seconds == 6.0
    assert evaluate(Q, " ".join([COMPLETE] * 2)).length_flag == "ok"


def test_hedges_are_listed_once_in_order():
    ev = evaluate(Q, "I think we maybe fixed it, I think, and it was probably fine in the end.")
    assert ev.hedges == ["i think", "maybe", "probably"]


def test_unquantified_result_is_reported():
    answer = " ".join([S, T, A1, A2, "The manager adopted the new process in every branch."])
    ev = evaluate(Q, answer)
    assert ev.score("result") == 2 and not ev.quantified_result
    assert any("a number would make it stick" in t for t in ev.tips)


def test_sentences_keep_offsets_across_abbreviations():
    answer = "I started at 6 a.m. on the ward. Then I checked every chart. Nobody was missed."
    units = analyse(answer).units
    assert [u.text for u in units] == [
        "I started at 6 a.m. on the ward.",
        "Then I checked every chart.",
        "Nobody was missed.",
    ]
    assert all(answer[u.start : u.end] == u.text for u in units)


def test_relevance_and_off_topic():
    on = evaluate("Tell me about a time you dealt with late customer orders.", COMPLETE)
    skills = (
        "I'm really strong in Python and SQL and I enjoy working with people. I think I'd be a "
        "great fit for this team because I love learning new things."
    )
    off = evaluate("Tell me about a time you dealt with late customer orders.", skills)
    assert 0.0 <= off.relevance < on.relevance <= 1.0
    assert off.off_topic and not on.off_topic
    assert any("Off topic?" in n for n in off.notes)


def test_evaluate_does_not_reload_the_model():
    evaluate(Q, COMPLETE)
    before = embeddings.get_model.cache_info()
    for _ in range(3):
        evaluate("Tell me about something else entirely.", WE_ONLY)
    after = embeddings.get_model.cache_info()
    assert after.misses == before.misses and after.hits > before.hits


def _benchmark():
    spec = importlib.util.spec_from_file_location(
        "star_accuracy", ROOT / "benchmarks" / "star_accuracy.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_labelled_dev_split_meets_the_targets():
    """Regression gate: the rules must keep agreeing with the human labels on dev."""
    bench = _benchmark()
    rows = bench.load_labelled(split="dev")
    assert len(rows) >= 60

    def rules_only(row):  # the same scores evaluate() returns, without the embedding pass
        an = analyse(row["answer"])
        return {
            "components": {c: {"score": an.scores[c]} for c in COMPONENTS},
            "quantified_result": an.quantified_result,
            "ownership": an.ownership,
            "hypothetical": an.hypothetical,
        }

    m = bench.measure(rows, rules_only)
    assert bench.meets_targets(m) == []
    for key in ("quantified_result", "ownership", "hypothetical"):
        assert m[key] >= 0.9, key


# Answers written for these tests (not from the labelled set), with the scores a careful
# reader would give; they guard phrasings the labelled set does not cover.
STORIES = [
    (
        "My job was to get our mobile app's crash rate under 1% before the spring release. At "
        "the time I was the only Android developer at a twelve-person startup, and crashes were "
        "running at about 4% of sessions. I added crash reporting to every screen, grouped the "
        "reports by stack trace, and fixed the three that caused most of them. I also wrote a "
        "checklist for code reviews so the same leak couldn't come back. By the release the "
        "crash rate was 0.6%, and our store rating went from 3.1 to 4.2 stars.",
        (2, 2, 2, 2),
        "i",
    ),
    (
        "we had a big outage once and the whole team jumped on it we looked at the logs and "
        "rolled back the deploy and then we wrote a postmortem and things were fine after that",
        (1, 0, 1, 1),
        "we",
    ),
    (
        "At a software reseller in Bristol I looked after about forty small-business accounts, "
        "and one of the biggest, a chain of dental practices, told us they were moving to a "
        "competitor. I booked a visit the same week, asked them to walk me through everything "
        "that had annoyed them, and found most of it came from slow support replies. I set up a "
        "direct line to our support lead for them and gave them a monthly review call. They "
        "signed a new two-year contract and added three more practices.",
        (2, 0, 2, 2),
        "i",
    ),
    (
        "When I taught Year 6 at a primary school in Leeds, my class was struggling with "
        "fractions ahead of their SATs. I needed to get them confident before the exams in May. "
        "I ran short daily fraction starters, used pizza and chocolate-bar diagrams, and set up "
        "a lunchtime club for the children who were furthest behind. The class seemed a lot "
        "more confident by the end and the parents were happy.",
        (2, 2, 2, 1),
        "i",
    ),
    (
        "Our team at a logistics company was asked to replace the old route planner. We ran "
        "workshops with the drivers, we built a new planning screen and we tested it for a "
        "month in one depot. The new planner went live in all six depots and fuel costs "
        "dropped by about 8%.",
        (2, 1, 1, 2),
        "we",
    ),
    (
        "I had to cut our cloud bill by 20% within a quarter. I went through every service in "
        "the billing console and found we were paying for test environments that ran all "
        "weekend. I wrote a script to shut them down on Friday evenings, moved our logs to "
        "cheaper storage, and right-sized the three biggest databases. The bill came down 27% "
        "in two months.",
        (0, 2, 2, 2),
        "i",
    ),
    (
        "Situation: I was the only accountant at a small charity.\nTask: The trustees asked me "
        "to move our books from spreadsheets to proper accounting software before the audit.\n"
        "Action: I compared three packages, picked one with a charity discount, migrated two "
        "years of records and trained the two volunteers who handle expenses.\nResult: The "
        "audit took four days instead of two weeks and the auditors raised no issues.",
        (2, 2, 2, 2),
        "i",
    ),
    (
        "When I was a junior planner at a housing association, the repairs backlog had grown "
        "to over 900 jobs and tenants were complaining to their MP. My manager asked me to "
        "bring it under 300 by the end of the year. By December we were down to 240 jobs and "
        "complaints to the MP had stopped.",
        (2, 2, 0, 2),
        "i",
    ),
    (
        "In my second year at a regional accountancy firm, one of our oldest clients sent in "
        "their records three weeks late, just before the January tax deadline. I decided to "
        "split the work with a junior colleague, so I took the income side and she took "
        "expenses. I called the client every morning to chase missing receipts. We filed two "
        "days before the deadline and the client paid no penalty.",
        (2, 0, 2, 2),
        "i",
    ),
]


@pytest.mark.parametrize(("answer", "expected", "ownership"), STORIES)
def test_stories_outside_the_labelled_set(answer, expected, ownership):
    an = analyse(answer)
    assert tuple(an.scores[c] for c in COMPONENTS) == expected
    assert an.ownership == ownership and not an.hypothetical


@pytest.mark.parametrize(
    "task",
    [
        "I'd been asked to take over the queue and bring it under control.",
        "I took responsibility for clearing the backlog before the launch.",
        "I had three weeks to bring it down.",
        "The target was to answer every ticket within one working day.",
        "It was up to me to fix it.",
        "I was tasked with reducing the backlog.",
        "It fell to me to clear it before the launch.",
        "We needed someone to own the queue, and I volunteered.",
        "I was brought in to get the queue back under control.",
        "The goal for me as the new lead was a one-day response time.",
        "So my task, really, was to clear it before the launch.",
        "Clearing it before the launch was on my plate.",
        "The head of support wanted me to halve it by the end of the quarter.",
    ],
)
def test_task_phrasings(task):
    situation = "Two years ago I was a support lead at a small software company."
    action = "I sorted the tickets by age, set up a daily triage and wrote five macros."
    result = "Within six weeks the backlog was down to 40 cases."
    assert analyse(" ".join([situation, task, action, result])).scores["task"] == 2


def test_a_hedged_or_missing_task_is_not_a_clear_one():
    situation = "Two years ago I was a support lead at a small software company."
    action = "I sorted the tickets by age, set up a daily triage and wrote five macros."
    result = "Within six weeks the backlog was down to 40 cases."
    hedged = "It sort of landed on me to sort it out."
    assert analyse(" ".join([situation, hedged, action, result])).scores["task"] == 1
    assert analyse(" ".join([situation, action, result])).scores["task"] == 0


@pytest.mark.parametrize(
    ("sentence", "task"),
    [
        ("I was on call that night.", 1),  # a duty implies the job without stating it
        ("I was covering for my manager that week.", 1),
        ("I was the only baker on shift.", 1),
        ("I inherited the mess from my predecessor.", 1),
        ("We had until Friday to fix it.", 1),  # the team's job, not clearly the speaker's
        ("And so we had to fix it before Friday.", 1),
        ("Everything had to be ready by six.", 1),
        ("The shop's goal was to never run out of bread.", 1),
        ("The cafe needed forty loaves by Monday.", 1),
        ("I was the only woman in the team.", 0),  # look-alikes that state no job
        ("Nobody asked me to help.", 0),
        ("It wasn't my job, but nobody else was going to.", 0),
        ("I'd never had to deal with that before.", 0),
        ("The challenge was that the ovens were old.", 0),
        ("My role at the time was head baker.", 0),
        ("I said to the driver, can you come back at ten.", 0),
        ("My job, while the engineer worked on it, was to keep the shelves full.", 2),
        ("The whole point was to keep the shelves full.", 2),
        ("I'd promised the cafe their order by eight.", 2),
        ("I got landed with sorting it out.", 2),
        ("My boss said, can you sort the deliveries out by Friday.", 2),
        ("I was leading the migration to the new ovens.", 2),
    ],
)
def test_implied_absent_and_stated_tasks(sentence, task):
    situation = "At a bakery in Leeds the ovens kept failing before the morning rush."
    action = (
        "I rang the engineer, moved the bread to the spare oven and rescheduled the deliveries."
    )
    result = "Every order went out on time that week."
    assert analyse(" ".join([situation, sentence, action, result])).scores["task"] == task


def test_a_team_need_after_the_steps_is_not_the_task():
    answer = (
        "At a bakery in Leeds the ovens kept failing before the morning rush. I rang the "
        "engineer and moved the bread to the spare oven, and then we had to reschedule the "
        "deliveries. Every order went out on time that week."
    )
    assert analyse(answer).scores["task"] == 0


STEPS = (
    "At a distribution centre in Crewe I was a shift lead, and our pick rate had fallen behind "
    "target for three weeks running. My manager asked me to get it back above 120 lines an hour "
    "before peak. I re-slotted the fastest-moving lines next to the dispatch bays, paired new "
    "pickers with experienced ones, and started a ten-minute huddle at the start of each shift."
)


@pytest.mark.parametrize(
    ("ending", "result"),
    [
        ("", 0),
        (" It was a really stressful month for everyone.", 0),  # a comment, not an outcome
        (" I was proud of how the team handled it.", 0),
        (" Things got a lot better after that.", 1),
        (" The site director adopted the huddle on every shift.", 2),  # someone else acted
        (" Within a month we were at 131 lines an hour.", 2),
    ],
)
def test_the_closing_clauses_carry_the_result(ending, result):
    an = analyse(STEPS + ending)
    assert an.scores["result"] == result
    assert an.scores["action"] == 2  # "re-slotted": hyphenated verbs are steps too


def test_a_result_stated_first_is_still_the_result_and_the_scene_follows():
    answer = "We got our pick rate from 95 to 131 lines an hour in a month. " + STEPS
    an = analyse(answer)
    assert {c: an.scores[c] for c in COMPONENTS} == dict.fromkeys(COMPONENTS, 2)
    first = an.units[0]
    assert "result" in first.tags and "situation" not in first.tags


def test_spoken_padding_between_subject_and_verb_is_ignored():
    padded = STEPS.replace("I re-slotted", "So, um, I, like, basically re-slotted")
    assert analyse(padded).scores == analyse(STEPS).scores
    assert analyse(padded).ownership == "i"


def test_a_we_riding_on_the_candidates_own_step_is_not_shared_ownership():
    answer = (
        "A colleague on my team kept missing deadlines. I spoke to him about it and we agreed a "
        "weekly check-in. He hasn't missed one since."
    )
    assert analyse(answer).ownership == "i"


@pytest.mark.parametrize(
    ("opening", "situation"),
    [
        ("I always try to stay calm with upset relatives.", 0),  # about the speaker
        ("In nursing, upset relatives are part of the job.", 1),  # about the field
        ("When a relative is upset on the ward, I take them somewhere quiet.", 1),
    ],
)
def test_hypothetical_openings(opening, situation):
    answer = opening + " I'd listen first, then I'd explain what is happening. Usually that helps."
    an = analyse(answer)
    assert an.hypothetical and an.scores["situation"] == situation


#: Stories in the present tense, each with one word the rules once read as a plan or habit.
TOLD_STORIES = [
    # a duty with a condition in it
    "So the builder wants the scaffold struck on Friday, before the render has cured. I'm the "
    "one who signs the handover, so it's on me if a wall cracks. I tell him no, and the strike "
    "moves to the Tuesday after.",
    # a wish, not a plan
    "In the depot the forklifts charge overnight on the old chargers and half of them die by "
    "noon. I would like to find a cheaper fix than new batteries. I borrow a meter, I log every "
    "truck for a week, and I find two chargers cutting out at 80 percent.",
    # a question asked in the story
    "It's a Monday at the food bank and a new volunteer is crying in the store room. I ask if "
    "the shift has been too much. She tells me her landlord has served notice, and the housing "
    "adviser sees her that same afternoon.",
    # a concession and an aside to the interviewer
    "This is the night the water main burst on the high street. I keep the shop open even if "
    "the manager wants to close, I'll tell you that for free, because the pharmacy counter has "
    "twelve prescriptions waiting. I move the stock off the floor and I phone each patient.",
    # someone else's habit, and the usual way set against the day in question
    "It's a Thursday on the ward. Normally the charge nurse does the drug round, but that night "
    "she is off sick. The registrar gets short with me whenever I ask him to re-check a dose. "
    "I write each query down, I page the pharmacist and I finish the round by ten.",
]


@pytest.mark.parametrize("story", TOLD_STORIES)
def test_a_story_told_in_the_present_is_not_read_as_a_plan(story: str) -> None:
    assert not analyse(story).hypothetical


@pytest.mark.parametrize(
    "plan",
    [
        "If a customer shouted at me, I would stay calm and let them finish before I answer.",
        "I always ask if they want a break first, and I usually offer them a drink.",
        "Whenever a delivery is late I ring the driver, then I tell the customer straight away.",
    ],
)
def test_plans_and_habits_are_still_read_as_such(plan: str) -> None:
    assert analyse(plan).hypothetical


def test_a_time_alone_is_a_vague_scene_but_a_named_place_is_specific():
    rest = (
        " It was my job to stop the clashes before the gala. I exported a month of bookings, "
        "found the clash came from the swim club's recurring slots, and rebuilt those slots by "
        "hand. Double bookings dropped from about ten a week to none."
    )
    vague = "At my last job, one week the pool's booking system kept double-booking lanes."
    named = "At the leisure centre in Derby where I worked, the booking system kept double-booking."
    assert analyse(vague + rest).scores["situation"] == 1
    assert analyse(named + rest).scores["situation"] == 2


def test_an_answer_is_one_model_run_whatever_reads_it(monkeypatch):
    calls = []
    real = embeddings.embed_texts

    def counting(texts):
        calls.append(len(texts))
        return real(texts)

    evaluate(Q, COMPLETE)  # the question bank's vectors are built once per process
    monkeypatch.setattr(embeddings, "embed_texts", counting)
    pieces.forget()  # earlier tests may have read WE_ONLY already
    # the STAR layer's clause reader and relevance's story models read one run of the pieces
    evaluate(Q, WE_ONLY)
    # a new question is one short run; the answer's pieces are not embedded again
    evaluate("Tell me about a time you sorted out a late delivery problem.", WE_ONLY)
    assert calls == [len(pieces.piece_texts(analyse(WE_ONLY))), 1]


def test_an_outcome_given_alone_is_still_a_result() -> None:
    """A reply to "what changed?" can be the outcome alone; it must not score zero."""
    ev = evaluate(
        "What changed after you fixed the export?",
        "Well, the result was that the export stopped failing; over the next quarter it failed "
        "once instead of 24 times, and finance stopped re-running invoices by hand.",
    )
    assert ev.components["result"]["score"] == 2
    assert ev.quantified_result
    assert ev.components["action"]["score"] == 0
