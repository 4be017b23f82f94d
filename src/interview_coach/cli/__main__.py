"""``python -m interview_coach.cli``: the same command without the console script."""

import sys

from .commands import main

sys.exit(main())
