"""'Why us?' and 'Why this role?', coached on evidence rather than enthusiasm.

Interviewers hear "great culture" all day; what lands is one specific thing the candidate
found out, tied to what they want, and for "why this role" the job's own duties matched to
things they have done. So every company fact is checked against the candidate's research
(quoted with its file, or marked "not in your research"), generic praise is flagged, and the
tip points at a fact from the research they could use instead.
"""

from __future__ import annotations

import re

from . import jobdesc
from .kinds import motivation_focus
from .research import Checker, Fact, Research
from .result import Criterion, TypedEvaluation
from .text import Span, number_values, sentences, speaking_seconds

_PRAISE_ADJ = (
    r"(?:great|amazing|fantastic|incredible|awesome|wonderful|excellent|world[- ]class|"
    r"brilliant|inspiring|dynamic|innovative|exciting|leading|respected|forward[- ]thinking|"
    r"cutting[- ]edge|fast[- ]growing|truly inspiring|strong|impressive|good|nice|really good|"
    r"really great|perfect|dream)"
)
_GENERIC_PRAISE = re.compile(
    r"\b(?:" + _PRAISE_ADJ + r",?\s+(?:[\w-]+,?\s+){0,2}?(?:company|culture|place(?: to work)?|"
    r"organisation|organization|brand|employer|reputation|mission|team|values|business|"
    r"utility|bank)\b"
    r"|(?:an?|the|real|true)\s+(?:real\s+)?(?:industry\s+)?leader\b|industry leader|"
    r"leader in (?:the|green|digital|its|your)|"
    r"everyone (?:says|knows|i'?ve spoken)|heard (?:really )?(?:great|good|amazing) things|"
    r"(?:love|like) your (?:mission|culture|brand|values)|(?:really )?like the culture|"
    r"(?:is|are) the future|doing (?:incredible|amazing|great) things|"
    r"(?:your|the) values (?:really )?align|share your values|big name)",
    re.I,
)
_GOALS = re.compile(
    r"\b(?:i(?:'d| would) (?:really )?(?:love|like)|how i (?:try to )?(?:run|work|lead|manage)|"
    r"i (?:really )?(?:want|wanted|would like|'d like|d like|'d love|would love|hope|care|"
    r"believe|enjoy|prefer|love to|like that|like the idea|like working)|i'?ve always (?:wanted|"
    r"liked|cared|believed|been)|matters? to me|important (?:to|for) me|for me (?:this|it) is|"
    r"personally|passion|passionate|my (?:dream|goal|aim|ambition|career|next step)|"
    r"next step|step up|grow\b|to grow|learn(?:ing)? from|to learn|made me (?:want|curious)|"
    r"eager to|i'?m (?:ready|keen|excited) to|i want to|it'?s my dream|the work i want|"
    r"the kind of (?:engineering|work|problem) i (?:enjoy|like|love)|this is how i|"
    r"is something i care|i work best|the part of \w+ i want|i care about|"
    r"where (?:my|i) [\w ]{0,30}(?:help|fit)s?|i (?:like|love) (?:leading|coaching|"
    r"building|working|designing))",
    re.I,
)
_EXPERIENCE = re.compile(r"\b(?:i|i'?ve|ive|i have|i'?m|my|in my|we|our)\b", re.I)

TIPS = {
    "research_fact": "Use one specific fact from your research (a product, a number, a recent "
    "event) and say where you read it.",
    "specific": "Name one specific thing about them: a product, a practice, a recent event; "
    "anything any company could say does not count.",
    "own_goals": "Tie the reason to yourself: what in your experience or goals makes that "
    "fact matter to you?",
    "no_generic_praise": "Drop the general praise; one specific, researched reason says it better.",
    "role_match": "Match one or two of the job's responsibilities to things you have already "
    "done, by name.",
}


def _probe(unmet: list[str], company: str, focus: str) -> str:
    them = company or "them"
    if "role_match" in unmet:
        return "Which part of this job have you already done somewhere else, and how did it go?"
    if "specific" in unmet:
        # "Harbourside Homes's" reads as a typo; a name ending in s takes the apostrophe alone
        whose = f"{company}'" if company.endswith("s") else f"{company}'s" if company else "their"
        return f"Which of {whose} products or recent news made you want to apply?"
    if "research_fact" in unmet:
        return f"Where did you read that? What else did you find out about {them}?"
    if "own_goals" in unmet:
        return "Why does that matter to you personally, given what you want to do next?"
    if "no_generic_praise" in unmet:
        return f"What, specifically, about {them} made you say that?"
    return ""


def _is_job_description(source: str) -> bool:
    return bool(re.search(r"job|jd\b|description|vacancy|posting", source, re.I))


def _suggestions(
    research: Research | None, checker: Checker | None, used: list[Fact], company: str
) -> list[dict[str, str]]:
    """Facts from the candidate's research they did not use: numbers and names first."""
    if research is None or checker is None:
        return []
    quotes = {f.quote for f in used}
    out: list[dict[str, str]] = []
    seen: set[str] = set()
    for query in (f"{company} recent news launch", f"{company} products", f"{company} values"):
        # company facts from the research notes first; the job description's duties last
        passages = sorted(research.passages(query), key=lambda p: _is_job_description(p.source))
        for p in passages:
            for s in sentences(p.text):
                text = s.text.lstrip("#-*• ").strip()
                if (
                    text in quotes
                    or text in seen
                    or len(text.split()) < 6
                    or not number_values(text)
                    or "fictional" in text.lower()
                    or re.search(r"job description|salary|£\d+,\d{3} to", text, re.I)
                ):
                    continue
                seen.add(text)
                out.append({"text": text, "source": p.source})
        if len(out) >= 2:
            break
    return out[:2]


def evaluate(
    question: str,
    answer: str,
    *,
    research: Research | None = None,
    job_description: str = "",
    company: str = "",
    focus: str | None = None,
) -> TypedEvaluation:
    """The motivation rubric; company facts are verified against ``research`` when given."""
    focus = focus or motivation_focus(question)
    units = sentences(answer)
    notes: list[str] = []
    checker = Checker(research, company) if research is not None else None
    facts = checker.facts(answer) if checker else []
    if research is None:
        notes.append(
            "No research was available for this company, so no fact could be checked: "
            "ingest your notes (interview-coach ingest FILE --company NAME)."
        )
    if getattr(research, "error", ""):
        notes.append(
            f"Your research could not be searched ({research.error}); no fact was checked."
        )
    verified = [f for f in facts if f.verified]
    unverified = [f for f in facts if not f.verified]
    praise = [s for s in units if _GENERIC_PRAISE.search(s.text)]
    goals = [s for s in units if _GOALS.search(s.text)]

    research_tip = TIPS["research_fact"]
    if unverified and not verified:
        research_tip = (
            f"“{unverified[0].evidence.text}” is not in your research: check it, or use a fact "
            "you did find."
        )
    criteria = [
        Criterion(
            "research_fact",
            bool(verified),
            [f.evidence for f in verified],
            research_tip,
            {
                "sources": [f.to_dict() for f in verified],
                "not_in_research": [f.to_dict() for f in unverified],
            },
        ),
        Criterion("specific", bool(facts), [f.evidence for f in facts], TIPS["specific"]),
        Criterion("own_goals", bool(goals), goals, TIPS["own_goals"]),
        Criterion("no_generic_praise", not praise, praise, TIPS["no_generic_praise"]),
    ]
    if focus == "role":
        reqs = jobdesc.parse(job_description, company)
        mine = [s for s in units if _EXPERIENCE.search(s.text)]  # not the duty read back
        found = jobdesc.matches(answer, reqs, units=mine, sections=("responsibility",))
        tip = TIPS["role_match"]
        if reqs and not found:
            tip += " The job asks you to: " + "; ".join(r.label for r in reqs[:2]) + "."
        criteria.append(
            Criterion(
                "role_match",
                bool(found),
                [m.evidence for m in found],
                tip,
                {"requirements": [m.requirement.label for m in found], "checked": bool(reqs)},
            )
        )
    unmet = [c.name for c in criteria if not c.met]
    to_add = _suggestions(research, checker, verified, company) if "research_fact" in unmet else []
    tips = [c.tip for c in criteria if not c.met][:3]
    if to_add:
        tips.append(
            f"Your research says: “{to_add[0]['text']}” ({to_add[0]['source']}). You could "
            "connect that to your own experience."
        )
    by_quote: dict[str, Fact] = {}
    for f in verified:  # one line per research sentence, however many pieces quote it
        by_quote.setdefault(f.quote, f)
    summary = {
        "facts_used": [f.to_dict() for f in by_quote.values()],
        "not_in_research": [f.to_dict() for f in unverified],
        "reason": (goals[:1] or units[:1])[0].text if units else "",
    }
    return TypedEvaluation(
        question_type="motivation",
        criteria=criteria,
        word_count=len(answer.split()),
        speaking_seconds=speaking_seconds(answer),
        follow_up=_probe(unmet, company, focus),
        tips=tips,
        to_add=to_add,
        summary=summary,
        focus=focus,
        notes=notes,
    )


__all__ = ["Span", "evaluate"]
