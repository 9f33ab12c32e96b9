"""``linkedin-auto`` with the tests' own run types registered (``hold_job``): the tests start
their worker and API with ``python linkedin_auto_cli.py worker|api ...``."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import hold_job  # noqa: F401  (registers "hold")
from linkedin_auto.cli import main

main()
