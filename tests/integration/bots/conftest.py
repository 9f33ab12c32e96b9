"""Fixtures every bot test shares: one sandbox per module and bot settings.

A module that needs other settings overrides ``settings`` and receives these as its argument.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from linkedin_auto.settings import Settings, load_settings
from sandbox_kit import Sandbox, bot_settings, serve_sandbox


@pytest.fixture(scope="module")
def sandbox() -> Iterator[Sandbox]:
    with serve_sandbox() as sb:
        yield sb


@pytest.fixture
def settings(app_env: dict[str, str], sandbox: Sandbox) -> Settings:
    return bot_settings(load_settings(), sandbox)
