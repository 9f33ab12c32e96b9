"""Run options of the visitor and invitations bots (``POST /api/bots/{bot}/runs`` body).

Options override the configured settings for one run. Unknown keys and bad values are refused
with a ``ConfigError`` naming ``options.<key>``, before any browser starts.
"""

from __future__ import annotations

from typing import Any, TypeVar

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from linkedin_auto.settings import ConfigError


class _Options(BaseModel):
    model_config = ConfigDict(extra="forbid")


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


def parse_options(model: type[T], options: dict[str, Any] | None) -> T:
    try:
        return model.model_validate(options or {})
    except ValidationError as exc:
        raise ConfigError([
            (".".join(["options", *(str(p) for p in e["loc"])]), e["msg"]) for e in exc.errors()
        ]) from None


def validate_run_options(bot: str, options: dict[str, Any] | None) -> None:
    """For callers that enqueue runs: raise ConfigError now rather than fail the run later."""
    model = OPTIONS_MODELS.get(bot)
    if model is not None:
        parse_options(model, options)
