"""The dashboard: a Next.js static export in ``api/static`` served at ``/``.

Route ``/runs`` is ``runs.html`` or ``runs/index.html``; unknown paths fall back to the nearest
parent page (so ``/runs/42`` opens the runs page, which reads the id client-side), then to
``404.html``. ``_next/`` assets have content hashes in their names: cached for a year.

``make dashboard`` writes a gzip copy beside each text file (``app.js.gz``); a client that accepts
gzip gets that copy with ``Content-Encoding: gzip``, so the Pi compresses nothing at request time.
GET and HEAD both answer (uptime monitors and Next's prefetch send HEAD).
"""

from __future__ import annotations

import mimetypes
from pathlib import Path

from fastapi import FastAPI, HTTPException, Request
from fastapi.responses import FileResponse, HTMLResponse, Response

STATIC_DIR = Path(__file__).parent / "static"
NOT_BUILT = """<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>LinkedIn Auto</title></head>
<body style="font-family:sans-serif;max-width:40em;margin:3em auto">
<h1>LinkedIn Auto</h1><p>The dashboard has not been built. Run <code>make dashboard</code>,
or use the API: <a href="/api/docs">/api/docs</a>.</p></body></html>"""


def _inside(root: Path, candidate: Path) -> bool:
    try:
        candidate.resolve().relative_to(root.resolve())
    except ValueError:
        return False
    return candidate.is_file()


def _page(root: Path, route: str) -> Path | None:
    route = route.strip("/")
    if not route:
        p = root / "index.html"
        return p if _inside(root, p) else None
    for cand in (root / route, root / f"{route}.html", root / route / "index.html"):
        if _inside(root, cand):
            return cand
    return None


def _accepts_gzip(request: Request) -> bool:
    for part in request.headers.get("accept-encoding", "").split(","):
        name, _, params = part.strip().partition(";")
        if name.strip().lower() in ("gzip", "*"):
            return params.replace(" ", "").lower() not in ("q=0", "q=0.0", "q=0.00", "q=0.000")
    return False


def _file(
    found: Path, request: Request, headers: dict[str, str], status_code: int = 200
) -> Response:
    """The file, or its precompressed ``.gz`` copy when the client accepts gzip."""
    gz = found.with_name(found.name + ".gz")
    if gz.is_file():
        headers = {**headers, "Vary": "Accept-Encoding"}
        if _accepts_gzip(request):
            media_type = mimetypes.guess_type(found.name)[0] or "application/octet-stream"
            if media_type.startswith("text/") or media_type == "application/javascript":
                media_type += "; charset=utf-8"
            return FileResponse(gz, status_code=status_code, media_type=media_type,
                                headers={**headers, "Content-Encoding": "gzip"})
    return FileResponse(found, status_code=status_code, headers=headers)


def mount_dashboard(app: FastAPI, root: Path = STATIC_DIR) -> None:
    @app.api_route("/{path:path}", methods=["GET", "HEAD"], include_in_schema=False)
    def dashboard(path: str, request: Request) -> Response:
        if path.startswith("api/") or path == "api":
            raise HTTPException(404, "not found")
        if not (root / "index.html").is_file():
            if path.strip("/"):
                raise HTTPException(404, "not found")
            return HTMLResponse(NOT_BUILT)
        if ".." in Path(path).parts:
            raise HTTPException(404, "not found")
        found = _page(root, path)
        if found is not None:
            headers: dict[str, str] = {}
            if path.startswith("_next/static/"):
                headers["Cache-Control"] = "public, max-age=31536000, immutable"
            elif found.suffix == ".html":
                headers["Cache-Control"] = "no-cache"
            return _file(found, request, headers)
        if path.startswith("_next/") or Path(path).suffix not in ("", ".html"):
            raise HTTPException(404, "not found")
        parts = path.strip("/").split("/")
        for i in range(len(parts) - 1, 0, -1):
            parent = _page(root, "/".join(parts[:i]))
            if parent is not None and parent.suffix == ".html":
                return _file(parent, request, {"Cache-Control": "no-cache"})
        not_found = root / "404.html"
        if not_found.is_file():
            return _file(not_found, request, {}, status_code=404)
        raise HTTPException(404, "not found")
