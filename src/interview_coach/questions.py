"""The question bank: which questions to ask, and how to phrase them for one company.

Selection is plain code (keyword-scored competencies, seeded choice) so a session is
reproducible from its seed and works without any LLM. An LLM may only rephrase the chosen
question; its output is checked and replaced by a template when it is not one clean question.
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml
from pydantic import BaseModel, ConfigDict

from .config import PROJECT_ROOT
from .errors import CoachError
from .llm.guards import (
    clip,
    content_words,
    first_question,
    keeps_meaning,
    passage_block,
    places_at,
    source_of,
)
from .models import SessionSetup
from .text import list_items, sentences

if TYPE_CHECKING:
    from .llm.protocol import ChatModel

DEFAULT_KNOWLEDGE = PROJECT_ROOT / "knowledge"
#: Research a tailored question sees: enough for one linking fact, small enough that a
#: two-core CPU reads the whole message in about two seconds.
TAILOR_PASSAGES = 2
TAILOR_PASSAGE_TOKENS = 60


QUESTION_TYPES = ("behavioural", "opening", "motivation")
#: The shape of a session: "full" opens with one opening and one motivation question before
#: the behavioural ones, as real interviews do; "behavioural" asks behavioural questions only.
MIXES = ("full", "behavioural")
#: What an opening or motivation question is "about", where a behavioural one names its
#: competency (progress lines, reports).
TYPE_LABELS = {"opening": "Introducing yourself", "motivation": "Motivation"}


@dataclass(frozen=True)
class Question:
    id: str
    text: str
    competencies: tuple[str, ...]
    seniority: tuple[str, ...]
    probe_hints: tuple[str, ...] = ()
    type: str = "behavioural"
    #: For motivation questions: "company" (why us?) or "role" (why this role?).
    focus: str | None = None

    @property
    def primary(self) -> str:
        return self.competencies[0] if self.competencies else self.type

    def asked(self, setup: SessionSetup) -> str:
        """The text with {company} and {role} filled in for this session."""
        return self.text.replace("{company}", setup.company).replace("{role}", setup.role)


@dataclass(frozen=True)
class Competency:
    id: str
    label: str
    description: str
    keywords: tuple[str, ...]


@dataclass
class Phrased:
    """Words for one interviewer turn, with the research it leans on and its prompt size."""

    text: str
    sources: list[dict[str, Any]] = field(default_factory=list)
    prompt_tokens: int = 0
    used_llm: bool = False


# --- loading ---------------------------------------------------------------------------------


def _read_yaml(path: Path) -> Any:
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise CoachError(f"cannot read {path}: {exc}") from exc


@lru_cache(maxsize=4)
def load_competencies(knowledge_dir: Path) -> dict[str, Competency]:
    raw = _read_yaml(Path(knowledge_dir) / "competencies.yaml")
    return {
        cid: Competency(
            id=cid,
            label=str(item["label"]),
            description=str(item.get("description", "")),
            keywords=tuple(str(k).lower() for k in item.get("keywords", [])),
        )
        for cid, item in raw.items()
    }


@lru_cache(maxsize=4)
def load_bank(knowledge_dir: Path) -> tuple[Question, ...]:
    """All questions, checked against the competency list so a typo fails loudly at load."""
    known = load_competencies(knowledge_dir)
    bank: list[Question] = []
    seen: set[str] = set()
    for item in _read_yaml(Path(knowledge_dir) / "questions.yaml"):
        q = Question(
            id=str(item["id"]),
            text=str(item["text"]).strip(),
            competencies=tuple(item.get("competencies") or ()),
            seniority=tuple(item["seniority"]),
            probe_hints=tuple(item.get("probe_hints") or ()),
            type=str(item.get("type") or "behavioural"),
            focus=item.get("focus"),
        )
        unknown = [c for c in q.competencies if c not in known]
        behavioural = q.type == "behavioural"
        if (
            q.id in seen
            or unknown
            or q.type not in QUESTION_TYPES
            or (behavioural and not q.competencies)
        ):
            raise ValueError(
                f"questions.yaml: bad item {q.id} (duplicate, unknown {unknown}, type {q.type!r} "
                "or a behavioural question without competencies)"
            )
        seen.add(q.id)
        bank.append(q)
    return tuple(bank)


def question_by_id(qid: str, knowledge_dir: Path = DEFAULT_KNOWLEDGE) -> Question:
    for q in load_bank(Path(knowledge_dir)):
        if q.id == qid:
            return q
    raise CoachError(f"unknown question id {qid!r}")


# --- choosing --------------------------------------------------------------------------------


def extract_competencies(
    job_description: str,
    *,
    llm: ChatModel | None = None,
    knowledge_dir: Path = DEFAULT_KNOWLEDGE,
    competencies: dict[str, Competency] | None = None,
    settings: Any = None,
) -> list[tuple[str, float]]:
    """Competencies a job description asks for, strongest first, scores in 0..1.

    Keywords are stems matched at the start of a word ("communicat" hits "communication"),
    weighted by how often they occur. An LLM, when given, adds its own picks on top; if it
    fails the keyword result stands on its own.
    """
    competencies = competencies or load_competencies(Path(knowledge_dir))
    text = job_description.lower()
    counts: dict[str, int] = {}
    for cid, comp in competencies.items():
        n = sum(len(re.findall(r"(?<![a-z0-9])" + re.escape(k), text)) for k in comp.keywords)
        if n:
            counts[cid] = n
    top = max(counts.values(), default=0)
    scores = {cid: n / top for cid, n in counts.items()}
    if llm is not None and text.strip():
        for cid in _llm_competencies(job_description, competencies, llm, settings):
            scores[cid] = min(1.0, scores.get(cid, 0.0) + 0.5)
    return sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))


class PickedCompetencies(BaseModel):
    """The model's reply when asked which competencies a job description stresses."""

    model_config = ConfigDict(extra="forbid")
    competencies: list[str]


def _llm_competencies(
    jd: str, competencies: dict[str, Competency], llm: ChatModel | None, settings: Any
) -> list[str]:
    """Up to five ids the model picks; LLMError propagates so the caller can say so."""
    from .llm.client import render

    listing = "\n".join(f"- {c.id}: {c.label}" for c in competencies.values())
    messages = [
        {
            "role": "user",
            "content": render(
                "extract_competencies",
                settings,
                competencies=listing,
                job_description=clip(jd, 600),
            ),
        }
    ]
    picked = llm.json(messages, PickedCompetencies, max_tokens=80).competencies
    # the real model answered " leadership": compare ids the way a person would read them
    ids = {cid.casefold(): cid for cid in competencies}
    found = [ids.get(c.strip().casefold()) for c in picked if isinstance(c, str)]
    return list(dict.fromkeys(c for c in found if c))[:5]


def rank_competencies(
    focus: Sequence[str], scored: Sequence[tuple[str, float]], all_ids: Iterable[str], seed: str
) -> list[str]:
    """Focus first (as given), then the job description's, then the rest in seeded order."""
    order: list[str] = []
    for cid in list(focus) + [c for c, _ in scored]:
        if cid not in order:
            order.append(cid)
    rest = [c for c in sorted(all_ids) if c not in order]
    random.Random(f"rank:{seed}").shuffle(rest)
    return order + rest


def select_questions(
    setup: SessionSetup,
    n: int,
    exclude_ids: Iterable[str] = (),
    seed: int | str = 0,
    *,
    scored: Sequence[tuple[str, float]] | None = None,
    knowledge_dir: Path = DEFAULT_KNOWLEDGE,
) -> list[Question]:
    """``n`` distinct questions covering one competency each before any competency repeats.

    Competencies come from the focus list, then the job description (``scored``, computed
    when not given), then the rest in seeded order. Questions in ``exclude_ids`` (asked in
    recent sessions) are used only once the rest run out, and the seniority filter is dropped
    only when even that is not enough. The same seed always gives the same questions.
    """
    knowledge_dir = Path(knowledge_dir)
    bank = [q for q in load_bank(knowledge_dir) if q.type == "behavioural"]
    if scored is None:
        scored = extract_competencies(setup.job_description, knowledge_dir=knowledge_dir)
    ranked = rank_competencies(setup.focus, scored, load_competencies(knowledge_dir), str(seed))
    rng = random.Random(f"pick:{seed}")
    excluded = set(exclude_ids)
    fits = [q for q in bank if setup.seniority in q.seniority]
    pools = [
        [q for q in fits if q.id not in excluded],
        [q for q in fits if q.id in excluded],
        [q for q in bank if setup.seniority not in q.seniority],
    ]
    by_id = {q.id: q for q in bank}
    chosen = [by_id[qid] for qid in dict.fromkeys(setup.repeat) if qid in by_id][:n]
    taken = {q.id for q in chosen}
    for pool in pools:
        while len(chosen) < n:
            added = False
            for cid in ranked:
                if len(chosen) >= n:
                    break
                options = [q for q in pool if q.id not in taken and q.primary == cid]
                if not options and not any(q.primary == cid for q in chosen):
                    options = [q for q in pool if q.id not in taken and cid in q.competencies]
                if options:
                    q = options[rng.randrange(len(options))]
                    chosen.append(q)
                    taken.add(q.id)
                    added = True
            if not added:
                break
    return chosen


def plan_questions(
    setup: SessionSetup,
    n: int,
    exclude_ids: Iterable[str] = (),
    seed: int | str = 0,
    *,
    scored: Sequence[tuple[str, float]] | None = None,
    knowledge_dir: Path = DEFAULT_KNOWLEDGE,
) -> list[Question]:
    """The session's ``n`` questions in asking order, shaped like a real interview.

    With the "full" mix: one opening question ("Tell me about yourself" or a variant), then
    one motivation question (why this company, or why this role), then behavioural ones; a
    session of one or two questions keeps the opening and motivation ones. The variants are
    a seeded choice, so the same seed gives the same interview. "behavioural" skips both.
    """
    knowledge_dir = Path(knowledge_dir)
    mix = getattr(setup, "mix", "full")
    lead: list[Question] = []
    if mix == "full" and n > 0:
        rng = random.Random(f"lead:{seed}")
        bank = load_bank(knowledge_dir)
        recent = set(exclude_ids)
        for kind in ("opening", "motivation"):
            options = [q for q in bank if q.type == kind] if len(lead) < n else []
            # a variant not heard in recent sessions, while there is one
            options = [q for q in options if q.id not in recent] or options
            if options:
                lead.append(options[rng.randrange(len(options))])
    rest = select_questions(
        setup, n - len(lead), exclude_ids, seed, scored=scored, knowledge_dir=knowledge_dir
    )
    return lead + rest


# --- phrasing --------------------------------------------------------------------------------


#: The "why I'm asking" line: several wordings, so five questions do not end alike, and
#: each names where the question comes from (a line of the job description when one
#: matches the competency, else the role).
_WHY_JD = (
    "I'm asking because the job description says “{phrase}”.",
    "The reason I ask: the posting mentions “{phrase}”.",
    "This matters for the role because the job description asks for “{phrase}”.",
)
_WHY_PLAIN = (
    "I'm asking because this {role} role at {company} calls for {label}.",
    "The reason I ask: {label} comes up a lot in {role} work at {company}.",
    "I ask because {company} will want to see {label} from its {role}.",
)
#: The sentence that puts a research fact in front of a bank question, naming its file.
_LEADS = (
    "Something from your research stood out ({file}): “{fact}”",
    "I read in {file} that “{fact}”",
    "Your research notes mention this ({file}): “{fact}”",
)


def jd_phrase(
    job_description: str, keywords: Sequence[str], exclude: Iterable[str] = ()
) -> str | None:
    """The job description's line that names the competency most plainly, cut to fit a sentence.

    Lines are scored by the length of the keyword stems they contain, so "own services end
    to end" beats a line that only brushes a short stem ("reliab" in a job title). Phrases in
    ``exclude`` (quoted for earlier questions) are skipped, so the "why" does not repeat.
    """
    skip = set(exclude)
    best: tuple[int, int, str] | None = None
    for raw in sentences(job_description or ""):
        line = re.sub(r"^\s*(?:[-*+•]|\d{1,2}[.)]|#+)\s*", "", raw).replace("**", "")
        line = " ".join(line.split()).rstrip(".;:,")
        if len(line.split()) < 4:
            continue
        # the ask that names the competency, not the whole sentence it is listed in
        for part in dict.fromkeys([line, *list_items(line)]):
            low = part.casefold()
            score = sum(len(k) for k in keywords if re.search(r"(?<![a-z0-9])" + re.escape(k), low))
            rank = (score, -len(part.split()))
            if score >= 5 and _shorten(part) not in skip and (best is None or rank > best[:2]):
                best = (*rank, part)
    return None if best is None else _shorten(best[2])


def _shorten(line: str, words: int = 16) -> str:
    cut = line.split()
    return " ".join(cut[:words]) + ("…" if len(cut) > words else "")


def why_line(setup: SessionSetup, label: str, seed: int = 0, phrase: str | None = None) -> str:
    """Why this question: the job description's words when given, else the role's needs."""
    if phrase:
        return _WHY_JD[seed % len(_WHY_JD)].format(phrase=phrase)
    line = _WHY_PLAIN[seed % len(_WHY_PLAIN)]
    return line.format(role=setup.role, company=setup.company, label=label.lower())


_RESUME_LEADS = ("Your résumé says: “{fact}”", "I see this on your résumé: “{fact}”")


def research_lead(fact: Any, seed: int = 0) -> str:
    """A research fact (or résumé line), quoted whole with its file, to lead into a question."""
    text = fact.text if fact.text.endswith((".", "!", ")", "”", '"')) else f"{fact.text}."
    leads = _RESUME_LEADS if fact.heading == "résumé" else _LEADS
    return leads[seed % len(leads)].format(fact=text, file=fact.file)


def template_question(
    question: Question, setup: SessionSetup, label: str, why: str | None = None, lead: str = ""
) -> str:
    """The bank question with its "why I'm asking" line, after an optional research lead;
    opening and motivation questions are asked as interviewers ask them, with no reason."""
    if question.type != "behavioural":
        return question.asked(setup)
    why = why or why_line(setup, label)
    return f"{lead} {question.text} {why}".strip()


def tailor(
    question: Question,
    setup: SessionSetup,
    passages: Sequence[Any],
    llm: ChatModel | None = None,
    *,
    label: str,
    system: str = "",
    progress: str = "",
    settings: Any = None,
    on_token: Any = None,
    why: str | None = None,
) -> Phrased:
    """The bank question phrased for this company, grounded in the top research passages.

    Without an LLM (or when its output is not one clean question) a template names the role,
    company and competency. :class:`llm.LLMError` propagates so the caller can tell the user.
    How to phrase it lives in the system prompt, which the server caches for the session;
    the message carries only what changes per question, kept short (two passages cut to
    the sentences about the question) because every token of it is processed before the
    candidate sees a word.
    """
    fallback = Phrased(template_question(question, setup, label, why))
    if llm is None:
        return fallback
    from .llm.client import render
    from .tokens import count_message_tokens

    hits = list(passages)[:TAILOR_PASSAGES]
    block = passage_block(hits, f"{label} {question.text}", max_tokens=TAILOR_PASSAGE_TOKENS)
    messages = [
        {"role": "system", "content": system},
        {
            "role": "user",
            "content": render(
                "tailor_question",
                settings,
                progress=progress,
                question=question.text,
                competency=label,
                company=setup.company,
                passages=block,
            ),
        },
    ]
    tokens = count_message_tokens(messages)
    raw = stream_text(
        llm, messages, temperature=0.4, max_tokens=120, on_token=on_token, stop_at_question=True
    )
    text = first_question(raw)
    # The candidate has not worked at the company yet: "your time at Quaylift" is a slip.
    if text is None or not keeps_meaning(question.text, text) or places_at(text, setup.company):
        return Phrased(fallback.text, prompt_tokens=tokens, used_llm=True)
    # cite only passages the new wording actually draws on, not everything we offered
    known = f"{question.text} {label} {setup.role} {setup.company}"
    added = content_words(text) - content_words(known)
    used = [h for h in hits if len(added & content_words(h.text)) >= 2]
    return Phrased(text, [source_of(h) for h in used], tokens, used_llm=True)


def stream_text(
    llm: ChatModel | None,
    messages: list[dict[str, str]],
    *,
    temperature: float,
    max_tokens: int,
    on_token: Any = None,
    stop_at_question: bool = False,
) -> str:
    """The model's reply; streamed to ``on_token`` when someone is watching, else one call.

    With ``stop_at_question`` the stream is cut after the first "?", so a watcher never sees
    the second and third questions a small model likes to stack (and we stop paying for them).
    """
    if on_token is None:
        return llm.chat(messages, temperature=temperature, max_tokens=max_tokens).text
    chunks: list[str] = []
    for chunk in llm.stream(messages, temperature=temperature, max_tokens=max_tokens):
        if stop_at_question and "?" in chunk:
            chunk = chunk[: chunk.index("?") + 1]
        chunks.append(chunk)
        on_token(chunk)
        if stop_at_question and "?" in chunk:
            break
    return "".join(chunks)
