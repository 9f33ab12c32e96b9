"""A run type only the tests register: ``hold`` keeps a job busy so that cancel, timeout,
SIGTERM and a worker's crash can be exercised on a real worker. The application ships no
such hook: a test's worker and API import this module (``linkedin_auto_cli.py``), and so do
the tests that submit it.

Options: ``{"hold_seconds": N}`` sleeps in small steps and checks for cancellation;
``{"cooperative": false}`` sleeps in one block that never checks, to prove that a stop
really kills the process.
"""

from __future__ import annotations

import os
import time

from linkedin_auto.queue.registry import register
from linkedin_auto.runs.context import RunContext


@register("hold", "Test job: stays busy for hold_seconds")
def hold_job(ctx: RunContext) -> None:
    seconds = float(ctx.options.get("hold_seconds", 0) or 0)
    cooperative = bool(ctx.options.get("cooperative", True))
    ctx.event("hold", f"holding for {seconds} s", pid=os.getpid(), seconds=seconds,
              cooperative=cooperative)
    if not cooperative:
        time.sleep(seconds)
        return
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        ctx.check_cancelled()
        time.sleep(0.1)
