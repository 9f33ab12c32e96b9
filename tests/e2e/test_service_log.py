"""The System page's log panel where the services log to files, as under `make demo` (no
journald unit there): it shows the services' own lines, and follows them live."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from .conftest import PHONE, Stack, screenshot


@pytest.fixture
def log_files(app_env: dict[str, str], tmp_path: Path) -> Path:
    """The stack's processes write api.log and worker.log into tmp_path: the demo's layout.
    Requested before `stack`, so the API gets the setting."""
    app_env["LINKEDIN_AUTO_PATHS__LOG_DIR"] = str(tmp_path)
    return tmp_path


@pytest.mark.parametrize("phone", [False, True])
def test_system_log_panel_shows_the_services_log_files(log_files: Path, admin_page: Page,
                                                       stack: Stack, phone: bool) -> None:
    page = admin_page
    if phone:
        page.set_viewport_size(PHONE)
    page.goto("/system/")
    panel = page.get_by_label("Service log lines")
    expect(panel).to_contain_text('worker: {')
    expect(panel).to_contain_text('"event": "worker_started"')
    expect(panel).to_contain_text('api: {')
    card = page.locator("section.card", has=page.get_by_role("heading", name="Service log"))
    expect(card).not_to_contain_text("journald is not available")

    # Follow live: a line written now shows within the refresh, without reloading the page.
    with (log_files / "worker.log").open("a") as f:
        f.write('{"event": "a_line_written_just_now", "level": "info", '
                '"timestamp": "2999-01-01T00:00:00.000000Z"}\n')
    expect(panel).to_contain_text("a_line_written_just_now", timeout=12_000)
    screenshot(page, "system-log-demo-" + ("phone" if phone else "desktop"))
