"""What the System page and the health check read from the machine: probes of the database,
Redis and the worker, memory, swap, temperature, services and the services' journal.

Each probe answers what it found, never raises: a missing sensor or service is a value.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from importlib import metadata
from pathlib import Path
from typing import Any

WORKER_STALE_SECONDS = 30  # the worker's heartbeat TTL
SERVICES = ("linkedin-auto-api", "linkedin-auto-worker", "redis-server")


def health_checks(db: Any, redis: Any, clock: Any) -> dict[str, dict[str, Any]]:
    checks: dict[str, dict[str, Any]] = {}
    try:
        db.scalar("SELECT 1")
        checks["db"] = {"ok": True}
    except Exception as exc:
        checks["db"] = {"ok": False, "detail": type(exc).__name__}
    try:
        redis.ping()
        checks["redis"] = {"ok": True}
    except Exception as exc:
        checks["redis"] = {"ok": False, "detail": type(exc).__name__}
    try:
        from linkedin_auto.queue.enqueue import worker_heartbeat

        beat = worker_heartbeat(redis)
        if beat is None:
            checks["worker"] = {"ok": False, "detail": "no heartbeat", "age_seconds": None}
        else:
            age = round((clock.now() - beat).total_seconds(), 1)
            checks["worker"] = {"ok": age <= WORKER_STALE_SECONDS, "age_seconds": age}
    except Exception as exc:
        checks["worker"] = {"ok": False, "detail": type(exc).__name__, "age_seconds": None}
    return checks


def queue_depth(redis: Any) -> int | None:
    """Jobs waiting in the queue; None when Redis does not answer."""
    try:
        from linkedin_auto.queue.enqueue import queue_depth as depth

        return depth(redis)
    except Exception:
        return None


def swaps() -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    try:
        lines = Path("/proc/swaps").read_text().splitlines()[1:]
    except OSError:
        return out
    for line in lines:
        parts = line.split()
        if len(parts) >= 5:
            out.append({
                "device": parts[0], "type": parts[1], "size_bytes": int(parts[2]) * 1024,
                "used_bytes": int(parts[3]) * 1024, "priority": int(parts[4]),
                "zram": Path(parts[0]).name.startswith("zram"),
            })
    return out


def temperature() -> float | None:
    p = Path("/sys/class/thermal/thermal_zone0/temp")
    try:
        return round(int(p.read_text().strip()) / 1000, 1)
    except (OSError, ValueError):
        return None


def _has_systemd() -> bool:
    return Path("/run/systemd/system").is_dir()


def service_states() -> dict[str, str]:
    systemctl = shutil.which("systemctl")
    if not systemctl or not _has_systemd():
        return {s: "unknown" for s in SERVICES}
    states = {}
    for s in SERVICES:
        try:
            res = subprocess.run([systemctl, "is-active", s], capture_output=True, text=True,
                                 timeout=5, check=False)
            states[s] = res.stdout.strip() or "unknown"
        except (OSError, subprocess.TimeoutExpired):
            states[s] = "unknown"
    return states


def package_version(pkg: str) -> str | None:
    try:
        return metadata.version(pkg)
    except metadata.PackageNotFoundError:
        return None


def _tail(path: Path, lines: int, chunk: int = 64 * 1024) -> list[str]:
    """The last ``lines`` lines of a file, reading only its end."""
    with path.open("rb") as f:
        f.seek(0, os.SEEK_END)
        end = f.tell()
        data = b""
        pos = end
        while pos > 0 and data.count(b"\n") <= lines:
            pos = max(0, pos - chunk)
            f.seek(pos)
            data = f.read(end - pos)
    return data.decode("utf-8", errors="replace").splitlines()[-lines:]


def _line_time(line: str) -> str | None:
    if not line.startswith("{"):
        return None
    try:
        ts = json.loads(line).get("timestamp")
    except (ValueError, AttributeError):
        return None
    return ts if isinstance(ts, str) else None


def log_files(log_dir: Path, lines: int) -> tuple[list[str], str | None]:
    """The last ``lines`` of the services' log files (``*.log`` in ``log_dir``), merged in time
    order (a line without a timestamp keeps its place after the line before it), each prefixed
    with its service's name as the journal would name it."""
    try:
        files = sorted(p for p in log_dir.glob("*.log") if p.is_file())
    except OSError as exc:
        return [], f"cannot read {log_dir}: {type(exc).__name__}"
    if not files:
        return [], f"no log files in {log_dir} yet"
    merged: list[tuple[str, str, int, str]] = []
    for path in files:
        try:
            tail = _tail(path, lines)
        except OSError:
            continue
        last = ""
        for i, line in enumerate(tail):
            last = _line_time(line) or last
            merged.append((last, path.stem, i, f"{path.stem}: {line}"))
    merged.sort(key=lambda x: (x[0], x[1], x[2]))
    return [m[3] for m in merged[-lines:]], None


def journal(lines: int, log_dir: Path | None = None) -> tuple[list[str], str | None]:
    """The last ``lines`` of the services' journal, or none and the reason why. Where the
    services log to files instead (``paths.log_dir``, set by ``make demo``), those files."""
    if log_dir is not None:
        return log_files(log_dir, lines)
    journalctl = shutil.which("journalctl")
    if not journalctl or not _has_systemd():
        return [], "journald is not available on this machine"
    try:
        res = subprocess.run(
            [journalctl, "-u", "linkedin-auto-*", "-o", "cat", "-n", str(lines), "--no-pager"],
            capture_output=True, text=True, timeout=15, check=False,
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        return [], f"journalctl failed: {type(exc).__name__}"
    if res.returncode != 0:
        return [], res.stderr.strip()[:500] or "journalctl failed"
    return res.stdout.splitlines(), None
