"""``linkedin-auto doctor``: the checks an operator runs after installing or upgrading.

Each check says ok or not, why, and how much it matters: ``error`` (the appliance cannot work)
or ``warning`` (it works, but something should be looked at).
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import psutil  # type: ignore[import-untyped]

from linkedin_auto.settings import ConfigError, Settings, load_settings

GIB = 1024**3
CHROMIUM_CANDIDATES = ("/usr/bin/chromium-headless-shell", "/usr/bin/chromium")
HEARTBEAT_MAX_AGE_SECONDS = 60


@dataclass
class Check:
    name: str
    ok: bool
    detail: str
    severity: str = "error"  # what a failure means: "error" or "warning"

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def find_chromium(settings: Settings) -> str | None:
    if settings.browser.executable_path:
        return settings.browser.executable_path
    for candidate in CHROMIUM_CANDIDATES:
        if os.access(candidate, os.X_OK):
            return candidate
    return shutil.which("chromium") or shutil.which("chromium-headless-shell")


def check_config(settings: Settings | None = None) -> Check:
    try:
        load_settings()
    except ConfigError as exc:
        return Check("config", False, str(exc))
    from linkedin_auto.settings import config_file_path

    path = config_file_path()
    where = str(path) if path.is_file() else "defaults and environment (no file)"
    return Check("config", True, f"valid ({where})")


def check_database(settings: Settings) -> Check:
    from linkedin_auto.db.migrate import latest_version, schema_problems

    path = settings.paths.db_file
    if not path.is_file():
        return Check("database", False, f"{path} does not exist (run `linkedin-auto db migrate`)")
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=10)
        try:
            integrity = conn.execute("PRAGMA quick_check").fetchone()[0]
            mode = conn.execute("PRAGMA journal_mode").fetchone()[0]
            version = int(conn.execute("PRAGMA user_version").fetchone()[0])
            # Exactly what the migrations up to its version create: a dropped table or index
            # (messages_once makes a wish once-only) would otherwise pass unnoticed.
            schema = schema_problems(conn, version) if 0 < version <= latest_version() else []
        finally:
            conn.close()
    except sqlite3.Error as exc:
        return Check("database", False, f"{path}: {exc}")
    problems = []
    if integrity != "ok":
        problems.append(f"integrity: {integrity}")
    if mode != "wal":
        problems.append(f"journal mode is {mode}, expected wal")
    if version != latest_version():
        problems.append(f"schema version {version}, this release expects {latest_version()}")
    problems += schema[:10]
    if problems:
        return Check("database", False, "; ".join(problems))
    return Check("database", True,
                 f"integrity ok, WAL, schema version {version} with every table and index")


def _redis(settings: Settings) -> Any:
    from linkedin_auto.queue.enqueue import redis_from_settings

    return redis_from_settings(settings)


def check_redis(settings: Settings) -> Check:
    try:
        info = _redis(settings).info("server")
    except Exception as exc:
        return Check("redis", False, f"{settings.redis.url} unreachable: {exc}")
    return Check("redis", True, f"reachable, version {info.get('redis_version', '?')}")


def check_worker(settings: Settings) -> Check:
    from linkedin_auto.queue.enqueue import worker_heartbeat

    try:
        beat = worker_heartbeat(_redis(settings))
    except Exception as exc:
        return Check("worker", False, f"cannot read the heartbeat: {exc}")
    if beat is None:
        return Check("worker", False, "no heartbeat: is linkedin-auto-worker running?")
    age = (datetime.now(UTC) - beat).total_seconds()
    if age > HEARTBEAT_MAX_AGE_SECONDS:
        return Check("worker", False, f"last heartbeat {age:.0f} s ago")
    return Check("worker", True, f"alive (heartbeat {max(age, 0):.0f} s ago)")


def check_chromium(settings: Settings) -> Check:
    exe = find_chromium(settings)
    if not exe or not os.access(exe, os.X_OK):
        return Check("chromium", False, f"not found ({exe or ', '.join(CHROMIUM_CANDIDATES)})")
    try:
        out = subprocess.run([exe, "--version"], capture_output=True, text=True, timeout=20,
                             check=False)
        version = (out.stdout or out.stderr).strip().splitlines()[0] if (out.stdout or out.stderr) \
            else f"exit code {out.returncode}"
    except (OSError, subprocess.TimeoutExpired) as exc:
        return Check("chromium", False, f"{exe}: {exc}")
    return Check("chromium", True, f"{exe}: {version}")


def check_secrets(settings: Settings) -> Check:
    path = settings.paths.secrets_file
    if not path.is_file():
        return Check("secrets", False, f"{path} missing (created at the API's first start)")
    st = path.stat()
    problems = []
    if st.st_mode & 0o077:
        problems.append(f"mode {oct(st.st_mode & 0o777)}, expected 0600")
    if st.st_uid != os.geteuid():
        problems.append(f"owned by uid {st.st_uid}, expected {os.geteuid()}")
    if problems:
        return Check("secrets", False, f"{path}: " + "; ".join(problems))
    return Check("secrets", True, f"{path}: mode 0600, owner ok")


def check_disk(settings: Settings) -> Check:
    path = Path(settings.paths.state_dir)
    probe = path if path.exists() else path.parent
    while not probe.exists():
        probe = probe.parent
    free = shutil.disk_usage(probe).free
    ok = free >= GIB
    return Check("disk", ok, f"{free / GIB:.1f} GiB free on {probe}", "warning")


def check_memory(settings: Settings) -> Check:
    total = psutil.virtual_memory().total + psutil.swap_memory().total
    ok = total >= 1.5 * GIB
    detail = f"{total / GIB:.1f} GiB memory + swap"
    if not ok:
        detail += " (below 1.5 GiB: enable zram or swap)"
    return Check("memory", ok, detail, "warning")


CHECKS: tuple[Callable[[Settings], Check], ...] = (
    check_database, check_redis, check_worker, check_chromium, check_secrets, check_disk,
    check_memory,
)


def run_checks(settings: Settings) -> list[Check]:
    results = [check_config(settings)]
    for fn in CHECKS:
        try:
            results.append(fn(settings))
        except Exception as exc:  # a broken check is a failed check, not a crash
            name = fn.__name__.removeprefix("check_")
            results.append(Check(name, False, f"check crashed: {exc}"))
    return results


def exit_code(checks: list[Check]) -> int:
    return 1 if any(not c.ok and c.severity == "error" for c in checks) else 0
