"""Fixtures of the reliability suite (``make test-reliability``): the app's files, a stored
sandbox session, and the figures printed at the end of the run."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from linkedin_auto.settings import Settings, load_settings
from reliability_kit import FIGURES, write_results

RESULTS = Path(__file__).resolve().parents[2] / "reliability-results.json"


@pytest.fixture
def config_file(app_env: dict[str, str]) -> Path:
    return Path(app_env["LINKEDIN_AUTO_CONFIG"])


@pytest.fixture
def env(app_env: dict[str, str], sandbox: Any, state_dir: Path,
        monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """Environment of the app's processes: the test's files, the sandbox, any hour, no
    warm-up."""
    secrets = state_dir / "secrets.env"
    secrets.write_text("LINKEDIN_AUTO_SECRET=reliability\n")
    os.chmod(secrets, 0o600)
    extra = {
        "LINKEDIN_AUTO_LINKEDIN__BASE_URL": sandbox.url,
        "LINKEDIN_AUTO_WORKING_HOURS__ENABLED": "false",
        "LINKEDIN_AUTO_WARMUP__ENABLED": "false",
    }
    for key, value in extra.items():  # this process too (submit_run reads the settings)
        monkeypatch.setenv(key, value)
    return {**app_env, **extra}


@pytest.fixture
def settings(env: dict[str, str]) -> Settings:
    return load_settings()


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if not FIGURES:
        return
    write_results(RESULTS)
    terminalreporter.section("reliability figures")
    for key, value in sorted(FIGURES.items()):
        terminalreporter.write_line(f"{key:32s} {value}")
    terminalreporter.write_line(f"(also in {RESULTS.name})")
