"""The practice-session service: state machine + question bank + scorer + stores + LLM.

Every step reads the session, lets the pure :class:`~.interview.Interview` decide, has
:class:`~.phrasing.Voice` put the decision into words (templates, or the LLM when there is
one), and stores the new turns and state in one transaction before returning, so nothing
said is ever lost. The LLM only phrases; if it fails, that turn uses the template and the
user sees a note.

One answer, one question: the candidate's words are stored (marked pending) before any LLM
call, so a crash while the interviewer is still thinking loses nothing, and the same answer
sent again finishes that step. A caller says which turn it answers (``turn``: the
``version`` of the step it was shown); an answer to a question the session has moved past,
in another tab or by another client, is refused instead of being filed under the wrong one.
"""

from __future__ import annotations

import logging
import re
import threading
import uuid
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import criteria, star
from .config import Settings
from .criteria.research import job_description_from, research_filters
from .errors import InputError
from .followup.email import Email, draft_email, find_interviewer, recheck, send_by
from .followup.plan import Step as PlanStep
from .followup.plan import build_plan
from .interview import Answer, Finish, Interview, Start, State
from .knowledge.facts import Fact, research_hook
from .knowledge.resume import check_resume_text, pair_story, stories
from .llm.client import OFFLINE_NOTICE, LLMError
from .models import (
    AnswerEvaluation,
    CriteriaEvaluation,
    SessionRecord,
    SessionSetup,
    StarEvaluation,
    Turn,
)
from .panel import assign_askers
from .phrasing import STYLE, Voice, shared_instructions
from .questions import extract_competencies, load_competencies, plan_questions, question_by_id
from .storage import StaleSession, Store, UnknownSession, shown_id
from .untrusted import clean_line
from .voice import Recording, listen

if TYPE_CHECKING:
    from .llm.protocol import ChatModel

log = logging.getLogger(__name__)
RESUME_SOURCE = "your résumé"

MAX_ANSWER_CHARS = 20_000
MAX_NAME_CHARS = 120
#: A real panel is two to five people; the Follow-up tab drafts for the first four.
MAX_INTERVIEWERS = 8


class SessionFinished(InputError):
    """An answer arrived after the wrap-up (a late click, or leftover scripted answers)."""


class SessionBusy(InputError):
    """Another process answered first; reloading shows what it stored."""


#: What a stale tab (or a client answering an old question) is told, in the page and the API.
MOVED_ON = "This interview moved on in another tab — reload to continue."
#: Session ids are 32 hex characters; anything far off that is refused before any work.
_SESSION_ID = re.compile(r"[A-Za-z0-9_-]{1,64}")


class SessionMovedOn(SessionBusy):
    """The answer is for a turn the session has moved past (another tab or client answered)."""


def check_session_id(session_id: object) -> str:
    """A session id of a sane shape, or the same "unknown session" error as a missing one."""
    if not isinstance(session_id, str) or not _SESSION_ID.fullmatch(session_id):
        raise UnknownSession(f"no practice session {shown_id(session_id)} for this user")
    return session_id


@dataclass
class Step:
    """What one call produced: the candidate's turn first, then the interviewer's."""

    session_id: str
    turns: list[Turn]
    evaluation: AnswerEvaluation | None
    done: bool
    asked: int
    total: int
    state: str
    notes: list[str] = field(default_factory=list)
    version: int = 0  # turns stored after this step: send it as ``turn`` with the next answer


def check_text(text: str, what: str) -> None:
    """Refuse text a database cannot store: a NUL (PostgreSQL rejects it), or undecodable bytes
    a terminal or lenient decoder passed on as lone surrogates (SQLite fails on a codec error)."""
    if "\x00" in text:
        raise InputError(f"{what} contains a NUL character (binary data?); paste it as plain text.")
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise InputError(
            f"{what} contains bytes that are not valid UTF-8 text (character {exc.start + 1}); "
            "paste it again as plain text."
        ) from None


def validate_setup(setup: SessionSetup, competencies: Sequence[str]) -> SessionSetup:
    """Check a setup before anything is stored; each problem gets its own clear message."""
    people = " ".join(f"{p.name} {p.title}" for p in setup.interviewers)
    for what, value in [
        ("role", setup.role),
        ("company", setup.company),
        ("job description", setup.job_description),
        ("interviewer list", people),
    ]:
        check_text(str(value or ""), f"The {what}")
    for name in ("role", "company"):
        value = clean_line(str(getattr(setup, name) or ""))  # no CR, NUL or U+202E
        if not value:
            raise InputError(f"The {name} is empty; type the {name} you are preparing for.")
        if len(value) > MAX_NAME_CHARS:
            raise InputError(f"The {name} is {len(value)} characters; keep it to {MAX_NAME_CHARS}.")
        setattr(setup, name, value)
    if not isinstance(setup.num_questions, int) or not 1 <= setup.num_questions <= 30:
        raise InputError(f"Number of questions must be 1 to 30 (got {setup.num_questions!r}).")
    if setup.seniority not in ("junior", "mid", "senior"):
        raise InputError(f"Seniority must be junior, mid or senior (got {setup.seniority!r}).")
    if setup.style not in STYLE:
        raise InputError(f"Style must be friendly, neutral or tough (got {setup.style!r}).")
    if len(setup.job_description or "") > MAX_ANSWER_CHARS:
        raise InputError(f"The job description is over {MAX_ANSWER_CHARS:,} characters.")
    if len(setup.repeat) > 30 or not all(isinstance(q, str) for q in setup.repeat):
        raise InputError("Choose up to 30 questions to practise again.")
    unknown = [c for c in setup.focus if c not in competencies]
    if unknown:
        raise InputError(
            f"Unknown focus competencies {unknown}; choose from {sorted(competencies)}."
        )
    if len(setup.interviewers) > MAX_INTERVIEWERS:
        raise InputError(
            f"List at most {MAX_INTERVIEWERS} interviewers (got {len(setup.interviewers):,})."
        )
    for person in setup.interviewers:
        person.name, person.title = clean_line(person.name), clean_line(person.title)
        if not person.name or len(person.name) > MAX_NAME_CHARS:
            raise InputError(f"Each interviewer needs a name of 1 to {MAX_NAME_CHARS} characters.")
        if len(person.title) > MAX_NAME_CHARS:
            raise InputError(
                f"The title of {person.name[:40]} is {len(person.title)} characters; keep it to "
                f"{MAX_NAME_CHARS}."
            )
    if (setup.resume or "").strip():
        setup.resume = check_resume_text(setup.resume)
    setup.candidate_name = clean_line(" ".join(str(setup.candidate_name or "").split()))
    check_text(setup.candidate_name, "Your name")
    if len(setup.candidate_name) > MAX_NAME_CHARS:
        raise InputError(f"Your name is over {MAX_NAME_CHARS} characters; shorten it.")
    return setup


def evaluate_spoken(
    question: str,
    audio: str | Path | bytes,
    *,
    settings: Settings,
    llm: ChatModel | None = None,
    text: str | None = None,
) -> StarEvaluation:
    """A recorded answer's STAR evaluation: its transcript (or ``text``) scored as typed
    text, with what the recording measured (transcript, speaking time, pace, pauses)."""
    heard = listen(audio, model=settings.voice_model, threads=settings.voice_threads)
    result = star.evaluate(question, text or heard.text, llm=llm, settings=settings)
    result.spoken = heard.measured()
    return result


class Coach:
    """The service the CLI and the app share; ``llm=None`` is rules mode."""

    def __init__(
        self,
        settings: Settings,
        *,
        llm: ChatModel | None = None,
        knowledge: Any = None,
        store: Any = None,
    ) -> None:
        self.settings = settings
        self.llm = llm
        self._knowledge = knowledge
        self._store = store
        self._locks: dict[str, list] = {}  # session id -> [lock, callers holding or waiting]
        self._guard = threading.Lock()
        self.competencies = load_competencies(Path(settings.knowledge_dir))

    @property
    def store(self) -> Store:
        with self._guard:
            if self._store is None:
                self._store = Store(self.settings.db_url)
            return self._store

    @property
    def knowledge(self) -> Any:
        with self._guard:
            if self._knowledge is None:
                from .knowledge.store import KnowledgeStore

                self._knowledge = KnowledgeStore(self.settings)
            return self._knowledge

    @contextmanager
    def _locked(self, session_id: str) -> Iterator[None]:
        """One step at a time per session in this process; the lock goes when unused.

        Locks are counted and dropped by the last user, so ids that were tried once (or never
        existed) cost nothing afterwards.
        """
        with self._guard:
            entry = self._locks.setdefault(session_id, [threading.Lock(), 0])
            entry[1] += 1
        try:
            with entry[0]:
                yield
        finally:
            with self._guard:
                entry[1] -= 1
                if entry[1] == 0:
                    del self._locks[session_id]

    def warm_up(self) -> threading.Thread | None:
        """Have the local model read the interviewer's instructions now, in the background.

        They are the same for every session (what differs comes last, under THIS
        INTERVIEW), so once llama.cpp's prompt cache holds them a welcome reads only the
        session's own lines: about 150 prompt tokens instead of 700. The app calls this at
        start for the local model, while the candidate is still filling in the form.
        """
        if self.llm is None:
            return None
        llm = self.llm
        messages = [
            {"role": "system", "content": shared_instructions(self.settings)},
            {"role": "user", "content": "Reply with OK."},
        ]

        def warm() -> None:
            try:
                llm.chat(messages, temperature=0.0, max_tokens=1)
            except LLMError as exc:  # the first real call will find out and say so
                log.info("warming the local model's prompt cache failed: %s", exc)

        thread = threading.Thread(target=warm, name="llm-warm-up", daemon=True)
        thread.start()
        return thread

    # --- the public steps --------------------------------------------------------------------

    def start(
        self,
        setup: SessionSetup,
        user: str = "local",
        *,
        seed: str | None = None,
        on_token: Callable[[str], None] | None = None,
    ) -> Step:
        """Plan the questions, greet, ask the first one; ``seed`` fixes the plan (and prompts).

        Picking competencies is a judgement call, so the LLM helps only when it is trusted
        with judgement (``judge_capable``): the small local model would add noise and about
        ten seconds of prompt reading before the candidate sees a word.
        """
        validate_setup(setup, list(self.competencies))
        sid = uuid.uuid4().hex
        seed = sid if seed is None else str(seed)
        voice = self._voice(setup, Interview({}, []), on_token, (), user, {})
        kdir = Path(self.settings.knowledge_dir)
        judging = voice.llm if (voice.llm is not None and voice.llm.judge_capable) else None
        try:
            scored = extract_competencies(
                setup.job_description, llm=judging, knowledge_dir=kdir, settings=self.settings
            )
        except LLMError as exc:  # keywords alone are a fine plan; the LLM may still phrase
            log.info("LLM competency extraction failed, using keywords only: %s", exc)
            scored = extract_competencies(setup.job_description, knowledge_dir=kdir)
            if exc.outage:  # ...unless it is down: then the templates greet and ask
                voice.fail(exc)
        recent = self.store.recent_question_ids(user)
        plan = plan_questions(
            setup, setup.num_questions, recent, seed, scored=scored, knowledge_dir=kdir
        )
        keywords = {c.id: c.keywords for c in self.competencies.values()}
        askers = assign_askers([q.competencies for q in plan], setup.interviewers, keywords)
        # The setup is stored once, in its own column; the machine does not carry a copy.
        voice.machine = Interview(
            {},
            [q.id for q in plan],
            self.settings.probes_per_question,
            askers=askers if len(setup.interviewers) > 1 else [],
        )
        voice.hooks = self._hooks(voice, plan)
        turns = voice.say_all(voice.machine.handle(Start()).moves)
        mode = "llm" if self.llm is not None else "rules"
        engine = {
            "machine": voice.machine.to_dict(),
            "seed": seed,
            "competencies": [[c, round(v, 3)] for c, v in scored[:8]],
            "mode": mode,
            "llm_offline": self._llm_down(),
            "research": {str(i): asdict(fact) for i, fact in voice.hooks.items()},
        }
        state = voice.machine.state.value
        self.store.create_session(user, setup, state, engine, turns=turns, session_id=sid)
        return _step(sid, voice, turns, None, version=len(turns))

    def answer(
        self,
        session_id: str,
        text: str,
        user: str = "local",
        on_token: Callable[[str], None] | None = None,
        spoken: Recording | None = None,
        *,
        turn: int | None = None,
    ) -> Step:
        """Take one reply from the candidate; ``on_token`` previews LLM wording as it streams.

        ``turn`` is the ``version`` of the step the candidate was shown: when the session has
        moved on since, :class:`SessionMovedOn` is raised and nothing is stored. The turns in
        the returned :class:`Step` are authoritative: the preview may show words that
        validation later replaced with a template. ``spoken`` is the recording behind
        ``text`` (which may be its transcript as the candidate edited it): the text is
        scored, and the delivery is measured from the recording.
        """
        if not isinstance(text, str):
            raise InputError("The answer must be text.")
        check_text(text, "The answer")
        if len(text) > MAX_ANSWER_CHARS:
            raise InputError(
                f"That answer is {len(text):,} characters; the limit is {MAX_ANSWER_CHARS:,}. "
                "A spoken answer of two or three minutes is about 300-450 words."
            )
        check_session_id(session_id)
        if turn is not None and (isinstance(turn, bool) or not isinstance(turn, int) or turn < 0):
            raise InputError(f"turn must be the whole number the last reply gave (got {turn!r}).")
        with self._locked(session_id):
            record = self.store.get_session(session_id, user)
            pending = record.engine.get("pending")
            if pending is not None:
                # The same answer sent again (after a crash): finish its step. Another answer
                # may be in flight elsewhere, so only its own sender or a reload completes it.
                if turn in (None, pending) and record.turns[pending].text == text:
                    return self._reply(record, on_token)
                raise SessionMovedOn(MOVED_ON)
            if turn is not None and turn != len(record.turns):
                raise SessionMovedOn(MOVED_ON)
            if record.status == "finished" or self._machine(record).done:
                raise SessionFinished("This practice session has finished; start a new one.")
            # Stored before any LLM call, so a crash while the reply is written loses nothing.
            candidate = Turn("candidate", "answer", text)
            engine = dict(record.engine, pending=len(record.turns))
            self._save(record, [candidate], state=record.state, engine=engine)
            record.turns.append(candidate)
            record.engine = engine
            return self._reply(record, on_token, spoken)

    def _reply(self, record: SessionRecord, on_token: Any, spoken: Recording | None = None) -> Step:
        """Score the pending answer and put the interviewer's reply into words; one save."""
        index = int(record.engine["pending"])
        text = record.turns[index].text
        earlier = SessionRecord(**{**record.__dict__, "turns": record.turns[:index]})
        voice = self._resume_voice(earlier, on_token)
        machine = voice.machine
        qid = machine.current_question_id
        evaluation = None
        if qid and machine.wants_evaluation(text):
            evaluation = self._evaluate(voice, earlier, qid, text)
        if evaluation is not None and spoken is not None:
            evaluation.spoken = spoken.measured()
        decision = machine.handle(Answer(text, evaluation))
        candidate = Turn(
            "candidate",
            decision.input_kind or "answer",  # type: ignore[arg-type]
            text,
            question_id=qid if decision.question_index is not None else None,
            evaluation=evaluation,
            notes=list(voice.notes),  # e.g. the scorer could not use the LLM
            created_at=record.turns[index].created_at,
            index=index,
        )
        turns = voice.say_all(decision.moves)
        engine = {k: v for k, v in record.engine.items() if k != "pending"}
        engine.update(machine=machine.to_dict(), llm_offline=self._llm_down())
        status = "finished" if machine.done else None
        self._save(record, turns, state=machine.state.value, engine=engine, status=status,
                   revise=candidate)  # fmt: skip
        version = len(record.turns) + len(turns)
        return _step(record.id, voice, [candidate, *turns], evaluation, version=version)

    def listen(self, audio: str | Path | bytes) -> Recording:
        """Transcribe a recording with the shared model (loaded at the first call)."""
        return listen(audio, model=self.settings.voice_model, threads=self.settings.voice_threads)

    def finish(self, session_id: str, user: str = "local") -> SessionRecord:
        """End the interview now (early if need be); the record comes back finished."""
        check_session_id(session_id)
        with self._locked(session_id):
            record = self.store.get_session(session_id, user)
            if record.engine.get("pending") is not None:  # the last answer gets its reply
                self._reply(record, None)
                record = self.store.get_session(session_id, user)
            if record.status != "finished":
                voice = self._resume_voice(record, None)
                turns = voice.say_all(voice.machine.handle(Finish()).moves)
                engine = dict(
                    record.engine, machine=voice.machine.to_dict(), llm_offline=self._llm_down()
                )
                self._save(record, turns, state=voice.machine.state.value, engine=engine,
                           status="finished")  # fmt: skip
            return self.store.get_session(session_id, user)

    def get(self, session_id: str, user: str = "local") -> SessionRecord:
        return self.store.get_session(check_session_id(session_id), user)

    # --- follow-up ---------------------------------------------------------------------------

    def thank_you(
        self,
        session_id: str,
        interviewer: str,
        user: str = "local",
        *,
        research: Sequence[str] = (),
        clarification: str | None = None,
        redraft: bool = False,
    ) -> Email:
        """The note to one interviewer: as last saved (edits kept), else drafted and saved.

        ``clarification`` (what the candidate chose to add) redrafts the note with it.
        Checks always run on the text as it is now, against the notes to the rest of the panel.
        """
        record = self._finished(session_id, user)
        person = find_interviewer(record, interviewer)
        saved = dict(record.engine.get("followup") or {})
        notes = dict(saved.get("emails") or {})
        adds = dict(saved.get("clarifications") or {})
        if clarification is not None:
            check_text(clarification, "What you want to add")
            adds[person.name], redraft = clarification.strip(), True
        others = [(n["subject"], n["body"]) for k, n in notes.items() if k != person.name]
        kept = notes.get(person.name)
        if kept and not redraft:
            email = Email(person.name, kept["subject"], kept["body"], send_by(record),
                          title=person.title, source=kept.get("source", "edited"),
                          notes=list(kept.get("notes", [])))  # fmt: skip
            return recheck(
                record, email, list(research), None, others or None, adds.get(person.name, "")
            )
        email = draft_email(
            record, person, list(research), self.llm, clarification=adds.get(person.name, ""),
            others=others or None,
        )  # fmt: skip
        notes[person.name] = {
            "subject": email.subject, "body": email.body, "source": email.source,
            "notes": email.notes,
        }  # fmt: skip
        self.store.save_followup(
            session_id, {**saved, "emails": notes, "clarifications": adds}, user
        )
        return email

    def save_email(
        self,
        session_id: str,
        interviewer: str,
        subject: str,
        body: str,
        user: str = "local",
        *,
        research: Sequence[str] = (),
    ) -> Email:
        """Keep the candidate's edit of a note; it comes back after a reload, with its checks."""
        for what, text in (("The subject", subject), ("The email", body)):
            if not isinstance(text, str):
                raise InputError(f"{what} must be text.")
            check_text(text, what)
            if len(text) > MAX_ANSWER_CHARS:
                raise InputError(f"{what} is over {MAX_ANSWER_CHARS:,} characters.")
        record = self._finished(session_id, user)
        person = find_interviewer(record, interviewer)
        saved = dict(record.engine.get("followup") or {})
        notes = dict(saved.get("emails") or {})
        notes[person.name] = {"subject": subject, "body": body, "source": "edited", "notes": []}
        self.store.save_followup(session_id, {**saved, "emails": notes}, user)
        return self.thank_you(session_id, person.name, user, research=research)

    def follow_up_plan(
        self, session_id: str, user: str = "local", *, research: Sequence[str] = ()
    ) -> list[PlanStep]:
        """The steps after the interview, with the current notes as its first step."""
        record = self._finished(session_id, user)
        notes = [
            self.thank_you(session_id, p.name, user, research=research)
            for p in record.setup.interviewers
        ]
        return build_plan(record, notes, list(research))

    def _finished(self, session_id: str, user: str) -> SessionRecord:
        record = self.store.get_session(check_session_id(session_id), user)
        if record.status != "finished":
            raise InputError("Finish the interview before drafting follow-up notes.")
        return record

    def candidate_name(self, user: str = "local") -> str:
        """The name this user signed with last time: asked once, then remembered."""
        for record in self.store.list_sessions(user, with_turns=False):
            if record.setup.candidate_name:
                return record.setup.candidate_name
        return ""

    def sessions(self, user: str = "local") -> list[SessionRecord]:
        return self.store.list_sessions(user)

    def resume(self, session_id: str, user: str = "local") -> Step:
        """The interviewer's last words (after the candidate's last turn), to show again.

        An answer stored before a crash, still waiting for its reply, gets it now.
        """
        check_session_id(session_id)
        with self._locked(session_id):
            record = self.store.get_session(session_id, user)
            if record.engine.get("pending") is not None:
                self._reply(record, None)
                record = self.store.get_session(session_id, user)
        voice = self._resume_voice(record, None)
        tail: list[Turn] = []
        for turn in reversed(record.turns):
            if turn.speaker == "candidate":
                break
            tail.insert(0, turn)
        finished = record.status == "finished"
        return _step(session_id, voice, tail, None, finished=finished, version=len(record.turns))

    # --- plumbing ----------------------------------------------------------------------------

    def _llm_down(self) -> str | None:
        """Why the LLM was given up on in this process (the local model), else None."""
        return self.llm.down if self.llm is not None else None

    def _voice(
        self,
        setup: SessionSetup,
        machine: Interview,
        on_token: Any,
        history: Sequence[Turn],
        user: str,
        engine: dict[str, Any],
    ) -> Voice:
        """The step's voice; a model given up on is not asked, and each session is told once.

        ``engine["llm_offline"]`` remembers that this session was told, so later turns
        carry no note; it clears when a later process has the model back.
        """
        llm, notes = self.llm, []
        down = self._llm_down()
        if down:
            llm = None
            if not engine.get("llm_offline"):
                notes.append(OFFLINE_NOTICE.format(reason=down))
        voice = Voice(
            settings=self.settings,
            setup=setup,
            machine=machine,
            competencies=self.competencies,
            search=lambda query: [],
            llm=llm,
            on_token=on_token if llm is not None else None,
            history=history,
            notes=notes,
        )
        voice.search = lambda query: self._search(voice, query, user)
        return voice

    @staticmethod
    def _machine(record: SessionRecord) -> Interview:
        if "machine" in record.engine:  # sessions stored before setup-once carry a setup copy
            return Interview.from_dict({"setup": {}, **record.engine["machine"]})
        # imported or hand-made sessions have no interviewer state: treat as over
        return Interview({}, [], state=State.DONE)

    def _resume_voice(self, record: SessionRecord, on_token: Any) -> Voice:
        voice = self._voice(
            record.setup, self._machine(record), on_token, record.turns, record.user, record.engine
        )
        hooks = record.engine.get("research") or {}
        voice.hooks = {int(i): Fact(**fact) for i, fact in hooks.items()}
        return voice

    def _hooks(self, voice: Voice, plan: Sequence[Any]) -> dict[int, Fact]:
        """Questions to build around the candidate's material: one research fact (when the
        company has research) and one résumé story (when a résumé was given)."""
        # Opening and motivation questions are asked as written: only behavioural ones get hooks.
        at = [i for i, q in enumerate(plan) if q.type == "behavioural"]
        queries = [f"{self.competencies[plan[i].primary].label}: {plan[i].text}" for i in at]
        found = None
        if voice.setup.company.strip() and queries:
            found = research_hook(queries, voice.search, known=voice.setup.job_description)
        hooks: dict[int, Fact] = {}
        if found is not None:
            hooks[at[found[0]]] = found[1]
        # A résumé story leads another question: "Your résumé says “Led the billing migration…”"
        mine = stories(voice.setup.resume)
        free = [k for k in range(len(at)) if at[k] not in hooks]
        paired = pair_story(mine, [(k, queries[k]) for k in free])
        if paired is not None:
            hooks[at[paired[0]]] = Fact(paired[1].text, RESUME_SOURCE, "résumé")
        return hooks

    def _save(
        self,
        record: SessionRecord,
        turns: list[Turn],
        *,
        state: str,
        engine: dict[str, Any],
        status: str | None = None,
        revise: Turn | None = None,
    ) -> None:
        """Append ``turns`` (and rewrite the pending ``revise``) if no one else wrote first."""
        try:
            self.store.add_turns(
                record.id,
                turns,
                state=state,
                engine=engine,
                status=status,
                expected_version=len(record.turns),
                revise=revise,
            )
        except StaleSession as exc:
            raise SessionBusy(
                "This session was changed in another window while your answer was being "
                "handled; reload it to continue."
            ) from exc

    def _evaluate(
        self, voice: Voice, record: SessionRecord, qid: str, text: str
    ) -> AnswerEvaluation | None:
        """The answer's evaluation: STAR for behavioural questions, criteria for opening
        and motivation ones (each says its ``question_type``). A reply to a probe is
        scored together with the answer it adds to.

        Evidence offsets then index the earlier answer text(s) and this one joined by a blank
        line: a paragraph break, so an answer dictated without a full stop does not run on into
        the reply ("...nobody had to be moved out my job that weekend was...") as one clause.
        When the judge found the server down, the interviewer speaks from templates for the
        rest of the step: asking a dead server again would double the candidate's wait.
        """
        question = question_by_id(qid, Path(self.settings.knowledge_dir))
        earlier = [
            t.text
            for t in record.turns
            if t.kind == "answer" and t.question_id == qid and t.evaluation
        ]
        combined = "\n\n".join([*earlier, text])
        if question.type != "behavioural":
            return self._evaluate_typed(voice, record, question, combined)
        # A reply to the probe: what it supplies counts for the whole exchange.
        reply_from = len(combined) - len(text) if earlier else None
        try:
            try:
                result = star.evaluate(
                    question.text,
                    combined,
                    llm=voice.llm,
                    settings=self.settings,
                    reply_from=reply_from,
                )
            except LLMError as exc:
                voice.fail(exc)
                result = star.evaluate(
                    question.text, combined, settings=self.settings, reply_from=reply_from
                )
        except star.EmptyAnswerError:
            return None
        if getattr(result.llm_error, "outage", False):
            voice.fail(result.llm_error)  # type: ignore[arg-type]
        return result

    def _evaluate_typed(
        self, voice: Voice, record: SessionRecord, question: Any, answer: str
    ) -> CriteriaEvaluation:
        """Opening and motivation answers: criteria checked against the job description and
        the candidate's own research for this company."""
        setup = record.setup
        research = criteria.StoreResearch(
            self.knowledge.search, setup.company, research_filters(self.knowledge, record.user)
        )
        job = setup.job_description or job_description_from(research)
        result = criteria.evaluate(
            question.asked(setup),
            answer,
            question.type,
            research=research,
            job_description=job,
            company=setup.company,
            role=setup.role,
            llm=voice.llm,
            settings=self.settings,
        )
        if getattr(result.llm_error, "outage", False):
            voice.fail(result.llm_error)  # type: ignore[arg-type]
        return result

    def _search(self, voice: Voice, query: str, user: str) -> list[Any]:
        """The user's own research (and the shared samples) about the session's company."""
        try:
            return self.knowledge.search(
                query, company=voice.setup.company, k=3, collections=("research",), user=user
            )
        except Exception as exc:  # an empty or unreachable store must not stop the interview
            log.warning("research search failed: %s", exc)
            note = f"Company research is unavailable ({exc}); answering without it."
            if note not in voice.notes:
                voice.notes.append(note)
            return []


def _step(
    sid: str,
    voice: Voice,
    turns: list[Turn],
    evaluation: AnswerEvaluation | None,
    finished: bool = False,
    *,
    version: int,
) -> Step:
    m = voice.machine
    done = m.done or finished
    notes = voice.notes
    return Step(sid, turns, evaluation, done, m.asked, m.total, m.state.value, notes, version)


__all__ = [
    "MOVED_ON",
    "Coach",
    "InputError",
    "SessionBusy",
    "SessionFinished",
    "SessionMovedOn",
    "Step",
    "UnknownSession",
]
