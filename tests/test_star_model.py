"""The learned STAR layer: shipped weights, held-out styles, evidence spans, unpunctuated text."""

from __future__ import annotations

import importlib.util
import re
from collections import defaultdict
from pathlib import Path

import numpy as np
import pytest

from interview_coach.star import COMPONENTS, evaluate, model
from interview_coach.star.features import split_units
from interview_coach.star.scorer import analyse

ROOT = Path(__file__).resolve().parents[1]


def _bench(name: str):
    spec = importlib.util.spec_from_file_location(name, ROOT / "benchmarks" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def corpus():
    return _bench("star_accuracy").load_corpus()


def scored(text: str):
    return model.refine(analyse(text))


def test_shipped_weights_fit_the_features():
    w = model.weights()
    d = len(model.answer_features(analyse("I fixed the printer at the office last week.")))
    assert w.mean.shape == w.scale.shape == (d,)
    assert w.present.shape == w.full.shape == (d + 1, len(COMPONENTS))
    assert w.quantified.shape == (d + 1,)
    assert w.ownership.shape == (d + 1, len(model.OWNERSHIP))


def test_training_never_sees_a_never_trained_row(corpus):
    bench = _bench("star_accuracy")
    trainer = _bench("train_star_model")
    never = {r["id"] for r in corpus if r["set"] in bench.NEVER_TRAINED}
    shipped = {r["id"] for r in trainer.training_rows()}
    split = {r["id"] for r in trainer.training_rows("split/train")}
    held = {r["id"] for r in bench.select(corpus, "held-out")}
    assert shipped and not never & shipped
    assert split and not (never | held) & split
    assert len(held) >= 150 and len(never) >= 150


def test_the_split_keeps_every_held_out_style_and_author_away_from_training(corpus):
    bench = _bench("star_accuracy")
    styles, authors = bench.held_out_split()
    for r in bench.select(corpus, "split/train"):
        assert not set(r["style"].split("+")) & styles, r["id"]
        assert r["author"] not in authors, r["id"]


@pytest.mark.slow
def test_retraining_reproduces_the_shipped_weights():
    """Stale weights (features changed, data changed, file hand-edited) fail here."""
    trainer = _bench("train_star_model")
    rows = trainer.training_rows()
    w = trainer.train([analyse(r["answer"]) for r in rows], rows)
    shipped = model.weights()
    for name in model.ARRAYS:
        assert np.allclose(getattr(w, name), getattr(shipped, name), atol=1e-4), name
    for name in ("mean", "scale", "coef"):
        assert np.allclose(getattr(w.reader, name), getattr(shipped.reader, name), atol=1e-4)


@pytest.fixture(scope="module")
def split_model(corpus):
    """The model trained without the held-out styles and authors, as the benchmark scores it."""
    trainer = _bench("train_star_model")
    rows = trainer.training_rows("split/train")
    return trainer.train([analyse(r["answer"]) for r in rows], rows)


def test_each_held_out_style_scores_presence_better_than_the_rules(corpus, split_model):
    """Styles the split model never saw (present tense, result first, pure "we", numbers that
    are not results, failures). Measured on 5 December: 80-93% of component presences right
    per style (rules alone 71-75%); the issue's 90% is reached for failures only."""
    model_hits: dict[str, list[bool]] = defaultdict(list)
    rules_hits: dict[str, list[bool]] = defaultdict(list)
    bench = _bench("star_accuracy")
    styles, _ = bench.held_out_split()
    for r in bench.select(corpus, "held-out: unseen style"):
        rules = analyse(r["answer"]).scores
        learned = model.refine(analyse(r["answer"]), split_model).scores
        for style in set(r["style"].split("+")) & styles:
            for c in COMPONENTS:
                gold = r["labels"][c] > 0
                model_hits[style].append((learned[c] > 0) == gold)
                rules_hits[style].append((rules[c] > 0) == gold)
    assert len(model_hits) == 5
    for style, hits in model_hits.items():
        share = sum(hits) / len(hits)
        assert share >= 0.75, style
        assert share > sum(rules_hits[style]) / len(hits), style


def test_never_trained_sets_score_presence_correctly(corpus):
    bench = _bench("star_accuracy")
    rows = bench.select(corpus, "never trained")
    hits = [
        (scored(r["answer"]).scores[c] > 0) == (r["labels"][c] > 0)
        for r in rows
        for c in COMPONENTS
    ]
    assert len(rows) >= 150 and sum(hits) / len(hits) >= 0.86  # measured 0.881


def _flatten(text: str) -> str:
    """What speech-to-text gives: no capitals, no punctuation."""
    return re.sub(r"\s+", " ", re.sub(r"[^\w\s']", " ", text.lower())).strip()


def test_scores_barely_move_without_punctuation_or_capitals(corpus):
    rows = [r for r in corpus if r["set"] == "a" and r["heldout"]]
    same = [
        (scored(r["answer"]).scores[c] > 0) == (scored(_flatten(r["answer"])).scores[c] > 0)
        for r in rows
        for c in COMPONENTS
    ]
    # measured 0.947 with the sentence breaks restored (``boundaries``), 0.879 before
    assert sum(same) / len(same) >= 0.92


def test_every_score_above_zero_quotes_exact_spans(corpus):
    for r in [r for r in corpus if r["set"] in ("a", "b", "e")]:
        an = scored(r["answer"])
        for c in COMPONENTS:
            spans = an.evidence(c)
            assert bool(spans) == (an.scores[c] > 0), (r["id"], c)
            for s in spans:
                assert r["answer"][s["start"] : s["end"]] == s["text"]
                assert s["text"][0] not in " ,;:-", (r["id"], c, s["text"])  # starts on a word
                lead = re.match(r"(?:and|so|then|um|uh)\b", s["text"], re.I)
                assert not lead or not re.search(r"\w", s["text"][lead.end() :]), (r["id"], c)


def test_a_false_start_is_not_quoted_from_its_comma():
    answer = (
        "Um, I don't think I've had a proper one, to be honest. But I think I'd, I'd go out to "
        "the farm rather than do it on the phone, sit at the kitchen table, let them have their "
        "rant, and then, um, go through the actual figures with them."
    )
    ev = evaluate("Tell me about a time you handled a conflict with a customer.", answer)
    assert ev.hypothetical
    assert "(\u201cI'd go out to the farm" in ev.tips[0]
    for span in ev.components["action"]["evidence"]:
        assert span["text"].startswith("I'd go out")


def test_past_perfect_with_a_hyphen_is_not_a_hypothetical():
    """Dictated, lower case: "i'd pre-written" is "I had", not "I would"."""
    answer = (
        "election night 2024, i was the only reporter the paper had at the count. my job was to "
        "get the result on the website within five minutes of the declaration. i'd pre-written "
        "three versions of the story, one for each likely winner, and i had the subs on an open "
        "phone line the whole time. we had the result live at 3.15, ahead of the bbc"
    )
    assert not analyse(answer).hypothetical


def test_a_result_found_by_the_model_is_not_the_action_quoted_again():
    """A failure told in the present with the lesson last: the Result quote is the failure."""
    answer = (
        "When I was new as shift boss I sign off a ventilation check without going to see the "
        "place myself, because the miner tells me on the radio it is fine. The next day the "
        "inspector goes down and finds the brattice torn, the air is not reaching the face. The "
        "mine gets a section 54 instruction and the section is stopped for one and a half days. "
        "It was my signature on the paper. From that day I walk every working place myself "
        "before I sign, even if it takes me one hour more."
    )
    an = scored(answer)
    assert an.scores["result"] > 0
    action = {s["text"] for s in an.evidence("action")}
    result = {s["text"] for s in an.evidence("result")}
    assert result and not action & result


def test_run_on_speech_is_cut_into_clauses_with_exact_offsets():
    text = (
        "ok so i work weekends at a phone kiosk and this guy came back furious because the screen "
        "we fitted had a dead strip and he needed his phone i was the only one on the kiosk so it "
        "was down to me i tested the screen in front of him then i fitted a new one while he waited"
    )
    units = split_units(text)
    assert len(units) >= 4
    assert any(u.text.startswith("i was the only one") for u in units)
    for u in units:
        assert text[u.start : u.end] == u.text


#: Dictated without a full stop, as speech-to-text gives it (written for these tests).
PLUMBER = (
    "so um last winter we had that big freeze and i'm the only plumber on call for the housing "
    "association that weekend and on the saturday night i get like eleven calls in two hours "
    "burst pipes mostly so what i did was i rang round the tenants and told them how to shut "
    "the stopcock off themselves um then i went to the worst ones first the old lady on the "
    "third floor had water coming through her ceiling and i got that capped in about twenty "
    "minutes and then i just worked down the list and by sunday lunchtime every single one was "
    "either fixed or made safe and nobody had to be moved out"
)
BAKER = (
    "yeah so um i work in a bakery right and one morning the oven the big deck oven it just "
    "dies at like 4am and we have the wedding order for saturday three tiers and i'm thinking "
    "oh no so i call my old boss who has a bakery in the next town and i ask can i use your "
    "oven for two hours and he says yes so i drive everything over there in the van and we "
    "bake it there and the wedding cake was ready on time the bride never even knew"
)


def test_dictated_speech_is_cut_where_a_new_clause_starts():
    clauses = [u.text for u in analyse(PLUMBER).units]
    assert any(c.startswith("and i'm the only plumber on call for the housing") for c in clauses)
    assert any(c.startswith("so what i did was i rang round") for c in clauses)
    assert any(c.startswith("and by sunday lunchtime every single one") for c in clauses)
    long_night = (
        "so one night shift the doctor was stuck in theatre so i called the outreach team and i "
        "started the sepsis bundle myself and i kept the family updated every hour and by the "
        "morning his pressure was back up"
    )
    assert any(u.text.startswith("and by the morning") for u in analyse(long_night).units)
    # "can i use your oven" is a question inside the clause, not a new one
    assert any("i ask can i use your oven" in u.text for u in analyse(BAKER).units)


def test_a_role_in_dictated_speech_is_quoted_as_the_task_from_its_first_word():
    an = scored(PLUMBER)
    assert an.scores["task"] == 1
    (span,) = an.evidence("task")
    assert span["text"].startswith("i'm the only plumber on call")


def test_a_task_found_by_the_model_is_not_the_scene_quoted_again():
    # (BAKER's "we have the wedding order for saturday" alone is a goal merely obvious from the
    # scene, the rubric's task 0, as the model reads it since it learnt from 400 more answers;
    # saying the order is theirs is the hint, here in words the rules have no cue for: "...is
    # mine" became one in the fifteenth session, and the model retrained in the sixteenth no
    # longer reads "...is my big one" as a job, so the hint is "my big job this week")
    answer = BAKER.replace(
        "we have the wedding order for saturday three tiers",
        "i'm the only one in and the wedding order for saturday three tiers is my big job this "
        "week",
    )
    assert analyse(answer).scores["task"] == 0
    an = scored(answer)
    task = {s["text"] for s in an.evidence("task")}
    assert task and not task & {s["text"] for s in an.evidence("situation")}


def test_phone_typing_ends_a_sentence_before_a_lower_case_word():
    """ "...notes on the vans for a week. after the month...": what follows is a sentence of its
    own, so the outcome is not quoted inside the step before it."""
    answer = (
        "on my route theres a care home on station road and the delivery vans kept blocking the "
        "ambulance bay. i asked the home manager to put a sign up and i left notes on the vans "
        "for a week. after the month there was only one van in the bay all week, and the manager "
        "wrote to my supervisor about it"
    )
    clauses = [u.text for u in analyse(answer).units]
    assert any(c.startswith("after the month there was only one van") for c in clauses)
    result = " ".join(s["text"] for s in scored(answer).evidence("result"))
    assert result and "left notes" not in result


def test_a_lesson_told_last_is_not_quoted_as_the_outcome():
    """Dictated, no full stop: the outcome is what happened, the lesson what they do since."""
    answer = (
        "my first month on the tills i didnt count the float properly i signed for it and put it "
        "in the drawer without checking and at the end of the night the drawer was twenty pounds "
        "short so the supervisor had to write it up and the shop took it out of the tips now i "
        "count every float twice and i get a second person to sign it with me"
    )
    an = scored(answer)
    assert an.scores["result"] > 0
    spans = [s["text"] for s in an.evidence("result")]
    assert spans and not any("count every float" in s for s in spans)
    # the time that opens the outcome ("and at the end of the night") is quoted with it
    assert spans[0].startswith(
        (
            "the drawer was twenty pounds short",
            "at the end of the night the drawer was twenty pounds short",
            "the shop took it out",
        )
    )


def test_terse_notes_with_no_i_quote_the_outcome_not_the_scene():
    """Notes with no "I" at all: every clause is "after the last step", but the scene that
    opens them is still not the outcome."""
    answer = (
        "Quarter-end close for 9 subsidiaries, consolidated pack due to the board in 4 days. "
        "Owned it. Done on day 3."
    )
    an = scored(answer)
    result = {s["text"] for s in an.evidence("result")}
    assert result == {"Done on day 3."}


def test_the_clause_that_states_the_job_is_quoted_as_the_task_not_the_scene():
    answer = (
        "in june the warehouse moved to a new picking app and the first week half the pickers "
        "kept getting logged out. i was made the app champion for nights so it was on me to get "
        "everyone using it by the end of the month. i ran ten minute huddles at the start of each "
        "shift and by the end of june every picker was on it and misses were down from 40 a "
        "night to 6"
    )
    an = scored(answer)
    task = " ".join(s["text"] for s in an.evidence("task"))
    scene = " ".join(s["text"] for s in an.evidence("situation"))
    assert "it was on me" in task and "it was on me" not in scene


def test_a_post_held_in_the_story_hints_at_the_task_and_a_generality_does_not():
    """The rubric's task 1: only the role is said ("im the duty porter that night"); "as a
    manager you have to..." names a job in general, and a post already followed by a stated
    task is not quoted as the task."""
    held = (
        "im the duty porter that night at the hospital and around 2am the lift to the wards "
        "breaks down with a patient inside so i ring the engineer and i stay talking to her "
        "through the door and she was out in forty minutes"
    )
    an = analyse(held)
    assert an.scores["task"] == 1
    assert any(u.text.startswith("im the duty porter") for u in an.units if "task" in u.tags)
    general = (
        "As a manager you have to make unpopular calls. I would explain the reasons honestly "
        "and listen to the team."
    )
    assert analyse(general).scores["task"] == 0
    stated = (
        "I was the stage manager on the tour. The director asked me to cut the changeover to "
        "ten minutes. I rehearsed it with the crew twice and we got it to nine."
    )
    tagged = [u.text for u in analyse(stated).units if "task" in u.tags]
    assert tagged and not any(t.startswith("I was the stage manager") for t in tagged)


@pytest.mark.parametrize(
    ("answer", "task"),
    [
        # second-language narration in the base form states the job as clearly as "asked me to"
        ("Last May the chiller plant was slow to start. My manager ask me to find why. I check "
         "the valves and I reset the controller, now it start in two minutes.", 2),
        ("At the hostel the beds were empty midweek. The manager give me a clear job: fill the "
         "beds from Monday to Thursday. I called three schools and two came in June.", 2),
        # the rubric's own vague job: "I was told to look into it"
        ("On the ward the bins kept overflowing. My supervisor asked me to look into it. I moved "
         "the collection to the morning and the overflow stopped.", 1),
        # a condition inside a warning is not a duty
        ("A guest was shouting at 3am. I tell him quietly that if I have to come up again I will "
         "call the police. He went to bed.", 0),
    ],
)  # fmt: skip
def test_how_people_state_the_job_in_other_words(answer: str, task: int) -> None:
    assert analyse(answer).scores["task"] == task


@pytest.mark.parametrize(
    "answer",
    [
        # attitudes, not steps (the rubric's action 0)
        "I always stay calm and try to see it from their side. Most people just want to be "
        "heard, and I think patience goes a long way.",
        # a team achievement named with no steps
        "Moving the archive to the new building in 2021 was the biggest thing our team did. We "
        "planned it for a year and we did it in a weekend, and nothing was lost.",
    ],
)
def test_attitudes_and_an_achievement_named_are_not_actions(answer: str) -> None:
    an = analyse(answer)
    assert an.scores["action"] == 0
    assert not any("action" in u.tags for u in an.units)
    assert model.refine(analyse(answer)).scores["action"] == 0


def test_a_lesson_after_a_story_told_in_the_present_does_not_make_it_a_plan() -> None:
    """Second-language speakers narrate in the present; "After this I always check..." is the
    lesson after the story, not a habit that makes the whole answer hypothetical."""
    answer = (
        "Last year, on a Tuesday, I was responsible for the dental trays. I pack the wrong kit "
        "for the afternoon list, so the surgeon had to wait. I go down myself with the right "
        "kit and I fill the incident form the same day. After this I always check the list "
        "twice before I seal."
    )
    assert not analyse(answer).hypothetical


def test_a_clock_time_after_and_opens_the_scene_in_run_on_speech() -> None:
    """ "im the duty porter that night ... and around 2am the lift breaks down": the post is the
    task hint and the scene is its own clause, not glued to it (nor is "at 2am" mid-clause cut)."""
    units = [u.text for u in split_units(PORTER)]
    assert "and around 2am the lift to the wards breaks down with a patient inside" in units
    mid = "the lift broke down at 2am with a patient inside"
    assert [u.text for u in split_units(mid)] == [mid]
    an = scored(PORTER)
    assert [s["text"] for s in an.evidence("task")] == [
        "im the duty porter that night at the hospital"
    ]
    assert an.evidence("situation")[0]["text"].startswith("around 2am the lift")


PORTER = (
    "im the duty porter that night at the hospital and around 2am the lift to the wards breaks "
    "down with a patient inside so i ring the engineer and i stay talking to her through the "
    "door the whole time and she was out in forty minutes and the ward sister thanked me the "
    "next day"
)


@pytest.mark.parametrize(
    "answer",
    [
        "A regular of ours, a retired teacher who came in every Thursday for her prescriptions, "
        "was furious because her blood-pressure tablets had been out of stock for the second week "
        "running. I rang three other branches, found a box in Hexham and drove over on my lunch "
        "break to collect it. She had her tablets that afternoon and she still asks for me by "
        "name.",
        "Loading the ferry on summer Saturdays took us almost an hour because caravans were waved "
        "on in whatever order they arrived. I drew a lane plan on the back of a timetable, put the "
        "long vehicles in lanes one and two, and briefed the two deckhands before the first "
        "sailing. We were loading in thirty-five minutes by the end of August.",
    ],
)
def test_on_punctuated_prose_the_layer_reads_a_scene_the_rules_call_vague(answer: str) -> None:
    """Punctuated prose with a capital "I" once kept the rules' score of every part unless the
    layer was a whole point away; a scene with no place or date cue (a regular customer and her
    missing tablets, a ferry's summer Saturdays) stayed vague. The layer's call now stands."""
    rules = analyse(answer)
    assert rules.scores["situation"] == 1 and model.is_familiar(rules)
    assert scored(answer).scores["situation"] == 2


def test_on_punctuated_prose_no_step_found_and_an_own_task_stated_stand() -> None:
    """The two verdicts of the rules that still stand on familiar text (``RULES_STAND``): a
    story told under headings that skips its steps has none to credit as specific, and "My
    task was to..." is the candidate's own task, however the layer reads the rest."""
    answer = (
        "The situation: I ran the night desk of a ninety-room hotel in Leeds, and in March 2023 "
        "noise complaints had tripled to about forty a week. My task was to get them under ten a "
        "week by the summer. The result was that by July we were at six a week and our review "
        "score rose from 7.9 to 8.6."
    )
    rules = analyse(answer).scores
    assert (rules["action"], rules["task"]) == (0, 2)
    an = scored(answer)
    assert an.scores["action"] < 2 and an.scores["task"] == 2
    ev = evaluate("Describe a time you had to adapt quickly.", answer)
    assert "steps" in ev.follow_up
