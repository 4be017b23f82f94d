"""Off-topic answers, as a user reads them: which ones are caught, and what the card, the tip
and the probe then say.

New texts (none from the pair sets or the benchmark): a neighbouring-question story, a
fitting answer that uses none of the question's words, a trait answer, a hobby story, and the
coaching each gets. The pair sets' figures are printed by ``benchmarks/offtopic.py``.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sample_session import A1, CUSTOMERS

from interview_coach.cli.card import format_card
from interview_coach.models import load_evaluation
from interview_coach.star import coaching, evaluate, model, relevance
from interview_coach.star.scorer import analyse

DATA = Path(__file__).parent / "data"
PERSUADE = "Tell me about a time you convinced someone to change their mind."
CUSTOMER = "Describe a situation where you dealt with an angry or upset customer."
#: A conflict story: two people at odds, a meeting, a compromise. Nobody changes their mind
#: because of the candidate; it answers "tell me about a conflict".
ROW = (
    "At the garden centre the two shift supervisors, Paula and Dev, had a row about who got the "
    "Saturday staff, and by spring they were not speaking and sniping at each other in front "
    "of the team. I was the assistant manager, so I sat them down together, let each say what "
    "annoyed them, and we agreed a compromise: alternate Saturdays on a shared rota. The "
    "tension eased, and by summer they were covering each other's breaks."
)
#: Persuasion with none of the question's words ("convinced", "mind").
NIGHT_SHIFT = (
    "On the packing line the night shift lead, Tomasz, was dead against the new label printer "
    "because the last one jammed every hour. I asked him to give it one week on line two only, "
    "and I came in at ten each night that week to clear any jams myself. It jammed twice all "
    "week. He asked for it on lines one and three too, and it has been on every line since."
)
TRAIT = (
    "I'm a very calm person and customers can tell. I think you have to stay polite whatever "
    "happens, and I always let people have their say. I never take it personally."
)
FISHING = (
    "At the weekend I go fishing with my brother. Last month he wanted the lake and I wanted "
    "the river, and we went to the river. We caught six trout and he admitted I was right."
)


@pytest.fixture(scope="module")
def row() -> dict:
    return evaluate(PERSUADE, ROW).to_dict()


def test_a_conflict_story_for_a_persuasion_question_is_flagged_and_a_fitting_one_is_not(
    row,
) -> None:
    fits = evaluate(PERSUADE, NIGHT_SHIFT)
    assert row["off_topic"] and not fits.off_topic
    assert fits.relevance > row["relevance"]
    assert row["topic"]["asks"] == "influence" and row["topic"]["shows"] == "conflict"


def test_the_probe_names_what_the_story_shows_and_what_was_asked(row) -> None:
    probe = row["follow_up"]
    assert probe.startswith("That's a good example of handling a conflict")
    assert "influence and persuasion" in probe  # the asked competency by name
    assert "a time you convinced someone to change their mind" in probe
    assert probe.count("?") == 1


def test_off_topic_tips_coach_the_question_not_the_story(row) -> None:
    tips = row["tips"]
    assert len(tips) == 1 and "question asks about influence and persuasion" in tips[0]
    banned = ("number", "filler", "minutes", "scene", "steps you took", '"I"')
    assert not [t for t in tips if any(b in t for b in banned)]
    assert not [line for line in row["skeleton"].values() if "make it specific" in line]


def test_the_card_leads_with_a_different_question_and_claims_no_clear_part(row) -> None:
    card = format_card(load_evaluation(row), ROW, PERSUADE)
    body = card.split("\n\n", 1)[1]
    assert body.startswith("This story answers a different question (it shows conflict")
    assert "clear" not in card.split("Checks:")[0]
    assert "The story you told, as STAR:" in card


def test_a_fitting_card_is_unchanged_in_kind() -> None:
    ev = evaluate(PERSUADE, NIGHT_SHIFT).to_dict()
    card = format_card(load_evaluation(ev), NIGHT_SHIFT, PERSUADE)
    assert "different question" not in card and "Your answer as STAR:" in card
    assert "kind" not in ev["topic"] and "headline" not in ev["topic"]


def test_a_trait_answer_tells_no_story_and_is_asked_for_one_example() -> None:
    """A claim about oneself is on the question's theme with no time told: not another
    question's story, so "no story" rather than off topic, with the same single tip and probe."""
    ev = evaluate(CUSTOMER, TRAIT)
    assert ev.no_story and not ev.off_topic
    assert ev.notes[-1].startswith("No story yet") and not any("Off topic" in n for n in ev.notes)
    assert ev.topic["kind"] == "no_story"
    assert ev.follow_up.startswith("I was after one specific example of customer focus")
    assert ev.tips[0].startswith("You describe yourself (\u201cI'm a very calm person")


def test_a_hobby_story_is_sent_back_to_work() -> None:
    ev = evaluate(PERSUADE, FISHING)
    assert ev.off_topic and ev.topic["kind"] == "hobby"
    assert "from work on influence and persuasion" in ev.follow_up
    assert ev.topic["headline"].startswith("This story answers a different question (it is from")
    # The hobby rule decides, whatever the model's probability (a fishing trip where a
    # brother came round reads as persuasion): the card does not say the answer fits.
    relevance_shown = float(format_card(ev, FISHING).split("relevance: ")[1][:4])
    assert relevance_shown < relevance._model()["threshold"]


def test_a_hypothetical_answer_that_fits_keeps_its_own_probe() -> None:
    ev = evaluate(
        "Tell me about a time you strongly disagreed with a colleague about how to approach a "
        "piece of work.",
        "If a colleague and I disagreed about the approach, I would sit down with them, hear "
        "their reasons, and I would suggest we test both ideas on a small piece first.",
    )
    assert ev.hypothetical and not ev.off_topic
    assert ev.follow_up.startswith("Can you tell me about a specific time")


@pytest.mark.parametrize(
    ("question", "said_back"),
    [
        (PERSUADE, "a time you convinced someone to change their mind"),
        (
            "Thanks. Describe a time you helped a new colleague get up to speed.",
            "a time you helped a new colleague get up to speed",
        ),
        (
            "Walk me through how you built agreement in a group that started out divided.",
            "how you built agreement in a group that started out divided",
        ),
        ("What's the hardest problem you have solved in the last couple of years?", None),
    ],
)
def test_the_question_is_said_back_in_its_own_words(question: str, said_back: str | None) -> None:
    assert coaching.asked_for(question) == said_back


def test_a_trait_card_shows_no_star_lines_for_a_story_never_told() -> None:
    ev = evaluate(CUSTOMER, TRAIT).to_dict()
    card = format_card(load_evaluation(ev), TRAIT, CUSTOMER)
    assert "This doesn't answer the question yet" in card
    assert "Situation" not in card and "as STAR" not in card


def test_an_unclear_miss_still_names_the_asked_competency() -> None:
    ev = evaluate(CUSTOMER, ROW)
    ev.topic = {"asks": "customer_focus", "shows": None, "kind": "unclear"}
    tip = coaching.off_topic_tip(ev, CUSTOMER)
    assert tip.startswith(
        "The question asks about customer focus: a situation where you dealt with an angry"
    )


def test_a_story_set_outside_work_is_off_topic_and_claims_about_oneself_no_story() -> None:
    """Questions phrased afresh (not in the bank) switched the check nearly off; "Give me an
    example" also read as a question about exams, which invites stories from outside work."""
    question = "Give me an example of a time you pulled people together at work to hit a goal."
    hobby = (
        "I play for a five-a-side team on Thursday nights. Last spring we lost six games in a "
        "row, so I got everyone to the pub, we agreed a rota for who plays in goal and we "
        "trained on Sundays. We finished third in the league."
    )
    ev = evaluate(question, hobby)
    assert ev.off_topic and ev.topic["kind"] == "hobby"
    claims = (
        "I am very organised person and people always come to me when something is difficult. "
        "I never panic, I make a plan and I keep everybody calm."
    )
    said = evaluate(question, claims)
    assert said.no_story and not said.off_topic
    told = (
        "I'm a very practical person, and one morning last March the loading bay flooded an "
        "hour before the first delivery. I moved the pallets to bay two, rang the drivers to "
        "come round the back and we took every delivery on time."
    )
    told_ev = evaluate("Tell me about a time you solved a problem under pressure.", told)
    assert not told_ev.off_topic and not told_ev.no_story


def test_talk_on_the_theme_then_the_moment_one_is_proudest_of_is_off_topic() -> None:
    answer = (
        "Arguments on a night shift are pretty normal, honestly, everyone is tired. I think the "
        "key is to deal with them early and keep talking. But the moment I'm proudest of is when "
        "I rebuilt the rota spreadsheet in 2021 and the night team got two weekends off a month."
    )
    ev = evaluate("Tell me about a time you had to sort out a disagreement in your team.", answer)
    assert ev.off_topic


@pytest.mark.parametrize(
    "answer",
    [
        # talk with no general phrase in it, then a story picked because it went well
        "In the bakery it is bread first, then the cakes, then the orders for the cafes. What I "
        "am most proud of is the sourdough course I ran last spring for the new starters, and "
        "four of them still bake it every week.",
        "on the buses it's safety then the timetable then the customer every single shift "
        "something that went really well for me was when i got the highest mystery shopper "
        "score in the depot and they put my photo up in the canteen",
        "Changes come from head office all the time in retail. The best quarter I ever had was "
        "when I took our store to first in the region for card sign-ups, with 212 in twelve weeks.",
    ],
)
def test_talk_then_a_story_picked_for_how_it_went_is_off_topic(answer: str) -> None:
    """A turn to the story one is proudest of, or the time something went well, after talk
    that tells no time: the story is chosen for another reason, whatever general phrase the
    talk lacks (the turn used to count only after "I think", "is important" and the like)."""
    ev = evaluate("Tell me about a time you had to deal with several urgent jobs at once.", answer)
    assert ev.off_topic and ev.topic["kind"] in ("other_story", "picked_other")


@pytest.mark.parametrize(
    "turn",
    ["I'm really proud of how I handled one", "The thing I'm proudest of is how I handled one"],
)
def test_talk_then_a_fitting_story_one_is_proud_of_is_not_off_topic(turn: str) -> None:
    """The story after the turn answers the question (the story model reads it so): pride in
    it does not make it a story picked for another reason."""
    answer = (
        f"Customers get upset in a garage a lot, it's usually about money. {turn} last March: "
        "a man shouted at the desk about a 600 pound bill, so I took him into the office, went "
        "through every line with him, found we had charged for a part twice and refunded it. He "
        "left calm and still books with us."
    )
    assert not evaluate(CUSTOMER, answer).off_topic


def test_talk_then_a_story_the_speaker_says_is_about_something_else_is_off_topic() -> None:
    """ "...But the piece of work I'm proudest of isn't really about any of that": said in so
    many words, so the story model's reading (0.74 for what is asked, over the bar that spares a
    story it reads as fitting) does not override the speaker."""
    row = next(
        json.loads(line)
        for line in (DATA / "offtopic_unseen28.jsonl").read_text(encoding="utf-8").splitlines()
        if line and json.loads(line)["id"] == "o28041"
    )
    ev = evaluate(row["question"], row["answer"])
    assert ev.off_topic and ev.topic["kind"] in ("other_story", "picked_other")
    if ev.topic["kind"] == "picked_other":  # the card says what happened, not "may answer"
        assert ev.topic["headline"].startswith("This turns from the question to a story")
        assert any(t.startswith("You spoke about the topic in general") for t in ev.tips)
    assert relevance.DISCLAIMED.search("the job I'm proudest of wasn't really about any of this")
    # setting a story apart from the talk is no disclaimer: the story may well fit
    assert not relevance.DISCLAIMED.search("But the case I am most proud of is a different one.")


def test_a_story_the_speaker_says_is_not_from_work_is_off_topic_for_a_work_question() -> None:
    answer = (
        "So I chair a savings group of twenty women from the market, this is my chama, not "
        "work. Our treasurer stopped answering calls and money was missing, so I called an "
        "emergency meeting, sent two members to the bank for statements and did the "
        "reconciliation myself, which I know from my job as a bookkeeper. We recovered most of "
        "it and changed the signatories."
    )
    ev = evaluate(
        "Tell me about a time you had to lead a group through a difficult situation.", answer
    )
    assert ev.off_topic
    # and the speaker granting that the question asked for work
    for said in (
        "That was my rowing club, I know you said at work, but it's the best example I've got.",
        "I realise that's all home rather than work, but it's the clearest time I had to choose.",
    ):
        assert relevance.SAID_NOT_WORK.search(said), said
    # the speaker not being at work is no such statement: a call-out story
    call_out = (
        "I wasn't at work that day, but the alarm company rang me at six because the freezer at "
        "the shop had failed. I drove in, moved the stock to the chiller and called the engineer."
    )
    assert not relevance.SAID_NOT_WORK.search(call_out)
    # nor is a duty that was someone else's, or a machine that did not work
    for text in (
        "I told him it was not the job of the night staff to restock, but I did it anyway.",
        "The spare pump did not work either, so I rang the depot.",
    ):
        assert not relevance.SAID_NOT_WORK.search(text), text


def test_a_story_that_turns_to_what_one_is_proud_of_is_still_its_own_story() -> None:
    """Past events told before the turn make it the story's own ending, not a new story."""
    answer = (
        "Last March two drivers called in sick on the same morning and I had six deliveries due "
        "before noon. I rang the customers, moved two to the afternoon and drove the van myself. "
        "What I'm proud of is that every one of them arrived on the promised day."
    )
    ev = evaluate("Tell me about a time you had to deal with several urgent jobs at once.", answer)
    assert not ev.off_topic


def test_a_club_as_the_workplace_and_a_plan_with_a_claim_are_not_called_off_topic() -> None:
    """The head groundsman of a cricket club is at work, and "I would break it down" is a
    hypothetical answer (its own flag and probe), not claims about oneself."""
    groundsman = (
        "My first season as head groundsman at a cricket club, the square had to be ready for "
        "the opening league match on 22 April. I scarified it too late, in March, and then it "
        "rained for three weeks. The inspector rated the wicket poor and the club lost points."
    )
    ev = evaluate("Tell me about a time you failed to meet an expectation.", groundsman)
    assert not ev.off_topic
    plan = (
        "I'd say I'm a good problem solver. If something went wrong on a job I would write "
        "down what changed, test one thing at a time and ask whoever built it."
    )
    ev = evaluate("Tell me about a time you solved a problem.", plan)
    assert ev.hypothetical and not ev.off_topic


@pytest.mark.parametrize(
    ("question", "answer", "off"),
    [
        ("Describe a time you kept three departments with different priorities happy.",
         "So I'm basically a people person? I'm really diplomatic and good at reading a room, "
         "and colleagues would describe me as the calm one in the middle.", True),
        ("Tell me about a time you worked as part of a team to finish a hard job.",
         "Good team player. Always help the others, never leave anyone short. Turn up on time, "
         "do my share and more.", True),
    ],
)  # fmt: skip
def test_claims_about_oneself_for_a_time_question(question: str, answer: str, off: bool) -> None:
    ev = evaluate(question, answer)
    assert ev.no_story is off and not ev.off_topic


PRESSURE = "Tell me about a time you worked under pressure."


@pytest.mark.parametrize(
    "claim",
    [
        "On the rigs everything is urgent. Honestly I don't really get stressed.",
        # a degree word before "calm", and a claim whose own verbs read as two steps
        "honestly im quite calm as a person so the rush doesnt really get to me",
        "i never panic when its busy i just stay calm and work down the list thats how i am",
    ],
)
def test_a_claim_to_stay_calm_is_no_story_and_is_asked_for_one(claim: str) -> None:
    """ "I don't really get stressed" says how one is, not a time it happened: the card says
    so, instead of five tips, one of them asking for a number in "I don't really get
    stressed"."""
    ev = evaluate(PRESSURE, claim)
    assert ev.no_story and not ev.off_topic and ev.topic["kind"] == "no_story"
    assert len(ev.tips) == 1 and ev.tips[0].startswith("You describe yourself")


@pytest.mark.parametrize("opening", ["Last March our", "Our"])
def test_a_time_told_with_a_claim_inside_it_is_not_a_claim(opening: str) -> None:
    """The claim sits inside a told event with its steps ("I called the vendor, restored...")."""
    answer = (
        f"{opening} server went down an hour before the payroll run. I don't panic in those "
        "moments. I called the vendor, restored from the 6am backup and ran payroll by 11. "
        "Nobody was paid late."
    )
    assert not evaluate(PRESSURE, answer).off_topic


def test_a_question_about_ones_ways_in_general_can_be_answered_with_them() -> None:
    answer = "I train all the new bar staff. I'm good at it, I think, they pick it up fast."
    for question, claims in [
        ("Tell me about training new staff.", False),
        ("How do you train new staff?", False),
        ("Tell me about a time you trained a new member of staff.", True),
    ]:
        topic = relevance.judge(question, model.refine(analyse(answer)))
        assert topic.claims_only is claims, question


def test_talk_on_the_theme_then_but_the_story_i_want_to_tell_is_off_topic_in_any_tense() -> None:
    """The turn need not be pride: "But the story I'd pick is...", "The example I want to give
    you, though, is...". The general talk may run past the first sentence, and the answer may
    read as a habit ("I always tell new starters"), which hid the verdict behind the
    hypothetical flag."""
    question = "Describe a time you had to handle a complaint from a member of the public."
    answer = (
        "Complaints are a massive part of working on the front desk at a leisure centre. People "
        "get cross about parking, about the showers, about prices, and I always say you have to "
        "listen first. But the story I'd actually pick is from last winter, when our boiler "
        "failed. I rang three engineers, moved the swimming lessons to the school pool across "
        "town and put a notice on the website the same evening. We were open again by Friday."
    )
    ev = evaluate(question, answer)
    assert ev.off_topic
    # A story was told: the card must not say "no specific time it happened".
    assert ev.topic["kind"] != "no_story" and "no specific time" not in ev.topic["headline"]
    # A closing remark after the story is not a turn to another one.
    fitting = (
        "Last March a man shouted at me on the front desk because his son's swimming lesson had "
        "been cancelled without notice. I took him to the side, apologised, checked the system "
        "and saw the text had gone to an old number. I booked his son into Saturday's class and "
        "fixed the number. He thanked me on the way out. That's my best example, though there "
        "are others."
    )
    assert not evaluate(question, fitting).off_topic


def test_a_story_from_family_life_is_set_outside_work() -> None:
    question = "Can you describe a situation at work where you had to step in and lead?"
    answer = (
        "My daughter plays netball for the under-twelves, and in September their coach moved "
        "away. I said I'd take the Saturday sessions, did the coaching course online, and got "
        "two other parents to run the warm-ups. All ten girls signed up again for spring."
    )
    ev = evaluate(question, answer)
    assert ev.off_topic and ev.topic["kind"] == "hobby"
    wedding = (
        "The night before my brother's wedding the caterer cancelled. I rang round every "
        "restaurant in town, found one that could do a buffet for eighty and collected it "
        "myself at ten the next morning. Everyone ate on time."
    )
    pressure = "Walk me through a time you delivered under pressure at work."
    assert evaluate(pressure, wedding).off_topic


@pytest.mark.parametrize(
    "answer",
    [
        "So last May I was travelling in Portugal with my partner and the ferry to the islands "
        "was cancelled for a strike. I found a small airline with two seats left, moved our "
        "first hotel night and we only lost half a day.",
        "Last autumn I was redoing our kitchen myself and the worktops came two centimetres too "
        "short. I rang the supplier, got a cut-to-size pair sent by Friday and fitted them on "
        "the Saturday with my neighbour.",
        "Chess club, Thursday nights. Our captain quit mid-season. I set up a rota so "
        "everyone took a turn on top board and we finished third.",
    ],
)
def test_personal_life_stories_in_other_words_are_set_outside_work(answer: str) -> None:
    question = "Walk me through a time at work when a plan fell through and you had to adapt."
    ev = evaluate(question, answer)
    assert ev.off_topic and ev.topic["kind"] == "hobby"


def test_a_club_or_a_mother_s_birthday_in_a_customer_story_stays_on_topic() -> None:
    """A club or a family occasion counts against a story only when the question says it is
    about work: customers have mothers' birthdays, and a student's club story may answer "a
    time you persuaded someone"."""
    cake = (
        "A lady rang the bakery at five on Christmas Eve in tears: the cake she'd ordered for "
        "her mum's ninetieth had fallen through. I baked a sponge that evening after closing and "
        "drove it round on Christmas morning. She sent us a photo of the party."
    )
    assert not evaluate("Describe a time you went out of your way for a customer.", cake).off_topic
    club = (
        "As treasurer of the university rowing club I wanted the students' union to pay for a "
        "second boat. I counted the members we turned away each week for a term, showed the "
        "committee the waiting list, and offered to share the boat with the canoe club. They "
        "funded it in March."
    )
    assert not evaluate("Tell me about a time you persuaded someone.", club).off_topic
    # the street one's own shop is on, with the shop's takings named
    kiln = (
        "The cafes on our street throw out crates of broken crockery every week, and I was "
        "buying in new clay at silly prices. I spent a winter grinding it back into grog, "
        "testing firing schedules in a small kiln until the pots stopped cracking. Mugs made "
        "from it are now a quarter of our sales."
    )
    assert not evaluate("Tell me about a new idea you brought into your work.", kiln).off_topic


@pytest.mark.parametrize(
    ("question", "answer"),
    [
        # private life, never announced, for a question about work
        (
            "Have you ever had to bring a new starter at work up to speed?",
            "My grandad is eighty-one, and when my nan went into hospital he had to do the "
            "online banking on his own for the first time. Every Sunday I sat with him and we "
            "did one bill together, and I wrote the steps on a card he keeps by the laptop. By "
            "Easter he was paying everything himself.",
        ),
        # private life from the first words, for a question that does not say "at work"
        (
            "Tell me about a time you had to sort out a disagreement.",
            "Our neighbours and my dad had not spoken for a year over the shared drive. I "
            "asked them both round for tea on the same afternoon, put the deeds on the table "
            "and we marked the line together. They split the cost of a gate in the end.",
        ),
    ],
)
def test_a_story_from_private_life_with_no_sign_of_work_is_set_outside_work(
    question: str, answer: str
) -> None:
    ev = evaluate(question, answer)
    assert ev.off_topic and ev.topic["kind"] == "hobby"


def test_family_in_a_story_told_from_work_does_not_send_it_out_of_work() -> None:
    """One sign of work (a post held, a colleague, a customer) is enough: family may come up
    in a work story, and "the week my son was born" does not move it out of work."""
    question = "Walk me through a time at work when a deadline moved up suddenly."
    answer = (
        "The week my son was born, our biggest client moved the audit forward by ten days. I "
        "split the files with a colleague, worked two evenings from home and sent the last "
        "schedule on the Thursday. The audit closed on the new date."
    )
    assert not evaluate(question, answer).off_topic
    posted = (
        "I'm the duty pharmacist, and my wife rang to say the school was closing early. The "
        "order for the care home was due at four, so I checked the last twelve trays first, "
        "handed the counter to the technician and left at half three with it done."
    )
    assert not evaluate(question, posted).off_topic


def test_a_well_told_story_about_something_else_is_caught_by_the_story_model() -> None:
    question = "Walk me through a time you fell out with someone on your team and how you fixed it."
    # A1 fixes a slow service: nobody in it falls out with anyone
    off, fits = evaluate(question, A1), evaluate(question, ROW)
    assert off.off_topic and not fits.off_topic
    assert off.topic["asks"] == "conflict"
    assert "conflict" in off.follow_up


@pytest.mark.parametrize(
    ("question", "answer"),
    [
        ("Describe a difficult situation at work and how you handled it.", A1),
        ("Tell me about a project you worked on recently.", CUSTOMERS),
        ("Tell me about a time things got hard.", CUSTOMERS),
    ],
)
def test_an_open_question_takes_any_well_told_story(question: str, answer: str) -> None:
    # The question model knows only the competencies and reads these as one of them, unsure;
    # the first two were called off topic while it counted its guess alone.
    assert not evaluate(question, answer).off_topic


# m-bartosz-07 was the second row here until its "Now I always mark every pipe" was read as the
# lesson it is (eleventh session), and n-joy-06 until "the laundry is usually the forgotten
# department" was read as the laundry's lot, not the speaker's habit (twenty-fourth session).
SINK = (
    "Last year I changed the pipes under a customer's sink. I did not mark the pipes before I "
    "took them out, because I think I will remember. I'd always say it is quicker. Then nothing "
    "fitted back and the customer had no water for a day."
)


def test_a_narrated_story_the_rules_read_as_a_plan_is_not_a_claim_about_oneself() -> None:
    """Second-language narration ("because I think I will remember", "I'd always say") reads as
    hypothetical to the rules; the story still tells past events, so it is no "I am a very
    patient person" answer and is not called off topic for describing oneself."""
    assert model.refine(analyse(SINK)).hypothetical  # the branch this is about
    assert not evaluate("Tell me about a time you made a mistake at work.", SINK).off_topic


# Read as a candidate would (ninth session): three fitting answers the detector called off topic.
PHARMACY = (
    "waiting times for prescriptions at the counter went from about twenty minutes to under "
    "five. before that every script was checked twice at the same bench and the queue backed up "
    "out the door on mondays. i was the pharmacist in charge at the branch so it was on me. i "
    "split the checking so the technician does the first check at a second bench and i only do "
    "the final one, and i put a text message in so people know when to come back. the area "
    "manager rolled it out to two other branches after."
)
WARD_NOTES = (
    "Ward 7, night shift, March. Bed 4, post-op hip, BP dropping, 85/50, HR 120. Called the "
    "registrar, started fluids as per protocol, repeated obs every 15 min, escalated to outreach "
    "when no improvement. Found a bleed at the wound site, back to theatre by 3am. Stable by "
    "morning, back on the ward two days later."
)


def test_a_question_naming_two_things_takes_a_story_of_either() -> None:
    """ "improved a process for customers" names customers and an improvement: the story
    model's reading of one of them is no ground for calling the story off topic."""
    ev = evaluate("Tell me about a time you improved a process for customers.", PHARMACY)
    assert not ev.off_topic


def test_a_name_the_question_model_finds_unlikely_does_not_make_the_ask_sure() -> None:
    """ "a patient whose condition changed quickly" names a patient (customer focus to the
    pattern) and asks about a crisis; the notes answer it."""
    question = "Tell me about a time you handled a patient whose condition changed quickly."
    assert not evaluate(question, WARD_NOTES).off_topic


def test_a_routine_answers_a_question_that_asks_how_you_work() -> None:
    """ "How do you make sure...?" asks for what one does as a rule, so a routine fits it;
    for a question that asks for a time, the same claims tell no story."""
    routine = (
        "I always check the patient identifiers twice before I sign anything, and I keep a list "
        "of the trays that came in late so nothing gets missed at handover."
    )
    assert not evaluate("How do you make sure your work is accurate?", routine).off_topic
    claims = "I am very careful person, I never make mistakes, I always double check."
    assert evaluate("Tell me about a time you made a mistake at work.", claims).no_story


def test_a_team_story_the_story_model_reads_as_teamwork_is_not_flagged_on_a_low_fit() -> None:
    """A pure-"we" teamwork story with no step of the speaker's own narrates nothing the first
    model counts (its fit is under the bar); the story model reads teamwork in it at more than
    twice chance, and a fitting answer called off topic is the error the issue forbids first."""
    answer = (
        "Three of us on the late shift at the car wash, and one Saturday the main brush breaks at "
        "4 p.m. The team decide to share the work between us: one person does the pre-wash by "
        "hand, two people dry and polish. Every booked car is finished before closing."
    )
    topic = relevance.judge(
        "Tell me about a time you worked in a team.", model.refine(analyse(answer))
    )
    assert topic.relevance < topic.threshold
    assert topic.features["story"] >= relevance.STORY_SHOWS
    assert not topic.off_topic


def test_a_guess_at_what_the_question_asks_is_not_named_on_the_card() -> None:
    """ "What's a time you went above and beyond?" names no competency, and the question model
    reads it as prioritisation at about 0.5: a guess. Told "the question asks about
    prioritisation and time management", a candidate would fix the wrong thing, so the card
    says what is wrong (no time it happened) without naming one."""
    question = "What's a time you went above and beyond?"
    answer = (
        "I think going above and beyond is really just part of the job in hospitality. You have "
        "to always put the guest first and never say no. I always try to remember regulars' "
        "names and what they drink."
    )
    ev = evaluate(question, answer)
    assert ev.no_story
    assert ev.topic["asks"] and not ev.topic["asks_sure"]
    said = " ".join([*ev.tips, ev.follow_up, ev.topic.get("headline", "")])
    assert "prioriti" not in said.lower()
    assert "rather than a time it happened" in said
    # a bank question says what it asks, and the card names it
    sure = evaluate(
        "Tell me about a time you went out of your way to help a customer or user.", answer
    )
    assert sure.no_story and sure.topic["asks_sure"]
    assert "customer" in " ".join([*sure.tips, sure.follow_up]).lower()


def test_a_firm_we_work_with_is_a_sign_of_work() -> None:
    """A locksmith's rush job for "a letting agent we work with" was called a story from
    private life: a letting agent is a tenant's sign, and nothing else in it named work."""
    question = "Describe a time you had a lot to get through in very little time."
    answer = (
        "A letting agent we work with rang on the Monday: forty student flats, new tenants on "
        "the Saturday, and nobody knew who still had keys. I ordered sixty cylinders from two "
        "wholesalers, went through the block floor by floor and logged every key on a sheet. "
        "All forty flats were done by Friday night."
    )
    assert not evaluate(question, answer).off_topic


def test_a_part_of_the_work_that_is_mine_tells_of_ownership() -> None:
    """ "The plant area is mine ... my name on the loss sheet", told for a question about
    taking ownership, was called off topic: the story model read a rota fixed, and the cues for
    ownership did not count "is mine" or a name on the sheet."""
    question = "Tell me about a time you took ownership of a problem."
    answer = (
        "At the garden centre the watering rota kept falling apart in July. The plant area is "
        "mine, so if stock dies it's my call what gets binned and my name on the loss sheet. I "
        "drew up a rota with two names per day, put a checklist on the hose reel and walked the "
        "benches myself at four. We binned eleven trays that month against sixty the July "
        "before."
    )
    assert not evaluate(question, answer).off_topic


def test_a_reading_that_overrules_what_the_question_names_is_not_named_on_the_card() -> None:
    """ "...a time you dealt with ambiguity" names adaptability; the question model read
    communication, and the card said "the question asks about communication"."""
    ev = evaluate(
        "Tell me about a time you dealt with ambiguity.",
        "Ambiguity comes with lab work. Half the experiments never work first time, so I think "
        "the trick is to stay flexible and keep good notes.",
    )
    said = " ".join([*ev.tips, ev.follow_up]).lower()
    assert "communication" not in said
    assert ev.follow_up.endswith("?")


def test_no_story_is_its_own_verdict_through_the_probe_the_card_and_the_report() -> None:
    """ "I'm a very calm person..." was reported as "the story did not answer the question
    asked; pick one that does" and its summary line said "a different question", of an answer
    that told no story at all; and it earned "Told in the first person" as a strength."""
    from datetime import UTC, datetime

    from sample_session import COMPANY, PANEL, ROLE, _turns

    from interview_coach.interview import probe_focus
    from interview_coach.models import SessionRecord, SessionSetup
    from interview_coach.report.model import build_report

    ev = evaluate(CUSTOMER, TRAIT)
    assert ev.to_dict()["no_story"] is True and ev.to_dict()["off_topic"] is False
    assert probe_focus(ev) == "no_story"
    card = format_card(load_evaluation(ev.to_dict()), TRAIT, CUSTOMER)
    assert "\n\nThis doesn't answer the question yet (no specific time it happened" in card
    items = [
        ("interviewer", "question", CUSTOMER, "q-1", None),
        ("candidate", "answer", TRAIT, "q-1", ev.to_dict()),
        ("interviewer", "question", PERSUADE, "q-2", None),
        ("candidate", "answer", NIGHT_SHIFT, "q-2", evaluate(PERSUADE, NIGHT_SHIFT).to_dict()),
    ]
    when = datetime(2026, 12, 7, 10, tzinfo=UTC)
    setup = SessionSetup(role=ROLE, company=COMPANY, interviewers=[PANEL[0]], num_questions=2)
    record = SessionRecord("s-calm", "alex", setup, "done", "finished", when, when,
                           _turns(when, items))  # fmt: skip
    report = build_report(record)
    assert report.questions[0].no_story and not report.questions[0].off_topic
    assert not [s for s in report.strengths if "Q1" in s]
    said = " ".join(report.practise)
    assert "Q1: you described yourself, not a time it happened" in said
    assert "did not answer the question asked" not in said
