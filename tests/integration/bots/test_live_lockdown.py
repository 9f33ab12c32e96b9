"""The live view's browser shows LinkedIn only: in real Chromium, a page that tries to leave for
another site stays where it is, and a new window is closed at once."""

from __future__ import annotations

import json
from pathlib import Path
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


def _told(page: Any, redis: RecordingRedis, text: str) -> bool:
    for _ in range(50):  # the handlers run while Playwright dispatches events
        if any(text in m.get("message", "") and m.get("notice") for m in redis.published):
            return True
        page.wait_for_timeout(100)
    return False


def test_file_pickers_and_downloads_are_refused_and_said_so(
    sandbox: Sandbox, settings: Settings
) -> None:
    redis = RecordingRedis()
    view = LiveView(SimpleNamespace(settings=settings, run_id=1), redis,  # type: ignore[arg-type]
                    Purpose.sign_in)
    with open_browser(settings, None, None, block_resources=False,
                      accept_downloads=False) as context:
        page = context.pages[0] if context.pages else context.new_page()
        view._lock_down(context, page)
        page.goto(sandbox.url + "/login")
        # A LinkedIn page asks for a file (a profile photo): the picker never opens.
        page.evaluate("""() => {
            const i = document.createElement('input');
            i.type = 'file'; i.id = 'photo'; document.body.prepend(i);
        }""")
        with page.expect_event("filechooser"):
            page.click("#photo")
        assert _told(page, redis, "Choosing a file is blocked")
        assert page.evaluate("document.getElementById('photo').files.length") == 0

        # A link that downloads a file: cancelled, nothing written anywhere.
        with page.expect_event("download") as started:
            page.evaluate("""() => {
                const a = document.createElement('a');
                a.href = URL.createObjectURL(new Blob(['secret'], {type: 'text/plain'}));
                a.download = 'export.txt'; document.body.append(a); a.click();
            }""")
        assert _told(page, redis, "Downloads are blocked")
        assert started.value.failure() is not None
    written = [p for p in Path(settings.paths.state_dir).rglob("export.txt")]
    assert written == []
