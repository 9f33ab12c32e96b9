"""/api/docs in a real browser, under the app's own Content-Security-Policy."""

from __future__ import annotations

from playwright.sync_api import ConsoleMessage, Page, expect

from .conftest import Stack, screenshot


def test_api_reference_renders_the_routes_under_the_csp(page: Page, stack: Stack) -> None:
    problems: list[str] = []

    def on_console(msg: ConsoleMessage) -> None:
        if msg.type == "error":
            problems.append(msg.text)

    page.on("console", on_console)
    page.on("pageerror", lambda exc: problems.append(str(exc)))
    outside: list[str] = []
    page.on("request", lambda req: outside.append(req.url)
            if not req.url.startswith(stack.url) else None)
    page.goto("/api/docs")
    expect(page.get_by_role("heading", name="LinkedIn Auto", exact=False).first).to_be_visible()
    # Routes with their method, grouped by tag, straight from /api/openapi.json.
    op = page.locator("details", has_text="/api/runs/{run_id}/cancel").first
    expect(op).to_be_visible()
    expect(op).to_contain_text("POST")
    op.locator("summary").click()
    expect(op).to_contain_text("run_id")
    expect(op).to_contain_text("<= 2^63-1")  # the bound is shown
    expect(page.get_by_text("/api/linkedin/session", exact=True).first).to_be_visible()
    assert page.locator("details.op").count() >= 40
    screenshot(page, "api-docs")
    assert problems == [], problems
    assert outside == [], outside  # nothing from a CDN
