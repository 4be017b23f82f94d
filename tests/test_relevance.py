"""Off-topic: the competency a question asks about against what the story shows.

The pair set's own measurement lives in ``benchmarks/offtopic.py``; these tests pin the
behaviour a user sees: the hiking story from issue 18, a fitting answer phrased far from the
question's words, what an off-topic answer gets (no strengths, a probe back to the question).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from interview_coach.knowledge.embeddings import embed_texts
from interview_coach.questions import DEFAULT_KNOWLEDGE, load_competencies
from interview_coach.star import asks_model, evaluate, pieces, relevance
from interview_coach.star.scorer import analyse

PAIRS = Path(__file__).parent / "data" / "offtopic_pairs.jsonl"
UNSEEN_QUESTIONS = Path(__file__).parent / "data" / "question_competencies" / "unseen.jsonl"
PERSUADE = "Tell me about a time you convinced someone to change their mind."
HIKE = (
    "Last summer I hiked the West Highland Way with two friends, about 96 miles over seven "
    "days. I planned the route, booked the campsites and trained every weekend for two months. "
    "We finished a day early and raised 800 pounds for a mountain rescue charity."
)
PERSUADED = (
    "At the bakery where I was shift lead, the owner wanted to stop our Sunday opening because "
    "it looked quiet. I thought that was wrong, so I counted every Sunday sale for six weeks and "
    "showed her that Sunday mornings sold more cakes than any weekday. She agreed to keep Sunday "
    "mornings open and closed at one instead, and that cut the wage bill without losing the "
    "cake trade."
)


def test_a_hobby_story_for_a_persuasion_question_is_off_topic() -> None:
    off, on = evaluate(PERSUADE, HIKE), evaluate(PERSUADE, PERSUADED)
    assert off.off_topic and not on.off_topic
    assert off.relevance < on.relevance  # the issue saw the opposite (0.23 vs 0.09)
    assert off.topic["asks"] == "influence"
    assert "influence" in off.follow_up.lower() and off.follow_up.count("?") == 1
    assert "question" in off.tips[0].lower()  # the first thing to fix is answering the question


def test_the_question_s_competency_comes_from_the_bank_or_its_nearest_questions() -> None:
    an = analyse(PERSUADED)
    _, asks, _, _ = relevance.features(PERSUADE, an)
    assert max(asks, key=lambda c: asks[c]) == "influence"  # a bank question: its own tags
    _, asks, _, _ = relevance.features("When did you last get a sceptical boss to say yes?", an)
    assert asks["influence"] >= 0.6  # not in the bank: the nearest bank questions' tags


LED = (
    "When our warehouse supervisor left, I was asked to run the night shift of six pickers. "
    "On the first night I gave each person a zone, set the order the trailers would load in, "
    "and checked in with everyone at two. We loaded every trailer on time that month, and my "
    "manager made the role permanent. I also showed one new starter how the scanners worked."
)


@pytest.mark.parametrize(
    ("question", "named"),
    [
        ("Tell me about a time you led a team.", "leadership"),
        ("Tell me about a time you took initiative.", "initiative"),
        ("Tell me about a time you met a tight deadline.", "delivery_under_pressure"),
        ("Tell me about a time you had to persuade someone senior.", "influence"),
        ("Tell me about a time you supported a colleague.", "teamwork"),
    ],
)
def test_a_question_outside_the_bank_asks_about_the_competency_it_names(
    question: str, named: str
) -> None:
    # Nearest bank questions alone read these as teamwork, leadership, failure, prioritisation
    # and ethics: short questions share few words with the bank's longer ones.
    _, asks, _, _ = relevance.features(question, analyse(LED))
    assert max(asks, key=lambda c: asks[c]) == named


def test_a_fitting_story_that_mentions_another_competency_in_passing_fits() -> None:
    ev = evaluate("Tell me about a time you led a team.", LED)
    assert not ev.off_topic and ev.topic["asks"] == "leadership"


def test_general_talk_does_not_count_as_evidence() -> None:
    told = relevance.story_text(
        analyse("Mistakes happen and I think you have to own them. I ran our charity drive.")
    )
    assert "Mistakes" not in told and "charity drive" in told


@pytest.mark.slow
def test_pair_set_floor_on_unseen_authors() -> None:
    """A floor, not the target: the benchmark prints the real figures, seen and unseen."""
    rows = [json.loads(x) for x in PAIRS.read_text(encoding="utf-8").splitlines() if x]
    unseen = [r for r in rows if r["split"] == "unseen"]
    flags = [(r["on_topic"], evaluate(r["question"], r["answer"]).off_topic) for r in unseen]
    on = [flag for fits, flag in flags if fits]
    off = [flag for fits, flag in flags if not fits]
    assert sum(on) / len(on) <= 0.10  # fitting answers wrongly flagged
    assert sum(off) / len(off) >= 0.55  # off-topic answers caught


def test_a_leak_made_safe_is_not_evidence_of_integrity() -> None:
    """ "Safe" as in "made safe" is a repair, not an ethical stand; "unsafe" still counts."""
    q = "Tell me about a time you were asked to do something you felt was wrong."
    repair = (
        "so last winter i was the only plumber on call and i got eleven calls in two hours so i "
        "rang round the tenants and then i went to the worst ones first and by sunday every "
        "single leak was either fixed or made safe"
    )
    stand = (
        "My supervisor asked me to sign off a boiler I hadn't seen because we were behind. I said "
        "it could be unsafe and refused to sign until I had tested it myself that afternoon."
    )
    assert relevance.judge(q, analyse(repair)).features["evidence"] <= 0
    assert relevance.judge(q, analyse(stand)).features["evidence"] > 0


@pytest.mark.parametrize(
    ("question", "competency"),
    [
        ("Tell me about a time three urgent jobs landed at once and you chose which came first.",
         "prioritisation"),
        ("Describe a time you came up with a better way of handling returns.", "innovation"),
        ("Tell me about a time your plans fell through on the day.", "adaptability"),
        ("Walk me through a time you used figures to make a decision.", "data_driven"),
    ],
)  # fmt: skip
def test_questions_in_fresh_words_name_what_they_ask(question: str, competency: str) -> None:
    assert relevance.named_competencies(question)[0] == competency


@pytest.mark.parametrize(
    "question",
    [
        "Tell me about a time the technology you rely on failed.",
        "Describe a time equipment failed and how you handled it.",
        "Have you ever had a freezer failure on a Saturday morning with the store full?",
    ],
)
def test_a_machine_failing_is_not_a_question_about_ones_own_failure(question: str) -> None:
    """The question model reads these; naming "failure" made a fitting story of a dispatcher
    keeping 46 snow ploughs going by radio read as a miss of the question."""
    assert "failure_learning" not in relevance.named_competencies(question)


@pytest.mark.parametrize(
    "question",
    [
        "Tell me about a time you failed.",
        "Describe a project that failed and the part you played in it.",
        "Tell me about a time something you were responsible for failed.",
        "What's a failure you've had, and what did you learn from it?",
    ],
)
def test_ones_own_failure_or_a_projects_is_named(question: str) -> None:
    assert relevance.named_competencies(question)[0] == "failure_learning"


def test_working_with_another_professional_names_teamwork_beside_the_problem() -> None:
    question = "Describe a time you worked with another professional to solve a problem."
    assert relevance.named_competencies(question) == ["teamwork", "problem_solving"]


def test_ones_own_workers_are_a_sign_of_work() -> None:
    """A beekeeper teaching his wife the hives when two of his workers went to the army tells
    a story from his business, family or not."""
    assert relevance.WORK_LIFE.search("When war start, two of my workers go to army.")


def test_the_question_and_story_models_know_exactly_the_competencies_in_knowledge() -> None:
    # a competency added to knowledge/ without retraining would never be read
    ids = set(load_competencies(DEFAULT_KNOWLEDGE))
    assert set(asks_model.load().competencies) == ids
    assert set(asks_model.load(asks_model.STORY_WEIGHTS).competencies) == ids
    setting = asks_model.load(asks_model.SETTING_WEIGHTS)
    assert setting.competencies == ("private",) and setting.weights.shape == (385, 1)


@pytest.mark.slow
def test_questions_by_interviewers_never_trained_on_are_mostly_read_right() -> None:
    """The committed unseen set (216 questions by 12 interviewers, most without the
    competency's own word): 0.78 when the model was trained, 0.28 for the reading it replaced
    (phrase lists, then the nearest bank question)."""
    rows = [json.loads(line) for line in UNSEEN_QUESTIONS.read_text(encoding="utf-8").split("\n")
            if line]  # fmt: skip
    vectors = embed_texts([r["question"] for r in rows])
    right = 0
    for r, v in zip(rows, vectors, strict=True):
        weights, *_ = relevance.question_competencies(r["question"], v)
        right += max(weights, key=weights.__getitem__) == r["competency"]
    assert right / len(rows) >= 0.74


def test_what_a_question_in_its_own_words_asks_is_read_from_its_meaning() -> None:
    # No competency word in either: the old reading (phrase lists, then the nearest bank
    # question) took the first for an ethics question and the second for initiative.
    worst = "What's the worst call you've ever made on the job, and what did it teach you?"
    wards = (
        "Walk me through a shift where you'd three wards shouting for you at once. How did you "
        "pick the order?"
    )
    assert evaluate(worst, PERSUADED).topic["asks"] == "failure_learning"
    assert evaluate(wards, PERSUADED).topic["asks"] == "prioritisation"


SPOKEN = (
    "ok so um the week the kiln broke i was the only one in who could fire it and we had forty "
    "mugs due for the cafe on friday so i rang the engineer then i moved the glaze firing to the "
    "small kiln and fired it twice that night and the cafe got every mug on thursday"
)


@pytest.mark.parametrize("answer", [SPOKEN, SPOKEN.upper().replace(" SO ", ". So "), "I did it."])
def test_a_story_is_read_in_pieces_of_whole_clauses(answer: str) -> None:
    an = analyse(answer)
    cut = pieces.piece_texts(an)
    # whole clauses, in order, nothing added: the pieces put back together are the clauses
    assert " ".join(cut).split() == " ".join(u.text for u in an.units).split()
    # each long enough to read, bar a last short run or an answer shorter than one piece
    assert all(len(p.split()) >= pieces.PIECE_WORDS for p in cut[:-1])


def test_a_story_is_read_only_as_far_as_story_words() -> None:
    an = analyse(" ".join([SPOKEN] * 40))  # about 2,000 words with no full stop
    words = sum(len(p.split()) for p in pieces.piece_texts(an))
    assert pieces.STORY_WORDS <= words < pieces.STORY_WORDS + 60


def test_a_named_competency_the_model_overrules_unsurely_is_no_ground_for_a_flag() -> None:
    question = "Tell me about a time you fixed a problem with late orders."
    weights, known, reading = relevance.question_competencies(question, embed_texts([question])[0])
    # "fixed a problem" names problem solving; the question model reads ownership, unsure
    assert not known and reading is not None and max(reading.values()) < relevance.SURE_ASK
    assert weights["problem_solving"] > 0
    story = (
        "At the garden centre where I worked, click-and-collect orders were often late, and I "
        "was asked to fix it before the summer. I mapped the process, set up a printer at the "
        "tills and added a shelf by the entrance. Late orders fell from about ten a week to one."
    )
    assert not evaluate(question, story).off_topic


def test_a_mistake_owned_answers_a_question_about_a_mistake() -> None:
    question = "Describe a mistake you made at work and what you did differently afterwards."
    answer = (
        "At the garden centre I was in charge of the watering on weekends, and one hot Saturday "
        "I skipped the back benches because I assumed the rain the night before had done them. "
        "It hadn't, they were under the canopy, and by Monday we had lost about forty trays of "
        "bedding plants. I told the manager straight away that it was my call and my fault. "
        "After that I checked the soil on every bench before ticking it off, and I wrote that "
        "into the weekend checklist. We haven't lost a tray to drying out since."
    )
    ev = evaluate(question, answer)
    assert not ev.off_topic and ev.topic["asks"] == "failure_learning"


def test_a_story_that_shows_two_things_fits_a_question_about_either() -> None:
    # The complete answer: the story model reads its health score as data-driven, but
    # its own words tell of customers at risk, so it fits a question about churn.
    from test_rambling import STORY, Q

    assert not evaluate(Q, STORY).off_topic


BAKERY_TALK = (
    "In a bakery you have to get on with people, because you're in a hot room together from four "
    "in the morning and nobody has time for sulking. You learn to say what you think and move on. "
)
DISAGREED = "Tell me about a time you disagreed with a colleague."


def test_talk_on_the_theme_then_another_story_is_read_for_the_story() -> None:
    """The talk is about getting on with people, so the whole answer reads as fitting; the story
    after it is an oven fix. Read alone, the story shows it answers another question."""
    other = BAKERY_TALK + (
        "I remember one winter the ovens kept burning the bottom of the sourdough, so I measured "
        "the deck temperatures every hour for a week, found the back left deck ran forty degrees "
        "hot, and got the engineer to recalibrate it. We stopped binning about thirty loaves a day."
    )
    an = analyse(other)
    start = relevance.story_start(an)
    assert an.units[start].text.startswith("I remember one winter")
    topic = relevance.judge(DISAGREED, an)
    assert topic.features["story"] > relevance.STORY_BAR  # the talk lifts the whole reading
    assert topic.off_topic and topic.picked_other
    ev = evaluate(DISAGREED, other)
    assert ev.off_topic and ev.topic["kind"] != "no_story"  # a story was told, just another


def test_talk_on_the_theme_then_a_story_that_fits_is_not_flagged() -> None:
    fits = BAKERY_TALK + (
        "I remember one winter Marco, the other baker, wanted to switch us to a cheaper flour and "
        "I was sure it would ruin the sourdough. We argued about it in front of the apprentices, "
        "which was wrong of both of us, so I asked him to do a side-by-side bake with me on the "
        "Saturday and let the customers choose. His flour won for the rolls and mine for the "
        "sourdough, so we split it that way, and we've got on fine since."
    )
    assert relevance.story_start(analyse(fits)) > 0
    assert not evaluate(DISAGREED, fits).off_topic


@pytest.mark.parametrize(
    "answer",
    [
        # the setting of the story itself, not talk: it names an occasion
        "When our main client went into administration last March, the agency lost about a "
        "third of its income overnight and we had until the end of the month to replace it. We "
        "rang every former client and pitched for three frameworks, and we signed four new "
        "clients in five weeks.",
        # a story from its first word
        "I went to my manager and told her the rota was unfair on the night staff, and she "
        "agreed to change it after I showed her the hours everyone had worked that month.",
    ],
)
def test_a_story_that_opens_on_its_own_setting_is_not_cut(answer: str) -> None:
    assert relevance.story_start(analyse(answer)) == 0


AGREE = "Tell me about a time you had to get people to agree on a plan."


def test_a_private_life_story_the_setting_model_reads_is_from_outside_work() -> None:
    """No family in its opening, no "outside work": the setting model reads it as private, and
    a nephew is a sign of private life."""
    nephew = (
        "My nephew plays in an under-twelves team and the parents were fighting about who drove "
        "to away games. I made a simple shared calendar, asked every parent for two Saturdays "
        "they could drive, and put it on the group chat. Nobody missed a match all season and "
        "the arguments stopped."
    )
    topic = relevance.judge(AGREE, analyse(nephew))
    assert topic.features["private_life"] >= relevance.PRIVATE_BAR
    assert topic.off_topic and topic.outside_work
    assert evaluate(AGREE, nephew).topic["kind"] == "hobby"


def test_a_work_story_the_setting_model_takes_for_a_hobby_needs_a_sign_of_private_life() -> None:
    greenkeeper = (
        "Two days before the county championship somebody drove a quad bike across the "
        "fourteenth green in the night and left ruts all down one side. The head greenkeeper "
        "said it had to be playable by Thursday and it was on me. I cut out the worst turf, "
        "relaid it with turf from the nursery green, rolled it morning and evening and "
        "hand-watered it. By Thursday morning the green ran as fast as the others and the "
        "match went ahead."
    )
    topic = relevance.judge(
        "Tell me about a time you worked to a tight deadline.", analyse(greenkeeper)
    )
    assert topic.features["private_life"] >= relevance.PRIVATE_BAR  # alone it would flag
    assert not topic.outside_work and not topic.off_topic


@pytest.mark.parametrize(
    ("text", "says_not_work"),
    [
        ("Not a work example, but our walking group lost its leader", True),
        ("it wasnt work it was my sisters wedding", True),
        ("This one is from home rather than at work", True),
        ("Honestly it's nothing to do with work", True),
        ("It wasn't my job, but the loading bay flooded every time it rained", False),
        ("That's not my job, the supervisor said", False),
    ],
)
def test_saying_a_story_is_not_from_work_is_a_sign_but_not_my_job_is_not(
    text: str, says_not_work: bool
) -> None:
    assert bool(relevance.NOT_AT_WORK.search(text)) is says_not_work


@pytest.mark.parametrize(
    ("text", "outside"),
    [
        ("Outside the office, I coach an under-nines side on Saturdays.", True),
        ("Well, outside the hospital I sing with a gospel group.", True),
        ("In my spare time I restore old motorbikes.", True),
        # a place in the story, not life away from work
        ("A van was parked on the zigzags right outside the school at drop-off.", False),
        ("we put a parcel locker outside the shop so people could collect after hours", False),
        ("I wrote the test scripts in my free time between tickets.", False),
    ],
)
def test_outside_the_workplace_is_life_away_from_it_only_when_it_opens_the_clause(
    text: str, outside: bool
) -> None:
    assert bool(relevance.HOBBY_SCENE.search(text)) is outside


@pytest.mark.parametrize(
    ("text", "private"),
    [
        ("we spent the weekend painting our house", True),
        ("my mum was in hospital that week", True),
        ("leaks on our flat roofs kept coming back after the first winter", False),
        ("footfall at our garden centre dropped by a third", False),
    ],
)
def test_a_home_word_that_describes_the_next_noun_is_not_private_life(
    text: str, private: bool
) -> None:
    assert bool(relevance.PERSONAL_LIFE.search(text)) is private


def test_a_relative_named_as_the_one_who_taught_the_speaker_is_not_the_scene() -> None:
    """No work word in it, but a habit of the trade learnt from an uncle is not a story from
    home; the same answer about the uncle himself is."""
    question = "How do you make sure nothing gets missed between your colleagues?"
    taught = (
        "I chalk the date and what I saw on every hive lid, every single visit, and I read "
        "them all out at the morning briefing. That's just how my uncle taught me."
    )
    home = (
        "My uncle was getting forgetful, so I chalk the date on his medicine box every "
        "morning and read it out to him when I visit."
    )
    assert not relevance._private_life(question, *relevance.scene_text(analyse(taught)))
    assert relevance._private_life(question, *relevance.scene_text(analyse(home)))


@pytest.mark.parametrize(
    ("text", "chosen"),
    [
        ("But what I'd really like to tell you about is the new rota.", True),
        ("The one I'd rather tell you about, though, is a complaint from a haulier.", True),
        ("The situation I'd pick though: the budget cut in 2020.", True),
        ("Anyway, the thing I want to talk about is the stock count.", True),
        # no contrast: as often the fitting story, introduced
        ("The one I'd pick is when two of my drivers fell out over the routes.", False),
        ("What I want to tell you is how we handled the recall.", False),
    ],
)
def test_a_story_preferred_to_the_theme_is_said_with_a_contrast(text: str, chosen: bool) -> None:
    assert bool(relevance.CHOSEN_TURN.search(text)) is chosen


def test_talk_then_a_preferred_story_the_story_model_does_not_fit_is_another_story() -> None:
    """Talk on learning, then a story the speaker prefers to it ("The one I'd rather tell you
    about, though") of two drivers falling out: too short after the talk for the story-alone
    check, so only the turn says the story was picked for another reason."""
    question = "Tell me about a time you had to learn something new quickly."
    answer = (
        "In logistics you are always learning, I think you have to be curious and ask the "
        "drivers. The one I'd rather tell you about, though, is when two of my drivers fell out "
        "over the weekend routes. I sat them down, let each say what was unfair, and we agreed "
        "to rotate the long runs. They have not had a row since."
    )
    topic = relevance.judge(question, analyse(answer))
    assert topic.features["story"] > relevance.STORY_BAR  # the talk lifts the whole reading
    assert topic.features["story_after_talk"] < relevance.STORY_SHOWS  # the story alone
    assert topic.off_topic and topic.picked_other
    assert evaluate(question, answer).topic["kind"] in ("other_story", "picked_other")


def test_private_life_set_aside_as_another_story_is_not_the_scene() -> None:
    """A passing mention of home, set aside by the speaker, in a story with few words of work."""
    question = "Tell me about something you started at work on your own initiative."
    answer = (
        "During the first lockdown the bus timetable changed every week and our help line "
        "could not keep up. That was also the month our village flooded and I helped a "
        "neighbour bail out her kitchen, but that's another story. I set up a shared "
        "spreadsheet of every change, read it out at a ten-minute call each morning, and "
        "within a month calls about wrong times had halved."
    )
    assert relevance.MEMBERSHIP.search(answer)  # "our village": a sign, were it the scene
    assert not relevance._private_life(question, *relevance.scene_text(analyse(answer)))
    told = answer.replace(", but that's another story", "")
    # told as part of the story
    assert relevance._private_life(question, *relevance.scene_text(analyse(told)))


def test_an_aside_that_ends_past_the_opening_is_blanked_in_the_opening_too() -> None:
    question = "Tell me about a time you improved a process at work."
    answer = (
        "At the vet practice the appointment reminders were all done by phone. That was also "
        "the year my sister got married, so I was juggling a lot, but that's another story. I "
        "set up text reminders through our booking system and tracked no-shows for three "
        "months. They went from about twelve a week to four."
    )
    an = analyse(answer)
    head, scene = relevance.scene_text(an)
    assert len(scene) == len(answer) and "my sister" not in head
    assert not relevance.judge(question, an).outside_work
