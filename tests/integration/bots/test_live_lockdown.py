"""The live view's browser shows LinkedIn only: in real Chromium, a page that tries to leave for
another site stays where it is, and a new window is closed at once."""

from __future__ import annotations

import json
from types import SimpleNamespace
from typing import Any

from linkedin_auto.browser.launch import open_browser
from linkedin_auto.browser.live import LiveView, Purpose
from linkedin_auto.settings import Settings
from sandbox_kit import Sandbox


class RecordingRedis:
    """Stands in for Redis: keeps what the live view would have told the dashboard."""

    def __init__(self) -> None:
        self.published: list[dict[str, Any]] = []

    def set(self, *args: Any, **kwargs: Any) -> None:
        pass

    def publish(self, channel: str, data: bytes) -> None:
        self.published.append(json.loads(data))


def test_navigation_off_linkedin_and_new_windows_are_refused(
    sandbox: Sandbox, settings: Settings
) -> None:
    redis = RecordingRedis()
    view = LiveView(SimpleNamespace(settings=settings, run_id=1), redis,  # type: ignore[arg-type]
                    Purpose.sign_in)
    failed: list[str] = []
    with open_browser(settings, None, None, block_resources=False,
                      accept_downloads=False) as context:
        page = context.pages[0] if context.pages else context.new_page()
        view._lock_down(context, page)
        page.on("requestfailed", lambda r: failed.append(r.failure or ""))
        page.goto(sandbox.url + "/login")
        with page.expect_event("requestfailed"):
            page.evaluate("location.href = 'http://127.0.0.2:9/phish'")
        assert failed == ["net::ERR_BLOCKED_BY_CLIENT"]
        assert redis.published[-1]["notice"] is True
        assert "127.0.0.2" in redis.published[-1]["message"]
        page.wait_for_url("chrome-error://**")  # Chromium's "blocked" page, never the site
        view._recover(page, sandbox.url + "/login")
        assert page.url == sandbox.url + "/login"

        page.goto(sandbox.url + "/login?session_redirect=%2Fmynetwork%2F")  # LinkedIn: allowed
        assert "/login" in page.url
        with context.expect_event("page") as popup:
            page.evaluate("window.open('/feed/')")
        if not popup.value.is_closed():  # closed by the live view's own handler, maybe already
            popup.value.wait_for_event("close")
        assert context.pages == [page]
