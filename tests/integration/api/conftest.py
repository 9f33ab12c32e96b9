"""The API as users meet it: a real uvicorn process on a loopback port, driven over HTTP."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest
from api_kit import PASSWORD, ApiServer, csrf_headers


@pytest.fixture
def api(app_env: dict[str, str], tmp_path: Path) -> Iterator[ApiServer]:
    server = ApiServer(app_env, tmp_path / "api.log").start()
    yield server
    server.stop()


@pytest.fixture
def setup_code(state_dir: Path) -> Callable[[], str]:
    return lambda: (state_dir / "setup-code").read_text().strip()


@pytest.fixture
def admin(api: ApiServer, state_dir: Path) -> Iterator[httpx.Client]:
    """A client logged in after first-run setup; unsafe requests carry the CSRF header."""
    client = api.client()
    code = (state_dir / "setup-code").read_text().strip()
    r = client.post("/api/auth/setup", json={"code": code, "password": PASSWORD})
    assert r.status_code == 200, r.text
    client.headers.update(csrf_headers(client))
    yield client
    client.close()


@pytest.fixture
def env_path() -> Callable[[str], str]:
    return lambda name: os.environ[name]
