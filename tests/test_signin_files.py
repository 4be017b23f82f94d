"""Files and sign-in (issue 12, break 8): private folders, no deep links, throttled guessing.

Reproduced: gradio copied uploads and exports into a shared ``/tmp/gradio`` (0755/0644,
never deleted), the app's downloads survived ``kill -9`` in ``/tmp``, ``sessions.db`` was
0644, ``/gradio_api/deep_link`` handed out a page's state, 50 wrong passwords in a second
were all answered, there was no way to sign out, and a world-readable ``--auth-file`` was
accepted silently.
"""

from __future__ import annotations

import logging
import os
import stat
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from pathlib import Path

import pytest
from sample_session import finished_session

from interview_coach.cli.commands import _parse_auth
from interview_coach.config import Settings
from interview_coach.web import services as svc
from interview_coach.web.files import private_folders
from interview_coach.web.signin import Accounts, SignInThrottled

pytestmark = pytest.mark.filterwarnings("ignore:.*(no_silent_downcasting|copy keyword)")


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_guessing_passwords_is_throttled() -> None:
    now = [1000.0]
    accounts = Accounts([("ann", "right")], max_failures=5, lockout=60, clock=lambda: now[0])
    assert accounts.check("ann", "right")
    for _ in range(5):
        assert not accounts.check("ann", "wrong")
    with pytest.raises(SignInThrottled, match="try again in 60 seconds"):
        accounts.check("ann", "right")  # even the right password waits out the lockout
    now[0] += 61
    assert accounts.check("ann", "right")
    assert not accounts.check("bob", "anything")  # unknown names fail like wrong passwords


def test_files_stay_in_the_private_data_folder(settings: Settings) -> None:
    stale = settings.data_dir / "gradio" / "interview-coach-downloads" / "old-report.md"
    stale.parent.mkdir(parents=True)
    stale.write_text("from a run that was killed")
    downloads = private_folders(settings)
    assert not stale.exists()
    assert os.environ["GRADIO_TEMP_DIR"] == str(settings.data_dir / "gradio")
    assert downloads.is_relative_to(settings.data_dir)
    assert mode(settings.data_dir) == 0o700 and mode(settings.data_dir / "gradio") == 0o700
    services = svc.make_services(settings, downloads)
    assert services.coach.sessions() == []  # opens (creates) the sessions database
    record = finished_session()
    files = svc.export_report(services, record, record.user)["files"]
    assert files and all(Path(f).is_relative_to(downloads) for f in files)
    assert {mode(Path(f)) for f in files} == {0o600}
    assert mode(settings.data_dir / "sessions.db") == 0o600


def test_a_readable_accounts_file_is_warned_about(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    accounts = tmp_path / "accounts"
    accounts.write_text("ann:s3cret\n")
    accounts.chmod(0o644)
    with caplog.at_level(logging.WARNING):
        assert _parse_auth(None, str(accounts)) == [("ann", "s3cret")]
    assert "can be read by other users" in caplog.text and "chmod 600" in caplog.text
    caplog.clear()
    accounts.chmod(0o600)
    with caplog.at_level(logging.WARNING):
        _parse_auth(None, str(accounts))
    assert "can be read" not in caplog.text


def post_login(url: str, user: str, password: str) -> int:
    data = urllib.parse.urlencode({"username": user, "password": password}).encode()
    try:
        with urllib.request.urlopen(urllib.request.Request(url + "login", data=data)) as r:
            return r.status
    except urllib.error.HTTPError as exc:
        return exc.code


def test_the_served_app_throttles_sign_in_and_has_no_deep_links(
    tmp_path_factory: pytest.TempPathFactory,
    start_app: Callable[..., str],
    caplog: pytest.LogCaptureFixture,
) -> None:
    from gradio_client import Client
    from gradio_client.exceptions import AppError

    settings = Settings(llm_backend="none", data_dir=tmp_path_factory.mktemp("signin") / "data")
    url = start_app(settings, auth=[("ann", "right-pw"), ("bob", "bob-pw")])
    assert post_login(url, "ann", "right-pw") == 200
    codes = [post_login(url, "ann", f"guess-{i}") for i in range(8)]
    assert codes[:5] == [400] * 5 and set(codes[5:]) == {429}
    with pytest.raises(urllib.error.HTTPError) as err:
        urllib.request.urlopen(url + "gradio_api/deep_link?session_hash=abc")
    assert err.value.code == 404
    client = Client(url, auth=("bob", "bob-pw"), verbose=False, download_files=False)
    caplog.set_level(logging.INFO, logger="interview_coach")
    with pytest.raises(AppError, match="The role must be text"):  # not "Something went wrong"
        client.predict(
            role=123,
            company="Acme",
            job_description="",
            interviewers="",
            num_questions=2,
            api_name="/start_session",
        )
    refused = [r for r in caplog.records if "The role must be text" in r.getMessage()]
    assert len(refused) == 1 and not refused[0].exc_info  # logged as one line, no traceback
    assert "Traceback" not in caplog.text
    (logout,) = [c for c in client.config["components"] if c["props"].get("elem_id") == "logout"]
    assert logout["props"]["link"] == "/logout"
