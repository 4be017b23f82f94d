"""The thank-you rubric, and the session facts that emails may use.

The rubric judges any email, including one the user rewrote, so it looks only at the text,
the session it is about and the notes to the rest of the panel. Each check is simple
enough to explain, and each checks what its name claims: "mentions something you
discussed" passes only for a question *this* interviewer asked, "cites your research"
only for a sentence of fact from the company research (never a heading), "restates a
strength" only for something an answer showed (a result sentence for a result). Other
checks catch what makes a note read as assembled: the question pasted back, a weak
answer pointed at, a paragraph copied into another interviewer's note, a placeholder.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta
from typing import Any

from ..errors import InputError
from ..models import AnswerEvaluation, PanelMember, SessionRecord, StarEvaluation
from ..panel import asked_by, assign_askers
from ..report.model import COMPONENTS, aware, final_evaluation, question_groups
from ..text import sentences

WORDS = (100, 200)
SEND_WITHIN = timedelta(hours=24)
#: Question-bank id prefixes (knowledge/questions.yaml) and the competency each one tests.
PREFIX = {
    "lead": "leadership", "conf": "conflict", "team": "teamwork", "fail": "failure_learning",
    "init": "initiative", "prio": "prioritisation", "cust": "customer_focus",
    "comm": "communication", "adap": "adaptability", "data": "data_driven", "ethi": "ethics",
    "infl": "influence", "own": "ownership", "prob": "problem_solving", "ment": "mentoring",
    "innov": "innovation", "stake": "stakeholder_management", "press": "delivery_under_pressure",
    "open": "opening", "motiv": "motivation",
}  # fmt: skip
#: What each competency's questions are about, in the candidate's words, never the question's:
#: (for "your question about …", for "I would bring the same … to this role").
THEMES = {
    "leadership": ("leading a team", "leadership"),
    "conflict": ("working through a disagreement", "calm way of working through disagreement"),
    "teamwork": ("working closely with others", "collaborative way of working"),
    "failure_learning": ("learning from a setback", "habit of learning from what goes wrong"),
    "initiative": ("stepping up without being asked", "initiative"),
    "prioritisation": ("deciding what comes first", "focus on what matters most"),
    "customer_focus": ("looking after customers", "care for customers"),
    "communication": ("explaining things clearly", "care for clear communication"),
    "adaptability": ("adapting when plans change", "flexibility"),
    "data_driven": ("using data to make a call", "care for evidence"),
    "ethics": ("doing the right thing under pressure", "integrity"),
    "influence": ("bringing people round without authority", "ability to bring people along"),
    "ownership": ("owning work end to end", "ownership"),
    "problem_solving": (
        "getting to the bottom of a hard problem",
        "persistence with hard problems",
    ),
    "mentoring": ("helping others grow", "support for other people's growth"),
    "innovation": ("trying a new approach", "curiosity"),
    "stakeholder_management": ("keeping stakeholders on side", "care for stakeholders"),
    "delivery_under_pressure": ("delivering under pressure", "calm under pressure"),
    "": ("my experience", "experience"),
    # An interview of opening and motivation questions only still deserves a note.
    "opening": ("my background", "experience"),
    "motivation": ("why this role appeals to me", "enthusiasm"),
}
LABELS = {
    "subject": "Has a clear subject line",
    "greeting": "Greets the right person",
    "role": "Names the role",
    "company": "Names the company",
    "thanks": "Thanks them for their time",
    "specific_topic": "Mentions something you discussed",
    "strength": "Restates a strength your answers showed",
    "research": "Cites a fact from your research",
    "own_words": "Puts their question in your own words",
    "no_weakness": "Doesn't point at a weak answer",
    "clarification": "Adds the point you chose to clarify",
    "distinct": "Written for this person, not copied from another note",
    "no_placeholder": "No placeholder or instruction left in",
    "signed": "Signed with your name",
    "low_pressure_close": "Closes without pressure",
    "length": "100\u2013200 words",
    "grounded": "Invents no names or numbers",
    "send_by": "Sent within 24 hours",
}
STOP = set(
    """a about after again all also am an and any are as at be been before being but by can
    could did do does doing for from had has have having he her here his how i i'd i'm if in
    into is it its it's just me more most my no not now of on once only or other our out over
    own same she should so some such than that the their them then there these they this
    those through to too under until up very was we were what when where which while who why
    will with would you your yours time really thank thanks talk talking speak speaking
    interview role team work forward hearing next steps again best regards dear because back
    made make making good well much many still even first last year years month months week
    weeks day days thing things went going get got glad happy enjoyed question questions
    conversation discuss discussed discussing chance share shared example story kind""".split()  # noqa: SIM905
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
#: A sentence that claims a strength ("I bring…", "it showed how I…").
CLAIM = re.compile(
    r"\b(strengths?|track record|bring|showed|show how|proud|proudest|the kind of|typical of|"
    r"how I (?:like to )?work)\b",
    re.I,
)
#: A claim about results must carry an outcome, not a job title or a date range.
RESULT_CLAIM = re.compile(r"\b(results?|outcomes?|impact|measur\w*|turned out|paid off)\b", re.I)
OUTCOME = re.compile(
    r"\b(down|up|dropped|fell|rose|cut|cuts|reduced|reducing|increased|grew|saved|improved|"
    r"halved|doubled|tripled|went from|faster|fewer|lower|higher|won|launched|shipped|"
    r"resolved|fixed|stopped|no longer|without a single|haven't had|since|instead of|"
    r"under \d|over \d|by \d)\b|\d+(?:\.\d+)?\s?(?:%|percent|per cent|ms|x)\b",
    re.I,
)
YEARS = re.compile(r"\b(?:from )?(?:19|20)\d\d\s*(?:to|-|\u2013|until)\s*(?:19|20)\d\d\b")
#: Phrases that draw the reader's eye to a weak answer (a note should add, never confess).
WEAKNESS = re.compile(
    r"\b(didn'?t (?:make|mention|explain|say|give|cover|answer)|did not (?:make|mention|"
    r"explain|say|give|cover|answer)|should have|could have (?:said|explained|been)|"
    r"wasn'?t (?:clear|specific|my best)|was not (?:clear|specific)|not (?:very )?clear|"
    r"weak(?:est|er)? (?:answer|example|point|part)|like to add a little|forgot to|"
    r"failed to (?:mention|explain)|(?:a )?better (?:answer|example)|i reali[sz]e i|"
    r"i struggled|not my best|fell short|apologi[sz]e|sorry|my mistake in the interview)\b",
    re.I,
)
PLACEHOLDER = re.compile(
    r"\[[^\]\n]{1,40}\]|\{\{?[^}\n]{1,40}\}\}?|\b(?:TBD|TODO|XXX+|lorem ipsum)\b|"
    r"<(?:your|name|insert|company|role|interviewer)[^>\n]{0,30}>|"
    # words of the drafting instructions that leaked into a draft
    r"\b(?:the candidate(?:'s)?|(?:research|company) fact|chose to add|my notes|the notes)\b|"
    r"</?(?:notes|fact)>",
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
#: Six words in a row from a question is pasting it, not referring to it.
PASTED_RUN = 6


@dataclass
class Check:
    name: str
    passed: bool
    detail: str

    @property
    def label(self) -> str:
        """The check in plain words, as the UI shows it."""
        return LABELS.get(self.name, self.name.replace("_", " "))

    def to_dict(self) -> dict[str, Any]:
        return {**asdict(self), "label": self.label}


@dataclass
class Story:
    """One answered question, reduced to what an email can mention."""

    number: int
    question: str
    question_id: str
    competency: str  # a competency id, "" when the question is not from the bank
    asker: str  # the name of the interviewer who asked it, "" when unknown
    answer: str
    scores: dict[str, int]
    quantified: bool
    evidence: dict[str, list[str]]  # quotes of at least four words, per STAR part
    #: The competency the story shows when it answers a different question, else "".
    shows: str = ""

    @property
    def theme(self) -> str:
        """What the question was about, in words that never repeat the question."""
        return THEMES.get(self.competency, THEMES[""])[0]


def interview_end(record: SessionRecord) -> datetime:
    return aware(max([t.created_at for t in record.turns] or [record.updated_at]))


def deadline_text(when: datetime) -> str:
    """'by Sat 5 Dec, 15:07' in the machine's local time: how people read a deadline."""
    local = aware(when).astimezone()
    return f"by {local:%a} {local.day} {local:%b}, {local:%H:%M}"


def find_interviewer(record: SessionRecord, name: str) -> PanelMember:
    """The panel member called ``name`` (full or first name, any case), or a clear error."""
    panel = record.setup.interviewers
    wanted = name.strip().casefold()
    for person in panel:
        if wanted in (person.name.casefold(), person.name.split()[0].casefold()):
            return person
    names = ", ".join(p.name for p in panel) or "none were named in the setup"
    raise InputError(f"No interviewer called {name!r} in this interview; interviewers: {names}")


def words(text: str) -> list[str]:
    return re.findall(r"[A-Za-z0-9][\w'\u2019-]*", text)


def distinct(text: str, exclude: set[str] = frozenset()) -> set[str]:  # type: ignore[assignment]
    """The content words of ``text`` (lowercase, longer than three letters, no stop words)."""
    return {w for w in (x.lower() for x in words(text)) if len(w) > 3} - STOP - exclude


def content(text: str, exclude: set[str] = frozenset()) -> set[str]:  # type: ignore[assignment]
    """Content words plus numbers ("140", "p99"): numbers are the most specific words."""
    nums = {w.lower() for w in words(text) if any(ch.isdigit() for ch in w)}
    return distinct(text, exclude) | nums - exclude


def shares(a: set[str], b: set[str]) -> bool:
    """Enough in common to be about the same thing: three words, or two with a number."""
    common = a & b
    return len(common) >= 3 or (len(common) >= 2 and any(c[:1].isdigit() for c in common))


LEAD = r"(?:tell|give|walk|talk) (?:me|us) (?:about|an example of|through)|describe|share"


def core_question(text: str) -> str:
    """The asking sentence of an interviewer's turn, without 'Thank you.' or 'I'm asking…'."""
    parts = sentences(text) or [text.strip()]
    for sentence in parts:
        if sentence.endswith("?") or re.match(
            rf"(?:can you |could you )?(?:{LEAD})\b", sentence, re.I
        ):
            return sentence
    return max(parts, key=len)


def question_topic(question: str) -> str:
    """'Describe a time you were on call' -> 'a time I was on call': the question, restated.

    The email never uses this (it would be the question pasted back); the rubric does, to
    catch a draft that pastes the question in the candidate's voice.
    """
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


def _askers(record: SessionRecord, groups: list[tuple[Any, list[Any]]]) -> list[str]:
    """Who asked each answered question: from the session's plan, else shared out as now."""
    saved = asked_by(record.engine)
    if saved:
        return [saved.get(q.question_id or "", "") for q, _ in groups]
    comps = [[PREFIX.get((q.question_id or "").split("-")[0], "")] for q, _ in groups]
    return assign_askers(comps, record.setup.interviewers)


def stories(record: SessionRecord, every: bool = False) -> list[Story]:
    """The answered behavioural questions; when there are none (a short interview of
    "tell me about yourself" and "why us?"), those answers, with their type as theme.
    ``every``: all answered questions, the opening and motivation ones included (a measured
    achievement in "tell me about yourself" is a strength a note can restate)."""
    out = []
    groups = question_groups(record, kind=None) if every else []
    groups = groups or question_groups(record) or question_groups(record, kind=None)
    for n, ((q, turns), asker) in enumerate(zip(groups, _askers(record, groups), strict=True), 1):
        ev = final_evaluation(turns)
        scores, quotes = _as_star(ev)
        out.append(
            Story(
                number=n,
                question=q.text,
                question_id=q.question_id or "",
                competency=PREFIX.get((q.question_id or "").split("-")[0], "")
                or ("" if isinstance(ev, StarEvaluation) else ev.question_type),
                asker=asker,
                answer=" ".join(t.text for t in turns if t.kind == "answer"),
                scores=scores,
                quantified=isinstance(ev, StarEvaluation) and ev.quantified_result,
                evidence={c: [x for x in qs if len(x.split()) >= 4] for c, qs in quotes.items()},
                shows=_shows(ev),
            )
        )
    return out


#: Criteria of an opening answer that say what a STAR part would: a measured achievement is
#: a result the note can restate; nothing else in an opening or motivation answer is a story.
_AS_STAR = {"quantified_achievement": "result"}


def _as_star(ev: AnswerEvaluation) -> tuple[dict[str, int], dict[str, list[str]]]:
    """STAR scores and quoted words per part; an opening or motivation answer's criteria
    read as the STAR parts they show."""
    if isinstance(ev, StarEvaluation):
        return ev.scores, {c: [s.text for s in ev.evidence(c)] for c in COMPONENTS}
    scores = dict.fromkeys(COMPONENTS, 0)
    quotes: dict[str, list[str]] = {c: [] for c in COMPONENTS}
    for c in ev.criteria:
        part = _AS_STAR.get(c.name)
        if part and c.met and c.evidence:
            scores[part], quotes[part] = 2, [s.text for s in c.evidence]
    return scores, quotes


def _shows(ev: AnswerEvaluation) -> str:
    """What an off-topic answer showed instead ("problem_solving"), when the check knew."""
    if not isinstance(ev, StarEvaluation) or not ev.off_topic:
        return ""
    shows = str(ev.topic.get("shows") or "")
    return shows if shows in THEMES and shows != ev.topic.get("asks") else ""


def asked_themes(record: SessionRecord, name: str) -> list[str]:
    """The themes of the questions ``name`` asked, answered or not (skipped ones count too)."""
    saved = asked_by(record.engine)
    out = [
        THEMES.get(PREFIX.get(t.question_id.split("-")[0], ""), THEMES[""])[0]
        for t in record.turns
        if t.kind == "question" and t.question_id and saved.get(t.question_id) == name
    ]
    return list(dict.fromkeys(out))


def research_titles(research: Sequence[str]) -> list[str]:
    """Headings and chunk titles: what a document is called, never a fact to cite."""
    out = []
    for snippet in research:
        lines = snippet.strip().splitlines()
        for i, line in enumerate(lines):
            heading = re.match(r"^\s*#+\s*(.+)", line)
            titled = i == 0 and len(lines) > 1 and not lines[1].strip()  # "Title\n\nbody"
            if heading or (titled and line.strip()):
                out.append(re.sub(r"[*_`#]", "", heading.group(1) if heading else line).strip())
    return out


def research_sentences(research: Sequence[str]) -> list[str]:
    """Whole sentences of fact from research snippets: markdown, titles and job-ad lines out."""
    titles = {t.casefold().rstrip(". ") for t in research_titles(research)}
    out = []
    for snippet in research:
        for line in snippet.splitlines():
            if re.match(r"^\s*#", line):
                continue
            line = re.sub(r"^\s*(?:[-*]|\d+\.)\s*", "", line)
            line = re.sub(r"\*\*|__|`", "", line).strip()
            if line.casefold().rstrip(". ") in titles:
                continue
            line = re.sub(r"^(\d{1,2} \w+ \d{4}|[A-Z][a-z]+ \d{4}):\s*", r"On \1, ", line)
            for sentence in sentences(line):
                # Job-description lines ("You will…") are not news about the company.
                if re.search(r"\byou\b", sentence, re.I):
                    continue
                if 6 <= len(sentence.split()) <= 30 and sentence.endswith((".", "!", '"')):
                    out.append(sentence)
    return list(dict.fromkeys(out))


def allowed_sources(record: SessionRecord, research: list[str], signature: str | None) -> str:
    """Everything an email may take names and numbers from, as one text."""
    setup = record.setup
    parts = [setup.role, setup.company, setup.job_description, record.user, signature or ""]
    parts += [f"{i.name}, {i.title}" for i in setup.interviewers]
    parts += [t.text for t in record.turns] + list(research)
    return "\n".join(p for p in parts if p)


def _paragraphs(body: str) -> list[str]:
    return [p.strip() for p in re.split(r"\n\s*\n", body.strip()) if p.strip()]


def _sentences_before_signoff(body: str) -> list[str]:
    """The body's sentences without the greeting line and the short sign-off at its end."""
    paras = _paragraphs(body)
    while len(paras) > 1 and len(words(paras[-1])) <= 6:
        paras.pop()
    if len(paras) > 1 and len(words(paras[0])) <= 4:  # "Hi Priya,"
        paras.pop(0)
    return sentences(" ".join(paras))


def _signed(body: str) -> str:
    """The name under a sign-off ("Best regards,\nAlex Morgan"): the sender's own, not invented."""
    paras = re.split(r"\n\s*\n", body.strip())
    if len(paras) > 1 and len(paras[-1].splitlines()) == 1 and len(words(paras[-2])) <= 3:
        paras[-2:] = [f"{paras[-2]}\n{paras[-1]}"]  # "Best regards,\n\nAlex Morgan"
    last = paras[-1]
    lines = last.splitlines()
    closing = (
        r"(?:best|kind|warm|many|with)?\s*(?:regards|wishes|thanks)|best|sincerely|cheers|"
        r"thank you"
    )
    if (
        len(lines) > 1
        and len(words(last)) <= 8
        and re.fullmatch(f"(?:{closing})\\W*", lines[0].strip(), re.I)
    ):
        return "\n".join(lines[1:]).strip()
    return ""


def _ngrams(text: str, n: int) -> set[tuple[str, ...]]:
    toks = [w.lower().replace("\u2019", "'") for w in words(text)]
    return {tuple(toks[i : i + n]) for i in range(len(toks) - n + 1)}


def pasted_question(body: str, questions: Sequence[str]) -> str:
    """The question text a body repeats word for word (as asked or in the first person)."""
    mine = _ngrams(body, PASTED_RUN)
    for q in questions:
        for form in (question_topic(q), core_question(q)):
            if mine & _ngrams(form, PASTED_RUN):
                return form
    return ""


def _norm(text: str) -> str:
    return " ".join(w.lower() for w in words(text))


def shared_with(body: str, subject: str, others: Sequence[tuple[str, str]]) -> str:
    """What this note shares with another interviewer's: a subject, a paragraph, most lines."""
    mine = [s for s in _sentences_before_signoff(body) if len(words(s)) >= 4]
    paras = [_norm(p) for p in _paragraphs(body) if len(words(p)) >= 8]
    for other_subject, other in others:
        if _norm(subject) and _norm(subject) == _norm(other_subject):
            return f"the same subject as another note ({subject.strip()!r})"
        theirs = {_norm(p) for p in _paragraphs(other)}
        same = [p for p in paras if p in theirs]
        if same:
            return f"a paragraph also in another note: \u201c{same[0][:60]}\u2026\u201d"
        lines = {_norm(s) for s in _sentences_before_signoff(other)}
        common = [s for s in mine if _norm(s) in lines]
        if mine and 2 * len(common) >= len(mine):
            return f"{len(common)} of its {len(mine)} sentences are in another note"
    return ""


def _topic_check(
    body: str, told: list[Story], who: PanelMember, exclude: set[str], themes: list[str]
) -> tuple[bool, str]:
    """Which answered question the body refers to, and whether this interviewer asked it.

    A reference is the question's theme in words, or words only that answer used (shared
    words between answers, like "team" or "customer", say nothing specific).
    """
    mine = content(body, exclude)
    low = body.casefold()
    hits: list[tuple[int, Story, list[str]]] = []
    for s in told:
        others = set().union(*(content(o.answer) for o in told if o is not s))
        own = content(s.answer, exclude) - others
        common = sorted(mine & own)
        themed = s.theme.casefold() in low
        if themed or shares(mine, own):
            hits.append((len(common) + 3 * themed, s, common))
    if not hits:
        asked = next((t for t in themes if t.casefold() in low), "")
        if asked:  # a question of theirs that went unanswered, named by its theme
            return True, f"refers to their question about {asked}"
        return False, "mention something you discussed with them: their question or your example"
    hits.sort(key=lambda h: -h[0])
    asked = [h for h in hits if not h[1].asker or h[1].asker == who.name]
    if not asked:
        theme = next((t for t in themes if t.casefold() in low), "")
        if theme:
            return True, f"refers to their question about {theme}"
        s = hits[0][1]
        return False, (
            f"refers to Q{s.number}, which {s.asker} asked: mention something {who.name} asked"
        )
    s = asked[0][1]
    return True, f"refers to Q{s.number}, which they asked ({s.theme})"


def _strength_check(body: str, told: list[Story], exclude: set[str]) -> tuple[bool, str]:
    """A strength some answer showed, restated; a claimed result must read as a result."""
    proofs = [
        (comp, content(quote, exclude))
        for s in told
        for comp in ("result", "action", "task")
        if s.scores[comp] == 2
        for quote in s.evidence[comp]
    ]
    situations = [content(q, exclude) for s in told for q in s.evidence["situation"]]
    shown = ""
    for sentence in _sentences_before_signoff(body):
        mine = content(sentence, exclude)
        if RESULT_CLAIM.search(sentence) and CLAIM.search(sentence):
            tail = YEARS.sub("", sentence)
            if not OUTCOME.search(tail) or any(shares(mine, s) for s in situations):
                return False, (
                    f"\u201c{sentence[:70]}\u2026\u201d claims a result but describes the "
                    "situation: restate what changed"
                )
        hit = next((comp for comp, words_ in proofs if shares(mine, words_)), "")
        shown = shown or hit
    if shown:
        return True, f"restates a strength your answer showed (the {shown})"
    if not proofs:  # nothing to restate: say so rather than ask for what is not there
        return False, (
            "no answer showed a clear action or result to restate yet: add one detail you "
            "would stand behind"
        )
    return False, "restate one or two strengths your answers showed, in your own words"


def _research_check(body: str, research: list[str], exclude: set[str]) -> tuple[bool, str]:
    if not research:
        return False, "no company research was available to cite (ingest some first)"
    facts = [content(f, exclude) for f in research_sentences(research)]
    titles = [content(t, exclude) for t in research_titles(research)]
    for sentence in _sentences_before_signoff(body):
        mine = content(sentence, exclude)
        title = next((t for t in titles if t and len(mine & t) >= max(2, 0.7 * len(t))), None)
        if title is not None and not any(shares(mine - title, f) for f in facts):
            return False, "quotes a heading or file title: cite a sentence of fact instead"
    for sentence in _sentences_before_signoff(body):
        if any(shares(content(sentence, exclude), f) for f in facts):
            return True, "cites a fact from your company research"
    return False, "cite one fact from your company research, as a sentence"


def check_email(
    subject: str,
    body: str,
    record: SessionRecord,
    interviewer: PanelMember | str,
    research: list[str] | None = None,
    *,
    signature_name: str | None = None,
    others: Sequence[tuple[str, str]] = (),
    clarification: str = "",
    now: datetime | None = None,
) -> list[Check]:
    """Every guideline in a fixed order.

    ``others`` are the (subject, body) notes to the rest of the panel; ``clarification`` is
    what the candidate chose to add (its check appears only then); ``now`` makes the 24-hour
    check bite (else it informs).
    """
    from ..star.grounding import check_grounded

    if isinstance(interviewer, str):
        interviewer = find_interviewer(record, interviewer)
    research = list(research or [])
    setup = record.setup
    text = f"{subject}\n{body}"
    low = text.casefold()
    told = stories(record)
    checks: list[Check] = []

    def add(name: str, passed: object, good: str, bad: str) -> None:
        checks.append(Check(name, bool(passed), good if passed else bad))

    subj = subject.casefold()
    clear = "thank" in subj and ("interview" in subj or setup.role.casefold() in subj)
    example = "\u201cThank you \u2013 <role> interview\u201d"
    add("subject", clear, f"clear subject: {subject.strip()!r}", f"use a subject like {example}")

    greeting = next((line for line in body.splitlines() if line.strip()), "")
    said = {w.casefold() for w in words(greeting)}
    others_named = [p.name for p in setup.interviewers if p.name != interviewer.name]
    wrong = [o for o in others_named if o.split()[0].casefold() in said]
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
    themes = asked_themes(record, interviewer.name)
    checks.append(Check("specific_topic", *_topic_check(body, told, interviewer, exclude, themes)))
    checks.append(Check("strength", *_strength_check(body, stories(record, every=True), exclude)))
    checks.append(Check("research", *_research_check(body, research, exclude)))

    asked = [t.text for t in record.turns if t.kind in ("question", "probe")]
    pasted = pasted_question(body, asked)
    add(
        "own_words",
        not pasted,
        "refers to their questions in your own words",
        f"repeats the question (\u201c{pasted}\u201d): say what it was about in your words",
    )
    weak = WEAKNESS.search(body)
    add(
        "no_weakness",
        not weak,
        "adds without pointing at a weak answer",
        f"\u201c{weak.group(0) if weak else ''}\u201d draws attention to a weak answer: "
        "leave it out, or add the missing detail as a plain fact",
    )
    if clarification.strip():
        wanted = content(clarification, exclude)
        add(
            "clarification",
            shares(content(body, exclude), wanted) or clarification.strip() in body,
            "adds the point you chose to clarify",
            "the point you chose to add is missing",
        )
    copied = shared_with(body, subject, others)
    add(
        "distinct",
        not copied,
        "written for this person" if others else "no other notes to compare with",
        f"{copied}: panels compare notes, so write each one separately",
    )
    holder = PLACEHOLDER.search(text)
    add(
        "no_placeholder",
        not holder,
        "no placeholders",
        f"replace the placeholder {holder.group(0) if holder else ''}",
    )
    signed = _signed(body)
    name = (signature_name or "").strip()
    ok = (
        signed
        and not PLACEHOLDER.search(signed)
        and (not name or name.casefold() in signed.casefold())
    )
    add(
        "signed",
        ok,
        f"signed {signed!r}",
        f"sign it with your name ({name})" if name else "sign it with your name",
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

    extra = [setup.role, company, record.user, name, _signed(body)]
    extra += [p.name for p in setup.interviewers] + [p.title for p in setup.interviewers]
    sources = allowed_sources(record, research, name) + "\n" + clarification
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
        f"send {deadline_text(deadline)} (within 24 hours)",
        "over 24 hours since the interview: a late note still beats none",
    )
    return checks
