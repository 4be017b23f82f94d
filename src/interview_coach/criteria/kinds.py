"""Which kind of question was asked: behavioural (STAR), opening or motivation.

Scoring "Why us?" against STAR marks a good, researched answer as missing a Situation and a
Result, so the kind decides which rubric runs. Inference is a handful of patterns because the
phrasings are few and well known; anything unrecognised stays behavioural, the type every
question had before, and the caller can always say the type outright (``--type``).
"""

from __future__ import annotations

import re
from typing import Literal

QuestionType = Literal["behavioural", "opening", "motivation"]
QUESTION_TYPES: tuple[QuestionType, ...] = ("behavioural", "opening", "motivation")
Focus = Literal["company", "role"]

_OPENING = re.compile(
    r"\b(?:tell (?:me|us)(?: a (?:little|bit))?(?: more)? about yourself|introduce yourself|"
    r"present yourself|walk (?:me|us) through (?:your|the) (?:background|cv|resume|résumé|"
    r"career|experience)|talk (?:me|us) through your (?:cv|resume|résumé|background|career)|"
    r"(?:quick |short |brief )?(?:overview|summary) of (?:your(?:self)?|your (?:career|"
    r"background|experience))|who are you|about you in (?:two|2|a few) minutes|"
    r"describe yourself|your background in a nutshell)",
    re.I,
)
_MOTIVATION = re.compile(
    r"\b(?:why (?:do you want to |would you like to |are you (?:keen|looking) to )?(?:work|join)"
    r"\b|why (?:us|here)\b|why (?:this|the|our) (?:role|job|position|team|company|"
    r"organisation|organization)\b|why (?:do )?you (?:want|apply)|why (?:are|were) you "
    r"(?:interested|applying)|why you (?:are|were) (?:interested|applying)|"
    r"what (?:attracts|attracted|interests|interested|drew|draws|"
    r"excites) you (?:to|about)|what (?:made|motivated) you (?:apply|want to (?:work|join)|"
    r"to apply|interested)|what do you know about (?:us|the "
    r"company)|why do you want (?:this|the|to be)|why should we hire|why did you apply)",
    re.I,
)
#: "Why Quaylift?", "Why Brisa Bank?": a short why-question naming only the company.
_WHY_NAME = re.compile(r"^\s*[Ww]hy\s+(?:[A-Z][\w&'.-]*\s*){1,4}\??\s*$")
_ROLE = re.compile(r"\b(?:role|job|position|post|vacancy|this team|to be an? )", re.I)
_COMPANY = re.compile(r"\b(?:work here|us\b|company|organisation|organization|join)", re.I)


def infer_type(question: str) -> QuestionType:
    """The question's type from its wording; behavioural unless it reads as one of the others."""
    q = " ".join((question or "").split())
    if _MOTIVATION.search(q) or _WHY_NAME.match(q):
        return "motivation"
    if _OPENING.search(q):
        return "opening"
    return "behavioural"


def motivation_focus(question: str) -> Focus:
    """'Why this role?' asks for the job matched to experience; 'Why us?' for the company."""
    q = question or ""
    return "role" if _ROLE.search(q) and not _COMPANY.search(q) else "company"
