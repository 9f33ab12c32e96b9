"""The dashboard's static export served at / by a real uvicorn, with security headers."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest
import uvicorn
from api_kit import free_port
from linkedin_auto.api.app import create_app
from linkedin_auto.settings import load_settings


@pytest.fixture
def serve_static(app_env: dict[str, str]) -> Iterator[Callable[[Path], str]]:
    servers: list[tuple[uvicorn.Server, threading.Thread]] = []

    def start(static_dir: Path) -> str:
        app = create_app(load_settings(), static_dir=static_dir)
        port = free_port()
        server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port,
                                               log_config=None, access_log=False))
        t = threading.Thread(target=server.run, daemon=True)
        t.start()
        servers.append((server, t))
        deadline = time.monotonic() + 20
        while not server.started:
            assert time.monotonic() < deadline, "uvicorn did not start"
            time.sleep(0.02)
        return f"http://127.0.0.1:{port}"

    yield start
    for server, t in servers:
        server.should_exit = True
        t.join(10)


def _export(root: Path) -> Path:
    (root / "_next/static/chunks").mkdir(parents=True)
    (root / "index.html").write_text("<html>overview</html>")
    (root / "runs.html").write_text("<html>runs</html>")
    (root / "settings").mkdir()
    (root / "settings/index.html").write_text("<html>settings</html>")
    (root / "404.html").write_text("<html>not found</html>")
    (root / "_next/static/chunks/app-1a2b.js").write_text("console.log(1)")
    (root / "favicon.ico").write_bytes(b"ico")
    return root


def test_export_pages_fallbacks_and_headers(
    serve_static: Callable[[Path], str], tmp_path: Path
) -> None:
    url = serve_static(_export(tmp_path / "static"))
    with httpx.Client(base_url=url) as c:
        r = c.get("/")
        assert r.text == "<html>overview</html>"
        assert r.headers["x-frame-options"] == "DENY"
        assert r.headers["x-content-type-options"] == "nosniff"
        assert r.headers["referrer-policy"] == "same-origin"
        csp = r.headers["content-security-policy"]
        assert "script-src 'self' 'unsafe-inline'" in csp and "frame-ancestors 'none'" in csp
        assert r.headers["x-request-id"]
        assert c.get("/runs").text == "<html>runs</html>"
        assert c.get("/settings").text == "<html>settings</html>"
        assert c.get("/settings/").text == "<html>settings</html>"
        assert c.get("/runs/42").text == "<html>runs</html>"  # nearest parent page
        r = c.get("/_next/static/chunks/app-1a2b.js")
        assert r.status_code == 200 and "immutable" in r.headers["cache-control"]
        assert c.get("/favicon.ico").content == b"ico"
        r = c.get("/nowhere")
        assert r.status_code == 404 and r.text == "<html>not found</html>"
        assert c.get("/_next/static/chunks/missing.js").status_code == 404
        assert c.get("/api/unknown").status_code == 404
        assert c.get("/api/unknown").headers["content-type"] == "application/json"
        assert c.get("/..%2F..%2Fetc/passwd").status_code == 404
        assert c.get("/api/docs").status_code == 200
        assert c.get("/api/openapi.json").json()["info"]["title"] == "LinkedIn Auto"


def test_unbuilt_dashboard_says_so(serve_static: Callable[[Path], str], tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    url = serve_static(empty)
    r = httpx.get(url + "/")
    assert r.status_code == 200 and "dashboard has not been built" in r.text
    assert httpx.get(url + "/api/health").status_code == 200


def test_precompressed_copies_served_to_gzip_clients_and_head_answers(
    serve_static: Callable[[Path], str], tmp_path: Path
) -> None:
    import gzip

    root = _export(tmp_path / "static")
    js = root / "_next/static/chunks/app-1a2b.js"
    body = b"console.log('hello');" * 200
    js.write_bytes(body)
    (root / "_next/static/chunks/app-1a2b.js.gz").write_bytes(gzip.compress(body, 9))
    url = serve_static(root)
    path = "/_next/static/chunks/app-1a2b.js"
    with httpx.Client(base_url=url) as c:
        r = c.get(path, headers={"Accept-Encoding": "gzip"})
        assert r.status_code == 200
        assert r.headers["content-encoding"] == "gzip"
        assert r.headers["vary"] == "Accept-Encoding"
        assert "javascript" in r.headers["content-type"]
        assert r.content == body  # httpx decodes it
        assert r.num_bytes_downloaded < len(body) / 5
        plain = c.get(path, headers={"Accept-Encoding": "identity"})
        assert "content-encoding" not in plain.headers
        assert plain.content == body
        refused = c.get(path, headers={"Accept-Encoding": "gzip;q=0"})
        assert "content-encoding" not in refused.headers
        for route in ("/", "/runs", "/settings", path, "/favicon.ico"):
            head = c.head(route)
            assert head.status_code == 200, route
            assert head.content == b""
        assert c.head("/nowhere.js").status_code == 404
