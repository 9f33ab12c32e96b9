"""The dashboard: a Next.js static export in ``api/static`` served at ``/``.

Route ``/runs`` is ``runs.html`` or ``runs/index.html``; unknown paths fall back to the nearest
parent page (so ``/runs/42`` opens the runs page, which reads the id client-side), then to
``404.html``. ``_next/`` assets have content hashes in their names: cached for a year.
"""

from __future__ import annotations

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


def mount_dashboard(app: FastAPI, root: Path = STATIC_DIR) -> None:
    @app.get("/{path:path}", include_in_schema=False)
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
            headers = {}
            if path.startswith("_next/static/"):
                headers["Cache-Control"] = "public, max-age=31536000, immutable"
            elif found.suffix == ".html":
                headers["Cache-Control"] = "no-cache"
            return FileResponse(found, headers=headers)
        if path.startswith("_next/") or Path(path).suffix not in ("", ".html"):
            raise HTTPException(404, "not found")
        parts = path.strip("/").split("/")
        for i in range(len(parts) - 1, 0, -1):
            parent = _page(root, "/".join(parts[:i]))
            if parent is not None and parent.suffix == ".html":
                return FileResponse(parent, headers={"Cache-Control": "no-cache"})
        not_found = root / "404.html"
        if not_found.is_file():
            return FileResponse(not_found, status_code=404)
        raise HTTPException(404, "not found")
