"""STAR scoring: rules with evidence spans, an optional LLM judge, and the coaching built on them.

``evaluate`` is the one entry point; ``Evaluation`` is what it returns.
"""

from .evaluation import EmptyAnswerError, evaluate
from .result import Evaluation
from .tags import COMPONENTS

__all__ = ["COMPONENTS", "EmptyAnswerError", "Evaluation", "evaluate"]
