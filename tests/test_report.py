"""The feedback report: structure, evidence highlighting, trends, and every export format."""

from __future__ import annotations

import base64
import dataclasses
import json
import re
from datetime import timedelta
from html.parser import HTMLParser

import pypdf
import pytest
from fakes import FakeLLMServer
from sample_session import A1, A2B, A3, Q1, Q3, earlier_sessions, finished_session

from interview_coach.errors import InputError
from interview_coach.llm.client import LLM, select_backend
from interview_coach.report import charts, render
from interview_coach.report import pdf as report_pdf
from interview_coach.report.model import COMPONENTS, build_report
from interview_coach.report.render import to_json, transcript_json, transcript_markdown

PNG = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(scope="module")
def report():
    return build_report(finished_session(), earlier_sessions())


def flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def test_scores_and_facts_come_from_the_final_evaluation_of_each_question(report) -> None:
    assert [q.question for q in report.questions][::2] == [Q1, Q3]
    q1, q2, q3 = report.questions
    assert q1.scores == dict.fromkeys(COMPONENTS, 2) and q1.quantified_result
    # Q2 was probed: its scores come from the evaluation after the probe reply.
    assert q2.scores == {"situation": 2, "task": 1, "action": 2, "result": 1}
    assert q2.ownership == "mixed" and [p.kind for p in q2.parts] == ["answer", "probe", "answer"]
    assert q3.scores["result"] == 0 and q3.ownership == "we" and q3.fillers["count"] == 5


def test_practise_list_points_at_answers_worst_first(report) -> None:
    assert len(report.practise) == 3
    assert all(re.match(r"Q[1-3]: ", p) for p in report.practise)
    assert report.practise[0].startswith("Q3: no clear result")
    assert any(p.startswith("Q2: your result had no numbers") for p in report.practise)
    assert not any(p.startswith("Q1") for p in report.practise)
    assert report.strengths[0] == "Q1: a complete STAR answer, every part scored 2"
    assert any("Q1: your result had numbers" in s and "140 ms" in s for s in report.strengths)


def test_delivery_totals_are_measured_over_all_answers(report) -> None:
    words = sum(q.word_count for q in report.questions)
    fillers = sum(q.fillers["count"] for q in report.questions)
    d = report.delivery
    assert d["fillers_per_100_words"] == round(100 * fillers / words, 1)
    assert d["average_words"] == round(words / 3)
    # Typed answers only have speaking time estimated from words: no pace is claimed.
    assert d["pace_wpm"] is None and d["spoken_answers"] == 0
    assert "Pace: not measured" in render.to_markdown(report)
    assert d["fillers_ok"] is (d["fillers_per_100_words"] <= 4)


def test_marks_cover_exactly_the_quoted_evidence(report) -> None:
    for q in report.questions:
        quotes = {c: set(q.evidence[c]) for c in COMPONENTS}
        for part in q.parts:
            for start, end, comp in part.marks:
                assert part.text[start:end] in quotes[comp]
    q2 = report.questions[1]
    # The result quote lives in the reply to the probe, not in the first answer.
    reply = q2.parts[2]
    assert reply.text == A2B
    assert [(reply.text[s:e], c) for s, e, c in reply.marks] == [
        ("we haven't had that kind of outage since", "result")
    ]
    assert len(report.questions[0].parts[0].marks) == 5


def test_offsets_that_do_not_match_the_quote_fall_back_to_searching(report) -> None:
    record = finished_session()
    answer = record.turns[2]
    span = answer.evaluation.components["task"]["evidence"][0]
    span["start"] += 7  # a stale offset: the quote is still in the text
    span["end"] += 7
    q1 = build_report(record).questions[0]
    task = [(s, e) for s, e, c in q1.parts[0].marks if c == "task"]
    assert [A1[s:e] for s, e in task] == [span["text"]]


def test_trend_is_oldest_first_and_finds_recurring_weak_spots(report) -> None:
    assert [r["session_id"] for r in report.trend] == ["s-old-1", "s-old-2", "s-quaylift-3"]
    assert [r["current"] for r in report.trend] == [False, False, True]
    assert report.trend[0]["result"] == 0.5 and report.trend[2]["task"] == pytest.approx(1.33)
    assert [r.split(":")[0] for r in report.recurring] == ["Task", "Result"]
    alone = build_report(finished_session())
    assert len(alone.trend) == 1 and alone.recurring == []
    labels = [r["label"] for r in report.trend]  # what the chart's axis and the table show
    assert len(set(labels)) == len(labels) and not any("-" in x for x in labels), labels
    # two sessions on one day: the labels add the time instead of repeating the date
    today = finished_session()
    earlier = dataclasses.replace(
        today, id="s-same-day", created_at=today.created_at - timedelta(hours=1)
    )
    same_day = [r["label"] for r in build_report(today, [earlier]).trend]
    assert len(set(same_day)) == 2 and all(re.search(r"\d\d:\d\d$", x) for x in same_day)


def test_sessions_after_this_one_are_not_part_of_its_trend() -> None:
    later = finished_session("s-later")
    later.created_at = later.created_at.replace(year=2027)
    rep = build_report(finished_session(), [later, *earlier_sessions()])
    assert "s-later" not in [r["session_id"] for r in rep.trend]


def test_weak_answers_get_questions_and_a_skeleton_of_their_own_words(report) -> None:
    q1, q2, q3 = report.questions
    assert q1.details_to_add == [] and q1.skeleton == {}
    assert any(
        d.startswith("What changed after your team added a template linter? By how much")
        for d in q3.details_to_add
    )
    assert "Which part did you do yourself, rather than the team?" in q3.details_to_add
    assert any(d.startswith("What changed after you led the postmortem") for d in q2.details_to_add)
    for q in (q2, q3):
        for text in q.skeleton.values():
            own = re.sub(r"\[add: [^\]]*\]", "", text)
            for piece in filter(None, (p.strip() for p in own.split("\u2026"))):
                assert piece in q.answer_text
    assert q3.skeleton["result"].startswith("[add:")


def test_a_skeleton_from_the_coach_is_used_as_given() -> None:
    record = finished_session()
    given = {"situation": "Disk full", "result": "[how many outages since?]"}
    record.turns[6].evaluation.skeleton = given
    assert build_report(record).questions[1].skeleton == given


def test_the_interviewers_acknowledgement_is_not_part_of_the_question() -> None:
    record = finished_session()
    record.turns[3].text = "Thanks. Great. " + record.turns[3].text
    assert build_report(record).questions[1].question == record.turns[3].text[15:]


def test_a_session_without_scored_answers_is_a_clear_error() -> None:
    record = finished_session()
    record.turns = record.turns[:2]
    with pytest.raises(InputError, match="no scored answers"):
        build_report(record)


def test_markdown_escapes_answers_and_bolds_evidence(report) -> None:
    md = render.to_markdown(report)
    assert f"### Q3. {Q3}" in md and "**Scores:** Situation 2/2" in md
    assert "**After three weeks p99 was down to 140 ms** \\[R\\]" in md
    assert "<script>" not in md and "\\<script\\>alert(1)\\</script\\>" in md
    assert "1. Q3: no clear result" in md
    assert "| 2026-11-06 | 1.50 | 1.00 | 1.00 | 0.50 |" in md and "s-old-1" not in md  # no ids


class TagCounter(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: dict[str, int] = {}

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self.tags[tag] = self.tags.get(tag, 0) + 1


def test_html_is_self_contained_escaped_and_embeds_both_charts(report) -> None:
    page = render.to_html(report)
    images = re.findall(r'src="data:image/png;base64,([A-Za-z0-9+/=]+)"', page)
    assert len(images) == 2 and all(base64.b64decode(i).startswith(PNG) for i in images)
    counter = TagCounter()
    counter.feed(page)
    assert "script" not in counter.tags and "link" not in counter.tags
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    marks = sum(len(p.marks) for q in report.questions for p in q.parts)
    assert counter.tags["mark"] == 4 + marks  # plus the four in the legend
    assert '<mark class="r" title="Result">After three weeks p99 was down to 140 ms</mark>' in page
    assert not re.search(r"https?://", page)  # nothing fetched when opened offline


def test_pdf_holds_the_questions_scores_and_text(report, tmp_path) -> None:
    path = report_pdf.to_pdf(report, tmp_path / "out" / "report.pdf")
    pdf = pypdf.PdfReader(path)
    text = flat(" ".join(page.extract_text() for page in pdf.pages))
    for q in report.questions:  # each question with its own scores under it
        assert flat(f"Q{q.number}. {q.question} {render.scores_line(q)}") in text
    assert "Situation 2/2 · Task 1/2 · Action 1/2 · Result 0/2" in text  # Q3
    assert "Q3 2 1 1 0 no" in text  # the scores-at-a-glance table, as on the web page
    assert "Top three things to practise" in text and "no clear result" in text
    assert "<script>alert(1)</script>" in text  # shown as the words the user said
    assert sum(len(page.images) for page in pdf.pages) == 2


def test_pdf_without_the_unicode_font_falls_back_to_latin1(report, tmp_path, monkeypatch) -> None:
    monkeypatch.setattr(report_pdf, "_pdf_font", lambda pdf: ("helvetica", False))
    path = report_pdf.to_pdf(report, tmp_path / "plain.pdf", images={})
    text = flat(" ".join(p.extract_text() for p in pypdf.PdfReader(path).pages))
    assert "Situation 2/2 | Task 2/2" in text and '"After three weeks' in text


def test_json_and_transcripts_round_trip(report) -> None:
    data = json.loads(to_json(report))
    assert data["questions"][2]["scores"]["result"] == 0
    assert data["practise"] == report.practise and data["trend"][2]["current"] is True
    record = finished_session()
    turns = json.loads(transcript_json(record))["turns"]
    assert [t["text"] for t in turns] == [t.text for t in record.turns]
    md = transcript_markdown(record)
    assert md.count("**You** (answer):") == 4 and "**Interviewer** (probe):" in md
    assert "\\<script\\>" in md and A3[:30].replace(",", ",") in md


def test_charts_are_written_as_png_files(report, tmp_path) -> None:
    paths = charts.write_charts(report, tmp_path / "c")
    assert sorted(paths) == ["scores", "trend"]
    assert all(p.read_bytes().startswith(PNG) for p in paths.values())
    assert charts.trend_chart(build_report(finished_session())) is None


def _llm(settings, fake) -> LLM:
    s = settings.with_(llm_backend="compatible", base_url=fake.base_url, llm_max_retries=0)
    return LLM(select_backend(s, probe=False), s)


def test_a_rewrite_that_invents_facts_is_rejected_and_a_grounded_one_kept(settings) -> None:
    invented = "At Acme Corp I cut outages by 75% within 2 weeks."
    grounded = (
        "I was on call when one of our database replicas filled its disk on a Saturday night. "
        "I failed traffic over to the healthy replica and led the postmortem on Monday. "
        "[by how much did outages drop?]"
    )
    with FakeLLMServer([grounded, invented]) as fake:
        rep = build_report(finished_session(), llm=_llm(settings, fake))
        sent = fake.requests
    q2, q3 = rep.questions[1], rep.questions[2]
    assert q2.rewrite == grounded and q2.notes == []
    assert q3.rewrite is None and "added details you never gave" in q3.notes[0]
    assert "75%" in q3.notes[0] or "Acme" in q3.notes[0]
    assert rep.questions[0].rewrite is None and len(sent) == 2  # strong answers are left alone
    assert sent[1]["messages"][1]["content"] == A3  # the answer travels as data, not prompt


def test_a_failing_llm_leaves_a_note_instead_of_a_rewrite(settings) -> None:
    from fakes import Reply

    with FakeLLMServer([Reply(status=500), Reply(status=500)]) as fake:
        rep = build_report(finished_session(), llm=_llm(settings, fake))
    assert all(q.rewrite is None for q in rep.questions)
    assert rep.questions[1].notes[0].startswith("No suggested rewrite:")


def _spoken_session():
    """The sample session with answers 1 and 3 recorded: delivery as the voice package adds it."""
    from interview_coach.voice import delivery
    from interview_coach.voice.transcribe import Transcript, Word

    record = finished_session()
    recorded = [t for t in record.turns if t.kind == "answer" and t.evaluation]
    for turn, (rate, gap) in zip(
        (recorded[0], recorded[-1]), ((2.5, 0.0), (2.0, 3.2)), strict=True
    ):
        words = [
            Word(w, i / rate + (gap if i > 20 else 0), i / rate + 0.3 + (gap if i > 20 else 0), 0.9)
            for i, w in enumerate(turn.text.split())
        ]
        heard = Transcript(turn.text, tuple(words), words[-1].end + 0.5, "tiny.en")
        turn.evaluation.spoken = delivery.measured(heard, delivery.measure(heard))
    return record


def test_recorded_answers_give_a_measured_pace_and_a_chart() -> None:
    report = build_report(_spoken_session())
    q1, q2, q3 = report.questions
    assert q1.words_per_minute == 150 and q1.pauses == []
    assert q2.words_per_minute is None and q2.delivery_line is None  # typed
    assert len(q3.pauses) == 1 and q3.words_per_minute < 130
    d = report.delivery
    assert d["spoken_answers"] == 2 and d["long_pauses"] == 1
    weighted = (150 * q1.speaking_seconds + q3.words_per_minute * q3.speaking_seconds) / (
        q1.speaking_seconds + q3.speaking_seconds
    )
    assert d["pace_wpm"] == round(weighted)
    md = render.to_markdown(report)
    assert "measured from 2 recorded answers (guide: 130\u2013165)" in md
    assert "Q3: Spoken" in md and "1 long pause (longest 3.4 s" in md
    png = charts.pace_chart(report)
    assert png is not None and png.startswith(PNG)
    assert "Speaking pace per recorded answer" in render.to_html(report)
    assert charts.pace_chart(build_report(finished_session())) is None
