"""The thank-you rubric, and the session facts that emails may use.

The rubric judges any email, including one the user rewrote, so it looks only at the text
and the session it is about. Each check is simple enough to explain (a phrase found, words
shared with an answer, a count), so a user sees why it failed and can fix it. "Nothing
invented" reuses the STAR coach's grounding check: a name or number that appears nowhere
in the session, setup or research fails the email.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta
from typing import Any

from ..errors import InputError
from ..models import PanelMember, SessionRecord
from ..report.model import COMPONENTS, aware, final_evaluation, question_groups

WORDS = (100, 200)
SEND_WITHIN = timedelta(hours=24)
# Question-bank id prefixes (knowledge/questions.yaml) and the competency each one tests.
COMPETENCY = {
    "lead": "leadership", "conf": "handling disagreement", "team": "teamwork",
    "fail": "learning from setbacks", "init": "initiative", "prio": "prioritisation",
    "cust": "customer focus", "comm": "communication", "adap": "adaptability",
    "data": "data-driven decision making", "ethi": "ethical judgement", "infl": "influence",
    "own": "ownership", "prob": "problem solving", "ment": "mentoring", "innov": "innovation",
    "stake": "stakeholder management", "press": "delivery under pressure",
}  # fmt: skip
STOP = set(
    """a about after again all also am an and any are as at be been before being but by can
    could did do does doing for from had has have having he her here his how i i'd i'm if in
    into is it its it's just me more most my no not now of on once only or other our out over
    own same she should so some such than that the their them then there these they this
    those through to too under until up very was we were what when where which while who why
    will with would you your yours time really thank thanks talk talking speak speaking
    interview role team work forward hearing next steps again best regards dear""".split()  # noqa: SIM905
)
# Words after "you" that mark it as a subject ("a time you led") rather than an object.
SUBJECT_VERBS = set(
    "were was did have had made took led gave got kept found ran built chose felt went "  # noqa: SIM905
    "handled would could do are".split()
)
# Behavioural questions mostly use "you" as the subject ("a time you led…"); it is an
# object only after a preposition or a verb that takes a person ("asked you to…").
OBJECT_CONTEXT = set(
    "to with for about at from by than asked told gave helped made let showed pushed "  # noqa: SIM905
    "forced surprised challenged criticised criticized taught convinced expected".split()
)
STRENGTH_CUES = re.compile(
    r"\b(strength|experience|skills?|track record|bring|fit|background|showed|show how|"
    r"i (?:led|built|delivered|owned|redesigned|improved|reduced|took|drove|ran))\b",
    re.I,
)
CLARIFY_CUES = re.compile(
    r"\b(to add|i'd add|add that|clarif\w*|follow up on|more detail|didn't (?:make|mention|"
    r"say)|should have|a better example|expand on|one more thing|on your question)\b",
    re.I,
)
CLOSE_CUES = re.compile(
    r"\b(look(?:ing)? forward|next steps|happy to (?:help|answer|share|talk)|glad to|"
    r"feel free|if (?:you|it) (?:need|would|helps))",
    re.I,
)
PRESSURE_CUES = re.compile(
    r"\b(expect (?:to hear|a (?:reply|decision))|by (?:monday|tuesday|wednesday|thursday|"
    r"friday|tomorrow|end of (?:the )?(?:day|week))|asap|as soon as possible|need (?:an "
    r"answer|a decision)|other candidates|how i compared|let me know by)\b",
    re.I,
)


@dataclass
class Check:
    name: str
    passed: bool
    detail: str

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Story:
    """One answered question, reduced to what an email can mention."""

    number: int
    question: str
    topic: str  # the question in the candidate's voice: "a time I was on call"
    competency: str
    answer: str
    scores: dict[str, int]
    quantified: bool
    evidence: dict[str, list[str]]  # quotes of at least four words, per STAR part


def interview_end(record: SessionRecord) -> datetime:
    return aware(max([t.created_at for t in record.turns] or [record.updated_at]))


def find_interviewer(record: SessionRecord, name: str) -> PanelMember:
    """The panel member called ``name`` (full or first name, any case), or a clear error."""
    panel = record.setup.interviewers
    wanted = name.strip().casefold()
    for person in panel:
        if wanted in (person.name.casefold(), person.name.split()[0].casefold()):
            return person
    names = ", ".join(p.name for p in panel) or "none were named in the setup"
    raise InputError(f"no interviewer {name!r} in session {record.id}; interviewers: {names}")


def words(text: str) -> list[str]:
    return re.findall(r"[A-Za-z0-9][\w'\u2019-]*", text)


def distinct(text: str, exclude: set[str] = frozenset()) -> set[str]:  # type: ignore[assignment]
    """The content words of ``text`` (lowercase, longer than three letters, no stop words)."""
    return {w for w in (x.lower() for x in words(text)) if len(w) > 3} - STOP - exclude


LEAD = r"(?:tell|give|walk|talk) (?:me|us) (?:about|an example of|through)|describe|share"


def core_question(text: str) -> str:
    """The asking sentence of an interviewer's turn, without 'Thank you.' or 'I'm asking…'."""
    sentences = re.split(r"(?<=[.!?])\s+", text.strip())
    for sentence in sentences:
        if sentence.endswith("?") or re.match(
            rf"(?:can you |could you )?(?:{LEAD})\b", sentence, re.I
        ):
            return sentence
    return max(sentences, key=len)


def question_topic(question: str) -> str:
    """'Describe a time you were on call' -> 'a time I was on call', for 'discussing …'."""
    text = core_question(question).rstrip("?.! ")
    text = re.sub(rf"^(?:can you |could you )?(?:{LEAD})\s+", "", text, flags=re.I)
    text = re.sub(r"^what(?:'s| is| was) ", "", text, flags=re.I)
    tokens = text.split()
    out = []
    for i, tok in enumerate(tokens):
        low, nxt = tok.lower(), tokens[i + 1].lower() if i + 1 < len(tokens) else ""
        swap = {"your": "my", "yourself": "myself", "you've": "I've", "you're": "I'm"}.get(low)
        if low == "you":
            prev = tokens[i - 1].lower() if i else ""
            obj = not nxt or (prev in OBJECT_CONTEXT and nxt not in SUBJECT_VERBS)
            swap = "me" if obj else "I"
        out.append(swap or tok)
    text = " ".join(out).replace("I were", "I was").replace("I are", "I am")
    return text if text.startswith("I ") else text[:1].lower() + text[1:]


def stories(record: SessionRecord) -> list[Story]:
    out = []
    for n, (q, turns) in enumerate(question_groups(record), start=1):
        ev = final_evaluation(turns)
        comps = ev.get("components") or {}
        quotes = {
            c: [str(s.get("text", "")) for s in (comps.get(c) or {}).get("evidence") or []]
            for c in COMPONENTS
        }
        story = Story(
            number=n,
            question=q.text,
            topic=question_topic(q.text),
            competency=COMPETENCY.get((q.question_id or "").split("-")[0], ""),
            answer=" ".join(t.text for t in turns if t.kind == "answer"),
            scores={c: int((comps.get(c) or {}).get("score", 0)) for c in COMPONENTS},
            quantified=bool(ev.get("quantified_result")),
            evidence={c: [x for x in qs if len(x.split()) >= 4] for c, qs in quotes.items()},
        )
        out.append(story)
    return out


def allowed_sources(record: SessionRecord, research: list[str], signature: str | None) -> str:
    """Everything an email may take names and numbers from, as one text."""
    setup = record.setup
    parts = [setup.role, setup.company, setup.job_description, record.user, signature or ""]
    parts += [f"{i.name}, {i.title}" for i in setup.interviewers]
    parts += [t.text for t in record.turns] + list(research)
    return "\n".join(p for p in parts if p)


def _sentences_before_signoff(body: str) -> list[str]:
    """The body's sentences without the short sign-off ("Best regards,\nAlex") at its end."""
    paras = [p for p in re.split(r"\n\s*\n", body.strip()) if p.strip()]
    while len(paras) > 1 and len(words(paras[-1])) <= 6:
        paras.pop()
    return re.split(r"(?<=[.!?])\s+", " ".join(paras).strip())


def _signed(body: str) -> str:
    """The name under a sign-off ("Best regards,\nAlex Morgan"): the sender's own, not invented."""
    last = re.split(r"\n\s*\n", body.strip())[-1]
    lines = last.splitlines()
    closing = (
        r"(?:best|kind|warm|many)?\s*(?:regards|wishes|thanks)|best|sincerely|cheers|thank you"
    )
    if (
        len(lines) > 1
        and len(words(last)) <= 8
        and re.fullmatch(f"(?:{closing})\\W*", lines[0].strip(), re.I)
    ):
        return "\n".join(lines[1:])
    return ""


def check_email(
    subject: str,
    body: str,
    record: SessionRecord,
    interviewer: PanelMember | str,
    research: list[str] | None = None,
    *,
    signature_name: str | None = None,
    now: datetime | None = None,
) -> list[Check]:
    """Every guideline in a fixed order; ``now`` makes the 24-hour check bite (else it informs)."""
    from ..star.grounding import check_grounded

    if isinstance(interviewer, str):
        interviewer = find_interviewer(record, interviewer)
    research = list(research or [])
    setup = record.setup
    text = f"{subject}\n{body}"
    low = text.casefold()
    checks: list[Check] = []

    def add(name: str, passed: object, good: str, bad: str) -> None:
        checks.append(Check(name, bool(passed), good if passed else bad))

    subj = subject.casefold()
    clear = "thank" in subj and ("interview" in subj or setup.role.casefold() in subj)
    example = "\u201cThank you \u2013 <role> interview\u201d"
    add("subject", clear, f"clear subject: {subject.strip()!r}", f"use a subject like {example}")

    greeting = next((line for line in body.splitlines() if line.strip()), "")
    said = {w.casefold() for w in words(greeting)}
    others = [p.name for p in setup.interviewers if p.name != interviewer.name]
    wrong = [o for o in others if o.split()[0].casefold() in said]
    named = {n.casefold() for n in interviewer.name.split()} & said
    bad = f"open with {interviewer.name}'s name" + (f", not {wrong[0]}'s" if wrong else "")
    add("greeting", named and not wrong, f"addressed to {interviewer.name}", bad)

    role = setup.role.partition(",")[0].casefold()
    add("role", role in low, f"names the role ({setup.role})", f"name the role: {setup.role}")
    company = setup.company
    add("company", company.casefold() in low, f"names {company}", f"name the company: {company}")
    thanked = re.search(r"\b(thank|grateful|appreciat)", body, re.I)
    add("thanks", thanked, "thanks them for their time", "thank them for their time")

    exclude = distinct(f"{setup.role} {company} {interviewer.name} {interviewer.title}")
    mine = distinct(body, exclude)
    overlaps = [
        (sorted(mine & distinct(f"{s.question} {s.answer}", exclude)), s.number)
        for s in stories(record)
    ]
    shared, number = max(overlaps, key=lambda o: len(o[0]), default=([], 0))
    add(
        "specific_topic",
        len(shared) >= 3,
        f"refers to Q{number} ({', '.join(shared[:4])})",
        "mention something specific: a question they asked or your own example",
    )
    add(
        "strength",
        STRENGTH_CUES.search(body),
        "states a strength you showed",
        "restate one or two strengths you showed, tied to the role",
    )
    add(
        "clarifies",
        CLARIFY_CUES.search(body),
        "adds to or clarifies an answer",
        "add value: briefly clarify your weakest answer with what is true",
    )
    cited = [r for r in research if len(mine & distinct(r, exclude)) >= 3]
    no_research = "no company research was available to cite (ingest some first)"
    add(
        "research",
        cited,
        "cites a detail from your company research",
        "cite one detail from your company research" if research else no_research,
    )
    # Only the close is judged: a quoted story may mention "other candidates" harmlessly.
    close = " ".join(_sentences_before_signoff(body)[-2:])
    pressure = PRESSURE_CUES.search(close)
    closing = CLOSE_CUES.search(close)
    polite = "close politely, e.g. \u201cI look forward to hearing about next steps\u201d"
    add(
        "low_pressure_close",
        closing and not pressure,
        "closes without pressure",
        f"drop the pressure ({pressure.group(0)!r})" if pressure else polite,
    )
    n = len(words(body))
    ok = WORDS[0] <= n <= WORDS[1]
    add("length", ok, f"{n} words (guide: 100\u2013200)", f"{n} words: aim for 100\u2013200")

    extra = [setup.role, company, record.user, signature_name or "", "your name", _signed(body)]
    extra += [p.name for p in setup.interviewers] + [p.title for p in setup.interviewers]
    sources = allowed_sources(record, research, signature_name)
    invented = check_grounded(text, sources, extra_allowed=tuple(e for e in extra if e))
    add(
        "grounded",
        not invented,
        "every name and number comes from the session, setup or research",
        "not in the session, setup or research: " + ", ".join(invented[:6]),
    )
    deadline = interview_end(record) + SEND_WITHIN
    late = now is not None and aware(now) > deadline
    add(
        "send_by",
        not late,
        f"send by {deadline.isoformat(timespec='minutes')} (within 24 hours)",
        "over 24 hours since the interview: a late note still beats none",
    )
    return checks
