"""`interview-coach practice`: scripted with --answers, interactive, and its errors."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from sample_session import A1, A2, A2B, CUSTOMERS, STEPPED_UP

from interview_coach.cli.commands import main
from interview_coach.storage import Store

KINDS = {"greeting", "question", "probe", "answer", "candidate_question", "reply", "wrap_up"}
JD = (
    Path(__file__).resolve().parents[1] / "knowledge/companies/quaylift-robotics/job-description.md"
)
BASE = ["practice", "--company", "Quaylift Robotics", "--role", "Senior Software Engineer",
        "--mix", "behavioural", "--seed", "0"]  # fmt: skip


@pytest.fixture
def env(settings, monkeypatch: pytest.MonkeyPatch):
    """The CLI reads its settings from the environment: point it at the test's data folder."""
    monkeypatch.setenv("INTERVIEW_COACH_DATA_DIR", str(settings.data_dir))
    monkeypatch.setenv("INTERVIEW_COACH_LLM", "none")
    return settings


def run(capsys, args: list[str]) -> tuple[int, str, str]:
    code = main(args)
    out, err = capsys.readouterr()
    return code, out, err


def answers_file(tmp_path: Path, paragraphs: list[str]) -> str:
    path = tmp_path / "answers.txt"
    path.write_text("\n\n".join(paragraphs) + "\n", encoding="utf-8")
    return str(path)


def test_full_session_as_json(env, tmp_path: Path, capsys) -> None:
    script = [
        A1,
        A2,
        A2B,  # the reply to the probe on A2's vague result
        CUSTOMERS,  # the third question (seed 0) asks how you changed thinking about customers
        "What does the on-call rotation look like?",
        "No, that's all, thanks.",
        "This paragraph is left over and must be ignored.",
    ]
    code, out, err = run(
        capsys,
        [
            *BASE,
            "--questions", "3",
            "--seniority", "senior",
            "--job-description", str(JD),
            "--interviewer", "Priya Ramanathan, Director of Engineering",
            "--answers", answers_file(tmp_path, script),
            "--llm", "none",
            "--json",
        ],
    )  # fmt: skip
    assert code == 0, err
    data = json.loads(out)
    assert set(data) == {"session_id", "company", "role", "llm", "candidate_name", "turns"}
    assert data["company"] == "Quaylift Robotics" and data["role"] == "Senior Software Engineer"
    assert data["llm"] == {
        "backend": "none", "model": None, "calls": 0, "failed": 0, "restarts": 0, "down": None,
    }  # fmt: skip
    turns = data["turns"]
    for t in turns:
        said = {"interviewer"} if t["speaker"] == "interviewer" else set()
        keys = {"speaker", "kind", "text", "evaluation", "notes"} | said
        assert set(t) - {"question_type"} == keys
        assert t["notes"] == []
        assert t.get("interviewer", "Priya Ramanathan") == "Priya Ramanathan"
        if "question_type" in t:  # bank questions; the invitation to ask ours has none
            assert t["kind"] == "question" and t["question_type"] == "behavioural"
        assert t["speaker"] in ("interviewer", "candidate") and t["kind"] in KINDS
    kinds = [t["kind"] for t in turns]
    assert kinds[0] == "greeting" and kinds[-1] == "wrap_up"
    assert kinds.count("probe") == 1 and kinds.count("candidate_question") == 1
    assert "Priya Ramanathan" in turns[0]["text"]
    scored = [t for t in turns if t["evaluation"]]
    assert len(scored) == 4 and all(t["speaker"] == "candidate" for t in scored)
    assert set(scored[0]["evaluation"]["components"]) == {"situation", "task", "action", "result"}
    assert not any("left over" in t["text"] for t in turns)
    record = Store(env.db_url).get_session(data["session_id"], "local")
    assert record.status == "finished" and len(record.turns) == len(turns)


def test_answers_running_out_leaves_a_resumable_session(env, tmp_path: Path, capsys) -> None:
    code, out, err = run(
        capsys,
        [
            *BASE,
            "--questions",
            "3",
            "--answers",
            answers_file(tmp_path, [STEPPED_UP]),
            "--llm",
            "none",
        ],  # fmt: skip
    )
    assert code == 0, err
    assert "unfinished, resumable" in out
    assert "Interviewer:" in out and "You:" in out and "[STAR situation" in out
    (record,) = Store(env.db_url).list_sessions("local")
    assert record.status == "active" and record.state == "awaiting_answer"
    assert [t.kind for t in record.turns] == ["greeting", "question", "answer", "question"]


def test_a_statement_after_the_last_question_ends_the_interview(
    env, tmp_path: Path, capsys
) -> None:
    script = [STEPPED_UP, "What is the team like", "Thanks again."]
    code, out, err = run(
        capsys,
        [*BASE, "--questions", "1", "--answers", answers_file(tmp_path, script), "--json"],
    )
    assert code == 0, err
    kinds = [t["kind"] for t in json.loads(out)["turns"]]
    # no "?" at the end: answered if it reads as a question, then the phase is over
    assert kinds[-1] == "wrap_up" and "Thanks again." not in out


def test_interactive_mode(env, capsys, monkeypatch: pytest.MonkeyPatch) -> None:
    lines = [*A1.split(". "), "", "", "", "", ""]  # an answer over several lines, then blanks
    monkeypatch.setattr("sys.stdin", io.StringIO("\n".join(lines) + "\n"))
    code, out, err = run(capsys, [*BASE, "--questions", "2", "--llm", "none"])
    assert code == 0, err
    assert out.count("You (end your answer with an empty line") >= 3
    assert "try again" in out  # the empty line was an empty answer
    (record,) = Store(env.db_url).list_sessions("local")
    assert record.turns[2].text.startswith("At Parcelwise") and record.turns[2].evaluation


def test_user_errors_are_one_line(env, tmp_path: Path, capsys) -> None:
    code, _, err = run(capsys, [*BASE, "--job-description", str(tmp_path / "missing.md")])
    assert code == 2 and "cannot read --job-description" in err and "Traceback" not in err
    code, _, err = run(capsys, ["practice", "--company", "Acme", "--role", "x" * 121])
    assert code == 2 and "keep it to 120" in err
    code, _, err = run(capsys, [*BASE, "--questions", "0", "--llm", "none"])
    assert code == 2 and "1 to 30" in err
    big = answers_file(tmp_path, ["word " * 5000])
    code, _, err = run(capsys, [*BASE, "--answers", big, "--llm", "none"])
    assert code == 2 and "20,000" in err and "is saved" in err
