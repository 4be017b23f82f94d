"""The report, thank-you and sessions commands against a real session database."""

from __future__ import annotations

import email
import json
from email import policy

import pypdf
import pytest
from sample_session import earlier_sessions, finished_session

from interview_coach.cli import commands as cli
from interview_coach.errors import CoachError
from interview_coach.storage import Store


def store_session(store: Store, record) -> str:
    saved = store.create_session(
        record.user, record.setup, record.state, {}, turns=record.turns, session_id=record.id
    )
    store.set_status(saved.id, record.status)
    return saved.id


@pytest.fixture
def stored(settings) -> str:
    """Two older sessions and the finished three-question one, created oldest first."""
    store = Store(settings.db_url)
    for record in reversed(earlier_sessions()):
        store_session(store, record)
    session_id = store_session(store, finished_session())
    store.close()
    return session_id


def run(settings, *argv: str) -> int:
    args = cli.build_parser().parse_args(list(argv))
    return args.func(args, settings)


def test_sessions_lists_each_session_with_its_average(settings, stored, capsys) -> None:
    assert run(settings, "sessions", "--json") == 0
    rows = json.loads(capsys.readouterr().out)
    assert [r["id"] for r in rows] == [stored, "s-old-2", "s-old-1"]  # newest first
    top = rows[0]
    assert top["status"] == "finished" and top["questions_answered"] == 3
    assert top["company"] == "Quaylift Robotics"
    assert top["averages"] == {"situation": 2.0, "task": 1.33, "action": 1.67, "result": 1.0}
    assert top["average_star"] == round(2.0 + 1.33 + 1.67 + 1.0, 1)  # out of 8, as in /history
    assert run(settings, "sessions", "--user", "nobody", "--json") == 0
    assert json.loads(capsys.readouterr().out) == []
    assert run(settings, "sessions") == 0
    table = capsys.readouterr().out.splitlines()
    assert table[1].startswith(stored) and " 6.0 " in table[1] and "STAR/8" in table[0]


def test_sessions_json_and_the_history_endpoint_agree(settings, stored, capsys) -> None:
    from interview_coach.session import Coach
    from interview_coach.web.services import session_summary

    assert run(settings, "sessions", "--json") == 0
    cli_rows = {r["id"]: r for r in json.loads(capsys.readouterr().out)}
    for record in Coach(settings).sessions():
        api = session_summary(record)
        assert api["average_star"] == cli_rows[record.id]["average_star"]
        assert api["questions"] == cli_rows[record.id]["questions_answered"]


def test_report_markdown_and_json_go_to_stdout(settings, stored, capsys) -> None:
    assert run(settings, "report", stored) == 0
    md = capsys.readouterr().out
    assert md.startswith("# Interview feedback: Senior Software Engineer")
    assert "| 2026-" in md and "Recurring weak spot: Result" in md  # history from the store
    assert run(settings, "report", stored, "--format", "json") == 0
    data = json.loads(capsys.readouterr().out)
    assert [q["number"] for q in data["questions"]] == [1, 2, 3] and len(data["trend"]) == 3


def test_report_html_defaults_to_the_exports_folder(settings, stored, capsys) -> None:
    assert run(settings, "report", stored, "--format", "html") == 0
    out = capsys.readouterr()
    path = settings.exports_dir / f"{stored}.html"
    assert out.out.strip() == str(path)
    page = path.read_text(encoding="utf-8")
    assert page.count("data:image/png;base64,") == 2 and "<script>" not in page
    assert sorted(p.name for p in (settings.exports_dir / f"{stored}-charts").iterdir()) == [
        "scores.png",
        "trend.png",
    ]


def test_report_pdf_to_a_chosen_path(settings, stored, tmp_path, capsys) -> None:
    target = tmp_path / "mine" / "feedback.pdf"
    assert run(settings, "report", stored, "--format", "pdf", "-o", str(target)) == 0
    assert capsys.readouterr().out.strip() == str(target)
    text = " ".join(p.extract_text() for p in pypdf.PdfReader(target).pages)
    assert "Result 0/2" in text and "Top three things to practise" in text


def test_unknown_session_is_one_clear_line(settings, stored, monkeypatch, capsys) -> None:
    with pytest.raises(CoachError, match="no practice session 'nope'"):
        run(settings, "report", "nope")
    monkeypatch.setenv("INTERVIEW_COACH_DATA_DIR", str(settings.data_dir))
    monkeypatch.setenv("INTERVIEW_COACH_LLM", "none")
    assert cli.main(["thank-you", "nope", "--llm", "none"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("interview-coach: no practice session 'nope'") and "Traceback" not in err


def test_thank_you_drafts_one_email_per_interviewer(settings, stored, capsys) -> None:
    assert run(settings, "thank-you", stored, "--llm", "none", "--json") == 0
    emails = json.loads(capsys.readouterr().out)
    assert [e["to"] for e in emails] == ["Priya Ramanathan", "Tomasz Kowalczyk"]
    assert emails[0]["body"] != emails[1]["body"]
    for e in emails:
        assert set(e) >= {"to", "subject", "body", "send_by", "checks", "notes"}
        assert {c["name"] for c in e["checks"] if not c["passed"]} == {"research"}
        assert any("no research about Quaylift Robotics" in n for n in e["notes"])
    assert (
        run(settings, "thank-you", stored, "--llm", "none", "--interviewer", "tomasz", "--json")
        == 0
    )
    single = json.loads(capsys.readouterr().out)
    assert single["to"] == "Tomasz Kowalczyk"


def test_thank_you_text_output_shows_the_checks(settings, stored, capsys) -> None:
    assert run(settings, "thank-you", stored, "--llm", "none", "--interviewer", "Priya") == 0
    out = capsys.readouterr().out
    assert "To: Priya Ramanathan (Director of Engineering, Fleet Orchestration)" in out
    assert "Checks: 16/17 passed" in out and "FAIL Cites a fact from your research:" in out
    assert "Send it by Sat 21 Nov, " in out and out.rstrip().count("Alex Morgan") >= 1
    assert "mailto:?subject=Thank%20you" in out


def test_unknown_interviewer_lists_the_names(settings, stored) -> None:
    with pytest.raises(CoachError, match="Priya Ramanathan, Tomasz Kowalczyk"):
        run(settings, "thank-you", stored, "--llm", "none", "--interviewer", "Sam")


def test_thank_you_writes_eml_files_that_parse(settings, stored, tmp_path, capsys) -> None:
    folder = tmp_path / "drafts"
    assert run(settings, "thank-you", stored, "--llm", "none", "--eml", str(folder)) == 0
    files = sorted(folder.iterdir())
    assert [f.name for f in files] == [
        "thank-you-priya-ramanathan.eml",
        "thank-you-tomasz-kowalczyk.eml",
    ]
    msg = email.message_from_bytes(files[1].read_bytes(), policy=policy.default)
    assert msg["To"].groups[0].display_name == "Tomasz Kowalczyk"
    assert msg.get_content().startswith("Hi Tomasz,")
    one = tmp_path / "one.eml"
    assert run(settings, "thank-you", stored, "--llm", "none", "--interviewer", "Priya",
               "--eml", str(one)) == 0  # fmt: skip
    assert email.message_from_bytes(one.read_bytes())["Subject"].startswith("Thank you")
