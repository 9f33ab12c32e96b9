"""Start the system Chromium through Playwright with the session's pinned identity.

- Executable: ``browser.executable_path``, else Debian's ``chromium-headless-shell`` for
  headless runs (about a third less memory), else ``chromium``. Playwright never downloads one.
- Profile: persistent, at ``paths.browser_dir``; cookies from the vault replace the profile's
  cookies at every launch (the vault is the source of truth).
- Identity: user agent, locale, time zone and viewport exactly as pinned in the vault. LinkedIn
  revokes a session replayed with another user agent.
- Cookie domains: when ``linkedin.base_url`` is not on linkedin.com (the local sandbox at
  127.0.0.1), cookies for ``.linkedin.com`` are re-homed to base_url's host, made non-secure for
  plain http, so the same exported session works against the sandbox.
- Teardown always runs, even on timeout, cancel or crash inside the job: close the context,
  stop Playwright, then kill any Chromium left on our profile (``processes.kill_strays``).
  A SIGKILLed worker cannot tear down: the worker calls ``kill_strays`` after each job.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import structlog

from linkedin_auto.browser.processes import kill_strays
from linkedin_auto.settings import Settings

if TYPE_CHECKING:
    from playwright.sync_api import BrowserContext, Route

log = structlog.get_logger(__name__)

HEADLESS_SHELL = "/usr/bin/chromium-headless-shell"
CHROMIUM = "/usr/bin/chromium"
BLOCKED_RESOURCE_TYPES = frozenset({"image", "media", "font"})
LAUNCH_TIMEOUT_MS = 60_000

# Chosen for a 1-4 GB Raspberry Pi and a host that must not phone home.
BASE_ARGS = (
    "--disable-dev-shm-usage",          # /dev/shm is small on a Pi; use /tmp
    "--disable-gpu",
    "--no-first-run",
    "--no-default-browser-check",
    "--disable-background-networking",  # no update/safe-browsing/variations traffic
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
    "--disable-extensions",
    "--mute-audio",
    "--renderer-process-limit=2",       # one tab at a time: cap renderer processes
    # The GPU (SwiftShader) and network services inside the browser process rather than two
    # processes of their own, as Chrome does on low-memory Android: Chromium 221 -> 212 MiB PSS
    # on the sandbox pages; WebGL and its renderer string are unchanged (same fingerprint).
    "--in-process-gpu",
    "--enable-features=NetworkServiceInProcess2",
    # V8 in the renderer: a 1 MiB young generation, an 8 MiB first GC threshold (a start value
    # V8 grows as the page needs, not a cap) and V8's memory-over-speed heuristics (what Chrome
    # uses on low-memory phones; JIT and WebAssembly stay on). Without them the page's garbage
    # is not collected during a run: renderer 188 -> 117 MiB PSS at the end of a 50-contact
    # sandbox birthday run, same renderer CPU time. A browser.extra_args --js-flags replaces it.
    "--js-flags=--max-semi-space-size=1 --initial-heap-size=8 --optimize-for-size",
)

# Playwright's Node driver inherits the environment of the process that starts it. A 1 MiB
# young generation and two glibc malloc arenas: driver 147 -> 121 MiB PSS over a 50-contact
# sandbox birthday run, same CPU time. (NODE_OPTIONS accepts only a few V8 flags; a hard
# --max-old-space-size cap was left out: a page bigger than expected would crash the driver.)
DRIVER_NODE_OPTIONS = "--max-semi-space-size=1"
DRIVER_MALLOC_ARENA_MAX = "2"


class BrowserNotFound(RuntimeError):
    pass


def find_executable(settings: Settings) -> str:
    configured = settings.browser.executable_path
    if configured:
        if not (os.path.isfile(configured) and os.access(configured, os.X_OK)):
            raise BrowserNotFound(f"browser.executable_path: {configured} is not an executable")
        return configured
    candidates = ([HEADLESS_SHELL] if settings.browser.headless else []) + [CHROMIUM]
    for c in candidates:
        if os.path.isfile(c) and os.access(c, os.X_OK):
            return c
    found = shutil.which("chromium")
    if found:
        return found
    raise BrowserNotFound(
        "no Chromium found: install the Debian packages chromium-headless-shell or chromium,"
        " or set browser.executable_path"
    )


def chromium_args(settings: Settings) -> list[str]:
    args = list(BASE_ARGS)
    if os.geteuid() == 0:
        args.append("--no-sandbox")  # Chromium refuses to start its sandbox as root
    args.extend(settings.browser.extra_args)
    return args


def _is_linkedin(host: str) -> bool:
    return host == "linkedin.com" or host.endswith(".linkedin.com")


def map_cookies(cookies: list[dict[str, Any]], base_url: str) -> list[dict[str, Any]]:
    """Playwright cookies for ``base_url``: linkedin.com domains re-homed when it is elsewhere."""
    parts = urlsplit(base_url)
    host = parts.hostname or ""
    secure_site = parts.scheme == "https"
    out = []
    for c in cookies:
        domain = str(c.get("domain", "")).lstrip(".")
        cookie: dict[str, Any] = {
            "name": c["name"], "value": c["value"],
            "domain": c.get("domain") or host, "path": c.get("path") or "/",
        }
        for key in ("expires", "httpOnly", "secure", "sameSite"):
            if c.get(key) is not None:
                cookie[key] = c[key]
        if cookie.get("expires") is not None and float(cookie["expires"]) <= 0:
            cookie.pop("expires")  # session cookie
        if not _is_linkedin(host) and (_is_linkedin(domain) or not domain):
            cookie["domain"] = host
            if not secure_site:
                cookie["secure"] = False
                if cookie.get("sameSite") == "None":
                    cookie["sameSite"] = "Lax"  # SameSite=None requires Secure
        out.append(cookie)
    return out


def vault_cookies(cookies: list[dict[str, Any]], base_url: str) -> list[dict[str, Any]]:
    """The inverse of ``map_cookies``: the browser's LinkedIn cookies as the vault keeps them.

    Cookies of other sites (a challenge provider's, say) are dropped; when ``base_url`` is not
    on linkedin.com (the sandbox), its host's cookies go back to ``.linkedin.com``.
    """
    host = urlsplit(base_url).hostname or ""
    out = []
    for c in cookies:
        domain = str(c.get("domain", "")).lstrip(".")
        if _is_linkedin(host):
            if not _is_linkedin(domain):
                continue
            out.append(dict(c))
        elif domain == host:
            out.append({**c, "domain": ".linkedin.com"})
    return out


def _context_options(identity: dict[str, Any]) -> dict[str, Any]:
    opts: dict[str, Any] = {}
    for key in ("user_agent", "locale", "timezone_id"):
        if identity.get(key):
            opts[key] = identity[key]
    vp = identity.get("viewport")
    if isinstance(vp, dict) and vp.get("width") and vp.get("height"):
        opts["viewport"] = {"width": int(vp["width"]), "height": int(vp["height"])}
    return opts


def _block_heavy(route: Route) -> None:
    if route.request.resource_type in BLOCKED_RESOURCE_TYPES:
        route.abort()
    else:
        route.continue_()


@contextmanager
def driver_env() -> Iterator[None]:
    """The environment the Node driver starts with; the caller's environment is restored after.

    Settings already present (a user's own NODE_OPTIONS heap flag or MALLOC_ARENA_MAX) win.
    """
    saved = {k: os.environ.get(k) for k in ("NODE_OPTIONS", "MALLOC_ARENA_MAX")}
    node_options = saved["NODE_OPTIONS"] or ""
    if "--max-semi-space-size" not in node_options:
        os.environ["NODE_OPTIONS"] = f"{node_options} {DRIVER_NODE_OPTIONS}".strip()
    os.environ.setdefault("MALLOC_ARENA_MAX", DRIVER_MALLOC_ARENA_MAX)
    try:
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


@contextmanager
def open_browser(
    settings: Settings,
    storage_state: dict[str, Any] | None,
    identity: dict[str, Any] | None,
    *,
    block_resources: bool | None = None,
    accept_downloads: bool = True,
) -> Iterator[BrowserContext]:
    """A persistent Chromium context; everything is torn down on exit, whatever happened."""
    from playwright.sync_api import sync_playwright

    profile = Path(settings.paths.browser_dir)
    profile.mkdir(parents=True, exist_ok=True)
    kill_strays(profile)  # a previous crash must not hold the profile lock
    executable = find_executable(settings)
    with driver_env():  # the driver process is running when start() returns
        pw = sync_playwright().start()
    context: BrowserContext | None = None
    try:
        context = pw.chromium.launch_persistent_context(
            str(profile),
            executable_path=executable,
            headless=settings.browser.headless,
            args=chromium_args(settings),
            # A browser that cannot start (a crash loop, a refused system call) fails the run
            # within a minute instead of holding the worker until the job's time limit.
            timeout=LAUNCH_TIMEOUT_MS,
            accept_downloads=accept_downloads,
            **_context_options(identity or {}),
        )
        timeout_ms = settings.browser.navigation_timeout_seconds * 1000
        context.set_default_navigation_timeout(timeout_ms)
        context.set_default_timeout(min(timeout_ms, 15000))
        context.clear_cookies()
        cookies = (storage_state or {}).get("cookies") or []
        if cookies:
            context.add_cookies(map_cookies(cookies, settings.linkedin.base_url))  # type: ignore[arg-type]
        if settings.browser.block_resources if block_resources is None else block_resources:
            context.route("**/*", _block_heavy)
        log.info("browser_started", executable=executable, headless=settings.browser.headless)
        yield context
    finally:
        if context is not None:
            try:
                context.close()
            except Exception as exc:  # already dead: nothing more to close
                log.warning("browser_close_failed", error=str(exc))
        try:
            pw.stop()
        except Exception as exc:
            log.warning("playwright_stop_failed", error=str(exc))
        kill_strays(profile)
