"""Dashboard end-to-end: the built dashboard served by a real API process, a real worker,
real Redis and SQLite, driven in Debian's Chromium through Playwright."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest
import redis as redis_lib
from playwright.sync_api import (
    Browser,
    BrowserContext,
    Locator,
    Page,
    Playwright,
    sync_playwright,
)

ROOT = Path(__file__).resolve().parents[2]
STATIC = ROOT / "app" / "src" / "linkedin_auto" / "api" / "static"
SHOTS = ROOT / "test-artifacts" / "screenshots"
CLI = str(Path(sys.executable).with_name("linkedin-auto"))
PASSWORD = "tangerine-Orbit-42"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 900}
SIZES = {"desktop": DESKTOP, "phone": PHONE}
CHROMIUM_ARGS = ["--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-dev-shm-usage"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def chromium_path() -> str:
    for exe in ("/usr/bin/chromium-headless-shell", "/usr/bin/chromium"):
        if os.access(exe, os.X_OK):
            return exe
    found = shutil.which("chromium")
    assert found, "Chromium is not installed (make system-deps)"
    return found


def wait_until(pred: Callable[[], object], timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not pred():
        if time.monotonic() > deadline:
            raise AssertionError(f"gave up waiting for {what}")
        time.sleep(0.05)


class Stack:
    """`linkedin-auto api` and `linkedin-auto worker` as subprocesses with the test's env."""

    def __init__(self, env: dict[str, str], tmp: Path):
        self.port = free_port()
        self.env = {**env, "LINKEDIN_AUTO_SERVER__PORT": str(self.port),
                    "LINKEDIN_AUTO_SERVER__HOST": "127.0.0.1"}
        self.state_dir = Path(env["LINKEDIN_AUTO_PATHS__STATE_DIR"])
        self.tmp = tmp
        self.procs: dict[str, subprocess.Popen[bytes]] = {}

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def _spawn(self, name: str, args: list[str]) -> subprocess.Popen[bytes]:
        log = (self.tmp / f"{name}.log").open("ab")
        proc = subprocess.Popen([CLI, *args], env=self.env, stdout=log,
                                stderr=subprocess.STDOUT, cwd=ROOT)
        self.procs[name] = proc
        return proc

    def start_api(self) -> None:
        proc = self.procs.get("api") or self._spawn(
            "api", ["api", "--host", "127.0.0.1", "--port", str(self.port)])

        def up() -> bool:
            assert proc.poll() is None, self.log("api")
            try:
                return httpx.get(self.url + "/api/health", timeout=1).status_code == 200
            except httpx.TransportError:
                return False

        wait_until(up, 30, "the API")

    def start_worker(self) -> None:
        from linkedin_auto.queue.enqueue import HEARTBEAT_KEY

        r = redis_lib.Redis.from_url(self.env["LINKEDIN_AUTO_REDIS__URL"])
        r.delete(HEARTBEAT_KEY)
        proc = self._spawn("worker", ["worker", "--no-scheduler"])
        wait_until(lambda: r.exists(HEARTBEAT_KEY) or proc.poll() is not None, 30, "worker")
        assert proc.poll() is None, self.log("worker")

    def stop(self, name: str) -> None:
        proc = self.procs.pop(name, None)
        if proc is None or proc.poll() is not None:
            return
        proc.terminate()
        try:
            proc.wait(15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(5)

    def stop_all(self) -> None:
        for name in list(self.procs):
            self.stop(name)

    def log(self, name: str) -> str:
        p = self.tmp / f"{name}.log"
        return p.read_text(errors="replace")[-4000:] if p.exists() else ""

    def setup_code(self) -> str:
        return (self.state_dir / "setup-code").read_text().strip()

    def admin(self) -> httpx.Client:
        """An HTTP client logged in as the admin (doing first-run setup if needed)."""
        c = httpx.Client(base_url=self.url, timeout=20)
        if c.get("/api/auth/state").json()["setup_required"]:
            r = c.post("/api/auth/setup", json={"code": self.setup_code(), "password": PASSWORD})
            assert r.status_code == 200, r.text
        if not c.get("/api/auth/state").json()["authenticated"]:
            r = c.post("/api/auth/login", json={"password": PASSWORD})
            assert r.status_code == 200, r.text
        c.headers["X-CSRF-Token"] = c.cookies["la_csrf"]
        return c


@pytest.fixture
def stack(app_env: dict[str, str], tmp_path: Path) -> Iterator[Stack]:
    assert (STATIC / "index.html").is_file(), "dashboard not built: run `make dashboard`"
    s = Stack(app_env, tmp_path)
    try:
        # The API migrates the database before it answers; the worker waits for that.
        s.start_api()
        s.start_worker()
        yield s
    finally:
        s.stop_all()


@pytest.fixture(scope="session")
def playwright() -> Iterator[Playwright]:
    with sync_playwright() as p:
        yield p


@pytest.fixture(scope="session")
def browser(playwright: Playwright) -> Iterator[Browser]:
    args = list(CHROMIUM_ARGS)
    if os.geteuid() == 0:
        args.append("--no-sandbox")
    b = playwright.chromium.launch(executable_path=chromium_path(), args=args, headless=True)
    yield b
    b.close()


@pytest.fixture
def context(browser: Browser, stack: Stack, tmp_path: Path) -> Iterator[BrowserContext]:
    ctx = browser.new_context(base_url=stack.url, viewport=DESKTOP, accept_downloads=True,
                              locale="en-GB", timezone_id="UTC")
    ctx.set_default_timeout(15_000)
    yield ctx
    ctx.close()


@pytest.fixture
def page(context: BrowserContext) -> Page:
    return context.new_page()


@pytest.fixture
def admin_page(page: Page, stack: Stack) -> Page:
    """A page whose browser context holds a logged-in session (setup done over HTTP)."""
    stack.admin().close()
    r = page.request.post(stack.url + "/api/auth/login", data={"password": PASSWORD})
    assert r.ok, r.text()
    return page


def screenshot(page: Page, name: str) -> Path:
    SHOTS.mkdir(parents=True, exist_ok=True)
    path = SHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def alert(page: Page):  # type: ignore[no-untyped-def]
    """The page's error message (Next.js adds its own route announcer with role=alert)."""
    return page.locator('[role="alert"]:not(#__next-route-announcer__)')


@pytest.fixture
def sandbox(app_env: dict[str, str]) -> Iterator[str]:
    """The LinkedIn sandbox on a loopback port, and the app pointed at it.

    Request it before `stack` (or a fixture using it) so the API and worker get its settings.
    """
    from linkedin_auto.sandbox.runner import SandboxThread

    server = SandboxThread().start()
    app_env.update({
        "LINKEDIN_AUTO_LINKEDIN__BASE_URL": server.url,
        "LINKEDIN_AUTO_WORKING_HOURS__ENABLED": "false",
        "LINKEDIN_AUTO_WARMUP__ENABLED": "false",
    })
    try:
        yield server.url
    finally:
        server.stop()


def in_viewport(page: Page, loc: Locator) -> bool:
    """The element is wholly on screen (to the pixel)."""
    box = loc.bounding_box()
    size = page.viewport_size
    assert size is not None
    return (box is not None and box["y"] >= -1 and box["x"] >= -1
            and box["y"] + box["height"] <= size["height"] + 1
            and box["x"] + box["width"] <= size["width"] + 1)


def wait_in_viewport(page: Page, loc: Locator, what: str) -> None:
    """Wait (5 s at most) until the whole element is on screen."""
    deadline = time.monotonic() + 5
    while not in_viewport(page, loc):
        assert time.monotonic() < deadline, f"{what} is not within the viewport: " \
            f"{loc.bounding_box()} in {page.viewport_size}"
        page.wait_for_timeout(100)


def watchable_env(app_env: dict[str, str], delay_s: int) -> dict[str, str]:
    """A run slow enough to follow on a page: a fixed human delay, no working hours (a test may
    run at night) and no warm-up (its first-day quota might defer a wish)."""
    return {**app_env, "LINKEDIN_AUTO_DELAYS__MIN_SECONDS": str(delay_s),
            "LINKEDIN_AUTO_DELAYS__MAX_SECONDS": str(delay_s),
            "LINKEDIN_AUTO_WORKING_HOURS__ENABLED": "false",
            "LINKEDIN_AUTO_WARMUP__ENABLED": "false"}
