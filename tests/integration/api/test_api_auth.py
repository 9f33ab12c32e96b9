"""Setup code, passwords, sessions, CSRF, lockout and API keys, over real HTTP."""

from __future__ import annotations

from pathlib import Path

import httpx
from api_kit import PASSWORD, ApiServer, csrf_headers


def test_setup_code_is_single_use_and_weak_passwords_say_why(
    api: ApiServer, state_dir: Path
) -> None:
    code_file = state_dir / "setup-code"
    code = code_file.read_text().strip()
    assert oct(code_file.stat().st_mode & 0o777) == "0o600"
    with api.client() as c:
        # The time zone is only told to someone signed in.
        assert c.get("/api/auth/state").json() == {"setup_required": True,
                                                   "authenticated": False, "timezone": None}
        r = c.post("/api/auth/setup", json={"code": "AAAA-BBBB-CCCC", "password": PASSWORD})
        assert r.status_code == 403 and "not valid" in r.json()["detail"]
        r = c.post("/api/auth/setup", json={"code": code, "password": "short"})
        assert r.status_code == 422 and "at least 10 characters" in r.json()["detail"][0]["msg"]
        assert r.json()["detail"][0]["loc"] == ["body", "password"]
        r = c.post("/api/auth/setup", json={"code": code, "password": "password123"})
        assert r.status_code == 422 and "too common" in r.json()["detail"][0]["msg"]
        # Lower case and without dashes is the same code: people retype it from a console.
        r = c.post("/api/auth/setup", json={"code": code.lower().replace("-", ""),
                                             "password": PASSWORD})
        assert r.status_code == 200, r.text
        assert not code_file.exists()
        state = c.get("/api/auth/state").json()
        assert state["setup_required"] is False and state["authenticated"] is True
        assert isinstance(state["timezone"], str) and state["timezone"]
    with api.client() as other:
        r = other.post("/api/auth/setup", json={"code": code, "password": "another-Pass-99"})
        assert r.status_code == 409
        assert other.post("/api/auth/login", json={"password": "another-Pass-99"}).status_code \
            == 401
    # A restart does not bring a code back once a password exists.
    api.restart()
    assert not code_file.exists()


def test_login_logout_and_protected_routes(api: ApiServer, admin: httpx.Client) -> None:
    with api.client() as c:
        for path in ("/api/config", "/api/runs", "/api/keys", "/api/system", "/api/bots",
                     "/api/linkedin/session", "/api/events", "/api/contacts", "/api/safety"):
            assert c.get(path).status_code == 401, path
        assert c.post("/api/bots/doctor/runs", json={}).status_code == 401
        assert c.get("/api/health").status_code == 200
        # Bodies are bounded before anything reads them.
        r = c.put("/api/config", content=b"{" + b" " * (4 * 1024 * 1024) + b"}",
                  headers={"Content-Type": "application/json"})
        assert r.status_code == 413
        assert c.post("/api/auth/login", json={"password": "wrong-password-1"}).status_code == 401
        r = c.post("/api/auth/login", json={"password": PASSWORD})
        assert r.status_code == 200
        set_cookie = r.headers.get_list("set-cookie")
        session_cookie = next(h for h in set_cookie if h.startswith("la_session="))
        assert "HttpOnly" in session_cookie and "SameSite=strict" in session_cookie
        assert "Secure" not in session_cookie  # server.secure_cookies is off by default
        csrf_cookie = next(h for h in set_cookie if h.startswith("la_csrf="))
        assert "HttpOnly" not in csrf_cookie
        assert c.get("/api/config").status_code == 200
        token = c.cookies["la_session"]
        assert c.post("/api/auth/logout", headers=csrf_headers(c)).status_code == 200
        # The old token is dead on the server, not just deleted from this browser.
        c.cookies.set("la_session", token)
        assert c.get("/api/config").status_code == 401


def test_lockout_after_failures_persists_across_restart(api: ApiServer, admin: httpx.Client) -> None:
    with api.client() as c:
        for _ in range(5):
            assert c.post("/api/auth/login", json={"password": "not-the-password"}).status_code \
                == 401
        r = c.post("/api/auth/login", json={"password": PASSWORD})
        assert r.status_code == 429
        retry = int(r.headers["Retry-After"])
        assert 800 < retry <= 900
    api.restart()
    with api.client() as c:
        r = c.post("/api/auth/login", json={"password": PASSWORD})
        assert r.status_code == 429 and int(r.headers["Retry-After"]) > 0


def test_csrf_refused_without_or_with_wrong_header(admin: httpx.Client) -> None:
    good = csrf_headers(admin)
    admin.headers.pop("X-CSRF-Token")
    body = {"name": "ci"}
    r = admin.post("/api/keys", json=body)
    assert r.status_code == 403 and "CSRF" in r.json()["detail"]
    r = admin.post("/api/keys", json=body, headers={"X-CSRF-Token": "0" * 64})
    assert r.status_code == 403
    # The cookie value from another session is not accepted either (HMAC-bound to the session).
    r = admin.post("/api/keys", json=body, headers={"X-CSRF-Token": good["X-CSRF-Token"][::-1]})
    assert r.status_code == 403
    assert admin.get("/api/keys").json() == []  # nothing was created
    r = admin.post("/api/keys", json=body, headers=good)
    assert r.status_code == 201


def test_api_keys_authenticate_without_csrf_and_can_be_revoked(
    api: ApiServer, admin: httpx.Client
) -> None:
    r = admin.post("/api/keys", json={"name": "backup script"})
    assert r.status_code == 201
    created = r.json()
    key = created["key"]
    assert key.startswith("la_") and key.startswith(created["prefix"])
    listed = admin.get("/api/keys").json()
    assert [k["name"] for k in listed] == ["backup script"]
    assert "key" not in listed[0] and key not in admin.get("/api/keys").text
    assert listed[0]["last_used_at"] is None
    with api.client() as script:
        h = {"Authorization": f"Bearer {key}"}
        assert script.get("/api/runs", headers=h).status_code == 200
        # No cookie, no CSRF header: a bearer key is not ambient authority, CSRF cannot use it.
        assert script.post("/api/bots/doctor/runs", json={"dry_run": True},
                           headers=h).status_code == 202
        assert script.get("/api/runs", headers={"Authorization": "Bearer la_nope"}
                          ).status_code == 401
        assert admin.get("/api/keys").json()[0]["last_used_at"] is not None
        assert admin.delete(f"/api/keys/{created['id']}").status_code == 204
        assert script.get("/api/runs", headers=h).status_code == 401
        assert admin.delete(f"/api/keys/{created['id']}").status_code == 404


def test_password_change_revokes_other_sessions(api: ApiServer, admin: httpx.Client) -> None:
    with api.client() as other:
        assert other.post("/api/auth/login", json={"password": PASSWORD}).status_code == 200
        assert other.get("/api/config").status_code == 200
        r = admin.post("/api/auth/password", json={"current": "wrong-one-123", "new": "x" * 12})
        assert r.status_code == 403
        r = admin.post("/api/auth/password", json={"current": PASSWORD, "new": "short"})
        assert r.status_code == 422 and "at least" in r.json()["detail"][0]["msg"]
        assert r.json()["detail"][0]["loc"] == ["body", "new"]
        r = admin.post("/api/auth/password", json={"current": PASSWORD, "new": "Quartz-Lantern-88"})
        assert r.status_code == 200
        assert other.get("/api/config").status_code == 401
        admin.headers.update(csrf_headers(admin))
        assert admin.get("/api/config").status_code == 200  # the caller got a fresh session
        assert other.post("/api/auth/login", json={"password": "Quartz-Lantern-88"}
                          ).status_code == 200
