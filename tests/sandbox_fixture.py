"""pytest fixtures for the LinkedIn sandbox.

- `sandbox`: the sandbox, reset for this test (seed 1, 50 contacts, no faults) on the variant
  given by `sandbox_variant`. Methods: `.url`, `.reset(**kw)`, `.state()`, `.login_cookie()`,
  `.set_faults([...])`, `.storage_state()`, `.cookies()`.
- `sandbox_variant`: "legacy" unless a test parametrizes it, e.g.
  `@pytest.mark.parametrize("sandbox_variant", SANDBOX_VARIANTS)`.
One real uvicorn server per session, on a free loopback port.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from linkedin_auto.sandbox.runner import SandboxThread

SANDBOX_VARIANTS = ("legacy", "sdui")


class Sandbox:
    def __init__(self, url: str, variant: str) -> None:
        self.url = url
        self.variant = variant
        self._http = httpx.Client(base_url=url, timeout=10)

    def _check(self, r: httpx.Response) -> Any:
        if r.status_code != 200:
            raise AssertionError(f"sandbox control {r.request.url.path}: {r.status_code} {r.text}")
        return r.json()

    def reset(self, **options: Any) -> dict[str, Any]:
        """Rebuild the world; options as in `POST /__sandbox/reset` (variant defaults to the
        test's `sandbox_variant`)."""
        options.setdefault("variant", self.variant)
        result: dict[str, Any] = self._check(self._http.post("/__sandbox/reset", json=options))
        return result

    def set_faults(self, faults: list[str]) -> None:
        self._check(self._http.post("/__sandbox/faults", json={"faults": list(faults)}))

    def state(self) -> dict[str, Any]:
        result: dict[str, Any] = self._check(self._http.get("/__sandbox/state"))
        return result

    def login_cookie(self) -> dict[str, Any]:
        result: dict[str, Any] = self._check(self._http.get("/__sandbox/login-cookie"))
        return result

    def storage_state(self) -> dict[str, Any]:
        result: dict[str, Any] = self._check(self._http.get("/__sandbox/storage-state"))
        return result

    def cookies(self) -> list[dict[str, Any]]:
        """Cookies ready for Playwright's `context.add_cookies()`."""
        return [{k: v for k, v in c.items() if k != "expires"}
                for c in self.storage_state()["cookies"]]

    def close(self) -> None:
        self._http.close()


@pytest.fixture(scope="session")
def sandbox_server() -> Iterator[SandboxThread]:
    server = SandboxThread().start()
    yield server
    server.stop()


@pytest.fixture
def sandbox_variant() -> str:
    return "legacy"


@pytest.fixture
def sandbox(sandbox_server: SandboxThread, sandbox_variant: str) -> Iterator[Sandbox]:
    sb = Sandbox(sandbox_server.url, sandbox_variant)
    sb.reset(seed=1, contacts=50)
    yield sb
    sb.close()
