"""The selector registry: logical element names -> ordered fallbacks, from YAML.

The packaged ``selectors.yaml`` is the default; ``<state_dir>/selectors.yaml`` (same format)
replaces individual elements, so a user can follow a LinkedIn markup change without an upgrade.
``resolve(scope, name, **vars)`` returns the first fallback's locator that matches something.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from linkedin_auto.settings import Settings

if TYPE_CHECKING:
    from playwright.sync_api import Locator, Page

FALLBACK_KINDS = ("role", "text", "label", "css")
Scope = Any  # a Playwright Page or Locator (both offer locator/get_by_* methods)


class SelectorError(ValueError):
    pass


@dataclass(frozen=True)
class Fallback:
    spec: dict[str, Any]

    def describe(self) -> str:
        return ", ".join(f"{k}={v}" for k, v in self.spec.items())

    def locator(self, scope: Scope, variables: dict[str, str]) -> Locator:
        s = self.spec
        if "css" in s:
            return scope.locator(_fill(s["css"], variables, _css_escape))
        if "role" in s:
            if "name_re" in s:
                name: Any = re.compile(_fill(s["name_re"], variables, re.escape), re.I)
                return scope.get_by_role(s["role"], name=name)
            if "name" in s:
                return scope.get_by_role(s["role"], name=_fill(s["name"], variables, str),
                                         exact=bool(s.get("exact", False)))
            return scope.get_by_role(s["role"])
        if "text" in s:
            return scope.get_by_text(_fill(s["text"], variables, str),
                                     exact=bool(s.get("exact", False)))
        return scope.get_by_label(_fill(s["label"], variables, str))


def _css_escape(value: str) -> str:
    return value.replace("\\", "\\\\").replace("'", "\\'").replace('"', '\\"')


def _fill(template: str, variables: dict[str, str], escape: Any) -> str:
    def sub(m: re.Match[str]) -> str:
        key = m.group(1)
        return str(escape(variables.get(key, "")))

    return re.sub(r"{(\w+)}", sub, template)


def _parse(data: Any, origin: str) -> dict[str, list[Fallback]]:
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise SelectorError(f"{origin}: top level must be a mapping of element names")
    out: dict[str, list[Fallback]] = {}
    for name, items in data.items():
        if not isinstance(items, list) or not items:
            raise SelectorError(f"{origin}: {name}: must be a non-empty list of fallbacks")
        fallbacks = []
        for i, item in enumerate(items):
            if not isinstance(item, dict) or sum(k in item for k in FALLBACK_KINDS) != 1:
                raise SelectorError(
                    f"{origin}: {name}[{i}]: needs exactly one of {', '.join(FALLBACK_KINDS)}"
                )
            fallbacks.append(Fallback(dict(item)))
        out[str(name)] = fallbacks
    return out


def packaged_file() -> Path:
    return Path(str(resources.files("linkedin_auto.browser") / "selectors.yaml"))


def user_file(settings: Settings) -> Path:
    return settings.paths.state_dir / "selectors.yaml"


class Selectors:
    def __init__(self, elements: dict[str, list[Fallback]]):
        self.elements = elements

    @classmethod
    def load(cls, settings: Settings | None = None) -> Selectors:
        base = packaged_file()
        elements = _parse(yaml.safe_load(base.read_text()), str(base))
        if settings is not None:
            override = user_file(settings)
            if override.is_file():
                try:
                    data = yaml.safe_load(override.read_text())
                except yaml.YAMLError as exc:
                    raise SelectorError(f"{override}: not valid YAML: {exc}") from None
                elements.update(_parse(data, str(override)))
        return cls(elements)

    def fallbacks(self, name: str) -> list[Fallback]:
        try:
            return self.elements[name]
        except KeyError:
            raise SelectorError(f"unknown selector {name!r}") from None

    def find(self, scope: Scope, element: str, /, **variables: str) -> tuple[int, Locator] | None:
        """(index of the fallback that matched, its locator) or None."""
        for i, fb in enumerate(self.fallbacks(element)):
            loc = fb.locator(scope, variables)
            if loc.count() > 0:
                return i, loc
        return None

    def resolve(self, scope: Scope, element: str, /, **variables: str) -> Locator | None:
        found = self.find(scope, element, **variables)
        return None if found is None else found[1]

    def wait(
        self, scope: Scope, element: str, /, timeout_s: float = 10.0, **variables: str
    ) -> Locator | None:
        """Poll until one fallback matches (lazy pages), or None after ``timeout_s``."""
        deadline = time.monotonic() + timeout_s
        while True:
            loc = self.resolve(scope, element, **variables)
            if loc is not None or time.monotonic() >= deadline:
                return loc
            time.sleep(0.1)


def resolve(page: Page | Locator, element: str, /, **variables: str) -> Locator | None:
    """Resolve with the packaged registry (bots use their session's merged registry)."""
    return Selectors.load().resolve(page, element, **variables)


def check(settings: Settings) -> dict[str, Any]:
    """The read-only page check behind ``linkedin-auto selectors check`` (see selectors_check)."""
    from linkedin_auto.browser.selectors_check import check as run_check

    return run_check(settings)
