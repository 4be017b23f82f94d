"""'Tell me about yourself', coached as a value proposition rather than a STAR story.

The guidance (knowledge/guidance/value-proposition.md) asks for: where you are now, two or
three strengths the job asks for with proof, a number, and why this move now, in one to two
minutes; and warns against the school-days life story, the CV read line by line and an
answer that never meets the job. Each of those is one criterion here, decided by rules and
quoted from the answer.
"""

from __future__ import annotations

import re

from . import jobdesc
from .result import Criterion, TypedEvaluation
from .text import Span, number_values, sentences, speaking_seconds, words

MIN_SECONDS, MAX_SECONDS = 60, 120

_ROLE_NOUN = (
    r"(?:manager|engineer|developer|designer|analyst|lead|leader|supervisor|planner|adviser|"
    r"advisor|agent|owner|researcher|technician|consultant|specialist|coordinator|director|"
    r"head of [\w ]+|officer|assistant|operative|receptionist|nurse|teacher|architect|"
    r"scientist|programmer|administrator|accountant|pm|executive|representative|caseworker|"
    r"controller|marketer|writer|editor|associate|intern|apprentice|clerk|driver|picker|"
    r"founder|freelancer|trainer|therapist|pharmacist|chef|buyer|recruiter|strategist|"
    r"tester|producer|illustrator)s?"
)
_PRESENT_ROLE = re.compile(
    r"\b(?:i'?m|i am|im)\s+(?:currently\s+|now\s+|right now\s+|at the moment\s+)?"
    r"(?:(?:an?|the)\s+)?(?:[\w/&-]+,?\s+){0,4}?" + _ROLE_NOUN + r"\b"
    r"|\b(?:i|we)\s+(?:currently\s+|now\s+)?(?:work|lead|manage|run|head|own)\b(?! with\b)"
    r"|\b(?:currently|right now|at the moment|now|since (?:19|20)\d\d)\b,?\s+(?:i\s+)?"
    r"(?:i'?m|i am|have been|i have been|am)?\s*(?:(?:an?|the)\s+)?(?:[\w/&-]+\s+){0,3}?"
    + _ROLE_NOUN
    + r"\b"
    r"|^(?:[\w/&+-]+\s+){0,4}?" + _ROLE_NOUN + r"\s*(?:,|@|\bat\b|\(|$)"
    r"|\b(?:i'?ve|i have|ive)\s+been\s+(?:(?:an?|the)\s+)?(?:[\w/&-]+\s+){0,3}?"
    + _ROLE_NOUN
    + r"\b(?!\s+(?:for|since)\b[^.]*\b(?:ago|until|before)\b)"
    # the job as what one does, ongoing: "I've been running the night shift at a parcel hub
    # for four years", "I'm working as...", "I'm in charge of the dispatch desk"
    r"|\b(?:i'?ve|i have|ive)\s+been\s+(?:working|running|leading|managing|heading|teaching|"
    r"nursing|driving|looking after|in charge)\b(?!\s+(?:for|since)\b[^.]*\b(?:ago|until|before)\b)"
    r"|\b(?:i'?m|i am|im)\s+(?:currently\s+|now\s+)?(?:working|running|leading|managing|heading|"
    r"in charge)\b"
    r"|\bmy current (?:employer|company|job|role)|^[\w\s/&-]{2,40}@\s*\w",
    re.I,
)
_EXCLUDED_NUMBERS = re.compile(
    r"\b(?:\d+(?:\.\d+)?|[a-z]+(?: and a half)?)\s*(?:\+\s*)?(?:years?|yrs?|months?)\b"
    r"(?!\s+without)(?:\s+(?:of\s+)?(?:experience|in|as|at|now|total|all in))?"
    r"|\b(?:19|20)\d\d\b|\b(?:team|group) of (?:about |around )?\d+|\b\d+\s+(?:people|persons|"
    r"agents|engineers|staff|advisers|advisors|drivers|caseworkers|designers|reports|direct "
    r"reports|juniors)\b",
    re.I,
)
_ACHIEVE = re.compile(
    r"\b(?:from\b.{0,40}\bto\b|cut|cuts|reduc\w*|increas\w*|improv\w*|grew|grow\w*|rais\w*|"
    r"sav\w*|dropp?\w*|fell|fall\w*|went (?:up|down|from)|brought|halv\w*|doubl\w*|tripl\w*|"
    r"won|without|top \d+|record|up|down|lower\w*|higher|fewer|faster|caught|filled|"
    r"delivered|beat|exceed\w*|boost\w*|shrank|shrunk|trimmed)\b|->|→|%",
    re.I,
)
_MULTIPLIER = re.compile(
    r"\b(?:halved|doubled|tripled|by (?:a|one) (?:third|quarter|half))\b", re.I
)
_SAFE_STREAK = re.compile(
    r"\b(?:\d+|[a-z]+) (?:days|weeks|months|years) without\b|\bno [\w\s-]{0,40}\b(?:for|in) "
    r"(?:\d+|[a-z]+) (?:days|weeks|months|years)\b",
    re.I,
)
_WHY_NOW = re.compile(
    r"\b(?:why now|the reason i'?m (?:here|talking|applying|looking)|"
    r"(?:i'?m|i am|im)\s+(?:now\s+)?(?:looking|hoping|ready|keen|applying|moving|trying)\b|"
    r"i (?:want|wanted|would like|'d like|d like|look|am looking|'m looking|prefer) "
    r"(?:now )?(?:to )?(?:move|change|make the (?:jump|move)|step up|a (?:new|bigger|next)|"
    r"the next|my next|somewhere|to work (?:on|for|in|somewhere)|work (?:on|for|in))|"
    r"want(?:s|ed)? (?:the next|my next|a bigger|a new)|"
    r"(?:^|\b)(?:moving|why now|want|looking for)\b\s*[:(]|"
    r"(?:^|\W)moving because|looking for an? [\w -]{0,40}(?:role|job|position) because|"
    r"(?:that'?s|this is) why i'?m (?:here|applying)|next step|step up|ready to (?:run|lead|"
    r"move|take)|i look for new|i want (?:now )?(?:to )?change|"
    r"i'?d (?:rather|like to) (?:choose|stay|keep|get back|move|do|work)|"
    r"i want to (?:keep|get back|stay|work on|work for|design|build|move|be nearer|use)|"
    r"i'?d like to (?:do|work|move)|so it'?s the right moment)",
    re.I,
)
_LIFE_STORY = re.compile(
    r"\b(?:i grew up|grew up (?:in|near|hearing|by|around)|i was born|when i was (?:a kid|a "
    r"child|young|little|small|\d+|[a-z]+teen|eight|nine|ten|eleven|twelve|six|seven)|"
    r"as a (?:kid|child)|(?:one of those|the) kids?|(?:primary|secondary|high|grammar|middle) "
    r"school|at school|my (?:mum|mom|dad|mother|father|parents|grandparents|grandad|"
    r"grandma|uncle|aunt) (?:was|were|had|used|gave|worked))",
    re.I,
)
_YEAR = re.compile(r"\b(?:19[5-9]\d|20[0-4]\d)\b")

#: A requirement that is a qualification rather than something done.
_CREDENTIAL = re.compile(
    r"\b(?:registered|registration|licen[cs]e[ds]?|certifi\w*|qualifi\w*|degree|diploma|"
    r"chartered|accredit\w*|right to work|driving|clearance|fluent)\b",
    re.I,
)


def _present_role(units: list[Span]) -> list[Span]:
    return [s for s in units if _PRESENT_ROLE.search(s.text)]


def _quantified(units: list[Span]) -> list[Span]:
    found = []
    for s in units:
        rest = _EXCLUDED_NUMBERS.sub(" ", s.text)
        # "the one organising things" is a pronoun, not a figure
        has_number = bool(number_values(rest) - {1.0}) or bool(_MULTIPLIER.search(s.text))
        if _SAFE_STREAK.search(s.text) or (has_number and _ACHIEVE.search(rest)):
            found.append(s)
    return found


def _life_story(units: list[Span]) -> list[Span]:
    """School-days openings: a childhood marker in the first two sentences."""
    return [s for s in units[:2] if _LIFE_STORY.search(s.text)]


def _resume(text: str, units: list[Span]) -> list[Span]:
    """A CV read out: three or more years named, one after another."""
    dated = [s for s in units if _YEAR.search(s.text)]
    return dated if len(_YEAR.findall(text)) >= 3 else []


def _linked(
    units: list[Span], company: str, role: str, strengths: list[jobdesc.Match]
) -> list[Span]:
    if len(strengths) >= 2:
        return [m.evidence for m in strengths]
    names = {w for w in words(company) if len(w) > 2}
    role_words = {w for w in words(role) if len(w) > 3}
    out = []
    for s in units:
        ws = set(words(s.text))
        if (names and names <= ws) or (len(role_words) >= 2 and role_words <= ws):
            out.append(s)
    return out


TIPS = {
    "present_role": "Open with where you are now: your current role and how long you have done "
    "this kind of work, in one sentence.",
    "strengths_match_job": "Name two or three strengths this job asks for, each with one line of "
    "proof.",
    "quantified_achievement": "Add one number that shows what you achieved: from X to Y, by N%, "
    "N days without an incident.",
    "why_now": "Say why this move, and why now: what you want next that this role gives you.",
    "length_60_120s": "Aim for one to two minutes spoken (about 150 to 300 words).",
    "not_life_story": "Start from today, not from school: one line of history at most, then what "
    "you do now.",
    "not_resume_readout": "Don't read your CV line by line: pick the two or three things that "
    "matter for this job and say what you achieved.",
    "linked_to_role": "Connect yourself to this job: say which of its needs you already meet.",
}
PROBES = {
    "not_life_story": "Let's come forward to today: what do you do now, and what are you best at?",
    "present_role": "What do you do today, in a sentence?",
    "strengths_match_job": "Which of the things this job asks for have you already done, and "
    "how did it go?",
    "quantified_achievement": "What's one result from your current role you can put a number on?",
    "why_now": "What's making you look for a move now?",
    "not_resume_readout": "Of everything on your CV, what's the one thing you'd most want us "
    "to remember?",
    "linked_to_role": "What do you think you'd bring to this particular role?",
}


def evaluate(
    question: str,
    answer: str,
    *,
    job_description: str = "",
    company: str = "",
    role: str = "",
) -> TypedEvaluation:
    """The opening rubric; every criterion quotes the sentences that decided it."""
    units = sentences(answer)
    reqs = jobdesc.parse(job_description, company)
    secs = speaking_seconds(answer)
    life = _life_story(units)
    resume = _resume(answer, units)
    present = _present_role(units)
    quantified = _quantified(units)
    why = [s for s in units if _WHY_NOW.search(s.text)]
    # A CV read out names jobs, not strengths: its dated lines are history, not proof; and
    # "I want to open a new site" is a wish, not a strength.
    claims = [s for s in units if not (resume and _YEAR.search(s.text)) and s not in why]
    every = jobdesc.matches(answer, reqs, units=claims, measured=quantified)
    strengths = jobdesc.distinct(every)
    asked = [r for r in reqs if r.section in ("responsibility", "requirement")]
    claimed = {m.requirement for m in every}
    unmet_reqs = [r for r in asked if r not in claimed]

    strengths_tip = TIPS["strengths_match_job"]
    if unmet_reqs:
        strengths_tip += " The job asks for: " + "; ".join(r.label for r in unmet_reqs[:3]) + "."
    elif not reqs:
        strengths_tip += " Give the job description so they can be checked against it."
    criteria = [
        Criterion("present_role", bool(present), present[:1], TIPS["present_role"]),
        Criterion(
            "strengths_match_job",
            len(strengths) >= 2,
            [m.evidence for m in strengths],
            strengths_tip,
            {"requirements": [m.requirement.label for m in strengths], "checked": bool(reqs)},
        ),
        Criterion(
            "quantified_achievement",
            bool(quantified),
            quantified,
            TIPS["quantified_achievement"],
        ),
        Criterion("why_now", bool(why), why, TIPS["why_now"]),
        Criterion(
            "length_60_120s",
            MIN_SECONDS <= secs <= MAX_SECONDS,
            [],
            f"{TIPS['length_60_120s']} This one runs about {secs:.0f} s.",
            {"seconds": secs},
        ),
        Criterion("not_life_story", not life, life, TIPS["not_life_story"]),
        Criterion("not_resume_readout", not resume, resume, TIPS["not_resume_readout"]),
    ]
    linked = _linked(units, company, role, strengths)
    criteria.append(Criterion("linked_to_role", bool(linked), linked, TIPS["linked_to_role"]))
    unmet = [c.name for c in criteria if not c.met]
    order = list(PROBES)
    probe_for = next((name for name in order if name in unmet), None)
    follow_up = PROBES[probe_for] if probe_for else ""
    if probe_for == "strengths_match_job" and unmet_reqs:
        # something they would have done ("Manage patient flow…"), not a credential
        # ("NMC registered", "a degree in…"), which no story answers
        doable = [r for r in unmet_reqs if not _CREDENTIAL.search(r.text)] or unmet_reqs
        wanted = [r for r in doable if r.section == "responsibility"] or doable
        follow_up = (
            f"The job asks for “{wanted[0].label.rstrip('…')}”. Where have you done that, and "
            "how did it go?"
        )
    tips = [c.tip for c in criteria if not c.met][:3]
    to_add = [{"text": r.label, "source": "job description"} for r in unmet_reqs[:3]]
    value = present[:1] or [m.evidence for m in strengths][:1] or units[:1]
    summary = {
        "value_proposition": value[0].text if value else "",
        "strengths_claimed": [m.requirement.label for m in strengths],
        "strengths_asked": [r.label for r in asked],
        "requirements_covered": [m.requirement.label for m in every],
    }
    return TypedEvaluation(
        question_type="opening",
        criteria=criteria,
        word_count=len(answer.split()),
        speaking_seconds=secs,
        follow_up=follow_up,
        tips=tips,
        to_add=to_add,
        summary=summary,
    )
