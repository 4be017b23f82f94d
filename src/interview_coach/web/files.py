"""Where the web app's files live: in the private data folder, readable by their owner only.

gradio copies every upload and every offered download into its temp folder, by default a
shared ``/tmp/gradio`` (folders 0755, files 0644, never deleted), and the app's own exports
went to another folder in ``/tmp`` that survived a ``kill -9``. Both now sit inside the data
folder (0700), new files are created 0600 (the process umask), gradio's cache cleanup is on,
and the app's downloads folder (inside gradio's) is emptied at every start.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from ..config import Settings

#: gradio's cleanup: every hour, delete cached uploads and downloads older than a day.
CACHE_CLEANUP = (3600, 86400)
_OURS = "INTERVIEW_COACH_SET_GRADIO_TEMP_DIR"  # GRADIO_TEMP_DIR was chosen by us, not the user


def private_folders(settings: Settings) -> Path:
    """Make the data folder private, point gradio's temp folder into it; return downloads.

    A ``GRADIO_TEMP_DIR`` the operator set is respected.
    """
    os.umask(0o077)  # every file this process creates from now on: 0600, folders 0700
    data = Path(settings.data_dir).expanduser()
    data.mkdir(parents=True, exist_ok=True)
    data.chmod(0o700)
    if not os.environ.get("GRADIO_TEMP_DIR") or os.environ.get(_OURS):
        temp = data / "gradio"
        temp.mkdir(exist_ok=True)
        temp.chmod(0o700)
        os.environ["GRADIO_TEMP_DIR"] = os.environ[_OURS] = str(temp)
    # Inside gradio's folder: the only place (besides the working directory) it serves from.
    downloads = Path(os.environ["GRADIO_TEMP_DIR"]) / "interview-coach-downloads"
    shutil.rmtree(downloads, ignore_errors=True)  # reports of a run that was killed
    downloads.mkdir(parents=True)
    return downloads


def disable_deep_links(app: object) -> None:
    """Remove gradio's ``/gradio_api/deep_link`` route: anyone holding a page's session hash
    could read that page's state through it (and it leaves a copy on disk)."""
    router = app.router  # type: ignore[attr-defined]
    router.routes = [r for r in router.routes if getattr(r, "path", "") != "/gradio_api/deep_link"]
