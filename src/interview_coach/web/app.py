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
from .handlers import MAX_EMAILS, Handlers, guard  # noqa: E402

UPLOAD_TYPES = [".md", ".markdown", ".txt", ".html", ".htm", ".pdf"]
MAX_UPLOAD = "12mb"  # gradio refuses bigger uploads; documents.MAX_BYTES gives per-file messages
CSS = ".status-line {font-size: 90%} .star-card summary {cursor: pointer}"
API = ("start_session", "answer", "finish", "thank_you", "history")
# Page events are for the page only: the documented API is the five endpoints above.
PRIVATE = {"api_visibility": "private"}


def build_app(settings: Settings, services: svc.Services | None = None) -> gr.Blocks:
    """The whole UI; tests may inject ``services`` (e.g. with a fault-injecting LLM)."""
    h = Handlers(services or svc.make_services(settings))

    with gr.Blocks(title="interview-coach") as demo:
        session_id = gr.State(None)  # per browser tab: never shared between users
        drafts = gr.State([])
        status = gr.Markdown(
            ui.status_markdown(h.services.backend), elem_classes="status-line", elem_id="status"
        )
        with gr.Tabs() as tabs:
            with gr.Tab("Prepare", id="prepare"):
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
                with gr.Accordion("Company research (optional)", open=False):
                    files = gr.File(
                        label="Research files: .md .txt .html .pdf, up to 10 MB each",
                        file_count="multiple",
                        file_types=UPLOAD_TYPES,
                        elem_id="research-files",
                    )
                    upload_btn = gr.Button("Add research for this company", elem_id="upload")
                    uploaded = gr.Markdown(elem_id="upload-result")
                with gr.Row():
                    brief_btn = gr.Button("Show interview brief", elem_id="brief-btn")
                    start_btn = gr.Button("Start interview", variant="primary", elem_id="start")
                brief = gr.Markdown(elem_id="brief")
            with gr.Tab("Interview", id="interview"):
                progress_md = gr.Markdown(
                    "Start an interview on the Prepare tab.", elem_id="progress"
                )
                chat = gr.Chatbot(
                    label="Interview",
                    height=420,
                    elem_id="chat",
                    feedback_options=None,
                    allow_tags=False,
                    buttons=["copy"],
                )
                box = gr.Textbox(
                    label="Your answer",
                    lines=4,
                    elem_id="answer",
                    placeholder="Tell a real story: the situation, your task, what you did, "
                    "and the result.",
                )
                with gr.Row():
                    send = gr.Button("Send answer", variant="primary", elem_id="send")
                    finish_btn = gr.Button("Finish and get feedback", elem_id="finish")
                with gr.Accordion("STAR feedback on your answers", open=False, elem_id="star"):
                    cards = gr.HTML(ui_cards.star_cards_html([]), elem_id="star-cards")
            with gr.Tab("Feedback", id="feedback"):
                downloads = gr.File(
                    label="Downloads: report (Markdown, HTML, PDF) and transcript",
                    file_count="multiple",
                    interactive=False,
                    elem_id="downloads",
                )
                report = gr.HTML(
                    "<p>Finish an interview to see your report here.</p>", elem_id="report"
                )
            with gr.Tab("Follow-up", id="followup"):
                gr.Markdown(
                    "One thank-you email per interviewer. Edit freely: the checks re-run as you "
                    "type. Nothing is sent from here."
                )
                followup_note = gr.Markdown(elem_id="followup-note")
                slots: list[list] = []
                for i in range(MAX_EMAILS):
                    with gr.Group(visible=False) as group:
                        head = gr.Markdown(elem_id=f"email-head-{i}")
                        subject = gr.Textbox(label="Subject", elem_id=f"subject-{i}")
                        body = gr.Textbox(
                            label="Email", lines=12, buttons=["copy"], elem_id=f"body-{i}"
                        )
                        checks = gr.HTML(elem_id=f"checks-{i}")
                        with gr.Row():
                            mail = gr.HTML(elem_id=f"mailto-{i}")
                            eml = gr.DownloadButton("Download .eml", elem_id=f"eml-{i}")
                    slots.append([group, head, subject, body, checks, mail, eml])
            with gr.Tab("History", id="history") as history_tab:
                table = gr.Dataframe(
                    headers=ui.HISTORY_HEADERS, interactive=False, elem_id="history-table"
                )
                trend = gr.Image(
                    label="STAR trend across sessions",
                    type="filepath",
                    interactive=False,
                    visible=False,
                    elem_id="trend",
                )
                trend_note = gr.Markdown(elem_id="trend-note")
                with gr.Row():
                    chosen = gr.Dropdown(label="Session", choices=[], elem_id="chosen")
                    open_btn = gr.Button("Resume or open", elem_id="open")

        history_out = [table, trend, trend_note, chosen]
        email_out = [drafts, followup_note, *[c for slot in slots for c in slot]]
        demo.load(guard(h.on_load), None, [status, company, *history_out], **PRIVATE)
        company.change(guard(h.pick_company), company, [role, jd, people, level], **PRIVATE)
        upload_btn.click(guard(h.upload_research), [files, company], [uploaded, company], **PRIVATE)
        brief_btn.click(guard(h.make_brief), [company, jd], brief, **PRIVATE)
        start_btn.click(
            guard(h.start_ui),
            [role, company, level, jd, people, num, style],
            [session_id, chat, cards, progress_md, send, tabs],
            **PRIVATE,
        )
        answer_io = ([box, session_id, chat], [chat, cards, progress_md, box, send])
        send.click(guard(h.answer_ui), *answer_io, **PRIVATE)
        box.submit(guard(h.answer_ui), *answer_io, **PRIVATE)
        finish_btn.click(
            guard(h.finish_ui), session_id, [report, downloads, progress_md, send, tabs], **PRIVATE
        ).success(guard(h.draft_ui), session_id, email_out, **PRIVATE)
        for i, (_, _, subject, body, checks, mail, eml) in enumerate(slots):
            # .input: only the user's edits (the draft arrives with its checks already run).
            gr.on(
                [subject.input, body.input],
                h.recheck_ui(i),
                [subject, body, session_id, drafts],
                [checks, mail, eml],
                trigger_mode="always_last",
                show_progress="hidden",
                **PRIVATE,
            )
        history_tab.select(guard(h.history_view), None, history_out, **PRIVATE)
        open_btn.click(
            guard(h.open_session),
            chosen,
            [session_id, chat, cards, report, downloads, progress_md, send, tabs],
            **PRIVATE,
        ).success(guard(h.draft_ui), session_id, email_out, **PRIVATE)

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
    """Start serving and return the URL; shared by ``interview-coach serve`` and the tests."""
    _, url, _ = demo.launch(
        server_name=host,
        server_port=port,
        auth=auth or None,
        auth_message="Sign in to see your own practice sessions." if auth else None,
        prevent_thread_lock=True,
        quiet=True,
        show_error=True,
        max_file_size=MAX_UPLOAD,
        css=CSS,
    )
    if block:
        print(f"interview-coach: serving on {url}  (Ctrl+C to stop)", flush=True)
        demo.block_thread()
    return url
