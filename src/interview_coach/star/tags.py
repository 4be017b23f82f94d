"""Tag the units of an answer with the STAR parts they carry.

Story order does most of the work: the scene comes before the first task or step,
the job before the steps, and what changed after them, often in the closing
clauses. Cues from ``star_features`` decide the rest. A unit may carry more
than one tag ("I was brought in to rescue a CRM rollout at a housing charity"
is both scene and task).
"""

from __future__ import annotations

import re

from ..models import COMPONENTS
from . import features as F


def tag(units: list[F.Unit], present: bool = False) -> None:
    """Tag units in story order: scene, then the job, then the steps, then what changed.
    ``present``: the story is told in the present tense, so "I ring" is a step."""
    n_sentences = units[-1].sentence + 1 if units else 0
    for k, u in enumerate(units):
        F.unit_features(u, k == 0 or units[k - 1].sentence != u.sentence, present)
    # Notes with no "I" or "we" anywhere string the speaker's steps on commas ("fridge alarm on
    # a night shift, checked the probe, moved every tray"); with a subject somewhere, a piece
    # like "..., booked their next holiday" is that subject's, not a dropped "I".
    if not any(re.search(r"\b(?:i|we)\b", u.text, re.I) for u in units):
        for u in units:
            if F.note_steps(F.plain(u.text), present):
                u.f["i"] = 1
    # "The customer renewed for three years in the end. It had been a bad few months...": the
    # story goes back in time after its opening, so the opening was the outcome.
    flashback = any(F.FLASHBACK.search(u.text) for u in units if u.sentence in (1, 2))
    # A duty held ("I was the shift lead") hints at the job only when the job is not stated.
    stated = any(u.f["task_i"] or u.f["task_we"] for u in units)
    first_step = next((k for k, u in enumerate(units) if u.f["i"]), None)
    for k, u in enumerate(units):
        f = u.f
        # "..., and left a map": no subject of its own, so the last one in the sentence acts
        same = [p.f for p in units[:k] if p.sentence == u.sentence]
        prev = next((p for p in reversed(same) if p["i"] or p["we"]), None)
        if f["cont"] and prev:
            f["i" if prev["i"] else "we"] = 1
        if f["task_duty"] and not stated and not any("action" in p.tags for p in units[:k]):
            f["task_weak"] = True  # "I was on call": a duty held before the steps implies the job
        if f["task_i"] or f["task_we"] or f["task_weak"]:
            u.tags.add("task")
            # "Ahead of the 2021 FATF visit, our team was tasked with...": the team's need is
            # the scene as much as the job (``_tag_situation``)
            f["team_task"] = f.get("team_task") or (f["task_we"] and not f["task_i"])
        outcome = f["outcome_obj"] or (
            f["outcome_verb"] and (f["change"] or f["concrete"] or f["nums"] or f["vague_res"])
        )
        if (f["i"] or f["we"]) and not outcome and not f["attitude"]:
            u.tags.add("action")  # "We got to 220 ppm" reports an outcome, not a step
        if "action" in u.tags and f["slip"] and k == first_step:
            u.tags.discard("action")  # "I sent the wrong invoice": what went wrong, then steps
        if f["refl"]:
            u.tags.add("reflection")
        opening = u.sentence == 0 and n_sentences >= 3
        noticing = k == 0 and f["cognitive"] and len(units) > 1  # "I noticed X, so I did Y"
        # "By the time I found out, they had signed": finding out too late is no step
        noticing = noticing or bool(f["cognitive"] and _TOO_LATE.match(F.plain(u.text)))
        # ...unless it announces the steps: "what i did was i rang every supplier that morning"
        if "action" in u.tags and (
            (opening and (f["ctx"] or f["cognitive"]) and not F.STEP_LEAD.search(u.text))
            or noticing
            or ("task" in u.tags and not f["i"])
        ):
            u.tags.discard("action")  # the opening's "I ran email marketing" is the scene
        if "action" in u.tags and u.sentence == 0 and n_sentences >= 2 and F.SCOPE.search(u.text):
            u.tags.discard("action")  # "..., and I look after about forty accounts": the scene
        if (
            u.sentence == 0
            and n_sentences >= 2
            and (_leads_with_result(u) or (flashback and _opens_on_outcome(u)))
        ):
            u.tags -= {"action", "task"}  # "Last year I saved the school 9,000 pounds. I was..."
            u.tags.add("result")
    _tag_team_tasks(units)
    _tag_results(units)
    _tag_result_told_first(units)
    _tag_named_outcome(units, n_sentences)
    _tag_failure_consequence(units)
    _tag_situation(units)
    _apply_labels(units)


def _tag_team_tasks(units: list[F.Unit]) -> None:
    """A need of the team or of someone else stated early, before the first step, is the job
    even mid-sentence ("..., and so we had to find a classroom", "it had to be live by the 25th").
    After the steps, or deep in a long backstory, the same words are usually one more step or
    one more complication ("so we had to find replacements at short notice")."""
    for u in units:
        if "action" in u.tags or u.sentence > 2:
            return
        if u.f["task_other"] and not u.tags & {"task", "result"}:
            u.tags.add("task")
            u.f["task_we"] = u.f["team_task"] = True


_EARLY_SUBJECT = re.compile(
    r"^(?!(?:when|while|after|before|as|if|since|because|where|once|until)\b)"
    r"(?:[\w',]+\s+){0,3}(?:I|we)\s",
    re.I,
)


_BARE_OUTCOME = re.compile(
    r"^(?:(?:we|I)\s+)?(?:cut|reduced|saved|raised|grew|increased|doubled|halved|tripled|brought|"
    r"took|turned|lifted|dropped|won|got)\b",
    re.I,
)


#: The past perfect ("it had been a bad few months", "sales had dropped"): a story going back
#: in time. Not the present perfect's "had" ("we have not had a single complaint since"), an
#: end state.
_PAST_PERFECT = re.compile(r"(?<!\bhave )(?<!\bhas )(?<!\bnot )(?<!n't )\bhad\b|'d\b", re.I)


def _leads_with_result(u: F.Unit) -> bool:
    """An opening that is the outcome: "We cut the waiting list from 14 weeks to 5", not the
    backstory ("sales had dropped 20%") nor the task ("I was asked to cut costs by 10%")."""
    f = u.f
    if f["task_i"] or f["task_weak"] or not f["nums"] or _PAST_PERFECT.search(u.text):
        return False
    # "Cut churn by a third in a year. Here's how: ..." opens on the outcome with no subject
    early = bool(_EARLY_SUBJECT.match(F.plain(u.text)) or _BARE_OUTCOME.match(F.plain(u.text)))
    return (f["result_first"] or (early and f["change"])) and (f["change"] or f["outcome_verb"])


#: Talk in general, which ends nothing: "I think...", "you have to...", "... is key".
_OPINION = re.compile(
    r"\bi (?:do |really )?(?:think|believe|feel)\b|\byou (?:have|need|gotta|got) to\b|\b(?:is|are) "
    r"(?:very |really |so |always )?(?:normal|key|important|vital|essential|crucial)\b",
    re.I,
)


def _opens_on_outcome(u: F.Unit) -> bool:
    """An opening that says how things ended, with or without a number ("Thabo passed his
    test first time", "the village shop takes our milk now"), not the job or a first step."""
    f = u.f
    if f["task_i"] or f["task_weak"] or f["task_other"] or f["cognitive"] or f["hyp"]:
        return False
    if _OPINION.search(u.text):
        return False  # "i think conflict is normal and you have to deal with it early"
    return bool(
        f["concrete"]
        or f["now"]
        or f["change"]
        or f["outcome_verb"]
        or f["outcome_obj"]
        or _HOW_IT_ENDED.search(u.text)
    )


#: The end of a story named as such: "Master ended up agreeing to reduce speed", "In the end
#: the council kept the library open".
_HOW_IT_ENDED = re.compile(r"\b(?:ended up|in the end)\b", re.I)


#: Finding out too late: "By the time I found out they had signed".
_TOO_LATE = re.compile(r"(?:(?:and|but|so)\s+)?by the time\b", re.I)
#: A clause of someone else's (or the team's) after the speaker's step in the same sentence.
_THEN_THEY = re.compile(r"\bI\b.+\b(?:and|so) (?:we|they|he|she)\b", re.I)


#: A job someone gives the speaker: "my manager asked me to", "they offered me".
_GIVEN_ME = re.compile(r"\b(?:asked|wanted|invited|offered|told|put) me\b", re.I)


def _tag_results(units: list[F.Unit]) -> None:
    """What changed: cued clauses after the first step, and the story's closing clauses."""
    n = len(units)
    core_ks = [k for k, u in enumerate(units) if u.tags & {"task", "action"}]
    first_action = next((k for k, u in enumerate(units) if "action" in u.tags), None)
    if first_action is None:
        first_action = core_ks[0] if core_ks else None
    last_action = max((k for k, u in enumerate(units) if "action" in u.tags), default=None)
    last_sentence = units[-1].sentence if units else 0
    for k, u in enumerate(units):
        f = u.f
        if "result" in u.tags:
            continue
        after = first_action is not None and k > first_action
        near_end = k >= n - 2 and (k > 0 or n == 1)
        resultish = (
            f["change"]
            or f["concrete"]
            or f["percent"]
            or (f["nums"] and (f["marker"] or f["outcome_verb"]))
        )
        if "action" in u.tags and (f["i"] or f["cont"]):
            resultish = f["outcome_verb"] or (f["nums"] and f["marker"] and not f["i"])
        # "I threw the lifebuoy and we got him out in 3 minutes", "I rang the depot and they had
        # it here within the hour": a clause after the step, timed, is how it ended, even in the
        # answer's only step
        joint_end = (
            near_end
            and "action" in u.tags
            and f["nums"]
            and f["marker"]
            and bool(_THEN_THEY.search(u.text))
        )
        if "task" in u.tags:
            # "We hit our numbers every day and my manager asked me to apply for the lead role":
            # a job given after the last step and its outcome is what the story earned
            earned = (
                last_action is not None
                and k > last_action
                and any("result" in p.tags for p in units[last_action + 1 : k])
                and bool(_GIVEN_ME.search(u.text))
            )
            if after and near_end and (f["concrete"] or f["change"] or f["marker"] or earned):
                u.tags.discard("task")  # "my manager then asked me to train the others"
                resultish = resultish or earned
            else:
                resultish = resultish and f["change"] and f["nums"]
        # After the last step, a main clause about how things stood is the outcome:
        # "Everyone was at their desk by nine", "his son told me he'd not missed a payment".
        closing = (
            last_action is not None
            and k > last_action
            and u.sentence >= last_sentence - 1
            and f["main"]
            and not u.tags & {"task", "action"}
            and (
                f["nums"]
                or f["vague_res"]
                or f["now"]
                or f["concrete"]
                or f["change"]
                or f["outcome_obj"]
            )
        )
        # Someone else acting is an outcome only at the very end ("they renewed for two years");
        # earlier it is more likely the next step of the process ("she then called the client").
        closing = closing or (
            last_action is not None
            and k > last_action
            # or one of the last two clauses, where dictation's restored break put the end
            # apart ("he was still grumbling | but he rang in an order the next week | so...")
            and (u.sentence == last_sentence or near_end)
            and f["main"]
            and f["other_event"]
            and not u.tags & {"task", "action"}
            and not re.search(
                r"\bthen\b|^(?:and )?next\b(?!\s+(?:day|week|month|morning|year|season|\w+day)\b)",
                u.text,
                re.I,
            )
        )
        marked = f["marker"] and not ("action" in u.tags and f["i"])  # "eventually I applied"
        if "reflection" in u.tags and not f["change"]:
            continue  # "since then I always send a test to three colleagues" is a habit
        plan = re.search(r"\bI(?:'m| am)\b", u.text)  # "so I'm working on delegating more"
        vague_end = near_end and f["vague_res"] and not plan
        # A reply to "what changed?" may be the outcome alone, announced as such.
        lone = first_action is None and f["marker"] and resultish
        if (after and (resultish or marked)) or vague_end or closing or lone or joint_end:
            u.tags.add("result")
            if "action" in u.tags and f["outcome_verb"]:
                u.tags.discard("action")
    _carry_back_subjectless_results(units)
    # A step that only sounds like an outcome ("I set a reorder level so it ordered
    # automatically", "we sorted it out") is not the result when a real outcome follows it:
    # the result's evidence starts at the outcome, not at the step before it.
    for k, u in enumerate(units):
        both = {"action", "result"} <= u.tags and _own_step(u)
        if both and any("result" in w.tags for w in units[k + 1 :]):
            u.tags.discard("result")


def _own_step(u: F.Unit) -> bool:
    """The speaker's (or the team's) step, whatever outcome it sounds like: no outcome verb."""
    return bool(u.f["i"] or u.f["we"] or u.f["cont"]) and not u.f["outcome_verb"]


#: A clause led by a conjunction and no subject of its own: "but do it faster".
_NO_SUBJECT = re.compile(
    r"(?:but|and|so)\s+(?!(?:i|we|he|she|they|it|its|the|this|that|there|everyone|nobody)\b)",
    re.I,
)


def _carry_back_subjectless_results(units: list[F.Unit]) -> None:
    """ "He said fine, keep checking, | but do it faster.": a result with no subject of its own
    finishes what someone said or did in the clause before it, which is the outcome too, so
    the quote is the whole reply rather than "do it faster." alone."""
    for prev, u in zip(units, units[1:], strict=False):
        if (
            "result" in u.tags
            and prev.sentence == u.sentence
            and not prev.tags
            and prev.f["other_event"]
            and not (u.f["i"] or u.f["we"] or u.f["other_event"])
            and _NO_SUBJECT.match(F.plain(u.text))
        ):
            prev.tags.add("result")


#: An opening that sets a scene rather than stating an end: "When I worked at...", "so there
#: was a Deaf couple...", "It was the week before Christmas".
_SCENE_LEAD = re.compile(
    r"^(?:(?:so|well|um|uh|right|okay|ok|and)\s+)*(?:when|while|as|after|before|if|since|"
    r"because|once|there (?:was|were|is|are)|it was|this was|(?:the )?(?:situation|context|"
    r"background)\b)\b",
    re.I,
)


#: A trouble that went on, which is the scene however concrete ("he is always coming 10
#: minutes late", "they fight all the time", "I was too soft with a team member").
_TROUBLE = re.compile(
    r"\b(?:always|all the time|kept|keeps|constantly|every (?:day|week|month|time)|too "
    r"(?!much\b)\w+)\b",
    re.I,
)


def _tag_result_told_first(units: list[F.Unit]) -> None:
    """A story in which nothing after the steps is an outcome, but whose opening reads as an
    end state ("The calls about passwords fell to almost nothing. Before, our app...", "Thabo
    passed his test first time"), told its result first, with no cue for going back in time.

    Why here, after the other passes: only the absence of any outcome elsewhere makes an
    outcome-like opening the result rather than the scene; with one found, the opening stays
    the scene it usually is.
    """
    if not units or units[-1].sentence == 0:
        return
    # a step that only sounds like an outcome ("I secured a budget, chose the contractor and
    # added charging points") is no outcome told later
    steps = [u for u in units if {"action", "result"} <= u.tags and _own_step(u)]
    if any("result" in u.tags for u in units if u not in steps):
        return
    opening = [u for u in units if u.sentence == 0]
    text = " ".join(u.text for u in opening)
    if (
        any("action" in u.tags for u in opening)
        or _SCENE_LEAD.match(F.plain(text))
        # the backstory inside the outcome's own sentence ("The operator renewed the contract,
        # which our director had told us was in doubt") does not make it backstory
        or _PAST_PERFECT.search(_SUBORDINATE.split(text, maxsplit=1)[0])
        or _TROUBLE.search(text)
        or not _opens_on_outcome(units[0])  # the answer starts on it, not a clause later
    ):
        return
    told = [u for u in opening if _opens_on_outcome(u)]
    for u in told:
        u.tags -= {"task"}
        u.tags.add("result")
    for u in steps:
        u.tags.discard("result")
    # What follows the outcome, up to the first step, is the backstory: the scene ("Before,
    # pickers matched the product to a photo"). With none, the opening's own scene words set
    # the scene ("... on my shift in two months").
    first_step = next((k for k, u in enumerate(units) if "action" in u.tags), len(units))
    backstory = [u for u in units[len(opening) : first_step] if not u.tags & {"task", "result"}]
    for u in backstory:
        u.tags.add("situation")
    if not backstory:
        for u in told:
            u.f["told_first"] = True


#: Where a relative or subordinate clause starts, with or without its "that" ("an option
#: nobody had asked for"): what follows is not the main clause.
_SUBORDINATE = re.compile(
    r"\b(?:which|who|whom|whose|because|although|though|since|nobody|no one)\b", re.I
)
#: The speaker naming the outcome just told: "..., that was the result", "That's the result
#: I'm proudest of", "that's how it ended"; not "that was the result of poor planning", a cause.
_OUTCOME_NAMED = re.compile(
    r"\b(?:that|this)(?:'s| is| was) (?:the|my|our) (?:\w+ )?(?:result|outcome)\b(?! of\b)|"
    r"\b(?:that|this)(?:'s| is| was) how it (?:ended|ends|finished|turned out)\b",
    re.I,
)


def _tag_named_outcome(units: list[F.Unit], n_sentences: int) -> None:
    """An opening the speaker names as the outcome ("The trustees kept us on. That's the result
    I'm proudest of.", "the couple got engaged on the rooftop at sunset, that was the result")
    is the result however little it sounds like one, and the story after it the backstory.

    Why only in the first two sentences of a longer story: at the end the same words close a
    story told in order, whose last sentence may hold a step as well as its outcome."""
    if n_sentences < 3:
        return
    for k, u in enumerate(units):
        if u.sentence > 1:
            return
        m = _OUTCOME_NAMED.search(u.text)
        if not m:
            continue
        # what the label names: its own sentence before it ("the couple got engaged at sunset,
        # that was the result"), or, said on its own, the sentence before ("The trustees kept us
        # on. That's the result I'm proudest of.")
        told = [p for p in units[:k] if p.sentence == u.sentence]
        if len(F.plain(u.text[: m.start()]).split()) >= 3:
            told.append(u)
        elif not told:
            told = [p for p in units[:k] if p.sentence == u.sentence - 1]
        for p in told:
            if p.f["task_i"] or p.f["hyp"] or p.f["cognitive"] or _own_step(p):
                continue
            p.tags -= {"situation", "task", "action"}
            p.tags.add("result")
        return


#: The speaker's own slip, as a story of a mistake tells it: "i didnt put the assessment in
#: properly", "without drilling the beams", "I forgot to", "I used the wrong cleaner".
_OWN_SLIP = re.compile(
    r"\bI (?:just |simply )?(?:didn'?t|did not|don'?t|do not|never|forgot|skipped|assumed|"
    r"rushed|missed|misread|overlooked)\b|\bI'?d not\b|\bwithout (?:\w+ing|a|any|checking)\b",
    re.I,
)


def _tag_failure_consequence(units: list[F.Unit]) -> None:
    """In a story of a mistake with its lesson ("...without drilling the beams. Eight months
    later one beam failed under snow load and the bridge was closed. Since then I always
    drill-test..."), what the slip led to is the outcome the rubric scores (a concrete failure
    counts), though it comes before any step and no step led to it.

    Why only with a lesson told and a slip of the speaker's own before it: a consequence told
    in any other story is usually the problem the steps then solve, the scene."""
    lesson = next((k for k, u in enumerate(units) if u.f["refl"]), None)
    if lesson is None:
        return
    slip = next(
        (k for k, u in enumerate(units[:lesson]) if u.f["slip"] or _OWN_SLIP.search(u.text)),
        None,
    )
    if slip is None:
        return
    if not units[slip].tags:
        units[slip].tags.add("situation")  # what went wrong is the scene of such a story
    for u in units[slip + 1 : lesson]:
        f = u.f
        if "action" in u.tags or "task" in u.tags or f["i"] or f["cognitive"] or f["hyp"]:
            break  # the speaker's own steps begin: what follows them is theirs to end
        if F.PRONOUN_I.search(u.text) or not f["main"]:
            continue
        told = f["past"] or F.irregular_past(u.text) or f["other_event"] or f["now"]
        if told or f["concrete"] or f["change"] or f["nums"]:
            u.tags -= {"situation"}
            u.tags.add("result")


#: An opening clause that begins on when it happened: "when covid closed us i moved...".
_OPENS_ON_WHEN = re.compile(r"^(?:(?:so|well|um|and)\W+)*(?:when|while|after|as soon as)\b", re.I)


def _tag_situation(units: list[F.Unit]) -> None:
    """The scene: context before the first task or step, and context in the opening sentence."""
    # A need stated as the team's or someone else's ("it had to be done by April") is scene too.
    core = next(
        (
            k
            for k, u in enumerate(units)
            if "action" in u.tags or ("task" in u.tags and not u.f.get("team_task"))
        ),
        None,
    )
    first_action = next((k for k, u in enumerate(units) if "action" in u.tags), len(units))
    for k, u in enumerate(units):
        f = u.f
        if "result" in u.tags and not f.get("told_first"):
            continue
        plain_task = "task" in u.tags and not f.get("team_task")
        before_core = core is None or k < core or (k < first_action and not plain_task)
        scene = f["ctx"] or f["vague_ctx"]
        if (
            (
                before_core
                and (scene or (core is not None and (f["past"] or F.irregular_past(u.text))))
            )
            or (u.sentence == 0 and scene)
            # "when covid closed us i moved the business online": the opening's own scene
            or (k == 0 and f["past"] and _OPENS_ON_WHEN.match(u.text))
            or (k < first_action and "task" in u.tags and f["setting"] == 2)
        ):
            u.tags.add("situation")


#: The same headings said in words, opening a sentence: "The situation was...", "My task was,
#: as branch manager, to...", "The action I took was...", "The result was that...".
_HEADING_WORDS = re.compile(
    r"^(?:(?:so|and|then|well)\s+)?(?:the|my|our)\s+(situation|context|background|task|goal|aim|"
    r"objective|action|actions|steps|result|results|outcome)(?:\s+(?:I|we)\s+took)?\s*"
    r"(?:was|were|is|are|:)",
    re.I,
)


def _apply_labels(units: list[F.Unit]) -> None:
    """Candidates who say "Situation: ... Task: ..." have tagged their own answer, up to the
    next label. Those who say "The situation was... My task was... The result was..." have
    tagged the sentence each heading opens, and only when two or more parts are headed: one
    "the result was that" alone is just a sentence, and what follows a heading in words
    ("What I did was...", "Then I...") is left to the other passes."""
    said = [_HEADING_WORDS.match(F.plain(u.text)) for u in units]
    parts = {F.LABEL_PART.get(m.group(1).lower(), m.group(1).lower()) for m in said if m}
    in_words = len(parts) >= 2
    current, spoken_in = None, None
    for u, spoken in zip(units, said, strict=True):
        m = F.STAR_LABEL.match(u.text)
        if m:
            word = next(g for g in m.groups() if g).lower()
            current, spoken_in = F.LABEL_PART.get(word, word), None
        elif spoken and in_words:
            word = spoken.group(1).lower()
            current, spoken_in = F.LABEL_PART.get(word, word), u.sentence
        elif spoken_in is not None and u.sentence != spoken_in:
            current = spoken_in = None
        if current:
            u.tags -= set(COMPONENTS)
            u.tags.add(current)
            if current == "task" and not u.f["task_we"]:
                u.f["task_i"] = True
            if current == "action" and not (u.f["i"] or u.f["we"]):
                # "A: Weekly 1:1s, went through his reconciliations, gave him my checklist":
                # under the candidate's own "action" label, steps with the "I" dropped are theirs
                steps = F.note_step_count(F.plain(u.text))
                if steps:
                    u.f["i"], u.f["extra"] = 1, steps - 1
