"""`interview-coach index | ingest | search` driven through cli.main, as a user would.

The done-when check of the knowledge issue lives here: on a fresh data folder,
after `index`, the thank-you question finds the thank-you guidance first.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from interview_coach.cli import commands as cli

DOCS = Path(__file__).parent / "data" / "docs"


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A data folder indexed once from the real knowledge/ folder with `interview-coach index`."""
    path = tmp_path_factory.mktemp("cli") / "data"
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("INTERVIEW_COACH_DATA_DIR", str(path))
        mp.delenv("INTERVIEW_COACH_KNOWLEDGE_DIR", raising=False)
        mp.delenv("INTERVIEW_COACH_CHROMA_HOST", raising=False)
        assert cli.main(["index"]) == 0
        yield path


@pytest.fixture
def env(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("INTERVIEW_COACH_DATA_DIR", str(data_dir))
    monkeypatch.delenv("INTERVIEW_COACH_KNOWLEDGE_DIR", raising=False)
    monkeypatch.delenv("INTERVIEW_COACH_CHROMA_HOST", raising=False)
    return data_dir


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    capsys.readouterr()
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.slow
def test_done_when_thank_you_search_finds_thank_you_guidance_first(
    env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, "search", "how soon should I send a thank-you note", "--json")
    assert code == 0, err
    hits = json.loads(out)
    assert len(hits) == 5
    assert hits[0]["source"] == "knowledge/guidance/thank-you-follow-up.md"
    assert "within 24 hours" in hits[0]["text"]
    assert {"text", "source", "company", "score"} <= set(hits[0])
    assert hits[0]["company"] is None
    assert len({h["text"] for h in hits}) == 5  # no chunk twice


@pytest.mark.slow
def test_index_again_reports_unchanged(env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "index")
    assert code == 0, err
    assert "15 files: 15 unchanged" in out
    assert "guidance: " in out and "questions: 164 chunks" in out
    assert str(env / "chroma") in out


@pytest.mark.slow
def test_search_text_output_and_company_filter(
    env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(
        capsys, "search", "who founded it", "--company", "clinibell health", "-k", "3"
    )
    assert code == 0 and err == ""
    assert out.startswith("1. ")
    assert "[Clinibell Health]" in out and "score 0." in out
    assert "Quaylift" not in out and "Larchlight" not in out

    code, out, err = run(capsys, "search", "products", "--company", "Acme Widgets", "--json")
    assert code == 0
    assert "no research for 'Acme Widgets'" in err and "Clinibell Health" in err
    assert all(h["collection"] == "guidance" for h in json.loads(out))


@pytest.mark.slow
def test_ingest_then_search(env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(
        capsys,
        "ingest",
        str(DOCS / "poisoned-research.md"),
        str(DOCS),
        "--company",
        "Vellacourt Logistics",
        "--json",
    )
    assert code == 0, err
    report = json.loads(out)
    statuses = {Path(f["name"]).name: f["status"] for f in report["files"]}
    # The folder holds the same poisoned file again: refused as a duplicate name, not re-added.
    assert statuses["company-page.html"] == "added"
    assert statuses["interview-notes.txt"] == "added"
    assert report["counts"]["error"] == 1
    assert "another file with this name" in err
    poisoned = next(f for f in report["files"] if f["name"] == "poisoned-research.md")
    assert poisoned["warnings"] == ["removed 3 lines that read like instructions to an AI model"]

    code, out, err = run(
        capsys, "ingest", str(DOCS / "company-page.html"), "--company", "vellacourt logistics"
    )
    assert code == 0
    assert out.startswith("unchanged company-page.html: already indexed")

    code, out, _ = run(
        capsys,
        "search",
        "cold chain temperature incidents",
        "--company",
        "Vellacourt Logistics",
        "--json",
        "-k",
        "1",
    )
    assert json.loads(out)[0]["company"] == "Vellacourt Logistics"


def test_ingest_all_failed_exits_1(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("INTERVIEW_COACH_DATA_DIR", str(tmp_path / "data"))
    (tmp_path / "a.txt").write_bytes(b"\xff\xfe\x00b")
    (tmp_path / "b.docx").write_bytes(b"PK")
    code, out, err = run(
        capsys,
        "ingest",
        str(tmp_path / "a.txt"),
        str(tmp_path / "b.docx"),
        str(tmp_path / "nope.md"),
    )
    assert code == 1
    lines = err.strip().splitlines()
    assert lines == [
        "error: a.txt: file is UTF-16 encoded; save it as UTF-8 and try again",
        "error: b.docx: unsupported file type (.docx); use one of .htm, .html, .markdown, .md, "
        ".pdf, .txt",
        f"error: {tmp_path / 'nope.md'}: no such file or folder",
    ]
    assert "3 files: 3 error" in out


def test_search_empty_store_and_bad_arguments(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("INTERVIEW_COACH_DATA_DIR", str(tmp_path / "data"))
    code, out, err = run(capsys, "search", "thank you")
    assert code == 0
    assert "No results." in out and "run `interview-coach index`" in err

    code, out, err = run(capsys, "search", "thank you", "-k", "0")
    assert (code, err) == (2, "interview-coach: -k must be at least 1 (got 0)\n")
    code, out, err = run(capsys, "search", "   ")
    assert (code, err) == (2, "interview-coach: the search query is empty\n")


def test_unreachable_server_is_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("INTERVIEW_COACH_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("INTERVIEW_COACH_CHROMA_HOST", "127.0.0.1")
    monkeypatch.setenv("INTERVIEW_COACH_CHROMA_PORT", "9")
    code, out, err = run(capsys, "index")
    assert code == 2 and out == ""
    assert err.startswith("interview-coach: cannot reach the Chroma server at 127.0.0.1:9")
    assert "Traceback" not in err


@pytest.mark.slow
def test_a_new_process_reads_the_saved_index(env: Path) -> None:
    """The collection is rebuilt from disk in a fresh interpreter (no embedding function passed)."""
    code = (
        "import chromadb, interview_coach.knowledge.embeddings, sys\n"
        "col = chromadb.PersistentClient(path=sys.argv[1]).get_collection('guidance')\n"
        "res = col.query(query_texts=['when should I follow up after no reply'], n_results=1)\n"
        "print(res['metadatas'][0][0]['source'])\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(env / "chroma")],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "ANONYMIZED_TELEMETRY": "False"},
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "knowledge/guidance/thank-you-follow-up.md"
