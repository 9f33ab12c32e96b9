"""422 answers in one shape: the published ``HTTPValidationError`` (``detail`` is a list of
``{loc, msg, type}``), whichever layer refused the input, so clients and the OpenAPI schema agree.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from fastapi import HTTPException, status
from pydantic import ValidationError

Loc = Sequence[str | int]


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
