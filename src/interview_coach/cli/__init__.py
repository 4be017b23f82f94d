"""The ``interview-coach`` command: knowledge, evaluation, practice, reports, serving."""

from .commands import main

__all__ = ["main"]
