"""Shared fixtures: a real redis-server per session, real SQLite files, an isolated config."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
import redis as redis_lib

if TYPE_CHECKING:
    from linkedin_auto.db.connection import Database

pytest_plugins = ["sandbox_fixture"]  # the LinkedIn sandbox: `sandbox`, `sandbox_variant`


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="session")
def redis_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A real redis-server on a unix socket; yields its URL."""
    exe = shutil.which("redis-server")
    assert exe, "redis-server is not installed (make system-deps)"
    d = tmp_path_factory.mktemp("redis")
    sock = d / "redis.sock"
    proc = subprocess.Popen(
        [exe, "--port", "0", "--unixsocket", str(sock), "--unixsocketperm", "700",
         "--dir", str(d), "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    url = f"unix://{sock}"
    deadline = time.monotonic() + 10
    while True:
        try:
            redis_lib.Redis.from_url(url).ping()
            break
        except (redis_lib.ConnectionError, FileNotFoundError):
            if time.monotonic() > deadline:
                proc.kill()
                raise
            time.sleep(0.05)
    yield url
    proc.terminate()
    proc.wait(10)


@pytest.fixture
def redis_url(redis_server: str) -> Iterator[str]:
    """The session's Redis, flushed before each test."""
    redis_lib.Redis.from_url(redis_server).flushall()
    yield redis_server


@pytest.fixture
def state_dir(tmp_path: Path) -> Path:
    d = tmp_path / "state"
    d.mkdir()
    return d


@pytest.fixture
def db(state_dir: Path) -> Iterator[Database]:
    """The app's SQLite file in the test's state dir, migrated."""
    from linkedin_auto.db.connection import open_database

    d = open_database(state_dir / "linkedin.db")
    yield d
    d.close()


@pytest.fixture
def app_env(
    tmp_path: Path, state_dir: Path, redis_url: str, monkeypatch: pytest.MonkeyPatch
) -> dict[str, str]:
    """Point every setting at the test's own files; returns the env for child processes."""
    config = tmp_path / "config.yaml"
    config.write_text("timezone: UTC\n")
    env = {
        "LINKEDIN_AUTO_CONFIG": str(config),
        "LINKEDIN_AUTO_PATHS__STATE_DIR": str(state_dir),
        "LINKEDIN_AUTO_PATHS__SECRETS_FILE": str(state_dir / "secrets.env"),
        "LINKEDIN_AUTO_REDIS__URL": redis_url,
        "LINKEDIN_AUTO_DELAYS__MIN_SECONDS": "0",
        "LINKEDIN_AUTO_DELAYS__MAX_SECONDS": "0",
        "LINKEDIN_AUTO_DELAYS__TYPING_MIN_MS": "0",
        "LINKEDIN_AUTO_DELAYS__TYPING_MAX_MS": "0",
    }
    for k, v in env.items():
        monkeypatch.setenv(k, v)
    return {**os.environ, **env}
