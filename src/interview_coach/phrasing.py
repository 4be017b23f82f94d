"""Putting the interviewer's decisions into words: templates first, the LLM when there is one.

The state machine decides *what* to say; this module decides *how*. Every LLM prompt is built
from a fixed-size session summary, the current exchange and at most three clipped research
passages fenced as data, so prompt size stays flat over a long session and a retrieved page
cannot steer the interviewer. Any LLM failure falls back to the template for that turn and
leaves a visible note.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import TYPE_CHECKING, Any

from .criteria.research import is_job_description
from .errors import CoachError
from .interview import Interview, Move
from .llm.client import LLMError, load_prompt, render
from .llm.guards import (
    PASSAGE_TOKENS,
    clip,
    content_words,
    first_question,
    greets_interviewer,
    passage_block,
    source_of,
    unsafe_to_show,
)
from .models import SessionSetup, Turn
from .panel import introduction, lead
from .questions import (
    TYPE_LABELS,
    Competency,
    Phrased,
    Question,
    jd_phrase,
    question_by_id,
    research_lead,
    stream_text,
    tailor,
    template_question,
    why_line,
)
from .text import sentences
from .tokens import count_message_tokens, count_tokens

if TYPE_CHECKING:
    from .llm.protocol import ChatModel

#: How much of the candidate's answer a probe prompt sees: a typical two-minute answer fits;
#: a longer one keeps its start and end, so the server reads it in about two seconds.
ANSWER_TOKENS = 160
#: Research a reply to the candidate's question sees: the two best passages, cut to the
#: sentences about the question (the extractive fallback still reads every hit).
REPLY_PASSAGE_TOKENS = 90
#: Below this similarity a research passage is not about the candidate's question at all.
MIN_RELEVANCE = 0.25
UNAVAILABLE = "The AI interviewer was unavailable ({}); continuing with the built-in questions."
NOT_COVERED = (
    "The research I have doesn't cover that, so I won't guess. It's a good one to ask "
    "your interviewers on the day."
)
#: Research near the question that may not answer it: quoted as the closest, never claimed.
#: The words stay true whether or not the quote turns out to answer it.
CLOSEST_ONLY = "The closest I have in your research"
CLOSEST_END = "If that doesn't answer it, it's a good one to ask your interviewers on the day."
#: The same after two quotes ("If that doesn't answer it" read as if one had been given).
CLOSEST_END_TWO = "If those don't answer it, it's a good one to ask your interviewers on the day."
SESSION_PART = "\nTHIS INTERVIEW\n"  # what follows this line of interviewer_system.md differs
INVITE = "That's all the questions I have. What questions do you have for us?"
STYLE = {
    "friendly": "Warm and encouraging, like a supportive hiring manager.",
    "neutral": "Professional, calm and even, like a typical interviewer.",
    "tough": "Brisk and demanding, like a sceptical senior interviewer; polite but direct.",
}
THANKS = {"friendly": "Thanks, that's helpful.", "neutral": "Thank you.", "tough": "Okay."}
ACKS = {
    "repeat": "That's the same answer you gave earlier, so let's move on.",
    "skipped": "No problem, let's move on.",
    "gave_up": "Let's leave that one there and move on.",
}
REPROMPTS = {
    "empty": "I didn't get an answer there. Let's try again:",
    "gibberish": "Sorry, I couldn't make sense of that answer. Let's try again:",
    "too_short": "Could you say a bit more? Pick one specific time and walk me through it:",
    "asks_back": "Let's keep your questions for the end, when there's time for them. Any "
    "example of your own that fits is fine for this one, so:",
    # an opening or motivation question asks for no example
    "asks_back_typed": "Let's keep your questions for the end, when there's time for them. "
    "So, for now:",
    "clarify": "Of course, here it is again, and any real example of your own that fits is fine:",
    "clarify_typed": "Of course, here it is again:",
}
FOCUS = {
    "situation": "the situation: when and where this happened, and what was going on",
    "task": "the task: what the candidate personally had to achieve and why it mattered",
    "action": "the actions: what the candidate did themselves, step by step",
    "result": "the result: how it ended, ideally with numbers, and what they learned",
    "hypothetical": "a real event: the answer describes what they would do, not what they did",
    "habit": "a real event: the answer describes what they usually do, not one time it happened",
    "off_topic": "the question itself: the story told seems to answer a different question",
    "no_story": "a real event: the answer describes the candidate, not a time it happened",
    "concise": "the essentials: the answer was very long or repeated itself",
}
PROBES = {
    "situation": "Can you set the scene a little: when was this, and what was going on?",
    "task": "What exactly were you responsible for there, and why did it matter?",
    "action": "What did you personally do, step by step?",
    "result": "How did it turn out in the end, and are there numbers you can share?",
    "hypothetical": "That sounds like what you would do. Can you tell me about a specific "
    "time it actually happened?",
    "habit": "That sounds like what you usually do. Can you tell me about one specific time it "
    "happened?",
    "off_topic": "Let's come back to the question I asked: can you think of a specific time "
    "that answers it?",
    "no_story": "Can you tell me about one specific time that happened: what was going on, and "
    "what did you do?",
    "concise": "In two or three sentences, what did you do yourself and what changed?",
}


@dataclass
class Voice:
    """The interviewer's voice for one step; after an LLM failure it stays on templates."""

    settings: Any
    setup: SessionSetup
    machine: Interview
    competencies: dict[str, Competency]
    search: Callable[[str], list[Any]]
    llm: ChatModel | None = None
    on_token: Callable[[str], None] | None = None
    history: Sequence[Turn] = ()
    notes: list[str] = field(default_factory=list)
    #: Research facts to build questions around, by question index (see research_hook).
    hooks: dict[int, Any] = field(default_factory=dict)
    _emitted: bool = False
    _turn_started: bool = False
    _prefix: str = ""
    _said: list[str] = field(default_factory=list)

    def _again(self, move: Move, q: Any) -> str:
        """What a re-prompt puts again: the follow-up when the candidate was answering one
        ("Can you say that again?" after a probe), else the question."""
        if move.focus == "probe":
            said = [t for t in self.history if t.speaker == "interviewer" and t.kind == "probe"]
            if said:
                return said[-1].text
        return q.asked(self.setup)

    def _spoken(self) -> set[str]:
        """Who on the panel has spoken already (the lead greets, so counts from the start)."""
        if len(self.setup.interviewers) < 2:  # one interviewer: no introductions needed
            return {lead(self.setup.interviewers)}
        earlier = {t.interviewer for t in self.history if t.speaker == "interviewer"}
        return {lead(self.setup.interviewers), *earlier, *self._said}

    def fail(self, exc: Exception) -> None:
        """Templates for the rest of the step; a model given up on says so in its own words."""
        self.llm = None
        offline = getattr(exc, "offline", False)
        self.notes.append(str(exc) if offline else UNAVAILABLE.format(str(exc).rstrip(".")))

    def emit(self, text: str) -> None:
        """Forward words to the watcher; turns are separated by a blank line."""
        if self.on_token is None or not text:
            return
        if self._emitted and not self._turn_started:
            text = "\n\n" + text
        self.on_token(text)
        self._emitted = self._turn_started = True

    @property
    def _sink(self) -> Callable[[str], None] | None:
        """A fresh gate for one LLM call's stream: its words pass the output guards first."""
        return SentenceGate(self.emit) if self.on_token is not None else None

    def question(self, index: int) -> Question:
        return question_by_id(self.machine.plan[index], self.settings.knowledge_dir)

    def label(self, question: Question) -> str:
        if question.type != "behavioural":
            return TYPE_LABELS[question.type]
        return self.competencies[question.primary].label

    def type_of(self, index: int) -> str:
        """The planned question's type; an id the bank no longer has counts as behavioural."""
        try:
            return self.question(index).type
        except (CoachError, ValueError):
            return "behavioural"

    def typed(self, move: Move) -> bool:
        """An opening or motivation question: asked and probed as written, never tailored."""
        return move.question_index is not None and self.type_of(move.question_index) != (
            "behavioural"
        )

    def progress(self) -> str:
        """The session in a dozen words: it never grows with the number of questions."""
        m = self.machine
        line = f"question {m.asked} of {m.total}"
        if m.asker(m.index):  # a panel: the model phrases it as the person asking
            person = next(p for p in self.setup.interviewers if p.name == m.asker(m.index))
            line += f", asked by {person.name}" + (f" ({person.title})" if person.title else "")
        earlier = [self.label(self.question(i)) for i in range(max(0, m.index - 2), m.index)]
        return line + (f"; earlier topics: {', '.join(earlier)}" if earlier else "")

    def say_all(self, moves: Sequence[Move]) -> list[Turn]:
        return [self.say(move) for move in moves]

    def say(self, move: Move) -> Turn:
        before = len(self.notes)
        self._turn_started = False
        qid = None if move.question_index is None else self.machine.plan[move.question_index]
        who = self.machine.asker(move.question_index) or lead(self.setup.interviewers)
        prefix = ack_text(self.setup, move.ack)
        if move.kind == "ask" and who not in self._spoken():
            # a panel member's first question: they say who they are before asking
            person = next(p for p in self.setup.interviewers if p.name == who)
            prefix = f"{prefix} {introduction(person)}".strip()
        self._prefix = prefix
        if move.kind == "greet":
            kind, phrased = "greeting", self._llm_or(self._greet_llm, self._greet_template)
        elif move.kind == "ask" and self.typed(move):
            kind, phrased = "question", self._ask_template(move)
        elif move.kind == "ask":
            kind, phrased = "question", self._llm_or(self._ask_llm, self._ask_template, move)
        elif move.kind == "probe" and self.typed(move):
            hint = move.hint.strip()
            kind, phrased = "probe", Phrased(hint if hint.endswith("?") else TYPED_PROBE)
        elif move.kind == "probe":
            kind, phrased = "probe", self._llm_or(self._probe_llm, probe_template, move)
        elif move.kind == "reprompt":
            q = self.question(move.question_index or 0)
            hint = (
                f"{move.hint}_typed"
                if f"{move.hint}_typed" in REPROMPTS and self.typed(move)
                else move.hint
            )
            kind, phrased = "reply", Phrased(f"{REPROMPTS[hint]} {self._again(move, q)}")
        elif move.kind == "invite":
            panel = len(self.setup.interviewers) > 1  # a panel speaks for all of them
            kind, phrased = (
                "question",
                Phrased(INVITE.replace(" I have", " we have") if panel else INVITE),
            )
        elif move.kind == "answer_candidate":
            kind, phrased = "reply", self._reply(move.hint)
        else:
            kind, phrased = "wrap_up", Phrased(wrap_up_text(self.setup, move.hint))
        text = f"{prefix} {phrased.text}".strip()
        if self.llm is not None and not phrased.used_llm:
            self.emit(text)
        self._said.append(who)
        return Turn(
            "interviewer",
            kind,  # type: ignore[arg-type]
            text,
            question_id=qid,
            sources=phrased.sources,
            prompt_tokens=phrased.prompt_tokens,
            notes=self.notes[before:],
            interviewer=who,
        )

    def _llm_or(
        self, with_llm: Callable[..., Phrased], fallback: Callable[..., Phrased], *args: Any
    ) -> Phrased:
        if self.llm is not None:
            try:
                return with_llm(*args)
            except LLMError as exc:
                self.fail(exc)
        return fallback(*args)

    def _system(self) -> str:
        return render(
            "interviewer_system",
            self.settings,
            interviewer=persona(self.setup),
            company=self.setup.company,
            role=self.setup.role,
            seniority=self.setup.seniority,
            style=STYLE[self.setup.style],
        )

    def _messages(self, prompt: str) -> list[dict[str, str]]:
        return [{"role": "system", "content": self._system()}, {"role": "user", "content": prompt}]

    def _stream(
        self, messages: list[dict[str, str]], temperature: float, max_tokens: int, **kw: Any
    ) -> str:
        return stream_text(
            self.llm,
            messages,
            temperature=temperature,
            max_tokens=max_tokens,
            on_token=self._sink,
            **kw,
        )

    def behavioural_total(self) -> int:
        """How many of the planned questions are behavioural (the rest open the interview)."""
        return sum(self.type_of(i) == "behavioural" for i in range(self.machine.total))

    def _greet_template(self) -> Phrased:
        lead = self.machine.total - self.behavioural_total()
        return Phrased(greeting_text(self.setup, self.machine.total, lead))

    def _greet_llm(self) -> Phrased:
        s = self.setup
        messages = self._messages(
            render(
                "greeting",
                self.settings,
                interviewer=persona(s),
                company=s.company,
                role=s.role,
                num_questions=self.behavioural_total(),
            )
        )
        tokens = count_message_tokens(messages)
        text = " ".join(self._stream(messages, 0.5, 120).split())
        # The first question follows separately: drop any question the model slipped in.
        text = " ".join(p for p in sentences(text) if "?" not in p)
        bad = len(text) < 20 or len(text) > 600 or unsafe_to_show(text)
        if bad or greets_interviewer(text, s):
            text = self._greet_template().text
        return Phrased(text, prompt_tokens=tokens, used_llm=True)

    def why(self, index: int) -> str:
        """The "why I'm asking" line for question ``index``: worded differently each time,
        quoting a line of the job description that no earlier question quoted."""
        used: list[str] = []
        phrase = None
        for i in range(index + 1):
            if self.type_of(i) != "behavioural":  # asked with no "why", quotes no line
                continue
            keywords = self.competencies[self.question(i).primary].keywords
            phrase = jd_phrase(self.setup.job_description, keywords, exclude=used)
            used += [phrase] if phrase else []
        return why_line(self.setup, self.label(self.question(index)), seed=index, phrase=phrase)

    def lead(self, index: int) -> tuple[str, list[dict[str, Any]]]:
        """The research lead-in for question ``index`` (if it has a hook) and its source."""
        fact = self.hooks.get(index)
        if fact is None:
            return "", []
        source = {"source": fact.source, "title": fact.heading, "company": self.setup.company}
        return research_lead(fact, seed=index), [source]

    def _ask_template(self, move: Move) -> Phrased:
        index = move.question_index or 0
        q = self.question(index)
        if q.type != "behavioural":  # "Tell me about yourself." as interviewers say it
            return Phrased(q.asked(self.setup))
        lead, sources = self.lead(index)
        return Phrased(
            template_question(q, self.setup, self.label(q), self.why(index), lead), sources
        )

    def _ask_llm(self, move: Move) -> Phrased:
        """The model tailors the question from research passages itself; the research lead
        (``lead``) is for the templates, which cannot weave a fact into a question."""
        index = move.question_index or 0
        q = self.question(index)
        passages = self.search(f"{self.setup.company} {self.label(q)}: {q.text}")
        prefix = self._prefix
        self.emit(f"{prefix} " if prefix else "")
        return tailor(
            q,
            self.setup,
            passages,
            self.llm,
            label=self.label(q),
            system=self._system(),
            progress=self.progress(),
            settings=self.settings,
            on_token=self._sink,
            why=self.why(index),
        )

    def _probe_llm(self, move: Move) -> Phrased:
        q = self.question(move.question_index or 0)
        last = next((t.text for t in reversed(self.history) if t.speaker == "candidate"), "")
        focus = move.focus or "result"
        messages = self._messages(
            render(
                "probe",
                self.settings,
                progress=self.progress(),
                question=q.text,
                answer=excerpt(last),
                focus_text=FOCUS[focus],
                suggestion=move.hint or PROBES[focus],
                hints="; ".join(q.probe_hints) or "none",
            )
        )
        tokens = count_message_tokens(messages)
        text = first_question(self._stream(messages, 0.4, 100, stop_at_question=True))
        return Phrased(text or probe_template(move).text, prompt_tokens=tokens, used_llm=True)

    def _reply(self, question: str) -> Phrased:
        """Answer the candidate's question from company research only, citing it.

        The model's answer is kept only if its words come from the passages; when it says
        "not covered" but a passage plainly matches (small models say so too readily), the
        matching sentence is quoted instead.
        """
        found = self.search(question)
        hits = [h for h in found if h.score >= MIN_RELEVANCE]
        job = _job_passages(question, hits)  # the model reads two: research before the job ad
        hits = [h for n, h in enumerate(hits) if n not in job] + [hits[n] for n in sorted(job)]
        quoted = extractive_answer(question, found, self.setup.company)
        if self.llm is None or not hits:
            return quoted
        messages = self._messages(
            render(
                "answer_candidate_question",
                self.settings,
                company=self.setup.company,
                question=clip(question, 150),
                passages=passage_block(hits, question, limit=2, max_tokens=REPLY_PASSAGE_TOKENS),
            )
        )
        tokens = count_message_tokens(messages)
        try:
            text = " ".join(self._stream(messages, 0.2, 180).split())
        except LLMError as exc:
            self.fail(exc)
            return quoted
        # From here on the model's words were already previewed: replacements keep used_llm.
        instead = Phrased(quoted.text, quoted.sources, tokens, used_llm=True)
        if not text or unsafe_to_show(text):
            return instead
        if re.search(r"do(?:es)?n[o']?t cover", text):
            return instead if quoted.sources else Phrased(NOT_COVERED, [], tokens, True)
        known = f"{question} {self.setup.company} research passage interview"
        said = content_words(text) - content_words(known)
        found = content_words(" ".join(h.text for h in hits))
        if said and len(said & found) < 0.5 * len(said):  # mostly not from the research
            return instead
        used = [h for h in hits if len(said & content_words(h.text)) >= 2]
        files = list(dict.fromkeys(PurePath(h.source).name for h in used))
        if files:  # the candidate can check the answer in their own file
            cite = f" (Source: {', '.join(files)})"
            self.emit(cite)
            text += cite
        return Phrased(text, [source_of(h) for h in used], tokens, used_llm=True)


class SentenceGate:
    """Streams a model's words to the page a sentence at a time, each checked like the final
    text (:func:`unsafe_to_show`); after an unsafe sentence nothing more of that reply is
    shown, and the checked turn (or its template) replaces the preview when the step ends."""

    def __init__(self, emit: Callable[[str], None]) -> None:
        self.emit = emit
        self.pending = ""
        self.shown = ""
        self.closed = False

    def __call__(self, chunk: str) -> None:
        if self.closed:
            return
        self.pending += chunk
        cut = max(self.pending.rfind(end) for end in ".!?\n")
        if cut < 0:
            return
        ready, self.pending = self.pending[: cut + 1], self.pending[cut + 1 :]
        if unsafe_to_show(self.shown + ready):
            self.closed = True
            return
        self.shown += ready
        self.emit(ready)


#: Below this similarity, and sharing no word, a sentence does not touch the question at all.
#: At or above ANSWERS_SENTENCE it answers it. Between, the research is near the question but
#: may not answer it: on the retrieval benchmark's dev companies, 4 of the 23 right best
#: sentences and 8 of the 11 best sentences for questions the research does not answer at
#: all ("Do they sponsor work visas?" -> a line about pay gaps) fell between the two bars.
NEAR_SENTENCE, ANSWERS_SENTENCE = 0.28, 0.40
#: Sentence choice: similarity in meaning, plus this much per question word the sentence
#: shares (a word found in fewer of the candidate sentences counts for more: "e-obs" in one
#: sentence is a strong sign), plus a little for the best-ranked passage. Chosen on the
#: retrieval benchmark's dev questions only.
SHARED_WORD, TOP_PASSAGE = 0.04, 0.03
#: The second-best sentence is quoted as well when its score is within this of the best.
RUNNER_UP = 0.08
#: A job description's sentences are the company's words about the role: they answer what
#: the job involves, and only by accident "How many customers do they have?" ("At least two
#: years leading a customer-facing team..."). Unless the question is about the role, they
#: come after any research sentence that covers the question.
_ABOUT_ROLE = re.compile(
    r"\b(?:role|job|position|day[- ]to[- ]day|responsib\w*|requir\w*|skills?|experience|"
    r"qualif\w*|looking for|expect\w*|assess\w*|on[- ]?call|first (?:few )?(?:days?|weeks?|"
    r"months?)|I'd|I would|I'll|I will|my|manag\w*|report(?:ing)? to|interview\w*|salary|"
    r"pay|wages?|benefits?|perks|hours|remote|hybrid|travel\w*)\b",
    re.I,
)


@dataclass(frozen=True)
class _Pick:
    passage: int  # index into the hits
    sentence: int  # index into that passage's sentences
    similarity: float
    shared: float  # rarity-weighted question words in the sentence
    score: float = 0.0  # what ranks it: similarity, shared words, the best passage


#: First words of company names that are ordinary words too ("The Body Shop", "Bank of X").
_COMMON_FIRST = frozenset({"the", "bank", "city", "first", "new", "great", "royal", "national",
                           "united", "general", "british", "global"})  # fmt: skip


def _unnamed(text: str, company: str) -> str:
    """``text`` without the company's name, whole or by a distinctive first word
    ("Larchlight")."""
    whole = company.strip()
    first = whole.split(" ")[0] if whole else ""
    names = [whole] if len(whole) >= 3 else []
    if len(first) >= 4 and first.lower() not in _COMMON_FIRST:
        names.append(first)
    for name in dict.fromkeys(names):
        text = re.sub(rf"\b{re.escape(name)}(?:'s)?\b", " ", text, flags=re.I)
    return " ".join(text.split()) or text


def _rank_sentences(question: str, passages: list[list[str]], company: str) -> list[_Pick]:
    """Every sentence, the best answer to the question first, by meaning and rarer words."""
    flat = [(p, k, text) for p, sents in enumerate(passages) for k, text in enumerate(sents)]
    if not flat:
        return []
    from .knowledge.embeddings import embed_texts

    wanted = content_words(question) - content_words(company)
    words = [content_words(text) for _, _, text in flat]
    spread = {w: max(1, sum(w in ws for ws in words)) for w in wanted}
    # By meaning, without the company's name: in "Does Larchlight have any plans for battery
    # storage?" the name outweighs the battery, and "Larchlight Energy offers:" came first.
    vectors = embed_texts([_unnamed(question, company), *(text for _, _, text in flat)])
    sims = vectors[1:] @ vectors[0]
    ranked = []
    for (p, k, _), ws, sim in zip(flat, words, sims, strict=True):
        shared = sum(1 / spread[w] for w in wanted & ws)
        score = float(sim) + SHARED_WORD * shared + (TOP_PASSAGE if p == 0 else 0.0)
        ranked.append(_Pick(p, k, float(sim), shared, score))
    return sorted(ranked, key=lambda pick: -pick.score)  # stable: a tie keeps the earlier


_TABLE_LINE = re.compile(r"^\s*\|(.*)\|\s*$")


def _table_rows(text: str) -> str:
    """A Markdown table (how saved pages and some PDFs bring one) as one sentence per row,
    each cell after its column's heading: "Measure: Right-time arrivals; 2030 target: 88%."
    A row of bare cells means nothing read alone, and pipes read badly in a reply."""
    out: list[str] = []
    header: list[str] = []
    for line in text.splitlines():
        m = _TABLE_LINE.match(line)
        if not m:
            header = []
            out.append(line)
            continue
        cells = [c.strip() for c in m.group(1).split("|")]
        if all(re.fullmatch(r":?-{2,}:?", c) for c in cells if c):
            continue  # the rule under the heading row
        if not header:
            header = cells
            continue
        pairs = [f"{h}: {c}" if h else c for h, c in zip(header, cells, strict=False) if c]
        out.append("; ".join(pairs) + ".")
    return "\n".join(out)


def _through_list(said: list[str], start: int, n: int) -> list[str]:
    """``n`` sentences from ``start``, and the first two items of a list the last of them
    introduces ("Clinibell Health sells five connected products:" alone answers nothing)."""
    end = min(len(said), start + n)
    leads = [k for k in range(start, end) if said[k].rstrip().endswith(":")]
    if leads:
        end = min(len(said), max(end, leads[-1] + 3))
    return said[start:end]


def _names_from(question: str, company: str) -> set[str]:
    """Capitalised words after the question's first ("What is Acorn?", "Who is Owen
    Pryce?"): a name the research uses answers by itself, however far the meaning."""
    words = re.findall(r"\b[A-Z][\w&'-]+", question)[1:]
    return {w for w in words if w != "I" and w.casefold() not in company.casefold().split()}


def _job_passages(question: str, hits: Sequence[Any]) -> set[int]:
    """The hits from a job description, when the question is not about the role; they come
    after research that covers a question about the company."""
    if _ABOUT_ROLE.search(question):
        return set()
    return {n for n, hit in enumerate(hits) if is_job_description(getattr(hit, "source", ""))}


def _covers(pick: _Pick) -> bool:
    """Close in meaning, or sharing a question word only this sentence has ("Who is Owen
    Pryce?"); the passage's own relevance says little once it is in the top three."""
    return pick.similarity >= NEAR_SENTENCE or pick.shared >= 1


# --- templates and small pure helpers --------------------------------------------------------


def shared_instructions(settings: Any) -> str:
    """The interviewer's system prompt up to THIS INTERVIEW: the same text for every session."""
    return load_prompt("interviewer_system", settings).split(SESSION_PART)[0]


def persona(setup: SessionSetup) -> str:
    if not setup.interviewers:
        return "the interviewer"
    first, *rest = [f"{p.name}, {p.title}" if p.title else p.name for p in setup.interviewers]
    if not rest:
        return first
    return f"{first}, leading a panel with {' and '.join(rest)} (you take turns asking)"


def panel_names(setup: SessionSetup) -> str:
    """'Priya Ramanathan, Director of Engineering, and with me is Tomasz Kowalczyk, …'."""
    people = [f"{p.name}, {p.title}" if p.title else p.name for p in setup.interviewers]
    if len(people) < 2:
        return people[0] if people else ""
    return (
        f"{people[0]}, and with me {'is' if len(people) == 2 else 'are'} {' and '.join(people[1:])}"
    )


def ack_text(setup: SessionSetup, ack: str | None) -> str:
    if ack is None:
        return ""
    return THANKS[setup.style] if ack == "thanks" else ACKS[ack]


def greeting_text(setup: SessionSetup, n: int, lead: int = 0) -> str:
    """The welcome; ``lead`` of the ``n`` questions open the interview (about you, why us)."""
    who = f"I'm {panel_names(setup)}" if setup.interviewers else "I'll be your interviewer today"
    asks = "We'll take turns to ask" if len(setup.interviewers) > 1 else "I'll ask"
    stories = n - lead
    plan = f"{asks} {n} question{'s' if n != 1 else ''} about things you have done"
    if lead:
        plan = "We'll start with a little about you and why you applied"
        if stories:
            plan += (
                f", then {asks[0].lower()}{asks[1:]} {stories} question"
                f"{'s' if stories != 1 else ''} about things you have done"
            )
    return (
        f"Hello, {who}. Thanks for joining this practice interview for the {setup.role} role at "
        f"{setup.company}. {plan}; a specific example from your own experience works best, and "
        "you can say 'skip' to pass on one. At the end there's time for your questions."
    )


TYPED_PROBE = "Could you say a little more about that, with one specific example?"


def probe_template(move: Move) -> Phrased:
    hint = move.hint.strip()
    return Phrased(hint if hint.endswith("?") else PROBES[move.focus or "result"])


def wrap_up_text(setup: SessionSetup, how: str) -> str:
    if how == "early":
        return (
            "Let's stop here. Thank you for your time; the answers you gave are saved and your "
            "feedback covers them."
        )
    return (
        f"That's everything from me. Thank you for your time today, and good luck with "
        f"{setup.company}. Your feedback report is ready."
    )


def excerpt(answer: str) -> str:
    """Start and end of a long answer: the setting and the outcome matter most to a probe."""
    text = " ".join(answer.split())
    if count_tokens(text) <= ANSWER_TOKENS:
        return text
    head = clip(text, ANSWER_TOKENS * 2 // 3)
    tail = " ".join(text.split()[-ANSWER_TOKENS // 4 :])  # about a third, in words
    return f"{head} {clip(tail, ANSWER_TOKENS // 3)}"


def extractive_answer(question: str, hits: Sequence[Any], company: str) -> Phrased:
    """The research sentence that best answers the question and the one after it, quoted
    with their file, and the runner-up sentence when it is nearly as good.

    The rules-mode way to answer a candidate's question without inventing anything; lines
    that read like instructions are never quoted. The sentence is chosen by meaning and by
    the question's rarer words ("What tools does the team use?" -> "They work in Power BI on
    top of Snowflake…", which shares no word), or because it names what the question names;
    the next sentence of the same passage comes with it, because research states a thing and
    then its detail ("The app was relaunched in November." "Store ratings went from 2.9 to
    4.4 stars."): on the retrieval benchmark's dev questions one sentence held the answer 58%
    of the time and two 75%. A sentence only near the question in meaning is offered as the
    closest, not as the answer; without one close enough or sharing a word, the research does
    not cover it.
    """
    passages: list[list[str]] = []
    for hit in hits:
        body = re.sub(r"(?m)^\s*#+.*$|^\s*[-*]\s+|\*\*", "", _table_rows(hit.text))
        passages.append([t for t in sentences(body) if len(t) >= 20 and not unsafe_to_show(t)])
    ranked = _rank_sentences(question, passages, company)
    job = _job_passages(question, hits)
    research = [pick for pick in ranked if pick.passage not in job]
    if research and _covers(research[0]):
        ranked.sort(key=lambda pick: pick.passage in job)  # stable: research first
    names = _names_from(question, company)

    def named(pick: _Pick) -> bool:
        said = passages[pick.passage][pick.sentence]
        return any(re.search(rf"\b{re.escape(n)}\b", said) for n in names)

    # "What is the Orchard?": the one sentence naming it answers, however far its meaning
    ranked.sort(key=lambda pick: not named(pick))  # stable: otherwise as ranked
    if not ranked or not (_covers(ranked[0]) or named(ranked[0])):
        return Phrased(NOT_COVERED)
    best = ranked[0]
    said = _through_list(passages[best.passage], best.sentence, 2)
    quoted = [(best, said)]
    taken = {(best.passage, best.sentence + k) for k in range(len(said))}
    # The runner-up too when it is nearly as good and not already quoted: one small
    # embedding often ranks the answer second ("What does the job pay?" put "We employ 1,650
    # people" just above "The salary band is..."), and a second line costs the candidate
    # less than a confident wrong one.
    runner = next((p for p in ranked[1:] if (p.passage, p.sentence) not in taken), None)
    if runner is not None and _covers(runner) and best.score - runner.score <= RUNNER_UP:
        more = _through_list(passages[runner.passage], runner.sentence, 1)
        # never the same sentence twice (a list the runner-up introduces may be quoted)
        more = [t for j, t in enumerate(more, runner.sentence) if (runner.passage, j) not in taken]
        quoted.append((runner, more))
    # a job description's line for a question about the company is at best the closest
    sure = (best.similarity >= ANSWERS_SENTENCE or named(best)) and best.passage not in job
    parts: list[str] = []
    sources: list[dict[str, Any]] = []
    last_file = None
    for pick, said in quoted:
        hit = hits[pick.passage]
        file = PurePath(hit.source).name or hit.title
        quote = clip(" ".join(said), PASSAGE_TOKENS)
        if last_file is None:
            lead = "From my research notes" if sure else CLOSEST_ONLY
            parts.append(f"{lead} ({file}): {quote}")
        else:
            parts.append(f"Also: {quote}" if file == last_file else f"Also ({file}): {quote}")
        last_file = file
        if source_of(hit) not in sources:
            sources.append(source_of(hit))
    if not sure:
        parts.append(CLOSEST_END if len(quoted) == 1 else CLOSEST_END_TWO)
    return Phrased(" ".join(parts), sources)
