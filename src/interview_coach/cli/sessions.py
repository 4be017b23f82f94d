"""The session commands of ``interview-coach``: practice, sessions, report, thank-you.

They work on stored sessions, where ``commands`` works on knowledge and single answers; the
parser in ``commands.build_parser`` wires them in and ``commands.main`` turns ``CoachError``
into one line.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from ..config import Settings
from ..errors import CoachError, InputError
from ..models import CriteriaEvaluation
from .output import print_json


def _read_text_file(path: str, what: str) -> str:
    from pathlib import Path

    try:
        return Path(path).expanduser().read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise CoachError(f"cannot read {what} {path!r}: {exc}") from None


def _practice_show(step: Any, quiet: bool) -> None:
    for note in step.notes:
        print(f"note: {note}", file=sys.stderr)
    if quiet:
        return
    ev = step.evaluation
    tip = f" {ev.tips[0]}" if ev and ev.tips else ""
    if isinstance(ev, CriteriaEvaluation):  # opening or motivation
        print(f"  [{ev.question_type}: {ev.met} of {len(ev.criteria)} criteria met]{tip}")
    elif ev:
        parts = " · ".join(f"{c} {ev.score(c)}/2" for c in ev.components)
        print(f"  [STAR {parts}]{tip}")
    for turn in step.turns:
        if turn.speaker == "interviewer":
            print(f"\n{turn.interviewer or 'Interviewer'}: {turn.text}")
            for src in turn.sources:
                print(f"  (source: {src.get('title') or src.get('source')})")


def _question_type(turn: Any, settings: Settings) -> dict[str, str]:
    """``{"question_type": ...}`` for a question the interviewer put from the bank."""
    from ..questions import question_by_id

    if turn.kind != "question" or not turn.question_id:
        return {}
    try:
        return {"question_type": question_by_id(turn.question_id, settings.knowledge_dir).type}
    except ValueError:  # a question since removed from the bank
        return {}


def _practice_read_answer() -> str | None:
    """Lines until an empty line; None at end of input (Ctrl-D) with nothing typed."""
    print("\nYou (end your answer with an empty line; Ctrl-D to stop):")
    lines: list[str] = []
    while True:
        try:
            line = input()
        except EOFError:
            return "\n".join(lines) if lines else None
        if not line.strip():
            return "\n".join(lines)
        lines.append(line)


def cmd_practice(args: argparse.Namespace, settings: Settings) -> int:
    """A practice interview: interactive, or scripted with --answers (one answer a paragraph).

    After the last question, a paragraph ending in "?" is a question for the interviewer and
    anything else ends the interview. If the answers run out first, the session stays
    active (unfinished) in the database.
    """
    import re

    from ..models import PanelMember, SessionSetup
    from ..session import Coach

    jd = _read_text_file(args.job_description, "--job-description") if args.job_description else ""
    answers = None
    if args.answers:
        text = _read_text_file(args.answers, "--answers")
        answers = [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]
    setup = SessionSetup(
        role=args.role,
        company=args.company,
        seniority=args.seniority,
        job_description=jd,
        interviewers=[PanelMember.parse(t) for t in args.interviewer or []],
        num_questions=args.questions,
        style=args.style,
        mix=args.mix,
    )
    llm, backend_name = None, "none"
    if args.llm == "auto":
        from ..llm.client import open_llm

        backend, llm = open_llm(settings)
        backend_name = backend.name
        if backend.notice:
            print(f"note: {backend.notice}", file=sys.stderr)
    coach = Coach(settings, llm=llm)
    # asked once: a name given before signs this session's notes too
    setup.candidate_name = args.candidate_name or coach.candidate_name(args.user)
    quiet = bool(args.json)
    step = coach.start(setup, user=args.user, seed=args.seed)
    _practice_show(step, quiet)
    feed = iter(answers) if answers is not None else None
    while not step.done:
        answer = next(feed, None) if feed is not None else _practice_read_answer()
        if answer is None:
            break
        if feed is not None and not quiet:
            print(f"\nYou: {answer}")
        asking_us = step.state == "candidate_questions"
        try:
            step = coach.answer(step.session_id, answer, user=args.user)
        except InputError as exc:
            raise CoachError(f"{exc} (session {step.session_id} is saved)") from None
        _practice_show(step, quiet)
        if asking_us and not step.done and not answer.rstrip().endswith("?"):
            record = coach.finish(step.session_id, user=args.user)
            if not quiet:
                print(f"\n{record.turns[-1].interviewer or 'Interviewer'}: {record.turns[-1].text}")
            break
    record = coach.get(step.session_id, user=args.user)
    usage = llm.usage() if llm is not None else {
        "backend": backend_name, "model": None, "calls": 0, "failed": 0, "restarts": 0,
        "down": None,
    }  # fmt: skip
    if quiet:
        print_json(
            {
                "session_id": record.id,
                "company": record.setup.company,
                "role": record.setup.role,
                "llm": usage,
                "candidate_name": record.setup.candidate_name,
                "turns": [
                    {
                        "speaker": t.speaker,
                        **({"interviewer": t.interviewer} if t.speaker == "interviewer" else {}),
                        "kind": t.kind,
                        "text": t.text,
                        "evaluation": t.evaluation.to_dict() if t.evaluation else None,
                        "notes": t.notes,
                        **_question_type(t, settings),
                    }
                    for t in record.turns
                    if t.kind != "notice"
                ],
            }
        )
        return 0
    state = "finished" if record.status == "finished" else "unfinished, resumable"
    if llm is not None:
        print(
            f"\nLLM: {usage['backend']} ({usage['model']}), {usage['calls']} calls, "
            f"{usage['failed']} failed" + (f"; down: {usage['down']}" if usage["down"] else "")
        )
    print(f"\nSession {record.id} saved ({state}).")
    print(f"Feedback: interview-coach report {record.id}")
    return 0


def _open_store(settings: Settings) -> Any:
    from ..storage import Store

    return Store(settings.db_url)


def _load_session(store: Any, session_id: str) -> Any:
    from ..storage import UnknownSession

    try:
        return store.get_session(session_id)
    except UnknownSession:
        raise CoachError(
            f"no practice session {session_id!r}; list them with `interview-coach sessions`"
        ) from None


def cmd_sessions(args: argparse.Namespace, settings: Settings) -> int:
    from ..report.model import aware, session_score

    store = _open_store(settings)
    rows = []
    for r in store.list_sessions(user=args.user):
        score = session_score(r)
        rows.append(
            {
                "id": r.id,
                "user": r.user,
                "date": aware(r.created_at).isoformat(timespec="minutes"),
                "company": r.setup.company,
                "role": r.setup.role,
                "status": r.status,
                "questions_answered": score.questions_answered,
                "average_star": score.average_star,
                "averages": score.averages,
            }
        )
    store.close()
    if args.json:
        print_json(rows)
    elif not rows:
        print("No practice sessions yet: start one with `interview-coach practice`.")
    else:
        print(f"{'id':<32}  {'date':<16}  {'status':<8}  answered  STAR/8  company, role")
        for row in rows:
            star = "-" if row["average_star"] is None else f"{row['average_star']:.1f}"
            print(
                f"{row['id']:<32}  {row['date'][:16]:<16}  {row['status']:<8}  "
                f"{row['questions_answered']:>8}  {star:>6}  {row['company']}, {row['role']}"
            )
    return 0


def cmd_report(args: argparse.Namespace, settings: Settings) -> int:
    """md/json go to stdout unless -o; html/pdf always go to a file (default: exports dir)."""
    from pathlib import Path

    from ..report.charts import write_charts
    from ..report.model import build_report
    from ..report.pdf import to_pdf
    from ..report.render import to_html, to_json, to_markdown

    store = _open_store(settings)
    record = _load_session(store, args.session_id)
    history = [s for s in store.list_sessions(user=record.user) if s.id != record.id]
    store.close()
    llm = None
    if getattr(args, "llm", "none") == "auto":  # rewrites of weak answers, when asked for
        from ..llm.client import open_llm

        backend, llm = open_llm(settings)
        if backend.notice:
            print(f"note: {backend.notice}", file=sys.stderr)
    report = build_report(record, history, llm=llm)
    fmt = args.format
    if fmt in ("md", "json") and not args.output:
        print(to_markdown(report) if fmt == "md" else to_json(report), end="")
        return 0
    out = Path(args.output) if args.output else settings.exports_dir / f"{record.id}.{fmt}"
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        if fmt in ("md", "json"):
            out.write_text(to_markdown(report) if fmt == "md" else to_json(report) + "\n")
        else:
            charts = write_charts(report, out.parent / f"{out.stem}-charts")
            images = {name: path.read_bytes() for name, path in charts.items()}
            if fmt == "html":
                out.write_text(to_html(report, images), encoding="utf-8")
            else:
                to_pdf(report, out, images)
            print(f"charts: {out.parent / f'{out.stem}-charts'}", file=sys.stderr)
    except OSError as exc:
        raise CoachError(f"cannot write {out}: {exc.strerror or exc}") from None
    print(out)
    return 0


def _research(settings: Settings, company: str, user: str) -> tuple[list[str], str | None]:
    """``user``'s research about ``company``; a missing or broken index only costs the detail."""
    try:
        from ..knowledge.store import KnowledgeStore, company_key

        store = KnowledgeStore(settings)
        if company_key(company) not in {company_key(c) for c in store.companies(user)}:
            return [], f"no research about {company} in the store (add some with `ingest`)"
        hits = store.search(
            f"{company} mission products news",
            company=company,
            k=4,
            collections=("research",),
            user=user,
        )
        return [h.text for h in hits], None
    except Exception as exc:  # any store failure: draft without research, and say so
        return [], f"company research unavailable ({type(exc).__name__}: {exc})"


def cmd_thank_you(args: argparse.Namespace, settings: Settings) -> int:
    import re
    from pathlib import Path

    from ..followup.email import mailto_link, to_eml
    from ..followup.rubric import find_interviewer

    store = _open_store(settings)
    record = _load_session(store, args.session_id)
    store.close()
    panel = record.setup.interviewers
    if not panel:
        raise CoachError(f"session {record.id} names no interviewers, so there is no one to thank")
    try:
        people = [find_interviewer(record, args.interviewer)] if args.interviewer else panel
    except InputError as exc:  # the message lists the interviewers' names
        raise CoachError(str(exc)) from None
    research, note = _research(settings, record.setup.company, record.user)
    llm = None
    if args.llm == "auto":
        from ..llm.client import open_llm

        backend, llm = open_llm(settings)
        if backend.notice:
            print(f"note: {backend.notice}", file=sys.stderr)
    from ..session import Coach

    coach = Coach(settings, llm=llm)
    try:  # the notes as last saved (edits kept), else drafted and saved
        emails = [
            coach.thank_you(record.id, p.name, record.user, research=research) for p in people
        ]
    except InputError as exc:
        raise CoachError(str(exc)) from None
    for email in emails:
        email.notes += [note] if note else []
    if args.eml:
        target = Path(args.eml)
        folder = len(emails) > 1 or target.is_dir() or args.eml.endswith(("/", "\\"))
        try:
            for email in emails:
                slug = re.sub(r"[^a-z0-9]+", "-", email.to.lower()).strip("-") or "interviewer"
                path = target / f"thank-you-{slug}.eml" if folder else target
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_bytes(to_eml(email))
                print(f"wrote {path}", file=sys.stderr)
        except OSError as exc:
            raise CoachError(f"cannot write {args.eml}: {exc.strerror or exc}") from None
    if args.json:
        dicts = [e.to_dict() for e in emails]
        print_json(dicts[0] if len(dicts) == 1 else dicts)
        return 0
    for email in emails:
        title = f" ({email.title})" if email.title else ""
        when = email.to_dict()["send_by_text"]
        print(f"To: {email.to}{title}\nSubject: {email.subject}\nSend it {when}\n")
        print(email.body + "\n")
        passed = sum(c.passed for c in email.checks)
        print(f"Checks: {passed}/{len(email.checks)} passed")
        for c in email.checks:
            print(f"  {'ok  ' if c.passed else 'FAIL'} {c.label}: {c.detail}")
        for n in email.notes:
            print(f"note: {n}")
        print(f"mailto: {mailto_link(email)}\n")
    return 0


def cmd_follow_up(args: argparse.Namespace, settings: Settings) -> int:
    """The follow-up plan of a finished session; --out writes its .eml drafts and .ics reminders."""
    from pathlib import Path

    from ..followup.email import to_eml
    from ..followup.plan import to_ics
    from ..session import Coach

    store = _open_store(settings)
    record = _load_session(store, args.session_id)
    research, note = _research(settings, record.setup.company, record.user)
    coach = Coach(settings, store=store)
    try:
        steps = coach.follow_up_plan(record.id, record.user, research=research)
    except InputError as exc:
        raise CoachError(str(exc)) from None
    finally:
        store.close()
    if note:
        print(f"note: {note}", file=sys.stderr)
    if args.out:
        folder = Path(args.out)
        try:
            folder.mkdir(parents=True, exist_ok=True)
            (folder / "follow-up-reminders.ics").write_bytes(to_ics(record, steps))
            for step in steps:
                for draft in step.drafts:
                    if step.kind == "connect":
                        continue
                    slug = "".join(c if c.isalnum() else "-" for c in draft.to.lower())
                    name = f"{step.kind.replace('_', '-')}-{slug}.eml"
                    (folder / name).write_bytes(to_eml(draft))
        except OSError as exc:
            raise CoachError(f"cannot write {args.out}: {exc.strerror or exc}") from None
        print(f"wrote the drafts and follow-up-reminders.ics to {folder}", file=sys.stderr)
    if args.json:
        print_json([s.to_dict() for s in steps])
        return 0
    for n, step in enumerate(steps, start=1):
        when = f" ({step.to_dict()['due_text']})" if step.due else ""
        print(f"{n}. {step.title}{when}: {step.why}.")
        for draft in step.drafts:
            if step.kind == "thank_you":
                print(f"   - to {draft.to}: {draft.subject}")
                continue
            print(
                f"\n   To: {draft.to}" + (f"\n   Subject: {draft.subject}" if draft.subject else "")
            )
            print("   " + draft.body.replace("\n", "\n   ") + "\n")
    return 0
