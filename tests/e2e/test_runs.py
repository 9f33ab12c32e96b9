"""Starting a run from the Bots page and following it live (Server-Sent Events)."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from .conftest import Stack, screenshot


def test_run_shows_live_progress_and_its_timeline(admin_page: Page, stack: Stack) -> None:
    page = admin_page
    page.goto("/bots/")
    expect(page.get_by_role("heading", name="Bots", level=1)).to_be_visible()
    page.get_by_role("button", name="Run Self-check now").click()

    progress = page.get_by_role("status", name="Self-check progress")
    expect(progress).to_contain_text(re.compile(r"Run #\d+"))
    # Counts and the final state arrive over SSE: no reload happens on this page.
    expect(progress).to_contain_text(re.compile(r"checks \d+"), timeout=60_000)
    expect(progress).to_contain_text(re.compile(r"succeeded|failed"), timeout=60_000)
    expect(page.get_by_role("button", name="Run Self-check now")).to_be_enabled()
    screenshot(page, "bots-after-run-desktop")

    progress.get_by_role("link", name=re.compile(r"Run #\d+")).click()
    expect(page.get_by_role("heading", name=re.compile(r"Run #\d+: doctor$"))).to_be_visible()
    # The timeline in the page body (the navigation also has a list: "Wishes to check").
    timeline = page.get_by_role("main").get_by_role("list").filter(has_text="check")
    expect(timeline.first).to_contain_text("database")
    screenshot(page, "run-detail-desktop")

    page.get_by_role("link", name="← All runs").click()
    page.get_by_label("Bot").select_option("doctor")
    expect(page.get_by_text("1 runs")).to_be_visible()
    page.get_by_label("Status").select_option("queued")
    expect(page.get_by_text("0 runs")).to_be_visible()


def _label(name: str) -> str:
    """An option's label as the dashboard writes it (lib/format.ts title())."""
    text = name.replace("_", " ").replace(".", " ")
    return text[:1].upper() + text[1:]


def test_bot_lists_and_run_options_come_from_the_api(admin_page: Page, stack: Stack) -> None:
    bots = stack.admin().get("/api/bots").json()
    assert bots, "the API lists no bots"
    titles = [b["title"] for b in bots]
    page = admin_page

    # Runs: the filter offers every bot and tool the API lists, by title, filtering by name.
    page.goto("/runs/")
    options = page.get_by_label("Bot").locator("option")
    expect(options).to_have_text(["All", *titles])
    assert options.evaluate_all("os => os.map(o => o.value)") == ["", *[b["name"] for b in bots]]

    # Bots: one card per entry (bots, then the maintenance tools), Dry run where supported, and
    # each run option with the bounds the API gives.
    page.goto("/bots/")
    order = [b for b in bots if b["is_bot"]] + [b for b in bots if not b["is_bot"]]
    expect(page.get_by_role("main").get_by_role("region").get_by_role("heading", level=2)).to_have_text(
        [b["title"] for b in order])
    for b in bots:
        card = page.get_by_role("region", name=b["title"], exact=True)
        expect(card.get_by_role("button", name=f"Run {b['title']} now", exact=True)).to_be_visible()
        expect(card.get_by_role("button", name=f"Dry run {b['title']}", exact=True)).to_have_count(
            1 if b["supports_dry_run"] else 0)
        for o in b["options"]:
            field = card.get_by_label(_label(o["name"]), exact=True)
            expect(field).to_have_count(1)
            if o["minimum"] is not None:
                expect(field).to_have_attribute("min", f"{o['minimum']:g}")
            if o["maximum"] is not None:
                expect(field).to_have_attribute("max", f"{o['maximum']:g}")

    # A run option past its bound is refused by the API and shown at its field; nothing starts.
    visitor = next(b for b in bots if b["name"] == "visitor")
    bound = next(o for o in visitor["options"] if o["name"] == "max_pages")
    card = page.get_by_role("region", name=visitor["title"], exact=True)
    card.get_by_text("Options for the next run").click()
    card.get_by_label("Max pages", exact=True).fill(str(int(bound["maximum"]) + 1))
    card.get_by_role("button", name=f"Run {visitor['title']} now").click()
    expect(card.get_by_role("alert")).to_contain_text("correct the highlighted options")
    expect(card.get_by_label("Max pages", exact=True)).to_have_attribute("aria-invalid", "true")
    assert stack.admin().get("/api/runs", params={"bot": "visitor"}).json()["total"] == 0
    screenshot(page, "bots-options-error-desktop")

    # Schedules: a new schedule offers the same list, and takes the picked bot's proposal.
    page.goto("/schedules/")
    page.get_by_role("button", name="New schedule").click()
    expect(page.get_by_label("Bot").locator("option")).to_have_text(titles)
    birthday = next(b for b in bots if b["name"] == "birthday")
    page.get_by_label("Bot").select_option("birthday")
    expect(page.get_by_label("Name")).to_have_value(birthday["schedule_default"]["name"])
    expect(page.get_by_label("Time of day")).to_have_value(birthday["schedule_default"]["time_of_day"])
