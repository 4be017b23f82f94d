"""The result of coaching an opening or motivation answer: one line per criterion.

The classes live with the shared models (:class:`~interview_coach.models.CriteriaEvaluation`)
so that storage and the interview machine, which sit below this package, can load and read
them; see there for the ``evaluate --json`` contract they serialise to.
"""

from __future__ import annotations

from ..models import CriteriaEvaluation as TypedEvaluation
from ..models import Criterion

__all__ = ["Criterion", "TypedEvaluation"]
