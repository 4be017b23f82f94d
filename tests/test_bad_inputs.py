"""The bad-input corpus: one test per case in ``data/bad_inputs/cases.yaml``.

Each case sends one hostile or broken input through a real door (Coach, the gradio API, the
CLI, the knowledge store, the app's upload path) and asserts either a clear message (no
traceback, no exception class names) or a named list of safety checks. Every case then
checks that nothing saved before it was lost: the session it targeted (reloaded from a fresh
Store), a witness session, and the baseline research. One knowledge store, Coach and (only
if an API case runs) one gradio server are shared by the whole module to keep it fast.
"""

from __future__ import annotations

import html
import io
import json
import re
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import yaml
from fakes import FakeLLMServer, fake_llm

from interview_coach import star
from interview_coach.cli import commands as cli
from interview_coach.config import Settings
from interview_coach.errors import CoachError
from interview_coach.interview import Interview as Machine
from interview_coach.knowledge.store import KnowledgeStore, company_key
from interview_coach.llm.client import open_llm
from interview_coach.models import PanelMember, SessionSetup
from interview_coach.report.model import build_report
from interview_coach.report.render import to_html, to_markdown
from interview_coach.session import Coach, validate_setup
from interview_coach.storage import Store
from interview_coach.web import cards as ui_cards
from interview_coach.web import render as ui
from interview_coach.web import services as svc

pytestmark = [
    pytest.mark.block_network(allowed_hosts=["127.0.0.1", "localhost"]),
    pytest.mark.filterwarnings("ignore:.*(no_silent_downcasting|copy keyword)"),
]

DATA = Path(__file__).parent / "data" / "bad_inputs"
CASES: list[dict[str, Any]] = yaml.safe_load((DATA / "cases.yaml").read_text(encoding="utf-8"))
COMPANY = "Acme Sensors"
UPLOADS = "Upload Probe Co"
QUESTION = "Tell me about a time you fixed something that kept breaking."
GOOD = (
    "Last spring at Parcelwise our route-assignment service timed out every evening. I owned "
    "the service, so it was my job to get p99 latency under 200 ms before the holiday peak. I "
    "profiled it, found a lock around the job queue, and split the queue into shards. As a "
    "result p99 fell from 820 ms to 140 ms and timeouts dropped from 2,000 a day to under 50."
)
BASELINE = "# Acme Sensors overview\n\nAcme Sensors builds soil probes in its Hexham workshop.\n"
STAR_KEYS = {"components", "quantified_result", "ownership", "scorer", "notes", "missing", "tips"}
CLASS_NAME = re.compile(r"\b[A-Z]\w*(Error|Exception)\b:|Traceback")
FULL_MARKS = json.dumps({c: {"score": 2, "quotes": [], "reason": "ok"} for c in star.COMPONENTS})


@dataclass
class Run:
    """What sending one case's input did."""

    case: dict[str, Any]
    text: Any = None  # the input as sent
    error: str | None = None  # the user-facing message, if refused
    exc: BaseException | None = None
    value: Any = None  # what the call returned
    evaluation: dict[str, Any] | None = None
    sid: str | None = None
    before: list[Any] = field(default_factory=list)  # the session's turns before the input
    seconds: float = 0.0
    extra: dict[str, Any] = field(default_factory=dict)


class World:
    """Shared engine, a witness session and the baseline research, made once per module."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.settings = Settings(llm_backend="none", data_dir=root / "data")
        self.knowledge = KnowledgeStore(self.settings)
        assert self.knowledge.ingest_text(BASELINE, "acme-baseline.md", COMPANY).status == "added"
        self.baseline_ids = self.research_ids("acme-baseline.md", COMPANY)
        self.coach = Coach(self.settings, knowledge=self.knowledge)
        backend, llm = open_llm(self.settings)
        self.services = svc.Services(self.settings, backend, llm, self.knowledge, self.coach)
        self.witness, self.witness_turns = self.base_session()

    def setup(self, **changes: Any) -> SessionSetup:
        base = SessionSetup(
            role="Backend Engineer",
            company=COMPANY,
            job_description="Own services in production and fix reliability problems.",
            interviewers=[PanelMember("Priya Ramanathan", "Director of Engineering")],
            num_questions=2,
            mix="behavioural",  # the witness answer is a STAR story
        )
        for key, value in changes.items():
            setattr(base, key, value)
        return base

    def base_session(self) -> tuple[str, list[Any]]:
        """A session with one good, scored answer saved: what a bad input must not damage."""
        step = self.coach.start(self.setup(), seed="bad-inputs")
        step = self.coach.answer(step.session_id, GOOD)
        assert step.evaluation and step.state == "awaiting_answer", step.state
        return step.session_id, self.coach.get(step.session_id).turns

    def reload(self, sid: str) -> Any:
        store = Store(self.settings.db_url)  # a fresh connection: what a restart would see
        try:
            return store.get_session(sid)
        finally:
            store.close()

    def research_ids(self, source: str, company: str) -> list[str]:
        where = {"$and": [{"source": source}, {"company_key": company_key(company)}]}
        return sorted(self.knowledge.collection("research").get(where=where, include=[])["ids"])

    def research_text(self, source: str, company: str) -> str:
        where = {"$and": [{"source": source}, {"company_key": company_key(company)}]}
        got = self.knowledge.collection("research").get(where=where, include=["documents"])
        return "\n".join(got["documents"])

    def files(self) -> set[Path]:
        """Files outside the stores: nothing an upload does may add to these."""
        skip = (self.settings.chroma_dir, self.settings.data_dir / "sessions.db")
        return {p for p in self.root.rglob("*") if not any(str(p).startswith(str(s)) for s in skip)}


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> World:
    return World(tmp_path_factory.mktemp("bad-inputs"))


@pytest.fixture(scope="module")
def api(world: World):
    """The gradio app on the same engine, started only if an API case runs."""
    import socket

    from gradio_client import Client

    from interview_coach.web.app import build_app, launch

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    demo = build_app(world.settings, world.services)
    url = launch(demo, "127.0.0.1", port, block=False)
    yield Client(url, verbose=False, download_files=False)
    demo.close()


def api_call(run: Run, request: pytest.FixtureRequest, **kwargs: Any) -> None:
    from gradio_client.exceptions import AppError

    try:
        run.value = request.getfixturevalue("api").predict(**kwargs)
    except AppError as exc:
        run.error, run.exc = str(exc), exc


def run_cli(run: Run, ctx: Any, world: World, *argv: str) -> None:
    """``interview-coach ...`` in process; a refusal must be exit 2 and exactly one line."""
    ctx.monkeypatch.setenv("INTERVIEW_COACH_DATA_DIR", str(world.settings.data_dir))
    ctx.monkeypatch.setenv("INTERVIEW_COACH_LLM", "none")
    ctx.capsys.readouterr()
    code = cli.main(list(argv))
    out, err = ctx.capsys.readouterr()
    run.extra["code"] = code
    if code == 0:
        run.value = json.loads(out) if out.lstrip().startswith("{") else out
        return
    assert code == 2 and err.count("\n") == 1, (code, err)
    run.error = err.strip()


# --- building the inputs ---------------------------------------------------------------------


def generated(spec: Any) -> Any:
    """Big inputs are built here rather than stored: repeated text, or a (locked) blank PDF."""
    if not isinstance(spec, dict):
        return spec
    if "repeat" in spec:
        return (spec["repeat"] * (spec["chars"] // len(spec["repeat"]) + 1))[: spec["chars"]]
    if "pdf_pages" in spec or "encrypted_pdf" in spec:
        from pypdf import PdfWriter

        writer, buf = PdfWriter(), io.BytesIO()
        for _ in range(spec.get("pdf_pages", 1)):
            writer.add_blank_page(612, 792)
        if "encrypted_pdf" in spec:
            writer.encrypt(spec["encrypted_pdf"], algorithm="RC4-128")
        writer.write(buf)
        return buf.getvalue()
    return {key: generated(value) for key, value in spec.items()}


def raw_input(case: dict[str, Any]) -> Any:
    """The case's input: inline, from a file (bytes, or text decoded as asked) or generated."""
    if "file" in case:
        data = (DATA / case["file"]).read_bytes()
        if case.get("decode"):
            return data.decode("utf-8", case["decode"])
        binary = case["kind"] == "upload" or case.get("via") == "cli"
        return data if binary else data.decode("utf-8")
    made = generated(case.get("generate") or {})
    return case.get("input") if isinstance(made, dict) else made


# --- runners, one per kind -------------------------------------------------------------------


def run_answer(case: dict[str, Any], world: World, ctx: Any) -> Run:
    text = raw_input(case)
    sid, before = world.base_session()
    run = Run(case, text=text, sid=sid, before=before)
    via = case.get("via", "coach")
    start = time.perf_counter()
    if via == "coach":
        try:
            step = world.coach.answer(sid, text)
            run.value, run.evaluation = step, step.evaluation and step.evaluation.to_dict()
        except CoachError as exc:  # InputError and friends: the one-line messages
            run.error, run.exc = str(exc), exc
    elif via == "api":
        api_call(run, ctx.request, session_id=sid, text=text, api_name="/answer")
        run.evaluation = (run.value or {}).get("evaluation")
    else:
        args = ["evaluate", "--question", QUESTION, "--json"]
        if via == "cli":
            path = ctx.tmp_path / "answer.txt"
            path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
            args += ["--answer-file", str(path)]
            # read_text's universal newlines: offsets refer to the text with \r\n as \n
            run.text = path.read_bytes().decode("utf-8", "replace").replace("\r\n", "\n")
        else:
            args += ["--answer", text]
        run_cli(run, ctx, world, *args)
        run.evaluation = run.value if isinstance(run.value, dict) else None
    run.seconds = time.perf_counter() - start
    return run


def run_upload(case: dict[str, Any], world: World, ctx: Any) -> Run:
    gen = case.get("generate") or {}
    data = raw_input(case)
    data = data.encode("utf-8") if isinstance(data, str) else data
    name = case.get("name") or case.get("file")
    expect = case["expect"]
    if "long_name" in gen:
        base = "L" * gen["long_name"] + ".md"
        name, expect = "../" * 40 + "deep/" * 40 + base, {**expect, "basename": base}
    run = Run(case, text=name, extra={"basename": expect.get("basename"), "files": world.files()})
    start = time.perf_counter()
    if case.get("via") == "app":
        path = ctx.tmp_path / name
        if "sparse_bytes" in gen:
            with path.open("wb") as f:  # the size is real, the bytes are never read
                f.truncate(gen["sparse_bytes"])
        else:
            path.write_bytes(data)
        [(shown, ok, message)] = svc.ingest_uploads(world.services, [str(path)], UPLOADS, "local")
        run.value = (shown, ok, message)
        run.error = None if ok else message
    else:
        report = world.knowledge.ingest_bytes(data, name, UPLOADS)
        run.value = report
        run.error = report.message if report.status == "error" else None
    run.seconds = time.perf_counter() - start
    return run


def run_research(case: dict[str, Any], world: World, ctx: Any) -> Run:
    text = raw_input(case)
    name = case.get("file") or "pasted-notes.md"
    report = world.knowledge.ingest_text(text, name, COMPANY)
    run = Run(case, text=text, value=report, extra={"source": name})
    run.error = report.message if report.status == "error" else None
    return run


def run_setup(case: dict[str, Any], world: World, ctx: Any) -> Run:
    made = generated(case.get("generate") or {})
    fields: dict[str, Any] = {**(case.get("input") or {}), **made}
    if isinstance(fields.get("interviewers"), int):
        fields["interviewers"] = [f"Person {i}, Engineer" for i in range(fields["interviewers"])]
    if "interviewer_name" in fields:
        fields["interviewers"] = [fields.pop("interviewer_name")]
    people = [PanelMember.parse(p) for p in fields.pop("interviewers", [])] or None
    setup = world.setup(**fields, **({"interviewers": people} if people else {}))
    run = Run(case, text=setup, extra={"sessions": len(world.coach.sessions())})
    via = case.get("via", "coach")
    form = [setup.role, setup.company, setup.job_description]
    form += [svc.interviewers_text(setup.interviewers), setup.num_questions]
    if via == "api":
        names = ["role", "company", "job_description", "interviewers", "num_questions"]
        api_call(run, ctx.request, api_name="/start_session", **dict(zip(names, form, strict=True)))
        run.sid = (run.value or {}).get("session_id")
        return run
    try:
        if via == "form":  # what the Prepare tab does with the boxes' values
            validate_setup(svc.build_setup(*form), list(world.coach.competencies))
        step = world.coach.start(setup)
        run.value, run.sid = step, step.session_id
    except CoachError as exc:
        run.error, run.exc = str(exc), exc
    return run


def run_session(case: dict[str, Any], world: World, ctx: Any) -> Run:
    action, sid = case["action"], case.get("session_id")
    run = Run(case, text=sid)
    if action in ("coach-answer", "answer-after-finish"):
        if action == "answer-after-finish":
            sid, _ = world.base_session()
            run.sid, run.before = sid, world.coach.finish(sid).turns
        try:
            world.coach.answer(sid, GOOD)
        except CoachError as exc:
            run.error, run.exc = str(exc), exc
    elif action.startswith("cli-"):
        run_cli(run, ctx, world, action.removeprefix("cli-"), sid)
    elif action.startswith("api-"):
        kwargs = {"api-answer": {"text": GOOD}, "api-thank-you": {"interviewer": "Priya"}}
        endpoint = "/" + action.removeprefix("api-").replace("-", "_")
        api_call(run, ctx.request, session_id=sid, api_name=endpoint, **kwargs.get(action, {}))
    else:
        concurrent(run, world, two_coaches=action == "concurrent-two-coaches")
    return run


def concurrent(run: Run, world: World, two_coaches: bool) -> None:
    """Two answers to one session at the same moment, from one Coach or two "processes"."""
    run.sid, run.before = world.base_session()
    coaches = [world.coach, world.coach]
    if two_coaches:
        # Fault injection: both read the session before either writes, so they must collide.
        both_read = threading.Barrier(2, timeout=10)
        coaches = [Coach(world.settings, knowledge=world.knowledge) for _ in range(2)]
        for coach in coaches:
            read = coach.store.get_session

            def get_then_wait(*args: Any, _read: Any = read, **kwargs: Any) -> Any:
                record = _read(*args, **kwargs)
                both_read.wait()
                return record

            coach.store.get_session = get_then_wait  # type: ignore[method-assign]
    texts = [f"{GOOD} (answer {n} from window {n})" for n in (1, 2)]
    results: dict[int, Any] = {}
    go = threading.Barrier(2, timeout=10)

    def answer(n: int) -> None:
        go.wait()
        try:
            results[n] = coaches[n].answer(run.sid, texts[n])
        except Exception as exc:  # collected and judged by the checks
            results[n] = exc

    threads = [threading.Thread(target=answer, args=(n,)) for n in (0, 1)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    run.extra.update(texts=texts, results=[results[0], results[1]])  # judged by the checks
    for coach in coaches if two_coaches else []:
        coach.store.close()


RUNNERS = {
    kind: globals()[f"run_{kind}"] for kind in ("answer", "upload", "research", "setup", "session")
}


# --- the named safety checks -----------------------------------------------------------------


def _stored_answer(run: Run, world: World) -> Any:
    record = world.reload(run.sid)
    new = [t for t in record.turns[len(run.before) :] if t.speaker == "candidate"]
    assert len(new) == 1, new
    return new[0]


def check_scored(run: Run, world: World) -> None:
    ev = run.evaluation
    assert ev and set(ev) >= STAR_KEYS, ev
    assert all(ev["components"][c]["score"] in (0, 1, 2) for c in star.COMPONENTS)
    assert ev["scorer"] in ("rules", "llm+rules")


def check_not_scored(run: Run, world: World) -> None:
    assert run.evaluation is None
    assert _stored_answer(run, world).evaluation is None


def check_same_question_again(run: Run, world: World) -> None:
    """A blank answer does not count: the interviewer is still on the same question."""
    after = world.reload(run.sid)
    asked = [t.question_id for t in run.before if t.kind == "question"][-1]
    machine = Machine.from_dict(after.engine["machine"])
    assert machine.current_question_id == asked and after.status == "active"


def check_stored_verbatim(run: Run, world: World) -> None:
    assert _stored_answer(run, world).text == run.text


def check_truncation_noted(run: Run, world: World) -> None:
    assert any("only the first 5,000 were scored" in n for n in run.evaluation["notes"])


def check_evidence_matches_answer(run: Run, world: World) -> None:
    spans = [e for c in star.COMPONENTS for e in run.evaluation["components"][c]["evidence"]]
    assert spans, "no evidence quoted at all"
    for e in spans:
        assert run.text[e["start"] : e["end"]] == e["text"], e


def check_rules_only(run: Run, world: World) -> None:
    assert run.evaluation and run.evaluation["scorer"] == "rules"


def check_not_full_marks(run: Run, world: World) -> None:
    """Instructions or symbols are not a story: no component gets clear credit."""
    assert run.evaluation, "the input was not evaluated"
    scores = [run.evaluation["components"][c]["score"] for c in star.COMPONENTS]
    assert max(scores) <= 1 and sum(scores) <= 2, scores


def check_gibberish_noted(run: Run, world: World) -> None:
    assert any("doesn't read as an answer" in n for n in run.evaluation["notes"])


def check_judge_never_sees_it(run: Run, world: World) -> None:
    """With a judge that would give full marks, the instructions never reach it."""
    with FakeLLMServer(fallback=FULL_MARKS) as fake:
        s, llm = fake_llm(world.settings, fake, judge="on")
        ev = star.evaluate(QUESTION, run.text, llm=llm, settings=s).to_dict()
        assert fake.requests == [] and ev["scorer"] == "rules"
        assert any("instructions to an AI" in n for n in ev["notes"]), ev["notes"]
        assert star.evaluate(QUESTION, GOOD, llm=llm, settings=s).judge  # the judge does work
        assert len(fake.requests) == 1


TAG = re.compile(r"<[^<>\n]{0,60}>")


def escaped_forms(text: str) -> tuple[str, ...]:
    """``text`` as each of our escapers writes it: html.escape, with or without quotes, and
    markupsafe's (Jinja's autoescape: &#34; for a double quote)."""
    from markupsafe import escape

    return (html.escape(text), html.escape(text, False), str(escape(text)))


def _assert_inert(source: str, views: dict[str, str], escaped: set[str]) -> None:
    """Each tag in ``source`` (with the text after it) never appears as markup in a view, and
    the views in ``escaped`` show it as text rather than dropping it."""
    for m in TAG.finditer(source):
        snippet = source[m.start() : m.end() + 6]
        for name, view in views.items():
            assert snippet not in view, f"{snippet!r} is live markup in {name}"
            if name in escaped:
                assert any(esc in view for esc in escaped_forms(m.group()))


def check_rendered_inert(run: Run, world: World) -> None:
    kind = run.case["kind"]
    if kind == "research":
        query = "Acme Sensors award CEO Leeds office"
        hits = world.knowledge.search(query, COMPANY, k=8, collections=("research",))
        hits = [h for h in hits if h.source == run.extra["source"]]
        assert hits, "the research is not searchable"
        brief = ui.brief_markdown(COMPANY, [], hits, [])
        _assert_inert(world.research_text(run.extra["source"], COMPANY), {"brief": brief}, set())
        return
    sid = run.sid
    if kind == "setup":
        world.coach.answer(sid, GOOD)
    record = world.coach.finish(sid)
    report = build_report(record, [])
    views = {
        "report html": to_html(report, {}),
        "report markdown": to_markdown(report),
        "star cards": ui_cards.star_cards_html(record.turns),
        "chat": json.dumps([m["content"] for m in ui.chat_messages(record.turns)]),
    }  # (the History table and dropdown are plain-text widgets: "str" cells, text choices)
    source = record.setup.company if kind == "setup" else run.text
    _assert_inert(source, views, {"report html"} | ({"star cards"} if kind == "answer" else set()))
    if not TAG.search(source):  # nothing to escape: the text itself must come through intact
        assert html.escape(source[:12]) in views["star cards"]


def check_started(run: Run, world: World) -> None:
    record = world.reload(run.sid)
    assert record.status == "active" and record.setup.company == run.text.company
    assert [t.kind for t in record.turns] == ["greeting", "question"]


def check_all_interviewers_kept(run: Run, world: World) -> None:
    assert world.reload(run.sid).setup.interviewers == run.text.interviewers


def check_thank_you_for_last(run: Run, world: World) -> None:
    world.coach.answer(run.sid, GOOD)
    record = world.coach.finish(run.sid)
    last = record.setup.interviewers[-1]
    email = svc.draft_email(world.services, record, last)
    assert email["to"] == last.name and email["subject"] and email["body"]


def check_eml_stays_in_downloads(run: Run, world: World) -> None:
    world.coach.answer(run.sid, GOOD)
    record = world.coach.finish(run.sid)
    downloads = world.services.downloads.resolve()
    for person in record.setup.interviewers:
        path = Path(svc.write_eml(world.services, record, person, "Thanks", "Thank you."))
        assert path.resolve().is_relative_to(downloads) and "ic-eml-probe" in path.name
    assert (
        not list(downloads.parent.glob("*ic-eml-probe*"))
        and not Path("/etc/ic-eml-probe2").exists()
    )


def check_basename_only(run: Run, world: World) -> None:
    report, base = run.value, run.extra["basename"]
    assert report.status in ("added", "replaced", "unchanged") and report.name == base
    assert world.research_ids(base, UPLOADS), "not stored under its base name"
    raw = run.text.replace("\\", "/")
    if "/" in raw:
        assert not world.research_ids(raw, UPLOADS)


def check_nothing_written_outside(run: Run, world: World) -> None:
    assert world.files() == run.extra["files"]
    base = run.extra["basename"]
    for folder in (world.root, world.settings.data_dir.parent.parent, Path.cwd(), Path("/tmp")):
        try:
            assert not (folder / base).exists(), folder / base
        except OSError:  # the name is too long to be a file at all
            assert len(base) > 255
    assert not Path("/etc/passwd.md").exists()


def check_scrubbed_with_warning(run: Run, world: World) -> None:
    report = run.value
    assert any("instructions to an AI model" in w for w in report.warnings), report
    assert "instructions to an AI model" in report.message


def check_turns_contiguous(run: Run, world: World) -> None:
    record = world.reload(run.sid)
    assert [t.index for t in record.turns] == list(range(len(record.turns)))


def check_each_answer_once(run: Run, world: World) -> None:
    """Every accepted answer is stored once with its replies; a refused one not at all."""
    record = world.reload(run.sid)
    added = record.turns[len(run.before) :]
    for text, result in zip(run.extra["texts"], run.extra["results"], strict=True):
        count = sum(t.text == text for t in added)
        if isinstance(result, BaseException):
            assert type(result).__name__ == "SessionBusy" and count == 0, result
            assert "reload it to continue" in str(result)
        else:
            assert count == 1 and result.turns[0].text == text
    steps = [r for r in run.extra["results"] if not isinstance(r, BaseException)]
    assert len(added) == sum(len(s.turns) for s in steps)
    if run.case["action"] == "concurrent-same-coach":
        assert len(steps) == 2  # one Coach serialises its own callers


def check_exactly_one_wins(run: Run, world: World) -> None:
    kinds = sorted(type(r).__name__ for r in run.extra["results"])
    assert kinds == ["SessionBusy", "Step"], kinds


CHECKS = {
    name.removeprefix("check_"): fn for name, fn in globals().items() if name.startswith("check_")
}


# --- the test --------------------------------------------------------------------------------


def assert_nothing_lost(run: Run, world: World) -> None:
    """The targeted session (if any), the witness session and the baseline research survive."""
    sessions = [(world.witness, world.witness_turns, True)]
    if run.sid and run.before:
        sessions.append((run.sid, run.before, run.error is not None))
    for sid, before, unchanged in sessions:
        after = world.reload(sid).turns
        assert [t.index for t in after] == list(range(len(after)))
        for old, new in zip(before, after, strict=False):
            assert (old.speaker, old.kind, old.text) == (new.speaker, new.kind, new.text)
            assert old.evaluation == new.evaluation
        assert len(after) == len(before) if unchanged else len(after) >= len(before)
        first = next(t for t in after if t.kind == "answer")
        assert first.text == GOOD and first.evaluation.score("result") == 2
    if run.case["kind"] == "setup" and run.error:
        assert len(world.coach.sessions()) == run.extra["sessions"]  # no half-made session
    assert world.research_ids("acme-baseline.md", COMPANY) == world.baseline_ids
    assert "Hexham workshop" in world.research_text("acme-baseline.md", COMPANY)


@dataclass
class Ctx:
    request: pytest.FixtureRequest
    monkeypatch: pytest.MonkeyPatch
    capsys: pytest.CaptureFixture[str]
    tmp_path: Path


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_bad_input(case: dict[str, Any], world: World, request, monkeypatch, capsys, tmp_path):
    run = RUNNERS[case["kind"]](case, world, Ctx(request, monkeypatch, capsys, tmp_path))
    expect = case["expect"]
    if "error" in expect:
        assert run.error, f"accepted instead of refused: {run.value!r:.300}"
        assert re.search(expect["error"], run.error), run.error
        assert not CLASS_NAME.search(run.error), f"internal detail shown to the user: {run.error}"
        if "raises" in expect:
            assert type(run.exc).__name__ == expect["raises"]
    else:
        assert run.error is None, f"refused: {run.error}"
        for name in expect["safe"]:
            CHECKS[name](run, world)
        if expect.get("keeps") or expect.get("drops"):
            stored = world.research_text(run.extra["source"], COMPANY)
            assert all(k in stored for k in expect.get("keeps", [])), stored
            assert not any(d in stored for d in expect.get("drops", [])), stored
    if "max_seconds" in expect:
        assert run.seconds < expect["max_seconds"], f"took {run.seconds:.1f}s"
    assert_nothing_lost(run, world)


def test_the_corpus_is_complete() -> None:
    """The manifest names every case once, every check exists and every file is used."""
    ids = [c["id"] for c in CASES]
    assert len(ids) == len(set(ids)) and len(ids) >= 40
    assert {c["kind"] for c in CASES} == set(RUNNERS)
    for case in CASES:
        assert ("error" in case["expect"]) != ("safe" in case["expect"]), case["id"]
        assert set(case["expect"].get("safe", [])) <= set(CHECKS), case["id"]
    used = {c["file"] for c in CASES if "file" in c}
    assert used == {p.name for p in DATA.iterdir() if p.name != "cases.yaml"}
