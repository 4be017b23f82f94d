"""What the browser app and its API endpoints do, without any gradio in sight.

Each function takes the shared :class:`Services` and the signed-in user, calls the
engine, and returns plain data. The UI (``app.py``) and the named API endpoints both
go through here, so a session scripted with ``gradio_client`` behaves exactly like
one clicked through in the browser, including whose sessions are visible.
"""

from __future__ import annotations

import logging
import os
import re
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..config import Settings
from ..errors import InputError
from ..knowledge.companies import sample_companies
from ..models import PanelMember, SessionRecord, SessionSetup

if TYPE_CHECKING:
    from ..llm.protocol import ChatModel

log = logging.getLogger(__name__)

FACTS_QUERY = "mission products customers recent news values challenges"


@dataclass
class Services:
    """The engine objects one app process shares between all its users."""

    settings: Settings
    backend: Any
    llm: ChatModel | None
    knowledge: Any
    coach: Any
    # Reports (with LLM rewrites, slow) and research lookups, by session id and version.
    cache: dict[tuple, Any] = field(default_factory=dict)
    # Files offered for download. gradio only serves files from its temp dir, the working
    # dir or allowed_paths; a folder of our own avoids exposing the whole data folder.
    download_dir: Path | None = None  # the app's, inside gradio's private folder (web.files)
    tmp: tempfile.TemporaryDirectory | None = None  # else a throwaway one (tests)

    @property
    def downloads(self) -> Path:
        if self.download_dir is not None:
            return self.download_dir
        if self.tmp is None:
            self.tmp = tempfile.TemporaryDirectory(prefix="interview-coach-downloads-")
        return Path(self.tmp.name)


def browser_secret(settings: Settings) -> str:
    """The key that encrypts what the page keeps in the browser (the interview in progress).

    Kept in the private data folder (0600) so a restarted app can still read what the browser
    kept, and no other app can.
    """
    import secrets

    path = settings.data_dir / "browser-secret"
    try:
        return path.read_text(encoding="ascii").strip()
    except FileNotFoundError:
        settings.data_dir.mkdir(parents=True, exist_ok=True)
        value = secrets.token_urlsafe(32)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="ascii") as out:
            out.write(value)
        return value


def make_services(settings: Settings, downloads: Path | None = None) -> Services:
    """Pick the LLM backend once (it may probe a server) and build the shared engine."""
    from ..knowledge.store import KnowledgeStore
    from ..llm.client import open_llm
    from ..session import Coach

    backend, llm = open_llm(settings)
    knowledge = KnowledgeStore(settings)
    coach = Coach(settings, llm=llm, knowledge=knowledge)
    if backend.name == "local":  # it reads the shared instructions while the form is filled
        coach.warm_up()
    return Services(settings, backend, llm, knowledge, coach, download_dir=downloads)


# --- prepare ---------------------------------------------------------------------------------


def interviewers_text(people: Sequence[PanelMember]) -> str:
    return "\n".join(f"{p.name}, {p.title}" if p.title else p.name for p in people)


def parse_interviewers(text: str) -> list[PanelMember]:
    """One 'Name, Title' per line; blank lines are ignored."""
    return [PanelMember.parse(line) for line in (text or "").splitlines() if line.strip()]


def build_setup(
    role: str,
    company: str,
    job_description: str,
    interviewers: str,
    num_questions: float | int | None,
    seniority: str = "mid",
    style: str = "neutral",
    resume: str = "",
    candidate_name: str = "",
    mix: str = "full",
) -> SessionSetup:
    """Form values to a setup; the session engine validates the rest with clear messages.

    API callers can send anything, so types and the size of the interviewer box are checked
    here, before any parsing: a number for a role gets a clear error, 100,000 interviewer
    lines are refused without being split into objects.
    """
    from ..session import MAX_INTERVIEWERS

    fields = {
        "role": role,
        "company": company,
        "job description": job_description,
        "interviewer list": interviewers,
        "seniority": seniority,
        "style": style,
    }
    for what, value in fields.items():
        if value is not None and not isinstance(value, str):
            raise InputError(f"The {what} must be text (got {type(value).__name__}).")
    people = [line for line in (interviewers or "").splitlines() if line.strip()]
    if len(people) > MAX_INTERVIEWERS:
        raise InputError(
            f"List at most {MAX_INTERVIEWERS} interviewers, one per line (got {len(people):,})."
        )
    try:
        n = float(num_questions if num_questions not in (None, "") else 5)
    except (TypeError, ValueError):
        n = float("nan")
    if not n.is_integer():
        raise InputError(f"Number of questions must be a whole number (got {num_questions!r}).")
    return SessionSetup(
        role=(role or "").strip(),
        company=(company or "").strip(),
        seniority=(seniority or "mid"),  # type: ignore[arg-type]
        job_description=(job_description or "").strip(),
        interviewers=parse_interviewers(interviewers),
        num_questions=int(n),
        style=(style or "neutral"),  # type: ignore[arg-type]
        resume=(resume or "").strip(),
        candidate_name=(candidate_name or "").strip(),
        mix=_mix(mix),
    )


def _mix(value: str | None) -> Any:
    """ "full" (about you, why us, then behavioural) or "behavioural"; anything else is an
    input error with the choices named."""
    value = (value or "full").strip().lower()
    if value not in ("full", "behavioural"):
        raise InputError(f"Interview mix must be 'full' or 'behavioural' (got {value!r}).")
    return value


def read_resume_upload(path: str) -> tuple[str, str]:
    """(text, one-line summary) of an uploaded résumé; :class:`ResumeError` when unusable."""
    from ..knowledge.resume import MAX_RESUME_BYTES, ResumeError, read_resume, stories

    file = Path(path)
    name = file.name
    try:
        size = file.stat().st_size
        if size > MAX_RESUME_BYTES:  # refuse before reading a huge file into memory
            read_resume(b"x" * (MAX_RESUME_BYTES + 1), name)
        text = read_resume(file.read_bytes(), name)
    except OSError as exc:
        raise ResumeError(f"{name}: cannot read the upload ({exc.strerror or exc})") from exc
    found = stories(text)
    words = len(re.findall(r"[^\W_]+", text))
    summary = (
        f"{name}: read {words:,} words; {len(found)} stor{'y' if len(found) == 1 else 'ies'} found"
    )
    if found:
        summary += f", e.g. “{found[0].text}”"
    return text, summary


def company_choices(services: Services, user: str) -> list[str]:
    """Sample companies plus any company this user has uploaded research for."""
    names = list(sample_companies(services.settings))
    try:
        names += services.knowledge.companies(user)
    except Exception as exc:  # the store may be unreachable; the samples still work
        log.warning("cannot list companies in the knowledge store: %s", exc)
    seen: dict[str, str] = {}
    for name in names:
        seen.setdefault(name.casefold(), name)
    return sorted(seen.values(), key=str.casefold)


def ingest_uploads(
    services: Services,
    paths: Sequence[str],
    company: str,
    user: str,
    progress: Callable[[int, int, str], None] | None = None,
) -> list[tuple[str, bool, str]]:
    """Index ``user``'s uploaded research for ``company``; each file succeeds or fails alone."""
    from ..knowledge.documents import DocumentError, check_file

    if not (company or "").strip():
        raise InputError("Choose or type the company first: research is filed under a company.")
    results: list[tuple[str, bool, str]] = []
    for i, raw in enumerate(paths):
        path = Path(raw)
        name = path.name  # gradio keeps the original name as the last part of its copy
        if progress:
            progress(i, len(paths), name)
        try:
            check_file(name, path.stat().st_size)  # refuse before reading a huge file
            data = path.read_bytes()
            report = services.knowledge.ingest_bytes(data, name, company.strip(), user=user)
        except DocumentError as exc:
            results.append((name, False, str(exc).removeprefix(f"{name}: ")))
            continue
        except OSError as exc:
            results.append((name, False, f"cannot read the upload ({exc.strerror or exc})"))
            continue
        if report.status == "error":
            results.append((name, False, report.message))
            continue
        passages = f"{report.chunks} passage{'s' if report.chunks != 1 else ''}"
        detail = f"{report.status}: {passages} the coach can search"
        if report.warnings:
            detail += " · " + "; ".join(report.warnings)
        results.append((name, True, detail))
    return results


def interview_brief(
    services: Services,
    company: str,
    job_description: str,
    interviewers: str = "",
    role: str = "",
    *,
    user: str,
) -> dict[str, Any]:
    """Competencies from the job description, ``user``'s research facts and questions to ask.

    Facts are whole sentences with the file they came from; the questions to ask are built
    for each interviewer from those facts and the interviewer's role.
    """
    from ..asking import questions_to_ask
    from ..knowledge.facts import research_facts
    from ..questions import extract_competencies, load_competencies

    known = load_competencies(Path(services.settings.knowledge_dir))
    found = extract_competencies(job_description or "", competencies=known)
    competencies = [(known[cid].label, known[cid].description) for cid, _ in found[:5]]
    notes: list[str] = []
    facts: list[Any] = []
    try:
        if company.strip():
            facts = research_facts(
                lambda q: services.knowledge.search(
                    q, company=company, k=3, collections=("research",), user=user
                )
            )
    except Exception as exc:  # an empty or unreachable store must not break the brief
        log.warning("brief retrieval failed: %s", exc)
        notes.append(f"Knowledge search is unavailable ({exc}); run `interview-coach index`.")
    people = parse_interviewers(interviewers) or [PanelMember("Your interviewer", "")]
    questions = [
        (person, questions_to_ask(person, role, facts, offset=n)) for n, person in enumerate(people)
    ]
    return {"competencies": competencies, "facts": facts, "questions": questions, "notes": notes}


# --- sessions --------------------------------------------------------------------------------


def interviewer_text(turns: Sequence[Any], kinds: set[str] | None = None) -> str:
    kinds = kinds or {"greeting", "question", "probe", "reply", "wrap_up"}
    return "\n\n".join(t.text for t in turns if t.speaker == "interviewer" and t.kind in kinds)


def interviewer_turns(turns: Sequence[Any]) -> list[dict[str, str]]:
    """Each interviewer turn with who said it (on a panel the speakers take turns)."""
    return [
        {"interviewer": t.interviewer, "kind": t.kind, "text": t.text}
        for t in turns
        if t.speaker == "interviewer"
    ]


def speaker_of(turns: Sequence[Any]) -> str:
    """Who spoke last: the person whose question the candidate answers next."""
    said = [t.interviewer for t in turns if t.speaker == "interviewer"]
    return said[-1] if said else ""


def latest_question(turns: Sequence[Any]) -> str:
    for t in reversed(turns):
        if t.kind in {"question", "probe"}:
            return t.text
    return interviewer_text(turns)


def find_interviewer(record: SessionRecord, name: str) -> PanelMember:
    """The panel member called ``name``; with a one-person panel the name may be left empty."""
    from ..followup.email import find_interviewer as find

    if not (name or "").strip() and len(record.setup.interviewers) == 1:
        return record.setup.interviewers[0]
    return find(record, name or "")


def research_for(services: Services, record: SessionRecord) -> list[Any]:
    """Company facts a thank-you email may mention; empty when the store is unavailable."""
    try:
        return services.knowledge.search(
            f"{record.setup.company} {FACTS_QUERY}",
            company=record.setup.company,
            k=4,
            collections=("research",),
            user=record.user,
        )
    except Exception as exc:
        log.warning("research lookup for the email failed: %s", exc)
        return []


def session_summary(record: SessionRecord) -> dict[str, Any]:
    from ..report.model import session_score

    score = session_score(record)
    return {
        "session_id": record.id,
        "company": record.setup.company,
        "role": record.setup.role,
        "status": record.status,
        "created_at": record.created_at.isoformat(),
        "questions": score.questions_answered,
        "average_star": score.average_star,
    }


# --- feedback --------------------------------------------------------------------------------


def _slug(text: str) -> str:
    """A file-name-safe form of a user or session name (auth names may contain anything)."""
    return re.sub(r"[^A-Za-z0-9_.-]+", "-", text).strip("._-")[:64] or "_"


def export_folder(services: Services, user: str, session_id: str) -> Path:
    folder = services.downloads / _slug(user) / _slug(session_id)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def build_report(services: Services, record: SessionRecord, user: str) -> Any:
    """The session's report, built once per version of the session (LLM rewrites are slow)."""
    from ..report.model import build_report as build

    key = ("report", record.id, record.updated_at, record.status)
    if key not in services.cache:
        history = services.coach.sessions(user)
        services.cache[key] = build(record, history, llm=services.llm)
    return services.cache[key]


def report_markdown(services: Services, record: SessionRecord, user: str) -> str:
    from ..report.render import to_markdown

    return to_markdown(build_report(services, record, user))


def export_report(services: Services, record: SessionRecord, user: str) -> dict[str, Any]:
    """Write the report (md, html, pdf) and transcript (md, json), and one .zip of them all;
    return the html, the files and the zip.

    Files are named the way the user knows the session (company and when, local time), not
    by its id: a download folder full of ``quaylift-robotics-bbcc1dd1-…`` says nothing.
    """
    import zipfile

    from ..report.charts import charts
    from ..report.pdf import to_pdf
    from ..report.render import to_html, to_markdown, transcript_json, transcript_markdown

    report = build_report(services, record, user)
    images = charts(report)
    page = to_html(report, images)
    folder = export_folder(services, user, record.id)
    when = record.created_at.astimezone() if record.created_at.tzinfo else record.created_at
    stem = f"{_slug(record.setup.company).lower()}-{when:%Y-%m-%d-%H%M}"
    texts = {
        f"{stem}-report.md": to_markdown(report),
        f"{stem}-report.html": page,
        f"{stem}-transcript.md": transcript_markdown(record),
        f"{stem}-transcript.json": transcript_json(record),
    }
    files = []
    for name, text in texts.items():
        (folder / name).write_text(text, encoding="utf-8")
        files.append(str(folder / name))
    try:
        files.insert(2, str(to_pdf(report, folder / f"{stem}-report.pdf", images)))
    except Exception as exc:  # the PDF is a convenience; the other formats still stand
        log.warning("PDF export failed for %s: %s", record.id, exc)
    bundle = folder / f"{stem}-feedback.zip"
    with zipfile.ZipFile(bundle, "w", zipfile.ZIP_DEFLATED) as zf:
        for path in files:
            zf.write(path, Path(path).name)
    return {"html": page, "files": files, "zip": str(bundle), "report": report}


def trend_chart(services: Services, records: Sequence[SessionRecord], user: str) -> str | None:
    """A PNG of STAR averages across the user's sessions, or None before there are two."""
    from ..report.charts import trend_chart as draw
    from ..report.model import build_report as build

    scored = [r for r in records if r.answers]
    if len(scored) < 2:
        return None
    latest = max(scored, key=lambda r: r.created_at)
    png = draw(build(latest, records))
    if png is None:
        return None
    path = export_folder(services, user, "history") / f"trend-{_slug(latest.id)}-{len(scored)}.png"
    path.write_bytes(png)
    return str(path)


# --- follow-up -------------------------------------------------------------------------------


def _research(services: Services, record: SessionRecord) -> list[str]:
    key = ("research", record.id)
    if key not in services.cache:
        services.cache[key] = [hit.text for hit in research_for(services, record)]
    return services.cache[key]


def email_dict(email: Any) -> dict[str, Any]:
    """A note as plain JSON (the ``thank_you`` API contract) plus its mailto link."""
    from ..followup.email import mailto_link

    return {**email.to_dict(), "mailto": mailto_link(email)}


def draft_email(
    services: Services,
    record: SessionRecord,
    person: PanelMember,
    clarification: str | None = None,
) -> dict[str, Any]:
    """The note to one interviewer: as last saved (the candidate's edits), else drafted."""
    email = services.coach.thank_you(
        record.id, person.name, record.user, research=_research(services, record),
        clarification=clarification,
    )  # fmt: skip
    return email_dict(email)


def save_email(
    services: Services, record: SessionRecord, person: PanelMember, subject: str, body: str
) -> dict[str, Any]:
    """Keep the edited note with the session and check it again."""
    email = services.coach.save_email(
        record.id, person.name, subject, body, record.user, research=_research(services, record)
    )
    return email_dict(email)


def follow_up(services: Services, record: SessionRecord) -> dict[str, Any]:
    """The follow-up plan as JSON, with an .ics of its reminders and an .eml per draft."""
    from ..followup.email import to_eml
    from ..followup.plan import to_ics

    steps = services.coach.follow_up_plan(
        record.id, record.user, research=_research(services, record)
    )
    folder = export_folder(services, record.user, record.id)
    ics = folder / "follow-up-reminders.ics"
    ics.write_bytes(to_ics(record, steps))
    files = [str(ics)]
    for step in steps:
        if step.kind in ("check_in", "reply_to_no"):
            for draft in step.drafts:
                path = folder / f"{step.kind.replace('_', '-')}-{_slug(draft.to)}.eml"
                path.write_bytes(to_eml(draft))
                files.append(str(path))
    return {"steps": [s.to_dict() for s in steps], "files": files}


def edited_email(record: SessionRecord, person: PanelMember, subject: str, body: str) -> Any:
    from ..followup.email import Email, send_by

    return Email(person.name, subject, body, send_by(record), title=person.title)


def mailto(record: SessionRecord, person: PanelMember, subject: str, body: str) -> str:
    from ..followup.email import mailto_link

    return mailto_link(edited_email(record, person, subject, body))


def write_eml(
    services: Services, record: SessionRecord, person: PanelMember, subject: str, body: str
) -> str:
    """An .eml draft of the (possibly edited) email, for opening in a mail client."""
    from ..followup.email import to_eml

    folder = export_folder(services, record.user, record.id)
    path = folder / f"thank-you-{_slug(person.name)}.eml"
    path.write_bytes(to_eml(edited_email(record, person, subject, body)))
    return str(path)
