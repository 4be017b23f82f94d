"""The browser app: Prepare → Interview → Feedback → Follow-up → History, plus a scriptable API.

One process serves many browsers. The engine objects are shared (``services``), but
the current session lives in per-browser ``gr.State`` and every handler re-checks
ownership against the signed-in user (``app_handlers``), so one user can never open,
answer or list another's sessions, through the page or the API. Every piece of user or
research text is escaped by ``render`` (or ``cards``) before it is shown.
"""

from __future__ import annotations

import os

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")

import gradio as gr  # noqa: E402

from ..config import Settings  # noqa: E402
from . import cards as ui_cards  # noqa: E402
from . import render as ui  # noqa: E402
from . import services as svc  # noqa: E402
from .files import CACHE_CLEANUP, disable_deep_links, private_folders  # noqa: E402
from .handlers import MAX_EMAILS, Handlers, guard  # noqa: E402
from .signin import Accounts  # noqa: E402
from .voice import ANSWER_HINT_HTML, clear_after_send, voice_controls, wire_voice  # noqa: E402

UPLOAD_TYPES = [".md", ".markdown", ".txt", ".html", ".htm", ".pdf"]
RESUME_TYPES = [".pdf", ".docx", ".txt", ".md"]
# gradio refuses bigger uploads with its own message; below it documents.MAX_BYTES (research)
# and voice.audio.MAX_BYTES (recordings) give per-file ones. A browser records 44.1-48 kHz
# WAV, about 5 MB a minute: five minutes in stereo is 58 MB.
MAX_UPLOAD = "60mb"
CSS = """
.status-line {font-size: 90%}
.star-card summary {cursor: pointer}
#header h1 {margin-bottom: 0; font-size: 1.7em}
#header p {margin-top: 2px; opacity: .85}
/* Labels drawn as chips over the chat cover the first words of messages. */
#chat .block-label, #chat label {display: none}
/* The interview's progress: one bar over the questions, "your questions", then done. */
.progress-label {margin: 0 0 4px}
.progress-bar {height: 8px; border-radius: 4px; background: #8883; overflow: hidden}
.progress-bar span {display: block; height: 100%; background: var(--color-accent, #f97316);
  transition: width .3s}
#answer-hint {font-size: 88%; opacity: .8; margin-top: -4px; font-variant-numeric: tabular-nums}
.sr-only {position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0)}
/* History: a plain table whose rows open their session. */
.history-table {width: 100%; border-collapse: collapse}
.history-table caption {text-align: left; opacity: .8; padding-bottom: 6px}
#history-table .history-table th, #history-table .history-table td {text-align: left;
  padding: 6px 8px; border: none; border-bottom: 1px solid #8883; vertical-align: top}
#history-table .history-table {border: none}
.history-row {cursor: pointer}
.history-row:hover, .history-row:focus-within {background: #8881}
.history-name span {opacity: .8; font-size: 92%}
/* The report, inline: its own look (from report.render) scoped under #report. */
#report .report-inline {max-width: 52rem}
#report .report-inline h1 {font-size: 1.6em; line-height: 1.25}
#report .report-inline h2 {font-size: 1.25em}
#report .report-inline section, #report .report-inline article {border: 1px solid #8884;
  border-radius: 10px; padding: 1rem 1.25rem; margin: 1rem 0}
#report .report-inline table {border-collapse: collapse; margin: .5rem 0; border: none;
  width: auto}
#report .report-inline td, #report .report-inline th {padding: .25rem .75rem; border: none;
  border-bottom: 1px solid #8884; text-align: left}
/* a wide table scrolls sideways inside its section on a phone, the page does not */
#report .report-inline section {overflow-x: auto}
#report .report-inline img {max-width: 100%; height: auto; display: block; margin: .75rem 0;
  background: #fff}
#report .report-inline blockquote {margin: .75rem 0; padding: .5rem 1rem;
  border-left: 4px solid #8886}
#report .report-inline .sub, #report .report-inline .muted {opacity: .75}
#report .report-inline .probe {font-style: italic}
#report .report-inline mark {border-radius: 3px; padding: 0 .1em; color: #1f2937}
#report .report-inline mark.s {background: #dbeafe}
#report .report-inline mark.t {background: #fef3c7}
#report .report-inline mark.a {background: #dcfce7}
#report .report-inline mark.r {background: #fce7f3}
@media (max-width: 640px) {
  /* Five tabs fit a 390 px phone when their padding shrinks, so none hides behind "more". */
  .tab-wrapper button {padding: 6px 4px !important; font-size: 13.5px !important}
  #chat {height: 42vh !important}
  /* The header is the same on every tab: keep it short so the question and the answer box
     share the first screen. */
  #header h1 {font-size: 1.35em}
  #header p {font-size: 88%; line-height: 1.35}
  /* History on a phone: name, when, score and the button; "Resume"/"Open" tells the status. */
  .history-table th:nth-child(3), .history-table td:nth-child(3),
  .history-table th:nth-child(4), .history-table td:nth-child(4) {display: none}
  #history-table .history-table th, #history-table .history-table td {padding: 6px 4px}
  #report .report-inline h1 {font-size: 1.3em}
  #report .report-inline section {padding: .75rem}
}
"""
INTRO = (
    "# interview-coach\n"
    "Practise a job interview for the role you want: answer questions by typing, get STAR "
    "feedback on every answer, and leave with a report and thank-you notes. Everything stays "
    "on this machine."
)
API = ("start_session", "answer", "finish", "thank_you", "save_email", "follow_up", "history")
# Page events are for the page only: the documented API is the endpoints above.
PRIVATE = {"api_visibility": "private"}


def build_app(settings: Settings, services: svc.Services | None = None) -> gr.Blocks:
    """The whole UI; tests may inject ``services`` (e.g. with a fault-injecting LLM)."""
    downloads = private_folders(settings)  # before gradio picks its temp folder
    h = Handlers(services or svc.make_services(settings, downloads))

    with gr.Blocks(title="interview-coach", delete_cache=CACHE_CLEANUP) as demo:
        session_id = gr.State(None)  # per browser tab: never shared between users
        drafts = gr.State([])
        restart_armed = gr.State(False)  # Start pressed once during an interview
        # What survives a reload: the interview in progress, the draft answer, the Prepare
        # form, the tab. Encrypted in the browser's storage, one key each (see
        # Handlers.remember_form); the session id is re-checked against the signed-in user on
        # load, so it opens nothing that is not theirs.
        secret = svc.browser_secret(h.services.settings)
        saved = gr.BrowserState({}, storage_key="interview-coach", secret=secret)  # the form
        saved_session = gr.BrowserState("", storage_key="interview-coach-session", secret=secret)
        saved_draft = gr.BrowserState("", storage_key="interview-coach-draft", secret=secret)
        saved_tab = gr.BrowserState("", storage_key="interview-coach-tab", secret=secret)
        gr.Markdown(INTRO, elem_id="header")
        status = gr.Markdown(
            ui.status_markdown(h.services.backend), elem_classes="status-line", elem_id="status"
        )
        # Shown only to a signed-in user (serve --auth): ends every session of theirs.
        logout = gr.Button("Sign out", link="/logout", size="sm", visible=False, elem_id="logout")
        with gr.Accordion("AI model", open=False, elem_id="status-details"):
            gr.Markdown(ui.status_details(h.services.backend))
        with gr.Tabs() as tabs:
            with gr.Tab("Prepare", id="prepare") as prepare_tab:
                with gr.Row():
                    company = gr.Dropdown(
                        choices=list(h.samples),
                        value=None,
                        label="Company",
                        allow_custom_value=True,
                        elem_id="company",
                        info="Pick a sample company or type a new one",
                    )
                    role = gr.Textbox(label="Role", elem_id="role")
                    me = gr.Textbox(
                        label="Your name",
                        info="Signs your thank-you notes; remembered for next time",
                        elem_id="candidate-name",
                    )
                    level = gr.Radio(["junior", "mid", "senior"], value="mid", label="Seniority")
                jd = gr.Textbox(label="Job description", lines=6, max_lines=14, elem_id="jd")
                with gr.Row():
                    people = gr.Textbox(
                        label="Interviewers (one 'Name, Title' per line)",
                        lines=3,
                        elem_id="interviewers",
                    )
                    with gr.Column():
                        num = gr.Slider(
                            1, 10, value=5, step=1, label="Number of questions", elem_id="num"
                        )
                        style = gr.Radio(
                            ["friendly", "neutral", "tough"], value="neutral", label="Style"
                        )
                        mix = gr.Radio(
                            [("About you, why us, then behavioural", "full"),
                             ("Behavioural only", "behavioural")],
                            value="full",
                            label="Interview",
                            elem_id="mix",
                        )  # fmt: skip
                with gr.Accordion("Company research (optional)", open=False):
                    files = gr.File(
                        label="Research files: .md .txt .html .pdf, up to 10 MB each",
                        file_count="multiple",
                        file_types=UPLOAD_TYPES,
                        elem_id="research-files",
                    )
                    upload_btn = gr.Button(
                        "Add the chosen files again", elem_id="upload", size="sm"
                    )
                    uploaded = gr.Markdown(elem_id="upload-result")
                with gr.Accordion("Your résumé or CV (optional)", open=False):
                    resume_file = gr.File(
                        label="Résumé: .pdf .docx .txt .md, up to 2 MB",
                        file_count="single",
                        file_types=RESUME_TYPES,
                        elem_id="resume-file",
                    )
                    resume = gr.Textbox(
                        label="Résumé text (paste it here, or upload the file above); the "
                        "interviewer may ask about the stories in it",
                        lines=5,
                        max_lines=14,
                        elem_id="resume",
                    )
                    resume_note = gr.Markdown(elem_id="resume-note")
                with gr.Row():
                    brief_btn = gr.Button("Show interview brief", elem_id="brief-btn")
                    start_btn = gr.Button("Start interview", variant="primary", elem_id="start")
                brief = gr.Markdown(elem_id="brief")
            with gr.Tab("Interview", id="interview") as interview_tab:
                progress_md = gr.HTML(
                    ui.waiting_html("Start an interview on the Prepare tab."), elem_id="progress"
                )
                chat = gr.Chatbot(
                    label="Interview",
                    show_label=False,
                    height=420,
                    elem_id="chat",
                    feedback_options=None,
                    allow_tags=False,
                    buttons=["copy"],
                )
                # The answer box, its timer and hint, then Send and Finish, in one column: the
                # keyboard (and a phone's single column) meets them in that order, the
                # voice controls after.
                with gr.Row(equal_height=False):
                    with gr.Column(scale=3):
                        box = gr.Textbox(
                            label="Your answer",
                            lines=6,
                            elem_id="answer",
                            placeholder="Tell a real story: the situation, your task, what you "
                            "did, and the result. Or record it: the words appear here to check "
                            "first.",
                        )
                        gr.HTML(ANSWER_HINT_HTML, elem_id="answer-hint-box")
                        with gr.Row():
                            send = gr.Button("Send answer", variant="primary", elem_id="send")
                            finish_btn = gr.Button("Finish and get feedback", elem_id="finish")
                    vc = voice_controls()
                latest = gr.HTML(elem_id="latest-card")
                with gr.Accordion("STAR feedback on every answer", open=False, elem_id="star"):
                    cards = gr.HTML(ui_cards.star_cards_html([]), elem_id="star-cards")
            with gr.Tab("Feedback", id="feedback") as feedback_tab:
                summary = gr.HTML(
                    "<p>Finish an interview to see how it went here.</p>", elem_id="summary"
                )
                with gr.Row():
                    again_btn = gr.Button(
                        "Practise these questions again",
                        variant="primary",
                        visible=False,
                        elem_id="again",
                    )
                    # One control for every download: a .zip of the report (PDF, web page,
                    # Markdown) and the transcript (text, JSON).
                    downloads = gr.DownloadButton(
                        "Download report and transcript (.zip)",
                        visible=False,
                        elem_id="downloads",
                    )
                report = gr.HTML(elem_id="report")
            with gr.Tab("Follow-up", id="followup") as followup_tab:
                gr.Markdown(
                    "One thank-you email per interviewer. Edit freely: the checks re-run as you "
                    "type. Nothing is sent from here."
                )
                followup_note = gr.Markdown(elem_id="followup-note")
                plan_files = gr.File(
                    label="Follow-up drafts (.eml) and reminders (.ics)",
                    file_count="multiple",
                    interactive=False,
                    elem_id="plan-files",
                )
                slots: list[list] = []
                for i in range(MAX_EMAILS):
                    with gr.Group(visible=False) as group:
                        head = gr.Markdown(elem_id=f"email-head-{i}")
                        subject = gr.Textbox(
                            label="Subject", max_lines=3, elem_id=f"subject-{i}"
                        )  # a long subject wraps on a phone instead of being cut
                        body = gr.Textbox(
                            label="Email", lines=12, buttons=["copy"], elem_id=f"body-{i}"
                        )
                        checks = gr.HTML(elem_id=f"checks-{i}")
                        with gr.Row():
                            mail = gr.HTML(elem_id=f"mailto-{i}")
                            eml = gr.DownloadButton("Download .eml", elem_id=f"eml-{i}")
                    slots.append([group, head, subject, body, checks, mail, eml])
            with gr.Tab("History", id="history") as history_tab:
                table = gr.HTML(
                    ui.history_html([]), js_on_load=ui.HISTORY_JS, elem_id="history-table"
                )
                history_ids = gr.State([])  # the table's sessions, server-side: no ids in the page
                trend = gr.Image(
                    label="STAR trend across sessions",
                    type="filepath",
                    interactive=False,
                    visible=False,
                    elem_id="trend",
                )
                trend_note = gr.Markdown(elem_id="trend-note")

        def page(fn):  # a page event: errors become a toast and leave every output as it was
            return lambda outputs: guard(fn, len(outputs))

        form = [role, company, level, jd, people, num, style, me, mix]
        history_out = [table, trend, trend_note, history_ids]
        email_out = [drafts, followup_note, plan_files, *[c for slot in slots for c in slot]]
        shown_feedback = [summary, again_btn, report, downloads]
        view = [session_id, chat, latest, cards, progress_md, box, send, *shown_feedback, tabs]
        load_out = [status, company, *history_out, *form, *view, logout]
        loaded = demo.load(
            page(h.on_load)(load_out),
            [saved, saved_session, saved_draft, saved_tab],
            load_out,
            show_progress="hidden",
            **PRIVATE,
        )
        # a finished session comes back with its emails as last edited (saved on each edit)
        loaded.then(page(h.draft_ui)(email_out), session_id, email_out, **PRIVATE)
        tab_ids = {
            prepare_tab: "prepare",
            interview_tab: "interview",
            feedback_tab: "feedback",
            followup_tab: "followup",
            history_tab: "history",
        }
        for tab, tab_id in tab_ids.items():
            tab.select(h.remember_tab(tab_id), None, saved_tab, show_progress="hidden", **PRIVATE)
        picked = [role, jd, people, level]
        company.change(page(h.pick_company)(picked), company, picked, **PRIVATE).then(
            h.remember_form, form, saved, show_progress="hidden", **PRIVATE
        )
        gr.on(
            [
                role.input,
                jd.input,
                people.input,
                level.change,
                num.change,
                style.change,
                me.input,
                mix.change,
            ],
            h.remember_form,
            form,
            saved,
            trigger_mode="always_last",
            show_progress="hidden",
            **PRIVATE,
        )
        box.change(
            h.remember_draft,
            box,
            saved_draft,
            trigger_mode="always_last",
            show_progress="hidden",
            **PRIVATE,
        )
        session_id.change(  # Start clears the id, then sets the new one: the last one wins
            h.remember_session, session_id, saved_session, trigger_mode="always_last", **PRIVATE
        )
        # Choosing files is enough: they are indexed at once, each with its own result line.
        # The button stays for a retry (e.g. after the company was typed in).
        upload_out = [uploaded, company, files]
        for event in (files.upload, upload_btn.click):
            event(page(h.upload_research)(upload_out), [files, company], upload_out, **PRIVATE)
        resume_out = [resume, resume_note]
        resume_file.upload(
            page(h.load_resume)(resume_out), [resume_file, resume], resume_out, **PRIVATE
        )
        brief_in = [company, jd, people, role]
        brief_btn.click(page(h.make_brief)([brief]), brief_in, brief, **PRIVATE)
        start_out = [session_id, chat, latest, cards, progress_md, send, tabs, restart_armed]
        # after each step the status line is redrawn: a model that went down shows at once
        refresh = {"fn": h.status, "inputs": None, "outputs": status, "show_progress": "hidden"}
        started = start_btn.click(
            page(h.start_ui)(start_out),
            [*form, session_id, restart_armed, resume],
            start_out,
            **PRIVATE,
        )
        started.then(**refresh, **PRIVATE)
        again = again_btn.click(page(h.practise_again)(start_out), session_id, start_out, **PRIVATE)
        again.then(**refresh, **PRIVATE)
        answer_out = [chat, latest, cards, progress_md, box, send]
        answer_io = ([box, session_id, chat, vc.spoken], answer_out)
        sent = send.click(page(h.answer_ui)(answer_out), *answer_io, **PRIVATE)
        submitted = box.submit(page(h.answer_ui)(answer_out), *answer_io, **PRIVATE)
        for event in (sent, submitted):
            event.then(**refresh, **PRIVATE)
            clear_after_send(event, vc, box, PRIVATE)
        feedback = [summary, again_btn, report, downloads, progress_md, send]
        finish_out = [*feedback, tabs]
        finish_btn.click(page(h.finish_ui)(finish_out), session_id, finish_out, **PRIVATE).success(
            page(h.draft_ui)(email_out), session_id, email_out, **PRIVATE
        )
        for i, (_, _, subject, body, checks, mail, eml) in enumerate(slots):
            # .input: only the user's edits (the draft arrives with its checks already run).
            gr.on(
                [subject.input, body.input],
                guard(h.recheck_ui(i), 3),
                [subject, body, session_id, drafts],
                [checks, mail, eml],
                trigger_mode="always_last",
                show_progress="hidden",
                **PRIVATE,
            )
        history_tab.select(page(h.history_view)(history_out), None, history_out, **PRIVATE)
        open_out = [session_id, chat, latest, cards, *feedback, tabs]
        opened = table.click(page(h.open_session)(open_out), history_ids, open_out, **PRIVATE)
        opened.success(page(h.draft_ui)(email_out), session_id, email_out, **PRIVATE)

        shown = [started, again, sent, submitted, opened]  # after each, a question is on screen
        wire_voice(demo, vc, box, chat, h.coach.listen, shown, PRIVATE)
        for name in API:
            gr.api(guard(getattr(h, f"api_{name}")), api_name=name)
    demo.queue(default_concurrency_limit=4)
    return demo


def launch(
    demo: gr.Blocks,
    host: str,
    port: int,
    auth: list[tuple[str, str]] | None = None,
    block: bool = True,
) -> str:
    """Start serving and return the URL; shared by ``interview-coach serve`` and the tests.

    Accounts go through :class:`~.signin.Accounts` (constant-time checks, throttled guessing).
    """
    _, url, _ = demo.launch(
        server_name=host,
        server_port=port,
        auth=Accounts(auth) if auth else None,
        auth_message="Sign in to see your own practice sessions." if auth else None,
        prevent_thread_lock=True,
        quiet=True,
        show_error=True,
        max_file_size=MAX_UPLOAD,
        css=CSS,
    )
    disable_deep_links(demo.app)
    if block:
        print(f"interview-coach: serving on {url}  (Ctrl+C to stop)", flush=True)
        demo.block_thread()
    return url
