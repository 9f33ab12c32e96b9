"""Fixtures: a real worker process on the test's Redis and SQLite file."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
import redis as redis_lib
from workerproc import WorkerProc


@pytest.fixture
def testing_env(app_env: dict[str, str], state_dir: Path) -> dict[str, str]:
    secrets = state_dir / "secrets.env"
    secrets.write_text("LINKEDIN_AUTO_SECRET=x\n")
    os.chmod(secrets, 0o600)
    return app_env


@pytest.fixture
def worker(testing_env: dict[str, str], tmp_path: Path) -> Iterator[WorkerProc]:
    w = WorkerProc(testing_env, tmp_path / "worker.log")
    w.start()
    yield w
    w.stop()


@pytest.fixture
def rds(redis_url: str) -> redis_lib.Redis:
    return redis_lib.Redis.from_url(redis_url)
