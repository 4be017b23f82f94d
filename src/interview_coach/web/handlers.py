"""What each button and API endpoint of the browser app does.

Handlers receive the signed-in user from ``gr.Request`` (or "local" without ``--auth``)
and pass it to every engine call, so ownership is checked on each step rather than
trusted from the page. Errors become one message (see :func:`guard`); the
layout and wiring live in ``app.py``, the HTML in ``render.py`` and ``cards.py``,
streaming in ``stream.py``.
"""

from __future__ import annotations

import dataclasses
import functools
import inspect
import logging
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import gradio as gr
from gradio.utils import get_upload_folder, is_in_or_equal

from ..errors import CoachError, InputError
from ..session import SessionMovedOn
from ..voice import Recording
from . import cards as ui_cards
from . import render as ui
from . import services as svc
from .stream import reveal, stream_call, typing
from .summary import summary_html, weak_questions

log = logging.getLogger(__name__)

MAX_EMAILS = 4  # email slots on the Follow-up tab (one per interviewer)
#: Tabs a reloaded finished session may reopen on (an unfinished one always opens Interview).
REOPEN_TABS = ("feedback", "followup", "history", "prepare")
#: The Prepare form's fields, in the order the page passes them.
FORM_FIELDS = ("role", "company", "level", "jd", "people", "num", "style", "candidate_name", "mix")


def uploaded_path(audio: Any) -> Path:
    """The server-side file of an uploaded recording, refused unless it is in gradio's uploads.

    An API caller names the file by path; only files gradio itself received may be read.
    """
    path = audio.get("path") if isinstance(audio, dict) else getattr(audio, "path", None)
    if not path:
        raise InputError("audio must be a file sent with gradio_client.handle_file(...)")
    resolved = Path(path).resolve()
    if not is_in_or_equal(resolved, get_upload_folder()):
        raise InputError("audio must be a file sent with gradio_client.handle_file(...)")
    return resolved


def user_of(request: gr.Request | None) -> str:
    """The signed-in user, or "local" when the app runs without --auth."""
    return (getattr(request, "username", None) or "local") if request else "local"


#: What an unexpected failure says: no class names or internals, and the reassurance that
#: matters most (the page keeps what was typed); the traceback goes to the server log.
BUG_MESSAGE = "Something went wrong on our side; what you typed is kept. Please try again."


def _message(exc: Exception, where: str) -> str:
    """One line for the user; a bug is logged with its traceback, a user's mistake is not."""
    if isinstance(exc, gr.Error):
        return str(exc.message)
    if isinstance(exc, CoachError):  # the user's to fix: one line in the log, no traceback
        log.info("refused in %s: %s", where, " ".join(str(exc).split())[:300])
        return str(exc)
    log.exception("unexpected error in %s", where)
    return BUG_MESSAGE


def guard(fn: Callable[..., Any], outputs: int | None = None) -> Callable[..., Any]:
    """Show errors as one clear message, never a traceback, and never block the page.

    For the named API (``outputs`` None) the message is raised as ``gr.Error``, which a
    client receives as an ``AppError``. For a page event (``outputs`` = how many components
    it updates) the message is a toast and every output is left as it was: raising would
    mark each output component with an error badge that covers it and swallows clicks
    until dismissed, so one mistaken click would lock the answer box.
    """

    def fail(exc: Exception) -> Any:
        message = _message(exc, fn.__name__)
        if outputs is None:
            raise gr.Error(message, print_exception=False) from exc
        gr.Warning(message, title="", duration=6)  # shorter: on a phone it sits over the tabs
        skips = tuple(gr.skip() for _ in range(outputs))
        return skips[0] if outputs == 1 else skips

    if inspect.isgeneratorfunction(fn):

        @functools.wraps(fn)
        def gen(*args: Any, **kwargs: Any) -> Iterator[Any]:
            try:
                yield from fn(*args, **kwargs)
            except Exception as exc:
                yield fail(exc)

        return gen

    @functools.wraps(fn)
    def plain(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except Exception as exc:
            return fail(exc)

    return plain


class Handlers:
    """Bound to one app's shared services; methods are wired to events in ``app.build_app``."""

    def __init__(self, services: svc.Services) -> None:
        self.services = services
        self.coach = services.coach
        self.samples = svc.sample_companies(services.settings)

    # --- named API endpoints: the same calls the page makes, for scripts and tests -------

    def api_start_session(
        self,
        role: str,
        company: str,
        job_description: str,
        interviewers: str,
        num_questions: int,
        request: gr.Request,
        resume: str = "",
        candidate_name: str = "",
        mix: str = "full",
    ) -> dict:
        """Start a practice interview; returns the session id and the first question.

        ``mix`` "full" opens with an opening and a motivation question; "behavioural" skips
        them."""
        user = user_of(request)
        me = candidate_name or self.coach.candidate_name(user)
        setup = svc.build_setup(
            role, company, job_description, interviewers, num_questions, resume=resume,
            candidate_name=me, mix=mix,
        )  # fmt: skip
        step = self.coach.start(setup, user=user)
        return {
            "session_id": step.session_id,
            "question": svc.latest_question(step.turns),
            "greeting": svc.interviewer_text(step.turns, {"greeting"}),
            "interviewer": svc.speaker_of(step.turns),
            "turns": svc.interviewer_turns(step.turns),
            "asked": step.asked,
            "total": step.total,
            "turn": step.version,
        }

    def api_answer(
        self,
        session_id: str,
        text: str = "",
        audio: gr.FileData | None = None,
        request: gr.Request = None,  # type: ignore[assignment]  # gradio fills it in
        turn: int | None = None,
    ) -> dict:
        """Answer the current question, typed (``text``) or recorded (``audio``, a file sent
        with ``gradio_client.handle_file``); returns the interviewer's reply and the STAR
        evaluation. With both, ``text`` is scored and the delivery is measured from ``audio``.

        ``turn`` (from the previous reply) says which question this answers: once the session
        has moved on, the answer is refused with "this interview moved on in another tab".
        """
        spoken = None
        if audio is not None:
            spoken = self.coach.listen(uploaded_path(audio))
            text = (text or "").strip() or spoken.text
        step = self.coach.answer(session_id, text, user=user_of(request), spoken=spoken, turn=turn)
        return {
            "reply": svc.interviewer_text(step.turns),
            "interviewer": svc.speaker_of(step.turns),
            "turns": svc.interviewer_turns(step.turns),
            "evaluation": step.evaluation.to_dict() if step.evaluation else None,
            "done": step.done,
            "asked": step.asked,
            "total": step.total,
            "state": step.state,
            "notes": step.notes,  # e.g. the LLM failed and a template spoke instead
            "turn": step.version,
        }

    def api_finish(self, session_id: str, request: gr.Request) -> dict:
        """End the session (if not already) and return the feedback report as Markdown."""
        user = user_of(request)
        record = self.coach.finish(session_id, user)
        return {"report_markdown": svc.report_markdown(self.services, record, user)}

    def api_thank_you(
        self, session_id: str, interviewer: str, request: gr.Request, clarification: str = ""
    ) -> dict:
        """The thank-you note to one interviewer (as last saved, else drafted), with its checks.

        ``clarification``: something the candidate chooses to add; the note is redrafted with it.
        """
        record = self.coach.get(session_id, user_of(request))
        person = svc.find_interviewer(record, interviewer)
        return svc.draft_email(self.services, record, person, clarification or None)

    def api_save_email(
        self, session_id: str, interviewer: str, subject: str, body: str, request: gr.Request
    ) -> dict:
        """Keep an edited note with the session; returns it with its checks re-run."""
        record = self.coach.get(session_id, user_of(request))
        person = svc.find_interviewer(record, interviewer)
        return svc.save_email(self.services, record, person, subject, body)

    def api_follow_up(self, session_id: str, request: gr.Request) -> dict:
        """The follow-up plan: dated steps, each with its drafts and their checks."""
        record = self.coach.get(session_id, user_of(request))
        return {"steps": svc.follow_up(self.services, record)["steps"]}

    def api_history(self, request: gr.Request) -> list[dict]:
        """The signed-in user's sessions, newest first."""
        return [svc.session_summary(r) for r in self.coach.sessions(user_of(request))]

    # --- Prepare --------------------------------------------------------------------------

    def status(self, request: gr.Request) -> str:
        """The status line; redrawn after each step, so a model that went down shows."""
        return ui.status_markdown(self.services.backend, user_of(request), self.services.llm)

    def on_load(
        self,
        saved: dict | None,
        session: str | None,
        draft: str | None,
        tab: str | None,
        request: gr.Request,
    ) -> tuple[Any, ...]:
        """The page as the user left it: the Prepare form, and the interview if there was one.

        Everything comes from the browser (see ``remember_*``); the session id is opened as the
        signed-in user, so a stale or foreign id (another account on a shared browser) just
        opens nothing. ``saved`` may still hold the session and draft from an older page.
        """
        user = user_of(request)
        saved = dict(saved) if isinstance(saved, dict) else {}
        if isinstance(session, str) and session:
            saved["session_id"] = session
        if isinstance(draft, str) and (draft or "draft" not in saved):
            saved["draft"] = draft
        if isinstance(tab, str) and tab:
            saved["tab"] = tab
        form = saved.get("form") if isinstance(saved.get("form"), dict) else {}
        form.setdefault("candidate_name", self.coach.candidate_name(user))  # asked once
        fields = [form.get(k, gr.skip()) for k in FORM_FIELDS]
        return (
            ui.status_markdown(self.services.backend, user, self.services.llm),
            gr.Dropdown(choices=svc.company_choices(self.services, user)),
            *self.history_view(request),
            *fields,
            *self._restore(saved, user),
            gr.Button(visible=bool(getattr(request, "username", None))),  # sign out
        )

    def _restore(self, saved: dict, user: str) -> tuple[Any, ...]:
        """The session the browser kept, as it was left: an unfinished one on the Interview tab
        with its question and draft; a finished one with its feedback, on the tab the user was
        on (the Follow-up tab's edited emails come back through ``draft_ui``, chained in app).

        Outputs: session, chat, latest card, cards, progress, answer box, Send, summary,
        practise-again, report, zip, tabs.
        """
        skip = gr.skip()
        nothing: tuple[Any, ...] = (skip,) * 12
        sid = saved.get("session_id")
        if not (isinstance(sid, str) and sid):
            return nothing
        try:
            record = self.coach.get(sid, user)
        except CoachError:
            return nothing
        if record.status != "finished":
            step = self.coach.resume(sid, user)
            chat, latest, cards, progress_md, send = self.interview_view(step, user)
            draft = saved.get("draft") if isinstance(saved.get("draft"), str) else ""
            feedback = (skip,) * 4
            tab = "interview"
            return (sid, chat, latest, cards, progress_md, draft, send, *feedback,
                    gr.Tabs(selected=tab))  # fmt: skip
        try:
            summary, again, report, zipped, done, send = self.feedback_view(record, user)
        except CoachError:  # e.g. finished with no answers: nothing to show but the chat
            summary, again, report, zipped, done, send = (skip,) * 6
        tab = saved.get("tab") if saved.get("tab") in REOPEN_TABS else "feedback"
        return (
            sid,
            ui.chat_messages(record.turns),
            ui_cards.latest_card_html(record.turns),
            ui_cards.star_cards_html(record.turns),
            done,
            skip,
            send,
            summary,
            again,
            report,
            zipped,
            gr.Tabs(selected=tab),
        )

    # What the browser keeps (see app.py), one stored value per kind: events that each read,
    # merged and wrote one shared dict raced (Start's tab switch and its new session id wrote
    # at the same moment, and the id was lost), so no save reads another's value.

    def remember_form(self, *fields: Any) -> dict:
        return {"form": dict(zip(FORM_FIELDS, fields, strict=True))}

    def remember_draft(self, text: str) -> str:
        return text or ""

    def remember_session(self, session_id: str | None) -> str:
        return session_id or ""

    def remember_tab(self, tab: str) -> Callable[[], str]:
        """The tab the user chose, so a reload of a finished session reopens it there."""
        return lambda: tab

    def pick_company(self, company: str) -> tuple[Any, ...]:
        sample = self.samples.get(company or "")
        if not sample:  # a new company: keep whatever the user typed
            return (gr.skip(),) * 4
        level = sample.seniority if sample.seniority in ("junior", "mid", "senior") else "mid"
        people = svc.interviewers_text(sample.interviewers)
        return sample.role, sample.job_description, people, level

    def upload_research(
        self,
        files: list[str] | None,
        company: str,
        request: gr.Request,
        progress: gr.Progress = gr.Progress(),  # noqa: B008 (gradio injects it)
    ) -> tuple[Any, ...]:
        if not files:
            raise InputError("Choose one or more files to upload first.")

        def tick(i: int, n: int, name: str) -> None:
            progress((i, n), desc=f"Indexing {name}")

        user = user_of(request)
        results = svc.ingest_uploads(self.services, files, company, user, tick)
        choices = svc.company_choices(self.services, user)
        # Every chosen file has its line in the results; the picker is cleared for the next.
        return ui.ingest_markdown(results), gr.Dropdown(choices=choices), None

    def load_resume(self, path: str | None, typed: str) -> tuple[Any, str]:
        """Fill the résumé box from an uploaded file; a bad file keeps what was typed."""
        from ..knowledge.resume import ResumeError

        if not path:
            return gr.skip(), ""
        try:
            text, summary = svc.read_resume_upload(path)
        except ResumeError as exc:
            kept = " Your typed text is kept." if (typed or "").strip() else ""
            return gr.skip(), f"✗ {exc}{kept}"
        return text, f"✓ {summary}"

    def make_brief(
        self,
        company: str,
        jd: str,
        people: str = "",
        role: str = "",
        request: gr.Request = None,  # type: ignore[assignment]  # gradio fills it in
        progress: gr.Progress = gr.Progress(),  # noqa: B008
    ) -> str:
        progress(0.2, desc="Reading the job description and searching your research")
        brief = svc.interview_brief(
            self.services, company or "", jd or "", people or "", role, user=user_of(request)
        )
        return ui.brief_markdown(company or "", **brief)

    # --- Interview ------------------------------------------------------------------------

    def interview_view(self, step: Any, user: str) -> tuple[list[dict], str, str, str, Any]:
        record = self.coach.get(step.session_id, user)
        return (
            ui.chat_messages(record.turns),
            ui_cards.latest_card_html(record.turns),
            ui_cards.star_cards_html(record.turns),
            ui.progress_html(step.asked, step.total, step.done, step.state),
            gr.Button(interactive=not step.done),
        )

    def start_ui(
        self,
        role: str,
        company: str,
        level: str,
        jd: str,
        people: str,
        n: float,
        style: str,
        me: str,
        mix: str,
        current: str | None,
        armed: bool,
        request: gr.Request,
        resume: str = "",
    ) -> Iterator[tuple]:
        from ..session import validate_setup

        user = user_of(request)
        skip = gr.skip()
        if current and not armed and self._active(current, user):
            gr.Info(
                "You have an interview in progress. Press Start again to begin a new one; "
                "this one stays in History, ready to resume.",
                title="",
            )
            yield (skip,) * 7 + (True,)
            return
        setup = svc.build_setup(
            role, company, jd, people, n, level, style, resume, candidate_name=me, mix=mix
        )
        validate_setup(setup, list(self.coach.competencies))  # stay on Prepare if it is wrong
        yield from self._begin(setup, user)

    def _begin(self, setup: Any, user: str) -> Iterator[tuple]:
        """Open the Interview tab and stream the welcome and first question into it."""
        skip = gr.skip()
        tab = gr.Tabs(selected="interview")
        waiting = ui.waiting_html("Choosing and tailoring your questions…")
        yield (
            None,
            [],
            "",
            ui_cards.star_cards_html([]),
            waiting,
            gr.Button(interactive=False),
            tab,
            False,
        )
        try:  # the welcome and first question stream as the LLM writes them
            step, streamed = yield from stream_call(
                lambda on_token: self.coach.start(setup, user=user, on_token=on_token),
                lambda text: (skip, [typing(text)], skip, skip, skip, skip, skip, skip),
            )
        except Exception:
            failed = ui.waiting_html("The interview could not start; see the message.")
            yield skip, [], skip, skip, failed, skip, skip, skip
            raise
        chat, latest, cards, progress_md, send = self.interview_view(step, user)
        done = (step.session_id, chat, latest, cards, progress_md, send, skip, False)
        if streamed:
            yield done
        else:
            yield from reveal(chat, lambda c: (*done[:1], c, *done[2:]))

    def _active(self, session_id: str, user: str) -> bool:
        try:
            return self.coach.get(session_id, user).status != "finished"
        except CoachError:
            return False

    def _turn_shown(self, session_id: str, user: str, chat: list[dict]) -> int | None:
        """The turn this tab's answer is for, from the answers its chat shows.

        Each stored answer is one "user" message in the chat, so a tab showing fewer answers
        than the session holds has missed a step taken in another tab: its answer gets the
        stored turn count minus one, which the session refuses as moved on.

        While this tab's last answer is still being replied to (stored, its reply not yet),
        the turn count is not known until that reply is in: the answer gets no turn and waits
        for the session's lock behind it. A reply shows on screen as it is written, so a quick
        typist (or Shift+Enter straight after a follow-up question) could send the next answer
        before the first one's reply was stored, and was told "moved on in another tab".
        """
        record = self.coach.get(session_id, user)
        shown = sum(1 for m in chat or [] if isinstance(m, dict) and m.get("role") == "user")
        stored = sum(1 for t in record.turns if t.speaker == "candidate")
        if shown == stored and record.engine.get("pending") is not None:
            return None
        return len(record.turns) if shown == stored else max(0, len(record.turns) - 1)

    def answer_ui(
        self,
        text: str,
        session_id: str | None,
        chat: list[dict],
        spoken: Recording | None,
        request: gr.Request,
    ) -> Iterator[tuple]:
        user = user_of(request)
        if not session_id:
            raise InputError("Start an interview on the Prepare tab first.")
        if not (text or "").strip():
            raise InputError("Type your answer first (or 'skip' to pass on this question).")
        skip = gr.skip()
        turn = self._turn_shown(session_id, user, chat)
        pending = [*chat, {"role": "user", "content": ui.md_literal(text)}]
        yield pending, skip, skip, skip, "", skip  # clear the box once; later ones leave it alone
        try:
            step, streamed = yield from stream_call(
                lambda on_token: self.coach.answer(
                    session_id, text, user=user, on_token=on_token, spoken=spoken, turn=turn
                ),
                lambda words: ([*pending, typing(words)], skip, skip, skip, skip, skip),
            )
        except SessionMovedOn:  # show where the interview is now; the answer stays in the box
            current = self.coach.resume(session_id, user)
            shown, latest, cards, progress_md, send = self.interview_view(current, user)
            yield shown, latest, cards, progress_md, text, send
            raise
        except Exception:
            yield chat, skip, skip, skip, text, skip  # give the answer back so it can be fixed
            raise
        chat, latest, cards, progress_md, send = self.interview_view(step, user)
        if streamed:
            yield chat, latest, cards, progress_md, skip, send
        else:
            yield from reveal(chat, lambda c: (c, latest, cards, progress_md, skip, send))

    def finish_ui(
        self,
        session_id: str | None,
        request: gr.Request,
        progress: gr.Progress = gr.Progress(),  # noqa: B008
    ) -> tuple[Any, ...]:
        if not session_id:
            raise InputError("There is no interview to finish: start one on the Prepare tab.")
        user = user_of(request)
        progress(0.1, desc="Finishing the interview")
        record = self.coach.finish(session_id, user)
        progress(0.4, desc="Writing the report, charts and PDF")
        return (*self.feedback_view(record, user), gr.Tabs(selected="feedback"))

    def feedback_view(self, record: Any, user: str) -> tuple[Any, ...]:
        """Summary, practise-again and the one download first, then the full report inline.

        Outputs: summary, practise-again, report, the .zip download, progress, Send.
        """
        exported = svc.export_report(self.services, record, user)
        done = ui.progress_html(0, 0, True, finished=True)
        weak = weak_questions(exported["report"])
        return (
            summary_html(exported["report"]),
            gr.Button(visible=bool(weak)),
            ui.report_inline(exported["html"]),
            gr.DownloadButton(value=exported["zip"], visible=True),
            done,
            gr.Button(interactive=False),
        )

    def practise_again(self, session_id: str | None, request: gr.Request) -> Iterator[tuple]:
        """A new, shorter session on the finished one's weakest questions, asked first."""
        if not session_id:
            raise InputError("Finish an interview first; then you can practise its weak answers.")
        user = user_of(request)
        record = self.coach.get(session_id, user)
        report = svc.build_report(self.services, record, user)
        weak = [q.question_id for q in weak_questions(report)]
        if not weak:
            raise InputError("Every answer in this interview scored well: nothing to repeat.")
        # the weak answers only: no opening or motivation question in front of them
        setup = dataclasses.replace(
            record.setup, repeat=weak, num_questions=len(weak), mix="behavioural"
        )
        yield from self._begin(setup, user)

    # --- Follow-up ------------------------------------------------------------------------

    def draft_ui(
        self,
        session_id: str | None,
        request: gr.Request,
        progress: gr.Progress = gr.Progress(),  # noqa: B008
    ) -> tuple[Any, ...]:
        hidden = [gr.Group(visible=False)] + [gr.skip()] * 6
        if not session_id:
            return ([], "", None, *hidden * MAX_EMAILS)
        record = self.coach.get(session_id, user_of(request))
        if record.status != "finished":
            note = "Finish the interview to draft your thank-you emails."
            return ([], note, None, *hidden * MAX_EMAILS)
        people = record.setup.interviewers[:MAX_EMAILS]
        notes = []
        if len(record.setup.interviewers) > MAX_EMAILS:
            notes.append(f"Showing the first {MAX_EMAILS} interviewers.")
        if not people:
            notes.append("This session has no interviewers: add them on the Prepare tab next time.")
        drafts, out = [], []
        for i, person in enumerate(people):
            progress((i, len(people)), desc=f"Drafting the email to {person.name}")
            d = svc.draft_email(self.services, record, person)
            drafts.append(d)
            out += [
                gr.Group(visible=True),
                ui.email_heading(person.name, person.title, d["send_by"]),
                d["subject"],
                d["body"],
                ui.checks_html(d.get("checks", [])),
                ui.mailto_html(d["mailto"]),
                svc.write_eml(self.services, record, person, d["subject"], d["body"]),
            ]
        out += hidden * (MAX_EMAILS - len(people))
        files = None
        if people:
            plan = svc.follow_up(self.services, record)
            notes.append(ui.plan_markdown(plan["steps"]))
            files = plan["files"]
        return (drafts, "\n\n".join(notes), files, *out)

    def recheck_ui(self, i: int) -> Callable[..., tuple[Any, ...]]:
        """Re-run the email rubric for slot ``i`` after the user edits it."""

        def run(
            subject: str, body: str, session_id: str | None, drafts: list, request: gr.Request
        ) -> tuple[Any, ...]:
            if not session_id or i >= len(drafts or []):
                return gr.skip(), gr.skip(), gr.skip()
            subject, body = subject or "", body or ""  # a box gradio has not filled in yet
            record = self.coach.get(session_id, user_of(request))
            person = record.setup.interviewers[i]
            saved = svc.save_email(self.services, record, person, subject, body)  # edits kept
            checks = saved["checks"]
            link = svc.mailto(record, person, subject, body)
            eml = svc.write_eml(self.services, record, person, subject, body)
            return ui.checks_html(checks), ui.mailto_html(link), eml

        return run

    # --- History --------------------------------------------------------------------------

    def history_view(self, request: gr.Request) -> tuple[Any, ...]:
        user = user_of(request)
        records = self.coach.sessions(user)
        trend = svc.trend_chart(self.services, records, user)
        note = "" if trend else "Your STAR trend appears here once two sessions have scores."
        return (
            ui.history_html(records),
            gr.Image(value=trend, visible=trend is not None),
            note,
            [r.id for r in records],  # per-tab server state: row n of the table opens ids[n]
        )

    def open_session(
        self, ids: list[str] | None, event: gr.EventData, request: gr.Request
    ) -> tuple[Any, ...]:
        """Resume an unfinished session in Interview, or show a finished one's feedback.

        The table row says only its position; the id comes from this tab's server-side list,
        and is opened as the signed-in user, so a forged position opens nothing foreign.
        """
        data = getattr(event, "_data", None) or {}
        row = data.get("row") if isinstance(data, dict) else None
        if not isinstance(row, int) or not ids or not 0 <= row < len(ids):
            raise InputError("Click a session in the list to open it.")
        chosen = ids[row]
        user = user_of(request)
        record = self.coach.get(chosen, user)
        if record.status == "finished":
            return (
                chosen,
                ui.chat_messages(record.turns),
                ui_cards.latest_card_html(record.turns),
                ui_cards.star_cards_html(record.turns),
                *self.feedback_view(record, user),
                gr.Tabs(selected="feedback"),
            )
        step = self.coach.resume(chosen, user)
        chat, latest, cards, progress_md, send = self.interview_view(step, user)
        skip = gr.skip()
        interview = gr.Tabs(selected="interview")
        return chosen, chat, latest, cards, skip, skip, skip, skip, progress_md, send, interview
