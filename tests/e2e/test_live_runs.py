"""A run followed live on the Bots page: the live box and the table agree, "3 of 6 wishes" and
what the run waits for, and starting a run brings its box into view."""

from __future__ import annotations

import re
import time
from typing import Any

import httpx
import pytest
from playwright.sync_api import Page, expect

from .conftest import SIZES, Stack, screenshot, wait_in_viewport, watchable_env

HUMAN_DELAY_S = 4


@pytest.fixture
def app_env(app_env: dict[str, str]) -> dict[str, str]:
    """A human delay long enough to watch; no working hours (the test may run at night) and no
    warm-up (its first-day quota might defer a wish)."""
    return watchable_env(app_env, HUMAN_DELAY_S)


# One look at the page: the live box's text and state, and the state of the same run's row in
# the table below it (read in the same instant, so a mismatch is never a timing artefact).
SAMPLE = """label => {
  const box = document.querySelector(`[role=status][aria-label="${label} progress"]`);
  if (!box) return null;
  const link = box.querySelector('a[href*="/runs/detail/?id="]');
  const id = link ? link.textContent.replace(/\\D/g, "") : "";
  const row = [...box.parentElement.querySelectorAll("table tbody tr")]
    .find(tr => [...tr.querySelectorAll("a")].some(a => a.textContent.trim() === "#" + id));
  const state = row && row.querySelector(".badge");
  return { id, text: box.innerText, box: box.querySelector(".badge")?.textContent ?? null,
           row: state ? state.textContent : null };
}"""


@pytest.mark.parametrize("size", SIZES)
def test_a_birthday_run_live_box_agrees_with_the_table_and_says_done_of_planned(
    size: str, sandbox: str, admin_page: Page, stack: Stack
) -> None:
    r = httpx.post(sandbox + "/__sandbox/reset", json={
        "seed": 3, "contacts": 30, "birthdays_today": 3, "belated": 0, "birthday_strangers": 0})
    assert r.status_code == 200, r.text
    admin = stack.admin()
    li_at = httpx.get(sandbox + "/__sandbox/login-cookie").json()["value"]
    r = admin.put("/api/linkedin/session", json={"content": li_at})
    assert r.status_code == 200, r.text
    page = admin_page
    page.set_viewport_size(SIZES[size])
    page.goto("/bots/")
    card = page.get_by_role("region", name="Birthday wishes", exact=True)
    card.get_by_role("button", name="Run Birthday wishes now").click()
    live = page.get_by_role("status", name="Birthday wishes progress")
    expect(live).to_contain_text(re.compile(r"Run #\d+"))
    wait_in_viewport(page, live, "the live box")

    samples: list[dict[str, Any]] = []
    deadline = time.monotonic() + 180
    while True:
        s = page.evaluate(SAMPLE, "Birthday wishes")
        if s is not None:
            if "Waiting" in s["text"] and not any("Waiting" in x["text"] for x in samples):
                screenshot(page, f"bots-birthday-waiting-{size}")
            samples.append(s)
            if s["box"] not in ("queued", "running") and s["row"] == s["box"]:
                break
        assert time.monotonic() < deadline, f"the run did not end: {samples[-3:]}"
        page.wait_for_timeout(100)

    # The table never shows another state than the box for the same run (no "queued" row
    # beside a "running" box), once the row is there.
    disagree = [s for s in samples if s["row"] is not None and s["row"] != s["box"]]
    assert not disagree, disagree[:3]
    texts = [s["text"] for s in samples]
    running = [t for t, s in zip(texts, samples, strict=True) if s["box"] == "running"]
    assert running, "never saw the run running"
    # What it does, then how far it got and what it waits for.
    assert any(re.search(r"Now: (opening Chromium|checking the LinkedIn session|loading "
                         r"birthdays)", t) for t in running), running[:5]
    assert any(re.search(r"\b\d+ of 3 wishes\b", t) for t in running), running[-5:]
    waits = [m for t in running if (m := re.search(r"Waiting (\d+) s \(human delay\)", t))]
    assert waits, running[-5:]
    assert all(1 <= int(m.group(1)) <= HUMAN_DELAY_S for m in waits), [m.group(0) for m in waits]
    # A wish is counted before the delay after it: while the run waits, "N of 3" does not lag
    # behind the sent count.
    for t in (t for t in running if "Waiting" in t):
        sent, of = re.search(r"\bsent (\d+)", t), re.search(r"\b(\d+) of 3 wishes", t)
        if sent and of:
            assert int(of.group(1)) >= int(sent.group(1)), t
    final = samples[-1]
    assert final["box"] in ("succeeded", "partial"), final
    assert re.search(r"\b3 of 3 wishes\b", final["text"]), final
    assert "Waiting" not in final["text"] and "Now:" not in final["text"], final
    screenshot(page, f"bots-birthday-live-{size}")

    # The API gives the same progress to a page opened later.
    run = admin.get(f"/api/runs/{final['id']}").json()
    assert run["progress"]["done"] == 3 and run["progress"]["planned"] == 3, run["progress"]
    assert run["progress"]["unit"] == "wishes"


@pytest.mark.parametrize("size", SIZES)
def test_starting_a_run_brings_its_live_progress_into_view(
    size: str, admin_page: Page, stack: Stack
) -> None:
    page = admin_page
    page.set_viewport_size(SIZES[size])
    page.goto("/bots/")
    card = page.get_by_role("region", name="Self-check", exact=True)
    button = card.get_by_role("button", name="Run Self-check now")
    # The button at the bottom edge of the screen: the live box appears below it.
    button.evaluate("b => b.scrollIntoView({block: 'end'})")
    button.click()
    live = page.get_by_role("status", name="Self-check progress")
    expect(live).to_contain_text(re.compile(r"Run #\d+"))
    wait_in_viewport(page, live, "the live box")
    expect(live).to_contain_text(re.compile(r"succeeded|failed"), timeout=60_000)
    row = card.get_by_role("row").filter(has=page.get_by_role("link", name=re.compile(r"^#\d+$")))
    expect(row.first.locator(".badge")).to_have_text(live.locator(".badge").inner_text())
    screenshot(page, f"bots-run-in-view-{size}")
