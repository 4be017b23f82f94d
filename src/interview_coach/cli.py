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

from .config import Settings, load_settings


class UserError(Exception):
    """A problem the user can fix; printed as one line, exit status 2."""


def _print_json(obj: object) -> None:
    print(json.dumps(obj, indent=2, ensure_ascii=False))


# --- knowledge -------------------------------------------------------------------------------


def cmd_index(args: argparse.Namespace, settings: Settings) -> int:
    raise UserError("index: not implemented yet")


def cmd_ingest(args: argparse.Namespace, settings: Settings) -> int:
    raise UserError("ingest: not implemented yet")


def cmd_search(args: argparse.Namespace, settings: Settings) -> int:
    raise UserError("search: not implemented yet")


# --- STAR ------------------------------------------------------------------------------------


def cmd_evaluate(args: argparse.Namespace, settings: Settings) -> int:
    raise UserError("evaluate: not implemented yet")


# --- sessions --------------------------------------------------------------------------------


def cmd_practice(args: argparse.Namespace, settings: Settings) -> int:
    raise UserError("practice: not implemented yet")


def cmd_sessions(args: argparse.Namespace, settings: Settings) -> int:
    raise UserError("sessions: not implemented yet")


def cmd_report(args: argparse.Namespace, settings: Settings) -> int:
    raise UserError("report: not implemented yet")


def cmd_thank_you(args: argparse.Namespace, settings: Settings) -> int:
    raise UserError("thank-you: not implemented yet")


# --- app and LLM -----------------------------------------------------------------------------


def cmd_serve(args: argparse.Namespace, settings: Settings) -> int:
    raise UserError("serve: not implemented yet")


def cmd_backend(args: argparse.Namespace, settings: Settings) -> int:
    raise UserError("backend: not implemented yet")


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="interview-coach", description=__doc__.splitlines()[0])
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

    add("backend", cmd_backend, "Show which LLM backend would be used, and why.")
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
