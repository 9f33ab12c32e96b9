"""How the API serves the dashboard to a real Chromium at phone size: scripts and styles arrive
gzip-compressed (and what the first load costs over the wire), HEAD answers on static routes,
and the page has a favicon."""

from __future__ import annotations

import httpx
from playwright.sync_api import Page, Response, expect

from .conftest import PHONE, Stack, screenshot

FIRST_LOAD_BUDGET = 300 * 1024


def test_first_load_is_compressed_and_small(admin_page: Page, stack: Stack) -> None:
    page = admin_page
    page.set_viewport_size(PHONE)
    assets: list[Response] = []
    page.on("response", lambda r: assets.append(r) if "/_next/static/" in r.url else None)
    page.goto("/")
    expect(page.get_by_role("heading", name="Overview")).to_be_visible()
    page.wait_for_load_state("networkidle")
    scripts = [r for r in assets if r.url.endswith(".js")]
    assert scripts, "no scripts loaded"
    for r in scripts + [r for r in assets if r.url.endswith(".css")]:
        assert r.headers.get("content-encoding") == "gzip", r.url
    # What crossed the network for the page and its scripts and stylesheets (same origin, so
    # Resource Timing gives the encoded sizes).
    transferred = page.evaluate(
        """() => {
          const nav = performance.getEntriesByType('navigation')[0];
          const res = performance.getEntriesByType('resource')
            .filter(e => e.name.includes('/_next/static/'));
          return [nav, ...res].reduce((n, e) => n + e.encodedBodySize, 0);
        }"""
    )
    assert 0 < transferred < FIRST_LOAD_BUDGET, transferred
    decoded = page.evaluate(
        """() => performance.getEntriesByType('resource')
             .filter(e => e.name.includes('/_next/static/'))
             .reduce((n, e) => n + e.decodedBodySize, 0)"""
    )
    assert decoded > 2 * transferred  # it really is compressed
    assert page.evaluate("document.documentElement.scrollWidth <= innerWidth")
    screenshot(page, "served-overview-phone")


def test_head_answers_on_static_routes_and_favicon(page: Page, stack: Stack) -> None:
    with httpx.Client(base_url=stack.url) as c:
        for route in ("/", "/runs/", "/settings/", "/login/", "/icon.svg"):
            r = c.head(route)
            assert r.status_code == 200, (route, r.status_code)
            assert r.content == b""
        script = httpx.get(stack.url + "/").text.split('src="')[1].split('"')[0]
        head = c.head(script, headers={"Accept-Encoding": "gzip"})
        assert head.status_code == 200
        assert head.headers["content-encoding"] == "gzip"
    page.goto("/login/")
    href = page.locator('link[rel="icon"]').first.get_attribute("href")
    assert href and href.startswith("/icon.svg")
    icon = page.request.get(stack.url + href)
    assert icon.ok and "svg" in icon.headers["content-type"]
