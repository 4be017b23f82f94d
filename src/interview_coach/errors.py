"""The one error base: what the user can fix is a ``CoachError``; anything else is a bug.

The CLI prints a ``CoachError`` as one line (exit status 2) and the web app shows it next to the
control that caused it; every other exception is logged with its traceback as a bug, so a
``ValueError`` from a typo in our code is never dressed up as the user's mistake.
"""

from __future__ import annotations


class CoachError(Exception):
    """A problem the user can fix (bad input, missing file, unreachable server): one line."""


class ConfigError(CoachError):
    """An environment variable or setting has a value we cannot use; the message names it."""


class InputError(CoachError):
    """Input the user can fix (empty, too long, wrong session state); shown as one line."""
