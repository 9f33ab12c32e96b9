"""``/api/docs``: the API reference, rendered in the browser from ``/api/openapi.json``.

FastAPI's default page loads Swagger UI from a CDN, which the app's Content-Security-Policy
(nothing from another origin) blocks: the page stayed blank. This one is a single file with
its script inline, so it works offline on the appliance and under the same CSP as the rest.
"""

from __future__ import annotations

from functools import cache
from importlib import resources

from fastapi import APIRouter
from fastapi.responses import HTMLResponse

router = APIRouter(include_in_schema=False)


@cache
def _page() -> str:
    return (resources.files("linkedin_auto.api") / "docs.html").read_text(encoding="utf-8")


@router.get("/api/docs", response_class=HTMLResponse)
def api_docs() -> HTMLResponse:
    return HTMLResponse(_page(), headers={"Cache-Control": "no-cache"})
