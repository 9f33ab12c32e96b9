"""The two markup variants differ in class names and structure, not in roles, aria-labels,
link targets or texts."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import Page
from sandbox_fixture import Sandbox

pytestmark = pytest.mark.browser

COLLECT = """() => {
  const main = document.querySelector('main');
  const all = [...main.querySelectorAll('*')];
  const classes = new Set();
  all.forEach(el => el.classList.forEach(c => classes.add(c)));
  return {
    classes: [...classes],
    labels: all.map(el => el.getAttribute('aria-label')).filter(Boolean),
    roles: [...new Set(all.map(el => el.getAttribute('role')).filter(Boolean))],
    hrefs: [...new Set([...main.querySelectorAll("a[href*='/in/']")].map(a => a.getAttribute('href')))],
    tags: all.map(el => el.tagName).join(','),
  };
}"""


def _collect(sandbox: Sandbox, page: Page, variant: str, path: str) -> dict[str, Any]:
    sandbox.reset(variant=variant, birthdays_today=3, belated=2)
    page.goto(sandbox.url + path)
    page.wait_for_load_state("networkidle")
    return page.evaluate(COLLECT)  # type: ignore[no-any-return]


def _slugs(hrefs: list[str]) -> set[str]:
    return {m.group(1) for h in hrefs if (m := re.search(r"/in/([^/?#]+)", h))}


@pytest.mark.parametrize("path", [
    "/mynetwork/catch-up/birthday/",
    "/mynetwork/invitation-manager/received/",
    "/mynetwork/invitation-manager/sent/",
    "/search/results/people/?keywords=engineer",
    "/feed/",
])
def test_variants_differ_in_markup_not_in_cues(sandbox: Sandbox, page: Page, path: str) -> None:
    legacy = _collect(sandbox, page, "legacy", path)
    sdui = _collect(sandbox, page, "sdui", path)
    assert legacy["classes"] and sdui["classes"]
    assert not set(legacy["classes"]) & set(sdui["classes"])
    assert legacy["tags"] != sdui["tags"]
    if "catch-up" not in path:  # legacy birthday buttons carry the suggested text
        assert sorted(legacy["labels"]) == sorted(sdui["labels"])
    else:
        assert sorted(x.split(":")[0] for x in legacy["labels"]) == sorted(sdui["labels"])
    assert _slugs(legacy["hrefs"]) == _slugs(sdui["hrefs"])
    assert all(h.startswith("/in/") for h in legacy["hrefs"])
    assert all(h.startswith(sandbox.url + "/in/") for h in sdui["hrefs"])


def test_sdui_class_names_change_with_the_seed(sandbox: Sandbox, page: Page) -> None:
    a = _collect(sandbox, page, "sdui", "/feed/")
    sandbox.reset(variant="sdui", seed=2)
    page.goto(sandbox.url + "/feed/")
    b = page.evaluate(COLLECT)
    assert not set(a["classes"]) & set(b["classes"])


def test_random_variant_serves_both(sandbox: Sandbox, page: Page) -> None:
    sandbox.reset(variant="random")
    seen = set()
    for _ in range(12):
        page.goto(sandbox.url + "/mynetwork/invitation-manager/received/")
        seen.add("legacy" if page.locator("li.invitation-card").count() else "sdui")
        # whatever the variant, the page's actions work
    assert seen == {"legacy", "sdui"}
    inv = next(r for r in sandbox.state()["received"] if not r["follows"])
    page.locator(f"button[aria-label='Accept {inv['name']}’s invitation']").click()
    page.get_by_text("is now a connection").wait_for()
    assert sandbox.state()["accepted"] == [inv["slug"]]
