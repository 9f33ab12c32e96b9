"""People search with pagination, and profiles, in real Chromium, on both variants."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect
from sandbox_fixture import SANDBOX_VARIANTS, Sandbox

pytestmark = [pytest.mark.browser,
              pytest.mark.parametrize("sandbox_variant", SANDBOX_VARIANTS)]

RESULT = {"legacy": "div[data-view-name='people-search-result']",
          "sdui": "main div[role='listitem']"}


def test_search_paginates_ten_per_page(sandbox: Sandbox, page: Page,
                                       sandbox_variant: str) -> None:
    sandbox.reset(search_results=30, contacts=0)
    page.goto(f"{sandbox.url}/search/results/people/?keywords=&origin=FACETED_SEARCH")
    results = page.locator(RESULT[sandbox_variant])
    expect(results).to_have_count(10)
    expect(page.locator("main")).to_contain_text("About 30 results")
    seen = []
    for n in (1, 2, 3):
        if n > 1:
            page.get_by_role("button", name="Next", exact=True).click()
            page.wait_for_url(f"**page={n}")
        links = results.locator("a[href*='/in/']:not([tabindex='-1'])")
        expect(links).to_have_count(10)
        seen += [a.get_attribute("href") for a in links.all()]
    assert len(set(seen)) == 30
    expect(page.get_by_role("button", name="Next", exact=True)).to_be_disabled()


def test_keywords_or_not_and_network(sandbox: Sandbox, page: Page, sandbox_variant: str) -> None:
    page.goto(f"{sandbox.url}/search/results/people/?keywords=engineer%20NOT%20senior"
              '&network=%5B%22S%22%5D')
    results = page.locator(RESULT[sandbox_variant])
    expect(results.first).to_be_visible()
    for text in results.all_inner_texts():
        assert "engineer" in text.lower()
        assert "senior" not in text.lower()
        assert "2nd" in text
    page.goto(f"{sandbox.url}/search/results/people/?keywords=zzzz")
    expect(page.get_by_text("No results found")).to_be_visible()


def test_global_search_box_goes_to_results(sandbox: Sandbox, page: Page,
                                           sandbox_variant: str) -> None:
    page.goto(f"{sandbox.url}/feed/")
    box = page.get_by_role("combobox", name="Search")
    box.fill("recruiter")
    box.press("Enter")
    page.wait_for_url("**/search/results/people/?keywords=recruiter*")
    expect(page.locator(RESULT[sandbox_variant]).first).to_contain_text("Recruiter")


def test_profile_page_records_views(sandbox: Sandbox, page: Page, sandbox_variant: str) -> None:
    person = next(p for p in sandbox.state()["people"] if "search" in p["tags"])
    page.goto(f"{sandbox.url}/search/results/people/?keywords={person['name']}")
    if sandbox_variant == "legacy":  # like LinkedIn, the link also holds a screen-reader text
        title = page.locator("a[data-view-name='search-result-lockup-title']").first
        expect(title.locator("span[aria-hidden='true']")).to_have_text(person["name"])
        expect(title).to_contain_text(f"View {person['name']}’s profile")
    page.locator(RESULT[sandbox_variant]).first.locator(
        "a[href*='/in/']:not([tabindex='-1'])").click()
    page.wait_for_url(f"**/in/{person['slug']}/*")
    expect(page).to_have_title(f"{person['name']} | LinkedIn")
    main = page.locator("main")
    expect(main).to_contain_text(person["headline"])
    expect(main).to_contain_text(person["location"])
    expect(main).to_contain_text({2: "2nd", 3: "3rd+"}[person["degree"]])
    if sandbox_variant == "legacy":
        expect(main.locator("h1")).to_have_text(person["name"])
        expect(main.locator("span.dist-value")).to_have_text({2: "2nd", 3: "3rd+"}[person["degree"]])
        expect(main.locator("div.text-body-medium")).to_have_text(person["headline"])
    else:
        expect(main.locator("h1")).to_have_count(0)
        expect(main.locator("h2").first).to_have_text(person["name"])
    page.goto(f"{sandbox.url}/in/{person['slug']}")  # no slash: redirected
    expect(page).to_have_url(f"{sandbox.url}/in/{person['slug']}/")
    assert sandbox.state()["profile_views"] == [person["slug"], person["slug"]]


def test_unknown_profile_is_a_404_page(sandbox: Sandbox, page: Page) -> None:
    resp = page.goto(f"{sandbox.url}/in/nobody-here/")
    assert resp is not None and resp.status == 404
    expect(page.locator("main")).to_contain_text("This page doesn’t exist")
    assert sandbox.state()["profile_views"] == []


def test_connect_from_results_and_the_weekly_limit(sandbox: Sandbox, page: Page) -> None:
    page.goto(f"{sandbox.url}/search/results/people/?keywords=&network=%5B%22S%22%5D")
    connect = page.locator("button[aria-label^='Invite '][aria-label$=' to connect']")
    first, second = connect.nth(0), connect.nth(1)
    label = first.get_attribute("aria-label") or ""
    name = label.removeprefix("Invite ").removesuffix(" to connect")
    first.click()
    expect(first).to_have_text("Pending")
    slug = next(p["slug"] for p in sandbox.state()["people"] if p["name"] == name)
    assert sandbox.state()["invited"] == [slug]
    sandbox.set_faults(["weekly_limit"])
    second.click()
    expect(page.locator("div[class*='ip-fuse-limit-alert__warning']")).to_contain_text(
        "out of invitations")
    assert sandbox.state()["invited"] == [slug]
