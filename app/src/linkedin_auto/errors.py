"""Domain errors: what the appliance refuses and why, without knowing about HTTP.

The domain and database code raise these; the API maps each class to its status once, in the
app factory (``api/app.py``), and answers ``{"detail": exc.detail}``. The CLI and the worker
catch them like any exception (``str(exc)`` is the plain message).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar


class DomainError(Exception):
    """Base class. ``status_code`` is the HTTP status the API answers for it."""

    status_code: ClassVar[int] = 400

    def __init__(self, message: str = "", *, detail: Any = None,
                 headers: dict[str, str] | None = None):
        super().__init__(message)
        self._detail = detail
        self.headers = headers

    @property
    def detail(self) -> Any:
        return str(self) if self._detail is None else self._detail


class NotFound(DomainError):
    """No such object (run, schedule, contact, key, session, bot, ...)."""

    status_code = 404


class Conflict(DomainError):
    """Refused in the current state (a bot already running, an update being installed, ...)."""

    status_code = 409


class Refused(DomainError):
    """The caller may not do this (a wrong setup code, the wrong kind of credentials)."""

    status_code = 403


class TooManyAttempts(DomainError):
    """Too many failed attempts: wait ``retry_after`` seconds."""

    status_code = 429

    def __init__(self, message: str, retry_after: int):
        super().__init__(message, headers={"Retry-After": str(retry_after)})
        self.retry_after = retry_after


class Unavailable(DomainError):
    """A service the action needs (Redis, the worker) is not there."""

    status_code = 503


class InvalidInput(DomainError):
    """Input refused by a rule beyond its schema; ``detail`` is FastAPI's 422 list
    (``[{loc, msg, type}]``), each naming the field at fault."""

    status_code = 422
    error_type: ClassVar[str] = "value_error"

    def __init__(self, message: str, loc: Sequence[str | int] = ("body",),
                 type_: str | None = None):
        super().__init__(message)
        self.loc = list(loc)
        self.type_ = type_ or self.error_type

    @property
    def detail(self) -> Any:
        return [{"loc": self.loc, "msg": str(self), "type": self.type_}]
