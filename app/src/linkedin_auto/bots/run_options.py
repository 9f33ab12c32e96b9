"""Run options of the visitor and invitations bots (``POST /api/bots/{bot}/runs`` body).

Options override the configured settings for one run. Unknown keys and bad values are refused
with a ``ConfigError`` naming ``options.<key>``, before any browser starts.
"""

from __future__ import annotations

import math
from typing import Any, TypeVar

from pydantic import BaseModel, ConfigDict, Field, ValidationError
from pydantic_core import InitErrorDetails, PydanticCustomError

from linkedin_auto.settings import ConfigError

# Python's JSON parser reads NaN, Infinity and 1e999; no option needs a number past SQLite's
# integer range or nesting this deep, and such values would break the run when it is stored.
MAX_NUMBER = 2**63 - 1
MAX_DEPTH = 16


class _Options(BaseModel):
    # Strict: a boolean is not a count, a float is not an integer.
    model_config = ConfigDict(extra="forbid", strict=True, allow_inf_nan=False)


class VisitorOptions(_Options):
    keywords: str | None = None
    title: str | None = None
    # A list or a comma-separated string: ["103644278"] or "103644278,90009659".
    geo_urns: list[str] | str | None = None
    network: list[str] | str | None = None
    max_per_run: int | None = Field(None, ge=1, le=100)
    max_pages: int | None = Field(None, ge=1, le=20)


class InvitationsOptions(_Options):
    received: bool = True  # answer received invitations
    sent: bool = True  # withdraw stale sent invitations
    max_per_run: int | None = Field(None, ge=1, le=100)
    withdraw_max_per_run: int | None = Field(None, ge=1, le=100)


OPTIONS_MODELS: dict[str, type[_Options]] = {
    "visitor": VisitorOptions,
    "invitations": InvitationsOptions,
}


T = TypeVar("T", bound=_Options)


def _number_errors(options: Any) -> list[InitErrorDetails]:
    """Non-finite or absurd numbers and too-deep nesting anywhere in ``options`` (iterative:
    a deep document must not exhaust the stack)."""
    errors: list[InitErrorDetails] = []
    stack: list[tuple[tuple[str | int, ...], Any]] = [((), options)]
    while stack:
        loc, value = stack.pop()
        if isinstance(value, bool) or value is None or isinstance(value, str):
            continue
        if isinstance(value, float) and not math.isfinite(value):
            errors.append({"type": "finite_number", "loc": loc, "input": value})
        elif isinstance(value, int | float) and abs(value) > MAX_NUMBER:
            errors.append({"type": PydanticCustomError(
                "number_too_large", "must be between -{max} and {max}", {"max": MAX_NUMBER}),
                "loc": loc, "input": value})
        elif isinstance(value, dict | list) and len(loc) >= MAX_DEPTH:
            errors.append({"type": PydanticCustomError(
                "too_deep", "nested deeper than {depth} levels", {"depth": MAX_DEPTH}),
                "loc": loc, "input": "..."})
        elif isinstance(value, dict):
            stack.extend(((*loc, str(k)), v) for k, v in reversed(value.items()))
        elif isinstance(value, list):
            stack.extend(((*loc, i), v) for i, v in reversed(list(enumerate(value))))
    return errors


def check_run_options(bot: str, options: dict[str, Any]) -> None:
    """Raise a pydantic ``ValidationError`` (locations inside ``options``) for options no run
    of ``bot`` could use. Used by the runs API (through ``validate_run_options``) and by
    schedules, whose runs would otherwise fail every time."""
    errors = _number_errors(options)
    if errors:
        raise ValidationError.from_exception_data("options", errors)
    model = OPTIONS_MODELS.get(bot)
    if model is not None:
        model.model_validate(options)


def parse_options(model: type[T], options: dict[str, Any] | None) -> T:
    try:
        return model.model_validate(options or {})
    except ValidationError as exc:
        raise ConfigError([
            (".".join(["options", *(str(p) for p in e["loc"])]), e["msg"]) for e in exc.errors()
        ]) from None


def validate_run_options(bot: str, options: dict[str, Any] | None) -> None:
    """For callers that enqueue runs: raise ConfigError now rather than fail the run later."""
    try:
        check_run_options(bot, options or {})
    except ValidationError as exc:
        raise ConfigError([
            (".".join(["options", *(str(p) for p in e["loc"])]), e["msg"]) for e in exc.errors()
        ]) from None


def option_fields(bot: str) -> list[dict[str, Any]]:
    """The options a run of ``bot`` accepts, each with its JSON types, default and bounds
    (for forms and ``GET /api/bots``); empty for a run type without options."""
    model = OPTIONS_MODELS.get(bot)
    if model is None:
        return []
    out = []
    for name, prop in model.model_json_schema()["properties"].items():
        variants = prop.get("anyOf", [prop])
        types = [str(v["type"]) for v in variants if v.get("type") not in (None, "null")]
        bounded: dict[str, Any] = next(
            (v for v in variants if "minimum" in v or "maximum" in v), {})
        out.append({"name": name, "types": types,
                    "nullable": any(v.get("type") == "null" for v in variants),
                    "default": prop.get("default"), "minimum": bounded.get("minimum"),
                    "maximum": bounded.get("maximum")})
    return out
