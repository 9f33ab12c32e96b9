"""422 answers in one shape: the published ``HTTPValidationError`` (``detail`` is a list of
``{loc, msg, type}``), whichever layer refused the input, so clients and the OpenAPI schema agree.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, TypeVar

from fastapi import APIRouter, FastAPI, HTTPException, status
from fastapi.openapi.utils import get_openapi
from fastapi.routing import APIRoute
from pydantic import BaseModel, ValidationError

from linkedin_auto.settings import ConfigError

Loc = Sequence[str | int]
M = TypeVar("M", bound=BaseModel)


def field_error(loc: Loc, msg: str, type_: str = "value_error") -> dict[str, Any]:
    return {"loc": list(loc), "msg": msg, "type": type_}


def unprocessable(loc: Loc, msg: str, type_: str = "value_error") -> HTTPException:
    """A 422 about one field (``loc`` as FastAPI writes it: ``["body", "confirm"]``)."""
    return HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, [field_error(loc, msg, type_)])


def unprocessable_many(errors: list[dict[str, Any]]) -> HTTPException:
    return HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, errors)


def validation_errors(exc: ValidationError, prefix: Loc = ("body",)) -> list[dict[str, Any]]:
    """A pydantic error as FastAPI reports it, minus the echoed input (it may hold a secret)."""
    return [field_error([*prefix, *e.get("loc", ())], e.get("msg", ""), e.get("type", ""))
            for e in exc.errors()]


def config_error_detail(exc: ConfigError) -> list[dict[str, Any]]:
    """A settings or run options error, one item per dotted path (``limits.messages.daily``)."""
    return [field_error(loc.split(".") if isinstance(loc, str) else loc, msg, "config")
            for loc, msg in exc.errors]


def parse_model(model: type[M], data: Any, prefix: Loc = ("body",)) -> M:
    """``data`` (a raw JSON body, or parsed values) validated as ``model``, a 422 naming each
    field otherwise: for a body a route reads itself, such as a multipart upload."""
    try:
        if isinstance(data, bytes | str):
            return model.model_validate_json(data)
        return model.model_validate(data)
    except ValidationError as exc:
        raise unprocessable_many(validation_errors(exc, prefix)) from None


def normalise_detail(detail: Any) -> list[dict[str, Any]]:
    """Any 422 detail (a string, one object, a list of partial objects) in the published shape."""
    items = detail if isinstance(detail, list) else [detail]
    out = []
    for d in items:
        if isinstance(d, dict):
            loc = d.get("loc")
            out.append(field_error(loc if isinstance(loc, list) else [],
                                   str(d.get("msg", "")), str(d.get("type") or "value_error")))
        else:
            out.append(field_error([], str(d)))
    return out


# -- documented error answers -----------------------------------------------------------------
# FastAPI documents 200 and 422 only; the other errors a route gives (401 without a key, 404 for
# an unknown id, 409 for a busy bot, ...) are documented too, so that every answer a client or a
# schema-driven fuzzer sees is in the schema. One shape for all: {"detail": ...}.

class ErrorOut(BaseModel):
    detail: str | dict[str, Any] | list[Any]


_ERRORS = {
    400: "Malformed request body (not JSON, or nested too deep).",
    401: "Not authenticated: no or an invalid session cookie or API key.",
    403: "Authenticated but refused: CSRF header missing on a cookie request, or a route"
         " for the dashboard session only.",
    404: "No such object (run, contact, schedule, key, backup, bot, session, ...).",
    409: "Conflict with the current state (a bot already running, setup already done, ...).",
    413: "Request body larger than 3 MiB.",
    429: "Too many failed login attempts: wait Retry-After seconds.",
    501: "Not available in this build.",
    503: "A service the route needs (Redis, the worker) is unavailable.",
}

def document_errors(app: FastAPI, routers: Sequence[APIRouter]) -> None:
    """Add the error answers above to every operation of ``routers`` in the app's schema."""

    def openapi() -> dict[str, Any]:
        if app.openapi_schema:
            return app.openapi_schema
        schema = get_openapi(title=app.title, version=app.version,
                             description=app.description, routes=app.routes)
        schema.setdefault("components", {}).setdefault("schemas", {})["Error"] = \
            ErrorOut.model_json_schema()
        ref = {"$ref": "#/components/schemas/Error"}
        invalid = {"$ref": "#/components/schemas/HTTPValidationError"}
        routes = [r for router in routers for r in router.routes]
        for route in routes:
            if not isinstance(route, APIRoute) or not route.include_in_schema:
                continue
            for method in route.methods or ():
                op = schema["paths"].get(route.path_format, {}).get(method.lower())
                if op is None:
                    continue
                # A route that reads its body itself (the session import) has no 422 from
                # FastAPI, but answers one in the same shape.
                op["responses"].setdefault("422", {
                    "description": "Validation Error",
                    "content": {"application/json": {"schema": invalid}},
                })
                for code, text in _ERRORS.items():
                    op["responses"].setdefault(str(code), {
                        "description": text, "content": {"application/json": {"schema": ref}},
                    })
        app.openapi_schema = schema
        return schema

    app.openapi = openapi  # type: ignore[method-assign]
