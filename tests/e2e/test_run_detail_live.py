"""A running run's own page follows it live: "N of M wishes" and what it waits for, as in the
Bots page's live box, then its final status and counts, without reloading the page."""

from __future__ import annotations

import re
import time

import httpx
import pytest
from playwright.sync_api import Page, expect

from .conftest import SIZES, Stack, screenshot, watchable_env

HUMAN_DELAY_S = 3


@pytest.fixture
def app_env(app_env: dict[str, str]) -> dict[str, str]:
    """A human delay long enough to watch; no working hours (the test may run at night) and no
    warm-up (its first-day quota might defer a wish)."""
    return watchable_env(app_env, HUMAN_DELAY_S)


@pytest.mark.parametrize("size", SIZES)
def test_the_run_page_shows_live_progress_then_the_end_without_a_reload(
    size: str, sandbox: str, admin_page: Page, stack: Stack
) -> None:
    r = httpx.post(sandbox + "/__sandbox/reset", json={
        "seed": 5, "contacts": 30, "birthdays_today": 3, "belated": 0, "birthday_strangers": 0})
    assert r.status_code == 200, r.text
    admin = stack.admin()
    li_at = httpx.get(sandbox + "/__sandbox/login-cookie").json()["value"]
    r = admin.put("/api/linkedin/session", json={"content": li_at})
    assert r.status_code == 200, r.text
    r = admin.post("/api/bots/birthday/runs", json={"dry_run": False})
    assert r.status_code in (200, 201, 202), r.text
    run_id = r.json()["run_id"]

    page = admin_page
    page.set_viewport_size(SIZES[size])
    page.goto(f"/runs/detail/?id={run_id}")
    summary = page.get_by_role("region", name="Summary", exact=True)
    status = summary.locator("dl.kv dd .badge")
    counts = summary.locator("dl.kv dt:text-is('Counts') + dd")
    expect(status).to_have_text(re.compile(r"^(queued|running)$"))
    # Anything that reloads the document drops this mark.
    page.evaluate("window.__sameDocument = true")

    live = page.get_by_role("status", name=f"Run #{run_id} progress")
    expect(live).to_contain_text(re.compile(r"\d+ of \d+"), timeout=90_000)
    texts: list[str] = []
    deadline = time.monotonic() + 120
    while status.inner_text() in ("queued", "running"):
        if live.count():
            t = live.inner_text()
            if "Waiting" in t and not any("Waiting" in x for x in texts):
                screenshot(page, f"run-detail-waiting-{size}")
            texts.append(t)
        assert time.monotonic() < deadline, f"the run did not end: {texts[-3:]}"
        page.wait_for_timeout(150)
    assert any(re.search(r"\b\d+ of 3 wishes\b", t) for t in texts), texts[-5:]
    assert any(re.search(r"Waiting \d+ s \(human delay\)", t) for t in texts), texts[-5:]

    # The end, on the same document: final status, the run's counts, the last "3 of 3".
    expect(status).to_have_text(re.compile(r"^(succeeded|partial)$"))
    expect(counts).to_contain_text(re.compile(r"\bsent 3\b"))
    expect(live.locator(".live-of")).to_have_text(re.compile(r"^3 of 3 wishes"))
    expect(live).not_to_contain_text(re.compile(r"Waiting|Now:"))
    expect(page.get_by_role("button", name="Cancel run")).to_have_count(0)
    assert page.evaluate("window.__sameDocument === true"), "the page was reloaded"
    screenshot(page, f"run-detail-ended-{size}")
