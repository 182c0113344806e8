#!/usr/bin/env python3
"""Run every content check without building the site (``make check``, pre-commit)."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "hooks"))

from studykit.cli import main  # noqa: E402

sys.exit(main(sys.argv[1:]))
