"""Practice sessions on disk: SQLite in the data folder, or PostgreSQL via ``DATABASE_URL``.

Each interview step is written in one transaction (its turns, their evaluations and the new
interviewer state together), so a crash at any moment leaves the previous step intact and
never half of the next. A version column (the number of stored turns) lets two writers
detect that one of them is working from a stale copy instead of interleaving turns.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import (
    JSON,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
    create_engine,
    event,
    select,
    update,
)
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, relationship

from .errors import CoachError, InputError
from .models import (
    COMPONENTS,
    AnswerEvaluation,
    SessionRecord,
    SessionSetup,
    StarEvaluation,
    Turn,
    load_evaluation,
    utcnow,
)
from .panel import speaker


class UnknownSession(CoachError, LookupError):
    """No such session for this user; deliberately the same error for someone else's.

    A ValueError too, so command-line callers report it as one line like other bad input.
    """


def shown_id(session_id: object) -> str:
    """A session id as error messages show it: quoted, and cut short if someone sent a megabyte."""
    text = repr(session_id)
    return text if len(text) <= 40 else text[:36] + "…'"


class StaleSession(CoachError):
    """The session changed after it was read (another tab or process answered first)."""


class Base(DeclarativeBase):
    pass


class UserRow(Base):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class SessionRow(Base):
    __tablename__ = "practice_sessions"
    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    setup: Mapped[dict[str, Any]] = mapped_column(JSON)
    state: Mapped[str] = mapped_column(String(40))
    status: Mapped[str] = mapped_column(String(20), default="active")
    engine: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    version: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    user: Mapped[UserRow] = relationship()
    turns: Mapped[list[TurnRow]] = relationship(
        order_by="TurnRow.index", cascade="all, delete-orphan", back_populates="session"
    )


class TurnRow(Base):
    __tablename__ = "turns"
    __table_args__ = (UniqueConstraint("session_id", "index"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[str] = mapped_column(ForeignKey("practice_sessions.id"), index=True)
    index: Mapped[int] = mapped_column(Integer)
    speaker: Mapped[str] = mapped_column(String(20))
    kind: Mapped[str] = mapped_column(String(30))
    text: Mapped[str] = mapped_column(Text)
    question_id: Mapped[str | None] = mapped_column(String(40), index=True)
    sources: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    notes: Mapped[list[str]] = mapped_column(JSON, default=list)
    prompt_tokens: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    session: Mapped[SessionRow] = relationship(back_populates="turns")
    evaluation: Mapped[EvaluationRow | None] = relationship(
        cascade="all, delete-orphan", back_populates="turn", uselist=False
    )


class EvaluationRow(Base):
    """The STAR JSON, plus one integer column per component so trends are one SQL query."""

    __tablename__ = "evaluations"
    id: Mapped[int] = mapped_column(primary_key=True)
    turn_id: Mapped[int] = mapped_column(ForeignKey("turns.id"), unique=True)
    scorer: Mapped[str] = mapped_column(String(40))
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)
    situation: Mapped[int | None] = mapped_column(Integer)
    task: Mapped[int | None] = mapped_column(Integer)
    action: Mapped[int | None] = mapped_column(Integer)
    result: Mapped[int | None] = mapped_column(Integer)
    turn: Mapped[TurnRow] = relationship(back_populates="evaluation")


def _aware(dt: datetime) -> datetime:
    """Everything we store is UTC: SQLite hands it back without a zone, PostgreSQL in the
    connection's time zone (whatever the server is set to), so both are brought back to UTC."""
    return dt.replace(tzinfo=UTC) if dt.tzinfo is None else dt.astimezone(UTC)


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    # WAL lets the app read while a step is being written; NORMAL is safe with WAL.
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute("PRAGMA busy_timeout=10000")
    cur.close()


class Store:
    """All reads and writes of practice sessions; one instance per process is enough."""

    def __init__(self, url: str) -> None:
        self.url = url
        if url.startswith("sqlite:///") and url != "sqlite:///:memory:":
            Path(url.removeprefix("sqlite:///")).expanduser().parent.mkdir(
                parents=True, exist_ok=True
            )
        self.engine = create_engine(url, future=True)
        if self.engine.dialect.name == "sqlite":
            event.listen(self.engine, "connect", _sqlite_pragmas)
        Base.metadata.create_all(self.engine)

    def close(self) -> None:
        self.engine.dispose()

    # --- writing -----------------------------------------------------------------------------

    def _user_id(self, name: str) -> int:
        """Get or create the user in its own short transaction (SQLite savepoints are flaky)."""
        find = select(UserRow.id).where(UserRow.name == name)
        with Session(self.engine) as db:
            uid = db.scalar(find)
        if uid is not None:
            return int(uid)
        try:
            with Session(self.engine) as db, db.begin():
                row = UserRow(name=name)
                db.add(row)
                db.flush()
                return int(row.id)
        except IntegrityError:  # created by a concurrent writer a moment ago
            with Session(self.engine) as db:
                return int(db.scalar(find))

    def create_session(
        self,
        user: str,
        setup: SessionSetup,
        state: str,
        engine: dict[str, Any],
        *,
        turns: Iterable[Turn] = (),
        session_id: str | None = None,
    ) -> SessionRecord:
        """A new active session, with its opening turns in the same transaction."""
        if not user or len(user) > 200:
            raise InputError("user name must be 1 to 200 characters")
        now = utcnow()
        sid = session_id or uuid.uuid4().hex
        user_id = self._user_id(user)
        with Session(self.engine) as db, db.begin():
            row = SessionRow(
                id=sid,
                user_id=user_id,
                setup=setup.to_dict(),
                state=state,
                status="active",
                engine=engine,
                version=0,
                created_at=now,
                updated_at=now,
            )
            db.add(row)
            db.flush()
            row.version = self._append(db, sid, 0, list(turns))
        return self.get_session(sid)

    def add_turns(
        self,
        session_id: str,
        turns: Iterable[Turn],
        *,
        state: str,
        engine: dict[str, Any],
        status: str | None = None,
        expected_version: int | None = None,
        revise: Turn | None = None,
    ) -> int:
        """Append turns and save the interviewer state in ONE transaction; returns the version.

        ``expected_version`` is the number of turns the caller saw when it read the session;
        if anyone stored turns since, nothing is written and :class:`StaleSession` is raised.
        ``revise`` rewrites an already stored turn (same ``index``): the candidate's answer,
        stored before the LLM was asked, gets its kind, question and evaluation here.
        """
        turns = list(turns)
        with Session(self.engine) as db, db.begin():
            current = db.scalar(select(SessionRow.version).where(SessionRow.id == session_id))
            if current is None:
                raise UnknownSession(f"no practice session {shown_id(session_id)}")
            if expected_version is not None and current != expected_version:
                raise StaleSession(
                    f"session {session_id} changed while this answer was being handled"
                )
            new_version = current + len(turns)
            values: dict[str, Any] = {
                "state": state,
                "engine": engine,
                "version": new_version,
                "updated_at": utcnow(),
            }
            if status is not None:
                values["status"] = _check_status(status)
            # Compare-and-set: a concurrent writer that read the same version loses here.
            res = db.execute(
                update(SessionRow)
                .where(SessionRow.id == session_id, SessionRow.version == current)
                .values(**values)
            )
            if res.rowcount != 1:
                raise StaleSession(f"session {session_id} changed while it was being saved")
            if revise is not None:
                self._revise(db, session_id, revise)
            self._append(db, session_id, current, turns)
        return new_version

    def _revise(self, db: Session, session_id: str, turn: Turn) -> None:
        row = db.scalar(
            select(TurnRow).where(TurnRow.session_id == session_id, TurnRow.index == turn.index)
        )
        if row is None:
            raise StaleSession(f"session {session_id} has no turn {turn.index} to complete")
        row.kind, row.question_id, row.notes = turn.kind, turn.question_id, list(turn.notes)
        if turn.evaluation is not None:
            row.evaluation = _evaluation_row(turn.evaluation)

    def _append(self, db: Session, session_id: str, start: int, turns: list[Turn]) -> int:
        for offset, turn in enumerate(turns):
            turn.index = start + offset
            row = TurnRow(
                session_id=session_id,
                index=turn.index,
                speaker=turn.speaker,
                kind=turn.kind,
                text=turn.text,
                question_id=turn.question_id,
                sources=list(turn.sources),
                notes=list(turn.notes),
                prompt_tokens=int(turn.prompt_tokens),
                created_at=turn.created_at,
            )
            if turn.evaluation is not None:
                row.evaluation = _evaluation_row(turn.evaluation)
            db.add(row)
        db.flush()
        return start + len(turns)

    def set_status(self, session_id: str, status: str, user: str | None = None) -> None:
        self.get_session(session_id, user)  # same "unknown" error for another user's session
        with Session(self.engine) as db, db.begin():
            db.execute(
                update(SessionRow)
                .where(SessionRow.id == session_id)
                .values(status=_check_status(status), updated_at=utcnow())
            )

    def save_followup(
        self, session_id: str, followup: dict[str, Any], user: str | None = None
    ) -> None:
        """Store the follow-up drafts (the candidate's edits) with the session, in one update.

        They live in the session's JSON state beside the interviewer's, so a reload, another
        browser or the CLI sees the same text; the turns and their version are untouched.
        """
        record = self.get_session(session_id, user)  # same "unknown" error for others' sessions
        engine = dict(record.engine, followup=followup)
        with Session(self.engine) as db, db.begin():
            db.execute(update(SessionRow).where(SessionRow.id == session_id).values(engine=engine))

    # --- reading -----------------------------------------------------------------------------

    def get_session(self, session_id: str, user: str | None = None) -> SessionRecord:
        with Session(self.engine) as db:
            row = db.get(SessionRow, session_id)
            if row is None or (user is not None and row.user.name != user):
                raise UnknownSession(f"no practice session {shown_id(session_id)} for this user")
            return _record(row, with_turns=True)

    def list_sessions(
        self, user: str | None = None, *, with_turns: bool = True
    ) -> list[SessionRecord]:
        """Sessions newest first; ``with_turns=False`` for a quick listing."""
        with Session(self.engine) as db:
            q = select(SessionRow).order_by(SessionRow.created_at.desc(), SessionRow.id)
            if user is not None:
                q = q.join(UserRow).where(UserRow.name == user)
            return [_record(r, with_turns=with_turns) for r in db.scalars(q)]

    def recent_question_ids(self, user: str, sessions: int = 3) -> set[str]:
        """Questions this user answered in their last few sessions, to give them new ones."""
        with Session(self.engine) as db:
            recent = (
                select(SessionRow.id)
                .join(UserRow)
                .where(UserRow.name == user)
                .order_by(SessionRow.created_at.desc())
                .limit(sessions)
            )
            rows = db.scalars(
                select(TurnRow.question_id).where(
                    TurnRow.session_id.in_(recent.scalar_subquery()),
                    TurnRow.kind == "answer",
                    TurnRow.question_id.is_not(None),
                )
            )
            return {qid for qid in rows if qid}

    def component_history(self, user: str) -> list[dict[str, Any]]:
        """Per-answer component scores, oldest first: the raw material for trend charts."""
        with Session(self.engine) as db:
            q = (
                select(SessionRow.id, TurnRow.question_id, TurnRow.created_at, EvaluationRow)
                .join(TurnRow, TurnRow.session_id == SessionRow.id)
                .join(EvaluationRow, EvaluationRow.turn_id == TurnRow.id)
                .join(UserRow, UserRow.id == SessionRow.user_id)
                .where(UserRow.name == user)
                .order_by(TurnRow.created_at, TurnRow.id)
            )
            return [
                {
                    "session_id": sid,
                    "question_id": qid,
                    "created_at": _aware(at),
                    **{c: getattr(ev, c) for c in COMPONENTS},
                }
                for sid, qid, at, ev in db.execute(q)
            ]


def _evaluation_row(evaluation: AnswerEvaluation) -> EvaluationRow:
    """The evaluation's JSON, and its STAR scores as columns (none for a criteria one)."""
    star = isinstance(evaluation, StarEvaluation)
    scores = {c: evaluation.score(c) if star else None for c in COMPONENTS}
    return EvaluationRow(scorer=evaluation.scorer, payload=evaluation.to_dict(), **scores)


def _check_status(status: str) -> str:
    if status not in ("active", "finished"):
        raise InputError(f"status must be 'active' or 'finished', not {status!r}")
    return status


def _record(row: SessionRow, *, with_turns: bool) -> SessionRecord:
    turns = []
    if with_turns:
        for t in row.turns:
            turns.append(
                Turn(
                    speaker=t.speaker,  # type: ignore[arg-type]
                    kind=t.kind,  # type: ignore[arg-type]
                    text=t.text,
                    question_id=t.question_id,
                    evaluation=load_evaluation(t.evaluation.payload) if t.evaluation else None,
                    sources=list(t.sources or []),
                    prompt_tokens=t.prompt_tokens,
                    notes=list(t.notes or []),
                    created_at=_aware(t.created_at),
                    index=t.index,
                )
            )
    setup = SessionSetup.from_dict(row.setup)
    engine = dict(row.engine or {})
    for turn in turns:  # who spoke follows from the plan, so it is not a column
        turn.interviewer = speaker(turn, engine, setup.interviewers)
    return SessionRecord(
        id=row.id,
        user=row.user.name,
        setup=setup,
        state=row.state,
        status=row.status,  # type: ignore[arg-type]
        created_at=_aware(row.created_at),
        updated_at=_aware(row.updated_at),
        turns=turns,
        engine=engine,
    )
