"""Real Chromium (Debian's headless shell) through Playwright for the sandbox page tests:
one browser per module, a fresh context per test."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright
from sandbox_fixture import Sandbox

ARGS = ["--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def _executable() -> str:
    for exe in (os.environ.get("LINKEDIN_AUTO_TEST_CHROMIUM", ""),
                "/usr/bin/chromium-headless-shell", "/usr/bin/chromium"):
        if exe and shutil.which(exe):
            return exe
    raise AssertionError("no Chromium installed (make system-deps)")


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=_executable(), headless=True, args=ARGS)
        yield b
        b.close()


@pytest.fixture
def context(browser: Browser, sandbox: Sandbox) -> Iterator[BrowserContext]:
    ctx = browser.new_context(viewport={"width": 1280, "height": 720}, locale="en-US")
    ctx.set_default_timeout(5000)
    ctx.add_cookies(sandbox.cookies())  # type: ignore[arg-type]
    yield ctx
    ctx.close()


@pytest.fixture
def page(context: BrowserContext) -> Page:
    return context.new_page()


@pytest.fixture
def anon_page(browser: Browser) -> Iterator[Page]:
    ctx = browser.new_context(viewport={"width": 1280, "height": 720})
    ctx.set_default_timeout(5000)
    yield ctx.new_page()
    ctx.close()
