"""Find and kill Chromium processes that belong to our profile directory.

Playwright starts Chromium in its own process group, so killing a job's process group (RQ's
cancel or timeout) can leave the browser behind. The worker calls ``kill_strays`` after every
job and at start so no Chromium survives a crash, cancel or timeout.
"""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

import psutil  # type: ignore[import-untyped]
import structlog

log = structlog.get_logger(__name__)


def browser_processes(user_data_dir: Path) -> list[psutil.Process]:
    marker = f"--user-data-dir={Path(user_data_dir).resolve()}"
    found = []
    for proc in psutil.process_iter(["cmdline"]):
        try:
            cmd = proc.info["cmdline"] or []
        except (psutil.NoSuchProcess, psutil.AccessDenied):
            continue
        if any(arg.startswith(marker) for arg in cmd):
            found.append(proc)
    return found


def kill_strays(user_data_dir: Path, grace_seconds: float = 3.0) -> int:
    procs = [p for p in browser_processes(user_data_dir) if p.pid != os.getpid()]
    if not procs:
        return 0
    for p in procs:
        try:
            p.send_signal(signal.SIGTERM)
        except psutil.NoSuchProcess:
            pass
    _, alive = psutil.wait_procs(procs, timeout=grace_seconds)
    for p in alive:
        try:
            p.kill()
        except psutil.NoSuchProcess:
            pass
    psutil.wait_procs(alive, timeout=grace_seconds)
    time.sleep(0)  # let the kernel reap before callers count
    log.warning("browser_strays_killed", count=len(procs))
    return len(procs)
