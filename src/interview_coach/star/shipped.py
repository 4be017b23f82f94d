"""The learned readers' weights, read from ``model_data`` with one clear error when they are not
there: a package built without its data files should say so, not fail deep inside numpy."""

from __future__ import annotations

from importlib import resources

import numpy as np


class ModelFileError(RuntimeError):
    """A shipped weights file is missing or was trained on other features."""


def shipped_arrays(filename: str, names: tuple[str, ...]) -> dict[str, np.ndarray]:
    """The named arrays of a weights file in ``model_data``, or one clear error."""
    path = resources.files("interview_coach") / "model_data" / filename
    try:
        with path.open("rb") as fh:
            data = np.load(fh)
            return {name: data[name] for name in names}
    except (OSError, KeyError) as exc:
        raise ModelFileError(f"model weights unreadable: {path} ({exc})") from exc
