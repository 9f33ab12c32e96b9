"""System → Updates in the browser: upload (a tampered bundle refused, a signed one staged with
its notes), Install (the request for the root updater, the banner), the result in the history."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from linkedin_auto.updates.bundle import public_key_text
from linkedin_auto.updates.state import (
    Paths,
    UpdateRecord,
    UpdateResult,
    append_history,
    read_request,
)
from playwright.sync_api import Page, expect
from release_kit import WHEEL, bundle_of, rewrite

from .conftest import Stack, alert, screenshot

KEY = Ed25519PrivateKey.generate()


@pytest.fixture
def updater_env(app_env: dict[str, str], tmp_path: Path) -> Iterator[Path]:
    """Trust the test key; requested before the stack so the API gets the setting."""
    updater = tmp_path / "updater"
    updater.mkdir()
    (updater / "trusted-keys").write_text(public_key_text(KEY.public_key()) + "\n")
    app_env["LINKEDIN_AUTO_PATHS__UPDATER_DIR"] = str(updater)
    yield updater


def test_upload_install_banner_and_history(updater_env: Path, admin_page: Page, stack: Stack,
                                           tmp_path: Path) -> None:
    page = admin_page
    page.goto("/system/updates/")
    expect(page.get_by_test_id("installed-version")).to_have_text("0.1.0")
    expect(page.get_by_text("No update yet.")).to_be_visible()

    good = bundle_of(tmp_path, KEY, "0.2.0", notes="Belated wishes now in German.")
    tampered = rewrite(good, tmp_path / "linkedin-auto-0.2.0-tampered.tar", {WHEEL: b"PK evil"})
    page.get_by_label("Or upload a release bundle").set_input_files(str(tampered))
    page.get_by_role("button", name="Upload", exact=True).click()
    expect(alert(page)).to_contain_text("does not match its sha256")

    page.get_by_label("Or upload a release bundle").set_input_files(str(good))
    page.get_by_role("button", name="Upload", exact=True).click()
    expect(page.get_by_text("Ready to install: 0.2.0")).to_be_visible()
    expect(page.get_by_text("Belated wishes now in German.")).to_be_visible()
    screenshot(page, "updates-staged-desktop")

    page.once("dialog", lambda d: d.accept())
    page.get_by_role("button", name="Install", exact=True).click()
    banner = page.get_by_test_id("update-banner")
    expect(banner).to_contain_text("Updating to 0.2.0")
    paths = Paths(stack.state_dir)
    assert read_request(paths.request).version == "0.2.0"
    # The banner is on every page while the update runs.
    page.goto("/runs/")
    expect(page.get_by_test_id("update-banner")).to_be_visible()

    # What the root updater leaves behind when the new release was not ready.
    paths.request.unlink()
    append_history(paths, UpdateRecord(
        id="0123456789abcdef",
        version="0.2.0", from_version="0.1.0", started_at="2026-12-03T10:00:00Z",
        finished_at="2026-12-03T10:03:00Z", result=UpdateResult.rolled_back,
        reason="Upgrade of release 0.2.0 failed at \"Wait until the API is ready\": Rolled back"
               " to 0.1.0, database untouched"))
    page.goto("/system/updates/")
    expect(page.get_by_test_id("update-result")).to_have_text("rolled back")
    expect(page.get_by_text("Rolled back to 0.1.0, database untouched", exact=False)).to_be_visible()
    expect(page.get_by_test_id("update-banner")).to_have_count(0)
