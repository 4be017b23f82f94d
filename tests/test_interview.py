"""The interviewer state machine: scripted candidates, bounds, and random inputs."""

from __future__ import annotations

import json
import random

import pytest

from interview_coach.interview import (
    MAX_CANDIDATE_QUESTIONS,
    MAX_FAILED_ATTEMPTS,
    Answer,
    Finish,
    Interview,
    Start,
    State,
    answer_digest,
    classify_answer,
    classify_candidate,
    probe_focus,
)
from interview_coach.models import load_evaluation
from interview_coach.star import evaluate

GOOD = (
    "Last spring our checkout service kept timing out during sales. I owned it, so I had to "
    "fix it before Black Friday. I profiled the service, found a lock on the cart table and "
    "split it by region. Timeouts fell from 2,000 a day to 40 and we had no outage that week."
)
WEAK = (
    "At my last job the release process was slow and painful. I was asked to speed it up. "
    "I wrote scripts to automate the build and talked to every team about their steps."
)
HYPOTHETICAL = (
    "I would first listen to both people, then I would find common ground and I would make "
    "sure the team agrees on a plan that everyone can support going forward."
)


def ev(s: int = 2, t: int = 2, a: int = 2, r: int = 2, *, hyp: bool = False, follow: str = ""):
    """The parts of the evaluate JSON the machine reads."""
    comps = {"situation": s, "task": t, "action": a, "result": r}
    return load_evaluation(
        {
            "components": {k: {"score": v, "evidence": []} for k, v in comps.items()},
            "hypothetical": hyp,
            "follow_up": follow,
        }
    )


def machine(n: int = 3, probes: int = 1) -> Interview:
    m = Interview({"role": "Engineer", "company": "Acme"}, [f"q-{i}" for i in range(n)], probes)
    return m


def kinds(decision) -> list[str]:
    return [m.kind for m in decision.moves]


def test_classify_answer_separates_real_answers_from_noise() -> None:
    assert classify_answer("") == "empty"
    assert classify_answer("   \n\t ") == "empty"
    for mash in ("asdf qwer zxcv", "sdkfj sdkfjh weoiru xcvn", "!!!! ???? 1234", "jjjjjjjj"):
        assert classify_answer(mash) == "gibberish", mash
    assert classify_answer("yes") == "too_short"
    assert classify_answer("Skip") == "skip"
    assert classify_answer("next question") == "skip"
    for real in (GOOD, WEAK, HYPOTHETICAL, "Led the migration to k8s in 2023."):
        assert classify_answer(real) == "ok", real


def test_a_short_pass_in_other_words_is_a_skip_not_an_answer() -> None:
    for passing in ("Sorry, I'm not sure.", "I don\u2019t know, to be honest.", "no idea",
                    "I can't think of one right now.", "Hmm, nothing comes to mind.",
                    "Can I come back to that one? Nothing's coming to mind right now.",
                    "I'd rather skip that one", "I don't have an example of that"):  # fmt: skip
        assert classify_answer(passing) == "skip", passing
    # a real answer that happens to say "not sure" is still an answer
    real = "I wasn't sure the rota would work, so I trialled it for two weeks and it did."
    assert classify_answer(real) == "ok"


def test_a_question_back_to_the_interviewer_is_not_scored_as_an_answer() -> None:
    """ "What would my first month look like?" typed mid-interview was scored as a story:
    "You describe yourself ("What would my first month look like")...", and probed."""
    for asked in ("What would my first month look like?",
                  "Sorry, quick question. Does it have to be from work?",
                  "Can I ask who I'd report to and how big the team is?"):  # fmt: skip
        assert classify_answer(asked) == "asks_back", asked
    for answer in ("I once left the cold room open overnight and lost the stock. Lesson "
                   "learned, right?",
                   "Have I had a conflict? Yes. Last year a colleague and I disagreed about "
                   "the rota and I sorted it by talking to her first.",
                   "So the rota was bad. I fixed it. Why wouldn't I?"):  # fmt: skip
        assert classify_answer(answer) == "ok", answer
    card = evaluate("Tell me about a time you led a team.", "What would my first month look like?")
    assert not any(card.scores.values()) and card.tips[0].startswith("Keep your own questions")
    m = machine(n=2)
    m.handle(Start())
    d = m.handle(Answer("What would my first month look like?", None))
    assert [(mv.kind, mv.hint) for mv in d.moves] == [("reprompt", "asks_back")]
    assert m.state == State.AWAITING_ANSWER and m.index == 0
    d = m.handle(Answer("And what are the hours like?", None))
    assert "ask" in kinds(d) and m.index == 1  # a second one moves on: it cannot stall


def test_classify_candidate_questions_and_closings() -> None:
    assert classify_candidate("What does the first month look like?") == "question"
    assert classify_candidate("how big is the team") == "question"
    for closing in ("", "no", "No, that's all, thanks.", "nope", "I'm good", "Thanks!"):
        assert classify_candidate(closing) == "closing", closing


def test_probe_focus_targets_the_weakest_part() -> None:
    assert probe_focus(ev()) is None
    assert probe_focus(ev(r=0)) == "result"
    assert probe_focus(ev(s=1, a=0)) == "action"
    assert probe_focus(ev(s=1)) == "situation"
    assert probe_focus(ev(t=1, r=1)) == "result"  # a tie goes to the result
    assert probe_focus(ev(hyp=True)) == "hypothetical"
    assert probe_focus(None) is None


def test_scripted_candidate_full_interview() -> None:
    m = machine(n=5)
    d = m.handle(Start())
    assert kinds(d) == ["greet", "ask"] and d.moves[1].question_index == 0
    assert m.state == State.AWAITING_ANSWER

    # 1. good answer: no probe, straight to question 2 with thanks
    d = m.handle(Answer(GOOD, ev()))
    assert kinds(d) == ["ask"] and d.moves[0].question_index == 1 and d.moves[0].ack == "thanks"
    assert d.input_kind == "answer" and d.question_index == 0

    # 2. weak answer (no result): probed once, on the result, with the coach's follow-up
    d = m.handle(Answer(WEAK, ev(r=0, follow="What changed afterwards?")))
    assert kinds(d) == ["probe"]
    assert d.moves[0].focus == "result" and d.moves[0].hint == "What changed afterwards?"
    assert m.state == State.AWAITING_PROBE_ANSWER
    # the reply to the probe is still weak: no second probe, move on
    d = m.handle(Answer("It went a bit better after that I think.", ev(r=1)))
    assert kinds(d) == ["ask"] and d.moves[0].question_index == 2

    # 3. hypothetical answer: probed for a real example
    d = m.handle(Answer(HYPOTHETICAL, ev(s=0, t=0, a=1, r=0, hyp=True)))
    assert kinds(d) == ["probe"] and d.moves[0].focus == "hypothetical"
    # empty reply to the probe: a clear re-prompt, same question, nothing consumed
    d = m.handle(Answer("  "))
    assert kinds(d) == ["reprompt"] and d.moves[0].hint == "empty"
    assert d.moves[0].question_index == 2 and m.index == 2
    # gibberish again: after two failed attempts we move on instead of looping
    d = m.handle(Answer("asdf qwer zxcv"))
    assert d.classification == "gibberish"
    assert kinds(d) == ["ask"] and d.moves[0].question_index == 3 and d.moves[0].ack == "gave_up"

    # 4. repeated answer: noted, no probe, next question
    assert not m.wants_evaluation(GOOD)
    d = m.handle(Answer(GOOD.upper()))
    assert d.classification == "repeat"
    assert kinds(d) == ["ask"] and d.moves[0].ack == "repeat" and d.moves[0].question_index == 4

    # 5. last question, then the candidate's questions
    d = m.handle(Answer(GOOD.replace("Black Friday", "the launch"), ev()))
    assert kinds(d) == ["invite"] and m.state == State.CANDIDATE_QUESTIONS
    d = m.handle(Answer("What does success look like in the first six months?"))
    assert kinds(d) == ["answer_candidate"] and d.input_kind == "candidate_question"
    assert m.state == State.CANDIDATE_QUESTIONS
    d = m.handle(Answer("No, that's all. Thank you!"))
    assert kinds(d) == ["wrap_up"] and d.moves[0].hint == "complete"
    assert d.done and m.done and m.state == State.DONE
    assert m.probes == [0, 1, 1, 0, 0]


def test_probes_per_question_setting_allows_more_probes() -> None:
    m = machine(n=1, probes=2)
    m.handle(Start())
    assert kinds(m.handle(Answer(WEAK, ev(r=0)))) == ["probe"]
    assert kinds(m.handle(Answer("We shipped it eventually in the end.", ev(r=1)))) == ["probe"]
    assert kinds(m.handle(Answer("Deploys went from an hour to ten minutes.", ev(r=1)))) == [
        "invite"
    ]


def test_finish_early_and_after_done() -> None:
    m = machine(n=4)
    m.handle(Start())
    d = m.handle(Finish())
    assert kinds(d) == ["wrap_up"] and d.moves[0].hint == "early" and d.done
    assert m.ended_early
    again = m.handle(Finish())
    assert again.moves == [] and m.done
    assert m.handle(Answer(GOOD, ev())).moves == []  # a late answer is ignored, no crash


def test_candidate_questions_are_bounded() -> None:
    m = machine(n=1)
    m.handle(Start())
    m.handle(Answer(GOOD, ev()))
    for i in range(MAX_CANDIDATE_QUESTIONS - 1):
        d = m.handle(Answer(f"What is question number {i} about?"))
        assert kinds(d) == ["answer_candidate"]
    d = m.handle(Answer("One last thing: who would I work with?"))
    assert kinds(d) == ["answer_candidate", "wrap_up"] and m.done


def test_state_round_trips_through_json() -> None:
    m = machine(n=3)
    m.handle(Start())
    m.handle(Answer(WEAK, ev(r=0, follow="And then?")))
    restored = Interview.from_dict(json.loads(json.dumps(m.to_dict())))
    assert restored == m
    assert restored.state == State.AWAITING_PROBE_ANSWER


@pytest.mark.parametrize("state", list(State))
@pytest.mark.parametrize(
    "event",
    [Start(), Finish(), Answer(""), Answer("gibberish zzzz qqqq"), Answer(GOOD), Answer("no")],
)
def test_every_state_accepts_every_event(state: State, event) -> None:
    """Even transient states (a crash mid-step) move on: nothing can leave the machine stuck."""
    m = machine(n=2)
    m.state = state
    d = m.handle(event)
    assert m.state in (
        State.AWAITING_ANSWER,
        State.AWAITING_PROBE_ANSWER,
        State.CANDIDATE_QUESTIONS,
        State.DONE,
    ) or (state == State.GREETING and isinstance(event, Finish))
    if m.state != State.DONE and state != State.DONE:
        assert d.moves, f"{state} + {event} said nothing"


def _random_input(rng: random.Random, given: list[str]) -> tuple[str, dict | None]:
    pick = rng.random()
    if pick < 0.15:
        return rng.choice(["", " ", "\n"]), None
    if pick < 0.3:
        return "".join(rng.choice("qwxzkj ") for _ in range(rng.randint(3, 30))), None
    if pick < 0.4 and given:
        return rng.choice(given), None
    if pick < 0.5:
        return rng.choice(["What is the team like?", "no", "that's all", "skip"]), None
    text = f"In project {rng.randint(0, 10**9)} I fixed the build and the team was happy."
    scores = [rng.randint(0, 2) for _ in range(4)]
    return text, ev(*scores, hyp=rng.random() < 0.1)


@pytest.mark.parametrize("seed", range(300))
def test_random_inputs_always_reach_done_within_the_bound(seed: int) -> None:
    rng = random.Random(seed)
    n, probes = rng.randint(1, 8), rng.randint(0, 2)
    m = machine(n=n, probes=probes)
    # each exchange (the question, then each follow-up) ends after MAX_FAILED_ATTEMPTS inputs
    bound = n * (probes + 1) * MAX_FAILED_ATTEMPTS + MAX_CANDIDATE_QUESTIONS
    asked: list[int] = []
    given: list[str] = []
    d = m.handle(Start())
    inputs = 0
    while not m.done:
        asked += [mv.question_index for mv in d.moves if mv.kind == "ask"]
        text, evaluation = _random_input(rng, given)
        if m.wants_evaluation(text) is False:
            evaluation = None
        given.append(text)
        # persist and reload between steps, as the session does
        m = Interview.from_dict(json.loads(json.dumps(m.to_dict())))
        d = m.handle(Answer(text, evaluation))
        inputs += 1
        assert inputs <= bound, f"still in {m.state} after {inputs} inputs (bound {bound})"
    asked += [mv.question_index for mv in d.moves if mv.kind == "ask"]
    assert asked == sorted(set(asked)), "a question was asked twice"
    assert all(p <= probes for p in m.probes)


def test_answer_digest_ignores_case_and_spacing() -> None:
    assert answer_digest("I fixed  it.") == answer_digest("i FIXED it")
    assert answer_digest("I fixed it") != answer_digest("I broke it")


def test_asking_to_hear_the_question_again_gets_it_again_not_put_off_to_the_end() -> None:
    """ "Could you repeat the question please" got "Let's keep your questions for the end,
    when there's time for them": a request to hear or have the question explained is not a
    question about the job, and passing on it is not what was said either."""
    for asked in ("i dont know what you mean?", "Could you repeat the question please",
                  "Sorry, can you say that again?", "what do you mean by ambiguity"):  # fmt: skip
        assert classify_answer(asked) == "clarify", asked
    card = evaluate("Tell me about a time you led a team.", "Could you repeat the question?")
    assert not any(card.scores.values())
    assert card.tips[0].startswith("Asking to hear a question again is fine"), card.tips
    # no story was told, so none is called off topic, and the follow-up is the question again
    assert not card.off_topic and card.follow_up == "Tell me about a time you led a team."
    passed = evaluate("Tell me about a time you led a team.", "What would my first month be?")
    assert not passed.off_topic and not any(passed.scores.values())
    m = machine(n=2)
    m.handle(Start())
    d = m.handle(Answer("Could you repeat the question?", None))
    assert [(mv.kind, mv.hint) for mv in d.moves] == [("reprompt", "clarify")]
    assert m.state == State.AWAITING_ANSWER and m.index == 0
    d = m.handle(Answer("Sorry, could you say that again?", None))
    assert "ask" in kinds(d) and m.index == 1  # counted as an attempt: it cannot stall


def test_a_follow_up_gets_its_own_attempts_and_is_what_is_put_again() -> None:
    """After "Could you repeat the question?" and a real answer, "What do you mean?" about the
    follow-up got "Let's leave that one there and move on", and "Can you say that again?"
    during a follow-up was given the main question again."""
    m = machine(n=2)
    m.handle(Start())
    m.handle(Answer("Could you repeat the question?", None))
    d = m.handle(Answer(WEAK, ev(r=0)))
    assert "probe" in kinds(d)
    d = m.handle(Answer("What do you mean?", None))
    assert [(mv.kind, mv.focus, mv.hint) for mv in d.moves] == [("reprompt", "probe", "clarify")]
    assert m.state == State.AWAITING_PROBE_ANSWER and m.index == 0
