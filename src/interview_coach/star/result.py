"""The STAR evaluation as one typed value: what ``evaluate`` returns and every layer passes on.

The class lives with the shared models (:class:`~interview_coach.models.StarEvaluation`) so
that storage and the interview machine, which sit below this package, can load and read it;
it is serialised (``to_dict``) only at the edges: the CLI's JSON, the API, the database.
"""

from __future__ import annotations

from ..models import StarEvaluation as Evaluation

__all__ = ["Evaluation"]
