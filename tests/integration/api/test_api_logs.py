"""The System page's log panel where the services log to files (``make demo``: no journald),
and the device's path (journald) left as it was when ``paths.log_dir`` is not set."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from api_kit import PASSWORD, ApiServer, csrf_headers


@pytest.fixture
def log_dir(tmp_path: Path) -> Path:
    d = tmp_path / "logs"
    d.mkdir()

    def line(ts: str, event: str) -> str:
        return json.dumps({"timestamp": ts, "level": "info", "event": event})

    (d / "worker.log").write_text("\n".join([
        line("2026-12-04T09:00:01.000000Z", "worker_started"),
        "Traceback (most recent call last):",  # no timestamp: stays after the line before it
        line("2026-12-04T09:00:04.000000Z", "run_finished"),
    ]) + "\n")
    (d / "redis.log").write_text("1:M 04 Dec 2026 09:00:00.000 * Ready to accept connections\n")
    (d / "notes.txt").write_text("not a log file\n")
    return d


@pytest.fixture
def admin_with_log_dir(app_env: dict[str, str], tmp_path: Path, log_dir: Path,
                       state_dir: Path) -> Iterator[httpx.Client]:
    server = ApiServer({**app_env, "LINKEDIN_AUTO_PATHS__LOG_DIR": str(log_dir)},
                       log_dir / "api.log").start()  # the API's own output is a log file too
    client = server.client()
    code = (state_dir / "setup-code").read_text().strip()
    assert client.post("/api/auth/setup", json={"code": code, "password": PASSWORD}).is_success
    client.headers.update(csrf_headers(client))
    yield client
    client.close()
    server.stop()


def test_logs_from_files_merged_in_time_order(admin_with_log_dir: httpx.Client) -> None:
    logs = admin_with_log_dir.get("/api/system/logs", params={"lines": 500}).json()
    assert logs["reason"] is None
    lines = logs["lines"]
    assert not any("not a log file" in x for x in lines)
    worker = [x for x in lines if x.startswith("worker: ")]
    assert [("worker_started" in worker[0]), worker[1], ("run_finished" in worker[2])] == [
        True, "worker: Traceback (most recent call last):", True]
    # The API's own JSON lines (written now, in 2026-12 or later) come after the worker's.
    api = [i for i, x in enumerate(lines) if x.startswith("api: {")]
    assert api and min(api) > lines.index(worker[2])
    assert any("redis: " in x and "Ready to accept connections" in x for x in lines)
    # ``lines`` is the newest ones.
    last = admin_with_log_dir.get("/api/system/logs", params={"lines": 2}).json()["lines"]
    assert len(last) == 2 and all(x.startswith("api: {") for x in last)
    after = admin_with_log_dir.get("/api/system/logs", params={"lines": 500}).json()["lines"]
    assert after.index(last[1]) == after.index(last[0]) + 1 > lines.index(worker[2])


def test_without_log_dir_the_journal_is_read(admin: httpx.Client) -> None:
    logs = admin.get("/api/system/logs", params={"lines": 5}).json()
    # This machine has no systemd: the device's path answers as before, with its reason.
    assert logs == {"lines": [], "reason": "journald is not available on this machine"}
